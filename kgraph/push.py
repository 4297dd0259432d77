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
- `--user`/`--password` answer the server's challenge, HTTP Basic (RFC 7617) or Digest (RFC 7616, Virtuoso);
  credentials are sent only when the server asks for them.

The first graph the server refuses stops the push with one line saying what it answered.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

import rdflib

from kgraph.errors import EndpointError, UsageError
from kgraph.store import Store

__all__ = ["Credentials", "GraphStoreClient", "PushSummary", "Pushed", "Target", "graph_url", "plan", "push"]

DEFAULT_TIMEOUT = 60.0
# How much of an error answer's body a message quotes.
_BODY_EXCERPT = 200

# Where the Graph Store Protocol lives on common servers, for the message when an address is not one.
_KNOWN_ADDRESSES = (
    "Oxigraph http://HOST:7878/store, Fuseki http://HOST:3030/DATASET/data, "
    "Virtuoso http://HOST:8890/sparql-graph-crud-auth"
)


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
    """One graph the server took: its IRI, how many triples, and the HTTP status it answered (201 or 200/204)."""

    target: Target
    triples: int
    status: int


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


def check_endpoint(endpoint: str) -> str:
    """`endpoint` if it is an http(s) address without a graph of its own; a usage error otherwise.

    >>> check_endpoint("localhost:7878/store")
    Traceback (most recent call last):
    ...
    kgraph.errors.UsageError: --endpoint 'localhost:7878/store': expected an http:// or https:// address, e.g. http://localhost:7878/store
    """
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--endpoint {endpoint!r}: expected an http:// or https:// address, "
                         "e.g. http://localhost:7878/store")
    names = {name for name, _ in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)}
    if names & {"graph", "default"}:
        raise UsageError(f"--endpoint {endpoint!r}: give the Graph Store address without ?graph= or ?default; "
                         "kgraph adds one ?graph= per document")
    return endpoint


def plan(store: Store) -> list[Target]:
    """The graphs to send: every document graph and the reference graph, in IRI order."""
    from kgraph.build import REFERENCE_SOURCE

    references = {doc.graph for doc in store.documents() if doc.source == REFERENCE_SOURCE}
    return sorted({Target(doc.graph, doc.graph in references) for doc in store.documents()})


class GraphStoreClient:
    """Sends graphs to one Graph Store Protocol endpoint with urllib."""

    def __init__(self, endpoint: str, credentials: Credentials | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        from kgraph.fetch.http import user_agent

        self.endpoint = check_endpoint(endpoint)
        self.credentials = credentials
        self.timeout = timeout
        self._user_agent = user_agent()
        handlers: list[urllib.request.BaseHandler] = []
        if credentials is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, endpoint, credentials.user, credentials.password)
            handlers += [urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)

    def put(self, graph: str, body: bytes) -> int:
        """Replace `graph` on the server with the Turtle in `body`; the status the server answered."""
        url = graph_url(self.endpoint, graph)
        request = urllib.request.Request(
            url, data=body, method="PUT",
            headers={"Content-Type": "text/turtle; charset=utf-8", "User-Agent": self._user_agent},
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as err:
            with err:
                raise EndpointError(self._refusal(graph, err.code, err.read())) from None
        except (urllib.error.URLError, OSError) as err:
            reason = err.reason if isinstance(err, urllib.error.URLError) else err
            if isinstance(reason, ConnectionRefusedError):
                problem = "connection refused (is the server running, and is this its address?)"
            elif isinstance(reason, (TimeoutError, socket.timeout)):
                problem = f"no answer within {self.timeout:.0f} s"
            else:
                problem = str(getattr(reason, "strerror", None) or reason)
            raise EndpointError(f"cannot reach {self.endpoint}: {problem}") from None

    def _refusal(self, graph: str, status: int, body: bytes) -> str:
        from kgraph.fetch.http import describe

        said = " ".join(body.decode("utf-8", "replace").split())[:_BODY_EXCERPT]
        prefix = f"{self.endpoint} answered {describe(status)} to PUT ?graph=<{graph}>"
        if status == 401:
            hint = ("the login was refused" if self.credentials else
                    "the server asks for a login: give --user and --password")
        elif status == 403:
            hint = "the server refuses writes (is it read-only? Oxigraph: `oxigraph serve`, not `serve-read-only`)"
        elif status in (404, 405):
            hint = f"is this the server's Graph Store Protocol address? ({_KNOWN_ADDRESSES})"
        elif status == 413:
            hint = "the graph is larger than the server accepts in one request"
        else:
            hint = ""
        return "; ".join(part for part in (prefix, hint, f"it said: {said}" if said else "") if part)


def push(
    store: Store, targets: list[Target], client: GraphStoreClient,
    on_graph: Callable[[Pushed], None] = lambda pushed: None,
) -> PushSummary:
    """PUT each target graph of `store` to the client's endpoint; `on_graph` sees each (for progress)."""
    summary = PushSummary(client.endpoint)
    for target in targets:
        graph = store.document_graph(target.graph)
        body = graph.serialize(format="nt", encoding="utf-8")
        try:
            status = client.put(str(target.graph), body)
        except EndpointError as err:
            if summary.pushed:
                raise EndpointError(f"{err} ({len(summary.pushed)} of {len(targets)} graphs were pushed before)") from None
            raise
        pushed = Pushed(target, len(graph), status)
        summary.pushed.append(pushed)
        on_graph(pushed)
    return summary
