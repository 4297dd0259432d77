"""Footnotes: where they are, what they say, which URLs they cite.

Three layouts:
- notes the reader found apart from the body (DOCX footnotes part, PDF page bottoms): `SourceText.notes`;
- Word text export: a `[footnoteRef:1]` marker and the note inline as `[1:  text]`;
- plain text: a block of "1) text" lines after the questions.
"""

from __future__ import annotations

import re

from kgraph.extract import patterns as p
from kgraph.extract.clean import value
from kgraph.model import Footnote, SourceText, Span

# A notes block item looks like a citation, not like a question: it cites a source, a date or a document.
_CITATION_LIKE = re.compile(r"https?://|www\.|\b(?:19|20)\d\d\b|Kamerstuk|\bnr\.", re.IGNORECASE)
_URL_CHARS = re.compile(r"[\w\-./?=&%#~+:;@!$*,()\[\]']+")
_URL_TAIL = ".,;:!?'\"»”’"


def find_footnotes(source: SourceText, body_start: int) -> tuple[tuple[Footnote, ...], int]:
    """All footnotes, in order of number, and where the body (questions and answers) ends."""
    text = source.text
    notes: dict[str, Footnote] = {}
    body_end = len(text)
    for region in source.notes:
        notes.setdefault(region.number, _footnote(text, region.number, region.span))
        body_end = min(body_end, region.span.start)
    for inline in p.INLINE_NOTE.finditer(text, body_start):
        notes.setdefault(inline["number"], _footnote(text, inline["number"], Span(*inline.span("text"))))
    block_start, block_notes = _paren_block(text, body_start, body_end)
    for number, span in block_notes:
        notes.setdefault(number, _footnote(text, number, span))
    body_end = min(body_end, block_start)
    ordered = sorted(notes.values(), key=lambda note: (note.span.start, note.number))
    return tuple(ordered), body_end


def _paren_block(text: str, start: int, end: int) -> tuple[int, list[tuple[str, Span]]]:
    """The trailing "1) …" notes block: starts at the last '1)' item that reads like a citation."""
    items = list(p.PAREN_NOTE.finditer(text, start, end))
    firsts = [i for i, item in enumerate(items) if item["number"] == "1"]
    for first in reversed(firsts):
        block = [items[first]]
        for item in items[first + 1:]:
            if int(item["number"]) == int(block[-1]["number"]) + 1:
                block.append(item)
        spans = [(item["number"], Span(item.end(), _note_end(text, item.end(), end))) for item in block]
        if _CITATION_LIKE.search(text[spans[0][1].start:spans[0][1].end]):
            return block[0].start(), spans
    return end, []


def _note_end(text: str, start: int, limit: int) -> int:
    """A plain-text note runs to the next blank line, the next note, or a section heading."""
    candidates = [limit]
    blank = re.compile(r"\n[^\S\n]*\n").search(text, start, limit)
    if blank:
        candidates.append(blank.start())
    following = p.PAREN_NOTE.search(text, start, limit)
    if following:
        candidates.append(following.start())
    section = p.SECTION_END.search(text, start, limit)
    if section:
        candidates.append(section.start())
    end = min(candidates)
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _footnote(text: str, number: str, span: Span) -> Footnote:
    raw = text[span.start:span.end]
    return Footnote(number=number, text=value(raw), urls=urls_in(raw), span=span)


def urls_in(raw: str) -> tuple[str, ...]:
    """URLs in a note, rejoined where a line break cut them, without sentence punctuation after them.

    >>> urls_in("(https://www.binnenlandsbestuur.nl/digitaal/wake-up-\\npardon-af)")
    ('https://www.binnenlandsbestuur.nl/digitaal/wake-up-pardon-af',)
    >>> urls_in("zie https://nos.nl/artikel/123.")
    ('https://nos.nl/artikel/123',)
    """
    urls: list[str] = []
    for match in p.URL.finditer(raw):
        url, end = match.group(0), match.end()
        while end < len(raw) and raw[end] == "\n":
            continuation = _URL_CHARS.match(raw, end + 1)
            if not continuation or not _continues(url, continuation.group(0), raw, continuation.end()):
                break
            url += continuation.group(0)
            end = continuation.end()
        url = _strip_tail(url)
        if url not in urls:
            urls.append(url)
    return tuple(urls)


def _continues(url: str, token: str, raw: str, token_end: int) -> bool:
    """Whether the next line's first token is the rest of a URL cut at the line end."""
    if url[-1] in "-/_=?&#%.":
        return True
    ends_note = token_end >= len(raw) or raw[token_end] in "\n)" or token.endswith(")")
    return any(ch in token for ch in "/-_=?&.") and ends_note


def _strip_tail(url: str) -> str:
    while url:
        if url[-1] in _URL_TAIL:
            url = url[:-1]
        elif url[-1] == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        else:
            break
    return url
