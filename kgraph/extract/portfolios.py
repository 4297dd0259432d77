"""Portfolio names: abbreviations expanded, sub-portfolios dropped, spacing damage repaired.

The table (kgraph/data/portfolios.csv) is data, validated when loaded; this module only looks things up.
"""

from __future__ import annotations

import csv
import functools
import re

from kgraph.fold import comparison_key
from kgraph.resources import data_file

# "Financiën – Fiscaliteit en Belastingdienst", "Financiën (Fiscaliteit, Belastingdienst en Douane)": the
# ministry comes first, the sub-portfolio after a dash or in brackets.
_SUB_PORTFOLIO = re.compile(r"\s+[–—-]\s+.*$|\s*\(.*$")
_EDGES = re.compile(r"^[\s,.;:(]+|[\s,.;:)]+$")
# What may follow a portfolio when a phrase boundary was lost (keys are lower-case, without spaces).
_RUN_ON = re.compile(r"^(?:over|bijafwezigheid|inzake|met|mededenamens|$)")
_GLUED = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])")


# Keys survive lost spaces and case: 'Volksgezondheid, Welzijn enSport' == '… en Sport'.
_key = comparison_key


@functools.cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    by_key: dict[str, str] = {}
    by_abbreviation: dict[str, str] = {}
    path = data_file("portfolios.csv")
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for number, row in enumerate(rows, start=2):
            name = (row.get("portfolio") or "").strip()
            if not name or row.get("kind") not in {"ministry", "portfolio"}:
                raise ValueError(f"{path}: row {number} needs a portfolio and kind ministry|portfolio: {row}")
            by_key[_key(name)] = name
            for abbreviation in filter(None, (a.strip() for a in (row.get("abbreviations") or "").split(";"))):
                by_abbreviation[abbreviation.lower()] = name
    return by_key, by_abbreviation


def canonical_portfolio(printed: str) -> str:
    """The full portfolio name for a printed one.

    >>> canonical_portfolio("BZ")
    'Buitenlandse Zaken'
    >>> canonical_portfolio("Financiën – Fiscaliteit en Belastingdienst")
    'Financiën'
    >>> canonical_portfolio("Financiën (Fiscaliteit, Belastingdienst en Douane)")
    'Financiën'
    >>> canonical_portfolio("Volksgezondheid, Welzijn enSport")
    'Volksgezondheid, Welzijn en Sport'
    >>> canonical_portfolio("Digitale Zaken")
    'Digitale Zaken'
    """
    by_key, by_abbreviation = _table()
    name = _EDGES.sub("", _SUB_PORTFOLIO.sub("", " ".join(printed.split())))
    if name.lower() in by_abbreviation:
        return by_abbreviation[name.lower()]
    key = _key(name)
    if key in by_key:
        return by_key[key]
    # Text that ran on past the portfolio ("… en Sportover het bericht", "…, bij afwezigheid van"): the
    # longest known portfolio the text starts with.
    prefixes = [k for k in by_key if key.startswith(k) and _RUN_ON.match(key[len(k):])]
    if prefixes:
        return by_key[max(prefixes, key=len)]
    return _GLUED.sub(" ", name)


def is_known(printed: str) -> bool:
    by_key, by_abbreviation = _table()
    return printed.lower() in by_abbreviation or _key(printed) in by_key
