"""kgraph.views: the co-asker network of a hand-built three-document store, worked out by hand, and its files."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from kgraph.errors import UsageError
from kgraph.mint import Minter
from kgraph.model import Document, Kind
from kgraph.store import Store
from kgraph.views import NETWORK_FORMATS, co_asker_network, write_network

KG = Namespace("https://w3id.org/kgraph/def#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")

MINT = Minter()
JAN, PIET, KLAAS, MARIE = (MINT.person(name) for name in ("Jan Jansen", "Piet Peters", "Klaas Kok", "Marie Maas"))

# (KOOP id, class, [(person, name as printed, party as printed or None)])
DOCUMENTS: list[tuple[str, URIRef, list[tuple[URIRef, str, str | None]]]] = [
    (
        "kv-1",
        KG.QuestionSet,
        [(JAN, "Jan Jansen", "GL-PvdA"), (PIET, "Piet Peters", "CDA"), (KLAAS, "Klaas Kok", "CDA")],
    ),
    ("kv-2", KG.QuestionSet, [(JAN, "Jan Jansen", "GL-PvdA"), (PIET, "Piet Peters", "BBB")]),
    # "GL-PVDA" has the same slug, so the same party IRI: the union gives that party both labels, and only
    # reading each document's own graph tells that "GL-PvdA" was printed twice with Jan and "GL-PVDA" once.
    ("kv-3", KG.QuestionSet, [(JAN, "Jan Jansen", "GL-PVDA"), (MARIE, "Marie Maas", None)]),
    ("ah-1", KG.AnswerDocument, []),
]

# Worked out by hand from DOCUMENTS:
EXPECTED_NODES = {
    JAN: {"name": "Jan Jansen", "party": "GL-PvdA", "questions": 3},  # GL-PvdA 2, GL-PVDA 1
    PIET: {"name": "Piet Peters", "party": "BBB", "questions": 2},  # CDA 1, BBB 1: tie, alphabetically first
    KLAAS: {"name": "Klaas Kok", "party": "CDA", "questions": 1},
    MARIE: {"name": "Marie Maas", "questions": 1},  # no party printed
}
EXPECTED_EDGES = {
    frozenset({JAN, PIET}): 2,  # kv-1, kv-2
    frozenset({JAN, KLAAS}): 1,
    frozenset({PIET, KLAAS}): 1,
    frozenset({JAN, MARIE}): 1,
}


def document_graph(key: str, kind: URIRef, askers: list[tuple[URIRef, str, str | None]]) -> tuple[URIRef, Graph]:
    doc = MINT.document(Document(source=f"{key}.txt", sha256=key, kind=Kind.QUESTIONS, koop_id=key))
    graph = Graph()
    graph.add((doc, RDF.type, kind))
    for position, (person, name, party) in enumerate(askers, 1):
        graph.add((doc, KG.askedBy, person))
        graph.add((person, RDF.type, FOAF.Person))
        graph.add((person, FOAF.name, Literal(name)))
        attribution = URIRef(f"{doc}/asker/{position}")
        graph.add((doc, PROV.qualifiedAttribution, attribution))
        graph.add((attribution, RDF.type, PROV.Attribution))
        graph.add((attribution, PROV.agent, person))
        graph.add((attribution, PROV.hadRole, KG.asker))
        if party is not None:
            party_iri = MINT.party(party)
            graph.add((attribution, KG.party, party_iri))
            graph.add((party_iri, RDF.type, KG.PoliticalParty))
            graph.add((party_iri, SKOS.prefLabel, Literal(party)))
    return doc, graph


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store", create=True) as opened:
        for key, kind, askers in DOCUMENTS:
            doc, graph = document_graph(key, kind, askers)
            opened.put_document(doc, graph, source=f"/corpus/{key}.txt", sha256=key)
        yield opened


def edges_of(graph: nx.Graph) -> dict[frozenset[str], int]:
    return {frozenset({str(u), str(v)}): int(data["weight"]) for u, v, data in graph.edges(data=True)}


def test_co_asker_network_matches_the_hand_count(store: Store) -> None:
    network = co_asker_network(store)
    nodes = {node: dict(data) for node, data in network.nodes(data=True)}
    assert nodes == {str(person): attributes for person, attributes in EXPECTED_NODES.items()}
    assert edges_of(network) == {frozenset(map(str, pair)): weight for pair, weight in EXPECTED_EDGES.items()}


def test_empty_store_gives_empty_network(tmp_path: Path) -> None:
    with Store.open(tmp_path / "empty", create=True) as empty:
        network = co_asker_network(empty)
    assert network.number_of_nodes() == 0 and network.number_of_edges() == 0


def written(graph: nx.Graph, fmt: str) -> bytes:
    out = io.BytesIO()
    write_network(graph, fmt, out)
    return out.getvalue()


def read_back(data: bytes, fmt: str) -> nx.Graph:
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(data))
    if fmt == "gexf":
        return nx.read_gexf(io.BytesIO(data))
    return nx.node_link_graph(json.loads(data), edges="links")


@pytest.mark.parametrize("fmt", NETWORK_FORMATS)
def test_each_format_reads_back_with_networkx(store: Store, fmt: str) -> None:
    network = co_asker_network(store)
    back = read_back(written(network, fmt), fmt)
    assert set(back.nodes) == set(network.nodes)
    assert edges_of(back) == edges_of(network)
    for node, expected in network.nodes(data=True):
        got = back.nodes[node]
        assert {key: got[key] for key in expected} == expected
        assert ("party" in got) == ("party" in expected)


@pytest.mark.parametrize("fmt", NETWORK_FORMATS)
def test_output_is_deterministic_whatever_the_insertion_order(store: Store, fmt: str) -> None:
    network = co_asker_network(store)
    shuffled = nx.Graph()
    for node in reversed(list(network.nodes)):
        shuffled.add_node(node, **dict(reversed(list(network.nodes[node].items()))))
    for u, v, data in reversed(list(network.edges(data=True))):
        shuffled.add_edge(v, u, **data)
    assert written(network, fmt) == written(shuffled, fmt)


def test_gexf_carries_no_date() -> None:
    assert b"lastmodifieddate" not in written(nx.path_graph(["a", "b"]), "gexf")


def test_unknown_format_lists_the_valid_ones() -> None:
    with pytest.raises(UsageError) as caught:
        write_network(nx.Graph(), "dot", io.BytesIO())
    assert all(fmt in str(caught.value) for fmt in NETWORK_FORMATS)
