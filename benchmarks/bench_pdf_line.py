"""PDF line assembly on a line of many text runs: the time must grow linearly with the runs.

    .venv/bin/python benchmarks/bench_pdf_line.py [RUNS ...]      # default: 1000 5000 20000

Some producers show every glyph with its own text operator, so one line of a page can hold tens of thousands of
runs. Assembling a line used to recompute the line's main run and extent for every run added: 5,000 runs took
17 s and 20,000 runs minutes. Each PDF here is one page with one line of RUNS runs (`(a) Tj`, each starting where
the last ended) and one ordinary line; the script prints the time to read it (pdfminer's parsing included) and
the time per run, which stays flat when assembly is linear.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kgraph.read.pdf import read_pdf

# The PDF is the hostile-input suite's, so the benchmark measures the file the tests bound.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from hostile import pdf_line_of_runs  # noqa: E402


def main() -> int:
    counts = [int(arg) for arg in sys.argv[1:]] or [1000, 5000, 20000]
    print(f"{'runs':>7}  {'KB':>6}  {'seconds':>8}  {'µs per run':>10}")
    for runs in counts:
        data = pdf_line_of_runs(runs)
        started = time.perf_counter()
        source = read_pdf(data, f"line-{runs}.pdf")
        seconds = time.perf_counter() - started
        assert "a" * runs in source.text
        print(f"{runs:7}  {len(data) // 1024:6}  {seconds:8.2f}  {1e6 * seconds / runs:10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
