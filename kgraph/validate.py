"""SHACL validation of kgraph's RDF: violations are results, not exceptions.

Shapes are every `*.ttl` in `resources.shapes_dir()`. Graphs are validated without inference: RDFS inference made
validation ten times slower (shared/MEASUREMENTS.md) and the shapes target the classes rdf.py writes, so none is
needed. Validate one document's graph (or a batch) at a time; a whole store in one rdflib graph costs about 1.5 GB
per million triples.

Two engines give the same verdicts: "compiled" (the default), kgraph/shacl/, which compiles the shapes once per
process into Python closures and validates a document's graph in milliseconds; and "pyshacl", pySHACL itself (a
fifth of a second a document), which the compiled checker is tested against (tests/test_shacl_differential.py)
and which it hands a graph to when it cannot compile the shapes or meets a case pySHACL treats its own way.

Each rule in shapes/ is a shape with its own IRI and message, so `Violation.shape` (sh:sourceShape) says which
rule failed and `Violation.message` says why in plain English.

>>> from rdflib import Graph
>>> validate_graph(Graph()).text()
'Conforms: yes'
"""

from __future__ import annotations

import functools
import logging
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from typing import TYPE_CHECKING, Any, cast, get_args

import pyshacl
from rdflib import BNode, ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from kgraph.resources import shapes_dir
from kgraph.vocab import KG, RDF, SH

if TYPE_CHECKING:
    from kgraph.progress import Progress
    from kgraph.rdf import MappedDocument
    from kgraph.shacl import Checker
    from kgraph.shacl import Result as ShaclResult
    from kgraph.shacl.core import Outcome
    from kgraph.store import Store

__all__ = [
    "ENGINES", "Engine", "ValidationReport", "Violation", "conforms", "load_shapes", "merge", "merge_graphs",
    "validate_graph", "validate_graphs", "validate_store",
]

# The SHACL engines (validate_graph): kgraph's compiled checker (kgraph/shacl/), or pySHACL itself.
Engine = typing.Literal["compiled", "pyshacl"]
ENGINES: tuple[Engine, ...] = get_args(Engine)

_log = logging.getLogger(__name__)


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
    # The named graph the result is about, in a report on several graphs (`merge_graphs`); None otherwise.
    graph: str | None = None

    def sort_key(self) -> tuple[str, str, str, str, str, str]:
        """Grouped by graph, then by focus node, then a stable order within it."""
        return (self.graph or "", self.focus, self.path or "", self.shape, self.value or "", self.message)


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of validating a graph: `conforms`, the violations sorted by focus node, and pySHACL's
    results graph (an sh:ValidationReport). A report on several graphs validated apart (`merge_graphs`) lists
    them in `graphs`, each with where it came from (a source file, or ""), and its violations name their graph."""

    conforms: bool
    violations: tuple[Violation, ...]
    graph: Graph
    graphs: tuple[tuple[str, str], ...] = ()

    def text(self) -> str:
        """A readable report: 'Conforms: yes', or the violations numbered by focus node (under the graph they
        are about, in a report on several graphs).

        >>> v = Violation("urn:x:q1", "https://schema.org/text", None, "A question has text.", "Violation", "urn:s")
        >>> print(ValidationReport(False, (v,), Graph()).text())
        Conforms: no (1 result on 1 node)
        1. urn:x:q1
           - Violation: A question has text. [path https://schema.org/text; shape urn:s]
        >>> print(merge_graphs([("urn:x:doc", ValidationReport(False, (v,), Graph())),
        ...                     ("urn:x:other", ValidationReport(True, (), Graph()))], {"urn:x:doc": "a.txt"}).text())
        Conforms: no (1 result on 1 node, in 1 of 2 graphs)
        graph urn:x:doc (a.txt)
        1. urn:x:q1
           - Violation: A question has text. [path https://schema.org/text; shape urn:s]
        """
        counted = f" ({len(self.graphs)} {'graph' if len(self.graphs) == 1 else 'graphs'})" if self.graphs else ""
        if self.conforms and not self.violations:
            return "Conforms: yes" + counted
        groups = [(key, list(items)) for key, items in groupby(self.violations, key=lambda v: (v.graph, v.focus))]
        results = "result" if len(self.violations) == 1 else "results"
        nodes = "node" if len(groups) == 1 else "nodes"
        verdict = "yes" if self.conforms else "no"
        where = ""
        if self.graphs:
            reported = len({v.graph for v in self.violations})
            where = f", in {reported} of {len(self.graphs)} {'graph' if len(self.graphs) == 1 else 'graphs'}"
        lines = [f"Conforms: {verdict} ({len(self.violations)} {results} on {len(groups)} {nodes}{where})"]
        sources = dict(self.graphs)
        shown_graph: object = object()
        for number, ((graph, focus), items) in enumerate(groups, start=1):
            if self.graphs and graph != shown_graph:
                name = graph if graph is not None else "(default graph)"
                source = sources.get(graph) if graph is not None else None
                lines.append(f"graph {name}" + (f" ({source})" if source else ""))
                shown_graph = graph
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


def validate_graph(data: Graph, engine: Engine = "compiled") -> ValidationReport:
    """Validate `data` against kgraph's shapes; the report lists every violation, it never raises for one.

    `engine` is "compiled" (kgraph/shacl/, the default) or "pyshacl"; both give the same report.
    """
    if engine not in ENGINES:
        raise ValueError(f"no SHACL engine {engine!r}; available: {', '.join(ENGINES)}")
    checked = _compiled(engine, data)
    if checked is not None:
        checker, (conforms, results) = checked
        return ValidationReport(conforms, _violations_of(results), checker.report_graph(conforms, results, data))
    return _validate_with_pyshacl(data)


def conforms(mapped: MappedDocument) -> bool:
    """Whether a mapped document conforms to kgraph's shapes: `validate_graph(mapped.graph()).conforms`, for the
    build, which needs no report and no rdflib graph (the compiled checker reads the triples as they are)."""
    checked = _compiled("compiled", mapped.triples)
    return checked[1][0] if checked is not None else _validate_with_pyshacl(mapped.graph()).conforms


def _compiled(engine: Engine, data: Graph | Sequence[tuple[Node, Node, Node]]) -> tuple[Checker, Outcome] | None:
    """The compiled checker and its outcome for `data` (a graph, or a graph's triples); None when `engine` is
    pySHACL or the checker hands the graph to it (`Fallback`)."""
    checker = compiled_checker() if engine == "compiled" else None
    if checker is None:
        return None
    from kgraph.shacl import Fallback

    try:
        return checker, checker.validate(data) if isinstance(data, Graph) else checker.validate_triples(data)
    except Fallback as reason:
        _log.debug("validating with pySHACL: %s", reason)
        return None


@functools.cache
def compiled_checker() -> Checker | None:
    """kgraph's shapes compiled once per process (kgraph/shacl/), or None when they use something the compiler
    does not implement (then every graph is validated with pySHACL, and a warning says why)."""
    from kgraph.shacl import Checker, Unsupported

    try:
        return Checker(load_shapes())
    except Unsupported as reason:
        _log.warning("SHACL: validating with pySHACL, the shapes cannot be compiled: %s", reason)
        return None


def _validate_with_pyshacl(data: Graph) -> ValidationReport:
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


def validate_store(store: Store, progress: Progress | None = None, engine: Engine = "compiled"
                   ) -> ValidationReport:
    """Every document graph of `store` validated on its own (a whole store in one rdflib graph would cost memory
    that grows with the store), in one report whose results name their graph (`merge_graphs`): what `kgraph
    validate` prints. `progress` (`kgraph.progress`) sees each graph."""
    sources: dict[str, str] = {}
    for doc in store.documents():
        sources.setdefault(str(doc.graph), doc.source)
    if progress is not None:
        progress.extend(len(sources))

    def each() -> Iterable[tuple[str, ValidationReport]]:
        for graph in sources:
            report = _validate_stored(store, URIRef(graph), engine)
            if progress is not None:
                progress.advance(_last_step(graph))
            yield graph, report

    return merge_graphs(each(), sources)


def _validate_stored(store: Store, graph: URIRef, engine: Engine) -> ValidationReport:
    """`validate_graph` of a stored graph; the compiled checker reads its triples as they are, and an rdflib graph
    of them is made only for a report with results (which may copy blank nodes from it)."""
    triples = store.graph_triples(graph)
    checked = _compiled(engine, triples)
    if checked is None:
        return _validate_with_pyshacl(_graph_of(graph, triples))
    checker, (conforms, results) = checked
    data = _graph_of(graph, triples) if results else Graph()
    return ValidationReport(conforms, _violations_of(results), checker.report_graph(conforms, results, data))


def _graph_of(name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    graph = Graph(identifier=name)
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def _last_step(iri: str) -> str:
    """What a progress bar shows of a graph's IRI: its last step (`sha256-c583981faad7c741`, `kv-tk-2024Z18435`)."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


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


def validate_graphs(graphs: Iterable[tuple[str | None, Graph]], progress: Progress | None = None,
                    engine: Engine = "compiled") -> ValidationReport:
    """Graphs (each with its name, None for a default graph) validated one by one: one unnamed graph's report as
    `validate_graph` gives it, several in one report whose results name their graph (`merge_graphs`). `progress`
    sees each graph."""
    graphs = list(graphs)
    if len(graphs) == 1 and graphs[0][0] is None:
        return validate_graph(graphs[0][1], engine)
    if progress is not None:
        progress.extend(len(graphs))

    def each() -> Iterable[tuple[str | None, ValidationReport]]:
        for name, graph in graphs:
            report = validate_graph(graph, engine)
            if progress is not None:
                progress.advance(_last_step(name) if name is not None else "default graph")
            yield name, report

    return merge_graphs(each())


def merge_graphs(parts: Iterable[tuple[str | None, ValidationReport]], sources: Mapping[str, str] | None = None
                 ) -> ValidationReport:
    """One SHACL validation report for graphs validated apart, each given with its name (None: a default graph):
    one `sh:ValidationReport` that conforms when every graph does, with every result of every graph, each top-level
    result naming its graph with `kg:dataGraph`. `sources` tells where a graph came from (for the text report).
    """
    sources = sources or {}
    graph = Graph()
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    conforms = True
    violations: list[Violation] = []
    graphs: list[tuple[str, str]] = []
    for name, report in parts:
        conforms = conforms and report.conforms
        graphs.append((name or "", sources.get(name, "") if name is not None else ""))
        own = set(report.graph.subjects(RDF.type, SH.ValidationReport))
        for s, p, o in report.graph:  # blank nodes stay apart: rdflib's BNode ids are unique per process
            if s not in own:
                graph.add((s, p, o))
            elif p == SH.result:
                graph.add((node, SH.result, o))
                if name is not None:
                    graph.add((o, KG.dataGraph, URIRef(name)))
        violations.extend(replace(violation, graph=name) for violation in report.violations)
    graph.add((node, SH.conforms, Literal(conforms)))
    return ValidationReport(conforms, tuple(sorted(violations, key=Violation.sort_key)), graph, tuple(graphs))


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


def _violations_of(results: Iterable[ShaclResult]) -> tuple[Violation, ...]:
    """The compiled checker's results as `_violations` reads them from pySHACL's report graph (nested sh:detail
    results included, as that graph holds them)."""
    from kgraph.shacl import flatten

    shapes = load_shapes()
    found = [
        Violation(
            focus=_term(r.focus),
            path=_path(shapes, r.path) if r.path is not None else None,
            value=_term(r.value) if r.value is not None else None,
            message=" ".join(sorted(str(m) for m in r.messages)) or "(no message)",
            severity=_local_name(r.severity),
            shape=_term(r.shape),
        )
        for r in flatten(results)
    ]
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
