"""Shared test fixtures: where the seeds and the shared corpus are."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
ANSWER_SEED = SEEDS / "000_87f1ffdd0d299fdc.txt"
QUESTION_SEED = SEEDS / "002_306e882e6c2994f3.txt"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
# tkweb/ holds the first ~2,000 characters of web pages, cut mid-document (see GOLD.md): scored for their header
# fields only, and not whole documents a graph of which could conform. Whole-corpus graph tests use the rest.
EXCERPTS = "tkweb"


def whole_documents() -> list[Path]:
    """The folders of the development corpus that hold whole documents."""
    return sorted(p for p in SHARED_CORPUS.iterdir() if p.is_dir() and p.name != EXCERPTS)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files from the current output; review the diff.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {SHARED_CORPUS}; these tests need ../shared/corpus/dev beside the project")
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from seeds/ once per test session; tests that write or lock it take a copy."""
    from click.testing import CliRunner

    from kgraph.cli import main

    location = tmp_path_factory.mktemp("seeds") / "store"
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--store", str(location)])
    assert result.exit_code == 0, result.output
    return location
