"""A mutation suite for the shapes: realistic one-at-a-time faults in real documents' graphs, and how many the
shapes catch.

Each mutant is the graph of one document (the seeds and the whole documents of the development corpus, extracted
and linked as `kgraph build` does) with one fault put in as a faulty extractor, linker or mapping would: a fact
dropped, a value of the wrong type, a malformed or disagreeing identifier, another real person, party or ministry,
a second name or date, a date out of range or out of order, a duplicate number, a span past the end of the text,
a link annotation that says something else than the graph. Where a real fault would change more than one triple
(another person is another node, with its own name; a span with other offsets is another node), the mutant
changes them all, so that a shape catches the fault, not a side effect of how it was put in.

A mutant is *killed* when validating it gives a result the unmutated graph does not: *rejected* when one of
them is a sh:Violation (the graph no longer conforms), *flagged* when all are sh:Warning.

Library use (e.g. a differential test of another validator against pySHACL):

    for document, graph in corpus_graphs():
        for kind, mutant in mutants(graph, pools()):
            ...

`suite()` gives the sample the tests and the README use (about 300 mutants, at most `PER_KIND` per kind, spread
over the documents), and `python tests/mutations.py` prints the kill rate per kind.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kgraph.vocab import DCTERMS, ELI, FOAF, KG, OA, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

__all__ = ["Mutant", "Pools", "corpus_graphs", "kill", "mutants", "pools", "suite"]

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
PER_KIND = 15
DOCUMENT_CLASSES = (KG.QuestionSet, KG.AnswerDocument, KG.PostponementNotice, KG.OtherDocument)


@dataclass(frozen=True, slots=True)
class Mutant:
    document: str  # the document's file name
    kind: str
    graph: Graph


@dataclass(frozen=True, slots=True)
class Pools:
    """Real nodes to swap in: people (IRI, name) from all the corpus's graphs, parties (IRI, labels) and
    ministries (IRI, name) from the reference data."""

    people: tuple[tuple[URIRef, str], ...]
    parties: tuple[tuple[URIRef, tuple[str, ...]], ...]
    ministries: tuple[tuple[URIRef, tuple[tuple[URIRef, Literal], ...]], ...]  # IRI, (predicate, label) as written


# --- the graphs -------------------------------------------------------------------------------------------------


def document_paths() -> list[Path]:
    """The seeds, and the whole documents of the development corpus when it is there (not tkweb/'s excerpts)."""
    from kgraph.read import discover

    paths = list(discover([ROOT / "seeds"]))
    if SHARED_CORPUS.is_dir():
        folders = sorted(p for p in SHARED_CORPUS.iterdir() if p.is_dir() and p.name not in {"tkweb", "seeds"})
        paths += list(discover(folders))
    return paths


@functools.cache
def corpus_graphs(documents: int | None = None) -> tuple[tuple[str, Graph], ...]:
    """(file name, graph) of every document, or of `documents` of them spread over the corpus, as `kgraph build`
    maps it; built once per process."""
    from kgraph.build import Failed, process
    from kgraph.link.stage import Linker
    from kgraph.mint import Minter

    linker = Linker.load(Minter())
    graphs = []
    paths = document_paths()
    if documents is not None and documents < len(paths):
        paths = paths[:: max(1, len(paths) // documents)][:documents]
    for path in paths:
        result = process(path, linker)
        if not isinstance(result, Failed):
            graphs.append((path.name, result.graph))
    return tuple(graphs)


@functools.cache
def pools(documents: int | None = None) -> Pools:
    """Real people from the graphs of `corpus_graphs(documents)`, parties and ministries from the reference data."""
    from kgraph.link.reference import reference_graph
    from kgraph.mint import Minter

    people: dict[URIRef, str] = {}
    for _, graph in corpus_graphs(documents):
        for person in graph.subjects(RDF.type, FOAF.Person):
            name = graph.value(person, FOAF.name)
            if isinstance(person, URIRef) and name is not None:
                people.setdefault(person, str(name))
    reference = reference_graph(Minter())
    parties = tuple(
        (party, tuple(sorted(str(label) for label in reference.objects(party, SKOS.prefLabel | SKOS.altLabel))))
        for party in sorted(reference.subjects(RDF.type, KG.PoliticalParty))
        if isinstance(party, URIRef)
    )
    ministries = tuple(
        (ministry, tuple(sorted((p, o) for _, p, o in reference.triples((ministry, None, None))
                                if p in (SKOS.prefLabel, SKOS.altLabel, KG.coversPortfolio) and isinstance(o, Literal))))
        for ministry in sorted(reference.subjects(RDF.type, KG.Ministry))
        if isinstance(ministry, URIRef)
    )
    return Pools(tuple(sorted(people.items())), parties, ministries)


# --- the mutations ----------------------------------------------------------------------------------------------

Mutation = Callable[[Graph, URIRef, random.Random, Pools], Iterator[Graph]]
MUTATIONS: dict[str, Mutation] = {}


def mutation(kind: str) -> Callable[[Mutation], Mutation]:
    def register(function: Mutation) -> Mutation:
        MUTATIONS[kind] = function
        return function

    return register


def mutants(graph: Graph, pool: Pools, seed: int = 0) -> Iterator[tuple[str, Graph]]:
    """Every mutant of one document's graph, as (kind, mutated copy); `graph` itself is left as it is."""
    document = _document(graph)
    for kind, make in MUTATIONS.items():
        rng = random.Random(f"{seed}:{kind}:{document}")
        for mutated in make(graph, document, rng, pool):
            yield kind, mutated


def _document(graph: Graph) -> URIRef:
    for cls in DOCUMENT_CLASSES:
        for node in graph.subjects(RDF.type, cls):
            if isinstance(node, URIRef):
                return node
    raise ValueError("no document in the graph")


def _copy(graph: Graph) -> Graph:
    copy = Graph(identifier=graph.identifier, bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    for triple in graph:
        copy.add(triple)
    return copy


def _instances(graph: Graph, cls: URIRef) -> list[URIRef]:
    return sorted(node for node in graph.subjects(RDF.type, cls) if isinstance(node, URIRef))


def _replace_node(graph: Graph, old: URIRef, new: URIRef) -> None:
    """Rename a node everywhere (subject and object)."""
    for s, p, o in list(graph.triples((old, None, None))):
        graph.remove((s, p, o))
        graph.add((new, p, o))
    for s, p, o in list(graph.triples((None, None, old))):
        graph.remove((s, p, o))
        graph.add((s, p, new))


def _drop_if_orphan(graph: Graph, node: URIRef) -> None:
    """A node no longer referenced loses its own triples, as the mapping would not have written them."""
    if next(iter(graph.triples((None, None, node))), None) is None:
        graph.remove((node, None, None))


def _pick(rng: random.Random, items: list[URIRef] | list[tuple[Node, ...]], k: int = 2) -> list:  # type: ignore[type-arg]
    return rng.sample(items, min(k, len(items)))


REQUIRED: tuple[tuple[URIRef | None, URIRef], ...] = (
    (None, KG.sha256), (None, KG.fileName), (None, KG.textLength), (None, KG.oral),
    (SCHEMA.Question, SCHEMA.text), (SCHEMA.Question, KG.number), (SCHEMA.Question, SCHEMA.position),
    (SCHEMA.Question, KG.textSpan), (SCHEMA.Answer, SCHEMA.parentItem), (SCHEMA.Answer, SCHEMA.text),
    (KG.Footnote, SCHEMA.text), (OA.TextPositionSelector, OA.start), (OA.TextPositionSelector, OA.end),
    (OA.SpecificResource, OA.hasSelector), (PROV.Attribution, PROV.hadRole), (FOAF.Person, FOAF.name),
    (ORG.Post, ORG.postIn), (ORG.Post, ORG.role), (KG.Zaak, DCTERMS.identifier), (KG.Mention, OA.hasBody),
    (KG.LinkAnnotation, KG.linkRule), (KG.LinkAnnotation, KG.confidence),
)


@mutation("delete required triple")
def _delete_required(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    options = [(cls, p) for cls, p in REQUIRED if (cls is None and (d, p, None) in graph)
               or (cls is not None and any((n, p, None) in graph for n in _instances(graph, cls)))]
    for cls, predicate in _pick(rng, options, 3):
        g = _copy(graph)
        subject = d if cls is None else rng.choice([n for n in _instances(g, cls) if (n, predicate, None) in g])
        g.remove((subject, predicate, None))
        yield g


def _typed(graph: Graph, predicate: URIRef, datatype: URIRef) -> list[tuple[Node, Node]]:
    return sorted((s, o) for s, o in graph.subject_objects(predicate) if isinstance(o, Literal) and o.datatype == datatype)


@mutation("wrong datatype")
def _wrong_datatype(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    options = []
    for predicate in (DCTERMS.dateSubmitted, KG.questionsSubmitted, KG.dateReceived, SCHEMA.datePublished):
        options += [(s, predicate, o, Literal(o.value.strftime("%d-%m-%Y") if isinstance(o.value, dt.date) else str(o)))
                    for s, o in _typed(graph, predicate, XSD.date)]
    for predicate in (OA.start, OA.end, SCHEMA.position, KG.textLength):
        options += [(s, predicate, o, Literal(str(o))) for s, o in _typed(graph, predicate, XSD.integer)]
    options += [(s, KG.oral, o, Literal("nee")) for s, o in graph.subject_objects(KG.oral)]
    options += [(s, KG.confidence, o, Literal(float(o))) for s, o in graph.subject_objects(KG.confidence)]
    options += [(s, SCHEMA.url, o, URIRef(str(o))) for s, o in graph.subject_objects(SCHEMA.url)]
    options += [(s, SCHEMA.text, o, Literal(str(o))) for s, o in sorted(graph.subject_objects(SCHEMA.text))[:3]]
    for s, p, old, new in _pick(rng, options, 3):
        g = _copy(graph)
        g.remove((s, p, old))
        g.add((s, p, new))
        yield g


def _malformed(identifier: str) -> str:
    """A damaged identifier, as a misread would give: a digit lost, or the prefix dropped."""
    if identifier[-1].isdigit() and len(identifier) > 4:
        return identifier[:-1] if not identifier.startswith("20") else identifier[:-2]
    return identifier.split("-", 1)[-1]


@mutation("malformed identifier")
def _malformed_identifier(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    options = sorted(graph.subject_objects(DCTERMS.identifier))
    for s, o in _pick(rng, options, 2):
        g = _copy(graph)
        g.set((s, DCTERMS.identifier, Literal(_malformed(str(o)))))
        if (s, ELI.id_local, None) in g:
            g.set((s, ELI.id_local, Literal(_malformed(str(o)))))
        yield g


def _other_valid(identifier: str) -> str:
    """Another well-formed identifier of the same grammar: the last number one higher."""
    head, _, number = identifier.rpartition("-") if "-" in identifier else (identifier[:-5], "", identifier[-5:])
    if not number.isdigit():
        return identifier[:-1] + ("B" if identifier[-1] != "B" else "C")
    bumped = str(int(number) + 1).zfill(len(number))
    return f"{head}-{bumped}" if "-" in identifier else head + bumped


@mutation("identifier disagrees with IRI")
def _identifier_disagrees(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    options = sorted(graph.subject_objects(DCTERMS.identifier))
    for s, o in _pick(rng, options, 2):
        g = _copy(graph)
        other = Literal(_other_valid(str(o)))
        g.set((s, DCTERMS.identifier, other))
        if (s, ELI.id_local, None) in g:
            g.set((s, ELI.id_local, other))
        yield g
    if (d, OWL.sameAs, None) in graph:
        g = _copy(graph)
        same = graph.value(d, OWL.sameAs)
        g.set((d, OWL.sameAs, URIRef(_other_valid(str(same)))))
        yield g


@mutation("second name")
def _second_name(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    people = _instances(graph, FOAF.Person)
    for person in _pick(rng, people, 2):
        g = _copy(graph)
        name = str(g.value(person, FOAF.name))
        g.add((person, FOAF.name, Literal(name.split()[-1] if " " in name else name.upper())))
        yield g


@mutation("another real person")
def _another_person(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    attributions = sorted(a for a, p in graph.subject_objects(PROV.agent) if isinstance(a, URIRef))
    for attribution in _pick(rng, attributions, 2):
        person = graph.value(attribution, PROV.agent)
        assert isinstance(person, URIRef)
        others = [(iri, name) for iri, name in pool.people if iri != person and (iri, None, None) not in graph]
        if not others:
            continue
        iri, name = rng.choice(others)
        g = _copy(graph)
        g.set((attribution, PROV.agent, iri))
        for shortcut in (KG.askedBy, KG.answeredBy):
            if (d, shortcut, person) in g and sum(1 for a in g.objects(d, PROV.qualifiedAttribution) if (a, PROV.agent, person) in g) == 0:
                g.remove((d, shortcut, person))
                g.add((d, shortcut, iri))
        for link in list(g.subjects(OA.hasTarget, attribution)):
            if (link, OA.hasBody, person) in g:
                g.set((link, OA.hasBody, iri))
        for post in list(g.objects(person, ORG.holds)):
            g.remove((person, ORG.holds, post))
            g.remove((post, ORG.heldBy, person))
            g.add((iri, ORG.holds, post))
            g.add((post, ORG.heldBy, iri))
        g.add((iri, RDF.type, FOAF.Person))
        g.add((iri, FOAF.name, Literal(name)))
        _drop_if_orphan(g, person)
        yield g


@mutation("another real party")
def _another_party(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    attributions = sorted(a for a in graph.subjects(KG.party, None) if isinstance(a, URIRef))
    for attribution in _pick(rng, attributions, 2):
        party = graph.value(attribution, KG.party)
        assert isinstance(party, URIRef)
        others = [(iri, labels) for iri, labels in pool.parties if iri != party]
        iri, labels = rng.choice(others)
        g = _copy(graph)
        g.set((attribution, KG.party, iri))
        for link in list(g.subjects(OA.hasTarget, attribution)):
            if (link, OA.hasBody, party) in g:
                g.set((link, OA.hasBody, iri))
        g.add((iri, RDF.type, KG.PoliticalParty))
        g.add((iri, SKOS.prefLabel, Literal(labels[0], lang="nl")))
        for label in labels[1:]:
            g.add((iri, SKOS.altLabel, Literal(label, lang="nl")))
        _drop_if_orphan(g, party)
        yield g


@mutation("another real ministry")
def _another_ministry(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    posts = sorted(p for p in graph.subjects(ORG.postIn, None) if isinstance(p, URIRef))
    for post in _pick(rng, posts, 2):
        ministry = graph.value(post, ORG.postIn)
        assert isinstance(ministry, URIRef)
        iri, labels = rng.choice([(i, n) for i, n in pool.ministries if i != ministry])
        g = _copy(graph)
        g.set((post, ORG.postIn, iri))
        for link in list(g.subjects(OA.hasTarget, post)):
            if (link, OA.hasBody, ministry) in g:
                g.set((link, OA.hasBody, iri))
        g.add((iri, RDF.type, KG.Ministry))
        for predicate, label in labels:  # as the mapping writes a linked ministry: its names and portfolios
            if predicate != SKOS.altLabel:
                g.add((iri, predicate, label))
        _drop_if_orphan(g, ministry)
        yield g


@mutation("link body not asserted")
def _link_body(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    links = _instances(graph, KG.LinkAnnotation)
    for link in _pick(rng, links, 2):
        body = graph.value(link, OA.hasBody)
        cls = graph.value(body, RDF.type)
        others = sorted(n for n in graph.subjects(RDF.type, cls) if n != body) if cls is not None else []
        g = _copy(graph)
        if others:
            g.set((link, OA.hasBody, rng.choice(others)))
        else:  # a body the graph does not hold at all
            g.set((link, OA.hasBody, URIRef(str(body) + "-2")))
        yield g


@mutation("link annotation missing")
def _link_missing(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    links = [link for link in _instances(graph, KG.LinkAnnotation)
             if graph.value(graph.value(link, OA.hasBody), RDF.type) in (KG.Zaak, SCHEMA.Organization)]
    for link in _pick(rng, links, 2):
        g = _copy(graph)
        g.remove((link, None, None))
        yield g


def _pages(graph: Graph) -> list[URIRef]:
    return sorted(p for p in graph.objects(None, SCHEMA.citation) if isinstance(p, URIRef))


@mutation("cited page with two values")
def _page_two_values(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    options = []
    for page in _pages(graph):
        for predicate in (SCHEMA.datePublished, SCHEMA.headline, SCHEMA.publisher):
            if (page, predicate, None) in graph:
                options.append((page, predicate))
    for page, predicate in _pick(rng, options, 2):
        g = _copy(graph)
        value = g.value(page, predicate)
        if predicate == SCHEMA.datePublished and isinstance(value, Literal) and isinstance(value.value, dt.date):
            g.add((page, predicate, Literal(value.value - dt.timedelta(days=1))))
        elif predicate == SCHEMA.headline:
            g.add((page, predicate, Literal(str(value) + " (update)")))
        else:
            other = URIRef(str(value) + "-media")
            g.add((page, predicate, other))
            g.add((other, RDF.type, SCHEMA.Organization))
            g.add((other, SCHEMA.name, Literal("Media")))
        yield g


@mutation("cited page URL")
def _page_url(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    for page in _pick(rng, _pages(graph), 2):
        g = _copy(graph)
        url = str(page)
        wrong = url.replace("https://", "", 1) if rng.random() < 0.5 else url.replace("https://", "http://", 1) + "/"
        g.set((page, SCHEMA.url, Literal(wrong, datatype=XSD.anyURI)))
        yield g
    for page in _pick(rng, _pages(graph), 1):
        g = _copy(graph)
        ftp = URIRef(str(page).replace("https://", "ftp://", 1).replace("http://", "ftp://", 1))
        _replace_node(g, page, ftp)
        g.set((ftp, SCHEMA.url, Literal(str(ftp), datatype=XSD.anyURI)))
        yield g


def _dates(graph: Graph, d: URIRef) -> list[tuple[URIRef, Literal]]:
    found = []
    for predicate in (DCTERMS.dateSubmitted, KG.questionsSubmitted, KG.dateReceived):
        for value in graph.objects(d, predicate):
            if isinstance(value, Literal):
                found.append((predicate, value))
    return found


@mutation("date out of range")
def _date_out_of_range(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    for predicate, value in _pick(rng, _dates(graph, d), 2):
        g = _copy(graph)
        year = rng.choice([2031, 2099, 1899, 1017])  # a misread year: 2031 for 2021, 1017 for 2017
        assert isinstance(value.value, dt.date)
        g.set((d, predicate, Literal(value.value.replace(year=year, day=min(value.value.day, 28)))))
        yield g
    pages = [(p, v) for p in _pages(graph) for v in graph.objects(p, SCHEMA.datePublished)]
    for page, value in _pick(rng, pages, 1):
        g = _copy(graph)
        g.set((page, SCHEMA.datePublished, Literal(dt.date(2031, 1, 1))))
        yield g


@mutation("dates out of order")
def _dates_out_of_order(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    dates = dict(_dates(graph, d))
    submitted = dates.get(KG.questionsSubmitted) or dates.get(DCTERMS.dateSubmitted)
    received = dates.get(KG.dateReceived)
    if submitted is not None and received is not None:
        g = _copy(graph)
        g.set((d, KG.dateReceived, Literal(submitted.value - dt.timedelta(days=rng.randint(1, 30)))))
        yield g
    pages = [p for p in _pages(graph) if (p, SCHEMA.datePublished, None) in graph]
    latest = max((v.value for _, v in _dates(graph, d)), default=None)
    if pages and latest is not None:
        g = _copy(graph)
        g.set((rng.choice(pages), SCHEMA.datePublished, Literal(latest + dt.timedelta(days=rng.randint(2, 60)))))
        yield g


@mutation("duplicate number")
def _duplicate_number(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    for cls, predicate in ((SCHEMA.Question, KG.number), (KG.Footnote, KG.number), (SCHEMA.Answer, SCHEMA.position),
                           (SCHEMA.Question, SCHEMA.position)):
        parts = _instances(graph, cls)
        if len(parts) < 2:
            continue
        first, second = rng.sample(parts, 2)
        g = _copy(graph)
        g.set((second, predicate, g.value(first, predicate)))
        yield g


def _spans(graph: Graph) -> list[URIRef]:
    return _instances(graph, OA.SpecificResource)


@mutation("span beyond text")
def _span_beyond(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    """Offsets counted in another text (a longer one, or bytes instead of characters): the span, its selector and
    its mention are minted from the wrong offsets, consistently."""
    length = graph.value(d, KG.textLength)
    if length is None:
        return
    for span in _pick(rng, _spans(graph), 2):
        selector = graph.value(span, OA.hasSelector)
        start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
        assert isinstance(start, Literal) and isinstance(end, Literal)
        shift = int(length) - int(start) + rng.randint(1, 400)
        new_start, new_end = int(start) + shift, int(end) + shift
        g = _copy(graph)
        new_span = URIRef(f"{d}/span/{new_start}-{new_end}")
        new_selector = URIRef(f"{new_span}/selector")
        _replace_node(g, URIRef(str(selector)), new_selector)
        _replace_node(g, span, new_span)
        for mention in list(g.subjects(OA.hasTarget, new_span)):
            if (mention, RDF.type, KG.Mention) in g and isinstance(mention, URIRef):
                _replace_node(g, mention, URIRef(f"{d}/mention/{new_start}-{new_end}"))
        g.set((new_selector, OA.start, Literal(new_start, datatype=XSD.integer)))
        g.set((new_selector, OA.end, Literal(new_end, datatype=XSD.integer)))
        yield g


@mutation("span offsets disagree with IRI")
def _span_offsets(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    for span in _pick(rng, _spans(graph), 2):
        selector = graph.value(span, OA.hasSelector)
        end = graph.value(selector, OA.end)
        assert isinstance(end, Literal)
        g = _copy(graph)
        g.set((selector, OA.end, Literal(int(end) - 1, datatype=XSD.integer)))  # an off-by-one end
        yield g


@mutation("part of another document")
def _part_elsewhere(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    parts = _instances(graph, SCHEMA.Question) + _instances(graph, SCHEMA.Answer) + _instances(graph, KG.Footnote)
    for part in _pick(rng, parts, 1):
        g = _copy(graph)
        number = str(part).rsplit("/", 1)[-1]
        other = URIRef(str(part).rsplit("/", 1)[0] + "/" + str(int(number) + 50 if number.isdigit() else number + "x"))
        _replace_node(g, part, other)  # a part minted with another number than it has
        yield g


@mutation("vocabulary misuse")
def _vocabulary_misuse(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    """The misuses issue 9 found, put back: an answer's repeated date as its own dateSubmitted, the own address as
    an rdfs:seeAlso, the file name as dcterms:source, Dutch text without @nl, an article number in eli:id_local."""
    options: list[Callable[[Graph], None]] = []
    repeated = graph.value(d, KG.questionsSubmitted)
    if repeated is not None:
        options.append(lambda g: (g.remove((d, KG.questionsSubmitted, None)), g.add((d, DCTERMS.dateSubmitted, repeated))))
    same = graph.value(d, OWL.sameAs)
    if same is not None:
        options.append(lambda g: (g.remove((d, OWL.sameAs, None)), g.add((d, RDFS.seeAlso, same))))
    name = graph.value(d, KG.fileName)
    options.append(lambda g: (g.remove((d, KG.fileName, None)), g.add((d, DCTERMS.source, Literal(str(name))))))
    texts = sorted(graph.subject_objects(SCHEMA.text))
    if texts:
        part, text = rng.choice(texts)
        options.append(lambda g: g.set((part, SCHEMA.text, Literal(str(text)))))
    labels = sorted(graph.subject_objects(SKOS.prefLabel))
    if labels:
        node, label = rng.choice(labels)
        options.append(lambda g: g.set((node, SKOS.prefLabel, Literal(str(label)))))
    articles = sorted(graph.subject_objects(ELI.number))
    if articles:
        article, number = articles[0]
        options.append(lambda g: (g.remove((article, ELI.number, None)), g.add((article, ELI.id_local, Literal(f"artikel {number}")))))
    for edit in rng.sample(options, min(2, len(options))):
        g = _copy(graph)
        edit(g)
        yield g


@mutation("question set without addressees")
def _question_set_addressees(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    if (d, RDF.type, KG.QuestionSet) in graph and (d, KG.addressedTo, None) in graph:
        g = _copy(graph)
        g.remove((d, KG.addressedTo, None))
        yield g


@mutation("question set without submission date")
def _question_set_date(graph: Graph, d: URIRef, rng: random.Random, pool: Pools) -> Iterator[Graph]:
    if (d, RDF.type, KG.QuestionSet) in graph and (d, DCTERMS.dateSubmitted, None) in graph:
        g = _copy(graph)
        g.remove((d, DCTERMS.dateSubmitted, None))
        yield g


# --- killing ----------------------------------------------------------------------------------------------------


def _results(graph: Graph) -> set[tuple[str, str | None, str, str | None, str]]:
    from kgraph.validate import validate_graph

    return {(v.focus, v.path, v.shape, v.value, v.severity) for v in validate_graph(graph).violations}


def kill(original: Graph, mutant: Graph, baseline: set[tuple[str, str | None, str, str | None, str]] | None = None) -> str:
    """'rejected' (a new sh:Violation), 'flagged' (new sh:Warning results only) or 'survived'; `baseline` is the
    unmutated graph's results, when already known."""
    return killed_by(original, mutant, baseline)[0]


def killed_by(
    original: Graph, mutant: Graph, baseline: set[tuple[str, str | None, str, str | None, str]] | None = None
) -> tuple[str, frozenset[str]]:
    """The verdict of `kill`, and the rules (shape local names) whose new results made it."""
    new = _results(mutant) - (_results(original) if baseline is None else baseline)
    rules = frozenset(shape.rsplit("#", 1)[-1] for _, _, shape, _, _ in new)
    if any(severity == "Violation" for *_, severity in new):
        return "rejected", rules
    return ("flagged" if new else "survived"), rules


def suite(per_kind: int = PER_KIND, documents: int | None = None) -> list[tuple[Mutant, Graph]]:
    """(mutant, its unmutated graph): at most `per_kind` mutants of each kind, taken from the documents in turn;
    with `documents`, from that many documents spread over the corpus."""
    by_kind: defaultdict[str, list[list[Mutant]]] = defaultdict(list)
    originals: dict[str, Graph] = {}
    for name, graph in corpus_graphs(documents):
        originals[name] = graph
        per_document: defaultdict[str, list[Mutant]] = defaultdict(list)
        for kind, mutated in mutants(graph, pools(documents)):
            per_document[kind].append(Mutant(name, kind, mutated))
        for kind, found in per_document.items():
            by_kind[kind].append(found)
    chosen: list[tuple[Mutant, Graph]] = []
    for kind in MUTATIONS:
        documents = by_kind.get(kind, [])
        taken: list[Mutant] = []
        round_ = 0
        while len(taken) < per_kind and any(round_ < len(found) for found in documents):
            taken += [found[round_] for found in documents if round_ < len(found)][: per_kind - len(taken)]
            round_ += 1
        chosen += [(m, originals[m.document]) for m in taken]
    return chosen


def kill_rates(per_kind: int = PER_KIND, documents: int | None = None) -> dict[str, Counter[str]]:
    """Per kind: how many mutants were rejected, flagged and survived."""
    rates: dict[str, Counter[str]] = {kind: Counter() for kind in MUTATIONS}
    baselines: dict[str, set[tuple[str, str | None, str, str | None, str]]] = {}
    for mutant, original in suite(per_kind, documents):
        if mutant.document not in baselines:
            baselines[mutant.document] = _results(original)
        verdict, rules = killed_by(original, mutant.graph, baselines[mutant.document])
        rates[mutant.kind][verdict] += 1
        for rule in rules:
            rates[mutant.kind]["rule:" + rule] += 1
    return rates


VERDICTS = ("rejected", "flagged", "survived")


def table(rates: dict[str, Counter[str]], rules: bool = True) -> str:
    """The kill rate per kind; with `rules`, the rules that caught each kind most often."""
    lines = [f"{'kind':<42} {'mutants':>7} {'rejected':>8} {'flagged':>7} {'killed':>7}" + ("  caught most by" if rules else "")]
    total: Counter[str] = Counter()
    for kind, counts in rates.items():
        n = sum(counts[v] for v in VERDICTS)
        if n == 0:
            continue
        total.update({v: counts[v] for v in VERDICTS})
        killed = counts["rejected"] + counts["flagged"]
        line = f"{kind:<42} {n:>7} {counts['rejected']:>8} {counts['flagged']:>7} {killed / n:>7.0%}"
        if rules:
            top = sorted(((c, r[5:]) for r, c in counts.items() if r.startswith("rule:")), key=lambda x: (-x[0], x[1]))[:3]
            line += "  " + ", ".join(f"{rule} {c}" for c, rule in top)
        lines.append(line)
    n = sum(total.values())
    killed = total["rejected"] + total["flagged"]
    lines.append(f"{'all':<42} {n:>7} {total['rejected']:>8} {total['flagged']:>7} {killed / n:>7.1%}")
    return "\n".join(lines)


def main() -> None:
    started = time.perf_counter()
    rates = kill_rates()
    print(table(rates))
    print(f"({len(corpus_graphs())} documents, {time.perf_counter() - started:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
