"""The grammars of the published identifiers kgraph reads, cites and mints from: the one place they are written.

Each grammar is a compiled regular expression (matched whole with `fullmatch`), a `parse_…` function that
returns a small frozen dataclass or None, an `is_…` test, and the dataclass's `id`, the normalised form. Other
modules build their patterns from these (`source`), and the JSON Schema of the record and the SHACL shapes carry
the same patterns (`anchored`; a test compares them).

- Tweede Kamer zaak numbers (2025Z10261) and document numbers (2019D19925): the `Nummer` and `DocumentNummer` of
  a Zaak and a Document in the Tweede Kamer open data, https://opendata.tweedekamer.nl/documentatie/zaak and
  https://opendata.tweedekamer.nl/documentatie/document: the year, Z or D, five digits.
- officielebekendmakingen ids, the names under https://zoek.officielebekendmakingen.nl/<id> and the
  `DC.identifier` of KOOP's metadata (https://repository.overheid.nl/frbr/meer-over): kv-tk-… (Kamervragen),
  ah-tk-… (Aanhangsel van de Handelingen), kst-… (Kamerstukken), h-tk-… (Handelingen), stb-… (Staatsblad),
  stcrt-… (Staatscourant). KOOP does not publish a grammar of them; the forms here are those of the published
  ids kgraph has seen (the 47,729 Kamervragen and Aanhangsel addresses of openkamer/ok-tk-data, KOOP's own `<extref doc="…">`
  targets in ../shared/data/koop/), and of WetSuite's catalogue of id variants (knobs-dials/wetsuite-dev,
  `parse_bekendmaking_id`). A vergaderjaar (parliamentary year) is two consecutive years written as eight
  digits (20232024); it opens on the third Tuesday of September (Prinsjesdag, Grondwet article 65).
- BWB ids of Dutch regulations (BWBR0001840) and treaties (BWBV0001000), the ids of https://wetten.overheid.nl.
- CELEX numbers of EU law (32016R0679: sector, year, type, number), EUR-Lex,
  https://eur-lex.europa.eu/content/tools/eur-lex-celex-infographic-A3.pdf, and the European Legislation
  Identifier of an act, http://data.europa.eu/eli/reg/2016/679/oj (https://eur-lex.europa.eu/eli-register/about.html).

The patterns use only syntax that Python, ECMA-262 (JSON Schema) and XPath (SHACL `sh:pattern`) read the same
way: character classes, counted repeats, alternation and groups; `[0-9]`, never `\\d` (which matches any Unicode
digit in Python and XPath).

>>> parse_kamerstuk("kst-36410-V-27")
Kamerstuk(dossier=36410, sub='V', number=27, letter=None, suffix=None)
>>> parse_aanhangsel("ah-tk-20232024-1137").vergaderjaar.label
'2023–2024'
>>> aanhangsel_id("2022", "23", "1823")
'ah-tk-20222023-1823'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

# --- building blocks -----------------------------------------------------------------------------------------

#: A year as the identifiers print it: 1900 to 2099.
YEAR = "(19|20)[0-9]{2}"
#: A vergaderjaar as eight digits; that the two years are consecutive is checked by `parse_vergaderjaar`.
VERGADERJAAR = f"{YEAR}{YEAR}"
CHAMBER = "(tk|ek)"
# A later version of a publication: "-h1" (herdruk), "-n1" (nota van verbetering), "-b1" (bijlage).
_SUFFIX = "(-(?P<suffix>[a-z][0-9]{1,2}))?"


def source(pattern: re.Pattern[str]) -> str:
    """The pattern without group names, and without the groups nothing needs: a block for other patterns, in
    the portable syntax (plain groups only where an alternation or a repeat needs one).

    An alternation at the top is put in a group, so the block embeds anywhere.

    >>> source(re.compile("(?P<year>(?:19|20)[0-9]{2})Z(?P<n>[0-9]{5})(-(?P<s>[a-z]))?"))
    '(19|20)[0-9]{2}Z[0-9]{5}(-[a-z])?'
    >>> source(re.compile("BWB[RV][0-9]{7}|3[0-9]{4}"))
    '(BWB[RV][0-9]{7}|3[0-9]{4})'
    """
    text = _plain(pattern.pattern)
    return f"({text})" if _top_level_alternation(text) else text


def anchored(pattern: re.Pattern[str]) -> str:
    """The whole-string pattern for JSON Schema `pattern` and SHACL `sh:pattern`.

    >>> anchored(ZAAK_NUMBER)
    '^(19|20)[0-9]{2}Z[0-9]{5}$'
    >>> anchored(STATUTE_ID)
    '^(BWB[RVW][0-9]{7}|3(19|20)[0-9]{2}[RL][0-9]{4})$'
    """
    return f"^{source(pattern)}$"


def _atom_end(text: str, position: int) -> int:
    """Where the escape, character class or single character at `position` ends (no class here starts with ']')."""
    if text[position] == "\\":
        return position + 2
    if text[position] == "[":
        return text.index("]", position + 1) + 1
    return position + 1


def _plain(text: str) -> str:
    out: list[str] = []
    position = 0
    while position < len(text):
        if text[position] != "(":
            end = _atom_end(text, position)
            out.append(text[position:end])
            position = end
            continue
        close = _closing(text, position)
        inner = _plain(re.sub(r"^\?(?:P<\w+>|:)", "", text[position + 1:close]))
        repeated = close + 1 < len(text) and text[close + 1] in "?*+{"
        out.append(f"({inner})" if repeated or _top_level_alternation(inner) else inner)
        position = close + 1
    return "".join(out)


def _closing(text: str, start: int) -> int:
    """Where the group opened at `start` closes."""
    depth, position = 0, start
    while True:
        depth += {"(": 1, ")": -1}.get(text[position], 0)
        if depth == 0:
            return position
        position = _atom_end(text, position)


def _top_level_alternation(text: str) -> bool:
    depth, position = 0, 0
    while position < len(text):
        depth += {"(": 1, ")": -1}.get(text[position], 0)
        if text[position] == "|" and depth == 0:
            return True
        position = _atom_end(text, position)
    return False


# --- vergaderjaar ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class Vergaderjaar:
    """A parliamentary year: from Prinsjesdag in `first` to the day before Prinsjesdag in `first` + 1."""

    first: int

    @property
    def second(self) -> int:
        return self.first + 1

    @property
    def id(self) -> str:
        """'20232024', as in ah-tk-20232024-1137."""
        return f"{self.first}{self.second}"

    @property
    def label(self) -> str:
        """'2023–2024', as printed."""
        return f"{self.first}–{self.second}"


_VERGADERJAAR = re.compile(f"(?P<first>{YEAR})(?P<second>{YEAR})")


def parse_vergaderjaar(text: str) -> Vergaderjaar | None:
    """'20232024' -> Vergaderjaar(2023); None unless the years are consecutive.

    >>> parse_vergaderjaar("20232024"), parse_vergaderjaar("20152015")
    (Vergaderjaar(first=2023), None)
    """
    match = _VERGADERJAAR.fullmatch(text)
    if match is None or int(match["second"]) != int(match["first"]) + 1:
        return None
    return Vergaderjaar(int(match["first"]))


def prinsjesdag(year: int) -> dt.date:
    """The third Tuesday of September, when the vergaderjaar opens (Grondwet article 65).

    >>> prinsjesdag(2024)
    datetime.date(2024, 9, 17)
    """
    first_tuesday = 1 + (1 - dt.date(year, 9, 1).weekday()) % 7
    return dt.date(year, 9, first_tuesday + 14)


def vergaderjaar_of(day: dt.date) -> Vergaderjaar:
    """The vergaderjaar a day falls in.

    >>> vergaderjaar_of(dt.date(2024, 9, 16)).label, vergaderjaar_of(dt.date(2024, 9, 17)).label
    ('2023–2024', '2024–2025')
    """
    return Vergaderjaar(day.year if day >= prinsjesdag(day.year) else day.year - 1)


def full_year(printed: str, after: int) -> int | None:
    """A year printed with four digits, or with two after the year `after` ("2022/23": 23 -> 2023).

    >>> full_year("23", 2022), full_year("00", 1999), full_year("2023", 2022), full_year("2", 2022)
    (2023, 2000, 2023, None)
    """
    if len(printed) == 4 and printed.isdigit():
        return int(printed)
    if len(printed) != 2 or not printed.isdigit():
        return None
    year = after // 100 * 100 + int(printed)
    return year if year >= after else year + 100


def vergaderjaar(year1: str | int, year2: str | int, latest: Vergaderjaar | None = None) -> Vergaderjaar | None:
    """The vergaderjaar of a printed pair of years ("2023–2024", "2022/23"), repaired when a misprint leaves
    exactly one reading; None when it leaves none or several, so the caller reports the pair and mints nothing.

    A vergaderjaar is always two consecutive years. The rule for a pair that is not:
    - the two years swapped ("2016–2015") is read as 2015–2016: the set of years is a vergaderjaar;
    - otherwise exactly one of the two is taken to be wrong, so the vergaderjaar starts at `year1` or ends at
      `year2`; `latest`, when given, is the latest vergaderjaar the cited publication can be in (a document
      cites no later publication than itself), and the readings after it are dropped. One reading left: that
      one; none or two: None. So "2015–2015" is 2014–2015 in a document of vergaderjaar 2014–2015, and
      ambiguous (2014–2015 or 2015–2016) without that context or in a later document.

    >>> vergaderjaar("2023", "2024"), vergaderjaar("2022", "23"), vergaderjaar("2016", "2015")
    (Vergaderjaar(first=2023), Vergaderjaar(first=2022), Vergaderjaar(first=2015))
    >>> vergaderjaar("2015", "2015") is None, vergaderjaar("2015", "2015", latest=Vergaderjaar(2014))
    (True, Vergaderjaar(first=2014))
    >>> vergaderjaar("2015", "2015", latest=Vergaderjaar(2016)) is None
    True
    """
    printed = str(year1)
    if len(printed) != 4 or not printed.isdigit():
        return None
    first = int(printed)
    second = full_year(str(year2), first)
    if second is None:
        return None
    if second == first + 1:
        return _checked(Vergaderjaar(first))
    if second == first - 1:
        return _checked(Vergaderjaar(second))
    readings = {Vergaderjaar(first), Vergaderjaar(second - 1)}
    if latest is not None:
        readings = {reading for reading in readings if reading <= latest}
    if len(readings) != 1:
        return None
    return _checked(readings.pop())


def _checked(value: Vergaderjaar) -> Vergaderjaar | None:
    return value if _VERGADERJAAR.fullmatch(value.id) else None


# --- Tweede Kamer zaak and document numbers --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ZaakNumber:
    """A case of the Tweede Kamer: its `Nummer`, 2025Z10261."""

    year: int
    number: int

    @property
    def id(self) -> str:
        return f"{self.year}Z{self.number:05d}"


@dataclass(frozen=True, slots=True)
class DocumentNumber:
    """A document of the Tweede Kamer: its `DocumentNummer`, 2019D19925."""

    year: int
    number: int

    @property
    def id(self) -> str:
        return f"{self.year}D{self.number:05d}"


ZAAK_NUMBER = re.compile(f"(?P<year>{YEAR})Z(?P<number>[0-9]{{5}})")
DOCUMENT_NUMBER = re.compile(f"(?P<year>{YEAR})D(?P<number>[0-9]{{5}})")


def parse_zaak_number(text: str) -> ZaakNumber | None:
    """A zaak number, or None.

    >>> parse_zaak_number("2025Z10261"), parse_zaak_number("2025Z1026")
    (ZaakNumber(year=2025, number=10261), None)
    """
    match = ZAAK_NUMBER.fullmatch(text)
    return ZaakNumber(int(match["year"]), int(match["number"])) if match else None


def is_zaak_number(text: str) -> bool:
    return ZAAK_NUMBER.fullmatch(text) is not None


def normalise_zaak_number(text: str) -> str | None:
    """A zaak number as a user may type it (spaces around, lower-case z) in its canonical form, else None.

    >>> normalise_zaak_number(" 2024z03568 "), normalise_zaak_number("kv-tk-2024Z03568")
    ('2024Z03568', None)
    """
    parsed = parse_zaak_number(text.strip().upper())
    return parsed.id if parsed else None


def parse_document_number(text: str) -> DocumentNumber | None:
    """A Tweede Kamer document number, or None.

    >>> parse_document_number("2019D19925").id
    '2019D19925'
    """
    match = DOCUMENT_NUMBER.fullmatch(text)
    return DocumentNumber(int(match["year"]), int(match["number"])) if match else None


def is_document_number(text: str) -> bool:
    return DOCUMENT_NUMBER.fullmatch(text) is not None


# --- officielebekendmakingen: Kamervragen (kv-) --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Kamervragen:
    """A set of written questions as published, in one of three forms:

    - `kv-tk-2024Z18435`: by its zaak number (from 2008 on; `chamber` 'tk');
    - `kv-tk-20062007-KVR27039`, also without the chamber: by vergaderjaar and a KVR number (until 2007);
    - `kv-2070826740`: a ten-digit serial (question sets of 2007 and 2008 in openkamer/ok-tk-data).
    """

    chamber: str | None = None
    zaak: ZaakNumber | None = None
    vergaderjaar: Vergaderjaar | None = None
    number: str | None = None  # KVR27039, or the ten-digit serial

    @property
    def id(self) -> str:
        chamber = f"{self.chamber}-" if self.chamber else ""
        if self.zaak is not None:
            return f"kv-{chamber}{self.zaak.id}"
        if self.vergaderjaar is not None:
            return f"kv-{chamber}{self.vergaderjaar.id}-{self.number}"
        return f"kv-{self.number}"


KAMERVRAGEN = re.compile(
    f"kv-(?P<chamber>{CHAMBER})-(?P<zaak>{source(ZAAK_NUMBER)})"
    f"|kv-((?P<old_chamber>tk)-)?(?P<vergaderjaar>{VERGADERJAAR})-(?P<kvr>KVR[0-9]{{1,6}})"
    "|kv-(?P<serial>[0-9]{10})"
)


def parse_kamervragen(text: str) -> Kamervragen | None:
    """A kv- id, or None.

    >>> parse_kamervragen("kv-tk-2024Z18435").zaak
    ZaakNumber(year=2024, number=18435)
    >>> parse_kamervragen("kv-tk-20062007-KVR27039").vergaderjaar, parse_kamervragen("kv-tk-2024Z1843")
    (Vergaderjaar(first=2006), None)
    """
    match = KAMERVRAGEN.fullmatch(text)
    if match is None:
        return None
    if match["zaak"]:
        return Kamervragen(match["chamber"], parse_zaak_number(match["zaak"]))
    if match["vergaderjaar"]:
        year = parse_vergaderjaar(match["vergaderjaar"])
        return Kamervragen(match["old_chamber"], vergaderjaar=year, number=match["kvr"]) if year else None
    return Kamervragen(number=match["serial"])


def is_kamervragen(text: str) -> bool:
    return parse_kamervragen(text) is not None


# --- officielebekendmakingen: Aanhangsel van de Handelingen (ah-) ----------------------------------------------


@dataclass(frozen=True, slots=True)
class Aanhangsel:
    """An answer (or notice) in the Aanhangsel van de Handelingen: `ah-tk-20232024-1137`, its number within the
    vergaderjaar, with a later version's suffix ('ah-tk-20072008-2031-h1'); or the numeric form `ah-1271549`,
    without chamber and vergaderjaar (public listings show it for answers dated 2026: ah-1251487, ah-1271549)."""

    number: int
    chamber: str | None = None
    vergaderjaar: Vergaderjaar | None = None
    suffix: str | None = None

    @property
    def id(self) -> str:
        if self.vergaderjaar is None or self.chamber is None:
            return f"ah-{self.number}"
        suffix = f"-{self.suffix}" if self.suffix else ""
        return f"ah-{self.chamber}-{self.vergaderjaar.id}-{self.number}{suffix}"


AANHANGSEL = re.compile(
    f"ah-(?P<chamber>{CHAMBER})-(?P<vergaderjaar>{VERGADERJAAR})-(?P<number>[1-9][0-9]{{0,4}}){_SUFFIX}"
    "|ah-(?P<serial>[1-9][0-9]{5,7})"
)


def parse_aanhangsel(text: str) -> Aanhangsel | None:
    """An ah- id, or None (also when its vergaderjaar is no two consecutive years).

    >>> parse_aanhangsel("ah-tk-20232024-1137")
    Aanhangsel(number=1137, chamber='tk', vergaderjaar=Vergaderjaar(first=2023), suffix=None)
    >>> parse_aanhangsel("ah-1271549").id, parse_aanhangsel("ah-tk-20152015-12")
    ('ah-1271549', None)
    """
    match = AANHANGSEL.fullmatch(text)
    if match is None:
        return None
    if match["serial"]:
        return Aanhangsel(int(match["serial"]))
    year = parse_vergaderjaar(match["vergaderjaar"])
    return Aanhangsel(int(match["number"]), match["chamber"], year, match["suffix"]) if year else None


def is_aanhangsel(text: str) -> bool:
    return parse_aanhangsel(text) is not None


def aanhangsel_id(
    year1: str | int, year2: str | int, number: str | int, latest: Vergaderjaar | None = None, chamber: str = "tk"
) -> str | None:
    """The id of an Aanhangsel publication from its printed parts: "vergaderjaar 2023–2024, nr. 1137" or
    "Aanhangsel Handelingen II 2022/23, nr. 1823". None when the years are no vergaderjaar and `vergaderjaar`
    cannot repair them unambiguously (the caller reports that), or the number is none: never a malformed id.

    >>> aanhangsel_id("2023", "2024", "1137"), aanhangsel_id(2022, 23, 1823)
    ('ah-tk-20232024-1137', 'ah-tk-20222023-1823')
    >>> aanhangsel_id("2015", "2015", "12") is None, aanhangsel_id("2015", "2015", "12", latest=Vergaderjaar(2014))
    (True, 'ah-tk-20142015-12')
    """
    year = vergaderjaar(year1, year2, latest)
    digits = str(number).strip()
    if year is None or not digits.isdigit() or int(digits) == 0:
        return None
    identifier = Aanhangsel(int(digits), chamber, year).id
    return identifier if is_aanhangsel(identifier) else None


# --- officielebekendmakingen: Kamerstukken (kst-) --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Kamerstuk:
    """A parliamentary paper: dossier, the dossier's part when it has one (a budget chapter 'V', 'XVI', 'IIA',
    a fund 'A', a numbered sub-dossier '02' of 21 501-02), then the paper: a number in the Tweede Kamer
    (kst-36410-V-27) or a letter in the Eerste Kamer (kst-36373-H, kst-36200-VII-B, after Z: AA, AB …).

    When a paper belongs to two dossiers ("25 087 / 31 066, nr. 191") its number counts in the first, and KOOP
    names it by that one (its `<extref doc="kst-25087-191">`).
    """

    dossier: int
    sub: str | None = None
    number: int | None = None
    letter: str | None = None
    suffix: str | None = None

    @property
    def id(self) -> str:
        sub = f"-{self.sub}" if self.sub else ""
        paper = str(self.number) if self.number is not None else self.letter
        suffix = f"-{self.suffix}" if self.suffix else ""
        return f"kst-{self.dossier}{sub}-{paper}{suffix}"


KAMERSTUK = re.compile(
    "kst-(?P<dossier>[1-9][0-9]{4})(-(?P<sub>[0-9]{1,3}|[A-Z]{1,8}))?"
    f"-((?P<number>[1-9][0-9]{{0,4}})|(?P<letter>[A-Z]{{1,2}})){_SUFFIX}"
)


def parse_kamerstuk(text: str) -> Kamerstuk | None:
    """A kst- id, or None (a number never starts with 0: that is not how KOOP writes it).

    >>> parse_kamerstuk("kst-21501-02-2733")
    Kamerstuk(dossier=21501, sub='02', number=2733, letter=None, suffix=None)
    >>> parse_kamerstuk("kst-36373-H").letter, parse_kamerstuk("kst-36410-V-027")
    ('H', None)
    """
    match = KAMERSTUK.fullmatch(text)
    if match is None:
        return None
    number = int(match["number"]) if match["number"] else None
    return Kamerstuk(int(match["dossier"]), match["sub"], number, match["letter"], match["suffix"])


def is_kamerstuk(text: str) -> bool:
    return KAMERSTUK.fullmatch(text) is not None


def kamerstuk_id(dossier: str, sub: str | None = None, number: str | None = None, letter: str | None = None) -> str | None:
    """The id of a Kamerstuk from its printed parts ("36 410", "V", "27"; "36 373", letter "H"), or None when
    the parts do not make one.

    >>> kamerstuk_id("36 410", "V", "27"), kamerstuk_id("36.021", letter="B"), kamerstuk_id("36410")
    ('kst-36410-V-27', 'kst-36021-B', None)
    """
    digits = re.sub(r"[ .\u00a0]", "", dossier)
    if not digits.isdigit() or (number is None) == (letter is None):
        return None
    paper = str(int(number)) if number is not None and number.isdigit() else letter
    identifier = f"kst-{digits}{f'-{sub}' if sub else ''}-{paper}"
    return identifier if is_kamerstuk(identifier) else None


# --- officielebekendmakingen: Handelingen (h-), Staatsblad (stb-), Staatscourant (stcrt-) -----------------------


@dataclass(frozen=True, slots=True)
class Handelingen:
    """A part of the record of a sitting: h-tk-20232024-12-3 is item 3 of meeting 12 (from 2011 on); before,
    h-tk-20082009-7140-7144 is pages 7140 to 7144. `chamber` is tk, ek or vv (verenigde vergadering)."""

    chamber: str
    vergaderjaar: Vergaderjaar
    number: int
    part: int | None = None
    suffix: str | None = None

    @property
    def id(self) -> str:
        part = f"-{self.part}" if self.part is not None else ""
        suffix = f"-{self.suffix}" if self.suffix else ""
        return f"h-{self.chamber}-{self.vergaderjaar.id}-{self.number}{part}{suffix}"


HANDELINGEN = re.compile(
    f"h-(?P<chamber>tk|ek|vv)-(?P<vergaderjaar>{VERGADERJAAR})-(?P<number>[1-9][0-9]{{0,4}})"
    f"(-(?P<part>[1-9][0-9]{{0,4}}))?{_SUFFIX}"
)


def parse_handelingen(text: str) -> Handelingen | None:
    """An h- id, or None.

    >>> parse_handelingen("h-tk-20232024-12-3").id
    'h-tk-20232024-12-3'
    """
    match = HANDELINGEN.fullmatch(text)
    year = parse_vergaderjaar(match["vergaderjaar"]) if match else None
    if match is None or year is None:
        return None
    part = int(match["part"]) if match["part"] else None
    return Handelingen(match["chamber"], year, int(match["number"]), part, match["suffix"])


def is_handelingen(text: str) -> bool:
    return parse_handelingen(text) is not None


@dataclass(frozen=True, slots=True)
class Gazette:
    """A number of the Staatsblad (stb-2023-281, the acts and decrees) or the Staatscourant (stcrt-2009-9231)."""

    series: str  # "stb" or "stcrt"
    year: int
    number: int
    suffix: str | None = None

    @property
    def id(self) -> str:
        suffix = f"-{self.suffix}" if self.suffix else ""
        return f"{self.series}-{self.year}-{self.number}{suffix}"


GAZETTE = re.compile(f"(?P<series>stb|stcrt)-(?P<year>{YEAR})-(?P<number>[1-9][0-9]{{0,5}}){_SUFFIX}")


def parse_gazette(text: str) -> Gazette | None:
    """A stb- or stcrt- id, or None.

    >>> parse_gazette("stb-1983-297-n1")
    Gazette(series='stb', year=1983, number=297, suffix='n1')
    """
    match = GAZETTE.fullmatch(text)
    if match is None:
        return None
    return Gazette(match["series"], int(match["year"]), int(match["number"]), match["suffix"])


# --- officielebekendmakingen: any publication ------------------------------------------------------------------

Publication = Kamervragen | Aanhangsel | Kamerstuk | Handelingen | Gazette

#: The parliamentary papers: Kamervragen, Aanhangsel, Kamerstukken, Handelingen.
PARLIAMENTARY_PAPER = re.compile("|".join(source(p) for p in (KAMERVRAGEN, AANHANGSEL, KAMERSTUK, HANDELINGEN)))
#: Any officielebekendmakingen id kgraph knows.
KOOP_ID = re.compile(f"{source(PARLIAMENTARY_PAPER)}|{source(GAZETTE)}")
#: The ids a Kamervragen document itself carries: the question set (kv-) or the answer or notice (ah-).
OWN_KOOP_ID = re.compile(f"{source(KAMERVRAGEN)}|{source(AANHANGSEL)}")


def parse_publication(text: str) -> Publication | None:
    """Any officielebekendmakingen id, parsed; None when it is none kgraph knows.

    >>> parse_publication("h-tk-20242025-87-15").number, parse_publication("kst-36410"), parse_publication("x")
    (87, None, None)
    """
    parsers: dict[str, Callable[[str], Publication | None]] = {
        "kv-": parse_kamervragen, "ah-": parse_aanhangsel, "kst-": parse_kamerstuk, "h-": parse_handelingen,
        "stb-": parse_gazette, "stcrt-": parse_gazette,
    }
    for prefix, parse in parsers.items():
        if text.startswith(prefix):
            return parse(text)
    return None


def is_publication(text: str) -> bool:
    return parse_publication(text) is not None


def is_parliamentary_paper(text: str) -> bool:
    """A kv-, ah-, kst- or h- id (not the Staatsblad or Staatscourant).

    >>> is_parliamentary_paper("kst-33328-AI"), is_parliamentary_paper("stb-2024-1")
    (True, False)
    """
    return not isinstance(parse_publication(text), Gazette | None)


# --- statutes: BWB, CELEX, ELI ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BwbId:
    """The id of a Dutch regulation (R: laws, decrees, ministerial regulations …) or treaty (V) in the Basis
    Wettenbestand, as in https://wetten.overheid.nl/BWBR0001840. 'W' is accepted too (issue 8 names it; no BWBW
    id could be checked here; the 2017 folder listing in ../shared/data/statutes holds only R and V)."""

    kind: str  # "R", "V" or "W"
    number: int

    @property
    def id(self) -> str:
        return f"BWB{self.kind}{self.number:07d}"


BWB_ID = re.compile("BWB(?P<kind>[RVW])(?P<number>[0-9]{7})")


def parse_bwb_id(text: str) -> BwbId | None:
    """A BWB id, or None.

    >>> parse_bwb_id("BWBR0001840"), parse_bwb_id("BWBX0001840")
    (BwbId(kind='R', number=1840), None)
    """
    match = BWB_ID.fullmatch(text)
    return BwbId(match["kind"], int(match["number"])) if match else None


def is_bwb_id(text: str) -> bool:
    return BWB_ID.fullmatch(text) is not None


@dataclass(frozen=True, slots=True)
class Celex:
    """A CELEX number: sector (3: legislation), year, document type (R regulation, L directive, D decision …),
    four-digit number, and the '(01)' that tells apart acts of one day. Consolidated versions (sector 0 with a
    date) are not cited by Kamervragen and are not read here."""

    sector: str
    year: int
    type: str
    number: int
    suffix: str | None = None

    @property
    def id(self) -> str:
        suffix = f"({self.suffix})" if self.suffix else ""
        return f"{self.sector}{self.year}{self.type}{self.number:04d}{suffix}"


CELEX = re.compile(
    f"(?P<sector>[0-9CE])(?P<year>{YEAR})(?P<type>[A-Z]{{1,2}})(?P<number>[0-9]{{4}})([(](?P<suffix>[0-9]{{2}})[)])?"
)


def parse_celex(text: str) -> Celex | None:
    """A CELEX number, or None.

    >>> parse_celex("32016R0679")
    Celex(sector='3', year=2016, type='R', number=679, suffix=None)
    """
    match = CELEX.fullmatch(text)
    if match is None:
        return None
    return Celex(match["sector"], int(match["year"]), match["type"], int(match["number"]), match["suffix"])


def is_celex(text: str) -> bool:
    return CELEX.fullmatch(text) is not None


def celex_of_eu_act(kind: str, year: int | str, number: int | str) -> str:
    """The CELEX number of "Verordening (EU) 2016/679" (kind 'R') or "Richtlijn (EU) 2022/2555" (kind 'L').

    >>> celex_of_eu_act("R", "2016", "679")
    '32016R0679'
    """
    return Celex("3", int(year), kind, int(number)).id


#: The CELEX number of a regulation (R) or directive (L): what kgraph cites as an EU statute, by its ELI.
CELEX_ACT = re.compile(f"3(?P<year>{YEAR})(?P<type>[RL])(?P<number>[0-9]{{4}})")
#: A statute kgraph cites: a BWB id or the CELEX number of a regulation or directive (the statutes it can give a
#: public address: `kgraph.mint.statute_iri`).
STATUTE_ID = re.compile(f"{source(BWB_ID)}|{source(CELEX_ACT)}")


def is_statute_id(text: str) -> bool:
    """A BWB id or the CELEX number of a regulation or directive.

    >>> is_statute_id("BWBR0001840"), is_statute_id("32016R0679"), is_statute_id("32016D0001")
    (True, True, False)
    """
    return STATUTE_ID.fullmatch(text) is not None


EU_ELI_BASE = "http://data.europa.eu/eli/"


@dataclass(frozen=True, slots=True)
class EuEli:
    """The European Legislation Identifier of an EU regulation or directive as published in the Official
    Journal: http://data.europa.eu/eli/reg/2016/679/oj."""

    type: str  # "reg" or "dir"
    year: int
    number: int

    @property
    def id(self) -> str:
        return f"{EU_ELI_BASE}{self.type}/{self.year}/{self.number}/oj"


EU_ELI = re.compile(f"http://data[.]europa[.]eu/eli/(?P<type>reg|dir)/(?P<year>{YEAR})/(?P<number>[1-9][0-9]{{0,3}})/oj")


def parse_eu_eli(text: str) -> EuEli | None:
    """An ELI of an EU regulation or directive, or None.

    >>> parse_eu_eli("http://data.europa.eu/eli/reg/2016/679/oj")
    EuEli(type='reg', year=2016, number=679)
    """
    match = EU_ELI.fullmatch(text)
    return EuEli(match["type"], int(match["year"]), int(match["number"])) if match else None


def eli_of_celex(celex: str) -> EuEli | None:
    """The ELI of a regulation (R) or directive (L) of sector 3; None for other CELEX numbers. Implementing and
    delegated acts have their own ELI types (reg_impl, reg_del) that a CELEX number does not tell; they get the
    plain type.

    >>> eli_of_celex("32022R2065").id, eli_of_celex("32016D0001")
    ('http://data.europa.eu/eli/reg/2022/2065/oj', None)
    """
    match = CELEX_ACT.fullmatch(celex)
    if match is None:
        return None
    return EuEli("reg" if match["type"] == "R" else "dir", int(match["year"]), int(match["number"]))


def celex_of_eli(eli: str) -> str | None:
    """The CELEX number of an ELI of a regulation or directive, or None.

    >>> celex_of_eli("http://data.europa.eu/eli/dir/2022/2555/oj")
    '32022L2555'
    """
    parsed = parse_eu_eli(eli)
    return celex_of_eu_act("R" if parsed.type == "reg" else "L", parsed.year, parsed.number) if parsed else None
