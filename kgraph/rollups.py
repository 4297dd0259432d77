"""Rollups: the counts behind the query library's whole-store aggregations, worked out once per build.

`questions-per-member`, `-party`, `-ministry`, `-month`, `top-sources`, `co-asker-pairs`, `statutes-per-ministry`
and `answer-time` count over every document in the store, and `open-questions` looks at every question set.
Oxigraph does that on each run: seconds to minutes at 20M triples (benchmarks/bench_queries.py). `put_rollups`
does it after each build and writes the counts as one derived graph, the way kgraph.link.memberships writes
members' parties; the queries then sum a few thousand counts instead of joining every document.

A count must still honour a query's `since` and `until` (documents submitted in a range), and a question set whose
documents print two ingezonden dates must count once when both are in the range. So each count is a
`kgr:Tally` over a range of days (`kgr:dateFrom`, `kgr:dateTo`), and a query sums the tallies that lie inside its range.
For each question set (question, cited page) of a group, with its sorted dates d1 < ... < dk:

- +1 on the day tally (di, di) of each date,
- -1 on the tally (di, di+1) of each two consecutive dates,
- +1 on the group's undated tally (no kgr:dateFrom) when no document of the set has a date.

Inside a range the dates of the set that fall in it are consecutive, so the sum is 1 when any does and 0 when
none does; without a range every tally counts, and the sum is 1. Undated tallies count only without a range, as
a document without a date passes no date filter. A query's tally sums are therefore exactly its distinct counts.

Each aggregation's rows are read with the same patterns as its query (kgraph/queries/), so what a tally counts is
what the query would; the query falls back to counting the documents when the store has no rollups (a store
built before them, or hand-made, as in tests/test_report.py).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import Node

from kgraph.mint import Minter
from kgraph.results import Cell
from kgraph.store import Store, ntriples_lines
from kgraph.vocab import RDF, XSD

__all__ = ["KGR", "ROLLUPS_SOURCE", "put_rollups", "rollup_triples"]

# The source key of the derived graph in the store: not a file, so it never collides with a document's path.
ROLLUPS_SOURCE = "kgraph:rollups"


class KGR(DefinedNamespace):
    """The rollup terms, declared in ontology/rollups.ttl: an index of counts derived from the knowledge graph, kept
    apart from its own vocabulary (kgraph.vocab.KG) as nothing in it is a statement about a document."""

    _fail = True
    _NS = Namespace("https://w3id.org/kgraph/def/rollup#")

    Rollups: URIRef
    Tally: URIRef
    aggregation: URIRef
    group: URIRef
    member1: URIRef
    member2: URIRef
    dateFrom: URIRef
    dateTo: URIRef
    questionSets: URIRef
    questions: URIRef
    pages: URIRef
    answers: URIRef
    days: URIRef
    delayed: URIRef
    statute: URIRef
    status: URIRef
    case: URIRef
    postponed: URIRef
    label: URIRef
    latestParty: URIRef


_XSD_DATE = str(XSD.date)


def _graph() -> URIRef:
    # Rollups are found by class, not by graph name; the name only keeps the graph apart from the documents'.
    return URIRef(f"{Minter().memberships()[: -len('memberships')]}rollups")


# --- what the queries count, read with the queries' own patterns ----------------------------------------------

# Each group query gives, per document of a group, its question set (its case, else itself) and its ingezonden
# dates (a row without one when it has none), so a tally counts what the query would.
_SET_AND_DATES = """
  OPTIONAL { ?doc dcterms:dateSubmitted|kg:questionsSubmitted ?submitted }
  OPTIONAL { ?doc kg:case ?case }
  BIND(COALESCE(?case, ?doc) AS ?set)
"""

# The questions of each document: their numbers, which the queries join to the set as "<set> <number>".
_QUESTIONS = "SELECT ?doc ?number WHERE { ?part a schema:Question ; schema:isPartOf ?doc ; kg:number ?number }"

_GROUPS = {
    "questions-per-member": "?doc kg:askedBy ?group .",
    "questions-per-ministry": """
          ?doc kg:addressedTo ?post . ?post org:postIn ?group .
          FILTER EXISTS { ?group skos:prefLabel ?label }""",
    "questions-per-party": """
          ?doc prov:qualifiedAttribution ?attribution .
          ?attribution prov:hadRole kg:asker .
          OPTIONAL { ?attribution kg:partyAtDate ?atDate }
          OPTIONAL { ?attribution kg:party ?printed }
          BIND(COALESCE(?atDate, ?printed) AS ?group)
          FILTER(BOUND(?group))
          FILTER EXISTS { ?group skos:prefLabel ?label }""",
}


def _group_query(pattern: str) -> str:
    return (f"SELECT DISTINCT ?doc ?group ?set ?submitted WHERE {{ {{ SELECT DISTINCT ?doc ?group WHERE {{ {pattern} }} }} "
            f"{_SET_AND_DATES} }} ORDER BY ?group")


# questions-per-month groups by the date itself: documents that name an asker, by each ingezonden date.
_MONTHS = """
SELECT DISTINCT ?doc ?set ?submitted ?month WHERE {
  ?doc kg:askedBy ?member ;
       dcterms:dateSubmitted|kg:questionsSubmitted ?submitted .
  BIND(SUBSTR(STR(?submitted), 1, 7) AS ?month)
  OPTIONAL { ?doc kg:case ?case }
  BIND(COALESCE(?case, ?doc) AS ?set)
}
ORDER BY ?month
"""

# top-sources: the pages that footnotes cite, by publisher or host name, as the query labels them.
_CITATIONS = f"""
SELECT DISTINCT ?doc ?page ?source ?label ?set ?submitted WHERE {{
  ?doc schema:hasPart ?note .
  ?note a kg:Footnote ;
        schema:citation ?page .
  OPTIONAL {{ ?page schema:publisher ?publisherNode . OPTIONAL {{ ?publisherNode schema:name ?publisherName }} }}
  BIND(REPLACE(STR(?page), "^[A-Za-z][A-Za-z0-9+.-]*://(www\\\\.)?([^/:?#]+).*$", "$2") AS ?host)
  BIND(COALESCE(?publisherName, ?host) AS ?label)
  BIND(COALESCE(?publisherNode, ?host) AS ?source)
  {_SET_AND_DATES}
}}
ORDER BY ?source
"""

# answer-time: its rows (one per answer document, ministry, days and delay), with the ontvangen date its range
# filters on; the patterns are the query's own.
_ANSWERS = """
SELECT DISTINCT ?answer ?ministry ?days ?delayed ?received WHERE {
      ?answer a kg:AnswerDocument ;
              kg:dateReceived ?received ;
              kg:answererPost ?post .
      # The ingezonden date the answer repeats; an answer that does not print it (a raw upload, a letter) takes
      # its case's start date, the day the questions were submitted.
      OPTIONAL { ?answer kg:questionsSubmitted ?printedSubmitted }
      OPTIONAL { ?answer kg:case/schema:startDate ?caseStarted }
      BIND(COALESCE(?printedSubmitted, ?caseStarted) AS ?submitted)
      FILTER(BOUND(?submitted))
      ?post org:postIn ?ministry .
      # A difference of xsd:dates is an xsd:dayTimeDuration ("P44D", "-P1D", "PT0S" for none); oxigraph cannot
      # divide durations, so the days are read from its lexical form.
      BIND(STR(?received - ?submitted) AS ?duration)
      BIND(IF(?duration = "PT0S", 0, xsd:integer(REPLACE(?duration, "^(-?)P([0-9]+)D$", "$1$2"))) AS ?days)
      # The notices of the answer's case, inside the OPTIONAL that finds the case (see answer-time.rq).
      OPTIONAL {
        ?answer kg:case ?case .
        OPTIONAL { ?notice kg:case ?case ; a kg:PostponementNotice }
      }
      OPTIONAL { ?answer dcterms:identifier ?own }
      OPTIONAL {
        ?answer rdfs:seeAlso ?publication .
        ?publication a kg:AanhangselPublication ;
                     dcterms:identifier ?cited .
        # A document's own publication is its owl:sameAs, not an rdfs:seeAlso; a see-also to it still is not a
        # notice. When the answer is an Aanhangsel publication itself (ah-tk-<session>-<number>), the notice must
        # be earlier: a lower session, or the same session and a lower number.
        FILTER(!BOUND(?own)
               || (!STRSTARTS(?own, "ah-") && ?cited != ?own)
               || (STRSTARTS(?own, "ah-")
                   && (REPLACE(?cited, "^ah-[a-z]+-([0-9]{8})-([0-9]+)$", "$1")
                       < REPLACE(?own, "^ah-[a-z]+-([0-9]{8})-([0-9]+)$", "$1")
                       || (REPLACE(?cited, "^ah-[a-z]+-([0-9]{8})-([0-9]+)$", "$1")
                           = REPLACE(?own, "^ah-[a-z]+-([0-9]{8})-([0-9]+)$", "$1")
                           && xsd:integer(REPLACE(?cited, "^.*-([0-9]+)$", "$1"))
                              < xsd:integer(REPLACE(?own, "^.*-([0-9]+)$", "$1"))))))
      }
      BIND(IF(BOUND(?notice) || BOUND(?publication), 1, 0) AS ?delayed)
}
ORDER BY ?ministry ?days ?delayed
"""

# statutes-per-ministry: the question sets citing each statute, per ministry addressed or answering.
_STATUTES = """
SELECT DISTINCT ?ministry ?statute ?set WHERE {
  ?doc dcterms:references ?statute .
  ?statute a eli:LegalResource .
  FILTER EXISTS { ?statute dcterms:identifier ?id }
  ?doc kg:addressedTo|kg:answererPost ?post .
  ?post org:postIn ?ministry .
  FILTER EXISTS { ?ministry skos:prefLabel ?label }
  OPTIONAL { ?doc kg:case ?case }
  BIND(COALESCE(?case, ?doc) AS ?set)
}
ORDER BY ?ministry ?statute
"""

# open-questions: the question sets the graph holds no answer to (its UNION, without the parameters).
_OPEN = """
SELECT DISTINCT ?questionSet ?case ?status ?postponed WHERE {
  {
    # A question set whose case has no answer document and no notice that it was answered by letter. MINUS on the
    # case, not (NOT) EXISTS or an OPTIONAL with a FILTER on the outer ?case: pyoxigraph 0.5 runs it 5 to 50 times
    # faster (0.012 s instead of 0.05 to 0.5 s at 220k triples).
    ?questionSet a kg:QuestionSet ;
                 kg:case ?case .
    MINUS { ?answer kg:case ?case ; a kg:AnswerDocument }
    MINUS { ?letterNotice kg:case ?case ; kg:answeredIn ?letter }
    OPTIONAL { ?postponement kg:case ?case ; a kg:PostponementNotice }
    BIND("open" AS ?status)
  } UNION {
    ?questionSet a kg:QuestionSet .
    MINUS { ?questionSet kg:case ?anyCase }
    BIND("no case linked" AS ?status)
  }
  BIND(BOUND(?postponement) AS ?postponed)
}
"""

# questions-per-member's party column: the party of each asker attribution on its document's date, by the day the
# query compares (ingezonden, else ontvangen, else "").
_LATEST = """
SELECT DISTINCT ?member ?day ?party WHERE {
  ?dated prov:qualifiedAttribution ?a .
  ?a prov:agent ?member ; prov:hadRole kg:asker .
  OPTIONAL { ?dated dcterms:dateSubmitted|kg:questionsSubmitted ?asked }
  OPTIONAL { ?dated kg:dateReceived ?received }
  BIND(COALESCE(STR(?asked), STR(?received), "") AS ?day)
  OPTIONAL { ?a kg:partyAtDate ?atDate }
  OPTIONAL { ?a kg:party ?printed }
  BIND(COALESCE(?atDate, ?printed) AS ?party)
}
"""


# --- counting ------------------------------------------------------------------------------------------------

Day = str | None  # an xsd:date's lexical form; None for a row without a date (or with one that is not an xsd:date)
Group = tuple[URIRef | Literal, ...]  # what a tally counts for: its kgr:group (and answer-time's days and delay)


# A tally: its group, its range of days (None, None when undated), its counts by measure, and its label.
Tally = tuple[Group, Day, Day, dict[str, int], str | None]


@dataclass(slots=True)
class _Counter:
    """Distinct things per group, by the days they were seen on, turned into tallies (see the module docstring).

    The rows come sorted by group, and a group's tallies are given out (`next_group`, `drain`) as soon as its rows
    are done: only one group's things are held, not a whole aggregation's (one day set per question of the
    store)."""

    measures: tuple[str, ...] = ()  # every tally carries each (0 where it counts nothing): no OPTIONAL in the queries
    days: defaultdict[tuple[Group, str, str], set[Day]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[tuple[Group, Day], str] = field(default_factory=dict)
    current: Group | None = None
    done: set[Group] = field(default_factory=set)

    def next_group(self, group: Group) -> Iterator[Tally]:
        """The tallies of the group counted so far, when `group` is another one."""
        if group != self.current:
            yield from self.drain()
            if group in self.done:
                raise RuntimeError(f"rollups: the rows of {group} did not come together (the query is not sorted "
                                   "by its group)")
            self.current = group

    def drain(self) -> Iterator[Tally]:
        """The tallies of what was counted, then nothing is held."""
        if self.current is not None:
            self.done.add(self.current)
        labels = self.labels
        for (group, first, last), measures in self.tallies().items():
            yield group, first, last, measures, labels.get((group, first)) if first == last else None
        self.days.clear()
        self.labels = {}

    def add(self, group: Group, measure: str, thing: str, day: Day) -> None:
        self.days[(group, measure, thing)].add(day)

    def label(self, group: Group, day: Day, label: str) -> None:
        """The least label of the group's rows on `day`: the least of those in a range is the query's MIN."""
        known = self.labels.get((group, day))
        if known is None or label < known:
            self.labels[(group, day)] = label

    def tallies(self) -> dict[tuple[Group, Day, Day], dict[str, int]]:
        found: defaultdict[tuple[Group, Day, Day], defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
        for (group, measure, _), seen in self.days.items():
            dated = sorted(day for day in seen if day is not None)
            for day in dated:
                found[(group, day, day)][measure] += 1
            for first, second in zip(dated, dated[1:]):
                found[(group, first, second)][measure] -= 1
            if not dated:
                found[(group, None, None)][measure] += 1
            elif None in seen:
                found[(group, None, None)]  # no count, but the tally of the undated rows' label
        measured = sorted(set(self.measures) | {measure for _, measure, _ in self.days})
        return {key: {measure: counts.get(measure, 0) for measure in measured} for key, counts in found.items()}


def _date(cell: Cell | None) -> Day:
    """The lexical form of an xsd:date cell; None for a missing value or one of another type (which no date
    filter passes either: `?submitted >= ?since` is an error for it)."""
    return cell.value if cell is not None and cell.datatype == _XSD_DATE else None


def _group(cell: Cell | None) -> Group:
    """A member, party, ministry or publisher (an IRI), or a month or host name (a plain literal)."""
    assert cell is not None  # every group pattern binds it
    return (URIRef(cell.value) if cell.kind == "uri" else Literal(cell.value),)


def _value(cell: Cell | None) -> str:
    assert cell is not None  # a variable every row of the pattern binds
    return cell.value


def _questions(store: Store) -> dict[str, tuple[str, ...]]:
    """Each document's question numbers that CONCAT can join (strings: the query's CONCAT drops any other)."""
    questions: defaultdict[str, set[str]] = defaultdict(set)
    for doc, number in store.solutions(_QUESTIONS):
        if number is not None and number.kind == "literal" and number.datatype is None:
            questions[_value(doc)].add(number.value)
    return {doc: tuple(sorted(numbers)) for doc, numbers in questions.items()}  # held as tuples: smaller than sets


Rows = Iterable[tuple[Cell | None, ...]]


def _questions_per(rows: Rows, questions: dict[str, tuple[str, ...]],
                   signers: defaultdict[tuple[str, str], set[str]] | None = None) -> Iterator[Tally]:
    """A group query's (document, group, question set, date) rows, sorted by group, as question sets and questions
    by day; with `signers`, also each (document, question set)'s groups (the members, for `_pairs`)."""
    counter = _Counter(("questionSets", "questions"))
    for doc, group, question_set, submitted in rows:
        grouped, day, signed = _group(group), _date(submitted), _value(question_set)
        yield from counter.next_group(grouped)
        counter.add(grouped, "questionSets", signed, day)
        for number in questions.get(_value(doc), ()):
            counter.add(grouped, "questions", f"{signed} {number}", day)
        if signers is not None:
            signers[(_value(doc), signed)].add(_value(group))
    yield from counter.drain()


def _questions_per_month(store: Store, questions: dict[str, tuple[str, ...]]) -> Iterator[Tally]:
    counter = _Counter(("questionSets", "questions"))
    for doc, question_set, submitted, month in store.solutions(_MONTHS):
        grouped, day, signed = (Literal(_value(month)),), _date(submitted), _value(question_set)
        yield from counter.next_group(grouped)
        counter.add(grouped, "questionSets", signed, day)
        for number in questions.get(_value(doc), ()):
            counter.add(grouped, "questions", f"{signed} {number}", day)
    yield from counter.drain()


def _sources(store: Store) -> Iterator[Tally]:
    counter = _Counter(("pages", "questionSets"))
    for _, page, source, label, question_set, submitted in store.solutions(_CITATIONS):
        grouped, day = _group(source), _date(submitted)
        yield from counter.next_group(grouped)
        counter.add(grouped, "pages", _value(page), day)
        counter.add(grouped, "questionSets", _value(question_set), day)
        if label is not None:
            counter.label(grouped, day, label.value)
    yield from counter.drain()


def _pairs(signers: dict[tuple[str, str], set[str]]) -> dict[tuple[str, str], int]:
    """co-asker-pairs: the distinct question sets of the documents each pair of askers signed together (member1
    sorts first, by IRI as the query's STR compares), from the members of each (document, question set)."""
    together: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for (_, signed), members in signers.items():
        ordered = sorted(members)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1:]:
                together[(first, second)].add(signed)
    return {pair: len(sets) for pair, sets in together.items()}


def _answer_times(store: Store) -> Iterator[Tally]:
    """answer-time: answer documents per (ministry, days, delayed), by the ontvangen date."""
    counter = _Counter(("answers",))
    for answer, ministry, days, delayed, received in store.solutions(_ANSWERS):
        if days is None or delayed is None:
            continue  # a duration the query cannot read as days (none between two xsd:dates)
        grouped = (URIRef(_value(ministry)), Literal(int(days.value)), Literal(int(delayed.value)))
        yield from counter.next_group(grouped)
        counter.add(grouped, "answers", _value(answer), _date(received))
    yield from counter.drain()


def _statutes(store: Store) -> Iterator[Tally]:
    """statutes-per-ministry: question sets per (ministry, statute); undated, as the query has no date range."""
    counter = _Counter(("questionSets",))
    for ministry, statute, question_set in store.solutions(_STATUTES):
        grouped = (URIRef(_value(ministry)), URIRef(_value(statute)))
        yield from counter.next_group(grouped)
        counter.add(grouped, "questionSets", _value(question_set), None)
    yield from counter.drain()


def _latest_parties(store: Store) -> dict[str, set[str]]:
    """Each member's parties on the day of their latest document (the day as questions-per-member compares it)."""
    latest: dict[str, str] = {}
    parties: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for member, day, party in store.solutions(_LATEST):
        who, when = _value(member), _value(day)
        if who not in latest or when > latest[who]:
            latest[who] = when
        if party is not None and party.kind == "uri":
            parties[(who, when)].add(party.value)
    return {member: parties[(member, day)] for member, day in latest.items() if parties.get((member, day))}


# --- the graph -------------------------------------------------------------------------------------------------


# The terms of a group's further parts (see `Group`), by aggregation.
_MORE_GROUP_TERMS = {"answer-time": (KGR.days, KGR.delayed), "statutes-per-ministry": (KGR.statute,)}


def rollup_triples(store: Store) -> Iterator[tuple[Node, Node, Node]]:
    """The rollups graph's triples, computed from the store's default graph."""
    graph = _graph()
    yield graph, RDF.type, KGR.Rollups
    questions = _questions(store)
    signers: defaultdict[tuple[str, str], set[str]] = defaultdict(set)  # (document, question set) -> members
    # Each aggregation is counted a group at a time from rows that stream sorted by group (`_Counter`).
    counters: dict[str, Callable[[], Iterator[Tally]]] = {
        "questions-per-member": lambda: _questions_per(
            store.solutions(_group_query(_GROUPS["questions-per-member"])), questions, signers),
        "questions-per-ministry": lambda: _questions_per(
            store.solutions(_group_query(_GROUPS["questions-per-ministry"])), questions),
        "questions-per-party": lambda: _questions_per(
            store.solutions(_group_query(_GROUPS["questions-per-party"])), questions),
        "questions-per-month": lambda: _questions_per_month(store, questions),
        "top-sources": lambda: _sources(store),
        "answer-time": lambda: _answer_times(store),
        "statutes-per-ministry": lambda: _statutes(store),
    }
    for aggregation in sorted(counters):
        for group, first, last, measures, label in counters[aggregation]():
            tally = _tally_iri(graph, aggregation, group, first, last)
            yield tally, RDF.type, KGR.Tally
            yield tally, KGR.aggregation, Literal(aggregation)
            yield tally, KGR.group, group[0]
            for term, value in zip(_MORE_GROUP_TERMS.get(aggregation, ()), group[1:]):
                yield tally, term, value
            if first is not None and last is not None:
                yield tally, KGR.dateFrom, Literal(first, datatype=XSD.date)
                yield tally, KGR.dateTo, Literal(last, datatype=XSD.date)
            for measure, count in sorted(measures.items()):
                yield tally, KGR[measure], Literal(count)
            if label is not None:
                yield tally, KGR.label, Literal(label)
    del questions
    pairs = _pairs(signers)
    del signers
    for (first, second), count in sorted(pairs.items()):
        tally = _tally_iri(graph, "co-asker-pairs", (URIRef(first), URIRef(second)), None, None)
        yield tally, RDF.type, KGR.Tally
        yield tally, KGR.aggregation, Literal("co-asker-pairs")
        yield tally, KGR.member1, URIRef(first)
        yield tally, KGR.member2, URIRef(second)
        yield tally, KGR.questionSets, Literal(count)
    for question_set, case, status, postponed in store.solutions(_OPEN):
        key = (URIRef(_value(question_set)), *((URIRef(case.value),) if case is not None else ()))
        tally = _tally_iri(graph, "open-questions", key, None, None)
        yield tally, RDF.type, KGR.Tally
        yield tally, KGR.aggregation, Literal("open-questions")
        yield tally, KGR.group, key[0]
        if case is not None:
            yield tally, KGR.case, key[1]
        yield tally, KGR.status, Literal(_value(status))
        yield tally, KGR.postponed, Literal(_value(postponed) == "true")
    # On a tally node of its own, like every rollup: a fact on the member's node would join the member's
    # description (its Linked Data page, `DESCRIBE`) though it is only an index.
    for member, parties in sorted(_latest_parties(store).items()):
        tally = _tally_iri(graph, "latest-party", (URIRef(member),), None, None)
        yield tally, RDF.type, KGR.Tally
        yield tally, KGR.aggregation, Literal("latest-party")
        yield tally, KGR.group, URIRef(member)
        for party in sorted(parties):
            yield tally, KGR.latestParty, URIRef(party)


def _tally_iri(graph: URIRef, aggregation: str, group: Group, first: Day, last: Day) -> URIRef:
    # Named by a hash of what it counts, so that the same store gives the same IRIs (and the same graph digest).
    key = "\t".join((aggregation, *(term.n3() for term in group), first or "", last or ""))
    return URIRef(f"{graph}/{aggregation}/{hashlib.sha256(key.encode('utf-8')).hexdigest()[:24]}")


def put_rollups(store: Store) -> None:
    """Count what the library's aggregations count over the whole store and replace the rollups graph with the
    counts (only the triples that changed are written: `Store.replace_graph`)."""
    store.replace_graph(str(_graph()), ntriples_lines(rollup_triples(store), ROLLUPS_SOURCE), ROLLUPS_SOURCE)
