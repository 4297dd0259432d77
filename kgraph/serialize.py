"""Small graphs (one document, one file to validate) to and from bytes, with rdflib.

Whole-store export goes through `Store.export`, which uses pyoxigraph's fast writers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph
from rdflib.util import guess_format

from kgraph.errors import ReadError, UsageError

GRAPH_FORMATS = ("turtle", "json-ld", "json-ld-framed", "nt")


def jsonld_context() -> dict[str, Any]:
    """The compact @context shipped with kgraph (kgraph/data/context.jsonld)."""
    from kgraph.jsonld import context

    return context()


def graph_bytes(graph: Graph, fmt: str) -> bytes:
    """One graph as Turtle (canonical long Turtle, stable to diff), N-Triples, flat JSON-LD with the compact
    context, or "json-ld-framed": the document nested as `kgraph.jsonld.frame_document` does, on one line."""
    if fmt == "json-ld-framed":
        from kgraph.jsonld import frame_context, frame_document

        framed = {"@context": frame_context(), **frame_document(graph)}
        return json.dumps(framed, ensure_ascii=False).encode("utf-8") + b"\n"
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
