"""People: one node per real person across all documents.

A printed name ("Van Nispen", "Inge van Dijk", glued "DaniëlleJansen") is resolved to the full name the Tweede
Kamer's case metadata gives, in this order:

1. `case actors`: the document's matched case names its askers (indiener, medeindieners) and the ministers it
   was sent to; a printed name that fits exactly one of them is that person.
2. `unique name in period`: otherwise, the members (askers) and ministers the metadata names around the
   document's date (from half a year before the first case that names them to a year after the last, dates past
   the end of the metadata counting as its last day); a printed name that fits exactly one of them is that person.

A name that fits several people ("Van Dijk": Inge, Diederik, Jasper …) or none stays unresolved: its node is
minted from the printed name and the party, so it is never shared with a namesake of another party.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kgraph.link.cases import Case, CaseIndex, CaseMatch, name_tokens, same_person
from kgraph.link.model import EntityLink
from kgraph.mint import Minter

# How long before their first and after their last case someone counts as active: new members and ministers
# appear in cases some months after they start; people who leave stop appearing.
BEFORE_FIRST = dt.timedelta(days=180)
AFTER_LAST = dt.timedelta(days=365)
_INITIALS_ONLY = re.compile(r"^(?:[A-Z]\.)+\s*")


@dataclass(frozen=True, slots=True)
class Person:
    """A person the case metadata names, with the first and last day it names them."""

    name: str  # as the metadata gives it: "Songül Mutluer", "D.M. van Weel"
    first: dt.date
    last: dt.date


class People:
    """Everyone the case index names, as askers or as ministers asked."""

    def __init__(self, cases: Iterable[Case]) -> None:
        seen: dict[str, tuple[dt.date, dt.date]] = {}
        for case in cases:
            for name in (*(name for name, _ in case.askers), *case.addressees):
                first, last = seen.get(name, (case.started, case.started))
                seen[name] = (min(first, case.started), max(last, case.started))
        self.people = tuple(Person(name, first, last) for name, (first, last) in sorted(seen.items()))
        self.end = max((p.last for p in self.people), default=dt.date.min)

    def active(self, day: dt.date | None) -> list[Person]:
        """People the metadata names around `day`; past the metadata's end, those active at its end."""
        if day is None:
            return list(self.people)
        day = min(day, self.end)
        return [p for p in self.people if p.first - BEFORE_FIRST <= day <= p.last + AFTER_LAST]


@functools.cache
def people_of(index: CaseIndex) -> People:
    return People(index.between(dt.date.min, dt.date.max))


def canonical_name(name: str, people: People) -> str:
    """One spelling per person: a minister listed with initials ("V.P.G. Karremans") takes the full name the
    metadata also gives ("Vincent Karremans") when exactly one full name fits."""
    if not _INITIALS_ONLY.match(name):
        return name
    fuller = {p.name for p in people.people if not _INITIALS_ONLY.match(p.name) and same_person(name, p.name)}
    return fuller.pop() if len(fuller) == 1 else name


def resolve_person(
    printed: str, day: dt.date | None, case: CaseMatch | None, people: People, minter: Minter
) -> EntityLink | None:
    """The person a printed name is, or None when no single person fits."""
    return candidates(printed, day, case, people, minter)[0]


def candidates(
    printed: str, day: dt.date | None, case: CaseMatch | None, people: People, minter: Minter
) -> tuple[EntityLink | None, int]:
    """The person a printed name is (or None), and how many people fit: 0 is unresolved, more than 1 ambiguous."""
    if case is not None:
        actors = {name for name, _ in case.case.askers} | set(case.case.addressees)
        fits = {name for name in actors if same_person(printed, name)}
        if len(fits) == 1:
            return _link(fits.pop(), people, minter, "case actors", case.confidence), 1
    names = {canonical_name(p.name, people) for p in people.active(day) if same_person(printed, p.name)}
    if len(names) == 1:
        return _link(names.pop(), people, minter, "unique name in period", 0.9), 1
    return None, len(names)


def _link(name: str, people: People, minter: Minter, rule: str, confidence: float) -> EntityLink:
    full = canonical_name(name, people)
    return EntityLink(str(minter.person(" ".join(name_tokens(full)))), full, rule, confidence)


def unresolved_iri(printed: str, party: str | None, minter: Minter) -> str:
    """The node of a name that could not be resolved: printed name plus party, never shared across parties."""
    return str(minter.person(" ".join(name_tokens(printed)) + (f" {party}" if party else "")))


def person_iri(printed: str, party: str | None, link: EntityLink | None, minter: Minter) -> str:
    """The IRI of the person a document prints: the linked person, else the unresolved node (name + party)."""
    return link.iri if link is not None else unresolved_iri(printed, party, minter)
