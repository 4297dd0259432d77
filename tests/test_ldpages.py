"""The Linked Data pages, CORS and the query page of `kgraph serve`: content negotiation as a table, the pages
over an in-memory store, then the real server (the gate in front of Oxigraph) asked with curl and urllib, and a
real headless Chromium where one is installed.

Every test that starts a server stops it; every wait is bounded.
"""

from __future__ import annotations

import http.client
import http.server
import json
import re
import shutil
import socket
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgraph.cli import main
from kgraph.gate import Policy
from kgraph.ldpages import LIMIT, LinkedData, negotiate
from kgraph.library import library
from kgraph.mint import DEFAULT_BASE
from kgraph.serve import Bind, Endpoint, store_base
from kgraph.store import Store
from kgraph.vocab import FOAF, KG, PREFIXES, RDF

from chromium import browser, chromium, dump_dom, png_size, screenshot
from conftest import ROOT
from sparql_servers import free_port, listener, read_line

PERSON = DEFAULT_BASE + "person/h-bontenbal"
PERSON_PATH = "/id/person/h-bontenbal"
QUESTION_SET = DEFAULT_BASE + "doc/sha256-c583981faad7c741"
QUESTION_PATH = "/id/doc/sha256-c583981faad7c741/question/1"
ALLOWED = "https://example.org"
_BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


# --- content negotiation ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "chosen"), [
    (None, "turtle"),
    ("", "turtle"),
    ("*/*", "turtle"),
    ("text/turtle", "turtle"),
    ("application/ld+json", "json-ld"),
    ("application/json", "json-ld"),
    ("application/n-triples", "nt"),
    ("text/html", "html"),
    (_BROWSER, "html"),  # what Chromium and Firefox send for a page
    ("text/turtle;q=0.5, application/ld+json;q=0.9", "json-ld"),
    ("application/ld+json; profile=\"http://www.w3.org/ns/json-ld#compacted\"", "json-ld"),
    ("TEXT/Turtle", "turtle"),
    ("text/*", "turtle"),
    ("text/*, text/turtle;q=0", "html"),  # the more specific range wins
    ("*/*;q=0.1, text/html;q=0.1", "html"),  # equal quality: the exact match beats the wildcard
    ("application/json, application/ld+json", "json-ld"),
    ("text/turtle;q=nonsense, application/n-triples", "nt"),  # a malformed range is skipped
    ("image/png", None),
    ("text/turtle;q=0", None),
    ("application/rdf+xml", None),
])
def test_negotiate(accept: str | None, chosen: str | None) -> None:
    found = negotiate(accept)
    assert (found.name if found else None) == chosen


# --- the pages over an in-memory store --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def memory(seed_store: Path) -> ox.Store:
    """The seed store's default graph in memory, for the pages without a server."""
    import io

    database = ox.Store()
    dump = io.BytesIO()
    with Store.open(seed_store, read_only=True) as store:
        store.export("nt", dump)
    database.load(dump.getvalue(), format=ox.RdfFormat.N_TRIPLES)
    return database


def _run(database: ox.Store, asked: list[str] | None = None) -> Callable[[str, str], bytes]:
    """What the gate gives the pages, over an in-memory store: a query and an Accept header to the answer."""
    def run(query: str, accept: str) -> bytes:
        if asked is not None:
            asked.append(query)
        found = database.query(query)
        if isinstance(found, ox.QueryTriples):
            data = found.serialize(format=ox.RdfFormat.N_TRIPLES)
        else:
            data = found.serialize(format=ox.QueryResultsFormat.JSON)
        assert data is not None
        return data
    return run


def _graph(data: bytes, fmt: str) -> Graph:
    return Graph().parse(data=data.decode("utf-8"), format=fmt)


def test_a_description_holds_the_resource_its_links_and_labels(memory: ox.Store) -> None:
    reply = LinkedData(DEFAULT_BASE).answer(PERSON_PATH, "application/n-triples", _run(memory))
    graph = _graph(reply.body, "nt")
    person = URIRef(PERSON)
    assert set(graph.predicate_objects(person)) == {
        (RDF.type, FOAF.Person), (FOAF.name, Literal("Henri Bontenbal")), (KG.initials, Literal("H."))}
    assert (URIRef(QUESTION_SET), KG.askedBy, person) in graph  # a link to it
    assert graph.value(URIRef(QUESTION_SET), URIRef("http://purl.org/dc/terms/title")) is not None  # its label
    # N-Triples lines come sorted, so the same store gives the same bytes.
    lines = reply.body.decode("utf-8").splitlines()
    assert lines == sorted(lines)


def test_a_question_is_described_with_where_it_is_printed(memory: ox.Store) -> None:
    reply = LinkedData(DEFAULT_BASE).answer(QUESTION_PATH, "text/html", _run(memory))
    page = reply.body.decode("utf-8")
    assert "<h2>Printed in</h2>" in page
    assert "characters 278 to 479 of the document's text" in page
    assert "Klopt het dat de toegang tot de e-mail van de hoofdaanklager" in page
    assert f'<a href="/id/doc/sha256-c583981faad7c741">het bericht' in page  # the document, by its title
    assert 'href="/id/zaak/2025Z10267/question/1"' in page


def test_a_published_document_links_its_public_address(tmp_path: Path) -> None:
    database = ox.Store()
    doc = f"<{DEFAULT_BASE}doc/kst-36410-V-27>"
    question = f"<{DEFAULT_BASE}doc/kst-36410-V-27/question/1>"
    span = f"<{DEFAULT_BASE}doc/kst-36410-V-27/span/10-20>"
    selector = f"<{DEFAULT_BASE}doc/kst-36410-V-27/span/10-20/selector>"
    database.load(f"""
        {doc} <http://www.w3.org/2002/07/owl#sameAs> <https://zoek.officielebekendmakingen.nl/kst-36410-V-27> ;
              <http://purl.org/dc/terms/title> "Vragen over fietsen"@nl .
        {question} <https://schema.org/isPartOf> {doc} ; <https://w3id.org/kgraph/def#textSpan> {span} ;
              <https://schema.org/text> "Waarom?"@nl .
        {span} <http://www.w3.org/ns/oa#hasSource> {doc} ; <http://www.w3.org/ns/oa#hasSelector> {selector} .
        {selector} <http://www.w3.org/ns/oa#start> 10 ; <http://www.w3.org/ns/oa#end> 20 .
    """.encode(), format=ox.RdfFormat.TURTLE)
    pages = LinkedData(DEFAULT_BASE)
    page = pages.answer("/id/doc/kst-36410-V-27/question/1", "text/html", _run(database)).body.decode("utf-8")
    assert '<a href="https://zoek.officielebekendmakingen.nl/kst-36410-V-27">' in page
    assert "characters 10 to 20" in page and "Waarom?" in page
    turtle = _graph(pages.answer("/id/doc/kst-36410-V-27/question/1", "text/turtle", _run(database)).body, "turtle")
    assert (URIRef(doc[1:-1]), URIRef("http://www.w3.org/2002/07/owl#sameAs"),
            URIRef("https://zoek.officielebekendmakingen.nl/kst-36410-V-27")) in turtle
    document = pages.answer("/id/doc/kst-36410-V-27", "text/html", _run(database)).body.decode("utf-8")
    assert "<h2>Published</h2>" in document


def test_links_beyond_the_limit_are_counted_not_sent(tmp_path: Path) -> None:
    database = ox.Store()
    party = ox.NamedNode(DEFAULT_BASE + "party/x")
    database.extend(ox.Quad(ox.NamedNode(f"{DEFAULT_BASE}doc/d{n}"), ox.NamedNode(str(KG.party)), party)
                    for n in range(LIMIT + 7))
    reply = LinkedData(DEFAULT_BASE).answer("/id/party/x", "text/html", _run(database))
    assert f"{LIMIT} of {LIMIT + 7} links shown" in reply.body.decode("utf-8")
    triples = LinkedData(DEFAULT_BASE).answer("/id/party/x", "application/n-triples", _run(database))
    assert len(triples.body.splitlines()) == LIMIT


@pytest.mark.parametrize(("path", "status", "said"), [
    ("/id/person/nobody", 404, "no triples about https://w3id.org/kgraph/id/person/nobody"),
    ("/id/", 404, "name a resource"),
    ("/data/person/h-bontenbal.xml", 404, ".ttl, .jsonld, .nt"),
    ("/data/person/h-bontenbal", 404, ".ttl, .jsonld, .nt"),
    ('/id/x> ?p ?o } SERVICE <http://127.0.0.1:9/> { ?a ?b ?c', 404, "is not an IRI"),
])
def test_what_is_not_a_resource_here(memory: ox.Store, path: str, status: int, said: str) -> None:
    asked: list[str] = []
    reply = LinkedData(DEFAULT_BASE).answer(path, "text/turtle", _run(memory, asked))
    assert reply.status == status and said in reply.body.decode("utf-8")
    assert not any("SERVICE" in query for query in asked)  # an IRI that is not one never reaches a query


def test_an_unacceptable_type_is_406_listing_the_types(memory: ox.Store) -> None:
    reply = LinkedData(DEFAULT_BASE).answer(PERSON_PATH, "image/png", _run(memory))
    assert reply.status == 406
    assert reply.body == (b"none of the types in Accept: image/png is served here; available: text/turtle, "
                          b"application/ld+json, application/n-triples, text/html\n")
    assert ("Vary", "Accept") in reply.headers


def test_store_base_is_the_base_the_store_was_built_with(seed_store: Path, tmp_path: Path) -> None:
    with Store.open(seed_store, read_only=True) as store:
        assert store_base(store) == DEFAULT_BASE
    other = tmp_path / "other"
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--store", str(other),
                                       "--base", "https://example.org/kg/"])
    assert result.exit_code == 0, result.output
    with Store.open(other, read_only=True) as store:
        assert store_base(store) == "https://example.org/kg/"
    with Endpoint.start(other, Bind("127.0.0.1", free_port()), log=lambda line: None) as endpoint:
        status, headers, body = _get(endpoint.url + "id/person/h-bontenbal", "application/n-triples")
        assert status == 200 and b"<https://example.org/kg/person/h-bontenbal>" in body


# --- the real server ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(seed_store: Path) -> Iterator[Endpoint]:
    """`kgraph serve` over the seed store, letting https://example.org in."""
    with Endpoint.start(seed_store, Bind("127.0.0.1", free_port()), Policy(cors=(ALLOWED,)),
                        log=lambda line: None) as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def closed(seed_store: Path) -> Iterator[Endpoint]:
    """The same, without --cors."""
    with Endpoint.start(seed_store, Bind("127.0.0.1", free_port()), log=lambda line: None) as endpoint:
        yield endpoint


def _get(url: str, accept: str | None = None, *, method: str = "GET",
         headers: dict[str, str] | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    request = urllib.request.Request(url, method=method, headers=dict(headers or {}))
    if accept is not None:
        request.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return int(answer.status), answer.headers, answer.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.headers, err.read()


def _store_triples(database: ox.Store, iri: str) -> Graph:
    """The triples with `iri` as subject, as the store has them."""
    found = database.query(f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}")
    assert isinstance(found, ox.QueryTriples)
    return _graph(found.serialize(format=ox.RdfFormat.N_TRIPLES) or b"", "nt")


def test_curl_gets_a_persons_triples_in_turtle(served: Endpoint, memory: ox.Store) -> None:
    curl = shutil.which("curl")
    if curl is None:
        pytest.skip("curl is not installed (Debian: apt-get install curl); urllib checks the same below")
    done = subprocess.run([curl, "-s", "-i", "-H", "Accept: text/turtle", served.url + PERSON_PATH[1:]],
                          capture_output=True, timeout=60, check=True)
    head, _, body = done.stdout.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert b"\r\nContent-Type: text/turtle; charset=utf-8" in head
    graph = _graph(body, "turtle")
    person = URIRef(PERSON)
    expected = _store_triples(memory, PERSON)
    assert len(expected) == 3
    assert set(expected) <= set(graph)  # every triple of the person
    assert set(graph.subjects(KG.askedBy, person)) == {URIRef(QUESTION_SET)}


def test_urllib_gets_each_format_with_its_headers(served: Endpoint) -> None:
    url = served.url + PERSON_PATH[1:]
    graphs = {}
    for accept, fmt, location in (("text/turtle", "turtle", "/data/person/h-bontenbal.ttl"),
                                  ("application/ld+json", "json-ld", "/data/person/h-bontenbal.jsonld"),
                                  ("application/n-triples", "nt", "/data/person/h-bontenbal.nt")):
        status, headers, body = _get(url, accept)
        assert status == 200
        assert headers["Content-Type"].split(";")[0] == accept
        assert headers["Vary"] == "Accept" and headers["Content-Location"] == location
        assert 'rel="alternate"' in headers["Link"]
        graphs[fmt] = _graph(body, fmt)
        # The document named in Content-Location is served too, as the same graph.
        status, headers, again = _get(served.url + location[1:])
        assert status == 200 and headers["Content-Type"].split(";")[0] == accept and "Vary" not in headers
        assert isomorphic(_graph(again, fmt), graphs[fmt])
    assert isomorphic(graphs["turtle"], graphs["json-ld"]) and isomorphic(graphs["turtle"], graphs["nt"])
    document = json.loads(_get(url, "application/ld+json")[2])
    assert document["@context"]["kg"] == PREFIXES["kg"]  # kgraph's compact context
    assert document["@graph"][0] == {"id": PERSON, "type": "Person", "name": "Henri Bontenbal", "initials": "H."}


def test_a_browser_gets_the_page(served: Endpoint, seed_store: Path) -> None:
    status, headers, body = _get(served.url + PERSON_PATH[1:], _BROWSER)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Location"] == "/page/person/h-bontenbal"
    page = body.decode("utf-8")
    assert "<h1>Henri Bontenbal</h1>" in page and PERSON in page
    assert '<a href="/id/doc/sha256-c583981faad7c741">het bericht' in page  # a related node, by its label, here
    assert 'href="/data/person/h-bontenbal.ttl"' in page
    # Self-contained: no outside style sheet, script, image or font.
    assert not re.search(r"<(?:script|img|iframe)|<link[^>]+stylesheet|@import|url\(", page)
    from conftest import SEEDS

    assert str(SEEDS.resolve()) not in page  # no local path
    assert _get(served.url + "page/person/h-bontenbal")[2] == body


def test_head_and_errors_through_the_server(served: Endpoint) -> None:
    status, headers, body = _get(served.url + PERSON_PATH[1:], "text/turtle", method="HEAD")
    assert (status, body) == (200, b"") and int(headers["Content-Length"]) > 0
    assert _get(served.url + PERSON_PATH[1:], "image/png")[0] == 406
    assert _get(served.url + "id/person/nobody", "text/turtle")[0] == 404
    # A path that is no IRI, sent as it is (urllib would quote it).
    connection = http.client.HTTPConnection("127.0.0.1", served.bind.port, timeout=30)
    try:
        connection.putrequest("GET", "/id/x>{}", skip_accept_encoding=True)
        connection.endheaders()
        answer = connection.getresponse()
        assert answer.status == 404 and b"is not an IRI" in answer.read()
    finally:
        connection.close()


def test_the_bookkeeping_graph_is_not_in_the_public_view(served: Endpoint) -> None:
    query = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
    status, _, body = _get(f"{served.query_url}?{query}", "text/csv")
    graphs = body.decode("utf-8").split()
    assert status == 200 and graphs[0] == "g" and f"{DEFAULT_BASE}reference" in graphs
    assert "urn:kgraph:sources" not in graphs
    assert _get(served.url + "id/doc/sha256-c583981faad7c741", "application/n-triples")[2].count(b"urn:kgraph") == 0


# --- CORS ---------------------------------------------------------------------------------------------------------


def _preflight(endpoint: Endpoint, path: str, origin: str, method: str = "POST") -> tuple[int, http.client.HTTPMessage]:
    status, headers, _ = _get(endpoint.url + path.lstrip("/"), method="OPTIONS", headers={
        "Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": "content-type"})
    return status, headers


def test_a_preflight_from_an_allowed_origin_succeeds(served: Endpoint) -> None:
    status, headers = _preflight(served, "/query", ALLOWED)
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == ALLOWED
    assert headers["Access-Control-Allow-Methods"] == "GET, POST"
    assert "Content-Type" in headers["Access-Control-Allow-Headers"]
    status, headers = _preflight(served, PERSON_PATH, ALLOWED, "GET")
    assert status == 204 and headers["Access-Control-Allow-Methods"] == "GET, HEAD"
    # The answers themselves carry the header, so the page can read them.
    for url, accept in ((served.url + PERSON_PATH[1:], "text/turtle"),
                        (served.query_url + "?query=ASK%7B%7D", "application/sparql-results+json")):
        status, headers, _ = _get(url, accept, headers={"Origin": ALLOWED})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == ALLOWED
        assert "Origin" in headers.get_all("Vary", [])
        assert "Content-Location" in headers["Access-Control-Expose-Headers"]


def test_a_preflight_from_another_origin_or_without_cors_is_refused(served: Endpoint, closed: Endpoint) -> None:
    for endpoint, origin in ((served, "https://elsewhere.example"), (closed, ALLOWED)):
        status, headers = _preflight(endpoint, "/query", origin)
        assert status == 403 and "Access-Control-Allow-Origin" not in headers
        status, headers, _ = _get(endpoint.url + PERSON_PATH[1:], "text/turtle", headers={"Origin": origin})
        assert status == 200 and "Access-Control-Allow-Origin" not in headers
    # Read-only: no preflight lets an update through, from any origin.
    status, _ = _preflight(served, "/update", ALLOWED)
    assert status == 403
    # Not a preflight: the methods of the path.
    status, headers, _ = _get(closed.query_url, method="OPTIONS")
    assert status == 204 and headers["Allow"] == "OPTIONS, GET, POST"


def test_cors_any_origin(seed_store: Path) -> None:
    with Endpoint.start(seed_store, Bind("127.0.0.1", free_port()), Policy(cors=("*",)),
                        log=lambda line: None) as endpoint:
        status, headers = _preflight(endpoint, "/query", "http://localhost:3000")
        assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"


def test_a_writable_server_takes_writes_from_its_own_pages_and_allowed_origins_only(seed_store: Path,
                                                                                  tmp_path: Path) -> None:
    store = Path(shutil.copytree(seed_store, tmp_path / "store"))
    port = free_port()
    policy = Policy(writable=True, cors=(ALLOWED,))
    with Endpoint.start(store, Bind("127.0.0.1", port), policy, log=lambda line: None) as endpoint:
        def update(origin: str | None) -> int:
            body = urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            if origin is not None:
                headers["Origin"] = origin
            request = urllib.request.Request(endpoint.update_url, data=body, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=30) as answer:
                    return int(answer.status)
            except urllib.error.HTTPError as err:
                err.close()
                return err.code

        # A form post needs no preflight: the gate itself refuses one from a page elsewhere.
        assert update("https://elsewhere.example") == 403
        assert update(None) == 204 and update(f"http://127.0.0.1:{port}") == 204 and update(ALLOWED) == 204
        # Writable, the pages still show the default graph, never the bookkeeping.
        body = _get(endpoint.url + "id/doc/sha256-c583981faad7c741", "application/n-triples")[2]
        assert b"urn:kgraph" not in body


@pytest.mark.parametrize("value", ["example.org", "https://example.org/path", "ftp://example.org"])
def test_a_bad_cors_origin_is_a_usage_error(seed_store: Path, value: str) -> None:
    result = CliRunner().invoke(main, ["serve", "--store", str(seed_store), "--cors", value])
    assert result.exit_code == 2 and "expected * or an origin" in result.output


def test_a_bad_base_is_a_usage_error(seed_store: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--store", str(seed_store), "--base", "not-an-iri"])
    assert result.exit_code == 2 and "--base" in result.output


# --- the query page -------------------------------------------------------------------------------------------------


def test_the_query_page_knows_kgraphs_prefixes_and_named_queries(served: Endpoint) -> None:
    status, headers, body = _get(served.url)
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    config = json.loads(re.search(r'<script id="kgraph-config" type="application/json">(.*?)</script>', page,
                                  re.DOTALL)[1])  # type: ignore[index]
    assert config["prefixes"] == dict(PREFIXES)
    assert [example["name"] for example in config["examples"]] == list(library())
    for prefix, namespace in PREFIXES.items():
        assert f"PREFIX {prefix}: <{namespace}>" in config["query"]
    # The first query and every example run as they are on the endpoint.
    for text in [config["query"], *(example["query"] for example in config["examples"])]:
        data = urllib.parse.urlencode({"query": text}).encode()
        request = urllib.request.Request(served.query_url, data=data, headers={"Accept": "text/csv"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200
    # YASGUI from this server only.
    assert re.findall(r'(?:src|href)="([^"]+)"', page) == ["/yasgui.min.css", "/yasgui.min.js", "/logo.svg"]
    assert _get(served.url + "yasgui.min.js")[0] == 200


# --- a real browser -------------------------------------------------------------------------------------------------

# Chromium's own requests (updates, time, autofill), which its flags do not all stop.
_CHROMIUMS_OWN = re.compile(
    rb"^(?:CONNECT |[A-Z]+ http://)[^/ ]*(?:google\.com|googleapis\.com|gvt1\.com|gstatic\.com)")


def test_chromium_shows_a_readable_page(served: Endpoint, tmp_path: Path) -> None:
    dom = dump_dom(served.url + QUESTION_PATH[1:])
    assert "<h1>Question 1</h1>" in dom
    assert "Klopt het dat de toegang tot de e-mail" in dom
    assert 'href="/id/doc/sha256-c583981faad7c741"' in dom
    person = dump_dom(served.url + PERSON_PATH[1:])
    assert "<h1>Henri Bontenbal</h1>" in person
    for width in (1280, 420):
        shot = screenshot(served.url + QUESTION_PATH[1:], tmp_path / f"question-{width}.png", width, 1400)
        assert png_size(shot) == (width, 1400)
        assert shot.stat().st_size > 20_000, "the screenshot is blank"
    # At phone width nothing is wider than the window: the page needs no sideways scrolling.
    with browser() as page:
        page.open(served.url + QUESTION_PATH[1:])
        page.call("Emulation.setDeviceMetricsOverride", {"width": 420, "height": 900, "deviceScaleFactor": 1,
                                                         "mobile": True})
        assert page.evaluate("document.documentElement.scrollWidth") <= 420
        assert page.evaluate("document.querySelector('h1').textContent") == "Question 1"


def test_chromium_runs_the_query_page_without_outside_requests(served: Endpoint) -> None:
    with listener() as proxy:
        port = proxy.url.split(":")[2].split("/")[0]
        # Every request to another host goes to the listener (loopback addresses bypass a proxy).
        dom = dump_dom(served.url + "#example=answer-time", f"--proxy-server=127.0.0.1:{port}")
    # YASGUI ran, and opened the example in a tab of its own, selected, beside the first tab.
    tabs = re.findall(r'aria-selected="(true|false)"[^>]*><span>([^<]+)</span>', dom)
    assert tabs == [("false", "Query"), ("true", "answer-time")], tabs
    assert '<span class="cm-comment"># name: answer-time</span>' in dom  # the query, in the editor
    page_requests = [seen for seen in proxy.connections if not _CHROMIUMS_OWN.match(seen)]
    assert page_requests == [], page_requests


@contextmanager
def _other_origin(page: bytes) -> Iterator[str]:
    """A page served from another origin (another port): yields its URL."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


_FETCHING = """<!DOCTYPE html><html><body><p id="query">waiting</p><p id="person">waiting</p><script>
var endpoint = "ENDPOINT";
fetch(endpoint + "query", {method: "POST", body: "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
  headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}})
  .then(function (r) { return r.json(); })
  .then(function (j) { document.getElementById("query").textContent = "triples " + j.results.bindings[0].n.value; })
  .catch(function (e) { document.getElementById("query").textContent = "failed: " + e; });
fetch(endpoint + "id/person/h-bontenbal", {headers: {"Accept": "text/turtle"}})
  .then(function (r) { return r.text(); })
  .then(function (t) {
    document.getElementById("person").textContent = "turtle " + (t.indexOf("Henri Bontenbal") >= 0); })
  .catch(function (e) { document.getElementById("person").textContent = "failed: " + e; });
</script></body></html>"""


def test_chromium_runs_a_named_query_from_the_query_page(served: Endpoint) -> None:
    """A click on an example opens it in a tab; YASGUI sends it to /query and shows the answer."""
    with browser() as page:
        page.open(served.url)
        number = list(library()).index("questions-per-ministry")
        page.evaluate(f'document.querySelector(\'#examples button[data-example="{number}"]\').click()')
        assert page.evaluate("kgraphYasgui.getTab().getName()") == "questions-per-ministry"
        assert page.evaluate("kgraphYasgui.getTab().getEndpoint()") == served.query_url
        page.evaluate("kgraphYasgui.getTab().getYasqe().query().then(function () { return true; })")
        shown = page.evaluate("""new Promise(function (resolve) {
          var started = Date.now();
          (function poll() {
            var table = document.querySelector(".tabPanel.active .yasr");
            var text = table ? table.innerText : "";
            if (/results? in/.test(text) || Date.now() - started > 20000) { resolve(text); }
            else { setTimeout(poll, 100); }
          })();
        })""")
    assert "2 results in" in shown and "Buitenlandse Zaken" in shown and "Binnenlandse Zaken" in shown


def test_chromium_on_another_origin_queries_only_with_cors(seed_store: Path) -> None:
    chromium()
    port = free_port()
    endpoint_url = f"http://127.0.0.1:{port}/"
    with _other_origin(_FETCHING.replace("ENDPOINT", endpoint_url).encode()) as page:
        origin = page.rstrip("/")
        # The POST with Content-Type application/sparql-query needs a preflight; the GET only the answer's header.
        with Endpoint.start(seed_store, Bind("127.0.0.1", port), Policy(cors=(origin,)),
                            log=lambda line: None) as endpoint:
            with Store.open(seed_store, read_only=True) as store:
                triples = store.triple_count()
            dom = dump_dom(page)
            assert f'<p id="query">triples {triples}</p>' in dom
            assert '<p id="person">turtle true</p>' in dom
        with Endpoint.start(seed_store, Bind("127.0.0.1", port), log=lambda line: None):
            dom = dump_dom(page)
            assert '<p id="query">failed: TypeError: Failed to fetch</p>' in dom
            assert '<p id="person">failed: TypeError: Failed to fetch</p>' in dom


def test_the_port_is_bound_before_the_addresses_are_printed(seed_store: Path) -> None:
    """`serve` prints the addresses only once the gate listens and Oxigraph answers: a client that connects as
    soon as it reads the first line is answered."""
    import sys

    from sparql_servers import running

    port = free_port()
    command = [sys.executable, "-c", "from kgraph.cli import main; main()", "serve", "--store", str(seed_store),
               "--bind", f"127.0.0.1:{port}", "--cors", ALLOWED]
    with running(command) as process:
        first = read_line(process.stdout, timeout=60)
        assert first.startswith("SPARQL endpoint:")
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        status, _, body = _get(f"http://127.0.0.1:{port}" + PERSON_PATH, "text/turtle")
        assert status == 200 and b"Henri Bontenbal" in body
        rest = [read_line(process.stdout, timeout=5) for _ in range(3)]
        assert rest[:2] == [f"query page:      http://127.0.0.1:{port}/\n",
                            f"resources:       http://127.0.0.1:{port}/id/… describes {DEFAULT_BASE}…\n"]
        assert rest[2] == f"cross-origin:    {ALLOWED}\n"


# --- README's examples ---------------------------------------------------------------------------------------------

_README = (ROOT / "README.md").read_text(encoding="utf-8")
_SERVE = _README[_README.index("### `kgraph serve"):_README.index("### `kgraph push")]


def _shown_after(command: str) -> str:
    """The output block README shows after the ```text block that holds `command`."""
    found = re.search(re.escape(command) + r".*?```\n\n```[a-z]*\n(.*?)```", _SERVE, re.DOTALL)
    assert found is not None, f"README shows no output for {command}"
    return found[1]


def test_readme_shows_what_the_server_answers(served: Endpoint) -> None:
    from kgraph.serve import addresses

    here = served.url
    readme = "http://127.0.0.1:7878/"
    # The addresses `kgraph serve` prints.
    printed = "\n".join(line.replace(here, readme) for line in addresses(served) if not line.startswith("cross"))
    assert printed in _SERVE
    # A person in Turtle, byte for byte.
    shown = _shown_after("curl -s -H 'Accept: text/turtle' http://127.0.0.1:7878/id/person/h-bontenbal")
    status, _, body = _get(here + PERSON_PATH[1:], "text/turtle")
    assert status == 200 and body.decode("utf-8") == shown
    # The preflight, header for header (without the date and the server's name).
    shown = _shown_after("curl -s -i -X OPTIONS -H 'Origin: https://example.org'")
    status, headers = _preflight(served, "/query", "https://example.org")
    lines = [f"HTTP/1.1 {status} No Content", *(f"{name}: {value}" for name, value in headers.items()
                                                if name not in ("Server", "Date", "Connection"))]
    assert "\n".join(lines) + "\n" == shown
