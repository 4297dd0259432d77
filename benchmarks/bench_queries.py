"""Timing of the query library and the network views on a large synthetic graph: the development corpus
replicated with renamed IRIs.

    .venv/bin/python benchmarks/bench_queries.py [CORPUS_DIR] [--copies N] [--runs R] [--store DIR]

The corpus is built once into a scratch store, and each document graph is copied until the store holds N copies,
each with its document, its parts, its case and the publications it names renamed (`…/doc/ID` -> `…/doc/ID-c3`, `2024Z14247` ->
`2024Z14247-c3`, Aanhangsel numbers shifted by 100,000 per copy so "earlier" still compares), while people,
parties, ministries, publishers, cited pages and statutes stay shared, as they would in a bigger corpus. Each
named query (default parameters) runs once to warm up and then R times; the median is printed. Every view is
built, and each metric computed on it, once.

Measured on the 2-core development machine (pyoxigraph 0.5.13, networkx 3.6.1, Python 3.11), the development
corpus (59 document graphs) x 11 = 204,862 triples, median of 5 runs after a warm-up; the 1M column is the same
with --copies 55 (1,020,974 triples, 3 runs), to show how the times grow:

    .venv/bin/python benchmarks/bench_queries.py                 # 200k
    .venv/bin/python benchmarks/bench_queries.py --copies 55 --runs 3 --skip-betweenness-above 1000

    query                      rows  200k s     1M s
    answer-time                   9   0.015    0.068
    co-asker-pairs               62   0.020    0.095
    follow-up-chains            231   0.018    0.109
    open-questions              242   0.019    0.251
    questions-per-member         58   0.153    1.145
    questions-per-ministry       16   0.090    0.685
    questions-per-month          11   0.097    0.615
    questions-per-party          16   0.113    0.733
    statutes-per-ministry        14   0.004    0.018
    top-sources                  47   0.028    0.164

    view (200k)     nodes  edges  build s  degree s  pagerank s  betweenness s  communities s
    co-askers          58     62    0.204     0.000       0.004          0.001          0.003
    party-ministry     32     61    0.056     0.000       0.003          0.002          0.001
    citations         514    906    0.053     0.000       0.034          0.030          0.021
    qa-references   10670  10572    0.693     0.006       0.119          5.935          1.122

(At 1M: qa-references has 53,306 nodes and builds in 5.0 s, PageRank 0.8 s, communities 29 s.)

What the measurements changed: pyoxigraph 0.5 evaluated `EXISTS { ?x kg:case ?case ; a kg:PostponementNotice }`
per row about 20 times slower than an OPTIONAL with a FILTER on the outer variable (answer-time 0.14 s -> 0.015 s,
open-questions 0.23 s -> 0.02 s at 200k), so the shipped queries use the OPTIONAL form; counting questions through
`schema:isPartOf` instead of `schema:hasPart` halved the questions-per-* queries. No query is UNION-heavy in the
way that made pyoxigraph super-linear (shared/MEASUREMENTS.md): the one UNION (follow-up-chains) has its type
pattern inside each branch. Exact betweenness on the 10,670-node qa-references view took 130 s; above 5,000 nodes
it is now estimated from 500 seeded sources (kgraph/analysis.py).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import rdflib
from click.testing import CliRunner

from kgraph.analysis import METRICS, scores
from kgraph.cli import main
from kgraph.library import library, run_named_query
from kgraph.store import Store
from kgraph.views import VIEWS

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
DOC_PREFIX = "https://w3id.org/kgraph/id/doc/"

# What one copy renames, in N-Triples text: the document segment of every IRI under …/doc/ (the document, its
# parts, spans, attributions, link annotations, and the graph name), cases, and publications with their
# identifiers. Aanhangsel numbers are shifted, not suffixed, so that "ah-tk-<session>-<number>" still parses.
_DOC = re.compile(r"(https://w3id\.org/kgraph/id/doc/)([^/>]+)")
_ZAAK = re.compile(r"(https://w3id\.org/kgraph/id/zaak/)([^/>]+)")
_AANHANGSEL = re.compile(r"(ah-[a-z]+-[0-9]{8}-)([0-9]+)")
_OTHER_PUBLICATION = re.compile(r"(https://zoek\.officielebekendmakingen\.nl/)((?:kst|kv|h)-[^>]+)")
_IDENTIFIER = re.compile(r'"((?:kst|kv|h)-[^"]+|[0-9]{4}Z[0-9]{5})"')


def renamed(ntriples: str, copy: int) -> str:
    """The N-Triples of one document graph as copy number `copy` (0 leaves it as it is)."""
    if copy == 0:
        return ntriples
    suffix = f"-c{copy}"
    text = _DOC.sub(lambda m: m.group(1) + m.group(2) + suffix, ntriples)
    text = _ZAAK.sub(lambda m: m.group(1) + m.group(2) + suffix, text)
    text = _AANHANGSEL.sub(lambda m: m.group(1) + str(int(m.group(2)) + 100_000 * copy), text)
    text = _OTHER_PUBLICATION.sub(lambda m: m.group(1) + m.group(2) + suffix, text)
    return _IDENTIFIER.sub(lambda m: f'"{m.group(1)}{suffix}"', text)


def build_large(corpus: Path, location: Path, copies: int) -> None:
    """The corpus built into `location`, then every document graph copied `copies - 1` more times."""
    result = CliRunner().invoke(main, ["build", str(corpus), "--store", str(location)])
    if result.exit_code != 0:
        sys.exit(f"building {corpus} failed:\n{result.output}")
    with Store.open(location) as store:
        originals = [doc for doc in store.documents() if str(doc.graph).startswith(DOC_PREFIX)]
        for doc in originals:
            text = store.document_graph(doc.graph).serialize(format="nt")
            for copy in range(1, copies):
                graph = rdflib.Graph().parse(data=renamed(text, copy), format="nt")
                name = rdflib.URIRef(renamed(f"<{doc.graph}>", copy)[1:-1])
                store.put_document(name, graph, source=f"{doc.source}#copy{copy}", sha256=f"{doc.sha256}-{copy}")


T = TypeVar("T")


def timed(function: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--copies", type=int, default=11, help="copies of the corpus (default 11: about 200k triples)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--store", type=Path, help="keep the large store here (default: a scratch folder)")
    parser.add_argument("--skip-betweenness-above", type=int, default=100_000, metavar="NODES",
                        help="skip betweenness on views with more nodes than this")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        location = args.store or Path(scratch) / "store"
        started = time.perf_counter()
        build_large(args.corpus, location, args.copies)
        with Store.open(location, read_only=True) as store:
            graphs = sum(1 for doc in store.documents() if str(doc.graph).startswith(DOC_PREFIX))
            print(f"store: {store.triple_count():,} triples, {graphs} document graphs "
                  f"({args.copies} copies; built in {time.perf_counter() - started:.0f} s)\n")
            print(f"{'query':<25}{'rows':>6}  median s")
            for name in library():
                run_named_query(store, name)  # warm-up
                runs = [timed(lambda: run_named_query(store, name)) for _ in range(args.runs)]
                rows = len(runs[-1][1].rows)
                print(f"{name:<25}{rows:>6}  {statistics.median(seconds for seconds, _ in runs):8.3f}")
            print(f"\n{'view':<15}{'nodes':>6}{'edges':>7}  build s" + "".join(f"  {m} s" for m in METRICS))
            for view, build in VIEWS.items():
                seconds, graph = timed(lambda: build(store))
                cells = []
                for metric in METRICS:
                    width = len(metric) + 2
                    if metric == "betweenness" and graph.number_of_nodes() > args.skip_betweenness_above:
                        cells.append(f"  {'skipped':>{width}}")
                        continue
                    metric_seconds, _ = timed(lambda: scores(graph, metric))
                    cells.append(f"  {metric_seconds:{width}.3f}")
                print(f"{view:<15}{graph.number_of_nodes():>6}{graph.number_of_edges():>7}  {seconds:7.3f}"
                      + "".join(cells))

if __name__ == "__main__":
    main_()
