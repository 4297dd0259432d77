"""The KOOP XML and HTML readers: hand-built fixtures in the published structure (tests/fixtures/koop/, each says
which real structure it follows and where that was seen), the record the extractor makes of each, and refusals.

Expected values are read off the fixtures by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.errors import ReadError
from kgraph.extract import extract
from kgraph.model import Document, Kind, Office
from kgraph.read import read
from kgraph.read.koop_html import read_koop_html
from kgraph.read.koop_xml import read_koop_xml
from kgraph.record import to_record

FIXTURES = Path(__file__).parent / "fixtures" / "koop"
M = Office.MINISTER


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


# ---------------------------------------------------------------------------------------------------------------
# Fixtures -> records
# ---------------------------------------------------------------------------------------------------------------


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


def test_every_fixture_says_it_is_hand_built_and_where_its_structure_comes_from() -> None:
    for path in sorted(FIXTURES.iterdir()):
        head = path.read_bytes()[:600].decode("latin-1")
        assert "HAND-BUILT" in head and "<!--" in head, path.name


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

_TAGS = st.sampled_from(["kamervragen", "vraag", "antwoord", "nr", "al", "noot", "noot.nr", "lijst", "li", "table", "row", "entry"])


@st.composite
def _xml(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(_TAGS) if depth else "kamervragen"
    text = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="<&"), max_size=12))
    children = draw(st.lists(_xml(depth + 1), max_size=3)) if depth < 3 else []
    return f"<{tag}>{text}{''.join(children)}</{tag}>"


@settings(max_examples=150, deadline=None)
@given(_xml())
def test_any_kamervragen_shaped_xml_reads_or_is_refused_and_notes_lie_in_the_text(xml: str) -> None:
    try:
        source = read_koop_xml(xml.encode(), "x.xml")
    except ReadError:
        return
    for region in source.notes:
        assert 0 <= region.span.start <= region.span.end <= len(source.text)
        assert "\n" not in source.text[region.span.start:region.span.end]
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
