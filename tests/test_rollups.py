"""kgraph/rollups.py: the tallies sum to the distinct counts for every date range, the queries that read them give
the rows the documents give, and the graph is deterministic and only rewritten when it changes."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from kgraph.library import named_query
from kgraph.rollups import KGR, ROLLUPS_SOURCE, _Counter, put_rollups
from kgraph.store import Store
from kgraph.vocab import KG, PROV, RDF, SCHEMA, XSD

from kamer_world import FIN, JAN, JENV, Z1, build_store

# The aggregations that read the rollups, with the parameters that narrow them.
ROLLED_UP = {
    "questions-per-member": ("since", "until"),
    "questions-per-party": ("since", "until"),
    "questions-per-ministry": ("since", "until"),
    "questions-per-month": ("since", "until"),
    "top-sources": ("since", "until"),
    "co-asker-pairs": ("member", "minimum"),
    "answer-time": ("since", "until"),
    "statutes-per-ministry": ("ministry",),
    "open-questions": ("includeUnlinked", "asOf"),
}
# Every ingezonden date of the world (and of the extra document below), and days between and around them.
DAYS = ["2023-11-30", "2023-12-01", "2024-01-10", "2024-01-31", "2024-02-05", "2024-02-20", "2024-03-01",
        "2024-03-15", "2024-04-01", "2024-05-01"]


def _extra_document() -> Graph:
    """A document of case Z1 that prints another ingezonden date (2024-02-20) than D1 and D2 (2024-01-10): Z1 then
    has documents on two dates, which the tallies must count once in a range that holds both."""
    doc = URIRef("https://w3id.org/kgraph/id/doc/extra-z1")
    graph = Graph()
    graph.add((doc, RDF.type, KG.PostponementNotice))
    graph.add((doc, KG.case, Z1))
    graph.add((doc, KG.askedBy, JAN))
    graph.add((doc, KG.questionsSubmitted, Literal("2024-02-20", datatype=XSD.date)))
    question = URIRef(f"{doc}/question/4")
    graph.add((question, RDF.type, SCHEMA.Question))
    graph.add((question, SCHEMA.isPartOf, doc))
    graph.add((question, KG.number, Literal("4")))
    attribution = URIRef(f"{doc}/attribution/1")
    graph.add((doc, PROV.qualifiedAttribution, attribution))
    graph.add((attribution, PROV.agent, JAN))
    graph.add((attribution, PROV.hadRole, KG.asker))
    return graph


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Store]]:
    """The world with the extra document: without rollups (the queries count the documents) and with them."""
    pair = []
    for name in ("documents", "rollups"):
        store = build_store(tmp_path_factory.mktemp(name) / "store")
        store.put_document(URIRef("https://w3id.org/kgraph/id/doc/extra-z1"), _extra_document(),
                           source="extra-z1", sha256="0")
        if name == "rollups":
            put_rollups(store)
        pair.append(store)
    yield pair[0], pair[1]
    for store in pair:
        store.close()


def _ranges() -> Iterator[dict[str, str]]:
    yield {}
    for day in DAYS:
        yield {"since": day}
        yield {"until": day}
    for since, until in itertools.combinations_with_replacement(DAYS, 2):
        yield {"since": since, "until": until}


@pytest.mark.parametrize("name", sorted(ROLLED_UP))
def test_rollups_give_the_rows_the_documents_give(stores: tuple[Store, Store], name: str) -> None:
    documents, rollups = stores
    query = named_query(name)
    if ROLLED_UP[name] == ("since", "until"):
        values = list(_ranges())
    elif name == "open-questions":
        values = [{}, {"includeUnlinked": "true"}, {"asOf": "2024-04-01"}, {"asOf": "2024-04-01", "includeUnlinked": "1"}]
    elif name == "statutes-per-ministry":
        values = [{}, {"ministry": str(FIN)}, {"ministry": str(JENV)}, {"ministry": "https://example.org/none"}]
    else:
        values = [{}, {"minimum": "2"}, {"minimum": "3"}, {"member": str(JAN)}, {"member": str(JAN), "minimum": "2"}]
    for given_values in values:
        expected = documents.query(query.bound(given_values))
        assert expected.kind == "select"
        assert rollups.query(query.bound(given_values)) == expected, (name, given_values)


def test_a_set_with_two_dates_counts_once(stores: tuple[Store, Store]) -> None:
    _, rollups = stores
    # Z1 has documents of 2024-01-10 (D1, D2) and of 2024-02-20 (the extra one): Jansen's sets in January to
    # February are Z1 and Z2, not three.
    rows = rollups.query(named_query("questions-per-member").bound({"since": "2024-01-01", "until": "2024-02-29"}))
    jansen = [row for row in rows.rows if row[0] == str(JAN)]
    assert [(row[3], row[4]) for row in jansen] == [("2", "6")]  # Z1 q1-4 and Z2 q1-2


@given(st.lists(st.tuples(st.integers(0, 3), st.one_of(st.none(), st.integers(1, 9))), max_size=25),
       st.one_of(st.none(), st.integers(0, 10)), st.one_of(st.none(), st.integers(0, 10)))
def test_tallies_sum_to_the_distinct_count_of_every_range(seen: list[tuple[int, int | None]], since: int | None,
                                                          until: int | None) -> None:
    """(thing, day) sightings of one group: the tallies inside [since, until] sum to the things seen in it."""
    counter = _Counter()
    group = (Literal("g"),)
    for thing, day in seen:
        counter.add(group, "n", str(thing), None if day is None else f"2024-01-{day:02d}")
    unbounded = since is None and until is None
    expected = len({thing for thing, day in seen if (unbounded or day is not None)
                    and (day is None or ((since is None or day >= since) and (until is None or day <= until)))})
    total = 0
    for (_, first, last), measures in counter.tallies().items():
        if first is None or last is None:
            inside = unbounded
        else:
            inside = ((since is None or first >= f"2024-01-{since:02d}")
                      and (until is None or last <= f"2024-01-{until:02d}"))
        total += measures["n"] if inside else 0
    assert total == expected


def test_the_graph_is_deterministic_and_rewritten_only_when_it_changes(tmp_path: Path) -> None:
    store = build_store(tmp_path / "store")
    try:
        put_rollups(store)
        first = {doc.source: doc for doc in store.documents()}[ROLLUPS_SOURCE]
        put_rollups(store)
        again = {doc.source: doc for doc in store.documents()}[ROLLUPS_SOURCE]
        assert again == first  # same digest, and not stored again (the same time)
        store.put_document(URIRef("https://w3id.org/kgraph/id/doc/extra-z1"), _extra_document(),
                           source="extra-z1", sha256="0")
        put_rollups(store)
        changed = {doc.source: doc for doc in store.documents()}[ROLLUPS_SOURCE]
        assert changed.sha256 != first.sha256
        tallies = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?t a <{KGR.Tally}> }}").rows
        assert int(tallies[0][0] or 0) > 0
        assert not store.has_blank_nodes(str(changed.graph))
    finally:
        store.close()


def test_an_empty_store_has_rollups_and_no_rows(tmp_path: Path) -> None:
    with Store.open(tmp_path / "empty", create=True) as empty:
        put_rollups(empty)
        assert empty.query(f"ASK {{ ?r a <{KGR.Rollups}> }}").boolean
        for name in ROLLED_UP:
            assert empty.query(named_query(name).bound({})).rows == ()


def test_a_group_whose_rows_come_apart_is_an_error_not_two_tallies() -> None:
    """The counting holds one group at a time, so it needs the rows sorted by group: a group that comes back
    after another would be counted twice under one tally IRI, and is refused instead."""
    counter = _Counter(("n",))
    a, b = (Literal("a"),), (Literal("b"),)
    tallies = [*counter.next_group(a)]
    counter.add(a, "n", "x", "2024-01-01")
    tallies += counter.next_group(b)
    assert tallies == [(a, "2024-01-01", "2024-01-01", {"n": 1}, None)]  # a's tally, as b starts
    counter.add(b, "n", "y", None)
    with pytest.raises(RuntimeError, match="did not come together"):
        [*counter.next_group(a)]
