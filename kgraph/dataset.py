"""The store described as a dataset: VoID (https://www.w3.org/TR/void/) and DCAT (https://www.w3.org/TR/vocab-dcat-3/)
for the whole, the SPARQL 1.1 Service Description vocabulary (https://www.w3.org/TR/sparql11-service-description/)
for each named graph, and PROV-O (https://www.w3.org/TR/prov-o/) for where each graph came from.

    <dataset> a void:Dataset, dcat:Dataset ; void:triples … ; void:classPartition […] ; void:vocabulary … ;
        dcterms:license … ; dcterms:modified <last build> ; prov:wasGeneratedBy [ kgraph <version> ] ;
        sd:namedGraph [ sd:name <document> ; sd:graph [ void:triples … ;
            prov:wasDerivedFrom [ kg:sha256 … ; kg:fileName … ; foaf:page <public address> ] ;
            prov:generatedAtTime … ; prov:wasGeneratedBy [ kgraph <version> ] ] ] .

Volatile facts (when a graph was stored, by which kgraph version) come from the store's bookkeeping and appear
only here: the document graphs hold what the input says, so the same input always gives the same triples. The
description holds no local paths (a source file is named by its file name and hash), so a server may publish it.

>>> import tempfile
>>> from pathlib import Path
>>> with Store.open(Path(tempfile.mkdtemp()) / "s", create=True) as store:
...     description = describe(store)
>>> int(description.value(Minter().dataset(), VOID.triples))
0
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, metadata
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as _namespaces

from kgraph.mint import DEFAULT_BASE, Minter
from kgraph.store import Store
from kgraph.vocab import DCTERMS, FOAF, KG, PREFIXES, PROV, RDF, SCHEMA, XSD, bind_prefixes

if TYPE_CHECKING:
    from kgraph.progress import Progress

__all__ = ["DCAT", "SD", "VOID", "describe"]


class VOID(_namespaces.VOID):
    """VoID, closed: rdflib's `VOID` only warns on an unknown term."""

    _fail = True


class DCAT(_namespaces.DCAT):
    """DCAT, closed."""

    _fail = True


class SD(_namespaces.DefinedNamespace):
    """The SPARQL 1.1 Service Description terms the description uses (closed, like kgraph.vocab's namespaces)."""

    _fail = True
    _NS = _namespaces.Namespace("http://www.w3.org/ns/sparql-service-description#")

    NamedGraph: URIRef
    Graph: URIRef
    name: URIRef
    graph: URIRef
    namedGraph: URIRef


# SPDX license identifiers as IRIs (https://spdx.org/licenses/).
_SPDX = "http://spdx.org/licenses/"

_CLASSES = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class"
_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"
_SUBJECTS = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"
_GRAPH_TRIPLES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
# A document graph's public address: its owl:sameAs (or, in older graphs, rdfs:seeAlso) that ends in its own
# identifier (an officielebekendmakingen id).
_PAGES = """
SELECT ?g (MIN(?page) AS ?address) (MIN(STR(?file)) AS ?name) WHERE { GRAPH ?g { ?g kg:sha256 ?hash .
  OPTIONAL { ?g dcterms:identifier ?id ; <http://www.w3.org/2002/07/owl#sameAs>|rdfs:seeAlso ?page
             FILTER(STRENDS(STR(?page), CONCAT("/", STR(?id)))) }
  OPTIONAL { ?g kg:fileName|dcterms:source ?file } } } GROUP BY ?g
"""


def describe(store: Store, *, base: str = DEFAULT_BASE, endpoint: str | None = None,
             dump: str | None = None, progress: Progress | None = None) -> Graph:
    """The VoID / DCAT description of `store`, with per-graph provenance, as an rdflib graph. `endpoint` and
    `dump` (addresses, for a server that publishes the store) add `void:sparqlEndpoint` and `void:dataDump`;
    `progress` sees each query over the store."""
    from kgraph.build import REFERENCE_SOURCE

    def done(step: str) -> None:
        if progress is not None:
            progress.advance(step)

    if progress is not None:
        progress.extend(4)

    minter = Minter(base)
    dataset = minter.dataset()
    g = bind_prefixes(Graph(bind_namespaces="none"))
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("sd", SD)
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, DCTERMS.title, Literal("Kamervragen knowledge graph", lang="en")))
    g.add((dataset, DCTERMS.description, Literal(
        "Dutch parliamentary written questions (Kamervragen) and their answers, extracted and linked by kgraph: "
        "one named graph per document, plus reference data on ministries and parties.", lang="en")))
    software = _software(g)
    licence = _licence()
    if licence is not None:
        g.add((dataset, DCTERMS.license, licence))
    g.add((dataset, VOID.triples, Literal(store.triple_count())))
    for (subjects,) in store.query(_SUBJECTS).rows:
        g.add((dataset, VOID.distinctSubjects, Literal(int(subjects or 0))))
    done("subjects")
    namespaces: set[str] = set()
    classes = [(c, int(n or 0)) for c, n in store.query(_CLASSES).rows if c is not None]
    properties = [(p, int(n or 0)) for p, n in store.query(_PROPERTIES).rows if p is not None]
    done("classes and properties")
    g.add((dataset, VOID.classes, Literal(len(classes))))
    g.add((dataset, VOID.properties, Literal(len(properties))))
    for cls, count in classes:
        partition = BNode()
        g.add((dataset, VOID.classPartition, partition))
        g.add((partition, VOID["class"], URIRef(cls)))
        g.add((partition, VOID.entities, Literal(count)))
        namespaces.add(_namespace(cls))
    for predicate, count in properties:
        partition = BNode()
        g.add((dataset, VOID.propertyPartition, partition))
        g.add((partition, VOID.property, URIRef(predicate)))
        g.add((partition, VOID.triples, Literal(count)))
        namespaces.add(_namespace(predicate))
    for namespace in sorted(namespaces & set(PREFIXES.values()) | namespaces & _KNOWN_VOCABULARIES):
        g.add((dataset, VOID.vocabulary, URIRef(namespace)))
    if endpoint:
        g.add((dataset, VOID.sparqlEndpoint, URIRef(endpoint)))
    if dump:
        g.add((dataset, VOID.dataDump, URIRef(dump)))

    stored = store.documents()
    triples = {graph: int(n or 0) for graph, n in store.query(_GRAPH_TRIPLES).rows if graph is not None}
    done("graphs")
    pages = {graph: (address, name) for graph, address, name in store.query(_PAGES).rows if graph is not None}
    done("pages")
    times = [doc.stored for doc in stored if doc.stored]
    if times:
        g.add((dataset, DCTERMS.modified, Literal(max(times), datatype=XSD.dateTime)))
    g.add((dataset, PROV.wasGeneratedBy, _activity(g, software, _versions(doc.version for doc in stored))))
    example = next((doc.graph for doc in stored if doc.source != REFERENCE_SOURCE), None)
    if example is not None:
        g.add((dataset, VOID.exampleResource, example))
    for doc in sorted(stored, key=lambda d: (str(d.graph), d.source)):
        named, described = BNode(), BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, doc.graph))
        g.add((named, SD.graph, described))
        g.add((described, RDF.type, SD.Graph))
        g.add((described, RDF.type, PROV.Entity))
        g.add((described, VOID.triples, Literal(triples.get(str(doc.graph), 0))))
        if doc.stored:
            g.add((described, PROV.generatedAtTime, Literal(doc.stored, datatype=XSD.dateTime)))
        g.add((described, PROV.wasGeneratedBy, _activity(g, software, _versions([doc.version]))))
        source = BNode()
        g.add((described, PROV.wasDerivedFrom, source))
        g.add((source, RDF.type, PROV.Entity))
        if doc.source == REFERENCE_SOURCE:
            g.add((source, DCTERMS.description, Literal("the reference tables shipped with kgraph", lang="en")))
            g.add((source, KG.sha256, Literal(doc.sha256)))
            continue
        g.add((source, KG.sha256, Literal(doc.sha256)))
        address, name = pages.get(str(doc.graph), (None, None))
        if name:
            g.add((source, KG.fileName, Literal(name)))
        if address:
            g.add((source, FOAF.page, URIRef(address)))
    return g


# Vocabularies kgraph's graphs use that kgraph.vocab.PREFIXES may not name.
_KNOWN_VOCABULARIES = frozenset({str(VOID), str(DCAT)})


def _namespace(iri: str) -> str:
    """The namespace of a term IRI: up to its last '#' or '/'.

    >>> _namespace("https://schema.org/Question"), _namespace("http://www.w3.org/ns/prov#agent")
    ('https://schema.org/', 'http://www.w3.org/ns/prov#')
    """
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _software(g: Graph) -> BNode:
    software = BNode()
    g.add((software, RDF.type, SCHEMA.SoftwareApplication))
    g.add((software, RDF.type, PROV.SoftwareAgent))
    g.add((software, SCHEMA.name, Literal("kgraph")))
    return software


def _activity(g: Graph, software: BNode, versions: list[str]) -> BNode:
    """A build by kgraph: the activity, associated with kgraph at the versions that did it."""
    activity = BNode()
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, PROV.wasAssociatedWith, software))
    for version in versions:
        g.add((activity, SCHEMA.softwareVersion, Literal(version)))
    return activity


def _versions(versions: Iterable[str | None]) -> list[str]:
    return sorted({version for version in versions if version})


def _licence() -> URIRef | None:
    """The licence in kgraph's package metadata, as its SPDX IRI (pyproject.toml: license = {text = "EUPL-1.2"})."""
    try:
        info = metadata("kgraph")
    except PackageNotFoundError:
        return None
    found = (info.get_all("License-Expression") or []) + (info.get_all("License") or [])
    expression = found[0] if found else None
    if not expression or " " in expression.strip():
        return None
    return URIRef(_SPDX + expression.strip())
