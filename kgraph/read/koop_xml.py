"""Read the official XML of Kamervragen and their answers as KOOP publishes it on officielebekendmakingen.nl.

Two publications carry written questions: the question set ("Kamervragen zonder antwoord", kv-tk-2024Z17342) and
the answer in the Aanhangsel van de Handelingen (ah-tk-20242025-512). Both are "Officiële Publicaties" XML
(schema op-xsd, http://technische-documentatie.oep.overheid.nl/schema/op-xsd-2012-2). No schema text or real
Kamervragen file was at hand; the structure read here is the one that code reading the real files relies on:

- the publication: root <officiele-publicatie> with <metadata><meta name=… content=…/></metadata>, processing
  instructions between elements, lists as <lijst><li><li.nr/><al/></li></lijst>, dates as <datum isodatum=…>, names
  as <naam><voornaam/><achternaam/></naam>, signatures as <ondertekening><functie/><naam/></ondertekening> (a real
  Staatsblad file: WetSuiteLeiden/wetsuite-core src/wetsuite/tests/stb.xml, whose
  <meta name="OVERHEIDop.externMetadataRecord"> points at https://zoek.officielebekendmakingen.nl/<id>/metadata.xml);
- the Kamervragen block: <kamervragen> with <kamervraagkop>, <kamervraagnummer>, <kamervraagomschrijving>
  (holding <kamervraagonderwerp>), <vraag>/<antwoord> with a <nr> heading and <al> paragraphs, <noot> with
  <noot.nr>/<noot.al>, <extref soort="URL" doc=…>, CALS tables (<table><tgroup><tbody><row><entry>)
  (berthubert/tkconv op.xslt, which turns these files into HTML: it drops kamervraagkop and kamervraagnummer and
  prints vraag/nr and antwoord/nr as headings); <kamervraagomschrijving type="vraag"> for "Vragen van …" and
  type="antwoord" for "Antwoord van …", each with <datum isodatum> (openstate's ocd_backend, OBWrittenQuestionItem,
  reads //kamervraagomschrijving[@type="antwoord"]/datum/@isodatum and //vraag//nr); <kamervraagopmerking> for
  remarks and postponement notices; <nootref refid=…> for a second reference to a note printed earlier (a
  converter's comment quoting kst-36764-3);
- the older variant: <vragen> (questions) or <reactie> (answers) holding <omschr> descriptions with <ondw>,
  <vraag>/<antwoord> numbered by <nummer> ("Vraag 1" or "1"), <toelicht>, <noot nr=…> at block level referred to by
  <nootref nr=…>, and the document's metadata as <meta name="DC.identifier" …> elements (AmCAT's
  KamervragenVraagScraper and KamervragenAntwoordScraper for officielebekendmakingen.nl; the element names are
  also listed in knobs-dials/wetsuite-dev src/wetsuite/helpers/etree.py).

The text is laid out in the conventions the extractor reads from the PDF of the same publication:

- the KOOP id (kv-tk-…, ah-tk-…) on the first line, when the metadata or the file name gives it;
- the descriptions ("Vragen van het lid … (ingezonden …).", "Antwoord van minister … (ontvangen …).") and remarks
  ("Zie ook Aanhangsel Handelingen, …") as paragraphs, in document order;
- each question as "Vraag N" on its own line, each answer as "Antwoord N" ("Antwoord 2 en 3"), then its
  paragraphs; a question without number gets no heading (an unnumbered question set is numbered by the
  extractor), an answer without number gets a bare "Antwoord" (it answers the questions before it);
- paragraphs separated by a blank line; table rows as "a | b"; list items on their own lines;
- note references left out of the body; the notes after it, one line each, "N note text" (`with_notes`).

The header of the publication (kamervraagkop, kamervraagnummer) is left out, as tkconv leaves it out and the PDF
prints no zaak number. Files are parsed with defusedxml: a DOCTYPE or entity declaration is refused, never
expanded, so neither entity bombs nor external entities (file:///etc/passwd) can do harm.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import ParseError, fromstring  # type: ignore[import-untyped]

from kgraph.errors import ReadError
from kgraph.model import SourceText
from kgraph.read.notes import with_notes

# read_koop_xml is the reader; the rest is the layout koop_html shares.
__all__ = ["BREAK", "Part", "has_text", "heading", "koop_id_in", "read_koop_xml", "render", "tidy"]

# ---------------------------------------------------------------------------------------------------------------
# Element names (op-xsd and its predecessor), kept apart from the logic
# ---------------------------------------------------------------------------------------------------------------

#: Elements that hold one publication's questions and answers: current, older question set, older answer.
BLOCKS = ("kamervragen", "vragen", "reactie")
#: Root elements a Kamervragen or Aanhangsel file can have.
ROOTS = frozenset({"officiele-publicatie", "aanhangsel", "vraagdoc", *BLOCKS})
#: Roots of the separate metadata record (…/<id>/metadata.xml), which holds no text.
METADATA_ROOTS = frozenset({"metadata_gegevens", "owms-metadata"})
QUESTION, ANSWER = "vraag", "antwoord"
#: The number heading of a question or answer: <nr> now, <nummer> in the older variant.
NUMBER_TAGS = frozenset({"nr", "nummer"})
#: What a Kamervragen block holds that is text of the document (the rest is header or metadata).
CONTENT_TAGS = frozenset({QUESTION, ANSWER, "kamervraagomschrijving", "omschr", "kamervraagopmerking"})
#: Deeper nesting than any publication has: refused, so the recursive walk stays far from Python's limit.
MAX_DEPTH = 200
#: Not printed: the publication header, the zaak number, metadata and the older variant's title.
SILENT = frozenset({"kamervraagkop", "kamervraagnummer", "vraagnummer", "metadata", "meta", "titel", "kop", "noot.nr"})
NOTE, NOTE_REF = "noot", "nootref"
NOTE_BODY = frozenset({"noot.al", "al", "noot.lijst", "noot.li"})
#: A name whose parts (voorletters, voorvoegsels, achternaam …) are printed with spaces, even when the XML puts
#: no whitespace between them.
NAME = "naam"
#: "De Minister van …," and the name, each on a line of its own.
SIGNATURE = "ondertekening"
#: Groups of paragraphs, read as the paragraphs they hold.
CONTAINERS = frozenset({"al-groep", "tekst", "vrije-tekst", "divisie"})
#: Children that make an element a sequence of paragraphs rather than one run of text.
BLOCK_TAGS = frozenset({"al", "lijst", "table", "tussenkop", "plaatje", SIGNATURE, *CONTAINERS})
LIST, LIST_ITEM, LIST_LABEL = "lijst", "li", "li.nr"
TABLE_ROW, TABLE_CELL, TABLE_TITLE = "row", "entry", "title"
EXTREF = "extref"
DC_IDENTIFIER = frozenset({"dc.identifier", "dcterms.identifier"})
EXTERNAL_METADATA = "overheidop.externmetadatarecord"

#: KOOP ids of Kamervragen publications: question sets by zaak number, Aanhangsel answers by vergaderjaar and nr.
KOOP_ID = re.compile(r"(?:kv-(?:tk|ek)-(?:19|20)\d\dZ\d{5})|(?:ah-(?:tk|ek)-(?:19|20)\d{6}-\d+)")
_METADATA_URL = re.compile(r"/(?P<id>[a-z]{2}-[a-z]{2}-[0-9A-Za-z-]+)/metadata\.xml$")

#: A structural line break (list item, table row) inside a paragraph. Control characters cannot occur in XML
#: text, so this one never collides with the document's own characters.
BREAK = "\x1e"
_HEADING_WORDS = re.compile(
    r"^(?:vra(?:a)?g(?:en)?|antwoord(?:en)?)(?:\s+op)?(?:\s+(?:de\s+)?vra(?:a)?g(?:en)?)?(?:\s*[:.])?\s*", re.IGNORECASE
)
_LOOKS_LIKE_HEADING = re.compile(r"^(?:Vra(?:a)?g(?:en)?\s+\d|Antwoord(?:en)?\b)")
# A URL cut by a line break in the source, and the token that follows on the next line.
_BROKEN_URL = re.compile(r"(?P<url>(?:https?://|www\.)[^\s<>\"«»“”]*)[^\S\n]*\n\s*(?P<next>[^\s<>\"«»“”]+)")
_URL_CUT_AFTER = "-/_=?&#%"
_URL_CHARS_IN_NEXT = "/=?&#%_"
_WHITESPACE = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\ufeff"))


# ---------------------------------------------------------------------------------------------------------------
# The layout shared with koop_html
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    """One block of a Kamervragen publication: a header paragraph group (heading None), or a question or answer
    with its heading ("Vraag 1", "Antwoord 2 en 3", "Antwoord")."""

    heading: str | None
    paragraphs: tuple[str, ...]


def heading(kind: str, printed: str | None) -> str | None:
    """The heading line of a question or answer from its printed number, in the form the extractor reads.

    >>> heading("vraag", "Vraag 1"), heading("antwoord", "2 en 3"), heading("antwoord", "Antwoord 4.")
    ('Vraag 1', 'Antwoord 2 en 3', 'Antwoord 4')
    >>> heading("antwoord", None), heading("vraag", " ")
    ('Antwoord', None)
    """
    word = "Vraag" if kind == QUESTION else "Antwoord"
    numbers = _HEADING_WORDS.sub("", tidy(printed or "").replace("\n", " ")).strip().rstrip(".:").strip()
    if numbers:
        return f"{word} {numbers}"
    return None if kind == QUESTION else word


def _joined_url(match: re.Match[str]) -> str:
    url, following = match["url"], match["next"]
    if following.startswith(("http", "www.")):
        return match.group(0)
    if url[-1:] in tuple(_URL_CUT_AFTER) or any(ch in following for ch in _URL_CHARS_IN_NEXT):
        return url + following
    return match.group(0)


def tidy(raw: str) -> str:
    """Source text as printed: a URL the source wrapped over lines rejoined, whitespace collapsed, structural
    breaks (`BREAK`) kept as line breaks, no empty lines.

    >>> tidy("zie  https://nos.nl/artikel/123-lang-\\n     adres en\\n verder")
    'zie https://nos.nl/artikel/123-lang-adres en verder'
    >>> tidy("a\\x1e b \\x1e\\x1e c")
    'a\\nb\\nc'
    """
    lines = []
    for segment in raw.translate(_INVISIBLE).split(BREAK):
        previous = None
        while previous != segment:  # a URL can be cut more than once
            previous, segment = segment, _BROKEN_URL.sub(_joined_url, segment)
        line = _WHITESPACE.sub(" ", segment).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


def koop_id_in(value: str | None) -> str | None:
    """The KOOP id when `value` is one (or a file name or metadata URL that names one).

    >>> koop_id_in("https://zoek.officielebekendmakingen.nl/ah-tk-20232024-2210/metadata.xml")
    'ah-tk-20232024-2210'
    >>> koop_id_in("kv-tk-2024Z17342"), koop_id_in("notes")
    ('kv-tk-2024Z17342', None)
    """
    if not value:
        return None
    value = value.strip()
    from_url = _METADATA_URL.search(value)
    candidate = from_url["id"] if from_url else value
    return candidate if KOOP_ID.fullmatch(candidate) else None


def has_text(parts: Sequence[Part]) -> bool:
    return any(part.heading or any(part.paragraphs) for part in parts)


def render(
    koop_id: str | None, parts: Sequence[Part], notes: Sequence[tuple[str, str]], *, path: str, fmt: str, data: bytes
) -> SourceText:
    """The text of a Kamervragen publication in the layout described in the module docstring."""
    blocks: list[str] = [koop_id] if koop_id else []
    for part in parts:
        if part.heading:
            blocks.append(part.heading)
        blocks.extend(p for p in part.paragraphs if p)
    one_line_notes = [(number, text.replace("\n", " ")) for number, text in notes if text]
    return with_notes("\n\n".join(blocks) + "\n", one_line_notes, path=path, fmt=fmt, data=data)


# ---------------------------------------------------------------------------------------------------------------
# Reading the XML
# ---------------------------------------------------------------------------------------------------------------


def _local(tag: object) -> str:
    """The element name without a namespace (the files use none; tolerate one)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse(data: bytes, path: str) -> Element:
    try:
        root: Element = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ReadError(path, "unsafe XML: DOCTYPE/entity declarations are not accepted") from None
    except ParseError as err:
        line, column = getattr(err, "position", (0, 0))
        reason = re.sub(r":\s*line \d+, column \d+$", "", str(err))
        # expat counts columns from 0; people count from 1.
        raise ReadError(path, f"not well-formed XML: line {line}, column {column + 1}: {reason}") from None
    return root


def _depth(root: Element) -> int:
    """How deep elements nest (iteratively: the tree may be deeper than Python's recursion limit)."""
    deepest, todo = 0, [(root, 1)]
    while todo:
        element, depth = todo.pop()
        deepest = max(deepest, depth)
        todo.extend((child, depth + 1) for child in element)
    return deepest


def _find_block(root: Element) -> Element | None:
    """The element holding the questions and answers, or None when the file is no Kamervragen publication."""
    if _local(root.tag) not in ROOTS:
        return None
    for element in root.iter():
        if _local(element.tag) in BLOCKS:
            return element
    # An <aanhangsel> can hold the questions and answers without a block around them.
    if any(_local(child.tag) in CONTENT_TAGS for child in root):
        return root
    return None


def _not_kamervragen(root: Element, path: str) -> ReadError:
    name = _local(root.tag)
    if name in METADATA_ROOTS:
        return ReadError(path, f"root element <{name}> is a KOOP metadata record, not the publication; read the publication's own XML (<id>.xml)")
    held = next((_local(child.tag) for child in root if _local(child.tag) not in SILENT), None)
    holding = f" holding <{held}>" if held and name in ROOTS else ""
    return ReadError(
        path,
        f"not a KOOP Kamervragen/Aanhangsel document: root element <{name}>{holding}; expected <officiele-publicatie>, "
        "<aanhangsel> or <kamervragen> holding <kamervragen>, <vragen> or <reactie>",
    )


def _koop_id(root: Element, path: str) -> str | None:
    """From the document's metadata (DC.identifier, or the URL of its metadata record), else from the file name
    (officielebekendmakingen.nl names its files <id>.xml)."""
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "meta":
            name = (element.get("name") or "").lower()
            if name in DC_IDENTIFIER or name == EXTERNAL_METADATA:
                found = koop_id_in(element.get("content"))
                if found:
                    return found
        elif tag == "identifier":
            found = koop_id_in(element.text)
            if found:
                return found
    return koop_id_in(PurePath(path).stem)


@dataclass(slots=True)
class _Reader:
    """Walks a Kamervragen block in order, producing parts and collecting the notes."""

    notes: list[tuple[str, str]] = field(default_factory=list)
    seen_notes: set[int] = field(default_factory=set)

    def parts(self, block: Element) -> Iterator[Part]:
        for child in block:
            tag = _local(child.tag)
            if tag in SILENT:
                continue
            if tag == NOTE:
                self.note(child)
            elif tag in (QUESTION, ANSWER):
                yield self.item(child, tag)
            elif tag == SIGNATURE:
                yield Part(None, (self.signature(child),))
            else:  # descriptions, remarks, toelichting, loose paragraphs
                yield Part(None, tuple(self.blocks(child)))

    def item(self, element: Element, kind: str) -> Part:
        number = next((child for child in element if _local(child.tag) in NUMBER_TAGS), None)
        paragraphs = tuple(self.blocks(element, skip=number))
        if number is None and paragraphs and _LOOKS_LIKE_HEADING.match(paragraphs[0]):
            return Part(None, paragraphs)  # the heading is printed as the first paragraph
        return Part(heading(kind, self.flat(number) if number is not None else None), paragraphs)

    def blocks(self, element: Element, skip: Element | None = None) -> Iterator[str]:
        """The paragraphs of an element: one when it is a run of text, else one per block child, in order."""
        if not any(_local(child.tag) in BLOCK_TAGS for child in element):
            text = self.text(element, skip)
            if text:
                yield text
            return
        if element.text and element.text.strip():
            yield tidy(element.text)
        for child in element:
            tag = _local(child.tag)
            if child is skip or tag in SILENT:
                pass
            elif tag == NOTE:
                self.note(child)
            elif tag == LIST:
                yield "\n".join(self.list_lines(child))
            elif tag == "table":
                yield "\n".join(self.table_lines(child))
            elif tag in CONTAINERS:
                yield from self.blocks(child)
            elif tag == SIGNATURE:
                yield self.signature(child)
            elif tag != NOTE_REF:
                text = self.text(child)
                if text:
                    yield text
            if child.tail and child.tail.strip():
                yield tidy(child.tail)

    def signature(self, element: Element) -> str:
        """"De Minister van …," and the name on lines of their own, as a signature is printed."""
        lines = []
        for part in element:
            pieces: list[str] = []
            self._inline_child(part, pieces)  # a <naam> as a name: its parts joined with spaces
            lines.append(tidy("".join(pieces)).replace("\n", " "))
        return "\n".join(filter(None, lines))

    def text(self, element: Element, skip: Element | None = None) -> str:
        """One paragraph: the element's text with notes taken out; lists and tables inside it on their own lines."""
        pieces: list[str] = []
        self._inline(element, pieces, skip)
        return tidy("".join(pieces))

    def flat(self, element: Element) -> str:
        return self.text(element).replace("\n", " ")

    def _inline(self, element: Element, pieces: list[str], skip: Element | None = None) -> None:
        if element.text:
            pieces.append(element.text)
        for child in element:
            if child is not skip:
                self._inline_child(child, pieces)
            if child.tail:
                pieces.append(child.tail)

    def _inline_child(self, child: Element, pieces: list[str]) -> None:
        tag = _local(child.tag)
        if tag == NOTE:
            self.note(child)
        elif tag in (NOTE_REF, "noot.nr") or tag in ("metadata", "meta"):
            pass
        elif tag == "br":
            pieces.append(" ")
        elif tag == NAME:
            parts = [child.text or ""] + [" ".join(part.itertext()) + (part.tail or "") for part in child]
            pieces.append(" ".join(p.strip() for p in parts if p.strip()))
        elif tag == EXTREF:
            pieces.append(self._extref(child))
        elif tag == LIST:
            pieces.append(BREAK + BREAK.join(self.list_lines(child)) + BREAK)
        elif tag == "table":
            pieces.append(BREAK + BREAK.join(self.table_lines(child)) + BREAK)
        elif tag in BLOCK_TAGS:
            pieces.append(BREAK)
            self._inline(child, pieces)
            pieces.append(BREAK)
        else:  # emphasis, dates, names of things, superscripts: their text in place
            self._inline(child, pieces)

    def _extref(self, element: Element) -> str:
        """A link's printed text; its target when the text is the target wrapped over lines, or missing."""
        printed = "".join(element.itertext())
        target = (element.get("doc") or "").strip()
        squeezed = _WHITESPACE.sub("", printed)
        if target.startswith(("http://", "https://", "www.")) and (not squeezed or squeezed == target):
            return target
        pieces: list[str] = []
        self._inline(element, pieces)
        return "".join(pieces)

    def list_lines(self, element: Element) -> list[str]:
        """Each list item on its own line, with its printed label ("a.", "–"); nested lists follow their item."""
        lines: list[str] = []
        for item in element:
            if _local(item.tag) != LIST_ITEM:
                continue
            label = next((self.flat(c) for c in item if _local(c.tag) == LIST_LABEL), "")
            first = True
            for child in item:
                tag = _local(child.tag)
                if tag == LIST_LABEL:
                    continue
                if tag == NOTE:
                    self.note(child)
                    continue
                found = self.list_lines(child) if tag == LIST else self.text(child).split("\n")
                for line in filter(None, found):
                    lines.append(f"{label} {line}".strip() if first else line)
                    first = False
            if first and label:
                lines.append(label)
        return lines

    def table_lines(self, element: Element) -> list[str]:
        """A CALS table: its title, then each row with a filled cell as "a | b"."""
        lines = [self.flat(title) for title in element if _local(title.tag) == TABLE_TITLE]
        for row in element.iter():
            if _local(row.tag) != TABLE_ROW:
                continue
            cells = [self.flat(cell) for cell in row if _local(cell.tag) == TABLE_CELL]
            if any(cells):
                lines.append(" | ".join(cells))
        return [line for line in lines if line]

    def note(self, element: Element) -> None:
        """Record a footnote once, with its printed number; the body keeps no trace of it."""
        if id(element) in self.seen_notes:
            return
        self.seen_notes.add(id(element))
        number = self._note_number(element)
        body = [child for child in element if _local(child.tag) in NOTE_BODY]
        if body:
            text = " ".join(" ".join(self.blocks(child)) for child in body)
        else:
            text = self.text(element)
        self.notes.append((number, tidy(text).replace("\n", " ")))

    def _note_number(self, element: Element) -> str:
        for child in element:
            if _local(child.tag) in ("noot.nr", "nr"):
                printed = "".join(child.itertext()).strip()
                if printed:
                    return printed
        if element.get("nr"):
            return str(element.get("nr")).strip()
        digits = re.sub(r"\D", "", element.get("id") or "")
        return digits if 0 < len(digits) <= 3 else str(len(self.notes) + 1)


def read_koop_xml(data: bytes, path: str) -> SourceText:
    """Turn the bytes of a KOOP Kamervragen or Aanhangsel XML file into text (see the module docstring).

    Raises `ReadError` when the XML is unsafe, not well-formed, or not a Kamervragen publication.

    >>> xml = b"<kamervragen><vraag><nr>1</nr><al>Klopt het?</al></vraag></kamervragen>"
    >>> read_koop_xml(xml, "kv-tk-2024Z17342.xml").text
    'kv-tk-2024Z17342\\n\\nVraag 1\\n\\nKlopt het?\\n'
    """
    root = _parse(data, path)
    if _depth(root) > MAX_DEPTH:
        raise ReadError(path, f"elements nested more than {MAX_DEPTH} deep: not a Kamervragen publication")
    block = _find_block(root)
    if block is None:
        raise _not_kamervragen(root, path)
    if not any(_local(element.tag) in CONTENT_TAGS for element in block.iter()):
        raise ReadError(path, f"<{_local(block.tag)}> holds no questions, answers or description (vraag, antwoord, kamervraagomschrijving)")
    reader = _Reader()
    parts = list(reader.parts(block))
    if not has_text(parts):
        raise ReadError(path, "no text in the Kamervragen XML")
    return render(_koop_id(root, path), parts, reader.notes, path=path, fmt="xml", data=data)
