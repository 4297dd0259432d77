"""Footnotes: where they are, what they say, which URLs they cite.

Four layouts:
- notes the reader found apart from the body (DOCX footnotes part, PDF page bottoms): `SourceText.notes`;
- Word text export: a `[footnoteRef:1]` marker and the note inline as `[1:  text]`;
- plain text: a block of "1) text" lines after the questions;
- text converted from typeset PDFs: page-bottom notes between body lines, number glued on ("1NOS, …").
Notes inside the body are reported as regions to cut out of question and answer text.

A note's URLs are kept as printed (rejoined where a line break cut them, also between the scheme and the rest,
"https://" | "www.nos.nl/…"; sentence punctuation after them dropped), each with the absolute IRI the graph uses
(`CitedUrl`); hyperlinks the reader found inside a note (`SourceText.links`) add the pages it links without
printing their address.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from kgraph.extract import patterns as p
from kgraph.extract.clean import value
from kgraph.mint import scheme_supplied, web_iri
from kgraph.model import CitedUrl, Footnote, SourceText, Span

# A notes block item looks like a citation, not like a question: it cites a source, a date or a document.
_CITATION_LIKE = re.compile(r"https?://|www\.|\b(?:19|20)\d\d\b|Kamerstuk|\bnr\.", re.IGNORECASE)
_URL_CHARS = re.compile(r"[\w\-./?=&%#~+:;@!$*,()\[\]']+")
_URL_TAIL = ".,;:!?'\"»”’"
_NOTE_REF_TAIL = re.compile(r"\[\d{1,2}\]$")
_SCHEME_ONLY = re.compile(r"^h?ttps?:/{0,2}$", re.IGNORECASE)
# What follows a scheme cut off at a line end (or by a stray space): the slashes it lacks, then a host.
_CUT_ADDRESS = re.compile(r"[^\S\n]*\n?[^\S\n]*(?P<address>/{0,2}(?:www\.|[\w-]+\.[\w.-]+)[^\s<>\"«»“”]*)")
_NEW_URL = re.compile(r"(?:h?ttps?:/|www\.)", re.IGNORECASE)
# The rest of a URL that a line break cut before its query string or fragment: "?share=…", "&t=42s", "#par2".
_QUERY_START = re.compile(r"[?&][^=\s]*=|#[\w-]")
# Link targets that are web pages; others (mailto:, a bookmark in the file, a publication id) are no citation.
_WEB_TARGET = re.compile(r"(?:https?://|www\.)\S", re.IGNORECASE)


def find_footnotes(source: SourceText, body_start: int) -> tuple[tuple[Footnote, ...], int, tuple[Span, ...]]:
    """All footnotes, in order of position; where the body (questions and answers) ends; and the regions
    inside the body that are notes, not body text."""
    text = source.text
    notes: dict[str, Footnote] = {}
    body_end = len(text)
    for region in source.notes:
        notes.setdefault(region.number, _footnote(source, region.number, region.span))
        # A region covers the note's text; its printed number starts the line.
        body_end = min(body_end, text.rfind("\n", 0, region.span.start) + 1)
    for inline in p.INLINE_NOTE.finditer(text, body_start):
        notes.setdefault(inline["number"], _footnote(source, inline["number"], Span(*inline.span("text"))))
    block_start, block_notes = _paren_block(text, body_start, body_end)
    for number, span in block_notes:
        notes.setdefault(number, _footnote(source, number, span))
    body_end = min(body_end, block_start)
    inside: list[Span] = []
    if not notes:
        for number, span, line_start in _glued_notes(text, body_start, body_end):
            notes.setdefault(number, _footnote(source, number, span))
            inside.append(Span(line_start, span.end))
    ordered = sorted(notes.values(), key=lambda note: (note.span.start, note.number))
    return tuple(ordered), body_end, tuple(inside)


def _glued_notes(text: str, start: int, end: int) -> list[tuple[str, Span, int]]:
    """Page-bottom notes with their number glued on, numbered 1, 2, 3 … through the document."""
    found: list[tuple[str, Span, int]] = []
    expected = 1
    for match in p.GLUED_NOTE.finditer(text, start, end):
        number = match["number"]
        if int(number) != expected:
            # "22023 Annual report": note 2 followed by a year reads as "22" first; retry on the first digit.
            if len(number) == 2 and int(number[0]) == expected and not number[1:].startswith("0"):
                number = number[0]
            else:
                continue
        note_start = match.start() + len(number)
        note_end = _glued_note_end(text, note_start, end, str(expected + 1))
        if not _CITATION_LIKE.search(text, note_start, note_end):
            continue
        found.append((number, Span(note_start, note_end), match.start()))
        expected += 1
    return found


def _glued_note_end(text: str, start: int, limit: int, next_number: str) -> int:
    """A glued note runs over following lines until a blank line, a running head, the next note or a
    question / answer heading. ("2-afbouw" continuing note 2 is not note 2 again: only the next number counts.)"""
    line_end = text.find("\n", start, limit)
    while line_end != -1:
        next_start = line_end + 1
        next_end = text.find("\n", next_start, limit)
        line = text[next_start:next_end if next_end != -1 else limit]
        if (
            not line.strip()
            or ((glued := p.GLUED_NOTE.match(line)) is not None and glued["number"].startswith(next_number))
            or p.RUNNING_HEAD.match(line)
            or p.QUESTION_HEADING.match(line)
            or p.ANSWER_HEADING.match(line)
        ):
            break
        line_end = next_end
    end = line_end if line_end != -1 else limit
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _number(item: re.Match[str]) -> str:
    groups = item.groupdict()
    return groups.get("number") or groups["bracketed"]


def _paren_block(text: str, start: int, end: int) -> tuple[int, list[tuple[str, Span]]]:
    """The trailing "1) …" / "[1] …" notes block: starts at the last first item that reads like a citation
    or that the body refers to ("… hiervan? 1)")."""
    items = list(p.PAREN_NOTE.finditer(text, start, end))
    firsts = [i for i, item in enumerate(items) if _number(item) == "1"]
    for first in reversed(firsts):
        block = [items[first]]
        followers = p.BRACKET_NOTE.finditer(text, block[0].end(), end) if items[first]["bracketed"] else items[first + 1:]
        for item in followers:
            # Numbers go up; one may be missing from the start of a line when it follows the previous note.
            if 0 < int(_number(item)) - int(_number(block[-1])) <= 2:
                block.append(item)
        spans = [(_number(item), Span(item.end(), _note_end(text, item.end(), end))) for item in block]
        referenced = re.search(p.NOTE_REFERENCE.format(n=1), text[start:block[0].start()])
        if referenced or _CITATION_LIKE.search(text[spans[0][1].start:spans[0][1].end]):
            return block[0].start(), spans
    return end, []


def _note_end(text: str, start: int, limit: int) -> int:
    """A plain-text note runs to the next blank line, the next note, or a section heading."""
    candidates = [limit]
    blank = re.compile(r"\n[^\S\n]*\n").search(text, start, limit)
    if blank:
        candidates.append(blank.start())
    for pattern in (p.PAREN_NOTE, p.BRACKET_NOTE):
        following = pattern.search(text, start, limit)
        if following:
            candidates.append(following.start())
    section = p.SECTION_END.search(text, start, limit)
    if section:
        candidates.append(section.start())
    end = min(candidates)
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _footnote(source: SourceText, number: str, span: Span) -> Footnote:
    raw = source.text[span.start:span.end]
    printed, breaks = _urls_and_breaks(raw)
    # The note's text keeps a URL cut by a line break in one piece, as its `urls` do.
    joined = "".join(ch for i, ch in enumerate(raw) if i not in breaks)
    links = [link for link in source.links if span.start <= link.span.start and link.span.end <= span.end
             and _WEB_TARGET.match(link.target)]
    cited = _cited(printed, [(link.target, link.span.start - span.start, link.span.end - span.start) for link in links])
    return Footnote(number=number, text=value(joined), span=span, cited_urls=cited)


def urls_in(raw: str) -> tuple[str, ...]:
    """URLs in a note, rejoined where a line break cut them, without sentence punctuation after them.

    >>> urls_in("(https://www.binnenlandsbestuur.nl/digitaal/wake-up-\\npardon-af)")
    ('https://www.binnenlandsbestuur.nl/digitaal/wake-up-pardon-af',)
    >>> urls_in("zie https://nos.nl/artikel/123.")
    ('https://nos.nl/artikel/123',)
    >>> urls_in("«Titel», https://\\nwww.reuters.com/world/x")
    ('https://www.reuters.com/world/x',)
    """
    return tuple(url.text for url in _urls_and_breaks(raw)[0])


def cited_urls(raw: str, links: Sequence[tuple[str, int, int]] = ()) -> tuple[CitedUrl, ...]:
    """What a note's text `raw` cites: its printed URLs and the web targets of `links` (target, start, end, with
    offsets into `raw`) whose URL it does not print, in order of position.

    >>> [(c.printed, c.iri, c.scheme_added) for c in cited_urls("www.nos.nl/x en NOS", [("https://nos.nl/y", 16, 19)])]
    [('www.nos.nl/x', 'https://www.nos.nl/x', True), (None, 'https://nos.nl/y', False)]
    """
    return _cited(_urls_and_breaks(raw)[0], [link for link in links if _WEB_TARGET.match(link[0])])


@dataclass(frozen=True, slots=True)
class _Printed:
    """A URL as printed, and where it stands in the note's text ([start, end), line breaks included)."""

    text: str
    start: int
    end: int


def _cited(printed: Sequence[_Printed], links: Sequence[tuple[str, int, int]]) -> tuple[CitedUrl, ...]:
    """Printed URLs take the link laid over them only to learn a scheme they do not print ("www.nos.nl/x" behind
    a link to "https://www.nos.nl/x") or the rest of a shortened display ("nos.nl/artikel/12…"); a link whose URL
    the note does not print is cited with `printed` None."""
    found: list[tuple[int, CitedUrl]] = []
    used: set[int] = set()
    for url in printed:
        address = url.text
        for i, (target, start, end) in enumerate(links):
            # On the URL, not on the note around it: a reader that could not place the anchor gives the whole note.
            overlap = min(end, url.end) - max(start, url.start)
            over = overlap > 0 and 2 * overlap >= end - start
            if _same_page(target, url.text) or (over and _shortened(url.text, target)):
                used.add(i)
                if scheme_supplied(address) or _shortened(url.text, target):
                    address = target
            elif over:
                used.add(i)  # the printed URL is what the note cites; its link says something else
        found.append((url.start, CitedUrl(url.text, str(web_iri(address)), scheme_supplied(address))))
    seen = {_page_key(url.text) for url in printed}
    for i, (target, start, _) in enumerate(links):
        if i in used or _page_key(target) in seen:
            continue
        seen.add(_page_key(target))
        found.append((start, CitedUrl(None, str(web_iri(target)), scheme_supplied(target))))
    return tuple(cited for _, cited in sorted(found, key=lambda item: item[0]))


def _page_key(url: str) -> str:
    """A URL without scheme, "www.", trailing slash, case and percent-encoding: what two forms of one address
    share (the scorer's comparison, GOLD.md)."""
    key = unquote(url.strip()).lower()
    key = re.sub(r"^[a-z][a-z0-9+.-]*://", "", key)
    return key.removeprefix("www.").rstrip("/")


def _same_page(a: str, b: str) -> bool:
    return _page_key(a) == _page_key(b)


def _shortened(printed: str, target: str) -> bool:
    """Whether `printed` is `target` shortened for display, ending in an ellipsis ("nos.nl/artikel/12…")."""
    head = printed.removesuffix("…").removesuffix("...")
    return head != printed and len(_page_key(head)) > 0 and _page_key(target).startswith(_page_key(head))


def _urls_and_breaks(raw: str) -> tuple[list[_Printed], set[int]]:
    """The URLs, and the positions of the line breaks (with their indentation) that cut them."""
    urls: list[_Printed] = []
    breaks: set[int] = set()
    consumed = 0
    for match in p.URL.finditer(raw):
        if match.start() < consumed:
            continue  # the rest of a URL already joined to the line before
        url, end = match.group(0), match.end()
        if _SCHEME_ONLY.match(url):
            # "https://" at a line end: the address is on the next line ("https://" | "www.nos.nl/…").
            rest = _CUT_ADDRESS.match(raw, end)
            if not rest:
                continue
            breaks.update(range(end, rest.start("address")))
            url, end = url + rest["address"], rest.end()
        while end < len(raw) and raw[end] == "\n":
            continuation = _URL_CHARS.match(raw, end + 1)
            if not continuation or not _continues(url, continuation.group(0), raw, continuation.end()):
                break
            breaks.update(range(end, continuation.start()))
            url += continuation.group(0)
            end = continuation.end()
        consumed = end
        url = _strip_tail(url)
        if url and not _SCHEME_ONLY.match(url) and all(url != seen.text for seen in urls):
            urls.append(_Printed(url, match.start(), end))
    return urls, breaks


def _continues(url: str, token: str, raw: str, token_end: int) -> bool:
    """Whether the next line's first token is the rest of a URL cut at the line end."""
    if _NEW_URL.match(token):
        return False  # a second URL on the next line ("https://a.nl/x/" | "https://b.nl/y")
    if url[-1] in "-/_=?&#%." or _QUERY_START.match(token):
        return True  # a URL cut after a separator, or before its query or fragment ("…/artikel" | "?share=…")
    ends_note = token_end >= len(raw) or raw[token_end] in "\n)" or token.endswith(")")
    # A word cut in the middle ("…-vast" / "gelegd") ends the note; a new sentence starts with a capital.
    looks_like_url = any(ch in token for ch in "/-_=?&.") or token[:1].islower() or token[:1].isdigit()
    return looks_like_url and ends_note


def _strip_tail(url: str) -> str:
    url = _NOTE_REF_TAIL.sub("", url)
    while url:
        if url[-1] in _URL_TAIL:
            url = url[:-1]
        elif url[-1] == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        else:
            break
    return url
