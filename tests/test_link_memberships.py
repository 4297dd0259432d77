"""Parties in time (kgraph.link.memberships): the member's party at a document's date, from the parties printed
with them across question sets; misprints overruled and reported, real switches and joint fractions left alone."""

from __future__ import annotations

import datetime as dt

import pytest

from kgraph.link.memberships import AS_PRINTED_RULE, OVERRULED_RULE, Observation, memberships_graph, resolve_parties
from kgraph.mint import Minter
from kgraph import vocab as v

M = Minter()
PERSON = str(M.person("C.", "Teunissen"))


def seen(n: int, label: str | None, day: str | None, person: str = PERSON) -> Observation:
    """Question set n of `person`, printing party `label` on `day`."""
    party = str(M.party(label)) if label else None
    return Observation(f"urn:a{n}", person, party, label, dt.date.fromisoformat(day) if day else None, f"urn:set{n}",
                       f"doc{n}.pdf", label)


@pytest.mark.parametrize(
    ("name", "history", "expected", "disagrees"),
    [
        # learninglion/1b0f0b98: 'Teunissen (PvdA)' in April 2024, PvdD in October and November.
        ("misprint overruled", [("PvdA", "2024-04-04"), ("PvdD", "2024-10-16"), ("PvdD", "2024-11-18")], "PvdD", True),
        ("misprint between two", [("PvdA", "2024-04-04"), ("PvdD", "2024-01-04"), ("PvdD", "2024-11-18")], "PvdD", True),
        # Bontes and Van Klaveren left the PVV in March 2014: the new group printed after it stands.
        ("a switch stands", [("Groep Bontes/Van Klaveren", "2014-06-24"), ("PVV", "2013-09-01"), ("PVV", "2013-11-01")],
         "Groep Bontes/Van Klaveren", False),
        # GroenLinks members sat in the joint fraction GroenLinks-PvdA from 2023: related, never a misprint.
        ("a joint fraction is related", [("GroenLinks", "2023-03-01"), ("GroenLinks-PvdA", "2024-01-04"),
                                         ("GroenLinks-PvdA", "2024-02-04")], "GroenLinks", False),
        ("one other set is not enough", [("PvdA", "2024-04-04"), ("PvdD", "2024-10-16")], "PvdA", False),
        ("a year away does not count", [("PvdA", "2022-01-04"), ("PvdD", "2024-10-16"), ("PvdD", "2024-11-18")], "PvdA", False),
        ("printed again: as printed", [("PvdA", "2024-04-04"), ("PvdA", "2024-05-01"), ("PvdD", "2024-10-16"),
                                       ("PvdD", "2024-11-18")], "PvdA", False),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_party_at_date(name: str, history: list[tuple[str, str]], expected: str, disagrees: bool) -> None:
    """The first question set of `history` is resolved against the others."""
    observations = [seen(n, label, day) for n, (label, day) in enumerate(history)]
    found = resolve_parties(observations)[observations[0].attribution]
    assert (found.label, found.disagrees) == (expected, disagrees)
    assert found.rule == (OVERRULED_RULE if disagrees else AS_PRINTED_RULE)
    assert 0 < found.confidence <= 1


def test_no_party_printed_takes_the_clear_majority() -> None:
    observations = [seen(0, None, "2024-04-04"), seen(1, "PvdD", "2024-10-16"), seen(2, "PvdD", "2024-11-18")]
    assert resolve_parties(observations)[observations[0].attribution].label == "PvdD"
    tie = [seen(0, None, "2024-04-04"), seen(1, "PvdD", "2024-10-16"), seen(2, "SP", "2024-11-18")]
    assert tie[0].attribution not in resolve_parties(tie)


def test_other_members_do_not_count() -> None:
    observations = [seen(0, "PvdA", "2024-04-04"), seen(1, "PvdD", "2024-10-16", "urn:someone"),
                    seen(2, "PvdD", "2024-11-18", "urn:someone")]
    assert resolve_parties(observations)[observations[0].attribution].label == "PvdA"


def test_the_derived_graph_dates_each_membership() -> None:
    observations = [seen(0, "PvdA", "2024-04-04"), seen(1, "PvdD", "2024-10-16"), seen(2, "PvdD", "2024-11-18")]
    graph = memberships_graph(observations, resolve_parties(observations), M)
    assert (M.memberships() == graph.identifier)
    assert set(graph.objects(None, v.KG.partyAtDate)) == {M.party("PvdD")}
    [membership] = graph.subjects(v.ORG.organization, M.party("PvdD"))
    interval = graph.value(membership, v.ORG.memberDuring)
    first = graph.value(graph.value(interval, v.TIME.hasBeginning), v.TIME.inXSDDate)
    last = graph.value(graph.value(interval, v.TIME.hasEnd), v.TIME.inXSDDate)
    assert (str(first), str(last)) == ("2024-04-04", "2024-11-18")


def test_an_undated_set_is_not_later() -> None:
    """tkweb/133 (2014-06-24, Groep Bontes/Van Klaveren) against two PVV sets of 2013 and an undated one: nothing
    says the member was in the PVV after."""
    observations = [seen(0, "Groep Bontes/Van Klaveren", "2014-06-24"), seen(1, "PVV", "2013-11-01"),
                    seen(2, "PVV", "2013-12-03"), seen(3, "PVV", None)]
    assert resolve_parties(observations)[observations[0].attribution].disagrees is False
