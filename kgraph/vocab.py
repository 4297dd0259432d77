"""The vocabularies kgraph writes: our own closed namespace `KG`, and the standard ones it reuses.

`ontology/kgraph.ttl` is the source of truth for `KG`; tests/test_vocab.py fails when the two disagree (the
drift rdflib's PROV namespace once had, rdflib issues #1291 and #1308). Like rdflib's generated namespaces, the
namespaces here are all closed (`_fail = True`; SCHEMA and XSD close rdflib's open ones): a misspelt term raises
`AttributeError` instead of minting a wrong IRI.

>>> KG.askedBy
rdflib.term.URIRef('https://w3id.org/kgraph/def#askedBy')
>>> KG.askedby
Traceback (most recent call last):
...
AttributeError: term 'askedby' not in namespace 'https://w3id.org/kgraph/def#'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from rdflib import Graph, URIRef
from rdflib.namespace import TIME as _TIME
from rdflib.namespace import XSD as _XSD
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    DefinedNamespace,
    Namespace,
)

__all__ = [
    "DCTERMS",
    "ELI",
    "FOAF",
    "KG",
    "OA",
    "ONTOLOGY",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "TIME",
    "XSD",
    "bind_prefixes",
]

ONTOLOGY: Final = URIRef("https://w3id.org/kgraph/def")


class SCHEMA(SDO):
    """schema.org, closed: rdflib's `SDO` only warns on an unknown term. Named `schema` as in the mapping."""

    _fail = True


class XSD(_XSD):
    """XML Schema datatypes, closed: rdflib's `XSD` only warns on an unknown term."""

    _fail = True


class TIME(_TIME):
    """OWL-Time (https://www.w3.org/TR/owl-time/), closed: rdflib's `TIME` only warns on an unknown term. Intervals
    and instants date memberships (org:memberDuring)."""

    _fail = True


class KG(DefinedNamespace):
    """kgraph's own terms, declared in ontology/kgraph.ttl (https://w3id.org/kgraph/def)."""

    _fail = True
    _NS = Namespace("https://w3id.org/kgraph/def#")

    # Classes
    ParliamentaryDocument: URIRef
    QuestionSet: URIRef
    AnswerDocument: URIRef
    PostponementNotice: URIRef
    OtherDocument: URIRef
    Footnote: URIRef
    OfficialPublication: URIRef
    Kamerstuk: URIRef
    AanhangselPublication: URIRef
    Zaak: URIRef
    PoliticalParty: URIRef
    Ministry: URIRef
    LinkAnnotation: URIRef
    Mention: URIRef

    # prov:Role individuals
    asker: URIRef
    answerer: URIRef

    # Object properties
    askedBy: URIRef
    answeredBy: URIRef
    followsUp: URIRef
    composedOf: URIRef
    answeredIn: URIRef
    case: URIRef
    addressedTo: URIRef
    onBehalfOf: URIRef
    answererPost: URIRef
    post: URIRef
    party: URIRef
    partyAtDate: URIRef
    heldPost: URIRef
    inAbsenceOf: URIRef
    textSpan: URIRef
    dataGraph: URIRef  # only in validation reports (kgraph.validate.merge_graphs)

    # Datatype properties
    sha256: URIRef
    oral: URIRef
    dateReceived: URIRef
    questionsSubmitted: URIRef
    fileName: URIRef
    textLength: URIRef
    number: URIRef
    nameAsPrinted: URIRef
    partyAsPrinted: URIRef
    portfolio: URIRef
    coversPortfolio: URIRef
    initials: URIRef
    linkRule: URIRef
    confidence: URIRef


class OA(DefinedNamespace):
    """Web Annotation Vocabulary, https://www.w3.org/TR/annotation-vocab/ (all its terms; rdflib has none)."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    # Classes
    Annotation: URIRef
    Choice: URIRef
    CssSelector: URIRef
    CssStyle: URIRef
    DataPositionSelector: URIRef
    Direction: URIRef
    FragmentSelector: URIRef
    HttpRequestState: URIRef
    Motivation: URIRef
    RangeSelector: URIRef
    ResourceSelection: URIRef
    Selector: URIRef
    SpecificResource: URIRef
    State: URIRef
    Style: URIRef
    SvgSelector: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    TextualBody: URIRef
    TimeState: URIRef
    XPathSelector: URIRef

    # Properties
    annotationService: URIRef
    bodyValue: URIRef
    cachedSource: URIRef
    canonical: URIRef
    end: URIRef
    exact: URIRef
    hasBody: URIRef
    hasEndSelector: URIRef
    hasPurpose: URIRef
    hasScope: URIRef
    hasSelector: URIRef
    hasSource: URIRef
    hasStartSelector: URIRef
    hasState: URIRef
    hasTarget: URIRef
    motivatedBy: URIRef
    prefix: URIRef
    processingLanguage: URIRef
    refinedBy: URIRef
    renderedVia: URIRef
    sourceDate: URIRef
    sourceDateEnd: URIRef
    sourceDateStart: URIRef
    start: URIRef
    styleClass: URIRef
    styledBy: URIRef
    suffix: URIRef
    textDirection: URIRef
    via: URIRef

    # Motivations and other individuals
    assessing: URIRef
    bookmarking: URIRef
    classifying: URIRef
    commenting: URIRef
    describing: URIRef
    editing: URIRef
    highlighting: URIRef
    identifying: URIRef
    linking: URIRef
    moderating: URIRef
    questioning: URIRef
    replying: URIRef
    tagging: URIRef
    autoDirection: URIRef
    ltrDirection: URIRef
    rtlDirection: URIRef
    PreferContainedDescriptions: URIRef
    PreferContainedIRIs: URIRef


class ELI(DefinedNamespace):
    """European Legislation Identifier ontology, http://data.europa.eu/eli/ontology#.

    Only the terms kgraph uses or is likely to: the ontology is large, and closing it over a subset still
    catches typos in what we write.
    """

    _fail = True
    _NS = Namespace("http://data.europa.eu/eli/ontology#")

    LegalResource: URIRef
    LegalResourceSubdivision: URIRef
    LegalExpression: URIRef
    Format: URIRef
    id_local: URIRef
    number: URIRef
    title: URIRef
    date_document: URIRef
    is_part_of: URIRef
    has_part: URIRef
    cites: URIRef
    cited_by: URIRef


# The prefixes of the mapping (notes/CONTRACT.md), in the order they are bound.
PREFIXES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "kg": str(KG),
        "schema": str(SCHEMA),
        "dcterms": str(DCTERMS),
        "prov": str(PROV),
        "org": str(ORG),
        "foaf": str(FOAF),
        "skos": str(SKOS),
        "oa": str(OA),
        "eli": str(ELI),
        "rdf": str(RDF),
        "rdfs": str(RDFS),
        "xsd": str(XSD),
        "owl": str(OWL),
        "time": str(TIME),
    }
)


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the mapping's prefixes on `graph` (replacing rdflib's defaults, e.g. its `schema` for http://) and
    return it.

    >>> g = bind_prefixes(Graph(bind_namespaces="none"))
    >>> dict(g.namespaces())["kg"]
    rdflib.term.URIRef('https://w3id.org/kgraph/def#')
    """
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph
