"""NetworkX views: projections computed from the store on demand, never a second source of truth.

Each view is one SPARQL query plus a little Python that folds its rows into a graph; writing a view out is
deterministic (nodes, edges and attributes in sorted order), so the same store gives the same file.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from itertools import combinations
from typing import Any, BinaryIO

import networkx as nx

from kgraph.errors import UsageError
from kgraph.store import Store

NETWORK_FORMATS = ("graphml", "gexf", "json")

# One row per (question set, asker) with the name and party label printed in that document. A question set is,
# for now, a document with askers; to count e.g. a question set and its answer document as one, change how ?set
# is bound here, and only here. GRAPH ?doc reads each document's own labels: in the union a person or party
# carries every spelling any document printed.
_CO_ASKERS = """
SELECT DISTINCT ?set ?person ?name ?party WHERE {
  GRAPH ?doc {
    ?doc kg:askedBy ?person .
    OPTIONAL { ?person foaf:name ?name }
    OPTIONAL {
      ?doc prov:qualifiedAttribution ?attribution .
      ?attribution prov:agent ?person ; prov:hadRole kg:asker ; kg:party ?partyNode .
      ?partyNode skos:prefLabel ?party .
    }
  }
  BIND(?doc AS ?set)
}
"""


def co_asker_network(store: Store) -> nx.Graph:
    """Members who sign questions together.

    Nodes are persons (id: their IRI) with `name`, `party` (the label printed most often with their name; ties go
    to the alphabetically first; absent when never printed) and `questions` (how many question sets they
    signed). An edge joins two persons who signed the same question set; `weight` counts those sets.
    """
    sets: defaultdict[str, set[str]] = defaultdict(set)  # person -> question sets
    names: defaultdict[str, Counter[str]] = defaultdict(Counter)
    parties: defaultdict[str, Counter[str]] = defaultdict(Counter)
    signers: defaultdict[str, set[str]] = defaultdict(set)  # question set -> persons
    seen_name: set[tuple[str, str, str]] = set()
    seen_party: set[tuple[str, str, str]] = set()
    for question_set, person, name, party in store.query(_CO_ASKERS).rows:
        if question_set is None or person is None:
            continue
        sets[person].add(question_set)
        signers[question_set].add(person)
        # Count each label once per document, however many rows the OPTIONALs produced.
        if name is not None and (person, question_set, name) not in seen_name:
            seen_name.add((person, question_set, name))
            names[person][name] += 1
        if party is not None and (person, question_set, party) not in seen_party:
            seen_party.add((person, question_set, party))
            parties[person][party] += 1

    graph = nx.Graph()
    for person in sorted(sets):
        attributes: dict[str, Any] = {"questions": len(sets[person])}
        if names[person]:
            attributes["name"] = _most_common(names[person])
        if parties[person]:
            attributes["party"] = _most_common(parties[person])
        graph.add_node(person, **attributes)
    weights: Counter[tuple[str, str]] = Counter()
    for persons in signers.values():
        weights.update(combinations(sorted(persons), 2))
    for (first, second), weight in sorted(weights.items()):
        graph.add_edge(first, second, weight=weight)
    return graph


def _most_common(counts: Counter[str]) -> str:
    """The most frequent label; among equals the alphabetically first.

    >>> _most_common(Counter({"VVD": 2, "CDA": 2, "D66": 1}))
    'CDA'
    """
    return min(counts, key=lambda label: (-counts[label], label))


def write_network(graph: nx.Graph, fmt: str, out: BinaryIO) -> None:
    """Write `graph` as GraphML, GEXF or node-link JSON, with nodes, edges and attributes in sorted order."""
    if fmt not in NETWORK_FORMATS:
        raise UsageError(f"unknown network format {fmt!r}; available: {', '.join(NETWORK_FORMATS)}")
    ordered = _sorted_copy(graph)
    if fmt == "graphml":
        nx.write_graphml(ordered, out, encoding="utf-8")
    elif fmt == "gexf":
        _write_gexf(ordered, out)
    else:
        # "links" is the key node_link_data wrote until networkx 3.4 and older readers expect; networkx 3.6
        # reads it with node_link_graph(data, edges="links").
        data = nx.node_link_data(ordered, edges="links")
        out.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8") + b"\n")


def _sorted_copy(graph: nx.Graph) -> nx.Graph:
    """The same graph with nodes, edges (each as (smaller, larger) for undirected graphs) and attributes sorted."""
    ordered = graph.__class__()
    ordered.graph.update(sorted(graph.graph.items()))
    for node in sorted(graph.nodes, key=str):
        ordered.add_node(node, **dict(sorted(graph.nodes[node].items())))
    edges = []
    for u, v, data in graph.edges(data=True):
        if not graph.is_directed() and str(v) < str(u):
            u, v = v, u
        edges.append((u, v, data))
    for u, v, data in sorted(edges, key=lambda edge: (str(edge[0]), str(edge[1]))):
        ordered.add_edge(u, v, **dict(sorted(data.items())))
    return ordered


def _write_gexf(graph: nx.Graph, out: BinaryIO) -> None:
    # networkx stamps GEXF files with today's date (meta/@lastmodifieddate, optional in GEXF 1.2): drop it, so
    # the same store gives the same bytes on any day.
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    writer.add_graph(graph)
    writer.write(out)
