"""The data graph as three dictionaries (subject, predicate, object in the three orders), what the compiled checks
look triples up in.

rdflib's `Graph.objects` and friends cost a few microseconds a call (generators over the store's contexts), and a
document's validation makes thousands of look-ups, so the checker reads plain dictionaries instead, built once per
validation. Their terms are *interned*: a data term equal to one of the shapes' (a predicate, a class, a value of
sh:in) is replaced by the shapes' own object, so that the checker's look-ups find their keys by identity; otherwise
each look-up calls rdflib's `Identifier.__eq__`, a Python function (that alone was 4 ms a document).

>>> from rdflib import Graph, URIRef
>>> g = Graph()
>>> _ = g.add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
>>> sorted(Index.of(g).objects(URIRef("urn:s"), URIRef("urn:p")))
[rdflib.term.URIRef('urn:o')]
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Final

from rdflib import Graph, Literal
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

from kgraph.vocab import RDF, RDFS

__all__ = ["Index", "Triples"]

# node -> node -> {node: 1}: rdflib's Memory store keeps its indices in this form (the innermost dict is a set).
Triples = dict[Node, dict[Node, dict[Node, int]]]

_NONE: Final[Collection[Node]] = ()


class Index:
    """Triples by subject (`spo[s][p]` = objects), by predicate and object (`pos[p][o]` = subjects) and by object
    and subject (`osp[o][s]` = predicates). Read only: the checker never changes the data."""

    __slots__ = ("_osp", "pos", "rdf_type", "spo", "subclass_of")

    def __init__(self, spo: Triples, pos: Triples, terms: Mapping[Node, Node]) -> None:
        self.spo = spo
        self.pos = pos
        self._osp: Triples | None = None
        # the interned rdf:type and rdfs:subClassOf, which the core checks look up most
        self.rdf_type = terms.get(RDF.type, RDF.type)
        self.subclass_of = terms.get(RDFS.subClassOf, RDFS.subClassOf)

    @classmethod
    def of(cls, graph: Graph, terms: Mapping[Node, Node] | None = None) -> Index:
        """The index of `graph`, its terms interned with `terms` (each term mapped to the object to use for it)."""
        return cls.of_triples(list(_triples(graph)), terms)

    @classmethod
    def of_triples(cls, triples: Sequence[tuple[Node, Node, Node]], terms: Mapping[Node, Node] | None = None
                   ) -> Index:
        """The index of the graph of `triples` (a triple given twice is there once), interned as in `of`."""
        terms = terms or {}
        get = terms.get
        # One object per node: the data has as many objects as occurrences (a parser makes one each time); a node
        # used as an object is looked up as a subject later, so objects are mapped to their node's subject object.
        nodes: dict[Node, Node] = {}
        for s, _, _ in triples:
            if s not in nodes:
                nodes[s] = get(s, s)
        spo: Triples = {}
        pos: Triples = {}
        for s, p, o in triples:
            s = nodes[s]
            p = get(p, p)
            if type(o) is not Literal:  # a literal's hash is a Python function: literals are not interned
                o = nodes.get(o) or get(o, o)
            by_p = spo.get(s)
            if by_p is None:
                spo[s] = {p: {o: 1}}
            elif p in by_p:
                by_p[p][o] = 1
            else:
                by_p[p] = {o: 1}
            by_o = pos.get(p)
            if by_o is None:
                pos[p] = {o: {s: 1}}
            elif o in by_o:
                by_o[o][s] = 1
            else:
                by_o[o] = {s: 1}
        return cls(spo, pos, terms)

    @property
    def osp(self) -> Triples:
        """Triples by object, then subject: built on first use (only SPARQL patterns with an unbound predicate
        need it)."""
        if self._osp is None:
            osp: Triples = {}
            for s, by_p in self.spo.items():
                for p, objects in by_p.items():
                    for o in objects:
                        osp.setdefault(o, {}).setdefault(s, {})[p] = 1
            self._osp = osp
        return self._osp

    def objects(self, s: Node, p: Node) -> Collection[Node]:
        by_p = self.spo.get(s)
        objects = by_p.get(p) if by_p is not None else None
        return objects.keys() if objects is not None else _NONE

    def subjects(self, p: Node, o: Node) -> Collection[Node]:
        by_o = self.pos.get(p)
        subjects = by_o.get(o) if by_o is not None else None
        return subjects.keys() if subjects is not None else _NONE

    def has(self, s: Node, p: Node, o: Node) -> bool:
        by_p = self.spo.get(s)
        objects = by_p.get(p) if by_p is not None else None
        return objects is not None and o in objects

    def predicate_objects(self, s: Node) -> Iterator[tuple[Node, Node]]:
        for p, objects in self.spo.get(s, {}).items():
            for o in objects:
                yield p, o

    def subject_objects(self, p: Node) -> Iterator[tuple[Node, Node]]:
        for o, subjects in self.pos.get(p, {}).items():
            for s in subjects:
                yield s, o

    def triples(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[tuple[Node, Node, Node]]:
        """Every triple matching the pattern (None matches anything), as rdflib's `Graph.triples` gives them."""
        if s is not None:
            by_p = self.spo.get(s)
            if not by_p:
                return
            if p is not None:
                objects = by_p.get(p)
                if objects:
                    if o is None:
                        for x in objects:
                            yield s, p, x
                    elif o in objects:
                        yield s, p, o
                return
            for pp, objects in by_p.items():
                if o is None:
                    for x in objects:
                        yield s, pp, x
                elif o in objects:
                    yield s, pp, o
        elif o is not None and p is not None:
            for ss in self.subjects(p, o):
                yield ss, p, o
        elif o is not None:
            by_s = self.osp.get(o)
            if not by_s:
                return
            for ss, predicates in by_s.items():
                if p is None:
                    for pp in predicates:
                        yield ss, pp, o
                elif p in predicates:
                    yield ss, p, o
        elif p is not None:
            for oo, subjects in self.pos.get(p, {}).items():
                for ss in subjects:
                    yield ss, p, oo
        else:
            for ss, by_p in self.spo.items():
                for pp, objects in by_p.items():
                    for x in objects:
                        yield ss, pp, x


def _triples(graph: Graph) -> Iterable[tuple[Node, Node, Node]]:
    """Every triple of `graph`. Read from an rdflib `Memory` store's own index when the store holds this graph
    alone (rdflib 7 names it `_Memory__spo`; five times faster than `Graph.triples`), else through rdflib."""
    store = graph.store
    if type(store) is Memory:
        contexts = getattr(store, "_Memory__all_contexts", None)
        spo = getattr(store, "_Memory__spo", None)
        if (isinstance(contexts, set) and isinstance(spo, dict)
                and all(getattr(context, "identifier", None) == graph.identifier for context in contexts)):
            return ((s, p, o) for s, by_p in spo.items() for p, objects in by_p.items() for o in objects)
    return graph.triples((None, None, None))
