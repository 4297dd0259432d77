"""SHACL validation of kgraph's RDF: violations are results, not exceptions.

Shapes are every `*.ttl` in `resources.shapes_dir()`. Graphs are validated with pySHACL without inference: RDFS
inference made validation ten times slower (shared/MEASUREMENTS.md) and the shapes target the classes rdf.py
writes, so none is needed. Validate one document's graph (or a batch) at a time; a whole store in one rdflib
graph costs about 1.5 GB per million triples.

Each rule in shapes/ is a shape with its own IRI and message, so `Violation.shape` (sh:sourceShape) says which
rule failed and `Violation.message` says why in plain English.

>>> from rdflib import Graph
>>> validate_graph(Graph()).text()
'Conforms: yes'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, Any, cast

import pyshacl
from rdflib import BNode, ConjunctiveGraph, Graph, URIRef
from rdflib.collection import Collection
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from kgraph.resources import shapes_dir
from kgraph.vocab import RDF, SH

if TYPE_CHECKING:
    from kgraph.store import Store

__all__ = ["ValidationReport", "Violation", "load_shapes", "merge", "validate_graph", "validate_store"]


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL validation result, as plain strings.

    `path` is the predicate's IRI, or a longer SHACL path in SPARQL notation ('^<iri>', '<a>/<b>'); `value` the
    offending value (an IRI, or a literal's lexical form); `severity` the local name of sh:resultSeverity
    ('Violation', 'Warning', 'Info'); `shape` the IRI of the rule that failed.
    """

    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str
    shape: str

    def sort_key(self) -> tuple[str, str, str, str, str]:
        """Grouped by focus node, then a stable order within it."""
        return (self.focus, self.path or "", self.shape, self.value or "", self.message)


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of validating a graph: `conforms`, the violations sorted by focus node, and pySHACL's
    results graph (an sh:ValidationReport)."""

    conforms: bool
    violations: tuple[Violation, ...]
    graph: Graph

    def text(self) -> str:
        """A readable report: 'Conforms: yes', or the violations numbered by focus node.

        >>> v = Violation("urn:x:q1", "https://schema.org/text", None, "A question has text.", "Violation", "urn:s")
        >>> print(ValidationReport(False, (v,), Graph()).text())
        Conforms: no (1 result on 1 node)
        1. urn:x:q1
           - Violation: A question has text. [path https://schema.org/text; shape urn:s]
        """
        if self.conforms and not self.violations:
            return "Conforms: yes"
        groups = [(focus, list(items)) for focus, items in groupby(self.violations, key=lambda v: v.focus)]
        results = "result" if len(self.violations) == 1 else "results"
        nodes = "node" if len(groups) == 1 else "nodes"
        verdict = "yes" if self.conforms else "no"
        lines = [f"Conforms: {verdict} ({len(self.violations)} {results} on {len(groups)} {nodes})"]
        for number, (focus, items) in enumerate(groups, start=1):
            lines.append(f"{number}. {focus}")
            for violation in items:
                details = [f"path {violation.path}"] if violation.path else []
                if violation.value is not None:
                    details.append(f"value {violation.value!r}")
                details.append(f"shape {violation.shape}")
                lines.append(f"   - {violation.severity}: {violation.message} [{'; '.join(details)}]")
        return "\n".join(lines)


@functools.cache
def load_shapes() -> Graph:
    """All shapes shipped with kgraph, parsed once. Callers must not modify the returned graph."""
    shapes = Graph()
    for path in sorted(shapes_dir().glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


def validate_graph(data: Graph) -> ValidationReport:
    """Validate `data` against kgraph's shapes; the report lists every violation, it never raises for one."""
    conforms, results, _ = pyshacl.validate(
        _query_caching_view(data),
        shacl_graph=load_shapes(),
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        advanced=False,
        meta_shacl=False,
    )
    results = cast(Graph, results)  # a graph unless pySHACL is asked to serialise it
    return ValidationReport(bool(conforms), _violations(results), results)


class _QueryCachingGraph(Graph):
    """A view of a graph's store that parses each SPARQL query text once.

    pySHACL 0.40 hands a SPARQL constraint's text to `Graph.query` for every focus node, and rdflib parses it
    every time: ~17 ms a query, most of a document's validation time. The texts are the shapes' own, a few
    dozen at most, so they are parsed once per process.
    """

    def query(self, query_object: str | Query, *args: Any, **kwargs: Any) -> Result:
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def _query_caching_view(data: Graph) -> Graph:
    """`data` itself when it spans several graphs (a view of one would miss the rest), else a caching view."""
    if isinstance(data, ConjunctiveGraph):
        return data
    return _QueryCachingGraph(store=data.store, identifier=data.identifier, namespace_manager=data.namespace_manager)


@functools.lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def validate_store(store: Store) -> ValidationReport:
    """Every document graph of `store` validated on its own (a whole store in one rdflib graph would cost memory
    that grows with the store), merged into one report: what `kgraph validate` prints."""
    return merge(validate_graph(store.document_graph(doc.graph)) for doc in store.documents())


def merge(reports: Iterable[ValidationReport]) -> ValidationReport:
    """One report for many graphs validated apart (e.g. one per document).

    >>> merge([]).text()
    'Conforms: yes'
    """
    reports = list(reports)
    graph = Graph()
    for report in reports:
        graph += report.graph  # blank nodes stay apart: rdflib's BNode ids are unique per process
    violations = tuple(sorted((v for report in reports for v in report.violations), key=Violation.sort_key))
    return ValidationReport(all(r.conforms for r in reports), violations, graph)


def _violations(results: Graph) -> tuple[Violation, ...]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        shape = results.value(result, SH.sourceShape)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        found.append(
            Violation(
                focus=_term(results.value(result, SH.focusNode)),
                path=_path(results, path) if path is not None else None,
                value=_term(value) if value is not None else None,
                message=" ".join(messages) or "(no message)",
                severity=_local_name(severity) if severity is not None else "Violation",
                shape=_term(shape),
            )
        )
    return tuple(sorted(found, key=Violation.sort_key))


def _term(node: Node | None) -> str:
    if isinstance(node, BNode):
        return f"_:{node}"
    return "" if node is None else str(node)


def _local_name(iri: Node) -> str:
    return str(iri).rsplit("#", 1)[-1]


def _path(graph: Graph, path: Node) -> str:
    """A SHACL property path (https://www.w3.org/TR/shacl/#property-paths): a predicate as its IRI, anything
    else in SPARQL notation with IRIs in <...>."""
    return str(path) if isinstance(path, URIRef) else _sparql_path(graph, path)


def _sparql_path(graph: Graph, path: Node) -> str:
    if isinstance(path, URIRef):
        return f"<{path}>"
    if not isinstance(path, BNode):
        return str(path)
    if (path, RDF.first, None) in graph:
        return "/".join(_sparql_path(graph, step) for step in Collection(graph, path))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_sparql_path(graph, step) for step in Collection(graph, alternatives)) + ")"
    for operator, template in _PATH_OPERATORS.items():
        inner = graph.value(path, operator)
        if inner is not None:
            return template.format(_sparql_path(graph, inner))
    return _term(path)


_PATH_OPERATORS = {
    SH.inversePath: "^{}",
    SH.zeroOrMorePath: "({})*",
    SH.oneOrMorePath: "({})+",
    SH.zeroOrOnePath: "({})?",
}
