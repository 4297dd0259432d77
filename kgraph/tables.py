"""Tables for analysts: the store as one table per entity, with keys that join, as CSV files or one SQLite file.

    documents ─┬─ questions ─── answer_questions ─── answers
               ├─ askers ─── people, parties          ├─ footnotes ─── cited_pages
               ├─ addressees, on_behalf_of, answerers ─── ministries
               ├─ references                          └─ links (how each link was made)

Every table has a `document` column (the document's IRI, the key of `documents`; empty only for links the
reference data makes) except the three shared ones (`people`, `parties`, `ministries`, keyed by their IRI). Keys are IRIs, the same as in the graph, so a row can be
looked up with `kgraph query` and joined across tables. Each table is one SPARQL query over the document graphs
(`GRAPH ?document`), so a row belongs to one document, and a person named in forty documents is forty asker rows
and one row of `people`.

CSV (RFC 4180, UTF-8, a header row; the csv module, DuckDB's read_csv and pandas read them as they are) comes with
a CSV on the Web metadata file (https://www.w3.org/TR/tabular-metadata/, `csv-metadata.json`) that gives every
column's datatype and every table's primary and foreign keys. SQLite (stdlib `sqlite3`) declares the same keys and
types. Parquet is left out: writing it needs pyarrow, a 40 MB dependency for one format, while DuckDB and pandas
read both of these directly.

>>> [table.name for table in TABLES][:4]
['documents', 'questions', 'answers', 'answer_questions']
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph.atomic import write_atomically
from kgraph.errors import UsageError
from kgraph.store import Store

if TYPE_CHECKING:
    from kgraph.progress import Progress

__all__ = ["TABLE_FORMATS", "TABLES", "Column", "Table", "read_tables", "write_tables"]

TABLE_FORMATS = ("csv", "sqlite")


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its name (also the SPARQL variable), its type (text, integer, decimal, date, boolean), and the
    table its values are keys of, if any."""

    name: str
    type: str = "text"
    references: str | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """One entity's table: its columns, its primary key and the SPARQL query that gives its rows."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    query: str

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _c(name: str, type_: str = "text", references: str | None = None) -> Column:
    return Column(name, type_, references)


_DOC = _c("document", references="documents")

# The document graphs only: the reference graph (ministries, parties) has no node with kg:sha256.
_IN_DOCUMENT = "GRAPH ?document { ?document kg:sha256 ?sha256 ."

def _posts_query(predicate: str) -> str:
    return f"""
SELECT ?document ?post (MIN(STR(?o)) AS ?office) (MIN(STR(?l)) AS ?post_label) (MIN(?m) AS ?ministry)
       (MIN(STR(?ml)) AS ?ministry_label) WHERE {{
  {_IN_DOCUMENT} ?document {predicate} ?post .
    OPTIONAL {{ ?post rdfs:label ?l }} OPTIONAL {{ ?post org:role/skos:prefLabel ?o }}
    OPTIONAL {{ ?post org:postIn ?m OPTIONAL {{ ?m skos:prefLabel ?ml }} }} }}
}} GROUP BY ?document ?post ORDER BY ?document ?post"""


TABLES: tuple[Table, ...] = (
    Table(
        "documents", "One row per document (question set, answer, postponement notice, other); `submitted` is a "
                     "question set's ingezonden date, `questions_submitted` the one an answer or notice repeats.",
        (_c("document"), _c("identifier"), _c("kind"), _c("title"), _c("submitted", "date"),
         _c("questions_submitted", "date"), _c("received", "date"), _c("oral", "boolean"), _c("file"), _c("sha256"),
         _c("page"), _c("case")),
        ("document",),
        f"""
SELECT ?document (MIN(?id) AS ?identifier) (MIN(?k) AS ?kind) (MIN(STR(?t)) AS ?title) (MIN(?s) AS ?submitted)
       (MIN(?qs) AS ?questions_submitted) (MIN(?r) AS ?received) (MIN(?o) AS ?oral) (MIN(?f) AS ?file) (MIN(?sha256) AS ?sha256) (MIN(?p) AS ?page)
       (MIN(?z) AS ?case) WHERE {{
  {_IN_DOCUMENT}
    OPTIONAL {{ ?document a ?class .
      VALUES (?class ?k) {{ (kg:QuestionSet "questions") (kg:AnswerDocument "answer")
                            (kg:PostponementNotice "postponement") (kg:OtherDocument "other") }} }}
    OPTIONAL {{ ?document dcterms:identifier ?id .
      OPTIONAL {{ ?document <http://www.w3.org/2002/07/owl#sameAs>|rdfs:seeAlso ?p
                  FILTER(STRENDS(STR(?p), CONCAT("/", STR(?id)))) }} }}
    OPTIONAL {{ ?document dcterms:title ?t }}
    OPTIONAL {{ ?document dcterms:dateSubmitted ?s }}
    OPTIONAL {{ ?document kg:questionsSubmitted ?qs }}
    OPTIONAL {{ ?document kg:dateReceived ?r }}
    OPTIONAL {{ ?document kg:oral ?o }}
    OPTIONAL {{ ?document kg:fileName|dcterms:source ?f }}
    OPTIONAL {{ ?document kg:case/dcterms:identifier ?z }}
  }}
}} GROUP BY ?document ORDER BY ?document""",
    ),
    Table(
        "questions", "One row per question: its number as printed, its position in the document and its text.",
        (_c("question"), _DOC, _c("number"), _c("position", "integer"), _c("text")),
        ("question",),
        f"""
SELECT ?question ?document (MIN(?n) AS ?number) (MIN(?p) AS ?position) (MIN(STR(?t)) AS ?text) WHERE {{
  {_IN_DOCUMENT} ?document schema:hasPart ?question . ?question a schema:Question .
    OPTIONAL {{ ?question kg:number ?n }} OPTIONAL {{ ?question schema:position ?p }}
    OPTIONAL {{ ?question schema:text ?t }} }}
}} GROUP BY ?question ?document ORDER BY ?document ?position ?question""",
    ),
    Table(
        "answers", "One row per answer: its position and text; answer_questions says which questions it answers.",
        (_c("answer"), _DOC, _c("position", "integer"), _c("questions"), _c("text")),
        ("answer",),
        f"""
SELECT ?answer ?document (MIN(?p) AS ?position) (GROUP_CONCAT(DISTINCT ?n; separator=" ") AS ?questions)
       (MIN(STR(?t)) AS ?text) WHERE {{
  {_IN_DOCUMENT} ?document schema:hasPart ?answer . ?answer a schema:Answer .
    OPTIONAL {{ ?answer schema:position ?p }} OPTIONAL {{ ?answer schema:text ?t }}
    OPTIONAL {{ ?answer schema:parentItem/kg:number ?n }} }}
}} GROUP BY ?answer ?document ORDER BY ?document ?position ?answer""",
    ),
    Table(
        "answer_questions", "Which question each answer answers (an answer can answer several).",
        (_c("answer", references="answers"), _c("question", references="questions"), _DOC),
        ("answer", "question"),
        f"""
SELECT DISTINCT ?answer ?question ?document WHERE {{
  {_IN_DOCUMENT} ?document schema:hasPart ?answer . ?answer a schema:Answer ; schema:parentItem ?question . }}
}} ORDER BY ?document ?answer ?question""",
    ),
    Table(
        "askers", "One row per asker printed in a document: the person, the name as printed and the party.",
        (_c("attribution"), _DOC, _c("person", references="people"), _c("name"), _c("name_as_printed"),
         _c("party", references="parties"), _c("party_label")),
        ("attribution",),
        f"""
SELECT ?attribution ?document (MIN(?a) AS ?person) (MIN(STR(?n)) AS ?name) (MIN(STR(?printed)) AS ?name_as_printed)
       (MIN(?pt) AS ?party) (MIN(STR(?pl)) AS ?party_label) WHERE {{
  {_IN_DOCUMENT} ?document prov:qualifiedAttribution ?attribution . ?attribution prov:hadRole kg:asker .
    OPTIONAL {{ ?attribution prov:agent ?a OPTIONAL {{ ?a foaf:name ?n }} }}
    OPTIONAL {{ ?attribution kg:nameAsPrinted ?printed }}
    OPTIONAL {{ ?attribution kg:party ?pt OPTIONAL {{ ?pt skos:prefLabel ?pl }} }} }}
}} GROUP BY ?attribution ?document ORDER BY ?document ?attribution""",
    ),
    Table(
        "addressees", "One row per post a document is addressed to (minister, state secretary) and its ministry.",
        (_DOC, _c("post"), _c("office"), _c("post_label"), _c("ministry", references="ministries"),
         _c("ministry_label")),
        ("document", "post"),
        _posts_query("kg:addressedTo"),
    ),
    Table(
        "on_behalf_of", "One row per post an answer is given on behalf of (\"mede namens\").",
        (_DOC, _c("post"), _c("office"), _c("post_label"), _c("ministry", references="ministries"),
         _c("ministry_label")),
        ("document", "post"),
        _posts_query("kg:onBehalfOf"),
    ),
    Table(
        "answerers", "One row per answerer printed in a document: the post, its ministry and, when named, the person.",
        (_c("attribution"), _DOC, _c("post"), _c("office"), _c("post_label"), _c("ministry", references="ministries"),
         _c("ministry_label"), _c("person", references="people"), _c("name"), _c("name_as_printed")),
        ("attribution",),
        f"""
SELECT ?attribution ?document (MIN(?pst) AS ?post) (MIN(STR(?o)) AS ?office) (MIN(STR(?l)) AS ?post_label)
       (MIN(?m) AS ?ministry) (MIN(STR(?ml)) AS ?ministry_label) (MIN(?a) AS ?person) (MIN(STR(?n)) AS ?name)
       (MIN(STR(?printed)) AS ?name_as_printed) WHERE {{
  {_IN_DOCUMENT} ?document prov:qualifiedAttribution ?attribution . ?attribution prov:hadRole kg:answerer .
    OPTIONAL {{ ?attribution kg:post ?pst
      OPTIONAL {{ ?pst rdfs:label ?l }} OPTIONAL {{ ?pst org:role/skos:prefLabel ?o }}
      OPTIONAL {{ ?pst org:postIn ?m OPTIONAL {{ ?m skos:prefLabel ?ml }} }} }}
    OPTIONAL {{ ?attribution prov:agent ?a OPTIONAL {{ ?a foaf:name ?n }} }}
    OPTIONAL {{ ?attribution kg:nameAsPrinted ?printed }} }}
}} GROUP BY ?attribution ?document ORDER BY ?document ?attribution""",
    ),
    Table(
        "footnotes", "One row per footnote: its number as printed and its text.",
        (_c("footnote"), _DOC, _c("number"), _c("text")),
        ("footnote",),
        f"""
SELECT ?footnote ?document (MIN(?n) AS ?number) (MIN(STR(?t)) AS ?text) WHERE {{
  {_IN_DOCUMENT} ?document schema:hasPart ?footnote . ?footnote a kg:Footnote .
    OPTIONAL {{ ?footnote kg:number ?n }} OPTIONAL {{ ?footnote schema:text ?t }} }}
}} GROUP BY ?footnote ?document ORDER BY ?document ?footnote""",
    ),
    Table(
        "cited_pages", "One row per web page a footnote cites, with its publisher, date and headline where known.",
        (_c("footnote", references="footnotes"), _DOC, _c("page"), _c("publisher"), _c("publisher_name"),
         _c("published", "date"), _c("headline")),
        ("footnote", "page"),
        f"""
SELECT ?footnote ?document ?page (MIN(?pb) AS ?publisher) (MIN(STR(?pn)) AS ?publisher_name)
       (MIN(?d) AS ?published) (MIN(STR(?h)) AS ?headline) WHERE {{
  {_IN_DOCUMENT} ?document schema:hasPart ?footnote . ?footnote a kg:Footnote ; schema:citation ?page .
    OPTIONAL {{ ?page schema:publisher ?pb OPTIONAL {{ ?pb schema:name ?pn }} }}
    OPTIONAL {{ ?page schema:datePublished ?d }} OPTIONAL {{ ?page schema:headline ?h }} }}
}} GROUP BY ?footnote ?document ?page ORDER BY ?document ?footnote ?page""",
    ),
    Table(
        "references", "One row per thing a document cites by identifier: Kamerstuk, Aanhangsel publication, case, "
                      "statute or article; `role` says when it is more than a citation.",
        (_DOC, _c("reference"), _c("kind"), _c("identifier"), _c("role"), _c("statute")),
        ("document", "reference"),
        f"""
SELECT ?document ?reference (MIN(?k) AS ?kind) (MIN(STR(?i)) AS ?identifier)
       (GROUP_CONCAT(DISTINCT ?r; separator=" ") AS ?role) (MIN(?st) AS ?statute) WHERE {{
  {_IN_DOCUMENT} ?document dcterms:references ?reference .
    OPTIONAL {{ ?reference a ?class .
      VALUES (?class ?k) {{ (kg:Kamerstuk "kamerstuk") (kg:AanhangselPublication "aanhangsel") (kg:Zaak "case")
                            (eli:LegalResource "statute") (eli:LegalResourceSubdivision "article") }} }}
    OPTIONAL {{ ?reference dcterms:identifier|eli:id_local ?i }}
    OPTIONAL {{ ?reference eli:is_part_of ?st }}
    OPTIONAL {{ ?document ?relation ?reference .
      VALUES (?relation ?r) {{ (rdfs:seeAlso "see_also") (kg:followsUp "follows_up") (kg:answeredIn "answered_in") }} }} }}
}} GROUP BY ?document ?reference ORDER BY ?document ?reference""",
    ),
    Table(
        "links", "One row per link the linking stage made: what was linked (target) to what (body), by which rule "
                 "and how sure; `document` is empty for links of the reference data.",
        (_c("annotation"), _DOC, _c("target"), _c("body"), _c("rule"), _c("confidence", "decimal")),
        ("annotation",),
        f"""
SELECT ?annotation (MIN(?d) AS ?document) (MIN(?t) AS ?target) (MIN(?b) AS ?body) (MIN(STR(?r)) AS ?rule)
       (MIN(?c) AS ?confidence) WHERE {{
  GRAPH ?g {{ ?annotation a kg:LinkAnnotation .
    OPTIONAL {{ ?g kg:sha256 ?hash BIND(?g AS ?d) }}
    OPTIONAL {{ ?annotation oa:hasTarget ?t }} OPTIONAL {{ ?annotation oa:hasBody ?b }}
    OPTIONAL {{ ?annotation kg:linkRule ?r }} OPTIONAL {{ ?annotation kg:confidence ?c }} }}
}} GROUP BY ?annotation ORDER BY ?document ?annotation""",
    ),
    Table(
        "people", "One row per person (askers and answerers), shared by all documents.",
        (_c("person"), _c("name")),
        ("person",),
        """
SELECT ?person (MIN(STR(?n)) AS ?name) WHERE { ?person a foaf:Person OPTIONAL { ?person foaf:name ?n } }
GROUP BY ?person ORDER BY ?person""",
    ),
    Table(
        "parties", "One row per party or fraction.",
        (_c("party"), _c("label")),
        ("party",),
        """
SELECT ?party (MIN(STR(?l)) AS ?label) WHERE { ?party a kg:PoliticalParty OPTIONAL { ?party skos:prefLabel ?l } }
GROUP BY ?party ORDER BY ?party""",
    ),
    Table(
        "ministries", "One row per ministry (department).",
        (_c("ministry"), _c("label")),
        ("ministry",),
        """
SELECT ?ministry (MIN(STR(?l)) AS ?label) WHERE { ?ministry a kg:Ministry OPTIONAL { ?ministry skos:prefLabel ?l } }
GROUP BY ?ministry ORDER BY ?ministry""",
    ),
)


def rows(store: Store, table: Table) -> Iterator[tuple[str | None, ...]]:
    """The rows of `table` in `store`, as text (None for an empty cell), in key order."""
    result = store.query(table.query)
    index = [result.variables.index(name) for name in table.column_names]
    for row in result.rows:
        yield tuple(row[i] for i in index)


def write_tables(store: Store, target: str | os.PathLike[str], fmt: str | None = None,
                 progress: Progress | None = None) -> dict[str, int]:
    """Write every table of `store` to `target`: a folder of CSV files (with csv-metadata.json and the dataset
    description dataset.ttl), or one SQLite file. `fmt` is csv or sqlite; by default sqlite for a target ending in
    .sqlite, .sqlite3 or .db, else csv. Returns the number of rows per table; `progress` sees each table."""
    path = Path(target)
    chosen = fmt or ("sqlite" if path.suffix.lower() in (".sqlite", ".sqlite3", ".db") else "csv")
    if chosen not in TABLE_FORMATS:
        raise UsageError(f"unknown table format {chosen!r}; available: {', '.join(TABLE_FORMATS)}")
    if progress is not None:
        progress.extend(len(TABLES) + 1)
    data = {}
    for table in TABLES:
        data[table.name] = list(rows(store, table))
        if progress is not None:
            progress.advance(table.name)
    if chosen == "csv":
        _write_csv(path, data, store)
    else:
        _write_sqlite(path, data)
    if progress is not None:
        progress.advance("written")
    return {name: len(found) for name, found in data.items()}


def _write_csv(folder: Path, data: dict[str, list[tuple[str | None, ...]]], store: Store) -> None:
    from kgraph.dataset import describe

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: exists and is not a folder; CSV tables go into a folder")
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        text = io.StringIO(newline="")
        writer = csv.writer(text, lineterminator="\r\n")  # RFC 4180
        writer.writerow(table.column_names)
        writer.writerows(tuple("" if cell is None else cell for cell in row) for row in data[table.name])
        write_atomically(folder / f"{table.name}.csv", text.getvalue().encode("utf-8"))
    write_atomically(folder / "csv-metadata.json", _csvw_metadata().encode("utf-8"))
    write_atomically(folder / "dataset.ttl", describe(store).serialize(format="turtle").encode("utf-8"))


_CSVW_TYPES = {"text": "string", "integer": "integer", "decimal": "decimal", "date": "date", "boolean": "boolean"}


def _csvw_metadata() -> str:
    """CSV on the Web table group metadata (https://www.w3.org/TR/tabular-metadata/) for the CSV files."""
    tables = []
    for table in TABLES:
        schema: dict[str, object] = {
            "columns": [{"name": c.name, "titles": c.name, "datatype": _CSVW_TYPES[c.type]} for c in table.columns],
            "primaryKey": list(table.key),
        }
        foreign = [
            {"columnReference": c.name, "reference": {"resource": f"{c.references}.csv", "columnReference": _key_of(c.references)}}
            for c in table.columns if c.references
        ]
        if foreign:
            schema["foreignKeys"] = foreign
        tables.append({"url": f"{table.name}.csv", "dc:description": table.description, "tableSchema": schema})
    return json.dumps({"@context": "http://www.w3.org/ns/csvw", "tables": tables}, indent=2, ensure_ascii=False) + "\n"


def _key_of(name: str) -> str:
    (key,) = next(table.key for table in TABLES if table.name == name)
    return key


_SQLITE_TYPES = {"text": "TEXT", "integer": "INTEGER", "decimal": "REAL", "date": "TEXT", "boolean": "INTEGER"}


def _write_sqlite(path: Path, data: dict[str, list[tuple[str | None, ...]]]) -> None:
    """One SQLite file, written beside its target and renamed into place, so a reader never sees half of it."""
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; an SQLite file needs a file name (tables.sqlite)")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        try:
            with connection:
                for table in TABLES:
                    connection.execute(_create(table))
                    marks = ", ".join("?" for _ in table.columns)
                    connection.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})',
                                           (_typed(table.columns, row) for row in data[table.name]))
        finally:
            connection.close()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _create(table: Table) -> str:
    columns = [f'"{c.name}" {_SQLITE_TYPES[c.type]}' for c in table.columns]
    columns.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in table.key) + ")")
    columns += [f'FOREIGN KEY ("{c.name}") REFERENCES "{c.references}" ("{_key_of(c.references)}")'
                for c in table.columns if c.references]
    return f'CREATE TABLE "{table.name}" (\n  ' + ",\n  ".join(columns) + "\n)"


def _typed(columns: Sequence[Column], row: tuple[str | None, ...]) -> tuple[str | int | float | None, ...]:
    values: list[str | int | float | None] = []
    for column, cell in zip(columns, row, strict=True):
        if cell is None or cell == "":
            values.append(None)
        elif column.type == "integer":
            values.append(int(cell))
        elif column.type == "boolean":
            values.append(1 if cell == "true" else 0)
        elif column.type == "decimal":
            values.append(float(cell))
        else:
            values.append(cell)
    return tuple(values)


def read_tables(folder: str | os.PathLike[str]) -> dict[str, list[dict[str, str]]]:
    """The CSV tables written to `folder`, read back with the csv module: rows as dicts of text, by table."""
    found = {}
    for table in TABLES:
        with open(Path(folder) / f"{table.name}.csv", encoding="utf-8", newline="") as handle:
            found[table.name] = list(csv.DictReader(handle))
    return found
