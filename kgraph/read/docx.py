"""Read a DOCX (Office Open XML word-processing file) into text plus footnote regions.

Ministries send their answers to Kamervragen as Word letters: a cover letter, then the questions, each followed by
"Antwoord op vraag 1", with sources as real footnotes. The file is parsed directly (ECMA-376 Part 1, §17):
`zipfile` for the package and defusedxml for each part, which refuses DTDs, entity declarations and external
references. python-docx is not used: it exposes neither footnotes (word/footnotes.xml) nor the numbers Word
computes for automatic lists, and both carry content the extractor needs (source URLs, question numbers).

The text is:

- the body's paragraphs in document order, one per line, separated by a blank line; text boxes (the letterhead
  of a ministry letter) as paragraphs where they are anchored;
- automatic list numbers rendered as Word prints them ("1. ", "a) "), computed from word/numbering.xml;
- table rows one per line, cells separated by " | ";
- footnote references left out of the body; after the body, a blank line, then each footnote on its own line
  starting with its number ("1 Kamerstukken, 2022-2023, 29628, nr. 1135"), numbered 1, 2, … in order of first
  reference as Word numbers them, and recorded in `SourceText.notes` with the span of the note text after the
  number;
- hyperlinks (`w:hyperlink` with its target in the part's relationships, HYPERLINK fields) in `SourceText.links`,
  on the text they are anchored on: the target is often not printed ("NOS, 22 oktober 2024" linked to the page).

Deleted revisions, hidden text, field instructions, headers and footers are left out; inserted revisions are read.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import ParseError, fromstring  # type: ignore[import-untyped]

from kgraph.errors import ReadError
from kgraph.limits import DEFAULT_LIMITS, Limits, exceeded, megabytes
from kgraph.model import SourceText
from kgraph.read.notes import place_links, with_notes
from kgraph.read.xmlsafe import for_expat, nesting_depth

__all__ = ["read_docx"]

# ---------------------------------------------------------------------------------------------------------------
# Names (ECMA-376 Part 1) and tables, kept apart from the logic
# ---------------------------------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
STRICT_OFFICE_DOCUMENT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
#: r:id on a w:hyperlink (§17.16.22), in the transitional and the strict namespace, and the relationship type of
#: its target (Part 1, §15.3; TargetMode="External" for a web address).
R_IDS = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
)
HYPERLINK_REL_SUFFIX = "/relationships/hyperlink"
#: A HYPERLINK field instruction (§17.16.5.25): 'HYPERLINK "https://…" \o "tooltip"'; \l names a bookmark in
#: the document itself, \o and \t take an argument too, \m and \n none.
HYPERLINK_FIELD = re.compile(r"^\s*HYPERLINK\b(?P<arguments>.*)$", re.IGNORECASE | re.DOTALL)
FIELD_TOKEN = re.compile(r'"(?P<quoted>[^"]*)"|(?P<bare>\S+)')

#: The OLE compound-file signature: password-protected DOCX files and legacy .doc files start with it.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Deeper nesting than any letter has (the development corpus: 22), refused before the recursive walk, so it stays
#: far from Python's recursion limit (a level of XML costs the walk at most one frame).
MAX_DEPTH = 200

#: The largest list counter Word numbers (and a bound on the letters and numerals a counter prints as).
MAX_COUNTER = 32767

#: Block-level containers whose children are read in place (content controls, custom XML, smart tags).
TRANSPARENT = frozenset({W + "sdtContent", W + "customXml", W + "smartTag", W + "ins", W + "moveTo", W + "hyperlink"})
#: Elements whose content is not part of the visible text.
SKIPPED = frozenset(
    {
        W + "del",
        W + "moveFrom",
        W + "instrText",
        W + "delText",
        W + "delInstrText",
        W + "pPr",
        W + "rPr",
        W + "sectPr",
        W + "tblPr",
        W + "trPr",
        W + "tcPr",
        W + "sdtPr",
        W + "sdtEndPr",
        W + "commentReference",
        W + "annotationRef",
        W + "footnoteRef",
        W + "endnoteRef",
        W + "separator",
        W + "continuationSeparator",
        MC + "Fallback",  # the same content as mc:Choice, for older readers
    }
)

#: Symbol-font bullets (private-use code points, w:sym or a list level's text) as printed.
SYMBOL_BULLETS = {
    "\uf0b7": "•",
    "\uf06c": "●",
    "\uf06e": "■",
    "\uf0a1": "○",
    "\uf0a7": "▪",
    "\uf0a8": "○",
    "\uf0d8": "➢",
    "\uf0fc": "✓",
    "\uf076": "❖",
    "\uf02d": "–",
}

ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)


def _roman(n: int) -> str:
    """
    >>> _roman(14)
    'xiv'
    """
    out = []
    for value, letters in ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    """Word's letter numbering: a … z, then aa, bb … (the letter repeated).

    >>> _letters(1), _letters(26), _letters(28)
    ('a', 'z', 'bb')
    """
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (ST_NumberFormat); unknown formats print as decimals.

    >>> [format_number(3, f) for f in ("decimal", "lowerLetter", "upperRoman", "decimalZero", "none")]
    ['3', 'c', 'III', '03', '']
    >>> len(format_number(10**12, "lowerRoman"))  # a hostile start value: Word counts no further than 32767
    40
    """
    n = max(min(n, MAX_COUNTER), -MAX_COUNTER)
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


# ---------------------------------------------------------------------------------------------------------------
# The package
# ---------------------------------------------------------------------------------------------------------------


def _attr(element: Element | None, name: str) -> str | None:
    return None if element is None else element.get(W + name)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class _Package:
    """The parts of the zip archive, parsed safely on demand."""

    def __init__(self, data: bytes, path: str, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        if data.startswith(OLE_MAGIC):
            raise ReadError(path, "not a DOCX file (an OLE compound file: a password-protected DOCX or a legacy .doc)")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error):
            raise ReadError(path, "not a DOCX file (not a zip archive)") from None
        except NotImplementedError as err:  # a zip feature zipfile does not read ("zip file version 8.4")
            raise ReadError(path, f"not a DOCX file Word writes (its zip archive needs {err})") from None
        self.names = set(self.zip.namelist())

    def xml(self, name: str) -> Element | None:
        if name not in self.names:
            return None
        limit = self.limits.part_bytes
        too_large = exceeded(self.path, f"part {name} inflates to more than {megabytes(limit)}", "part_bytes")
        if self.zip.getinfo(name).file_size > limit:
            raise too_large
        # Inflated and counted here: the sizes in the zip headers are the file's word, not a fact (a part that
        # claims a small size inflates until zipfile's CRC check, after the whole of it).
        try:
            with self.zip.open(name) as part:
                raw = part.read(limit + 1)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, RuntimeError, EOFError,
                NotImplementedError, zlib.error, struct.error) as err:
            raise ReadError(self.path, f"corrupt DOCX: cannot unpack {name}: {err}") from None
        if len(raw) > limit:
            raise too_large
        try:
            root: Element = fromstring(for_expat(raw, self.path, f"part {name}"), forbid_dtd=True,
                                       forbid_entities=True, forbid_external=True)
        except DefusedXmlException as err:
            raise ReadError(self.path, f"unsafe DOCX: {name} declares a DTD or entities ({type(err).__name__})") from None
        except ParseError as err:
            raise ReadError(self.path, f"corrupt DOCX: {name} is not well-formed XML ({err})") from None
        if nesting_depth(root) > MAX_DEPTH:
            raise ReadError(self.path, f"corrupt DOCX: {name} nests elements more than {MAX_DEPTH} deep, far deeper "
                                       "than any letter")
        return root

    def hyperlinks(self, part: str) -> dict[str, str]:
        """The external hyperlink targets of a part by relationship id, from its relationships part
        (word/_rels/document.xml.rels for word/document.xml)."""
        folder, _, name = part.rpartition("/")
        rels = self.xml(f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels")
        if rels is None:
            return {}
        return {
            str(rel.get("Id")): str(rel.get("Target"))
            for rel in rels.iter(REL + "Relationship")
            if rel.get("Id") and rel.get("Target") and rel.get("TargetMode") == "External"
            and str(rel.get("Type", "")).endswith(HYPERLINK_REL_SUFFIX)
        }

    def main_part(self) -> str:
        """The main document part named by the package relationships; word/document.xml by convention."""
        rels = self.xml("_rels/.rels")
        if rels is not None:
            for rel in rels.iter(REL + "Relationship"):
                if rel.get("Type") in (OFFICE_DOCUMENT_REL, STRICT_OFFICE_DOCUMENT_REL) and rel.get("Target"):
                    target = str(rel.get("Target")).lstrip("/")
                    if target in self.names:
                        return target
        if "word/document.xml" in self.names:
            return "word/document.xml"
        raise ReadError(self.path, "not a DOCX file (zip archive without word/document.xml)")


# ---------------------------------------------------------------------------------------------------------------
# Automatic numbering (§17.9)
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Level:
    fmt: str
    text: str  # w:lvlText, "%1." with placeholders for the levels' counters
    start: int
    suffix: str  # what follows the number: a tab or space (printed as a space) or nothing


@dataclass(slots=True)
class _Numbering:
    """The numbering definitions and the running counters while the body is read in order.

    Counters belong to the abstract definition: Word continues a list across w:num instances of one abstract
    list, unless an instance restarts a level with w:startOverride.
    """

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> level -> start
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)  # paragraph style -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, numbering: Element | None, styles: Element | None) -> _Numbering:
        self = cls()
        if numbering is not None:
            for abstract in numbering.iter(W + "abstractNum"):
                levels: dict[int, _Level] = {}
                for lvl in abstract.iter(W + "lvl"):
                    levels[_int(_attr(lvl, "ilvl"), 0)] = _Level(
                        fmt=_attr(lvl.find(W + "numFmt"), "val") or "decimal",
                        text=_attr(lvl.find(W + "lvlText"), "val") or "",
                        start=_int(_attr(lvl.find(W + "start"), "val"), 1),
                        suffix="" if _attr(lvl.find(W + "suff"), "val") == "nothing" else " ",
                    )
                self.abstract[_attr(abstract, "abstractNumId") or ""] = levels
            for num in numbering.iter(W + "num"):
                num_id = _attr(num, "numId") or ""
                self.nums[num_id] = _attr(num.find(W + "abstractNumId"), "val") or ""
                for override in num.iter(W + "lvlOverride"):
                    start = override.find(W + "startOverride")
                    if start is not None:
                        level = _int(_attr(override, "ilvl"), 0)
                        self.overrides.setdefault(num_id, {})[level] = _int(_attr(start, "val"), 1)
        if styles is not None:
            self._load_styles(styles)
        return self

    def _load_styles(self, styles: Element) -> None:
        """Paragraph styles can carry list numbering themselves (a "Vraag" style), also through w:basedOn."""
        own: dict[str, tuple[str | None, int | None]] = {}
        based_on: dict[str, str] = {}
        for style in styles.iter(W + "style"):
            style_id = _attr(style, "styleId")
            if style_id is None or _attr(style, "type") not in (None, "paragraph"):
                continue
            parent = _attr(style.find(W + "basedOn"), "val")
            if parent:
                based_on[style_id] = parent
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                level_text = _attr(num_pr.find(W + "ilvl"), "val")
                own[style_id] = (_attr(num_pr.find(W + "numId"), "val"), _int(level_text, 0) if level_text else None)
        for style_id in set(own) | set(based_on):
            num_id: str | None = None
            ilvl: int | None = None
            seen: set[str] = set()
            current = style_id
            while current and current not in seen:
                seen.add(current)
                found = own.get(current)
                if found:
                    num_id = num_id if num_id is not None else found[0]
                    ilvl = ilvl if ilvl is not None else found[1]
                current = based_on.get(current, "")
            if num_id and num_id != "0":
                self.styles[style_id] = (num_id, ilvl or 0)

    def label(self, paragraph_properties: Element | None) -> str:
        """The printed number of a paragraph with what follows it ("1. ", "b) ") or "" when it is not in a list;
        advances the counters."""
        num_id, ilvl = self._numbering_of(paragraph_properties)
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for overridden, start in self.overrides.get(num_id, {}).items():
                counters[overridden] = start - 1
        this = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, this.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a higher level restarts the levels below it

        def counter(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            shown = levels.get(k, this)
            return format_number(counters.get(k, shown.start), shown.fmt)

        if this.fmt == "bullet":
            label = "".join(SYMBOL_BULLETS.get(ch, ch) for ch in this.text if not 0xE000 <= ord(ch) <= 0xF8FF) or "•"
        else:
            label = re.sub(r"%([1-9])", counter, this.text)
        return label + this.suffix if label else ""

    def _numbering_of(self, properties: Element | None) -> tuple[str | None, int]:
        num_pr = properties.find(W + "numPr") if properties is not None else None
        style = _attr(properties.find(W + "pStyle"), "val") if properties is not None else None
        from_style = self.styles.get(style or "")
        num_id = _attr(num_pr.find(W + "numId"), "val") if num_pr is not None else None
        ilvl_text = _attr(num_pr.find(W + "ilvl"), "val") if num_pr is not None else None
        if num_id is None and from_style is not None:
            num_id = from_style[0]
        if ilvl_text is None and from_style is not None:
            return num_id, from_style[1]
        return num_id, _int(ilvl_text, 0)


# ---------------------------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Field:
    """A complex field being read (§17.16.18): its instruction, then where its result starts."""

    instruction: list[str] = field(default_factory=list)
    parts: list[str] | None = None
    start: int = 0


@dataclass(slots=True)
class _Reader:
    """Walks the body in order, producing blocks of text and collecting footnote references and hyperlinks."""

    numbering: _Numbering
    targets: dict[str, str] = field(default_factory=dict)  # relationship id -> external hyperlink target
    footnote_ids: list[str] = field(default_factory=list)  # in order of first reference
    links: list[tuple[str, str]] = field(default_factory=list)  # (target, anchor text), in reading order
    fields: list[_Field] = field(default_factory=list)  # complex fields open at this point

    def blocks(self, container: Element) -> Iterator[str]:
        """Paragraph texts and table blocks of a body, cell, text box or note, in order."""
        for child in container:
            if child.tag == W + "p":
                yield from self.paragraph(child)
            elif child.tag == W + "tbl":
                yield from self.table(child)
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    yield from self.blocks(content)
            elif child.tag in TRANSPARENT:
                yield from self.blocks(child)

    def table(self, tbl: Element) -> Iterator[str]:
        """Rows with several filled cells as lines "a | b" (a run of them is one block). Letters are often laid
        out in tables with one filled cell per row: such a cell's paragraphs are read as ordinary paragraphs."""
        lines: list[str] = []
        for tr in _children(tbl, W + "tr"):
            cells = [list(self.blocks(tc)) for tc in _children(tr, W + "tc")]
            filled = [cell for cell in cells if cell]
            if len(filled) > 1:
                lines.append(" | ".join(" ".join(block.replace("\n", " ") for block in cell) for cell in cells))
                continue
            if lines:
                yield "\n".join(lines)
                lines = []
            for cell in filled:
                yield from cell
        if lines:
            yield "\n".join(lines)

    def paragraph(self, p: Element) -> Iterator[str]:
        """The paragraph's own text (with its list number) after any text boxes anchored in it."""
        label = self.numbering.label(p.find(W + "pPr"))
        boxes: list[str] = []
        parts: list[str] = []
        self._inline(p, parts, boxes, hidden=False)
        yield from boxes
        text = _tidy("".join(parts))
        if text or label.strip():
            # A numbered heading can consist of its number alone ("Vraag 1" from a list level "Vraag %1").
            yield (label + text).strip()

    def _inline(self, element: Element, parts: list[str], boxes: list[str], hidden: bool) -> None:
        fld_depth = 0  # inside a complex field's instructions (between begin and separate)
        for child in element:
            tag = child.tag
            if tag in SKIPPED:
                continue
            if tag == W + "r":
                vanish = child.find(f"{W}rPr/{W}vanish")  # hidden text (§17.3.2.41)
                run_hidden = vanish is not None and _attr(vanish, "val") not in ("0", "false", "off")
                fld_depth = self._run(child, parts, boxes, hidden or run_hidden, fld_depth)
            elif tag == W + "txbxContent":
                boxes.extend(self.blocks(child))
            elif tag == MC + "AlternateContent":
                choice = child.find(MC + "Choice")
                if choice is not None:
                    self._inline(choice, parts, boxes, hidden)
            elif tag in (W + "p", W + "tbl"):
                boxes.extend(self.blocks(_wrap(child)))
            elif tag in (W + "hyperlink", W + "fldSimple"):
                start = len(parts)
                self._inline(child, parts, boxes, hidden)
                if tag == W + "hyperlink":
                    target = next((self.targets.get(child.get(r_id) or "") for r_id in R_IDS if child.get(r_id)), None)
                else:
                    target = _field_target(_attr(child, "instr") or "")
                if target and not hidden:
                    self.links.append((target, "".join(parts[start:])))
            else:  # inserted runs, content controls, drawings: read what they contain
                self._inline(child, parts, boxes, hidden)

    def _run(self, run: Element, parts: list[str], boxes: list[str], hidden: bool, fld_depth: int) -> int:
        for child in run:
            tag = child.tag
            if tag == W + "fldChar":
                kind = _attr(child, "fldCharType")
                self._field_char(kind, parts, hidden)
                fld_depth = 1 if kind == "begin" else 0 if kind in ("separate", "end") else fld_depth
                continue
            if fld_depth and tag == W + "instrText" and self.fields:
                self.fields[-1].instruction.append(child.text or "")
                continue
            if fld_depth or tag in SKIPPED:
                continue
            if tag == W + "footnoteReference":
                note_id = _attr(child, "id") or ""
                if note_id not in self.footnote_ids:
                    self.footnote_ids.append(note_id)
                continue  # references are left out of the body text
            if hidden:
                continue
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag in (W + "tab", W + "ptab"):
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "sym":
                char = _symbol(_attr(child, "char"))
                parts.append(SYMBOL_BULLETS.get(char, "" if 0xE000 <= ord(char) <= 0xF8FF else char))
            elif tag in (W + "drawing", W + "pict", MC + "AlternateContent", W + "object"):
                self._inline(child, parts, boxes, hidden)
        return fld_depth

    def _field_char(self, kind: str | None, parts: list[str], hidden: bool) -> None:
        """Follow complex fields, to keep a HYPERLINK field's target with the text it shows."""
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            self.fields[-1].parts, self.fields[-1].start = parts, len(parts)
        elif kind == "end" and self.fields:
            done = self.fields.pop()
            target = _field_target("".join(done.instruction))
            # A field whose result runs over several paragraphs is left out: its text is not in one place.
            if target and done.parts is parts and not hidden:
                self.links.append((target, "".join(parts[done.start:])))


def _field_target(instruction: str) -> str | None:
    """The target of a HYPERLINK field instruction; None for other fields and for links within the document.

    >>> _field_target(' HYPERLINK "https://nos.nl/a" \\\\o "NOS" '), _field_target('HYPERLINK \\\\l "_Toc1"')
    ('https://nos.nl/a', None)
    """
    match = HYPERLINK_FIELD.match(instruction)
    if match is None:
        return None
    takes_argument = False
    for token in FIELD_TOKEN.finditer(match["arguments"]):
        bare = token["bare"]
        if bare is not None and bare.startswith("\\"):
            takes_argument = bare[1:2].lower() in ("l", "o", "t")
            continue
        if takes_argument:
            takes_argument = False
            continue
        return token["quoted"] if bare is None else bare
    return None


def _children(element: Element, tag: str) -> Iterator[Element]:
    """Direct children with `tag`, also those wrapped in content controls or custom XML (rows, cells)."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == W + "customXml":
            yield from _children(child, tag)


def _symbol(code: str | None) -> str:
    """The character of a w:sym (a hexadecimal code point, often in the private-use area of a symbol font)."""
    try:
        return chr(int(code or "", 16))
    except (ValueError, OverflowError):
        return "\ufffd"


def _wrap(element: Element) -> Element:
    holder = Element(W + "body")
    holder.append(element)
    return holder


def _tidy(text: str) -> str:
    """Spaces and tabs collapsed, line breaks kept, no blank lines inside a paragraph.

    >>> _tidy(" Datum\\t 25 juli 2024 \\n\\n x ")
    'Datum 25 juli 2024\\nx'
    """
    text = text.replace("\u00a0", " ").replace("\u00ad", "")
    lines = [re.sub(r"[ \t\u2002\u2003\u2009]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------------------------------------------


def _footnote_texts(
    package: _Package, reader: _Reader, main_part: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(number, text) of each referenced footnote, numbered in order of first reference; and the hyperlinks in
    them as (target, anchor text, number)."""
    if not reader.footnote_ids:
        return [], []
    folder = main_part.rsplit("/", 1)[0] + "/" if "/" in main_part else ""
    part = folder + "footnotes.xml" if folder + "footnotes.xml" in package.names else "word/footnotes.xml"
    root = package.xml(part)
    if root is None:
        return [], []
    notes = {_attr(note, "id") or "": note for note in root.iter(W + "footnote") if _attr(note, "type") in (None, "normal")}
    out: list[tuple[str, str]] = []
    links: list[tuple[str, str, str]] = []
    number = 0
    note_reader = _Reader(numbering=_Numbering(), targets=package.hyperlinks(part))
    for note_id in reader.footnote_ids:
        note = notes.get(note_id)
        if note is None:
            continue
        number += 1
        note_reader.links.clear()
        note_reader.fields.clear()  # a field left open in one note does not run on into the next
        text = " ".join(block.replace("\n", " ") for block in note_reader.blocks(note)).strip()
        out.append((str(number), text))
        links.extend((target, anchor, str(number)) for target, anchor in note_reader.links)
    return out, links


def read_docx(data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> SourceText:
    """Turn the bytes of a DOCX file into text with its footnotes (see the module docstring).

    Raises `ReadError` when the file is not a DOCX package or a part is damaged or unsafe.
    """
    package = _Package(data, path, limits)
    main_part = package.main_part()
    document = package.xml(main_part)
    if document is None or document.find(W + "body") is None:
        raise ReadError(path, f"corrupt DOCX: {main_part} has no w:body")
    body = document.find(W + "body")
    assert body is not None
    numbering = _Numbering.load(package.xml("word/numbering.xml"), package.xml("word/styles.xml"))
    reader = _Reader(numbering=numbering, targets=package.hyperlinks(main_part))
    blocks = [block for block in reader.blocks(body) if block]
    notes, note_links = _footnote_texts(package, reader, main_part)

    if not any(block.strip() for block in blocks) and not notes:
        raise ReadError(path, "no text in DOCX file")
    source = with_notes("\n\n".join(blocks) + "\n", notes, path=path, fmt="docx", data=data)
    body_links: list[tuple[str, str, str | None]] = [(target, anchor, None) for target, anchor in reader.links]
    return place_links(source, body_links + list(note_links))
