"""Metrics on the NetworkX views: centralities, communities, shortest paths, and the ranked tables they print.

Every metric gives the same answer on every run for the same store: the views are built in sorted order, ties
are broken by label, and community detection is seeded.

- degree: the number of neighbours (in + out for directed views), with `weight`, the sum of the edge weights
  (for co-askers: how many co-signatures);
- pagerank: PageRank (alpha 0.85) with edge weights, following edge direction in directed views; computed here
  because networkx's `pagerank` needs numpy and scipy, which kgraph does not otherwise depend on;
- betweenness: betweenness centrality, normalised, over unweighted shortest paths (an edge weight counts
  co-signatures, a strength, not a distance); exact up to `BETWEENNESS_EXACT_NODES` nodes, above that estimated
  from `BETWEENNESS_SAMPLES` seeded source nodes (exact betweenness took 130 s on the 10,000-node qa-references
  view of a 200,000-triple store);
- communities: Louvain communities (networkx, modularity with edge weights, seed `SEED`) of the undirected
  graph, numbered from 1 by size.

>>> graph = nx.Graph([("a", "b"), ("b", "c")])
>>> print(format_ranking(rank(graph, "degree")), end="")
rank  node  degree  weight
----  ----  ------  ------
1     b     2       2
2     a     1       1
3     c     1       1
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kgraph.errors import UsageError

__all__ = [
    "BETWEENNESS_EXACT_NODES",
    "BETWEENNESS_SAMPLES",
    "METRICS",
    "SEED",
    "Ranking",
    "annotate",
    "communities",
    "find_node",
    "format_ranking",
    "label_of",
    "pagerank",
    "path_ranking",
    "rank",
    "scores",
    "shortest_path",
]

METRICS = ("degree", "pagerank", "betweenness", "communities")
SEED = 42
BETWEENNESS_EXACT_NODES = 5_000
BETWEENNESS_SAMPLES = 500

Value = str | int | float


@dataclass(frozen=True, slots=True)
class Ranking:
    """A ranked table: column names and rows of values (floats are shown with six decimals)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]


def label_of(graph: nx.Graph, node: Hashable) -> str:
    """What to call a node: its `label`, else its `name`, else its id."""
    data = graph.nodes[node]
    return str(data.get("label") or data.get("name") or node)


def _group_attribute(graph: nx.Graph) -> str | None:
    """The node attribute that says what a node is or belongs to: `party` (co-askers) or `kind`."""
    for attribute in ("party", "kind"):
        if any(attribute in data for _, data in graph.nodes(data=True)):
            return attribute
    return None


def pagerank(
    graph: nx.Graph, alpha: float = 0.85, *, weight: str = "weight", max_iter: int = 100, tol: float = 1.0e-6
) -> dict[Hashable, float]:
    """PageRank by power iteration, as networkx defines it (uniform teleport, dangling nodes jump uniformly,
    converged when the L1 change is below N * tol); undirected edges count both ways.

    >>> ranks = pagerank(nx.DiGraph([("a", "b"), ("b", "a")]))
    >>> {node: round(value, 6) for node, value in ranks.items()}
    {'a': 0.5, 'b': 0.5}
    """
    size = graph.number_of_nodes()
    if size == 0:
        return {}
    directed = graph if graph.is_directed() else graph.to_directed()
    out_weight = {node: float(directed.out_degree(node, weight=weight)) for node in directed}
    dangling = [node for node, total in out_weight.items() if total == 0]
    ranks = dict.fromkeys(directed, 1.0 / size)
    for _ in range(max_iter):
        previous = ranks
        leaked = alpha * sum(previous[node] for node in dangling) / size
        ranks = dict.fromkeys(previous, leaked + (1.0 - alpha) / size)
        for node in directed:
            if out_weight[node] == 0:
                continue
            share = alpha * previous[node] / out_weight[node]
            for _, neighbour, data in directed.out_edges(node, data=True):
                ranks[neighbour] += share * data.get(weight, 1)
        if sum(abs(ranks[node] - previous[node]) for node in ranks) < size * tol:
            return ranks
    raise nx.PowerIterationFailedConvergence(max_iter)


def communities(graph: nx.Graph, seed: int = SEED) -> list[list[Hashable]]:
    """Louvain communities of the undirected graph, largest first (ties: by the first label), members sorted by label."""
    undirected = graph.to_undirected() if graph.is_directed() else graph
    found = nx.community.louvain_communities(undirected, weight="weight", seed=seed)
    ordered = [sorted(group, key=lambda node: (label_of(graph, node), str(node))) for group in found]
    return sorted(ordered, key=lambda group: (-len(group), label_of(graph, group[0]), str(group[0])))


def scores(graph: nx.Graph, metric: str) -> dict[Hashable, Value]:
    """Each node's value of `metric` (for communities: its community number), e.g. to store as a node attribute."""
    if metric == "degree":
        return {node: int(graph.degree(node)) for node in graph}
    if metric == "pagerank":
        return {node: round(value, 6) for node, value in pagerank(graph).items()}
    if metric == "betweenness":
        sample = BETWEENNESS_SAMPLES if graph.number_of_nodes() > BETWEENNESS_EXACT_NODES else None
        found = nx.betweenness_centrality(graph, k=sample, normalized=True, seed=SEED)
        return {node: round(value, 6) for node, value in found.items()}
    if metric == "communities":
        return {node: number for number, group in enumerate(communities(graph), 1) for node in group}
    raise UsageError(f"unknown metric {metric!r}; available: {', '.join(METRICS)}")


def annotate(graph: nx.Graph, metric: str) -> None:
    """Store each node's value of `metric` as a node attribute (named after the metric; "community" for
    communities), so an export carries it to Gephi or Cytoscape."""
    attribute = "community" if metric == "communities" else metric
    for node, value in scores(graph, metric).items():
        graph.nodes[node][attribute] = value


def rank(graph: nx.Graph, metric: str, top: int = 0) -> Ranking:
    """The nodes ranked by `metric`, highest first (ties by label), the first `top` (0: all).

    For communities the rows are the members of the first `top` communities, by community, then by degree.
    """
    values = scores(graph, metric)
    group = _group_attribute(graph)
    head: tuple[str, ...] = ("node",) if group is None else ("node", group)

    def described(node: Hashable) -> tuple[Value, ...]:
        label = label_of(graph, node)
        return (label,) if group is None else (label, str(graph.nodes[node].get(group, "")))

    def weighted(node: Hashable) -> float:
        return float(graph.degree(node, weight="weight"))

    if metric == "communities":
        members = communities(graph)
        if top:
            members = members[:top]
        rows = [
            (number, len(nodes), *described(node), int(graph.degree(node)))
            for number, nodes in enumerate(members, 1)
            for node in sorted(nodes, key=lambda node: (-graph.degree(node), label_of(graph, node), str(node)))
        ]
        return Ranking(("community", "size", *head, "degree"), tuple(rows))
    if metric == "degree":
        order = sorted(graph, key=lambda node: (-graph.degree(node), -weighted(node), label_of(graph, node), str(node)))
        columns: tuple[str, ...] = ("degree", "weight")
        extra: dict[Hashable, tuple[Value, ...]] = {
            node: (int(graph.degree(node)), _number(weighted(node))) for node in graph
        }
        if graph.is_directed():
            columns += ("in", "out")
            extra = {node: (*extra[node], int(graph.in_degree(node)), int(graph.out_degree(node))) for node in graph}
    else:
        order = sorted(graph, key=lambda node: (-float(values[node]), label_of(graph, node), str(node)))
        columns = (metric, "degree")
        extra = {node: (values[node], int(graph.degree(node))) for node in graph}
    if top:
        order = order[:top]
    rows = [(position, *described(node), *extra[node]) for position, node in enumerate(order, 1)]
    return Ranking(("rank", *head, *columns), tuple(rows))


def _number(value: float) -> Value:
    """A weight sum as an int when it is whole (co-signature counts), else the float."""
    return int(value) if float(value).is_integer() else float(value)


def format_ranking(ranking: Ranking) -> str:
    """The ranking as an aligned text table, one row a line."""
    header = list(ranking.columns)
    body = [[_shown(value) for value in row] for row in ranking.rows]
    widths = [max(len(text) for text in column) for column in zip(header, *body)] if body else [len(h) for h in header]
    lines = [_aligned(header, widths), "  ".join("-" * width for width in widths)]
    lines.extend(_aligned(row, widths) for row in body)
    return "\n".join(lines) + "\n"


# Cells wider than this are cut (a document's title as its label), as in query result tables.
MAX_CELL_WIDTH = 60


def _shown(value: Value) -> str:
    text = f"{value:.6f}" if isinstance(value, float) else " ".join(str(value).split())
    return text if len(text) <= MAX_CELL_WIDTH else text[: MAX_CELL_WIDTH - 1] + "…"


def _aligned(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(text.ljust(width) for text, width in zip(cells, widths)).rstrip()


def find_node(graph: nx.Graph, text: str, *, what: str = "member") -> Hashable:
    """The node `text` names: its id (IRI), its whole name or label, or the end of it ("Van Nispen", "Bontenbal"),
    case-insensitively. A UsageError when none or several fit, naming the near misses or the candidates."""
    if text in graph:
        return text
    wanted = " ".join(text.split()).casefold()
    labels = {node: label_of(graph, node) for node in graph}
    for fits in (
        lambda label: label.casefold() == wanted,
        lambda label: label.casefold().endswith(" " + wanted),
        lambda label: wanted in label.casefold(),
    ):
        found: list[Hashable] = sorted(
            (node for node, label in labels.items() if fits(label)), key=lambda node: labels[node]
        )
        if len(found) == 1:
            return found[0]
        if found:
            names = ", ".join(f"{labels[node]} ({node})" for node in found)
            raise UsageError(f"{text!r} fits several {what}s: {names}; give more of the name or the IRI")
    close = difflib.get_close_matches(text, sorted(set(labels.values())), n=5, cutoff=0.6)
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    raise UsageError(f"no {what} named {text!r} in the network ({graph.number_of_nodes()} {what}s){hint}")


def shortest_path(graph: nx.Graph, source: Hashable, target: Hashable) -> list[Hashable] | None:
    """The fewest-hops path from `source` to `target` (None when there is none), the same on every run."""
    try:
        path: list[Hashable] = nx.shortest_path(graph, source, target)
    except nx.NetworkXNoPath:
        return None
    return path


def path_ranking(graph: nx.Graph, path: Sequence[Hashable]) -> Ranking:
    """A path as a table: step, node, group (party or kind), and the weight of the edge from the previous node."""
    group = _group_attribute(graph)
    rows: list[tuple[Value, ...]] = []
    for step, node in enumerate(path):
        data: Mapping[str, Any] = graph.edges[path[step - 1], node] if step else {}
        weight = _number(data.get("weight", 1)) if step else ""
        label = label_of(graph, node)
        rows.append((step, label, weight) if group is None else (step, label, str(graph.nodes[node].get(group, "")), weight))
    columns = ("step", "node", "shared") if group is None else ("step", "node", group, "shared")
    return Ranking(columns, tuple(rows))
