"""SHACL shapes: well-formed documents conform, and each rule catches a graph broken on purpose.

Every rule (a named shape with a message) has a case below that edits a conforming graph to break that rule
(others may break along with it); the test checks that a violation names the rule as its sh:sourceShape and
carries the rule's own message.
`test_every_rule_has_a_case` keeps the table complete as shapes are added.
"""

from __future__ import annotations

from decimal import Decimal

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from rdflib import BNode, Graph, Literal, Namespace, URIRef

import factories as f
from kgraph.mint import Minter, publication_iri, statute_iri, web_iri
from kgraph.model import Document, Kind, Office
from kgraph.link.reference import reference_graph
from kgraph.rdf import document_graph
from kgraph.validate import ValidationReport, Violation, load_shapes, merge, validate_graph
from kgraph import vocab as v

KGSH = Namespace("https://w3id.org/kgraph/shapes#")
M = Minter()


def postponement() -> Document:
    return f.document(
        Kind.POSTPONEMENT,
        source="uitstel.txt",
        submitted=f.date("2024-10-25"),
        received=f.date("2024-11-15"),
        askers=(f.asker("Kostić", "PvdD"),),
        addressees=(f.post(Office.STAATSSECRETARIS, "Volksgezondheid, Welzijn en Sport"),),
        answerers=(f.answerer(Office.STAATSSECRETARIS, "Karremans", "Volksgezondheid, Welzijn en Sport"),),
        questions=(f.question("1"), f.question("2")),
    )


def oral_question_set() -> Document:
    return f.question_set(source="oral.txt", oral=True, questions=(), footnotes=(), references=())


CONFORMING: dict[str, Callable[[], Document]] = {
    "rich": f.rich_document,
    "question set": f.question_set,
    "answer document": f.answer_document,
    "oral question set": oral_question_set,
    "postponement": postponement,
    "other": lambda: f.document(Kind.OTHER),
    "answer document without dates": lambda: f.answer_document(source="undated.txt", received=None),
}


@pytest.mark.parametrize("name", list(CONFORMING))
def test_well_formed_documents_conform(name: str) -> None:
    report = validate_graph(document_graph(CONFORMING[name]()))
    assert report.conforms, report.text()
    assert report.violations == ()
    assert report.text() == "Conforms: yes"


def test_many_documents_merged_conform() -> None:
    """Shared nodes (people, posts, parties, cited works) must not break cardinalities when graphs meet."""
    merged = Graph()
    for make in CONFORMING.values():
        merged += document_graph(make())
    merged += document_graph(f.question_set(source="other.txt", askers=(f.asker("Bontenbal", "C.D.A."),)))
    report = validate_graph(merged)
    assert report.conforms, report.text()


# --- the broken variants -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nodes:
    """The IRIs of a factory document's main nodes, so edits read like the rule they break."""

    doc: Document

    @property
    def d(self) -> URIRef:
        return M.document(self.doc)

    def question(self, number: str = "1") -> URIRef:
        return M.question(self.doc, number)

    def answer(self, position: int = 1) -> URIRef:
        return M.answer(self.doc, position)

    def footnote(self, number: str = "1") -> URIRef:
        return M.footnote(self.doc, number)

    def asker(self, position: int = 1) -> URIRef:
        return M.attribution(self.doc, "asker", position)

    def answerer(self, position: int = 1) -> URIRef:
        return M.attribution(self.doc, "answerer", position)

    @property
    def span(self) -> URIRef:
        return M.span(self.doc, self.doc.questions[0].span)

    @property
    def selector(self) -> URIRef:
        return M.selector(self.doc, self.doc.questions[0].span)

    @property
    def mention(self) -> URIRef:
        return M.mention(self.doc, self.doc.references[0].span)

    @property
    def page(self) -> URIRef:
        return web_iri(self.doc.footnotes[0].urls[0])


# rich_document's fixed nodes
EZ = M.post(Office.MINISTER, "Economische Zaken")
DOBBE = M.printed_person("Dobbe", "kamerlid", "SP")
KARREMANS = M.printed_person("Karremans", "bewindspersoon")
SP = M.party("SP")
KST = publication_iri("kst-36410-V-27")
AH = publication_iri("ah-tk-20242025-2917")
ZAAK = M.zaak("2025Z10261")
BWB = statute_iri("BWBR0001840")
OTHER_DOC = URIRef("https://w3id.org/kgraph/id/doc/other")

Edit = Callable[[Graph, Nodes], None]


def setting(predicate: URIRef, value: Callable[[Nodes], URIRef | Literal], subject: Callable[[Nodes], URIRef]) -> Edit:
    """Replace every value of `predicate` on the subject with one value."""

    def edit(g: Graph, n: Nodes) -> None:
        g.set((subject(n), predicate, value(n)))

    return edit


def adding(*triples: Callable[[Nodes], tuple[URIRef | BNode, URIRef, URIRef | Literal | BNode]]) -> Edit:
    def edit(g: Graph, n: Nodes) -> None:
        for triple in triples:
            g.add(triple(n))

    return edit


def removing(predicate: URIRef, subject: Callable[[Nodes], URIRef | None] = lambda n: None) -> Edit:
    """Remove `predicate` from the subject (or from every subject when it is None)."""

    def edit(g: Graph, n: Nodes) -> None:
        g.remove((subject(n), predicate, None))

    return edit


def retyping(new: URIRef) -> Edit:
    def edit(g: Graph, n: Nodes) -> None:
        g.set((n.d, v.RDF.type, new))

    return edit


def unlinking_parts(cls: URIRef) -> Edit:
    """Remove the document's schema:hasPart links to every part of class `cls`."""

    def edit(g: Graph, n: Nodes) -> None:
        for part in list(g.subjects(v.RDF.type, cls)):
            g.remove((n.d, v.SCHEMA.hasPart, part))

    return edit


def D(n: Nodes) -> URIRef:
    return n.d


RICH = f.rich_document
QSET = f.question_set
BZ = M.post(Office.MINISTER, "Buitenlandse Zaken")


def PUBLISHED_QSET() -> Document:
    return f.question_set(koop_id="kv-tk-2025Z10261")


ARTICLE_68 = URIRef("https://wetten.overheid.nl/jci1.3:c:BWBR0001840&artikel=68")


def date(lexical: str) -> Literal:
    """An xsd:date literal as written, valid or not."""
    return Literal(lexical, datatype=v.XSD.date)

CASES: list[tuple[str, Callable[[], Document], Edit]] = [
    # identity
    ("NamedNodeShape", RICH, adding(lambda n: (BNode("q"), v.RDF.type, v.SCHEMA.Question))),
    # the document
    ("Document-kind", RICH, adding(lambda n: (n.d, v.RDF.type, v.KG.QuestionSet))),
    ("Document-sha256", RICH, setting(v.KG.sha256, lambda n: Literal("ABC"), D)),
    ("Document-fileName", RICH, setting(v.KG.fileName, lambda n: Literal("/tmp/Kamervragen/a.docx"), D)),
    ("Document-textLength", RICH, removing(v.KG.textLength, D)),
    ("Document-sameAs", RICH, adding(lambda n: (n.d, v.OWL.sameAs, KST))),
    ("Document-oral", RICH, setting(v.KG.oral, lambda n: Literal("no"), D)),
    ("Document-identifier", RICH, setting(v.DCTERMS.identifier, lambda n: Literal("Kamervragen 12"), D)),
    ("Document-seeAlso", RICH, adding(lambda n: (n.d, v.RDFS.seeAlso, URIRef("https://example.org/elsewhere")))),
    ("Document-identifiers", RICH, setting(v.DCTERMS.identifier, lambda n: Literal("ah-tk-20242025-2918"), D)),
    ("Document-title", RICH, setting(v.DCTERMS.title, lambda n: Literal(""), D)),
    ("Document-dateSubmitted", QSET, setting(v.DCTERMS.dateSubmitted, lambda n: date("2025-02-30"), D)),
    ("Document-questionsSubmitted", RICH, setting(v.KG.questionsSubmitted, lambda n: date("1917-12-31"), D)),
    ("Document-dateReceived", RICH, adding(lambda n: (n.d, v.KG.dateReceived, date("2025-09-23")))),
    ("Document-datesInOrder", RICH, setting(v.KG.dateReceived, lambda n: date("2025-08-19"), D)),
    ("Document-dates", RICH, setting(v.KG.dateReceived, lambda n: date("2099-09-22"), D)),
    ("QuestionSet-questionsSubmitted", QSET, adding(lambda n: (n.d, v.KG.questionsSubmitted, date("2025-05-22")))),
    ("NotQuestionSet-dateSubmitted", RICH, adding(lambda n: (n.d, v.DCTERMS.dateSubmitted, date("2025-08-20")))),
    ("Document-askedBy", RICH, adding(lambda n: (n.d, v.KG.askedBy, EZ))),
    ("Document-answeredBy", RICH, adding(lambda n: (n.d, v.KG.answeredBy, EZ))),
    ("Document-addressedTo", RICH, adding(lambda n: (n.d, v.KG.addressedTo, DOBBE))),
    ("Document-onBehalfOf", RICH, adding(lambda n: (n.d, v.KG.onBehalfOf, DOBBE))),
    ("Document-answererPost", RICH, adding(lambda n: (n.d, v.KG.answererPost, DOBBE))),
    ("Document-qualifiedAttribution", RICH, adding(lambda n: (n.d, v.PROV.qualifiedAttribution, DOBBE))),
    ("Document-hasPart", RICH, adding(lambda n: (n.d, v.SCHEMA.hasPart, DOBBE))),
    ("Document-references", RICH, adding(lambda n: (n.d, v.DCTERMS.references, n.page))),
    ("Document-shortcutsQualified", RICH, adding(lambda n: (n.d, v.KG.askedBy, KARREMANS))),
    ("Document-qualifiedShortcuts", RICH, removing(v.KG.askedBy, D)),
    (
        "Document-answersOwnQuestions",
        RICH,
        adding(
            lambda n: (n.answer(), v.SCHEMA.parentItem, OTHER_DOC + "/question/1"),
            lambda n: (OTHER_DOC + "/question/1", v.RDF.type, v.SCHEMA.Question),
        ),
    ),
    ("Document-mentionsReferenced", RICH, lambda g, n: g.remove((n.d, v.DCTERMS.references, KST))),
    ("Document-parts", RICH, setting(v.KG.number, lambda n: Literal("1"), lambda n: n.question("1a"))),
    ("Document-parts", RICH, setting(v.SCHEMA.position, lambda n: Literal(7), lambda n: n.answer(2))),
    ("Document-parts", RICH, setting(v.SCHEMA.position, lambda n: Literal(1), lambda n: n.question("2"))),
    ("Document-spans", RICH, setting(v.KG.textLength, lambda n: Literal(10, datatype=v.XSD.integer), D)),
    ("Document-spans", RICH, setting(v.OA.start, lambda n: Literal(1, datatype=v.XSD.integer), lambda n: n.selector)),
    ("Document-identifiers", RICH, setting(v.DCTERMS.identifier, lambda n: Literal("kst-36410-V-28"), lambda n: KST)),
    ("Document-identifiers", RICH, setting(v.DCTERMS.identifier, lambda n: Literal("BWBR0001841"), lambda n: BWB)),
    ("Document-identifiers", RICH, setting(v.SCHEMA.url, lambda n: Literal("https://nos.nl/", datatype=v.XSD.anyURI), lambda n: n.page)),
    ("PublishedQuestionSet-addressedTo", PUBLISHED_QSET, removing(v.KG.addressedTo, D)),
    ("PublishedQuestionSet-dateSubmitted", PUBLISHED_QSET, removing(v.DCTERMS.dateSubmitted, D)),
    # kinds of document
    ("QuestionSet-askedBy", QSET, removing(v.KG.askedBy, D)),
    ("QuestionSet-noAnswers", RICH, retyping(v.KG.QuestionSet)),
    ("QuestionSet-noAnswerer", QSET, adding(lambda n: (n.d, v.KG.answererPost, BZ))),
    ("QuestionSet-hasQuestions", QSET, lambda g, n: g.remove((None, v.RDF.type, v.SCHEMA.Question))),
    ("AnswerDocument-hasAnswers", RICH, unlinking_parts(v.SCHEMA.Answer)),
    ("AnswerDocument-answerer", RICH, removing(v.KG.answererPost, D)),
    (
        "AnswerDocument-coversQuestions",
        RICH,
        lambda g, n: g.remove((n.answer(1), v.SCHEMA.parentItem, n.question("1a"))),  # answer 1 still answers 1
    ),
    ("PostponementNotice-noAnswers", RICH, retyping(v.KG.PostponementNotice)),
    ("PostponementNotice-answerer", postponement, removing(v.KG.answererPost, D)),
    # parts
    ("Part-isPartOf", RICH, adding(lambda n: (n.question(), v.SCHEMA.isPartOf, OTHER_DOC))),
    ("Part-hasPart", RICH, lambda g, n: g.remove((n.d, v.SCHEMA.hasPart, n.footnote()))),
    ("Part-textSpan", RICH, removing(v.KG.textSpan, lambda n: n.answer())),
    ("Question-number", RICH, adding(lambda n: (n.question(), v.KG.number, Literal("1b")))),
    ("Question-position", RICH, setting(v.SCHEMA.position, lambda n: Literal(0), lambda n: n.question())),
    ("Question-text", RICH, setting(v.SCHEMA.text, lambda n: Literal(" \n "), lambda n: n.question())),
    ("Answer-position", RICH, removing(v.SCHEMA.position, lambda n: n.answer())),
    ("Answer-text", RICH, setting(v.SCHEMA.text, lambda n: Literal(""), lambda n: n.answer())),
    ("Answer-parentItem", RICH, removing(v.SCHEMA.parentItem, lambda n: n.answer(3))),
    ("Footnote-number", RICH, removing(v.KG.number, lambda n: n.footnote())),
    ("Footnote-text", RICH, adding(lambda n: (n.footnote(), v.SCHEMA.text, Literal("Nog een tekst.")))),
    ("Footnote-citation", RICH, adding(lambda n: (n.footnote(), v.SCHEMA.citation, Literal("nos.nl")))),
    ("CitedPage-url", RICH, setting(v.SCHEMA.url, lambda n: Literal("nos", datatype=v.XSD.anyURI), lambda n: n.page)),
    ("CitedPageShape", RICH, adding(lambda n: (n.footnote(), v.SCHEMA.citation, URIRef("ftp://nos.nl/x")),
                                    lambda n: (URIRef("ftp://nos.nl/x"), v.RDF.type, v.SCHEMA.CreativeWork),
                                    lambda n: (URIRef("ftp://nos.nl/x"), v.SCHEMA.url, Literal("ftp://nos.nl/x", datatype=v.XSD.anyURI)))),
    # people, posts, organisations
    ("Person-name", RICH, adding(lambda n: (DOBBE, v.FOAF.name, Literal("Sarah Dobbe")))),
    ("Post-role", RICH, removing(v.ORG.role, lambda n: EZ)),
    ("Post-postIn", RICH, setting(v.ORG.postIn, lambda n: M.role(Office.MINISTER), lambda n: EZ)),
    ("Post-label", RICH, removing(v.RDFS.label, lambda n: EZ)),
    ("Labelled-prefLabel", RICH, adding(lambda n: (SP, v.SKOS.prefLabel, Literal("Socialistische Partij", lang="nl")))),
    ("Labelled-altLabel", RICH, adding(lambda n: (SP, v.SKOS.altLabel, Literal("Socialistische Partij")))),
    ("Attribution-partyAsPrinted", RICH, adding(lambda n: (n.asker(), v.KG.partyAsPrinted, Literal("S.P.")))),
    ("Attribution-role", RICH, adding(lambda n: (n.asker(), v.PROV.hadRole, v.KG.answerer))),
    ("Attribution-document", RICH, lambda g, n: g.remove((n.d, v.PROV.qualifiedAttribution, n.asker()))),
    ("Attribution-agent", RICH, adding(lambda n: (n.asker(), v.PROV.agent, KARREMANS))),
    ("Attribution-post", RICH, setting(v.KG.post, lambda n: KARREMANS, lambda n: n.answerer())),
    ("Attribution-party", RICH, adding(lambda n: (n.asker(), v.KG.party, M.party("GroenLinks-PvdA")))),
    ("Attribution-askerNamed", RICH, removing(v.PROV.agent, lambda n: n.asker())),
    ("Attribution-answererPost", RICH, removing(v.KG.post, lambda n: n.answerer())),
    ("Attribution-partyOnlyForAskers", RICH, adding(lambda n: (n.answerer(), v.KG.party, SP))),
    ("Attribution-postOnlyForAnswerers", RICH, adding(lambda n: (n.asker(), v.KG.post, EZ))),
    # spans and mentions
    ("Span-source", RICH, removing(v.OA.hasSource, lambda n: n.span)),
    ("Span-selector", RICH, removing(v.OA.hasSelector, lambda n: n.span)),
    ("Selector-start", RICH, setting(v.OA.start, lambda n: Literal(-1), lambda n: n.selector)),
    ("Selector-end", RICH, removing(v.OA.end, lambda n: n.selector)),
    (
        "Selector-order",
        RICH,
        setting(v.OA.end, lambda n: Literal(0, datatype=v.XSD.integer), lambda n: n.selector),
    ),
    ("Mention-motivation", RICH, adding(lambda n: (n.mention, v.OA.motivatedBy, v.OA.linking))),
    ("Mention-body", RICH, removing(v.OA.hasBody, lambda n: n.mention)),
    ("Document-spans", RICH, lambda g, n: g.remove((n.mention, v.RDF.type, v.KG.Mention))),
    ("Mention-target", RICH, setting(v.OA.hasTarget, lambda n: DOBBE, lambda n: n.mention)),
    # identifier formats
    ("Kamerstuk-identifier", RICH, setting(v.DCTERMS.identifier, lambda n: Literal("36410-V-27"), lambda n: KST)),
    ("Aanhangsel-identifier", RICH, setting(v.DCTERMS.identifier, lambda n: Literal("ah-tk-2024-2917"), lambda n: AH)),
    ("Zaak-identifier", RICH, setting(v.DCTERMS.identifier, lambda n: Literal("2025Z1026"), lambda n: ZAAK)),
    ("Statute-identifier", RICH, setting(v.DCTERMS.identifier, lambda n: Literal("BWBR184"), lambda n: BWB)),
    ("Statute-idLocal", RICH, setting(v.ELI.id_local, lambda n: Literal("BWBR0001841"), lambda n: BWB)),
    ("Article-number", RICH, setting(v.ELI.number, lambda n: Literal("artikel 68"), lambda n: ARTICLE_68)),
]

# Facts real question sets sometimes lack: a miss is a warning (see shapes/kgraph.shapes.ttl).
WARNING_CASES: list[tuple[str, Callable[[], Document], Edit]] = [
    ("QuestionSet-addressedTo", QSET, removing(v.KG.addressedTo, D)),
    ("QuestionSet-dateSubmitted", QSET, removing(v.DCTERMS.dateSubmitted, D)),
]


@pytest.mark.parametrize(("rule", "make", "edit"), WARNING_CASES, ids=[case[0] for case in WARNING_CASES])
def test_warning_rule_flags_but_conforms(rule: str, make: Callable[[], Document], edit: Edit) -> None:
    doc = make()
    graph = document_graph(doc)
    edit(graph, Nodes(doc))
    report = validate_graph(graph)
    assert report.conforms, report.text()
    assert [w.severity for w in report.violations if w.shape == str(KGSH[rule])] == ["Warning"]


def shape_message(shape: URIRef) -> str:
    message = load_shapes().value(shape, v.SH.message)
    assert message is not None, f"{shape} has no sh:message"
    return str(message)


def matches_template(message: str, template: str) -> bool:
    """True if `message` is `template` with its {?var} / {$var} placeholders filled in."""
    pattern = re.sub(r"\\\{\\[?$]\w+\\\}", ".+", re.escape(template))
    return re.fullmatch(pattern, message, flags=re.S) is not None


@pytest.mark.parametrize(("rule", "make", "edit"), CASES, ids=[case[0] for case in CASES])
def test_rule_catches_its_broken_variant(rule: str, make: Callable[[], Document], edit: Edit) -> None:
    doc = make()
    graph = document_graph(doc)
    assert validate_graph(graph).conforms, "the unbroken document must conform"
    edit(graph, Nodes(doc))
    report = validate_graph(graph)
    assert not report.conforms
    shape = KGSH[rule]
    caught = [violation for violation in report.violations if violation.shape == str(shape)]
    assert caught, f"{rule} did not fire:\n{report.text()}"
    template = shape_message(shape)
    for violation in caught:
        assert violation.severity == "Violation"
        assert matches_template(violation.message, template), (violation.message, template)


# Rules about links, on the rich document as the linking stage links it.
LINK = M.link(f.rich_document(), "case", 1)
HOLDING = M.holding(M.person("V.P.G.", "Karremans"), EZ)
DAY = M.interval("2025-09-22", "2025-09-22")
PUBLISHER_LINK = M.link(f.rich_document(), "publisher", 1)
GUARDIAN = M.publisher("The Guardian")
LINKED_CASES: list[tuple[str, Edit]] = [
    ("Document-case", adding(lambda n: (n.d, v.KG.case, ZAAK)) ),
    ("Document-followsUp", adding(lambda n: (n.d, v.KG.followsUp, KST))),
    ("Document-answeredIn", adding(lambda n: (n.d, v.KG.answeredIn, ZAAK))),
    ("ArticleShape", adding(lambda n: (URIRef("https://example.org/artikel-68"), v.RDF.type, v.ELI.LegalResourceSubdivision),
                            lambda n: (URIRef("https://example.org/artikel-68"), v.ELI.is_part_of, BWB))),
    ("Article-partOf", adding(lambda n: (ARTICLE_68, v.ELI.is_part_of, KST))),
    ("Zaak-odata", adding(lambda n: (M.zaak("2025Z10262"), v.RDFS.seeAlso, URIRef("https://example.org/zaak")))),
    ("CitedPage-publisher", adding(lambda n: (n.page, v.SCHEMA.publisher, DOBBE))),
    ("CitedPage-datePublished", setting(v.SCHEMA.datePublished, lambda n: Literal("6 augustus 2025"), lambda n: n.page)),
    ("CitedPage-headline", setting(v.SCHEMA.headline, lambda n: Literal(""), lambda n: n.page)),
    ("Publisher-name", removing(v.SCHEMA.name, lambda n: GUARDIAN)),
    ("Link-motivation", setting(v.OA.motivatedBy, lambda n: v.OA.identifying, lambda n: LINK)),
    ("Link-body", removing(v.OA.hasBody, lambda n: LINK)),
    ("Link-target", adding(lambda n: (LINK, v.OA.hasTarget, n.question()))),
    ("Link-rule", removing(v.KG.linkRule, lambda n: LINK)),
    ("Link-confidence", setting(v.KG.confidence, lambda n: Literal(Decimal("1.5")), lambda n: LINK)),
    ("Document-links", setting(v.OA.hasBody, lambda n: M.zaak("2025Z10261"), lambda n: LINK)),
    ("Document-links", lambda g, n: g.remove((PUBLISHER_LINK, None, None))),
    ("Document-names", lambda g, n: g.set((M.person("S.E.M.", "Dobbe"), v.FOAF.name, Literal("Kati Piri")))),
    ("Document-names", lambda g, n: g.set((EZ, v.ORG.postIn, M.ministry("Financiën")))),  # another real ministry
    ("Document-dates", setting(v.SCHEMA.datePublished, lambda n: date("2025-10-01"), lambda n: n.page)),
    # Holding a post in time: rich_document's Karremans, minister of Economische Zaken on 22 September 2025.
    ("Membership-member", removing(v.ORG.member, lambda n: HOLDING)),
    ("Membership-organization", adding(lambda n: (HOLDING, v.ORG.organization, M.ministry("Financiën")))),
    ("Membership-during", removing(v.ORG.memberDuring, lambda n: HOLDING)),
    ("Membership-post", setting(v.KG.heldPost, lambda n: DOBBE, lambda n: HOLDING)),
    ("Interval-beginning", removing(v.TIME.hasBeginning, lambda n: DAY)),
    ("Interval-end", setting(v.TIME.hasEnd, lambda n: EZ, lambda n: DAY)),
    ("Instant-date", setting(v.TIME.inXSDDate, lambda n: Literal("22 september 2025"), lambda n: M.instant("2025-09-22"))),
]


@pytest.mark.parametrize(("rule", "edit"), LINKED_CASES, ids=[case[0] for case in LINKED_CASES])
def test_link_rule_catches_its_broken_variant(rule: str, edit: Edit) -> None:
    doc = f.rich_document()
    graph = document_graph(f.rich_links(doc, M))
    assert validate_graph(graph).conforms, f"the unbroken linked document must conform:\n{validate_graph(graph).text()}"
    edit(graph, Nodes(doc))
    report = validate_graph(graph)
    shape = KGSH[rule]
    assert any(violation.shape == str(shape) for violation in report.violations), f"{rule} did not fire:\n{report.text()}"


EZK = M.ministry("Economische Zaken en Klimaat")
CHANGE_2024 = M.change("2024-07-02", "Economische Zaken en Klimaat")
GL_PVDA = M.party("GroenLinks-PvdA")
REFERENCE_CASES: list[tuple[str, Callable[[Graph], None]]] = [
    ("ChangeEvent-original", lambda g: g.remove((CHANGE_2024, v.ORG.originalOrganization, None))),
    ("ChangeEvent-resulting", lambda g: g.add((CHANGE_2024, v.ORG.resultingOrganization, DOBBE))),
    ("ChangeEvent-startedAtTime", lambda g: g.add((CHANGE_2024, v.PROV.startedAtTime, Literal("2024-07-02", datatype=v.XSD.date)))),
    ("Party-composedOf", lambda g: g.remove((GL_PVDA, v.KG.composedOf, M.party("PvdA")))),
    ("Post-heldBy", lambda g: g.add((EZ, v.ORG.heldBy, EZK))),
]


@pytest.mark.parametrize(("rule", "edit"), REFERENCE_CASES, ids=[case[0] for case in REFERENCE_CASES])
def test_reference_rule_catches_its_broken_variant(rule: str, edit: Callable[[Graph], None]) -> None:
    graph = reference_graph(M)
    graph += document_graph(f.rich_links(f.rich_document(), M))
    assert validate_graph(graph).conforms, validate_graph(graph).text()
    edit(graph)
    report = validate_graph(graph)
    assert any(violation.shape == str(KGSH[rule]) for violation in report.violations), f"{rule} did not fire:\n{report.text()}"


def test_every_rule_has_a_case() -> None:
    shapes = load_shapes()
    rules = {
        str(shape).removeprefix(str(KGSH))
        for shape in shapes.subjects(v.SH.message, None)
        if isinstance(shape, URIRef) and _has_own_constraint(shapes, shape)
    }
    covered = {case[0] for case in CASES + WARNING_CASES} | {case[0] for case in LINKED_CASES} | {case[0] for case in REFERENCE_CASES}
    assert rules - covered == set()


def _has_own_constraint(shapes: Graph, shape: URIRef) -> bool:
    """A rule, not a node shape that only gathers property shapes."""
    gathering = {v.RDF.type, v.SH.message, v.SH.property} | {
        v.SH.targetClass,
        v.SH.targetNode,
        v.SH.targetObjectsOf,
        v.SH.targetSubjectsOf,
    }
    return any(predicate not in gathering for predicate in shapes.predicates(shape, None))


def test_every_shape_has_a_message() -> None:
    shapes = load_shapes()
    named = {s for s in shapes.subjects() if isinstance(s, URIRef) and s.startswith(str(KGSH))}
    assert named
    assert {s for s in named if shapes.value(s, v.SH.message) is None} == set()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(f.documents())
def test_violations_are_results_not_exceptions(doc: Document) -> None:
    report = validate_graph(document_graph(doc))
    # Warnings and infos are results too, but do not break conformance (allow_warnings, allow_infos): an oral
    # question set without its ingezonden date has a warning and still conforms.
    assert report.conforms == all(violation.severity != "Violation" for violation in report.violations)
    assert report.text().startswith("Conforms: ")


# --- the report ----------------------------------------------------------------------------------------------


def test_report_text_groups_violations_by_focus_node() -> None:
    doc = f.rich_document()
    graph = document_graph(doc)
    graph.remove((M.question(doc, "1"), v.SCHEMA.text, None))
    graph.remove((M.question(doc, "1"), v.KG.number, None))
    report = validate_graph(graph)
    text = report.text()
    assert text.startswith("Conforms: no (2 results on 1 node)\n1. " + str(M.question(doc, "1")))
    assert "A question has exactly one text" in text and "A question has exactly one number" in text
    assert {violation.path for violation in report.violations} == {str(v.SCHEMA.text), str(v.KG.number)}


def test_inverse_paths_are_written_in_sparql_notation() -> None:
    doc = f.rich_document()
    graph = document_graph(doc)
    graph.remove((M.document(doc), v.PROV.qualifiedAttribution, M.attribution(doc, "asker", 1)))
    (violation,) = [x for x in validate_graph(graph).violations if x.shape == str(KGSH["Attribution-document"])]
    assert violation.path == f"^<{v.PROV.qualifiedAttribution}>"


def test_merge_combines_reports() -> None:
    good = validate_graph(document_graph(f.question_set()))
    broken_graph = document_graph(f.answer_document())
    broken_graph.remove((None, v.FOAF.name, None))
    bad = validate_graph(broken_graph)
    merged = merge([good, bad])
    assert not merged.conforms
    assert merged.violations == bad.violations
    assert len(merged.graph) == len(good.graph) + len(bad.graph)
    assert merge([good, good]).conforms


def test_violation_and_report_are_frozen() -> None:
    report = ValidationReport(True, (), Graph())
    violation = Violation("urn:x", None, None, "m", "Violation", "urn:s")
    with pytest.raises(AttributeError):
        report.conforms = False  # type: ignore[misc]
    with pytest.raises(AttributeError):
        violation.message = "n"  # type: ignore[misc]
