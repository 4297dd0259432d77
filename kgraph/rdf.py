"""Record → triples: the RDF mapping of one `Document` (notes/CONTRACT.md, "RDF mapping of a Document").

`document_graph` is a pure function: the same `Document` and base IRI give the same triples, with no blank
nodes, so a document can be mapped again and its named graph replaced. Every IRI comes from `kgraph.mint`.

Where a value came from is kept with Web Annotation (https://www.w3.org/TR/annotation-model/): each extracted
value has `kg:textSpan` to an `oa:SpecificResource` of the document with an `oa:TextPositionSelector`
(character offsets into `SourceText.text`; the document's `kg:textLength` bounds them), and each cited identifier
gets a `kg:Mention` (an `oa:Annotation`) that `oa:identifying`-ly links the place it is printed to the thing it
names. Dutch text is tagged `@nl`; a published document is `owl:sameAs` its officielebekendmakingen address.

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
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Final

from rdflib import Graph, Literal, URIRef

from kgraph.fold import comparison_key
from kgraph.identifiers import is_bwb_id
from kgraph.link.model import CaseNode, CitedSource, LinkedAsker, LinkedDocument, PersonNode, PostNode, QuestionNode
from kgraph.link.ministries import portfolios_of
from kgraph.link.parties import labels as party_labels
from kgraph.link.stage import NullLinker
from kgraph.mint import Minter, publication_iri, statute_article_iri, statute_iri
from kgraph.model import (
    Answer,
    Document,
    Footnote,
    Kind,
    Question,
    Reference,
    ReferenceScheme,
    Role,
    Span,
)
from kgraph.vocab import DCTERMS, ELI, FOAF, KG, OA, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, TIME, XSD, bind_prefixes

__all__ = ["MappedDocument", "document_graph", "document_triples"]

ODATA_PERSOON = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Persoon({guid})"

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


def document_graph(doc: Document | LinkedDocument, minter: Minter | None = None) -> Graph:
    """All triples about a document, in a graph named by the document's IRI.

    `doc` is the linking stage's `LinkedDocument`, whose nodes (people, parties, posts, ministries, the case, the
    cited pages) this only writes down, with an `oa:Annotation` (motivation `oa:linking`) recording the rule and
    confidence of every link. A bare `Document` is mapped as the null linker decides it (its nodes from what it
    prints alone), under `minter`'s base (default https://w3id.org/kgraph/id/).
    """
    return document_triples(doc, minter).graph()


@dataclass(frozen=True, slots=True)
class MappedDocument:
    """A document's triples without an rdflib graph: what the build validates and stores (an rdflib `Graph` costs
    about 10 µs a triple to fill, a third of a document's work; `graph()` makes one when it is wanted)."""

    iri: URIRef
    triples: tuple[tuple[URIRef, URIRef, URIRef | Literal], ...]  # each once, in the mapping's order

    def graph(self) -> Graph:
        """The triples as a graph named by the document's IRI, with only the mapping's prefixes (rdflib's
        defaults bind `schema` to http://schema.org/)."""
        graph = bind_prefixes(Graph(identifier=self.iri, bind_namespaces="none"))
        graph.addN((s, p, o, graph) for s, p, o in self.triples)
        return graph


def document_triples(doc: Document | LinkedDocument, minter: Minter | None = None) -> MappedDocument:
    """`document_graph`'s triples, as they are (see `MappedDocument`)."""
    linked = doc if isinstance(doc, LinkedDocument) else NullLinker(minter or Minter()).link(doc)
    mapping = _Mapping(linked)
    iri, g = mapping.iri, mapping.graph
    mapping.document()
    for position, asker in enumerate(linked.askers, start=1):
        mapping.asker(position, asker)
    for post in linked.addressees:
        g.add((iri, KG.addressedTo, mapping.post(post)))
    for post in linked.absent:
        g.add((iri, KG.inAbsenceOf, mapping.post(post)))
    for position, post in enumerate(linked.on_behalf_of, start=1):
        g.add((iri, KG.onBehalfOf, mapping.post(post)))
        if post.holder is not None:
            mapping.holder(post, mapping.person(post.holder, ("on-behalf", position, URIRef(post.iri))))
    for position, answerer in enumerate(linked.answerers, start=1):
        mapping.answerer(position, answerer)
    for position, (question, node) in enumerate(zip(linked.document.questions, linked.questions), start=1):
        mapping.question(position, question, node)
    for position, answer in enumerate(linked.document.answers, start=1):
        mapping.answer(position, answer)
    for footnote in linked.document.footnotes:
        mapping.footnote(footnote)
    for reference in linked.document.references:
        mapping.reference(reference)
    mapping.case(linked.case)
    for cited in linked.cited_cases:
        mapping.zaak(cited)
    for position, source in enumerate(linked.sources, start=1):
        mapping.source(position, source)
    return mapping.finished()


class _Triples:
    """Where the mapping puts its triples: a plain list, made into a graph once at the end (`_Mapping.finished`),
    as one rdflib `addN` cost a third less than as many `add`s, each of which fires an event (311 triples: 19.5
    against 30 ms on this machine under load)."""

    __slots__ = ("triples",)

    def __init__(self) -> None:
        self.triples: list[tuple[URIRef, URIRef, URIRef | Literal]] = []

    def add(self, triple: tuple[URIRef, URIRef, URIRef | Literal]) -> None:
        self.triples.append(triple)


class _Mapping:
    """One document being mapped: the linked document, its record, the minter, the document's IRI and the graph
    being filled."""

    __slots__ = ("doc", "graph", "iri", "linked", "mint", "ministry_links", "questions")

    def __init__(self, linked: LinkedDocument) -> None:
        self.linked = linked
        self.doc = linked.document
        self.mint = linked.minter
        self.ministry_links = 0
        self.iri = URIRef(linked.iri)
        self.questions = {node.number: URIRef(node.iri) for node in linked.questions}
        self.graph = _Triples()

    def finished(self) -> MappedDocument:
        # A graph is a set: a triple the mapping wrote twice (one page cited by two footnotes) is kept once.
        return MappedDocument(self.iri, tuple(dict.fromkeys(self.graph.triples)))

    def document(self) -> None:
        doc, d, g = self.doc, self.iri, self.graph
        g.add((d, RDF.type, _DOCUMENT_CLASS[doc.kind]))
        g.add((d, KG.sha256, Literal(doc.sha256)))
        g.add((d, KG.fileName, Literal(_basename(doc.source))))
        g.add((d, KG.oral, Literal(doc.oral)))
        if doc.text_length is not None:
            g.add((d, KG.textLength, Literal(doc.text_length, datatype=XSD.integer)))
        if doc.koop_id:
            g.add((d, DCTERMS.identifier, Literal(doc.koop_id)))
            # The same publication as its officielebekendmakingen address: the document's node is minted under
            # our base (its parts' IRIs hang below it), the address is KOOP's.
            g.add((d, OWL.sameAs, publication_iri(doc.koop_id)))
        if doc.title:
            g.add((d, DCTERMS.title, _nl(doc.title)))
        if doc.submitted:
            # An answer or notice repeats the questions' '(ingezonden …)' date: it was not itself submitted then.
            submitted = DCTERMS.dateSubmitted if doc.kind is Kind.QUESTIONS else KG.questionsSubmitted
            g.add((d, submitted, Literal(doc.submitted.value)))
        if doc.received:
            g.add((d, KG.dateReceived, Literal(doc.received.value)))

    def asker(self, position: int, linked: LinkedAsker) -> None:
        g, asker = self.graph, linked.asker
        attribution = self.attribution(URIRef(linked.attribution), KG.asker, asker.span)
        person = self.person(linked.person, ("asker", position, attribution))
        g.add((self.iri, KG.askedBy, person))
        g.add((attribution, PROV.agent, person))
        g.add((attribution, KG.nameAsPrinted, Literal(asker.name)))
        if asker.party and linked.party is not None:
            party_link = linked.party.link
            party = URIRef(linked.party.iri)
            g.add((party, RDF.type, KG.PoliticalParty))
            g.add((attribution, KG.partyAsPrinted, Literal(asker.party)))
            if party_link is None:
                g.add((party, SKOS.prefLabel, _nl(asker.party)))
            else:
                # The labels the party table knows it by, and the printed label only when it spells one of them:
                # the shapes check that the party named is one the printed label can name.
                known = party_labels(party_link.label)
                g.add((party, SKOS.prefLabel, _nl(party_link.label)))
                for label in known[1:]:
                    g.add((party, SKOS.altLabel, _nl(label)))
                keys = {comparison_key(label) for label in known}
                if asker.party not in known and comparison_key(asker.party) in keys:
                    g.add((party, SKOS.altLabel, _nl(asker.party)))
            g.add((attribution, KG.party, party))
            if party_link:
                self.provenance("party", position, attribution, party, party_link.rule, party_link.confidence)

    def answerer(self, position: int, answerer: PostNode) -> None:
        g = self.graph
        post = self.post(answerer)
        g.add((self.iri, KG.answererPost, post))
        assert answerer.attribution is not None, "the linking stage names every answerer's attribution"
        attribution = self.attribution(URIRef(answerer.attribution), KG.answerer, answerer.printed.span)
        g.add((attribution, KG.post, post))
        if answerer.holder is not None:
            person = self.person(answerer.holder, ("answerer", position, attribution))
            g.add((self.iri, KG.answeredBy, person))
            g.add((attribution, PROV.agent, person))
            g.add((attribution, KG.nameAsPrinted, Literal(answerer.holder.printed)))
            self.holder(answerer, person)

    def holder(self, post: PostNode, person: URIRef) -> None:
        """Who held the post, and when: an org:Membership (W3C ORG §5.3, https://www.w3.org/TR/vocab-org/#membership)
        of the person in the post's ministry, in the post's role, during the document's date (OWL-Time: an interval
        that begins and ends on that day); across documents one membership collects every day it is printed.
        org:holds is not written: it cannot carry a date."""
        if post.holding is None or self.linked.date is None:
            return
        g, day = self.graph, self.linked.date.isoformat()
        holding, interval, instant = URIRef(post.holding), self.mint.interval(day, day), self.mint.instant(day)
        g.add((holding, RDF.type, ORG.Membership))
        g.add((holding, ORG.member, person))
        g.add((holding, ORG.organization, URIRef(post.ministry_iri)))
        g.add((holding, ORG.role, URIRef(post.role_iri)))
        g.add((holding, KG.heldPost, URIRef(post.iri)))
        g.add((holding, ORG.memberDuring, interval))
        g.add((interval, RDF.type, TIME.Interval))
        g.add((interval, TIME.hasBeginning, instant))
        g.add((interval, TIME.hasEnd, instant))
        g.add((instant, RDF.type, TIME.Instant))
        g.add((instant, TIME.inXSDDate, Literal(self.linked.date)))

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

    def case(self, case: CaseNode | None) -> None:
        """The case, with what the index says of it, and the document's kg:case to it."""
        if case is None:
            return
        zaak = self.zaak(case)
        self.graph.add((self.iri, KG.case, zaak))
        self.provenance("case", 1, self.iri, zaak, case.rule, case.confidence)

    def zaak(self, case: CaseNode) -> URIRef:
        """A case and what the case index says of it: its number, subject and start date (the day the questions
        were submitted) and its OData address; for a printed number the index lacks, the number."""
        g = self.graph
        zaak = URIRef(case.iri)
        g.add((zaak, RDF.type, KG.Zaak))
        g.add((zaak, DCTERMS.identifier, Literal(case.zaak)))
        if case.uri:
            g.add((zaak, RDFS.seeAlso, URIRef(case.uri)))
        if case.subject:
            g.add((zaak, DCTERMS.title, _nl(case.subject)))
        if case.started:
            g.add((zaak, SCHEMA.startDate, Literal(case.started)))
        return zaak

    def source(self, position: int, source: CitedSource) -> None:
        g = self.graph
        work = URIRef(source.iri)
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

    def attribution(self, attribution: URIRef, role: URIRef, span: Span) -> URIRef:
        """The qualified attribution (PROV-O §3.3, https://www.w3.org/TR/prov-o/#qualifiedAttribution) of the
        document to an agent in `role`."""
        g = self.graph
        g.add((self.iri, PROV.qualifiedAttribution, attribution))
        g.add((attribution, RDF.type, PROV.Attribution))
        g.add((attribution, PROV.hadRole, role))
        g.add((attribution, KG.textSpan, self.span(span)))
        return attribution

    def person(self, node: PersonNode, provenance: tuple[str, int, URIRef]) -> URIRef:
        """The person node the linking stage decided: someone the reference data knows (with an annotation saying
        how the printed name was linked to them), or the node of the printed name alone."""
        g = self.graph
        person = URIRef(node.iri)
        if node.linked:
            kind, position, target = provenance
            self.provenance(kind, position, target, person, node.rule, node.confidence)
        g.add((person, RDF.type, FOAF.Person))
        g.add((person, FOAF.name, Literal(node.label)))
        if node.initials:
            g.add((person, KG.initials, Literal(node.initials)))
        if node.tk_id:
            # The Tweede Kamer's own id, and its record in the open data API.
            g.add((person, DCTERMS.identifier, Literal(node.tk_id)))
            g.add((person, RDFS.seeAlso, URIRef(ODATA_PERSOON.format(guid=node.tk_id))))
        return person

    def post(self, node: PostNode) -> URIRef:
        """A government post as in W3C ORG §5.4 (https://www.w3.org/TR/vocab-org/#org:Post): the office held in a
        ministry, independent of who holds it, labelled as printed ("minister voor …"). Linked, the ministry is the
        department the portfolio belongs to. A state secretary's sub-portfolio is a post of its own, part of the
        post of the whole portfolio (org:Post is an org:Organization's position; dcterms:isPartOf relates them)."""
        g = self.graph
        post = URIRef(node.iri)
        role = URIRef(node.role_iri)
        ministry = URIRef(node.ministry_iri)
        g.add((post, RDF.type, ORG.Post))
        g.add((post, RDFS.label, _nl(node.label)))
        g.add((post, KG.portfolio, _nl(node.printed.portfolio)))
        g.add((post, ORG.role, role))
        g.add((post, ORG.postIn, ministry))
        if node.parent is not None and node.parent_label is not None:
            parent = URIRef(node.parent)
            g.add((post, DCTERMS.isPartOf, parent))
            g.add((parent, RDF.type, ORG.Post))
            g.add((parent, RDFS.label, _nl(node.parent_label)))
            g.add((parent, ORG.role, role))
            g.add((parent, ORG.postIn, ministry))
        g.add((role, RDF.type, ORG.Role))
        g.add((role, SKOS.prefLabel, _nl(node.printed.office.value)))
        g.add((ministry, RDF.type, KG.Ministry))
        g.add((ministry, SKOS.prefLabel, _nl(node.ministry_label)))
        if node.ministry is not None:
            # The portfolios the table places in the ministry, so the shapes can tell that a post for one of them
            # ('minister voor Klimaat en Energie') lies in it, and that a post for another does not.
            for portfolio in portfolios_of(node.ministry_label):
                g.add((ministry, KG.coversPortfolio, _nl(portfolio)))
            self.ministry_links += 1
            self.provenance("ministry", self.ministry_links, post, ministry, node.ministry.rule, node.ministry.confidence)
        return post

    def question(self, position: int, question: Question, node: QuestionNode) -> None:
        """A question of the document; with a case, a prov:specializationOf the case's question of that number,
        which the question set and its answer document print alike."""
        q = URIRef(node.iri)
        self.part(q, SCHEMA.Question, question.span)
        self.graph.add((q, KG.number, Literal(question.number)))
        self.graph.add((q, SCHEMA.position, Literal(position)))
        self.graph.add((q, SCHEMA.text, _nl(question.text)))
        if node.case_question is not None:
            self.graph.add((q, PROV.specializationOf, URIRef(node.case_question)))

    def answer(self, position: int, answer: Answer) -> None:
        a = self.mint.answer(self.doc, position)
        self.part(a, SCHEMA.Answer, answer.span)
        self.graph.add((a, SCHEMA.position, Literal(position)))
        self.graph.add((a, SCHEMA.text, _nl(answer.text)))
        for number in answer.questions:
            self.graph.add((a, SCHEMA.parentItem, self.questions.get(number) or self.mint.question(self.doc, number)))

    def footnote(self, footnote: Footnote) -> None:
        g = self.graph
        f = self.mint.footnote(self.doc, footnote.number)
        self.part(f, KG.Footnote, footnote.span)
        g.add((f, KG.number, Literal(footnote.number)))
        g.add((f, SCHEMA.text, _nl(footnote.text)))
        # The pages the linking stage made nodes of: a malformed address is a warning, not a page.
        for source in self.linked.sources:
            if source.footnote != footnote.number:
                continue
            work = URIRef(source.iri)
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
        if reference.scheme is ReferenceScheme.STATUTE:
            # ELI's id_local: "the identifier used in a local reference system", the BWB id or CELEX number.
            g.add((cited, ELI.id_local, Literal(reference.identifier)))
        g.add((self.iri, DCTERMS.references, cited))
        if reference.role is Role.SEE_ALSO:
            g.add((self.iri, RDFS.seeAlso, cited))
        elif reference.role is Role.FOLLOWS_UP:
            g.add((self.iri, KG.followsUp, cited))
        elif reference.role is Role.ANSWERED_IN:
            g.add((self.iri, KG.answeredIn, cited))
        mention = self.mint.mention(self.doc, reference.span)
        g.add((mention, RDF.type, OA.Annotation))
        g.add((mention, RDF.type, KG.Mention))
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
        g.add((article, ELI.number, Literal(reference.article)))
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


def _nl(text: str) -> Literal:
    """Dutch text: titles, questions, answers, notes and the names of posts, roles, ministries and parties.

    >>> _nl("Ja.").language
    'nl'
    """
    return Literal(text, lang="nl")


def _basename(path: str) -> str:
    """The file name without folders, for '/' and '\\' separated paths alike: the graph must not depend on
    where the file lived.

    >>> _basename("C:\\\\kamer\\\\vragen.pdf"), _basename("seeds/000.txt")
    ('vragen.pdf', '000.txt')
    """
    return path.replace("\\", "/").rsplit("/", 1)[-1]
