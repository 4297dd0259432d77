"""SHACL property paths (https://www.w3.org/TR/shacl/#property-paths) compiled to functions from a focus node to
its value nodes.

The semantics are pySHACL 0.40's `value_nodes_from_path` (pyshacl/helper/expression_helper.py), which it follows
step by step: a sequence is walked first to last, and an inverse path turns every step inside it around in that
order (so ^(a/b) walks ^a then ^b, where the spec walks ^b then ^a; kgraph's shapes only invert predicates).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection as RDFList
from rdflib.term import Node

from kgraph.shacl.index import Index
from kgraph.vocab import RDF, SH

__all__ = ["PathFunction", "Unsupported", "compile_path"]

PathFunction = Callable[[Index, Node], Collection[Node]]


class Unsupported(Exception):
    """The shapes use something the compiled checker does not implement; kgraph validates with pySHACL instead."""


def compile_path(shapes: Graph, path: Node, inverse: bool = False, depth: int = 0,
                 terms: dict[Node, Node] | None = None) -> PathFunction:
    """The value nodes of `path` from a focus node, as a function of the data's index (its predicates interned with
    `terms`, as the index's are)."""
    if isinstance(path, URIRef):
        predicate = terms.setdefault(path, path) if terms is not None else path
        if inverse:
            return lambda index, focus: index.subjects(predicate, focus)
        return lambda index, focus: index.objects(focus, predicate)
    if isinstance(path, Literal) or not isinstance(path, BNode):
        raise Unsupported(f"a property path cannot be {path!r}")
    if depth >= 10:
        raise Unsupported("a property path nested more than 10 deep")
    if (path, RDF.first, None) in shapes:
        steps = [compile_path(shapes, step, inverse, depth + 1, terms) for step in RDFList(shapes, path)]
        if len(steps) < 2:
            raise Unsupported("a sequence path has fewer than two steps")
        return _sequence(steps)
    inner = shapes.value(path, SH.inversePath)
    if inner is not None:
        return compile_path(shapes, inner, not inverse, depth + 1, terms)
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        options = [compile_path(shapes, option, inverse, depth + 1, terms) for option in RDFList(shapes, alternatives)]
        if len(options) < 2:
            raise Unsupported("an alternative path has fewer than two options")
        return _alternative(options)
    for operator, zero, more in ((SH.zeroOrMorePath, True, True), (SH.oneOrMorePath, False, True),
                                 (SH.zeroOrOnePath, True, False)):
        inner = shapes.value(path, operator)
        if inner is not None:
            return _repeat(compile_path(shapes, inner, inverse, depth + 1, terms), zero, more)
    raise Unsupported(f"unknown kind of property path: {sorted(str(p) for p in shapes.predicates(path))}")


def _sequence(steps: list[PathFunction]) -> PathFunction:
    def values(index: Index, focus: Node) -> Collection[Node]:
        nodes: Collection[Node] = (focus,)
        for step in steps:
            reached: set[Node] = set()
            for node in nodes:
                reached.update(step(index, node))
            nodes = reached
        return nodes

    return values


def _alternative(options: list[PathFunction]) -> PathFunction:
    def values(index: Index, focus: Node) -> Collection[Node]:
        reached: set[Node] = set()
        for option in options:
            reached.update(option(index, focus))
        return reached

    return values


def _repeat(step: PathFunction, zero: bool, more: bool) -> PathFunction:
    def values(index: Index, focus: Node) -> Collection[Node]:
        reached: set[Node] = {focus} if zero else set()
        if not more:
            reached.update(step(index, focus))
            return reached
        seen: set[Node] = set()
        frontier = set(step(index, focus))
        while frontier:
            node = frontier.pop()
            if node in seen:
                continue
            seen.add(node)
            reached.add(node)
            frontier.update(step(index, node))
        return reached

    return values
