"""`kgraph serve` against the real Oxigraph server process, asked over HTTP with rdflib's SPARQL Protocol client.

Every test that starts a server stops it (and checks the port is free again); every wait is bounded.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.errors import EndpointError, StoreError, UsageError
from kgraph.gate import Policy
from kgraph.serve import Bind, Endpoint, Server, check_version, find_server, parse_bind
from kgraph.store import Store

from sparql_servers import STOP_TIMEOUT, free_port, is_listening, listener, read_line, running, sparql

# Persons by name, as `kgraph query` answers it; the server needs the PREFIX line.
_NAMES = "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name"
_FOAF = "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"


@pytest.fixture(scope="module")
def built_store(seed_store: Path) -> Path:
    return seed_store


@pytest.fixture
def store_copy(built_store: Path, tmp_path: Path) -> Path:
    """A store of its own for tests that write or lock it."""
    return Path(shutil.copytree(built_store, tmp_path / "store"))


def _local(store_dir: Path) -> tuple[int, list[tuple[str, ...]]]:
    with Store.open(store_dir, read_only=True) as store:
        return store.triple_count(), [tuple(v or "" for v in row) for row in store.query(_NAMES).rows]


def _status(request: urllib.request.Request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as err:
        err.close()
        return err.code


# --- the command, as a user runs it ------------------------------------------------------------------------------


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_command_answers_sparql_protocol_queries_and_stops_on_a_signal(
    built_store: Path, stop_signal: signal.Signals
) -> None:
    port = free_port()
    command = [sys.executable, "-c", "from kgraph.cli import main; main()", "serve", "--store", str(built_store),
               "--bind", f"127.0.0.1:{port}"]
    with running(command) as process:
        first = read_line(process.stdout, timeout=60)
        assert first == f"SPARQL endpoint: http://127.0.0.1:{port}/query (read-only)\n"
        assert read_line(process.stdout, timeout=5) == f"query page:      http://127.0.0.1:{port}/\n"
        endpoint = f"http://127.0.0.1:{port}/query"

        # The default graph is the union of the documents, as `kgraph query` sees it.
        triples, names = _local(built_store)
        assert sparql(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [(str(triples),)]
        assert sparql(endpoint, _FOAF + _NAMES) == names
        assert len(names) == 4

        # The browser query page, served by the server itself.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
            assert page.status == 200
            assert "yasgui" in page.read().decode("utf-8").lower()
        # Read-only: no updates.
        update = urllib.request.Request(
            f"http://127.0.0.1:{port}/update", method="POST",
            data=urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode(),
        )
        assert _status(update) == 403

        process.send_signal(stop_signal)
        assert process.wait(STOP_TIMEOUT) == 0
    assert not is_listening(port), "the oxigraph child outlived `kgraph serve`"
    assert _local(built_store)[0] == triples


def test_serve_bad_bind_is_a_usage_error(built_store: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--store", str(built_store), "--bind", "localhost"])
    assert result.exit_code == 2
    assert "expected HOST:PORT" in result.output


def test_serve_missing_store_is_one_error_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'none'}: no store here; run `kgraph build FILES… --store {tmp_path / 'none'}` first"


def test_serve_port_in_use_is_one_error_line(built_store: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(EndpointError, match="address is in use"):
            Endpoint.start(built_store, Bind("127.0.0.1", port), timeout=30)


# --- the store's lock ----------------------------------------------------------------------------------------------


def test_read_only_server_runs_beside_a_writer(store_copy: Path) -> None:
    """serve-read-only takes no lock: it starts while this process holds the store for writing."""
    with Store.open(store_copy) as writer:
        with Endpoint.start(store_copy, Bind("127.0.0.1", free_port())) as server:
            assert sparql(server.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [(str(writer.triple_count()),)]


def test_writable_server_needs_the_store_to_itself(store_copy: Path) -> None:
    with Store.open(store_copy):
        with pytest.raises(StoreError, match="in use by another process"):
            Endpoint.start(store_copy, Bind("127.0.0.1", free_port()), Policy(writable=True))


def test_writable_server_takes_updates_and_holds_the_lock_until_stopped(store_copy: Path) -> None:
    port = free_port()
    with Endpoint.start(store_copy, Bind("127.0.0.1", port), Policy(writable=True)) as server:
        update = urllib.request.Request(
            server.update_url, method="POST",
            data=urllib.parse.urlencode({"update": "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"}).encode(),
        )
        assert _status(update) == 204
        assert sparql(server.query_url, "SELECT ?o WHERE { GRAPH <urn:x> { <urn:a> <urn:b> ?o } }") == [("urn:c",)]
        with pytest.raises(StoreError, match="in use by another process"):
            Store.open(store_copy)  # what `kgraph build` would meet
        with Store.open(store_copy, read_only=True) as reader:  # `kgraph query` still works
            assert reader.triple_count() > 0
    assert not is_listening(port)
    with Store.open(store_copy) as writer:  # the lock is free again, and the update is in the store
        assert writer.query("ASK { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }").boolean is True


def test_the_server_reads_a_store_pyoxigraph_wrote(tmp_path: Path) -> None:
    """Same release, same on-disk format: what pyoxigraph writes, the server reads."""
    location = tmp_path / "raw"
    database = pyoxigraph.Store(str(location))
    database.add(pyoxigraph.Quad(pyoxigraph.NamedNode("urn:s"), pyoxigraph.NamedNode("urn:p"), pyoxigraph.Literal("é")))
    database.flush()
    del database  # frees RocksDB's lock
    with Endpoint.start(location, Bind("127.0.0.1", free_port())) as server:
        assert sparql(server.query_url, "SELECT ?o WHERE { <urn:s> <urn:p> ?o }") == [("é",)]


# --- finding and checking the server ---------------------------------------------------------------------------


def test_not_a_store_is_refused_before_the_server_starts(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a store")
    with pytest.raises(StoreError, match="not a kgraph store"):
        Endpoint.start(tmp_path, Bind("127.0.0.1", free_port()))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_missing_server_names_the_package_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(EndpointError) as raised:
        find_server()
    assert f"pip install 'oxigraph=={pyoxigraph.__version__}'" in str(raised.value)


def test_server_of_another_minor_release_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "oxigraph"
    fake.write_text("#!/bin/sh\necho 'oxigraph 0.4.11'\n")
    fake.chmod(0o755)
    with pytest.raises(EndpointError, match="oxigraph 0.4.11, but the store is written by pyoxigraph"):
        check_version(fake)


def test_installed_server_is_pyoxigraphs_release() -> None:
    assert check_version(find_server()) == pyoxigraph.__version__


@pytest.mark.parametrize(
    ("text", "host", "port", "url", "loopback"),
    [
        ("127.0.0.1:7878", "127.0.0.1", 7878, "http://127.0.0.1:7878/", True),
        ("localhost:8000", "localhost", 8000, "http://localhost:8000/", True),
        ("[::1]:7878", "::1", 7878, "http://[::1]:7878/", True),
        ("0.0.0.0:7878", "0.0.0.0", 7878, "http://127.0.0.1:7878/", False),
        ("[::]:7878", "::", 7878, "http://[::1]:7878/", False),
    ],
)
def test_parse_bind(text: str, host: str, port: int, url: str, loopback: bool) -> None:
    bind = parse_bind(text)
    assert (bind.host, bind.port, bind.url, bind.is_loopback) == (host, port, url, loopback)


@pytest.mark.parametrize("text", ["7878", "localhost", "host:0", "host:70000", "::1:7878", "a b:80"])
def test_parse_bind_refuses(text: str) -> None:
    with pytest.raises(UsageError):
        parse_bind(text)


def test_a_server_that_ignores_the_passed_signal_is_ended_after_the_grace_period(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    from kgraph import serve as serve_module

    monkeypatch.setattr(serve_module, "STOP_GRACE", 0.5)
    stubborn = [sys.executable, "-c",
                "import signal, time; signal.signal(signal.SIGINT, signal.SIG_IGN); print('up', flush=True); time.sleep(60)"]
    with running(stubborn) as process:
        assert read_line(process.stdout, timeout=30) == "up\n"
        server = Server(process, Bind("127.0.0.1", 1), writable=False)  # type: ignore[arg-type]
        process.send_signal(signal.SIGINT)  # what the forwarding handler does; the child ignores it
        started = time.monotonic()
        assert serve_module._wait(lambda: server, [signal.SIGINT])[0] == -signal.SIGTERM
        assert time.monotonic() - started < 5


# --- safe by default: SERVICE, LOAD, timeout, answer size, bookkeeping -------------------------------------------
# Each against the real processes: the gate of `kgraph serve` in front of Oxigraph's server.

def _ask(url: str, text: str, *, how: str = "form", name: str = "query", timeout: float = 30) -> tuple[int, bytes]:
    """Send a SPARQL query (or update) the way `how` says and return the status and the body."""
    if how == "get":
        request = urllib.request.Request(url + "?" + urllib.parse.urlencode({name: text}))
    elif how == "form":
        request = urllib.request.Request(url, data=urllib.parse.urlencode({name: text}).encode(),
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    else:
        request = urllib.request.Request(url, data=text.encode(), headers={"Content-Type": f"application/sparql-{name}"})
    request.add_header("Accept", "text/csv")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return int(answer.status), answer.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.read()


def _service_queries(target: str) -> list[str]:
    """SERVICE calls as Oxigraph reads them, some written to slip past a naive check (each measured against
    pyoxigraph 0.5.13 to reach a listener; see tests/test_outbound.py)."""
    return [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"select * {{ service silent <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT*{{SERVICE<{target}>{{?s ?p ?o}}}}",
        f"SELECT * {{ BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b)SERVICE#>\n<{target}>{{?s ?p ?o}} }}",
        f"SELECT * {{ ?x ?y trueSERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"PREFIX x: <{target}> SELECT * {{ SERVICEx:a {{ ?s ?p ?o }} }}",
        f"SELECT * {{ OPTIONAL {{ ?x ?y ?z }} {{ }} UNION {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}",
    ]


def test_a_service_call_reaches_no_other_address(built_store: Path) -> None:
    with listener() as elsewhere, Endpoint.start(built_store, Bind("127.0.0.1", free_port()), log=lambda line: None) as endpoint:
        for query in _service_queries(elsewhere.url):
            for how in ("get", "form", "body"):
                status, said = _ask(endpoint.query_url, query, how=how)
                assert (status, said) == (403, b"federated queries (SERVICE) are off on this endpoint: it was started "
                                               b"without --allow-service\n"), (query, how)
        # Mentions that call nothing are answered.
        for harmless in ['SELECT ?x WHERE { BIND("SERVICE <x> { }" AS ?x) }  # SERVICE <x> { }',
                         "SELECT ?service WHERE { BIND(<http://example.org/service> AS ?service) }"]:
            assert _ask(endpoint.query_url, harmless)[0] == 200
    assert elsewhere.connections == []


def test_allow_service_lets_it_through(built_store: Path) -> None:
    """The control for the test above: the same listener does see a call once SERVICE is allowed."""
    policy = Policy(allow_service=True)
    with listener() as elsewhere, Endpoint.start(built_store, Bind("127.0.0.1", free_port()), policy) as endpoint:
        _ask(endpoint.query_url, _service_queries(elsewhere.url)[0])
    assert len(elsewhere.connections) == 1 and elsewhere.connections[0].startswith(b"POST /sparql")


def test_updates_are_refused_read_only_and_load_needs_allow_load(store_copy: Path) -> None:
    with listener() as elsewhere:
        with Endpoint.start(store_copy, Bind("127.0.0.1", free_port()), log=lambda line: None) as endpoint:
            assert _ask(endpoint.update_url, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", name="update")[0] == 403
            put = urllib.request.Request(endpoint.store_url + "?default", data=b"<urn:a> <urn:b> <urn:c> .",
                                         method="PUT", headers={"Content-Type": "text/turtle"})
            assert _status(put) == 403
        writable = Policy(writable=True)
        with Endpoint.start(store_copy, Bind("127.0.0.1", free_port()), writable, log=lambda line: None) as endpoint:
            for update in (f"LOAD <{elsewhere.url}>", f"load silent <{elsewhere.url}> INTO GRAPH <urn:g>",
                           f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{elsewhere.url}> {{ ?s ?p ?o }} }}"):
                assert _ask(endpoint.update_url, update, name="update", how="body")[0] == 403, update
        assert elsewhere.connections == []
        loading = Policy(writable=True, allow_load=True)
        with Endpoint.start(store_copy, Bind("127.0.0.1", free_port()), loading) as endpoint:
            _ask(endpoint.update_url, f"LOAD SILENT <{elsewhere.url}>", name="update")
    assert len(elsewhere.connections) == 1  # the control: allowed, LOAD does reach the address


def test_allow_load_without_writable_is_a_usage_error(built_store: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--store", str(built_store), "--allow-load"])
    assert result.exit_code == 2 and "--allow-load needs --writable" in result.output


def test_clients_cannot_read_the_bookkeeping_or_local_paths(built_store: Path) -> None:
    from conftest import SEEDS

    local = str(SEEDS.resolve())
    with Store.open(built_store, read_only=True) as store:
        assert any(document.source.startswith(local) for document in store.documents())  # what is to be hidden
    with Endpoint.start(built_store, Bind("127.0.0.1", free_port())) as endpoint:
        answers = [_ask(endpoint.query_url, query)[1] for query in (
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }",
            "SELECT * WHERE { GRAPH <urn:kgraph:sources> { ?s ?p ?o } }",
            "SELECT * FROM <urn:kgraph:sources> WHERE { ?s ?p ?o }",
            "SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?o), '/seeds/')) }",
        )]
        dump = urllib.request.Request(endpoint.store_url, headers={"Accept": "application/n-quads"})
        with urllib.request.urlopen(dump, timeout=30) as answer:
            answers.append(answer.read())
        assert b"<https://w3id.org/kgraph/id/reference>" in answers[-1]  # the dump is the whole dataset
    for said in answers:
        assert local.encode() not in said and b"urn:kgraph:sources" not in said and b"urn:kgraph:store:" not in said
    # The store keeps its bookkeeping, and the snapshot is gone.
    with Store.open(built_store, read_only=True) as store:
        assert any(document.source.startswith(local) for document in store.documents())
    assert not list(built_store.parent.glob(".kgraph-serve-*"))


def test_a_snapshot_left_by_a_killed_server_is_removed(store_copy: Path) -> None:
    abandoned = store_copy.parent / ".kgraph-serve-999999999-x1y2z3"  # no process has that id
    (abandoned / "store").mkdir(parents=True)
    with Endpoint.start(store_copy, Bind("127.0.0.1", free_port())):
        assert not abandoned.exists()


def test_an_answer_over_the_size_limit_is_refused_or_cut(built_store: Path) -> None:
    import http.client

    small = Policy(max_result_bytes=4096)
    with Endpoint.start(built_store, Bind("127.0.0.1", free_port()), small, log=lambda line: None) as endpoint:
        assert _ask(endpoint.query_url, "ASK { ?s ?p ?o }")[0] == 200
        status, said = _ask(endpoint.query_url, "SELECT * WHERE { ?s ?p ?o }")
        assert status == 413 and b"larger than this server sends (4096 bytes" in said
    # Past the part held back, the answer is streamed, and cut: the client sees it unfinished, never as whole.
    larger = Policy(max_result_bytes=600 * 1024)
    with Endpoint.start(built_store, Bind("127.0.0.1", free_port()), larger, log=lambda line: None) as endpoint:
        with pytest.raises(http.client.IncompleteRead) as cut:
            _ask(endpoint.query_url, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")
        assert 256 * 1024 < len(cut.value.partial) <= 600 * 1024


def _cartesian_store(location: Path, triples: int = 3000) -> Path:
    """A store where a three-way cartesian product (27 billion rows) runs far longer than any test."""
    database = pyoxigraph.Store(str(location))
    database.extend(pyoxigraph.Quad(pyoxigraph.NamedNode(f"urn:s{n}"), pyoxigraph.NamedNode("urn:p"),
                                    pyoxigraph.Literal(str(n))) for n in range(triples))
    database.flush()
    del database
    return location


_RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_a_runaway_query_is_stopped_at_the_timeout_with_a_clear_answer(tmp_path: Path) -> None:
    store = _cartesian_store(tmp_path / "store")
    with Endpoint.start(store, Bind("127.0.0.1", free_port()), Policy(timeout=1), log=lambda line: None) as endpoint:
        status, said = _ask(endpoint.query_url, _RUNAWAY)
        # Oxigraph itself answers a cancelled query with 200 and an empty or damaged result; the gate does not.
        assert (status, said) == (504, b"the query was stopped: it ran longer than the server's timeout of 1 s "
                                       b"(kgraph serve --timeout)\n")
        unfiltered = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STRLEN(CONCAT(?c, ?f, ?i)) > 20) }"
        assert _ask(endpoint.query_url, unfiltered)[0] == 504
        assert _ask(endpoint.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == (200, b"n\r\n3000\r\n")


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux /proc/PID/stat, fields 14 and 15); 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _oxigraph_children(pid: int) -> list[int]:
    found = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            if b"oxigraph" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(int(child))
        except FileNotFoundError:
            pass
    return found


def _cpu_during(pid: int, seconds: float) -> float:
    """CPU time the Oxigraph children of `pid` use in the next `seconds` (those that end, restart, or start
    in between included)."""
    import time

    before = {child: _cpu_seconds(child) for child in _oxigraph_children(pid)}
    time.sleep(seconds)
    after = {child: _cpu_seconds(child) for child in set(before) | set(_oxigraph_children(pid))}
    return sum(max(0.0, used - before.get(child, 0.0)) for child, used in after.items() if used)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="measures CPU time from Linux's /proc")
@pytest.mark.parametrize(("triples", "query"), [
    (3000, _RUNAWAY),  # Oxigraph's own cancellation ends it, about a second late
    (10_000, _RUNAWAY),  # measured: Oxigraph's cancellation alone let it run 24 s past a 2 s timeout
    (3000, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"),  # an answer that streams
], ids=["aggregate", "aggregate-coarse-cancellation", "streaming"])
def test_an_abandoned_runaway_query_stops_using_cpu_within_the_timeout(tmp_path: Path, triples: int, query: str) -> None:
    """`kgraph serve --timeout 2` as a user runs it; a client sends a runaway query and leaves after 0.5 s. The
    Oxigraph child must be busy while the query runs and idle once the timeout (and 1.5 s) has passed."""
    import socket
    import time

    store = _cartesian_store(tmp_path / "store", triples)
    port = free_port()
    command = [sys.executable, "-c", "from kgraph.cli import main; main()", "serve", "--store", str(store),
               "--bind", f"127.0.0.1:{port}", "--timeout", "2"]
    with running(command) as process:
        assert read_line(process.stdout, timeout=60).startswith("SPARQL endpoint:")
        body = urllib.parse.urlencode({"query": query})
        with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
            client.sendall(f"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/csv\r\nContent-Type: "
                           f"application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n{body}".encode())
            sent = time.monotonic()
            time.sleep(0.5)
        busy = _cpu_during(process.pid, 0.5)
        # The gate ends the query at the timeout plus its grace of half a second; measured from 1.5 s after, as
        # two shared cores under load can delay the restart by a second.
        time.sleep(max(0.0, sent + 2 + 1.5 - time.monotonic()))
        idle = _cpu_during(process.pid, 1.0)
        # And the endpoint still answers, from a new server if it had to restart one.
        still = _ask(f"http://127.0.0.1:{port}/query", "ASK { ?s ?p ?o }")
        process.send_signal(signal.SIGTERM)
        assert process.wait(STOP_TIMEOUT) == 0
        said = process.stderr.read() if process.stderr else ""
        assert busy > 0.05, f"the query did not run ({busy:.2f} s of CPU in 0.5 s)"
        assert idle < 0.1, f"the abandoned query still runs: {idle:.2f} s of CPU in 1 s, past the timeout; {said}"
        assert still == (200, b"true")
