"""Small graphs (one document, one file to validate, a report) to and from bytes, with rdflib.

Whole-store export goes through `Store.export`, which uses pyoxigraph's fast writers. Format names are those of
`kgraph.formats` (aliases accepted).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kgraph.errors import ReadError, UsageError
from kgraph.formats import RdfFormat, rdf_format

# What `graph_bytes` writes: the one-graph RDF formats, and "jsonld-framed" (a document nested, on one line).
GRAPH_FORMATS = ("ttl", "nt", "jsonld", "rdfxml", "jsonld-framed")


def jsonld_context() -> dict[str, Any]:
    """The compact @context shipped with kgraph (kgraph/data/context.jsonld)."""
    from kgraph.jsonld import context

    return context()


def graph_bytes(graph: Graph, fmt: str) -> bytes:
    """One graph as Turtle (canonical long Turtle, stable to diff), N-Triples, flat JSON-LD with the compact
    context, RDF/XML, or "jsonld-framed": the document nested as `kgraph.jsonld.frame_document` does, on one line."""
    if fmt in ("jsonld-framed", "json-ld-framed"):
        from kgraph.jsonld import frame_context, frame_document

        framed = {"@context": frame_context(), **frame_document(graph)}
        return json.dumps(framed, ensure_ascii=False).encode("utf-8") + b"\n"
    try:
        name = rdf_format(fmt).name
    except UsageError:
        name = fmt
    if name not in GRAPH_FORMATS:
        raise UsageError(f"unknown format {fmt!r}; available: {', '.join(GRAPH_FORMATS)}")
    if name == "jsonld":
        return graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True).encode("utf-8")
    if name == "ttl":
        return graph.serialize(format="longturtle", canon=True).encode("utf-8")
    if name == "rdfxml":
        return _rdf_xml(graph)
    return graph.serialize(format="nt").encode("utf-8")


def parse_file(path: Path, fmt: RdfFormat | None = None) -> Graph:
    """An RDF file as one graph (named graphs merged), format from `fmt` or the file's suffix. ReadError names
    the file and what went wrong; an unknown suffix is a UsageError that says to give the format."""
    graph = Graph()
    for _, part in parse_graphs(path, fmt):
        graph += part
    return graph


def parse_graphs(source: Path | bytes, fmt: RdfFormat | None = None, *, name: str = "-"
                 ) -> list[tuple[str | None, Graph]]:
    """An RDF file (or bytes read from stdin, shown as `name` in messages) as its graphs, each with its name:
    for N-Quads, TriG and JSON-LD the default graph (name None) when it holds triples, then each named graph in
    IRI order; for the others the one graph (None). Shapes look at one document's graph, and a dump of a store
    (`kgraph export --format nq`) holds one named graph per document."""
    from kgraph.formats import input_format

    shown = str(source) if isinstance(source, Path) else name
    fmt = fmt or input_format(source if isinstance(source, Path) else None, None, default="ttl")
    if isinstance(source, Path) and not source.is_file():
        raise ReadError(shown, "no such file" if not source.exists() else "not a file")
    try:
        if fmt.datasets:
            dataset = Dataset()
            if isinstance(source, Path):
                dataset.parse(source, format=fmt.rdflib)
            else:
                dataset.parse(data=source, format=fmt.rdflib)
            graphs: list[tuple[str | None, Graph]] = []
            for part in dataset.graphs():
                if len(part) == 0:
                    continue
                graph = Graph()
                graph += part
                named = None if part.identifier == DATASET_DEFAULT_GRAPH_ID else str(part.identifier)
                graphs.append((named, graph))
            return sorted(graphs, key=lambda pair: (pair[0] is not None, pair[0] or ""))
        graph = Graph()
        if isinstance(source, Path):
            graph.parse(source, format=fmt.rdflib)
        else:
            graph.parse(data=source, format=fmt.rdflib)
        return [(None, graph)]
    except Exception as err:  # rdflib raises many parser-specific types; all mean "not valid RDF"
        raise ReadError(shown, f"not valid {fmt.label}: {err}") from None


def _rdf_xml(graph: Graph) -> bytes:
    """RDF/XML by pyoxigraph's writer, from the graph's sorted N-Triples (each subject's triples together), with
    the graph's prefixes. rdflib's writers leave the `xml:` prefix unbound in a graph made with
    `bind_namespaces="none"` (as kgraph's are), writing `ns1:lang` attributes no parser reads."""
    import io

    import pyoxigraph as ox

    lines = sorted(graph.serialize(format="nt", encoding="utf-8").splitlines())
    triples = [quad.triple for quad in ox.parse(b"\n".join(lines), ox.RdfFormat.N_TRIPLES)]
    prefixes = {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix and prefix != "xml"}
    out = io.BytesIO()
    ox.serialize(triples, out, ox.RdfFormat.RDF_XML, prefixes=prefixes)
    return out.getvalue()
