"""Linking on the whole development corpus plus the seeds: one node per real person, never one node for two,
and the built graph conforms to the shapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.link.cases import same_person
from kgraph.store import Store

from conftest import SEEDS, whole_documents


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
    if not corpus.is_dir():
        pytest.skip(f"development corpus not found at {corpus}")
    location = tmp_path_factory.mktemp("dev") / "store"
    result = CliRunner().invoke(main, ["build", *map(str, whole_documents()), str(SEEDS), "--store", str(location)])
    assert result.exit_code == 0, result.output
    return location


def _people(store: Path) -> dict[str, set[str]]:
    people: dict[str, set[str]] = {}
    with Store.open(store, read_only=True) as opened:
        for iri, name in opened.query("SELECT ?p ?n WHERE { ?p a foaf:Person ; foaf:name ?n }").rows:
            assert iri is not None and name is not None
            people.setdefault(iri, set()).add(name)
    return people


def test_no_node_is_shared_by_two_people(store: Path) -> None:
    shared = {iri: names for iri, names in _people(store).items() if len(names) > 1}
    assert shared == {}


def test_no_member_has_two_nodes(store: Path) -> None:
    names = sorted((next(iter(n)), iri) for iri, n in _people(store).items())
    doubles = [
        (a, b) for i, (a, iri_a) in enumerate(names) for b, iri_b in names[i + 1:]
        if iri_a != iri_b and (same_person(a, b) or same_person(b, a))
    ]
    assert doubles == []


def test_dev_graph_conforms(store: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--store", str(store)])
    assert result.exit_code == 0, result.output
