"""SPARQL query results: the value `Store.query` returns, and its text formats.

A result keeps each value's RDF term kind (IRI, literal, blank node) and a literal's datatype and language, so
it can be written in the W3C SPARQL 1.1 result formats (JSON https://www.w3.org/TR/sparql11-results-json/, XML
https://www.w3.org/TR/rdf-sparql-XMLres/, CSV and TSV https://www.w3.org/TR/sparql11-results-csv-tsv/) as well
as shown as lexical strings (`QueryResult.rows`) and as kgraph's own aligned table. The four W3C formats are
pyoxigraph's writers (`kgraph query` on the store uses them directly, `Store.write_query`); a `QueryResult` made
here (the query library's listing) reaches them as the JSON form, which `_json` writes.

>>> result = QueryResult(
...     kind="select", variables=("name", "n"),
...     cells=((Cell("Jan de Vries"), Cell("3", datatype="http://www.w3.org/2001/XMLSchema#integer")),),
... )
>>> result.rows
(('Jan de Vries', '3'),)
>>> format_result(result, "csv").splitlines()
['name,n', 'Jan de Vries,3']
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from kgraph.errors import UsageError
from kgraph.formats import normalise
from kgraph.formats import result_format as result_format_named
from kgraph.vocab import PREFIXES

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")

TermKind = Literal["uri", "literal", "bnode"]
ResultKind = Literal["select", "ask", "graph"]

# A graph result (CONSTRUCT, DESCRIBE) is also offered as rows with these columns, so csv and json work for it.
TRIPLE_VARIABLES = ("subject", "predicate", "object")

# Table cells wider than this are cut, so one long answer text does not push every other column off screen.
MAX_CELL_WIDTH = 60


@dataclass(frozen=True, slots=True)
class Cell:
    """One value in a result: `value` is an IRI's string, a literal's lexical form or a blank node's label.

    `datatype` is None for plain strings (xsd:string) and language-tagged strings, as in the SPARQL JSON format.
    """

    value: str
    kind: TermKind = "literal"
    datatype: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class QueryResult:
    """What a SPARQL query returned.

    - kind "select": `variables` and `cells` (one tuple per solution, None where a variable is unbound).
    - kind "ask": `boolean`.
    - kind "graph" (CONSTRUCT, DESCRIBE): `triples` as N-Triples text, one sorted line per distinct triple, and the
      same triples as `cells` under `TRIPLE_VARIABLES`.
    `rows` gives the cells as plain strings, for code that only needs the values.
    """

    kind: ResultKind
    variables: tuple[str, ...] = ()
    cells: tuple[tuple[Cell | None, ...], ...] = ()
    boolean: bool | None = None
    triples: str | None = None

    @property
    def rows(self) -> tuple[tuple[str | None, ...], ...]:
        return tuple(tuple(None if cell is None else cell.value for cell in row) for row in self.cells)


def format_result(result: QueryResult, fmt: str) -> str:
    """`result` as text: "table" (for a terminal), or a W3C SPARQL 1.1 result format: "csv", "tsv", "json",
    "xml". A graph result (CONSTRUCT, DESCRIBE) has only the table (one N-Triples line a triple): it is RDF, which
    `Store.write_query` writes in an RDF format."""
    name = normalise(fmt, RESULT_FORMATS, "result format")
    if name == "table":
        return _table(result)
    if result.kind == "graph":
        raise UsageError(f"a graph result (CONSTRUCT, DESCRIBE) is RDF, not {name} results; write it in an RDF "
                         "format (kgraph query --format ttl)")
    return result_bytes(result, name).decode("utf-8")


def result_bytes(result: QueryResult, fmt: str) -> bytes:
    """A SELECT or ASK result in a W3C result format, written by pyoxigraph, ending in a newline."""
    import pyoxigraph as ox

    writer = result_format_named(fmt).oxigraph
    if writer is None or result.kind == "graph":
        raise UsageError(f"{fmt} is not a SPARQL result format for {result.kind} results")
    parsed = ox.parse_query_results(json.dumps(_json(result)).encode("utf-8"), ox.QueryResultsFormat.JSON)
    data = parsed.serialize(format=getattr(ox.QueryResultsFormat, writer))
    assert data is not None
    return data if data.endswith(b"\n") else data + b"\n"


def _table(result: QueryResult) -> str:
    if result.kind == "ask":
        return f"{'true' if result.boolean else 'false'}\n"
    if result.kind == "graph":
        # Triples read best as the RDF they are.
        return result.triples or ""
    header = [f"?{name}" for name in result.variables]
    body = [[_shown(cell) for cell in row] for row in result.cells]
    widths = [max([_width(text) for text in column], default=0) for column in zip(header, *body)]
    lines = [_aligned(header, widths), "  ".join("-" * width for width in widths)]
    lines.extend(_aligned(row, widths) for row in body)
    count = len(body)
    lines.append(f"({count} {'row' if count == 1 else 'rows'})")
    return "\n".join(lines) + "\n"


def _shown(cell: Cell | None) -> str:
    """A cell as one short line: IRIs in known namespaces as prefixed names, long values cut with '…'."""
    if cell is None:
        return ""
    if cell.kind == "uri":
        text = _prefixed(cell.value)
        # The end of an IRI says most (…/question/3); the start of a text says most.
        return text if _width(text) <= MAX_CELL_WIDTH else "…" + _fit_tail(text, MAX_CELL_WIDTH - 1)
    if cell.kind == "bnode":
        return f"_:{cell.value}"
    text = " ".join(cell.value.split())  # newlines and tabs would break the grid
    return text if _width(text) <= MAX_CELL_WIDTH else _fit_head(text, MAX_CELL_WIDTH - 1) + "…"


def _prefixed(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            if local and all(ch.isalnum() or ch in "-_." for ch in local):
                return f"{prefix}:{local}"
    return iri


def _aligned(cells: list[str], widths: list[int]) -> str:
    return "  ".join(text + " " * (width - _width(text)) for text, width in zip(cells, widths)).rstrip()


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: wide (CJK, emoji) characters take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text
    )


def _fit_head(text: str, width: int) -> str:
    used, end = 0, 0
    for end, ch in enumerate(text):
        used += _width(ch)
        if used > width:
            return text[:end]
    return text


def _fit_tail(text: str, width: int) -> str:
    return _fit_head(text[::-1], width)[::-1]


def _json(result: QueryResult) -> dict[str, Any]:
    if result.kind == "ask":
        return {"head": {}, "boolean": bool(result.boolean)}
    bindings = [
        {name: _json_term(cell) for name, cell in zip(result.variables, row) if cell is not None}
        for row in result.cells
    ]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def _json_term(cell: Cell) -> dict[str, str]:
    term = {"type": cell.kind, "value": cell.value}
    if cell.lang is not None:
        term["xml:lang"] = cell.lang
    elif cell.datatype is not None:
        term["datatype"] = cell.datatype
    return term
