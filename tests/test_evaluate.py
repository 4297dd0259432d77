"""Scoring against gold files: `file` resolved against the corpus folder, only `scored_fields` scored."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kgraph.cli import main
from kgraph.evaluate import Scores, load_gold, score

HEADER = ("Vragen van het lid Jansen (SP) aan de Minister van Financiën over de zorg (ingezonden 3 maart 2021).\n\n"
          "Vraag 1\n\nKlopt het?\n")


def _corpus(tmp_path: Path, gold: dict[str, object]) -> Path:
    """A corpus laid out like tkweb/: the gold file in one folder, the document in docs/ beside it."""
    (tmp_path / "web" / "docs").mkdir(parents=True)
    (tmp_path / "web" / "docs" / "001.txt").write_text(HEADER, encoding="utf-8")
    (tmp_path / "web" / "001.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def test_file_is_resolved_against_the_corpus_folder(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"file": "web/docs/001.txt"})
    _, document = load_gold(corpus / "web" / "001.gold.json")
    assert document == corpus / "web" / "docs" / "001.txt"


def test_only_scored_fields_count() -> None:
    record = {
        "kind": "questions", "oral": False, "submitted": "2021-03-03", "received": None, "koop_id": None,
        "askers": [{"name": "Jansen", "party": "SP"}], "addressees": [], "answerers": [], "on_behalf_of": [],
        "questions": [{"number": "1"}], "answers": [], "footnotes": [],
        "references": {"kamerstukken": [], "aanhangsel": [], "zaken": [], "statutes": []},
    }
    # The gold annotates askers only: the (unannotated, here wrong) question numbers do not count.
    gold = {"askers": [{"name": "Jansen", "party": "SP"}], "questions": ["9"], "scored_fields": ["askers"]}
    scores = Scores()
    score(record, gold, scores, "doc")
    assert (scores.micro.tp, scores.micro.fp, scores.micro.fn) == (1, 0, 0)
    assert scores.counts["questions"].tp + scores.counts["questions"].fp == 0


def test_eval_reads_documents_outside_the_gold_folder_and_scores_the_annotated_fields(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {
        "file": "web/docs/001.txt", "kind": "questions", "submitted": "2021-03-03",
        "askers": [{"name": "Jansen", "party": "SP"}],
        "addressees": [{"office": "minister", "portfolio": "Financiën"}],
        "scored_fields": ["kind", "submitted", "askers", "addressees"],
    })
    result = CliRunner().invoke(main, ["eval", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["micro_f1"] == 1.0 and scores["documents"] == 1 and scores["failures"] == []
    assert scores["fields"]["askers"]["tp"] == 1 and scores["fields"]["questions"]["tp"] == 0


def test_eval_names_a_document_it_cannot_read_and_fails(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"file": "web/docs/missing.txt", "kind": "questions"})
    result = CliRunner().invoke(main, ["eval", str(corpus)])
    assert result.exit_code == 1
    assert "missing.txt" in result.output and "could not be read" in result.output
