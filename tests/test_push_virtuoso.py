"""`kgraph push` into a real Virtuoso (Debian's virtuoso-opensource 7.2), started by the test from a private
virtuoso.ini on loopback ports (`sparql_servers.virtuoso`), written through its Graph Store Protocol address with
a login (`/sparql-graph-crud-auth`, HTTP Digest) and read back over its SPARQL endpoint.

Reading back with care: Virtuoso's SELECT answers (SPARQL JSON) give xsd:boolean values as "1"/"0" and drop
`^^xsd:string` (the same term in RDF 1.1), and it cuts every answer at `ResultSetMaxRows` rows (10,000, as
Debian's virtuoso.ini has it). So the triples are read back graph by graph with CONSTRUCT as N-Triples, each graph
far below that limit and its size checked against a COUNT (which is not cut), and compared as terms parsed by
pyoxigraph, booleans in their canonical form. Measured on Virtuoso 7.2.5.3229: the CONSTRUCT answers carry every
lexical form as pushed (decimals, dates, dateTimes, booleans, language tags), so the boolean step changes nothing
there; it is there for a Virtuoso that answers as its SELECT does.

The server runs with `TransactionAfterImageLimit` at 1,000,000 bytes (the default is 50,000,000, which takes a
single PUT of 400,000 triples): tight enough that a graph of a few MB shows the limit push has to stay under.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.errors import EndpointError
from kgraph.push import Credentials, GraphStoreClient, Target, plan, push
from kgraph.store import Store

from conftest import SEEDS, SHARED_CORPUS
from sparql_servers import VIRTUOSO_MISSING, Virtuoso, find_virtuoso, sparql, virtuoso

pytestmark = pytest.mark.skipif(find_virtuoso() is None, reason=VIRTUOSO_MISSING)

_AFTER_IMAGE_LIMIT = 1_000_000
_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
# A few documents of the development corpus besides the seeds, when it is there: more graphs, other readers (docx).
_CORPUS_FOLDER = SHARED_CORPUS / "codewith"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    location = tmp_path_factory.mktemp("virtuoso-store") / "store"
    sources = [str(SEEDS)] + ([str(_CORPUS_FOLDER)] if _CORPUS_FOLDER.is_dir() else [])
    result = CliRunner().invoke(main, ["build", *sources, "--store", str(location)])
    assert result.exit_code == 0, result.output
    return location


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    with virtuoso(tmp_path_factory.mktemp("virtuoso") / "db", after_image_limit=_AFTER_IMAGE_LIMIT) as running:
        yield running


@pytest.fixture
def empty(server: Virtuoso, store_dir: Path) -> Virtuoso:
    """The server without any graph the tests write (its own system graphs stay)."""
    graphs = set(_local_counts(store_dir)) | {_BIG}
    # log_enable(3): autocommit each row, so that clearing a big graph is not one transaction over the limit.
    server.isql("log_enable(3, 1)", *(f"SPARQL CLEAR GRAPH <{graph}>" for graph in sorted(graphs)))
    return server


def _local_counts(store_dir: Path) -> dict[str, int]:
    with Store.open(store_dir, read_only=True) as store:
        return {str(t.graph): len(store.document_graph(t.graph)) for t in plan(store)}


def _remote_counts(server: Virtuoso, graphs: set[str]) -> dict[str, int]:
    """The triples per graph on the server, for the graphs of `graphs` it has."""
    return {graph: int(n) for graph, n in sparql(server.query_url, _PER_GRAPH) if graph in graphs}


def _push(server: Virtuoso, store_dir: Path, *args: str, password: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["push", "--endpoint", server.graph_store, "--store", str(store_dir), "--user", "dba", *args],
        env={"KGRAPH_PASSWORD": server.password if password is None else password},
    )
    return result.exit_code, result.output


def _canonical(triple: ox.Triple) -> ox.Triple:
    """`triple` with an xsd:boolean in its canonical form ("1" -> "true"), the one way Virtuoso rewrites a value."""
    value = triple.object
    if isinstance(value, ox.Literal) and value.datatype == _XSD_BOOLEAN and value.value in ("0", "1"):
        value = ox.Literal("true" if value.value == "1" else "false", datatype=_XSD_BOOLEAN)
    return ox.Triple(triple.subject, triple.predicate, value)


def _remote_triples(server: Virtuoso, graph: str) -> set[ox.Triple]:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(server.query_url + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        data = answer.read()
    return {_canonical(quad.triple) for quad in ox.parse(data, ox.RdfFormat.N_TRIPLES)}


def _local_triples(store: Store, graph: rdflib.URIRef) -> set[ox.Triple]:
    data = store.document_graph(graph).serialize(format="nt", encoding="utf-8")
    return {_canonical(quad.triple) for quad in ox.parse(data, ox.RdfFormat.N_TRIPLES)}


def test_push_loads_every_graph_and_virtuoso_has_the_same_triples(empty: Virtuoso, store_dir: Path) -> None:
    server = empty
    code, output = _push(server, store_dir)
    assert code == 0, output
    local = _local_counts(store_dir)
    assert len(local) >= 3
    assert output.splitlines()[0] == f"endpoint:  {server.graph_store}"
    assert f"triples:   {sum(local.values())} (summed over the graphs)" in output
    assert f"created:   {len(local)}, replaced 0" in output
    assert server.password not in output
    assert _remote_counts(server, set(local)) == local

    # Not only as many triples: the same ones, graph by graph.
    with Store.open(store_dir, read_only=True) as store:
        for target in plan(store):
            assert local[str(target.graph)] < 10_000  # below ResultSetMaxRows: the CONSTRUCT answer is whole
            theirs = _remote_triples(server, str(target.graph))
            assert len(theirs) == local[str(target.graph)]
            assert theirs == _local_triples(store, target.graph), target.graph


def test_pushing_again_replaces_and_never_duplicates(empty: Virtuoso, store_dir: Path) -> None:
    server = empty
    local = _local_counts(store_dir)
    assert _push(server, store_dir)[0] == 0
    document = next(graph for graph in sorted(local) if "/doc/" in graph)
    server.isql(f'SPARQL INSERT DATA {{ GRAPH <{document}> {{ <urn:kgraph-test:stray> <urn:kgraph-test:p> "x" }} }}')
    assert _remote_counts(server, {document})[document] == local[document] + 1

    code, output = _push(server, store_dir)
    assert code == 0, output
    assert f"created:   0, replaced {len(local)}" in output
    assert _remote_counts(server, set(local)) == local  # the stray triple is gone, nothing is doubled


def test_a_wrong_password_and_the_graph_store_without_login_are_clear_errors(
    empty: Virtuoso, store_dir: Path
) -> None:
    server = empty
    code, output = _push(server, store_dir, password="not-the-password")
    assert code == 1
    assert "401 Unauthorized" in output and "the login was refused" in output and "not-the-password" not in output

    # /sparql-graph-crud asks for no login and writes as Virtuoso's SPARQL user, who may not write.
    result = CliRunner().invoke(main, ["push", "--endpoint", server.base + "sparql-graph-crud",
                                       "--store", str(store_dir)])
    assert result.exit_code == 1
    assert "403 Forbidden to PUT ?graph=<" in result.output
    assert "sparql-graph-crud-auth with --user" in result.output  # the hint for Virtuoso's SQ110
    assert "SQ110" in result.output and "Permission denied" in result.output  # no login sent: its answer is quoted
    assert _remote_counts(server, set(_local_counts(store_dir))) == {}


# --- request limits ------------------------------------------------------------------------------------------------

_BIG = "https://example.org/kgraph-test/big"
_BIG_TRIPLES = 20_000  # about 3.3 MB of N-Triples: over the server's 1,000,000-byte transaction limit


class _OneGraph:
    """Stands in for a store holding one large graph (push reads a store only through `document_graph`)."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph

    def document_graph(self, graph: rdflib.URIRef) -> rdflib.Graph:
        return self.graph


def _big_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    title = rdflib.URIRef("http://purl.org/dc/terms/title")
    for number in range(_BIG_TRIPLES):
        graph.add((rdflib.URIRef(f"https://example.org/kgraph-test/question/{number}"), title,
                   rdflib.Literal(f"Vraag {number} over de voorgenomen sluiting van het politiebureau", lang="nl")))
    return graph


def test_a_graph_over_the_servers_limit_is_refused_in_one_request_and_loads_in_parts(empty: Virtuoso) -> None:
    server = empty
    graph = _big_graph()
    size = len(graph.serialize(format="nt", encoding="utf-8"))
    assert size > 3 * _AFTER_IMAGE_LIMIT
    targets = [Target(rdflib.URIRef(_BIG))]
    client = GraphStoreClient(server.graph_store, Credentials("dba", server.password))
    store = _OneGraph(graph)

    # In one request the load's transaction log passes TransactionAfterImageLimit: Virtuoso refuses it (SR325).
    with pytest.raises(EndpointError) as refused:
        push(store, targets, client, max_request_bytes=size)  # type: ignore[arg-type]
    message = str(refused.value)
    assert "500 Internal Server Error to PUT" in message and "error SR325" in message
    assert "TransactionAfterImageLimit" in message and "--max-request-kb" in message
    assert server.password not in message

    # In parts of 256 KiB (a PUT, then POSTs) every request stays under the limit.
    summary = push(store, targets, client, max_request_bytes=256 * 1024)  # type: ignore[arg-type]
    assert summary.pushed[0].requests >= -(-size // (256 * 1024))  # at least ceil(size / part)
    assert _remote_counts(server, {_BIG}) == {_BIG: _BIG_TRIPLES}

    # Pushed again in parts, the PUT of the first part replaces the graph and the POSTs add the rest, once.
    again = push(store, targets, client, max_request_bytes=256 * 1024)  # type: ignore[arg-type]
    assert again.pushed[0].status == 200
    assert _remote_counts(server, {_BIG}) == {_BIG: _BIG_TRIPLES}
