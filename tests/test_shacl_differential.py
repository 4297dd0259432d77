"""The compiled SHACL checker (kgraph/shacl/) gives pySHACL's verdicts: the same `conforms` and the same violations,
as a multiset (focus, path, value, message, severity, shape), on every document graph of the seeds and the
development corpus, on a sample of the mutation suite that covers every kind of mutation, and on the broken
variants of tests/test_shapes.py (one or more per rule).

The corpus part skips when shared/corpus is absent; the seeds and the shapes' cases still run. pySHACL takes
about a quarter of a second a document, so the mutants are a sample (`PER_KIND` of each kind).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

import pytest
from rdflib import Graph

import mutations
import test_shapes as cases
from kgraph.rdf import document_graph
from kgraph.validate import ValidationReport, compiled_checker, validate_graph

PER_KIND = 3


def assert_same_verdict(graph: Graph, what: str) -> ValidationReport:
    compiled = validate_graph(graph, "compiled")
    reference = validate_graph(graph, "pyshacl")
    only_compiled = Counter(compiled.violations) - Counter(reference.violations)
    only_pyshacl = Counter(reference.violations) - Counter(compiled.violations)
    assert (compiled.conforms, only_compiled, only_pyshacl) == (reference.conforms, Counter(), Counter()), what
    return compiled


def test_shapes_compile() -> None:
    """Every shipped shape compiles, so kgraph never falls back to pySHACL for all graphs without saying so."""
    assert compiled_checker() is not None


def test_every_corpus_graph() -> None:
    """The seeds' graphs always; the development corpus's when shared/corpus is there."""
    graphs = mutations.corpus_graphs()
    verdicts: Counter[str] = Counter()
    for name, graph in graphs:
        report = assert_same_verdict(graph, name)
        verdicts["conform" if report.conforms else "do not conform"] += 1
        verdicts["have results"] += bool(report.violations)
    where = "" if mutations.SHARED_CORPUS.is_dir() else f" (seeds only: no corpus at {mutations.SHARED_CORPUS})"
    print(f"\n{len(graphs)} graphs agree{where}: {dict(verdicts)}")


def sample_of_mutants(per_kind: int) -> list[tuple[str, str, Graph]]:
    """(kind, document, mutant): the first mutant of each kind of `per_kind` documents, a different stretch of the
    corpus for each kind (tests/mutations.py `mutants` makes them all, which takes a minute)."""
    graphs = mutations.corpus_graphs()
    pool = mutations.pools()
    chosen = []
    for number, (kind, make) in enumerate(mutations.MUTATIONS.items()):
        taken = 0
        for i in range(len(graphs)):
            name, graph = graphs[(7 * number + i) % len(graphs)]
            document = mutations._document(graph)
            mutant = next(iter(make(graph, document, random.Random(f"0:{kind}:{document}"), pool)), None)
            if mutant is not None:
                chosen.append((kind, name, mutant))
                taken += 1
                if taken == per_kind:
                    break
    return chosen


def test_mutants() -> None:
    """`PER_KIND` mutants of each kind (of the seeds only, without the corpus)."""
    kinds: Counter[str] = Counter()
    for kind, name, mutant in sample_of_mutants(PER_KIND):
        assert_same_verdict(mutant, f"{kind} of {name}")
        kinds[kind] += 1
    if mutations.SHARED_CORPUS.is_dir():
        assert set(kinds) == set(mutations.MUTATIONS), f"kinds without a mutant: {set(mutations.MUTATIONS) - set(kinds)}"
    print(f"\n{sum(kinds.values())} mutants of {len(kinds)} kinds agree")


BROKEN: list[tuple[str, Callable[[], Graph]]] = []
for rule, make, edit in cases.CASES + cases.WARNING_CASES:
    def broken(make: Callable[[], cases.Document] = make, edit: cases.Edit = edit) -> Graph:
        doc = make()
        graph = document_graph(doc)
        edit(graph, cases.Nodes(doc))
        return graph

    BROKEN.append((rule, broken))
for rule, edit in cases.LINKED_CASES:
    def linked(edit: cases.Edit = edit) -> Graph:
        doc = cases.f.rich_document()
        graph = document_graph(cases.f.rich_links(doc, cases.M))
        edit(graph, cases.Nodes(doc))
        return graph

    BROKEN.append((rule, linked))


@pytest.mark.parametrize(("rule", "make"), BROKEN, ids=[rule for rule, _ in BROKEN])
def test_broken_variants_of_the_shapes_tests(rule: str, make: Callable[[], Graph]) -> None:
    assert_same_verdict(make(), rule)


@pytest.mark.parametrize("name", list(cases.CONFORMING))
def test_conforming_documents(name: str) -> None:
    assert_same_verdict(document_graph(cases.CONFORMING[name]()), name)
