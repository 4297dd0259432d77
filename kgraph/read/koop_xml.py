"""Read the official XML of Kamervragen and their answers as KOOP publishes it on officielebekendmakingen.nl.

Two publications carry written questions: the question set ("Kamervragen zonder antwoord", kv-tk-2024Z17342) and
the answer in the Aanhangsel van de Handelingen (ah-tk-20192020-2197). Both are "Officiële Publicaties" XML (schema
op-xsd, http://technische-documentatie.oep.overheid.nl/repository/schemas/op-consolidated/). No whole real
Kamervragen file was at hand; what is read here is what real pieces of them show (../shared/data/koop) and what
code reading the real files relies on:

- the publication: root <officiele-publicatie xsi:noNamespaceSchemaLocation=…op-xsd-2014-05-15.xsd> with
  <metadata><meta name=… scheme=… content=…/></metadata> (DC.identifier holds the id: a real KOOP publication XML,
  ../shared/data/koop/other/, a motion), then the publication's element; processing instructions between
  elements, dates as <datum isodatum=…>, names as <naam><voornaam/><achternaam/></naam>, signatures as
  <ondertekening><functie/><naam/></ondertekening> (a real Staatsblad file, WetSuiteLeiden/wetsuite-core
  src/wetsuite/tests/stb.xml, whose <meta name="OVERHEIDop.externMetadataRecord"> points at
  https://zoek.officielebekendmakingen.nl/<id>/metadata.xml);
- <vraag> and <antwoord>, as the real elements of six Aanhangsel publications (2017-2023) print them
  (../shared/data/koop/fragments/, from the wetsuite notebook that reads kamervragen/vraag and
  kamervragen/antwoord under the root): <nr status="officieel"> holds the word and the numbers ("Vraag 1",
  "Antwoord 5, 6"); <al> paragraphs; <lijst type="expliciet"><li><li.nr>a.</li.nr><al/></li></lijst>;
  <nadruk type="cur">; notes <noot id=… type="voet"><noot.nr/><noot.al/>…</noot> inside the paragraph, sometimes
  with several <noot.al>; links <extref soort="URL" doc="https://…"> and <extref soort="document" doc="kst-…">,
  whose doc holds the publication's exact id even where the printed text does not ("Kamerstuk p31 066, nr. 119",
  "25 087 / 31 066, nr.191" for kst-25087-191);
- the header of the <kamervragen> block: <kamervraagkop>, <kamervraagnummer> (the zaak number),
  <kamervraagomschrijving> (holding <kamervraagonderwerp>), CALS tables (<table><tgroup><tbody><row><entry>)
  (berthubert/tkconv op.xslt, which turns these files into HTML: it drops kamervraagkop and kamervraagnummer and
  prints vraag/nr and antwoord/nr as headings); <kamervraagomschrijving type="vraag"> for "Vragen van …" and
  type="antwoord" for "Antwoord van …", each with <datum isodatum> (openstate's ocd_backend, OBWrittenQuestionItem,
  reads //kamervraagomschrijving[@type="antwoord"]/datum/@isodatum and //vraag//nr); <kamervraagopmerking> for
  remarks and postponement notices; <nootref refid=…> for a second reference to a note printed earlier (a
  converter's comment quoting kst-36764-3);
- the older variant: the questions in <vragen> and the answers in <reactie>, side by side under <body> (the
  wetsuite notebook reads body/vragen/vraag and body/reactie/antwoord), or a <reactie> alone; <omschr>
  descriptions with <ondw>, <vraag>/<antwoord> numbered by <nummer> ("Vraag 1" or "1"), <toelicht>, <noot nr=…> at
  block level referred to by <nootref nr=…>, <vraagnummer>, and the metadata's OVERHEIDop.vraagnummer (AmCAT's
  KamervragenVraagScraper and KamervragenAntwoordScraper for officielebekendmakingen.nl; the element names are
  also listed in knobs-dials/wetsuite-dev src/wetsuite/helpers/etree.py).

The text is laid out in the conventions the extractor reads from the PDF of the same publication:

- the KOOP id (kv-tk-…, ah-tk-…) on the first line, when the metadata or the file name gives it; then the
  publication's own zaak number on a line of its own, as a raw upload prints it atop ("AH 608 / 2024Z14419"), when
  the id does not hold it already: from the metadata (OVERHEIDop.vraagnummer), <kamervraagnummer>, or the ids of
  the notes the answer copied from the question set (ID-2020Z02131-d37e56);
- the descriptions ("Vragen van het lid … (ingezonden …).", "Antwoord van minister … (ontvangen …).") and remarks
  ("Zie ook Aanhangsel Handelingen, …") as paragraphs, in document order; of blocks side by side, the
  descriptions of both before the questions and answers;
- each question as "Vraag N" on its own line, each answer as "Antwoord N" ("Antwoord 2 en 3"), then its
  paragraphs; a question without number gets no heading (an unnumbered question set is numbered by the
  extractor), an answer without number gets a bare "Antwoord" (it answers the questions before it);
- paragraphs separated by a blank line; table rows as "a | b"; list items on their own lines;
- note references left out of the body; the notes after it, one line each, "N note text" (`with_notes`);
- links (<extref>) as their printed text, each with its target as a `LinkRegion` (`SourceText.links`), so the
  extractor takes the exact id of a linked publication, and the address of a linked page, from the link rather
  than from the text.

The rest of the header (kamervraagkop) is left out, as tkconv leaves it out. Files are parsed with defusedxml: a
DOCTYPE or entity declaration is refused, never expanded, so neither entity bombs nor external entities
(file:///etc/passwd) can do harm.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import ParseError, fromstring  # type: ignore[import-untyped]

from kgraph import identifiers as ids
from kgraph.errors import ReadError
from kgraph.limits import DEFAULT_LIMITS, Limits
from kgraph.model import LinkRegion, SourceText, Span
from kgraph.read.notes import with_notes
from kgraph.read.xmlsafe import for_expat, nesting_depth

# read_koop_xml is the reader; the rest is the layout koop_html shares.
__all__ = ["BREAK", "Part", "has_text", "heading", "koop_id_in", "read_koop_xml", "render", "tidy", "zaak_in_note_ids"]

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

#: KOOP ids of Kamervragen publications (https://zoek.officielebekendmakingen.nl/<id>) in every form real ids take
#: (kv-tk-2024Z18435, kv-tk-20062007-KVR27039, ah-tk-20232024-1137, ah-tk-20092010-145-h1, ah-1271549): the grammar
#: of kgraph.identifiers, which koop_html takes from here too.
KOOP_ID = ids.OWN_KOOP_ID
_METADATA_URL = re.compile(r"/(?P<id>[a-z]{2}(?:-[a-z]{2})?-[0-9A-Za-z-]+)/metadata\.xml$")
#: A Tweede Kamer zaak number (2020Z02131): the publication's own in <kamervraagnummer>, in the metadata
#: (OVERHEIDop.vraagnummer, which AmCAT's answer scraper reads) and in the ids of notes copied from the question set
#: (ID-2020Z02131-d37e56; the answer's own notes carry the Aanhangsel number instead, ID-1547-d37e49).
ZAAK = ids.ZAAK_NUMBER
_NOTE_ID_ZAAK = re.compile(rf"ID-(?P<zaak>{ids.source(ids.ZAAK_NUMBER)})-")
ZAAK_METADATA = frozenset({"overheidop.vraagnummer"})
#: Where the zaak number stands in the publication (not printed in its text).
ZAAK_TAGS = frozenset({"kamervraagnummer", "vraagnummer"})
#: <extref soort="document" doc="kst-31066-119">: a link to another publication by its id (the other kind is
#: soort="URL", a link to a web page).
DOCUMENT_LINK = "document"

#: A structural line break (list item, table row) inside a paragraph. Control characters cannot occur in XML
#: text, so this one never collides with the document's own characters.
BREAK = "\x1e"
#: Around the printed text of a link, until `render` turns them into `LinkRegion`s:
#: LINK_OPEN, the link's index, LINK_TEXT, the printed text, LINK_CLOSE. Control characters again, and none that
#: Python counts as whitespace (\x1c-\x1f), so `tidy` keeps them in place.
LINK_OPEN, LINK_TEXT, LINK_CLOSE = "\x02", "\x03", "\x04"
_LINK = re.compile("\x02(?P<index>\\d+)\x03(?P<printed>[^\x02\x04]*)\x04")
_LINK_MARKS = re.compile("\x02\\d*\x03|[\x02\x03\x04]")
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
    numbers = _HEADING_WORDS.sub("", unlinked(tidy(printed or "")).replace("\n", " ")).strip().rstrip(".:").strip()
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
    if KOOP_ID.fullmatch(candidate) and (ids.is_kamervragen(candidate) or ids.is_aanhangsel(candidate)):
        return candidate
    return None


def zaak_in_note_ids(note_ids: Iterable[str]) -> str | None:
    """The zaak number the note ids carry, when they carry exactly one.

    >>> zaak_in_note_ids(["ID-2018Z03521-d37e55", "ID-1547-d37e49", "ID-2018Z03521-d37e68", "n1"])
    '2018Z03521'
    >>> zaak_in_note_ids(["ID-1547-d37e49"]), zaak_in_note_ids(["ID-2018Z03521-d1", "ID-2018Z03522-d2"])
    (None, None)
    """
    found = {match["zaak"] for match in map(_NOTE_ID_ZAAK.match, note_ids) if match}
    return found.pop() if len(found) == 1 else None


def has_text(parts: Sequence[Part]) -> bool:
    return any(part.heading or any(unlinked(p) for p in part.paragraphs) for part in parts)


def linked(index: int, printed: str) -> str:
    """`printed` marked as the text of link `index`, for `render` to find (see LINK_OPEN)."""
    return f"{LINK_OPEN}{index}{LINK_TEXT}{printed}{LINK_CLOSE}"


def unlinked(text: str) -> str:
    """`text` without link marks.

    >>> unlinked(linked(0, "31 066, nr. 119") + ".")
    '31 066, nr. 119.'
    """
    return _LINK_MARKS.sub("", text)


def _resolve_links(text: str, targets: Sequence[str], offset: int = 0) -> tuple[str, list[LinkRegion]]:
    """`text` without link marks, and where each marked link's printed text now lies (shifted by `offset`)."""
    pieces: list[str] = []
    regions: list[LinkRegion] = []
    length = previous = 0
    for match in _LINK.finditer(text):
        before = unlinked(text[previous:match.start()])
        printed = unlinked(match["printed"])
        pieces.append(before)
        length += len(before)
        index = int(match["index"])
        inner = printed.strip()
        if inner and index < len(targets):
            start = offset + length + (len(printed) - len(printed.lstrip()))
            regions.append(LinkRegion(targets[index], Span(start, start + len(inner))))
        pieces.append(printed)
        length += len(printed)
        previous = match.end()
    pieces.append(unlinked(text[previous:]))
    return "".join(pieces), regions


def render(
    koop_id: str | None,
    parts: Sequence[Part],
    notes: Sequence[tuple[str, str]],
    *,
    path: str,
    fmt: str,
    data: bytes,
    zaak: str | None = None,
    links: Sequence[str] = (),
) -> SourceText:
    """The text of a Kamervragen publication in the layout described in the module docstring. `links` are the
    targets of the links marked in the parts and notes (`linked`), by index."""
    blocks: list[str] = [koop_id] if koop_id else []
    if zaak and zaak not in (koop_id or ""):
        blocks.append(zaak)
    for part in parts:
        if part.heading:
            blocks.append(part.heading)
        blocks.extend(p for p in part.paragraphs if unlinked(p))
    body, regions = _resolve_links("\n\n".join(blocks) + "\n", links)
    marked_notes = [(number, text.replace("\n", " ")) for number, text in notes if unlinked(text)]
    one_line_notes = [(number, _resolve_links(text, ())[0]) for number, text in marked_notes]
    source = with_notes(body, one_line_notes, path=path, fmt=fmt, data=data)
    for (_, text), note in zip(marked_notes, source.notes, strict=True):
        regions.extend(_resolve_links(text, links, note.span.start)[1])
    if not regions:
        return source
    return replace(source, links=tuple(sorted(regions, key=lambda r: (r.span.start, r.span.end))))


# ---------------------------------------------------------------------------------------------------------------
# Reading the XML
# ---------------------------------------------------------------------------------------------------------------


def _local(tag: object) -> str:
    """The element name without a namespace (the files use none; tolerate one)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse(data: bytes, path: str) -> Element:
    try:
        root: Element = fromstring(for_expat(data, path), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ReadError(path, "unsafe XML: DOCTYPE/entity declarations are not accepted") from None
    except ParseError as err:
        line, column = getattr(err, "position", (0, 0))
        reason = re.sub(r":\s*line \d+, column \d+$", "", str(err))
        # expat counts columns from 0; people count from 1.
        raise ReadError(path, f"not well-formed XML: line {line}, column {column + 1}: {reason}") from None
    return root


def _find_blocks(root: Element) -> list[Element]:
    """The elements holding the questions and answers, in document order: one <kamervragen>, or a <vragen> and a
    <reactie> side by side (body/vragen/vraag and body/reactie/antwoord, as the wetsuite notebook of
    ../shared/data/koop reads the older answers); none when the file is no Kamervragen publication."""
    if _local(root.tag) not in ROOTS:
        return []
    found, todo = [], [root]
    while todo:  # depth first, in document order, not into a block once found
        element = todo.pop()
        if _local(element.tag) in BLOCKS:
            found.append(element)
        else:
            todo.extend(reversed(list(element)))
    # An <aanhangsel> can hold the questions and answers without a block around them.
    if not found and any(_local(child.tag) in CONTENT_TAGS for child in root):
        return [root]
    return found


def _not_kamervragen(root: Element, path: str) -> ReadError:
    name = _local(root.tag)
    if name in METADATA_ROOTS:
        return ReadError(path, f"root element <{name}> is a KOOP metadata record, not the publication; read the publication's own XML (<id>.xml)")
    held = next((_local(child.tag) for child in root if _local(child.tag) not in SILENT), None)
    holding = f" holding <{held}>" if held and name in ROOTS else ""
    # The publication's own id says what it is instead (a real motion: DC.identifier kst-34104-439).
    own = next((tidy(m.get("content") or "") for m in _metadata(root) if (m.get("name") or "").lower() in DC_IDENTIFIER), "")
    publication = f" (publication {own})" if own else ""
    return ReadError(
        path,
        f"not a KOOP Kamervragen/Aanhangsel document: root element <{name}>{holding}{publication}; expected "
        "<officiele-publicatie>, <aanhangsel> or <kamervragen> holding <kamervragen>, <vragen> or <reactie>",
    )


def _metadata(root: Element) -> Iterator[Element]:
    """The publication's <meta name=… content=…/> elements."""
    return (element for element in root.iter() if _local(element.tag) == "meta")


def _zaak(root: Element) -> str | None:
    """The publication's own zaak number: from its metadata (OVERHEIDop.vraagnummer), else its <kamervraagnummer>
    (older files: <vraagnummer>), else the one zaak number its note ids carry. Only a number shaped like a zaak
    number (2020Z02131): older files number their questions otherwise (2050605840)."""
    for meta in _metadata(root):
        if (meta.get("name") or "").lower() in ZAAK_METADATA and ZAAK.fullmatch((meta.get("content") or "").strip()):
            return (meta.get("content") or "").strip()
    for element in root.iter():
        if _local(element.tag) in ZAAK_TAGS and ZAAK.fullmatch("".join(element.itertext()).strip()):
            return "".join(element.itertext()).strip()
    return zaak_in_note_ids(element.get("id") or "" for element in root.iter() if _local(element.tag) == NOTE)


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
    links: list[str] = field(default_factory=list)  # the targets of the links marked in the text, by index

    def parts(self, block: Element) -> tuple[list[Part], list[Part]]:
        """The block's parts: those before its first question or answer (its descriptions), and the rest."""
        head: list[Part] = []
        rest: list[Part] = []
        for child in block:
            tag = _local(child.tag)
            if tag in SILENT:
                continue
            if tag == NOTE:
                self.note(child)
                continue
            if tag in (QUESTION, ANSWER):
                part = self.item(child, tag)
            elif tag == SIGNATURE:
                part = Part(None, (self.signature(child),))
            else:  # descriptions, remarks, toelichting, loose paragraphs
                part = Part(None, tuple(self.blocks(child)))
            (rest if rest or tag in (QUESTION, ANSWER) else head).append(part)
        return head, rest

    def item(self, element: Element, kind: str) -> Part:
        number = next((child for child in element if _local(child.tag) in NUMBER_TAGS), None)
        paragraphs = tuple(self.blocks(element, skip=number))
        if number is None and paragraphs and _LOOKS_LIKE_HEADING.match(unlinked(paragraphs[0])):
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
        """A link's printed text, marked with its target (`linked`); the target itself when the text is the
        target wrapped over lines, or missing. The target is exact where the text is not: a link to a
        publication (soort="document") prints "Kamerstuk p31 066, nr. 119" or "25 087 / 31 066, nr.191", a link
        to a web page (soort="URL") a title instead of its address."""
        printed = "".join(element.itertext())
        target = (element.get("doc") or "").strip()
        squeezed = _WHITESPACE.sub("", printed)
        if target.startswith(("http://", "https://", "www.")) and (not squeezed or squeezed == target):
            text = target
        else:
            pieces: list[str] = []
            self._inline(element, pieces)
            text = unlinked("".join(pieces))
        if not target or (element.get("soort") != DOCUMENT_LINK and not target.startswith(("http://", "https://", "www."))):
            return text
        self.links.append(target)
        return linked(len(self.links) - 1, text)

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


def read_koop_xml(data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> SourceText:
    """Turn the bytes of a KOOP Kamervragen or Aanhangsel XML file into text (see the module docstring).

    Raises `ReadError` when the XML is unsafe, not well-formed, or not a Kamervragen publication.

    >>> xml = b"<kamervragen><vraag><nr>1</nr><al>Klopt het?</al></vraag></kamervragen>"
    >>> read_koop_xml(xml, "kv-tk-2024Z17342.xml").text
    'kv-tk-2024Z17342\\n\\nVraag 1\\n\\nKlopt het?\\n'
    """
    root = _parse(data, path)
    if nesting_depth(root) > MAX_DEPTH:
        raise ReadError(path, f"elements nested more than {MAX_DEPTH} deep: not a Kamervragen publication")
    blocks = _find_blocks(root)
    if not blocks:
        raise _not_kamervragen(root, path)
    if not any(_local(element.tag) in CONTENT_TAGS for block in blocks for element in block.iter()):
        names = " and ".join(f"<{_local(block.tag)}>" for block in blocks)
        verb = "holds" if len(blocks) == 1 else "hold"
        raise ReadError(path, f"{names} {verb} no questions, answers or description (vraag, antwoord, kamervraagomschrijving)")
    reader = _Reader()
    head: list[Part] = []
    body: list[Part] = []
    for block in blocks:
        # Blocks side by side (<vragen>, <reactie>): the descriptions of each go atop, where the extractor reads
        # "Vragen van …" and "Antwoord van …"; a question the answer block repeats is printed once.
        block_head, block_body = reader.parts(block)
        earlier = set(body)
        head.extend(block_head)
        body.extend(part for part in block_body if part.heading is None or part not in earlier)
    parts = head + body
    if not has_text(parts):
        raise ReadError(path, "no text in the Kamervragen XML")
    koop_id, zaak = _koop_id(root, path), _zaak(root)
    return render(koop_id, parts, reader.notes, path=path, fmt="xml", data=data, zaak=zaak, links=reader.links)
