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


def wait_until_answers(query_url: str, process: subprocess.Popen[bytes] | subprocess.Popen[str],
                       timeout: float = START_TIMEOUT) -> None:
    """Until the endpoint answers `ASK {}`; fails when the process dies or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
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
    raise AssertionError(f"{query_url} did not answer within {timeout} s")


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


# --- Virtuoso ------------------------------------------------------------------------------------------------------
# Debian's virtuoso-opensource (7.2), started from a private virtuoso.ini in a test folder: loopback ports chosen
# here, the database, logs and lock in the folder, small buffers. The system service (/etc/virtuoso-opensource-7,
# /var/lib/virtuoso-opensource-7) is never used.

VIRTUOSO_MISSING = ("Virtuoso is not installed: `apt-get install virtuoso-opensource` (Debian, Ubuntu; "
                    "`make system-deps` does it when run as root)")
# A fresh database is created on the first start: 5-6 s here, more on a loaded machine.
VIRTUOSO_START_TIMEOUT = 90.0
_ISQL_TIMEOUT = 300.0

_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
CaseMode = 2
CheckpointInterval = 0
NumberOfBuffers = 4000
MaxDirtyBuffers = 3000
MaxQueryMem = 100M
ThreadsPerQuery = 2
DirsAllowed = {dirs}
TransactionAfterImageLimit = {after_image_limit}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {result_rows}
MaxQueryExecutionTime = 60
"""


def find_virtuoso() -> tuple[Path, Path] | None:
    """The server binary (virtuoso-t) and its SQL client (isql-vt, Debian's name for Virtuoso's isql), or None."""
    import shutil

    folders = [Path("/usr/bin"), *sorted(Path("/usr/lib").glob("virtuoso-opensource-*/bin"))]
    for folder in folders:
        server, client = folder / "virtuoso-t", folder / "isql-vt"
        if server.is_file() and client.is_file():
            return server, client
    server_path, client_path = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    return (Path(server_path), Path(client_path)) if server_path and client_path else None


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its HTTP base URL, the isql port, the dba password (random per server), and where it
    keeps its files."""

    base: str
    isql_port: int
    password: str
    client: Path
    folder: Path
    version: str

    @property
    def query_url(self) -> str:
        return self.base + "sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol address that asks for a login (HTTP Digest): where `kgraph push` writes."""
        return self.base + "sparql-graph-crud-auth"

    def isql(self, *statements: str) -> str:
        """Run SQL statements (`SPARQL …` for SPARQL) as dba; what isql printed. Fails on any error."""
        return run_isql(self.client, self.isql_port, self.password, *statements)

    def log(self) -> str:
        path = self.folder / "virtuoso.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def run_isql(client: Path, port: int, password: str, *statements: str) -> str:
    """isql-vt reports an SQL error on stderr as `*** Error …` and exits 0: so stderr is checked."""
    done = subprocess.run(
        [str(client), str(port), "dba", password, "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF",
         "exec=" + " ".join(f"{statement};" for statement in statements)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=_ISQL_TIMEOUT,
    )
    if done.returncode != 0 or "*** Error" in done.stderr:
        raise AssertionError(f"isql failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


@contextmanager
def virtuoso(folder: Path, *, after_image_limit: int = 50_000_000, result_rows: int = 10_000,
             readable: tuple[Path, ...] = ()) -> Iterator[Virtuoso]:
    """A Virtuoso server with a fresh database in `folder`, for as long as the block runs. `after_image_limit` is
    `TransactionAfterImageLimit` (bytes a transaction may log; Virtuoso's default 50,000,000), `result_rows` is
    `ResultSetMaxRows` (Debian's default 10,000: longer SELECT and CONSTRUCT answers are cut), `readable` the
    folders the bulk loader may read (`DirsAllowed`)."""
    import secrets

    found = find_virtuoso()
    if found is None:
        raise AssertionError(VIRTUOSO_MISSING)
    server, client = found
    folder.mkdir(parents=True, exist_ok=True)
    http_port = free_port()
    isql_port = free_port()
    while isql_port == http_port:
        isql_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(
        folder=folder, isql_port=isql_port, http_port=http_port, after_image_limit=after_image_limit,
        result_rows=result_rows, dirs=", ".join([".", str(folder), *(str(path) for path in readable)]),
    ), encoding="utf-8")
    about = subprocess.run([str(server), "-?"], capture_output=True, text=True, timeout=30)
    version = next((line.split()[1] for line in (about.stdout + about.stderr).splitlines()
                    if line.startswith("Version ")), "unknown")
    base = f"http://127.0.0.1:{http_port}/"
    # +foreground logs to stdout as well as to the log file: to a file, so that no pipe fills and blocks it.
    with open(folder / "virtuoso.out", "wb") as output:
        process = subprocess.Popen([str(server), "+foreground", "+configfile", str(ini)], cwd=folder,
                                   stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)
        try:
            try:
                wait_until_answers(base + "sparql", process, VIRTUOSO_START_TIMEOUT)
            except AssertionError as err:
                tail = (folder / "virtuoso.out").read_text(errors="replace")[-2000:]
                raise AssertionError(f"{err}; Virtuoso said:\n{tail}") from None
            # A new database's dba has the password dba: a random one for the life of this server (`SET PASSWORD
            # old new`, both SQL names, so it starts with a letter).
            password = "kg" + secrets.token_hex(12)
            run_isql(client, isql_port, "dba", f"SET PASSWORD dba {password}")
            yield Virtuoso(base, isql_port, password, client, folder, version)
        finally:
            stop(process)  # SIGTERM: Virtuoso's "quick shutdown"
            # The database is hundreds of MB after the large-graph test; the ini and the logs stay for a reader.
            for name in ("virtuoso.db", "virtuoso-temp.db", "virtuoso.trx", "virtuoso-temp.trx"):
                (folder / name).unlink(missing_ok=True)


def read_line(stream: object, timeout: float) -> str:
    """One line from a pipe, or an assertion error after `timeout` seconds."""
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(stream.readline()), daemon=True)  # type: ignore[attr-defined]
    reader.start()
    reader.join(timeout)
    assert line, f"no line within {timeout} s"
    return line[0]
