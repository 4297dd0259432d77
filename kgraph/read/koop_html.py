"""Read the HTML of a Kamervragen publication on zoek.officielebekendmakingen.nl (kv-tk-….html, ah-tk-….html).

The pages are generated from the publication's XML (see `koop_xml`); no real page was at hand, so the markup read
here is the one that code reading the real pages relies on:

- openkamer/openkamer (openkamer/kamervraag.py, scraper/documents.py and the HTML in openkamer/tests.py): each
  question in <div class="vraag"> and each answer in <div class="antwoord">, numbered by an <h2 class="stuktitel">
  ("Vraag 1", "Antwoord 1") or, on older pages, <p class="nummer">; the description in
  <h1 class="kamervraagomschrijving_kop">; remarks and postponement notices in <div class="kamervraagopmerking">;
  note references as <a class="nootnum supernote-click-…" href="#ID-…">1</a>; the notes in <div id="noten"> as
  <div class="voet noot …"> with <h5 class="note-close">, <sup><span class="nootnum">1</span></sup> and <p> text;
  the document id in <meta name="dcterms.identifier">;
- a real officielebekendmakingen page (WetSuiteLeiden/wetsuite-core src/wetsuite/tests/testfiles/stcrt.html): XHTML
  with a DOCTYPE, <meta name="DC.identifier" content="stcrt-2013-10981">, the text in <div id="broodtekst"> after
  page chrome (<div id="kopregel">, <div id="inhoudsopgave">), lists as <ul class="expliciet"><li><p class="labeled">
  <span class="ol">• </span>…, links as <a class="externe_link" href=…>;
- berthubert/tkconv op.xslt, which prints notes the same way (<sup><a class="nootnum"…>, <div id="noten">).

The text is laid out exactly as `koop_xml` lays out the XML of the same publication (its module docstring); the
zaak number comes from the ids of the notes' anchors (<a id="ID-2024Z11922-d37e57">), which are the XML's note ids.
Links to other publications are left as printed text: how the pages mark them was not seen in a real page.
Parsed with the standard library's html.parser, which expands only HTML's own character references and fetches
nothing. Decoded by byte-order mark, else by the charset the page declares (<meta charset>, <meta http-equiv>,
or the XML declaration of an XHTML page), else as UTF-8 (cp1252 when that fails).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePath

from kgraph.errors import ReadError
from kgraph.limits import DEFAULT_LIMITS, Limits
from kgraph.model import SourceText
from kgraph.read.koop_xml import BREAK, Part, has_text, heading, koop_id_in, render, tidy, zaak_in_note_ids
from kgraph.read.encoding import decode

__all__ = ["read_koop_html"]

# ---------------------------------------------------------------------------------------------------------------
# Markup (HTML and the class names of the pages), kept apart from the logic
# ---------------------------------------------------------------------------------------------------------------

#: HTML elements without content (WHATWG HTML §13.1.2).
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"})
#: Start tags that close an open <p> (WHATWG HTML §13.1.2.4, "a p element's end tag may be omitted").
CLOSES_P = frozenset({
    "address", "article", "aside", "blockquote", "div", "dl", "fieldset", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
})
NOT_TEXT = frozenset({"script", "style", "template", "noscript", "head", "title"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
LISTS = frozenset({"ul", "ol"})
#: Page parts that are not the publication's text.
CHROME_TAGS = frozenset({"nav", "header", "footer", "form", "button", "select"})
CHROME_IDS = frozenset({"noten", "inhoudsopgave", "kopregel", "voetregel"})
#: Class names (whole tokens) of notes, tables of contents and the publication header, left out of the body.
SKIPPED_CLASSES = frozenset({"voet", "noot", "noten", "toc", "kamervraagkop", "kamervraagnummer", "vraagnummer", "note-close", "nootnum"})
QUESTION_CLASS, ANSWER_CLASS = "vraag", "antwoord"
DESCRIPTION_PREFIX = "kamervraagomschrijving"  # also "kamervraagomschrijving_kop"
REMARK_CLASS = "kamervraagopmerking"
NOTE_NUMBER_CLASS = "nootnum"
NOTE_CLASS = "voet"
#: Elements that hold the publication's text, in order of preference (downloaded page, older site).
CONTENT_IDS = ("broodtekst", "main-column")
IDENTIFIER_META = frozenset({"dc.identifier", "dcterms.identifier"})
#: Deeper nesting than any page has: further start tags are kept flat, so the recursive walk stays far from
#: Python's limit whatever the input.
MAX_DEPTH = 200

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*(?P<charset>[A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["'](?P<charset>[A-Za-z0-9._:-]+)""", re.IGNORECASE)
#: The WHATWG Encoding Standard reads these labels as windows-1252 (https://encoding.spec.whatwg.org/#names-and-labels).
_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "windows-1252", "cp1252", "iso_8859-1"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOTE_NUMBER = re.compile(r"\d{1,3}[a-z]?")


# ---------------------------------------------------------------------------------------------------------------
# Decoding and a small element tree
# ---------------------------------------------------------------------------------------------------------------


def _decode(data: bytes, path: str) -> str:
    """
    >>> _decode('<meta charset="windows-1252"><p>café'.encode("cp1252"), "x.html")[-4:]
    'café'
    >>> _decode(b'<?xml version="1.0" encoding="utf-8"?><p>caf\\xc3\\xa9', "x.html")[-4:]
    'café'
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data, path)
    head = data[:4096]
    declared = _XML_ENCODING.search(head) or _CHARSET.search(head)
    if not declared:
        return decode(data, path)
    label = declared["charset"].decode("ascii").lower()
    encoding = "cp1252" if label in _AS_CP1252 else label
    try:
        # Python's codecs include transforms that are no character set at all (rot13, base64, zlib).
        if not codecs.lookup(encoding)._is_text_encoding:
            raise LookupError(encoding)
    except LookupError:
        raise ReadError(path, f"declares an unknown character set {label!r}") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise ReadError(path, f"declares charset {label!r} but is not valid {label}: {err.reason}") from None
    except UnicodeError:  # a codec that fails on its own terms (punycode, undefined)
        raise ReadError(path, f"declares charset {label!r} but is not valid {label}") from None


@dataclass(eq=False, slots=True)
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)
    parent: _Node | None = None

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def elements(self) -> Iterator[_Node]:
        """This element and every element inside it, in document order."""
        todo: list[_Node] = [self]
        while todo:
            node = todo.pop()
            yield node
            todo.extend(reversed([c for c in node.children if isinstance(c, _Node)]))


class _TreeBuilder(HTMLParser):
    """Enough of the HTML tree-construction rules for generated pages: void elements, implied </p> and </li>,
    end tags closing what they enclose, and unmatched end tags ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = self._open(tag, attrs)
        if self.stack[-1] is node:  # <div/> in XHTML: opened and closed at once
            self.stack.pop()

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> _Node:
        if tag in CLOSES_P and self.stack[-1].tag == "p":
            self.stack.pop()
        if tag == "li":
            self._close_to(frozenset({"li"}), stop=LISTS)
        elif tag in ("td", "th"):
            self._close_to(frozenset({"td", "th"}), stop=frozenset({"tr", "table"}))
        elif tag == "tr":
            self._close_to(frozenset({"tr"}), stop=frozenset({"table", "thead", "tbody", "tfoot"}))
        node = _Node(tag, {name: value or "" for name, value in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID and len(self.stack) < MAX_DEPTH:
            self.stack.append(node)
        return node

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack[-1].tag not in ("script", "style"):
            self.stack[-1].children.append(_CONTROL.sub("", data))

    def _close_to(self, tags: frozenset[str], stop: frozenset[str]) -> None:
        """Close the nearest open element named in `tags`, unless a `stop` element encloses the current one first."""
        for depth in range(len(self.stack) - 1, 0, -1):
            name = self.stack[depth].tag
            if name in tags:
                del self.stack[depth:]
                return
            if name in stop:
                return


def _parse(text: str, path: str) -> _Node:
    builder = _TreeBuilder()
    try:
        builder.feed(text)
        builder.close()
    except AssertionError as err:  # html.parser asserts on a marked section it does not know ("<![BDATA[")
        raise ReadError(path, f"not readable as HTML: {err}") from None
    return builder.root


# ---------------------------------------------------------------------------------------------------------------
# Reading the page
# ---------------------------------------------------------------------------------------------------------------


def _is_note_reference(node: _Node) -> bool:
    """<a class="nootnum"> in the text, or a <sup> around a link to a note (#…)."""
    if NOTE_NUMBER_CLASS in node.classes:
        return True
    return node.tag == "sup" and any(e.tag == "a" and e.attrs.get("href", "").startswith("#") for e in node.elements())


def _kind(node: _Node) -> str | None:
    classes = node.classes
    if QUESTION_CLASS in classes:
        return QUESTION_CLASS
    if ANSWER_CLASS in classes:
        return ANSWER_CLASS
    return None


def _is_header(node: _Node) -> bool:
    return any(c.startswith(DESCRIPTION_PREFIX) for c in node.classes) or REMARK_CLASS in node.classes


def _is_skipped(node: _Node) -> bool:
    return (
        node.tag in NOT_TEXT
        or node.tag in CHROME_TAGS
        or node.attrs.get("id", "") in CHROME_IDS
        or bool(node.classes & SKIPPED_CLASSES)
    )


def _text(node: _Node) -> str:
    pieces: list[str] = []
    _inline(node, pieces)
    return tidy("".join(pieces))


def _inline(node: _Node, pieces: list[str]) -> None:
    for child in node.children:
        if isinstance(child, str):
            pieces.append(child)
        elif child.tag in NOT_TEXT or _is_note_reference(child) or "note-close" in child.classes:
            continue
        elif child.tag == "br":
            pieces.append(" ")
        elif child.tag == "a":
            pieces.append(_link(child))
        elif child.tag in LISTS:
            pieces.append(BREAK + BREAK.join(_list_lines(child)) + BREAK)
        elif child.tag == "table":
            pieces.append(BREAK + BREAK.join(_table_lines(child)) + BREAK)
        elif child.tag in ("p", "div", "li") or child.tag in HEADINGS:
            pieces.append(BREAK)
            _inline(child, pieces)
            pieces.append(BREAK)
        else:
            _inline(child, pieces)


def _link(node: _Node) -> str:
    """A link's text; its target when the text is the target wrapped over lines."""
    pieces: list[str] = []
    _inline(node, pieces)
    printed = "".join(pieces)
    target = node.attrs.get("href", "").strip()
    if target.startswith(("http://", "https://")) and re.sub(r"\s+", "", printed) == target:
        return target
    return printed


def _list_lines(node: _Node) -> list[str]:
    lines: list[str] = []
    for item in node.children:
        if not isinstance(item, _Node) or item.tag != "li":
            continue
        own = _Node("li", {}, [c for c in item.children if not (isinstance(c, _Node) and c.tag in LISTS)])
        lines.extend(line for line in _text(own).split("\n") if line)
        for nested in item.children:
            if isinstance(nested, _Node) and nested.tag in LISTS:
                lines.extend(_list_lines(nested))
    return lines


def _table_lines(node: _Node) -> list[str]:
    lines = []
    for row in node.elements():
        if row.tag != "tr":
            continue
        cells = [_text(cell).replace("\n", " ") for cell in row.children if isinstance(cell, _Node) and cell.tag in ("td", "th")]
        if any(cells):
            lines.append(" | ".join(cells))
    return lines


def _header_paragraphs(node: _Node) -> tuple[str, ...]:
    inner = [e for e in node.elements() if e is not node and (e.tag == "p" or e.tag in HEADINGS)]
    texts = [_text(e) for e in inner] if inner else [_text(node)]
    return tuple(t for t in texts if t)


def _item(node: _Node, kind: str) -> Part:
    """A question or answer: its number heading (first heading, or <p class="nummer">) and its paragraphs."""
    number: str | None = None
    paragraphs: list[str] = []

    def walk(parent: _Node) -> None:
        nonlocal number
        for child in parent.children:
            if isinstance(child, str):
                if child.strip():
                    paragraphs.append(tidy(child))
                continue
            if _is_skipped(child) or _is_note_reference(child):
                continue
            is_number = child.tag in HEADINGS or (child.tag == "p" and any(c.endswith("nummer") for c in child.classes))
            if is_number and number is None and not paragraphs:
                number = _text(child)
            elif child.tag in LISTS:
                paragraphs.append("\n".join(_list_lines(child)))
            elif child.tag == "table":
                paragraphs.append("\n".join(_table_lines(child)))
            elif child.tag in ("p", "li") or child.tag in HEADINGS:
                paragraphs.append(_text(child))
            else:
                walk(child)

    walk(node)
    return Part(heading(kind, number), tuple(p for p in paragraphs if p))


def _parts(container: _Node) -> Iterator[Part]:
    for child in container.children:
        if not isinstance(child, _Node) or _is_skipped(child):
            continue
        kind = _kind(child)
        if kind:
            yield _item(child, kind)
        elif _is_header(child):
            yield Part(None, _header_paragraphs(child))
        elif child.tag == "p":
            yield Part(None, (_text(child),))
        elif child.tag != "table" and child.tag not in HEADINGS:
            yield from _parts(child)


def _container(root: _Node) -> _Node | None:
    """The element holding the publication: a known content element, else the smallest element around every
    question, answer and description."""
    marked = [e for e in root.elements() if _kind(e) or _is_header(e)]
    if not marked:
        return None
    for wanted in CONTENT_IDS:
        found = next((e for e in root.elements() if e.attrs.get("id") == wanted), None)
        if found is not None and marked[0] in set(found.elements()):
            return found
    ancestors: list[_Node] = []
    node: _Node | None = marked[0]
    while node is not None:
        ancestors.append(node)
        node = node.parent
    common = ancestors
    for other in marked[1:]:
        around = set()
        walker: _Node | None = other
        while walker is not None:
            around.add(id(walker))
            walker = walker.parent
        common = [a for a in common if id(a) in around]
    container = common[0]
    return container.parent if container in marked and container.parent is not None else container


def _notes(root: _Node) -> list[tuple[str, str]]:
    """Each <div class="voet noot"> once: the number in its .nootnum, the text in its paragraphs."""
    notes: list[tuple[str, str]] = []
    for node in root.elements():
        if NOTE_CLASS not in node.classes:
            continue
        number_node = next((e for e in node.elements() if NOTE_NUMBER_CLASS in e.classes), None)
        printed = _text(number_node) if number_node is not None else ""
        number = _NOTE_NUMBER.search(printed)
        body = _Node("div", {}, [c for c in node.children if not (isinstance(c, _Node) and (c.tag == "sup" or c.tag in HEADINGS or c is number_node))])
        text = _text(body).replace("\n", " ")
        if text:
            notes.append((number.group(0) if number else str(len(notes) + 1), text))
    return notes


def _koop_id(root: _Node, path: str) -> str | None:
    for node in root.elements():
        if node.tag == "meta" and node.attrs.get("name", "").lower() in IDENTIFIER_META:
            found = koop_id_in(node.attrs.get("content"))
            if found:
                return found
        if node.tag == "a" and node.attrs.get("id") == "technischeInfoHyperlink":  # openkamer's other source of the id
            found = koop_id_in(node.attrs.get("href", "").rstrip("/").rsplit("/", 1)[-1])
            if found:
                return found
    return koop_id_in(PurePath(path).stem)


def _zaak(root: _Node) -> str | None:
    """The zaak number the notes' anchors carry (<a id="ID-2024Z11922-d37e57">), as the XML's note ids do."""
    anchors = (e.attrs.get("id", "") for note in root.elements() if NOTE_CLASS in note.classes for e in note.elements())
    return zaak_in_note_ids(anchors)


def read_koop_html(data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> SourceText:
    """Turn the bytes of a Kamervragen page of zoek.officielebekendmakingen.nl into text (see the module docstring).

    Raises `ReadError` when the page cannot be decoded or holds no Kamervragen.

    >>> page = b'<div class="vraag"><h2>Vraag 1</h2><p>Klopt het?<a class="nootnum" href="#n1">1</a></p></div>'
    >>> read_koop_html(page, "kv-tk-2024Z17342.html").text
    'kv-tk-2024Z17342\\n\\nVraag 1\\n\\nKlopt het?\\n'
    """
    root = _parse(_decode(data, path).replace("\r\n", "\n").replace("\r", "\n"), path)
    container = _container(root)
    if container is None:
        raise ReadError(
            path,
            "not a KOOP Kamervragen page: no question (div.vraag), answer (div.antwoord) or description "
            "(kamervraagomschrijving, kamervraagopmerking) found",
        )
    parts = list(_parts(container))
    if not has_text(parts):
        raise ReadError(path, "no text in the Kamervragen page")
    return render(_koop_id(root, path), parts, _notes(root), path=path, fmt="html", data=data, zaak=_zaak(root))
