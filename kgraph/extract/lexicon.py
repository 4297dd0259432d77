"""The portfolio lexicon: every ministry, "minister voor …" portfolio and state secretary's sub-portfolio since
1994 (kgraph/data/portfolios.csv), and a fast, tolerant matcher that finds them at the start of header text.

Names are compared as *keys*: accents and case off, '&' read as 'en', and every space, comma, dash and bracket
dropped, so "Welzijn enSport", "Financien", "Immigratie & Asiel" and "Koninkrijks-\\nrelaties" all find their
names. The matcher walks a trie of keys one letter at a time, so the longest known name wins and names that
themselves contain "en" or commas ("Justitie en Veiligheid", "Volksgezondheid, Welzijn en Sport") are taken
whole; a caller cuts "Justitie en Veiligheid en Binnenlandse Zaken en Koninkrijksrelaties" in two by calling
`match_prefix` again after the " en ". Typos are tolerated by a banded edit distance run over the same trie.

>>> match_prefix("Justitie en Veiligheid en Binnenlandse Zaken en Koninkrijksrelaties")[1]
22
>>> lookup("BZK").name
'Binnenlandse Zaken en Koninkrijksrelaties'
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from kgraph.fold import ascii_fold
from kgraph.resources import data_file

_FILE = "portfolios.csv"
KINDS = ("ministry", "portfolio", "sub-portfolio")
PREPOSITIONS = ("van", "voor")
OFFICES = ("minister", "staatssecretaris", "minister-president")
_COLUMNS = ("portfolio", "abbreviations", "kind", "department", "preposition", "offices", "from", "until", "variants", "source")
_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

# Typos tolerated, by the length of the name's key: none below 8 letters ("Defensie" is the shortest that
# gets one), two from 20 ("Binnenlandse Zaken en Koninkrijkrelaties"). Transposed letters count as one edit.
_ONE_EDIT_FROM, _TWO_EDITS_FROM = 8, 20
_INF = 99

# Words a portfolio runs into when the space before them was lost ("… en Sportover het bericht"). A name may
# end between two lower-case letters only where one of these follows.
_RUN_ON = ("over", "bij", "inzake", "met", "mede", "en", "van", "voor", "namens")
# After an exact match, key letters that no longer name goes on with ("en van", "over het …", "(ontvangen"):
# the fuzzy walk for a longer name is skipped there.
_PHRASE_GOES_ON = ("over", "van", "voor", "envan", "envoor", "ende", "enhet", "bij", "met", "mede", "namens",
                   "inzake", "ontvang", "ingezo")
# Soft punctuation is read through (it may sit inside a name: "Volksgezondheid, Welzijn", "Koninkrijks-\nrelaties",
# "Financiën (Toeslagen en Douane)"); anything else that is no letter or digit ends the name.
_SOFT = frozenset(",-‐‑‒–—―()/\u00ad\u00a8\u00af\u00b4\u00b8`^")
_ABBREVIATION = re.compile(r"[A-Za-z][A-Za-z&]*")
_RUN = 12  # key letters read ahead at a time


@dataclass(frozen=True, slots=True)
class Portfolio:
    """One sense of a printed name: a ministry, a "minister voor" portfolio or a sub-portfolio, with its dates."""

    name: str  # canonical full name; for a sub-portfolio the part after the dash ("Toeslagen en Douane")
    kind: str  # "ministry" | "portfolio" | "sub-portfolio"
    department: str  # the ministry it belongs to ("" when shared or unknown)
    preposition: str  # "van" | "voor"
    offices: frozenset[str]
    start: date | None
    end: date | None
    parent: str | None  # for a sub-portfolio: the ministry printed before " – "
    abbreviations: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def printed(self) -> str:
        """The name as a header prints it whole: "Financiën – Toeslagen en Douane" for a sub-portfolio.

        >>> lookup("Toeslagen en Douane").printed
        'Financiën – Toeslagen en Douane'
        """
        return f"{self.parent} – {self.name}" if self.parent else self.name


def active_on(portfolio: Portfolio, day: date) -> bool:
    """Whether the name existed on `day` (both ends inclusive; an open end is no limit).

    >>> ezk = lookup("EZK")
    >>> active_on(ezk, date(2020, 1, 1)), active_on(ezk, date(2024, 7, 3))
    (True, False)
    """
    return (portfolio.start is None or portfolio.start <= day) and (portfolio.end is None or day <= portfolio.end)


def all_portfolios() -> tuple[Portfolio, ...]:
    """Every row of the lexicon, in file order."""
    return _lexicon().portfolios


def lookup_all(printed: str) -> tuple[Portfolio, ...]:
    """Every sense of a printed name or abbreviation, newest first (Volkshuisvesting en Ruimtelijke Ordening was a
    "minister voor" in Rutte IV and a ministry from Schoof on).

    >>> [(p.kind, p.preposition) for p in lookup_all("Volkshuisvesting en Ruimtelijke Ordening")]
    [('ministry', 'van'), ('portfolio', 'voor')]
    """
    index = _lexicon()
    key = _key(printed)
    return index.by_key.get(key) or index.by_abbreviation.get(key, ())


def lookup(printed: str, *, on: date | None = None) -> Portfolio | None:
    """The portfolio a whole printed name or abbreviation stands for: exact after folding case, spacing,
    punctuation, accents and '&'; older names and other spellings included. With `on`, the sense active that
    day when there is one, else the newest.

    >>> lookup("Volksgezondheid, Welzijn enSport").name
    'Volksgezondheid, Welzijn en Sport'
    >>> lookup("Financien – Fiscaliteit en Belastingdienst").parent
    'Financiën'
    >>> lookup("Onderwijs, Cultuur en Wetenschappen").name, lookup("I&W").name
    ('Onderwijs, Cultuur en Wetenschap', 'Infrastructuur en Waterstaat')
    >>> lookup("EZ", on=date(2015, 1, 1)).end
    datetime.date(2017, 10, 26)
    >>> lookup("Economische") is None
    True
    """
    return _choose(lookup_all(printed), on)


def match_prefix(
    text: str, start: int = 0, *, end: int | None = None, fuzzy: bool = True, on: date | None = None,
) -> tuple[Portfolio, int] | None:
    """The longest known portfolio name (or whole-word abbreviation) that `text[start:end]` begins with, after
    optional whitespace, and the offset in `text` just past it (past a closing bracket the name opened).

    The name must end at a word boundary: a non-letter, a glued capital ("ZakenDe"), a digit (a footnote mark),
    or, when the space was lost between two lower-case letters, one of the run-on words "over", "bij",
    "inzake", "met", "mede", "en", "van", "voor", "namens". With `fuzzy`, names of 8 letters or more may carry
    one typo and names of 20 or more two (abbreviations never); an exact match beats any fuzzy one except a
    fuzzy one that runs further ("Binnenlandse Zaken en Koninkrijkrelaties" is BZK, not the pre-1998
    Binnenlandse Zaken). With `on`, the sense active that day is preferred.

    >>> text = "Justitie en Veiligheid en Binnenlandse Zaken en Koninkrijksrelaties"
    >>> first, stop = match_prefix(text)
    >>> first.name, text[stop:stop + 4]
    ('Justitie en Veiligheid', ' en ')
    >>> match_prefix(text, stop + 4)[0].abbreviations
    ('BZK',)
    >>> match_prefix("Volksgezondheid, Welzijn en Sportover het bericht")[1]
    33
    >>> match_prefix("Economsiche Zaken en Klimaat")[0].name
    'Economische Zaken en Klimaat'
    >>> match_prefix("Economische Zakenbeleid") is None
    True
    """
    index = _lexicon()
    stop = len(text) if end is None else min(end, len(text))
    begin = start
    while begin < stop and text[begin].isspace():
        begin += 1
    scan = _Scan(text, begin, stop)
    best: tuple[_Node, int] | None = None  # exact: the deepest key that ends at a boundary
    node, depth, letters = index.root, 0, scan.letters
    have = scan.ensure(1)
    while depth < have:
        child = node.children.get(letters[depth])
        if child is None:
            break
        node, depth = child, depth + 1
        if node.senses and scan.ends_well(depth):
            best = (node, depth)
        if depth == have:
            have = scan.ensure(depth + 1)
    abbreviation = _abbreviation(text, begin, stop, index)
    if fuzzy and scan.ensure(1) and (best is not None or abbreviation is None):
        found = _fuzzy(scan, index.root, best)
        if found is not None:
            best = found
    if abbreviation is not None and (best is None or abbreviation[1] > scan.where[best[1] - 1] + 1):
        return _pick(abbreviation[0], on), abbreviation[1]
    if best is None:
        return None
    found_node, length = best
    return _pick(found_node.senses, on), _past_bracket(text, begin, scan.where[length - 1] + 1, stop)


# --- the index ---------------------------------------------------------------------------------------------


class _Node:
    __slots__ = ("children", "senses", "budget")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.senses: tuple[Portfolio, ...] = ()
        self.budget = 0  # the most edits any key at or below this node may carry


@dataclass(frozen=True, slots=True)
class _Lexicon:
    portfolios: tuple[Portfolio, ...]
    by_key: dict[str, tuple[Portfolio, ...]]
    by_abbreviation: dict[str, tuple[Portfolio, ...]]
    root: _Node


@functools.cache
def _fold(char: str) -> str | None:
    """A character as key letters: '' for soft punctuation, None for a character that ends a name."""
    if char.isspace() or char in _SOFT or unicodedata.category(char).startswith("M"):
        return ""
    if char == "&":
        return "en"
    if char.isalnum():
        return ascii_fold(char).lower() or None
    return None


def _key(text: str) -> str:
    return "".join(_fold(char) or "" for char in text)


def _budget(length: int) -> int:
    return 2 if length >= _TWO_EDITS_FROM else 1 if length >= _ONE_EDIT_FROM else 0


def _date(cell: str, *, last: bool) -> date | None:
    if not cell:
        return None
    parts = _DAY.match(cell)
    if not parts:
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {cell!r}")
    year, month, day = int(parts[1]), parts[2], parts[3]
    if day:
        return date(year, int(month), int(day))
    if month:
        first = date(year, int(month), 1)
        following = date(year + (first.month == 12), first.month % 12 + 1, 1)
        return following - timedelta(days=1) if last else first
    return date(year, 12, 31) if last else date(year, 1, 1)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def _row(row: dict[str, str]) -> Portfolio:
    name, kind, department = row["portfolio"], row["kind"], row["department"]
    if not name:
        raise ValueError("no portfolio name")
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is none of {', '.join(KINDS)}")
    if row["preposition"] not in PREPOSITIONS:
        raise ValueError(f"preposition {row['preposition']!r} is none of {', '.join(PREPOSITIONS)}")
    offices = frozenset(_split(row["offices"]))
    if not offices or not offices <= set(OFFICES):
        raise ValueError(f"offices {row['offices']!r} must be some of {', '.join(OFFICES)}")
    if kind == "sub-portfolio" and not department:
        raise ValueError("a sub-portfolio needs its department")
    if kind == "ministry" and department != name:
        raise ValueError(f"a ministry is its own department, not {department!r}")
    start, end = _date(row["from"], last=False), _date(row["until"], last=True)
    if start and end and end < start:
        raise ValueError(f"until {row['until']} is before from {row['from']}")
    if not _split(row["source"]):
        raise ValueError("no source")
    return Portfolio(
        name, kind, department, row["preposition"], offices, start, end,
        department if kind == "sub-portfolio" else None,
        _split(row["abbreviations"]), _split(row["variants"]), _split(row["source"]),
    )


def _newest_first(senses: list[Portfolio]) -> tuple[Portfolio, ...]:
    return tuple(sorted(senses, key=lambda p: p.start or date.min, reverse=True))


@functools.cache
def _lexicon() -> _Lexicon:
    path = data_file(_FILE)
    portfolios: list[Portfolio] = []
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(line for line in handle if not line.startswith("#"))
        missing = [column for column in _COLUMNS if column not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path}: the header lacks the columns {', '.join(missing)}")
        for number, row in enumerate(reader, start=2):
            try:
                portfolios.append(_row({column: (row.get(column) or "").strip() for column in _COLUMNS}))
            except ValueError as problem:
                raise ValueError(f"{path}: data row {number} ({row.get('portfolio')!r}): {problem}") from None
    names: dict[str, list[Portfolio]] = {}
    abbreviations: dict[str, list[Portfolio]] = {}
    for portfolio in portfolios:
        spellings = {portfolio.name, *portfolio.variants}
        if portfolio.parent:
            spellings |= {f"{portfolio.parent} {spelling}" for spelling in list(spellings)}
        for key in dict.fromkeys(_key(spelling) for spelling in spellings):
            names.setdefault(key, []).append(portfolio)
        for key in dict.fromkeys(_key(abbreviation) for abbreviation in portfolio.abbreviations):
            abbreviations.setdefault(key, []).append(portfolio)
    by_key = {key: _newest_first(senses) for key, senses in names.items()}
    root = _Node()
    for key, senses in by_key.items():
        node = root
        node.budget = max(node.budget, _budget(len(key)))
        for letter in key:
            node = node.children.setdefault(letter, _Node())
            node.budget = max(node.budget, _budget(len(key)))
        node.senses = senses
    return _Lexicon(
        tuple(portfolios), by_key, {key: _newest_first(s) for key, s in abbreviations.items()}, root,
    )


# --- matching ----------------------------------------------------------------------------------------------


def _choose(senses: tuple[Portfolio, ...], on: date | None) -> Portfolio | None:
    return _pick(senses, on) if senses else None


def _pick(senses: tuple[Portfolio, ...], on: date | None) -> Portfolio:
    """The sense active on `on` when there is one, else the newest."""
    if on is not None:
        for sense in senses:
            if active_on(sense, on):
                return sense
    return senses[0]


class _Scan:
    """The key letters of `text` from `begin`, each with the offset it came from, read only as far as asked."""

    __slots__ = ("text", "offset", "stop", "limit", "letters", "where")

    def __init__(self, text: str, begin: int, stop: int) -> None:
        self.text, self.offset, self.stop, self.limit = text, begin, stop, stop
        self.letters: list[str] = []
        self.where: list[int] = []

    def ensure(self, count: int) -> int:
        """Read until there are `count` letters (and a few more: reading comes in runs) or the name must have
        ended; the number of letters read."""
        letters = self.letters
        if len(letters) >= count:
            return len(letters)
        want, where, text, offset, stop = count + _RUN, self.where, self.text, self.offset, self.stop
        while len(letters) < want and offset < stop:
            folded = _fold(text[offset])
            if folded is None:
                stop = offset  # a hard stop: nothing after it can belong to the name
                break
            for letter in folded:
                letters.append(letter)
                where.append(offset)
            offset += 1
        self.offset, self.stop = offset, stop
        return len(letters)

    def ends_well(self, length: int) -> bool:
        """Whether a name of `length` key letters may end here: see `match_prefix`."""
        where, text = self.where, self.text
        if self.ensure(length + 1) > length and where[length] == where[length - 1]:
            return False  # inside the two letters of an '&'
        after = where[length - 1] + 1
        if after >= self.limit or not text[after].isalnum():
            return True  # the caller's `end` is a boundary too
        before, following = text[after - 1], text[after]
        if following.isdigit() or (before.islower() and following.isupper()):
            return True
        if before.isalpha() and following.islower():
            return ascii_fold(text[after:after + 7]).lower().startswith(_RUN_ON)
        return False


def _abbreviation(text: str, begin: int, stop: int, index: _Lexicon) -> tuple[tuple[Portfolio, ...], int] | None:
    token = _ABBREVIATION.match(text, begin, stop)
    if not token:
        return None
    senses = index.by_abbreviation.get(_key(token[0]))
    return (senses, token.end()) if senses else None


def _past_bracket(text: str, begin: int, after: int, stop: int) -> int:
    """Past the ')' that closes a bracket the name opened: "Financiën (Toeslagen en Douane)"."""
    if text.count("(", begin, after) <= text.count(")", begin, after):
        return after
    close = after
    while close < stop and text[close].isspace():
        close += 1
    return close + 1 if close < stop and text[close] == ")" else after


def _fuzzy(scan: _Scan, root: _Node, exact: tuple[_Node, int] | None) -> tuple[_Node, int] | None:
    """The closest key within its edit budget that ends at a boundary and, when there is an exact match, runs
    further than it. A depth-first walk of the trie keeps one band of the edit-distance table: five cells,
    since no key within two edits of a text prefix differs from it in length by more than two. Without an exact
    match the first letter must be right, which keeps the walk to one branch of the trie."""
    letters = scan.letters
    if exact is None:
        first = root.children.get(letters[0])
        if first is None:
            return None
        shortest = 0
        start = (first, 1, (_INF, 1, 0, 1, 2), (_INF, _INF, 0, 1, 2), letters[0])
    else:
        node, shortest = exact
        if not node.children or scan.ensure(shortest + 6) <= shortest \
                or "".join(letters[shortest:shortest + 6]).startswith(_PHRASE_GOES_ON):
            return None  # nothing longer is known, or the text stops or plainly goes on with something else
        cells = (2, 1, 0, 1, 2) if shortest >= 2 else (_INF, 1, 0, 1, 2)
        start = (node, shortest, cells, cells, letters[shortest - 1])
    best: tuple[int, int, int, _Node, int] | None = None  # (edits, -key length, |text - key length|, node, j)
    stack = [start]
    while stack:
        node, depth, band, previous, before = stack.pop()
        m = scan.ensure(depth + 3)
        for char, child in node.children.items():
            cells = _step(band, previous, depth, char, before, letters, m)
            if min(cells) > child.budget:
                continue
            length = depth + 1
            if child.senses and length > shortest:
                allowed = _budget(length)
                for k in range(5):
                    j = length - 2 + k
                    edits = cells[k]
                    if edits <= allowed and shortest < j <= m and j >= 1 and scan.ends_well(j):
                        candidate = (edits, -length, abs(k - 2), child, j)
                        if best is None or candidate[:3] < best[:3]:
                            best = candidate
            if child.children:
                stack.append((child, length, cells, band, char))
    return (best[3], best[4]) if best else None


def _step(
    band: tuple[int, int, int, int, int], previous: tuple[int, int, int, int, int], depth: int, char: str,
    before: str, letters: list[str], m: int,
) -> tuple[int, int, int, int, int]:
    """The band for key depth `depth + 1` (key letter `char`, after `before`) from the bands for `depth` and
    `depth - 1`. Cell k of the band for depth i is the distance from the key's first i letters to the text's
    first i - 2 + k letters (optimal string alignment: insert, delete, substitute, swap two neighbours): from
    the cell above (a key letter left out), the cell to the left (a text letter left out), the diagonal (a
    letter kept or substituted) and two back (neighbours swapped)."""
    cells: list[int] = []
    for k in range(5):
        column = depth - 1 + k  # the text's length for this cell
        if not 0 <= column <= m:
            cells.append(_INF)
            continue
        value = (band[k + 1] if k < 4 else _INF) + 1  # a key letter left out
        if k and cells[k - 1] + 1 < value:
            value = cells[k - 1] + 1  # a text letter left out
        if column:
            letter = letters[column - 1]
            value = min(value, band[k] + (char != letter))  # kept or substituted
            if column >= 2 and before == letter and char == letters[column - 2]:
                value = min(value, previous[k] + 1)  # neighbours swapped
        cells.append(value)
    return cells[0], cells[1], cells[2], cells[3], cells[4]
