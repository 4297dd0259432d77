"""Extraction: `SourceText` -> `Document`. A pure function of the text, one concern per module:

- `header`     askers, addressees, answerers, "mede namens" - `people`  names as printed, repaired
- `numbering`  questions and answers       - `footnotes`   notes and their URLs
- `references` Kamerstukken, Aanhangsel, zaken, statutes
"""

from __future__ import annotations

import re

from kgraph.extract import patterns as p
from kgraph.extract.clean import flat, one_line
from kgraph.extract.dates import parse_date
from kgraph.extract.footnotes import find_footnotes
from kgraph.extract.numbering import find_questions_and_answers, unnumbered_questions
from kgraph.extract.header import read_header
from kgraph.extract.references import find_references
from kgraph.model import Answer, DateValue, Document, Kind, Question, SourceText, Span

# A question set prints "Vragen van …" near its top; further down it is prose about other questions.
_HEADER_REACH = 2000
_POSTPONEMENT = re.compile(
    r"\buitstel\s+(?:van\s+(?:de\s+)?)?beantwoording\b|niet\s+binnen\s+de\s+(?:gebruikelijke\s+)?termijn", re.IGNORECASE
)


def extract(source: SourceText) -> Document:
    """Everything kgraph can read from one document's text."""
    text = source.text
    flat_text = flat(text)
    toelichting = p.SECTION_END.search(text)
    header_limit = toelichting.start() if toelichting else len(text)

    footnotes, body_end, notes_in_body = find_footnotes(source, 0)
    body_end = min(body_end, header_limit)
    questions, answers = find_questions_and_answers(text, 0, body_end, notes_in_body)
    first_marker = min([q.span.start for q in questions] + [a.span.start for a in answers], default=body_end)
    # The header (who asks whom, who answers) comes before the first question or answer.
    header_end = first_marker if questions or answers else header_limit

    header = read_header(text, header_end, header_limit)
    askers, oral, askers_range = header.askers, header.oral, header.askers_range
    if not questions and not answers and askers_range and header.answer_word is None and askers_range[0] < _HEADER_REACH:
        # A question set printed without numbers: the paragraphs after the "Vragen van …" paragraph.
        header_end = _paragraph_end(text, askers_range[1])
        questions = unnumbered_questions(text, header_end, body_end, notes_in_body)
    if not askers_range:
        oral = bool(p.ORAL.search(flat_text, 0, first_marker))

    warnings = list(header.warnings)
    kind = _kind(text[:header_limit], questions, answers, header.answer_word, bool(askers))
    if kind is Kind.ANSWER and not answers:
        warnings.append("answer document without any answers found")
    if kind is Kind.QUESTIONS and not askers:
        warnings.append("question set without a 'Vragen van het lid / de leden …' header: no askers read")
    elif askers and not header.addressees and kind is not Kind.OTHER:
        warnings.append("no addressees read after the askers")
    submitted = _date(p.SUBMITTED, flat_text, header_limit) or _date(p.SUBMITTED_IN_PROSE, flat_text, header_limit)
    received = _date(p.RECEIVED, flat_text, header_limit)
    if submitted is None and kind is Kind.POSTPONEMENT and askers_range:
        sentence = re.compile(r"\.\s").search(flat_text, askers_range[1])
        submitted = _date(p.DATE_IN_BRACKETS, flat_text, sentence.start() if sentence else askers_range[1] + 400, askers_range[1])
    if received is None and header.answer_date:
        received = _date(p.ANSWER_DATE, flat_text, header.answer_date[1], header.answer_date[0])
    latest_date = max((d.value for d in (submitted, received) if d is not None), default=None)
    references = find_references(text, toelichting.start() if toelichting else None, source.links,
                                 latest_date=latest_date, warnings=warnings)

    return Document(
        source=source.path,
        sha256=source.sha256,
        kind=kind,
        oral=oral,
        title=_title(text, askers_range, first_marker),
        submitted=submitted,
        received=received,
        askers=askers,
        addressees=header.addressees,
        in_absence_of=header.in_absence_of,
        answerers=header.answerers,
        on_behalf_of=header.on_behalf_of,
        questions=questions,
        answers=answers,
        footnotes=footnotes,
        references=references,
        koop_id=_koop_id(text),
        warnings=tuple(warnings),
        text_length=len(text),
    )


def _kind(header: str, questions: tuple[Question, ...], answers: tuple[Answer, ...], answer_word: str | None, has_askers: bool) -> Kind:
    if answers:
        return Kind.ANSWER
    if answer_word == "mededeling" or _POSTPONEMENT.search(header):
        return Kind.POSTPONEMENT
    if answer_word == "antwoord":
        return Kind.ANSWER
    if questions or has_askers:
        return Kind.QUESTIONS
    return Kind.OTHER


def _paragraph_end(text: str, position: int) -> int:
    match = re.compile(r"\n[^\S\n]*\n").search(text, position)
    return match.end() if match else len(text)


def _date(pattern: re.Pattern[str], flat_text: str, limit: int, start: int = 0) -> DateValue | None:
    for match in pattern.finditer(flat_text, start, limit):
        parsed = parse_date(match)
        if parsed:
            return DateValue(parsed, Span(*match.span()))
    return None


def _title(text: str, askers_range: tuple[int, int] | None, limit: int) -> str | None:
    if not askers_range:
        return None
    match = p.SUBJECT.search(text, askers_range[1], limit)
    return one_line(match["subject"]).rstrip(".") or None if match else None


def _koop_id(text: str) -> str | None:
    match = p.KOOP_ID.search(text)
    return match["id"] if match else None
