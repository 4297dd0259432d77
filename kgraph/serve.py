"""`kgraph serve`: the store as a standard SPARQL 1.1 Protocol endpoint, served by Oxigraph's own server.

kgraph does not implement HTTP. It finds the `oxigraph` command (PyPI package `oxigraph`, the same release as
pyoxigraph, so it reads the store's on-disk format), starts it on the store folder as a child process, waits until
it answers a query, prints the addresses and passes SIGINT, SIGTERM and SIGHUP on to it.

What the server offers (Oxigraph server, https://github.com/oxigraph/oxigraph/tree/main/cli):

- `/query`: SPARQL 1.1 Protocol queries (https://www.w3.org/TR/sparql11-protocol/), GET or POST;
- `/`: a browser query page (YASGUI, served from the server itself: no outside address needed);
- with `writable`: `/update` (SPARQL 1.1 Update) and `/store` (Graph Store Protocol, read and write).
  Read-only, `/store` only reads and `/update` answers 403.

The store's default graph already holds the union of the document graphs (see kgraph.store), so the server's
default graph answers a query as `kgraph query` does; `--union-default-graph` is *not* passed, as it would also
see the bookkeeping graph and count a triple once per document holding it. Unlike `kgraph query`, the server
knows no prefixes: queries need their PREFIX lines.

Locks, measured with oxigraph 0.5.13 on a store pyoxigraph 0.5.13 built:

- read-only (`oxigraph serve-read-only`) opens a RocksDB read-only instance and takes no lock: it runs beside
  `kgraph query` and even beside a build, and answers from the store as it was when it started (restart it to
  see a later build). Right after a writer's flush an open can fail with "Corruption"; it is retried.
- writable (`oxigraph serve`) takes the store's lock: it cannot start while a build (or any writer) holds the
  store, and `kgraph build` cannot write while it runs. Changes made through it bypass kgraph's bookkeeping: a
  graph changed there is not mirrored in the default graph, and the next build does not know about it.
"""

from __future__ import annotations

import collections
import ipaddress
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType, TracebackType

import pyoxigraph

from kgraph.errors import EndpointError, UsageError

__all__ = ["DEFAULT_BIND", "SERVER_PACKAGE", "Bind", "Server", "find_server", "parse_bind", "serve"]

DEFAULT_BIND = "127.0.0.1:7878"
# The package that ships the server; it must be the release of pyoxigraph, whose store format it reads.
SERVER_PACKAGE = "oxigraph"
# Seconds to wait for the server to answer its first query before giving up.
START_TIMEOUT = 30.0
# Seconds the server has to end after a stop signal was passed on to it, before it is ended.
STOP_GRACE = 10.0
# How often a read-only start is tried when it fails with RocksDB's "Corruption" (a writer's flush moved a file).
_START_ATTEMPTS = 5
# The signals a user or a supervisor stops a server with; each is passed on to the child.
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
# A trivial query, asked until the server answers it: then the store is open and the endpoint works.
_PROBE = "ASK {}"
_LOG_LINES = 50


@dataclass(frozen=True, slots=True)
class Bind:
    """Where the server listens: a host name or IP address and a port.

    >>> Bind("::1", 7878).url
    'http://[::1]:7878/'
    """

    host: str
    port: int

    @property
    def url(self) -> str:
        """The server's base URL; the probe and the printed addresses use it. A wildcard address (0.0.0.0, ::)
        is reached through the loopback address."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        return f"http://[{host}]:{self.port}/" if ":" in host else f"http://{host}:{self.port}/"

    @property
    def argument(self) -> str:
        """The form `oxigraph --bind` takes."""
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    @property
    def is_loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def parse_bind(text: str) -> Bind:
    """`HOST:PORT` (IPv6 as `[::1]:PORT`) as a `Bind`.

    >>> parse_bind("127.0.0.1:7878")
    Bind(host='127.0.0.1', port=7878)
    >>> parse_bind("[::1]:8000").host
    '::1'
    >>> parse_bind("7878")
    Traceback (most recent call last):
    ...
    kgraph.errors.UsageError: --bind '7878': expected HOST:PORT, e.g. 127.0.0.1:7878 or [::1]:7878
    """
    found = re.fullmatch(r"\[(?P<v6>[0-9A-Fa-f:.]+)\]:(?P<port>\d{1,5})|(?P<host>[^:\[\]\s]+):(?P<port4>\d{1,5})", text)
    if found is None:
        raise UsageError(f"--bind {text!r}: expected HOST:PORT, e.g. 127.0.0.1:7878 or [::1]:7878")
    host = found["v6"] or found["host"]
    port = int(found["port"] or found["port4"])
    if not 0 < port < 65536:
        raise UsageError(f"--bind {text!r}: the port must be between 1 and 65535")
    return Bind(host, port)


def find_server() -> Path:
    """The `oxigraph` executable: beside this Python (the same virtual environment) first, then on PATH."""
    name = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("oxigraph")
    if found is None:
        raise EndpointError(
            f"`kgraph serve` runs Oxigraph's SPARQL server, the `oxigraph` command, which is not installed; "
            f"install the PyPI package of the same release as pyoxigraph: pip install '{SERVER_PACKAGE}=="
            f"{pyoxigraph.__version__}'"
        )
    return Path(found)


def check_version(executable: Path) -> str:
    """The server's release; an error unless its major.minor is pyoxigraph's (the on-disk format may differ)."""
    try:
        done = subprocess.run([str(executable), "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise EndpointError(f"{executable}: cannot run it: {err}") from None
    found = re.search(r"(\d+)\.(\d+)\.(\d+)", done.stdout)
    if done.returncode != 0 or found is None:
        raise EndpointError(f"{executable}: not Oxigraph's server (`--version` printed {done.stdout.strip()!r})")
    release = found.group(0)
    if release.split(".")[:2] != pyoxigraph.__version__.split(".")[:2]:
        raise EndpointError(
            f"{executable} is oxigraph {release}, but the store is written by pyoxigraph {pyoxigraph.__version__} "
            f"and the on-disk format can change between minor releases; "
            f"install pip install '{SERVER_PACKAGE}=={pyoxigraph.__version__}'"
        )
    return release


@dataclass
class Server:
    """A running Oxigraph server over a store folder. Start it with `Server.start`; `stop()` ends it.

    Use it as a context manager so the process never outlives the block.
    """

    process: subprocess.Popen[str]
    bind: Bind
    writable: bool
    _log: collections.deque[str] = field(default_factory=lambda: collections.deque(maxlen=_LOG_LINES))

    @property
    def url(self) -> str:
        return self.bind.url

    @property
    def query_url(self) -> str:
        return self.url + "query"

    @property
    def update_url(self) -> str:
        return self.url + "update"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol address (`?graph=IRI` or `?default`)."""
        return self.url + "store"

    @classmethod
    def start(
        cls, store_dir: Path, bind: Bind, *, writable: bool = False, executable: Path | None = None,
        timeout: float = START_TIMEOUT,
    ) -> Server:
        """Start the server on `store_dir` and return once it answers queries.

        Raises StoreError for a folder that is not a store (or, when `writable`, one in use by another process)
        and EndpointError when the server is missing or does not come up.
        """
        store_dir = Path(store_dir)
        _check_store(store_dir, writable=writable)
        executable = executable or find_server()
        check_version(executable)
        mode = "serve" if writable else "serve-read-only"
        command = [str(executable), mode, "--location", str(store_dir), "--bind", bind.argument]
        for attempt in range(_START_ATTEMPTS):
            server = cls._launch(command, bind, writable)
            try:
                server._wait_until_ready(timeout)
                return server
            except _Retry:
                if attempt == _START_ATTEMPTS - 1:
                    raise EndpointError(f"{store_dir}: the server could not open the store: {server.error_line()}") from None
                time.sleep(0.1)
            except BaseException:
                server.stop()
                raise
        raise AssertionError("unreachable")

    @classmethod
    def _launch(cls, command: list[str], bind: Bind, writable: bool) -> Server:
        try:
            process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                encoding="utf-8", errors="replace",
            )
        except OSError as err:
            raise EndpointError(f"{command[0]}: cannot start the server: {err}") from None
        server = cls(process, bind, writable)
        # The server writes a line when it starts and an error with a stack trace when it fails; nothing per
        # request. Reading it in a thread keeps the pipe from filling and keeps the last lines for messages.
        threading.Thread(target=server._drain, daemon=True).start()
        return server

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._log.append(line.rstrip("\n"))

    def error_line(self) -> str:
        """The server's own error message, without its stack trace."""
        lines = list(self._log)
        for line in lines:
            if line.startswith("Error:"):
                return line.removeprefix("Error:").strip()
        return lines[-1].strip() if lines else "no message"

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        probe = self.query_url + "?" + urllib.parse.urlencode({"query": _PROBE})
        request = urllib.request.Request(probe, headers={"Accept": "application/sparql-results+json"})
        while True:
            code = self.process.poll()
            if code is not None:
                time.sleep(0.05)  # let the reader thread take the last lines
                message = self.error_line()
                if "corruption" in message.lower() and not self.writable:
                    raise _Retry()
                if "lock" in message.lower():
                    raise EndpointError(
                        f"the store is in use by another process (a build still running?); a writable server "
                        f"needs it to itself: {message}"
                    )
                if "address" in message.lower() and "in use" in message.lower():
                    raise EndpointError(f"cannot listen on {self.bind.argument}: the address is in use; choose "
                                        f"another with --bind HOST:PORT")
                raise EndpointError(f"the server stopped at start (exit {code}): {message}")
            try:
                with urllib.request.urlopen(request, timeout=1.0) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass  # not listening yet
            if time.monotonic() > deadline:
                self.stop()
                raise EndpointError(f"the server did not answer at {self.query_url} within {timeout:.0f} s")
            time.sleep(0.1)

    def stop(self, timeout: float = 10.0) -> int:
        """End the server (SIGTERM, then SIGKILL after `timeout` seconds) and return its exit code."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        return self.process.returncode

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


class _Retry(Exception):
    """The read-only open raced a writer; start again."""


def _check_store(store_dir: Path, *, writable: bool) -> None:
    """Refuse a folder that is not a store, with kgraph's messages, before the server sees it: `oxigraph serve`
    would turn any folder into a new, empty store. Writable, also refuse a store another process holds."""
    from kgraph.store import Store

    with Store.open(store_dir, read_only=not writable):
        pass


def addresses(server: Server) -> list[str]:
    """What `kgraph serve` prints once the server answers."""
    mode = "read-write" if server.writable else "read-only"
    lines = [
        f"SPARQL endpoint: {server.query_url} ({mode})",
        f"query page:      {server.url}",
    ]
    if server.writable:
        lines.append(f"SPARQL update:   {server.update_url}")
        lines.append(f"graph store:     {server.store_url}")
    return lines


def serve(
    store_dir: Path, bind: Bind, *, writable: bool = False, echo: Callable[[str], None] = print,
    warn: Callable[[str], None] = print,
) -> int:
    """Run the server until it is stopped (a signal) and return the exit code for `kgraph serve`.

    0 after a stop signal, which is passed on to the server; otherwise the server ended on its own, which is an
    error naming its message.
    """
    if not bind.is_loopback:
        warn(f"Warning: listening on {bind.argument}: other machines can reach this endpoint")
    received: list[int] = []
    try:
        with _forwarding(received) as forward:
            server = Server.start(store_dir, bind, writable=writable)
            forward(server)
            with server:
                for line in addresses(server):
                    echo(line)
                echo("Stop it with Ctrl-C.")
                code = _wait(server, received)
    except _Stopped:
        return 0  # stopped while starting; Server.start has already ended the child
    if received:
        return 0
    raise EndpointError(f"the server stopped (exit {code}): {server.error_line()}")


def _wait(server: Server, received: list[int]) -> int:
    """The server's exit code, once it ends. After a stop signal it gets STOP_GRACE seconds, then is ended
    (SIGTERM, then SIGKILL): a child that ignores the signal it was passed must not keep `kgraph serve` waiting."""
    stop_by: float | None = None
    while True:
        try:
            return server.process.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            pass
        if received and stop_by is None:
            stop_by = time.monotonic() + STOP_GRACE
        if stop_by is not None and time.monotonic() > stop_by:
            return server.stop()


class _Stopped(Exception):
    """A stop signal came before the server was up."""


@contextmanager
def _forwarding(received: list[int]) -> Iterator[Callable[[Server], None]]:
    """Pass stop signals on to the server once it is known (before that, abort the start); yields the function
    that names the server. Signal handlers can only be set from the main thread: elsewhere nothing is forwarded.
    """
    target: list[Server] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        if not target:
            raise _Stopped()
        if target[0].process.poll() is None:
            target[0].process.send_signal(signum)

    if threading.current_thread() is not threading.main_thread():
        yield target.append
        return
    previous = {number: signal.getsignal(number) for number in _STOP_SIGNALS}
    for number in _STOP_SIGNALS:
        signal.signal(number, handler)
    try:
        yield target.append
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
