"""Every CLI command, through click's CliRunner: exit codes, stdout, and one-line errors on stderr."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kgraph.cli import main

from conftest import ANSWER_SEED, QUESTION_SEED, SEEDS


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def store(tmp_path: Path, runner: CliRunner) -> Path:
    location = tmp_path / "store"
    result = runner.invoke(main, ["build", str(SEEDS), "--store", str(location)])
    assert result.exit_code == 0, result.output
    return location


def test_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ["build", "eval", "export", "extract", "network", "query", "validate"]:
        assert command in result.output


def test_extract_json_one_record_per_line(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["source"], r["kind"], len(r["questions"])) for r in records] == [
        (str(ANSWER_SEED), "answer", 9),
        (str(QUESTION_SEED), "questions", 7),
    ]


@pytest.mark.parametrize(("fmt", "parser"), [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_extract_triples(runner: CliRunner, fmt: str, parser: str) -> None:
    result = runner.invoke(main, ["extract", str(QUESTION_SEED), "--format", fmt])
    assert result.exit_code == 0
    graph = Graph().parse(data=result.stdout, format=parser)
    assert len(graph) > 100


def test_extract_bad_file_is_one_error_line_and_others_still_print(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    shutil.copy(QUESTION_SEED, tmp_path / "good.txt")
    result = runner.invoke(main, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'empty.txt'}: empty file\n"
    assert len(result.stdout.splitlines()) == 1


def test_build_prints_summary(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", str(SEEDS), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "documents: 2 read, 0 failed (2 added, 0 replaced, 0 unchanged)" in result.stdout
    assert "questions: 16" in result.stdout
    assert "answers:   9" in result.stdout
    # Karremans answered; Bontenbal, Krul, Boswijk asked.
    assert "people:    4" in result.stdout
    # Seeds are from 2025, after the shipped case metadata ends: no case; the three askers and the answerer
    # resolve by name; CDA is in the party table; both ministries and the on-behalf ministry are known.
    assert "links:     case 2/2, person 4/4, party 3/3, ministry 4/4, publisher 2/2; people ambiguous 0, unresolved 0" in result.stdout
    assert "SHACL:     conforms" in result.stdout


def test_rebuilding_the_same_input_changes_nothing(runner: CliRunner, store: Path) -> None:
    before = runner.invoke(main, ["export", "--format", "nq", "--store", str(store)]).stdout
    again = runner.invoke(main, ["build", str(SEEDS), "--store", str(store)])
    assert "(0 added, 0 replaced, 2 unchanged)" in again.stdout
    assert runner.invoke(main, ["export", "--format", "nq", "--store", str(store)]).stdout == before


def test_rebuilding_a_changed_document_replaces_its_triples(runner: CliRunner, tmp_path: Path) -> None:
    document = tmp_path / "doc.txt"
    store = str(tmp_path / "s")
    document.write_text(QUESTION_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    runner.invoke(main, ["build", str(document), "--store", store])
    document.write_text(QUESTION_SEED.read_text(encoding="utf-8").replace("Boswijk", "Van Dijk"), encoding="utf-8")
    result = runner.invoke(main, ["build", str(document), "--store", store])
    assert "(0 added, 1 replaced, 0 unchanged)" in result.stdout
    names = runner.invoke(main, ["query", "SELECT ?n WHERE { ?p a foaf:Person ; foaf:name ?n } ORDER BY ?n", "--format", "csv", "--store", store])
    # Boswijk's triples are gone; "Van Dijk (CDA)" fits several members, so it keeps the printed name.
    assert names.stdout.splitlines() == ["n", "Harmen Krul", "Henri Bontenbal", "Van Dijk"]


def test_build_bad_input_counts_failures_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(QUESTION_SEED, folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.pdf").write_bytes(b"\x00\x01\x02 not a pdf")
    (folder / "broken.docx").write_bytes(b"plain text, not a zip")
    result = runner.invoke(main, ["build", str(folder), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert "documents: 1 read, 3 failed" in result.stdout
    errors = result.stderr.splitlines()
    assert len(errors) == 3
    assert all(line.startswith(f"Error: {folder}/") for line in errors)
    assert "Traceback" not in result.output


def test_build_unsupported_file_given_explicitly(runner: CliRunner, tmp_path: Path) -> None:
    odd = tmp_path / "notes.odt"
    odd.write_text("x")
    result = runner.invoke(main, ["build", str(odd), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert "unsupported file type '.odt'; supported: .docx, .htm, .html, .md, .pdf, .text, .txt, .xml" in result.stderr


def test_validate_store_conforms(runner: CliRunner, store: Path) -> None:
    result = runner.invoke(main, ["validate", "--store", str(store)])
    assert result.exit_code == 0
    assert "Conforms: yes" in result.stdout


def test_validate_file_that_does_not_conform(runner: CliRunner, store: Path, tmp_path: Path) -> None:
    exported = tmp_path / "graph.ttl"
    runner.invoke(main, ["export", "--format", "turtle", "-o", str(exported), "--store", str(store)])
    broken = Graph().parse(exported)
    broken.remove((None, Graph().namespace_manager.expand_curie("schema:text"), None))
    broken_file = tmp_path / "broken.ttl"
    broken.serialize(broken_file, format="turtle")
    result = runner.invoke(main, ["validate", str(broken_file)])
    assert result.exit_code == 1
    assert "Conforms: no" in result.stdout
    report = runner.invoke(main, ["validate", str(broken_file), "--format", "ttl"])
    assert report.exit_code == 1
    assert "sh:ValidationReport" in report.stdout


def test_validate_missing_store(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert str(tmp_path / "nothing") in result.stderr


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("json-ld", "json-ld"), ("nt", "nt"), ("nq", "nquads"), ("trig", "trig")])
def test_export_formats_parse_back(runner: CliRunner, store: Path, tmp_path: Path, fmt: str, parser: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    result = runner.invoke(main, ["export", "--format", fmt, "-o", str(out), "--store", str(store)])
    assert result.exit_code == 0
    dataset = Dataset()
    dataset.parse(out, format=parser)
    assert len(list(dataset.quads((None, None, None, None)))) > 300


def test_query_table_csv_json(runner: CliRunner, store: Path) -> None:
    sparql = "SELECT ?party (COUNT(*) AS ?n) WHERE { ?a prov:hadRole kg:asker ; kg:party/skos:prefLabel ?party } GROUP BY ?party"
    table = runner.invoke(main, ["query", sparql, "--store", str(store)])
    assert table.exit_code == 0 and "CDA" in table.stdout and "3" in table.stdout
    csv_result = runner.invoke(main, ["query", sparql, "--format", "csv", "--store", str(store)])
    assert csv_result.stdout.splitlines() == ["party,n", "CDA,3"]
    as_json = json.loads(runner.invoke(main, ["query", sparql, "--format", "json", "--store", str(store)]).stdout)
    assert as_json["head"]["vars"] == ["party", "n"]
    # Party names are Dutch text, tagged @nl (ontology/kgraph.ttl)
    assert as_json["results"]["bindings"][0]["party"] == {"type": "literal", "value": "CDA", "xml:lang": "nl"}


def test_query_from_file_and_errors(runner: CliRunner, store: Path, tmp_path: Path) -> None:
    query_file = tmp_path / "q.rq"
    query_file.write_text("ASK { ?q a schema:Question }")
    assert runner.invoke(main, ["query", "-f", str(query_file), "--store", str(store)]).exit_code == 0
    bad = runner.invoke(main, ["query", "SELEKT nothing", "--store", str(store)])
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: ")
    both = runner.invoke(main, ["query", "ASK {}", "-f", str(query_file), "--store", str(store)])
    assert both.exit_code == 2


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_network_co_askers(runner: CliRunner, store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"net.{fmt}"
    result = runner.invoke(main, ["network", "co-askers", "--format", fmt, "-o", str(out), "--store", str(store)])
    assert result.exit_code == 0
    if fmt == "graphml":
        graph = nx.read_graphml(out)
    elif fmt == "gexf":
        graph = nx.read_gexf(out)
    else:
        graph = nx.node_link_graph(json.loads(out.read_text()), edges="links")
    names = sorted(data["name"] for _, data in graph.nodes(data=True))
    assert names == ["Derk Boswijk", "Harmen Krul", "Henri Bontenbal"]
    assert sorted(data["weight"] for _, _, data in graph.edges(data=True)) == [1, 1, 1]


def test_eval_on_the_seed_gold(runner: CliRunner, shared_corpus: Path) -> None:
    result = runner.invoke(main, ["eval", str(shared_corpus / "seeds"), "--show-errors"])
    assert result.exit_code == 0
    assert "micro" in result.stdout and "documents: 2" in result.stdout
    assert "\tmissing\t" not in result.stdout and "\textra\t" not in result.stdout


def test_eval_folder_without_gold(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code == 2
    assert "no *.gold.json files found" in result.stderr


def test_bad_base_iri_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", str(QUESTION_SEED), "--base", "not an iri"])
    assert result.exit_code == 2
