"""The seed records agree with the project's hand annotation (../shared/corpus/dev/seeds/*.gold.json) on every field."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.evaluate import EXACT_FIELDS, LIST_FIELDS, Scores, load_gold, score
from kgraph.extract import extract
from kgraph.read import read
from kgraph.record import to_record


@pytest.mark.parametrize("name", ["000_87f1ffdd0d299fdc", "002_306e882e6c2994f3"])
def test_seed_agrees_with_gold(shared_corpus: Path, name: str) -> None:
    gold, document = load_gold(shared_corpus / "seeds" / f"{name}.gold.json")
    scores = Scores()
    score(to_record(extract(read(document))), gold, scores, name)
    assert scores.misses == []
    assert all(scores.counts[f].fp == scores.counts[f].fn == 0 for f in EXACT_FIELDS + LIST_FIELDS)
