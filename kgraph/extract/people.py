"""Askers: the members named in 'Vragen van het lid / de leden …', with their parties.

"(allen CDA)" and "(beiden X)" give every name before them the same party; "Dobbe (SP), Piri (GroenLinks-PvdA)"
gives each name its own.
"""

from __future__ import annotations

import re

from kgraph.extract import patterns as p
from kgraph.extract.clean import flat
from kgraph.model import Asker, Span

# PDF extraction glues words: "DaniëlleJansen", "Inge vanDijk". A lower-case letter followed by a capital
# inside a name is a lost space (Dutch surnames do not capitalise mid-word).
_GLUED = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])")
_NAME_EDGES = re.compile(r"^[\s,;:]+|[\s,;:.]+$|^en\s+|\s+en$")


def repair_name(name: str) -> str:
    """A printed name with extraction damage undone.

    >>> repair_name("DaniëlleJansen")
    'Daniëlle Jansen'
    >>> repair_name("Inge vanDijk")
    'Inge van Dijk'
    >>> repair_name("Faber-van de Klashorst")
    'Faber-van de Klashorst'
    """
    return " ".join(_GLUED.sub(" ", name).split())


def find_askers(text: str, limit: int | None = None) -> tuple[tuple[Asker, ...], bool, tuple[int, int] | None]:
    """Askers of the first 'Vragen van …' in text[:limit]; whether it said 'Mondelinge vragen'; and the
    (start, end) of the asker list, so the caller can read addressees after it."""
    flat_text = flat(text[:limit] if limit is not None else text)
    intro = p.ASKERS_INTRO.search(flat_text)
    if not intro:
        return (), False, None
    end_match = p.ASKERS_END.search(flat_text, intro.end())
    end = end_match.start() if end_match else min(len(flat_text), intro.end() + 300)
    askers = _parse_names(flat_text, intro.end(), end)
    return askers, bool(intro.group("oral")), (intro.start(), end)


def _parse_names(flat_text: str, start: int, end: int) -> tuple[Asker, ...]:
    askers: list[Asker] = []
    cursor = start
    groups = list(p.PARTY_GROUP.finditer(flat_text, start, end))
    for group in groups:
        askers.extend(_names_in(flat_text, cursor, group.start(), group["party"].strip()))
        cursor = group.end()
    askers.extend(_names_in(flat_text, cursor, end, None))
    return tuple(askers)


def _names_in(flat_text: str, start: int, end: int, party: str | None) -> list[Asker]:
    names: list[Asker] = []
    chunk_start = start
    for separator in [*p.NAME_SEPARATOR.finditer(flat_text, start, end), None]:
        chunk_end = separator.start() if separator else end
        raw = flat_text[chunk_start:chunk_end]
        name = repair_name(_NAME_EDGES.sub("", raw))
        if name and re.search(r"[A-ZÀ-Þ]", name):
            offset = chunk_start + (len(raw) - len(raw.lstrip()))
            names.append(Asker(name=name, party=party or None, span=Span(offset, offset + len(raw.strip()))))
        if separator:
            chunk_start = separator.end()
    return names
