"""Read a PDF into clean text plus footnote regions.

Kamervragen and their answers are published as PDF by officielebekendmakingen.nl (Aanhangsel van de
Handelingen, ``ah-tk-…``; question sets, ``kv-tk-…``) and ministries publish answer letters as PDF too. Plain
text extraction of these files interleaves running headers and footers with the answers, glues footnote
reference numbers to words ("BDO-onderzoek?1") and leaves words hyphenated at line ends. This reader keeps the
position and size of every piece of text, so it can tell body text from page furniture and footnotes:

1. `_RunCollector` (a pdfminer device) records each text-showing operation as a `_Run`: text, baseline,
   horizontal extent, effective font size and the marked-content tag around it (tagged PDFs mark page furniture
   as ``/Artifact``).
2. `_assemble_lines` groups runs into lines; raised smaller runs are superscripts, lowered ones subscripts.
3. `_drop_furniture` removes running headers and footers: ``/Artifact`` content, known Tweede Kamer page heads
   and feet (`FURNITURE_LINES`), lines repeated at the same height on several pages, page numbers. The
   document's own id ("ah-tk-20232024-1234") is kept once, as the first line of the text.
4. `_split_notes` takes the footnotes printed at the bottom of a page: smaller type below all body text, each
   starting with the next footnote number.
5. `_paragraphs` joins lines into paragraphs (one per line of output), rejoining hyphenated words and URLs
   broken across lines; superscripts that are footnote reference numbers are dropped from the body.

The text is: the document id line (when printed), the body paragraphs (one per line, a blank line between), a
blank line, then one line per footnote ("1 https://…"), each recorded in `SourceText.notes` with the span of the
note text after its number. Footnote reference numbers are left out of the body. Link annotations to web
addresses become `SourceText.links` on the text under them, on the note whose lines they cover (`_link_anchors`):
a note can link a title and print no URL.

Library choice (measured on the 11 Aanhangsel PDFs of the development corpus, see the module's tests):
pdfminer.six (MIT) gives glyph positions and sizes, which this reader needs; pypdf (BSD) is faster for plain
text but does not expose positions per glyph, and PyMuPDF is AGPL. Only pdfminer's content-stream interpreter
is used, not its layout analysis, which is where most of its time goes.
"""

from __future__ import annotations

import io
import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pdfminer.pdfdevice import PDFDevice, PDFTextSeq
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager, PDFTextState
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdftypes import PDFObjRef
from pdfminer.psparser import PSLiteral, literal_name
from pdfminer.utils import mult_matrix

from kgraph import identifiers
from kgraph.errors import ReadError
from kgraph.limits import DEFAULT_LIMITS, Limits, exceeded, megabytes
from kgraph.model import SourceText
from kgraph.read.notes import place_links, with_notes
from kgraph.read.pdf_bounds import ReferenceLoop, StreamTooLarge, bounded

__all__ = ["read_pdf"]

# ---------------------------------------------------------------------------------------------------------------
# Patterns and word lists (data, kept apart from the logic below)
# ---------------------------------------------------------------------------------------------------------------

#: Page heads and feet of Tweede Kamer / Eerste Kamer publications, dropped wherever they stand (whole line or a
#: piece of one, after line assembly).
FURNITURE_LINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"^(?:Tweede|Eerste) Kamer der Staten-Generaal(?: \d)?$",
        r"^(?:Tweede|Eerste) Kamer, vergaderjaar \d{4}\s*[–-]\s*\d{4}, (?:Aanhangsel|Vragen)(?: \d+)?$",
        r"^Vergaderjaar \d{4}\s*[–-]\s*\d{4}(?: (?:Aanhangsel van de Handelingen|Vragen gesteld door de leden der Kamer))?$",
        r"^Aanhangsel van de Handelingen$",
        r"^Vragen gesteld door de leden der Kamer(?:, met de daarop door de)?$",
        r"^regering gegeven antwoorden$",
        r"^ISSN \d{4}\s*-\s*\d{3}[\dX]$",
        r"^['’]s-Gravenhage \d{4}$",
    )
)
#: Page furniture that could also be running text, so dropped only in the top and bottom band of a page.
FURNITURE_BAND_LINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"^\d{1,3}$",  # page number; the large chamber digit on a first page
        r"^(?:Pagina|Blad|pagina|blad) \d+(?: (?:van|/) \d+)?$",
        r"^\d+ ?(?:/|van) ?\d+$",  # "2/5", "2 van 5"
        r"^[-–] ?\d+ ?[-–]$",
        # Kamerstuk running foot: "Tweede Kamer, vergaderjaar 2023–2024, 36 410 V, nr. 27 2"
        r"^(?:Tweede|Eerste) Kamer, vergaderjaar \d{4}\s*[–-]\s*\d{4}, [\d ]+[A-Z]*(?:-[\w]+)?, nr\. \d+(?: \d+)?$",
    )
)

#: The document's own officielebekendmakingen id as printed in the page foot: ah-tk-20232024-1234, kv-tk-2024Z18775.
KOOP_ID = re.compile(f"^({identifiers.source(identifiers.PARLIAMENTARY_PAPER)})$")

#: Lines that are headings in Kamervragen and answers: they always stand on their own line.
HEADING = re.compile(
    r"^(?:Vraag|Vragen|Antwoord|Antwoorden)(?: op)?(?: (?:vraag|vragen))? \d+[a-z]?"
    r"(?:\s*(?:,|en|t/m|tot en met|-|–|&)?\s*\d+[a-z]?)*[.:]?$",
    re.IGNORECASE,
)
#: Lines that open a new block even when layout says nothing (the first line of a question set or an answer).
BLOCK_START = re.compile(r"^(?:Vragen van|Mondelinge vragen van|Antwoord van|Mededeling van|Toelichting)\b")

#: A footnote as printed at the page bottom: its number, then its text.
NOTE_START = re.compile(r"^(\d{1,3})(?:\s+|(?=[^\d\s.,:]))(\S.*)$")
#: A superscript made only of footnote reference numbers: "1", "2 3", "4,5".
NOTE_REFS = re.compile(r"^\d{1,3}(?:\s*[,;]?\s*\d{1,3})*$")

#: How the last line of a paragraph ends, unless the next one starts with a capital.
PARAGRAPH_ENDS = (".", "?", "!", ":", ";", "»", "”", ")", ",")

#: A line that starts with a list bullet or item number starts a new paragraph. An undefined glyph (U+FFFD) in
#: front of a line is a bullet drawn from a symbol font without a Unicode mapping.
LIST_ITEM = re.compile(r"^(?:[•·▪▫◦○●■□➢➤►✓\ufffd]|\d{1,2}[.)]|[a-z][.)]|\([a-z0-9]{1,3}\))\s")
#: A dash in front of a line is a list item only in a list: after a colon or after another dash item; elsewhere
#: it can be a dash (gedachtestreepje) that the line break put first.
DASH_ITEM = re.compile(r"^[–—-]\s")
UNMAPPED_BULLET = re.compile(r"^\ufffd(?=\s)")

#: The token a line ends with, when it is (part of) a web address.
URL_TAIL = re.compile(r"(?:https?:/{0,2}|www\.|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/)\S*$", re.IGNORECASE)
#: A scheme cut before its slashes ("https:" | "//nos.nl/…", "https:/" | "/nos.nl/…"): continued only by a slash.
CUT_SCHEME = re.compile(r"https?:/?$", re.IGNORECASE)
#: Characters after which a typesetter breaks a URL: the next line continues it without a space.
URL_BREAK_CHARS = "/-_.=?&#~%+:"
#: A token that can continue a URL on the next line.
URL_CONTINUATION = re.compile(r"^[\w\-~%/.?=&#+:@!$*,;]+")
#: Closing characters after which a URL has ended.
URL_CLOSERS = ")]»”’\"'>,;"

#: Words after "Oost- " that show the hyphen was a real one in a shortened compound ("Oost- en West-Europa").
HYPHEN_KEEP_NEXT_WORDS = frozenset({"en", "of", "tot", "noch", "als", "dan", "resp.", "respectievelijk"})
#: Prefixes written with a real hyphen before a lowercase word ("oud-minister", "ex-partner", "niet-EU").
HYPHEN_PREFIXES = frozenset({"ex", "oud", "niet", "vice", "adjunct", "loco", "semi", "e", "x"})
#: Vowel pairs that Dutch never splits when hyphenating; a line-end hyphen between them is a real hyphen
#: (klinkerbotsing: "zee-egel", "auto-ongeluk"; Woordenlijst Nederlandse Taal, leidraad 11).
VOWEL_DIGRAPHS = frozenset({"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "oe", "oi", "oo", "ou", "ui", "uu"})

#: Spacing accents that some fonts draw as separate glyphs next to the base letter, mapped to combining marks.
SPACING_ACCENTS = {"¨": "\u0308", "´": "\u0301", "`": "\u0300", "ˆ": "\u0302", "˜": "\u0303", "¸": "\u0327"}
ACCENT_AFTER = re.compile(r"([A-Za-z])([¨´`ˆ˜¸])")
ACCENT_BEFORE = re.compile(r"(?<![\w¨´`ˆ˜¸])([¨´`ˆ˜¸])([A-Za-z])")
#: Characters replaced in extracted text: ligatures, no-break and other odd spaces.
CHAR_REPAIRS = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
        "\t": " ",
    }
)
SOFT_HYPHEN = "\u00ad"

# ---------------------------------------------------------------------------------------------------------------
# Layout thresholds, as fractions of the font size
# ---------------------------------------------------------------------------------------------------------------

TJ_GAP_EM = 0.15  # a TJ adjustment at least this wide is a word gap (kerning is smaller)
WORD_GAP_EM = 0.12  # a gap between runs at least this wide is a word space
SAME_LINE_EM = 0.6  # baselines closer than this belong to one line (superscripts are raised ~0.4 em)
SCRIPT_SIZE = 0.85  # a run smaller than this fraction of its line is a super- or subscript ...
SCRIPT_RAISE_EM = 0.15  # ... when raised by at least this much (superscript) ...
SCRIPT_LOWER_EM = 0.08  # ... or lowered by at least this much (subscript)
NOTE_SIZE = 0.93  # footnote type is smaller than this fraction of the body type
PARAGRAPH_GAP_EM = 1.6  # a baseline step larger than this starts a new paragraph (line pitch is ~1.15 em)
SIZE_CHANGE = 0.1  # lines whose sizes differ by more than this fraction are separate paragraphs
SEGMENT_GAP_EM = 3.0  # a gap this wide within a line separates independent pieces of text (columns, feet)
FURNITURE_BAND = 0.12  # running heads and feet live in the top and bottom 12 % of the page
UNDECODABLE_SHARE = 0.3  # more glyphs than this without a Unicode mapping: the text is unreadable

#: Marked-content tags of inline structure: a change of MCID between two of these is no paragraph break.
INLINE_TAGS = frozenset(
    {"Span", "Link", "Reference", "Quote", "Note", "Annot", "Ruby", "Warichu", "Code", "BibEntry", "Formula", "Lbl"}
)

# ---------------------------------------------------------------------------------------------------------------
# Collecting text runs
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Run:
    """Text shown by one text operator, in page coordinates (points, origin bottom left)."""

    text: str
    x0: float
    x1: float
    y: float  # baseline, after text rise
    size: float  # effective font size
    tag: str | None  # innermost marked-content tag
    mcid: int | None


@dataclass(frozen=True, slots=True)
class _LinkArea:
    """A link annotation to a web address (ISO 32000-1, 12.5.6.5 and 12.6.4.7: /Subtype /Link with a /URI action):
    the boxes it covers, (x0, y0, x1, y1) in page coordinates like the runs, and its URI."""

    boxes: tuple[tuple[float, float, float, float], ...]
    uri: str


@dataclass(slots=True)
class _Page:
    height: float
    runs: list[_Run] = field(default_factory=list)
    links: list[_LinkArea] = field(default_factory=list)


class _RunCollector(PDFDevice):
    """A pdfminer device that keeps every horizontal text run with its position, size and tag."""

    def __init__(self, rsrcmgr: PDFResourceManager) -> None:
        super().__init__(rsrcmgr)
        self.pages: list[_Page] = []
        self._tags: list[tuple[str, int | None]] = []

    def begin_page(self, page: PDFPage, ctm: tuple[float, float, float, float, float, float]) -> None:
        x0, y0, x1, y1 = page.mediabox
        height = abs(y1 - y0) if page.rotate in (0, 180) else abs(x1 - x0)
        try:
            links = _link_areas(page, ctm)
        except Exception:  # links are a hint: a damaged annotation loses its link, not the document's text
            links = []
        self.pages.append(_Page(height=float(height) or 842.0, links=links))
        self._tags = []

    def begin_tag(self, tag: PSLiteral, props: object = None) -> None:
        mcid = props.get("MCID") if isinstance(props, dict) else None
        self._tags.append((literal_name(tag), mcid if isinstance(mcid, int) else None))

    def end_tag(self) -> None:
        if self._tags:
            self._tags.pop()

    def render_string(
        self,
        textstate: PDFTextState,
        seq: PDFTextSeq,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> None:
        # Follows pdfminer's PDFTextDevice.render_string_horizontal, but keeps one run per operator instead of
        # building an object per glyph: about four times faster, and glyph detail is not needed here.
        font = textstate.font
        if font is None or self.ctm is None or not self.pages:
            return
        matrix = mult_matrix(textstate.matrix, self.ctm)
        scaling = textstate.scaling * 0.01
        fontsize = textstate.fontsize
        charspace = textstate.charspace * scaling
        wordspace = 0.0 if font.is_multibyte() else textstate.wordspace * scaling
        dxscale = 0.001 * fontsize * scaling
        x, y = textstate.linematrix
        start = x
        chars: list[str] = []
        needcharspace = False
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                if -obj * 0.001 >= TJ_GAP_EM and chars and chars[-1] != " ":
                    chars.append(" ")
                needcharspace = True
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    chars.append(_unichr(font, cid))
                    x += font.char_width(cid) * fontsize * scaling
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
        textstate.linematrix = (x, y)
        a, b, c, d, e, f = matrix
        # Rotated or mirrored text (margin notes, stamps) is not part of the running text.
        if d <= 0 or abs(b) > 1e-3 * abs(d) or abs(c) > 1e-3 * abs(d) or a <= 0:
            return
        text = "".join(chars)
        # Tagged PDFs mark running heads, feet and page numbers as artifacts (ISO 32000-1, 14.8.2.2).
        if not text.strip() or any(name == "Artifact" for name, _ in self._tags):
            return
        lift = y + textstate.rise  # text rise (Ts) raises superscripts in word-processor PDFs
        self.pages[-1].runs.append(
            _Run(
                text=text,
                x0=a * start + c * lift + e,
                x1=a * x + c * lift + e,
                y=b * start + d * lift + f,
                size=abs(fontsize * math.hypot(c, d)),
                tag=self._tags[-1][0] if self._tags else None,
                mcid=next((m for _, m in reversed(self._tags) if m is not None), None),
            )
        )


def _unichr(font: PDFFont, cid: int) -> str:
    try:
        return font.to_unichr(cid)
    except PDFUnicodeNotDefined:
        return "\ufffd"


# ---------------------------------------------------------------------------------------------------------------
# Lines
# ---------------------------------------------------------------------------------------------------------------


def _weight(run: _Run) -> tuple[float, int]:
    """What makes a run a line's main run: the largest type, then the most text."""
    return round(run.size, 1), len(run.text.strip())


@dataclass(slots=True)
class _Line:
    """Runs on one baseline. The main run and the extent are kept up to date as runs are added, so assembling a
    line costs time linear in its runs (a line can have tens of thousands: one per glyph in some producers)."""

    runs: list[_Run]
    page: int
    page_height: float
    _main: _Run | None = None
    _x0: float | None = None
    _x1: float | None = None

    def add(self, run: _Run) -> None:
        self.runs.append(run)
        if self._main is not None and _weight(run) > _weight(self._main):
            self._main = run  # max() keeps the first of equal runs, and so does this
        if self._x0 is not None and self._x1 is not None:
            self._x0, self._x1 = min(self._x0, run.x0), max(self._x1, run.x1)

    @property
    def main(self) -> _Run:
        """The run that sets the line's baseline and size: the largest type, then the most text."""
        if self._main is None:
            self._main = max(self.runs, key=_weight)
        return self._main

    @property
    def y(self) -> float:
        return self.main.y

    @property
    def size(self) -> float:
        return self.main.size

    @property
    def x0(self) -> float:
        if self._x0 is None:
            self._x0 = min(r.x0 for r in self.runs)
        return self._x0

    @property
    def x1(self) -> float:
        if self._x1 is None:
            self._x1 = max(r.x1 for r in self.runs)
        return self._x1

    def segments(self) -> list[str]:
        """The line's text cut at wide gaps: a page foot often prints place, title and page number on one
        baseline ("’s-Gravenhage 2024      Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 1")."""
        parts: list[list[_Run]] = []
        for run in sorted(self.runs, key=lambda r: r.x0):
            if parts and run.x0 - parts[-1][-1].x1 <= SEGMENT_GAP_EM * self.size:
                parts[-1].append(run)
            else:
                parts.append([run])
        return [_Line(runs=part, page=self.page, page_height=self.page_height).text() for part in parts]

    def script(self, run: _Run) -> int:
        """+1 for a superscript, -1 for a subscript, 0 for text on the baseline."""
        main = self.main
        if run.size >= SCRIPT_SIZE * main.size:
            return 0
        if run.y - main.y >= SCRIPT_RAISE_EM * main.size:
            return 1
        if main.y - run.y >= SCRIPT_LOWER_EM * main.size:
            return -1
        return 0

    def text(self, drop_refs: frozenset[str] = frozenset()) -> str:
        """The line as text. Superscripts made only of numbers in `drop_refs` (footnote references) are left out."""
        out: list[str] = []
        prev: _Run | None = None
        pending_space = False
        for run in sorted(self.runs, key=lambda r: r.x0):
            text = run.text
            kind = self.script(run)
            if kind == 1 and _is_note_ref(text, drop_refs):
                # Keep a word space that the reference stood in: "(KOZP)?¹ Bent" -> "(KOZP)? Bent".
                gap_before = prev is not None and run.x0 - prev.x1 >= WORD_GAP_EM * self.size
                pending_space = pending_space or gap_before or text[:1].isspace() or text[-1:].isspace()
                prev = run
                continue
            if out:
                gap = run.x0 - (prev.x1 if prev else run.x0)
                glued = kind != 0 or (prev is not None and self.script(prev) != 0)
                threshold = WORD_GAP_EM * min(run.size, prev.size if prev else run.size)
                if (pending_space or (gap >= threshold and not glued) or (glued and gap >= 2 * threshold)) and not (
                    out[-1][-1:].isspace() or text[:1].isspace()
                ):
                    out.append(" ")
            pending_space = False
            out.append(text)
            prev = run
        return re.sub(r" {2,}", " ", "".join(out)).strip()


def _is_note_ref(text: str, refs: frozenset[str]) -> bool:
    stripped = text.strip()
    if not NOTE_REFS.match(stripped):
        return False
    return all(n in refs for n in re.findall(r"\d+", stripped))


def _assemble_lines(page: _Page, index: int) -> list[_Line]:
    """Group runs, in content-stream order, into lines: same baseline (within a superscript's rise) and moving
    rightwards. Stream order is reading order in the producers seen (SDU, Word); sorting by position would
    interleave columns."""
    lines: list[_Line] = []
    current: _Line | None = None
    for run in page.runs:
        if current is not None:
            main = current.main
            tolerance = SAME_LINE_EM * max(main.size, run.size)
            if abs(run.y - main.y) < tolerance and run.x0 >= current.x1 - 0.5 * run.size:
                current.add(run)
                continue
        current = _Line(runs=[run], page=index, page_height=page.height)
        lines.append(current)
    return lines


# ---------------------------------------------------------------------------------------------------------------
# Page furniture
# ---------------------------------------------------------------------------------------------------------------


def _furniture_key(line: _Line) -> tuple[int, str]:
    return round(line.y), re.sub(r"\d+", "#", line.text())


def _in_band(line: _Line) -> bool:
    band = FURNITURE_BAND * line.page_height
    return line.y < band or line.y + 0.7 * line.size > line.page_height - band


def _is_furniture(part: str, in_band: bool) -> bool:
    return any(p.match(part) for p in FURNITURE_LINES) or (in_band and any(p.match(part) for p in FURNITURE_BAND_LINES))


def _drop_furniture(pages: list[list[_Line]]) -> tuple[list[list[_Line]], str | None]:
    """Remove running heads and feet; return the remaining lines and the document id printed in the foot."""
    repeated: Counter[tuple[int, str]] = Counter()
    for lines in pages:
        repeated.update({_furniture_key(line) for line in lines if _in_band(line)})
    # A running head is on (nearly) every page; two answers that happen to start two pages are not.
    often = max(2, math.ceil(0.6 * (len(pages) - 1)))
    koop_id: str | None = None
    kept_pages: list[list[_Line]] = []
    for lines in pages:
        kept: list[_Line] = []
        for line in lines:
            text = line.text()
            match = KOOP_ID.match(text)
            if match:
                koop_id = koop_id or match.group(1)
                continue
            in_band = _in_band(line)
            if all(_is_furniture(part, in_band) for part in line.segments()):
                continue
            if in_band and repeated[_furniture_key(line)] >= often and not _is_heading(text):
                continue
            kept.append(line)
        kept_pages.append(kept)
    return kept_pages, koop_id


# ---------------------------------------------------------------------------------------------------------------
# Links
# ---------------------------------------------------------------------------------------------------------------


def _link_areas(page: PDFPage, ctm: tuple[float, float, float, float, float, float]) -> list[_LinkArea]:
    """The page's link annotations with a URI, mapped by `ctm` into the coordinates its runs get. A link over
    several lines covers one box per line (QuadPoints); without them, its rectangle (Rect)."""
    areas: list[_LinkArea] = []
    annotations = _resolve(page.annots)
    for reference in annotations if isinstance(annotations, list) else []:
        annotation = _resolve(reference)
        if not isinstance(annotation, dict) or _name(annotation.get("Subtype")) != "Link":
            continue
        action = _resolve(annotation.get("A"))
        if not isinstance(action, dict) or _name(action.get("S")) != "URI":
            continue
        uri = _resolve(action.get("URI"))
        if isinstance(uri, bytes):
            uri = uri.decode("utf-8", errors="replace")  # 7-bit ASCII by the standard; UTF-8 in practice
        if not isinstance(uri, str) or not uri.strip():
            continue
        quads = _numbers(annotation.get("QuadPoints"))
        rect = _numbers(annotation.get("Rect"))
        if quads and len(quads) % 8 == 0:
            corners = [quads[i:i + 8] for i in range(0, len(quads), 8)]
        elif len(rect) == 4:
            x0, y0, x1, y1 = rect
            corners = [[x0, y0, x1, y0, x1, y1, x0, y1]]
        else:
            continue
        areas.append(_LinkArea(boxes=tuple(_box(points, ctm) for points in corners), uri=uri.strip()))
    return areas


def _resolve(value: object) -> Any:
    """pdfminer's resolve1, giving up after a few references: it follows an object that refers to itself forever."""
    for _ in range(32):
        if not isinstance(value, PDFObjRef):
            return value
        value = value.resolve()
    return None


def _name(value: object) -> str | None:
    value = _resolve(value)
    return literal_name(value) if isinstance(value, PSLiteral) else None


def _numbers(value: object) -> list[float]:
    value = _resolve(value)
    if not isinstance(value, list):
        return []
    numbers = [_resolve(item) for item in value]
    return [float(n) for n in numbers] if all(isinstance(n, (int, float)) for n in numbers) else []


def _box(
    points: Sequence[float], ctm: tuple[float, float, float, float, float, float]
) -> tuple[float, float, float, float]:
    """The bounding box, in the runs' coordinates, of the corners `points` (x1 y1 x2 y2 …)."""
    a, b, c, d, e, f = ctm
    xs = [a * x + c * y + e for x, y in zip(points[0::2], points[1::2])]
    ys = [b * x + d * y + f for x, y in zip(points[0::2], points[1::2])]
    return min(xs), min(ys), max(xs), max(ys)


def _covers(box: tuple[float, float, float, float], line: _Line) -> bool:
    """Whether a link box lies on `line`: it overlaps the line's extent and holds its baseline (a box reaches
    from below the descenders to above the ascenders, so it never holds the baseline of the line before or after)."""
    x0, y0, x1, y1 = box
    return line.x0 < x1 and x0 < line.x1 and y0 - 0.25 * line.size <= line.y <= y1


def _text_in(line: _Line, boxes: Sequence[tuple[float, float, float, float]]) -> str:
    """The words of `line` under the boxes. Runs keep no glyph positions, so each character's place is estimated
    from its run's width; a word counts when most of it lies under a box, which absorbs the estimate's error
    (links cover whole words: a URL, a title)."""
    ranges = [(box[0], box[2]) for box in boxes if _covers(box, line)]
    out: list[str] = []
    previous: _Run | None = None
    for run in sorted(line.runs, key=lambda r: r.x0):
        step = (run.x1 - run.x0) / max(len(run.text), 1)
        under = [any(lo <= run.x0 + (i + 0.5) * step <= hi for lo, hi in ranges) for i in range(len(run.text))]
        words = []
        for word in re.finditer(r"\S+", run.text):
            start, end = word.span()
            if 2 * sum(under[start:end]) <= end - start:
                continue
            # Punctuation next to the link but not under it ("Sdu," linked on "Sdu") stays out.
            while start < end and not under[start] and not run.text[start].isalnum():
                start += 1
            while end > start and not under[end - 1] and not run.text[end - 1].isalnum():
                end -= 1
            words.append(run.text[start:end])
        if not words:
            continue
        if previous is not None and (run.x0 - previous.x1 >= WORD_GAP_EM * line.size or run.text[:1].isspace()):
            out.append(" ")
        out.append(" ".join(words))
        previous = run
    return "".join(out)


def _link_anchors(
    pages: Sequence[Sequence[_Line]], links: Sequence[Sequence[_LinkArea]], note_lines: dict[int, str]
) -> list[tuple[str, str, str | None]]:
    """(target, anchor text, note number or None for the body) of each link, in reading order: the text under
    its boxes, on the note whose lines (`note_lines`, by `id` of the line) it covers. A link over nothing that
    is kept (page furniture, an image) is left out."""
    found: list[tuple[str, str, str | None]] = []
    for lines, areas in zip(pages, links):
        placed: list[tuple[int, str, str, str | None]] = []
        for area in areas:
            hits = [(i, line) for i, line in enumerate(lines) if any(_covers(box, line) for box in area.boxes)]
            if not hits:
                continue
            anchor = " ".join(_repair(_text_in(line, area.boxes)) for _, line in hits)
            note = next((note_lines[id(line)] for _, line in hits if id(line) in note_lines), None)
            placed.append((hits[0][0], area.uri, anchor, note))
        found.extend((uri, anchor, note) for _, uri, anchor, note in sorted(placed, key=lambda item: item[0]))
    return found


# ---------------------------------------------------------------------------------------------------------------
# Footnotes
# ---------------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Note:
    number: str
    lines: list[str]
    sources: list[_Line] = field(default_factory=list)  # the lines it was printed on


def _body_size(pages: Sequence[Sequence[_Line]]) -> float:
    """The size of the running text: the size that carries the most characters."""
    weight: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            for run in line.runs:
                weight[round(run.size, 1)] += len(run.text.strip())
    return weight.most_common(1)[0][0] if weight else 0.0


def _note_start(line: _Line) -> tuple[str, str] | None:
    """(number, text) when the line starts a footnote: a leading number, raised or not, then text."""
    runs = sorted(line.runs, key=lambda r: r.x0)
    first = runs[0].text.strip()
    if line.script(runs[0]) == 1 and first.isdigit() and len(runs) > 1:
        rest = _Line(runs=runs[1:], page=line.page, page_height=line.page_height).text()
        return (first, rest) if rest else None
    match = NOTE_START.match(line.text())
    return (match.group(1), match.group(2)) if match else None


def _split_notes(pages: list[list[_Line]], body_size: float) -> tuple[list[list[_Line]], list[_Note]]:
    """Take footnotes off the page bottoms: lines in smaller type below all body-size text, starting with the
    next footnote number. Numbering runs through the document, which rules out numbered lists in small type."""
    notes: list[_Note] = []
    bodies: list[list[_Line]] = []
    for lines in pages:
        body_lines = [line for line in lines if line.size >= NOTE_SIZE * body_size]
        floor = min((line.y for line in body_lines), default=math.inf)
        zone_start = len(lines)
        # The zone is the trailing run of small lines that lie below the body text.
        for i in range(len(lines) - 1, -1, -1):
            line = lines[i]
            if line.size < NOTE_SIZE * body_size and line.y < floor:
                zone_start = i
            else:
                break
        zone = lines[zone_start:]
        first_numbered = next((i for i, line in enumerate(zone) if _starts_next_note(line, notes, first=True)), None)
        if first_numbered is None:
            bodies.append(lines)
            continue
        head, zone = zone[:first_numbered], zone[first_numbered:]
        if notes and head:
            # A note continued from the previous page sits above this page's first note.
            notes[-1].lines.extend(line.text() for line in head)
            notes[-1].sources.extend(head)
            head = []
        bodies.append(lines[:zone_start] + head)
        for line in zone:
            start = _note_start(line) if _starts_next_note(line, notes, first=False) else None
            if start is not None:
                notes.append(_Note(number=start[0], lines=[start[1]], sources=[line]))
            elif notes:
                notes[-1].lines.append(line.text())
                notes[-1].sources.append(line)
    return bodies, notes


def _starts_next_note(line: _Line, notes: Sequence[_Note], first: bool) -> bool:
    start = _note_start(line)
    if start is None:
        return False
    number = int(start[0])
    previous = int(notes[-1].number) if notes else 0
    # The first note on a page may skip numbers (a note lost to bad layout); later ones follow on.
    return number > previous if first else number == previous + 1


# ---------------------------------------------------------------------------------------------------------------
# Paragraphs, hyphenation, repairs
# ---------------------------------------------------------------------------------------------------------------


def _is_heading(text: str) -> bool:
    return bool(HEADING.match(text) or BLOCK_START.match(text))


def _first_word_width(line: _Line) -> float:
    run = min(line.runs, key=lambda r: r.x0)
    text = run.text.strip()
    word = text.split(" ", 1)[0]
    per_char = (run.x1 - run.x0) / max(len(run.text), 1)
    return per_char * len(word)


def _breaks_between(a: _Line, b: _Line, right: float, paragraph: str) -> bool:
    """Whether line `b` starts a new paragraph after line `a`, which continues the paragraph `paragraph`."""
    a_text, b_text = a.text(), b.text()
    if HEADING.match(a_text) or _is_heading(b_text) or LIST_ITEM.match(b_text):
        return True
    if DASH_ITEM.match(b_text) and (DASH_ITEM.match(paragraph) or a_text.endswith(":")):
        return True
    if abs(a.size - b.size) > SIZE_CHANGE * max(a.size, b.size):
        return True
    # The first word of `b` would have fitted at the end of `a`: `a` ended its paragraph. Typesetters keep some
    # words together ("22 augustus 2024"), so a short line also needs an ending or a capital to follow.
    if a.x1 + _first_word_width(b) + a.size < right and (a_text.endswith(PARAGRAPH_ENDS) or b_text[:1].isupper()):
        return True
    if a.page != b.page:
        return False
    step = a.y - b.y
    if step <= 0 or step > PARAGRAPH_GAP_EM * a.size:
        return True
    a_tag, b_tag = a.main.tag, b.main.tag
    if a.main.mcid is not None and b.main.mcid is not None and a.main.mcid != b.main.mcid:
        return a_tag not in INLINE_TAGS and b_tag not in INLINE_TAGS
    return False


def _join(left: str, right: str, vocabulary: frozenset[str]) -> str:
    """Join two lines of one paragraph, rejoining a word hyphenated or a URL broken at the line end.

    >>> v = frozenset()
    >>> _join("uw Kamer geïnfor-", "meerd dat", v)
    'uw Kamer geïnformeerd dat'
    >>> _join("de NAVO-", "verplichtingen", v)
    'de NAVO-verplichtingen'
    >>> _join("Oost-", "en West-Europa", v)
    'Oost- en West-Europa'
    >>> _join("(https://www.ad.nl/rijswijk/geen-", "pieten-in-rijswijk~a946954a8/).", v)
    '(https://www.ad.nl/rijswijk/geen-pieten-in-rijswijk~a946954a8/).'
    >>> _join("(https://www.hartvannederland.nl/regio/", "sinterklaasintocht).", v)
    '(https://www.hartvannederland.nl/regio/sinterklaasintocht).'
    >>> _join("«Titel», https://", "www.reuters.com/world/x", v), _join("(https:/", "/nos.nl/x)", v)
    ('«Titel», https://www.reuters.com/world/x', '(https://nos.nl/x)')
    >>> _join("Zie https:", "Voor meer", v)
    'Zie https: Voor meer'
    """
    if not left:
        return right
    if not right:
        return left
    if left.endswith(SOFT_HYPHEN):
        return left[:-1] + right
    url = URL_TAIL.search(left.rsplit(None, 1)[-1])
    if url and left[-1] not in URL_CLOSERS and URL_CONTINUATION.match(right):
        token = URL_CONTINUATION.match(right)
        assert token is not None
        cut_scheme = CUT_SCHEME.search(left) is not None
        if (left[-1] in URL_BREAK_CHARS or any(ch in token.group(0) for ch in "/-_.=?&%#~")) and (
            not cut_scheme or right.startswith("/")
        ):
            return left + right
    if left.endswith("-") and len(left) > 1 and not left[-2].isspace():
        keep = _keeps_hyphen(left, right, vocabulary)
        if keep is None:  # a shortened compound: "Oost- en West-Europa"
            return left + " " + right
        return (left if keep else left[:-1]) + right
    if left.endswith(("–", "—")) and len(left) > 1 and left[-2].isdigit() and right[:1].isdigit():
        return left + right  # a range: "2023–\n2024"
    if left.endswith("/") and len(left) > 1 and left[-2].isalpha() and right[:1].isalpha():
        return left + right  # "maatregelen/\nprojecten", "en/\nof"
    return left + " " + right


def _keeps_hyphen(left: str, right: str, vocabulary: frozenset[str]) -> bool | None:
    """True when a line-end hyphen is part of the word, False when the typesetter added it, None when the word
    ends in a hyphen of its own (a shortened compound followed by "en", "of" ...)."""
    before = re.search(r"([\w.]+)-$", left.rsplit(None, 1)[-1])
    after = re.match(r"([\w]+)", right)
    first_word = right.split(" ", 1)[0]
    if first_word.lower() in HYPHEN_KEEP_NEXT_WORDS:
        return None
    if before is None or after is None:
        return True
    head, tail = before.group(1), after.group(1)
    if not tail[0].islower() or not head[-1].isalpha() or not head[-1].islower():
        return True  # "NAVO-verplichtingen", "CO2-opslag", "Noord-Holland"
    joined, hyphened = (head + tail).lower(), (head + "-" + tail).lower()
    if joined in vocabulary:
        return False
    if hyphened in vocabulary or head.lower() in HYPHEN_PREFIXES:
        return True
    if (head[-1] + tail[0]).lower() in VOWEL_DIGRAPHS:
        return True
    return False


def _paragraph_text(lines: Sequence[str], vocabulary: frozenset[str]) -> str:
    text = ""
    for line in lines:
        text = _join(text, line, vocabulary)
    return text


def _vocabulary(lines: Iterable[str]) -> frozenset[str]:
    """Every word printed whole somewhere in the document, to decide line-end hyphens by the document's own
    spelling ("beleids-" + "matig" -> "beleidsmatig" when that word occurs elsewhere)."""
    words: set[str] = set()
    for line in lines:
        # Leave out each line's last word: it may be the first half of a hyphenated word.
        for word in re.findall(r"[\w][\w-]*[\w]", line.rsplit(" ", 1)[0] if " " in line else ""):
            words.add(word.lower())
    return frozenset(words)


def _repair(text: str) -> str:
    """Undo extraction damage that is safe to undo: ligatures, odd spaces, accents drawn as separate glyphs,
    decomposed characters. Soft hyphens inside a line are invisible and removed.

    >>> _repair("Financie¨n ﬁnanciering\u00a0nr.")
    'Financiën financiering nr.'
    """
    text = text.translate(CHAR_REPAIRS)
    text = ACCENT_AFTER.sub(lambda m: _compose(m.group(1), m.group(2), m.group(0)), text)
    text = ACCENT_BEFORE.sub(lambda m: _compose(m.group(2), m.group(1), m.group(0)), text)
    return unicodedata.normalize("NFC", text)


def _compose(letter: str, accent: str, fallback: str) -> str:
    composed = unicodedata.normalize("NFC", letter + SPACING_ACCENTS[accent])
    return composed if len(composed) == 1 else fallback


def _right_edge(ends: list[float]) -> float:
    """Where full lines end: near the largest line end, ignoring the odd line that sticks out (a wide table,
    a heading in the margin).

    >>> _right_edge([100.0] * 30 + [140.0])
    100.0
    """
    if not ends:
        return 0.0
    ordered = sorted(ends)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _paragraphs(pages: list[list[_Line]], refs: frozenset[str]) -> list[str]:
    """Join body lines into paragraphs, across page breaks too."""
    lines = [line for page in pages for line in page]
    if not lines:
        return []
    body_size = _body_size(pages)
    right = _right_edge([line.x1 for line in lines if line.size >= NOTE_SIZE * body_size])
    texts = [UNMAPPED_BULLET.sub("•", _repair(line.text(refs))) for line in lines]
    vocabulary = _vocabulary(texts)
    paragraphs: list[list[str]] = [[texts[0]]]
    for prev, line, text in zip(lines, lines[1:], texts[1:]):
        if _breaks_between(prev, line, right, paragraphs[-1][0]):
            paragraphs.append([text])
        else:
            paragraphs[-1].append(text)
    return [p for p in (_paragraph_text(lines_, vocabulary) for lines_ in paragraphs) if p]


# ---------------------------------------------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------------------------------------------


def _collect(data: bytes, path: str, limits: Limits) -> list[_Page]:
    if b"%PDF-" not in data[:1024]:
        raise ReadError(path, "corrupt PDF: no %PDF- header")
    # pdfminer reports recoverable damage through logging; kgraph reports problems itself.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    too_large = exceeded(path, f"a stream inflates to more than {megabytes(limits.part_bytes)}", "part_bytes")
    # Pages are counted as they are interpreted: the page tree's /Count is the file's word, not a fact.
    too_long = exceeded(path, f"more than {limits.pages} pages", "pages")
    try:
        with bounded(limits.part_bytes) as streams:
            document = PDFDocument(PDFParser(io.BytesIO(data)))
            manager = PDFResourceManager(caching=True)
            device = _RunCollector(manager)
            interpreter = PDFPageInterpreter(manager, device)
            for number, page in enumerate(PDFPage.create_pages(document), start=1):
                if number > limits.pages:
                    raise too_long
                interpreter.process_page(page)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ReadError(path, f"encrypted PDF: {exc or 'a password is needed to open it'}") from exc
    except StreamTooLarge:
        raise too_large from None
    except ReferenceLoop as loop:
        raise ReadError(path, f"corrupt PDF: object {loop} refers to itself") from None
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many kinds of errors on damaged files; none may escape as a trace
        raise ReadError(path, f"corrupt PDF: {type(exc).__name__}: {exc}") from exc
    if streams.tripped:  # refused where pdfminer swallowed the error
        raise too_large
    return device.pages


def read_pdf(data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> SourceText:
    """Turn the bytes of a PDF into text with the footnotes separated (see the module docstring).

    Raises `ReadError` for a damaged or encrypted PDF and for a PDF without a text layer.
    """
    pages = _collect(data, path, limits)
    line_pages = [_assemble_lines(page, i) for i, page in enumerate(pages)]
    if not any(line_pages):
        raise ReadError(path, "PDF has no text layer (a scanned image?); kgraph does not do OCR")
    glyphs = Counter(ch for page in pages for run in page.runs for ch in run.text if not ch.isspace())
    if glyphs["\ufffd"] > UNDECODABLE_SHARE * sum(glyphs.values()):
        raise ReadError(path, "PDF text cannot be decoded: its fonts have no Unicode mapping")
    line_pages, koop_id = _drop_furniture(line_pages)
    body_size = _body_size(line_pages)
    bodies, notes = _split_notes(line_pages, body_size)
    refs = frozenset(note.number for note in notes)
    paragraphs = _paragraphs(bodies, refs)

    # Paragraphs are separated by a blank line, as in the DOCX reader: the extractor ends blocks there.
    body = "\n\n".join(([koop_id] if koop_id else []) + paragraphs) + "\n"
    note_texts = [_repair(t) for note in notes for t in note.lines]
    vocabulary = _vocabulary(note_texts)
    numbered = [(note.number, _paragraph_text([_repair(t) for t in note.lines], vocabulary)) for note in notes]
    source = with_notes(body, numbered, path=path, fmt="pdf", data=data)
    note_lines = {id(line): note.number for note in notes for line in note.sources}
    source = place_links(source, _link_anchors(line_pages, [page.links for page in pages], note_lines))
    if not source.text.strip():
        raise ReadError(path, "PDF has no text layer (a scanned image?); kgraph does not do OCR")
    return source
