"""Questions and answers: find the numbered markers, then cut the text between them.

Three printed styles are recognised, in this order of trust:
- headings "Vraag 1" / "Vragen 2 en 3" (Aanhangsel, ministry letters);
- numbered paragraphs "1. Klopt het …" (question sets);
- a bare number on its own line ("1", then the question; raw uploads).
Answers are "Antwoord", "Antwoord 2", "Antwoord op vraag 2 en 3", "Antwoord op vragen 2 t/m 4"; an answer
without numbers answers the questions printed since the previous answer.
Numbered paragraphs and bare numbers must follow each other (1, 2, 2a, 3 …): that keeps footnote numbers,
page numbers and lists inside answers from being read as questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgraph.extract import patterns as p
from kgraph.extract.clean import value
from kgraph.model import Answer, Question, Span


@dataclass(frozen=True, slots=True)
class _Marker:
    is_answer: bool
    numbers: tuple[str, ...]
    start: int  # start of the marker line
    text_start: int  # where the question or answer text begins


def expand_numbers(printed: str) -> tuple[str, ...]:
    """'2 en 3' -> ('2', '3'); '2 t/m 4' -> ('2', '3', '4'); '1a' -> ('1a',).

    >>> expand_numbers("3, 4, 5 en 6")
    ('3', '4', '5', '6')
    >>> expand_numbers("2 t/m 4")
    ('2', '3', '4')
    """
    numbers: list[str] = []
    position = 0
    for ranged in p.RANGE.finditer(printed):
        numbers.extend(m.group(0) for m in p.NUMBER.finditer(printed, position, ranged.start()))
        low, high = int(ranged["a"]), int(ranged["b"])
        if low < high <= low + 50:
            numbers.extend(str(n) for n in range(low, high + 1))
        else:
            numbers.extend((ranged["a"], ranged["b"]))
        position = ranged.end()
    numbers.extend(m.group(0) for m in p.NUMBER.finditer(printed, position))
    return tuple(dict.fromkeys(numbers))


def _follows(previous: str | None, candidate: str) -> bool:
    """Whether `candidate` can be the next question number after `previous` (None: the first)."""
    match = p.NUMBER.fullmatch(candidate)
    if not match:
        return False
    number, letter = int(match["int"]), match["letter"]
    if previous is None:
        return number == 1 and letter in ("", "a")
    last = p.NUMBER.fullmatch(previous)
    assert last is not None
    last_number, last_letter = int(last["int"]), last["letter"]
    if number == last_number + 1:
        return letter in ("", "a")
    return number == last_number and letter != "" and ord(letter) == ord(last_letter or "`") + 1


def _question_markers(text: str, start: int, end: int) -> list[_Marker]:
    headed = [
        _Marker(False, expand_numbers(m["nums"]), m.start(), m.start("rest"))
        for m in p.QUESTION_HEADING.finditer(text, start, end)
    ]
    if headed:
        return headed
    bare = list(p.BARE_QUESTION_HEADING.finditer(text, start, end))
    if bare:
        return [_Marker(False, (str(n),), m.start(), m.end()) for n, m in enumerate(bare, start=1)]
    for pattern in (p.NUMBERED_PARAGRAPH, p.BARE_NUMBER):
        markers: list[_Marker] = []
        previous: str | None = None
        for m in pattern.finditer(text, start, end):
            if _follows(previous, m["nums"]):
                text_start = m.start("rest") if "rest" in pattern.groupindex else m.end()
                markers.append(_Marker(False, (m["nums"],), m.start(), text_start))
                previous = m["nums"]
        if markers:
            return markers
    return []


def _answer_markers(text: str, start: int, end: int) -> list[_Marker]:
    markers = []
    for m in p.ANSWER_HEADING.finditer(text, start, end):
        rest = m["rest"]
        # "Antwoord van minister …", "Antwoord minister X (…)" are headers and "Antwoord schriftelijke vragen : …"
        # a web page's title, not answer markers.
        if re.match(r"(?:van|op\s+(?:de\s+)?vragen\s+van|(?:op\s+)?schriftelijke\s+vragen|minister|staatss?ecretaris)\b", rest, re.IGNORECASE):
            continue
        numbers = expand_numbers(m["nums"]) if m["nums"] else ()
        markers.append(_Marker(True, numbers, m.start(), m.start("rest")))
    return markers


def _without(text: str, start: int, end: int, cut: tuple[Span, ...]) -> str:
    """text[start:end] with the `cut` regions (notes printed inside the body) left out."""
    pieces, position = [], start
    for span in cut:
        if span.end <= position or span.start >= end:
            continue
        pieces.append(text[position:max(position, span.start)])
        position = min(end, span.end)
    pieces.append(text[position:end])
    return "".join(pieces)


def find_questions_and_answers(
    text: str, start: int, end: int, cut: tuple[Span, ...] = ()
) -> tuple[tuple[Question, ...], tuple[Answer, ...]]:
    """Questions and answers printed in text[start:end], leaving out the `cut` regions."""
    question_markers = _question_markers(text, start, end)
    answer_markers = _answer_markers(text, start, end)
    if not question_markers and answer_markers and not any(m.numbers for m in answer_markers):
        question_markers = _questions_before_answers(text, start, answer_markers)
    markers = sorted(question_markers + answer_markers, key=lambda m: m.start)
    questions: list[Question] = []
    answers: list[Answer] = []
    unanswered: list[str] = []
    for index, marker in enumerate(markers):
        segment_end = markers[index + 1].start if index + 1 < len(markers) else end
        body = value(_without(text, marker.text_start, segment_end, cut))
        span = Span(marker.start, _trimmed_end(text, marker.start, segment_end))
        if not body:
            continue  # a heading with nothing after it: the text was cut there (a page excerpt, a running foot)
        if marker.is_answer:
            numbers = marker.numbers or tuple(unanswered)
            answers.append(Answer(numbers, body, span))
            unanswered.clear()
            continue
        # "Vraag 3, 4 en 5" over several paragraphs: one question per number, paragraphs in order.
        paragraphs = body.split("\n\n") if len(marker.numbers) > 1 else [body]
        for position, number in enumerate(marker.numbers):
            if len(marker.numbers) > 1 and len(paragraphs) == len(marker.numbers):
                question_text = paragraphs[position]
            else:
                question_text = body
            questions.append(Question(number, question_text, span))
            unanswered.append(number)
    return tuple(questions), tuple(answers)


_QUESTION_END = re.compile(r"\?\s*(?:\d{1,2}\)|\[\d{1,2}\])?\s*$")


def _questions_before_answers(text: str, start: int, answers: list[_Marker]) -> list[_Marker]:
    """Questions printed without numbers, each followed by a bare "Antwoord" (a list whose numbers a converter
    dropped): the paragraphs ending in '?' just before each answer heading, numbered 1..n in order."""
    markers: list[_Marker] = []
    region_start = start
    for answer in answers:
        paragraphs = [m for m in _paragraphs(text, region_start, answer.start)]
        first: int | None = None
        for paragraph_start, paragraph_end in reversed(paragraphs):
            if not _QUESTION_END.search(text[paragraph_start:paragraph_end]):
                break
            first = paragraph_start
        if first is not None:
            number = str(len(markers) + 1)
            markers.append(_Marker(False, (number,), first, first))
        region_start = answer.text_start
    return markers


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the non-blank paragraphs in text[start:end]."""
    found = []
    position = start
    for boundary in [*_PARAGRAPH_BREAK.finditer(text, start, end), None]:
        paragraph_end = boundary.start() if boundary else end
        chunk = text[position:paragraph_end]
        if chunk.strip():
            offset = position + len(chunk) - len(chunk.lstrip())
            found.append((offset, _trimmed_end(text, offset, paragraph_end)))
        position = boundary.end() if boundary else end
    return found


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def unnumbered_questions(text: str, start: int, end: int, cut: tuple[Span, ...] = ()) -> tuple[Question, ...]:
    """A question set whose numbers were lost (a DOCX list exported without its numbering): each paragraph
    in text[start:end] is one question, numbered 1..n in order."""
    questions: list[Question] = []
    position = start
    for boundary in [*_PARAGRAPH_BREAK.finditer(text, start, end), None]:
        paragraph_end = boundary.start() if boundary else end
        body = value(_without(text, position, paragraph_end, cut))
        # Running heads and footers of a typeset page are paragraphs too, and so is an oral question's
        # empty rest: a question has words.
        if body and len(body.split()) >= 4 and not p.RUNNING_HEAD.match(body):
            offset = position + len(text[position:paragraph_end]) - len(text[position:paragraph_end].lstrip())
            questions.append(Question(str(len(questions) + 1), body, Span(offset, _trimmed_end(text, offset, paragraph_end))))
        position = boundary.end() if boundary else end
    return tuple(questions)


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
