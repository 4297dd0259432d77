"""Shapes and the SHACL Core constraint components (https://www.w3.org/TR/shacl/#core-components), compiled from
the shapes graph into closures over the data's index.

Each component does what pySHACL 0.40 does (pyshacl/constraints/core/*.py), the file named at each, including the
ways pySHACL reads the spec: what counts as a string for sh:pattern and sh:minLength, how sh:datatype treats
ill-typed literals, how sh:lessThanOrEquals orders values (rdflib's term order), that sh:minInclusive compares with
pySHACL's own `compare_literal`, and when a shape conforms: a shape of severity sh:Warning or sh:Info always does (as
pySHACL validates with `allow_warnings`), and a failing constraint only makes it fail through a result of another
severity. A constraint parameter, path or target kind the compiler does not know raises `Unsupported` when the
shapes are compiled; kgraph then validates with pySHACL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection as RDFList
from rdflib.term import Identifier, Node

from kgraph.shacl.index import Index
from kgraph.shacl.paths import PathFunction, Unsupported, compile_path
from kgraph.shacl.results import Result
from kgraph.vocab import RDF, RDFS, SH, XSD

__all__ = ["ALLOWED_SEVERITIES", "Constraint", "Fallback", "Outcome", "Shape", "ShapesCompiler"]

# pySHACL is called with allow_infos and allow_warnings (kgraph/validate.py): results of these severities do not
# make a graph fail.
ALLOWED_SEVERITIES = frozenset({SH.Info, SH.Warning})

FocusValues = dict[Node, Collection[Node]]
Outcome = tuple[bool, list[Result]]
Constraint = Callable[[Index, FocusValues], Outcome]
# A constraint's boolean form, for one focus node and its value nodes: whether it makes no result.
Holds = Callable[[Index, Node, Collection[Node]], bool]


class Fallback(Exception):
    """This graph needs pySHACL: the checker met a case where pySHACL raises or writes a message of its own."""


# Shape predicates that are not constraint parameters: targets, the path, and what describes a shape.
_SHAPE_PREDICATES = frozenset({
    RDF.type, SH.path, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.message,
    SH.severity, SH.deactivated, SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.flags,
})

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)
_UNKNOWN = object()


class Shape:
    """A node or property shape: its targets, how to find a focus node's value nodes, and its constraints."""

    __slots__ = ("_holds", "allowed", "constraints", "deactivated", "messages", "node", "path", "path_node", "severity",
                 "target_classes", "target_nodes", "target_objects_of", "target_subjects_of")

    def __init__(self, shapes: Graph, node: Node, path_node: Node | None, terms: dict[Node, Node]) -> None:
        self.node = node
        self.path_node = path_node
        self.path: PathFunction | None = None
        if path_node is not None:
            self.path = compile_path(shapes, path_node, terms=terms)

        def objects(predicate: Node) -> tuple[Node, ...]:
            return tuple(terms.setdefault(o, o) for o in shapes.objects(node, predicate))

        deactivated = list(shapes.objects(node, SH.deactivated))
        if len(deactivated) > 1 or (deactivated and not isinstance(deactivated[0], Literal)):
            raise Unsupported(f"{node}: sh:deactivated must be one literal")
        first = deactivated[0] if deactivated else None
        self.deactivated = bool(first.value) if isinstance(first, Literal) else False
        self.severity: Node = next(iter(shapes.objects(node, SH.severity)), SH.Violation)
        self.allowed = self.severity in ALLOWED_SEVERITIES
        self.messages = tuple(set(shapes.objects(node, SH.message)))
        self.constraints: list[Constraint] = []
        self._holds: Any = _UNKNOWN  # the constraints' boolean forms (`conforms`), once known
        self.target_nodes = objects(SH.targetNode)
        self.target_classes = tuple(set(objects(SH.targetClass)) | set(_implicit_class(shapes, node)))
        self.target_subjects_of = objects(SH.targetSubjectsOf)
        self.target_objects_of = objects(SH.targetObjectsOf)

    @property
    def is_property(self) -> bool:
        return self.path_node is not None

    @property
    def has_targets(self) -> bool:
        return bool(self.target_nodes or self.target_classes or self.target_subjects_of or self.target_objects_of)

    def focus_nodes(self, index: Index) -> set[Node]:
        """pyshacl/shape.py `focus_nodes`: instances of the target classes and of their subclasses in the data."""
        found: set[Node] = set(self.target_nodes)
        rdf_type = index.rdf_type
        for target in self.target_classes:
            found.update(index.subjects(rdf_type, target))
            for subclass in _transitive_subjects(index, index.subclass_of, target):
                if subclass != target:
                    found.update(index.subjects(rdf_type, subclass))
        for predicate in self.target_subjects_of:
            found.update(s for s, _ in index.subject_objects(predicate))
        for predicate in self.target_objects_of:
            found.update(index.pos.get(predicate, {}).keys())
        return found

    def validate(self, index: Index, focus: Iterable[Node]) -> Outcome:
        """pyshacl/shape.py `Shape.validate`: whether the focus nodes conform, and the results."""
        if self.deactivated:
            return True, []
        path = self.path
        values: FocusValues = {f: path(index, f) for f in focus} if path is not None else {f: (f,) for f in focus}
        if not values:
            return True, []
        conforms = True
        results: list[Result] = []
        for constraint in self.constraints:
            ok, found = constraint(index, values)
            if not ok and not self.allowed and any(r.severity not in ALLOWED_SEVERITIES for r in found):
                conforms = False
            results.extend(found)
        return conforms, results

    def conforms(self, index: Index, node: Node) -> bool:
        """Whether `node` conforms (as `validate` says), without making results when every constraint has a
        boolean form (`holds`): the members of sh:or, sh:not ... are checked that way."""
        if self._holds is _UNKNOWN:
            found = [getattr(c, "holds", None) for c in self.constraints]
            self._holds = found if all(h is not None for h in found) else None
        holds = self._holds
        if holds is None:
            return self.validate(index, (node,))[0]
        if self.deactivated or self.allowed:
            return True
        values = self.path(index, node) if self.path is not None else (node,)
        return all(h(index, node, values) for h in holds)

    def result(
        self,
        focus: Node,
        value: Node | None,
        component: URIRef,
        path: Node | None = None,
        messages: tuple[Node, ...] | None = None,
        constraint: Node | None = None,
        details: tuple[Result, ...] = (),
    ) -> Result:
        return Result(
            focus=focus,
            value=value,
            path=path if path is not None else self.path_node,
            shape=self.node,
            severity=self.severity,
            component=component,
            messages=self.messages if messages is None else messages,
            constraint=constraint,
            details=details,
        )


def _implicit_class(shapes: Graph, node: Node) -> list[Node]:
    """A shape that is also an rdfs:Class targets its instances (pyshacl/shape.py `implicit_class_targets`)."""
    classes = set(shapes.subjects(RDFS.subClassOf, RDFS.Class)) | {RDFS.Class}
    return [node] if any(t in classes for t in shapes.objects(node, RDF.type)) else []


def _transitive_subjects(index: Index, predicate: Node, start: Node) -> Iterator[Node]:
    """rdflib's `Graph.transitive_subjects`: `start`, then depth first every node that reaches it."""
    seen: set[Node] = set()
    stack = [start]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        yield node
        stack.extend(index.subjects(predicate, node))


def _transitive_objects(index: Index, start: Node, predicate: Node) -> set[Node]:
    seen: set[Node] = set()
    stack = [start]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(index.objects(node, predicate))
    return seen


class ShapesCompiler:
    """Finds the shapes of a shapes graph as pySHACL does (pyshacl/shapes_graph.py `_build_node_shape_cache`) and
    compiles each once."""

    def __init__(self, shapes: Graph) -> None:
        from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP

        self.graph = shapes
        # Every term of the shapes (and of their SPARQL queries, as they are compiled), to intern the data's with
        # (kgraph/shacl/index.py).
        self.terms: dict[Node, Node] = {}
        for triple in shapes:
            for term in triple:
                self.terms.setdefault(term, term)
        for term in (RDF.type, RDFS.subClassOf):
            self.terms.setdefault(term, term)
        self.parameters: dict[Node, Any] = dict(CONSTRAINT_PARAMETERS_MAP)
        if next(shapes.subjects(RDF.type, SH.ConstraintComponent), None) is not None:
            raise Unsupported("the shapes declare their own constraint components")
        self.paths = self._find_shapes()
        self.shapes: dict[Node, Shape] = {}
        self._compiling: set[Node] = set()
        from kgraph.shacl import sparql

        self._sparql = sparql

    def _find_shapes(self) -> dict[Node, Node | None]:
        g = self.graph
        node_shapes = set(g.subjects(RDF.type, SH.NodeShape))
        property_shapes = set(g.subjects(RDF.type, SH.PropertyShape))
        found: dict[Node, Node | None] = {}
        for s in node_shapes:
            if (s, SH.path, None) in g or s in property_shapes:
                raise Unsupported(f"{s} is a node shape with a path")
            found[s] = None
        for s in property_shapes:
            paths = list(g.objects(s, SH.path))
            if len(paths) != 1:
                raise Unsupported(f"{s} is a property shape with {len(paths)} paths")
            found[s] = paths[0]
        implied = {s for p in (*_TARGETS, SH.property, SH.node) for s in g.subjects(p, None)}
        expected = {o for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape) for o in g.objects(None, p)}
        for p in (SH["and"], SH["or"], SH.xone):
            for items in g.objects(None, p):
                members = list(RDFList(g, items))
                if not members:
                    raise Unsupported(f"an empty {p} list")
                expected.update(members)
        for s in sorted(implied, key=str) + sorted(expected - implied, key=str):
            if s in found:
                continue
            paths = list(g.objects(s, SH.path))
            if len(paths) > 1:
                raise Unsupported(f"{s} has {len(paths)} paths")
            found[s] = paths[0] if paths else None
        return found

    def compile_all(self) -> list[Shape]:
        """Every shape compiled (so that a problem anywhere shows now); those with targets, which validation starts
        from, returned."""
        for node in sorted(self.paths, key=str):
            self.shape(node)
        return [shape for shape in self.shapes.values() if shape.has_targets]

    def shape(self, node: Node) -> Shape:
        if node in self.shapes:
            return self.shapes[node]
        if node not in self.paths:
            raise Unsupported(f"{node} is used as a shape but is none")
        if node in self._compiling:
            raise Unsupported(f"recursive shapes ({node})")
        self._compiling.add(node)
        try:
            shape = Shape(self.graph, node, self.paths[node], self.terms)
            shape.constraints = self._constraints(shape)
        finally:
            self._compiling.discard(node)
        self.shapes[node] = shape
        return shape

    def _constraints(self, shape: Shape) -> list[Constraint]:
        g = self.graph
        components: list[Any] = []
        for predicate in g.predicates(shape.node, None):
            if predicate in self.parameters:
                component = self.parameters[predicate]
                if component not in components:
                    components.append(component)
            elif predicate not in _SHAPE_PREDICATES and str(predicate).startswith(str(SH)):
                raise Unsupported(f"{shape.node}: {predicate} is not implemented")
        constraints = []
        for component in components:
            compiled = self._component(component.__name__, shape)
            if compiled is not None:
                constraints.append(compiled)
        return constraints

    def _component(self, name: str, shape: Shape) -> Constraint | None:
        make = _COMPONENTS.get(name)
        if make is None:
            if name == "SPARQLBasedConstraint":
                return self._sparql.compile_constraint(self, shape)
            raise Unsupported(f"{shape.node}: pySHACL's {name} is not implemented")
        return make(self, shape)

    # helpers for the components

    def objects(self, shape: Shape, predicate: Node) -> list[Node]:
        """The values of a shape's parameter, interned (the data's terms are interned to the same objects)."""
        terms = self.terms
        return [terms.setdefault(o, o) for o in self.graph.objects(shape.node, predicate)]

    def one(self, shape: Shape, predicate: Node) -> Node:
        values = self.objects(shape, predicate)
        if len(values) != 1:
            raise Unsupported(f"{shape.node}: {len(values)} values of {predicate}, one expected")
        return values[0]

    def items(self, node: Node) -> list[Node]:
        terms = self.terms
        return [terms.setdefault(o, o) for o in RDFList(self.graph, node)]


Make = Callable[[ShapesCompiler, Shape], "Constraint | None"]
_COMPONENTS: dict[str, Make] = {}


def component(name: str) -> Callable[[Make], Make]:
    def register(make: Make) -> Make:
        _COMPONENTS[name] = make
        return make

    return register


def _per_value(shape: Shape, cc: URIRef, ok: Callable[[Node], bool]) -> Constraint:
    """A component that checks each value node on its own, with the value node as sh:value of each result."""

    def check(index: Index, values: FocusValues) -> Outcome:
        found = [shape.result(f, v, cc) for f, vs in values.items() for v in vs if not ok(v)]
        return not found, found

    return _with_holds(check, lambda index, f, vs: all(ok(v) for v in vs))


def _with_holds(check: Constraint, holds: Holds) -> Constraint:
    setattr(check, "holds", holds)
    return check


def _integer(value: Node, what: str) -> int:
    if not (isinstance(value, Literal) and value.datatype == XSD.integer and isinstance(value.value, int)):
        raise Unsupported(f"{what} must be an xsd:integer")
    if value.value < 0:
        raise Unsupported(f"{what} must be at least 0")
    return value.value


# --- cardinality_constraints.py -----------------------------------------------------------------------------------


@component("MinCountConstraintComponent")
def _min_count(c: ShapesCompiler, shape: Shape) -> Constraint | None:
    if not shape.is_property:
        raise Unsupported(f"{shape.node}: sh:minCount on a node shape")
    least = _integer(c.one(shape, SH.minCount), "sh:minCount")
    if least == 0:
        return None

    def check(index: Index, values: FocusValues) -> Outcome:
        found = [shape.result(f, None, SH.MinCountConstraintComponent) for f, vs in values.items() if len(vs) < least]
        return not found, found

    return _with_holds(check, lambda index, f, vs: len(vs) >= least)


@component("MaxCountConstraintComponent")
def _max_count(c: ShapesCompiler, shape: Shape) -> Constraint:
    if not shape.is_property:
        raise Unsupported(f"{shape.node}: sh:maxCount on a node shape")
    most = _integer(c.one(shape, SH.maxCount), "sh:maxCount")

    def check(index: Index, values: FocusValues) -> Outcome:
        found = [shape.result(f, None, SH.MaxCountConstraintComponent) for f, vs in values.items() if len(vs) > most]
        return not found, found

    return _with_holds(check, lambda index, f, vs: len(vs) <= most)


# --- value_constraints.py -----------------------------------------------------------------------------------------


@component("ClassConstraintComponent")
def _class(c: ShapesCompiler, shape: Shape) -> Constraint:
    classes = c.objects(shape, SH["class"])

    def check(index: Index, values: FocusValues) -> Outcome:
        found = []
        for cls in classes:
            for f, vs in values.items():
                for v in vs:
                    if not _has_class(index, v, cls):
                        found.append(shape.result(f, v, SH.ClassConstraintComponent))
        return not found, found

    return _with_holds(check, lambda index, f, vs: all(_has_class(index, v, cls) for cls in classes for v in vs))


def _has_class(index: Index, node: Node, cls: Node) -> bool:
    """A SHACL instance (https://www.w3.org/TR/shacl/#dfn-shacl-instance): rdf:type/rdfs:subClassOf* in the data."""
    if isinstance(node, Literal):
        return False
    types = index.objects(node, index.rdf_type)
    if cls in types:
        return True
    return any(cls in _transitive_objects(index, t, index.subclass_of) for t in types)


# rdflib namespaces make a new URIRef at each attribute access: the checks use these.
_XSD_STRING, _RDF_LANGSTRING, _RDFS_LITERAL, _RDFS_DATATYPE = XSD.string, RDF.langString, RDFS.Literal, RDFS.Datatype
_STRING_TYPES = (None, _RDF_LANGSTRING, _XSD_STRING)

_PYTHON_TYPES: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}


@component("DatatypeConstraintComponent")
def _datatype(c: ShapesCompiler, shape: Shape) -> Constraint:
    rule = c.one(shape, SH.datatype)
    python_type = _PYTHON_TYPES.get(rule)

    def actual(v: Literal) -> bool:  # DatatypeConstraintComponent._assert_actual_datatype
        return python_type is None or isinstance(v.value, python_type)

    def ok(v: Node) -> bool:
        if not isinstance(v, Literal):
            return False
        datatype = v.datatype
        # rdflib's URIRef == is a Python method; both are URIRefs here, so compare their text
        if datatype is not None and (datatype is rule or str.__eq__(datatype, rule)):
            return False if getattr(v, "ill_typed", None) is True else actual(v)
        if rule == _RDFS_LITERAL:
            return True
        if rule == _RDFS_DATATYPE and v.datatype:
            return True
        if v.datatype is None and v.language is None and rule == _XSD_STRING:
            return actual(v)
        if rule == _RDF_LANGSTRING and v.language:
            return actual(v)
        return False

    return _per_value(shape, SH.DatatypeConstraintComponent, ok)


_NODE_KINDS = {
    "blank": {SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI},
    "literal": {SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral},
    "iri": {SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI},
}


@component("NodeKindConstraintComponent")
def _node_kind(c: ShapesCompiler, shape: Shape) -> Constraint:
    rule = c.one(shape, SH.nodeKind)
    blank, literal, iri = (rule in _NODE_KINDS[kind] for kind in ("blank", "literal", "iri"))

    def ok(v: Node) -> bool:
        if isinstance(v, BNode):
            return blank
        if isinstance(v, Literal):
            return literal
        return iri and isinstance(v, Identifier)

    return _per_value(shape, SH.NodeKindConstraintComponent, ok)


# --- value_range_constraints.py -----------------------------------------------------------------------------------


def _range(name: str, parameter: URIRef, cc: URIRef, holds: Callable[[int], bool]) -> Make:
    def make(c: ShapesCompiler, shape: Shape) -> Constraint:
        from pyshacl.rdfutil.compare import compare_literal as untyped_compare

        compare_literal: Callable[[Literal, Literal], int] = untyped_compare

        bounds = c.objects(shape, parameter)
        for bound in bounds:
            if not isinstance(bound, Literal):
                raise Unsupported(f"{shape.node}: {parameter} must be a literal")

        def ok_for(bound: Literal) -> Callable[[Node], bool]:
            bound_is_string = isinstance(bound.value, str)

            def ok(v: Node) -> bool:
                if not isinstance(v, Literal):
                    return False
                if bound_is_string != isinstance(v.value, str):
                    return False
                try:
                    return holds(compare_literal(v, bound))
                except (TypeError, NotImplementedError):
                    return False

            return ok

        return _all_of([_per_value(shape, cc, ok_for(bound)) for bound in bounds if isinstance(bound, Literal)])

    _COMPONENTS[name] = make
    return make


_range("MinExclusiveConstraintComponent", SH.minExclusive, SH.MinExclusiveConstraintComponent, lambda c: c > 0)
_range("MinInclusiveConstraintComponent", SH.minInclusive, SH.MinInclusiveConstraintComponent, lambda c: c >= 0)
_range("MaxExclusiveConstraintComponent", SH.maxExclusive, SH.MaxExclusiveConstraintComponent, lambda c: c < 0)
_range("MaxInclusiveConstraintComponent", SH.maxInclusive, SH.MaxInclusiveConstraintComponent, lambda c: c <= 0)


# --- string_based_constraints.py ----------------------------------------------------------------------------------


def _text(v: Node) -> str:
    """StringBasedConstraintBase.value_node_to_string."""
    if isinstance(v, Literal) and v.value is not None and v.datatype in _STRING_TYPES:
        return str(v.value)
    return str(v)


def _length(c: ShapesCompiler, shape: Shape, parameter: URIRef) -> int:
    from pyshacl.consts import XSD_WHOLE_INTEGERS

    rule = c.one(shape, parameter)
    if (not isinstance(rule, Literal) or getattr(rule, "ill_typed", False) or rule.datatype is None
            or rule.datatype not in XSD_WHOLE_INTEGERS or not isinstance(rule.value, int) or rule.value < 0):
        raise Unsupported(f"{shape.node}: {parameter} must be a non-negative integer")
    return rule.value


@component("MinLengthConstraintComponent")
def _min_length(c: ShapesCompiler, shape: Shape) -> Constraint:
    least = _length(c, shape, SH.minLength)
    return _per_value(shape, SH.MinLengthConstraintComponent,
                      lambda v: least == 0 or (not isinstance(v, BNode) and len(_text(v)) >= least))


@component("MaxLengthConstraintComponent")
def _max_length(c: ShapesCompiler, shape: Shape) -> Constraint:
    most = _length(c, shape, SH.maxLength)
    return _per_value(shape, SH.MaxLengthConstraintComponent,
                      lambda v: not isinstance(v, BNode) and len(_text(v)) <= most)


@component("PatternConstraintComponent")
def _pattern(c: ShapesCompiler, shape: Shape) -> Constraint:
    patterns = c.objects(shape, SH.pattern)
    flags_node = next(iter(set(c.objects(shape, SH.flags))), None)
    flags = 0
    if flags_node is not None:
        text = str(flags_node.value if isinstance(flags_node, Literal) else flags_node).lower()
        flags = (re.I if "i" in text else 0) | (re.M if "m" in text else 0)
    matchers = []
    for pattern in patterns:
        if not isinstance(pattern, Literal):
            raise Unsupported(f"{shape.node}: sh:pattern must be a literal")
        source = str(pattern.value) if pattern.value is not None and len(pattern.value) > 1 else str(pattern)
        matchers.append(re.compile(source, flags))

    def ok_for(matcher: re.Pattern[str]) -> Callable[[Node], bool]:
        return lambda v: not isinstance(v, BNode) and matcher.search(_text(v)) is not None

    return _all_of([_per_value(shape, SH.PatternConstraintComponent, ok_for(m)) for m in matchers])


def _all_of(checks: list[Constraint]) -> Constraint:
    """One component made of several checks (one per sh:pattern, per bound ...), each run on every value node."""

    def check(index: Index, values: FocusValues) -> Outcome:
        found = [r for one in checks for r in one(index, values)[1]]
        return not found, found

    holds = [getattr(one, "holds") for one in checks]
    return _with_holds(check, lambda index, f, vs: all(h(index, f, vs) for h in holds))


@component("LanguageInConstraintComponent")
def _language_in(c: ShapesCompiler, shape: Shape) -> Constraint:
    languages = set()
    for language in c.items(c.one(shape, SH.languageIn)):
        if not isinstance(language, Literal) or not isinstance(language.value, str):
            raise Unsupported(f"{shape.node}: sh:languageIn takes strings")
        languages.add(language.value.lower())
    wildcard = "*" in languages

    def ok(v: Node) -> bool:
        if not isinstance(v, Literal) or not v.language:
            return False
        lang = str(v.language)
        return wildcard or lang.lower() in languages or lang.split("-")[0].lower() in languages

    return _per_value(shape, SH.LanguageInConstraintComponent, ok)


@component("UniqueLangConstraintComponent")
def _unique_lang(c: ShapesCompiler, shape: Shape) -> Constraint | None:
    rule = c.one(shape, SH.uniqueLang)
    if not shape.is_property or not isinstance(rule, Literal) or not isinstance(rule.value, bool):
        raise Unsupported(f"{shape.node}: sh:uniqueLang must be a boolean on a property shape")
    if not rule.value:
        return None

    def check(index: Index, values: FocusValues) -> Outcome:
        found = []
        for f, vs in values.items():
            seen: set[str] = set()
            duplicated: set[str] = set()
            for v in vs:
                if isinstance(v, Literal) and v.language:
                    lang = str(v.language).lower()
                    (duplicated if lang in seen else seen).add(lang)
            found += [shape.result(f, None, SH.UniqueLangConstraintComponent) for _ in duplicated]
        return not found, found

    return check


# --- property_pair_constraints.py ---------------------------------------------------------------------------------


def _pair(name: str, parameter: URIRef) -> Callable[[Callable[[Shape, Node], Constraint]], Make]:
    def register(per_property: Callable[[Shape, Node], Constraint]) -> Make:
        def make(c: ShapesCompiler, shape: Shape) -> Constraint:
            properties = set(c.objects(shape, parameter))
            checks = [per_property(shape, p) for p in properties]

            def check(index: Index, values: FocusValues) -> Outcome:
                found = [r for one in checks for r in one(index, values)[1]]
                return not found, found

            return check

        _COMPONENTS[name] = make
        return make

    return register


@_pair("EqualsConstraintComponent", SH.equals)
def _equals(shape: Shape, other: Node) -> Constraint:
    def check(index: Index, values: FocusValues) -> Outcome:
        found = []
        for f, vs in values.items():
            mine, theirs = set(vs), set(index.objects(f, other))
            found += [shape.result(f, v, SH.EqualsConstraintComponent) for v in mine - theirs]
            found += [shape.result(f, v, SH.EqualsConstraintComponent) for v in theirs - mine]
        return not found, found

    return check


@_pair("DisjointConstraintComponent", SH.disjoint)
def _disjoint(shape: Shape, other: Node) -> Constraint:
    def check(index: Index, values: FocusValues) -> Outcome:
        found = [shape.result(f, v, SH.DisjointConstraintComponent)
                 for f, vs in values.items() for v in set(vs) & set(index.objects(f, other))]
        return not found, found

    return check


def _ordered(cc: URIRef, strictly: bool) -> Callable[[Shape, Node], Constraint]:
    """LessThanConstraintComponent._compare_lt / LessThanOrEqualsConstraintComponent._compare_ltoe: IRIs and
    string literals compare as Python strings, other literals in rdflib's term order, a string with a non-string
    never; a blank node makes pySHACL raise."""

    def per_property(shape: Shape, other: Node) -> Constraint:
        if not shape.is_property or not isinstance(other, URIRef):
            raise Unsupported(f"{shape.node}: {cc} needs a property shape and an IRI")

        def comparable(node: Node) -> tuple[Any, bool]:
            if isinstance(node, BNode):
                raise Fallback("sh:lessThan with a blank node")
            if isinstance(node, URIRef):
                return str(node), True
            if isinstance(node, Literal) and isinstance(node.value, str):
                return node.value, True
            return node, False

        def check(index: Index, values: FocusValues) -> Outcome:
            found = []
            for f, vs in values.items():
                if not vs:
                    continue
                others = [comparable(o) for o in set(index.objects(f, other))]
                for v in set(vs):
                    mine, mine_is_string = comparable(v)
                    for theirs, theirs_is_string in others:
                        if mine_is_string != theirs_is_string:
                            pass
                        else:
                            try:
                                if mine < theirs if strictly else mine <= theirs:
                                    continue
                            except TypeError as error:  # pySHACL would stop with it
                                raise Fallback(str(error)) from error
                        found.append(shape.result(f, v, cc))
            return not found, found

        return check

    return per_property


_pair("LessThanConstraintComponent", SH.lessThan)(_ordered(SH.LessThanConstraintComponent, True))
_pair("LessThanOrEqualsConstraintComponent", SH.lessThanOrEquals)(_ordered(SH.LessThanOrEqualsConstraintComponent, False))


# --- other_constraints.py -----------------------------------------------------------------------------------------


@component("InConstraintComponent")
def _in(c: ShapesCompiler, shape: Shape) -> Constraint:
    allowed = set(c.items(c.one(shape, SH["in"])))
    return _per_value(shape, SH.InConstraintComponent, lambda v: v in allowed)


@component("HasValueConstraintComponent")
def _has_value(c: ShapesCompiler, shape: Shape) -> Constraint:
    required = set(c.objects(shape, SH.hasValue))

    def check(index: Index, values: FocusValues) -> Outcome:
        found = [shape.result(f, None, SH.HasValueConstraintComponent)
                 for value in required for f, vs in values.items() if not any(v == value for v in vs)]
        return not found, found

    return _with_holds(check, lambda index, f, vs: all(any(v == value for v in vs) for value in required))


@component("ClosedConstraintComponent")
def _closed(c: ShapesCompiler, shape: Shape) -> Constraint | None:
    closed = c.one(shape, SH.closed)
    if not isinstance(closed, Literal):
        raise Unsupported(f"{shape.node}: sh:closed must be a boolean")
    if not bool(closed.value):
        return None
    ignored = {item for lst in c.objects(shape, SH.ignoredProperties) for item in c.items(lst)}
    allowed: set[Node] = set()
    for node in c.objects(shape, SH.property):
        prop = c.shape(node)
        if not prop.is_property:
            raise Unsupported(f"{node} is not a property shape")
        if prop.path_node is not None:
            allowed.add(prop.path_node)

    def check(index: Index, values: FocusValues) -> Outcome:
        found = [shape.result(f, o, SH.ClosedConstraintComponent, path=p)
                 for f, vs in values.items() for v in vs for p, o in index.predicate_objects(v)
                 if not (p == RDF.type and o == RDFS.Resource) and p not in ignored and p not in allowed]
        return not found, found

    return check


# --- shape_based_constraints.py -----------------------------------------------------------------------------------


@component("PropertyConstraintComponent")
def _property(c: ShapesCompiler, shape: Shape) -> Constraint:
    properties = [c.shape(node) for node in c.objects(shape, SH.property)]
    for prop in properties:
        if not prop.is_property:
            raise Unsupported(f"{prop.node} is used as a property shape but has no path")

    def check(index: Index, values: FocusValues) -> Outcome:
        # pySHACL validates each value node on its own; validating them together gives the same results and the
        # same verdict (a constraint fails for the batch exactly when it fails for one of them), unless a value
        # node comes twice (then it is validated, and reported, twice).
        nodes = [v for vs in values.values() for v in vs]
        batches: list[Collection[Node]] = [nodes] if len(set(nodes)) == len(nodes) else [(v,) for v in nodes]
        conforms = True
        found: list[Result] = []
        for prop in properties:
            for batch in batches:
                ok, results = prop.validate(index, batch)
                conforms = conforms and ok
                found += results
        return conforms, found

    return check


@component("NodeConstraintComponent")
def _node(c: ShapesCompiler, shape: Shape) -> Constraint:
    nodes = [c.shape(node) for node in c.objects(shape, SH.node)]
    for node in nodes:
        if node.is_property:
            raise Unsupported(f"{node.node} is used with sh:node but is a property shape")

    def check(index: Index, values: FocusValues) -> Outcome:
        found = []
        for node in nodes:
            for f, vs in values.items():
                for v in vs:
                    ok, details = node.validate(index, (v,))
                    if not ok or details:
                        found.append(shape.result(f, v, SH.NodeConstraintComponent, details=tuple(details)))
        return not found, found

    return check


@component("QualifiedValueShapeConstraintComponent")
def _qualified(c: ShapesCompiler, shape: Shape) -> Constraint | None:
    if not shape.is_property:
        return None  # pySHACL ignores it on a node shape (with a warning)
    value_shapes = [c.shape(node) for node in set(c.objects(shape, SH.qualifiedValueShape))]
    least = _count(c, shape, SH.qualifiedMinCount)
    most = _count(c, shape, SH.qualifiedMaxCount)
    if least is None and most is None:
        raise Unsupported(f"{shape.node}: sh:qualifiedValueShape without sh:qualifiedMinCount or MaxCount")
    disjoint = any(isinstance(d, Literal) and d.value is True for d in c.objects(shape, SH.qualifiedValueShapesDisjoint))
    siblings: dict[Node, list[Shape]] = {}
    for value_shape in value_shapes:
        found: set[Node] = set()
        if disjoint:
            for parent in c.graph.subjects(SH.property, shape.node):
                for sibling in c.graph.objects(parent, SH.property):
                    found.update(q for q in c.graph.objects(sibling, SH.qualifiedValueShape) if q != value_shape.node)
        siblings[value_shape.node] = [c.shape(node) for node in found]

    def check(index: Index, values: FocusValues) -> Outcome:
        results = []
        for value_shape in value_shapes:
            others = siblings[value_shape.node]
            for f, vs in values.items():
                count = sum(1 for v in vs if value_shape.conforms(index, v)
                            and not any(other.conforms(index, v) for other in others))
                if most is not None and count > most:
                    results.append(shape.result(f, None, SH.QualifiedMaxCountConstraintComponent))
                if least is not None and count < least:
                    results.append(shape.result(f, None, SH.QualifiedMinCountConstraintComponent))
        return not results, results

    return check


def _count(c: ShapesCompiler, shape: Shape, parameter: URIRef) -> int | None:
    values = c.objects(shape, parameter)
    if not values:
        return None
    if len(values) > 1 or not isinstance(values[0], Literal) or not isinstance(values[0].value, int):
        raise Unsupported(f"{shape.node}: {parameter} must be one integer")
    return values[0].value


# --- logical_constraints.py ---------------------------------------------------------------------------------------


@component("NotConstraintComponent")
def _not(c: ShapesCompiler, shape: Shape) -> Constraint:
    negated = [c.shape(node) for node in c.objects(shape, SH["not"])]

    def check(index: Index, values: FocusValues) -> Outcome:
        found = [shape.result(f, v, SH.NotConstraintComponent)
                 for other in negated for f, vs in values.items() for v in vs if other.conforms(index, v)]
        return not found, found

    return check


def _logical(name: str, parameter: URIRef, cc: URIRef, holds: Callable[[int, int], bool], as_set: bool) -> None:
    def make(c: ShapesCompiler, shape: Shape) -> Constraint:
        lists = []
        for members in c.objects(shape, parameter):
            items = c.items(members)
            if not items:
                raise Unsupported(f"{shape.node}: an empty {parameter} list")
            shapes = [c.shape(node) for node in items]
            lists.append(list({s.node: s for s in shapes}.values()) if as_set else shapes)

        def check(index: Index, values: FocusValues) -> Outcome:
            found = [shape.result(f, v, cc)
                     for members in lists for f, vs in values.items() for v in vs
                     if not holds(sum(1 for member in members if member.conforms(index, v)), len(members))]
            return not found, found

        return check

    _COMPONENTS[name] = make


_logical("AndConstraintComponent", SH["and"], SH.AndConstraintComponent, lambda passed, n: passed == n, True)
_logical("OrConstraintComponent", SH["or"], SH.OrConstraintComponent, lambda passed, n: passed > 0, True)
_logical("XoneConstraintComponent", SH.xone, SH.XoneConstraintComponent, lambda passed, n: passed == 1, False)
