"""`kgraph tables`: one table per entity, read back with the csv module (and with sqlite3, DuckDB and pandas where
installed), counts equal to the graph's and to the extracted records', keys that join."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import kgraph
from kgraph.cli import main
from kgraph.store import Store
from kgraph.tables import TABLES, read_tables, write_tables

from conftest import SEEDS, SHARED_CORPUS, whole_documents

# What the graph counts for each table, asked independently of the tables' own queries.
GRAPH_COUNTS = {
    "documents": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d kg:sha256 ?h }",
    "questions": "SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q a schema:Question }",
    "answers": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:Answer }",
    "answer_questions": "SELECT (COUNT(*) AS ?n) WHERE { ?a a schema:Answer ; schema:parentItem ?q }",
    "askers": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x prov:hadRole kg:asker }",
    "addressees": "SELECT (COUNT(*) AS ?n) WHERE { ?d kg:addressedTo ?p }",
    "on_behalf_of": "SELECT (COUNT(*) AS ?n) WHERE { ?d kg:onBehalfOf ?p }",
    "answerers": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x prov:hadRole kg:answerer }",
    "footnotes": "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a kg:Footnote }",
    "cited_pages": "SELECT (COUNT(*) AS ?n) WHERE { ?f a kg:Footnote ; schema:citation ?p }",
    "references": "SELECT (COUNT(*) AS ?n) WHERE { ?d kg:sha256 ?h ; dcterms:references ?r }",
    "links": "SELECT (COUNT(DISTINCT ?l) AS ?n) WHERE { ?l a kg:LinkAnnotation }",
    "people": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a foaf:Person }",
    "parties": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a kg:PoliticalParty }",
    "ministries": "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a kg:Ministry }",
}


def graph_counts(store: Store) -> dict[str, int]:
    return {name: int(store.query(query).rows[0][0] or 0) for name, query in GRAPH_COUNTS.items()}


def record_counts(paths: list[Path]) -> dict[str, int]:
    """What the extracted documents themselves hold."""
    documents = [r.document for r in kgraph.extract_all(paths, linked=False) if isinstance(r, kgraph.Extraction)]
    return {
        "documents": len(documents),
        "questions": sum(len(d.questions) for d in documents),
        "answers": sum(len(d.answers) for d in documents),
        "askers": sum(len(d.askers) for d in documents),
        "answerers": sum(len(d.answerers) for d in documents),
        "footnotes": sum(len({f.number for f in d.footnotes}) for d in documents),
    }


def check_tables(store: Store, folder: Path, paths: list[Path]) -> dict[str, list[dict[str, str]]]:
    counts = write_tables(store, folder)
    tables = read_tables(folder)
    assert {name: len(rows) for name, rows in tables.items()} == counts
    assert counts == graph_counts(store)
    expected = record_counts(paths)
    assert {name: counts[name] for name in expected} == expected
    for table in TABLES:
        rows = tables[table.name]
        keys = [tuple(row[k] for k in table.key) for row in rows]
        assert len(keys) == len(set(keys)), f"{table.name}: duplicate keys"
        assert all(all(key) for key in keys), f"{table.name}: an empty key"
        for column in table.columns:
            if column.references:
                (target,) = next(t.key for t in TABLES if t.name == column.references)
                known = {row[target] for row in tables[column.references]}
                dangling = {row[column.name] for row in rows if row[column.name]} - known
                assert dangling == set(), f"{table.name}.{column.name} -> {column.references}: {sorted(dangling)[:3]}"
    return tables


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {SHARED_CORPUS}")
    location = tmp_path_factory.mktemp("dev") / "store"
    kgraph.build(whole_documents(), location)
    return location


def test_seed_tables(seed_store: Path, tmp_path: Path) -> None:
    with Store.open(seed_store, read_only=True) as store:
        tables = check_tables(store, tmp_path / "tables", [SEEDS])
    documents = {row["file"]: row for row in tables["documents"]}
    question_set = documents["002_306e882e6c2994f3.txt"]
    assert question_set["kind"] == "questions" and question_set["submitted"] == "2025-05-22"
    askers = [row for row in tables["askers"] if row["document"] == question_set["document"]]
    assert sorted(row["name_as_printed"] for row in askers) == ["Bontenbal", "Boswijk", "Krul"]
    assert {row["party_label"] for row in askers} == {"CDA"}
    assert tables["questions"][0]["position"] == "1"


def test_dev_corpus_tables(dev_store: Path, tmp_path: Path) -> None:
    with Store.open(dev_store, read_only=True) as store:
        check_tables(store, tmp_path / "tables", whole_documents())


def test_csv_on_the_web_metadata_describes_every_file(seed_store: Path, tmp_path: Path) -> None:
    with Store.open(seed_store, read_only=True) as store:
        write_tables(store, tmp_path)
    metadata = json.loads((tmp_path / "csv-metadata.json").read_text(encoding="utf-8"))
    assert metadata["@context"] == "http://www.w3.org/ns/csvw"
    for described in metadata["tables"]:
        with open(tmp_path / described["url"], encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == [column["name"] for column in described["tableSchema"]["columns"]]
    assert (tmp_path / "dataset.ttl").read_text(encoding="utf-8").count("void:Dataset") >= 1


def test_sqlite_has_the_same_rows_and_its_keys_hold(seed_store: Path, tmp_path: Path) -> None:
    with Store.open(seed_store, read_only=True) as store:
        counts = write_tables(store, tmp_path / "tables.sqlite")
        expected = graph_counts(store)
    assert counts == expected
    connection = sqlite3.connect(tmp_path / "tables.sqlite")
    try:
        for name, count in expected.items():
            assert connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] == count
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        # Typed columns: positions are integers, oral a 0/1 flag, so SQL can sum and sort them.
        positions = connection.execute("SELECT typeof(position), MAX(position) FROM questions").fetchone()
        assert positions == ("integer", 9)
        joined = connection.execute(
            "SELECT COUNT(*) FROM answers JOIN answer_questions USING (answer) JOIN questions USING (question)"
        ).fetchone()[0]
        assert joined == expected["answer_questions"]
    finally:
        connection.close()


def test_duckdb_reads_the_csv_files(seed_store: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb", reason="DuckDB is not installed (pip install duckdb); CSV is read by csv")
    with Store.open(seed_store, read_only=True) as store:
        counts = write_tables(store, tmp_path)
    connection = duckdb.connect()
    for name, count in counts.items():
        found = connection.execute(f"SELECT COUNT(*) FROM read_csv('{tmp_path / name}.csv', header=true)").fetchone()
        assert found is not None and found[0] == count
    joined = connection.execute(
        f"SELECT COUNT(*) FROM read_csv('{tmp_path}/askers.csv', header=true) a "
        f"JOIN read_csv('{tmp_path}/documents.csv', header=true) d USING (document)"
    ).fetchone()
    assert joined is not None and joined[0] == counts["askers"]


def test_pandas_reads_the_csv_files(seed_store: Path, tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas", reason="pandas is not installed; CSV is read by csv")
    with Store.open(seed_store, read_only=True) as store:
        counts = write_tables(store, tmp_path)
    for name, count in counts.items():
        assert len(pandas.read_csv(tmp_path / f"{name}.csv")) == count


def test_tables_command(seed_store: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["tables", "-o", str(tmp_path / "t"), "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    assert "documents" in result.stdout and (tmp_path / "t" / "documents.csv").is_file()
    result = CliRunner().invoke(main, ["tables", "-o", str(tmp_path / "t.sqlite"), "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "t.sqlite").is_file()
    result = CliRunner().invoke(main, ["tables", "-o", str(tmp_path / "x"), "--format", "parquet",
                                       "--store", str(seed_store)])
    assert result.exit_code == 2
