"""The conventions every command keeps (issue 12, "One consistent CLI"), each checked on what a command writes,
parsed back: one set of format names with aliases, the format from -o's extension or the input's, `-` for stdin
and stdout, query results through pyoxigraph's writers, one SHACL report for a store, progress on stderr, clear
errors for missing inputs, a build that waits for a locked store, `python -m kgraph` and shell completion."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

import kgraph.progress
from kgraph.cli import main
from kgraph.store import Store
from kgraph.vocab import KG, SCHEMA, SH

from conftest import QUESTION_SEED, ROOT, SEEDS

SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"
PEOPLE = "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name"
PEOPLE_GRAPH = "CONSTRUCT { ?p foaf:name ?name } WHERE { ?p a foaf:Person ; foaf:name ?name }"
NAMES = ["Derk Boswijk", "Harmen Krul", "Henri Bontenbal", "V.P.G. Karremans"]
FOAF_NAME = URIRef("http://xmlns.com/foaf/0.1/name")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def store(seed_store: Path) -> list[str]:
    return ["--store", str(seed_store)]


def run(runner: CliRunner, *args: str, stdin: bytes | str | None = None) -> Result:
    return runner.invoke(main, list(args), input=stdin)


def names_in(graph: Graph) -> list[str]:
    return sorted(str(name) for name in graph.objects(None, FOAF_NAME))


# --- one set of format names, with aliases, in any case ----------------------------------------------------------


@pytest.mark.parametrize(("alias", "canonical"), [("turtle", "ttl"), ("TTL", "ttl"), ("json-ld", "jsonld"),
                                                  ("JSON-LD", "jsonld"), ("n-triples", "nt"), ("nquads", "nq"),
                                                  ("rdf/xml", "rdfxml")])
def test_export_takes_every_alias_of_a_format(runner: CliRunner, store: list[str], alias: str, canonical: str) -> None:
    assert run(runner, "export", "--format", alias, *store).stdout_bytes == \
        run(runner, "export", "--format", canonical, *store).stdout_bytes


def test_extract_takes_the_names_export_takes(runner: CliRunner) -> None:
    turtle = run(runner, "extract", str(QUESTION_SEED), "--format", "turtle")
    assert turtle.exit_code == 0 and turtle.stdout == run(runner, "extract", str(QUESTION_SEED), "--format", "ttl").stdout
    framed = run(runner, "extract", str(QUESTION_SEED), "--format", "json-ld")
    assert framed.exit_code == 0 and framed.stdout == run(runner, "extract", str(QUESTION_SEED), "--format", "jsonld").stdout
    triples = run(runner, "extract", str(QUESTION_SEED), "--format", "nt")
    assert len(Graph().parse(data=triples.stdout, format="nt")) == len(Graph().parse(data=turtle.stdout, format="turtle"))


def test_an_unknown_format_is_a_usage_error_that_lists_the_names(runner: CliRunner, store: list[str]) -> None:
    result = run(runner, "export", "--format", "n3", *store)
    assert result.exit_code == 2
    assert "ttl (or turtle)" in result.stderr and "jsonld (or json-ld)" in result.stderr and "rdfxml" in result.stderr


def test_help_shows_the_canonical_names(runner: CliRunner) -> None:
    assert "[ttl|nt|nq|trig|jsonld|rdfxml]" in run(runner, "export", "--help").stdout
    assert "[table|csv|tsv|json|xml|ttl|nt|nq|trig|jsonld|rdfxml]" in run(runner, "query", "--help").stdout
    assert "[text|ttl|nt|jsonld|rdfxml]" in run(runner, "validate", "--help").stdout


# --- the format from -o's extension --------------------------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "parser"), [(".ttl", "turtle"), (".nt", "nt"), (".nq", "nquads"),
                                                (".trig", "trig"), (".jsonld", "json-ld"), (".rdf", "xml")])
def test_export_writes_the_format_its_file_name_says(runner: CliRunner, store: list[str], tmp_path: Path,
                                                     suffix: str, parser: str) -> None:
    out = tmp_path / f"graph{suffix}"
    assert run(runner, "export", "-o", str(out), *store).exit_code == 0
    expected = Graph().parse(data=run(runner, "export", "--format", "nt", *store).stdout, format="nt")
    dataset = Dataset()
    dataset.parse(out, format=parser)
    assert len({(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}) == len(expected)


def test_export_x_nt_writes_n_triples(runner: CliRunner, store: list[str], tmp_path: Path) -> None:
    out = tmp_path / "x.nt"
    assert run(runner, "export", "-o", str(out), *store).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "@prefix" not in text and all(line.endswith(" .") for line in text.splitlines())
    assert len(Graph().parse(out, format="nt")) > 300


def test_dataset_formats_keep_one_graph_per_document(runner: CliRunner, store: list[str], tmp_path: Path) -> None:
    out = tmp_path / "x.nq"
    run(runner, "export", "-o", str(out), *store)
    dataset = Dataset()
    dataset.parse(out, format="nquads")
    names = {str(graph.identifier) for graph in dataset.graphs() if len(graph)}
    assert sum("/id/doc/" in name for name in names) == 2


def test_format_wins_over_the_extension(runner: CliRunner, store: list[str], tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    assert run(runner, "export", "--format", "nt", "-o", str(out), *store).exit_code == 0
    assert "@prefix" not in out.read_text(encoding="utf-8")


def test_an_unknown_extension_is_a_usage_error_naming_the_file(runner: CliRunner, store: list[str], tmp_path: Path
                                                               ) -> None:
    out = tmp_path / "graph.data"
    result = run(runner, "export", "-o", str(out), *store)
    assert result.exit_code == 2
    assert str(out) in result.stderr and "--format" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_describe_takes_the_format_from_the_extension(runner: CliRunner, store: list[str], tmp_path: Path) -> None:
    for suffix, parser in ((".nt", "nt"), (".jsonld", "json-ld"), (".rdf", "xml"), (".ttl", "turtle")):
        out = tmp_path / f"dataset{suffix}"
        assert run(runner, "describe", "-o", str(out), *store).exit_code == 0
        graph = Graph().parse(out, format=parser)
        assert (None, RDF.type, URIRef("http://rdfs.org/ns/void#Dataset")) in graph, suffix


# --- the input's format from its extension, or --input-format ----------------------------------------------------


def test_validate_reads_the_format_its_file_name_says(runner: CliRunner, store: list[str], tmp_path: Path) -> None:
    for suffix in (".ttl", ".nt", ".jsonld", ".rdf", ".nq", ".trig"):
        path = tmp_path / f"graph{suffix}"
        run(runner, "export", "-o", str(path), *store)
        result = run(runner, "validate", str(path))
        assert result.exit_code == 0, (suffix, result.output)
        assert result.stdout.startswith("Conforms: yes"), suffix


def test_validate_an_unknown_extension_is_a_usage_error_and_input_format_reads_it(
        runner: CliRunner, store: list[str], tmp_path: Path) -> None:
    path = tmp_path / "graph.data"
    path.write_bytes(run(runner, "export", "--format", "nt", *store).stdout_bytes)
    refused = run(runner, "validate", str(path))
    assert refused.exit_code == 2 and str(path) in refused.stderr and "--input-format" in refused.stderr
    accepted = run(runner, "validate", str(path), "--input-format", "ntriples")
    assert accepted.exit_code == 0 and accepted.stdout.startswith("Conforms: yes")
    wrong = run(runner, "validate", str(path), "--input-format", "rdfxml")
    assert wrong.exit_code == 1 and "not valid RDF/XML" in wrong.stderr


# --- '-': stdin for inputs -------------------------------------------------------------------------------------------


def test_extract_reads_one_document_from_stdin(runner: CliRunner) -> None:
    piped = run(runner, "extract", "-", stdin=QUESTION_SEED.read_bytes())
    assert piped.exit_code == 0, piped.output
    record = json.loads(piped.stdout)
    named = json.loads(run(runner, "extract", str(QUESTION_SEED)).stdout)
    assert record["source"] == "-"
    assert {**record, "source": named["source"]} == named
    graph = Graph().parse(data=run(runner, "extract", "-", "--format", "ttl", stdin=QUESTION_SEED.read_bytes()).stdout,
                          format="turtle")
    assert len(graph) == len(Graph().parse(data=run(runner, "extract", str(QUESTION_SEED), "--format", "ttl").stdout,
                                           format="turtle"))


def test_extract_tells_a_pdf_on_stdin_by_its_content(runner: CliRunner) -> None:
    pdf = next((ROOT.parent / "shared" / "corpus" / "dev").glob("*/**/*.pdf"), None)
    if pdf is None:
        pytest.skip("no PDF in ../shared/corpus/dev")
    piped = run(runner, "extract", "-", "--no-link", stdin=pdf.read_bytes())
    named = run(runner, "extract", str(pdf), "--no-link")
    assert piped.exit_code == named.exit_code == 0
    assert {**json.loads(piped.stdout), "source": None} == {**json.loads(named.stdout), "source": None}


def test_extract_from_stdin_names_it_in_errors(runner: CliRunner) -> None:
    result = run(runner, "extract", "-", stdin=b"")
    assert result.exit_code == 1
    assert result.stderr == "Error: -: empty file\n"


def test_build_dash_reads_the_paths_from_stdin(runner: CliRunner, tmp_path: Path) -> None:
    files = sorted(SEEDS.glob("*.txt"))
    lines = run(runner, "build", "-", "--store", str(tmp_path / "lines"), stdin="\n".join(map(str, files)) + "\n")
    assert lines.exit_code == 0, lines.output
    assert "documents: 2 read, 0 failed" in lines.stdout
    nul = run(runner, "build", "-", "--store", str(tmp_path / "nul"), stdin=b"\0".join(bytes(f) for f in files))
    assert "documents: 2 read, 0 failed" in nul.stdout
    empty = run(runner, "build", "-", "--store", str(tmp_path / "none"), stdin="")
    assert empty.exit_code == 2 and not (tmp_path / "none").exists()


def test_validate_reads_stdin(runner: CliRunner, store: list[str]) -> None:
    quads = run(runner, "export", "--format", "nq", *store).stdout_bytes
    result = run(runner, "validate", "-", "--input-format", "nq", stdin=quads)
    # the two seeds' graphs, the reference data, the members' parties and the query library's rollups
    assert result.exit_code == 0 and result.stdout.startswith("Conforms: yes (5 graphs)")
    turtle = run(runner, "export", *store).stdout_bytes
    assert run(runner, "validate", "-", stdin=turtle).stdout == "Conforms: yes\n"  # Turtle by default


def test_query_reads_the_query_from_stdin(runner: CliRunner, store: list[str]) -> None:
    result = run(runner, "query", "-", "--format", "csv", *store, stdin=PEOPLE)
    assert result.exit_code == 0
    assert [row[0] for row in csv.reader(io.StringIO(result.stdout))] == ["name", *NAMES]


# --- '-o -': stdout ----------------------------------------------------------------------------------------------


def test_dash_o_is_stdout_and_makes_no_file_named_dash(runner: CliRunner, store: list[str], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    export = run(runner, "export", "-o", "-", *store)
    assert export.stdout_bytes == run(runner, "export", *store).stdout_bytes
    report = run(runner, "report", "-o", "-", *store)
    assert report.exit_code == 0 and report.stdout.startswith("<!DOCTYPE html>")
    assert report.stderr.startswith("written - (2 documents; conforms)")
    describe = run(runner, "describe", "-o", "-", *store)
    assert len(Graph().parse(data=describe.stdout, format="turtle")) > 50
    query = run(runner, "query", PEOPLE, "-o", "-", "--format", "tsv", *store)
    assert query.stdout.splitlines()[0] == "?name"
    network = run(runner, "network", "co-askers", "-o", "-", *store)
    graph = nx.parse_graphml(network.stdout)
    assert sorted(data["name"] for _, data in graph.nodes(data=True)) == ["Derk Boswijk", "Harmen Krul", "Henri Bontenbal"]
    tables = run(runner, "tables", "-o", "-", *store)
    assert tables.exit_code == 0 and tables.stdout_bytes.startswith(b"SQLite format 3\0")
    assert "questions         16" in tables.stderr
    (tmp_path / "copy.sqlite").write_bytes(tables.stdout_bytes)
    with sqlite3.connect(tmp_path / "copy.sqlite") as database:
        assert database.execute("SELECT COUNT(*) FROM questions").fetchone() == (16,)
    assert not (tmp_path / "-").exists()


# --- query: -o, tsv, xml, and RDF for graphs -----------------------------------------------------------------------


def test_query_tsv_to_a_file(runner: CliRunner, store: list[str], tmp_path: Path) -> None:
    out = tmp_path / "r.tsv"
    result = run(runner, "query", "--name", "top-sources", "--format", "tsv", "-o", str(out), *store)
    assert result.exit_code == 0 and result.stdout == ""
    rows = list(csv.reader(out.open(encoding="utf-8", newline=""), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == ["?publisher", "?name", "?pages", "?questionSets"]
    assert [row[1] for row in rows[1:]] == ['"Binnenlands Bestuur"', '"The Guardian"']  # TSV writes RDF terms
    assert rows[1][0] == "<https://w3id.org/kgraph/id/publisher/binnenlands-bestuur>"


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".srj", ".json", ".srx", ".xml", ".txt"])
def test_query_takes_the_result_format_from_the_extension(runner: CliRunner, store: list[str], tmp_path: Path,
                                                          suffix: str) -> None:
    out = tmp_path / f"people{suffix}"
    assert run(runner, "query", PEOPLE, "-o", str(out), *store).exit_code == 0
    text = out.read_text(encoding="utf-8")
    if suffix == ".csv":
        assert [row[0] for row in csv.reader(io.StringIO(text))] == ["name", *NAMES]
    elif suffix == ".tsv":
        assert text.splitlines() == ["?name", *(f'"{name}"' for name in NAMES)]
    elif suffix in (".srj", ".json"):
        assert [b["name"]["value"] for b in json.loads(text)["results"]["bindings"]] == NAMES
    elif suffix in (".srx", ".xml"):
        root = ET.fromstring(text)
        assert [e.text for e in root.iter(f"{SPARQL_RESULTS}literal")] == NAMES
    else:
        assert text.splitlines()[0] == "?name" and text.splitlines()[-1] == "(4 rows)"


def test_query_xml_and_ask(runner: CliRunner, store: list[str]) -> None:
    root = ET.fromstring(run(runner, "query", PEOPLE, "--format", "xml", *store).stdout)
    assert root.tag == f"{SPARQL_RESULTS}sparql"
    assert [v.get("name") for v in root.iter(f"{SPARQL_RESULTS}variable")] == ["name"]
    ask = run(runner, "query", "ASK { ?q a schema:Question }", "--format", "json", *store)
    assert json.loads(ask.stdout)["boolean"] is True
    ask_xml = ET.fromstring(run(runner, "query", "ASK { ?q a schema:Question }", "--format", "xml", *store).stdout)
    assert next(ask_xml.iter(f"{SPARQL_RESULTS}boolean")).text == "true"


@pytest.mark.parametrize(("args", "parser"), [((), "turtle"), (("--format", "nt"), "nt"),
                                              (("--format", "json-ld"), "json-ld"), (("--format", "rdfxml"), "xml"),
                                              (("--format", "trig"), "trig")])
def test_construct_writes_rdf(runner: CliRunner, store: list[str], args: tuple[str, ...], parser: str) -> None:
    result = run(runner, "query", PEOPLE_GRAPH, *args, *store)
    assert result.exit_code == 0, result.output
    assert names_in(Graph().parse(data=result.stdout, format=parser)) == sorted(NAMES)


@pytest.mark.parametrize(("suffix", "parser"), [(".nt", "nt"), (".ttl", "turtle"), (".json", "json-ld"),
                                                (".jsonld", "json-ld"), (".xml", "xml"), (".rdf", "xml")])
def test_construct_takes_the_rdf_format_from_the_extension(runner: CliRunner, store: list[str], tmp_path: Path,
                                                           suffix: str, parser: str) -> None:
    out = tmp_path / f"people{suffix}"
    assert run(runner, "query", PEOPLE_GRAPH, "-o", str(out), *store).exit_code == 0
    assert names_in(Graph().parse(out, format=parser)) == sorted(NAMES)


def test_construct_writes_each_triple_once(runner: CliRunner, store: list[str]) -> None:
    # Every person is named in several places; the graph has each triple once, sorted.
    result = run(runner, "query", "CONSTRUCT { ?p foaf:name ?n } WHERE { ?x ?y ?p . ?p foaf:name ?n }",
                 "--format", "nt", *store)
    lines = result.stdout.splitlines()
    assert lines == sorted(set(lines)) and len(lines) == 4


@pytest.mark.parametrize(("sparql", "fmt", "says"), [
    (PEOPLE_GRAPH, "json", "gives a graph, not solutions"),
    (PEOPLE_GRAPH, "csv", "gives a graph, not solutions"),
    (PEOPLE, "ttl", "gives solutions, not a graph"),
    ("ASK { ?s ?p ?o }", "jsonld", "gives solutions, not a graph"),
])
def test_a_result_in_a_format_it_cannot_take_is_a_usage_error(runner: CliRunner, store: list[str], tmp_path: Path,
                                                              sparql: str, fmt: str, says: str) -> None:
    out = tmp_path / "result"
    result = run(runner, "query", sparql, "--format", fmt, "-o", str(out), *store)
    assert result.exit_code == 2 and says in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written, not even half a file


def test_select_to_an_rdf_file_name_is_a_usage_error(runner: CliRunner, store: list[str], tmp_path: Path) -> None:
    result = run(runner, "query", PEOPLE, "-o", str(tmp_path / "people.ttl"), *store)
    assert result.exit_code == 2 and "--format table, csv, tsv, json or xml" in result.stderr
    unknown = run(runner, "query", PEOPLE, "-o", str(tmp_path / "people.data"), *store)
    assert unknown.exit_code == 2 and "people.data" in unknown.stderr
    assert list(tmp_path.iterdir()) == []


def test_query_list_in_every_result_format(runner: CliRunner) -> None:
    listing = run(runner, "query", "--list", "--format", "tsv")
    assert listing.exit_code == 0 and listing.stdout.splitlines()[0] == "?name\t?description\t?parameters"
    root = ET.fromstring(run(runner, "query", "--list", "--format", "xml").stdout)
    assert '"top-sources"' in listing.stdout and "top-sources" in [e.text for e in root.iter(f"{SPARQL_RESULTS}literal")]


# --- one SHACL report for a whole store -----------------------------------------------------------------------------


@pytest.fixture
def broken_store(seed_store: Path, tmp_path: Path) -> tuple[Path, str]:
    """A copy of the seed store in which the question set's graph lost its questions' text."""
    location = tmp_path / "store"
    shutil.copytree(seed_store, location)
    with Store.open(location) as opened:
        doc = next(d for d in opened.documents() if d.source.endswith(QUESTION_SEED.name))
        graph = opened.document_graph(doc.graph)
        graph.remove((None, SCHEMA.text, None))
        opened.put_document(doc.graph, graph, source=doc.source, sha256="broken")
    return location, str(doc.graph)


def test_validate_store_says_which_graph_each_result_is_about(runner: CliRunner, broken_store: tuple[Path, str]) -> None:
    location, broken = broken_store
    result = run(runner, "validate", "--store", str(location))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    counted = re.match(r"Conforms: no \((\d+) results on \d+ nodes, in 1 of 5 graphs\)$", lines[0])
    assert counted, lines[0]
    assert lines[1] == f"graph {broken} ({QUESTION_SEED})"
    assert all(line.startswith(("graph ", "   - ")) or re.match(r"\d+\. ", line) for line in lines[1:])
    assert sum(line.startswith("graph ") for line in lines) == 1


@pytest.mark.parametrize(("fmt", "parser"), [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"),
                                             ("rdfxml", "xml")])
def test_validate_store_writes_one_shacl_report(runner: CliRunner, broken_store: tuple[Path, str], fmt: str,
                                                parser: str) -> None:
    location, broken = broken_store
    result = run(runner, "validate", "--store", str(location), "--format", fmt)
    assert result.exit_code == 1
    report = Graph().parse(data=result.stdout, format=parser)
    reports = list(report.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1
    assert report.value(reports[0], SH.conforms) == Literal(False)
    results = list(report.objects(reports[0], SH.result))
    assert results and set(results) == set(report.subjects(RDF.type, SH.ValidationResult))
    assert {report.value(r, KG.dataGraph) for r in results} == {URIRef(broken)}
    text = run(runner, "validate", "--store", str(location)).stdout
    assert f"({len(results)} results on" in text.splitlines()[0]


def test_a_dump_of_the_store_gets_the_store_s_report(runner: CliRunner, broken_store: tuple[Path, str]) -> None:
    location, _ = broken_store
    quads = run(runner, "export", "--format", "nq", "--store", str(location)).stdout_bytes

    def findings(report: Graph) -> set[tuple[str, str, str]]:
        return {(str(report.value(r, KG.dataGraph)), str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)))
                for r in report.subjects(RDF.type, SH.ValidationResult)}

    from_store = Graph().parse(data=run(runner, "validate", "--store", str(location), "--format", "nt").stdout, format="nt")
    from_dump = run(runner, "validate", "-", "--input-format", "nq", "--format", "nt", stdin=quads)
    assert from_dump.exit_code == 1
    assert findings(Graph().parse(data=from_dump.stdout, format="nt")) == findings(from_store)


# --- progress on stderr ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "label"), [
    (("validate",), "validating"),
    (("export", "-o", "{tmp}/x.nq"), "exporting"),
    (("export", "-o", "{tmp}/x.ttl"), "exporting"),
    (("report", "-o", "{tmp}/r.html"), "reporting"),
    (("tables", "-o", "{tmp}/tables"), "tables"),
    (("describe", "-o", "{tmp}/d.ttl"), "describing"),
])
def test_long_commands_show_progress_on_a_terminal(runner: CliRunner, store: list[str], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
                                                   label: str) -> None:
    monkeypatch.setattr(kgraph.progress, "is_terminal", lambda stream: True)
    monkeypatch.setattr(kgraph.progress, "REDRAW_INTERVAL", 0)
    result = run(runner, *(arg.format(tmp=tmp_path) for arg in args), *store)
    assert result.exit_code == 0, result.output
    frames = re.findall(rf"{label} \[[#-]+\] (\d+)/(\d+)", result.stderr)
    assert frames, result.stderr
    done, total = frames[-1]
    assert done == total and int(total) > 1  # the bar ends full: every step it announced was counted
    assert "\r" not in result.stdout


def test_validate_of_a_dump_shows_progress_per_graph(runner: CliRunner, store: list[str], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    dump = tmp_path / "x.trig"
    run(runner, "export", "-o", str(dump), *store)
    monkeypatch.setattr(kgraph.progress, "is_terminal", lambda stream: True)
    result = run(runner, "validate", str(dump))
    assert result.exit_code == 0 and re.search(r"validating \[#+\] 5/5", result.stderr)


def test_extract_shows_progress_on_a_terminal_only(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    quiet = run(runner, "extract", str(SEEDS), "--no-link")
    assert quiet.stderr == ""
    monkeypatch.setattr(kgraph.progress, "is_terminal", lambda stream: True)
    shown = run(runner, "extract", str(SEEDS), "--no-link")
    assert re.search(r"extracting \[#+\] 2/2", shown.stderr) and shown.stdout == quiet.stdout


def test_eval_shows_progress_on_a_terminal(runner: CliRunner, shared_corpus: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kgraph.progress, "is_terminal", lambda stream: True)
    result = run(runner, "eval", str(shared_corpus / "seeds"))
    assert result.exit_code == 0 and re.search(r"scoring \[#+\] 2/2", result.stderr)
    assert "micro" in result.stdout


# --- missing inputs ----------------------------------------------------------------------------------------------------


def test_build_of_a_missing_folder_makes_no_store(runner: CliRunner, tmp_path: Path) -> None:
    location = tmp_path / "store"
    result = run(runner, "build", str(tmp_path / "typo-dir"), "--store", str(location))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'typo-dir'}: no such file or folder\n"
    assert not location.exists()
    # One missing path among good ones stops the build before it starts, too.
    both = run(runner, "build", str(SEEDS), str(tmp_path / "typo-dir"), "--store", str(location))
    assert both.exit_code == 2 and not location.exists()


def test_extract_of_a_missing_file_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "extract", str(QUESTION_SEED), str(tmp_path / "nothing.txt"))
    assert result.exit_code == 2 and "nothing.txt: no such file or folder" in result.stderr
    assert result.stdout == ""


# --- a store held by another process -----------------------------------------------------------------------------------


def _hold(location: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the store's lock, as `kgraph serve --writable` does, for `seconds`."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); print('held', flush=True);"
         " time.sleep(float(sys.argv[2]))", str(location), str(seconds)],
        stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_build_refuses_a_held_store_at_once_with_wait_0(runner: CliRunner, seed_store: Path, tmp_path: Path) -> None:
    location = tmp_path / "store"
    shutil.copytree(seed_store, location)
    holder = _hold(location, 30)
    try:
        started = time.monotonic()
        result = run(runner, "build", str(SEEDS), "--store", str(location), "--wait", "0")
        assert time.monotonic() - started < 10
        assert result.exit_code == 1
        assert "in use by another process" in result.stderr and "kgraph serve --writable" in result.stderr
        assert "--wait" in result.stderr
        waited = run(runner, "build", str(SEEDS), "--store", str(location), "--wait", "0.5")
        assert waited.exit_code == 1
        assert waited.stderr.startswith("Waiting: ") and "after waiting 0.5 s" in waited.stderr
    finally:
        holder.kill()
        holder.wait()


def test_build_waits_for_a_held_store(runner: CliRunner, seed_store: Path, tmp_path: Path) -> None:
    location = tmp_path / "store"
    shutil.copytree(seed_store, location)
    holder = _hold(location, 1.5)
    try:
        result = run(runner, "build", str(SEEDS), "--store", str(location), "--wait", "60")
    finally:
        holder.wait()
    assert result.exit_code == 0, result.output
    assert "Waiting: " in result.stderr and "trying again for up to 60 s" in result.stderr
    assert "(0 added, 0 replaced, 2 unchanged)" in result.stdout


# --- python -m kgraph, and shell completion -------------------------------------------------------------------------


def test_python_dash_m_kgraph_is_the_command_line() -> None:
    result = subprocess.run([sys.executable, "-m", "kgraph", "--help"], capture_output=True, text=True, check=True,
                            cwd=ROOT)
    assert result.stdout.startswith("Usage: kgraph [OPTIONS] COMMAND [ARGS]...")
    assert "_KGRAPH_COMPLETE=bash_source kgraph" in result.stdout
    failed = subprocess.run([sys.executable, "-m", "kgraph", "build", "no-such-folder", "--store", "unused"],
                            capture_output=True, text=True, cwd=ROOT)
    assert failed.returncode == 2 and "no-such-folder: no such file or folder" in failed.stderr


def test_shell_completion_offers_commands_and_format_names() -> None:
    env = {**os.environ, "_KGRAPH_COMPLETE": "bash_source"}
    script = subprocess.run([sys.executable, "-m", "kgraph"], env=env, capture_output=True, text=True, cwd=ROOT)
    assert "_kgraph_completion()" in script.stdout and "complete -o nosort -F _kgraph_completion kgraph" in script.stdout

    def completions(words: str) -> list[str]:
        env = {**os.environ, "_KGRAPH_COMPLETE": "bash_complete", "COMP_WORDS": words,
               "COMP_CWORD": str(len(words.split(" ")) - 1)}
        found = subprocess.run([sys.executable, "-m", "kgraph"], env=env, capture_output=True, text=True, cwd=ROOT)
        return [line.split(",", 1)[1] for line in found.stdout.splitlines()]

    assert {"build", "export", "query", "validate"} <= set(completions("kgraph "))
    assert {"ttl", "turtle", "jsonld", "json-ld", "rdfxml"} <= set(completions("kgraph export --format "))
    assert {"csv", "tsv", "xml"} <= set(completions("kgraph query --format "))
