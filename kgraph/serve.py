"""`kgraph serve`: the store as a standard SPARQL 1.1 Protocol endpoint, served by Oxigraph's own server.

kgraph does not evaluate SPARQL over HTTP itself. It finds the `oxigraph` command (PyPI package `oxigraph`, the
same release as pyoxigraph, so it reads the store's on-disk format), starts it as a child process on a private
loopback port, and puts `kgraph.gate` on the address users connect to: the gate refuses federated queries
(`SERVICE`) and `LOAD` unless allowed, cuts answers at a size cap and at the timeout, and passes writes only to a
writable server. It waits until the server answers a query, prints the addresses and passes SIGINT, SIGTERM and
SIGHUP on to it.

What the endpoint offers (Oxigraph server, https://github.com/oxigraph/oxigraph/tree/main/cli):

- `/query`: SPARQL 1.1 Protocol queries (https://www.w3.org/TR/sparql11-protocol/), GET or POST;
- `/`: a browser query page (Oxigraph's YASGUI, served from the server itself: no outside address needed), set up
  by the gate with kgraph's prefixes and its named queries as examples (kgraph.querypage);
- `/store`: Graph Store Protocol reads; with `writable` also writes, and `/update` (SPARQL 1.1 Update);
- `/id/<rest>`: the Linked Data description of the resource `<base><rest>`, HTML, Turtle, JSON-LD or N-Triples
  as the client's Accept asks (kgraph.ldpages), with `/page/<rest>` and `/data/<rest>.ttl` (`.jsonld`, `.nt`)
  for each format on its own address. `base` is the one the store was built with: kgraph records the reference
  graph, `<base>reference`, in its bookkeeping, and the server reads the base from there (or from `--base`).

The public address is bound (and a port in use refused) before the server starts, and the addresses are printed
only once it answers queries: whoever reads them can connect at once.

Safe by default:

- Oxigraph runs every query with `--timeout-s` (default 30 s), whose cancellation comes only now and then, so
  the gate also restarts the server when a query is still at work half a second past the timeout: no query's
  work outlives its timeout by more, whether or not anyone still reads the answer (measured: see kgraph.gate and
  tests/test_serve.py).
- Read-only, the server answers from a *snapshot* of the store made when it starts (a RocksDB checkpoint: hard
  links beside the store folder, removed when the server stops) from which kgraph's bookkeeping graph
  `<urn:kgraph:sources>` (the source files' local paths and hashes) has been dropped: no query, `GRAPH ?g`, or
  `/store` dump can read it, and the store itself keeps it for the next incremental build. Writable, the server
  works on the store itself, and its clients can read and change all of it (a warning says so).

The store's default graph already holds the union of the document graphs (see kgraph.store), so the server's
default graph answers a query as `kgraph query` does; `--union-default-graph` is *not* passed, as it would count
a triple once per document holding it. Unlike `kgraph query`, the server knows no prefixes: queries need their
PREFIX lines (the query page writes kgraph's into each new tab).

Locks, measured with oxigraph 0.5.13 on a store pyoxigraph 0.5.13 built:

- read-only: the snapshot is taken from a read-only open, which takes no lock, so the server starts beside
  `kgraph query` and even beside a build, and answers from the store as it was when it started (restart it to
  see a later build).
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
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING

import pyoxigraph

from kgraph.errors import EndpointError, UsageError
from kgraph.gate import Gate, Policy
from kgraph.mint import DEFAULT_BASE

if TYPE_CHECKING:
    from kgraph.store import Store

__all__ = [
    "DEFAULT_BIND", "SERVER_PACKAGE", "Bind", "Endpoint", "Policy", "Server", "find_server", "parse_bind", "serve",
    "store_base",
]

DEFAULT_BIND = "127.0.0.1:7878"
# The package that ships the server; it must be the release of pyoxigraph, whose store format it reads.
SERVER_PACKAGE = "oxigraph"
# Seconds to wait for the server to answer its first query before giving up.
START_TIMEOUT = 30.0
# Seconds the server has to end after a stop signal was passed on to it, before it is ended.
STOP_GRACE = 10.0
# How often a start is tried when it fails with RocksDB's "Corruption" (a writer's flush moved a file) or because
# another program took the private port between choosing it and the server binding it.
_START_ATTEMPTS = 5
# The snapshot a read-only server answers from: a folder beside the store, named with the serving process's id.
_SNAPSHOT_PREFIX = ".kgraph-serve-"
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
    """A running Oxigraph server process over a store folder, on a private loopback port. Start it with
    `Server.start`; `stop()` ends it. `Endpoint` puts the gate in front of it; nothing else should reach it.

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

    @classmethod
    def start(
        cls, location: Path, *, writable: bool = False, timeout_s: int | None = None,
        executable: Path | None = None, start_timeout: float = START_TIMEOUT,
    ) -> Server:
        """Start the server on the store folder `location` (checked by the caller: `oxigraph serve` makes a new
        store of any folder) and return once it answers queries. `timeout_s` is Oxigraph's `--timeout-s`.

        Raises EndpointError when the server is missing, cannot open the store or does not come up.
        """
        executable = executable or find_server()
        mode = "serve" if writable else "serve-read-only"
        for attempt in range(_START_ATTEMPTS):
            bind = Bind("127.0.0.1", _free_port())
            command = [str(executable), mode, "--location", str(location), "--bind", bind.argument]
            if timeout_s is not None:
                command += ["--timeout-s", str(timeout_s)]
            server = cls._launch(command, bind, writable)
            try:
                server._wait_until_ready(start_timeout)
                return server
            except _Retry:
                if attempt == _START_ATTEMPTS - 1:
                    raise EndpointError(f"{location}: the server could not open the store: {server.error_line()}") from None
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
                if "address" in message.lower() and "in use" in message.lower():
                    raise _Retry()  # another program took the private port: choose another
                if "lock" in message.lower():
                    raise EndpointError(
                        f"the store is in use by another process (a build still running?); a writable server "
                        f"needs it to itself: {message}"
                    )
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
    """The start raced a writer (read-only open) or another program (the private port); start again."""


def _free_port() -> int:
    """A loopback port nothing listens on now, for the private server (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Endpoint:
    """What `kgraph serve` runs: the gate on the public address in front of Oxigraph's server, and the
    snapshot the server answers from when it is read-only. Start it with `Endpoint.start`; `stop()` (or the end
    of a `with` block) ends the server, closes the address and removes the snapshot.

    The gate restarts the server when a query is still at work past its deadline (see `Gate.overrun`);
    `server` is then the new one.
    """

    def __init__(
        self, bind: Bind, policy: Policy, gate: Gate, location: Path, executable: Path, start_timeout: float,
        base: str = DEFAULT_BASE,
    ) -> None:
        self.bind = bind
        self.policy = policy
        self.gate = gate
        self.base = base
        self.server: Server | None = None
        self._location = location
        self._executable = executable
        self._start_timeout = start_timeout
        self._resources = ExitStack()
        self._restarting = False

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

    @property
    def resources_url(self) -> str:
        """Where the resources' descriptions are: `<resources_url><rest>` describes `<base><rest>`."""
        return self.url + "id/"

    @classmethod
    def start(
        cls, store_dir: Path, bind: Bind, policy: Policy = Policy(), *, executable: Path | None = None,
        timeout: float = START_TIMEOUT, log: Callable[[str], None] = print, base: str | None = None,
    ) -> Endpoint:
        """Start serving `store_dir` on `bind` under `policy`; return once queries are answered. The `/id/`
        paths describe the IRIs under `base`, by default the base the store was built with (`store_base`).

        Raises StoreError for a folder that is not a store (or, when writable, one in use by another process),
        EndpointError when the address is taken or the server is missing or does not come up.
        """
        from kgraph.ldpages import LinkedData
        from kgraph.querypage import query_page

        store_dir = Path(store_dir)
        built_with = _check_store(store_dir, writable=policy.writable)
        if base is not None and built_with is not None and base != built_with:
            log(f"Warning: --base {base}: the store was built with the base {built_with}, so /id/ pages find "
                "only IRIs under --base")
        base = base or built_with or DEFAULT_BASE
        executable = executable or find_server()
        check_version(executable)
        with ExitStack() as resources:
            # The public address first: a port in use is one clear error before anything else starts.
            gate = Gate(bind.host, bind.port, 0, policy, log=log, linked_data=LinkedData(base),
                        query_page=query_page(base))
            resources.callback(gate.stop)
            location = store_dir if policy.writable else resources.enter_context(_snapshot(store_dir))
            endpoint = cls(bind, policy, gate, location, executable, timeout, base)
            resources.callback(endpoint._stop_server)
            gate.upstream_port = endpoint._start_server()
            gate.restart = endpoint._restart
            gate.start()
            endpoint._resources = resources.pop_all()
            return endpoint
        raise AssertionError("unreachable")

    def current(self) -> Server | None:
        """The server now running; None while it is being restarted."""
        return None if self._restarting else self.server

    def _start_server(self) -> int:
        self.server = Server.start(self._location, writable=self.policy.writable, timeout_s=self.policy.timeout,
                                   executable=self._executable, start_timeout=self._start_timeout)
        return self.server.bind.port

    def _stop_server(self) -> None:
        if self.server is not None:
            self.server.stop()

    def _restart(self) -> int:
        self._restarting = True
        try:
            if self.server is not None:
                self.server.stop(timeout=1.0)  # SIGTERM, then SIGKILL: the work must end now
            return self._start_server()
        finally:
            self._restarting = False

    def stop(self) -> None:
        self._resources.close()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


def _check_store(store_dir: Path, *, writable: bool) -> str | None:
    """Refuse a folder that is not a store, with kgraph's messages, before the server sees it: `oxigraph serve`
    would turn any folder into a new, empty store. Writable, also refuse a store another process holds.
    Returns the base the store was built with (`store_base`)."""
    from kgraph.store import Store

    with Store.open(store_dir, read_only=not writable) as store:
        return store_base(store)


def store_base(store: Store) -> str | None:
    """The base IRI the store was built with, or None for a store kgraph did not build (no reference graph).

    `kgraph build` stores the reference data (ministries, parties) in the graph `Minter.reference()`,
    `<base>reference`, and records it in the bookkeeping under the source `REFERENCE_SOURCE`: the base is that
    graph's name without its last segment.
    """
    from kgraph.build import REFERENCE_SOURCE

    for document in store.documents():
        name = str(document.graph)
        if document.source == REFERENCE_SOURCE and name.endswith("reference"):
            return name.removesuffix("reference")
    return None


@contextmanager
def _snapshot(store_dir: Path) -> Iterator[Path]:
    """A snapshot of the store without kgraph's bookkeeping, removed when the block ends, however it ends.

    It lives beside the store, so that RocksDB's checkpoint can hard-link the store's files (on another file
    system it copies them); where the store's parent folder cannot be written, in the system's temporary folder.
    A snapshot left by a server that was killed (its process is gone) is removed by the next start.
    """
    from kgraph.store import Store

    parent = store_dir.resolve().parent
    _remove_abandoned_snapshots(parent)
    prefix = f"{_SNAPSHOT_PREFIX}{os.getpid()}-"
    try:
        folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    except OSError:
        folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        location = folder / "store"
        with Store.open(store_dir, read_only=True) as store:
            store.snapshot_without_bookkeeping(location)
        yield location
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _remove_abandoned_snapshots(parent: Path) -> None:
    for folder in parent.glob(f"{_SNAPSHOT_PREFIX}*"):
        found = re.fullmatch(rf"{re.escape(_SNAPSHOT_PREFIX)}(\d+)-\w+", folder.name)
        if found is None or not folder.is_dir() or _alive(int(found[1])):
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows os.kill(pid, 0) would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, under another user
    return True


def addresses(endpoint: Endpoint) -> list[str]:
    """What `kgraph serve` prints once the server answers."""
    policy = endpoint.policy
    mode = "read-write" if policy.writable else "read-only"
    lines = [
        f"SPARQL endpoint: {endpoint.query_url} ({mode})",
        f"query page:      {endpoint.url}",
        f"resources:       {endpoint.resources_url}… describes {endpoint.base}…",
    ]
    if policy.writable:
        lines.append(f"SPARQL update:   {endpoint.update_url}")
        lines.append(f"graph store:     {endpoint.store_url}")
    if policy.cors:
        lines.append("cross-origin:    " + ("any origin" if "*" in policy.cors else ", ".join(policy.cors)))
    allowed = [name for name, on in (("SERVICE", policy.allow_service), ("LOAD", policy.allow_load)) if on]
    lines.append(f"limits:          {policy.timeout} s a query, answers up to {policy.max_result_bytes // 2**20} MB, "
                 + (f"{' and '.join(allowed)} allowed" if allowed else "no SERVICE or LOAD"))
    return lines


def serve(
    store_dir: Path, bind: Bind, policy: Policy = Policy(), *, echo: Callable[[str], None] = print,
    warn: Callable[[str], None] = print, base: str | None = None,
) -> int:
    """Run the endpoint until it is stopped (a signal) and return the exit code for `kgraph serve`.

    0 after a stop signal, which is passed on to the server; otherwise the server ended on its own, which is an
    error naming its message. `warn` gets the warnings and the gate's line for each refused or cut request.
    `base` overrides the base the `/id/` paths map to (by default the store's own, `store_base`).
    """
    if not bind.is_loopback:
        warn(f"Warning: listening on {bind.argument}: other machines can reach this endpoint")
    if policy.writable:
        warn("Warning: --writable: clients can change the store and read all of it, kgraph's bookkeeping (the "
             "source files' local paths) included")
    if policy.allow_service:
        warn("Warning: --allow-service: queries can make the server send requests to any address it can reach")
    if policy.allow_load:
        warn("Warning: --allow-load: updates can make the server download from any address it can reach")
    if policy.writable and policy.cors:
        origins = "any origin" if "*" in policy.cors else ", ".join(policy.cors)
        warn(f"Warning: --cors with --writable: pages from {origins} can change the store through their visitors' "
             "browsers")
    received: list[int] = []
    try:
        with _forwarding(received) as forward:
            endpoint = Endpoint.start(store_dir, bind, policy, log=warn, base=base)
            forward(endpoint.current)
            with endpoint:
                for line in addresses(endpoint):
                    echo(line)
                echo("Stop it with Ctrl-C.")
                code, server = _wait(endpoint.current, received)
    except _Stopped:
        return 0  # stopped while starting; Endpoint.start has already ended the child
    if received:
        return 0
    raise EndpointError(f"the server stopped (exit {code}): {server.error_line()}")


def _wait(current: Callable[[], Server | None], received: list[int]) -> tuple[int, Server]:
    """The exit code of the server `current()` names, once it ends (not one that was restarted), and that server.

    After a stop signal it gets STOP_GRACE seconds, then is ended (SIGTERM, then SIGKILL): a child that ignores
    the signal it was passed must not keep `kgraph serve` waiting."""
    stop_by: float | None = None
    while True:
        if received and stop_by is None:
            stop_by = time.monotonic() + STOP_GRACE
        server = current()
        if server is None:
            time.sleep(0.1)  # being restarted
            continue
        try:
            code = server.process.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            code = None
        if code is not None and current() is server:
            return code, server
        if stop_by is not None and time.monotonic() > stop_by:
            return server.stop(), server


class _Stopped(Exception):
    """A stop signal came before the server was up."""


@contextmanager
def _forwarding(received: list[int]) -> Iterator[Callable[[Callable[[], Server | None]], None]]:
    """Pass stop signals on to the server once it is known (before that, abort the start); yields the function
    that names the function giving the current server. Signal handlers can only be set from the main thread:
    elsewhere nothing is forwarded.
    """
    target: list[Callable[[], Server | None]] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        if not target:
            raise _Stopped()
        server = target[0]()
        if server is not None and server.process.poll() is None:
            server.process.send_signal(signum)

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
