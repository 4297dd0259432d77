"""Record → triples: the RDF mapping of one `Document` (notes/CONTRACT.md, "RDF mapping of a Document").

`document_graph` is a pure function: the same `Document` and base IRI give the same triples, with no blank
nodes, so a document can be mapped again and its named graph replaced. Every IRI comes from `kgraph.mint`.

Where a value came from is kept with Web Annotation (https://www.w3.org/TR/annotation-model/): each extracted
value has `kg:textSpan` to an `oa:SpecificResource` of the document with an `oa:TextPositionSelector`
(character offsets into `SourceText.text`), and each cited identifier gets an `oa:Annotation` that
`oa:identifying`-ly links the place it is printed to the thing it names.

Refinements of the contract's mapping, all additive: the document also `schema:hasPart`s its footnotes (as it
does its questions and answers); selectors get IRIs from `Minter.selector`, not blank nodes; a footnote URL
becomes an absolute IRI (`CitedUrl.iri`, from `mint.web_iri`: `https://` where the note printed no scheme)
whose `schema:url` is that IRI, so a page printed two ways is one node with one URL; a statute id `statute_iri`
cannot place gets `Minter.statute` and is flagged by the shapes.

>>> from kgraph.model import Document, Kind
>>> g = document_graph(Document(source="a.txt", sha256="0" * 64, kind=Kind.OTHER))
>>> len(g), str(g.identifier)
(4, 'https://w3id.org/kgraph/id/doc/sha256-0000000000000000')
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Final

from rdflib import Graph, Literal, URIRef

from kgraph.identifiers import is_bwb_id
from kgraph.link.model import CaseLink, CitedSource, EntityLink, Links
from kgraph.link.people import person_iri
from kgraph.mint import Minter, publication_iri, statute_article_iri, statute_iri, web_iri
from kgraph.model import (
    Answer,
    Answerer,
    Asker,
    Document,
    Footnote,
    Kind,
    Office,
    Post,
    Question,
    Reference,
    ReferenceScheme,
    Role,
    Span,
)
from kgraph.vocab import DCTERMS, ELI, FOAF, KG, OA, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, bind_prefixes

__all__ = ["document_graph"]

_DOCUMENT_CLASS: Final[Mapping[Kind, URIRef]] = MappingProxyType(
    {
        Kind.QUESTIONS: KG.QuestionSet,
        Kind.ANSWER: KG.AnswerDocument,
        Kind.POSTPONEMENT: KG.PostponementNotice,
        Kind.OTHER: KG.OtherDocument,
    }
)

_REFERENCE_CLASS: Final[Mapping[ReferenceScheme, URIRef]] = MappingProxyType(
    {
        ReferenceScheme.KAMERSTUK: KG.Kamerstuk,
        ReferenceScheme.AANHANGSEL: KG.AanhangselPublication,
        ReferenceScheme.ZAAK: KG.Zaak,
        ReferenceScheme.STATUTE: ELI.LegalResource,
    }
)


def document_graph(doc: Document, minter: Minter | None = None, links: Links | None = None) -> Graph:
    """All triples about `doc`, in a graph named by the document's IRI.

    `minter` sets the base of instance IRIs (default https://w3id.org/kgraph/id/). With `links` (the linking
    stage's output) people, parties and ministries are the shared nodes the links name, and every link is an
    `oa:Annotation` (motivation `oa:linking`) that records the rule and confidence that made it.
    """
    mapping = _Mapping(doc, minter or Minter(), links)
    mapping.document()
    for position, asker in enumerate(doc.askers, start=1):
        mapping.asker(position, asker)
    for position, post in enumerate(doc.addressees, start=1):
        ministry = mapping.linked("addressee_ministries", position)
        mapping.graph.add((mapping.iri, KG.addressedTo, mapping.post(post.office, post.portfolio, ministry)))
    for position, post in enumerate(doc.on_behalf_of, start=1):
        ministry = mapping.linked("on_behalf_ministries", position)
        mapping.graph.add((mapping.iri, KG.onBehalfOf, mapping.post(post.office, post.portfolio, ministry)))
    for position, answerer in enumerate(doc.answerers, start=1):
        mapping.answerer(position, answerer)
    for position, question in enumerate(doc.questions, start=1):
        mapping.question(position, question)
    for position, answer in enumerate(doc.answers, start=1):
        mapping.answer(position, answer)
    for footnote in doc.footnotes:
        mapping.footnote(footnote)
    for reference in doc.references:
        mapping.reference(reference)
    if links is not None:
        mapping.case(links.case)
        for position, source in enumerate(links.sources, start=1):
            mapping.source(position, source)
    return mapping.graph


class _Mapping:
    """One document being mapped: the record, the minter, the document's IRI and the graph being filled."""

    __slots__ = ("doc", "graph", "iri", "links", "mint", "ministry_links")

    def __init__(self, doc: Document, mint: Minter, links: Links | None) -> None:
        self.doc = doc
        self.mint = mint
        self.links = links
        self.ministry_links = 0
        self.iri = mint.document(doc)
        # Only the mapping's prefixes: rdflib's defaults bind `schema` to http://schema.org/.
        self.graph = bind_prefixes(Graph(identifier=self.iri, bind_namespaces="none"))

    def document(self) -> None:
        doc, d, g = self.doc, self.iri, self.graph
        g.add((d, RDF.type, _DOCUMENT_CLASS[doc.kind]))
        g.add((d, KG.sha256, Literal(doc.sha256)))
        g.add((d, DCTERMS.source, Literal(_basename(doc.source))))
        g.add((d, KG.oral, Literal(doc.oral)))
        if doc.koop_id:
            g.add((d, DCTERMS.identifier, Literal(doc.koop_id)))
            g.add((d, RDFS.seeAlso, publication_iri(doc.koop_id)))
        if doc.title:
            g.add((d, DCTERMS.title, Literal(doc.title)))
        if doc.submitted:
            g.add((d, DCTERMS.dateSubmitted, Literal(doc.submitted.value)))
        if doc.received:
            g.add((d, KG.dateReceived, Literal(doc.received.value)))

    def linked(self, field: str, position: int) -> EntityLink | None:
        """The link for the `position`-th item of one of `Links`' parallel tuples, if any."""
        if self.links is None:
            return None
        values: tuple[EntityLink | None, ...] = getattr(self.links, field)
        return values[position - 1] if position <= len(values) else None

    def asker(self, position: int, asker: Asker) -> None:
        g = self.graph
        link = self.linked("askers", position)
        attribution = self.attribution("asker", position, KG.asker, asker.span)
        person = self.person(asker.name, link, asker.party, ("asker", position, attribution))
        g.add((self.iri, KG.askedBy, person))
        g.add((attribution, PROV.agent, person))
        g.add((attribution, KG.nameAsPrinted, Literal(asker.name)))
        if asker.party:
            party_link = self.linked("asker_parties", position)
            party = URIRef(party_link.iri) if party_link else self.mint.party(asker.party)
            g.add((party, RDF.type, KG.PoliticalParty))
            g.add((party, SKOS.prefLabel, Literal(party_link.label if party_link else asker.party)))
            if party_link and party_link.label != asker.party:
                g.add((party, SKOS.altLabel, Literal(asker.party)))
            g.add((attribution, KG.party, party))
            if party_link:
                self.provenance("party", position, attribution, party, party_link.rule, party_link.confidence)

    def answerer(self, position: int, answerer: Answerer) -> None:
        g = self.graph
        post = self.post(answerer.office, answerer.portfolio, self.linked("answerer_ministries", position))
        g.add((self.iri, KG.answererPost, post))
        attribution = self.attribution("answerer", position, KG.answerer, answerer.span)
        g.add((attribution, KG.post, post))
        if answerer.name:
            link = self.linked("answerers", position)
            person = self.person(answerer.name, link, None, ("answerer", position, attribution))
            g.add((self.iri, KG.answeredBy, person))
            g.add((attribution, PROV.agent, person))
            g.add((attribution, KG.nameAsPrinted, Literal(answerer.name)))
            # Who held the post; when is the document's date (the attribution ties person, post and document).
            g.add((person, ORG.holds, post))
            g.add((post, ORG.heldBy, person))

    def provenance(self, kind: str, position: int, target: URIRef, body: URIRef, rule: str, confidence: float) -> None:
        """How a link was made, as a Web Annotation with motivation oa:linking: the body is what the target was
        linked to, kg:linkRule names the rule or data that made the link."""
        g = self.graph
        note = self.mint.link(self.doc, kind, position)
        g.add((note, RDF.type, KG.LinkAnnotation))
        g.add((note, OA.motivatedBy, OA.linking))
        g.add((note, OA.hasTarget, target))
        g.add((note, OA.hasBody, body))
        g.add((note, KG.linkRule, Literal(rule)))
        g.add((note, KG.confidence, Literal(Decimal(str(confidence)))))

    def case(self, link: CaseLink | None) -> None:
        if link is None:
            return
        g = self.graph
        zaak = self.mint.zaak(link.zaak)
        g.add((zaak, RDF.type, KG.Zaak))
        g.add((zaak, DCTERMS.identifier, Literal(link.zaak)))
        g.add((zaak, RDFS.seeAlso, URIRef(link.uri)))
        g.add((self.iri, KG.case, zaak))
        self.provenance("case", 1, self.iri, zaak, link.rule, link.confidence)

    def source(self, position: int, source: CitedSource) -> None:
        g = self.graph
        work = web_iri(source.url)
        if source.published:
            g.add((work, SCHEMA.datePublished, Literal(source.published)))
        if source.title:
            g.add((work, SCHEMA.headline, Literal(source.title)))
        if source.publisher:
            publisher = URIRef(source.publisher.iri)
            g.add((publisher, RDF.type, SCHEMA.Organization))
            g.add((publisher, SCHEMA.name, Literal(source.publisher.label)))
            g.add((work, SCHEMA.publisher, publisher))
            self.provenance("publisher", position, work, publisher, source.publisher.rule, source.publisher.confidence)

    def attribution(self, role_name: str, position: int, role: URIRef, span: Span) -> URIRef:
        """The qualified attribution (PROV-O §3.3, https://www.w3.org/TR/prov-o/#qualifiedAttribution) of the
        document to the `position`-th agent in `role`."""
        g = self.graph
        attribution = self.mint.attribution(self.doc, role_name, position)
        g.add((self.iri, PROV.qualifiedAttribution, attribution))
        g.add((attribution, RDF.type, PROV.Attribution))
        g.add((attribution, PROV.hadRole, role))
        g.add((attribution, KG.textSpan, self.span(span)))
        return attribution

    def person(
        self, name: str, link: EntityLink | None, party: str | None, provenance: tuple[str, int, URIRef]
    ) -> URIRef:
        """The person node: the linked one when the linking stage resolved the name; without linking, one
        minted from the name; linked but unresolved, one minted from name and party (never shared with a
        namesake of another party)."""
        if self.links is None:
            person, label = self.mint.person(name), name
        else:
            person, label = URIRef(person_iri(name, party, link, self.mint)), link.label if link else name
        if link is not None:
            kind, position, target = provenance
            self.provenance(kind, position, target, person, link.rule, link.confidence)
        self.graph.add((person, RDF.type, FOAF.Person))
        self.graph.add((person, FOAF.name, Literal(label)))
        return person

    def post(self, office: Office, portfolio: str, ministry_link: EntityLink | None = None) -> URIRef:
        """A government post as in W3C ORG §5.4 (https://www.w3.org/TR/vocab-org/#org:Post): the office held in a
        ministry, independent of who holds it. Linked, the ministry is the department the portfolio belongs to."""
        g = self.graph
        post = self.mint.post(office, portfolio)
        role = self.mint.role(office)
        ministry = URIRef(ministry_link.iri) if ministry_link else self.mint.ministry(portfolio)
        g.add((post, RDF.type, ORG.Post))
        g.add((post, RDFS.label, Literal(_post_label(office, portfolio))))
        g.add((post, ORG.role, role))
        g.add((post, ORG.postIn, ministry))
        g.add((role, RDF.type, ORG.Role))
        g.add((role, SKOS.prefLabel, Literal(office.value)))
        g.add((ministry, RDF.type, KG.Ministry))
        g.add((ministry, SKOS.prefLabel, Literal(ministry_link.label if ministry_link else portfolio)))
        if ministry_link:
            self.ministry_links += 1
            self.provenance("ministry", self.ministry_links, post, ministry, ministry_link.rule, ministry_link.confidence)
        return post

    def question(self, position: int, question: Question) -> None:
        q = self.mint.question(self.doc, question.number)
        self.part(q, SCHEMA.Question, question.span)
        self.graph.add((q, KG.number, Literal(question.number)))
        self.graph.add((q, SCHEMA.position, Literal(position)))
        self.graph.add((q, SCHEMA.text, Literal(question.text)))

    def answer(self, position: int, answer: Answer) -> None:
        a = self.mint.answer(self.doc, position)
        self.part(a, SCHEMA.Answer, answer.span)
        self.graph.add((a, SCHEMA.position, Literal(position)))
        self.graph.add((a, SCHEMA.text, Literal(answer.text)))
        for number in answer.questions:
            self.graph.add((a, SCHEMA.parentItem, self.mint.question(self.doc, number)))

    def footnote(self, footnote: Footnote) -> None:
        g = self.graph
        f = self.mint.footnote(self.doc, footnote.number)
        self.part(f, KG.Footnote, footnote.span)
        g.add((f, KG.number, Literal(footnote.number)))
        g.add((f, SCHEMA.text, Literal(footnote.text)))
        for url in footnote.cited_urls:
            work = web_iri(url.iri)
            g.add((f, SCHEMA.citation, work))
            g.add((work, RDF.type, SCHEMA.CreativeWork))
            # The IRI, not the URL as printed: a page printed two ways ('nos.nl/x', 'https://nos.nl/x') is one
            # node, and one node has one schema:url, also after many documents are merged.
            g.add((work, SCHEMA.url, Literal(str(work), datatype=XSD.anyURI)))

    def part(self, node: URIRef, cls: URIRef, span: Span) -> None:
        """`node`, of class `cls`, is a part of the document printed at `span`."""
        g = self.graph
        g.add((node, RDF.type, cls))
        g.add((node, SCHEMA.isPartOf, self.iri))
        g.add((self.iri, SCHEMA.hasPart, node))
        g.add((node, KG.textSpan, self.span(span)))

    def reference(self, reference: Reference) -> None:
        """The cited thing, `dcterms:references` from the document, and an annotation for this occurrence."""
        g = self.graph
        cited = self.cited(reference)
        g.add((cited, RDF.type, _REFERENCE_CLASS[reference.scheme]))
        g.add((cited, DCTERMS.identifier, Literal(reference.identifier)))
        g.add((self.iri, DCTERMS.references, cited))
        if reference.role is Role.SEE_ALSO:
            g.add((self.iri, RDFS.seeAlso, cited))
        elif reference.role is Role.FOLLOWS_UP:
            g.add((self.iri, KG.followsUp, cited))
        elif reference.role is Role.ANSWERED_IN:
            g.add((self.iri, KG.answeredIn, cited))
        mention = self.mint.mention(self.doc, reference.span)
        g.add((mention, RDF.type, OA.Annotation))
        g.add((mention, OA.motivatedBy, OA.identifying))
        g.add((mention, OA.hasBody, self.article(reference, cited) or cited))
        g.add((mention, OA.hasTarget, self.span(reference.span)))

    def article(self, reference: Reference, statute: URIRef) -> URIRef | None:
        """The article of a Dutch statute the text cites ("artikel 68 Grondwet"), part of the statute (ELI)."""
        if reference.article is None or not is_bwb_id(reference.identifier):
            return None
        article = statute_article_iri(reference.identifier, reference.article)
        g = self.graph
        g.add((article, RDF.type, ELI.LegalResourceSubdivision))
        g.add((article, ELI.is_part_of, statute))
        g.add((article, ELI.id_local, Literal(f"artikel {reference.article}")))
        g.add((self.iri, DCTERMS.references, article))
        return article

    def cited(self, reference: Reference) -> URIRef:
        identifier = reference.identifier
        if reference.scheme is ReferenceScheme.ZAAK:
            return self.mint.zaak(identifier)
        if reference.scheme is ReferenceScheme.STATUTE:
            try:
                return statute_iri(identifier)
            except ValueError:
                # Not BWB nor a CELEX regulation/directive: keep the citation; the shapes flag the identifier.
                return self.mint.statute(identifier)
        return publication_iri(identifier)

    def span(self, span: Span) -> URIRef:
        """The text at `span` as a Web Annotation SpecificResource with a TextPositionSelector
        (https://www.w3.org/TR/annotation-model/#text-position-selector)."""
        g = self.graph
        resource = self.mint.span(self.doc, span)
        selector = self.mint.selector(self.doc, span)
        g.add((resource, RDF.type, OA.SpecificResource))
        g.add((resource, OA.hasSource, self.iri))
        g.add((resource, OA.hasSelector, selector))
        g.add((selector, RDF.type, OA.TextPositionSelector))
        # xsd:integer, not xsd:nonNegativeInteger: pyoxigraph stores derived integer types as xsd:integer
        # (oxigraph issues #526, #1413), and a type the store cannot keep would fail the shapes after a round trip.
        g.add((selector, OA.start, Literal(span.start, datatype=XSD.integer)))
        g.add((selector, OA.end, Literal(span.end, datatype=XSD.integer)))
        return resource


def _basename(path: str) -> str:
    """The file name without folders, for '/' and '\\' separated paths alike: the graph must not depend on
    where the file lived.

    >>> _basename("C:\\\\kamer\\\\vragen.pdf"), _basename("seeds/000.txt")
    ('vragen.pdf', '000.txt')
    """
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _post_label(office: Office, portfolio: str) -> str:
    """'minister van Buitenlandse Zaken'; the minister-president is named by office alone.

    >>> _post_label(Office.STAATSSECRETARIS, "Financiën")
    'staatssecretaris van Financiën'
    """
    if office is Office.MINISTER_PRESIDENT:
        return str(office.value)
    return f"{office.value} van {portfolio}"

