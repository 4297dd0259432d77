"""Small graphs (one document, one file to validate) to and from bytes, with rdflib.

Whole-store export goes through `Store.export`, which uses pyoxigraph's fast writers.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph
from rdflib.util import guess_format

from kgraph.errors import ReadError, UsageError
from kgraph.resources import data_file

GRAPH_FORMATS = ("turtle", "json-ld", "nt")


@functools.cache
def jsonld_context() -> dict[str, Any]:
    """The compact @context shipped with kgraph (kgraph/data/context.jsonld)."""
    document: dict[str, Any] = json.loads(data_file("context.jsonld").read_text(encoding="utf-8"))
    context: dict[str, Any] = document.get("@context", document)
    return context


def graph_bytes(graph: Graph, fmt: str) -> bytes:
    if fmt not in GRAPH_FORMATS:
        raise UsageError(f"unknown format {fmt!r}; available: {', '.join(GRAPH_FORMATS)}")
    if fmt == "json-ld":
        return graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True).encode("utf-8")
    if fmt == "turtle":
        return graph.serialize(format="longturtle", canon=True).encode("utf-8")
    return graph.serialize(format="nt").encode("utf-8")


def parse_file(path: Path) -> Graph:
    """An RDF file, format guessed from its suffix. ReadError names the file and what went wrong."""
    fmt = guess_format(str(path))
    if fmt is None:
        raise ReadError(str(path), "unknown RDF file suffix; use .ttl, .nt, .nq, .trig, .jsonld or .rdf")
    try:
        if fmt in ("nquads", "trig"):
            # Named graphs are read as one graph: shapes look at documents, not at graph names.
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph = Graph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        graph = Graph()
        graph.parse(path, format=fmt)
    except Exception as err:  # rdflib raises many parser-specific types; all mean "not valid RDF"
        raise ReadError(str(path), f"not valid {fmt}: {err}") from None
    return graph
