"""Identifiers a document cites: Kamerstukken, Aanhangsel publications, zaak numbers, statutes.

The printed forms are in `patterns`; the identifiers they become, and their grammars, in `kgraph.identifiers`
(officielebekendmakingen's kst-<dossier>[-<part>]-<nr or letter>, ah-tk-<vergaderjaar>-<nr>). A printed form
that gives no valid identifier (a vergaderjaar misprinted beyond repair) is reported, never minted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from kgraph import identifiers as ids
from kgraph.extract import patterns as p
from kgraph.extract.statutes import find_statutes
from kgraph.model import LinkRegion, Reference, ReferenceScheme, Role, Span

# A document can cite its own Aanhangsel publication ("Zie ook …"), which appears after the answer is received; a
# publication is taken to appear within this many days of the latest date the document prints. A longer delay
# only makes fewer misprinted vergaderjaren repairable (`kgraph.identifiers.vergaderjaar`), never a wrong repair
# more likely.
PUBLICATION_DELAY_DAYS = 92


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


def find_references(
    text: str,
    toelichting: int | None = None,
    links: Sequence[LinkRegion] = (),
    *,
    latest_date: dt.date | None = None,
    warnings: list[str] | None = None,
) -> tuple[Reference, ...]:
    """Every reference occurrence, in text order, with its role; `toelichting` is where a "Toelichting"
    (explanation of earlier questions) starts, if the document has one. `links` are the stretches of text the
    source links to a publication by its id (`SourceText.links`); see `linked_references`.

    `latest_date` is the latest date the document prints (received, else submitted): no cited publication is
    later, which can leave a misprinted vergaderjaar one reading. What could not be read, or was read only by
    such a repair, is appended to `warnings`.

    >>> from kgraph.model import LinkRegion
    >>> text = "Voor het overige verwijs ik naar mijn brief (Kamerstuk 31 066, nr.191)."
    >>> [r.identifier for r in find_references(text)]
    ['kst-31066-191']
    >>> [r.identifier for r in find_references(text, links=[LinkRegion("kst-25087-191", Span(45, 69))])]
    ['kst-25087-191']
    >>> notes: list[str] = []
    >>> find_references("Aanhangsel Handelingen, vergaderjaar 2015–2015, nr. 12", warnings=notes), len(notes)
    ((), 1)
    """
    latest = ids.vergaderjaar_of(latest_date + dt.timedelta(days=PUBLICATION_DELAY_DAYS)) if latest_date else None
    notes = warnings if warnings is not None else []
    found = linked_references(text, _references(text, latest, notes), links)
    return tuple(replace(r, role=_role(text, r, toelichting)) for r in found)


_LINKED = ((p.LINKED_KAMERSTUK, ReferenceScheme.KAMERSTUK), (p.LINKED_AANHANGSEL, ReferenceScheme.AANHANGSEL))


def linked_references(text: str, found: Sequence[Reference], links: Sequence[LinkRegion]) -> list[Reference]:
    """The references read from the printed text, made to agree with the links to Kamerstukken and Aanhangsel
    publications over them: a link's target is exact where the printed text is not (KOOP XML prints
    "Kamerstuk p31 066, nr. 119" and "25 087 / 31 066, nr.191" over links to kst-31066-119 and kst-25087-191).

    A reference read over links of its kind stays when one of them targets it; otherwise the links contradict it
    and it goes. Each link whose target no remaining reference over it names adds a reference to its target, with
    the link's printed text as its label. Links to other publications (Handelingen, nds-tk-…) change nothing.
    """
    typed = [(link, scheme) for link in links for pattern, scheme in _LINKED if pattern.fullmatch(link.target)]

    def over(reference: Reference, link: LinkRegion) -> bool:
        return reference.span.start < link.span.end and link.span.start < reference.span.end

    kept = [
        r for r in found
        if not (links_over := [link for link, scheme in typed if scheme is r.scheme and over(r, link)])
        or any(link.target == r.identifier for link in links_over)
    ]
    added = [
        Reference(scheme, link.target, text[link.span.start:link.span.end], link.span)
        for link, scheme in typed
        if not any(r.scheme is scheme and r.identifier == link.target and over(r, link) for r in kept)
    ]
    return sorted(kept + added, key=lambda r: (r.span.start, r.scheme.value))


def _references(text: str, latest: ids.Vergaderjaar | None, warnings: list[str]) -> list[Reference]:
    found = [*_kamerstukken(text), *_aanhangsels(text, latest, warnings)]
    for m in p.ZAAK.finditer(text):
        found.append(Reference(ReferenceScheme.ZAAK, m["id"], m.group(0), Span(*m.span("id"))))
    for s in find_statutes(text):
        found.append(Reference(ReferenceScheme.STATUTE, s.identifier, s.label, Span(s.start, s.end), article=s.article))
    found.sort(key=lambda r: (r.span.start, r.scheme.value))
    return found


def _numbers(match: re.Match[str]) -> Iterator[str]:
    """The number of a reference and those listed after it ("nrs. 1016 en 1044")."""
    yield match["nr"]
    yield from p.MORE_NUMBERS.findall(match["more"] or "")


def _kamerstukken(text: str) -> list[Reference]:
    found: list[Reference] = []

    def add(identifier: str | None, match: re.Match[str]) -> None:
        if identifier is not None:
            found.append(Reference(ReferenceScheme.KAMERSTUK, identifier, match.group(0), Span(*match.span())))

    def read(match: re.Match[str]) -> bool:
        """Whether a match with a keyword already read this text."""
        return any(r.span.start <= match.start() < r.span.end for r in found)

    for m in p.KAMERSTUK.finditer(text):
        for number in _numbers(m):
            add(ids.kamerstuk_id(m["dossier"], m["sub"] or m["roman"], number), m)
    for m in p.KAMERSTUK_EK.finditer(text):
        add(ids.kamerstuk_id(m["dossier"], m["sub"], letter=m["letter"]), m)
    for m in p.KAMERSTUK_BARE.finditer(text):
        if read(m):
            continue
        if m["dossier"]:
            for number in _numbers(m):
                add(ids.kamerstuk_id(m["dossier"], m["sub"] or m["roman"], number), m)
        else:
            add(ids.kamerstuk_id(m["dossier2"], None, m["nr2"]), m)
    for m in p.KAMERSTUK_EK_BARE.finditer(text):
        if not read(m):
            add(ids.kamerstuk_id(m["dossier"], m["sub"], letter=m["letter"]), m)
    return found


def _aanhangsels(text: str, latest: ids.Vergaderjaar | None, warnings: list[str]) -> list[Reference]:
    found: list[Reference] = []
    spans: list[Span] = []
    for pattern in (p.AANHANGSEL, p.AANHANGSEL_YEARS_FIRST, p.AANHANGSEL_NUMBER_FIRST):
        for m in pattern.finditer(text):
            if any(span.start < m.end() and m.start() < span.end for span in spans):
                continue
            spans.append(Span(*m.span()))
            year = ids.vergaderjaar(m["y1"], m["y2"], latest)
            printed = text[m.start("y1"):m.end("y2")]
            if year is None:
                warnings.append(f"vergaderjaar {printed!r} in {_one_line(m.group(0))!r} is not two consecutive years "
                                "and no single reading fits: the Aanhangsel reference is left out")
                continue
            if (year.first, year.second) != (int(m["y1"]), ids.full_year(m["y2"], int(m["y1"]))):
                warnings.append(f"vergaderjaar {printed!r} in {_one_line(m.group(0))!r} read as {year.label}")
            chamber = "ek" if (m["chamber"] or "").upper() in ("I", "EK") else "tk"
            for number in _numbers(m):
                identifier = ids.aanhangsel_id(year.first, year.second, number, chamber=chamber)
                if identifier is not None:
                    found.append(Reference(ReferenceScheme.AANHANGSEL, identifier, m.group(0), Span(*m.span())))
    return found


def _one_line(text: str) -> str:
    return " ".join(text.split())
