"""The seed documents' graphs, compared by isomorphism with reviewed golden Turtle files (tests/golden/): each
seed as the null linker maps it (`<seed>.ttl`, what `kgraph extract --no-link --format ttl` prints) and as the
real linking stage links it against the shipped reference data (`<seed>.linked.ttl`, what `kgraph build` stores).

Regenerate with `pytest --update-golden` and review the diff before committing: the golden file is the
reviewed expectation, not whatever the code produces today.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kgraph.extract import extract
from kgraph.link.stage import Linker
from kgraph.mint import Minter
from kgraph.rdf import document_graph
from kgraph.read import read
from kgraph.serialize import graph_bytes

from conftest import ANSWER_SEED, QUESTION_SEED

GOLDEN = Path(__file__).parent / "golden"


def _dump(graph: Graph) -> str:
    return "\n".join(sorted(line for line in graph.serialize(format="nt").splitlines() if line))


def _compare(actual: Graph, golden_file: Path, update_golden: bool) -> None:
    if update_golden:
        golden_file.write_bytes(graph_bytes(actual, "turtle"))
    expected = Graph().parse(golden_file, format="turtle")
    if not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        pytest.fail(f"graph differs from {golden_file.name}\nonly in actual:\n{_dump(only_actual)}\nonly in golden:\n{_dump(only_expected)}")


@pytest.mark.parametrize("seed", [ANSWER_SEED, QUESTION_SEED], ids=["answer", "questions"])
def test_seed_graph_matches_golden(seed: Path, update_golden: bool) -> None:
    _compare(document_graph(extract(read(seed))), GOLDEN / f"{seed.stem}.ttl", update_golden)


@pytest.mark.parametrize("seed", [ANSWER_SEED, QUESTION_SEED], ids=["answer", "questions"])
def test_linked_seed_graph_matches_golden(seed: Path, update_golden: bool) -> None:
    linked = Linker.load(Minter()).link(extract(read(seed)))
    _compare(document_graph(linked), GOLDEN / f"{seed.stem}.linked.ttl", update_golden)
