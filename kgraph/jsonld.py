"""JSON-LD (https://www.w3.org/TR/json-ld11/): the compact context, and the framed per-document form.

The context (kgraph/data/context.jsonld) gives every class and predicate kgraph writes a short name; a test checks
it against the ontology and against the predicates of real document graphs, so it cannot drift. Numbers and
booleans are plain JSON (xsd:integer and xsd:boolean by JSON-LD's own rules), dates are strings the context types
as xsd:date, and a literal that fits no term's type is written out as a value object.

`frame_document` nests one document's graph the way a JSON user reads it, where a JSON-LD frame
(https://www.w3.org/TR/json-ld11-framing/) with `@embed: @once` would put it: every node once, under the first
node that refers to it (breadth first from the document, so a question sits under the document, not under the
answer that answers it), and

- the document's parts in a type map (`"hasPart": {"Question": [...], "Answer": [...], "Footnote": [...]}`, a
  JSON-LD 1.1 `@container: @type`), each list in printed order;
- each `kg:LinkAnnotation` under the node it links, as `linkedBy` (the reverse of `oa:hasTarget`), each
  identifying mention under what it identifies, as `mentions` (the reverse of `oa:hasBody`), and each
  `org:Membership` (who held a post when) under its member, as `memberships` (the reverse of `org:member`).

The nesting is done here rather than by a JSON-LD processor's framing: it is a few dozen lines, deterministic, and
spares kgraph a runtime dependency. A JSON-LD processor (pyld, in the tests) expands it back to the same triples.

>>> from kgraph.model import Document, Kind
>>> from kgraph.rdf import document_graph
>>> framed = frame_document(document_graph(Document(source="a.txt", sha256="0" * 64, kind=Kind.OTHER)))
>>> framed["type"], framed["oral"], framed["sha256"][:4]
('OtherDocument', False, '0000')
"""

from __future__ import annotations

import functools
import json
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kgraph.resources import data_file
from kgraph.vocab import KG, OA, ORG, RDF, SCHEMA, XSD

if TYPE_CHECKING:
    from kgraph.store import Store

__all__ = ["FRAME_TERMS", "Term", "context", "frame_context", "frame_document", "frame_graphs", "terms",
           "write_framed"]

# The framed form's own terms, added to the compact context.
FRAME_TERMS: Mapping[str, Any] = {
    "hasPart": {"@id": "schema:hasPart", "@container": "@type"},
    "linkedBy": {"@reverse": "oa:hasTarget"},
    "mentions": {"@reverse": "oa:hasBody"},
    "memberships": {"@reverse": "org:member"},
}

# Predicates along which a node is never nested: they point back up the tree (a part to its document, a span to
# the document it selects from), or across it (an answer to the question it answers; a link to what it links to).
_NOT_NESTED = frozenset({SCHEMA.isPartOf, SCHEMA.parentItem, OA.hasSource, OA.hasBody})

# Reverse nesting: (the reverse term, its predicate, the class a subject needs to be nested that way).
_REVERSED = (("linkedBy", OA.hasTarget, KG.LinkAnnotation), ("mentions", OA.hasBody, OA.Annotation),
             ("memberships", ORG.member, ORG.Membership))

_NATIVE = {XSD.integer, XSD.boolean}


@functools.cache
def context() -> dict[str, Any]:
    """The compact @context shipped with kgraph (kgraph/data/context.jsonld)."""
    document: dict[str, Any] = json.loads(data_file("context.jsonld").read_text(encoding="utf-8"))
    found: dict[str, Any] = document.get("@context", document)
    return found


def frame_context() -> dict[str, Any]:
    """The context of the framed form: the compact context with the type map and the two reverse terms."""
    return {**context(), **FRAME_TERMS}


@dataclass(frozen=True, slots=True)
class Term:
    """A term of the context: its name, the IRI it stands for, and how it types its values (`@id`, `@vocab`, a
    datatype IRI, or None) and their language."""

    name: str
    iri: str
    coercion: str | None = None
    language: str | None = None

    def fits(self, value: Node) -> bool:
        """Whether a value can be written under this term as a bare string, number or boolean."""
        if isinstance(value, Literal):
            if self.coercion in ("@id", "@vocab"):
                return False
            if value.language is not None:
                return self.coercion is None and self.language == value.language
            if self.language is not None:
                return False
            if value.datatype is None:
                return self.coercion is None
            if self.coercion is None:
                return value.datatype in _NATIVE and _native(value) is not None
            return self.coercion == str(value.datatype)
        return self.coercion in ("@id", "@vocab")


@functools.cache
def terms() -> dict[str, tuple[Term, ...]]:
    """The context's terms for predicates and classes, by the IRI they stand for (prefixes left out)."""
    ctx = context()
    found: dict[str, list[Term]] = {}
    for name, definition in ctx.items():
        if name.startswith("@") or _is_prefix(name, definition):
            continue
        if isinstance(definition, str):
            term = Term(name, _expand(definition, ctx))
        else:
            coercion = definition.get("@type")
            term = Term(name, _expand(definition["@id"], ctx),
                        coercion if coercion in (None, "@id", "@vocab") else _expand(coercion, ctx),
                        definition.get("@language"))
        if term.iri.startswith("@"):
            continue
        found.setdefault(term.iri, []).append(term)
    return {iri: tuple(items) for iri, items in found.items()}


def _is_prefix(name: str, definition: Any) -> bool:
    return isinstance(definition, str) and definition.endswith(("#", "/")) and ":" not in name


def _expand(value: str, ctx: Mapping[str, Any]) -> str:
    prefix, colon, rest = value.partition(":")
    if colon and isinstance(ctx.get(prefix), str) and not rest.startswith("//"):
        return str(ctx[prefix]) + rest
    return value


def _compact_iri(iri: str) -> str:
    """A class or vocabulary IRI as its term, else as a prefixed name, else as it is."""
    for term in terms().get(iri, ()):
        if term.coercion is None:
            return term.name
    for prefix, namespace in context().items():
        if _is_prefix(prefix, namespace) and iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _native(value: Literal) -> int | bool | None:
    lexical = str(value)
    if value.datatype == XSD.boolean and lexical in ("true", "false"):
        return lexical == "true"
    if value.datatype == XSD.integer:
        try:
            number = int(lexical)
        except ValueError:
            return None
        return number if str(number) == lexical else None
    return None


def _node_id(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


class _Framer:
    """One graph being nested: where each node is placed, then the tree written out."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.subjects = set(graph.subjects())
        self.placed: set[Node] = set()

    def tree(self, root: Node) -> dict[str, Any]:
        """`root` and everything reachable from it, each node once (breadth first decides where)."""
        owner: dict[Node, Node] = {root: root}
        queue = deque([root])
        while queue:
            node = queue.popleft()
            for child in self._children(node):
                if child not in owner:
                    owner[child] = node
                    queue.append(child)
        self.owner = owner
        return self._write(root, omit=None)

    def _children(self, node: Node) -> Iterator[Node]:
        for predicate, value in sorted(self.graph.predicate_objects(node), key=_sort_key):
            if predicate != RDF.type and predicate not in _NOT_NESTED and value in self.subjects:
                yield value
        for _, predicate, cls in _REVERSED:
            yield from sorted(
                (s for s in self.graph.subjects(predicate, node) if (s, RDF.type, cls) in self.graph), key=str
            )

    def _write(self, node: Node, omit: tuple[Node, Node] | None, type_key: Node | None = None) -> dict[str, Any]:
        """The node object of `node`; `omit` is the (predicate, object) the place it is nested in already says,
        `type_key` the class a type map already says."""
        self.placed.add(node)
        out: dict[str, Any] = {"id": _node_id(node)}
        types = sorted(str(t) for t in self.graph.objects(node, RDF.type) if t != type_key)
        if types:
            shown = [_compact_iri(t) for t in types]
            out["type"] = shown[0] if len(shown) == 1 else shown
        values: dict[str, list[Any]] = {}
        parts: dict[str, list[tuple[Any, dict[str, Any]]]] = {}
        for predicate, value in sorted(self.graph.predicate_objects(node), key=_sort_key):
            if predicate == RDF.type or (predicate, value) == omit:
                continue
            if predicate == SCHEMA.hasPart:
                cls = self.graph.value(value, RDF.type)
                key = _compact_iri(str(cls)) if cls is not None else "@none"
                written = self._nested(value, node, type_key=cls) or {"id": _node_id(value)}
                position = self.graph.value(value, SCHEMA.position)
                parts.setdefault(key, []).append((_order(position, value), written))
                continue
            name, shown = self._value(node, predicate, value)
            values.setdefault(name, []).append(shown)
        for name, items in sorted(values.items()):
            out[name] = items[0] if len(items) == 1 else items
        if parts:
            out["hasPart"] = {key: [written for _, written in sorted(items, key=lambda item: item[0])]
                              for key, items in sorted(parts.items())}
        for name, predicate, cls in _REVERSED:
            nested = [
                self._write(s, omit=(predicate, node))
                for s in sorted(self.graph.subjects(predicate, node), key=str)
                if (s, RDF.type, cls) in self.graph and self.owner.get(s) == node and s not in self.placed
            ]
            if nested:
                out[name] = nested
        return out

    def _nested(self, value: Node, parent: Node, type_key: Node | None = None) -> dict[str, Any] | None:
        if value in self.subjects and self.owner.get(value) == parent and value not in self.placed:
            return self._write(value, omit=None, type_key=type_key)
        return None

    def _value(self, node: Node, predicate: Node, value: Node) -> tuple[str, Any]:
        """The term to write `value` under and the JSON for it."""
        candidates = terms().get(str(predicate), ())
        fitting = next((term for term in candidates if term.fits(value)), None)
        term = fitting or (candidates[0] if candidates else None)
        name = term.name if term else _compact_iri(str(predicate))
        if isinstance(value, Literal):
            if fitting is not None:
                native = _native(value) if fitting.coercion is None and value.datatype in _NATIVE else None
                return name, native if native is not None else str(value)
            shown: dict[str, Any] = {"@value": str(value)}
            if value.language:
                shown["@language"] = value.language
            elif value.datatype is not None:
                shown["@type"] = _compact_iri(str(value.datatype))
            return name, shown
        nested = self._nested(value, node)
        if nested is not None:
            return name, nested
        if fitting is not None:
            return name, _compact_iri(str(value)) if fitting.coercion == "@vocab" else _node_id(value)
        return name, {"id": _node_id(value)}


def _sort_key(pair: tuple[Node, Node]) -> tuple[str, str, str]:
    predicate, value = pair
    return (str(predicate), type(value).__name__, str(value))


def _order(position: Node | None, node: Node) -> tuple[int, str]:
    if isinstance(position, Literal):
        try:
            return (int(str(position)), str(node))
        except ValueError:
            pass
    return (1 << 30, str(node))


def frame_document(graph: Graph, root: Node | None = None) -> dict[str, Any]:
    """One document's graph as a nested JSON-LD node object (without @context), rooted at the document
    (`root`, by default the graph's name). Nodes the document does not reach are listed under `@included`."""
    framer = _Framer(graph)
    start = root if root is not None else graph.identifier
    tree = framer.tree(start)
    rest = sorted((s for s in framer.subjects if s not in framer.placed), key=_roots_first)
    if rest:
        tree["@included"] = [framer.tree(s) for s in rest if s not in framer.placed]
    return tree


def frame_graphs(graphs: Iterable[Graph], extra: Iterable[Graph] = ()) -> dict[str, Any]:
    """A JSON-LD document of many documents, each framed (`frame_document`), followed by the nodes of `extra`
    graphs (the reference data) one by one, all with the framed form's context."""
    nodes = [frame_document(graph) for graph in graphs]
    for graph in extra:
        nodes.extend(_trees(graph))
    return {"@context": frame_context(), "@graph": nodes}


def _trees(graph: Graph) -> Iterator[dict[str, Any]]:
    """The nodes of a graph that has no one root (the reference data), each with what only it reaches."""
    framer = _Framer(graph)
    for subject in sorted(framer.subjects, key=_roots_first):
        if subject not in framer.placed:
            yield framer.tree(subject)


def _roots_first(node: Node) -> tuple[bool, str]:
    """IRIs before blank nodes: a blank node is usually something an IRI node refers to, so it nests there."""
    return (isinstance(node, BNode), str(node))


def write_framed(store: Store, out: BinaryIO) -> None:
    """The whole store as one JSON-LD document: each document graph framed (`frame_document`), then the nodes
    of the reference data, written one graph at a time so no more than one document is held in memory."""
    from kgraph.build import REFERENCE_SOURCE

    header = json.dumps(frame_context(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    out.write(b'{\n  "@context": ' + header.encode("utf-8") + b',\n  "@graph": [')
    first = True

    def emit(node: dict[str, Any]) -> None:
        nonlocal first
        out.write((b"\n    " if first else b",\n    ") + json.dumps(node, ensure_ascii=False).encode("utf-8"))
        first = False

    stored = store.documents()
    reference = {doc.graph for doc in stored if doc.source == REFERENCE_SOURCE}
    for name in sorted({doc.graph for doc in stored} - reference, key=str):
        emit(frame_document(store.document_graph(name)))
    for name in sorted(reference, key=str):
        for node in _trees(store.document_graph(name)):
            emit(node)
    out.write(b"\n  ]\n}\n")
