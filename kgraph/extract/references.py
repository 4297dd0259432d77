"""Identifiers a document cites: Kamerstukken, Aanhangsel publications, zaak numbers, statutes.

Identifiers follow officielebekendmakingen's naming (https://zoek.officielebekendmakingen.nl): kst-<dossier>
[-<sub or roman>]-<nr>, ah-tk-<vergaderjaar as 8 digits>-<nr>.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kgraph.extract import patterns as p
from kgraph.extract.statutes import find_statutes
from kgraph.model import Reference, ReferenceScheme, Role, Span


def kamerstuk_id(dossier: str, sub: str | None, nr: str) -> str:
    """The officielebekendmakingen id of a Kamerstuk.

    >>> kamerstuk_id("36 410", "V", "27")
    'kst-36410-V-27'
    """
    digits = re.sub(r"\D", "", dossier)
    return f"kst-{digits}-{sub}-{int(nr)}" if sub else f"kst-{digits}-{int(nr)}"


def aanhangsel_id(first_year: str, second_year: str, nr: str) -> str:
    """'vergaderjaar 2023–2024, nr. 1137' -> 'ah-tk-20232024-1137'; '2023/24' works too.

    >>> aanhangsel_id("2023", "24", "1137")
    'ah-tk-20232024-1137'
    """
    second = second_year if len(second_year) == 4 else first_year[:2] + second_year
    return f"ah-tk-{first_year}{second}-{int(nr)}"


_SEE_ALSO = re.compile(r"Zie\s+ook\s*[:,]?\s*$", re.IGNORECASE)
_VRAAGNUMMER = re.compile(r"vraagnummers?\s*:?\s*$", re.IGNORECASE)
# "De vragen … zijn beantwoord bij brief van 29 november 2024 (Kamerstuk 31 066, nr. 1450)".
_ANSWERED_BY_LETTER = re.compile(r"beantwoord\s+(?:bij|in|met|via)\s+(?:de\s+)?brief\b[^.]{0,160}$", re.IGNORECASE)


def _role(text: str, reference: Reference, toelichting: int | None) -> Role:
    before = text[max(0, reference.span.start - 40):reference.span.start]
    if reference.scheme is ReferenceScheme.AANHANGSEL and _SEE_ALSO.search(before):
        return Role.SEE_ALSO
    if reference.scheme is ReferenceScheme.KAMERSTUK and _ANSWERED_BY_LETTER.search(
        text[max(0, reference.span.start - 200):reference.span.start]
    ):
        return Role.ANSWERED_IN
    if reference.scheme is ReferenceScheme.ZAAK and (
        _VRAAGNUMMER.search(before) or (toelichting is not None and reference.span.start > toelichting)
    ):
        return Role.FOLLOWS_UP
    return Role.CITES


def find_references(text: str, toelichting: int | None = None) -> tuple[Reference, ...]:
    """Every reference occurrence, in text order, with its role; `toelichting` is where a "Toelichting"
    (explanation of earlier questions) starts, if the document has one."""
    return tuple(replace(r, role=_role(text, r, toelichting)) for r in _references(text))


def _references(text: str) -> list[Reference]:
    found: list[Reference] = []
    for m in p.KAMERSTUK.finditer(text):
        sub = m["sub"] or m["roman"]
        for number in (m["nr"], *p.MORE_NUMBERS.findall(m["more"] or "")):
            found.append(Reference(ReferenceScheme.KAMERSTUK, kamerstuk_id(m["dossier"], sub, number), m.group(0), Span(*m.span())))
    for m in p.KAMERSTUK_BARE.finditer(text):
        if any(r.span.start <= m.start() < r.span.end for r in found):
            continue  # already read with its "Kamerstuk" keyword
        if m["dossier"]:
            identifier = kamerstuk_id(m["dossier"], m["sub"] or m["roman"], m["nr"])
        else:
            identifier = kamerstuk_id(m["dossier2"], None, m["nr2"])
        found.append(Reference(ReferenceScheme.KAMERSTUK, identifier, m.group(0), Span(*m.span())))
    for m in p.KAMERSTUK_EK.finditer(text):
        found.append(Reference(ReferenceScheme.KAMERSTUK, f"kst-{re.sub(r'[^0-9]', '', m['dossier'])}-{m['letter']}", m.group(0), Span(*m.span())))
    for m in p.AANHANGSEL.finditer(text):
        found.append(Reference(ReferenceScheme.AANHANGSEL, aanhangsel_id(m["y1"], m["y2"], m["nr"]), m.group(0), Span(*m.span())))
    for m in p.ZAAK.finditer(text):
        found.append(Reference(ReferenceScheme.ZAAK, m["id"], m.group(0), Span(*m.span("id"))))
    for s in find_statutes(text):
        found.append(Reference(ReferenceScheme.STATUTE, s.identifier, s.label, Span(s.start, s.end), article=s.article))
    found.sort(key=lambda r: (r.span.start, r.scheme.value))
    return found
