"""CPU time of SHACL validation per document graph: kgraph's compiled checker against pySHACL, on the graphs of the
seeds and the development corpus as `kgraph build` maps them (tests/mutations.py `corpus_graphs`).

    .venv/bin/python benchmarks/bench_validate.py [--runs R] [--documents N] [--engine compiled|pyshacl|both]

Each graph is validated R times per engine (after one warm-up validation that compiles the shapes and parses
the queries); the median CPU time (time.process_time, so that other processes on the machine count less) of each
graph is taken, and the median, the 90th percentile and the largest of those are printed, in milliseconds, with
the time to compile the shapes once. The two engines' verdicts are compared as they run (a mismatch is printed).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="validations of each graph per engine (default 5)")
    parser.add_argument("--documents", type=int, default=None, help="only this many documents, spread over the corpus")
    parser.add_argument("--engine", choices=("compiled", "pyshacl", "both"), default="both")
    args = parser.parse_args()

    import mutations
    from kgraph.shacl import Checker
    from kgraph.validate import compiled_checker, load_shapes, validate_graph

    graphs = mutations.corpus_graphs(args.documents)
    if compiled_checker() is None:
        sys.exit("the shapes did not compile (see the warning above)")
    started = time.process_time()
    Checker(load_shapes())  # what the first validation in a process pays once
    print(f"{len(graphs)} document graphs, median {statistics.median(len(g) for _, g in graphs):.0f} triples; "
          f"shapes compiled in {1000 * (time.process_time() - started):.0f} ms")

    engines = ["compiled", "pyshacl"] if args.engine == "both" else [args.engine]
    medians: dict[str, list[float]] = {engine: [] for engine in engines}
    mismatches = 0
    for name, graph in graphs:
        reports = {}
        for engine in engines:
            reports[engine] = validate_graph(graph, engine)  # warm-up
            times = []
            for _ in range(args.runs):
                started = time.process_time()
                validate_graph(graph, engine)
                times.append(time.process_time() - started)
            medians[engine].append(statistics.median(times))
        if len(reports) == 2:
            compiled, reference = reports["compiled"], reports["pyshacl"]
            if compiled.conforms != reference.conforms or Counter(compiled.violations) != Counter(reference.violations):
                mismatches += 1
                print(f"verdicts differ on {name}", file=sys.stderr)

    print(f"{'engine':<10} {'median ms':>10} {'p90 ms':>8} {'max ms':>8}")
    for engine, values in medians.items():
        values.sort()
        p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
        print(f"{engine:<10} {1000 * statistics.median(values):>10.1f} {1000 * p90:>8.1f} {1000 * values[-1]:>8.1f}")
    if len(engines) == 2:
        ratio = statistics.median(medians["pyshacl"]) / statistics.median(medians["compiled"])
        print(f"compiled is {ratio:.0f}x faster; verdicts differ on {mismatches} of {len(graphs)} graphs")


if __name__ == "__main__":
    main()
