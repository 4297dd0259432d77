"""The linking stage: a `Document` -> its `LinkedDocument`, one document at a time.

    read -> extract -> link -> map to triples -> validate -> store

`Linker` holds the reference data (the case index, the Aanhangsel records, the people they name) so it is loaded
once per build; `link` is then a pure function of the document. `NullLinker` (for `--no-link`) uses no reference
data at all and decides every node from what the document prints, minted the same way a `Linker` mints the
nodes it cannot link: the graph has one IRI scheme, linked or not.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from rdflib import URIRef

from kgraph.extract import lexicon
from kgraph.link.cases import AanhangselIndex, CaseIndex, CaseMatch, match_case
from kgraph.link.ministries import ministry_of
from kgraph.link.model import (
    CaseNode,
    EntityLink,
    LinkedAsker,
    LinkedDocument,
    PartyNode,
    PersonNode,
    PostNode,
    QuestionNode,
)
from kgraph.link.parties import party_of
from kgraph.link.people import People, Role, people_of, printed_iri, resolve, split_initials
from kgraph.link.sources import cited_sources
from kgraph.mint import Minter
from kgraph.model import Answerer, Document, Office, Post, ReferenceScheme

ODATA_ZAAK = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Zaak({guid})"
PRINTED_RULE = "printed name"
CITED_RULE = "case index"

PersonResolver = Callable[[str, Role, str | None], tuple[PersonNode, str | None]]


@dataclass(frozen=True)
class Linker:
    minter: Minter
    cases: CaseIndex
    people: People
    aanhangsel: AanhangselIndex | None = None

    @classmethod
    def load(cls, minter: Minter) -> Linker:
        cases = CaseIndex.load()
        return cls(minter, cases, people_of(cases, minter), AanhangselIndex.load())

    def link(self, doc: Document) -> LinkedDocument:
        match = match_case(doc, self.cases, self.aanhangsel)
        day = _day(doc)
        people, minter = self.people, self.minter

        def person(printed: str, role: Role, party: str | None) -> tuple[PersonNode, str | None]:
            found = resolve(printed, role, day, match, people)
            if found.person is None:
                node = _printed_person(printed, role, party, minter)
                note = (f"person {printed!r}: ambiguous, {found.fitting} people fit" if found.fitting else
                        f"person {printed!r}: unresolved, nobody in the case metadata fits")
                return node, note
            known = found.person
            return PersonNode(known.iri, known.name, printed, found.rule, found.confidence, True, known.initials_text,
                              known.tk_id), None

        def party(label: str) -> PartyNode:
            link = party_of(label, minter)
            if link is None:
                return PartyNode(str(minter.party(label)), label, label, None)
            return PartyNode(link.iri, link.label, label, link)

        linked = _assemble(doc, minter, True, _case_node(match, minter), person, party,
                           lambda portfolio: ministry_of(portfolio, minter))
        return replace(linked, cited_cases=self._cited_cases(doc, match))

    def _cited_cases(self, doc: Document, match: CaseMatch | None) -> tuple[CaseNode, ...]:
        """The zaken the document prints besides its own, with the subject and start date the index gives."""
        found = []
        for nummer in dict.fromkeys(r.identifier for r in doc.references_of(ReferenceScheme.ZAAK)):
            if match is not None and nummer == match.nummer:
                continue
            node = _case_node(CaseMatch(nummer, self.cases.get(nummer), 1.0, CITED_RULE), self.minter)
            if node is not None and node.guid is not None:
                found.append(node)
        return tuple(found)


@dataclass(frozen=True)
class NullLinker:
    """Links nothing: every node from the printed values alone (`kgraph extract --no-link`, `document_graph` of a
    bare `Document`)."""

    minter: Minter

    def link(self, doc: Document) -> LinkedDocument:
        minter = self.minter

        def person(printed: str, role: Role, party: str | None) -> tuple[PersonNode, str | None]:
            return _printed_person(printed, role, party, minter), None

        def party(label: str) -> PartyNode:
            return PartyNode(str(minter.party(label)), label, label, None)

        return _assemble(doc, minter, False, None, person, party, lambda portfolio: None)


def _printed_person(printed: str, role: Role, party: str | None, minter: Minter) -> PersonNode:
    initials, _ = split_initials(printed)
    return PersonNode(printed_iri(printed, role, party, minter), printed, printed, PRINTED_RULE, 0.0, False,
                      "".join(f"{i}." for i in initials) or None)


def _assemble(
    doc: Document,
    minter: Minter,
    linked: bool,
    case: CaseNode | None,
    person: PersonResolver,
    party: Callable[[str], PartyNode],
    ministry: Callable[[str], EntityLink | None],
) -> LinkedDocument:
    notes: list[str] = []

    def someone(printed: str, role: Role, party_label: str | None) -> PersonNode:
        node, note = person(printed, role, party_label)
        if note:
            notes.append(note)
        return node

    askers = tuple(
        LinkedAsker(a, someone(a.name, Role.MEMBER, a.party), party(a.party) if a.party else None,
                    str(minter.attribution(doc, "asker", position)))
        for position, a in enumerate(doc.askers, start=1)
    )

    def post(printed: Post | Answerer, holder_name: str | None, attribution: str | None = None) -> PostNode:
        node = _post(printed, minter, ministry(printed.portfolio),
                     someone(holder_name, Role.GOVERNMENT, None) if holder_name else None)
        return replace(node, attribution=attribution) if attribution else node

    sources, warnings = cited_sources(doc, minter, linked=linked)
    return LinkedDocument(
        document=doc,
        minter=minter,
        iri=str(minter.document(doc)),
        linked=linked,
        askers=askers,
        addressees=tuple(post(p, None) for p in doc.addressees),
        answerers=tuple(post(a, a.name, str(minter.attribution(doc, "answerer", position)))
                        for position, a in enumerate(doc.answerers, start=1)),
        on_behalf_of=tuple(post(p, p.name) for p in doc.on_behalf_of),
        absent=tuple(post(p, None) for p in doc.in_absence_of),
        questions=tuple(
            QuestionNode(str(minter.question(doc, q.number)), q.number,
                         str(minter.case_question(case.zaak, q.number)) if case else None)
            for q in doc.questions
        ),
        case=case,
        sources=sources,
        date=_day(doc, received_first=True),
        notes=tuple(notes),
        warnings=warnings,
    )


def post_label(office: Office, portfolio: str, sub_portfolio: str | None = None) -> str:
    """The post as headers print it: "minister van Buitenlandse Zaken", "minister voor Langdurige Zorg en
    Sport" (the preposition the portfolio lexicon gives), "staatssecretaris van Financiën (Toeslagen en Douane)";
    the minister-president by office alone.

    >>> post_label(Office.MINISTER, "Langdurige Zorg en Sport"), post_label(Office.STAATSSECRETARIS, "Financiën")
    ('minister voor Langdurige Zorg en Sport', 'staatssecretaris van Financiën')
    """
    if office is Office.MINISTER_PRESIDENT:
        return str(office.value)
    entry = lexicon.lookup(portfolio)
    preposition = entry.preposition if entry is not None and entry.preposition else "van"
    label = f"{office.value} {preposition} {portfolio}"
    return f"{label} ({sub_portfolio})" if sub_portfolio else label


def _post(printed: Post | Answerer, minter: Minter, ministry: EntityLink | None, holder: PersonNode | None) -> PostNode:
    office, portfolio, sub = printed.office, printed.portfolio, printed.sub_portfolio
    iri = str(minter.post(office, portfolio, sub))
    return PostNode(
        iri=iri,
        label=post_label(office, portfolio, sub),
        printed=printed,
        ministry=ministry,
        ministry_iri=ministry.iri if ministry else str(minter.ministry(portfolio)),
        ministry_label=ministry.label if ministry else portfolio,
        role_iri=str(minter.role(office)),
        parent=str(minter.post(office, portfolio)) if sub else None,
        parent_label=post_label(office, portfolio) if sub else None,
        holder=holder,
        holding=str(minter.holding(URIRef(holder.iri), URIRef(iri))) if holder else None,
    )


def _day(doc: Document, *, received_first: bool = False) -> dt.date | None:
    dates = (doc.received, doc.submitted) if received_first else (doc.submitted, doc.received)
    for date in dates:
        if date is not None:
            return date.value
    return None


def _case_node(match: CaseMatch | None, minter: Minter) -> CaseNode | None:
    if match is None:
        return None
    case = match.case
    iri = str(minter.zaak(match.nummer))
    if case is None:
        return CaseNode(iri, match.nummer, match.rule, match.confidence)
    return CaseNode(iri, match.nummer, match.rule, match.confidence, case.zaak_id,
                    ODATA_ZAAK.format(guid=case.zaak_id), case.subject or None, case.started, case.oral)


@dataclass
class LinkCounts:
    """What linking did across a build: links made per kind, and mentions left unlinked."""

    made: Counter[str]
    unresolved: Counter[str]
    ambiguous: int = 0  # people several of whom fit a printed name

    @classmethod
    def empty(cls) -> LinkCounts:
        return cls(Counter(), Counter())

    def add(self, linked: LinkedDocument) -> None:
        def count(kind: str, values: list[bool]) -> None:
            self.made[kind] += sum(values)
            self.unresolved[kind] += sum(1 for value in values if not value)

        count("case", [linked.case is not None])
        count("person", [person.linked for person in linked.people])
        count("party", [asker.party.link is not None for asker in linked.askers if asker.party is not None])
        posts = (*linked.addressees, *linked.answerers, *linked.on_behalf_of, *linked.absent)
        count("ministry", [post.ministry is not None for post in posts])
        count("publisher", [source.publisher is not None for source in linked.sources])
        self.ambiguous += sum(1 for note in linked.notes if ": ambiguous," in note)

    def merge(self, other: LinkCounts) -> None:
        """Add the counts of `other` (e.g. one document's, counted in a worker process)."""
        self.made.update(other.made)
        self.unresolved.update(other.unresolved)
        self.ambiguous += other.ambiguous

    def line(self) -> str:
        kinds = ["case", "person", "party", "ministry", "publisher"]
        made = ", ".join(f"{kind} {self.made[kind]}/{self.made[kind] + self.unresolved[kind]}" for kind in kinds)
        return f"{made}; people ambiguous {self.ambiguous}, unresolved {self.unresolved['person'] - self.ambiguous}"
