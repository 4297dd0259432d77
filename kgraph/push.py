"""`kgraph push`: copy the graph to a SPARQL 1.1 Graph Store Protocol server, one named graph per document.

For users who outgrow one machine: any server that speaks the Graph Store Protocol
(https://www.w3.org/TR/sparql11-http-rdf-update/) takes the graph: Oxigraph server (`…/store`), Apache Jena
Fuseki (`…/DATASET/data`), Virtuoso (`…/sparql-graph-crud-auth`), GraphDB (`…/repositories/REPO/rdf-graphs/service`),
QLever.

- Each document graph, and the reference graph (ministries, parties and their changes), is sent as one
  `PUT <endpoint>?graph=<graph IRI>` (indirect graph identification, section 4.2). PUT *replaces* the graph's
  content (section 5.3), so pushing again after a rebuild updates the server and never duplicates a triple.
- The body is the graph in N-Triples, sent as `text/turtle` (N-Triples is a subset of Turtle and every Graph
  Store Protocol server reads Turtle; not all know the N-Triples media type).
- The store's default graph (the union of the documents) is not sent: servers build a union in their own way
  (Oxigraph `--union-default-graph`, Fuseki `unionDefaultGraph`, Virtuoso's default graph is all graphs).
- `--user`/`--password` (or a login in the endpoint's URL) answer the server's challenge, HTTP Basic (RFC 7617)
  or Digest (RFC 7616, Virtuoso); credentials are sent only when the server asks for them. So that no graph is
  sent twice (once to be refused, once with the login), the challenge is asked for first with a request that
  changes nothing: `POST <endpoint>?default` with an empty body (section 5.5: merge nothing into the default
  graph). Basic answers every later request; Digest asks again before each graph, for a fresh nonce.
- Secrets never reach a message: the endpoint is shown without its login, and a refusal quotes the server's
  answer only when no login was sent (a server may echo the request's headers, `Authorization` included).
  Redirects are not followed: a login must not travel to an address the user did not give.

- Requests stay below the server's limits: a graph whose N-Triples exceed `max_request_bytes` (default 1 MiB,
  `--max-request-kb`) is sent in parts cut between lines, a `PUT` of the first part and a `POST` (section 5.5:
  merge) of each further one. A kgraph document graph is far smaller (the largest built from the seeds and two
  folders of the development corpus: 951 triples, 162 KB), so each goes in one PUT; the parts are for servers
  behind a proxy that caps request bodies (nginx: 1 MB by default) and for Virtuoso set up with a small
  `TransactionAfterImageLimit`. A graph holding blank nodes is always sent whole: a blank node's label means one
  node only within one request.
- Virtuoso 7.2 (tested: Debian's 7.2.5.3229, `tests/test_push_virtuoso.py`) takes a PUT as "clear the graph, commit,
  load the body" (`WS.WS."/!sparql-graph-crud/"`), so a PUT it refuses half-way leaves that graph empty or partial
  until the next push. The loader commits a batch at a time, and a batch whose transaction log passes
  `TransactionAfterImageLimit` (default 50,000,000 bytes) is refused with error SR325 (HTTP 500): measured, a
  single PUT of 400,000 triples (66 MB) loads with the default; with the limit set to 1,000,000 bytes a PUT of
  6,000 triples (0.98 MB) is refused and one of 3,000 (0.49 MB) loads. Its SPARQL Update endpoint has a lower
  limit that push never meets: one `INSERT DATA` of more than about 4,990 triples fails to compile (SP030,
  "memory exhausted": the parser's stack), which is why push uses the Graph Store Protocol and not SPARQL Update.
  A refusal names Virtuoso's error code (SR325, SQ110 …), the one part of an answer quoted even when a login was
  sent: a code cannot carry a secret.

The first graph the server refuses stops the push with one line saying what it answered.
"""

from __future__ import annotations

import base64
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message

import rdflib

from kgraph.errors import EndpointError, UsageError
from kgraph.store import Store

__all__ = [
    "Credentials", "GraphStoreClient", "PushSummary", "Pushed", "Target", "graph_url", "parts", "plan", "push",
    "redact", "split_login",
]

DEFAULT_TIMEOUT = 60.0
# The largest request body push sends: far above any kgraph document graph, at nginx's default client_max_body_size.
DEFAULT_MAX_REQUEST_BYTES = 2**20
# How much of an error answer's body a message quotes.
_BODY_EXCERPT = 200

# Where the Graph Store Protocol lives on common servers, for the message when an address is not one.
_KNOWN_ADDRESSES = (
    "Oxigraph http://HOST:7878/store, Fuseki http://HOST:3030/DATASET/data, "
    "Virtuoso http://HOST:8890/sparql-graph-crud-auth"
)

# Virtuoso names each error with a code (SQL state class, two letters and three digits) before its message, e.g.
# `<xmp>SR325: Transaction aborted because ...</xmp>`; what the codes a push can meet mean for the user.
_SERVER_CODE = re.compile(rb"\b([A-Z]{2}[0-9]{3}):")
_SERVER_HINTS = {
    "SR325": "Virtuoso's TransactionAfterImageLimit (virtuoso.ini) is smaller than one request loads: "
             "give a smaller --max-request-kb, or raise the limit",
    "SQ110": "Virtuoso's SPARQL user may not write: use http://HOST:8890/sparql-graph-crud-auth with --user",
}


@dataclass(frozen=True, slots=True)
class Credentials:
    user: str
    password: str = field(repr=False)


@dataclass(frozen=True, slots=True, order=True)
class Target:
    """One graph to send: its IRI and whether it is the reference graph rather than a document."""

    graph: rdflib.URIRef
    reference: bool = False


@dataclass(frozen=True, slots=True)
class Pushed:
    """One graph the server took: its IRI, how many triples, the HTTP status it answered to the PUT (201 or
    200/204), and in how many requests it went (one PUT, then a POST for each further part)."""

    target: Target
    triples: int
    status: int
    requests: int = 1


@dataclass
class PushSummary:
    endpoint: str
    pushed: list[Pushed] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What `kgraph push` prints.

        >>> doc = Target(rdflib.URIRef("https://example.org/doc/1"))
        >>> summary = PushSummary("http://localhost:7878/store", [Pushed(doc, 12, 201)])
        >>> print("\\n".join(summary.lines()))
        endpoint:  http://localhost:7878/store
        graphs:    1 (1 documents, 0 reference)
        triples:   12 (summed over the graphs)
        created:   1, replaced 0
        """
        references = sum(1 for item in self.pushed if item.target.reference)
        created = sum(1 for item in self.pushed if item.status == 201)
        return [
            f"endpoint:  {self.endpoint}",
            f"graphs:    {len(self.pushed)} ({len(self.pushed) - references} documents, {references} reference)",
            f"triples:   {sum(item.triples for item in self.pushed)} (summed over the graphs)",
            f"created:   {created}, replaced {len(self.pushed) - created}",
        ]


def graph_url(endpoint: str, graph: str) -> str:
    """The address of `graph` at a Graph Store Protocol `endpoint` (`?graph=`, percent-encoded).

    >>> graph_url("http://localhost:7878/store", "https://w3id.org/kgraph/id/doc/ah-tk-20232024-1786")
    'http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Fkgraph%2Fid%2Fdoc%2Fah-tk-20232024-1786'
    >>> graph_url("http://h/crud?x=1", "urn:a")
    'http://h/crud?x=1&graph=urn%3Aa'
    """
    parts = urllib.parse.urlsplit(endpoint)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True) + [("graph", graph)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def redact(url: str) -> str:
    """`url` without the user name and password it may hold: how an address appears in every message.

    >>> redact("https://editor:s3cret@example.org:8890/crud?x=1")
    'https://example.org:8890/crud?x=1'
    >>> redact("http://localhost:7878/store")
    'http://localhost:7878/store'
    """
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def split_login(endpoint: str) -> tuple[str, Credentials | None]:
    """The endpoint without its login, and the login (percent-decoded) when the URL holds one.

    >>> address, login = split_login("http://editor:s%40cret@localhost:8890/crud")
    >>> address, login.user, login.password
    ('http://localhost:8890/crud', 'editor', 's@cret')
    """
    parts = urllib.parse.urlsplit(endpoint)
    if "@" not in parts.netloc:
        return endpoint, None
    userinfo = parts.netloc.rpartition("@")[0]
    user, _, password = userinfo.partition(":")
    login = Credentials(urllib.parse.unquote(user), urllib.parse.unquote(password))
    return redact(endpoint), login


def check_endpoint(endpoint: str) -> str:
    """`endpoint` if it is an http(s) address without a graph of its own; a usage error otherwise. Messages show
    the address without its login.

    >>> check_endpoint("localhost:7878/store")
    Traceback (most recent call last):
    ...
    kgraph.errors.UsageError: --endpoint 'localhost:7878/store': expected an http:// or https:// address, e.g. http://localhost:7878/store
    """
    parts = urllib.parse.urlsplit(endpoint)
    shown = redact(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--endpoint {shown!r}: expected an http:// or https:// address, "
                         "e.g. http://localhost:7878/store")
    names = {name for name, _ in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)}
    if names & {"graph", "default"}:
        raise UsageError(f"--endpoint {shown!r}: give the Graph Store address without ?graph= or ?default; "
                         "kgraph adds one ?graph= per document")
    return endpoint


def parts(body: bytes, limit: int) -> list[bytes]:
    """`body` (N-Triples, a triple a line) cut between lines into parts of at most `limit` bytes; a line longer
    than `limit` is a part of its own. An empty body is one empty part (PUT of nothing empties the graph).

    >>> parts(b"<a> <b> <c> .\\n<d> <e> <f> .\\n<g> <h> <i> .\\n", 30)
    [b'<a> <b> <c> .\\n<d> <e> <f> .\\n', b'<g> <h> <i> .\\n']
    >>> parts(b"", 30)
    [b'']
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1 byte, not {limit}")
    cut: list[bytes] = []
    first = last = 0  # the part being gathered is body[first:last], whole lines
    while last < len(body):
        end = body.find(b"\n", last) + 1 or len(body)  # the next line and its newline (N-Triples escapes \r)
        if last > first and end - first > limit:
            cut.append(body[first:last])
            first = last
        last = end
    cut.append(body[first:last])
    return cut


def plan(store: Store) -> list[Target]:
    """The graphs to send: every document graph and the reference graph, in IRI order."""
    from kgraph.build import REFERENCE_SOURCE

    references = {doc.graph for doc in store.documents() if doc.source == REFERENCE_SOURCE}
    return sorted({Target(doc.graph, doc.graph in references) for doc in store.documents()})


class GraphStoreClient:
    """Sends graphs to one Graph Store Protocol endpoint with urllib, each body once."""

    def __init__(self, endpoint: str, credentials: Credentials | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        from kgraph.fetch.http import user_agent

        check_endpoint(endpoint)
        self.endpoint, in_url = split_login(endpoint)
        if in_url is not None and credentials is not None:
            raise UsageError("give the login either in the --endpoint URL or with --user, not both")
        self.credentials = credentials or in_url
        self.timeout = timeout
        self._user_agent = user_agent()
        # No redirects: urllib would carry the Authorization header to wherever the server points.
        self._opener = urllib.request.build_opener(_NoRedirects())
        self._scheme: str | None = None  # "basic" or "digest", once the server has asked
        self._challenge: dict[str, str] = {}
        self._probed = False
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        if self.credentials is not None:
            passwords.add_password(None, self.endpoint, self.credentials.user, self.credentials.password)
        self._digest = urllib.request.HTTPDigestAuthHandler(passwords)

    def put(self, graph: str, body: bytes) -> int:
        """Replace `graph` on the server with the Turtle in `body`; the status the server answered."""
        return self._store("PUT", graph, body)

    def post(self, graph: str, body: bytes) -> int:
        """Add the Turtle in `body` to `graph` on the server (Graph Store Protocol merge); the status answered."""
        return self._store("POST", graph, body)

    def _store(self, method: str, graph: str, body: bytes) -> int:
        url = graph_url(self.endpoint, graph)
        if self.credentials is not None and (not self._probed or self._scheme == "digest"):
            self._probe()
        answer = self._send(method, url, body)
        if answer.status == 401 and self.credentials is not None and not answer.sent_login and self._learn(answer):
            # The server asks for a login for writes but not for the probe: the one case a body is sent twice.
            answer = self._send(method, url, body)
        if answer.status >= 300:
            raise EndpointError(self._refusal(method, graph, answer))
        return answer.status

    def _probe(self) -> None:
        """Ask for the server's challenge with a request that changes nothing (an empty body merged into the
        default graph), so that the graphs themselves are sent once, with the login."""
        self._probed = True
        parts = urllib.parse.urlsplit(self.endpoint)
        probe = urllib.parse.urlunsplit(parts._replace(query=f"{parts.query}&default" if parts.query else "default"))
        answer = self._send("POST", probe, b"", login=False)
        if answer.status == 401:
            self._learn(answer)

    def _learn(self, answer: _Answer) -> bool:
        """Take the challenge of a 401 answer (Digest preferred to Basic); False when it offers neither."""
        offers: dict[str, dict[str, str]] = {}
        for value in answer.challenges:
            scheme, _, rest = value.strip().partition(" ")
            offers.setdefault(scheme.lower(), urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest)))
        for scheme in ("digest", "basic"):
            if scheme in offers:
                self._scheme, self._challenge = scheme, offers[scheme]
                return True
        return False

    def _authorization(self, request: urllib.request.Request) -> str | None:
        if self.credentials is None or self._scheme is None:
            return None
        if self._scheme == "basic":
            token = f"{self.credentials.user}:{self.credentials.password}".encode("utf-8")
            return "Basic " + base64.b64encode(token).decode("ascii")
        try:
            digest = self._digest.get_authorization(request, self._challenge)
        except urllib.error.URLError:
            digest = None  # a qop urllib does not implement (auth-int)
        return f"Digest {digest}" if digest else None

    def _send(self, method: str, url: str, body: bytes, *, login: bool = True) -> _Answer:
        """One request, and what came back."""
        request = urllib.request.Request(
            url, data=body, method=method,
            headers={"Content-Type": "text/turtle; charset=utf-8", "User-Agent": self._user_agent},
        )
        authorization = self._authorization(request) if login else None
        if authorization is not None:
            request.add_unredirected_header("Authorization", authorization)
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                return _Answer(int(answer.status), authorization is not None)
        except urllib.error.HTTPError as err:
            with err:
                return _Answer(err.code, authorization is not None, err.read(_BODY_EXCERPT * 4),
                               tuple(err.headers.get_all("WWW-Authenticate") or ()), err.headers.get("Location"))
        except (urllib.error.URLError, OSError) as err:
            reason = err.reason if isinstance(err, urllib.error.URLError) else err
            if isinstance(reason, ConnectionRefusedError):
                problem = "connection refused (is the server running, and is this its address?)"
            elif isinstance(reason, (TimeoutError, socket.timeout)):
                problem = f"no answer within {self.timeout:.0f} s"
            else:
                problem = str(getattr(reason, "strerror", None) or reason)
            raise EndpointError(f"cannot reach {self.endpoint}: {redact_text(problem, self.credentials)}") from None

    def _refusal(self, method: str, graph: str, answer: _Answer) -> str:
        from kgraph.fetch.http import describe

        status = answer.status
        prefix = f"{self.endpoint} answered {describe(status)} to {method} ?graph=<{graph}>"
        found = _SERVER_CODE.search(answer.body)
        code = found.group(1).decode("ascii") if found else None
        if code in _SERVER_HINTS:
            hint = _SERVER_HINTS[code]
        elif status == 401:
            hint = ("the login was refused" if self.credentials else
                    "the server asks for a login: give --user and --password")
        elif status == 403:
            hint = "the server refuses writes (is it read-only? Oxigraph: `oxigraph serve`, not `serve-read-only`)"
        elif status in (404, 405):
            hint = f"is this the server's Graph Store Protocol address? ({_KNOWN_ADDRESSES})"
        elif status == 413:
            hint = "the request is larger than the server accepts: give a smaller --max-request-kb"
        elif 300 <= status < 400:
            location = answer.location
            hint = (f"it redirects{f' to {redact(location)}' if location else ''}, which kgraph does not follow "
                    "with a login; give that address as --endpoint")
        else:
            hint = ""
        # A server may repeat the request in its answer, the Authorization header included: quote it only when
        # no login went with the request; then only the server's error code, which cannot carry a secret.
        if answer.sent_login:
            said = f"error {code}" if code else ""
        else:
            # Virtuoso's answer is an HTML page; its message runs from the code to the end of its <xmp> element.
            text = answer.body[found.start():].partition(b"<")[0] if found else answer.body
            said = " ".join(text.decode("utf-8", "replace").split())[:_BODY_EXCERPT]
        said = redact_text(said, self.credentials)
        return "; ".join(part for part in (prefix, hint, f"it said: {said}" if said else "") if part)


@dataclass(frozen=True, slots=True)
class _Answer:
    """What a request got back: the status, whether a login went with it, and for an error the start of the
    body, the challenges (WWW-Authenticate) and where it redirects."""

    status: int
    sent_login: bool
    body: bytes = b""
    challenges: tuple[str, ...] = ()
    location: str | None = None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Turn every redirect into the error it is for a push (urllib raises HTTPError for the 3xx answer)."""

    def redirect_request(
        self, req: urllib.request.Request, fp: object, code: int, msg: str, headers: Message, newurl: str,
    ) -> urllib.request.Request | None:
        return None


def redact_text(text: str, credentials: Credentials | None) -> str:
    """`text` with every address's login removed and, defensively, the password and its Basic token masked.

    >>> redact_text("see http://u:pw@h/x, token dTpwdw==", Credentials("u", "pw"))
    'see http://h/x, token ***'
    """
    import re

    text = re.sub(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]*@", r"\1", text)
    if credentials is not None and credentials.password:
        token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode("utf-8")).decode("ascii")
        for secret in (token, credentials.password):
            text = text.replace(secret, "***")
    return text


def push(
    store: Store, targets: list[Target], client: GraphStoreClient,
    on_graph: Callable[[Pushed], None] = lambda pushed: None, *, max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
) -> PushSummary:
    """PUT each target graph of `store` to the client's endpoint, in parts of at most `max_request_bytes` (PUT,
    then POST) when it is larger; `on_graph` sees each graph (for progress)."""
    summary = PushSummary(client.endpoint)
    for target in targets:
        graph = store.document_graph(target.graph)
        body = graph.serialize(format="nt", encoding="utf-8")
        blank = any(isinstance(term, rdflib.BNode) for triple in graph for term in triple)
        pieces = [body] if blank else parts(body, max_request_bytes)
        sent = 0
        try:
            status = client.put(str(target.graph), pieces[0])
            for sent, piece in enumerate(pieces[1:], start=1):
                client.post(str(target.graph), piece)
        except EndpointError as err:
            partial = (f"; <{target.graph}> holds {sent} of its {len(pieces)} parts: push again"
                       if sent else "")
            before = f" ({len(summary.pushed)} of {len(targets)} graphs were pushed before)" if summary.pushed else ""
            raise EndpointError(f"{err}{partial}{before}") from None
        pushed = Pushed(target, len(graph), status, len(pieces))
        summary.pushed.append(pushed)
        on_graph(pushed)
    return summary
