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


def _references(store_dir: Path) -> int:
    with Store.open(store_dir, read_only=True) as store:
        return sum(1 for t in plan(store) if t.reference)


def test_push_loads_every_graph_and_the_server_has_the_same_triples(built_store: Path, target: str) -> None:
    result = CliRunner().invoke(main, ["push", "--endpoint", target + "store", "--store", str(built_store)])
    assert result.exit_code == 0, result.output
    local = _local_counts(built_store)
    references = _references(built_store)
    assert len(local) >= 3 and references == 1  # the two seed documents (and what else the build adds), the reference graph
    assert result.stdout.splitlines() == [
        f"endpoint:  {target}store",
        f"graphs:    {len(local)} ({len(local) - references} documents, {references} reference)",
        f"triples:   {sum(local.values())} (summed over the graphs)",
        f"created:   {len(local)}, replaced 0",
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
    assert f"created:   0, replaced {len(_local_counts(built_store))}" in again.stdout
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
    assert f"created:   {len(_local_counts(built_store))}, replaced 0" in result.stdout
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


# --- each body once, and no secret in any message ----------------------------------------------------------------
# A Graph Store stand-in that asks for HTTP Basic or Digest (RFC 7616, MD5, qop=auth, as Virtuoso does) and counts
# every body it receives.

_USER, _PASSWORD = "editor", "s3cret"


class _CountingStore(http.server.BaseHTTPRequestHandler):
    scheme = "Basic"
    echo = False  # answer the login with 400 and the request's headers, as a careless server might
    received: list[tuple[str, str, int, bool]] = []  # method, path, body length, with a login
    nonces: set[str] = set()

    def _authorized(self) -> bool:
        import hashlib
        import urllib.request

        authorization = self.headers.get("Authorization") or ""
        if self.scheme == "Basic":
            return authorization == "Basic " + base64.b64encode(f"{_USER}:{_PASSWORD}".encode()).decode()
        if not authorization.startswith("Digest "):
            return False
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(authorization[len("Digest "):]))

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()

        expected = md5(":".join([md5(f"{_USER}:graphs:{_PASSWORD}"), fields.get("nonce", ""), fields.get("nc", ""),
                                 fields.get("cnonce", ""), "auth", md5(f"{self.command}:{fields.get('uri', '')}")]))
        return fields.get("nonce") in self.nonces and fields.get("uri") == self.path and fields.get("response") == expected

    def _handle(self) -> None:
        import secrets

        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        login = "Authorization" in self.headers
        self.received.append((self.command, self.path, len(body), login))
        if not self._authorized():
            self.send_response(401)
            if self.scheme == "Basic":
                self.send_header("WWW-Authenticate", 'Basic realm="graphs"')
            else:
                nonce = secrets.token_hex(8)
                self.nonces.add(nonce)
                self.send_header("WWW-Authenticate", f'Digest realm="graphs", qop="auth", nonce="{nonce}", algorithm=MD5')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.echo:
            said = f"bad request; you sent: {self.headers}".encode()
            self.send_response(400)
            self.send_header("Content-Length", str(len(said)))
            self.end_headers()
            self.wfile.write(said)
            return
        self.send_response(201 if self.command == "PUT" else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = _handle  # noqa: N815 (the names http.server calls)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def counting_store() -> Iterator[str]:
    _CountingStore.received, _CountingStore.nonces = [], set()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingStore)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}/rdf-graphs"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
        _CountingStore.scheme, _CountingStore.echo = "Basic", False


@pytest.mark.parametrize("scheme", ["Basic", "Digest"])
def test_each_graph_is_sent_once_when_the_server_asks_for_a_login(
    built_store: Path, counting_store: str, scheme: str
) -> None:
    _CountingStore.scheme = scheme
    result = CliRunner().invoke(main, ["push", "--endpoint", f"http://{counting_store}", "--store", str(built_store),
                                       "--user", _USER], env={"KGRAPH_PASSWORD": _PASSWORD})
    assert result.exit_code == 0, result.output
    puts = [(path, size, login) for method, path, size, login in _CountingStore.received if method == "PUT"]
    graphs = len(_local_counts(built_store))
    assert len(puts) == graphs and len({path for path, _, _ in puts}) == graphs  # one PUT per graph
    assert all(size > 0 and login for _, size, login in puts)  # each body once, with the login
    probes = [(path, size) for method, path, size, _ in _CountingStore.received if method == "POST"]
    assert probes and all(path == "/rdf-graphs?default" and size == 0 for path, size in probes)


def test_a_login_in_the_url_is_used_and_never_shown(built_store: Path, counting_store: str) -> None:
    endpoint = f"http://{_USER}:{_PASSWORD}@{counting_store}"
    result = CliRunner().invoke(main, ["push", "--endpoint", endpoint, "--store", str(built_store)])
    assert result.exit_code == 0, result.output
    assert f"endpoint:  http://{counting_store}" in result.stdout and _PASSWORD not in result.output
    unreachable = f"http://{_USER}:{_PASSWORD}@127.0.0.1:{free_port()}/store"
    failed = CliRunner().invoke(main, ["push", "--endpoint", unreachable, "--store", str(built_store)])
    assert failed.exit_code == 1 and "connection refused" in failed.output
    assert _PASSWORD not in failed.output and _USER not in failed.output
    both = CliRunner().invoke(main, ["push", "--endpoint", endpoint, "--store", str(built_store), "--user", "x",
                                     "--password", "y"])
    assert both.exit_code == 2 and _PASSWORD not in both.output


@pytest.mark.parametrize("scheme", ["Basic", "Digest"])
def test_a_server_that_echoes_the_login_does_not_put_it_in_the_message(
    built_store: Path, counting_store: str, scheme: str
) -> None:
    _CountingStore.scheme, _CountingStore.echo = scheme, True
    result = CliRunner().invoke(main, ["push", "--endpoint", f"http://{counting_store}", "--store", str(built_store),
                                       "--user", _USER, "--password", _PASSWORD])
    assert result.exit_code == 1
    assert "answered 400 Bad Request to PUT" in result.output
    token = base64.b64encode(f"{_USER}:{_PASSWORD}".encode()).decode()
    assert _PASSWORD not in result.output and token not in result.output
    assert "Authorization" not in result.output and "Digest" not in result.output


def test_a_redirect_is_not_followed_with_the_login(built_store: Path) -> None:
    class Redirecting(http.server.BaseHTTPRequestHandler):
        def _handle(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(307)
            self.send_header("Location", f"http://{_USER}:{_PASSWORD}@127.0.0.1:{elsewhere_port}/steal")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_PUT = do_POST = _handle  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    from sparql_servers import listener

    with listener() as elsewhere:
        elsewhere_port = int(elsewhere.url.split(":")[2].split("/")[0])
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            result = CliRunner().invoke(main, ["push", "--endpoint", f"http://127.0.0.1:{server.server_address[1]}/g",
                                               "--store", str(built_store), "--user", _USER, "--password", _PASSWORD])
        finally:
            server.shutdown()
            server.server_close()
            thread.join(10)
    assert result.exit_code == 1 and "307 Temporary Redirect" in result.output and "does not follow" in result.output
    assert _PASSWORD not in result.output
    assert elsewhere.connections == []


# --- requests below the server's limits ----------------------------------------------------------------------------


def test_a_graph_larger_than_one_request_goes_as_a_put_then_posts(built_store: Path, counting_store: str) -> None:
    from kgraph.push import parts

    result = CliRunner().invoke(main, ["push", "--endpoint", f"http://{counting_store}", "--store", str(built_store),
                                       "--user", _USER, "--max-request-kb", "4"], env={"KGRAPH_PASSWORD": _PASSWORD})
    assert result.exit_code == 0, result.output
    writes = [(method, path, size) for method, path, size, login in _CountingStore.received if "?graph=" in path]
    with Store.open(built_store, read_only=True) as store:
        for target in plan(store):
            body = store.document_graph(target.graph).serialize(format="nt", encoding="utf-8")
            expected = parts(body, 4 * 1024)
            mine = [(method, size) for method, path, size in writes if path.endswith(_quoted(str(target.graph)))]
            assert len(expected) > 1  # every seed graph is over 4 KiB
            assert mine == [("PUT", len(expected[0]))] + [("POST", len(part)) for part in expected[1:]]
            assert all(size <= 4 * 1024 for _, size in mine)


def _quoted(graph: str) -> str:
    import urllib.parse

    return "?graph=" + urllib.parse.quote(graph, safe="")


def test_a_graph_in_parts_loads_whole_into_oxigraph_and_pushing_again_replaces_it(
    built_store: Path, target: str
) -> None:
    args = ["push", "--endpoint", target + "store", "--store", str(built_store), "--max-request-kb", "4"]
    for _ in range(2):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert {graph: int(n) for graph, n in sparql(target + "query", _PER_GRAPH)} == _local_counts(built_store)
