"""Statute mentions: Dutch laws by full title or unambiguous abbreviation, EU acts by number or Dutch name.

Alias tables are data (kgraph/data/statute_aliases.csv, statute_names_eu_nl.csv), validated when loaded.
Ambiguous abbreviations (marked 'low' in the table: "Ow", "Wpg", "AW" …) are matched only by full title;
resolving them from context belongs to the linking stage.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kgraph.resources import data_file

_CELEX = re.compile(r"^3\d{4}[RL]\d{4}$")
_BWB = re.compile(r"^BWB[RV]\d{7}$")
_PARENTHETICAL = re.compile(r"\s*\(([^()]*)\)")
# "Verordening (EU) 2016/679" and "Richtlijn (EU) 2022/2555", also "(EU) nr. 2016/679".
_EU_ACT = re.compile(r"\b(?P<sort>[Vv]erordening|[Rr]ichtlijn)\s+\((?:EU|EG|EEG)\)\s+(?:nr\.\s*)?(?P<year>\d{4})/(?P<number>\d{1,4})\b")


@dataclass(frozen=True, slots=True)
class StatuteMention:
    identifier: str  # BWB id or CELEX number
    label: str  # as printed
    start: int
    end: int


def _rows(name: str) -> Iterator[dict[str, str]]:
    with data_file(name).open(encoding="utf-8") as handle:
        yield from csv.DictReader(line for line in handle if not line.startswith("#"))


def _check_identifier(identifier: str, source: str) -> str:
    if not (_BWB.match(identifier) or _CELEX.match(identifier)):
        raise ValueError(f"{source}: not a BWB id or CELEX number: {identifier!r}")
    return identifier


@functools.cache
def _matchers() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """(titles, case-insensitive), (abbreviations, case-sensitive) and the lookup from printed form to id."""
    titles: dict[str, str] = {}
    abbreviations: dict[str, str] = {}
    for row in _rows("statute_aliases.csv"):
        identifier = _check_identifier(row["id"].strip(), "statute_aliases.csv")
        title = row["title"].strip()
        main = _PARENTHETICAL.sub("", title).strip()
        titles[main.lower()] = identifier
        for inner in _PARENTHETICAL.findall(title):
            if len(inner) > 12 and not inner.startswith(("vervallen", "sinds")):
                titles[inner.lower()] = identifier
        if row["abbrev_confidence"].startswith("high"):
            for abbreviation in row["abbreviations"].split(";"):
                abbreviation = _PARENTHETICAL.sub("", abbreviation).strip()
                if abbreviation:
                    abbreviations[abbreviation] = identifier
    for row in _rows("statute_names_eu_nl.csv"):
        titles[row["name"].strip().lower()] = _check_identifier(row["celex"].strip(), "statute_names_eu_nl.csv")
    lookup = {**titles, **abbreviations}

    def alternation(names: dict[str, str]) -> str:
        return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))

    title_pattern = re.compile(rf"(?<![\w-])(?:{alternation(titles)})(?![\w-])", re.IGNORECASE)
    abbreviation_pattern = re.compile(rf"(?<![\w-])(?:{alternation(abbreviations)})(?![\w-])")
    return title_pattern, abbreviation_pattern, lookup


def find_statutes(text: str) -> list[StatuteMention]:
    """Statute mentions in text, in order; overlapping matches keep the longest.

    >>> [(m.identifier, m.label) for m in find_statutes("de digitaledienstenverordening en de Awb")]
    [('32022R2065', 'digitaledienstenverordening'), ('BWBR0005537', 'Awb')]
    >>> [m.identifier for m in find_statutes("Verordening (EU) 2016/679")]
    ['32016R0679']
    """
    title_pattern, abbreviation_pattern, lookup = _matchers()
    found: list[StatuteMention] = []
    for match in title_pattern.finditer(text):
        found.append(StatuteMention(lookup[match.group(0).lower()], match.group(0), match.start(), match.end()))
    for match in abbreviation_pattern.finditer(text):
        found.append(StatuteMention(lookup[match.group(0)], match.group(0), match.start(), match.end()))
    for match in _EU_ACT.finditer(text):
        sort = "R" if match["sort"].lower() == "verordening" else "L"
        celex = f"3{match['year']}{sort}{int(match['number']):04d}"
        found.append(StatuteMention(celex, match.group(0), match.start(), match.end()))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[StatuteMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept
