"""A short run of the fuzzing harness (benchmarks/fuzz_kgraph.py) on fixed random seeds, and every input it ever
found a crash with (tests/fixtures/hostile/), which must now be read or refused cleanly.

The long run is a command of its own (README, "Hostile input"); this one takes a few seconds.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

HARNESS = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz_kgraph.py"
FOUND = Path(__file__).resolve().parent / "fixtures" / "hostile"


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_kgraph", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_kgraph"] = module
    spec.loader.exec_module(module)
    return module


fuzz_kgraph = _harness()

#: Inputs per target in the short run: the readers are quick, the pipeline validates each document.
SHORT = {"text": 40, "markdown": 40, "koop_xml": 40, "koop_html": 40, "pdf": 12, "docx": 12, "pipeline": 5}


@pytest.fixture(scope="module")
def pipeline() -> Iterator[object]:
    running = fuzz_kgraph.Pipeline()
    yield running
    running.close()


@pytest.mark.parametrize("target", fuzz_kgraph.TARGETS)
def test_short_fuzz_run_finds_no_crash(target: str, pipeline: object) -> None:
    tally = fuzz_kgraph.fuzz(target, SHORT[target], seed=11, corpus=False, save=False, pipeline=pipeline)
    assert tally.crash is None, tally.line()
    assert tally.inputs == SHORT[target]


def test_the_harness_tells_a_crash() -> None:
    """The oracle is not blind: what is not `SourceText` or a one-line `ReadError` is a crash."""
    with pytest.raises(fuzz_kgraph.Crash, match="the reader returned NoneType"):
        fuzz_kgraph.check_source(None)  # type: ignore[arg-type]
    run = fuzz_kgraph.reader_target("text")
    assert run(b"Vragen van het lid Jansen (CDA)\nVraag 1\nKlopt het?\n") == "text"
    assert run(b"") == "error"


@pytest.mark.parametrize("found", sorted(FOUND.glob("*")) if FOUND.is_dir() else [], ids=lambda path: path.name)
def test_every_crash_found_is_now_read_or_refused(found: Path, pipeline: object) -> None:
    """The file's name says the target that found it (tests/fixtures/hostile/<target>-<sha256 prefix>.<suffix>)."""
    target = found.name.split("-", 1)[0]
    data = found.read_bytes()
    readers = [target] if target in fuzz_kgraph.READERS else [
        name for name, suffix in fuzz_kgraph.SUFFIXES.items() if suffix == found.suffix]
    for reader in readers:
        assert fuzz_kgraph.reader_target(reader)(data) in ("text", "error")
    assert pipeline.run(data, found.suffix) in ("text", "error")  # type: ignore[attr-defined]
