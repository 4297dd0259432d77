"""Extraction accuracy on the development corpus (../shared/corpus/dev), scored like `kgraph eval`.

Two bars: the project's floor (every field F1 >= 0.97, micro-F1 >= 0.99), and no regression of more than
0.005 on any field against `tests/corpus_scores.json`. The misses left are listed, reviewed, in
`tests/corpus_misses.tsv` and must stay exactly those: a fix makes a listed miss disappear and the list must
be updated (like a strict xfail); a new miss fails. Regenerate both after reviewing the change with
`.venv/bin/python -m tests.test_corpus_accuracy`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from kgraph.evaluate import Miss, Scores, gold_files, load_gold, score, table
from kgraph.extract import extract
from kgraph.read import read
from kgraph.record import to_record

FIELD_BAR = 0.97
MICRO_BAR = 0.99
REGRESSION = 0.005
HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpus" / "dev"
BASELINE = HERE / "corpus_scores.json"
MISSES = HERE / "corpus_misses.tsv"


def corpus_scores(corpus: Path) -> Scores:
    result = Scores()
    for gold_path in gold_files(corpus):
        gold, document = load_gold(gold_path)
        score(to_record(extract(read(document))), gold, result, str(document.relative_to(corpus)))
    return result


def _line(miss: Miss) -> str:
    return f"{miss.file}\t{miss.field}\t{miss.kind}\t{miss.detail}"


@pytest.fixture(scope="module")
def scores() -> Scores:
    if not CORPUS.is_dir():
        pytest.skip(f"development corpus not found at {CORPUS}")
    return corpus_scores(CORPUS)


def test_every_gold_document_is_read(scores: Scores) -> None:
    assert scores.documents >= 209
    assert scores.failures == []


def test_every_field_meets_the_bar(scores: Scores) -> None:
    low = {name: round(c.f1, 3) for name, c in scores.counts.items() if c.f1 < FIELD_BAR}
    assert not low, f"fields below {FIELD_BAR}: {low}\n{table(scores)}"


def test_micro_f1_meets_the_bar(scores: Scores) -> None:
    assert scores.micro.f1 >= MICRO_BAR, table(scores)


def test_no_field_regresses(scores: Scores) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    worse = {name: (baseline[name], round(c.f1, 4)) for name, c in scores.counts.items()
             if c.f1 < baseline[name] - REGRESSION}
    assert not worse, f"fields more than {REGRESSION} below tests/corpus_scores.json (was, now): {worse}\n{table(scores)}"


def test_known_misses_are_exactly_the_reviewed_ones(scores: Scores) -> None:
    reviewed = {line for line in MISSES.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")}
    now = {_line(miss) for miss in scores.misses}
    assert now - reviewed == set(), "new misses:\n" + "\n".join(sorted(now - reviewed))
    assert reviewed - now == set(), "fixed (remove from tests/corpus_misses.tsv):\n" + "\n".join(sorted(reviewed - now))


if __name__ == "__main__":  # regenerate the baseline and the misses list after reviewing a change
    result = corpus_scores(CORPUS)
    BASELINE.write_text(json.dumps({name: round(c.f1, 4) for name, c in result.counts.items()}, indent=1) + "\n", encoding="utf-8")
    comments = [line for line in MISSES.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    MISSES.write_text("".join(c + "\n" for c in comments) + "".join(_line(m) + "\n" for m in sorted(result.misses, key=_line)),
                      encoding="utf-8")
    print(table(result), file=sys.stderr)
