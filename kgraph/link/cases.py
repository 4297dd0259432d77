"""Matching a document to its Tweede Kamer case (Zaak) of written questions.

Most documents do not print their zaak number, so a document is matched to the Zaak records of the Tweede Kamer
(kgraph/data/tk_zaken.csv.gz, built by `kgraph.link.build_case_index`) by these rules, in order:

1. ``printed-zaak`` (confidence 1.0): the document prints its own number, as its officielebekendmakingen id
   (``kv-tk-2024Z18435``) or at the very top, before the header ("AH 608 / 2024Z14419 / Antwoord van …", "In
   antwoord op uw brief van 5 juli 2024, nr. 2024Z11859, …"). A number further down, in a "Toelichting" or a
   footnote, is another question set's. A printed own number is the case whether or not the index holds it (an
   oral question set's, a case after the index ends); the index only adds its subject and date.
2. ``aanhangsel record`` (up to 0.9): a 2024-2025 answer or notice whose Aanhangsel id the Tweede Kamer's
   Document records know (kgraph/data/tk_aanhangsel.csv.gz): the case whose subject is the record's, started in
   the months before it; ``see-also aanhangsel record``, the same through the earlier notice the document says to
   see ("Zie ook Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 2917": the postponement of its questions).
3. ``printed-zaak+askers`` (0.9): a letter without any date that cites a zaak number whose askers are the
   document's askers (ministry letters: "In antwoord op uw brief …, nr. 2023Z19677" further down the page).
4. ``subject+askers+date`` / ``subject+askers+received`` (the score, 0.70 .. 0.99): candidates are the cases
   with at least one of the document's askers, started within a few days of "(ingezonden …)" or in the months
   before "(ontvangen …)"; each is scored by subject, askers, date and (for answers) the answering minister, and
   the best is linked only when it is good enough and clearly better than the runner-up. Oral questions and
   dates outside the index's coverage get no link: their own case cannot be in the index.
5. ``subject+date`` / ``subject+received`` (up to 0.9): after the actor data ends (October 2024) the index's
   cases name no askers; a nearly identical subject in the date window, far ahead of any other, links.

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
from kgraph.model import Document, Kind, ReferenceScheme, Role
from kgraph.resources import data_file

SHIPPED = "tk_zaken.csv.gz"
SHIPPED_AANHANGSEL = "tk_aanhangsel.csv.gz"
COLUMNS = ("zaak_id", "nummer", "started", "subject", "askers", "addressees", "kind")
AANHANGSEL_COLUMNS = ("aanhangsel", "document", "kind", "date", "subject")
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
PRINTED_RULE = "printed-zaak"
AANHANGSEL_RULE = "aanhangsel record"
SEE_ALSO_RULE = "see-also aanhangsel record"
# Cases after the actor data's end (kgraph/data/tk_zaken.csv.gz, "# Actors:") name no askers: only a nearly
# identical subject, clear of every other in the window, links them, and never as surely as with the askers.
MIN_SUBJECT_ALONE = 0.85
SUBJECT_ONLY_WEIGHT = 0.8
SUBJECT_ONLY_CONFIDENCE = 0.9
TOP_OF_DOCUMENT = 300  # characters: an own zaak number stands before the header, within the first lines


# ---------------------------------------------------------------------------------------------------------------
# The typed records.


@dataclass(frozen=True, slots=True)
class Case:
    """One Zaak of Soort 'Schriftelijke vragen' (or 'Mondelinge vragen': `oral`).

    `zaak_id` is the GUID in the Tweede Kamer OData API; `askers` are (name, initials) pairs, the indiener first;
    `addressees` the (name, initials) pairs of the ministers the questions were sent to (gericht aan). Cases the
    actor data does not reach (after October 2024) have neither.
    """

    zaak_id: str
    nummer: str
    subject: str
    started: dt.date
    askers: tuple[tuple[str, str], ...] = ()
    addressees: tuple[tuple[str, str], ...] = ()
    oral: bool = False

    @property
    def has_actors(self) -> bool:
        return bool(self.askers or self.addressees)


@dataclass(frozen=True, slots=True)
class CaseMatch:
    """A document's case, how sure the matcher is (0..1), and which rule found it.

    `case` is the index's record of it; None for a number the document prints as its own that the index does not
    hold (a printed number is the case whether or not the index knows it)."""

    nummer: str
    case: Case | None
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
        self,
        cases: Iterable[Case],
        source: str = "",
        coverage: tuple[dt.date, dt.date] | None = None,
        actors_until: dt.date | None = None,
    ) -> None:
        ordered = sorted(cases, key=lambda case: (case.started, case.nummer))
        self._rows: list[Case | list[str]] = list(ordered)
        self._days = [case.started.toordinal() for case in ordered]
        self._positions = {case.nummer: position for position, case in enumerate(ordered)}
        self.source = source
        self.coverage = coverage or self._span()
        self.actors_until = actors_until or max((c.started for c in ordered if c.has_actors), default=dt.date.min)

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[list[str]],
        source: str = "",
        coverage: tuple[dt.date, dt.date] | None = None,
        actors_until: dt.date | None = None,
    ) -> CaseIndex:
        """An index over rows of the shipped file (zaak_id, nummer, started, subject, askers, addressees, kind),
        sorted by start date. Each row becomes a `Case` only when asked for, which keeps `load` fast."""
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
        with_actors = [day for day, row in zip(days, table) if len(row) > 5 and (row[4] or row[5])]
        index.actors_until = actors_until or (dt.date.fromordinal(max(with_actors)) if with_actors else dt.date.min)
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

    def between(self, first: dt.date, last: dt.date, *, oral: bool | None = False) -> list[Case]:
        """Cases started on `first` .. `last`, both included, oldest first: written ones (the default), oral
        ones (`oral=True`) or both (`oral=None`)."""
        low = bisect.bisect_left(self._days, first.toordinal())
        high = bisect.bisect_right(self._days, last.toordinal())
        cases = (self._case(position) for position in range(low, high))
        return [case for case in cases if oral is None or case.oral is oral]

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
        zaak_id, nummer, started, subject, askers, addressees, *kind = row
        case = Case(zaak_id, nummer, subject, dt.date.fromisoformat(started), _persons(askers), _persons(addressees),
                    oral=kind == ["oral"])
        self._rows[position] = case
        return case


def _header_lines(lines: list[str]) -> tuple[dict[str, str], list[str], int]:
    """The '# Key: value' lines at the top of a shipped file (a repeated key's values joined by a space), every
    'Source' line, and where the CSV starts."""
    body = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    header: dict[str, str] = {}
    sources = []
    for line in lines[:body]:
        key, _, value = line[2:].partition(": ")
        if key == "Source":
            sources.append(value)
        header.setdefault(key, value)
    return header, sources, body


def _read_lines(path: Path, what: str) -> list[str]:
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            return handle.read().split("\n")
    except OSError as err:
        raise ReadError(str(path), f"cannot read the {what}: {err}") from None


@functools.cache
def _load(path: Path) -> CaseIndex:
    lines = _read_lines(path, "case index")
    header, sources, body = _header_lines(lines)
    try:
        first, last = (dt.date.fromisoformat(day) for day in header["Coverage"].split())
    except (KeyError, ValueError):
        raise ValueError(f"{path}: no '# Coverage: <first> <last>' line; {_REBUILD}") from None
    actors = header.get("Actors", "").split()
    actors_until = dt.date.fromisoformat(actors[-1]) if actors else None
    reader = csv.reader(line for line in lines[body:] if line)
    columns = next(reader, None)
    if columns != list(COLUMNS):
        raise ValueError(f"{path}: header {columns}, expected {list(COLUMNS)}; {_REBUILD}")
    rows = list(reader)
    if any(len(row) != len(COLUMNS) for row in rows):
        raise ValueError(f"{path}: every row needs {len(COLUMNS)} fields; {_REBUILD}")
    return CaseIndex.from_rows(rows, " ".join(sources), (first, last), actors_until)


def _persons(field: str) -> tuple[tuple[str, str], ...]:
    """'Songül Mutluer (S.)|J. Wuite' -> (('Songül Mutluer', 'S.'), ('J. Wuite', ''))."""
    pairs = []
    for value in field.split("|"):
        if value:
            name, _, initials = value.partition(" (")
            pairs.append((name, initials.rstrip(")")))
    return tuple(pairs)


@dataclass(frozen=True, slots=True)
class AanhangselRecord:
    """The Tweede Kamer's Document record of an answer or notice published in the Aanhangsel (2024-2025):
    `subject` is its Onderwerp ("Antwoord op vragen van het lid Podt over het bericht …"), `date` its Datum."""

    aanhangsel: str  # ah-tk-20242025-545
    document: str  # 2024D44128
    kind: str  # answer | postponement
    date: dt.date
    subject: str

    @property
    def questions_subject(self) -> str:
        """The subject of the questions: the Onderwerp after "vragen van … over".

        >>> AanhangselRecord("a", "d", "answer", dt.date(2025, 1, 1),
        ...                  "Antwoord op vragen van het lid Podt over het bericht ‘Kinderen in noodopvang’").questions_subject
        'het bericht ‘Kinderen in noodopvang’'
        """
        match = _QUESTIONS_SUBJECT.search(self.subject)
        return match["subject"].strip() if match else self.subject


_QUESTIONS_SUBJECT = re.compile(r"\bvragen\s+van\s+(?:het\s+lid|de\s+leden)\s+.+?\s+(?:over|inzake)\s+(?P<subject>.+)$", re.IGNORECASE)


class AanhangselIndex:
    """Answers and notices by their Aanhangsel id (kgraph/data/tk_aanhangsel.csv.gz)."""

    def __init__(self, records: Iterable[AanhangselRecord], source: str = "") -> None:
        self._records = {record.aanhangsel: record for record in records}
        self.source = source

    @classmethod
    def load(cls, path: Path | str | None = None) -> AanhangselIndex:
        return _load_aanhangsel(Path(path) if path is not None else data_file(SHIPPED_AANHANGSEL))

    def __len__(self) -> int:
        return len(self._records)

    def get(self, aanhangsel: str) -> AanhangselRecord | None:
        return self._records.get(aanhangsel)


@functools.cache
def _load_aanhangsel(path: Path) -> AanhangselIndex:
    lines = _read_lines(path, "Aanhangsel table")
    _, sources, body = _header_lines(lines)
    reader = csv.reader(line for line in lines[body:] if line)
    if next(reader, None) != list(AANHANGSEL_COLUMNS):
        raise ValueError(f"{path}: header is not {list(AANHANGSEL_COLUMNS)}; {_REBUILD}")
    records = [AanhangselRecord(a, d, k, dt.date.fromisoformat(day), s) for a, d, k, day, s in reader]
    return AanhangselIndex(records, " ".join(sources))


# ---------------------------------------------------------------------------------------------------------------
# Matching.


def match_case(doc: Document, index: CaseIndex, aanhangsel: AanhangselIndex | None = None) -> CaseMatch | None:
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
    >>> match.nummer, match.rule
    ('2024Z00327', 'subject+askers+date')
    """
    own = own_zaak_number(doc)
    if own is not None:
        return CaseMatch(own, index.get(own), 1.0, PRINTED_RULE)
    if doc.oral:
        return None  # an oral question set's case is found only by its printed number
    for record, rule in _aanhangsel_records(doc, aanhangsel):
        found = _by_aanhangsel_record(doc, record, index, rule)
        if found is not None:
            return found
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
    if best is not None:
        rule = "subject+askers+date" if doc.submitted else "subject+askers+received"
        return CaseMatch(best.case.nummer, best.case, round(min(best.score, MAX_EVIDENCE_CONFIDENCE), 3), rule)
    if doc.title is None or _window(doc)[1] <= index.actors_until:
        return None
    # Past the actor data's end the cases name no askers: the subject and the date alone, more strictly.
    without = decide_by_subject(rank_by_subject(doc.title, _window(doc), index, submitted=doc.submitted is not None))
    if without is None or _rivals_with_actors(doc, index, without.case):
        return None
    rule = "subject+date" if doc.submitted else "subject+received"
    return CaseMatch(without.case.nummer, without.case, round(min(without.score, SUBJECT_ONLY_CONFIDENCE), 3), rule)


def _aanhangsel_records(doc: Document, table: AanhangselIndex | None) -> Iterable[tuple[AanhangselRecord, str]]:
    """The Document records of the document itself (its ah-tk id), then of the earlier publications it says to see
    ("Zie ook Aanhangsel …": the postponement notice of the same questions)."""
    if table is None:
        return
    own = table.get(doc.koop_id) if doc.koop_id else None
    if own is not None:
        yield own, AANHANGSEL_RULE
    for reference in doc.references_of(ReferenceScheme.AANHANGSEL):
        if reference.role is Role.SEE_ALSO and reference.identifier != doc.koop_id:
            seen = table.get(reference.identifier)
            if seen is not None:
                yield seen, SEE_ALSO_RULE


def _by_aanhangsel_record(doc: Document, record: AanhangselRecord, index: CaseIndex, rule: str) -> CaseMatch | None:
    """A 2024-2025 answer or notice the Tweede Kamer's Document records know by its Aanhangsel id: its case is the
    one whose subject is the record's ("Antwoord op vragen van het lid X over <subject>"), started in the months
    before the record's date."""
    window = (record.date - dt.timedelta(RECEIVED_WINDOW_DAYS), record.date)
    ranked = rank_by_subject(record.questions_subject, window, index, submitted=False, actors=None)
    best = decide_by_subject(ranked)
    if best is None:
        return None
    if best.case.has_actors and doc.askers and not _matched_askers(doc, best.case):
        return None  # the record's subject fits, but the document's askers are not the case's
    return CaseMatch(best.case.nummer, best.case, round(min(best.score, SUBJECT_ONLY_CONFIDENCE), 3), rule)


def rank_by_subject(
    subject: str, window: tuple[dt.date, dt.date], index: CaseIndex, *, submitted: bool, actors: bool | None = False,
) -> list[Candidate]:
    """Written cases started in `window` by subject alone (`actors`: only cases without actors, with, or None for
    both), best first; with `submitted`, the window is centred on the submission day and nearness counts."""
    ranked = []
    middle = window[0] + (window[1] - window[0]) / 2
    for case in index.between(*window):
        if actors is not None and case.has_actors is not actors:
            continue
        similarity = subject_similarity(subject, case.subject)
        if submitted:
            date = 1 - abs((case.started - middle).days) / (SUBMITTED_WINDOW_DAYS + 1)
            score = SUBJECT_ONLY_WEIGHT * similarity + (1 - SUBJECT_ONLY_WEIGHT) * date
        else:
            date, score = RECEIVED_DATE_SCORE, similarity
        ranked.append(Candidate(case, score, similarity, 0.0, date, 0.0))
    ranked.sort(key=lambda c: (-c.score, c.case.started, c.case.nummer))
    return ranked


def decide_by_subject(ranked: Sequence[Candidate]) -> Candidate | None:
    """The subject-only rules' choice: a nearly identical subject, clearly ahead of the runner-up's."""
    if not ranked:
        return None
    best = ranked[0]
    runner_up = max((c.subject for c in ranked[1:]), default=0.0)
    if best.subject < MIN_SUBJECT_ALONE or best.subject - runner_up < MARGIN:
        return None
    return best


def _rivals_with_actors(doc: Document, index: CaseIndex, chosen: Case) -> bool:
    """Whether a case with actors in the document's window has a subject like the document's too: then the subject
    alone cannot decide."""
    assert doc.title is not None
    return any(
        subject_similarity(doc.title, case.subject) >= MIN_SUBJECT
        for case in index.between(*_window(doc)) if case.has_actors and case.nummer != chosen.nummer
    )


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
    if len(found) != 1:
        return None
    return CaseMatch(found[0].nummer, found[0], PRINTED_WITH_ASKERS_CONFIDENCE, "printed-zaak+askers")


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
    return any(same_person(name, addressee) for name in names for addressee, _ in case.addressees)


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
