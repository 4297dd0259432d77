"""A force-directed layout (Fruchterman and Reingold, "Graph drawing by force-directed placement", 1991) in plain
Python, deterministic for a given seed.

networkx's `spring_layout(seed=…)` is the same algorithm, but it needs NumPy, which kgraph does not otherwise
depend on; the report draws at most a few hundred members, where this is fast enough (about 0.1 s for 100
nodes). Should NumPy become a dependency, `nx.spring_layout(graph, seed=SEED, weight="weight")` can replace it.

>>> import networkx as nx
>>> positions = spring_layout(nx.path_graph(3), seed=1)
>>> sorted(positions)
[0, 1, 2]
>>> all(0.0 <= x <= 1.0 and 0.0 <= y <= 1.0 for x, y in positions.values())
True
>>> positions == spring_layout(nx.path_graph(3), seed=1)
True
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable

import networkx as nx

__all__ = ["spring_layout"]

# Pull towards the centre, as a share of the ideal edge length: keeps separate components from drifting to the
# edges of the picture.
_GRAVITY = 0.05
_MIN_DISTANCE = 1e-3


def spring_layout(graph: nx.Graph, *, seed: int, iterations: int = 120) -> dict[Hashable, tuple[float, float]]:
    """Positions in the unit square for every node of `graph`; heavier edges pull harder (attribute `weight`)."""
    nodes = sorted(graph.nodes, key=str)
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.5, 0.5)}
    rng = random.Random(seed)
    x = [rng.random() for _ in nodes]
    y = [rng.random() for _ in nodes]
    index = {node: i for i, node in enumerate(nodes)}
    # A document signed by many members makes a clique whose every edge pulls: divided by the ends' degrees, a
    # clique stays as spread out as a chain instead of collapsing into one blot.
    degree = {node: max(graph.degree(node), 1) for node in nodes}
    edges = sorted(
        (index[u], index[v], float(data.get("weight", 1.0)) / math.sqrt(degree[u] * degree[v]))
        for u, v, data in graph.edges(data=True)
    )
    k = math.sqrt(1.0 / len(nodes))  # the ideal distance between nodes
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        dx = [0.0] * len(nodes)
        dy = [0.0] * len(nodes)
        for i in range(len(nodes)):  # every pair repels
            for j in range(i + 1, len(nodes)):
                ex, ey = x[i] - x[j], y[i] - y[j]
                distance = max(math.hypot(ex, ey), _MIN_DISTANCE)
                force = k * k / distance / distance
                dx[i] += ex * force
                dy[i] += ey * force
                dx[j] -= ex * force
                dy[j] -= ey * force
        for i, j, weight in edges:  # edges attract
            ex, ey = x[i] - x[j], y[i] - y[j]
            distance = max(math.hypot(ex, ey), _MIN_DISTANCE)
            force = weight * distance / k
            dx[i] -= ex * force
            dy[i] -= ey * force
            dx[j] += ex * force
            dy[j] += ey * force
        for i in range(len(nodes)):
            dx[i] -= _GRAVITY * (x[i] - 0.5) / k
            dy[i] -= _GRAVITY * (y[i] - 0.5) / k
            length = max(math.hypot(dx[i], dy[i]), _MIN_DISTANCE)
            step = min(length, temperature) / length  # no node moves further than the temperature
            x[i] += dx[i] * step
            y[i] += dy[i] * step
        temperature -= cooling
    return dict(zip(nodes, _to_unit_square(x, y), strict=True))


def _to_unit_square(x: list[float], y: list[float]) -> list[tuple[float, float]]:
    """Scale both axes by the same factor into [0, 1] and centre, so the picture keeps its proportions."""
    span = max(max(x) - min(x), max(y) - min(y)) or 1.0
    left = min(x) - (span - (max(x) - min(x))) / 2
    bottom = min(y) - (span - (max(y) - min(y))) / 2
    return [((a - left) / span, (b - bottom) / span) for a, b in zip(x, y, strict=True)]
