"""Validation results (https://www.w3.org/TR/shacl/#results-validation-result) and the report graph they make.

The report graph has the form pySHACL writes (pyshacl/validator.py `create_validation_report`, pyshacl/constraints/
constraint_component.py `make_v_result`): one sh:ValidationReport with sh:conforms and an sh:result per result, each
with sh:focusNode, sh:resultPath, sh:value, sh:resultMessage, sh:resultSeverity, sh:sourceShape,
sh:sourceConstraintComponent (and sh:sourceConstraint for a SPARQL constraint, sh:detail for the results nested
under an sh:node result); blank nodes of the shapes or data graph (an anonymous shape, a path such as
[ sh:inversePath … ]) are copied with their structure, as pySHACL copies them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kgraph.vocab import RDF, SH

__all__ = ["Result", "flatten", "report_graph"]


@dataclass(frozen=True, slots=True)
class Result:
    """One validation result, as terms: `path` is the path node of the shapes graph (an IRI, or the blank node
    that holds a longer path); `messages` the sh:resultMessage values (empty when the shape has none)."""

    focus: Node
    value: Node | None
    path: Node | None
    shape: Node
    severity: Node
    component: URIRef
    messages: tuple[Node, ...]
    constraint: Node | None = None
    details: tuple[Result, ...] = ()


def flatten(results: Iterable[Result]) -> Iterator[Result]:
    """Every result and, after it, the results nested in its sh:detail (a report graph holds them all)."""
    for result in results:
        yield result
        yield from flatten(result.details)


def report_graph(
    conforms: bool,
    results: Iterable[Result],
    shapes: Graph,
    data: Graph,
    namespaces: Iterable[tuple[str, URIRef]] = (),
) -> Graph:
    """The sh:ValidationReport graph of `results`, with `namespaces` bound (pySHACL binds the shapes graph's)."""
    from pyshacl.rdfutil.clone import clone_blank_node

    graph = Graph(bind_namespaces="none")
    for prefix, namespace in namespaces:
        # Store.bind is a dictionary update; NamespaceManager.bind checks each prefix (~30 µs each).
        graph.store.bind(prefix, namespace)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    cloned: dict[tuple[int, str], Node] = {}

    def copy(source: Graph, node: Node) -> Node:
        if not isinstance(node, BNode):
            return node
        key = (id(source), str(node))
        if key not in cloned:
            cloned[key] = clone_blank_node(source, node, graph, keepid=True)
        return cloned[key]

    def add(result: Result) -> BNode:
        node = BNode()
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.sourceConstraintComponent, result.component))
        graph.add((node, SH.sourceShape, copy(shapes, result.shape)))
        graph.add((node, SH.resultSeverity, result.severity))
        graph.add((node, SH.focusNode, copy(data, result.focus)))
        if result.value is not None:
            graph.add((node, SH.value, copy(data, result.value)))
        if result.path is not None:
            graph.add((node, SH.resultPath, copy(shapes, result.path)))
        if result.constraint is not None:
            graph.add((node, SH.sourceConstraint, copy(shapes, result.constraint)))
        for message in result.messages:
            graph.add((node, SH.resultMessage, message))
        for detail in result.details:
            graph.add((node, SH.detail, add(detail)))
        return node

    for result in results:
        graph.add((report, SH.result, add(result)))
    return graph
