"""The report's pictures as inline SVG, drawn in Python: the co-asker network and answer times per ministry.

Inline SVG needs no file beside the page and no plotting library; the markup is written in a fixed order with
rounded coordinates, so the same facts give the same bytes. Every mark has a <title>, which browsers show on hover,
but nothing needs hovering: bars carry their numbers, rows their names, and each picture has its table beside it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from html import escape

import networkx as nx

from kgraph.report.facts import ANSWER_TERM_DAYS, MinistryTimes, Month
from kgraph.report.layout import spring_layout
from kgraph.views import OTHER_COLOUR, party_colours

__all__ = ["answer_times_svg", "label_box", "months_svg", "network_svg", "party_colours"]

# Seed of the network layout: the same store gives the same picture.
LAYOUT_SEED = 7
# More members than this make an unreadable picture (and a slow layout): the most connected are drawn.
MAX_NODES = 120
# Members labelled by name, the most connected first.
MAX_LABELS = 40
_FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\""


def network_svg(graph: nx.Graph, width: int = 860) -> tuple[str, int, int]:
    """The co-asker network: members who signed together (edge width: documents together; circle size: documents
    signed; colour: party). Members who never co-signed are left out. Names are placed beside their circle where
    they overlap no other name and no circle, the most connected first. Returns the SVG, how many members it
    draws and how many it names.
    """
    connected = [node for node in graph.nodes if graph.degree(node) > 0]
    strength = {node: graph.degree(node, weight="weight") for node in connected}
    drawn = sorted(connected, key=lambda node: (-strength[node], str(node)))[:MAX_NODES]
    sub = graph.subgraph(drawn)
    if not drawn:
        return _empty(width, "No two members signed a document together."), 0, 0
    # A few members need less room than many; a triangle stretched over the whole page only looks sparse.
    height = min(max(200 + 12 * len(drawn), 300), 600)
    legend_height = 28
    margin = 40
    positions = spring_layout(sub, seed=LAYOUT_SEED)

    def point(node: Hashable) -> tuple[float, float]:
        x, y = positions[node]
        return margin + x * (width - 2 * margin), legend_height + margin + y * (height - legend_height - 2 * margin)

    colours = party_colours([sub.nodes[node].get("party") for node in sorted(sub.nodes, key=str)])
    parts = [_open(width, height, "Co-asker network")]
    parts.append('<g class="edges" stroke="#7a7a7a" stroke-opacity="0.55" stroke-linecap="round">')
    for u, v, data in sorted(sub.edges(data=True), key=lambda e: tuple(sorted((str(e[0]), str(e[1]))))):
        weight = int(data.get("weight", 1))
        (x1, y1), (x2, y2) = point(u), point(v)
        title = f"{_name(sub, u)} and {_name(sub, v)}: {weight} document{'s' if weight != 1 else ''} together"
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{min(1 + 1.5 * (weight - 1), 8):.1f}">'
            f"<title>{escape(title)}</title></line>"
        )
    parts.append("</g>")
    parts.append('<g class="members" stroke="#ffffff" stroke-width="1.5">')
    for node in sorted(sub.nodes, key=str):
        x, y = point(node)
        data = sub.nodes[node]
        documents = int(data.get("questions", 1))
        party = data.get("party")
        title = f"{_name(sub, node)}{f' ({party})' if party else ''}: {documents} document{'s' if documents != 1 else ''}"
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{4 + 2 * math.sqrt(documents):.1f}" '
            f'fill="{colours.get(party or "", OTHER_COLOUR)}"><title>{escape(title)}</title></circle>'
        )
    parts.append("</g>")
    circles = [(*point(node), 4 + 2 * math.sqrt(int(sub.nodes[node].get("questions", 1)))) for node in sub.nodes]
    placed = _place_labels([(node, *point(node), _name(sub, node)) for node in drawn[:MAX_LABELS]], circles,
                           width, height, top=legend_height)
    parts.append(f'<g class="labels" font-size="{_LABEL_SIZE}" fill="#222" {_FONT}>')
    for x, y, anchor, text in sorted(placed, key=lambda label: (label[3], label[0], label[1])):
        parts.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>')
    parts.append("</g>")
    grey = any(colours.get(sub.nodes[node].get("party") or "", OTHER_COLOUR) == OTHER_COLOUR for node in sub.nodes)
    parts.append(_legend(colours, width, other=grey))
    parts.append("</svg>")
    return "\n".join(parts), len(drawn), len(placed)


# Label size, and the width of one character at that size (system-ui averages about 0.6 em; 0.62 errs wide).
_LABEL_SIZE = 11
_CHAR_WIDTH = 0.62 * _LABEL_SIZE

Box = tuple[float, float, float, float]  # left, top, right, bottom


def label_box(x: float, y: float, anchor: str, text: str) -> Box:
    """The box a label drawn at (x, y) (its baseline) with `anchor` covers, a little generously."""
    length = _CHAR_WIDTH * len(text)
    left = x - length if anchor == "end" else x - length / 2 if anchor == "middle" else x
    return (left - 1, y - _LABEL_SIZE, left + length + 1, y + 3)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_labels(
    labels: list[tuple[Hashable, float, float, str]], circles: list[tuple[float, float, float]], width: float,
    height: float, *, top: float,
) -> list[tuple[float, float, str, str]]:
    """Greedy label placement: each label, in the given order (most connected first), takes the first of right,
    left, above and below its circle where it stays inside the picture and overlaps no placed label and no other
    circle; a label with no such place is left out. Returns (x, y, anchor, text) for the placed ones."""
    placed: list[tuple[float, float, str, str]] = []
    boxes: list[Box] = []
    for _, x, y, text in labels:
        own = min(circles, key=lambda c: (c[0] - x) ** 2 + (c[1] - y) ** 2)
        r = own[2]
        for lx, ly, anchor in ((x + r + 4, y + 4, "start"), (x - r - 4, y + 4, "end"),
                               (x, y - r - 4, "middle"), (x, y + r + _LABEL_SIZE + 2, "middle")):
            box = label_box(lx, ly, anchor, text)
            if box[0] < 0 or box[2] > width or box[1] < top or box[3] > height:
                continue
            if any(_overlaps(box, other) for other in boxes):
                continue
            if any(c is not own and _overlaps(box, (c[0] - c[2], c[1] - c[2], c[0] + c[2], c[1] + c[2])) for c in circles):
                continue
            placed.append((lx, ly, anchor, text))
            boxes.append(box)
            break
    return placed


def months_svg(months: Sequence[Month], width: int = 480) -> str:
    """Question sets per month as horizontal bars, each labelled with its month and count (readable without
    hovering, and no two labels can meet); more than three years of months are drawn per year instead."""
    if not months:
        return _empty(width, "No question set in the store prints its submission date.")
    rows: list[tuple[str, int]]
    unit = "month"
    if len(months) > 36:
        unit = "year"
        per_year: Counter[str] = Counter()
        for month in months:
            per_year[month.month[:4]] += month.question_sets
        rows = sorted(per_year.items())
    else:
        rows = [(month.month, month.question_sets) for month in months]
    row, top, left, right = 20, 8, 70, 48
    height = top + row * len(rows) + 8
    most = max(count for _, count in rows) or 1
    parts = [_open(width, height, f"Question sets per {unit}")]
    parts.append(f'<g font-size="12" fill="#222" {_FONT}>')
    for i, (label, count) in enumerate(rows):
        y = top + row * i
        length = (width - left - right) * count / most
        parts.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" fill="#0072B2">'
                     f"<title>{escape(label)}: {count} question set{'s' if count != 1 else ''}</title></rect>")
        parts.append(f'<text x="{left + length + 6:.1f}" y="{y + 14}">{count}</text>')
    parts.append("</g></svg>")
    return "\n".join(parts)


def answer_times_svg(times: Sequence[MinistryTimes], width: int = 860) -> str:
    """Days from submission to answer, one row per ministry: a dot per answer, a bar at the median, and a dashed
    line at the three-week term."""
    if not times:
        return _empty(width, "No answer document has both a submission and a receipt date.")
    row = 28
    top, bottom = 34, 40
    left, right = 330, 24
    height = top + row * len(times) + bottom
    longest = max(max(t.days) for t in times)
    step = 7 if longest <= 60 else 30 if longest <= 240 else 90
    end = max(step * math.ceil(max(longest, ANSWER_TERM_DAYS + 1) / step), step)

    def x_of(days: float) -> float:
        return left + days / end * (width - left - right)

    parts = [_open(width, height, "Answer times per ministry")]
    parts.append(f'<g class="axis" font-size="11" fill="#444" {_FONT}>')
    for tick in range(0, end + 1, step):
        x = x_of(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - bottom + 4}" stroke="#e3e3e3"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - bottom + 18}" text-anchor="middle">{tick}</text>')
    parts.append(f'<text x="{x_of(end / 2):.1f}" y="{height - 6}" text-anchor="middle">days from submission to answer</text>')
    term = x_of(ANSWER_TERM_DAYS)
    parts.append(
        f'<line x1="{term:.1f}" y1="{top - 10}" x2="{term:.1f}" y2="{height - bottom + 4}" stroke="#D55E00" '
        f'stroke-width="1.5" stroke-dasharray="5 4"><title>three-week term ({ANSWER_TERM_DAYS} days)</title></line>'
    )
    parts.append(f'<text x="{term + 4:.1f}" y="{top - 14}" fill="#D55E00">three-week term</text>')
    parts.append("</g>")
    for i, ministry in enumerate(times):
        y = top + row * i + row / 2
        label = f"{ministry.ministry} ({len(ministry.days)})"
        parts.append(f'<g class="ministry" {_FONT}>')
        parts.append(f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#222">{escape(label)}</text>')
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#f0f0f0"/>')
        seen: Counter[int] = Counter()
        for days in ministry.days:
            # Answers on the same day are stacked a little above and below the row line, so none hides another.
            offset = (seen[days] + 1) // 2 * (4 if seen[days] % 2 else -4)
            seen[days] += 1
            late = days > ANSWER_TERM_DAYS
            parts.append(
                f'<circle cx="{x_of(days):.1f}" cy="{y + offset:.1f}" r="4.5" fill="{"#D55E00" if late else "#0072B2"}" '
                f'fill-opacity="0.75"><title>{escape(ministry.ministry)}: {days} days</title></circle>'
            )
        median = x_of(ministry.median)
        parts.append(
            f'<line x1="{median:.1f}" y1="{y - 9:.1f}" x2="{median:.1f}" y2="{y + 9:.1f}" stroke="#111" stroke-width="2.5">'
            f"<title>median {ministry.median:g} days</title></line>"
        )
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


def _name(graph: nx.Graph, node: Hashable) -> str:
    return str(graph.nodes[node].get("name", node))


def _open(width: int, height: int, title: str) -> str:
    # No xmlns: SVG inside HTML gets its namespace from the HTML parser (and the page keeps no outside address).
    return (f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{escape(title)}"><title>{escape(title)}</title>')


def _empty(width: int, message: str) -> str:
    return f'{_open(width, 40, message)}<text x="0" y="24" font-size="13" fill="#666" {_FONT}>{escape(message)}</text></svg>'


def _legend(colours: dict[str, str], width: int, *, other: bool) -> str:
    """Party colours in a row above the picture; "other" stands for parties past the palette and for none."""
    entries = [(party, colour) for party, colour in colours.items() if colour != OTHER_COLOUR]
    if other:
        entries.append(("other", OTHER_COLOUR))
    parts = [f'<g class="legend" font-size="11" fill="#222" {_FONT}>']
    x = 0.0
    for party, colour in entries:
        text_width = 6.4 * len(party) + 26
        if x + text_width > width:
            break
        parts.append(f'<circle cx="{x + 6:.1f}" cy="12" r="6" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16:.1f}" y="16">{escape(party)}</text>')
        x += text_width
    parts.append("</g>")
    return "\n".join(parts)
