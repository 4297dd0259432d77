"""A compiled SHACL checker: the shapes graph read once, every shape turned into Python closures, so that validating
one document's graph costs milliseconds, with pySHACL's verdicts.

pySHACL spends most of a small graph's validation on its own machinery: shape objects rebuilt for every focus
node (a document's graph has about 700 shape evaluations), rdflib's generator-based look-ups, and rdflib's SPARQL
engine run once per SPARQL constraint and focus node. The checker does the same work on plain dictionaries: the
data's triples by subject, predicate and object (`index`), the core constraint components as closures
(`core`), property paths as functions (`paths`), and the SPARQL constraints as rdflib's own query algebra,
evaluated by ports of rdflib's operators (`sparql`). Results are pySHACL's results, term for term (`results`);
kgraph/validate.py turns them into its report, and tests/test_shacl_differential.py checks them against pySHACL's
on the development corpus and the mutation suite.

What the compiler does not know (a constraint parameter, path kind or SPARQL feature it does not implement) raises
`Unsupported` when the shapes are compiled, never silently; a graph for which pySHACL would raise, or would write a
message of its own, raises `Fallback` when validated. Either way kgraph/validate.py asks pySHACL.

>>> from rdflib import Graph
>>> checker = Checker(Graph().parse(data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> .
...     <urn:s:Named> a sh:NodeShape ; sh:targetClass <urn:c:Thing> ;
...         sh:property [ sh:path <urn:p:name> ; sh:minCount 1 ; sh:message "A thing has a name." ] .
... ''', format="turtle"))
>>> conforms, results = checker.validate(Graph().parse(data="<urn:x:1> a <urn:c:Thing> .", format="turtle"))
>>> conforms, [str(m) for r in results for m in r.messages]
(False, ['A thing has a name.'])
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import ConjunctiveGraph, Graph, URIRef
from rdflib.term import Node

from kgraph.shacl.core import Fallback, Outcome, Shape, ShapesCompiler
from kgraph.shacl.index import Index
from kgraph.shacl.paths import Unsupported
from kgraph.shacl.results import Result, flatten, report_graph
from kgraph.vocab import SH

__all__ = ["Checker", "Fallback", "Result", "Unsupported", "flatten"]


class Checker:
    """The shapes of `shapes`, compiled; `validate` a data graph as often as needed (the checker keeps no state
    between calls)."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        compiler = ShapesCompiler(shapes)
        self._roots: list[Shape] = compiler.compile_all()
        self._terms = compiler.terms
        self._namespaces = tuple((prefix, URIRef(ns)) for prefix, ns in shapes.namespace_manager.namespaces())

    def validate(self, data: Graph) -> Outcome:
        """Whether `data` conforms, and the validation results (results nested under sh:detail included in their
        parent's `details`)."""
        if isinstance(data, ConjunctiveGraph):
            raise Fallback("a graph of several graphs")  # pySHACL validates their union, with its own rules
        return self._validate(Index.of(data, self._terms))

    def validate_triples(self, triples: Sequence[tuple[Node, Node, Node]]) -> Outcome:
        """`validate` for the graph of `triples`, without making an rdflib graph of them."""
        return self._validate(Index.of_triples(triples, self._terms))

    def _validate(self, index: Index) -> Outcome:
        conforms = True
        results: list[Result] = []
        for shape in self._roots:
            focus = shape.focus_nodes(index)
            if focus:
                ok, found = shape.validate(index, focus)
                conforms = conforms and ok
                results += found
        for result in flatten(results):
            if not result.messages and result.component != SH.SPARQLConstraintComponent:
                raise Fallback(f"{result.shape} has no sh:message (pySHACL writes one of its own)")
        return conforms, results

    def report_graph(self, conforms: bool, results: list[Result], data: Graph) -> Graph:
        """The sh:ValidationReport graph pySHACL would write for this outcome."""
        return report_graph(conforms, results, self.shapes, data, self._namespaces)
