"""Sorting more lines than memory should hold: an external merge sort of byte lines, spilled to temporary files.

The derived graphs (members' parties, rollups) have millions of N-Triples lines at 100,000 documents. Sorted, a
graph's lines give its digest and can be compared with the stored graph's in one pass (`Store.replace_graph`);
held whole in a set and sorted, they took the writing process past a gigabyte. Here at most `run_bytes` of lines
are in memory: each full run is sorted and written to an anonymous temporary file, and the runs are merged
(`heapq.merge`), which reads each a buffer at a time.

>>> list(sorted_unique([b"b\\n", b"a\\n", b"b\\n"]))
[b'a\\n', b'b\\n']
"""

from __future__ import annotations

import heapq
import tempfile
from collections.abc import Generator, Iterable
from typing import IO

__all__ = ["RUN_BYTES", "sorted_unique"]

#: The memory a run may take before it is written out: lines and their share of the set that removes duplicates.
RUN_BYTES = 64 * 2**20

# What a line costs in a set of bytes beyond its length: the bytes object's header (33) and a set slot with its
# slack. tracemalloc on CPython 3.11 gave 75 bytes a line for 200,000 rollup-like lines of 155 bytes.
_LINE_OVERHEAD = 80


def sorted_unique(lines: Iterable[bytes], *, run_bytes: int = RUN_BYTES) -> Generator[bytes, None, None]:
    """`lines` sorted as bytes, each once. Every line must end with b"\\n" and hold no other (N-Triples escapes a
    newline inside a literal), as the runs are read back a line at a time.

    All of `lines` is consumed before the first line is given out, so a caller may write to what `lines` was
    reading (a store) while it takes the sorted lines."""
    runs: list[IO[bytes]] = []
    try:
        run: set[bytes] = set()
        size = 0
        for line in lines:
            if line not in run:
                run.add(line)
                size += len(line) + _LINE_OVERHEAD
                if size >= run_bytes:
                    runs.append(_spilled(run))
                    run, size = set(), 0
        if not runs:
            yield from sorted(run)
            return
        if run:
            runs.append(_spilled(run))
        del run
        previous = None
        for line in heapq.merge(*runs):  # a file opened in binary mode iterates over its b"\n"-ended lines
            if line != previous:
                yield line
                previous = line
    finally:
        for file in runs:
            file.close()  # an anonymous temporary file: closed, it is gone


def _spilled(run: set[bytes]) -> IO[bytes]:
    """A run sorted into a temporary file, rewound for reading."""
    file = tempfile.TemporaryFile(prefix="kgraph-run-")
    try:
        file.writelines(sorted(run))
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return file
