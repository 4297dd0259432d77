"""`kgraph export --format nq --split N`: parts of at most N quads for bulk loaders, whole document graphs in each,
every quad once, the same bytes as the unsplit export; a part loads into pyoxigraph, and, where Virtuoso is
installed, all parts load with its bulk loader (`ld_dir` + `rdf_loader_run`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.store import Store

from conftest import SEEDS, SHARED_CORPUS
from sparql_servers import VIRTUOSO_MISSING, find_virtuoso, virtuoso

_CORPUS_FOLDER = SHARED_CORPUS / "codewith"  # a few more documents (and graphs) when the corpus is there


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    location = tmp_path_factory.mktemp("split-store") / "store"
    sources = [str(SEEDS)] + ([str(_CORPUS_FOLDER)] if _CORPUS_FOLDER.is_dir() else [])
    result = CliRunner().invoke(main, ["build", *sources, "--store", str(location)])
    assert result.exit_code == 0, result.output
    return location


@pytest.fixture(scope="module")
def sizes(store_dir: Path) -> dict[str, int]:
    with Store.open(store_dir, read_only=True) as store:
        return dict(store.graph_sizes())


@pytest.fixture(scope="module")
def unsplit(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("unsplit") / "all.nq"
    result = CliRunner().invoke(main, ["export", "--format", "nq", "-o", str(path), "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    return path.read_bytes()


def _split(store_dir: Path, output: Path, n: int) -> list[Path]:
    result = CliRunner().invoke(main, ["export", "--format", "nq", "--split", str(n), "-o", str(output),
                                       "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    return [Path(line) for line in result.stdout.splitlines()]


def _graph(line: bytes) -> str:
    """The graph IRI of an N-Quads line as kgraph writes it (`… <graph> .`)."""
    return line.rsplit(b" ", 2)[1].decode()[1:-1]


def test_the_store_has_graphs_of_several_sizes(sizes: dict[str, int], unsplit: bytes) -> None:
    assert len(sizes) >= 4 and len(set(sizes.values())) > 1
    assert sum(sizes.values()) == unsplit.count(b"\n")


@pytest.mark.parametrize("room", [1.0, 2.5, 1000.0])
def test_parts_hold_at_most_n_quads_of_whole_graphs_and_every_quad_once(
    store_dir: Path, sizes: dict[str, int], unsplit: bytes, tmp_path: Path, room: float
) -> None:
    n = int(max(sizes.values()) * room)  # at least the largest graph: no graph is cut
    files = _split(store_dir, tmp_path / "graph.nq", n)
    assert files == sorted(tmp_path.glob("graph.*.nq"))
    assert [f.name for f in files] == [f"graph.{number:03d}.nq" for number in range(len(files))]
    contents = [f.read_bytes() for f in files]
    lines = [content.splitlines(keepends=True) for content in contents]
    assert all(0 < len(part) <= n for part in lines)

    # Every quad once, and the parts in name order are the unsplit export, byte for byte.
    everything = [line for part in lines for line in part]
    assert Counter(everything) == Counter(unsplit.splitlines(keepends=True))
    assert len(set(everything)) == len(everything)
    assert b"".join(contents) == unsplit

    # Whole graphs: each graph is in one part; and greedy in order: a part ends only where the next graph would
    # not fit, so there are no more parts than needed.
    where = {graph: {number for number, part in enumerate(lines) for line in part if _graph(line) == graph}
             for graph in sizes}
    assert all(len(numbers) == 1 for numbers in where.values())
    for number in range(len(lines) - 1):
        following = _graph(lines[number + 1][0])
        assert len(lines[number]) + sizes[following] > n
    if room == 1000.0:
        assert len(files) == 1


def test_a_graph_larger_than_n_fills_parts_of_its_own(
    store_dir: Path, sizes: dict[str, int], unsplit: bytes, tmp_path: Path
) -> None:
    largest = max(sizes, key=lambda graph: sizes[graph])
    n = sizes[largest] // 3 + 1  # the largest graph takes three parts; graphs over n may take more
    files = _split(store_dir, tmp_path / "graph.nq", n)
    lines = [f.read_bytes().splitlines(keepends=True) for f in files]
    assert all(0 < len(part) <= n for part in lines)
    holding = [number for number, part in enumerate(lines) if any(_graph(line) == largest for line in part)]
    assert len(holding) == 3 and holding == list(range(holding[0], holding[0] + 3))  # consecutive parts
    for number in holding:
        assert {_graph(line) for line in lines[number]} == {largest}  # nothing else in them
    for graph, size in sizes.items():
        if size <= n:
            assert sum(any(_graph(line) == graph for line in part) for part in lines) == 1  # not cut
    assert b"".join(b"".join(part) for part in lines) == unsplit


def test_a_part_loads_into_pyoxigraph(store_dir: Path, tmp_path: Path, sizes: dict[str, int]) -> None:
    files = _split(store_dir, tmp_path / "graph.nq", max(sizes.values()))
    loaded = ox.Store()
    loaded.load(path=str(files[0]), format=ox.RdfFormat.N_QUADS)
    lines = files[0].read_bytes().splitlines()
    graphs = {_graph(line) for line in lines}
    assert len(loaded) == len(lines)
    assert {g.value for g in loaded.named_graphs() if isinstance(g, ox.NamedNode)} == graphs
    assert all(len(list(loaded.quads_for_pattern(None, None, None, ox.NamedNode(g)))) == sizes[g] for g in graphs)


def test_the_same_store_gives_the_same_parts_and_stale_parts_go(store_dir: Path, tmp_path: Path) -> None:
    many = _split(store_dir, tmp_path / "graph.nq", 200)
    first = [f.read_bytes() for f in many]
    (tmp_path / "graph.notes.nq").write_bytes(b"")  # not a part: left alone
    (tmp_path / "other.000.nq").write_bytes(b"")
    assert _split(store_dir, tmp_path / "graph.nq", 200) == many
    assert [f.read_bytes() for f in many] == first
    few = _split(store_dir, tmp_path / "graph.nq", 100_000)
    assert len(few) == 1 < len(many)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.000.nq", "graph.notes.nq", "other.000.nq"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--split", "10"], "--split needs --format nq"),
        (["--format", "nq", "--split", "10"], "--split needs -o FILE.nq"),
        (["--format", "nq", "--split", "10", "-o", "-"], "--split needs -o FILE.nq"),
        (["--split", "10", "-o", "graph.ttl"], "--split needs --format nq"),
        (["--format", "nq", "--split", "0", "-o", "graph.nq"], "0 is not in the range x>=1"),
    ],
)
def test_usage_errors(store_dir: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["export", *args, "--store", str(store_dir)])
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.skipif(find_virtuoso() is None, reason=VIRTUOSO_MISSING)
def test_the_parts_load_with_virtuosos_bulk_loader(
    store_dir: Path, sizes: dict[str, int], tmp_path: Path
) -> None:
    folder = tmp_path / "parts"
    folder.mkdir()
    files = _split(store_dir, folder / "graph.nq", max(sizes.values()))
    assert len(files) > 1
    with virtuoso(tmp_path / "virtuoso", readable=(folder,)) as server:
        # The third argument is the graph for triple formats; N-Quads name their own graphs.
        server.isql(f"ld_dir('{folder}', 'graph.*.nq', 'urn:kgraph:unused')", "rdf_loader_run()")
        listed = server.isql("SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_state = 2 AND ll_error IS NULL")
        assert int(listed.split()[0]) == len(files)
        counts = {}
        for graph in sizes:
            answer = server.isql(f"SPARQL SELECT COUNT(*) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
            counts[graph] = int(answer.split()[0])
    assert counts == sizes
