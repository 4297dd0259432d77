"""Matching a document to its Tweede Kamer case (Zaak) of written questions.

Most documents do not print their zaak number, so a document is matched to the Zaak records of the Tweede Kamer
(kgraph/data/tk_zaken.csv.gz, built by `kgraph.link.build_case_index`) by these rules, in order:

1. ``printed-zaak`` (confidence 1.0): the document prints its own number, as its officielebekendmakingen id
   (``kv-tk-2024Z18435``) or at the very top, before the header ("AH 608 / 2024Z14419 / Antwoord van …", "In
   antwoord op uw brief van 5 juli 2024, nr. 2024Z11859, …"). A number further down, in a "Toelichting" or a
   footnote, is another question set's. When the own number is printed but not in the index, there is no link:
   any other case would be wrong.
2. ``printed-zaak+askers`` (0.9): a letter without any date that cites a zaak number whose askers are the
   document's askers (ministry letters: "In antwoord op uw brief …, nr. 2023Z19677" further down the page).
3. ``subject+askers+date`` / ``subject+askers+received`` (the score, 0.70 .. 0.99): candidates are the cases
   with at least one of the document's askers, started within a few days of "(ingezonden …)" or in the months
   before "(ontvangen …)"; each is scored by subject, askers, date and (for answers) the answering minister, and
   the best is linked only when it is good enough and clearly better than the runner-up. Oral questions and
   dates outside the index's coverage get no link: their own case cannot be in the index.

A wrong link is worse than none: every rule abstains when in doubt. The thresholds below were set on the
development corpus (tests/test_link_cases.py) and on a leave-one-out run over the whole index
(benchmarks/bench_link_cases.py).
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import functools
import gzip
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kgraph import identifiers
from kgraph.errors import ReadError
from kgraph.fold import ascii_fold
from kgraph.model import Document, Kind, ReferenceScheme
from kgraph.resources import data_file

SHIPPED = "tk_zaken.csv.gz"
COLUMNS = ("zaak_id", "nummer", "started", "subject", "askers", "addressees")
_REBUILD = "rebuild it with python -m kgraph.link.build_case_index"

# ---------------------------------------------------------------------------------------------------------------
# Data: name particles, identifier forms, subject boilerplate.

# Tussenvoegsels belong to the surname: "Dijk" (SP) is not "Inge van Dijk" (CDA), but "Van Dijk" may be.
PARTICLES = frozenset(
    {"van", "de", "der", "den", "het", "t", "te", "ten", "ter", "in", "op", "aan", "onder", "bij", "uit", "voor",
     "s", "la", "le", "du", "d", "el", "al", "da", "di", "dos", "von", "zu"}
)  # fmt: skip
# Initials before a name: "D.M. van Weel", "Ch. van der Wal-Zeggelink", "IJ. Jansen".
_INITIALS = re.compile(r"^(?:(?:IJ|[A-Z][a-z]?)\.\s*)+")
# PDF text can carry an accent as its own character after the letter: "Yes¸ilgöz", "Gabrie¨ls".
_NON_LETTERS = re.compile(r"[^a-z]+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Subjects open with words that say nothing about the subject: "Het bericht dat …", "Het artikel ‘…’".
_BOILERPLATE = re.compile(
    r"^\s*(?:(?:het|de|een)\s+)?(?:(?:nieuws)?berichten?|artikel(?:en)?|uitzending|reportage)\b"
    r"\s*(?:dat|over|van|in)?\s*",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------------------------
# Thresholds. Calibrated on the development corpus (every linkable document found, no wrong link) and with
# benchmarks/bench_link_cases.py, which makes a question set from each of 4,000 random cases (subject shortened or
# extended at random) and matches it against the full index (found?) and without its own case (any link is then
# wrong: an "orphan"). No threshold gave a wrong link while the own case was present. Found / orphans linked:
# THRESHOLD 0.65: 98.9 % / 0.45 %; 0.70: 97.6 % / 0.33 %; 0.75: 93.8 % / 0.18 %; 0.80: 86.0 % / 0.08 %. Every
# orphan link went to a same-subject set of the same members a few days apart (questions asked again). Within
# the index's coverage a written-question set's own case is present, so 0.70 buys recall at little risk.

# The API's gestartOp is the publication day of 99.4 % of 25,490 kv-tk question sets listed in openkamer/ok-tk-data
# (../shared/data/tk/document_ids), mostly 1 or 3 days off otherwise; the learninglion answers print it as
# "(ingezonden …)" 11 times out of 11; ministry letters cite it as "uw brief van" a day later.
SUBMITTED_WINDOW_DAYS = 4
# Answers arrive weeks to months later; the development corpus has one after 150 days (limburg/027).
RECEIVED_WINDOW_DAYS = 180
# The parts of a candidate's score; they add up to 1. The subject separates sets of the same members best.
SUBJECT_WEIGHT = 0.50
ASKERS_WEIGHT = 0.25
DATE_WEIGHT = 0.15
ADDRESSEES_WEIGHT = 0.10
RECEIVED_DATE_SCORE = 0.5  # a date inside the months before "(ontvangen …)" says little
MIN_SUBJECT = 0.5  # below this the subjects are different topics (same members, same week)
THRESHOLD = 0.70
MARGIN = 0.15  # the best must beat the runner-up by this much
PRINTED_WITH_ASKERS_CONFIDENCE = 0.9
MAX_EVIDENCE_CONFIDENCE = 0.99  # 1.0 is kept for a printed own number: matching evidence is never certain
TOP_OF_DOCUMENT = 300  # characters: an own zaak number stands before the header, within the first lines


# ---------------------------------------------------------------------------------------------------------------
# The typed records.


@dataclass(frozen=True, slots=True)
class Case:
    """One Zaak of Soort 'Schriftelijke vragen'.

    `zaak_id` is the GUID in the Tweede Kamer OData API; `askers` are (name, initials) pairs, the indiener first;
    `addressees` are the names of the ministers the questions were sent to (gericht aan).
    """

    zaak_id: str
    nummer: str
    subject: str
    started: dt.date
    askers: tuple[tuple[str, str], ...] = ()
    addressees: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseMatch:
    """A document's case, how sure the matcher is (0..1), and which rule found it."""

    case: Case
    confidence: float
    rule: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """A case scored against a document by rule 3, with the parts of its score (each 0..1)."""

    case: Case
    score: float
    subject: float
    askers: float
    date: float
    addressees: float


class CaseIndex:
    """Cases sorted by start date, for window look-ups, and by number.

    >>> index = CaseIndex([Case("g", "2024Z00001", "Quantumproof encryptie", dt.date(2024, 1, 16))])
    >>> len(index), index.get("2024Z00001").subject
    (1, 'Quantumproof encryptie')
    >>> [c.nummer for c in index.between(dt.date(2024, 1, 1), dt.date(2024, 1, 31))]
    ['2024Z00001']
    """

    def __init__(
        self, cases: Iterable[Case], source: str = "", coverage: tuple[dt.date, dt.date] | None = None
    ) -> None:
        ordered = sorted(cases, key=lambda case: (case.started, case.nummer))
        self._rows: list[Case | list[str]] = list(ordered)
        self._days = [case.started.toordinal() for case in ordered]
        self._positions = {case.nummer: position for position, case in enumerate(ordered)}
        self.source = source
        self.coverage = coverage or self._span()

    @classmethod
    def from_rows(
        cls, rows: Iterable[list[str]], source: str = "", coverage: tuple[dt.date, dt.date] | None = None
    ) -> CaseIndex:
        """An index over rows of the shipped file (zaak_id, nummer, started, subject, askers, addressees), sorted
        by start date. Each row becomes a `Case` only when asked for, which keeps `load` fast."""
        table = list(rows)
        try:
            days = [dt.date.fromisoformat(row[2]).toordinal() for row in table]
        except (IndexError, ValueError) as err:
            raise ValueError(f"case index rows need an ISO start date in the third column: {err}") from None
        if any(earlier > later for earlier, later in zip(days, days[1:])):
            raise ValueError(f"case index rows must be sorted by start date; {_REBUILD}")
        index = cls.__new__(cls)
        index._positions = {row[1]: position for position, row in enumerate(table)}
        index._rows = list[Case | list[str]](table)
        index._days = days
        index.source = source
        index.coverage = coverage or index._span()
        return index

    @classmethod
    def load(cls, path: Path | str | None = None) -> CaseIndex:
        """The index in `path`, by default the one shipped with kgraph. Loaded once per path and process."""
        return _load(Path(path) if path is not None else data_file(SHIPPED))

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, nummer: str) -> Case | None:
        position = self._positions.get(nummer)
        return None if position is None else self._case(position)

    def between(self, first: dt.date, last: dt.date) -> list[Case]:
        """Cases started on `first` .. `last`, both included, oldest first."""
        low = bisect.bisect_left(self._days, first.toordinal())
        high = bisect.bisect_right(self._days, last.toordinal())
        return [self._case(position) for position in range(low, high)]

    def covers(self, first: dt.date, last: dt.date) -> bool:
        """Whether the index holds every case started in `first` .. `last` (as far as its source does): outside
        its coverage a document's own case may be missing while a look-alike is there, so rule 3 abstains."""
        return self.coverage[0] <= first and last <= self.coverage[1]

    def _span(self) -> tuple[dt.date, dt.date]:
        if not self._days:
            return dt.date.max, dt.date.min  # covers nothing
        return dt.date.fromordinal(self._days[0]), dt.date.fromordinal(self._days[-1])

    def _case(self, position: int) -> Case:
        row = self._rows[position]
        if isinstance(row, Case):
            return row
        zaak_id, nummer, started, subject, askers, addressees = row
        case = Case(zaak_id, nummer, subject, dt.date.fromisoformat(started), _persons(askers), _names(addressees))
        self._rows[position] = case
        return case


@functools.cache
def _load(path: Path) -> CaseIndex:
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            lines = handle.read().split("\n")
    except OSError as err:
        raise ReadError(str(path), f"cannot read the case index: {err}") from None
    body = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    header = {key: value for key, _, value in (line[2:].partition(": ") for line in lines[:body])}
    source = header.get("Source", "")
    try:
        first, last = (dt.date.fromisoformat(day) for day in header["Coverage"].split())
    except (KeyError, ValueError):
        raise ValueError(f"{path}: no '# Coverage: <first> <last>' line; {_REBUILD}") from None
    reader = csv.reader(line for line in lines[body:] if line)
    columns = next(reader, None)
    if columns != list(COLUMNS):
        raise ValueError(f"{path}: header {columns}, expected {list(COLUMNS)}; {_REBUILD}")
    rows = list(reader)
    if any(len(row) != len(COLUMNS) for row in rows):
        raise ValueError(f"{path}: every row needs {len(COLUMNS)} fields; {_REBUILD}")
    return CaseIndex.from_rows(rows, source, (first, last))


def _persons(field: str) -> tuple[tuple[str, str], ...]:
    """'Songül Mutluer (S.)|J. Wuite' -> (('Songül Mutluer', 'S.'), ('J. Wuite', ''))."""
    pairs = []
    for value in field.split("|"):
        if value:
            name, _, initials = value.partition(" (")
            pairs.append((name, initials.rstrip(")")))
    return tuple(pairs)


def _names(field: str) -> tuple[str, ...]:
    """'Eddy van Hijum (Y.J.)|D.M. van Weel' -> ('Eddy van Hijum', 'D.M. van Weel')."""
    return tuple(value.partition(" (")[0] for value in field.split("|") if value)


# ---------------------------------------------------------------------------------------------------------------
# Matching.


def match_case(doc: Document, index: CaseIndex) -> CaseMatch | None:
    """The document's case, or None when it is not in the index or the evidence is ambiguous.

    >>> from kgraph.model import Asker, DateValue, Span
    >>> index = CaseIndex([
    ...     Case("a", "2024Z00327", "Quantumproof encryptie", dt.date(2024, 1, 16), (("Joost Sneller", "J.C."),)),
    ...     Case("b", "2024Z00328", "Het bericht over stikstof", dt.date(2024, 1, 16), (("Joost Sneller", "J.C."),)),
    ... ])
    >>> doc = Document(source="x", sha256="0", kind=Kind.ANSWER, title="quantumproof encryptie",
    ...                askers=(Asker("Sneller", "D66", Span(0, 7)),),
    ...                submitted=DateValue(dt.date(2024, 1, 16), Span(0, 1)))
    >>> match = match_case(doc, index)
    >>> match.case.nummer, match.rule
    ('2024Z00327', 'subject+askers+date')
    """
    own = own_zaak_number(doc)
    if own is not None:
        case = index.get(own)
        return CaseMatch(case, 1.0, "printed-zaak") if case else None
    if doc.oral:
        return None  # oral questions are Zaken of another Soort ('Mondelinge vragen'), not in this index
    if doc.submitted is None and doc.received is None:
        return _printed_with_askers(doc, index)
    # Outside the index's dates the document's own case may be missing while a look-alike is present.
    if doc.submitted is not None:
        covered = index.covers(doc.submitted.value, doc.submitted.value)  # the case starts that day (99.4 %)
    else:
        covered = index.covers(*_window(doc))  # the case starts somewhere in the months before
    if not covered:
        return None
    best = decide(rank_cases(doc, index))
    if best is None:
        return None
    rule = "subject+askers+date" if doc.submitted else "subject+askers+received"
    return CaseMatch(best.case, round(min(best.score, MAX_EVIDENCE_CONFIDENCE), 3), rule)


def decide(ranked: Sequence[Candidate]) -> Candidate | None:
    """Rule 3's choice from ranked candidates: the best, when its subject matches, its score passes the threshold
    and it beats the runner-up by the margin; otherwise nothing."""
    if not ranked:
        return None
    best = ranked[0]
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    if best.subject < MIN_SUBJECT or best.score < THRESHOLD or best.score - runner_up < MARGIN:
        return None
    return best


def own_zaak_number(doc: Document) -> str | None:
    """The zaak number the document prints as its own: from a kv-tk id, or one standing before the header.

    >>> from kgraph.model import Reference, Span
    >>> own_zaak_number(Document(source="x", sha256="0", kind=Kind.QUESTIONS, koop_id="kv-tk-2024Z18435"))
    '2024Z18435'
    >>> top = Reference(ReferenceScheme.ZAAK, "2024Z14419", "2024Z14419", Span(8, 18))
    >>> own_zaak_number(Document(source="x", sha256="0", kind=Kind.ANSWER, references=(top,)))
    '2024Z14419'
    """
    koop = identifiers.parse_kamervragen(doc.koop_id or "")
    if koop is not None and koop.zaak is not None and koop.chamber == "tk":
        return koop.zaak.id
    header = min(_header_starts(doc), default=TOP_OF_DOCUMENT)
    first = min(doc.references_of(ReferenceScheme.ZAAK), key=lambda r: r.span.start, default=None)
    if first is not None and first.span.start < min(header, TOP_OF_DOCUMENT):
        return first.identifier
    return None


def _header_starts(doc: Document) -> Iterable[int]:
    """Where the document's header and body begin; a zaak number before all of them is the document's own."""
    yield from (asker.span.start for asker in doc.askers)
    yield from (post.span.start for post in (*doc.addressees, *doc.on_behalf_of))
    yield from (answerer.span.start for answerer in doc.answerers)
    yield from (question.span.start for question in doc.questions)
    yield from (answer.span.start for answer in doc.answers)
    for date in (doc.submitted, doc.received):
        if date is not None:
            yield date.span.start


def _printed_with_askers(doc: Document, index: CaseIndex) -> CaseMatch | None:
    """Rule 2: a dateless answer letter citing a zaak number whose askers are exactly the document's askers."""
    if doc.kind is Kind.QUESTIONS or not doc.askers:
        return None  # a question set cites other sets' numbers only
    found = []
    for nummer in dict.fromkeys(r.identifier for r in doc.references_of(ReferenceScheme.ZAAK)):
        case = index.get(nummer)
        if case is None or _matched_askers(doc, case) < len(doc.askers):
            continue
        if doc.title and subject_similarity(doc.title, case.subject) < MIN_SUBJECT:
            continue
        found.append(case)
    return CaseMatch(found[0], PRINTED_WITH_ASKERS_CONFIDENCE, "printed-zaak+askers") if len(found) == 1 else None


def rank_cases(doc: Document, index: CaseIndex) -> list[Candidate]:
    """Rule 3's candidates for a dated document, best first: cases sharing an asker, inside the date window."""
    if not doc.askers or (doc.submitted is None and doc.received is None):
        return []
    ranked = []
    for case in index.between(*_window(doc)):
        matched = _matched_askers(doc, case)
        if not matched:
            continue
        subject = subject_similarity(doc.title, case.subject) if doc.title else 0.0
        askers = 2 * matched / (len(doc.askers) + len(case.askers))
        if doc.submitted is not None:
            date = 1 - abs((case.started - doc.submitted.value).days) / (SUBMITTED_WINDOW_DAYS + 1)
        else:
            date = RECEIVED_DATE_SCORE
        addressees = 1.0 if _answerer_addressed(doc, case) else 0.0
        score = SUBJECT_WEIGHT * subject + ASKERS_WEIGHT * askers + DATE_WEIGHT * date + ADDRESSEES_WEIGHT * addressees
        ranked.append(Candidate(case, score, subject, askers, date, addressees))
    ranked.sort(key=lambda c: (-c.score, c.case.started, c.case.nummer))
    return ranked


def _window(doc: Document) -> tuple[dt.date, dt.date]:
    """The start dates a dated document's case can have: around "(ingezonden …)", else before "(ontvangen …)"."""
    if doc.submitted is not None:
        days = dt.timedelta(SUBMITTED_WINDOW_DAYS)
        return doc.submitted.value - days, doc.submitted.value + days
    if doc.received is not None:
        return doc.received.value - dt.timedelta(RECEIVED_WINDOW_DAYS), doc.received.value
    raise ValueError(f"{doc.source}: no submitted or received date to look around")


def _matched_askers(doc: Document, case: Case) -> int:
    """How many of the case's askers the document names."""
    return sum(1 for name, _ in case.askers if any(same_person(asker.name, name) for asker in doc.askers))


def _answerer_addressed(doc: Document, case: Case) -> bool:
    """Whether an answering minister named in the document is one the questions were sent to. Only a bonus: after
    a cabinet change the successor answers (learninglion/1cf0c343: sent to Jetten, answered by Hermans)."""
    names = [answerer.name for answerer in doc.answerers if answerer.name]
    return any(same_person(name, addressee) for name in names for addressee in case.addressees)


# ---------------------------------------------------------------------------------------------------------------
# Comparing names and subjects.


@functools.lru_cache(maxsize=8192)
def name_tokens(name: str) -> tuple[str, ...]:
    """A name as lower-case ASCII words, initials dropped.

    >>> name_tokens("D.M. van Weel"), name_tokens("Faber – Van de Klashorst"), name_tokens("Yes¸ilgöz-Zegerius")
    (('van', 'weel'), ('faber', 'van', 'de', 'klashorst'), ('yesilgoz', 'zegerius'))
    """
    return tuple(word for word in _NON_LETTERS.split(_fold(_INITIALS.sub("", name.strip())).lower()) if word)


def same_person(printed: str, full: str) -> bool:
    """Whether a name as a document prints it ("Van Nispen", glued "DaniëlleJansen") is the full name `full`
    ("Michiel van Nispen"): the printed words, spaces ignored, must be the full name's last words, and those must
    be the whole surname: "Dijk" is not "Inge van Dijk".

    >>> same_person("Van Nispen", "Michiel van Nispen"), same_person("DaniëlleJansen", "Daniëlle Jansen")
    (True, True)
    >>> same_person("Dijk", "Inge van Dijk"), same_person("Dijk", "Jimmy Dijk"), same_person("Van Dijk", "Jimmy Dijk")
    (False, True, False)
    >>> same_person("Faber – Van de Klashorst", "Marjolein Faber-van de Klashorst")
    True
    """
    wanted = "".join(name_tokens(printed))
    words = name_tokens(full)
    if not wanted:
        return False
    for start in range(len(words)):
        if "".join(words[start:]) == wanted:
            return start == 0 or words[start - 1] not in PARTICLES
    return False


def subject_similarity(title: str, subject: str) -> float:
    """How alike two subjects are, 0..1: character trigrams of the text without spaces and punctuation (so glued
    words and quote styles do not matter), the mean of the Dice coefficient and the overlap coefficient (so a
    subject printed with extra words, a shortened subject or a source in brackets still scores high).

    >>> subject_similarity("het bericht «Woo leidt tot intimidatie»", "Het bericht ‘Woo leidt tot intimidatie’")
    1.0
    >>> round(subject_similarity("quantumproof encryptie", "De stikstofuitstoot van Schiphol"), 2)
    0.0
    """
    a, b = _trigrams(title), _trigrams(subject)
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return (2 * shared / (len(a) + len(b)) + shared / min(len(a), len(b))) / 2


@functools.lru_cache(maxsize=16384)
def _trigrams(text: str) -> frozenset[str]:
    core = _NON_ALNUM.sub("", _fold(_BOILERPLATE.sub("", text, count=1)).lower())
    if len(core) < 3:
        return frozenset({core}) if core else frozenset()
    return frozenset(core[i : i + 3] for i in range(len(core) - 2))


_fold = ascii_fold
