"""The front of `kgraph serve`: an HTTP gate on the public address that decides what reaches Oxigraph's server.

Oxigraph's server (0.5.13, `oxigraph serve --help`) offers a query timeout (`--timeout-s`) and nothing else of
what a server open to others needs: federated queries (`SERVICE`) and `LOAD` reach any address it can, and an
answer can be as large as the store. So `kgraph serve` runs it on a private loopback port and this gate on the
address users connect to. The gate:

- reads each SPARQL request itself (SPARQL 1.1 Protocol, https://www.w3.org/TR/sparql11-protocol/: the query or
  update from GET parameters, a form body or a `application/sparql-query` / `-update` body), checks the text
  with `kgraph.outbound.calls` and refuses (403) `SERVICE` unless `allow_service` and `LOAD` unless
  `allow_load`; what it forwards is a request it writes itself from what it checked (one POST form with the
  query and the dataset parameters), so no difference between its reading of the request and Oxigraph's can
  let an unchecked query through;
- passes Graph Store Protocol reads (`/store`) and YASGUI's files through, and writes (`/update`, `/store` PUT,
  POST, DELETE) only when the server is writable, and then not from a browser page of another origin unless
  `cors` allows it: such a page could otherwise make its visitors' browsers post updates (a form post needs no
  CORS preflight);
- serves its own query page at `/` (`kgraph.querypage`) and the Linked Data pages at `/id/`, `/page/` and
  `/data/` (`kgraph.ldpages`), whose queries it sends to Oxigraph under the same timeout and size cap;
- answers CORS (https://fetch.spec.whatwg.org/#http-cors-protocol) for the origins in `cors` only: their
  requests get `Access-Control-Allow-Origin`, and their preflights (`OPTIONS`) a 204 naming the path's methods;
  any other preflight is refused (403), and without `cors` no response carries a CORS header;
- holds back the first 256 KB of each answer, so that a short answer goes out whole or as a clean error, then
  streams the rest; an answer over `max_result_bytes` is refused (413) or, once streaming, cut off without its
  last chunk, so a cut answer can never pass for a whole one;
- ends every query and update at its deadline, the timeout plus `GRACE` (below);
- forwards no client headers but `Accept` and `Content-Type` (no cookies, no `Authorization`).

What stops the work, measured with oxigraph 0.5.13 (three- and four-way cartesian products, `COUNT(*)` and
`SELECT *`, the client leaving after 0.3 s; `oxigraph serve-read-only --timeout-s 2`):

- a streamed answer blocks on its full socket and ends as soon as the connection is closed;
- `--timeout-s` arms a cancellation token when the query starts, but it is checked only now and then: CPU stopped
  2.2 s after the request on 1,000 triples, 3.9 s on 3,000, 24 s on 10,000, and a four-way product on 3,000 had
  not stopped after 30 s; without `--timeout-s` an abandoned `COUNT(*)` ran for as long as it was watched;
- a cancelled query is answered 200, with an empty result that looks whole or with "The SPARQL operation has
  been cancelled" written inside the result.

So the gate does not trust the end of an answer that comes at or after the timeout (504 instead), and when a
query is still at work at its deadline, it has Oxigraph restarted (`Gate.overrun`): nothing else ends a query
inside Oxigraph's server. To know whether that is needed it reads every answer to its end, also when the client
has left or the size cap was reached (the rest is dropped): an answer can stop producing output and keep
computing, and only its end or the deadline tells. An abandoned answer therefore costs work until it ends or
its deadline, never longer. tests/test_serve.py measures this through `kgraph serve`.
"""

from __future__ import annotations

import errno
import http.client
import http.server
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kgraph.errors import EndpointError, UsageError
from kgraph.ldpages import LinkedData, Reply, Unavailable
from kgraph.outbound import LOAD, SERVICE, calls

__all__ = ["DEFAULT_MAX_RESULT_MB", "DEFAULT_TIMEOUT", "Gate", "Policy", "parse_origin"]

DEFAULT_TIMEOUT = 30
DEFAULT_MAX_RESULT_MB = 100
# The largest query or update text the gate reads (Oxigraph's own limit is 128 MB; kgraph's checks are text scans).
MAX_SPARQL_BYTES = 4 * 2**20
# Requests handled at once; more get 503 rather than a thread each.
MAX_CONCURRENT = 16
# How long a client has to send its request line, headers and body.
REQUEST_TIMEOUT = 30.0
# Seconds past the timeout before the gate ends a query itself, for Oxigraph's own cancellation to come first.
GRACE = 0.5
_CHUNK = 64 * 1024
# How much of an answer is held back before it is streamed: below this, a client gets a whole answer or an error.
_HOLD = 256 * 1024
_PAGES = frozenset({"/", "/yasgui.min.css", "/yasgui.min.js", "/logo.svg"})
# The request headers a cross-origin page may send (CORS preflight), beyond the ones browsers always allow.
_CORS_REQUEST_HEADERS = "Accept, Accept-Language, Content-Language, Content-Type"
# The response headers a cross-origin page may read, beyond the ones browsers always expose.
_CORS_EXPOSED_HEADERS = "Content-Location, Link"
# How long a browser may keep a preflight's answer, in seconds.
_CORS_MAX_AGE = "600"
# An origin as browsers send it: scheme, host and port, nothing else (RFC 6454, section 6.1).
_ORIGIN = re.compile(r"^https?://(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$")
# The SPARQL 1.1 Protocol's dataset parameters, forwarded as given; any other parameter is dropped.
_QUERY_PARAMETERS = frozenset({"default-graph-uri", "named-graph-uri", "union-default-graph"})
_UPDATE_PARAMETERS = frozenset({"using-graph-uri", "using-named-graph-uri", "using-union-graph"})
_FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True, slots=True)
class Policy:
    """What clients may do through the gate."""

    writable: bool = False
    allow_service: bool = False
    allow_load: bool = False
    timeout: int = DEFAULT_TIMEOUT
    max_result_bytes: int = DEFAULT_MAX_RESULT_MB * 2**20
    # The origins whose browser pages may read (and, writable, change) the store: `parse_origin` forms, or "*".
    cors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.allow_load and not self.writable:
            raise UsageError("--allow-load needs --writable (LOAD is a SPARQL Update)")
        if self.timeout < 1 or self.max_result_bytes < 1:
            raise UsageError("the timeout and the answer size limit must be positive")
        for origin in self.cors:
            if origin != parse_origin(origin):
                raise UsageError(f"--cors {origin!r}: give origins as parse_origin returns them")

    def allowed_origin(self, origin: str | None) -> str | None:
        """The `Access-Control-Allow-Origin` value for a request from `origin`, or None when it gets none.

        >>> Policy(cors=("https://example.org",)).allowed_origin("https://example.org")
        'https://example.org'
        >>> Policy(cors=("*",)).allowed_origin("http://localhost:3000"), Policy().allowed_origin("https://example.org")
        ('*', None)
        """
        if origin is None or not self.cors:
            return None
        if "*" in self.cors:
            return "*"
        return origin if origin.lower() in self.cors else None

    def refusal(self, text: str, *, update: bool = False) -> str | None:
        """Why `text` may not run here, or None.

        >>> Policy().refusal("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
        'federated queries (SERVICE) are off on this endpoint: it was started without --allow-service'
        >>> Policy(allow_service=True).refusal("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
        """
        found = calls(text, update=update)
        if SERVICE in found and not self.allow_service:
            return "federated queries (SERVICE) are off on this endpoint: it was started without --allow-service"
        if LOAD in found and not self.allow_load:
            return "LOAD is off on this endpoint: it was started without --allow-load"
        return None


def parse_origin(text: str) -> str:
    """A `--cors` value as the gate compares it with a request's `Origin`: `*`, or scheme, host and port in lower
    case, without a trailing slash.

    >>> parse_origin("https://Example.org/"), parse_origin("*"), parse_origin("http://[::1]:8080")
    ('https://example.org', '*', 'http://[::1]:8080')
    >>> parse_origin("example.org")
    Traceback (most recent call last):
    ...
    kgraph.errors.UsageError: --cors 'example.org': expected * or an origin, SCHEME://HOST[:PORT] (e.g. https://example.org or http://localhost:3000), without a path
    """
    origin = text.strip().lower().removesuffix("/")
    if origin == "*" or _ORIGIN.match(origin):
        return origin
    raise UsageError(f"--cors {text!r}: expected * or an origin, SCHEME://HOST[:PORT] (e.g. https://example.org or "
                     "http://localhost:3000), without a path")


class Gate:
    """The HTTP server on the public address, forwarding what `policy` allows to Oxigraph on `upstream_port`.

    The address is taken when the gate is made (so a port in use fails before anything starts); `start()`
    begins answering, `stop()` ends it. `log` gets one line for each refused or cut-off request.
    `linked_data` answers the `/id/`, `/page/` and `/data/` paths, and `query_page` is the page served at `/`;
    without them those paths are not served, and `/` is Oxigraph's own page.
    """

    def __init__(
        self, host: str, port: int, upstream_port: int, policy: Policy, *, log: Callable[[str], None] = print,
        linked_data: LinkedData | None = None, query_page: bytes | None = None,
    ) -> None:
        self.upstream_port = upstream_port
        self.policy = policy
        self.log = log
        self.linked_data = linked_data
        self.query_page = query_page
        self.slots = threading.BoundedSemaphore(MAX_CONCURRENT)
        self.host_header = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            self._http = _Server((host, port), family, self)
        except OSError as err:
            where = self.host_header
            if err.errno == errno.EADDRINUSE:
                raise EndpointError(f"cannot listen on {where}: the address is in use; choose another with "
                                    "--bind HOST:PORT") from None
            raise EndpointError(f"cannot listen on {where}: {err.strerror or err}") from None
        self._thread: threading.Thread | None = None
        # Set by the owner of the Oxigraph process: ends it and starts a new one, returning its port.
        self.restart: Callable[[], int] | None = None
        self._restarting = threading.Lock()
        self._ready = threading.Event()
        self._ready.set()

    def upstream(self) -> int:
        """The port of the Oxigraph server, once it answers (waiting while it is restarted)."""
        self._ready.wait(REQUEST_TIMEOUT)
        return self.upstream_port

    def overrun(self, port: int) -> None:
        """A query on the server at `port` was still at work at its deadline: Oxigraph's cancellation is only
        checked now and then (measured: a three-way cartesian product on 10,000 triples ran 24 s past a 2 s
        `--timeout-s`), and nothing else can stop a query in its server, so the server is restarted. Queries
        running on it at the same time are ended too; a restart of a read-only snapshot takes about half a
        second, and an update in progress is rolled back (each is one transaction)."""
        with self._restarting:
            if port != self.upstream_port or self.restart is None:
                return  # restarted already
            self._ready.clear()
            try:
                self.log("restarting the SPARQL server: a query was still running past its timeout")
                self.upstream_port = self.restart()
            except Exception as err:  # the endpoint then stops with the server's own message
                self.log(f"the SPARQL server could not be restarted: {err}")
            finally:
                self._ready.set()

    @property
    def port(self) -> int:
        return int(self._http.server_address[1])

    def start(self) -> None:
        self._thread = threading.Thread(target=self._http.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="kgraph serve gate", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._http.shutdown()
            self._thread.join(10)
            self._thread = None
        self._http.server_close()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], family: socket.AddressFamily, gate: Gate) -> None:
        self.address_family = family
        self.gate = gate
        super().__init__(address, _Handler)


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = REQUEST_TIMEOUT
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (the names http.server calls)
        self._handle("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._handle("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self._handle("DELETE")

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._handle("OPTIONS")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's signature)
        pass  # quiet per request, like Oxigraph's server; refusals and cuts are logged by the gate

    def _handle(self, method: str) -> None:
        self.close_connection = True
        gate = self.server.gate
        if not gate.slots.acquire(blocking=False):
            self._answer(503, f"the server is busy ({MAX_CONCURRENT} requests at once); try again")
            return
        try:
            self._route(method, gate)
        except _Refused as refused:
            gate.log(f"refused {method} {urllib.parse.urlsplit(self.path).path}: {refused.message}")
            self._answer(refused.status, refused.message)
        finally:
            gate.slots.release()

    # --- what may pass --------------------------------------------------------------------------------------

    def _route(self, method: str, gate: Gate) -> None:
        parts = urllib.parse.urlsplit(self.path)
        path, policy = parts.path, gate.policy
        if method == "OPTIONS":
            self._options(gate, path)
        elif path == "/" and gate.query_page is not None and method in ("GET", "HEAD"):
            page = Reply(200, (("Content-Type", "text/html; charset=utf-8"),), gate.query_page)
            self._send(page, head=method == "HEAD")
        elif path in _PAGES and method in ("GET", "HEAD"):
            self._forward(gate, method, path, {})
        elif gate.linked_data is not None and gate.linked_data.serves(path) and method in ("GET", "HEAD"):
            self._linked_data(gate, gate.linked_data, method, path)
        elif path == "/query" and method in ("GET", "POST"):
            if method == "GET" and not parts.query:
                self._forward(gate, "GET", path, {})  # the service description
                return
            text, parameters = self._sparql(method, parts.query, "query", _QUERY_PARAMETERS)
            self._check(policy.refusal(text))
            self._forward_form(gate, path, [("query", text), *parameters])
        elif path == "/update" and method in ("GET", "POST"):
            if not policy.writable:
                raise _Refused(403, "the server is read-only: it was started without --writable")
            if method == "GET":
                self._forward(gate, "GET", path, {})
                return
            self._check_origin(gate)
            text, parameters = self._sparql(method, parts.query, "update", _UPDATE_PARAMETERS)
            self._check(policy.refusal(text, update=True))
            self._forward_form(gate, path, [("update", text), *parameters])
        elif path.startswith("/store") and method in ("GET", "HEAD"):
            self._forward(gate, method, self.path, {})
        elif path.startswith("/store") and method in ("PUT", "POST", "DELETE"):
            if not policy.writable:
                raise _Refused(403, "the server is read-only: it was started without --writable")
            self._check_origin(gate)
            length = self._length()
            self._forward(gate, method, self.path, self._passed(("Content-Type",)), length)
        else:
            raise _Refused(404, f"{method} {path} is not served here; this endpoint serves /query, /update, "
                                "/store, the resources' pages /id/… and the query page /")

    # --- CORS ---------------------------------------------------------------------------------------------------

    @staticmethod
    def _methods(gate: Gate, path: str) -> tuple[str, ...] | None:
        """The methods `path` answers (what a preflight may ask for), or None for a path not served here."""
        writable = gate.policy.writable
        if path == "/query":
            return ("GET", "POST")
        if path == "/update":
            return ("GET", "POST") if writable else ()
        if path.startswith("/store"):
            return ("GET", "HEAD", "PUT", "POST", "DELETE") if writable else ("GET", "HEAD")
        if path in _PAGES or (gate.linked_data is not None and gate.linked_data.serves(path)):
            return ("GET", "HEAD")
        return None

    def _options(self, gate: Gate, path: str) -> None:
        """OPTIONS: a CORS preflight from an allowed origin gets 204 with what it may do; any other is refused.
        Without an Origin, the methods the path answers (`Allow`)."""
        methods = self._methods(gate, path)
        if methods is None:
            raise _Refused(404, f"OPTIONS {path} is not served here")
        origin = self.headers.get("Origin")
        asked = self.headers.get("Access-Control-Request-Method")
        if origin is None or asked is None:
            self._send(Reply(204, (("Allow", ", ".join(("OPTIONS", *methods))),), b""), head=True)
            return
        allowed = gate.policy.allowed_origin(origin)
        if allowed is None:
            raise _Refused(403, f"cross-origin requests from {origin} are not allowed here; start kgraph serve with "
                                f"--cors {origin} to allow them")
        if asked.strip().upper() not in methods:
            reason = "the server is read-only" if not methods else f"it answers {', '.join(methods)}"
            raise _Refused(403, f"{path} does not take {asked.strip()} from other origins: {reason}")
        self._send(Reply(204, (
            ("Access-Control-Allow-Methods", ", ".join(methods)),
            ("Access-Control-Allow-Headers", _CORS_REQUEST_HEADERS),
            ("Access-Control-Max-Age", _CORS_MAX_AGE),
        ), b""), head=True)

    def _cors_headers(self) -> None:
        """The CORS headers of a response to a request from an allowed origin (none for any other)."""
        allowed = self.server.gate.policy.allowed_origin(self.headers.get("Origin"))
        if allowed is None:
            return
        self.send_header("Access-Control-Allow-Origin", allowed)
        if allowed != "*":
            self.send_header("Vary", "Origin")
        self.send_header("Access-Control-Expose-Headers", _CORS_EXPOSED_HEADERS)

    def _check_origin(self, gate: Gate) -> None:
        """A write from a browser page is taken from this server's own pages and the origins `cors` allows only."""
        origin = self.headers.get("Origin")
        if origin is None or gate.policy.allowed_origin(origin) is not None:
            return
        hosts = (self.headers.get("Host", ""), gate.host_header)
        own = {f"{scheme}://{host}".lower() for scheme in ("http", "https") for host in hosts}
        if origin.lower() not in own:
            raise _Refused(403, f"a page from {origin} may not change the store; start kgraph serve with --cors "
                                f"{origin} to allow it")

    # --- Linked Data pages --------------------------------------------------------------------------------------

    def _linked_data(self, gate: Gate, pages: LinkedData, method: str, path: str) -> None:
        try:
            reply = pages.answer(path, self.headers.get("Accept"), lambda text, accept: self._ask(gate, text, accept))
        except Unavailable as failed:
            gate.log(f"failed {path}: {failed.message}")
            self._answer(failed.status, failed.message)
            return
        self._send(reply, head=method == "HEAD")

    def _ask(self, gate: Gate, text: str, accept: str) -> bytes:
        """A query of the Linked Data pages, asked of Oxigraph under the policy's timeout and size cap."""
        policy = gate.policy
        refusal = policy.refusal(text)
        if refusal is not None:  # the pages write their queries themselves, from a checked IRI: never expected
            raise Unavailable(403, refusal)
        port = gate.upstream()
        started = time.monotonic()
        upstream = http.client.HTTPConnection("127.0.0.1", port, timeout=policy.timeout + GRACE)
        try:
            upstream.request("POST", "/query", urllib.parse.urlencode({"query": text}).encode("ascii"),
                             {"Host": gate.host_header, "Content-Type": _FORM, "Accept": accept})
            answer = upstream.getresponse()
            data = answer.read(policy.max_result_bytes + 1)
        except TimeoutError:
            gate.overrun(port)
            raise Unavailable(504, f"the description was stopped: it took longer than the server's timeout of "
                                   f"{policy.timeout} s (kgraph serve --timeout)") from None
        except (OSError, http.client.HTTPException) as err:
            raise Unavailable(502, f"the SPARQL server did not answer ({err or type(err).__name__})") from None
        finally:
            upstream.close()
        if _timed_out(started, policy):  # a cancelled answer looks whole (see the module's docstring)
            raise Unavailable(504, f"the description was stopped: it took longer than the server's timeout of "
                                   f"{policy.timeout} s (kgraph serve --timeout)")
        if len(data) > policy.max_result_bytes:
            raise Unavailable(413, f"the description is larger than this server sends "
                                   f"({_size(policy.max_result_bytes)}, kgraph serve --max-result-mb)")
        if answer.status != 200:
            said = data[:300].decode("utf-8", "replace").strip()
            raise Unavailable(502, f"the SPARQL server answered {answer.status}: {said}")
        return data

    def _send(self, reply: Reply, *, head: bool) -> None:
        """Send one of the gate's own answers (a page, a description, a preflight), with its CORS headers."""
        try:
            self.send_response(reply.status)
            for name, value in reply.headers:
                self.send_header(name, value)
            self._cors_headers()
            if reply.status != 204:
                self.send_header("Content-Length", str(len(reply.body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if not head:
                self.wfile.write(reply.body)
        except OSError:
            pass  # the client left

    @staticmethod
    def _check(refusal: str | None) -> None:
        if refusal is not None:
            raise _Refused(403, refusal)

    def _sparql(self, method: str, url_query: str, name: str, allowed: frozenset[str]) -> tuple[str, list[tuple[str, str]]]:
        """The query (or update) text and the dataset parameters of a SPARQL 1.1 Protocol request."""
        pairs = _pairs(url_query)
        texts: list[str] = []
        if method == "POST":
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if kind not in (f"application/sparql-{name}", _FORM):
                raise _Refused(415, f"unsupported Content-Type {kind or 'none'!r}; send application/sparql-{name} "
                                    f"or {_FORM}")
            body = self._body(MAX_SPARQL_BYTES)
            if kind == _FORM:
                pairs += _pairs(body.decode("utf-8", "replace"))
            else:
                try:
                    texts.append(body.decode("utf-8"))
                except UnicodeDecodeError:
                    raise _Refused(400, f"the {name} is not UTF-8") from None
        texts += [value for key, value in pairs if key == name]
        if len(texts) != 1:
            raise _Refused(400, f"give exactly one {name} (found {len(texts)})")
        return texts[0], [(key, value) for key, value in pairs if key in allowed]

    def _length(self) -> int:
        if self.headers.get("Transfer-Encoding"):
            raise _Refused(411, "send the body with a Content-Length (chunked request bodies are not supported)")
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            raise _Refused(400, "the Content-Length is not a number") from None
        if length < 0:
            raise _Refused(400, "the Content-Length is negative")
        return length

    def _body(self, limit: int) -> bytes:
        length = self._length()
        if length > limit:
            raise _Refused(413, f"the request body is larger than {limit // 2**20} MB")
        return self.rfile.read(length)

    def _passed(self, names: tuple[str, ...]) -> dict[str, str]:
        """The client's headers that are forwarded: printable ASCII, of reasonable length."""
        passed = {}
        for name in names:
            value = self.headers.get(name)
            if value is not None and len(value) <= 1024 and value.isascii() and value.isprintable():
                passed[name] = value
        return passed

    # --- forwarding -----------------------------------------------------------------------------------------

    def _forward_form(self, gate: Gate, path: str, pairs: list[tuple[str, str]]) -> None:
        body = urllib.parse.urlencode(pairs).encode("ascii")
        self._forward(gate, "POST", path, {"Content-Type": _FORM}, len(body), body, timed=True)

    def _forward(
        self, gate: Gate, method: str, target: str, headers: dict[str, str], length: int | None = None,
        body: bytes | None = None, *, timed: bool = False,
    ) -> None:
        """Send the request to Oxigraph (the body from `body`, else `length` bytes read from the client) and
        stream its answer back, cut at the size cap. `timed` (a query or update): also at the deadline, and a
        server still at work on it then is restarted."""
        policy = gate.policy
        started = time.monotonic()
        deadline = started + policy.timeout + GRACE if timed else None
        port = gate.upstream()
        upstream = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        overran = False
        try:
            try:
                upstream.connect()
                sock = upstream.sock
                assert sock is not None
                upstream.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
                upstream.putheader("Host", gate.host_header)
                for name, value in {**self._passed(("Accept",)), **headers}.items():
                    upstream.putheader(name, value)
                if length is not None:
                    upstream.putheader("Content-Length", str(length))
                upstream.endheaders()
                if body is not None:
                    upstream.send(body)
                elif length:
                    self._copy_body(upstream, length)
                _until(sock, deadline)
                answer = upstream.getresponse()
            except TimeoutError:
                overran = deadline is not None
                self._stopped(gate, target, started, "no answer")
                return
            except (OSError, http.client.HTTPException) as err:
                self._answer(502, f"the SPARQL server did not answer ({err or type(err).__name__})")
                return
            overran = self._relay(gate, method, target, answer, sock, started, deadline)
        finally:
            upstream.close()
            if overran:
                gate.overrun(port)

    def _copy_body(self, upstream: http.client.HTTPConnection, length: int) -> None:
        left = length
        while left > 0:
            data = self.rfile.read(min(_CHUNK, left))
            if not data:
                raise _Refused(400, "the request body ended early")
            upstream.send(data)
            left -= len(data)

    def _relay(
        self, gate: Gate, method: str, target: str, answer: http.client.HTTPResponse, sock: socket.socket,
        started: float, deadline: float | None,
    ) -> bool:
        """Pass Oxigraph's answer on; True when it had not ended by the deadline.

        The first `_HOLD` bytes are held back: an answer that ends within them goes out whole with its length,
        or as a clean error when it ended only at the timeout. When the client leaves or the answer passes the
        size cap, the rest is read and dropped, so that the gate learns when Oxigraph's work on it ends (and
        restarts Oxigraph at the deadline if it has not): an answer can stop producing output and keep
        computing, and only its end or the deadline tells.
        """
        policy, what = gate.policy, target.split("?")[0]
        status = answer.status
        if method == "HEAD" or status in (204, 304) or status < 200:
            self._head(answer, {"Content-Length": "0"})
            return False
        chunks = _chunks(answer, sock, deadline)
        held = bytearray()
        finished = False
        try:
            while len(held) <= min(_HOLD, policy.max_result_bytes):
                data = next(chunks, None)
                if data is None:
                    finished = True
                    break
                held += data
        except _Cut as cut:
            self._stopped(gate, target, started, str(cut))
            return cut.overran
        if len(held) > policy.max_result_bytes:
            gate.log(f"refused {what}: the answer is larger than {_size(policy.max_result_bytes)}")
            self._answer(413, f"the answer is larger than this server sends ({_size(policy.max_result_bytes)}, "
                              "kgraph serve --max-result-mb); ask for less, e.g. with LIMIT")
            return _drain(chunks)
        if finished and deadline is not None and _timed_out(started, policy):
            # Oxigraph 0.5.13 ends a cancelled answer as if it were whole (an empty result, or its message inside
            # the result): measured, so an answer that ends at the timeout is taken for a cancelled one.
            self._stopped(gate, target, started, "")
            return False
        if finished:
            self._head(answer, {"Content-Length": str(len(held))})
            self._write(bytes(held))
            return False
        chunked = self.request_version != "HTTP/1.0"
        self._head(answer, {"Transfer-Encoding": "chunked"} if chunked else {})
        sent = len(held)
        client = self._write(_chunk(bytes(held)) if chunked else bytes(held))
        try:
            for data in chunks:
                if not client:
                    continue  # the client left, or the answer was cut: read on to its end (or the deadline)
                if sent + len(data) > policy.max_result_bytes:
                    gate.log(f"cut {what}: the answer is larger than {_size(policy.max_result_bytes)}")
                    client = False
                    continue
                sent += len(data)
                client = self._write(_chunk(data) if chunked else data)
        except _Cut as cut:
            if client:
                gate.log(f"cut {what}: {cut}")
            return cut.overran
        if not client:
            return False
        if deadline is not None and _timed_out(started, policy):
            gate.log(f"cut {what}: the query ran longer than the timeout of {policy.timeout} s")
            return False  # no last chunk: the client cannot take the answer for a whole one
        if chunked:
            self._write(b"0\r\n\r\n")
        return False

    def _stopped(self, gate: Gate, target: str, started: float, problem: str) -> None:
        what = target.split("?")[0]
        if _timed_out(started, gate.policy):
            gate.log(f"stopped {what}: the query ran longer than the timeout of {gate.policy.timeout} s")
            self._answer(504, f"the query was stopped: it ran longer than the server's timeout of "
                              f"{gate.policy.timeout} s (kgraph serve --timeout)")
        else:
            gate.log(f"failed {what}: {problem}")
            self._answer(502, f"the SPARQL server failed: {problem}")

    def _head(self, answer: http.client.HTTPResponse, extra: dict[str, str]) -> None:
        self.send_response(answer.status, answer.reason)
        for name in ("Content-Type", "Location"):
            value = answer.getheader(name)
            if value is not None:
                self.send_header(name, value)
        for name, value in extra.items():
            self.send_header(name, value)
        self._cors_headers()
        self.send_header("Connection", "close")
        self.end_headers()

    def _write(self, data: bytes) -> bool:
        """Send `data` to the client; False when it has left."""
        try:
            self.wfile.write(data)
            return True
        except OSError:
            return False

    def _answer(self, status: int, message: str) -> None:
        body = (message + "\n").encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self._cors_headers()
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client left


def _pairs(text: str) -> list[tuple[str, str]]:
    return urllib.parse.parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="replace")


class _Cut(Exception):
    """Oxigraph's answer broke off (`overran` False: its work on it is over) or was still coming at the deadline."""

    def __init__(self, message: str, *, overran: bool) -> None:
        super().__init__(message)
        self.overran = overran


def _until(sock: socket.socket, deadline: float | None) -> None:
    """Let the next read on `sock` wait until `deadline` at most (TimeoutError then), else REQUEST_TIMEOUT."""
    sock.settimeout(REQUEST_TIMEOUT if deadline is None else max(0.001, deadline - time.monotonic()))


def _chunks(answer: http.client.HTTPResponse, sock: socket.socket, deadline: float | None) -> Iterator[bytes]:
    """The answer's body as it comes; _Cut when it breaks off or is still coming at `deadline`."""
    while True:
        if deadline is not None and time.monotonic() > deadline:
            raise _Cut("the answer was still coming at the deadline", overran=True)
        _until(sock, deadline)
        try:
            data = answer.read1(_CHUNK)
        except TimeoutError:
            raise _Cut("the answer was still coming at the deadline", overran=deadline is not None) from None
        except (OSError, http.client.HTTPException) as err:
            raise _Cut(f"the answer broke off ({err or type(err).__name__})", overran=False) from None
        if not data:
            return
        yield data


def _drain(chunks: Iterator[bytes]) -> bool:
    """Read the rest of an answer nobody receives; True when it was still coming at the deadline."""
    try:
        for _ in chunks:
            pass
    except _Cut as cut:
        return cut.overran
    return False


def _timed_out(started: float, policy: Policy) -> bool:
    """Whether Oxigraph's timeout may have fired. Its clock starts after the gate's, so an answer that ended
    sooner was not cancelled."""
    return time.monotonic() >= started + policy.timeout


def _chunk(data: bytes) -> bytes:
    """One chunk of HTTP/1.1 chunked transfer coding (RFC 9112, section 7.1)."""
    return b"%x\r\n%s\r\n" % (len(data), data)


def _size(count: int) -> str:
    """
    >>> _size(100 * 2**20), _size(2000)
    ('100 MB', '2000 bytes')
    """
    return f"{count // 2**20} MB" if count >= 2**20 and count % 2**20 == 0 else f"{count} bytes"
