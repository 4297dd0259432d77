"""The DOCX reader: hand-written OOXML packages for each rule, error cases, and the development corpus when present."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from kgraph.errors import ReadError
from kgraph.extract import extract
from kgraph.model import SourceText
from kgraph.read.docx import format_number, read_docx

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus" / "dev"
DOCX_DIR = CORPUS / "codewith"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)

# ---------------------------------------------------------------------------------------------------------------
# Factories: XML snippets and a package around them
# ---------------------------------------------------------------------------------------------------------------


def run(text: str, props: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{props}</w:rPr>" if props else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*content: str, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(content)}</w:p>"


def note_ref(note_id: int) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="Voetnootmarkering"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'


def table(*rows: tuple[str, ...]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{para(run(c)) if c else '<w:p/>'}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl><w:tblPr/>{cells}</w:tbl>"


def document(*blocks: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{"".join(blocks)}<w:sectPr/></w:body></w:document>'


def footnotes(notes: dict[int, str]) -> str:
    items = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    )
    for note_id, text in notes.items():
        items += (
            f'<w:footnote w:id="{note_id}"><w:p><w:r><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NS}>{items}</w:footnotes>'


def level(ilvl: int, fmt: str, text: str, start: int = 1, suffix: str | None = None) -> str:
    suff = f'<w:suff w:val="{suffix}"/>' if suffix else ""
    return f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{suff}<w:lvlText w:val="{text}"/></w:lvl>'


SYMBOL_BULLET = "\uf0b7"  # the bullet of the Symbol font, as Word stores it
NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {NS}>
  <w:abstractNum w:abstractNumId="0">{level(0, "decimal", "%1.")}{level(1, "lowerLetter", "%2)")}</w:abstractNum>
  <w:abstractNum w:abstractNumId="1">{level(0, "decimal", "Vraag %1", suffix="nothing")}</w:abstractNum>
  <w:abstractNum w:abstractNumId="2">{level(0, "bullet", SYMBOL_BULLET)}</w:abstractNum>
  <w:abstractNum w:abstractNumId="3">{level(0, "upperRoman", "%1.", start=3)}</w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
  <w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>
</w:numbering>"""

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {NS}>
  <w:style w:type="paragraph" w:styleId="Vraagnummer"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="VraagKop"><w:basedOn w:val="Vraagnummer"/></w:style>
</w:styles>"""

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def package(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, **parts}.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def letter() -> bytes:
    text_box = (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>"
        + para(run("Datum 25 juli 2024"))
        + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>"
        + para(run("Datum 25 juli 2024"))
        + "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    body = document(
        para(text_box, run("Geachte voorzitter,")),
        para(),
        para(run("Vragen van het lid Jansen (CDA) over "), f'<w:hyperlink r:id="rId9" xmlns:r="x">{run("het bericht")}</w:hyperlink>', run(" in de krant.")),
        para(style="Vraagnummer"),
        para(run("Kent u het bericht?"), note_ref(7), run(" Zo ja, wat vindt u ervan?")),
        para(run("Antwoord op vraag 1")),
        para(run("Ja."), note_ref(3), run(" Dat is "), "<w:del><w:r><w:delText>niet </w:delText></w:r></w:del>", "<w:ins>" + run("wel ") + "</w:ins>", run("zo.")),
        para(run("Eerste punt"), num=(1, 0)),
        para(run("Onderdeel"), num=(1, 1)),
        para(run("Nog een onderdeel"), num=(1, 1)),
        para(run("Tweede punt"), num=(1, 0)),
        para(run("Opnieuw genummerd"), num=(2, 0)),
        para(run("Een opsomming"), num=(4, 0)),
        para(run("Romeins"), num=(5, 0)),
        para(run("Verborgen", "<w:vanish/>"), run("Zichtbaar")),
        para(
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>",
            "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>",
            run("Veldresultaat"),
            "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
        ),
        table(("Kolom A", "Kolom B"), ("a1", "b1")),
        table(("Alleen deze cel", ""), ("", "En deze")),
        para(run("Regel een"), "<w:r><w:br/></w:r>", run("regel\ttwee"), "<w:r><w:noBreakHyphen/></w:r>", run("x")),
        para(style="VraagKop"),
        para(run("Nog een vraag?"), note_ref(7)),
    )
    return package(
        {
            "word/document.xml": body,
            "word/footnotes.xml": footnotes({3: "https://www.example.nl/bron", 7: "Kamerstuk 21 501-02, nr. 2733"}),
            "word/numbering.xml": NUMBERING,
            "word/styles.xml": STYLES,
        }
    )


@pytest.fixture(scope="module")
def source() -> SourceText:
    return read_docx(letter(), "brief.docx")


def body_lines(source: SourceText) -> list[str]:
    body = source.text[: source.notes[0].span.start] if source.notes else source.text
    return [line for line in body.splitlines() if line]


# ---------------------------------------------------------------------------------------------------------------
# Reading rules
# ---------------------------------------------------------------------------------------------------------------


def test_identity(source: SourceText) -> None:
    assert source.format == "docx"
    assert source.sha256 == hashlib.sha256(letter()).hexdigest()
    assert source.path == "brief.docx"


def test_paragraphs_in_order_one_per_line(source: SourceText) -> None:
    lines = body_lines(source)
    assert lines[:3] == ["Datum 25 juli 2024", "Geachte voorzitter,", "Vragen van het lid Jansen (CDA) over het bericht in de krant."]
    assert "\n\nGeachte voorzitter,\n\n" in source.text  # a blank line between paragraphs; empty ones dropped


def test_text_box_is_read_once(source: SourceText) -> None:
    assert source.text.count("Datum 25 juli 2024") == 1


def test_numbered_headings_get_their_numbers(source: SourceText) -> None:
    lines = body_lines(source)
    assert lines[3:6] == ["Vraag 1", "Kent u het bericht? Zo ja, wat vindt u ervan?", "Antwoord op vraag 1"]
    assert "Vraag 2" in lines  # a style based on a numbered style is numbered too, continuing the list


def test_list_numbers_are_computed(source: SourceText) -> None:
    lines = body_lines(source)
    start = lines.index("1. Eerste punt")
    assert lines[start : start + 7] == [
        "1. Eerste punt",
        "a) Onderdeel",
        "b) Nog een onderdeel",
        "2. Tweede punt",
        "1. Opnieuw genummerd",  # a w:num with a start override restarts the abstract list
        "• Een opsomming",  # a Symbol-font bullet printed as a bullet
        "III. Romeins",  # start value and roman format
    ]


def test_revisions_hidden_text_and_fields(source: SourceText) -> None:
    lines = body_lines(source)
    assert "Ja. Dat is wel zo." in lines
    assert "Zichtbaar" in lines and "Verborgen" not in source.text
    assert "Veldresultaat" in lines and "PAGE" not in source.text


def test_tables(source: SourceText) -> None:
    lines = body_lines(source)
    assert "Kolom A | Kolom B" in lines and "a1 | b1" in lines
    # Rows with one filled cell are layout, not data: their text reads as paragraphs.
    assert "Alleen deze cel" in lines and "En deze" in lines


def test_breaks_tabs_and_hyphens(source: SourceText) -> None:
    assert "Regel een\nregel twee-x" in source.text


def test_footnotes_numbered_by_first_reference(source: SourceText) -> None:
    assert [n.number for n in source.notes] == ["1", "2"]
    texts = [source.text[n.span.start : n.span.end] for n in source.notes]
    assert texts == ["Kamerstuk 21 501-02, nr. 2733", "https://www.example.nl/bron"]
    tail = source.text[source.notes[0].span.start - 2 :]
    assert tail == "1 Kamerstuk 21 501-02, nr. 2733\n2 https://www.example.nl/bron\n"
    # References are left out of the body, which ends before the notes.
    assert "Nog een vraag?\n\n1 Kamerstuk" in source.text


def test_number_formats() -> None:
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27)] == ["a", "z", "aa"]
    assert format_number(9, "lowerRoman") == "ix"
    assert format_number(4, "someFutureFormat") == "4"


# ---------------------------------------------------------------------------------------------------------------
# Hyperlinks: w:hyperlink with its target in the part's relationships, HYPERLINK fields
# ---------------------------------------------------------------------------------------------------------------

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NOS = "https://nos.nl/artikel/2541672-wachttijden-ggz"


def relationships(targets: dict[str, str]) -> str:
    """A part's relationships: external hyperlink targets by id, and one internal relationship that is no link."""
    rels = "".join(
        f'<Relationship Id="{rel_id}" Type="{R_NS}/hyperlink" Target="{target}" TargetMode="External"/>'
        for rel_id, target in targets.items()
    )
    rels += f'<Relationship Id="rIdStyles" Type="{R_NS}/styles" Target="styles.xml"/>'
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'


def hyperlink(rel_id: str, text: str) -> str:
    return f'<w:hyperlink r:id="{rel_id}" xmlns:r="{R_NS}">{run(text)}</w:hyperlink>'


def field(instruction: str, text: str) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{run(text)}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def notes_part(notes: dict[int, str]) -> str:
    """word/footnotes.xml with each note's content given as runs."""
    items = "".join(f'<w:footnote w:id="{note_id}"><w:p><w:r><w:footnoteRef/></w:r>{content}</w:p></w:footnote>'
                    for note_id, content in notes.items())
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NS}>{items}</w:footnotes>'


def linked_letter() -> bytes:
    body = document(
        para(run("Vraag 1")),
        para(run("Kent u "), hyperlink("rId1", "het bericht"), run("?"), note_ref(2), note_ref(3), note_ref(4), note_ref(5)),
    )
    notes = notes_part({
        2: run(" NOS, 22 oktober 2024, ") + hyperlink("rId1", "«Wachttijden ggz niet goed vastgelegd»"),
        3: run(" Zie ") + field(' HYPERLINK "https://www.rijksoverheid.nl/a" \\o "Rijksoverheid" ', "de website") + run("."),
        4: run(" NOS, ") + f'<w:fldSimple w:instr=" HYPERLINK &quot;https://nos.nl/b&quot; ">{run("nos.nl/b")}</w:fldSimple>',
        5: run(" Zie ") + f'<w:hyperlink w:anchor="_Toc1">{run("bijlage 1")}</w:hyperlink>' + run(", ")
           + hyperlink("rId2", "de redactie") + run(" en ") + field(' HYPERLINK \\l "_Toc2" ', "bijlage 2"),
    })
    return package({
        "word/document.xml": body,
        "word/_rels/document.xml.rels": relationships({"rId1": "https://nos.nl/"}),
        "word/footnotes.xml": notes,
        "word/_rels/footnotes.xml.rels": relationships({"rId1": NOS, "rId2": "mailto:redactie@nos.nl"}),
    })


def test_hyperlinks_are_placed_on_their_anchor_text() -> None:
    source = read_docx(linked_letter(), "brief.docx")
    assert [(link.target, source.text[link.span.start:link.span.end]) for link in source.links] == [
        ("https://nos.nl/", "het bericht"),
        (NOS, "«Wachttijden ggz niet goed vastgelegd»"),
        ("https://www.rijksoverheid.nl/a", "de website"),
        ("https://nos.nl/b", "nos.nl/b"),
        ("mailto:redactie@nos.nl", "de redactie"),
    ]
    assert "HYPERLINK" not in source.text and "Zie de website." in source.text


def test_hyperlink_targets_become_the_notes_urls() -> None:
    document = extract(read_docx(linked_letter(), "brief.docx"))
    assert [(f.number, [(u.printed, u.iri, u.scheme_added) for u in f.cited_urls]) for f in document.footnotes] == [
        ("1", [(None, NOS, False)]),
        ("2", [(None, "https://www.rijksoverheid.nl/a", False)]),
        ("3", [("nos.nl/b", "https://nos.nl/b", False)]),  # printed without scheme; the link gives it
        ("4", []),  # a bookmark in the file and a mail address are no cited pages
    ]
    # A page only the link names is cited by its target, as printed ones by their printed form.
    assert [f.urls for f in document.footnotes] == [(NOS,), ("https://www.rijksoverheid.nl/a",), ("nos.nl/b",), ()]


# ---------------------------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------------------------


def test_not_a_zip() -> None:
    with pytest.raises(ReadError, match=r"^x\.docx: not a DOCX file \(not a zip archive\)$"):
        read_docx(b"%PDF-1.4 not a docx", "x.docx")


def test_ole_file() -> None:
    with pytest.raises(ReadError, match="OLE compound file"):
        read_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.docx")


def test_zip_without_document() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match=r"not a DOCX file \(zip archive without word/document.xml\)"):
        read_docx(buffer.getvalue(), "y.docx")


def test_malformed_xml() -> None:
    with pytest.raises(ReadError, match="corrupt DOCX: word/document.xml is not well-formed XML"):
        read_docx(package({"word/document.xml": "<w:document><w:body>"}), "z.docx")


def test_dtd_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>'
    )
    with pytest.raises(ReadError, match="unsafe DOCX"):
        read_docx(package({"word/document.xml": bomb}), "bomb.docx")


def test_empty_document() -> None:
    with pytest.raises(ReadError, match="no text"):
        read_docx(package({"word/document.xml": document(para())}), "empty.docx")


def test_truncated_zip() -> None:
    with pytest.raises(ReadError):
        read_docx(letter()[:200], "cut.docx")


# ---------------------------------------------------------------------------------------------------------------
# The development corpus: ministry answer letters
# ---------------------------------------------------------------------------------------------------------------

needs_corpus = pytest.mark.skipif(not DOCX_DIR.is_dir(), reason=f"development corpus not found at {DOCX_DIR}")
# Without the corpus, one placeholder parameter carries the skip reason (an empty list would hide it).
CORPUS_DOCX = sorted(DOCX_DIR.glob("*.docx")) if DOCX_DIR.is_dir() else [DOCX_DIR / "absent.docx"]


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_DOCX, ids=lambda p: p.stem[:40])
def test_corpus_docx(path: Path) -> None:
    gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
    data = path.read_bytes()
    source = read_docx(data, str(path))
    lines = source.text.splitlines()
    printed = {n for line in lines if re.match(r"^Vraag \d+\s*$", line) for n in re.findall(r"\d+", line)}
    assert printed == set(gold["questions"])
    answered = [re.findall(r"\d+", line) for line in lines if re.match(r"^Antwoord op vra(?:ag|gen) \d", line)]
    assert sorted(map(sorted, answered)) == sorted(map(sorted, gold["answers"]))
    for url in gold["footnote_urls"]:
        assert url in source.text
    # Every footnote Word would number is recorded, in order, with its text after its number.
    references = len(set(re.findall(rb'w:footnoteReference w:id="(\d+)"', zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))))
    assert [n.number for n in source.notes] == [str(i) for i in range(1, references + 1)]
    for note in source.notes:
        assert source.text[note.span.start : note.span.end].strip()
        assert source.text[note.span.start - len(note.number) - 1 : note.span.start] == note.number + " "
