"""The typed record between text and triples.

Readers turn files into `SourceText`; the extractor turns `SourceText` into a `Document`; `rdf.py` turns a
`Document` into triples and `record.py` into the public JSON record. Every extracted value carries the `Span`
of the text it came from, as character offsets into `SourceText.text`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character range [start, end) into the text the extractor read."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")


@dataclass(frozen=True, slots=True)
class NoteRegion:
    """Where a footnote's own text lies in `SourceText.text`, for formats that store notes apart (DOCX, XML)."""

    number: str
    span: Span


@dataclass(frozen=True, slots=True)
class LinkRegion:
    """A stretch of `SourceText.text` that the source links to a target: a publication by its id (KOOP XML's
    `<extref soort="document" doc="kst-31066-119">`) or a web page (a DOCX `w:hyperlink`, a PDF link annotation,
    whose target is the URL, also where the text does not print it): the target is exact even where the printed
    text is not. A reader that cannot place the anchor text exactly gives the span of the note that holds it."""

    target: str
    span: Span


@dataclass(frozen=True, slots=True)
class SourceText:
    """A file turned into text, plus the layout hints the extractor needs.

    `path` is the path as the user gave it; `sha256` is of the file's bytes, so identical input gives identical
    identifiers wherever the file lives.
    """

    path: str
    text: str
    format: str
    sha256: str
    notes: tuple[NoteRegion, ...] = ()
    links: tuple[LinkRegion, ...] = ()


class Kind(str, Enum):
    QUESTIONS = "questions"
    ANSWER = "answer"
    POSTPONEMENT = "postponement"
    OTHER = "other"


class Office(str, Enum):
    MINISTER = "minister"
    STAATSSECRETARIS = "staatssecretaris"
    MINISTER_PRESIDENT = "minister-president"


class ReferenceScheme(str, Enum):
    """Kinds of identifiers a document can cite; the values are the keys of the JSON record's `references`."""

    KAMERSTUK = "kamerstukken"  # kst-<dossier>[-<sub>]-<nr>
    AANHANGSEL = "aanhangsel"  # ah-tk-<vergaderjaar>-<nr>
    ZAAK = "zaken"  # 2025Z10261
    STATUTE = "statutes"  # BWB id or CELEX number


@dataclass(frozen=True, slots=True)
class DateValue:
    value: dt.date
    span: Span


@dataclass(frozen=True, slots=True)
class Asker:
    """A member who signed the questions: name as printed (without party) and party as printed."""

    name: str
    party: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class Post:
    """An office held in a portfolio: 'de minister van Buitenlandse Zaken'. Addressees and 'mede namens'."""

    office: Office
    portfolio: str
    span: Span
    sub_portfolio: str | None = None  # as printed: "Financiën – Toeslagen en Douane" -> "Toeslagen en Douane"
    name: str | None = None  # the holder, when printed ("mede namens de Staatssecretaris Van Huffelen (…)")


@dataclass(frozen=True, slots=True)
class Answerer:
    """Who answered: office, portfolio and, when printed, the holder's name ('minister Karremans')."""

    office: Office
    name: str | None
    portfolio: str
    span: Span
    sub_portfolio: str | None = None


@dataclass(frozen=True, slots=True)
class Question:
    number: str  # "1", "1a"
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Answer:
    questions: tuple[str, ...]  # numbers of the questions it answers, in order
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class CitedUrl:
    """A web address a footnote cites.

    `printed` is the URL as the note prints it (rejoined where a line break cut it, sentence punctuation after it
    dropped, the scheme as printed or none), None when only a hyperlink behind the note's text carries it. `iri`
    is the absolute IRI of the page (`kgraph.mint.web_iri`): the printed URL, or the link target, with
    `https://` put in front when the document gave no scheme; then `scheme_added` is true.
    """

    printed: str | None
    iri: str
    scheme_added: bool = False


@dataclass(frozen=True, slots=True)
class Footnote:
    number: str
    text: str
    span: Span
    cited_urls: tuple[CitedUrl, ...] = ()

    @property
    def urls(self) -> tuple[str, ...]:
        """The URLs as printed, in order; a page that only a hyperlink behind the note's text names, by its target
        (the note cites it as much as a printed address)."""
        return tuple(url.printed if url.printed is not None else url.iri for url in self.cited_urls)


class Role(str, Enum):
    """Why a document prints a reference."""

    CITES = "cites"  # cited in the text or a note
    SEE_ALSO = "see-also"  # "Zie ook Aanhangsel Handelingen …": an earlier publication on the same questions
    FOLLOWS_UP = "follows-up"  # "Toelichting … (vraagnummer 2025Z10261)": earlier questions these add to
    ANSWERED_IN = "answered-in"  # "zijn beantwoord bij brief van … (Kamerstuk 31 066, nr. 1450)"


@dataclass(frozen=True, slots=True)
class Reference:
    """An identifier the document cites. `identifier` is normalised, in the grammars of `kgraph.identifiers`:
    kst-36410-V-27, ah-tk-20242025-2917, 2025Z10261, BWBR0001840 or a CELEX number; `label` is the text as
    printed."""

    scheme: ReferenceScheme
    identifier: str
    label: str
    span: Span
    role: Role = Role.CITES
    article: str | None = None  # for statutes: the article printed with it ("artikel 68 Grondwet" -> "68")


@dataclass(frozen=True, slots=True)
class Document:
    """Everything kgraph extracts from one document."""

    source: str
    sha256: str
    kind: Kind
    oral: bool = False
    title: str | None = None  # the subject after 'over ...', when printed
    submitted: DateValue | None = None  # '(ingezonden ...)'
    received: DateValue | None = None  # '(ontvangen ...)'
    askers: tuple[Asker, ...] = ()
    addressees: tuple[Post, ...] = ()
    answerers: tuple[Answerer, ...] = ()
    on_behalf_of: tuple[Post, ...] = ()
    in_absence_of: tuple[Post, ...] = ()  # "aan de Staatssecretaris …, bij afwezigheid van de Minister": the absent post
    questions: tuple[Question, ...] = ()
    answers: tuple[Answer, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    references: tuple[Reference, ...] = ()
    koop_id: str | None = None  # the document's own officielebekendmakingen id (kv-tk-..., ah-tk-...)
    warnings: tuple[str, ...] = field(default=())
    text_length: int | None = None  # characters in `SourceText.text`: every span lies within [0, text_length]

    def references_of(self, scheme: ReferenceScheme) -> tuple[Reference, ...]:
        return tuple(r for r in self.references if r.scheme is scheme)
