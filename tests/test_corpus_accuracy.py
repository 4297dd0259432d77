"""Extraction accuracy on the development corpus (../shared/corpus/dev), scored like `kgraph eval`.

The bar is the project's: every field F1 >= 0.95 and micro-F1 >= 0.98, and every document yields a record.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.evaluate import Scores, gold_files, load_gold, score, table
from kgraph.extract import extract
from kgraph.read import read
from kgraph.record import to_record

FIELD_BAR = 0.95
MICRO_BAR = 0.98


@pytest.fixture(scope="module")
def scores(request: pytest.FixtureRequest) -> Scores:
    corpus = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
    if not corpus.is_dir():
        pytest.skip(f"development corpus not found at {corpus}")
    result = Scores()
    for gold_path in gold_files(corpus):
        gold, document = load_gold(gold_path)
        score(to_record(extract(read(document))), gold, result, str(document.relative_to(corpus)))
    return result


def test_every_gold_document_is_read(scores: Scores) -> None:
    assert scores.documents >= 59
    assert scores.failures == []


def test_every_field_meets_the_bar(scores: Scores) -> None:
    low = {name: round(c.f1, 3) for name, c in scores.counts.items() if c.f1 < FIELD_BAR}
    misses = "\n".join(f"{m.file}\t{m.field}\t{m.kind}\t{m.detail}" for m in scores.misses)
    assert not low, f"fields below {FIELD_BAR}: {low}\n{table(scores)}\n{misses}"


def test_micro_f1_meets_the_bar(scores: Scores) -> None:
    assert scores.micro.f1 >= MICRO_BAR, table(scores)
