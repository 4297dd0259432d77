"""Drift tests: ontology/kgraph.ttl is the source of truth for kg: terms (STYLE.md, "Closed vocabulary").

Code (kgraph.vocab.KG, what kgraph.rdf writes), shapes and the JSON-LD context may only use kg: terms the
ontology declares with a label and a comment, and KG must declare exactly the ontology's terms. Terms are
compared by IRI prefix: `term in KG` only knows what KG declares, which is what is under test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import get_type_hints

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rdflib_namespace

import factories as f
from kgraph.model import Kind, Office
from kgraph.link.memberships import memberships_graph, observations_of, resolve_parties
from kgraph.link.reference import reference_graph
from kgraph.mint import Minter
from kgraph.rdf import document_graph
from kgraph.resources import data_file, ontology_dir, shapes_dir
from kgraph.vocab import KG, ONTOLOGY, OWL, PREFIXES, PROV, RDF, RDFS, SH

KG_NS = str(KG)
DECLARING_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, PROV.Role}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in sorted(ontology_dir().glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def declared(ontology: Graph) -> set[URIRef]:
    return {
        term
        for term, kind in ontology.subject_objects(RDF.type)
        if isinstance(term, URIRef) and str(term).startswith(KG_NS) and kind in DECLARING_TYPES
    }


def kg_terms(graph: Graph) -> set[URIRef]:
    """Every kg: IRI anywhere in `graph`, and every kg:name inside its string literals (SPARQL in shapes)."""
    found = {term for triple in graph for term in triple if isinstance(term, URIRef) and term.startswith(KG_NS)}
    for literal in graph.objects():
        if isinstance(literal, Literal) and isinstance(literal.value, str):
            found |= {URIRef(KG_NS + name) for name in re.findall(r"\bkg:(\w+)", literal.value)}
    return found


def kg_namespace_terms(namespace: type[rdflib_namespace.DefinedNamespace]) -> set[URIRef]:
    return {URIRef(KG_NS + name) for name in get_type_hints(namespace) if not name.startswith("_")}


def rich_graphs() -> Iterator[Graph]:
    yield document_graph(f.rich_document())
    yield document_graph(f.rich_links(f.rich_document()))
    yield reference_graph(Minter())
    yield document_graph(f.question_set())
    yield document_graph(f.answer_document())
    yield document_graph(f.document(Kind.POSTPONEMENT, answerers=(f.answerer(),), questions=(f.question(),)))
    yield document_graph(f.document(Kind.OTHER))
    # "aan de staatssecretaris van EZ, bij afwezigheid van de minister", and the derived graph of members' parties.
    yield document_graph(f.question_set(in_absence_of=(f.post(Office.MINISTER, "Economische Zaken"),)))
    linked = f.rich_links(f.rich_document())
    observations = observations_of(linked)
    yield memberships_graph(observations, resolve_parties(observations), Minter())


def test_every_ontology_term_has_english_label_and_comment(ontology: Graph, declared: set[URIRef]) -> None:
    assert declared, "the ontology declares no kg: terms"
    for term in declared:
        labels = {label.language for label in ontology.objects(term, RDFS.label) if isinstance(label, Literal)}
        comments = {c.language for c in ontology.objects(term, RDFS.comment) if isinstance(c, Literal)}
        assert "en" in labels, f"{term} has no English rdfs:label"
        assert "en" in comments, f"{term} has no English rdfs:comment"
        assert (term, RDFS.isDefinedBy, ONTOLOGY) in ontology, f"{term} is not rdfs:isDefinedBy {ONTOLOGY}"


def test_ontology_has_no_undeclared_kg_terms(ontology: Graph, declared: set[URIRef]) -> None:
    assert kg_terms(ontology) - declared == set()


def test_kg_namespace_matches_ontology(declared: set[URIRef]) -> None:
    in_code = kg_namespace_terms(KG)
    assert in_code - declared == set(), "declared in kgraph.vocab.KG but not in ontology/"
    assert declared - in_code == set(), "declared in ontology/ but missing from kgraph.vocab.KG"


def test_kg_namespace_is_closed() -> None:
    with pytest.raises(AttributeError):
        KG.askedby  # noqa: B018 - a typo must raise, not mint an IRI


@pytest.mark.parametrize("graph", list(rich_graphs()), ids=lambda g: str(g.identifier).rsplit("/", 1)[-1])
def test_mapping_uses_only_declared_terms(graph: Graph, declared: set[URIRef]) -> None:
    assert kg_terms(graph) - declared == set()


def test_rich_document_uses_most_of_the_ontology(declared: set[URIRef]) -> None:
    """The drift test is only as good as the graphs it looks at: they must exercise the vocabulary."""
    used = set().union(*(kg_terms(graph) for graph in rich_graphs()))
    abstract = {KG.ParliamentaryDocument, KG.OfficialPublication}  # only superclasses in the ontology
    reports = {KG.dataGraph}  # only in SHACL validation reports on a store (kgraph.validate.merge_graphs)
    assert declared - used - abstract - reports == set()


def test_shapes_use_only_declared_terms(declared: set[URIRef]) -> None:
    paths = sorted(shapes_dir().glob("*.ttl"))
    assert paths
    for path in paths:
        shapes = Graph().parse(path, format="turtle")
        assert kg_terms(shapes) - declared == set(), path.name


def test_shapes_target_every_class_the_mapping_writes() -> None:
    shapes = Graph()
    for path in sorted(shapes_dir().glob("*.ttl")):
        shapes.parse(path, format="turtle")
    targeted = set(shapes.objects(None, SH.targetClass))
    written = {cls for graph in rich_graphs() for cls in graph.objects(None, RDF.type)}
    # Cited web pages and their publishers are targeted as objects of schema:citation and schema:publisher, not
    # by class (schema:CreativeWork and schema:Organization are too wide).
    written.discard(URIRef("https://schema.org/CreativeWork"))
    written.discard(URIRef("https://schema.org/Organization"))
    assert written - targeted == set()


def test_context_uses_only_declared_terms_and_the_mapping_prefixes(declared: set[URIRef]) -> None:
    context = json.loads(Path(data_file("context.jsonld")).read_text(encoding="utf-8"))["@context"]
    for prefix, iri in PREFIXES.items():
        assert context.get(prefix) == iri, f"context prefix {prefix!r} differs from kgraph.vocab.PREFIXES"
    names = re.findall(r'"kg:(\w+)"', json.dumps(context))
    assert names
    assert {URIRef(KG_NS + name) for name in names} - declared == set()
