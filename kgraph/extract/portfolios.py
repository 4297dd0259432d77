"""Portfolio names: abbreviations expanded, sub-portfolios dropped, spacing damage and typos repaired.

The names, their spellings and dates are the lexicon's (`kgraph.extract.lexicon`, over
kgraph/data/portfolios.csv); this module only reduces a printed portfolio to the name the gold compares:
the ministry without the sub-portfolio a state secretary holds in it.
"""

from __future__ import annotations

import re

from kgraph.extract import lexicon
from kgraph.fold import comparison_key

# "Financiën – Fiscaliteit en Belastingdienst", "Financiën (Fiscaliteit, Belastingdienst en Douane)": the
# ministry comes first, the sub-portfolio after a dash or in brackets.
_SUB_PORTFOLIO = re.compile(r"\s+[–—-]\s+.*$|\s*\(.*$")
_EDGES = re.compile(r"^[\s,.;:(]+|[\s,.;:)]+$")
# What may follow a portfolio when a phrase boundary was lost (keys are lower-case, without spaces).
_RUN_ON = re.compile(r"^(?:over|bijafwezigheid|inzake|met|mededenamens|$)")
_GLUED = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])")


def _whole(printed: str, *, run_on: bool) -> lexicon.Portfolio | None:
    """The portfolio `printed` names whole: exactly, or with typos; with `run_on`, also when the text runs on
    past the name into the sentence ("… en Sportover het bericht", "…, bij afwezigheid van")."""
    found = lexicon.lookup(printed)
    if found is not None:
        return found
    match = lexicon.match_prefix(printed)
    if match is None:
        return None
    rest = comparison_key(printed[match[1]:])
    return match[0] if (not rest or (run_on and _RUN_ON.match(rest))) else None


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

    Older names and other spellings, typos, and a sub-portfolio printed alone:

    >>> canonical_portfolio("Onderwijs, Cultuur en Wetenschappen"), canonical_portfolio("Binnenlandse Zaken en Koninkrijkrelaties")
    ('Onderwijs, Cultuur en Wetenschap', 'Binnenlandse Zaken en Koninkrijksrelaties')
    >>> canonical_portfolio("Toeslagen en Douane"), canonical_portfolio("Financiën–Toeslagen en Douane")
    ('Toeslagen en Douane', 'Financiën')
    """
    name = _EDGES.sub("", " ".join(printed.split()))
    head = _EDGES.sub("", _SUB_PORTFOLIO.sub("", name))
    for text in dict.fromkeys((head, name)):  # the ministry alone first: the gold compares without sub-portfolio
        if not text:
            continue
        found = _whole(text, run_on=True)
        if found is None:
            continue
        if found.parent and comparison_key(text).startswith(comparison_key(found.parent)):
            return found.parent  # printed with its ministry, only the dash was not spaced
        return found.name
    return _GLUED.sub(" ", head)


def is_known(printed: str) -> bool:
    """Whether the lexicon knows the whole of `printed` (typos allowed, nothing after it).

    >>> is_known("OCenW"), is_known("Volksgezonheid, Welzijn en Sport"), is_known("Financiën over het bericht")
    (True, True, False)
    """
    return _whole(printed.strip(), run_on=False) is not None
