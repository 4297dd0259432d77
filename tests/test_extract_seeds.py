"""Golden tests for the two seed documents. Every expected value below was typed from reading the seed text
(seeds/000_… and seeds/002_…), not copied from kgraph's output."""

from __future__ import annotations

import datetime as dt

import jsonschema
import pytest

from kgraph.extract import extract
from kgraph.model import Document, Kind, Office, ReferenceScheme
from kgraph.read import read
from kgraph.record import record_schema, to_record

from conftest import ANSWER_SEED, QUESTION_SEED


@pytest.fixture(scope="module")
def answer_doc() -> Document:
    return extract(read(ANSWER_SEED))


@pytest.fixture(scope="module")
def question_doc() -> Document:
    return extract(read(QUESTION_SEED))


# (number, first words, last words) of each question, as printed.
ANSWER_SEED_QUESTIONS = [
    ("1", "Heeft u kennisgenomen van het artikel in ‘A million calls an hour’", "gemeente Hollands Kroon?"),
    ("2", "Kunt u bevestigen of het Microsoft datacenter in Nederland", "de illegaal bezette Westelijke Jordaanoever?"),
    ("3", "Heeft Microsoft Nederland of Microsoft internationaal melding gedaan", "samenwerking met Unit 8200?"),
    ("4", "Indien u dit niet kunt bevestigen, bent u bereid", "inclusief overleg met Microsoft Nederland?"),
    ("5", "Hoe beoordeelt u de mogelijke betrokkenheid", "bij het plegen van genocide?"),
    ("6", "Bent u bereid om, indien bevestigd wordt", "te laten beëindigen? Zo nee, waarom niet?"),
    ("7", "Wat kan Nederland doen om in de toekomst", "middelen om hierop toe te zien?"),
    ("8", "Bent u bereid de Kamer te informeren over eventuele contracten", "inlichtingengegevens in Nederlandse datacenters?"),
    ("9", "Erkent u dat, indien Nederlandse infrastructuur", "medeplichtigheid aan die schendingen? Zo nee, waarom niet?"),
]
# (first words, last words) of each answer, in order; answer i answers question i.
ANSWER_SEED_ANSWERS = [
    ("Ja.", "Ja."),
    ("Ik kan niet beoordelen of het betreffende Microsoft datacenter", "openbaar maken zodra het is afgerond."),
    ("Nee. Zoals aangegeven in het antwoord op vraag 2", "in hun datacenter wordt opgeslagen."),
    ("Zoals in het antwoord op vraag 3 is vermeld", "maken daarbij hun eigen afwegingen."),
    ("Zoals geantwoord op vraag 4", "maken daarbij hun eigen afwegingen."),
    ("Microsoft doet zelf onderzoek", "de antwoorden op de vragen 4 en 5."),
    ("In aanvulling op het antwoord op vraag 5 verwijs ik ook naar de digitaledienstenverordening", "of strafrechtelijk onderzoek wordt ingesteld."),
    ("Ik ben niet bekend met dergelijke contracten", "daar dan ook niet over informeren."),
    ("Juridisch gezien is medeplichtigheid enkel aan de orde", "uw Kamer een brief op 12 januari 2024."),
]
QUESTION_SEED_QUESTIONS = [
    ("1", "Klopt het dat de toegang tot de e-mail van de hoofdaanklager van het Internationaal Strafhof (ICC)", "Zo ja, wat vindt u hiervan?"),
    ("2", "Heeft Microsoft stappen ondernomen", "Zo nee, wat vindt u hiervan?"),
    ("3", "Welke stappen onderneemt u richting Microsoft", "zowel met Microsoft als de Amerikaanse overheid in gesprek te gaan?"),
    ("4", "Welke verantwoordelijkheid draagt u als gastheer", "van het Internationaal Strafhof te beschermen?"),
    ("5", "Klopt het dat deze maatregel in de praktijk betekent", "zoals tussenkomst van een rechter?"),
    ("6", "Zo ja, deelt u dat dit een ernstige uitholling", "haar instituties betekent?"),
    ("7", "Welke maatregelen neemt u om de digitale soevereiniteit", "een concrete agenda met de Kamer te delen?"),
]


def test_answer_seed_header(answer_doc: Document) -> None:
    assert answer_doc.kind is Kind.ANSWER
    assert answer_doc.oral is False
    assert answer_doc.submitted is None
    assert answer_doc.received is not None and answer_doc.received.value == dt.date(2025, 9, 22)
    assert answer_doc.askers == () and answer_doc.addressees == ()
    [answerer] = answer_doc.answerers
    assert (answerer.office, answerer.name, answerer.portfolio) == (Office.MINISTER, "Karremans", "Economische Zaken")
    assert [(p.office, p.portfolio) for p in answer_doc.on_behalf_of] == [(Office.MINISTER, "Buitenlandse Zaken")]
    assert answer_doc.koop_id is None
    assert answer_doc.warnings == ()


@pytest.mark.parametrize(("number", "first", "last"), ANSWER_SEED_QUESTIONS)
def test_answer_seed_questions(answer_doc: Document, number: str, first: str, last: str) -> None:
    question = next(q for q in answer_doc.questions if q.number == number)
    assert question.text.startswith(first)
    assert question.text.endswith(last)
    assert "footnoteRef" not in question.text and "bookmark" not in question.text and "Antwoord" not in question.text


def test_answer_seed_pairing(answer_doc: Document) -> None:
    assert [q.number for q in answer_doc.questions] == [str(n) for n in range(1, 10)]
    assert [a.questions for a in answer_doc.answers] == [(str(n),) for n in range(1, 10)]
    for answer, (first, last) in zip(answer_doc.answers, ANSWER_SEED_ANSWERS, strict=True):
        assert answer.text.startswith(first)
        assert answer.text.endswith(last)
    # Answer 2 has two paragraphs; the [bookmark: …] artefact before it is gone.
    assert answer_doc.answers[1].text.count("\n\n") == 1
    assert "[" not in answer_doc.answers[8].text


def test_answer_seed_footnotes_and_references(answer_doc: Document) -> None:
    assert [(f.number, f.urls) for f in answer_doc.footnotes] == [
        ("1", ("https://www.theguardian.com/world/2025/aug/06/microsoft-israeli-military-palestinian-phone-calls-cloud",)),
        ("2", ()),
    ]
    assert answer_doc.footnotes[0].text.startswith("The Guardian, 6 augustus 2025")
    assert answer_doc.footnotes[1].text == "Kamerstukken II, 2023/24, 36 410 V, nr. 27."
    ids = {scheme: [r.identifier for r in answer_doc.references_of(scheme)] for scheme in ReferenceScheme}
    assert ids[ReferenceScheme.KAMERSTUK] == ["kst-36410-V-27"]
    assert ids[ReferenceScheme.AANHANGSEL] == ["ah-tk-20242025-2917"]
    assert ids[ReferenceScheme.ZAAK] == []
    # "digitaledienstenverordening" is printed four times in answer 7: Regulation (EU) 2022/2065.
    assert ids[ReferenceScheme.STATUTE] == ["32022R2065"] * 4


def test_question_seed_header(question_doc: Document) -> None:
    assert question_doc.kind is Kind.QUESTIONS
    assert question_doc.oral is False
    assert question_doc.submitted is not None and question_doc.submitted.value == dt.date(2025, 5, 22)
    assert question_doc.received is None
    # The Toelichting names Dobbe, Piri and Teunissen as askers of earlier questions: not askers of this set.
    assert [(a.name, a.party) for a in question_doc.askers] == [("Bontenbal", "CDA"), ("Krul", "CDA"), ("Boswijk", "CDA")]
    assert [(p.office, p.portfolio) for p in question_doc.addressees] == [
        (Office.MINISTER, "Buitenlandse Zaken"),
        (Office.STAATSSECRETARIS, "Binnenlandse Zaken en Koninkrijksrelaties"),
    ]
    assert question_doc.answerers == () and question_doc.on_behalf_of == () and question_doc.answers == ()
    assert question_doc.title == "het bericht ‘Wake-up call: Microsoft sluit e-mail ICC zonder pardon af’"


@pytest.mark.parametrize(("number", "first", "last"), QUESTION_SEED_QUESTIONS)
def test_question_seed_questions(question_doc: Document, number: str, first: str, last: str) -> None:
    question = next(q for q in question_doc.questions if q.number == number)
    assert question.text.startswith(first)
    assert question.text.endswith(last)


def test_question_seed_stops_before_notes_and_toelichting(question_doc: Document) -> None:
    assert [q.number for q in question_doc.questions] == [str(n) for n in range(1, 8)]
    assert "Binnenlands Bestuur" not in question_doc.questions[-1].text
    assert "Toelichting" not in question_doc.questions[-1].text


def test_question_seed_footnote_url_rejoined(question_doc: Document) -> None:
    [note] = question_doc.footnotes
    assert note.number == "1"
    assert note.urls == ("https://www.binnenlandsbestuur.nl/digitaal/wake-up-call-microsoft-sluit-e-mail-icc-zonder-pardon-af",)
    assert [r.identifier for r in question_doc.references_of(ReferenceScheme.ZAAK)] == ["2025Z10261"]
    assert question_doc.references_of(ReferenceScheme.KAMERSTUK) == ()


@pytest.mark.parametrize("path", [ANSWER_SEED, QUESTION_SEED], ids=["answer", "questions"])
def test_spans_point_at_their_values(path: object) -> None:
    source = read(path)  # type: ignore[arg-type]
    doc = extract(source)
    for asker in doc.askers:
        assert source.text[asker.span.start:asker.span.end] == asker.name
    for answerer in doc.answerers:
        assert answerer.name is not None and answerer.name in source.text[answerer.span.start:answerer.span.end]
    for question in doc.questions:
        assert question.text[:20] in source.text[question.span.start:question.span.end].replace("\n", " ")
    for ref in doc.references:
        assert source.text[ref.span.start:ref.span.end] == ref.label


@pytest.mark.parametrize("path", [ANSWER_SEED, QUESTION_SEED], ids=["answer", "questions"])
def test_record_follows_schema(path: object) -> None:
    jsonschema.validate(to_record(extract(read(path))), record_schema())  # type: ignore[arg-type]
