"""kgraph.views: the co-asker network of a hand-built three-document store, worked out by hand, and its files;
the other views on the twelve-document world of kamer_world.py; the co-asker network of the development corpus
against its gold files."""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef

import kamer_world as world
from conftest import EXCERPTS, SHARED_CORPUS, whole_documents
from kgraph.cli import NETWORK_VIEWS, main
from kgraph.errors import UsageError
from kgraph.mint import Minter
from kgraph.model import Document, Kind
from kgraph.store import Store
from kgraph.views import (
    NETWORK_FORMATS,
    VIEWS,
    build_view,
    citation_network,
    co_asker_network,
    network_format,
    party_ministry_network,
    qa_reference_network,
    write_network,
)

KG = Namespace("https://w3id.org/kgraph/def#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")

MINT = Minter()
JAN, PIET, KLAAS, MARIE = (MINT.person(*name.split()) for name in ("J. Jansen", "P. Peters", "K. Kok", "M. Maas"))

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
    JAN: {"name": "Jan Jansen", "label": "Jan Jansen", "party": "GL-PvdA", "questions": 3},  # GL-PvdA 2, GL-PVDA 1
    PIET: {"name": "Piet Peters", "label": "Piet Peters", "party": "BBB", "questions": 2},  # CDA 1, BBB 1: tie
    KLAAS: {"name": "Klaas Kok", "label": "Klaas Kok", "party": "CDA", "questions": 1},
    MARIE: {"name": "Marie Maas", "label": "Marie Maas", "questions": 1},  # no party printed
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


# --- the views on the twelve-document world of kamer_world.py (expected values worked out by hand from its table) ---

@pytest.fixture(scope="module")
def world_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = world.build_store(tmp_path_factory.mktemp("world") / "store")
    yield opened
    opened.close()


def test_co_askers_count_a_case_once(world_store: Store) -> None:
    # Jansen + Smit: Z1 (D1, D2) and Z4 (D10, D11) -> 2; Jansen + Peters: Z2 (D3, D4, D5) -> 1, not 3.
    network = co_asker_network(world_store)
    assert edges_of(network) == {
        frozenset({str(world.JAN), str(world.SARA)}): 2,
        frozenset({str(world.JAN), str(world.PIET)}): 1,
    }
    assert {network.nodes[str(p)]["questions"] for p in (world.JAN, world.PIET, world.SARA)} == {3, 2, 4}
    assert network.nodes[str(world.SARA)] == {"name": "Sara Smit", "label": "Sara Smit", "party": "SP", "questions": 4}


def test_party_ministry_network(world_store: Store) -> None:
    # (party, ministry) -> question sets: CDA-FIN Z1, D7; CDA-JENV Z2, Z4; SP-FIN Z1, Z3 (D6), D8; SP-JENV Z3, Z4.
    network = party_ministry_network(world_store)
    cda, sp, fin, jenv = (str(node) for node in (world.CDA, world.SP, world.FIN, world.JENV))
    assert edges_of(network) == {
        frozenset({cda, fin}): 2, frozenset({cda, jenv}): 2, frozenset({sp, fin}): 3, frozenset({sp, jenv}): 2,
    }
    assert dict(network.nodes(data=True)) == {
        cda: {"kind": "party", "bipartite": 0, "label": "CDA", "questions": 4},  # Z1, Z2, Z4, D7
        sp: {"kind": "party", "bipartite": 0, "label": "SP", "questions": 4},  # Z1, Z3, Z4, D8
        fin: {"kind": "ministry", "bipartite": 1, "label": "Financiën", "questions": 4},  # Z1, Z3, D7, D8
        jenv: {"kind": "ministry", "bipartite": 1, "label": "Justitie en Veiligheid", "questions": 3},  # Z2, Z3, Z4
    }
    assert nx.is_bipartite(network)


def test_citation_network(world_store: Store) -> None:
    network = citation_network(world_store)
    d1, d2, d3, d5, d6 = (str(world.doc_iri(n)) for n in (1, 2, 3, 5, 6))
    nos_1, nos_2, nrc_x, blog = (str(page) for page in (world.NOS_1, world.NOS_2, world.NRC_X, world.BLOG))
    assert {(u, v, data["relation"]) for u, v, data in network.edges(data=True)} == {
        (d1, nos_1, "cites"), (d1, blog, "cites"), (d2, nos_1, "cites"), (d3, nos_2, "cites"), (d3, nrc_x, "cites"),
        (nos_1, str(world.NOS), "publishedBy"), (nos_2, str(world.NOS), "publishedBy"),
        (nrc_x, str(world.NRC), "publishedBy"),
        (d2, str(world.GRONDWET), "cites"), (d5, str(world.STRAFRECHT), "cites"), (d6, str(world.AVG), "cites"),
    }
    assert network.nodes[str(world.NOS)] == {"kind": "publisher", "label": "NOS"}
    assert network.nodes[str(world.AVG)] == {"kind": "statute", "label": "32016R0679"}
    assert network.nodes[d1] == {"kind": "document", "label": "kv-tk-2024Z00001"}
    assert network.in_degree(str(world.NOS)) == 2


def test_qa_reference_network(world_store: Store) -> None:
    network = qa_reference_network(world_store)
    d5 = world.doc_iri(5)
    q1, q2 = (f"{d5}/question/{n}" for n in (1, 2))
    a1, a2 = (f"{d5}/answer/{n}" for n in (1, 2))
    article, kst = str(world.ARTICLE_310), str(world.KST)
    d2_publication = "https://zoek.officielebekendmakingen.nl/ah-tk-20232024-100"
    # D5: the article printed inside answer 1, the Kamerstuk inside question 2, the Aanhangsel publication elsewhere.
    assert {(u, v, data["relation"]) for u, v, data in network.out_edges([str(d5), q1, q2, a1, a2, article], data=True)} == {
        (str(d5), q1, "hasPart"), (str(d5), q2, "hasPart"), (q1, a1, "answeredBy"), (q2, a2, "answeredBy"),
        (a1, article, "cites"), (q2, kst, "cites"), (str(d5), d2_publication, "cites"),
        (article, str(world.STRAFRECHT), "partOf"),
    }
    assert network.nodes[q2] == {"kind": "question", "label": "ah-tk-20232024-200 vraag 2"}
    assert network.nodes[a1] == {"kind": "answer", "label": "ah-tk-20232024-200 antwoord 1"}
    assert network.nodes[article] == {"kind": "article", "label": "artikel 310"}
    assert network.nodes[kst]["kind"] == "kamerstuk" and network.nodes[d2_publication]["kind"] == "aanhangsel"
    # Questions: D1 3, D2 3, D3 2, D5 2, D6 1, D7 2, D8 1, D10 1 = 15; answers: D2 3, D5 2, D8 1 = 6.
    kinds = Counter(data["kind"] for _, data in network.nodes(data=True))
    assert (kinds["question"], kinds["answer"]) == (15, 6)


def test_view_names_match_the_command_line(world_store: Store) -> None:
    assert tuple(VIEWS) == NETWORK_VIEWS
    with pytest.raises(UsageError, match="available: co-askers, party-ministry"):
        build_view(world_store, "askers")


def test_format_from_the_file_name() -> None:
    assert [network_format(Path(f"x.{fmt}")) for fmt in NETWORK_FORMATS] == list(NETWORK_FORMATS)
    assert network_format(None) == "graphml"
    with pytest.raises(UsageError, match="give --format"):
        network_format(Path("x.xml"))


_XML_ROOTS = {"graphml": "{http://graphml.graphdrawing.org/xmlns}graphml", "gexf": "{http://www.gexf.net/1.2draft}gexf"}


@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize("fmt", NETWORK_FORMATS)
def test_every_view_exports_and_reads_back(world_store: Store, view: str, fmt: str) -> None:
    network = build_view(world_store, view)
    data = written(network, fmt)
    if fmt in _XML_ROOTS:
        # Well-formed XML in the format's namespace, with every node and edge (its own reader's first check).
        root = ElementTree.fromstring(data)
        assert root.tag == _XML_ROOTS[fmt]
        namespace = _XML_ROOTS[fmt].split("}")[0] + "}"
        assert len(root.findall(f".//{namespace}node")) == network.number_of_nodes()
        assert len(root.findall(f".//{namespace}edge")) == network.number_of_edges()
    back = read_back(data, fmt)
    assert back.is_directed() == network.is_directed()
    assert set(back.nodes) == set(network.nodes)
    if network.is_directed():
        assert set(back.edges) == set(network.edges)
    assert edges_of(back) == edges_of(network)
    for node, expected in network.nodes(data=True):
        assert {key: back.nodes[node][key] for key in expected} == expected


# --- the development corpus: the co-asker network has the members and weights the gold files show ---------------

@pytest.fixture(scope="module")
def dev_network(tmp_path_factory: pytest.TempPathFactory) -> nx.Graph:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"development corpus not found at {SHARED_CORPUS}; this test needs ../shared/corpus/dev")
    location = tmp_path_factory.mktemp("dev") / "store"
    built = CliRunner().invoke(main, ["build", *map(str, whole_documents()), "--store", str(location)])
    assert built.exit_code == 0, built.output
    with Store.open(location, read_only=True) as opened:
        return co_asker_network(opened)


def _member(network: nx.Graph, printed: str, party: str | None) -> str:
    """The node of an asker as the gold file prints them: full name ending in the printed name; the party decides
    between namesakes ('Dijk' (SP) is Jimmy Dijk, not Inge van Dijk (CDA))."""
    wanted = printed.casefold()
    found = [node for node, data in network.nodes(data=True)
             if data["name"].casefold() == wanted or data["name"].casefold().endswith(" " + wanted)]
    if len(found) > 1:
        found = [node for node in found if network.nodes[node].get("party") == party]
    assert len(found) == 1, f"{printed} ({party}): {found}"
    return str(found[0])


def test_dev_co_asker_pairs_worked_out_by_hand(dev_network: nx.Graph) -> None:
    # From the gold files' askers: seeds/002 Bontenbal, Krul, Boswijk (CDA); the codewith answer to Mutluer, Lahlah
    # (GL-PvdA), Boswijk (CDA), Helder (BBB); limburg/004 Van Nispen (SP), Lahlah; limburg/023 Koekkoek (Volt),
    # Van Nispen, Ceder (CU); limburg/072 Bikker, Ceder (CU); limburg/008 (a postponement notice, no case) Van den
    # Hil (VVD), Bikker. Each of these documents is a question set of its own, so each pair weighs 1.
    def weight(first: tuple[str, str], second: tuple[str, str]) -> int | None:
        u, v = _member(dev_network, *first), _member(dev_network, *second)
        return int(dev_network.edges[u, v]["weight"]) if dev_network.has_edge(u, v) else None

    boswijk, krul, lahlah = ("Boswijk", "CDA"), ("Krul", "CDA"), ("Lahlah", "GroenLinks-PvdA")
    nispen, koekkoek, ceder = ("Van Nispen", "SP"), ("Koekkoek", "Volt"), ("Ceder", "ChristenUnie")
    bikker, hil = ("Bikker", "ChristenUnie"), ("Van den Hil", "VVD")
    assert weight(boswijk, krul) == 1
    assert weight(boswijk, lahlah) == 1
    assert weight(lahlah, nispen) == 1
    assert weight(koekkoek, nispen) == 1 and weight(koekkoek, ceder) == 1 and weight(nispen, ceder) == 1
    assert weight(bikker, ceder) == 1 and weight(bikker, hil) == 1
    assert weight(krul, lahlah) is None and weight(bikker, koekkoek) is None
    # Boswijk signed with 8 others: Bontenbal, Krul (seed); Mutluer, Lahlah, Helder (codewith); Paternotte, Van der
    # Burg, Van der Lee (limburg/081).
    assert dev_network.degree(_member(dev_network, *boswijk)) == 8
    assert dev_network.nodes[_member(dev_network, *boswijk)] == {"name": "Derk Boswijk", "label": "Derk Boswijk",
                                                                 "party": "CDA", "questions": 4}


def test_dev_co_asker_network_is_the_gold_askers(dev_network: nx.Graph) -> None:
    """Every asker of every gold file is a node, and the edges are exactly the pairs of askers that sign a document
    together, weighted by how many (no two multi-asker documents of the corpus share a case)."""
    expected: Counter[frozenset[str]] = Counter()
    members = set()
    for gold in sorted(SHARED_CORPUS.rglob("*.gold.json")):
        if gold.relative_to(SHARED_CORPUS).parts[0] == EXCERPTS:
            continue
        askers = json.loads(gold.read_text(encoding="utf-8"))["askers"] or []
        nodes = sorted({_member(dev_network, asker["name"], asker["party"]) for asker in askers})
        members.update(nodes)
        expected.update(frozenset(pair) for pair in combinations(nodes, 2))
    assert members == set(dev_network.nodes)
    assert edges_of(dev_network) == dict(expected)
