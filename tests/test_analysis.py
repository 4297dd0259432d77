"""kgraph.analysis: centralities, communities and paths on small graphs worked out by hand, and `kgraph network`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

import kamer_world as world
from factories import asker, document
from kgraph.analysis import (
    METRICS,
    Ranking,
    annotate,
    communities,
    find_node,
    format_ranking,
    pagerank,
    path_ranking,
    rank,
    scores,
    shortest_path,
)
from kgraph.cli import main
from kgraph.errors import UsageError
from kgraph.mint import Minter
from kgraph.model import Kind
from kgraph.rdf import document_graph
from kgraph.store import Store


def test_pagerank_of_a_star_by_hand() -> None:
    # Centre c, leaves l1, l2 (undirected: each edge both ways), alpha 0.85, N 3:
    #   x_c = 0.05 + 0.85 (x_l1 + x_l2),  x_l = 0.05 + 0.85 x_c / 2
    #   => x_c = 0.135 / 0.2775 = 0.486486..., x_l = 0.05 + 0.425 x_c = 0.256757...
    ranks = pagerank(nx.Graph([("c", "l1"), ("c", "l2")]))
    assert ranks["c"] == pytest.approx(0.135 / 0.2775, abs=1e-5)
    assert ranks["l1"] == pytest.approx(0.05 + 0.425 * 0.135 / 0.2775, abs=1e-5)
    assert sum(ranks.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "graph",
    [
        nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "a")]),  # c is dangling
        nx.karate_club_graph(),
        nx.Graph([("a", "b", {"weight": 3}), ("b", "c", {"weight": 1}), ("c", "d", {"weight": 2})]),
        nx.DiGraph(),
    ],
)
def test_pagerank_agrees_with_networkx(graph: nx.Graph) -> None:
    # networkx's public pagerank needs numpy and scipy; its pure-Python reference implementation does not.
    expected = _pagerank_python(graph, weight="weight")
    got = pagerank(graph)
    assert got.keys() == expected.keys()
    for node in expected:
        assert got[node] == pytest.approx(expected[node], abs=1e-6)


def test_degree_ranking_breaks_ties_by_label() -> None:
    graph = nx.Graph()
    graph.add_node("p1", name="Zoë", party="B")
    graph.add_node("p2", name="Anna", party="A")
    graph.add_node("p3", name="Bram", party="A")
    graph.add_edge("p1", "p3", weight=2)
    graph.add_edge("p2", "p3", weight=1)
    ranking = rank(graph, "degree")
    assert ranking.columns == ("rank", "node", "party", "degree", "weight")
    # Bram 2 neighbours (weight 3); Zoë and Anna 1 each, but Zoë's co-signatures weigh 2.
    assert ranking.rows == ((1, "Bram", "A", 2, 3), (2, "Zoë", "B", 1, 2), (3, "Anna", "A", 1, 1))
    assert rank(graph, "degree", top=1).rows == ((1, "Bram", "A", 2, 3),)


def test_directed_degree_has_in_and_out() -> None:
    graph = nx.DiGraph()
    graph.add_node("d", kind="document", label="kv-1")
    graph.add_node("s", kind="statute", label="BWBR1")
    graph.add_edge("d", "s", weight=1)
    assert rank(graph, "degree").columns == ("rank", "node", "kind", "degree", "weight", "in", "out")
    assert rank(graph, "degree").rows == ((1, "BWBR1", "statute", 1, 1, 1, 0), (2, "kv-1", "document", 1, 1, 0, 1))


def test_betweenness_of_a_path() -> None:
    # a - b - c: every shortest path between the ends passes b; normalised by (n-1)(n-2)/2 = 1.
    ranking = rank(nx.path_graph(["a", "b", "c"]), "betweenness")
    assert ranking.rows == ((1, "b", 1.0, 2), (2, "a", 0.0, 1), (3, "c", 0.0, 1))


def test_communities_of_two_triangles() -> None:
    # Two triangles joined by one edge: two communities of three; the one holding the alphabetically first label
    # comes first among equals.
    graph = nx.Graph([("x", "y"), ("y", "z"), ("x", "z"), ("a", "b"), ("b", "c"), ("a", "c"), ("c", "x")])
    assert communities(graph) == [["a", "b", "c"], ["x", "y", "z"]]
    assert communities(graph) == communities(graph.copy())
    ranking = rank(graph, "communities")
    assert ranking.columns == ("community", "size", "node", "degree")
    assert ranking.rows[:3] == ((1, 3, "c", 3), (1, 3, "a", 2), (1, 3, "b", 2))
    assert [row[0] for row in rank(graph, "communities", top=1).rows] == [1, 1, 1]
    assert scores(graph, "communities") == {"a": 1, "b": 1, "c": 1, "x": 2, "y": 2, "z": 2}


def test_annotate_stores_the_metric_on_the_nodes() -> None:
    graph = nx.path_graph(["a", "b", "c"])
    for metric in METRICS:
        annotate(graph, metric)
    assert graph.nodes["b"] == {"degree": 2, "pagerank": pytest.approx(0.486486, abs=1e-5), "betweenness": 1.0,
                                "community": 1}


def test_unknown_metric_lists_the_metrics() -> None:
    with pytest.raises(UsageError, match="available: degree, pagerank, betweenness, communities"):
        rank(nx.Graph(), "closeness")


def test_format_ranking_aligns_and_cuts_long_labels() -> None:
    text = format_ranking(Ranking(("rank", "node", "pagerank"), ((1, "x" * 80, 0.5),)))
    header, rule, row = text.splitlines()
    assert header.split() == ["rank", "node", "pagerank"]
    assert row.split() == ["1", "x" * 59 + "…", "0.500000"]


def co_askers() -> nx.Graph:
    graph = nx.Graph()
    people = {"jan": ("Jan de Vries", "CDA"), "piet": ("Piet de Vries", "SP"), "sara": ("Sara Smit", "SP"),
              "eva": ("Eva Dijk", "VVD"), "ole": ("Ole Oost", "D66")}
    for node, (name, party) in people.items():
        graph.add_node(node, name=name, party=party)
    graph.add_edge("jan", "sara", weight=2)
    graph.add_edge("sara", "eva", weight=1)
    graph.add_edge("piet", "eva", weight=3)
    return graph


def test_find_node_by_name_surname_or_id() -> None:
    graph = co_askers()
    assert find_node(graph, "Sara Smit") == "sara"
    assert find_node(graph, "smit") == "sara"
    assert find_node(graph, "  DIJK ") == "eva"
    assert find_node(graph, "jan") == "jan"  # the node id
    with pytest.raises(UsageError, match=r"fits several members: Jan de Vries \(jan\), Piet de Vries \(piet\)"):
        find_node(graph, "de Vries")
    with pytest.raises(UsageError, match="did you mean: Sara Smit"):
        find_node(graph, "Sarah Smit")


def test_shortest_path_and_its_table() -> None:
    graph = co_askers()
    path = shortest_path(graph, "jan", "piet")
    assert path == ["jan", "sara", "eva", "piet"]
    assert path_ranking(graph, path).rows == (
        (0, "Jan de Vries", "CDA", ""), (1, "Sara Smit", "SP", 2), (2, "Eva Dijk", "VVD", 1), (3, "Piet de Vries", "SP", 3),
    )
    assert shortest_path(graph, "jan", "ole") is None


# --- the command line --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    opened = world.build_store(tmp_path_factory.mktemp("world") / "store")
    opened.close()
    yield str(opened.path)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_network_prints_a_ranked_table(runner: CliRunner, store_dir: str) -> None:
    result = runner.invoke(main, ["network", "co-askers", "--store", store_dir])
    assert result.exit_code == 0, result.output
    # Jansen signs with Smit (Z1, Z4) and Peters (Z2): degree 2, weight 3.
    assert result.stdout.splitlines() == [
        "rank  node         party  degree  weight",
        "----  -----------  -----  ------  ------",
        "1     Jan Jansen   CDA    2       3",
        "2     Sara Smit    SP     1       2",
        "3     Piet Peters  CDA    1       1",
    ]
    assert result.stderr == "co-askers: 3 nodes, 2 edges\n"


def test_network_metrics_on_every_view(runner: CliRunner, store_dir: str) -> None:
    for view in ("co-askers", "party-ministry", "citations", "qa-references"):
        for metric in METRICS:
            result = runner.invoke(main, ["network", view, "--metric", metric, "--top", "3", "--store", store_dir])
            assert result.exit_code == 0, f"{view} {metric}: {result.output}"
            assert result.stdout.splitlines()[0].split()[0] == ("community" if metric == "communities" else "rank")


def test_network_export_to_stdout_is_only_the_export(runner: CliRunner, store_dir: str) -> None:
    result = runner.invoke(main, ["network", "party-ministry", "--format", "json", "--metric", "pagerank",
                                  "--store", store_dir])
    assert result.exit_code == 0
    graph = nx.node_link_graph(json.loads(result.stdout), edges="links")
    assert graph.number_of_nodes() == 4
    assert all("pagerank" in data for _, data in graph.nodes(data=True))


def test_network_export_to_a_file_prints_the_table(runner: CliRunner, store_dir: str, tmp_path: Path) -> None:
    out = tmp_path / "citations.gexf"
    result = runner.invoke(main, ["network", "citations", "--metric", "communities", "-o", str(out),
                                  "--store", store_dir])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("community  size")
    graph = nx.read_gexf(out)
    assert graph.number_of_edges() == 11
    assert all(isinstance(data["community"], int) for _, data in graph.nodes(data=True))


def test_network_path(runner: CliRunner, store_dir: str) -> None:
    result = runner.invoke(main, ["network", "path", "--from", "Peters", "--to", "sara smit", "--store", store_dir])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2:] == [
        "0     Piet Peters  CDA",
        "1     Jan Jansen   CDA    1",
        "2     Sara Smit    SP     2",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["path", "--from", "Peters"], "needs --from NAME and --to NAME"),
        (["path", "--from", "Peters", "--to", "Smit", "--metric", "degree"], "--from and --to only"),
        (["co-askers", "--from", "Peters"], "are for `kgraph network path`"),
        (["path", "--from", "Petersen", "--to", "Smit"], "no member named 'Petersen'"),
        (["co-askers", "-o", "net.xml"], "cannot tell the format"),
    ],
)
def test_network_usage_errors(runner: CliRunner, store_dir: str, args: list[str], message: str) -> None:
    result = runner.invoke(main, ["network", *args, "--store", store_dir])
    assert result.exit_code == 2
    assert message in result.stderr


def test_network_path_without_a_path_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    mint = Minter()
    with Store.open(tmp_path / "store", create=True) as store:
        for source, name in (("a.txt", "Jansen"), ("b.txt", "Smit")):
            doc = document(Kind.QUESTIONS, source=source, askers=(asker(name, "SP"),))
            store.put_document(mint.document(doc), document_graph(doc, mint), source=source, sha256=doc.sha256)
    result = runner.invoke(main, ["network", "path", "--from", "Jansen", "--to", "Smit", "--store",
                                  str(tmp_path / "store")])
    assert result.exit_code == 1
    assert result.stderr == "no co-asker path between Jansen and Smit\n"


def test_betweenness_is_sampled_on_big_graphs(monkeypatch: pytest.MonkeyPatch) -> None:
    import kgraph.analysis as analysis

    graph = nx.barbell_graph(30, 5)
    exact = scores(graph, "betweenness")
    monkeypatch.setattr(analysis, "BETWEENNESS_EXACT_NODES", 10)
    monkeypatch.setattr(analysis, "BETWEENNESS_SAMPLES", 20)
    sampled = scores(graph, "betweenness")
    assert sampled == scores(graph, "betweenness")  # seeded: the same estimate every time
    assert sampled != exact
    # Nodes 0-29 and 35-64 are two cliques, 30-34 the path between them: a node on the bridge still comes first.
    assert max(sampled, key=lambda node: sampled[node]) in range(29, 36)
