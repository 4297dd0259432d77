"""The PDF reader: hand-built PDFs for each layout rule, error cases, and the development corpus when present."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfminer.fontmetrics import FONT_METRICS

from kgraph.errors import ReadError
from kgraph.extract import extract
from kgraph.model import SourceText
from kgraph.read.pdf import read_pdf

from hostile import pdf

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus" / "dev"
PDF_DIR = CORPUS / "learninglion"

# ---------------------------------------------------------------------------------------------------------------
# A tiny PDF writer: pages of text lines in Helvetica (a standard font, so no font program is needed).
# ---------------------------------------------------------------------------------------------------------------

Line = tuple[float, float, float, str]  # x, y, size, text; text may hold "^n" for a raised footnote number


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content(lines: list[Line]) -> bytes:
    out = []
    for x, y, size, text in lines:
        pieces = []
        # "^1" is drawn as a superscript: smaller type raised with Ts (text rise), as word processors do.
        for i, piece in enumerate(re.split(r"\^(\d+)", text)):
            if i % 2:
                pieces.append(b"/F1 %.1f Tf %.1f Ts (%s) Tj /F1 %.1f Tf 0 Ts " % (size * 0.6, size * 0.4, _escape(piece), size))
            elif piece:
                pieces.append(b"(%s) Tj " % _escape(piece))
        out.append(b"BT /F1 %.1f Tf 1 0 0 1 %.1f %.1f Tm %s ET\n" % (size, x, y, b"".join(pieces)))
    return b"".join(out)


def make_pdf(
    pages: list[list[Line]], trailer_extra: bytes = b"", extra_objects: tuple[bytes, ...] = (),
    annotations: dict[int, list[bytes]] | None = None,
) -> bytes:
    """A valid PDF 1.4 file with a correct cross-reference table; `annotations` are annotation dictionaries by
    page index."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    n = len(pages)
    # 1 catalog, 2 pages, 3 font, then per page: page object, content stream; then extra objects
    page_ids = [4 + 2 * i for i in range(n)]
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % p for p in page_ids), n),
        font,
    ]
    for i, lines in enumerate(pages):
        stream = _content(lines)
        annots = (annotations or {}).get(i)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R %s>>" % (page_ids[i] + 1, b"/Annots [%s] " % b" ".join(annots) if annots else b"")
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.extend(extra_objects)
    return pdf(objects, trailer_extra)


BODY = 9.0
NOTE = 7.0


def answer_pdf() -> bytes:
    """Two pages of an Aanhangsel answer: masthead, running foot, a footnote, hyphenation, a page break."""
    page1: list[Line] = [
        (72, 790, 16, "Tweede Kamer der Staten-Generaal"),
        (72, 760, BODY, "Vergaderjaar 2023–2024 Aanhangsel van de Handelingen"),
        (72, 730, BODY, "Vragen van het lid Jansen (CDA) aan de Minister van Defensie over de NAVO"),
        (72, 719, BODY, "(ingezonden 1 mei 2024)."),
        (72, 700, BODY, "Vraag 1"),
        (72, 689, BODY, "Bent u bekend met het bericht dat de Kamer niet werd geïnfor-"),
        (72, 678, BODY, "meerd over de NAVO-"),
        (72, 667, BODY, "verplichtingen en over het BDO-onderzoek?^1 Zo ja, hoe luidt"),
        (72, 656, BODY, "uw reactie? Zie ook https://www.example.nl/nieuws/een-"),
        (72, 645, BODY, "lang-bericht/ voor de achtergrond van het bericht."),
        (72, 620, BODY, "Antwoord 1"),
        (72, 609, BODY, "Ja. Ik ben bekend met het bericht. De NAVO-verplichtingen worden"),
        (72, 598, BODY, "door alle lidstaten in de Oost- en West-Europese regio nage-"),
        (72, 130, NOTE, "1 Het rapport staat op https://www.example.nl/rapport/bdo-"),
        (72, 121, NOTE, "onderzoek-2024.pdf"),
        (72, 70, 6, "ah-tk-20232024-1234"),
        (72, 63, 6, "ISSN 0921 - 7398"),
        (300, 40, BODY, "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 1"),
    ]
    page2: list[Line] = [
        (72, 790, BODY, "leefd. Dat blijft zo."),
        (72, 765, BODY, "Vraag 2"),
        (72, 754, BODY, "Wat is het budget voor 2025?"),
        (72, 730, BODY, "Antwoord 2"),
        (72, 719, BODY, "Dat is 2 miljard euro."),
        (300, 40, BODY, "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 2"),
    ]
    return make_pdf([page1, page2])


@pytest.fixture(scope="module")
def answer() -> SourceText:
    data = answer_pdf()
    return read_pdf(data, "answer.pdf")


def body_of(source: SourceText) -> str:
    return source.text[: source.notes[0].span.start] if source.notes else source.text


# ---------------------------------------------------------------------------------------------------------------
# Layout rules on the hand-built answer
# ---------------------------------------------------------------------------------------------------------------


def test_identity(answer: SourceText) -> None:
    assert answer.format == "pdf"
    assert answer.path == "answer.pdf"
    assert answer.sha256 == hashlib.sha256(answer_pdf()).hexdigest()


def test_document_id_is_the_first_line_once(answer: SourceText) -> None:
    assert answer.text.splitlines()[0] == "ah-tk-20232024-1234"
    assert answer.text.count("ah-tk-20232024-1234") == 1


def test_page_furniture_is_dropped(answer: SourceText) -> None:
    for furniture in ("Staten-Generaal", "Vergaderjaar", "ISSN", "Tweede Kamer, vergaderjaar", "Aanhangsel van de"):
        assert furniture not in answer.text


def test_headings_stand_on_their_own_lines(answer: SourceText) -> None:
    lines = answer.text.splitlines()
    for heading in ("Vraag 1", "Antwoord 1", "Vraag 2", "Antwoord 2"):
        assert heading in lines
    assert any(line.startswith("Vragen van het lid Jansen (CDA)") and "(ingezonden 1 mei 2024)." in line for line in lines)


@pytest.mark.parametrize(
    "expected",
    [
        "niet werd geïnformeerd over",  # a typesetter's hyphen is removed
        "de NAVO-verplichtingen en",  # a compound's hyphen is kept, without a space
        "Oost- en West-Europese",  # a shortened compound keeps hyphen and space
        "het BDO-onderzoek? Zo ja",  # the footnote reference is gone, the word space stays
        "https://www.example.nl/nieuws/een-lang-bericht/ voor",  # a URL broken at a line end is rejoined
        "regio nageleefd. Dat blijft zo.",  # a word hyphenated across a page break
        "Dat is 2 miljard euro.",  # an ordinary number is not a footnote reference
    ],
)
def test_body_text_is_repaired(answer: SourceText, expected: str) -> None:
    assert expected in body_of(answer)


def test_paragraphs_are_lines_separated_by_blank_lines(answer: SourceText) -> None:
    body = body_of(answer)
    assert "\nVraag 1\n\nBent u bekend" in body
    assert "geïnformeerd over de NAVO-verplichtingen en over het BDO-onderzoek? Zo ja, hoe luidt uw reactie?" in body


def test_footnote_is_separated_and_recorded(answer: SourceText) -> None:
    assert [note.number for note in answer.notes] == ["1"]
    span = answer.notes[0].span
    assert answer.text[span.start : span.end] == "Het rapport staat op https://www.example.nl/rapport/bdo-onderzoek-2024.pdf"
    # The note's line starts with its number, and it comes after all body text.
    line_start = answer.text.rfind("\n", 0, span.start) + 1
    assert answer.text[line_start : span.start] == "1 "
    assert span.start > answer.text.index("Dat is 2 miljard euro.")
    assert "bdo-onderzoek-2024" not in body_of(answer)


def test_reading_is_deterministic() -> None:
    assert read_pdf(answer_pdf(), "a.pdf") == read_pdf(answer_pdf(), "a.pdf")


def test_note_numbers_only_go_up() -> None:
    """A small-type line below the body that does not continue the numbering is not a footnote."""
    page: list[Line] = [
        (72, 700, BODY, "Vraag 1"),
        (72, 689, BODY, "Hoeveel verzoeken zijn er ingediend in het afgelopen jaar en hoeveel daarvan"),
        (72, 678, BODY, "zijn toegekend?^1"),
        (72, 130, NOTE, "1 Kamerstuk 21 501-02, nr. 2733"),
        (72, 121, NOTE, "1 januari 2024 is de peildatum."),
    ]
    source = read_pdf(make_pdf([page]), "n.pdf")
    assert [note.number for note in source.notes] == ["1"]
    note = source.notes[0].span
    assert source.text[note.start : note.end] == "Kamerstuk 21 501-02, nr. 2733 1 januari 2024 is de peildatum."
    assert "zijn toegekend?\n" in source.text


def test_unreferenced_superscript_digits_stay() -> None:
    page: list[Line] = [(72, 700, BODY, "Een woning van 120 m^2 in de stad."), (72, 689, BODY, "Tweede regel van de tekst.")]
    source = read_pdf(make_pdf([page]), "m.pdf")
    assert "120 m2 in de stad." in source.text
    assert source.notes == ()


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("1 Reuters, 9 juli 2024, https://", "www.reuters.com/world/x-2024-07-09/", "https://www.reuters.com/world/x-2024-07-09/"),
        ("1 NOS, 2024, (https:/", "/nos.nl/artikel/1).", "(https://nos.nl/artikel/1)."),
        ("1 FTM, 2024, https://www.ftm.nl/artikelen/geboren?", "share=CmiMs5%3D", "https://www.ftm.nl/artikelen/geboren?share=CmiMs5%3D"),
    ],
)
def test_note_urls_cut_at_a_line_end_are_rejoined(first: str, second: str, expected: str) -> None:
    page: list[Line] = [
        (72, 700, BODY, "Vraag 1"),
        (72, 689, BODY, "Hoeveel verzoeken zijn er ingediend in het afgelopen jaar en hoeveel daarvan zijn"),
        (72, 678, BODY, "toegekend, en hoeveel daarvan zijn binnen de wettelijke termijn behandeld?^1"),
        (72, 130, NOTE, first),
        (72, 121, NOTE, second),
    ]
    source = read_pdf(make_pdf([page]), "n.pdf")
    note = source.notes[0].span
    assert source.text[note.start : note.end].endswith(expected)


# ---------------------------------------------------------------------------------------------------------------
# Link annotations
# ---------------------------------------------------------------------------------------------------------------

NOS = "https://nos.nl/artikel/2541672-wachttijden-ggz"


def width(text: str, size: float) -> float:
    """The width of `text` in Helvetica, as the reader measures it."""
    return sum(FONT_METRICS["Helvetica"][1].get(ch, 556) for ch in text) * size / 1000


def link(uri: str, *boxes: tuple[float, float, float, float]) -> bytes:
    """A /Link annotation with a URI action; several boxes as QuadPoints (a link over several lines)."""
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    quads = b" ".join(b"%.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f" % (a, d, c, d, c, b_, a, b_) for a, b_, c, d in
                      ((bx0, by1, bx1, by0) for bx0, by0, bx1, by1 in boxes))
    return (b"<< /Type /Annot /Subtype /Link /Rect [%.2f %.2f %.2f %.2f] /Border [0 0 0] %s"
            b"/A << /S /URI /URI (%s) >> >>" % (x0, y0, x1, y1, b"/QuadPoints [%s] " % quads if len(boxes) > 1 else b"",
                                                uri.encode()))


def over(x: float, y: float, size: float, text: str) -> tuple[float, float, float, float]:
    """The box a producer draws around `text` set at (x, y): from below the descenders to above the capitals."""
    return x - 0.5, y - 0.25 * size, x + width(text, size) + 0.5, y + 0.9 * size


def linked_pdf() -> bytes:
    lead, title, rest = "1 NOS, 22 oktober 2024, ", "«Wachttijden ggz niet goed", "vastgelegd»"
    ask = "Kent u "
    page: list[Line] = [
        (72, 700, BODY, "Vraag 1"),
        (72, 689, BODY, ask), (72 + width(ask, BODY), 689, BODY, "het bericht"),
        (72 + width(ask + "het bericht", BODY), 689, BODY, "?^1 Zo ja, wat vindt u ervan?"),
        (72, 660, BODY, "Antwoord 1"),
        (72, 649, BODY, "Ja. Het bericht is bekend, en de cijfers die het noemt komen overeen met wat de"),
        (72, 638, BODY, "Nederlandse Zorgautoriteit over de wachttijden in de ggz heeft gemeld, zie de bronnen.^2"),
        (72, 130, NOTE, lead), (72 + width(lead, NOTE), 130, NOTE, title),
        (72, 121, NOTE, rest),
        (72, 112, NOTE, "2 Zie www.nos.nl/artikel/1 en Sdu, 2024"),
    ]
    annotations = [
        link("https://nos.nl/", over(72 + width(ask, BODY), 689, BODY, "het bericht")),
        link(NOS, over(72 + width(lead, NOTE), 130, NOTE, title), over(72, 121, NOTE, rest)),
        link("https://www.nos.nl/artikel/1", over(72 + width("2 Zie ", NOTE), 112, NOTE, "www.nos.nl/artikel/1")),
        link("https://www.sdu.nl/", over(72 + width("2 Zie www.nos.nl/artikel/1 en ", NOTE), 112, NOTE, "Sdu")),
        link("https://example.org/over-niets", (300, 400, 400, 420)),  # over no text
        # No rectangle, a link within the document, a URI that is no string: no links, and no error.
        b"<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://example.org/zonder-plaats) >> >>",
        b"<< /Type /Annot /Subtype /Link /Rect [72 120 200 140] /Dest [4 0 R /XYZ 0 0 0] >>",
        b"<< /Type /Annot /Subtype /Link /Rect [72 120 200 140] /A << /S /URI /URI 42 >> >>",
    ]
    return make_pdf([page], annotations={0: annotations})


def test_link_annotations_are_placed_on_their_anchor_text() -> None:
    source = read_pdf(linked_pdf(), "links.pdf")
    assert [note.number for note in source.notes] == ["1", "2"]
    assert [(link.target, source.text[link.span.start:link.span.end]) for link in source.links] == [
        ("https://nos.nl/", "het bericht"),
        (NOS, "«Wachttijden ggz niet goed vastgelegd»"),  # one link over two lines
        ("https://www.nos.nl/artikel/1", "www.nos.nl/artikel/1"),
        ("https://www.sdu.nl/", "Sdu"),
    ]


def test_link_annotation_targets_become_the_notes_urls() -> None:
    document = extract(read_pdf(linked_pdf(), "links.pdf"))
    assert [(f.number, [(u.printed, u.iri, u.scheme_added) for u in f.cited_urls]) for f in document.footnotes] == [
        ("1", [(None, NOS, False)]),
        ("2", [("www.nos.nl/artikel/1", "https://www.nos.nl/artikel/1", False), (None, "https://www.sdu.nl/", False)]),
    ]


# ---------------------------------------------------------------------------------------------------------------
# Errors: never a traceback
# ---------------------------------------------------------------------------------------------------------------


def test_not_a_pdf() -> None:
    with pytest.raises(ReadError, match=r"^x\.pdf: corrupt PDF: no %PDF- header$"):
        read_pdf(b"PK\x03\x04 this is a zip", "x.pdf")


@pytest.mark.parametrize("data", [b"%PDF-1.4\n" + b"\x00garbage" * 50, answer_pdf()[:700], b"%PDF-1.7\n1 0 obj << /Type"])
def test_corrupt_pdf(data: bytes) -> None:
    with pytest.raises(ReadError) as caught:
        read_pdf(data, "broken.pdf")
    assert caught.value.path == "broken.pdf"
    assert caught.value.problem.startswith(("corrupt PDF", "PDF has no text layer"))


def test_encrypted_pdf() -> None:
    # Standard security handler, revision 2, with a user password that is not empty: cannot be opened.
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"ab" * 32, b"cd" * 32)
    page: list[Line] = [(72, 700, BODY, "Geheim")]
    data = make_pdf([page], trailer_extra=b"/Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ", extra_objects=(encrypt,))
    with pytest.raises(ReadError, match=r"^secret\.pdf: encrypted PDF"):
        read_pdf(data, "secret.pdf")


def test_pdf_without_text() -> None:
    with pytest.raises(ReadError, match="no text layer"):
        read_pdf(make_pdf([[]]), "scan.pdf")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_pdfs_raise_only_read_errors(data: st.DataObject) -> None:
    original = bytearray(answer_pdf())
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(original) - 1))
        original[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(20, len(original)))
    try:
        source = read_pdf(bytes(original[:cut]), "fuzz.pdf")
    except ReadError:
        return
    for note in source.notes:
        assert 0 <= note.span.start <= note.span.end <= len(source.text)


# ---------------------------------------------------------------------------------------------------------------
# The development corpus: Aanhangsel answers as published
# ---------------------------------------------------------------------------------------------------------------

needs_corpus = pytest.mark.skipif(not PDF_DIR.is_dir(), reason=f"development corpus not found at {PDF_DIR}")
# Without the corpus, one placeholder parameter carries the skip reason (an empty list would hide it).
CORPUS_PDFS = sorted(PDF_DIR.glob("*.pdf")) if PDF_DIR.is_dir() else [PDF_DIR / "absent.pdf"]
FURNITURE = re.compile(r"vergaderjaar \d{4}.\d{4}, Aanhangsel|^ISSN |Gravenhage \d{4}$|^Tweede Kamer der Staten|^Vergaderjaar ")


def _gold(pdf: Path) -> dict[str, object]:
    gold: dict[str, object] = json.loads(pdf.with_suffix(".gold.json").read_text(encoding="utf-8"))
    return gold


@needs_corpus
@pytest.mark.parametrize("pdf", CORPUS_PDFS, ids=lambda p: p.stem[:8])
def test_corpus_pdf(pdf: Path) -> None:
    gold = _gold(pdf)
    source = read_pdf(pdf.read_bytes(), str(pdf))
    lines = source.text.splitlines()
    assert lines[0] == gold["koop_id"]
    assert source.text.count(str(gold["koop_id"])) == 1
    assert not [line for line in lines if FURNITURE.search(line)]

    notes_text = "\n".join(source.text[n.span.start : n.span.end] for n in source.notes)
    for url in gold["footnote_urls"]:  # type: ignore[attr-defined]
        assert url in notes_text
    assert [n.number for n in source.notes] == [str(i) for i in range(1, len(source.notes) + 1)]

    body = body_of(source)
    assert not re.search(r"[a-z][?!.]\d{1,2}(?:\s|$)", body), "a footnote reference is glued to the body text"
    printed = {number for line in lines if re.match(r"^Vraag \d", line) for number in re.findall(r"\d+[a-z]?", line)}
    assert printed == set(gold["questions"])  # type: ignore[arg-type]
    answers = [line for line in lines if re.match(r"^Antwoord \d", line)]
    assert len(answers) == len(gold["answers"])  # type: ignore[arg-type]
