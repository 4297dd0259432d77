"""The RDF mapping (notes/CONTRACT.md) on factory documents: specific triples, determinism, round trips."""

from __future__ import annotations

import json
import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

import factories as f
from kgraph.link.stage import NullLinker
from kgraph.mint import Minter, malformed_url, page_iri, publication_iri, statute_iri
from kgraph.model import Document, Kind, Office, ReferenceScheme, Span
from kgraph.rdf import document_graph
from kgraph.resources import data_file
from kgraph.vocab import DCTERMS, ELI, FOAF, KG, OA, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

M = Minter()


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(
            "graphs differ\n--- only expected\n"
            + only_expected.serialize(format="nt")
            + "\n+++ only actual\n"
            + only_actual.serialize(format="nt")
        )


# --- the document itself -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        (Kind.QUESTIONS, KG.QuestionSet),
        (Kind.ANSWER, KG.AnswerDocument),
        (Kind.POSTPONEMENT, KG.PostponementNotice),
        (Kind.OTHER, KG.OtherDocument),
    ],
)
def test_document_class_follows_kind(kind: Kind, cls: URIRef) -> None:
    doc = f.document(kind)
    g = document_graph(doc)
    assert list(g.objects(M.document(doc), RDF.type)) == [cls]


def test_graph_is_named_by_the_document() -> None:
    doc = f.question_set()
    assert document_graph(doc).identifier == M.document(doc)


def test_minimal_document_has_only_its_required_triples() -> None:
    doc = Document(source="a.txt", sha256="ab" * 32, kind=Kind.OTHER)
    d = M.document(doc)
    assert set(document_graph(doc)) == {
        (d, RDF.type, KG.OtherDocument),
        (d, KG.sha256, Literal("ab" * 32)),
        (d, KG.fileName, Literal("a.txt")),
        (d, KG.oral, Literal(False)),
    }


def test_document_metadata() -> None:
    doc = f.rich_document()
    d = M.document(doc)
    g = document_graph(doc)
    assert g.value(d, KG.fileName) == Literal("ah-tk-20242025-2917.docx")  # basename, not the path
    assert g.value(d, DCTERMS.source) is None  # a file name is not a resource the document derives from
    assert g.value(d, DCTERMS.identifier) == Literal("ah-tk-20242025-2917")
    assert g.value(d, OWL.sameAs) == publication_iri("ah-tk-20242025-2917")  # its own address: the same publication
    assert g.value(d, KG.textLength) == Literal(doc.text_length, datatype=XSD.integer)
    assert g.value(d, DCTERMS.title) == Literal("Microsoft-datacenters en Unit 8200", lang="nl")
    # An answer repeats its questions' '(ingezonden …)' date: not the day the answer was submitted.
    assert g.value(d, DCTERMS.dateSubmitted) is None
    assert g.value(d, KG.questionsSubmitted) == Literal("2025-08-20", datatype=XSD.date)
    assert g.value(d, KG.dateReceived) == Literal("2025-09-22", datatype=XSD.date)
    assert g.value(d, KG.sha256) == Literal(doc.sha256)


def test_oral_flag() -> None:
    doc = f.question_set(oral=True, questions=())
    assert (M.document(doc), KG.oral, Literal(True)) in document_graph(doc)


def test_windows_paths_give_the_basename() -> None:
    doc = f.document(source="C:\\Kamer\\vragen.pdf")
    assert document_graph(doc).value(M.document(doc), KG.fileName) == Literal("vragen.pdf")


def test_a_question_set_is_submitted_on_its_own_date() -> None:
    doc = f.question_set()
    g = document_graph(doc)
    assert g.value(M.document(doc), DCTERMS.dateSubmitted) == Literal("2025-05-22", datatype=XSD.date)
    assert g.value(M.document(doc), KG.questionsSubmitted) is None


# --- askers, posts, answerers --------------------------------------------------------------------------------


def test_askers_are_qualified_attributions_with_party_and_span() -> None:
    doc = f.rich_document()
    d = M.document(doc)
    g = document_graph(doc)
    dobbe = M.printed_person("Dobbe", "kamerlid", "SP")  # unlinked: the printed name, role and party
    attribution = M.attribution(doc, "asker", 1)
    assert (d, KG.askedBy, dobbe) in g
    assert (dobbe, RDF.type, FOAF.Person) in g
    assert (dobbe, FOAF.name, Literal("Dobbe")) in g
    assert (d, PROV.qualifiedAttribution, attribution) in g
    assert (attribution, RDF.type, PROV.Attribution) in g
    assert (attribution, PROV.agent, dobbe) in g
    assert (attribution, PROV.hadRole, KG.asker) in g
    assert (attribution, KG.party, M.party("SP")) in g
    assert (M.party("SP"), RDF.type, KG.PoliticalParty) in g
    assert (M.party("SP"), SKOS.prefLabel, Literal("SP", lang="nl")) in g
    assert (attribution, KG.partyAsPrinted, Literal("SP")) in g
    assert (attribution, KG.textSpan, M.span(doc, doc.askers[0].span)) in g


def test_a_linked_party_has_the_tables_labels_and_the_printed_one_stays_on_the_attribution() -> None:
    doc = f.rich_document()  # Piri (GroenLinks-PvdA), linked by the party table
    g = document_graph(f.rich_links(doc, M))
    party = M.party("GroenLinks-PvdA")
    assert g.value(M.attribution(doc, "asker", 2), KG.partyAsPrinted) == Literal("GroenLinks-PvdA")
    assert g.value(party, SKOS.prefLabel) == Literal("GroenLinks-PvdA", lang="nl")
    assert Literal("GL-PvdA", lang="nl") in set(g.objects(party, SKOS.altLabel))  # from the party table


def test_asker_without_party_has_no_party_link() -> None:
    doc = f.rich_document()
    third = M.attribution(doc, "asker", 3)
    g = document_graph(doc)
    assert g.value(third, PROV.agent) == M.printed_person("Teunissen", "kamerlid")
    assert g.value(third, KG.party) is None


def test_addressees_and_on_behalf_of_are_posts_in_ministries() -> None:
    doc = f.rich_document()
    d = M.document(doc)
    g = document_graph(doc)
    ez = M.post(Office.MINISTER, "Economische Zaken")
    bz = M.post(Office.MINISTER, "Buitenlandse Zaken")
    mp = M.post(Office.MINISTER_PRESIDENT, "Algemene Zaken")
    assert set(g.objects(d, KG.addressedTo)) == {ez, mp}
    assert set(g.objects(d, KG.onBehalfOf)) == {bz}
    assert (bz, RDF.type, ORG.Post) in g
    assert (bz, RDFS.label, Literal("minister van Buitenlandse Zaken", lang="nl")) in g
    assert (mp, RDFS.label, Literal("minister-president", lang="nl")) in g
    assert (bz, ORG.role, M.role(Office.MINISTER)) in g
    assert (M.role(Office.MINISTER), RDF.type, ORG.Role) in g
    assert (M.role(Office.MINISTER), SKOS.prefLabel, Literal("minister", lang="nl")) in g
    assert (bz, ORG.postIn, M.ministry("Buitenlandse Zaken")) in g
    assert (M.ministry("Buitenlandse Zaken"), RDF.type, KG.Ministry) in g
    assert (M.ministry("Buitenlandse Zaken"), SKOS.prefLabel, Literal("Buitenlandse Zaken", lang="nl")) in g


def test_named_answerer() -> None:
    doc = f.rich_document()
    d = M.document(doc)
    g = document_graph(doc)
    attribution = M.attribution(doc, "answerer", 1)
    post = M.post(Office.MINISTER, "Economische Zaken")
    assert (d, KG.answererPost, post) in g
    assert (d, KG.answeredBy, M.printed_person("Karremans", "bewindspersoon")) in g
    assert (d, PROV.qualifiedAttribution, attribution) in g
    assert (attribution, PROV.hadRole, KG.answerer) in g
    assert (attribution, KG.post, post) in g
    assert (attribution, PROV.agent, M.printed_person("Karremans", "bewindspersoon")) in g
    assert (attribution, KG.textSpan, M.span(doc, doc.answerers[0].span)) in g


def test_unnamed_answerer_has_a_post_but_no_agent() -> None:
    doc = f.rich_document()
    d = M.document(doc)
    g = document_graph(doc)
    attribution = M.attribution(doc, "answerer", 2)
    post = M.post(Office.STAATSSECRETARIS, "Justitie en Veiligheid")
    assert (d, KG.answererPost, post) in g
    assert (attribution, KG.post, post) in g
    assert g.value(attribution, PROV.agent) is None
    assert set(g.objects(d, KG.answeredBy)) == {M.printed_person("Karremans", "bewindspersoon")}


# --- questions, answers, footnotes ---------------------------------------------------------------------------


def test_questions() -> None:
    doc = f.rich_document()
    d = M.document(doc)
    g = document_graph(doc)
    q = M.question(doc, "1a")
    assert (q, RDF.type, SCHEMA.Question) in g
    assert (q, SCHEMA.isPartOf, d) in g
    assert (d, SCHEMA.hasPart, q) in g
    assert (q, KG.number, Literal("1a")) in g
    assert (q, SCHEMA.position, Literal(2)) in g
    assert g.value(q, SCHEMA.position).datatype == XSD.integer  # type: ignore[union-attr]
    assert (q, SCHEMA.text, Literal("Klopt bericht 1a?", lang="nl")) in g
    assert (q, KG.textSpan, M.span(doc, doc.questions[1].span)) in g


def test_answers_point_to_every_question_they_answer() -> None:
    doc = f.rich_document()
    d = M.document(doc)
    g = document_graph(doc)
    first, second = M.answer(doc, 1), M.answer(doc, 2)
    assert (first, RDF.type, SCHEMA.Answer) in g
    assert (first, SCHEMA.isPartOf, d) in g
    assert (d, SCHEMA.hasPart, first) in g
    assert set(g.objects(first, SCHEMA.parentItem)) == {M.question(doc, "1"), M.question(doc, "1a")}
    assert set(g.objects(second, SCHEMA.parentItem)) == {M.question(doc, "2")}
    assert (second, SCHEMA.position, Literal(2)) in g
    assert (second, SCHEMA.text, Literal("Nee.", lang="nl")) in g
    assert (second, KG.textSpan, M.span(doc, doc.answers[1].span)) in g


def test_footnotes_cite_web_pages() -> None:
    doc = f.rich_document()
    d = M.document(doc)
    g = document_graph(doc)
    note = M.footnote(doc, "1")
    escaped = URIRef("https://www.theguardian.com/world/2025/aug/06/a%20b")
    schemeless = URIRef("https://nos.nl/artikel/2")  # printed "nos.nl/artikel/2": https:// added
    assert (note, RDF.type, KG.Footnote) in g
    assert (note, SCHEMA.isPartOf, d) in g
    assert (d, SCHEMA.hasPart, note) in g  # not in CONTRACT.md: added so hasPart/isPartOf are symmetric
    assert (note, KG.number, Literal("1")) in g
    assert set(g.objects(note, SCHEMA.citation)) == {escaped, schemeless}
    assert (escaped, RDF.type, SCHEMA.CreativeWork) in g
    assert (escaped, SCHEMA.url, Literal(str(escaped), datatype=XSD.anyURI)) in g
    assert (schemeless, SCHEMA.url, Literal("https://nos.nl/artikel/2", datatype=XSD.anyURI)) in g
    assert list(g.objects(M.footnote(doc, "2"), SCHEMA.citation)) == []


# --- references and mentions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("identifier", "iri", "cls"),
    [
        ("kst-36410-V-27", publication_iri("kst-36410-V-27"), KG.Kamerstuk),
        ("kst-21501-02-2733", publication_iri("kst-21501-02-2733"), KG.Kamerstuk),
        ("ah-tk-20242025-2917", publication_iri("ah-tk-20242025-2917"), KG.AanhangselPublication),
        ("2025Z10261", M.zaak("2025Z10261"), KG.Zaak),
        ("BWBR0001840", statute_iri("BWBR0001840"), ELI.LegalResource),
        ("32022R2065", URIRef("http://data.europa.eu/eli/reg/2022/2065/oj"), ELI.LegalResource),
    ],
)
def test_references(identifier: str, iri: URIRef, cls: URIRef) -> None:
    doc = f.rich_document()
    g = document_graph(doc)
    assert (M.document(doc), DCTERMS.references, iri) in g
    assert (iri, RDF.type, cls) in g
    assert (iri, DCTERMS.identifier, Literal(identifier)) in g
    if cls == ELI.LegalResource:  # ELI's local identifier: the BWB id or the CELEX number
        assert (iri, ELI.id_local, Literal(identifier)) in g


def test_an_article_is_numbered_with_eli_number() -> None:
    doc = f.rich_document()
    g = document_graph(doc)
    article = URIRef("https://wetten.overheid.nl/jci1.3:c:BWBR0001840&artikel=68")
    assert g.value(article, ELI.number) == Literal("68")
    assert g.value(article, ELI.id_local) is None


def test_each_occurrence_of_a_reference_is_an_identifying_annotation() -> None:
    doc = f.rich_document()
    d = M.document(doc)
    g = document_graph(doc)
    kst = publication_iri("kst-36410-V-27")
    occurrences = [r.span for r in doc.references if r.identifier == "kst-36410-V-27"]
    assert len(occurrences) == 2
    assert set(g.subjects(OA.hasBody, kst)) == {M.mention(doc, span) for span in occurrences}
    for span in occurrences:
        mention = M.mention(doc, span)
        assert (mention, RDF.type, OA.Annotation) in g
        assert (mention, RDF.type, KG.Mention) in g
        assert (mention, OA.motivatedBy, OA.identifying) in g
        assert (mention, OA.hasTarget, M.span(doc, span)) in g
    assert list(g.objects(d, DCTERMS.references)).count(kst) == 1


def test_statute_id_without_public_address_is_kept_under_our_base() -> None:
    doc = f.document(references=(f.reference("32019D0001", scheme=ReferenceScheme.STATUTE),))
    g = document_graph(doc)
    assert (M.document(doc), DCTERMS.references, M.statute("32019D0001")) in g


# --- spans ---------------------------------------------------------------------------------------------------


def test_spans_are_web_annotation_text_positions() -> None:
    doc = f.question_set(questions=(f.question("1", span=Span(100, 142)),))
    g = document_graph(doc)
    span = M.span(doc, Span(100, 142))
    selector = M.selector(doc, Span(100, 142))
    assert (M.question(doc, "1"), KG.textSpan, span) in g
    assert (span, RDF.type, OA.SpecificResource) in g
    assert (span, OA.hasSource, M.document(doc)) in g
    assert (span, OA.hasSelector, selector) in g
    assert (selector, RDF.type, OA.TextPositionSelector) in g
    assert (selector, OA.start, Literal(100, datatype=XSD.integer)) in g
    assert (selector, OA.end, Literal(142, datatype=XSD.integer)) in g


# --- IRIs, determinism, round trips --------------------------------------------------------------------------


def test_no_blank_nodes() -> None:
    g = document_graph(f.rich_document())
    assert not [t for t in g if any(isinstance(term, BNode) for term in t)]


def test_instance_iris_use_the_minters_base() -> None:
    doc = f.rich_document()
    other = Minter("http://example.org/kg/")
    g = document_graph(doc, other)
    ours = {t for triple in g for t in triple if isinstance(t, URIRef) and t.startswith(M.base)}
    assert ours == set()
    assert g.identifier == other.document(doc)


def test_same_document_same_triples() -> None:
    doc = f.rich_document()
    assert set(document_graph(doc)) == set(document_graph(doc))
    assert set(document_graph(doc)) == set(document_graph(f.rich_document()))


def test_mapping_prefixes_are_bound() -> None:
    namespaces = dict(document_graph(f.rich_document()).namespaces())
    assert namespaces["schema"] == URIRef("https://schema.org/")
    assert namespaces["kg"] == URIRef(str(KG))
    assert namespaces["oa"] == URIRef(str(OA))


@pytest.mark.parametrize(
    ("written", "read"),
    [("turtle", "turtle"), ("longturtle", "turtle"), ("nt", "nt"), ("xml", "xml"), ("json-ld", "json-ld")],
)
def test_serialise_then_parse_is_isomorphic(written: str, read: str) -> None:
    g = document_graph(f.rich_document())
    assert_isomorphic(g, Graph().parse(data=g.serialize(format=written), format=read))


def test_trig_keeps_the_graph_name() -> None:
    g = document_graph(f.rich_document())
    dataset = Dataset()
    dataset.parse(data=g.serialize(format="trig"), format="trig")
    assert_isomorphic(g, dataset.graph(g.identifier))


def test_json_ld_with_the_shipped_context_round_trips() -> None:
    g = document_graph(f.rich_document())
    context = json.loads(data_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    text = g.serialize(format="json-ld", context=context, auto_compact=True)
    assert '"askedBy"' in text and '"dateSubmitted"' in text
    assert_isomorphic(g, Graph().parse(data=text, format="json-ld"))


# --- properties ----------------------------------------------------------------------------------------------

# An IRI per RFC 3987: a scheme, then none of the characters IRIs forbid (nor white space of any kind).
VALID_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^\s\x00-\x20<>"{}|\\^`\x7f-\x9f]*$')

@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(f.documents(), st.sampled_from(["https://w3id.org/kgraph/id/", "http://example.org/x#"]))
def test_any_document_maps_to_valid_iris_and_round_trips(doc: Document, base: str) -> None:
    g = document_graph(doc, Minter(base))
    assert (Minter(base).document(doc), RDF.type, None) in g
    for triple in g:
        for term in triple:
            assert not isinstance(term, BNode)
            if isinstance(term, URIRef):
                assert VALID_IRI.match(term), f"not a valid IRI: {term!r}"
    assert_isomorphic(g, Graph().parse(data=g.serialize(format="nt"), format="nt"))


@given(st.text(string.printable, max_size=40))
def test_any_footnote_url_becomes_an_absolute_iri(url: str) -> None:
    doc = f.document(footnotes=(f.footnote(urls=(url,)),))
    linked = NullLinker(M).link(doc)
    g = document_graph(linked)
    cited = list(g.objects(M.footnote(doc, "1"), SCHEMA.citation))
    if malformed_url(url):
        # Not a web address: a warning, and no node.
        assert cited == [] and any("is not a web address" in warning for warning in linked.warnings)
        return
    (page,) = cited
    assert VALID_IRI.match(page)
    assert str(page) == str(page_iri(doc.footnotes[0].cited_urls[0].iri))
    assert g.value(page, SCHEMA.url) == Literal(str(page), datatype=XSD.anyURI)
