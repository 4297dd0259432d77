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
import json
import math
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
import rdflib
from click.testing import CliRunner

from kgraph.analysis import METRICS, scores
from kgraph.cli import main
from kgraph.library import library, parse_query_file, run_named_query
from kgraph.rollups import KGR, put_rollups
from kgraph.store import SOURCES_GRAPH, Store
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
_BLANK = re.compile(r"(_:[A-Za-z0-9]+)")


def renamed(ntriples: str, copy: int) -> str:
    """The N-Triples of one document graph as copy number `copy` (0 leaves it as it is)."""
    if copy == 0:
        return ntriples
    suffix = f"-c{copy}"
    text = _DOC.sub(lambda m: m.group(1) + m.group(2) + suffix, ntriples)
    text = _ZAAK.sub(lambda m: m.group(1) + m.group(2) + suffix, text)
    text = _AANHANGSEL.sub(lambda m: m.group(1) + str(int(m.group(2)) + 100_000 * copy), text)
    text = _OTHER_PUBLICATION.sub(lambda m: m.group(1) + m.group(2) + suffix, text)
    text = _BLANK.sub(lambda m: m.group(1) + f"c{copy}", text)
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



# --- stores of millions of triples from the synthetic corpus ----------------------------------------------------
# `--triples 1000000,20000000`: the synthetic corpus of benchmarks/scale_corpus.py (1,000 documents,
# 290,811 triples) is built once with `kgraph build`, and its named graphs are copied with `renamed` until the
# store holds the number of triples asked for, bulk-loaded with pyoxigraph in kgraph's layout: every triple in its
# document's named graph and in the default graph, which holds their union (kgraph/store.py). The reference graph
# (ministries, parties) is loaded once; the memberships graph takes each copy's triples. The bookkeeping graph is
# left out (no query reads it); the rollups are then counted with put_rollups, as a build counts them. Shared
# nodes stay shared: people, parties, ministries, posts and their holdings, publishers, cited pages and statutes.
# Stores are cached under --work by seed and size.
#
# Measured on the 2-core development machine (pyoxigraph 0.5.13) while other work kept the load average at 2.5 to
# 5; "before" is the query library before the rollups (kgraph/rollups.py), given as the first --queries folder:
#
#   .venv/bin/python benchmarks/bench_queries.py --triples 1000000,20000000 --queries OLD --queries kgraph/queries \
#       --query-timeout 120
#
#   stores: 1,140,198 triples (4 copies, bulk load 85 s, put_rollups 21.5 s); 19,543,583 (69 copies, bulk load
#   1,730 s, put_rollups 431 s)
#
#   query                    rows 1M rows 20M  before 1M before 20M  after 1M after 20M
#   answer-time                   18       18      8.550       >120     0.067     0.163
#   answered-questions         14748        -      6.543       >120     7.575      >120
#   co-asker-pairs               146      146      0.264     21.844     0.017     0.034
#   follow-up-chains             728    12558      0.165     10.438     0.162     8.237
#   open-questions               276     4761      0.222      8.389     0.081     2.049
#   questions-per-member         129      129      4.100       >120     0.088     0.154
#   questions-per-ministry        18       18      1.948       >120     0.065     0.169
#   questions-per-month          142      142      1.732       >120     0.089     0.154
#   questions-per-party           22       22      2.208       >120     0.065     0.145
#   statutes-per-ministry        155      155      0.158      4.531     0.028     0.034
#   top-sources                   31       31      0.669     37.922     0.124     0.195
#
# Same rows in both forms wherever both finished (all at 1.14M; at 19.5M the "after" counts are 69/4 of the 1.14M
# ones). What was slow before: answer-time paired every answer with every postponement notice (an OPTIONAL with a
# FILTER on the outer case); the aggregations join every document. answered-questions, follow-up-chains and
# open-questions list rows, and take as long as their rows (see README.md, "The query library").

WORK = Path("/tmp/scale")
KGRAPH = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "kgraph"
BASE_DOCUMENTS = 1000


def base_store(work: Path, seed: int) -> Path:
    """The synthetic corpus of BASE_DOCUMENTS documents built by `kgraph build` (cached)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_scale import corpus

    store = work / f"query-base-s{seed}-n{BASE_DOCUMENTS}"
    done = store.with_suffix(".built")
    if not done.is_file():
        folder, _ = corpus(work, BASE_DOCUMENTS, seed)
        shutil.rmtree(store, ignore_errors=True)
        print(f"building {folder} into {store}", file=sys.stderr, flush=True)
        subprocess.run([str(KGRAPH), "build", str(folder), "--store", str(store)], check=True, stdout=sys.stderr)
        done.write_text("built\n", encoding="utf-8")
    return store


def _graph_texts(store: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(graphs copied per copy, graphs loaded once) as (graph IRI, N-Triples text)."""
    db = ox.Store.read_only(str(store))
    copied: list[tuple[str, str]] = []
    once: list[tuple[str, str]] = []
    for graph in sorted((g for g in db.named_graphs() if isinstance(g, ox.NamedNode) and g != SOURCES_GRAPH),
                        key=lambda g: g.value):
        dumped = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        assert dumped is not None
        text = dumped.decode("utf-8")
        (copied if graph.value.startswith(DOC_PREFIX) or graph.value.endswith("/memberships") else once).append(
            (graph.value, text))
    return copied, once


def replicated_store(work: Path, seed: int, triples: int) -> tuple[Path, dict[str, Any]]:
    """A store of about `triples` triples (cached): the base store's graphs copied and bulk-loaded."""
    label = f"{triples / 1e6:g}M"
    target = work / f"query-s{seed}-{label}"
    marker = target.with_suffix(".json")
    if marker.is_file() and target.is_dir():
        return target, with_rollups(target, marker, json.loads(marker.read_text(encoding="utf-8")))
    base = base_store(work, seed)
    with Store.open(base, read_only=True) as store:
        base_triples = store.triple_count()
    copied, once = _graph_texts(base)
    copies = max(1, math.ceil(triples / base_triples))  # at least the triples asked for
    shutil.rmtree(target, ignore_errors=True)
    marker.unlink(missing_ok=True)
    started = time.perf_counter()
    db = ox.Store(str(target))
    for copy in range(copies):
        chunks = []
        for graph, text in copied + (once if copy == 0 else []):
            text = renamed(text, copy)
            name = renamed(f"<{graph}>", copy)
            chunks.append(text)  # the default graph: the union
            chunks.append("".join(f"{line[:-1]}{name} .\n" for line in text.splitlines()))
        db.bulk_load("".join(chunks).encode("utf-8"), ox.RdfFormat.N_QUADS)
        print(f"\r{label}: copy {copy + 1}/{copies}", end="", file=sys.stderr, flush=True)
    db.flush()
    del db
    print(file=sys.stderr)
    with Store.open(target, read_only=True) as store:
        counted = store.triple_count()
    facts = {"triples": counted, "copies": copies, "base_triples": base_triples,
             "base_documents": BASE_DOCUMENTS, "seed": seed, "load_s": round(time.perf_counter() - started, 1)}
    marker.write_text(json.dumps(facts) + "\n", encoding="utf-8")
    return target, with_rollups(target, marker, facts)


def with_rollups(target: Path, marker: Path, facts: dict[str, Any]) -> dict[str, Any]:
    """The build's rollups (kgraph/rollups.py) added to a loaded store, as `kgraph build` adds them, timed once
    (a store cached before them gets them now)."""
    if "rollups_s" in facts:
        return facts
    with Store.open(target) as store:
        seconds, _ = timed(lambda: put_rollups(store))
        tallies = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?t a <{KGR.Tally}> }}").rows[0][0]
    facts = {**facts, "rollups_s": round(seconds, 1), "tallies": int(tallies or 0)}
    marker.write_text(json.dumps(facts) + "\n", encoding="utf-8")
    return facts


def time_query(store_path: Path, query_file: Path, runs: int, timeout: float) -> dict[str, Any]:
    """Median seconds of `runs` runs after a warm-up, in a subprocess stopped after `timeout` s."""
    command = [sys.executable, __file__, "--time-one", str(store_path), str(query_file), str(runs)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "rows": None, "timeout": timeout}
    if done.returncode != 0:
        return {"seconds": None, "rows": None, "error": done.stderr.strip().splitlines()[-1:]}
    return dict(json.loads(done.stdout))


def time_one(store_path: Path, query_file: Path, runs: int) -> dict[str, Any]:
    query = parse_query_file(query_file)
    with Store.open(store_path, read_only=True) as store:
        first, result = timed(lambda: store.query(query.bound({})))
        seconds = [first]
        # A slow query is run once more only: the point is the order of magnitude.
        for _ in range(runs if first < 5 else 1):
            seconds.append(timed(lambda: store.query(query.bound({})))[0])
    rows = sorted(tuple(str(cell) if cell is not None else "" for cell in row) for row in result.rows)
    return {"seconds": statistics.median(seconds[1:]), "warm_up": first, "rows": len(result.rows),
            "digest": hash_rows(rows)}


def hash_rows(rows: list[tuple[str, ...]]) -> str:
    import hashlib

    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def scale_main(args: argparse.Namespace) -> None:
    sizes = [int(float(size)) for size in args.triples.split(",")]
    folders = [Path(folder) for folder in args.queries] if args.queries else [Path(__file__).resolve().parents[1]
                                                                                 / "kgraph" / "queries"]
    stores = [replicated_store(args.work, args.seed, size) for size in sizes]
    names = sorted({path.stem for folder in folders for path in folder.glob("*.rq")})
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for name in names:
        results[name] = {}
        for folder in folders:
            path = folder / f"{name}.rq"
            if not path.is_file():
                continue
            results[name][str(folder)] = [
                time_query(store, path, args.runs if facts["triples"] < 5e6 else max(1, args.runs // 2),
                           args.query_timeout) for store, facts in stores]
            print(f"timed {name} ({folder.name})", file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps({"stores": [facts for _, facts in stores], "queries": results}, indent=1))
        return
    print("stores: " + "; ".join(f"{facts['triples']:,} triples ({facts['copies']} copies of "
                                   f"{facts['base_documents']:,} synthetic documents)" for _, facts in stores))
    labels = [f"{facts['triples'] / 1e6:.1f}M s" for _, facts in stores]
    head = f"{'query':<24}" + "".join(f"{'rows':>8}{label:>10}" for label in labels)
    for folder in folders:
        print(f"\n{folder}" if len(folders) > 1 else "")
        print(head)
        for name in names:
            found = results[name].get(str(folder))
            if found is None:
                continue
            cells = ""
            for figures in found:
                seconds = figures.get("seconds")
                shown = (f"{seconds:.3f}" if seconds is not None
                         else f">{figures['timeout']:.0f}" if "timeout" in figures else "error")
                rows = figures.get("rows")
                cells += f"{rows if rows is not None else '-':>8}{shown:>10}"
            print(f"{name:<24}{cells}")
    if len(folders) == 2:
        print("\nsame rows (sorted) in both forms: " + ", ".join(
            f"{name} {'yes' if all(a.get('digest') == b.get('digest') for a, b in zip(*results[name].values())) else 'NO'}"
            for name in names if len(results[name]) == 2))


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
    parser.add_argument("--triples", metavar="N,N", help="time the named queries on stores of about these many "
                        "triples made from the synthetic corpus (e.g. 1000000,20000000) instead")
    parser.add_argument("--queries", action="append", metavar="DIR",
                        help="with --triples: time the .rq files of DIR (repeat to compare two forms)")
    parser.add_argument("--seed", type=int, default=1, help="with --triples: the synthetic corpus's seed")
    parser.add_argument("--work", type=Path, default=WORK, help=f"with --triples: where stores are cached ({WORK})")
    parser.add_argument("--query-timeout", type=float, default=300, metavar="SECONDS")
    parser.add_argument("--json", action="store_true", help="with --triples: the figures as JSON")
    if len(sys.argv) == 5 and sys.argv[1] == "--time-one":  # one query's timing process (see `time_query`)
        print(json.dumps(time_one(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))))
        return
    args = parser.parse_args()
    if args.triples:
        scale_main(args)
        return

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
