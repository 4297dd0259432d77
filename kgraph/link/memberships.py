"""Parties in time: the party a member belonged to on a document's date, resolved across documents.

A document prints each asker's party, and prints it wrong now and then ("Teunissen (PvdA)" for a member of the
PvdD, learninglion/1b0f0b98). The printed label is kept as printed (`kg:partyAsPrinted`, and `kg:party` the node
it names); the member's party at the date (`kg:partyAtDate`) is resolved from every question set that prints a
party with the member:

- the party printed in this document, unless no *other* question set of the member within a year of it prints
  that party while at least two others print one same other party, one of them later than this document: then
  that other party, and the disagreement is a warning (in the build summary and in `kgraph extract`'s record). A
  party printed only before the document is the one the member left (Bontes and Van Klaveren, PVV until March
  2014, then their own group): the printed party stands;
- printed parties that are related (a joint fraction and its parties, a group and the party it split from) do not
  disagree: members move between them for real (GroenLinks to GroenLinks-PvdA).

Counts per party, per member and the co-asker network use the resolved party. Each resolved party is also an
`org:Membership` of the member in the party (W3C ORG), during the interval from the first to the last question
set that shows it. Both live in one derived graph (`memberships_graph`), rebuilt from the store after each build,
so evidence from a later build revises earlier documents without touching their graphs.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef

from kgraph.link.model import LinkedDocument
from kgraph.link.parties import parties
from kgraph.mint import Minter
from kgraph.store import Store, ntriples_lines
from kgraph.vocab import KG, OA, ORG, RDF, TIME, bind_prefixes

WINDOW = dt.timedelta(days=365)
MIN_OTHERS = 2  # other question sets that must agree before a printed party is overruled
AS_PRINTED_RULE = "party as printed"
OVERRULED_RULE = "party printed with the member in other question sets"
# The source key of the derived graph in the store: not a file, so it never collides with a document's path.
MEMBERSHIPS_SOURCE = "kgraph:memberships"


@dataclass(frozen=True, slots=True)
class Observation:
    """One asker attribution: who, which party was printed (its node and label), when, and in which question set
    (the case, or the document without one)."""

    attribution: str
    person: str
    party: str | None
    label: str | None
    day: dt.date | None
    question_set: str
    document: str = ""
    printed: str | None = None


@dataclass(frozen=True, slots=True)
class PartyAtDate:
    """The member's party at the document's date, and the evidence: how many other question sets of the member
    near the date print it, out of how many print a party at all."""

    party: str
    label: str
    rule: str
    confidence: float
    agreeing: int
    others: int
    disagrees: bool  # the printed party was overruled


def observations_of(linked: LinkedDocument) -> list[Observation]:
    """The asker attributions of one linked document."""
    doc = linked.document
    day = linked.submitted or linked.date
    question_set = linked.case.iri if linked.case is not None else linked.iri
    return [
        Observation(asker.attribution, asker.person.iri, asker.party.iri if asker.party else None,
                    asker.party.label if asker.party else None, day, question_set, doc.source,
                    asker.asker.party)
        for asker in linked.askers
    ]


# The askers first, each alternative date its own OPTIONAL: 25 % faster on Oxigraph than one pattern with a
# property path alternative and the document first (measured on a 2,000-document store; same rows).
_OBSERVATIONS = """
SELECT DISTINCT ?attribution ?person ?party ?label ?day ?set ?name ?printed WHERE {
  ?attribution prov:hadRole kg:asker .
  ?doc prov:qualifiedAttribution ?attribution .
  ?attribution prov:agent ?person .
  OPTIONAL { ?doc kg:fileName ?file }
  OPTIONAL { ?attribution kg:party ?party . OPTIONAL { ?party skos:prefLabel ?label } }
  OPTIONAL { ?attribution kg:partyAsPrinted ?printed }
  OPTIONAL { ?doc dcterms:dateSubmitted ?submitted }
  OPTIONAL { ?doc kg:questionsSubmitted ?questionsSubmitted }
  OPTIONAL { ?doc kg:dateReceived ?received }
  OPTIONAL { ?doc kg:case ?case . OPTIONAL { ?case schema:startDate ?started } }
  BIND(COALESCE(?file, STR(?doc)) AS ?name)
  BIND(COALESCE(?submitted, ?questionsSubmitted, ?started, ?received) AS ?day)
  BIND(COALESCE(?case, ?doc) AS ?set)
}
"""


def observations_in(store: Store) -> list[Observation]:
    """Every asker attribution in the store."""
    found: dict[str, Observation] = {}
    for cells in store.solutions(_OBSERVATIONS):  # streamed: a row at a time, as many as there are askers
        attribution, person, party, label, day, question_set, doc, printed = (
            None if cell is None else cell.value for cell in cells)
        if attribution is None or person is None or question_set is None:
            continue
        when = dt.date.fromisoformat(day[:10]) if day else None
        previous = found.get(attribution)
        # One row per attribution: a party node with several labels in the union gives several rows.
        if previous is None or (label is not None and (previous.label is None or label < previous.label)):
            found[attribution] = Observation(attribution, person, party, label, when, question_set, doc or "", printed)
    return sorted(found.values(), key=lambda o: o.attribution)


def _related(first: str, second: str) -> bool:
    """Whether two party labels name fractions members move between for real: the same party, a joint fraction
    and one of its parties, a group and the party it split from."""
    if first == second:
        return True
    table = parties()
    a, b = table.get(first), table.get(second)
    if a is None or b is None:
        return False
    return (second in a.composed_of or first in b.composed_of or a.split_from == second or b.split_from == first
            or bool(set(a.composed_of) & set(b.composed_of)))


def resolve_parties(observations: Iterable[Observation]) -> dict[str, PartyAtDate]:
    """The party at the date of every observation that has a printed party or evidence of one, by attribution."""
    by_person: defaultdict[str, list[Observation]] = defaultdict(list)
    for observation in observations:
        by_person[observation.person].append(observation)
    resolved: dict[str, PartyAtDate] = {}
    for person_observations in by_person.values():
        near = _Near(person_observations)
        for observation in person_observations:
            found = _resolve(observation, near.around(observation))
            if found is not None:
                resolved[observation.attribution] = found
    return resolved


class _Near:
    """A member's observations by date, so that each is compared only with those within the WINDOW of it (and
    the undated ones): linear in a member's question sets, not quadratic (a member of thirty years has
    thousands)."""

    def __init__(self, observations: list[Observation]) -> None:
        dated = sorted((o for o in observations if o.day is not None), key=lambda o: o.day or dt.date.min)
        self.days = [o.day or dt.date.min for o in dated]
        self.dated = dated
        self.undated = [o for o in observations if o.day is None]

    def around(self, observation: Observation) -> list[Observation]:
        if observation.day is None:
            return [*self.dated, *self.undated]
        start = bisect.bisect_left(self.days, observation.day - WINDOW)
        end = bisect.bisect_right(self.days, observation.day + WINDOW)
        return [*self.dated[start:end], *self.undated]


def _resolve(observation: Observation, observations: list[Observation]) -> PartyAtDate | None:
    # Other question sets of the member near the date, each counted once per party it prints.
    others: dict[str, set[str]] = defaultdict(set)  # party label -> question sets
    nodes: dict[str, str] = {}
    later: set[str] = set()  # party labels printed in a question set after this one
    for other in observations:
        if other.question_set == observation.question_set or other.label is None or other.party is None:
            continue
        if observation.day is not None and other.day is not None and abs(other.day - observation.day) > WINDOW:
            continue
        others[other.label].add(other.question_set)
        nodes[other.label] = other.party
        if observation.day is not None and other.day is not None and other.day > observation.day:
            later.add(other.label)
    total = len({s for sets in others.values() for s in sets})
    counts = Counter({label: len(sets) for label, sets in others.items()})
    if observation.label is None or observation.party is None:
        if not counts:
            return None
        (best, count), *rest = counts.most_common()
        if rest and rest[0][1] == count:
            return None
        return PartyAtDate(nodes[best], best, OVERRULED_RULE, round(count / total, 3), count, total, False)
    printed, node = observation.label, observation.party
    if counts[printed] == 0 and counts:
        (best, count), *rest = counts.most_common()
        clear = not rest or rest[0][1] < count
        # Printed again later it would be a switch (PVV to Groep Bontes/Van Klaveren, 2014); the other party
        # printed after this document too says the member never left it.
        if count >= MIN_OTHERS and clear and best in later and not _related(printed, best):
            return PartyAtDate(nodes[best], best, OVERRULED_RULE, round(count / (total + 1), 3), count, total, True)
    confidence = round((counts[printed] + 1) / (total + 1), 3)
    return PartyAtDate(node, printed, AS_PRINTED_RULE, confidence, counts[printed], total, False)


def disagreement(observation: Observation, found: PartyAtDate) -> str:
    """The warning for an overruled printed party."""
    name = observation.printed or observation.label
    when = observation.day.isoformat() if observation.day else "an undated document"
    return (f"{observation.document or observation.attribution}: party printed {name!r}, but the member's party on "
            f"{when} is {found.label} ({found.agreeing} of {found.others} other question sets within a year)")


def memberships_graph(observations: list[Observation], resolved: Mapping[str, PartyAtDate], minter: Minter) -> Graph:
    """The derived graph: each attribution's kg:partyAtDate with a link annotation saying how it was resolved, and
    each member's membership of each resolved party during the first to the last question set showing it."""
    graph = bind_prefixes(Graph(identifier=minter.memberships(), bind_namespaces="none"))
    graph.addN((s, p, o, graph) for s, p, o in _membership_triples(observations, resolved, minter))
    return graph


def _membership_triples(observations: list[Observation], resolved: Mapping[str, PartyAtDate],
                        minter: Minter) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    """`memberships_graph`'s triples, one at a time, in an order fixed by the observations' (sorted) order."""
    spans: dict[tuple[str, str], list[dt.date]] = defaultdict(list)
    for observation in observations:
        found = resolved.get(observation.attribution)
        if found is None:
            continue
        attribution, party = URIRef(observation.attribution), URIRef(found.party)
        yield attribution, KG.partyAtDate, party
        note = minter.party_at_date(attribution)
        yield note, RDF.type, KG.LinkAnnotation
        yield note, OA.motivatedBy, OA.linking
        yield note, OA.hasTarget, attribution
        yield note, OA.hasBody, party
        yield note, KG.linkRule, Literal(found.rule)
        # In the store's canonical form ("1", not "1.0"): what the store gives back then equals what is written,
        # so an unchanged graph is not rewritten (Store.replace_graph compares the lines).
        yield note, KG.confidence, Literal(Decimal(str(found.confidence)).normalize())
        if observation.day is not None:
            spans[(observation.person, found.party)].append(observation.day)
    for (member, fraction), days in sorted(spans.items()):
        membership = minter.membership(URIRef(member), URIRef(fraction))
        first, last = min(days).isoformat(), max(days).isoformat()
        interval = minter.interval(first, last)
        yield membership, RDF.type, ORG.Membership
        yield membership, ORG.member, URIRef(member)
        yield membership, ORG.organization, URIRef(fraction)
        yield membership, ORG.memberDuring, interval
        yield interval, RDF.type, TIME.Interval
        for edge, day in ((TIME.hasBeginning, first), (TIME.hasEnd, last)):
            instant = minter.instant(day)
            yield interval, edge, instant
            yield instant, RDF.type, TIME.Instant
            yield instant, TIME.inXSDDate, Literal(dt.date.fromisoformat(day))


def put_memberships(store: Store, minter: Minter) -> list[str]:
    """Resolve every asker's party at the date from the whole store, replace the derived graph, and return the
    warnings for printed parties that were overruled. The graph goes to the store as N-Triples lines, never as
    an rdflib graph: it grows with the store (seven triples per asker), and rdflib holds ~1.5 kB a triple."""
    observations = observations_in(store)
    resolved = resolve_parties(observations)
    lines = ntriples_lines(_membership_triples(observations, resolved, minter), MEMBERSHIPS_SOURCE)
    store.replace_graph(str(minter.memberships()), lines, MEMBERSHIPS_SOURCE)
    return [disagreement(o, resolved[o.attribution]) for o in observations
            if o.attribution in resolved and resolved[o.attribution].disagrees]
