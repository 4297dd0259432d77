"""Statute mentions: Dutch laws by full title or unambiguous abbreviation, EU acts by number or Dutch name.

Alias tables are data (kgraph/data/statute_aliases.csv, statute_names_eu_nl.csv), validated when loaded.
Ambiguous abbreviations (marked 'low' in the table: "Ow", "Wpg", "AW" …) are matched only by full title;
resolving them from context belongs to the linking stage.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from kgraph import identifiers
from kgraph.resources import data_file

_PARENTHETICAL = re.compile(r"\s*\(([^()]*)\)")
# "Verordening (EU) 2016/679" and "Richtlijn (EU) 2022/2555", also "(EU) nr. 2016/679".
_EU_ACT = re.compile(r"\b(?P<sort>[Vv]erordening|[Rr]ichtlijn)\s+\((?:EU|EG|EEG)\)\s+(?:nr\.\s*)?(?P<year>\d{4})/(?P<number>\d{1,4})\b")


@dataclass(frozen=True, slots=True)
class StatuteMention:
    identifier: str  # BWB id or CELEX number
    label: str  # as printed
    start: int
    end: int
    article: str | None = None  # "68", "3:4", "6" when printed as "artikel 68 Grondwet"


# "artikel 68 Grondwet", "artikel 6, eerste lid, van de Wet …", "art. 3:4 Awb", "artikelen 12 en 13 van de …":
# the article number just before a statute name.
_ARTICLE = re.compile(
    r"\b(?:artikel(?:en)?|art\.)\s+(?P<article>\d+(?::\d+)?[a-z]?)"
    r"(?:\s*(?:,|en|t/m)\s*\d+(?::\d+)?[a-z]?)*"
    r"(?:,?\s+(?:onder\s+\w+|\w+\s+lid|sub\s+\w+|onderdeel\s+\w+)(?:,?\s+onder\s+\w+)?)*"
    r",?\s+(?:van\s+(?:de|het)\s+)?$",
    re.IGNORECASE,
)
# An abbreviation defined in the document itself: "de Wet politiegegevens (Wpg)", "(hierna: Wpg)".
_DEFINITION = re.compile(r"\(\s*(?:hierna\s*:?\s*)?(?:de\s+|het\s+)?(?P<abbreviation>[A-Z][A-Za-z0-9-]{1,9})\s*\)")


def _rows(name: str) -> Iterator[dict[str, str]]:
    with data_file(name).open(encoding="utf-8") as handle:
        yield from csv.DictReader(line for line in handle if not line.startswith("#"))


def _check_identifier(identifier: str, source: str) -> str:
    if not identifiers.is_statute_id(identifier):
        raise ValueError(f"{source}: not a BWB id or the CELEX number of a regulation or directive: {identifier!r}")
    return identifier


@functools.cache
def _abbreviations() -> tuple[dict[str, str], frozenset[str]]:
    """(unambiguous abbreviation -> id, ambiguous abbreviations). An abbreviation is ambiguous when the table
    marks it 'low', or when another statute's abbreviation is the same but for case or a year after it
    ("Aw": Auteurswet, but "AW" is the Ambtenarenwet and "Aw 1995" the Archiefwet)."""
    entries: list[tuple[str, str, bool]] = []
    for row in _rows("statute_aliases.csv"):
        identifier = _check_identifier(row["id"].strip(), "statute_aliases.csv")
        for abbreviation in row["abbreviations"].split(";"):
            abbreviation = _PARENTHETICAL.sub("", abbreviation).strip()
            if abbreviation:
                entries.append((abbreviation, identifier, row["abbrev_confidence"].startswith("high")))

    def stem(abbreviation: str) -> str:
        return re.sub(r"\s+\d{4}$", "", abbreviation).lower()

    ids_by_exact: dict[str, set[str]] = {}
    ids_by_stem: dict[str, set[str]] = {}
    for abbreviation, identifier, _ in entries:
        ids_by_exact.setdefault(abbreviation.lower(), set()).add(identifier)
        ids_by_stem.setdefault(stem(abbreviation), set()).add(identifier)

    def unambiguous(abbreviation: str) -> bool:
        if len(ids_by_exact[abbreviation.lower()]) > 1:
            return False
        # A bare abbreviation collides with the same letters plus a year; "Aw 1995" itself does not.
        return stem(abbreviation) != abbreviation.lower() or len(ids_by_stem[stem(abbreviation)]) == 1

    clear = {a: i for a, i, high in entries if high and unambiguous(a)}
    return clear, frozenset(a for a, _, _ in entries if a not in clear)


@functools.cache
def _matchers() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """(titles, case-insensitive), (abbreviations, case-sensitive) and the lookup from printed form to id."""
    titles: dict[str, str] = {}
    for row in _rows("statute_aliases.csv"):
        identifier = _check_identifier(row["id"].strip(), "statute_aliases.csv")
        title = row["title"].strip()
        main = _PARENTHETICAL.sub("", title).strip()
        titles[main.lower()] = identifier
        for inner in _PARENTHETICAL.findall(title):
            if len(inner) > 12 and not inner.startswith(("vervallen", "sinds")):
                titles[inner.lower()] = identifier
    for row in _rows("statute_names_eu_nl.csv"):
        titles[row["name"].strip().lower()] = _check_identifier(row["celex"].strip(), "statute_names_eu_nl.csv")
    abbreviations = _abbreviations()[0]
    lookup = {**titles, **abbreviations}

    title_pattern = re.compile(rf"(?<![\w-])(?:{_trie(titles, re.IGNORECASE)})(?![\w-])", re.IGNORECASE)
    abbreviation_pattern = re.compile(rf"(?<![\w-])(?:{_trie(abbreviations)})(?![\w-])")
    return title_pattern, abbreviation_pattern, lookup


_Node = dict[str, "_Node"]  # a trie of names: next character -> the rest ("" where a name ends)


def _trie(names: Iterable[str], flags: int = 0) -> str:
    """The names as one pattern shaped like a trie: it matches what the alternation of the names, longest first,
    matches (at every branch going on is tried before stopping, so a match is the longest name that fits), but the
    engine reads each character once instead of trying the hundred names that begin "wet " one by one.

    >>> _trie(["wet", "wetboek", "wetten", "gaswet"])
    '(?:wet(?:boek|ten)?|gaswet)'
    """
    root: _Node = {}
    for name in names:
        node = root
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}  # a name ends here
    return _trie_source(root, flags)


def _trie_source(node: _Node, flags: int) -> str:
    branches = [char for char in node if char]
    for i, char in enumerate(branches):
        # Branches must exclude each other, or the first could take a shorter name than a later one would.
        if any(re.fullmatch(re.escape(char), other, flags) for other in branches[i + 1:]):
            raise ValueError(f"statute names: {char!r} and a character like it begin names at the same place")
    if not branches:
        return ""
    body = "|".join(re.escape(char) + _trie_source(node[char], flags) for char in branches)
    if len(branches) > 1 or "" in node:
        body = f"(?:{body})"
    return body + "?" if "" in node else body


def _ambiguous() -> frozenset[str]:
    """Abbreviations linked only where the document defines them after the full title."""
    return _abbreviations()[1]


def _defined_abbreviations(text: str, titles: list[StatuteMention]) -> dict[str, str]:
    """Abbreviations the document defines right after a statute's full title: 'Wet politiegegevens (Wpg)'."""
    defined = {}
    for mention in titles:
        definition = _DEFINITION.match(text, mention.end, mention.end + 40)
        if definition is None:
            definition = _DEFINITION.match(text, mention.end + 1, mention.end + 40)
        if definition:
            defined[definition["abbreviation"]] = mention.identifier
    return defined


def find_statutes(text: str) -> list[StatuteMention]:
    """Statute mentions in text, in order, with the article when one is printed before the name; overlapping
    matches keep the longest. Ambiguous abbreviations ("Wpg": Wet politiegegevens or Wet publieke gezondheid)
    count only where the document defines them after the full title.

    >>> [(m.identifier, m.label) for m in find_statutes("de digitaledienstenverordening en de Awb")]
    [('32022R2065', 'digitaledienstenverordening'), ('BWBR0005537', 'Awb')]
    >>> [m.identifier for m in find_statutes("Verordening (EU) 2016/679")]
    ['32016R0679']
    >>> [(m.identifier, m.article) for m in find_statutes("op grond van artikel 68 Grondwet")]
    [('BWBR0001840', '68')]
    """
    title_pattern, abbreviation_pattern, lookup = _matchers()
    found: list[StatuteMention] = []
    titles = [StatuteMention(lookup[m.group(0).lower()], m.group(0), m.start(), m.end()) for m in title_pattern.finditer(text)]
    found.extend(titles)
    for match in abbreviation_pattern.finditer(text):
        found.append(StatuteMention(lookup[match.group(0)], match.group(0), match.start(), match.end()))
    defined = {a: i for a, i in _defined_abbreviations(text, titles).items() if a in _ambiguous()}
    if defined:
        pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, defined))})(?![\w-])")
        found.extend(StatuteMention(defined[m.group(0)], m.group(0), m.start(), m.end()) for m in pattern.finditer(text))
    for match in _EU_ACT.finditer(text):
        sort = "R" if match["sort"].lower() == "verordening" else "L"
        celex = identifiers.celex_of_eu_act(sort, match["year"], match["number"])
        found.append(StatuteMention(celex, match.group(0), match.start(), match.end()))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[StatuteMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        article = _ARTICLE.search(text[max(0, mention.start - 120):mention.start])
        kept.append(replace(mention, article=article["article"]) if article else mention)
    return kept
