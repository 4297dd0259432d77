"""Footnotes: where they are, what they say, which URLs they cite.

Four layouts:
- notes the reader found apart from the body (DOCX footnotes part, PDF page bottoms): `SourceText.notes`;
- Word text export: a `[footnoteRef:1]` marker and the note inline as `[1:  text]`;
- plain text: a block of "1) text" lines after the questions;
- text converted from typeset PDFs: page-bottom notes between body lines, number glued on ("1NOS, …").
Notes inside the body are reported as regions to cut out of question and answer text.
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
_NOTE_REF_TAIL = re.compile(r"\[\d{1,2}\]$")


def find_footnotes(source: SourceText, body_start: int) -> tuple[tuple[Footnote, ...], int, tuple[Span, ...]]:
    """All footnotes, in order of position; where the body (questions and answers) ends; and the regions
    inside the body that are notes, not body text."""
    text = source.text
    notes: dict[str, Footnote] = {}
    body_end = len(text)
    for region in source.notes:
        notes.setdefault(region.number, _footnote(text, region.number, region.span))
        # A region covers the note's text; its printed number starts the line.
        body_end = min(body_end, text.rfind("\n", 0, region.span.start) + 1)
    for inline in p.INLINE_NOTE.finditer(text, body_start):
        notes.setdefault(inline["number"], _footnote(text, inline["number"], Span(*inline.span("text"))))
    block_start, block_notes = _paren_block(text, body_start, body_end)
    for number, span in block_notes:
        notes.setdefault(number, _footnote(text, number, span))
    body_end = min(body_end, block_start)
    inside: list[Span] = []
    if not notes:
        for number, span, line_start in _glued_notes(text, body_start, body_end):
            notes.setdefault(number, _footnote(text, number, span))
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


def _footnote(text: str, number: str, span: Span) -> Footnote:
    raw = text[span.start:span.end]
    urls, breaks = _urls_and_breaks(raw)
    # The note's text keeps a URL cut by a line break in one piece, as its `urls` do.
    joined = "".join(ch for i, ch in enumerate(raw) if i not in breaks)
    return Footnote(number=number, text=value(joined), urls=urls, span=span)


def urls_in(raw: str) -> tuple[str, ...]:
    """URLs in a note, rejoined where a line break cut them, without sentence punctuation after them.

    >>> urls_in("(https://www.binnenlandsbestuur.nl/digitaal/wake-up-\\npardon-af)")
    ('https://www.binnenlandsbestuur.nl/digitaal/wake-up-pardon-af',)
    >>> urls_in("zie https://nos.nl/artikel/123.")
    ('https://nos.nl/artikel/123',)
    """
    return _urls_and_breaks(raw)[0]


def _urls_and_breaks(raw: str) -> tuple[tuple[str, ...], set[int]]:
    """The URLs, and the positions of the line breaks (with their indentation) that cut them."""
    urls: list[str] = []
    breaks: set[int] = set()
    for match in p.URL.finditer(raw):
        url, end = match.group(0), match.end()
        while end < len(raw) and raw[end] == "\n":
            continuation = _URL_CHARS.match(raw, end + 1)
            if not continuation or not _continues(url, continuation.group(0), raw, continuation.end()):
                break
            breaks.update(range(end, continuation.start()))
            url += continuation.group(0)
            end = continuation.end()
        url = _strip_tail(url)
        if url not in urls:
            urls.append(url)
    return tuple(urls), breaks


def _continues(url: str, token: str, raw: str, token_end: int) -> bool:
    """Whether the next line's first token is the rest of a URL cut at the line end."""
    if url[-1] in "-/_=?&#%.":
        return True
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
