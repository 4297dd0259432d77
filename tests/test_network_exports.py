"""Network exports that open well in Gephi and Cytoscape: a `label` on every node, party colours (viz:color in GEXF,
attributes in GraphML and JSON), and GEXF whose structure follows the GEXF 1.2 schema.

The published schema (gexf.net/1.2draft/gexf.xsd, with viz.xsd) is not available offline here, so
`check_gexf_structure` checks what the schema says about what networkx writes: the namespaces and version, the
attribute declarations and that every attvalue names a declared attribute with a value of its type, unique node
ids, edges between declared nodes, and viz:color's r, g, b in 0..255 and a in 0..1.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest

from kgraph.store import Store
from kgraph.views import OTHER_COLOUR, PALETTE, VIEWS, network, node_colours, write_network

GEXF = "http://www.gexf.net/1.2draft"
VIZ = "http://www.gexf.net/1.2draft/viz"
_TYPES = {"integer": int, "long": int, "double": float, "float": float, "boolean": lambda v: {"true": 1, "false": 0}[v],
          "string": str}


@pytest.fixture(scope="module")
def world_store(seed_store: Path) -> Iterator[Store]:
    with Store.open(seed_store, read_only=True) as opened:
        yield opened


def exported(graph: nx.Graph, fmt: str) -> bytes:
    out = io.BytesIO()
    write_network(graph, fmt, out)
    return out.getvalue()


def check_gexf_structure(data: bytes) -> ElementTree.Element:
    root = ElementTree.fromstring(data)
    assert root.tag == f"{{{GEXF}}}gexf" and root.get("version") == "1.2"
    (graph,) = root.findall(f"{{{GEXF}}}graph")
    assert graph.get("defaultedgetype") in ("directed", "undirected", "mutual")
    declared: dict[tuple[str, str], str] = {}
    for attributes in graph.findall(f"{{{GEXF}}}attributes"):
        kind = attributes.get("class")
        assert kind in ("node", "edge")
        for attribute in attributes.findall(f"{{{GEXF}}}attribute"):
            assert attribute.get("id") and attribute.get("title")
            assert attribute.get("type") in _TYPES, attribute.get("type")
            declared[(kind, attribute.get("id", ""))] = attribute.get("type", "")
    children = [child.tag for child in graph]
    assert children == sorted(children, key=lambda tag: [f"{{{GEXF}}}attributes", f"{{{GEXF}}}nodes",
                                                          f"{{{GEXF}}}edges"].index(tag))
    ids: set[str] = set()
    for node in graph.iter(f"{{{GEXF}}}node"):
        assert node.get("id") not in ids
        ids.add(node.get("id", ""))
        assert node.get("label"), f"node {node.get('id')} has no label"
        _check_attvalues(node, "node", declared)
        (colour,) = node.findall(f"{{{VIZ}}}color")
        assert all(0 <= int(colour.get(c, "-1")) <= 255 for c in "rgb")
        assert 0.0 <= float(colour.get("a", "1")) <= 1.0
    for edge in graph.iter(f"{{{GEXF}}}edge"):
        assert edge.get("source") in ids and edge.get("target") in ids
        _check_attvalues(edge, "edge", declared)
    return root


def _check_attvalues(element: ElementTree.Element, kind: str, declared: dict[tuple[str, str], str]) -> None:
    for value in element.iter(f"{{{GEXF}}}attvalue"):
        key = (kind, value.get("for", ""))
        assert key in declared, f"attvalue for undeclared {key}"
        _TYPES[declared[key]](value.get("value", ""))  # type: ignore[operator]


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_every_node_has_a_label_and_a_colour_in_every_format(world_store: Store, view: str) -> None:
    graph = network(world_store, view, "pagerank")
    assert graph.number_of_nodes() > 0
    check_gexf_structure(exported(graph, "gexf"))
    graphml = nx.read_graphml(io.BytesIO(exported(graph, "graphml")))
    for node, data in graphml.nodes(data=True):
        assert data.get("label"), f"{view}: GraphML node {node} has no label"
        assert data["color"] == "#{:02X}{:02X}{:02X}".format(data["r"], data["g"], data["b"])
    data = json.loads(exported(graph, "json"))
    assert all(node.get("label") and node.get("color") for node in data["nodes"])


def test_co_askers_are_coloured_by_party() -> None:
    graph = nx.Graph()
    for i, party in enumerate(["CDA", "CDA", "VVD", "SP", None]):
        graph.add_node(f"urn:p{i}", name=f"Member {i}", label=f"Member {i}", **({"party": party} if party else {}))
    graph.add_edge("urn:p0", "urn:p2", weight=1)
    colours = node_colours(graph)
    assert colours == {"urn:p0": PALETTE[0], "urn:p1": PALETTE[0], "urn:p2": PALETTE[2], "urn:p3": PALETTE[1],
                       "urn:p4": OTHER_COLOUR}
    root = check_gexf_structure(exported(graph, "gexf"))
    first = root.find(f".//{{{GEXF}}}node/{{{VIZ}}}color")
    assert first is not None
    assert "#{:02X}{:02X}{:02X}".format(*(int(first.get(c, "0")) for c in "rgb")) == PALETTE[0]


def test_party_ministry_colours_parties_and_greys_ministries(world_store: Store) -> None:
    graph = network(world_store, "party-ministry")
    colours = node_colours(graph)
    for node, data in graph.nodes(data=True):
        assert (colours[node] == OTHER_COLOUR) == (data["kind"] == "ministry")


def test_co_asker_labels_are_names(world_store: Store) -> None:
    graph = network(world_store, "co-askers")
    labels = {data["label"] for _, data in graph.nodes(data=True)}
    assert {"Henri Bontenbal", "Derk Boswijk", "Harmen Krul"} <= labels


def test_gexf_of_the_seeds(seed_store: Path) -> None:
    with Store.open(seed_store, read_only=True) as store:
        for view in VIEWS:
            check_gexf_structure(exported(network(store, view), "gexf"))
