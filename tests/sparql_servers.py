"""Real SPARQL server processes for tests: a free loopback port, start, wait until it answers, always stop.

Every wait is bounded; `running` ends its process (SIGTERM, then SIGKILL) whatever happens in the test.
"""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from kgraph.serve import find_server

START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


def free_port() -> int:
    """A port nothing listens on now (the OS picks it; a race with another program is possible but unlikely)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def is_listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_until_answers(query_url: str, process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """Until the endpoint answers `ASK {}`; fails when the process dies or START_TIMEOUT passes."""
    deadline = time.monotonic() + START_TIMEOUT
    probe = query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode} before answering")
        try:
            with urllib.request.urlopen(probe, timeout=1.0) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{query_url} did not answer within {START_TIMEOUT} s")


def stop(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT)


@contextmanager
def running(command: list[str]) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        yield process
    finally:
        stop(process)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


@contextmanager
def oxigraph(location: Path | None, *, read_only: bool = False) -> Iterator[str]:
    """A real Oxigraph server (writable unless `read_only`) on a free port; yields its base URL."""
    port = free_port()
    mode = "serve-read-only" if read_only else "serve"
    command = [str(find_server()), mode, "--bind", f"127.0.0.1:{port}"]
    if location is not None:
        command += ["--location", str(location)]
    base = f"http://127.0.0.1:{port}/"
    with running(command) as process:
        wait_until_answers(base + "query", process)
        yield base


def sparql(query_url: str, query: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT asked over HTTP with rdflib's SPARQL 1.1 Protocol client, values as strings."""
    graph = Graph(store=SPARQLStore(query_url, returnFormat="json"))
    return [tuple(str(value) for value in row) for row in graph.query(query)]  # type: ignore[union-attr]


@dataclass
class Listener:
    """A TCP listener on 127.0.0.1 that records the first bytes of every connection it gets and closes it."""

    url: str
    connections: list[bytes] = field(default_factory=list)


@contextmanager
def listener() -> Iterator[Listener]:
    """A listener for as long as the block runs: what reaches `url` shows in `connections`."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.1)
    record = Listener(f"http://127.0.0.1:{server.getsockname()[1]}/sparql")
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(2.0)
                try:
                    record.connections.append(connection.recv(4096))
                except OSError:
                    record.connections.append(b"")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield record
    finally:
        time.sleep(0.3)  # a connection made just before the block ended is still counted
        stop.set()
        thread.join(5)
        server.close()
