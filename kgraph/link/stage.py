"""The linking stage: a `Document` -> its `Links`, one document at a time.

    read -> extract -> link -> map to triples -> validate -> store

`Linker` holds the reference data (the case index, the people it names) so it is loaded once per build; `link`
is then a pure function of the document.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from kgraph.link.cases import CaseIndex, CaseMatch, match_case
from kgraph.link.ministries import ministry_of
from kgraph.link.model import CaseLink, EntityLink, Links
from kgraph.link.parties import party_of
from kgraph.link.people import People, candidates, people_of
from kgraph.link.sources import cited_sources
from kgraph.mint import Minter
from kgraph.model import Document

ODATA_ZAAK = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Zaak({guid})"


@dataclass(frozen=True)
class Linker:
    minter: Minter
    cases: CaseIndex
    people: People

    @classmethod
    def load(cls, minter: Minter) -> Linker:
        cases = CaseIndex.load()
        return cls(minter, cases, people_of(cases))

    def link(self, doc: Document) -> Links:
        match = match_case(doc, self.cases)
        day = _day(doc)
        notes: list[str] = []

        def person(name: str | None) -> EntityLink | None:
            if not name:
                return None
            link, fitting = candidates(name, day, match, self.people, self.minter)
            if link is None:
                notes.append(f"person {name!r}: ambiguous, {fitting} people fit" if fitting else
                             f"person {name!r}: unresolved, nobody in the case metadata fits")
            return link

        askers = tuple(person(a.name) for a in doc.askers)
        answerers = tuple(person(a.name) for a in doc.answerers)
        ambiguous = tuple(notes)
        return Links(
            case=_case_link(match),
            askers=askers,
            asker_parties=tuple(party_of(a.party, self.minter) if a.party else None for a in doc.askers),
            answerers=answerers,
            addressee_ministries=tuple(ministry_of(p.portfolio, self.minter) for p in doc.addressees),
            answerer_ministries=tuple(ministry_of(a.portfolio, self.minter) for a in doc.answerers),
            on_behalf_ministries=tuple(ministry_of(p.portfolio, self.minter) for p in doc.on_behalf_of),
            sources=cited_sources(doc, self.minter),
            ambiguous=ambiguous,
        )


def _day(doc: Document) -> dt.date | None:
    for date in (doc.submitted, doc.received):
        if date is not None:
            return date.value
    return None


def _case_link(match: CaseMatch | None) -> CaseLink | None:
    if match is None:
        return None
    case = match.case
    return CaseLink(case.nummer, case.zaak_id, ODATA_ZAAK.format(guid=case.zaak_id), match.rule, match.confidence)


@dataclass
class LinkCounts:
    """What linking did across a build: links made per kind, and mentions left unlinked."""

    made: Counter[str]
    unresolved: Counter[str]
    ambiguous: int = 0  # people several of whom fit a printed name

    @classmethod
    def empty(cls) -> LinkCounts:
        return cls(Counter(), Counter())

    def add(self, doc: Document, links: Links) -> None:
        def count(kind: str, values: tuple[EntityLink | None, ...]) -> None:
            self.made[kind] += sum(1 for v in values if v is not None)
            self.unresolved[kind] += sum(1 for v in values if v is None)

        self.made["case"] += links.case is not None
        self.unresolved["case"] += links.case is None
        named_answerers = tuple(link for answerer, link in zip(doc.answerers, links.answerers) if answerer.name)
        count("person", links.askers + named_answerers)
        count("party", links.asker_parties)
        self.ambiguous += sum(1 for note in links.ambiguous if ": ambiguous," in note)
        count("ministry", links.addressee_ministries + links.answerer_ministries + links.on_behalf_ministries)
        count("publisher", tuple(s.publisher for s in links.sources))

    def line(self) -> str:
        kinds = ["case", "person", "party", "ministry", "publisher"]
        made = ", ".join(f"{kind} {self.made[kind]}/{self.made[kind] + self.unresolved[kind]}" for kind in kinds)
        return f"{made}; people ambiguous {self.ambiguous}, unresolved {self.unresolved['person'] - self.ambiguous}"
