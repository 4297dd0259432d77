"""Ministries: the department behind a printed portfolio, and how ministries were renamed, merged and split.

A minister "voor Klimaat en Energie" sits in the ministry of Economische Zaken en Klimaat; a post is linked to
its department only where the table (kgraph/data/portfolios.csv) names it. TOOI identifiers
(identifier.overheid.nl/tooi/id/ministerie/…) are not used: no list of them could be verified here.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from kgraph.extract.portfolios import canonical_portfolio
from kgraph.link.model import EntityLink
from kgraph.link.tables import key, rows, split
from kgraph.mint import Minter

RULE = "portfolio table"


@dataclass(frozen=True, slots=True)
class MinistryChange:
    date: dt.date
    before: tuple[str, ...]
    after: tuple[str, ...]


@functools.cache
def _departments() -> dict[str, str]:
    return {key(row["portfolio"]): row["department"] for row in rows("portfolios.csv", ("portfolio", "kind")) if row["department"]}


@functools.cache
def changes() -> tuple[MinistryChange, ...]:
    """Every rename, merge and split in kgraph/data/ministry_changes.csv, names canonical."""
    found = []
    for row in rows("ministry_changes.csv", ("date", "from", "to")):
        found.append(MinistryChange(
            dt.date.fromisoformat(row["date"]),
            tuple(canonical_portfolio(name) for name in split(row["from"])),
            tuple(canonical_portfolio(name) for name in split(row["to"])),
        ))
    return tuple(found)


def ministry_of(portfolio: str, minter: Minter) -> EntityLink | None:
    """The department a portfolio belongs to, when the table knows it.

    >>> ministry_of("Klimaat en Energie", Minter()).label
    'Economische Zaken en Klimaat'
    >>> ministry_of("Digitale Zaken", Minter()) is None
    True
    """
    department = _departments().get(key(canonical_portfolio(portfolio)))
    if not department:
        return None
    return EntityLink(str(minter.ministry(department)), department, RULE)


@functools.cache
def portfolios_of(department: str) -> tuple[str, ...]:
    """The portfolios the table places in a department, other than its own name: what a post in it may be for.

    >>> "Klimaat en Energie" in portfolios_of("Economische Zaken en Klimaat")
    True
    """
    return tuple(sorted({row["portfolio"] for row in rows("portfolios.csv", ("portfolio", "kind"))
                         if row["department"] == department and row["portfolio"] != department}))
