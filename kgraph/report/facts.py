"""What the report shows, read from the store: counts, SHACL status, top tables, the co-asker network and answer
times. Pure data (no HTML), so it can be tested on a small store and drawn in any way.

The top tables are the query library's named queries (kgraph/queries/*.rq, `kgraph query --name`), so the page
and the command line count alike; each table's note is its query's description. Only what the library has no
query for is asked here: the counts, and one row per answer document for the answer-time plot.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

import networkx as nx

from kgraph.library import named_query, run_named_query
from kgraph.store import Store
from kgraph.validate import merge, validate_graph
from kgraph.views import co_asker_network

# How many rows each top table shows.
TOP = 10
# Days an answer may take: the Tweede Kamer's rules of procedure give the government three weeks to answer.
ANSWER_TERM_DAYS = 21
# How many SHACL messages the report quotes when the graph does not conform.
_SHACL_EXAMPLES = 5

_DOCUMENT_KINDS = """
SELECT ?kind (COUNT(DISTINCT ?doc) AS ?n) WHERE {
  VALUES ?kind { kg:QuestionSet kg:AnswerDocument kg:PostponementNotice kg:OtherDocument }
  ?doc a ?kind
} GROUP BY ?kind
"""

# One count per line of the summary; each branch binds its own variable, so COUNT(DISTINCT) counts within it.
_COUNTS = """
SELECT (COUNT(DISTINCT ?question) AS ?questions) (COUNT(DISTINCT ?answer) AS ?answers)
       (COUNT(DISTINCT ?person) AS ?people) (COUNT(DISTINCT ?party) AS ?parties)
       (COUNT(DISTINCT ?ministry) AS ?ministries) (COUNT(DISTINCT ?source) AS ?sources)
       (COUNT(DISTINCT ?statute) AS ?statutes) WHERE {
  { ?question a schema:Question }
  UNION { ?answer a schema:Answer }
  UNION { ?person a foaf:Person }
  UNION { ?attribution prov:hadRole kg:asker ; kg:party ?party }
  UNION { ?doc kg:addressedTo/org:postIn ?ministry }
  UNION { ?note a kg:Footnote ; schema:citation ?source }
  UNION { ?statute a eli:LegalResource }
}
"""

# One row per (answer document, ministry of a post it was answered from), as the library's answer-time query
# counts them, for the plot's dots.
_ANSWER_TIMES = """
SELECT DISTINCT ?doc ?ministry ?submitted ?received WHERE {
  ?doc a kg:AnswerDocument ; dcterms:dateSubmitted ?submitted ; kg:dateReceived ?received ;
       kg:answererPost/org:postIn/skos:prefLabel ?ministry .
}
"""

_KIND_LABELS = {
    "https://w3id.org/kgraph/def#QuestionSet": "question sets",
    "https://w3id.org/kgraph/def#AnswerDocument": "answer documents",
    "https://w3id.org/kgraph/def#PostponementNotice": "postponement notices",
    "https://w3id.org/kgraph/def#OtherDocument": "other documents",
}


@dataclass(frozen=True, slots=True)
class Table:
    """A table for the page: a heading, column names, rows of text, and a note on what is counted."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Shacl:
    conforms: bool
    violations: int
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AnswerTime:
    """One answer document's days from submission (ingezonden) to receipt of the answer (ontvangen)."""

    ministry: str
    document: str
    days: int


@dataclass(frozen=True, slots=True)
class MinistryTimes:
    ministry: str
    days: tuple[int, ...]  # sorted

    @property
    def median(self) -> float:
        return float(statistics.median(self.days))


@dataclass(frozen=True)
class Facts:
    store: str
    counts: tuple[tuple[str, int], ...]
    shacl: Shacl
    tables: tuple[Table, ...]
    network: nx.Graph
    answer_times: tuple[AnswerTime, ...]
    answer_table: Table

    def times_per_ministry(self) -> tuple[MinistryTimes, ...]:
        """Answer times grouped by ministry, the slowest median first (then by name)."""
        grouped: dict[str, list[int]] = {}
        for item in self.answer_times:
            grouped.setdefault(item.ministry, []).append(item.days)
        times = [MinistryTimes(ministry, tuple(sorted(days))) for ministry, days in grouped.items()]
        return tuple(sorted(times, key=lambda t: (-t.median, t.ministry)))


def collect(store: Store, name: str) -> Facts:
    """Everything the report shows about `store` (`name` is how the page names it)."""
    network = co_asker_network(store)
    tables = (
        _library_table(store, "parties", "Questions per party", "questions-per-party",
                       (("name", "party"), ("questionSets", "question sets"), ("questions", "questions"))),
        _library_table(store, "ministries", "Questions per ministry", "questions-per-ministry",
                       (("name", "ministry"), ("questionSets", "question sets"), ("questions", "questions"))),
        _library_table(store, "publishers", "Most cited sources", "top-sources",
                       (("name", "publisher"), ("pages", "pages"), ("questionSets", "question sets"))),
        _library_table(store, "pairs", "Co-asker pairs", "co-asker-pairs",
                       (("name1", "member"), ("name2", "member"), ("questionSets", "question sets"))),
    )
    answer_table = _library_table(
        store, "answer-time", "Answer time per ministry", "answer-time",
        (("name", "ministry"), ("answers", "answers"), ("meanDays", "mean days"), ("minDays", "shortest"),
         ("maxDays", "longest"), ("overTerm", f"over {ANSWER_TERM_DAYS} days"), ("postponed", "postponed")),
        top=None,
    )
    return Facts(name, _counts(store), _shacl(store), tables, network, _answer_times(store), answer_table)


def _counts(store: Store) -> tuple[tuple[str, int], ...]:
    kinds = {kind: int(n or 0) for kind, n in store.query(_DOCUMENT_KINDS).rows if kind is not None}
    counts: list[tuple[str, int]] = [("documents", sum(kinds.values()))]
    counts += [(label, kinds[kind]) for kind, label in _KIND_LABELS.items() if kinds.get(kind)]
    found = store.query(_COUNTS)
    if found.rows:
        labels = ("questions", "answers", "people", "parties asking", "ministries addressed", "cited sources",
                  "statutes cited")
        counts += [(label, int(value or 0)) for label, value in zip(labels, found.rows[0], strict=True)]
    counts.append(("triples", store.triple_count()))
    return tuple(counts)


def _shacl(store: Store) -> Shacl:
    # Per document, as `kgraph validate` does: whole-graph SHACL costs memory that grows with the store.
    report = merge(validate_graph(store.document_graph(doc.graph)) for doc in store.documents())
    examples = tuple(f"{v.focus}: {v.message}" for v in report.violations[:_SHACL_EXAMPLES])
    return Shacl(report.conforms, len(report.violations), examples)


def _library_table(
    store: Store, key: str, title: str, query: str, columns: tuple[tuple[str, str], ...], top: int | None = TOP,
) -> Table:
    """The first `top` rows of a named query, with `columns` as (variable, heading)."""
    named = named_query(query)
    result = run_named_query(store, query)
    index = {variable: i for i, variable in enumerate(result.variables)}
    rows = tuple(
        tuple(row[index[variable]] or "" for variable, _ in columns) for row in result.rows[:top]
    )
    return Table(key, title, tuple(heading for _, heading in columns), rows,
                 note=f"{named.description} (kgraph query --name {query})")


def _answer_times(store: Store) -> tuple[AnswerTime, ...]:
    times = []
    for doc, ministry, submitted, received in store.query(_ANSWER_TIMES).rows:
        if doc is None or ministry is None or submitted is None or received is None:
            continue
        try:
            days = (date.fromisoformat(received) - date.fromisoformat(submitted)).days
        except ValueError:
            continue  # a malformed date is SHACL's to report, not the plot's
        if days >= 0:
            times.append(AnswerTime(ministry, doc, days))
    return tuple(sorted(times, key=lambda t: (t.ministry, t.days, t.document)))
