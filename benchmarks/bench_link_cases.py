"""Case matching: how fast the shipped index loads, how fast a document is matched, and how often it links.

    .venv/bin/python benchmarks/bench_link_cases.py [CORPUS_DIR] [--sample N] [--seed S]

1. Load time of kgraph/data/tk_zaken.csv.gz, in a fresh interpreter (goal: under 0.5 s).
2. Match time per document on the development corpus (documents extracted first, not timed).
3. A simulation over the index itself: a question set is made from each of N random cases (askers as printed
   surnames, submitted = the case's start date, the subject shortened to 70 % of its words half the time and
   followed by a source in brackets 30 % of the time) and matched twice, against the full index (found / wrong /
   no link) and as an orphan, with its own case left out (any link is then wrong). The same with only a received
   date 14 to 150 days later ("answer" documents). This is how the thresholds in kgraph/link/cases.py were set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from kgraph.errors import KgraphError
from kgraph.extract import extract
from kgraph.link.cases import Case, CaseIndex, decide, match_case, rank_cases
from kgraph.model import Asker, DateValue, Document, Kind, Span
from kgraph.read import discover, read

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
_LOAD = (
    "import time; t = time.perf_counter(); from kgraph.link.cases import CaseIndex; CaseIndex.load(); "
    "print(time.perf_counter() - t)"
)


def load_time() -> float:
    """Import and load in a fresh interpreter, so nothing is cached."""
    result = subprocess.run([sys.executable, "-c", _LOAD], capture_output=True, text=True, check=True)
    return float(result.stdout)


def corpus_times(corpus: Path, index: CaseIndex) -> list[float]:
    documents = []
    for path in discover([corpus]):
        try:
            documents.append(extract(read(path)))
        except KgraphError:
            continue
    times = []
    for document in documents:
        started = time.perf_counter()
        match_case(document, index)
        times.append(time.perf_counter() - started)
    return times


def printed_surname(name: str) -> str:
    """'Michiel van Nispen' -> 'Van Nispen', 'J. Wuite' -> 'Wuite': how a question set prints a member."""
    words = [word for word in name.split() if not word.endswith(".")] or name.split()
    if len(words) > 1:
        words = words[1:]
    surname = " ".join(words)
    return surname[:1].upper() + surname[1:]


def simulated(case: Case, received: bool, rng: random.Random) -> Document:
    words = case.subject.split()
    if len(words) > 4 and rng.random() < 0.5:
        words = words[: max(3, int(len(words) * 0.7))]
    if rng.random() < 0.3:
        words += ["(NOS.nl,", "12", "maart)"]
    askers = tuple(Asker(printed_surname(name), None, Span(0, 1)) for name, _ in case.askers)
    if received:
        date = DateValue(case.started + dt.timedelta(rng.randint(14, 150)), Span(0, 1))
        return Document(source=case.nummer, sha256="0", kind=Kind.ANSWER, title=" ".join(words), askers=askers, received=date)
    date = DateValue(case.started, Span(0, 1))
    return Document(source=case.nummer, sha256="0", kind=Kind.QUESTIONS, title=" ".join(words), askers=askers, submitted=date)


def simulate(index: CaseIndex, sample: int, seed: int, received: bool) -> None:
    rng = random.Random(seed)
    first, last = index.coverage
    if received:
        last -= dt.timedelta(150)  # keep the received date inside the index's coverage
    cases = rng.sample(index.between(first, last), sample)
    counts: Counter[str] = Counter()
    times = []
    for case in cases:
        document = simulated(case, received, rng)
        started = time.perf_counter()
        match = match_case(document, index)
        times.append(time.perf_counter() - started)
        counts["found" if match and match.nummer == case.nummer else "wrong" if match else "no link"] += 1
        orphan = decide([c for c in rank_cases(document, index) if c.case.nummer != case.nummer])
        counts["orphan linked"] += orphan is not None
    label = "received only" if received else "submitted"
    print(
        f"  {label:14} n={sample}: found {counts['found'] / sample:.1%}, wrong {counts['wrong']}, no link "
        f"{counts['no link'] / sample:.1%}; orphans linked {counts['orphan linked'] / sample:.2%}; "
        f"match {statistics.mean(times) * 1000:.2f} ms mean, {max(times) * 1000:.1f} ms max"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    loads = [load_time() for _ in range(3)]
    print(f"load (fresh interpreter, import + load): {min(loads) * 1000:.0f} ms best of 3, {max(loads) * 1000:.0f} ms worst")
    index = CaseIndex.load()
    print(f"index: {len(index)} cases covering {index.coverage[0]} .. {index.coverage[1]}")
    if args.corpus.is_dir():
        times = corpus_times(args.corpus, index)
        mean, worst = statistics.mean(times) * 1000, max(times) * 1000
        print(f"match on {args.corpus.name}: {len(times)} documents, {mean:.2f} ms mean, {worst:.1f} ms max")
    else:
        print(f"no corpus at {args.corpus}; skipping the corpus timing", file=sys.stderr)
    print("simulation (see the docstring):")
    simulate(index, args.sample, args.seed, received=False)
    simulate(index, args.sample, args.seed, received=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
