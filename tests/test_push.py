"""`kgraph push` into a real Oxigraph server process (writable, on a temporary location) started by the test,
then read back over the SPARQL Protocol and compared with the local store graph by graph."""

from __future__ import annotations

import base64
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.term import Node

from kgraph.build import REFERENCE_SOURCE
from kgraph.cli import main
from kgraph.push import Credentials, GraphStoreClient, Target, plan
from kgraph.store import Store

from sparql_servers import free_port, oxigraph, sparql

_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@pytest.fixture(scope="module")
def built_store(seed_store: Path) -> Path:
    return seed_store


@pytest.fixture
def target(tmp_path: Path) -> Iterator[str]:
    """A writable Oxigraph server on an empty temporary location; yields its base URL."""
    with oxigraph(tmp_path / "target") as base:
        yield base


def _local_counts(store_dir: Path) -> dict[str, int]:
    with Store.open(store_dir, read_only=True) as store:
        return {str(t.graph): len(store.document_graph(t.graph)) for t in plan(store)}


def test_push_loads_every_graph_and_the_server_has_the_same_triples(built_store: Path, target: str) -> None:
    result = CliRunner().invoke(main, ["push", "--endpoint", target + "store", "--store", str(built_store)])
    assert result.exit_code == 0, result.output
    local = _local_counts(built_store)
    assert len(local) == 3  # two documents and the reference graph
    assert result.stdout.splitlines() == [
        f"endpoint:  {target}store",
        "graphs:    3 (2 documents, 1 reference)",
        f"triples:   {sum(local.values())} (summed over the graphs)",
        "created:   3, replaced 0",
    ]
    remote = {graph: int(n) for graph, n in sparql(target + "query", _PER_GRAPH)}
    assert remote == local

    # Not only as many triples: the same ones. One document graph, read back with CONSTRUCT.
    with Store.open(built_store, read_only=True) as store:
        document = next(t.graph for t in plan(store) if not t.reference)
        mine = store.document_graph(document)
    theirs = Graph()
    for triple in _construct(target, str(document)):
        theirs.add(triple)
    assert len(theirs) == len(mine)
    assert isomorphic(mine, theirs)


def _construct(base: str, graph: str) -> list[tuple[Node, Node, Node]]:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = Graph(store=SPARQLStore(base + "query"))
    return list(remote.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"))  # type: ignore[arg-type]


def test_pushing_again_replaces_and_never_duplicates(built_store: Path, target: str) -> None:
    runner = CliRunner()
    args = ["push", "--endpoint", target + "store", "--store", str(built_store)]
    assert runner.invoke(main, args).exit_code == 0
    again = runner.invoke(main, args)
    assert again.exit_code == 0
    assert "created:   0, replaced 3" in again.stdout
    assert {graph: int(n) for graph, n in sparql(target + "query", _PER_GRAPH)} == _local_counts(built_store)


def test_plan_marks_the_reference_graph(built_store: Path) -> None:
    with Store.open(built_store, read_only=True) as store:
        targets = plan(store)
        reference = {doc.graph for doc in store.documents() if doc.source == REFERENCE_SOURCE}
    assert [t.graph for t in targets if t.reference] == sorted(reference)
    assert targets == sorted(targets)


def test_query_address_instead_of_graph_store_is_a_clear_error(built_store: Path, target: str) -> None:
    result = CliRunner().invoke(main, ["push", "--endpoint", target + "query", "--store", str(built_store)])
    assert result.exit_code == 1
    assert "answered 404 Not Found to PUT ?graph=<" in result.output
    assert "Graph Store Protocol address? (Oxigraph http://HOST:7878/store" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_read_only_server_is_a_clear_error(built_store: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(built_store, tmp_path / "copy")
    with oxigraph(Path(copy), read_only=True) as base:
        result = CliRunner().invoke(main, ["push", "--endpoint", base + "store", "--store", str(built_store)])
    assert result.exit_code == 1
    assert "403 Forbidden" in result.output and "refuses writes" in result.output


def test_no_server_is_a_clear_error(built_store: Path) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/store"
    result = CliRunner().invoke(main, ["push", "--endpoint", endpoint, "--store", str(built_store)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: cannot reach {endpoint}: connection refused (is the server running, and is this its address?)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--endpoint", "localhost:7878/store"], "expected an http:// or https:// address"),
        (["--endpoint", "http://localhost:7878/store?graph=urn:x"], "without ?graph="),
        (["--endpoint", "http://localhost:7878/store", "--user", "me"], "give --user and --password together"),
    ],
)
def test_usage_errors(built_store: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["push", *args, "--store", str(built_store)], env={"KGRAPH_PASSWORD": None})
    assert result.exit_code == 2
    assert message in result.output


# --- logins --------------------------------------------------------------------------------------------------------
# Oxigraph's server has no logins; a small Graph Store stand-in that asks for HTTP Basic shows the client answers
# the challenge, and only then sends the credentials.


class _BasicAuthStore(http.server.BaseHTTPRequestHandler):
    expected = "Basic " + base64.b64encode(b"editor:s3cret").decode()
    seen: list[tuple[str, str | None]] = []

    def do_PUT(self) -> None:  # noqa: N802 (the name http.server calls)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        authorization = self.headers.get("Authorization")
        self.seen.append((self.path, authorization))
        if authorization != self.expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="graphs"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def basic_auth_server() -> Iterator[str]:
    _BasicAuthStore.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _BasicAuthStore)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/rdf-graphs"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_login_answers_the_servers_challenge(built_store: Path, basic_auth_server: str) -> None:
    result = CliRunner().invoke(main, ["push", "--endpoint", basic_auth_server, "--store", str(built_store),
                                       "--user", "editor"], env={"KGRAPH_PASSWORD": "s3cret"})
    assert result.exit_code == 0, result.output
    assert "created:   3, replaced 0" in result.stdout
    first = _BasicAuthStore.seen[0]
    assert first[1] is None  # nothing sent before the server asked
    assert all(path.startswith("/rdf-graphs?graph=https%3A%2F%2F") for path, _ in _BasicAuthStore.seen)


def test_login_needed_or_refused_is_a_clear_error(built_store: Path, basic_auth_server: str) -> None:
    runner = CliRunner()
    without = runner.invoke(main, ["push", "--endpoint", basic_auth_server, "--store", str(built_store)])
    assert without.exit_code == 1
    assert "401 Unauthorized" in without.output and "give --user and --password" in without.output
    wrong = runner.invoke(main, ["push", "--endpoint", basic_auth_server, "--store", str(built_store),
                                 "--user", "editor", "--password", "guess"])
    assert wrong.exit_code == 1
    assert "401 Unauthorized" in wrong.output and "the login was refused" in wrong.output


def test_credentials_are_not_shown() -> None:
    assert "s3cret" not in repr(Credentials("editor", "s3cret"))
    assert "s3cret" not in repr(GraphStoreClient("http://localhost/store", Credentials("editor", "s3cret")).credentials)


def test_target_order_is_by_graph() -> None:
    from rdflib import URIRef

    assert sorted([Target(URIRef("urn:b")), Target(URIRef("urn:a"), True)])[0].graph == URIRef("urn:a")
