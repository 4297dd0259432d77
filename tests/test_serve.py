"""`kgraph serve` against the real Oxigraph server process, asked over HTTP with rdflib's SPARQL Protocol client.

Every test that starts a server stops it (and checks the port is free again); every wait is bounded.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
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
from kgraph.serve import Bind, Server, check_version, find_server, parse_bind
from kgraph.store import Store

from sparql_servers import STOP_TIMEOUT, free_port, is_listening, running, sparql

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


def _read_line(stream: object, timeout: float) -> str:
    """One line from a pipe, or an assertion error after `timeout` seconds."""
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(stream.readline()), daemon=True)  # type: ignore[attr-defined]
    reader.start()
    reader.join(timeout)
    assert line, f"no line within {timeout} s"
    return line[0]


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
        first = _read_line(process.stdout, timeout=60)
        assert first == f"SPARQL endpoint: http://127.0.0.1:{port}/query (read-only)\n"
        assert _read_line(process.stdout, timeout=5) == f"query page:      http://127.0.0.1:{port}/\n"
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
            Server.start(built_store, Bind("127.0.0.1", port), timeout=30)


# --- the store's lock ----------------------------------------------------------------------------------------------


def test_read_only_server_runs_beside_a_writer(store_copy: Path) -> None:
    """serve-read-only takes no lock: it starts while this process holds the store for writing."""
    with Store.open(store_copy) as writer:
        with Server.start(store_copy, Bind("127.0.0.1", free_port())) as server:
            assert sparql(server.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [(str(writer.triple_count()),)]


def test_writable_server_needs_the_store_to_itself(store_copy: Path) -> None:
    with Store.open(store_copy):
        with pytest.raises(StoreError, match="in use by another process"):
            Server.start(store_copy, Bind("127.0.0.1", free_port()), writable=True)


def test_writable_server_takes_updates_and_holds_the_lock_until_stopped(store_copy: Path) -> None:
    port = free_port()
    with Server.start(store_copy, Bind("127.0.0.1", port), writable=True) as server:
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
    with Server.start(location, Bind("127.0.0.1", free_port())) as server:
        assert sparql(server.query_url, "SELECT ?o WHERE { <urn:s> <urn:p> ?o }") == [("é",)]


# --- finding and checking the server ---------------------------------------------------------------------------


def test_not_a_store_is_refused_before_the_server_starts(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a store")
    with pytest.raises(StoreError, match="not a kgraph store"):
        Server.start(tmp_path, Bind("127.0.0.1", free_port()))
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
        assert _read_line(process.stdout, timeout=30) == "up\n"
        server = Server(process, Bind("127.0.0.1", 1), writable=False)  # type: ignore[arg-type]
        process.send_signal(signal.SIGINT)  # what the forwarding handler does; the child ignores it
        started = time.monotonic()
        assert serve_module._wait(server, [signal.SIGINT]) == -signal.SIGTERM
        assert time.monotonic() - started < 5
