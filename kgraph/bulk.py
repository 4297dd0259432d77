"""`kgraph export --format nq --split N`: the export in parts, for the bulk loaders of scalable SPARQL servers.

Bulk loaders read a folder or a list of files, one file per worker at a time, and measure a file by its statements:
Virtuoso's `ld_dir('DIR', '*.nq', …)` with `rdf_loader_run()` (one per core, a file each), Oxigraph's
`oxigraph load --file A --file B …`, Blazegraph's DataLoader (a folder), QLever's index builder (several inputs).
So a part holds at most N quads, and whole documents: a document is one named graph, and a part holds as many
whole graphs as fit, in IRI order. A graph is cut only when it alone holds more than N quads; it then fills parts
of its own, N quads each but the last, so no part ever holds more than N. One exception keeps the data right:
a graph with blank nodes is never cut, since a loader scopes blank node labels to one file (kgraph mints IRIs
for every node, so its own graphs have none).

Given `-o OUT.nq`, the parts are `OUT.000.nq`, `OUT.001.nq`, … (three digits, more when there are more than 1,000
parts, so that the names sort in order). Each part is written atomically (`kgraph.atomic`). The same store gives
the same parts, and the parts read in name order are, byte for byte, the unsplit `kgraph export --format nq`.
Parts of an earlier export to the same `-o` beyond the new last one are removed, so that a loader given
`OUT.*.nq` never loads a stale part.

>>> [[(s.graph, s.start, s.stop) for s in part] for part in plan_parts([("a", 3), ("b", 2), ("c", 7), ("d", 1)], 5)]
[[('a', 0, 3), ('b', 0, 2)], [('c', 0, 5)], [('c', 5, 7)], [('d', 0, 1)]]
>>> [p.name for p in part_paths(Path("out/graph.nq"), 3)]
['graph.000.nq', 'graph.001.nq', 'graph.002.nq']
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from kgraph.atomic import atomic_output
from kgraph.progress import Progress
from kgraph.store import Store

__all__ = ["Part", "Slice", "part_paths", "plan_parts", "write_parts"]

SUFFIX = ".nq"
_MIN_DIGITS = 3


@dataclass(frozen=True, slots=True)
class Slice:
    """Quads `start` to `stop` (in the graph's sorted order) of one graph."""

    graph: str
    start: int
    stop: int


@dataclass(frozen=True, slots=True)
class Part:
    """One file written: its path, how many quads, and how many graphs it holds (or holds part of)."""

    path: Path
    quads: int
    graphs: int


def plan_parts(sizes: list[tuple[str, int]], limit: int, whole: Collection[str] = ()) -> list[list[Slice]]:
    """The parts for graphs of `sizes` (IRI, quads; in export order): whole graphs packed in order while they
    fit in `limit` quads; a graph over `limit` in parts of its own, cut every `limit` quads, unless it is in
    `whole` (blank nodes), when it is one part of its own, over the limit."""
    if limit < 1:
        raise ValueError(f"a part holds at least 1 quad, not {limit}")
    planned: list[list[Slice]] = []
    current: list[Slice] = []
    filled = 0
    for graph, size in sizes:
        if size > limit:
            if current:
                planned.append(current)
                current, filled = [], 0
            step = size if graph in whole else limit
            planned.extend([Slice(graph, start, min(start + step, size))] for start in range(0, size, step))
            continue
        if filled + size > limit:
            planned.append(current)
            current, filled = [], 0
        current.append(Slice(graph, 0, size))
        filled += size
    if current:
        planned.append(current)
    return planned


def part_paths(output: Path, count: int) -> list[Path]:
    """The names of `count` parts of the export `output` (OUT.nq -> OUT.000.nq …; a name without .nq gets it)."""
    digits = max(_MIN_DIGITS, len(str(count - 1)))
    return [output.with_name(f"{_stem(output)}.{number:0{digits}d}{SUFFIX}") for number in range(count)]


def write_parts(store: Store, output: Path, limit: int, progress: Progress | None = None) -> list[Part]:
    """Write the store's nq export as parts of at most `limit` quads next to `output`; the parts written, in
    order. `progress` sees each part."""
    sizes = store.graph_sizes()
    whole = {graph for graph, size in sizes if size > limit and store.has_blank_nodes(graph)}
    planned = plan_parts(sizes, limit, whole)
    paths = part_paths(output, len(planned))
    if progress is not None:
        progress.extend(len(planned))
    written: list[Part] = []
    cached: tuple[str, list[bytes]] | None = None  # a cut graph's lines, read once for all its parts
    for path, part in zip(paths, planned):
        quads = 0
        with atomic_output(path) as out:
            for piece in part:
                if cached is None or cached[0] != piece.graph:
                    cached = (piece.graph, store.graph_nquads(piece.graph))
                lines = cached[1][piece.start:piece.stop]
                out.write(b"".join(lines))
                quads += len(lines)
        written.append(Part(path, quads, len(part)))
        if progress is not None:
            progress.advance(path.name)
    _remove_stale(output, paths)
    return written


def _remove_stale(output: Path, paths: list[Path]) -> list[Path]:
    """Remove the parts of an earlier split export to `output` that this one did not write (OUT.NNN.nq, three
    digits or more); the paths removed."""
    pattern = re.compile(rf"{re.escape(_stem(output))}\.[0-9]{{{_MIN_DIGITS},}}{re.escape(SUFFIX)}")
    keep = {path.name for path in paths}
    folder = output.parent
    stale = sorted(path for path in folder.iterdir() if pattern.fullmatch(path.name) and path.name not in keep
                   and path.is_file()) if folder.is_dir() else []
    for path in stale:
        path.unlink()
    return stale


def _stem(output: Path) -> str:
    return output.name[: -len(SUFFIX)] if output.name.endswith(SUFFIX) else output.name
