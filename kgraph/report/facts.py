"""What the report shows, read from the store: counts, SHACL status, top tables, the co-asker network and answer
times. Pure data (no HTML), so it can be tested on a small store and drawn in any way.

The top tables are the query library's named queries (kgraph/queries/*.rq, `kgraph query --name`), so the page
and the command line count alike; each table's note is its query's description. Only what the library has no
query for is asked here: the counts, and one row per answer document for the answer-time plot.
"""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import networkx as nx

from kgraph.library import named_query, run_named_query
from kgraph.store import Store
from kgraph.validate import validate_store
from kgraph.views import co_asker_network

if TYPE_CHECKING:
    from kgraph.progress import Progress

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
  ?doc a kg:AnswerDocument ; kg:questionsSubmitted|dcterms:dateSubmitted ?submitted ; kg:dateReceived ?received ;
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
    """A table for the page: a heading, column names, rows of text, and a note on what is counted. `links`, when
    given, has a row of addresses (or None) for each row: the page links the cell to it."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    links: tuple[tuple[str | None, ...], ...] = ()

    def csv(self) -> str:
        """The table as CSV (RFC 4180), a column "<name> link" after each column that has links.

        >>> print(Table("t", "T", ("a", "b"), (("x", "1"),), links=(("https://e.org/x", None),)).csv(), end="")
        a,a link,b
        x,https://e.org/x,1
        """
        linked = [any(row[i] for row in self.links) for i in range(len(self.columns))] if self.links else []
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        header: list[str] = []
        for i, column in enumerate(self.columns):
            header += [column, f"{column} link"] if linked and linked[i] else [column]
        writer.writerow(header)
        for r, row in enumerate(self.rows):
            cells: list[str] = []
            for i, cell in enumerate(row):
                cells.append(cell)
                if linked and linked[i]:
                    cells.append(self.links[r][i] or "")
            writer.writerow(cells)
        return out.getvalue().replace("\r\n", "\n")


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


@dataclass(frozen=True, slots=True)
class Month:
    """Question sets submitted in one month (YYYY-MM)."""

    month: str
    question_sets: int
    questions: int


@dataclass(frozen=True)
class Facts:
    """What the page shows. `period` is the first and last date any document prints (ingezonden, ontvangen);
    `as_of`, the last of them, is the date open questions' days are counted to, so the same store always gives
    the same page."""

    store: str
    counts: tuple[tuple[str, int], ...]
    shacl: Shacl
    tables: tuple[Table, ...]
    network: nx.Graph
    answer_times: tuple[AnswerTime, ...]
    answer_table: Table
    period: tuple[str, str] | None = None
    months: tuple[Month, ...] = ()
    month_table: Table = field(default_factory=lambda: Table("months", "Questions per month", (), ()))
    late: Table = field(default_factory=lambda: Table("late", "Late answers", (), ()))
    open: Table = field(default_factory=lambda: Table("open", "Open questions", (), ()))
    members: Table = field(default_factory=lambda: Table("members", "Questions per member", (), ()))
    ministers: Table = field(default_factory=lambda: Table("ministers", "Questions per minister", (), ()))
    documents: Table = field(default_factory=lambda: Table("documents", "Documents", (), ()))
    sources: Table = field(default_factory=lambda: Table("sources", "Cited articles", (), ()))

    @property
    def as_of(self) -> str | None:
        return self.period[1] if self.period else None

    def times_per_ministry(self) -> tuple[MinistryTimes, ...]:
        """Answer times grouped by ministry, the slowest median first (then by name)."""
        grouped: dict[str, list[int]] = {}
        for item in self.answer_times:
            grouped.setdefault(item.ministry, []).append(item.days)
        times = [MinistryTimes(ministry, tuple(sorted(days))) for ministry, days in grouped.items()]
        return tuple(sorted(times, key=lambda t: (-t.median, t.ministry)))


# The steps of `collect` that `progress` sees, besides one per document graph validated.
_STEPS = 7


def collect(store: Store, name: str, progress: Progress | None = None) -> Facts:
    """Everything the report shows about `store` (`name` is how the page names it); `progress` sees each step
    and each document graph validated (the SHACL status: most of the time on a large store)."""

    def done(step: str) -> None:
        if progress is not None:
            progress.advance(step)

    if progress is not None:
        progress.extend(_STEPS)
    shacl = _shacl(store, progress)
    network = co_asker_network(store)
    done("co-asker network")
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
    done("top tables")
    documents = _documents(store)
    period = _period(store)
    months = _months(store)
    done("documents and months")
    late = _late(store, documents)
    still_open = _open(store, documents, period[1] if period else None)
    done("late and open questions")
    members = _library_table(store, "members", "Questions per member", "questions-per-member",
                             (("name", "member"), ("party", "party"), ("questionSets", "question sets"),
                              ("questions", "questions")), top=None)
    ministers = _ministers(store)
    done("members and ministers")
    sources = _sources(store, documents)
    done("cited articles")
    counts, answer_times = _counts(store), _answer_times(store)
    done("counts and answer times")
    return Facts(
        name, counts, shacl, tables, network, answer_times, answer_table,
        period=period,
        months=months,
        month_table=Table("months", "Questions per month", ("month", "question sets", "questions"),
                          tuple((m.month, str(m.question_sets), str(m.questions)) for m in months),
                          note=f"{named_query('questions-per-month').description} (kgraph query --name "
                               "questions-per-month)"),
        late=late,
        open=still_open,
        members=members,
        ministers=ministers,
        documents=_document_table(documents),
        sources=sources,
    )


@dataclass(frozen=True, slots=True)
class _Document:
    iri: str
    identifier: str
    kind: str
    title: str
    submitted: str
    received: str
    page: str | None
    file: str = ""

    @property
    def name(self) -> str:
        """How the page names the document: its identifier, else the name of the file it was read from."""
        return self.identifier or self.file or self.iri


def _documents(store: Store) -> dict[str, _Document]:
    from kgraph.tables import TABLES, rows

    table = next(t for t in TABLES if t.name == "documents")
    index = {name: i for i, name in enumerate(table.column_names)}
    found = {}
    for row in rows(store, table):
        def cell(name: str) -> str:
            return row[index[name]] or ""

        iri = cell("document")
        found[iri] = _Document(iri, cell("identifier"), cell("kind"), cell("title"),
                               cell("submitted") or cell("questions_submitted"), cell("received"), cell("page") or None,
                               cell("file"))
    return found


_DATES = """
SELECT (MIN(?date) AS ?first) (MAX(?date) AS ?last) WHERE {
  ?doc kg:sha256 ?hash ; dcterms:dateSubmitted|kg:questionsSubmitted|kg:dateReceived ?date .
}
"""


def _period(store: Store) -> tuple[str, str] | None:
    found = store.query(_DATES).rows
    if not found or found[0][0] is None or found[0][1] is None:
        return None
    first, last = found[0]
    return (str(first), str(last))


def _months(store: Store) -> tuple[Month, ...]:
    result = run_named_query(store, "questions-per-month")
    index = {variable: i for i, variable in enumerate(result.variables)}
    months = [Month(str(row[index["month"]]), int(row[index["questionSets"]] or 0), int(row[index["questions"]] or 0))
              for row in result.rows if row[index["month"]]]
    return tuple(sorted(months, key=lambda m: m.month))


def _days(submitted: str, received: str) -> int | None:
    try:
        return (date.fromisoformat(received) - date.fromisoformat(submitted)).days
    except ValueError:
        return None


def _late(store: Store, documents: dict[str, _Document]) -> Table:
    """Answer documents received more than the term after the questions were submitted, the latest first."""
    ministries: dict[str, set[str]] = {}
    for answer, ministry, _, _ in store.query(_ANSWER_TIMES).rows:
        if answer is not None and ministry is not None:
            ministries.setdefault(answer, set()).add(ministry)
    late = []
    for iri, doc in documents.items():
        days = _days(doc.submitted, doc.received) if doc.kind == "answer" else None
        if days is not None and days > ANSWER_TERM_DAYS:
            late.append((days, doc, "; ".join(sorted(ministries.get(iri, ())))))
    late.sort(key=lambda item: (-item[0], item[1].name))
    return Table(
        "late", "Late answers", ("answer", "title", "ministry", "ingezonden", "ontvangen", "days"),
        tuple((doc.name, doc.title, ministry, doc.submitted, doc.received, str(days)) for days, doc, ministry in late),
        note=f"Answer documents received more than {ANSWER_TERM_DAYS} days (the three-week term) after the questions "
             "were submitted, the longest first; the answer links to its public page where it has one.",
        links=tuple((doc.page, None, None, None, None, None) for _, doc, _ in late),
    )


def _open(store: Store, documents: dict[str, _Document], as_of: str | None) -> Table:
    # Question sets without a case are listed too, marked "no case linked": the reader decides what they are.
    values = {"includeUnlinked": "true", **({"asOf": as_of} if as_of else {})}
    result = run_named_query(store, "open-questions", values)
    index = {variable: i for i, variable in enumerate(result.variables)}
    rows = []
    for row in result.rows:
        iri = row[index["questionSet"]] or ""
        doc = documents.get(iri)
        days = row[index["daysOpen"]] or ""
        rows.append((days, doc.name if doc else iri, row[index["title"]] or "", row[index["submitted"]] or "",
                     row[index["status"]] or "", "yes" if row[index["postponed"]] == "true" else "",
                     doc.page if doc else None))
    rows.sort(key=lambda r: (-int(r[0]) if r[0].lstrip("-").isdigit() else 1, r[1]))
    counted = f" to {as_of}, the last date in the store" if as_of else ""
    return Table(
        "open", "Open questions", ("question set", "title", "ingezonden", "days open", "status", "postponed"),
        tuple((name, title, submitted, days, status, postponed) for days, name, title, submitted, status, postponed, _ in rows),
        note=f"{named_query('open-questions').description} Days open are counted{counted}. "
             "(kgraph query --name open-questions)",
        links=tuple((page, None, None, None, None, None) for *_, page in rows),
    )


_ADDRESSED = """
SELECT ?post (MIN(STR(?label)) AS ?name) (COUNT(DISTINCT ?set) AS ?questionSets) WHERE {
  ?doc kg:addressedTo ?post . ?post rdfs:label ?label .
  OPTIONAL { ?doc kg:case ?case } BIND(COALESCE(?case, ?doc) AS ?set)
} GROUP BY ?post
"""

_ANSWERED = """
SELECT DISTINCT ?doc ?post ?label ?submitted ?received WHERE {
  ?doc a kg:AnswerDocument ; kg:answererPost ?post . ?post rdfs:label ?label .
  OPTIONAL { ?doc kg:questionsSubmitted|dcterms:dateSubmitted ?submitted } OPTIONAL { ?doc kg:dateReceived ?received }
}
"""

# Who held a post: org:heldBy, or an org:Membership that names the post it is the holding of (kg:heldPost).
_HOLDERS = """
SELECT DISTINCT ?post ?name WHERE {
  { ?post org:heldBy/foaf:name ?name } UNION { ?membership kg:heldPost ?post ; org:member/foaf:name ?name }
}
"""


def _ministers(store: Store) -> Table:
    """Per post (minister, state secretary): who held it in the graph, the question sets addressed to it, the
    answers given from it, their median days and how many were late."""
    names: dict[str, str] = {}
    addressed: dict[str, int] = {}
    for post, name, sets in store.query(_ADDRESSED).rows:
        if post is not None:
            names[post] = name or post
            addressed[post] = int(sets or 0)
    answers: dict[str, set[str]] = {}
    days: dict[str, list[int]] = {}
    for doc, post, label, submitted, received in store.query(_ANSWERED).rows:
        if doc is None or post is None:
            continue
        names.setdefault(post, label or post)
        answers.setdefault(post, set()).add(doc)
        took = _days(submitted or "", received or "")
        if took is not None and took >= 0:
            days.setdefault(post, []).append(took)
    holders: dict[str, set[str]] = {}
    for post, name in store.query(_HOLDERS).rows:
        if post is not None and name is not None:
            holders.setdefault(post, set()).add(name)
    order = sorted(names, key=lambda post: (-addressed.get(post, 0), -len(answers.get(post, ())), names[post]))
    rows = []
    for post in order:
        taken = sorted(days.get(post, []))
        median = f"{statistics.median(taken):g}" if taken else ""
        late = str(sum(1 for d in taken if d > ANSWER_TERM_DAYS)) if taken else ""
        rows.append((names[post], ", ".join(sorted(holders.get(post, ()))), str(addressed.get(post, 0)),
                     str(len(answers.get(post, ()))), median, late))
    return Table(
        "ministers", "Questions per minister",
        ("post", "held by", "question sets addressed", "answers", "median days", f"over {ANSWER_TERM_DAYS} days"),
        tuple(rows),
        note="Per post the questions are addressed to (kg:addressedTo) and answered from (kg:answererPost): the "
             "people the graph names as holding it, question sets addressed to it (one per case, or per document "
             "without one), answer documents from it, and their days from ingezonden to ontvangen.",
    )


_KIND_NAMES = {"questions": "question set", "answer": "answer", "postponement": "postponement notice",
               "other": "other"}


def _document_table(documents: dict[str, _Document]) -> Table:
    ordered = sorted(documents.values(), key=lambda d: (d.submitted or d.received or "9999", d.name))
    return Table(
        "documents", "Documents", ("document", "kind", "title", "ingezonden", "ontvangen"),
        tuple((d.name, _KIND_NAMES.get(d.kind, d.kind), d.title, d.submitted, d.received) for d in ordered),
        note="Every document in the store, by date of submission; the identifier links to its public page on "
             "zoek.officielebekendmakingen.nl where the document prints one.",
        links=tuple((d.page, None, None, None, None) for d in ordered),
    )


def _sources(store: Store, documents: dict[str, _Document]) -> Table:
    """Every web page a footnote cites, with its publisher and date, and the document that cites it."""
    from kgraph.tables import TABLES, rows

    table = next(t for t in TABLES if t.name == "cited_pages")
    index = {name: i for i, name in enumerate(table.column_names)}
    seen: dict[tuple[str, str], tuple[str, ...]] = {}
    for row in rows(store, table):
        page, doc = row[index["page"]] or "", row[index["document"]] or ""
        cited = documents.get(doc)
        seen[(page, doc)] = (row[index["headline"]] or page, row[index["publisher_name"]] or "",
                             row[index["published"]] or "", cited.name if cited else doc, cited.page or "" if cited else "")
    ordered = sorted(seen.items(), key=lambda item: (item[1][2] or "9999", item[0][0], item[0][1]))
    return Table(
        "sources", "Cited articles", ("article", "publisher", "published", "cited in"),
        tuple(values[:4] for _, values in ordered),
        note="Every web page a footnote cites, by date of publication where the linking stage found it; each "
             "links to the page, and the citing document to its public page.",
        links=tuple((page, None, None, values[4] or None) for (page, _), values in ordered),
    )


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


def _shacl(store: Store, progress: Progress | None = None) -> Shacl:
    # Per document, as `kgraph validate` does: whole-graph SHACL costs memory that grows with the store.
    report = validate_store(store, progress)
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
