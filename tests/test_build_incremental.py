"""Builds at scale keep the store's promises: parallel builds give the same store as one worker, unchanged files
are not read again, a changed file is worked on alone, `prune` removes what is gone, and a build killed at any
point and built again equals one that was never interrupted.

The documents are the seeds and, where ../shared is present, a sample of the development corpus (copied into a
temporary folder, never into the project).
"""

from __future__ import annotations

import importlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.build import Built, Failed, Result, Unchanged, build
from kgraph.link.stage import Linker
from kgraph.mint import Minter
from kgraph.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
# The module, not the function `kgraph.build` that the package's API also names so.
build_module = importlib.import_module("kgraph.build")


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.load(Minter())


@pytest.fixture()
def documents(tmp_path: Path) -> Path:
    """A folder of real documents: the two seeds and up to ten of the development corpus's whole documents."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    if CORPUS.is_dir():
        sample = sorted(p for p in CORPUS.rglob("*") if p.suffix in {".txt", ".pdf", ".docx"} and "tkweb" not in p.parts)
        for path in sample[:: max(1, len(sample) // 10)][:10]:
            shutil.copy(path, folder / f"{path.parent.name}-{path.name}")
    return folder


def _build(folder: Path, store_dir: Path, linker: Linker, **options: object) -> tuple[build_module.BuildSummary, list[Result]]:
    results: list[Result] = []
    with Store.open(store_dir, create=True) as store:
        summary = build([folder], store, linker, on_result=results.append, **options)  # type: ignore[arg-type]
    return summary, results


def _content(store_dir: Path) -> tuple[bytes, dict[str, tuple[str, str, bool]]]:
    """What a store holds: its N-Quads export (every document graph) and each source's graph, hash, currency."""
    import io

    with Store.open(store_dir, read_only=True) as store:
        out = io.BytesIO()
        store.export("nq", out)
        records = {source: (r.graph, r.sha256, r.current) for source, r in store.sources().items()}
    return out.getvalue(), records


def test_two_jobs_give_the_store_one_job_gives(documents: Path, tmp_path: Path, linker: Linker) -> None:
    one, _ = _build(documents, tmp_path / "one", linker, jobs=1)
    two, _ = _build(documents, tmp_path / "two", linker, jobs=2)
    assert one.documents == two.documents >= 2
    assert not one.failures and not two.failures
    assert _content(tmp_path / "one") == _content(tmp_path / "two")
    assert (one.added, one.triples, one.questions) == (two.added, two.triples, two.questions)


def test_an_unchanged_rebuild_reads_no_file(documents: Path, tmp_path: Path, linker: Linker,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = _build(documents, tmp_path / "store", linker)
    before = _content(tmp_path / "store")

    def no_reading(*args: object, **kwargs: object) -> object:
        raise AssertionError("an unchanged file was read")

    monkeypatch.setattr(build_module, "build_one", no_reading)
    again, results = _build(documents, tmp_path / "store", linker)
    assert again.worked == 0 and again.added == again.replaced == 0
    assert again.unchanged == again.documents == first.documents
    assert all(isinstance(result, Unchanged) for result in results)
    assert _content(tmp_path / "store") == before


def test_the_whole_store_steps_are_told_in_order_done_or_kept(documents: Path, tmp_path: Path, linker: Linker,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The steps after the documents take minutes on a large store: progress hears of each as it is done, and of
    each again when an unchanged store keeps what they found (so a bar counting them always ends full)."""
    told: list[str] = []
    real = build_module.put_rollups

    def rollups(store: Store) -> None:
        told.append("(rollups running)")
        real(store)

    monkeypatch.setattr(build_module, "put_rollups", rollups)
    _build(documents, tmp_path / "store", linker, on_store_step=told.append)
    assert told == ["members' parties", "(rollups running)", "rollups", "counts"]
    assert tuple(step for step in told if not step.startswith("(")) == build_module.STORE_STEPS
    told.clear()
    _build(documents, tmp_path / "store", linker, on_store_step=told.append)
    assert told == list(build_module.STORE_STEPS)  # kept: nothing runs, every step is still told


def test_an_unchanged_store_is_not_summarised_again(documents: Path, tmp_path: Path, linker: Linker,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Memberships and counts read the whole store: they are kept with the records they came from, and done again
    only when a record changed, whoever changed it."""
    real = build_module.put_memberships
    calls: list[int] = []

    def counted(store: Store, minter: Minter) -> list[str]:
        calls.append(1)
        return [*real(store, minter), "a store-wide warning"]

    monkeypatch.setattr(build_module, "put_memberships", counted)
    first, _ = _build(documents, tmp_path / "store", linker)
    assert len(calls) == 1
    again, _ = _build(documents, tmp_path / "store", linker)
    assert len(calls) == 1  # nothing changed: the kept facts
    assert "a store-wide warning" in again.warnings
    assert (again.questions, again.answers, again.people, again.triples) == (
        first.questions, first.answers, first.people, first.triples) != (0, 0, 0, 0)
    gone = sorted(documents.iterdir())[-1]
    with Store.open(tmp_path / "store") as store:
        store.remove_source(str(gone.resolve()))  # changed outside a build (or by a build killed mid-way)
    kept = gone.read_bytes()
    gone.unlink()
    fewer, _ = _build(documents, tmp_path / "store", linker)
    assert len(calls) == 2 and fewer.triples < first.triples
    gone.write_bytes(kept + b"\n")
    changed, _ = _build(documents, tmp_path / "store", linker)
    assert len(calls) == 3 and changed.added == 1


def test_an_unchanged_rebuild_does_not_load_the_linker(documents: Path, tmp_path: Path, linker: Linker) -> None:
    _build(documents, tmp_path / "store", linker)

    def no_linker() -> Linker:
        raise AssertionError("the linker was loaded")

    with Store.open(tmp_path / "store") as store:
        again = build([documents], store, no_linker, minter=linker.minter)
    assert again.unchanged == again.documents > 0


def test_a_touched_file_is_hashed_not_worked_on(documents: Path, tmp_path: Path, linker: Linker) -> None:
    _build(documents, tmp_path / "store", linker)
    touched = sorted(documents.iterdir())[0]
    os.utime(touched, ns=(1_000_000_000, 1_000_000_000))
    again, results = _build(documents, tmp_path / "store", linker)
    assert again.worked == 0 and again.unchanged == again.documents
    assert all(isinstance(result, Unchanged) for result in results)
    with Store.open(tmp_path / "store", read_only=True) as store:
        record = store.sources()[str(touched.resolve())]
    assert record.mtime_ns == 1_000_000_000  # the record follows the file, so the next build need not hash it


def test_a_changed_file_is_the_only_one_worked_on(documents: Path, tmp_path: Path, linker: Linker) -> None:
    first, _ = _build(documents, tmp_path / "store", linker)
    changed = documents / "000_87f1ffdd0d299fdc.txt"
    changed.write_bytes(changed.read_bytes() + b"\n")
    again, results = _build(documents, tmp_path / "store", linker)
    worked = [result.path.name for result in results if isinstance(result, Built)]
    assert worked == [changed.name]
    assert (again.replaced, again.unchanged, again.added) == (1, first.documents - 1, 0)


def test_a_new_pipeline_works_on_every_file_again(documents: Path, tmp_path: Path, linker: Linker,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = _build(documents, tmp_path / "store", linker)
    monkeypatch.setattr(build_module, "pipeline_fingerprint", lambda: "another kgraph")
    again, _ = _build(documents, tmp_path / "store", linker)
    assert again.worked == first.documents
    assert again.replaced == first.documents  # the same bytes, mapped anew: written again, not assumed equal


def test_prune_removes_the_documents_of_files_that_are_gone(documents: Path, tmp_path: Path, linker: Linker) -> None:
    first, _ = _build(documents, tmp_path / "store", linker)
    gone = documents / "002_306e882e6c2994f3.txt"
    gone.unlink()
    kept, _ = _build(documents, tmp_path / "store", linker)
    assert kept.removed == 0  # without prune the store keeps it
    with Store.open(tmp_path / "store", read_only=True) as store:
        assert str(gone.resolve()) in store.sources()
    pruned, _ = _build(documents, tmp_path / "store", linker, prune=True)
    assert pruned.removed == 1
    with Store.open(tmp_path / "store", read_only=True) as store:
        records = store.sources()
        assert str(gone.resolve()) not in records
        assert "kgraph:reference-data" in records  # what is not a file is never pruned
    fresh, _ = _build(documents, tmp_path / "fresh", linker)
    assert _content(tmp_path / "store")[0] == _content(tmp_path / "fresh")[0]
    assert pruned.triples == fresh.triples < first.triples


# A build in a process of its own that kills itself (the writer) right after its `after`-th result: a fresh
# interpreter, since a fork of the test process could inherit the locks of its storage threads.
KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
from kgraph.build import build
from kgraph.link.stage import Linker
from kgraph.mint import Minter
from kgraph.store import Store

folder, store_dir, after = sys.argv[1], sys.argv[2], int(sys.argv[3])
seen = 0

def kill_after(result):
    global seen
    seen += 1
    if seen == after:
        os.kill(os.getpid(), signal.SIGKILL)

with Store.open(store_dir, create=True) as store:
    build([Path(folder)], store, Linker.load(Minter()), on_result=kill_after, jobs=2, batch=2)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kills a build process")
@pytest.mark.parametrize("after", [1, 3, 6])
def test_a_build_killed_at_any_point_and_resumed_equals_an_uninterrupted_one(
        documents: Path, tmp_path: Path, linker: Linker, after: int) -> None:
    whole, _ = _build(documents, tmp_path / "whole", linker)
    assert whole.documents > after
    killed = subprocess.run([sys.executable, "-c", KILLED_BUILD, str(documents), str(tmp_path / "killed"), str(after)],
                            capture_output=True, text=True, timeout=600)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    resumed, _ = _build(documents, tmp_path / "killed", linker)
    assert not resumed.failures
    assert resumed.added + resumed.unchanged == whole.documents
    if after > 2:  # past the first batch of two: the killed build had stored some, and this resumed it
        assert resumed.added < whole.documents
    assert _content(tmp_path / "killed") == _content(tmp_path / "whole")


def test_a_graph_the_store_refuses_fails_that_document_alone(documents: Path, tmp_path: Path, linker: Linker,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    real = build_module.build_one

    def one_bad(path: Path, linker: Linker, limits: object = build_module.DEFAULT_LIMITS) -> Built | Failed:
        result = real(path, linker)
        if isinstance(result, Built) and path.name.startswith("002_"):
            return Built(result.path, result.graph, result.sha256, result.ntriples + b"<not an iri> .\n",
                         result.triples, result.conforms, result.warnings, result.links, result.seconds)
        return result

    monkeypatch.setattr(build_module, "build_one", one_bad)
    summary, _ = _build(documents, tmp_path / "store", linker, jobs=1)
    assert [failure.path.name for failure in summary.failures] == ["002_306e882e6c2994f3.txt"]
    assert "cannot store" in summary.failures[0].error
    with Store.open(tmp_path / "store", read_only=True) as store:
        assert len([s for s in store.sources() if not s.startswith("kgraph:")]) == summary.documents


def test_a_refused_bulk_load_leaves_nothing_behind(tmp_path: Path) -> None:
    """The bulk loader may write part of what it was given before it finds an error: add_documents takes it out."""
    from kgraph.store import DocumentWrite

    good = b'<https://example.org/a> <https://example.org/p> "one" .\n'
    with Store.open(tmp_path / "store", create=True) as store:
        store.add_documents([DocumentWrite("https://example.org/g0", good, "/data/0.txt", "0" * 64)])
        before = _content_of(store)
        bad = good + b'<https://example.org/b> <https://example.org/p> "two" .\n' + b"<not an iri> .\n"
        with pytest.raises(Exception, match="cannot store the documents"):
            store.add_documents([DocumentWrite("https://example.org/g1", bad, "/data/1.txt", "1" * 64)])
        assert _content_of(store) == before
        assert set(store.sources()) == {"/data/0.txt"}


def _content_of(store: Store) -> set[str]:
    found = store.query("SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
    return {" ".join(str(cell) for cell in row) for row in found.rows}
