"""The KOOP XML and HTML readers: fixtures assembled in the published structure (tests/fixtures/koop/, each says
which real pieces and code it follows), the record the extractor makes of each, the real pieces themselves
(../shared/data/koop, when present), and refusals.

Expected values are read off the fixtures by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.errors import ReadError
from kgraph.extract import extract
from kgraph.extract.references import linked_references
from kgraph.link.cases import own_zaak_number
from kgraph.model import Document, Kind, LinkRegion, Office, Reference, ReferenceScheme, SourceText, Span
from kgraph.read import read
from kgraph.read.koop_html import read_koop_html
from kgraph.read.koop_xml import koop_id_in, read_koop_xml
from kgraph.rdf import document_graph
from kgraph.record import to_record
from kgraph.validate import validate_graph

FIXTURES = Path(__file__).parent / "fixtures" / "koop"
#: Real pieces of KOOP XML (see its README.md): the vraag/antwoord elements of six Aanhangsel publications and one
#: real publication XML of another type.
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "koop"
REAL_ELEMENTS = REAL / "fragments" / "wetsuite_ah-tk_vraag_antwoord_elements.json"
REAL_OTHER = REAL / "other" / "000997f1-f677-4f1a-9be2-7f0faf8479a7.xml"
M = Office.MINISTER
S = Office.STAATSSECRETARIS


def record(name: str) -> Document:
    return extract(read(FIXTURES / name))


def askers(doc: Document) -> list[tuple[str, str | None]]:
    return [(a.name, a.party) for a in doc.askers]


def posts(items: tuple[object, ...]) -> list[tuple[object, ...]]:
    return [(getattr(p, "office"), getattr(p, "portfolio")) for p in items]


def answerers(doc: Document) -> list[tuple[Office, str | None, str]]:
    return [(a.office, a.name, a.portfolio) for a in doc.answerers]


def notes(doc: Document) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.number, f.urls) for f in doc.footnotes]


def ids(doc: Document, scheme: str) -> list[str]:
    value: list[str] = to_record(doc)["references"][scheme]
    return value


def links(source: SourceText) -> list[tuple[str, str]]:
    """Each link's target and the text it lies over."""
    return [(link.target, source.text[link.span.start:link.span.end]) for link in source.links]


def kamervragen(body: str, metadata: str = "") -> bytes:
    """A publication in the real root (the real motion in ../shared/data/koop/other/) around a kamervragen block."""
    return (
        '<officiele-publicatie xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<metadata>{metadata}</metadata><kamervragen>{body}</kamervragen></officiele-publicatie>"
    ).encode()


# ---------------------------------------------------------------------------------------------------------------
# Fixtures -> records
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """What the record of a fixture holds: its kind, its own ids, its questions and answers, and what it cites."""

    name: str
    kind: Kind
    koop_id: str
    zaak: str | None  # the own zaak number the case linker reads (kgraph.link.cases.own_zaak_number)
    questions: tuple[str, ...]
    answers: tuple[tuple[str, ...], ...]
    kamerstukken: tuple[str, ...] = ()
    aanhangsel: tuple[str, ...] = ()


FIXTURE_RECORDS = [
    Expected("kv-tk-2024Z17342.xml", Kind.QUESTIONS, "kv-tk-2024Z17342", "2024Z17342", ("1", "2", "3"), (), ("kst-31839-1000",)),
    Expected("ah-tk-20242025-512.xml", Kind.ANSWER, "ah-tk-20242025-512", "2024Z14410", ("1", "2", "3", "4"),
             (("1",), ("2", "3"), ("4",)), ("kst-29628-1210",), ("ah-tk-20242025-287",)),
    # Real elements: "Vraag 5, 6" and "Antwoord 5, 6" group two questions; the zaak number is the kamervraagnummer.
    Expected("ah-tk-20192020-2197.xml", Kind.ANSWER, "ah-tk-20192020-2197", "2020Z02131", tuple("123456789"),
             (("1",), ("2",), ("3",), ("4",), ("5", "6"), ("7",), ("8",), ("9",))),
    # Real elements: the link targets, not the printed text ("Kamerstuk p31 066", "25 087 / 31 066, nr.191"); the
    # zaak number from the notes the answer copied from the question set (ID-2018Z03521-…).
    Expected("ah-tk-20172018-1547.xml", Kind.ANSWER, "ah-tk-20172018-1547", "2018Z03521", ("1", "2", "3", "4", "46"),
             (("1",), ("2",), ("3",), ("4",), ("46",)), ("kst-25087-191", "kst-31066-119", "kst-31066-77", "kst-31066-275")),
    # vragen and reactie side by side; its vraagnummer (2050605840) is no zaak number.
    Expected("ah-tk-20052006-1234.xml", Kind.ANSWER, "ah-tk-20052006-1234", None, ("1", "2"), (("1",), ("2",))),
    Expected("ah-tk-20232024-1850.xml", Kind.ANSWER, "ah-tk-20232024-1850", "2024Z11922", ("1", "2", "3"),
             (("1",), ("2", "3")), ("kst-32813-1395",)),
    Expected("ah-tk-20232024-1850.html", Kind.ANSWER, "ah-tk-20232024-1850", "2024Z11922", ("1", "2", "3"),
             (("1",), ("2", "3")), ("kst-32813-1395",)),
]


@pytest.mark.parametrize("expected", FIXTURE_RECORDS, ids=lambda e: e.name)
def test_fixture_records(expected: Expected) -> None:
    doc = record(expected.name)
    assert (doc.kind, doc.koop_id, own_zaak_number(doc)) == (expected.kind, expected.koop_id, expected.zaak)
    assert tuple(q.number for q in doc.questions) == expected.questions
    assert tuple(a.questions for a in doc.answers) == expected.answers
    assert tuple(ids(doc, "kamerstukken")) == expected.kamerstukken
    assert tuple(ids(doc, "aanhangsel")) == expected.aanhangsel
    assert doc.warnings == ()
    assert validate_graph(document_graph(doc)).conforms


def test_answer_assembled_from_real_elements() -> None:
    doc = record("ah-tk-20192020-2197.xml")
    assert askers(doc) == [("Postma", "CDA")]
    assert answerers(doc) == [(M, "Grapperhaus", "Justitie en Veiligheid")]
    assert doc.questions[4].text.startswith("Bent u het ermee eens dat als de ene overheidsinstantie")
    assert doc.questions[5].text.startswith("Bent u bereid om in gesprek te gaan met de verantwoordelijke wethouder")
    nieuwsuur = "https://nos.nl/nieuwsuur/artikel/2321556-nooit-meer-aa-86-zomaar-kopieren-als-het-aan-cda-ligt.html"
    assert notes(doc) == [("1", (nieuwsuur,)), ("2", ())]
    assert doc.footnotes[1].text == "Handelingen II, vergaderjaar 2019–2020, nr. 28, item 3"  # a link to h-tk-20192020-28-3
    source = read(FIXTURES / "ah-tk-20192020-2197.xml")
    assert source.text.startswith("ah-tk-20192020-2197\n\n2020Z02131\n\nVragen van het lid Postma (CDA)")
    assert "Vergaderjaar" not in source.text and "\n2197\n" not in source.text  # the rest of kamervraagkop
    assert ("h-tk-20192020-28-3", "28, item 3") in links(source)


def test_links_to_kamerstukken_take_the_target_not_the_printed_text() -> None:
    source = read(FIXTURES / "ah-tk-20172018-1547.xml")
    assert [link for link in links(source) if link[0].startswith("kst-")] == [
        ("kst-25087-191", "25 087 / 31 066, nr.191"),  # answer 46: counted in the first of two dossiers
        ("kst-31066-119", "31 066, nr. 119"),  # note 1 prints "Kamerstuk p31 066, nr. 119."
        ("kst-31066-77", "31 066, nr. 77"),
        ("kst-31066-275", "31 066, nr. 275"),
    ]
    doc = extract(source)
    cited = {r.identifier: r.label for r in doc.references if r.scheme is ReferenceScheme.KAMERSTUK}
    assert cited["kst-25087-191"] == "25 087 / 31 066, nr.191" and "kst-31066-191" not in cited
    assert cited["kst-31066-77"] == "Kamerstuk 31 066, nr. 77"  # printed and linked agree: the printed label stays
    assert answerers(doc) == [(S, "Snel", "Financiën")]


def test_question_set_xml() -> None:
    doc = record("kv-tk-2024Z17342.xml")
    assert doc.kind is Kind.QUESTIONS
    assert doc.koop_id == "kv-tk-2024Z17342"  # from the metadata record's URL
    assert doc.title == "het bericht «Wachtlijsten in de jeugdzorg lopen verder op»"
    assert doc.submitted is not None and doc.submitted.value == dt.date(2024, 10, 15)
    assert doc.received is None
    assert askers(doc) == [("Bikker", "ChristenUnie"), ("Van der Plas", "BBB")]  # voorvoegsels + achternaam
    assert posts(doc.addressees) == [(M, "Volksgezondheid, Welzijn en Sport")]
    assert doc.answerers == () and doc.on_behalf_of == () and doc.answers == ()
    assert [q.number for q in doc.questions] == ["1", "2", "3"]
    # The list items are lines of one paragraph: the extractor joins them.
    assert doc.questions[1].text == (
        "Hoeveel kinderen staan op dit moment op een wachtlijst voor:\n\na. specialistische jeugdhulp; b. jeugdhulp met verblijf?"
    )
    # The note's URL is wrapped over two lines in the source; the note's reference is gone from the question.
    assert notes(doc) == [("1", ("https://nos.nl/artikel/2540123-wachtlijsten-in-de-jeugdzorg-lopen-verder-op",))]
    assert doc.questions[0].text == "Bent u bekend met het bericht «Wachtlijsten in de jeugdzorg lopen verder op»?"
    assert ids(doc, "kamerstukken") == ["kst-31839-1000"]
    assert doc.warnings == ()


def test_question_set_xml_leaves_out_the_publication_header() -> None:
    source = read(FIXTURES / "kv-tk-2024Z17342.xml")
    assert source.format == "xml"
    assert source.text.startswith("kv-tk-2024Z17342\n\nVragen van de leden Bikker (ChristenUnie) en Van der Plas (BBB)")
    assert "Vergaderjaar" not in source.text and "\n2024Z17342" not in source.text  # kamervraagkop, kamervraagnummer
    assert "\nVraag 2\n\nHoeveel kinderen staan op dit moment op een wachtlijst voor:\n\na. specialistische jeugdhulp;\nb. jeugdhulp met verblijf?\n" in source.text


def test_answer_xml_with_grouped_answer_nootref_and_mede_namens() -> None:
    doc = record("ah-tk-20242025-512.xml")
    assert doc.kind is Kind.ANSWER
    assert doc.koop_id == "ah-tk-20242025-512"
    assert doc.title == "de sluiting van het politiebureau in Wolvega"
    assert doc.submitted is not None and doc.submitted.value == dt.date(2024, 9, 20)
    assert doc.received is not None and doc.received.value == dt.date(2024, 11, 14)
    assert askers(doc) == [("Mutluer", "GroenLinks-PvdA")]
    assert posts(doc.addressees) == [(M, "Justitie en Veiligheid")]
    assert answerers(doc) == [(M, "Van Weel", "Justitie en Veiligheid")]
    assert posts(doc.on_behalf_of) == [(M, "Binnenlandse Zaken en Koninkrijksrelaties")]
    assert [q.number for q in doc.questions] == ["1", "2", "3", "4"]
    assert [a.questions for a in doc.answers] == [("1",), ("2", "3"), ("4",)]
    grouped = doc.answers[1].text
    assert grouped.startswith("In mijn brief van 2 juli 2024 heb ik uw Kamer geïnformeerd over het aantal politiebureaus:")
    assert "Jaar | Gesloten bureaus 2022 | 2 2023 | 1" in grouped  # table rows, joined by the extractor
    assert grouped.endswith("Over de aanrijtijden verwijs ik naar dezelfde brief.")  # nootref left no number
    # Note 2 is referenced twice (noot, then nootref) and listed once; note 1's bare URL is rejoined.
    assert notes(doc) == [("1", ("www.lc.nl/friesland/politiebureau-wolvega-gaat-dicht-12345678.html",)), ("2", ())]
    assert doc.footnotes[1].text == "Kamerstuk 29 628, nr. 1210"
    assert ids(doc, "kamerstukken") == ["kst-29628-1210"]
    assert ids(doc, "aanhangsel") == ["ah-tk-20242025-287"]  # the "Zie ook" remark


def test_answer_xml_table_rows_and_notes_in_the_text() -> None:
    text = read(FIXTURES / "ah-tk-20242025-512.xml").text
    assert "\nAntwoord 2 en 3\n\n" in text
    assert "\n\nJaar | Gesloten bureaus\n2022 | 2\n2023 | 1\n\n" in text
    assert "\n\nZie ook Aanhangsel Handelingen, vergaderjaar 2024–2025, nr. 287.\n\n" in text
    assert text.endswith(
        "\n\n1 Leeuwarder Courant, 18 september 2024, www.lc.nl/friesland/politiebureau-wolvega-gaat-dicht-12345678.html\n"
        "2 Kamerstuk 29 628, nr. 1210\n"
    )


def test_older_variant_with_omschr_nummer_and_block_level_notes() -> None:
    doc = record("ah-tk-20052006-1234.xml")  # ISO-8859-1, as its XML declaration says
    assert doc.kind is Kind.ANSWER
    assert doc.koop_id == "ah-tk-20052006-1234"  # from <meta name="DC.identifier">
    assert doc.title == "het lerarentekort in het basisonderwijs"
    assert doc.submitted is not None and doc.submitted.value == dt.date(2006, 1, 10)
    assert doc.received is not None and doc.received.value == dt.date(2006, 2, 7)
    assert askers(doc) == [("Van der Ham", "D66")]
    assert posts(doc.addressees) == [(M, "Onderwijs, Cultuur en Wetenschap")]
    assert answerers(doc) == [(M, "Van der Hoeven", "Onderwijs, Cultuur en Wetenschap")]
    assert doc.on_behalf_of == ()
    assert [q.number for q in doc.questions] == ["1", "2"]
    assert doc.questions[0].text == "Kent u het bericht «Scholen vinden geen invallers meer»?"
    assert [a.questions for a in doc.answers] == [("1",), ("2",)]
    assert [(f.number, f.text, f.urls) for f in doc.footnotes] == [("1", "Trouw, 9 januari 2006.", ())]
    text = read(FIXTURES / "ah-tk-20052006-1234.xml").text
    assert "lerarentekort\n" not in text and "2050605840" not in text  # titel and vraagnummer are not printed


def test_html_answer_page() -> None:
    doc = record("ah-tk-20232024-1850.html")
    assert doc.kind is Kind.ANSWER
    assert doc.koop_id == "ah-tk-20232024-1850"  # <meta name="DC.identifier">
    assert doc.title == "de voortgang van de Delta Rhine Corridor"
    assert doc.submitted is not None and doc.submitted.value == dt.date(2024, 7, 2)
    assert doc.received is not None and doc.received.value == dt.date(2024, 7, 23)
    assert askers(doc) == [("Erkens", "VVD")]
    assert posts(doc.addressees) == [(M, "Klimaat en Groene Groei")]
    assert answerers(doc) == [(M, "Hermans", "Klimaat en Groene Groei")]
    assert posts(doc.on_behalf_of) == [(M, "Economische Zaken")]
    assert [q.number for q in doc.questions] == ["1", "2", "3"]
    assert [a.questions for a in doc.answers] == [("1",), ("2", "3")]  # h2 "Antwoord 1", p.nummer "2 en 3"
    assert doc.answers[0].text == "In de brief van 27 juni jl. heeft mijn ambtsvoorganger uw Kamer geïnformeerd over de redenen van de vertraging."
    assert doc.answers[1].text == "De vertraging heeft gevolgen voor:\n\n• de industrie op Chemelot; • de ontwikkeling van de waterstofketen."
    assert notes(doc) == [
        ("1", ("https://www.rijksoverheid.nl/documenten/kamerstukken/2024/06/27/voortgang-delta-rhine-corridor",)),
        ("2", ()),
    ]
    assert ids(doc, "kamerstukken") == ["kst-32813-1395"]


def test_html_page_chrome_is_left_out() -> None:
    source = read(FIXTURES / "ah-tk-20232024-1850.html")
    assert source.format == "html"
    assert "Aanhangsel 1850" not in source.text  # div#kopregel
    assert "X Noot" not in source.text and "popup" not in source.text
    assert source.text.count("Vraag 1") == 1  # not again from the table of contents


def test_html_and_xml_of_one_publication_give_the_same_record() -> None:
    from_html = to_record(record("ah-tk-20232024-1850.html"))
    from_xml = to_record(record("ah-tk-20232024-1850.xml"))
    for key in ("source", "sha256"):
        del from_html[key], from_xml[key]
    assert json.dumps(from_html, ensure_ascii=False) == json.dumps(from_xml, ensure_ascii=False)
    assert read(FIXTURES / "ah-tk-20232024-1850.html").text == read(FIXTURES / "ah-tk-20232024-1850.xml").text


def test_every_fixture_says_it_is_assembled_and_where_its_structure_comes_from() -> None:
    for path in sorted(FIXTURES.iterdir()):
        text = path.read_bytes().decode("latin-1")
        head = text[:text.index("-->")]
        assert "<!--" in head and "ASSEMBLED test fixture, not a verbatim publication" in head, path.name
        assert "../shared/data/koop/" in head, path.name  # which real pieces it follows


# ---------------------------------------------------------------------------------------------------------------
# Links, ids and zaak numbers
# ---------------------------------------------------------------------------------------------------------------

DOC = 'soort="document" status="actief"'


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param(f'Kamerstuk <extref doc="kst-36410-72" {DOC}>36 410, nr. 72</extref>', [("kst-36410-72", "36 410, nr. 72")], id="document"),
        pytest.param(f'zie <extref doc="kst-31066-119" {DOC}> 31 066,\n  nr. 119 </extref>.', [("kst-31066-119", "31 066, nr. 119")], id="spaced"),
        pytest.param('<extref soort="URL" doc="https://example.nl/r" status="actief">het rapport</extref>', [("https://example.nl/r", "het rapport")], id="url-title"),
        pytest.param('<extref soort="URL" doc="https://example.nl/r" status="actief">https://example.nl/\n r</extref>',
                     [("https://example.nl/r", "https://example.nl/r")], id="url-wrapped"),
        pytest.param(f'<extref doc="kst-1-2" {DOC}></extref>leeg', [], id="no-printed-text"),
        pytest.param('<extref soort="document" doc="">niets</extref>', [], id="no-target"),
        pytest.param('<extref soort="citaat" doc="iets">tekst</extref>', [], id="other-kind"),
    ],
)
def test_links_lie_over_their_printed_text(paragraph: str, expected: list[tuple[str, str]]) -> None:
    source = read_koop_xml(kamervragen(f"<vraag><nr>Vraag 1</nr><al>{paragraph}</al></vraag>"), "x.xml")
    assert links(source) == expected
    assert not re.search("[\x00-\x08]", source.text)  # no mark of a link is left in the text


def test_links_inside_notes_lie_in_the_notes() -> None:
    body = (
        f'<vraag><nr status="officieel">Vraag 1</nr><al>Klopt het?<noot id="ID-2024Z00001-d37e9" type="voet"><noot.nr>1</noot.nr>'
        f'<noot.al>Aanhangsel Handelingen II, vergaderjaar 2019–2020, nr. <extref doc="ah-tk-20192020-3975" {DOC}>3975</extref></noot.al>'
        f'<noot.al>Kamerstuk <extref doc="kst-31066-275" {DOC}>31 066, nr. 275</extref></noot.al></noot></al></vraag>'
    )
    source = read_koop_xml(kamervragen(body), "x.xml")
    (note,) = source.notes
    assert links(source) == [("ah-tk-20192020-3975", "3975"), ("kst-31066-275", "31 066, nr. 275")]
    assert all(note.span.start <= link.span.start < link.span.end <= note.span.end for link in source.links)
    assert ids(extract(source), "aanhangsel") == ["ah-tk-20192020-3975"]


def ref(identifier: str, start: int, end: int, scheme: ReferenceScheme = ReferenceScheme.KAMERSTUK) -> Reference:
    return Reference(scheme, identifier, "…", Span(start, end))


@pytest.mark.parametrize(
    ("found", "link_targets", "expected"),
    [
        pytest.param([ref("kst-31066-191", 10, 20)], [("kst-25087-191", 5, 20)], ["kst-25087-191"], id="link-corrects-printed"),
        pytest.param([ref("kst-31066-77", 0, 20)], [("kst-31066-77", 10, 20)], ["kst-31066-77"], id="link-agrees"),
        pytest.param([], [("kst-31066-119", 10, 20)], ["kst-31066-119"], id="printed-unreadable"),
        pytest.param([ref("kst-31066-5", 0, 30), ref("kst-31066-6", 0, 30)], [("kst-31066-5", 20, 21), ("kst-31066-6", 25, 26)],
                     ["kst-31066-5", "kst-31066-6"], id="one-match-two-links"),
        pytest.param([ref("kst-31066-5", 0, 30), ref("kst-31066-6", 0, 30)], [("kst-31066-5", 20, 21), ("kst-25087-6", 25, 26)],
                     ["kst-31066-5", "kst-25087-6"], id="one-of-two-contradicted"),
        pytest.param([ref("kst-31066-77", 0, 20)], [("h-tk-20192020-28-3", 5, 15), ("nds-tk-2022D55262", 5, 15), ("https://x.nl", 5, 15)],
                     ["kst-31066-77"], id="other-targets-change-nothing"),
        pytest.param([ref("ah-tk-20192020-3975", 0, 20, ReferenceScheme.AANHANGSEL)], [("kst-31066-77", 5, 15)],
                     ["ah-tk-20192020-3975", "kst-31066-77"], id="other-scheme-kept"),
        pytest.param([ref("kst-31066-77", 0, 10)], [("kst-31066-77", 40, 50)], ["kst-31066-77", "kst-31066-77"], id="elsewhere"),
    ],
)
def test_linked_references(found: list[Reference], link_targets: list[tuple[str, int, int]], expected: list[str]) -> None:
    regions = [LinkRegion(target, Span(start, end)) for target, start, end in link_targets]
    assert [r.identifier for r in linked_references("x" * 60, found, regions)] == expected


@pytest.mark.parametrize(
    "koop_id",
    ["kv-tk-2024Z18435", "kv-tk-20062007-KVR27039", "ah-tk-20232024-1137", "ah-tk-20092010-145-h1", "ah-1271549"],
)
def test_real_id_forms_are_read_from_the_metadata_and_reach_the_record(koop_id: str) -> None:
    body = (
        "<kamervraagomschrijving>Vragen van het lid Dijk (SP) aan de Minister van Financiën over de bankenbelasting "
        "(ingezonden 4 maart 2024).</kamervraagomschrijving><vraag><nr>Vraag 1</nr><al>Klopt het?</al></vraag>"
    )
    source = read_koop_xml(kamervragen(body, f'<meta name="DC.identifier" content="{koop_id}"/>'), "x.xml")
    assert source.text.startswith(f"{koop_id}\n\n")
    assert extract(source).koop_id == koop_id
    named = read_koop_xml(kamervragen(body), f"downloads/{koop_id}.xml")  # officielebekendmakingen names files <id>.xml
    assert extract(named).koop_id == koop_id
    assert validate_graph(document_graph(extract(named))).conforms  # the shapes know the id's form
    assert koop_id_in(f"https://zoek.officielebekendmakingen.nl/{koop_id}/metadata.xml") == koop_id


@pytest.mark.parametrize("value", ["kst-34104-439", "ah-tk-20152015-12", "kv-tk-2024Z1843", "ah-tk-20232024", "notes", ""])
def test_other_values_are_no_own_koop_id(value: str) -> None:
    assert koop_id_in(value) is None


@pytest.mark.parametrize(
    ("metadata", "header", "note_ids", "zaak"),
    [
        pytest.param("", "<kamervraagnummer>2020Z02131</kamervraagnummer>", (), "2020Z02131", id="kamervraagnummer"),
        pytest.param('<meta name="OVERHEIDop.vraagnummer" content="2008Z01234"/>', "", (), "2008Z01234", id="metadata"),
        pytest.param("", "<vraagnummer>2009Z00042</vraagnummer>", (), "2009Z00042", id="older-vraagnummer"),
        pytest.param("", "", ("ID-2018Z03521-d37e55", "ID-1547-d37e49"), "2018Z03521", id="note-ids"),
        pytest.param("", "", ("ID-2018Z03521-d37e55", "ID-2018Z03522-d37e60"), None, id="note-ids-disagree"),
        pytest.param("", "", ("ID-876-d37e217", "n1"), None, id="note-ids-without-zaak"),
        pytest.param("", "<kamervraagnummer>2050605840</kamervraagnummer>", (), None, id="not-a-zaak-number"),
        pytest.param('<meta name="OVERHEIDop.vraagnummer" content="2008Z01234"/>', "<kamervraagnummer>2020Z02131</kamervraagnummer>",
                     (), "2008Z01234", id="metadata-first"),
    ],
)
def test_the_own_zaak_number_is_printed_atop(metadata: str, header: str, note_ids: tuple[str, ...], zaak: str | None) -> None:
    noted = "".join(f'<noot id="{i}" type="voet"><noot.nr>{n}</noot.nr><noot.al>Bron {n}.</noot.al></noot>' for n, i in enumerate(note_ids, 1))
    body = (
        f"{header}<kamervraagomschrijving>Vragen van het lid Dijk (SP) aan de Minister van Financiën over de bankenbelasting "
        f"(ingezonden 4 maart 2024).</kamervraagomschrijving><vraag><nr>Vraag 1</nr><al>Klopt het?{noted}</al></vraag>"
    )
    metadata += '<meta name="DC.identifier" content="ah-tk-20232024-7"/>'
    source = read_koop_xml(kamervragen(body, metadata), "x.xml")
    doc = extract(source)
    assert own_zaak_number(doc) == zaak
    assert source.text.startswith(f"ah-tk-20232024-7\n\n{zaak}\n\n" if zaak else "ah-tk-20232024-7\n\nVragen van")


def test_a_question_set_named_by_its_zaak_number_does_not_print_it_twice() -> None:
    body = "<kamervraagnummer>2024Z17342</kamervraagnummer><vraag><nr>Vraag 1</nr><al>Klopt het?</al></vraag>"
    source = read_koop_xml(kamervragen(body, '<meta name="DC.identifier" content="kv-tk-2024Z17342"/>'), "x.xml")
    assert source.text == "kv-tk-2024Z17342\n\nVraag 1\n\nKlopt het?\n"


def test_questions_and_answers_side_by_side() -> None:
    # body/vragen/vraag and body/reactie/antwoord (the wetsuite notebook); the reactie repeats question 1, which
    # AmCAT's answer scraper skips: printed once. Both descriptions go atop, where the header is read.
    xml = (
        "<officiele-publicatie><body><vragen><omschr>Vragen van het lid Dijk (SP) aan de Minister van Financiën over de "
        "bankenbelasting. (Ingezonden 4 maart 2008)</omschr><vraag><nummer>Vraag 1</nummer><al>Klopt het?</al></vraag>"
        "<vraag><nummer>Vraag 2</nummer><al>Waarom?</al></vraag></vragen><reactie><omschr>Antwoord van minister Bos "
        "(Financiën). (Ontvangen 25 maart 2008)</omschr><vraag><nummer>Vraag 1</nummer><al>Klopt het?</al></vraag>"
        "<antwoord><nummer>Antwoord 1</nummer><al>Ja.</al></antwoord><antwoord><nummer>Antwoord 2</nummer><al>Omdat.</al>"
        "</antwoord></reactie></body></officiele-publicatie>"
    ).encode()
    source = read_koop_xml(xml, "ah-tk-20072008-1234.xml")
    assert source.text == (
        "ah-tk-20072008-1234\n\nVragen van het lid Dijk (SP) aan de Minister van Financiën over de bankenbelasting. (Ingezonden 4 "
        "maart 2008)\n\nAntwoord van minister Bos (Financiën). (Ontvangen 25 maart 2008)\n\nVraag 1\n\nKlopt het?\n\nVraag 2\n\n"
        "Waarom?\n\nAntwoord 1\n\nJa.\n\nAntwoord 2\n\nOmdat.\n"
    )
    doc = extract(source)
    assert [a.questions for a in doc.answers] == [("1",), ("2",)]
    assert answerers(doc) == [(M, "Bos", "Financiën")]


def test_a_reactie_alone_with_questions_and_answers_between() -> None:
    xml = (
        "<aanhangsel><reactie><omschr>Antwoord van minister Bos (Financiën).</omschr><vraag><nummer>1</nummer><al>Klopt het?</al>"
        "</vraag><antwoord><nummer>1</nummer><al>Ja.</al></antwoord></reactie></aanhangsel>"
    ).encode()
    assert read_koop_xml(xml, "x.xml").text == "Antwoord van minister Bos (Financiën).\n\nVraag 1\n\nKlopt het?\n\nAntwoord 1\n\nJa.\n"


# ---------------------------------------------------------------------------------------------------------------
# The real pieces in ../shared/data/koop
# ---------------------------------------------------------------------------------------------------------------

#: The publications whose vraag and antwoord elements the fragments hold (their README.md).
REAL_PUBLICATIONS = ["ah-tk-20172018-1547", "ah-tk-20182019-3616", "ah-tk-20192020-2197", "ah-tk-20202021-876",
                     "ah-tk-20222023-2824", "ah-tk-20232024-260"]


@pytest.fixture(scope="module")
def real_elements() -> dict[str, list[dict[str, str]]]:
    if not REAL_ELEMENTS.is_file():
        pytest.skip(f"real KOOP fragments not found at {REAL_ELEMENTS}; these tests need ../shared/data/koop beside the project")
    documents = json.loads(REAL_ELEMENTS.read_text(encoding="utf-8"))["documents"]
    return {name: value["elements"] for name, value in documents.items()}


def _first_number(key: str) -> int:
    return int(key.split()[0])


@pytest.mark.parametrize("publication", REAL_PUBLICATIONS)
def test_real_elements_read_in_a_publication(real_elements: dict[str, list[dict[str, str]]], publication: str) -> None:
    """Each publication's real elements, put in the real root around a kamervragen block as the notebook read them
    (kamervragen/vraag, kamervragen/antwoord; each question before its answer: the source lost their order)."""
    elements = sorted(real_elements[publication], key=lambda e: (_first_number(e["key"]), e["element"] != "vraag"))
    xml = "".join(e["xml"] for e in elements)
    source = read_koop_xml(kamervragen(xml, f'<meta name="DC.identifier" content="{publication}"/>'), f"{publication}.xml")
    doc = extract(source)
    assert doc.koop_id == publication and doc.kind is Kind.ANSWER
    printed_numbers = [" ".join(re.findall(r"\d+", e["key"])) for e in elements if e["element"] == "vraag"]
    assert len(doc.questions) == len(" ".join(printed_numbers).split())  # "Vraag 5, 6" is two questions
    assert len(doc.answers) == sum(1 for e in elements if e["element"] == "antwoord")
    assert len(source.notes) == len(re.findall(r"<noot[ >]", xml)) == len(doc.footnotes)
    # Every link to a Kamerstuk gives that Kamerstuk, whatever the printed text says.
    targets = set(re.findall(r'doc="(kst-[^"]+)"', xml))
    assert targets <= set(ids(doc, "kamerstukken"))
    assert not re.search("[\x00-\x08]", source.text)
    note_zaken = set(re.findall(r'id="ID-((?:19|20)\d\dZ\d{5})-', xml))
    assert own_zaak_number(doc) == (note_zaken.pop() if len(note_zaken) == 1 else None)


def test_real_fragments_file_holds_the_publications_named() -> None:
    if not REAL_ELEMENTS.is_file():
        pytest.skip(f"real KOOP fragments not found at {REAL_ELEMENTS}")
    documents = json.loads(REAL_ELEMENTS.read_text(encoding="utf-8"))["documents"]
    assert sorted(documents) == REAL_PUBLICATIONS
    assert documents["ah-tk-20192020-2197"]["metadata_printed"]["indiener"] == ["W.L. Postma"]  # as the fixture says


def test_the_real_publication_of_another_type_is_refused_naming_the_file() -> None:
    if not REAL_OTHER.is_file():
        pytest.skip(f"real KOOP publication XML not found at {REAL_OTHER}")
    with pytest.raises(ReadError) as caught:
        read(REAL_OTHER)
    assert caught.value.path == str(REAL_OTHER)
    assert caught.value.problem.startswith(
        "not a KOOP Kamervragen/Aanhangsel document: root element <officiele-publicatie> holding <kamerstuk> (publication kst-34104-439)"
    )
    assert str(REAL_OTHER) in str(caught.value)


# ---------------------------------------------------------------------------------------------------------------
# Rules of the layout
# ---------------------------------------------------------------------------------------------------------------


def test_koop_id_from_the_file_name_when_the_metadata_has_none(tmp_path: Path) -> None:
    xml = "<kamervragen><vraag><nr>1</nr><al>Klopt het dat dit zo is?</al></vraag></kamervragen>".encode()
    named = tmp_path / "kv-tk-2023Z01234.xml"
    named.write_bytes(xml)
    assert extract(read(named)).koop_id == "kv-tk-2023Z01234"
    other = tmp_path / "vragen.xml"
    other.write_bytes(xml)
    source = read(other)
    assert source.text == "Vraag 1\n\nKlopt het dat dit zo is?\n"
    assert extract(source).koop_id is None


def test_officiele_publicatie_around_aanhangsel_around_kamervragen() -> None:
    xml = (
        "<officiele-publicatie><metadata><meta name='DC.identifier' content='ah-tk-20232024-7'/></metadata>"
        "<aanhangsel><kamervragen><vraag><nr>Vraag 1</nr><al>Klopt het?</al></vraag>"
        "<antwoord><nr>Antwoord 1</nr><al>Ja.</al></antwoord></kamervragen></aanhangsel></officiele-publicatie>"
    ).encode()
    assert read_koop_xml(xml, "x.xml").text == "ah-tk-20232024-7\n\nVraag 1\n\nKlopt het?\n\nAntwoord 1\n\nJa.\n"


def test_unnumbered_questions_are_numbered_by_the_extractor() -> None:
    xml = (
        "<kamervragen><kamervraagomschrijving>Vragen van het lid Dijk (SP) aan de Minister van Financiën over de "
        "bankenbelasting (ingezonden 4 maart 2024).</kamervraagomschrijving>"
        "<vraag><al>Klopt het dat de opbrengst van de bankenbelasting daalt?</al></vraag>"
        "<vraag><al>Wat gaat u doen om die opbrengst op peil te houden?</al></vraag></kamervragen>"
    ).encode()
    doc = extract(read_koop_xml(xml, "x.xml"))
    assert [(q.number, q.text) for q in doc.questions] == [
        ("1", "Klopt het dat de opbrengst van de bankenbelasting daalt?"),
        ("2", "Wat gaat u doen om die opbrengst op peil te houden?"),
    ]


def test_an_unnumbered_answer_gets_a_bare_heading_and_answers_the_questions_before_it() -> None:
    xml = (
        "<kamervragen><vraag><nr>1</nr><al>Klopt het?</al></vraag><vraag><nr>2</nr><al>Waarom?</al></vraag>"
        "<antwoord><al>Ja, omdat het zo is.</al></antwoord></kamervragen>"
    ).encode()
    source = read_koop_xml(xml, "x.xml")
    assert "\n\nAntwoord\n\nJa, omdat het zo is.\n" in source.text
    assert [a.questions for a in extract(source).answers] == [("1", "2")]


def test_a_heading_printed_as_the_first_paragraph_is_not_doubled() -> None:
    xml = "<kamervragen><vraag><al>Vraag 1</al><al>Kent u het bericht?</al></vraag><antwoord><al>Antwoord 1</al><al>Ja.</al></antwoord></kamervragen>"
    assert read_koop_xml(xml.encode(), "x.xml").text == "Vraag 1\n\nKent u het bericht?\n\nAntwoord 1\n\nJa.\n"


def test_inline_markup_names_and_links() -> None:
    xml = (
        "<kamervragen><vraag><nr>1</nr><al>Heeft <naam><voorletters>J.</voorletters><achternaam>Jansen</achternaam></naam> "
        "het <nadruk type='cur'>rapport</nadruk> van <extref soort='URL' doc='https://example.nl/r'>de inspectie</extref> "
        "gelezen &amp; besproken?<br/>Zo ja, wanneer?</al></vraag></kamervragen>"
    ).encode()
    text = read_koop_xml(xml, "x.xml").text
    assert "Heeft J. Jansen het rapport van de inspectie gelezen & besproken? Zo ja, wanneer?" in text


def test_notes_without_noot_nr_take_their_number_from_nr_or_id() -> None:
    xml = (
        "<kamervragen><vraag><nr>1</nr><al>A?<noot id='n3'><noot.al>Derde bron.</noot.al></noot></al></vraag>"
        "<vraag><nr>2</nr><al>B?<nootref nr='4'/></al></vraag><noot nr='4'>Vierde bron, https://example.nl/x.</noot></kamervragen>"
    ).encode()
    source = read_koop_xml(xml, "x.xml")
    assert source.text.endswith("\n\n3 Derde bron.\n4 Vierde bron, https://example.nl/x.\n")
    assert [(n.number, source.text[n.span.start:n.span.end]) for n in source.notes] == [
        ("3", "Derde bron."),
        ("4", "Vierde bron, https://example.nl/x."),
    ]


def test_a_postponement_notice_is_a_kamervragen_document() -> None:
    xml = (
        "<kamervragen><kamervraagomschrijving type='vraag'>Vragen van het lid Dijk (SP) aan de Minister van Financiën "
        "over de bankenbelasting (ingezonden 4 maart 2024).</kamervraagomschrijving><kamervraagopmerking><al>Mededeling van "
        "Minister Heinen (Financiën) (ontvangen 25 maart 2024).</al><al>De vragen kunnen niet binnen de gebruikelijke "
        "termijn worden beantwoord.</al></kamervraagopmerking></kamervragen>"
    ).encode()
    assert extract(read_koop_xml(xml, "x.xml")).kind is Kind.POSTPONEMENT


def test_a_signature_prints_office_and_name_on_lines_of_their_own() -> None:
    signature = "<ondertekening><functie>De Minister van Defensie,</functie><naam><voorletters>C.</voorletters><achternaam>Bijleveld</achternaam></naam></ondertekening>"
    xml = f"<kamervragen><vraag><nr>1</nr><al>Klopt het?</al></vraag><antwoord><nr>1</nr><al>Ja.</al>{signature}</antwoord></kamervragen>"
    assert read_koop_xml(xml.encode(), "x.xml").text.endswith("\n\nJa.\n\nDe Minister van Defensie,\nC. Bijleveld\n")
    at_block_level = xml.replace(f"{signature}</antwoord>", f"</antwoord>{signature}")
    assert read_koop_xml(at_block_level.encode(), "x.xml").text.endswith("\n\nJa.\n\nDe Minister van Defensie,\nC. Bijleveld\n")


def test_deep_nesting_is_refused_in_xml_and_flattened_in_html() -> None:
    deep = "<al>" * 3000 + "x" + "</al>" * 3000
    with pytest.raises(ReadError, match="nested more than 200 deep"):
        read_koop_xml(f"<kamervragen><vraag>{deep}</vraag></kamervragen>".encode(), "x.xml")
    page = '<div class="vraag"><h2>Vraag 1</h2>' + "<div>" * 3000 + "<p>Diep?</p>" + "</div>" * 3000 + "</div>"
    assert read_koop_html(page.encode(), "x.html").text == "Vraag 1\n\nDiep?\n"


def test_html_decoded_by_its_declared_charset_and_by_bom(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><div class="vraag"><h2>Vraag 1</h2><p>Café «open»?</p></div></body></html>'
    assert "Café «open»?" in read_koop_html(page.encode("cp1252"), "x.html").text
    http_equiv = page.replace('<meta charset="windows-1252">', '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    assert "Café «open»?" in read_koop_html(http_equiv.encode("cp1252"), "x.html").text
    with_bom = b"\xef\xbb\xbf" + page.replace("windows-1252", "utf-8").encode()
    assert "Café «open»?" in read_koop_html(with_bom, "x.html").text
    htm = tmp_path / "kv-tk-2024Z00001.htm"
    htm.write_bytes(page.encode("cp1252"))
    assert read(htm).text.startswith("kv-tk-2024Z00001\n\nVraag 1\n\nCafé «open»?")


def test_html_note_references_in_sup_and_superscripts_that_are_not_notes() -> None:
    page = (
        '<div class="vraag"><h2>Vraag 1</h2><p>Hoeveel m<sup>2</sup> is het?<sup><a class="nootnum" href="#n1">1</a></sup>'
        '<sup><a href="#n2">2</a></sup></p></div>'
    ).encode()
    assert "Hoeveel m2 is het?\n" in read_koop_html(page, "x.html").text


# ---------------------------------------------------------------------------------------------------------------
# Refusals
# ---------------------------------------------------------------------------------------------------------------

UNSAFE = "unsafe XML: DOCTYPE/entity declarations are not accepted"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        pytest.param(
            b'<?xml version="1.0"?><!DOCTYPE kamervragen [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;">]>'
            b"<kamervragen><vraag><al>&c;</al></vraag></kamervragen>",
            UNSAFE,
            id="entity-expansion",
        ),
        pytest.param(
            b'<?xml version="1.0"?><!DOCTYPE kamervragen [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b"<kamervragen><vraag><al>&xxe;</al></vraag></kamervragen>",
            UNSAFE,
            id="external-entity",
        ),
        pytest.param(b'<!DOCTYPE kamervragen SYSTEM "http://example.org/kv.dtd"><kamervragen/>', UNSAFE, id="external-dtd"),
        pytest.param(b"<kamervragen>\n  <vraag>\n</kamervragen>", "not well-formed XML: line 3, column 3: mismatched tag", id="malformed"),
        pytest.param(b"", "not well-formed XML: line 1, column 1: no element found", id="empty"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "not well-formed XML: line 1, column ", id="not-xml"),
        pytest.param(
            b"<html><body><p>Hallo</p></body></html>",
            "not a KOOP Kamervragen/Aanhangsel document: root element <html>; expected <officiele-publicatie>, <aanhangsel> or "
            "<kamervragen> holding <kamervragen>, <vragen> or <reactie>",
            id="wrong-root",
        ),
        pytest.param(
            b"<officiele-publicatie><metadata/><staatsblad><intitule>Besluit</intitule></staatsblad></officiele-publicatie>",
            "not a KOOP Kamervragen/Aanhangsel document: root element <officiele-publicatie> holding <staatsblad>",
            id="other-publication",
        ),
        pytest.param(
            b'<metadata_gegevens><metadata name="DC.identifier" content="ah-tk-20232024-2210"/></metadata_gegevens>',
            "root element <metadata_gegevens> is a KOOP metadata record, not the publication",
            id="metadata-record",
        ),
        pytest.param(
            b"<kamervragen><kamervraagkop/><kamervraagnummer>2024Z00001</kamervraagnummer></kamervragen>",
            "<kamervragen> holds no questions, answers or description",
            id="no-content",
        ),
        pytest.param(b"<kamervragen><vraag><nr/></vraag></kamervragen>", "no text in the Kamervragen XML", id="no-text"),
        # Control characters cannot be in XML text, so the reader's own marks (BREAK, link marks) never collide.
        pytest.param(b"<kamervragen><vraag><al>a&#2;0&#3;b&#4;</al></vraag></kamervragen>",
                     "not well-formed XML: line 1, column 26: reference to invalid character number", id="control-character"),
    ],
)
def test_xml_refusals(data: bytes, problem: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_koop_xml(data, "bad.xml")
    assert caught.value.path == "bad.xml"
    assert caught.value.problem.startswith(problem)
    assert "root:" not in str(caught.value)  # nothing of /etc/passwd, ever


def test_an_empty_xml_file_is_refused_before_parsing(tmp_path: Path) -> None:
    empty = tmp_path / "kv-tk-2024Z00001.xml"
    empty.write_bytes(b"")
    with pytest.raises(ReadError, match="empty file"):
        read(empty)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        pytest.param(
            b"<html><body><h1>Staatscourant</h1><p>Besluit van 1 maart 2024.</p></body></html>",
            "not a KOOP Kamervragen page: no question (div.vraag), answer (div.antwoord) or description",
            id="no-vraag-or-antwoord",
        ),
        pytest.param(b'<meta charset="x-klingon"><div class="vraag"><p>A?</p></div>', "declares an unknown character set 'x-klingon'", id="unknown-charset"),
        pytest.param(b'<meta charset="utf-8"><div class="vraag"><p>caf\xe9</p></div>', "declares charset 'utf-8' but is not valid utf-8", id="bad-bytes"),
        pytest.param(b'<div class="vraag"><p> </p></div>', "no text in the Kamervragen page", id="empty-question"),
        pytest.param(b"\x00\x01PK\x03\x04" + bytes(range(256)) * 4, "binary file, not text", id="binary"),
    ],
)
def test_html_refusals(data: bytes, problem: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_koop_html(data, "bad.html")
    assert caught.value.problem.startswith(problem)


# ---------------------------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------------------------

_TAGS = st.sampled_from(["kamervragen", "vragen", "reactie", "vraag", "antwoord", "nr", "al", "noot", "noot.nr", "lijst", "li",
                         "table", "row", "entry", "extref", "kamervraagnummer"])
#: Attributes of the real elements: links to a publication or a page, note ids that carry a zaak number.
_ATTRIBUTES = {"extref": st.sampled_from([' soort="document" doc="kst-36410-72"', ' soort="URL" doc="https://nos.nl/a"', ' soort="document" doc=""']),
               "noot": st.sampled_from(['', ' id="ID-2020Z02131-d37e56" type="voet"', ' id="ID-876-d37e217"'])}


@st.composite
def _xml(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(_TAGS) if depth else "kamervragen"
    attributes = draw(_ATTRIBUTES[tag]) if tag in _ATTRIBUTES else ""
    text = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="<&"), max_size=12))
    children = draw(st.lists(_xml(depth + 1), max_size=3)) if depth < 3 else []
    return f"<{tag}{attributes}>{text}{''.join(children)}</{tag}>"


@settings(max_examples=150, deadline=None)
@given(_xml())
def test_any_kamervragen_shaped_xml_reads_or_is_refused_and_notes_and_links_lie_in_the_text(xml: str) -> None:
    try:
        source = read_koop_xml(xml.encode(), "x.xml")
    except ReadError:
        return
    for region in source.notes:
        assert 0 <= region.span.start <= region.span.end <= len(source.text)
        assert "\n" not in source.text[region.span.start:region.span.end]
    for link in source.links:
        printed = source.text[link.span.start:link.span.end]
        assert 0 <= link.span.start < link.span.end <= len(source.text) and printed == printed.strip()
    assert not re.search("[\x00-\x08]", source.text)
    extract(source)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash_either_reader(data: bytes) -> None:
    for reader in (read_koop_xml, read_koop_html):
        try:
            reader(data, "x")
        except ReadError:
            pass


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(['<div class="vraag">', '<div class="antwoord">', "</div>", "<p>", "</p>", "<h2>", "</h2>",
                                 "Vraag 1", "Antwoord 2", "tekst?", '<a class="nootnum" href="#n">1</a>', "<ul><li>", "</li></ul>",
                                 '<div class="voet noot"><sup><span class="nootnum">1</span></sup><p>bron</p></div>', "<table><tr><td>",
                                 "</td></tr></table>", "<br>", "&amp;", "<sup>"]), max_size=25))
def test_any_tag_soup_reads_or_is_refused(pieces: list[str]) -> None:
    try:
        source = read_koop_html("".join(pieces).encode(), "x.html")
    except ReadError:
        return
    extract(source)
