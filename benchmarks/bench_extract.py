"""Extraction speed on the development corpus: read + extract every document in one process.

    make bench            # or: .venv/bin/python benchmarks/bench_extract.py [CORPUS_DIR]

Goal (issue 3): under 0.25 s per document on average on a 2-core machine. Prints per-format means, so a slow
reader shows up by itself. Speed goals live here, not in timed tests.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from kgraph.errors import KgraphError
from kgraph.extract import extract
from kgraph.read import discover, read

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    if not corpus.is_dir():
        print(f"no corpus at {corpus}; pass a folder of documents", file=sys.stderr)
        return 2
    files = list(discover([corpus]))
    timings: dict[str, list[float]] = defaultdict(list)
    failed = 0
    started = time.perf_counter()
    for path in files:
        t0 = time.perf_counter()
        try:
            extract(read(path))
        except KgraphError:
            failed += 1
        timings[path.suffix.lower()].append(time.perf_counter() - t0)
    total = time.perf_counter() - started
    print(f"{len(files)} documents in {total:.2f} s: {total / max(len(files), 1) * 1000:.1f} ms per document ({failed} failed)")
    for suffix, values in sorted(timings.items()):
        print(f"  {suffix:6} n={len(values):3}  median {statistics.median(values) * 1000:7.1f} ms  "
              f"mean {statistics.mean(values) * 1000:7.1f} ms  max {max(values) * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
