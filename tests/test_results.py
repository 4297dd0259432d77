"""kgraph.results: the table, and the W3C SPARQL 1.1 result formats (CSV, TSV, JSON, XML) by pyoxigraph's writers."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from kgraph.errors import UsageError
from kgraph.results import MAX_CELL_WIDTH, RESULT_FORMATS, Cell, QueryResult, format_result

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

SELECT = QueryResult(
    kind="select",
    variables=("doc", "title", "n", "lang"),
    cells=(
        (
            Cell("https://w3id.org/kgraph/id/doc/kv-tk-2025Z1", "uri"),
            Cell('Vragen over "fietsen", auto\'s\nen bussen'),
            Cell("3", datatype=XSD_INTEGER),
            Cell("hallo", lang="nl"),
        ),
        (Cell("b0", "bnode"), None, Cell("12", datatype=XSD_INTEGER), None),
    ),
)


def test_rows_are_lexical_strings() -> None:
    assert SELECT.rows == (
        ("https://w3id.org/kgraph/id/doc/kv-tk-2025Z1", 'Vragen over "fietsen", auto\'s\nen bussen', "3", "hallo"),
        ("b0", None, "12", None),
    )


def test_json_is_the_w3c_results_format() -> None:
    data = json.loads(format_result(SELECT, "json"))
    assert data["head"] == {"vars": ["doc", "title", "n", "lang"]}
    first, second = data["results"]["bindings"]
    assert first["doc"] == {"type": "uri", "value": "https://w3id.org/kgraph/id/doc/kv-tk-2025Z1"}
    assert first["title"] == {"type": "literal", "value": 'Vragen over "fietsen", auto\'s\nen bussen'}
    assert first["n"] == {"type": "literal", "value": "3", "datatype": XSD_INTEGER}
    assert first["lang"] == {"type": "literal", "value": "hallo", "xml:lang": "nl"}
    # unbound variables are left out of a binding
    assert second == {
        "doc": {"type": "bnode", "value": "b0"},
        "n": {"type": "literal", "value": "12", "datatype": XSD_INTEGER},
    }


def test_json_ask() -> None:
    assert json.loads(format_result(QueryResult(kind="ask", boolean=True), "json")) == {"head": {}, "boolean": True}


def test_csv_round_trips_through_the_csv_module() -> None:
    text = format_result(SELECT, "csv")
    assert "\r\n" in text  # RFC 4180 line ends
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["doc", "title", "n", "lang"]
    assert rows[1] == [
        "https://w3id.org/kgraph/id/doc/kv-tk-2025Z1", 'Vragen over "fietsen", auto\'s\nen bussen', "3", "hallo"
    ]
    assert rows[2] == ["_:b0", "", "12", ""]  # SPARQL 1.1 CSV writes a blank node as _:label


def test_csv_ask() -> None:
    # The W3C CSV and TSV formats define no ASK form; pyoxigraph writes the boolean alone.
    assert format_result(QueryResult(kind="ask", boolean=False), "csv") == "false\n"


def test_tsv_writes_terms_in_turtle_syntax() -> None:
    lines = format_result(SELECT, "tsv").splitlines()
    assert lines[0].split("\t") == ["?doc", "?title", "?n", "?lang"]
    doc, title, number, lang = lines[1].split("\t")
    assert doc == "<https://w3id.org/kgraph/id/doc/kv-tk-2025Z1>"
    assert title == '"Vragen over \\"fietsen\\", auto\'s\\nen bussen"'  # one line: the newline escaped
    assert (number, lang) == ("3", '"hallo"@nl')
    assert lines[2].split("\t") == ["_:b0", "", "12", ""]


def test_xml_is_the_w3c_results_format() -> None:
    namespace = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(format_result(SELECT, "xml"))
    assert [v.get("name") for v in root.findall("r:head/r:variable", namespace)] == ["doc", "title", "n", "lang"]
    first = root.findall("r:results/r:result", namespace)[0]
    values = {b.get("name"): b[0] for b in first.findall("r:binding", namespace)}
    assert values["doc"].tag == "{http://www.w3.org/2005/sparql-results#}uri"
    assert values["n"].get("datatype") == XSD_INTEGER and values["n"].text == "3"
    assert values["lang"].get("{http://www.w3.org/XML/1998/namespace}lang") == "nl"
    boolean = ET.fromstring(format_result(QueryResult(kind="ask", boolean=True), "xml"))
    assert boolean.find("r:boolean", namespace).text == "true"  # type: ignore[union-attr]


def test_graph_results_have_no_solution_formats() -> None:
    triples = "<https://e.org/a> <https://e.org/p> \"x\" .\n"
    with pytest.raises(UsageError, match="RDF format"):
        format_result(QueryResult(kind="graph", triples=triples), "csv")


def test_table_is_aligned_with_header_and_count() -> None:
    result = QueryResult(
        kind="select",
        variables=("name", "n"),
        cells=((Cell("Jan"), Cell("1")), (Cell("Gabriëls"), Cell("10")), (None, Cell("2"))),
    )
    lines = format_result(result, "table").splitlines()
    assert lines[0].split() == ["?name", "?n"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    # the second column starts at the same place on every line
    column = lines[0].rindex("?n")
    assert [line[column:].strip() for line in lines[2:5]] == ["1", "10", "2"]
    assert lines[-1] == "(3 rows)"


def test_table_shortens_iris_and_cuts_long_cells() -> None:
    long_text = "woord " * 40
    long_iri = "https://w3id.org/kgraph/id/doc/" + "x" * 80 + "/question/3"
    result = QueryResult(
        kind="select",
        variables=("type", "text", "iri"),
        cells=((Cell("https://w3id.org/kgraph/def#QuestionSet", "uri"), Cell(long_text), Cell(long_iri, "uri")),),
    )
    row = format_result(result, "table").splitlines()[2]
    assert row.startswith("kg:QuestionSet")
    assert "woord woord" in row and "…" in row
    assert row.endswith("/question/3")  # an IRI keeps its informative end
    assert len(row) <= len("kg:QuestionSet") + 2 * MAX_CELL_WIDTH + 4


def test_table_puts_multi_line_text_on_one_line() -> None:
    result = QueryResult(kind="select", variables=("t",), cells=((Cell("een\ntwee\tdrie"),),))
    assert format_result(result, "table").splitlines()[2] == "een twee drie"


def test_table_of_ask_and_graph_results() -> None:
    assert format_result(QueryResult(kind="ask", boolean=True), "table") == "true\n"
    triples = "<https://e.org/a> <https://e.org/p> \"x\" .\n"
    assert format_result(QueryResult(kind="graph", triples=triples), "table") == triples


def test_empty_select() -> None:
    empty = QueryResult(kind="select", variables=("x",))
    assert format_result(empty, "table").splitlines()[-1] == "(0 rows)"
    assert format_result(empty, "csv") == "x\r\n"
    assert format_result(empty, "tsv") == "?x\n"
    assert json.loads(format_result(empty, "json"))["results"]["bindings"] == []


def test_unknown_format_lists_the_valid_ones() -> None:
    with pytest.raises(UsageError) as caught:
        format_result(SELECT, "yaml")
    assert all(fmt in str(caught.value) for fmt in RESULT_FORMATS)
