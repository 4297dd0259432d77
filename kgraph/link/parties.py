"""Parties: a printed label ('GL-PvdA', 'Nieuw Sociaal Contract') to one party or fraction node.

Joint fractions (GroenLinks-PvdA) and groups that split off (Groep Van Haga from FVD) are nodes of their own,
related to their parties; the label as printed stays on the document's attribution.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from kgraph.link.model import EntityLink
from kgraph.link.tables import key, rows, split
from kgraph.mint import Minter

RULE = "party table"


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    composed_of: tuple[str, ...]
    split_from: str | None


@functools.cache
def parties() -> dict[str, Party]:
    """Canonical name -> party, for every row of kgraph/data/parties.csv."""
    table = {}
    for row in rows("parties.csv", ("name",)):
        table[row["name"]] = Party(row["name"], tuple(split(row["composed_of"])), row["split_from"] or None)
    for party in table.values():
        for other in (*party.composed_of, *filter(None, [party.split_from])):
            if other not in table:
                raise ValueError(f"parties.csv: {party.name} refers to {other!r}, which has no row")
    return table


@functools.cache
def _by_label() -> dict[str, str]:
    labels = {}
    for row in rows("parties.csv", ("name",)):
        for label in (row["name"], *split(row["variants"])):
            labels[key(label)] = row["name"]
    return labels


def party_of(label: str, minter: Minter) -> EntityLink | None:
    """The party or fraction a printed label names, or None for a label the table does not know.

    >>> party_of("GL–PvdA", Minter()).label
    'GroenLinks-PvdA'
    >>> party_of("Onbekende Partij", Minter()) is None
    True
    """
    name = _by_label().get(key(label))
    return EntityLink(str(minter.party(name)), name, RULE) if name else None


def labels(name: str) -> tuple[str, ...]:
    """A party's canonical name and the variants the table knows it by, for the labels of its node.

    >>> labels("GroenLinks")
    ('GroenLinks', 'GL')
    """
    for row in rows("parties.csv", ("name",)):
        if row["name"] == name:
            return (name, *split(row["variants"]))
    return (name,)
