"""The one layout every reader that finds footnotes apart from the body uses: the body, a blank line, then
one line per note, "N note text", each recorded as a `NoteRegion` so the extractor knows where notes are; and
the hyperlinks such files carry, placed as `LinkRegion`s on the text they are anchored on."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import replace

from kgraph.model import LinkRegion, NoteRegion, SourceText, Span


def with_notes(body: str, notes: Sequence[tuple[str, str]], *, path: str, fmt: str, data: bytes) -> SourceText:
    """`body` (ending in a newline) followed by its numbered notes.

    >>> source = with_notes("Vraag 1\\nA?\\n", [("1", "NOS, 2024")], path="x.pdf", fmt="pdf", data=b"")
    >>> source.text
    'Vraag 1\\nA?\\n\\n1 NOS, 2024\\n'
    >>> [source.text[r.span.start:r.span.end] for r in source.notes]
    ['NOS, 2024']
    """
    parts = [body]
    offset = len(body)
    regions: list[NoteRegion] = []
    if notes:
        parts.append("\n")
        offset += 1
    for number, note in notes:
        start = offset + len(number) + 1
        regions.append(NoteRegion(number=number, span=Span(start, start + len(note))))
        line = f"{number} {note}\n"
        parts.append(line)
        offset += len(line)
    return SourceText(path=path, text="".join(parts), format=fmt, sha256=hashlib.sha256(data).hexdigest(), notes=tuple(regions))


def place_links(source: SourceText, anchors: Sequence[tuple[str, str, str | None]]) -> SourceText:
    """`source` with a `LinkRegion` for each (target, anchor text, note number or None for the body), in reading
    order: the span of the anchor text inside that note, or of the whole note when the text cannot be found there
    (a link on an image, text the reader spaced differently); in the body, the next place the anchor text occurs,
    and no region when it occurs nowhere. Whitespace is ignored when the anchor text is looked for, since
    readers join the lines a link runs over in their own way.

    >>> source = with_notes("Zie het bericht.\\n", [("1", "NOS, 2024")], path="x.docx", fmt="docx", data=b"")
    >>> placed = place_links(source, [("https://nos.nl/1", "bericht", None), ("https://nos.nl/2", "N O S", "1")])
    >>> [(link.target, placed.text[link.span.start:link.span.end]) for link in placed.links]
    [('https://nos.nl/1', 'bericht'), ('https://nos.nl/2', 'NOS')]
    """
    regions = {region.number: region.span for region in source.notes}
    body_end = min((span.start for span in regions.values()), default=len(source.text))
    links: list[LinkRegion] = list(source.links)
    cursor = 0
    for target, anchor, note in anchors:
        if not target:
            continue
        if note is not None:
            region = regions.get(note)
            if region is None:
                continue
            found = _find(source.text, anchor, region.start, region.end)
            links.append(LinkRegion(target, found or region))
            continue
        found = _find(source.text, anchor, cursor, body_end) or _find(source.text, anchor, 0, body_end)
        if found is not None:
            links.append(LinkRegion(target, found))
            cursor = found.end
    return replace(source, links=tuple(links))


def _find(text: str, anchor: str, start: int, end: int) -> Span | None:
    chars = [re.escape(ch) for ch in anchor if not ch.isspace() and ch != "\u00ad"]  # readers drop soft hyphens
    if not chars:
        return None
    match = re.compile(r"\s*".join(chars)).search(text, start, end)
    return Span(match.start(), match.end()) if match else None
