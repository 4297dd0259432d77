"""Small builders for `kgraph.model` records, with sensible defaults (in the spirit of eyecite's test_factories).

Every builder takes `span=AUTO` by default; `document()` then lays those records out one after another in
reading order (title, dates, askers, addressees, answerers, 'mede namens', questions, answers, footnotes,
references), each as long as its printed text, so spans are realistic, distinct and the same on every run.
Pass an explicit `Span` to pin one.

    >>> doc = document(Kind.QUESTIONS, questions=(question("1"), question("2")))
    >>> [q.span for q in doc.questions]
    [Span(start=0, end=19), Span(start=20, end=39)]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import replace
from typing import Any, TypeVar

from hypothesis import strategies as st

from kgraph.link.cases import Case, CaseIndex
from kgraph.link.model import LinkedDocument
from kgraph.link.people import People
from kgraph.link.stage import Linker
from kgraph.mint import Minter, scheme_supplied, web_iri
from kgraph.model import (
    Answer,
    Answerer,
    Asker,
    CitedUrl,
    DateValue,
    Document,
    Footnote,
    Kind,
    Office,
    Post,
    Question,
    Reference,
    ReferenceScheme,
    Role,
    Span,
)

__all__ = [
    "AUTO",
    "answer",
    "answer_document",
    "answerer",
    "asker",
    "date",
    "document",
    "documents",
    "footnote",
    "post",
    "question",
    "question_set",
    "reference",
    "rich_document",
    "scheme_of",
]

AUTO = Span(0, 0)
"""Placeholder span: `document()` replaces it with the next free span."""

# How `reference()` tells the scheme from a normalised identifier.
_SCHEMES: tuple[tuple[re.Pattern[str], ReferenceScheme], ...] = (
    (re.compile(r"^kst-"), ReferenceScheme.KAMERSTUK),
    (re.compile(r"^ah-"), ReferenceScheme.AANHANGSEL),
    (re.compile(r"^\d{4}Z\d{5}$"), ReferenceScheme.ZAAK),
)


def scheme_of(identifier: str) -> ReferenceScheme:
    """kst-… → Kamerstuk, ah-… → Aanhangsel, 2025Z10261 → zaak, anything else → statute."""
    for pattern, scheme in _SCHEMES:
        if pattern.search(identifier):
            return scheme
    return ReferenceScheme.STATUTE


def date(iso: str, span: Span = AUTO) -> DateValue:
    return DateValue(dt.date.fromisoformat(iso), span)


def asker(name: str = "Bontenbal", party: str | None = "CDA", span: Span = AUTO) -> Asker:
    return Asker(name, party, span)


def post(office: Office = Office.MINISTER, portfolio: str = "Buitenlandse Zaken", span: Span = AUTO) -> Post:
    return Post(office, portfolio, span)


def answerer(
    office: Office = Office.MINISTER,
    name: str | None = "Karremans",
    portfolio: str = "Economische Zaken",
    span: Span = AUTO,
) -> Answerer:
    return Answerer(office, name, portfolio, span)


def question(number: str = "1", text: str | None = None, span: Span = AUTO) -> Question:
    return Question(number, text if text is not None else f"Klopt bericht {number}?", span)


def answer(*questions: str, text: str = "Ja.", span: Span = AUTO) -> Answer:
    """An answer to the given question numbers (default: question '1')."""
    return Answer(questions or ("1",), text, span)


def footnote(
    number: str = "1",
    text: str | None = None,
    urls: tuple[str, ...] = ("https://nos.nl/artikel/1",),
    span: Span = AUTO,
) -> Footnote:
    """A note citing `urls` as printed, each with the IRI the extractor gives it."""
    cited = tuple(CitedUrl(url, str(web_iri(url)), scheme_supplied(url)) for url in urls)
    return Footnote(number, text if text is not None else f"Bron {number}: {' '.join(urls)}", span, cited)


def reference(
    identifier: str = "kst-36410-V-27",
    scheme: ReferenceScheme | None = None,
    label: str | None = None,
    span: Span = AUTO,
    role: Role = Role.CITES,
    article: str | None = None,
) -> Reference:
    return Reference(scheme or scheme_of(identifier), identifier, label or identifier, span, role, article)


def document(
    kind: Kind = Kind.QUESTIONS,
    *,
    source: str = "seeds/doc.txt",
    sha256: str | None = None,
    oral: bool = False,
    title: str | None = None,
    submitted: DateValue | None = None,
    received: DateValue | None = None,
    askers: tuple[Asker, ...] = (),
    addressees: tuple[Post, ...] = (),
    answerers: tuple[Answerer, ...] = (),
    on_behalf_of: tuple[Post, ...] = (),
    questions: tuple[Question, ...] = (),
    answers: tuple[Answer, ...] = (),
    footnotes: tuple[Footnote, ...] = (),
    references: tuple[Reference, ...] = (),
    koop_id: str | None = None,
    in_absence_of: tuple[Post, ...] = (),
) -> Document:
    """A `Document` with AUTO spans laid out; `sha256` defaults to the digest of `source`."""
    layout = _Layout()
    if title is not None:
        layout.skip(title)
    return Document(
        source=source,
        sha256=sha256 or hashlib.sha256(source.encode()).hexdigest(),
        kind=kind,
        oral=oral,
        title=title,
        submitted=layout.place(submitted, "(ingezonden 1 januari 2025)") if submitted else None,
        received=layout.place(received, "(ontvangen 1 januari 2025)") if received else None,
        askers=tuple(layout.place(a, a.name) for a in askers),
        addressees=tuple(layout.place(p, f"de {p.office.value} van {p.portfolio}") for p in addressees),
        in_absence_of=tuple(layout.place(p, f"bij afwezigheid van de {p.office.value}") for p in in_absence_of),
        answerers=tuple(layout.place(a, f"{a.office.value} {a.name or ''} ({a.portfolio})") for a in answerers),
        on_behalf_of=tuple(layout.place(p, f"mede namens de {p.office.value} van {p.portfolio}") for p in on_behalf_of),
        questions=tuple(layout.place(q, f"{q.number}. {q.text}") for q in questions),
        answers=tuple(layout.place(a, f"Antwoord {', '.join(a.questions)}: {a.text}") for a in answers),
        footnotes=tuple(layout.place(f, f"{f.number}) {f.text}") for f in footnotes),
        references=tuple(layout.place(r, r.label) for r in references),
        koop_id=koop_id,
        text_length=layout.cursor,  # evaluated last: the text ends after the last record laid out
    )


def question_set(**overrides: Any) -> Document:
    """A written question set like seed 002: three CDA askers, two addressees, seven questions, a footnote."""
    fields: dict[str, Any] = dict(
        source="seeds/002_306e882e6c2994f3.txt",
        title="het bericht ‘Wake-up call: Microsoft sluit e-mail ICC zonder pardon af’",
        submitted=date("2025-05-22"),
        askers=(asker("Bontenbal"), asker("Krul"), asker("Boswijk")),
        addressees=(
            post(Office.MINISTER, "Buitenlandse Zaken"),
            post(Office.STAATSSECRETARIS, "Binnenlandse Zaken en Koninkrijksrelaties"),
        ),
        questions=tuple(question(str(n)) for n in range(1, 8)),
        footnotes=(footnote("1", urls=("https://www.binnenlandsbestuur.nl/digitaal/wake-up-call",)),),
        references=(reference("2025Z10261"),),
    )
    fields.update(overrides)
    return document(Kind.QUESTIONS, **fields)


def answer_document(**overrides: Any) -> Document:
    """An answer document like seed 000: no askers, one named answerer, 'mede namens', nine answered questions."""
    fields: dict[str, Any] = dict(
        source="seeds/000_87f1ffdd0d299fdc.txt",
        received=date("2025-09-22"),
        answerers=(answerer(Office.MINISTER, "Karremans", "Economische Zaken"),),
        on_behalf_of=(post(Office.MINISTER, "Buitenlandse Zaken"),),
        questions=tuple(question(str(n)) for n in range(1, 10)),
        answers=tuple(answer(str(n)) for n in range(1, 10)),
        footnotes=(
            footnote("1", urls=("https://www.theguardian.com/world/2025/aug/06/microsoft-israeli-military",)),
            footnote("2", text="Kamerstukken II, 2023/24, 36 410 V, nr. 27.", urls=()),
        ),
        references=(reference("ah-tk-20242025-2917"), reference("kst-36410-V-27")),
    )
    fields.update(overrides)
    return document(Kind.ANSWER, **fields)


def rich_document() -> Document:
    """An answer document with every field filled, including the unusual cases: an asker without party, an
    answerer without name, question '1a', an answer to several questions, a scheme-less footnote URL, a
    footnote without URL, and references of all four schemes (one cited twice)."""
    return document(
        Kind.ANSWER,
        source="/tmp/Kamervragen/ah-tk-20242025-2917.docx",
        koop_id="ah-tk-20242025-2917",
        title="Microsoft-datacenters en Unit 8200",
        submitted=date("2025-08-20"),
        received=date("2025-09-22"),
        askers=(asker("Dobbe", "SP"), asker("Piri", "GroenLinks-PvdA"), asker("Teunissen", None)),
        addressees=(post(Office.MINISTER, "Economische Zaken"), post(Office.MINISTER_PRESIDENT, "Algemene Zaken")),
        answerers=(
            answerer(Office.MINISTER, "Karremans", "Economische Zaken"),
            answerer(Office.STAATSSECRETARIS, None, "Justitie en Veiligheid"),
        ),
        on_behalf_of=(post(Office.MINISTER, "Buitenlandse Zaken"),),
        questions=(question("1"), question("1a"), question("2"), question("3")),
        answers=(answer("1", "1a"), answer("2", text="Nee."), answer("3", text="Zie antwoord op vraag 2.")),
        footnotes=(
            footnote("1", urls=("https://www.theguardian.com/world/2025/aug/06/a b", "nos.nl/artikel/2")),
            footnote("2", text="Kamerstukken II, 2023/24, 36 410 V, nr. 27.", urls=()),
        ),
        references=(
            reference("kst-36410-V-27"),
            reference("kst-21501-02-2733", role=Role.ANSWERED_IN),
            reference("ah-tk-20242025-2917", role=Role.SEE_ALSO),
            reference("2025Z10261", role=Role.FOLLOWS_UP),
            reference("BWBR0001840"),
            reference("BWBR0001840", label="Grondwet", article="68"),
            reference("32022R2065"),
            reference("kst-36410-V-27", label="36 410 V, nr. 27"),
        ),
    )


def documents() -> st.SearchStrategy[Document]:
    """Hypothesis strategy: documents with arbitrary field values (any text, any identifier, random spans),
    for properties that must hold whatever an extractor produces."""
    characters = st.characters(exclude_categories=["Cs"])  # no lone surrogates: text comes from decoded files
    texts = st.text(characters, max_size=30)
    names = st.text(characters, min_size=1, max_size=20)
    spans = st.builds(lambda start, length: Span(start, start + length), st.integers(0, 10_000), st.integers(0, 500))
    offices = st.sampled_from(list(Office))
    dates = st.builds(DateValue, st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)), spans)
    identifiers = st.one_of(
        st.from_regex(r"\Akst-[0-9]{5}(-[A-Z0-9]{1,4})?-[0-9]{1,4}\Z"),
        st.from_regex(r"\Aah-tk-20[0-9]{6}-[0-9]{1,4}\Z"),
        st.from_regex(r"\A20[0-9]{2}Z[0-9]{5}\Z"),
        st.from_regex(r"\ABWB[RV][0-9]{7}\Z"),
        st.from_regex(r"\A3[0-9]{4}[RL][0-9]{4}\Z"),
        names,  # anything: an extractor bug must not crash what comes after it
    )

    def tuples(elements: st.SearchStrategy[_T], max_size: int) -> st.SearchStrategy[tuple[_T, ...]]:
        return st.lists(elements, max_size=max_size).map(tuple)

    return st.builds(
        document,
        kind=st.sampled_from(list(Kind)),
        source=names,
        sha256=st.text("0123456789abcdef", min_size=64, max_size=64),
        oral=st.booleans(),
        title=st.none() | texts,
        submitted=st.none() | dates,
        received=st.none() | dates,
        askers=tuples(st.builds(asker, names, st.none() | names, spans), 3),
        addressees=tuples(st.builds(post, offices, names, spans), 2),
        answerers=tuples(st.builds(answerer, offices, st.none() | names, names, spans), 2),
        on_behalf_of=tuples(st.builds(post, offices, names), 2),
        questions=tuples(st.builds(question, names, texts), 4),
        answers=tuples(st.builds(answer, names, names, text=texts), 3),
        footnotes=tuples(st.builds(footnote, names, texts, tuples(texts, 2)), 2),
        references=tuples(st.builds(reference, identifiers, st.sampled_from(list(ReferenceScheme))), 4),
        koop_id=st.none() | names | st.from_regex(r"\Akv-tk-20[0-9]{2}Z[0-9]{5}\Z"),
    )


_T = TypeVar("_T")
_Spanned = TypeVar("_Spanned", DateValue, Asker, Post, Answerer, Question, Answer, Footnote, Reference)


class _Layout:
    """Hands out consecutive spans, one character apart, as if the records were printed in this order."""

    def __init__(self) -> None:
        self.cursor = 0

    def skip(self, printed: str) -> None:
        self.cursor += len(printed) + 1

    def place(self, record: _Spanned, printed: str) -> _Spanned:
        if record.span != AUTO:
            return record
        span = Span(self.cursor, self.cursor + len(printed))
        self.skip(printed)
        return replace(record, span=span)


def rich_links(doc: Document, minter: Minter | None = None) -> LinkedDocument:
    """`rich_document()` as the real linking stage links it, against a tiny case index: its case (2025Z10262,
    matched by subject, askers and date), people (Teunissen, whom the case does not name, left unresolved),
    parties, ministries and cited sources with publishers."""
    mint = minter or Minter()
    case = Case(
        "0f6a6a1e-8a43-4a4f-9f3e-0c2b5c1d2e3f", "2025Z10262", "Microsoft-datacenters en Unit 8200", dt.date(2025, 8, 20),
        (("Sarah Dobbe", "S.E.M."), ("Kati Piri", "K.P.")), (("V.P.G. Karremans", ""),),
    )
    index = CaseIndex([case], coverage=(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    return Linker(mint, index, People([case], mint, tk_ids={})).link(doc)
