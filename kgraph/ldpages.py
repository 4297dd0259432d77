"""Linked Data pages of `kgraph serve`: every minted IRI dereferences to a description of its resource.

The server maps the request path `/id/<rest>` to the IRI `<base><rest>` (the base the store was built with,
`kgraph.mint.DEFAULT_BASE` unless `kgraph build --base` said otherwise) and answers with what the store says about
it, in the format the client asks for (`Accept`, with q-values, RFC 9110 section 12.5.1):

- `text/html`: a page for people: the resource's label and types, where it is printed (the document, its public
  address on officielebekendmakingen.nl where the graph has one, the character span and its text), each property
  with its values, and the nodes that point to it; links to related nodes go to their own `/id/` paths on this
  server. Self-contained (no outside style sheets, scripts or fonts) and readable at phone width;
- `text/turtle`, `application/ld+json` (flat JSON-LD with kgraph's compact context, `kgraph.jsonld`; also for
  `application/json`) and `application/n-triples`, for programs.

What a description holds (a bounded description, in the spirit of the symmetric Concise Bounded Description):
every triple with the resource as subject, up to `LIMIT` triples that point to it, the labels of the nodes
these name (`foaf:name`, `skos:prefLabel`, `rdfs:label`, `dcterms:title`, `schema:name`), and where the resource
is printed: its text span (`kg:textSpan`, or `oa:hasTarget` of a mention), the span's selector and document,
and that document's `owl:sameAs` (its public address). The page says when links were left out.

No triples at all is 404; an `Accept` that none of the formats meets is 406, naming the formats there are.

Why a direct answer and not a 303 redirect. The IRIs name things (a person, a question), not documents about
them. "Cool URIs for the Semantic Web" (W3C Interest Group Note, https://www.w3.org/TR/cooluris/) gives two ways
to keep the two apart: hash IRIs (section 4.1), or slash IRIs that answer `303 See Other` with the address of a
document about the thing (sections 4.2 and 4.3), where content negotiation picks the document. kgraph answers
`/id/<rest>` itself: `200` with the negotiated description, `Vary: Accept`, and a `Content-Location` naming the
document it sent (`/page/<rest>` for HTML, `/data/<rest>.ttl`, `.jsonld`, `.nt`), each also served on its own
address, with `Link: <…>; rel="alternate"` for the others. Because:

- the path served is not the thing's IRI. The IRI is `<base><rest>`, by default on w3id.org, and a persistent
  identifier service answers it with a redirect to a server: that redirect is the step the note asks for, so
  `http://HOST:PORT/id/<rest>` is already the address of a document, and a `200` there says nothing about the
  thing being a document. (With `--base` set to the server's own `/id/` address the distinction is lost; then
  `Content-Location` is what tells a client the document's address.)
- one round trip instead of two, and `curl -H 'Accept: text/turtle' …/id/…` or a browser gets the description
  without following a redirect; `Content-Location` and `Vary: Accept` still tell clients and caches which
  document they got.

The descriptions are asked of the store over SPARQL, through the same Oxigraph server and under the same
timeout as every other query (`run`, supplied by `kgraph.gate`), so they show what `/query` shows: the store's
default graph (the union of the document graphs), never the bookkeeping graph.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kgraph.formats import rdf_format
from kgraph.rollups import KGR
from kgraph.serialize import graph_bytes
from kgraph.vocab import DCTERMS, FOAF, KG, OA, OWL, PREFIXES, RDF, RDFS, SCHEMA, SKOS, XSD, bind_prefixes

__all__ = ["FORMATS", "LIMIT", "Description", "Format", "LinkedData", "Reply", "Unavailable", "describe", "negotiate"]

# Most triples pointing to one resource that a description holds (a party is the object of every attribution of
# its members); the page says how many there are.
LIMIT = 500
# Most triples with the resource as subject (no kgraph resource comes near it; a bound all the same).
_OUTGOING_LIMIT = 5000
# The predicates whose values name a node, in the order a label is chosen by.
_LABELS = (FOAF.name, SKOS.prefLabel, RDFS.label, DCTERMS.title, SCHEMA.name)
# The predicates that point from a resource to the span it is printed at.
_PRINTED_AT = (KG.textSpan, OA.hasTarget)

#: A SPARQL query run on the store: the query text and the Accept header, to the answer's bytes.
Run = Callable[[str, str], bytes]


class Unavailable(Exception):
    """The store could not answer a description's query: the HTTP status and message to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class Format:
    """A representation the pages are served in: its media type, the file extension of its `/data/` document
    (none for HTML, whose document is `/page/…`), and the other media types it answers."""

    name: str
    media_type: str
    extension: str
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.media_type.startswith("text/") else self.media_type

    @property
    def answers(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


def _served(name: str, rdf: str, aliases: tuple[str, ...] = ()) -> Format:
    """The Format for kgraph.serialize's `name`, with the media type and extension kgraph.formats gives `rdf`."""
    known = rdf_format(rdf)
    return Format(name, known.media_type, known.suffixes[0].lstrip("."), aliases)


TURTLE = _served("turtle", "ttl")
JSON_LD = _served("json-ld", "jsonld", ("application/json",))
N_TRIPLES = _served("nt", "nt")
HTML = Format("html", "text/html", "")
# In the server's order of preference, for an Accept that ranks several alike (`*/*`, or none: a program, as
# browsers always ask for text/html by name).
FORMATS = (TURTLE, JSON_LD, N_TRIPLES, HTML)


def negotiate(accept: str | None, formats: Sequence[Format] = FORMATS) -> Format | None:
    """The format that best meets an Accept header, or None when none is acceptable (406).

    Each format gets the quality of the most specific media range that matches it (RFC 9110, section 12.5.1);
    the highest quality wins, then the more specific match, then the server's order.

    >>> negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").name
    'html'
    >>> negotiate("text/turtle").name, negotiate(None).name, negotiate("*/*").name
    ('turtle', 'turtle', 'turtle')
    >>> negotiate("application/ld+json;q=0.5, application/n-triples").name
    'nt'
    >>> negotiate("text/*;q=0.2, text/turtle;q=0").name
    'html'
    >>> negotiate("image/png") is None
    True
    """
    if accept is None or not accept.strip():
        return formats[0]
    ranges = _ranges(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for order, candidate in enumerate(formats):
        for media_type in candidate.answers:
            matched = _quality(media_type, ranges)
            if matched is None or matched[0] <= 0:
                continue
            rank = (matched[0], matched[1] - (media_type != candidate.media_type), -order)
            if best is None or rank > best:
                best, chosen = rank, candidate
    return chosen


def _ranges(accept: str) -> list[tuple[str, str, float]]:
    """The media ranges of an Accept header with their q-values; a malformed range is skipped."""
    found = []
    for item in accept.split(","):
        media, *parameters = item.split(";")
        kind, slash, sub = media.strip().lower().partition("/")
        if not slash or not kind or not sub:
            continue
        quality = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = min(1.0, max(0.0, float(value.strip())))
                except ValueError:
                    quality = -1.0
        if quality >= 0:
            found.append((kind, sub, quality))
    return found


def _quality(media_type: str, ranges: Iterable[tuple[str, str, float]]) -> tuple[float, int] | None:
    """The q-value the most specific matching range gives `media_type`, and how specific it is (2 exact, 1
    `type/*`, 0 `*/*`)."""
    kind, _, sub = media_type.partition("/")
    best: tuple[int, float] | None = None
    for range_kind, range_sub, quality in ranges:
        if (range_kind, range_sub) == (kind, sub):
            specificity = 2
        elif range_kind == kind and range_sub == "*":
            specificity = 1
        elif (range_kind, range_sub) == ("*", "*"):
            specificity = 0
        else:
            continue
        if best is None or (specificity, quality) > best:
            best = (specificity, quality)
    return None if best is None else (best[1], best[0])


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer for the gate to send: status, headers (Content-Type first) and body."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass(slots=True)
class Description:
    """What the store says about one resource (see the module's docstring), as a small rdflib graph.
    `outgoing` and `incoming` count the triples with the resource as subject and as object in the store; the
    graph holds up to `_OUTGOING_LIMIT` and `LIMIT` of them."""

    iri: URIRef
    graph: Graph
    outgoing: int
    incoming: int
    shown_incoming: int = field(default=0)

    @property
    def empty(self) -> bool:
        return self.outgoing == 0 and self.incoming == 0


# The query library's rollups (kgraph.rollups) name members, parties and pages as the groups they count: an index,
# not something said about them, so a description leaves them out.
_NOT_A_TALLY = f"FILTER NOT EXISTS {{ ?s a <{KGR.Tally}> }}"


def describe(iri: str, run: Run) -> Description:
    """Ask the store about `iri` (a valid IRI) through `run`."""
    node = str(ox.NamedNode(iri))  # `<…>`, escaped by pyoxigraph: the IRI cannot end the term early
    graph = bind_prefixes(Graph(bind_namespaces="none"))
    subject = URIRef(iri)
    outgoing = _construct(run, f"CONSTRUCT {{ {node} ?p ?o }} WHERE {{ {{ SELECT ?p ?o WHERE {{ {node} ?p ?o }} "
                               f"LIMIT {_OUTGOING_LIMIT} }} }}")
    incoming = _construct(run, f"CONSTRUCT {{ ?s ?p {node} }} WHERE {{ {{ SELECT ?s ?p WHERE {{ ?s ?p {node} "
                               f"{_NOT_A_TALLY} }} LIMIT {LIMIT} }} }}")
    printed = _construct(run, _printed_query(node))
    for part in (outgoing, incoming, printed):
        for triple in part:
            graph.add(triple)
    outgoing_count = len(outgoing)
    if outgoing_count >= _OUTGOING_LIMIT:
        outgoing_count = _count(run, f"SELECT (COUNT(*) AS ?n) WHERE {{ {node} ?p ?o }}")
    incoming_count = len(incoming)
    if incoming_count >= LIMIT:
        incoming_count = _count(run, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p {node} {_NOT_A_TALLY} }}")
    neighbours = sorted({term for triple in graph for term in (triple[0], triple[2])
                         if isinstance(term, URIRef) and term != subject})
    if neighbours:
        values = " ".join(str(ox.NamedNode(str(term))) for term in neighbours)
        labels = " ".join(f"<{predicate}>" for predicate in _LABELS)
        for triple in _construct(run, f"CONSTRUCT {{ ?n ?label ?text }} WHERE {{ VALUES ?n {{ {values} }} "
                                      f"VALUES ?label {{ {labels} }} ?n ?label ?text }}"):
            graph.add(triple)
    return Description(subject, graph, outgoing_count, incoming_count, len(incoming))


def _printed_query(node: str) -> str:
    """Where `node` is printed: its spans with their selectors, the spans' document and its public address."""
    spans = " | ".join(f"<{predicate}>" for predicate in _PRINTED_AT)
    return (
        f"CONSTRUCT {{ ?span ?sp ?so . ?selector ?xp ?xo . ?document <{OWL.sameAs}> ?public }} WHERE {{ "
        f"{node} {spans} ?span . ?span <{OA.hasSource}> ?document . "
        f"{{ ?span ?sp ?so }} UNION {{ ?span <{OA.hasSelector}> ?selector . ?selector ?xp ?xo }} "
        f"UNION {{ ?document <{OWL.sameAs}> ?public }} }}"
    )


def _construct(run: Run, query: str) -> list[tuple[Node, Node, Node]]:
    data = run(query, N_TRIPLES.media_type)
    part = Graph()
    try:
        part.parse(data=data.decode("utf-8"), format="nt")
    except Exception as err:  # rdflib's parsers raise many types; all mean the answer is not N-Triples
        raise Unavailable(502, f"the SPARQL server's answer is not N-Triples: {err}") from None
    return list(part)


def _count(run: Run, query: str) -> int:
    try:
        answer = json.loads(run(query, "application/sparql-results+json"))
        return int(answer["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError) as err:
        raise Unavailable(502, f"the SPARQL server's count is not a SPARQL JSON result: {err}") from None


# --- the pages --------------------------------------------------------------------------------------------------


class LinkedData:
    """The `/id/`, `/page/` and `/data/` paths for the IRIs minted under `base`.

    >>> pages = LinkedData("https://w3id.org/kgraph/id/")
    >>> pages.iri("/id/person/h-bontenbal"), pages.path("https://w3id.org/kgraph/id/person/h-bontenbal")
    ('https://w3id.org/kgraph/id/person/h-bontenbal', '/id/person/h-bontenbal')
    >>> pages.path("https://zoek.officielebekendmakingen.nl/kst-1") is None
    True
    """

    PATHS = ("/id/", "/page/", "/data/")

    def __init__(self, base: str) -> None:
        self.base = base

    def serves(self, path: str) -> bool:
        return path.startswith(self.PATHS)

    def iri(self, path: str) -> str:
        """The IRI an `/id/` path names (the path as sent: minted IRIs are ASCII, percent-encoded as minted)."""
        return self.base + path.removeprefix("/id/")

    def path(self, iri: str) -> str | None:
        """The local `/id/` path of an IRI under the base; None for any other IRI."""
        return "/id/" + iri[len(self.base):] if iri.startswith(self.base) and len(iri) > len(self.base) else None

    def answer(self, path: str, accept: str | None, run: Run) -> Reply:
        """The reply to a GET of `path` (one of `PATHS`) with the given Accept header."""
        fixed: Format | None = None
        if path.startswith("/id/"):
            rest = path.removeprefix("/id/")
        elif path.startswith("/page/"):
            rest, fixed = path.removeprefix("/page/"), HTML
        else:
            rest, dot, extension = path.removeprefix("/data/").rpartition(".")
            fixed = next((f for f in FORMATS if f.extension and f.extension == extension), None) if dot else None
            if fixed is None:
                extensions = ", ".join(f".{f.extension}" for f in FORMATS if f.extension)
                return _text(404, f"{path}: a /data/ address ends in the format's extension: {extensions} "
                                  f"(e.g. /data/person/NAME.ttl)")
        if not rest:
            return _text(404, f"{path}: name a resource, e.g. /id/person/NAME (its IRI is {self.base}person/NAME)")
        iri = self.base + rest
        try:
            ox.NamedNode(iri)
        except ValueError:
            return _text(404, f"{path}: {iri!r} is not an IRI")
        chosen = fixed or negotiate(accept)
        if chosen is None:
            offered = ", ".join(f.media_type for f in FORMATS)
            return _text(406, f"none of the types in Accept: {accept} is served here; available: {offered}",
                         vary=True)
        description = describe(iri, run)
        if description.empty:
            return _text(404, f"no triples about {iri} in this store", vary=fixed is None)
        body = self.render(description, chosen)
        headers = [("Content-Type", chosen.content_type)]
        if fixed is None:
            headers += [("Vary", "Accept"), ("Content-Location", self._document(rest, chosen))]
        headers += [("Link", ", ".join(f'<{self._document(rest, other)}>; rel="alternate"; type="{other.media_type}"'
                                       for other in FORMATS if other is not chosen))]
        return Reply(200, tuple(headers), body)

    @staticmethod
    def _document(rest: str, chosen: Format) -> str:
        return f"/page/{rest}" if chosen is HTML else f"/data/{rest}.{chosen.extension}"

    def render(self, description: Description, chosen: Format) -> bytes:
        if chosen is HTML:
            return _Page(self, description).html().encode("utf-8")
        if chosen is N_TRIPLES:
            lines = sorted(graph_bytes(description.graph, "nt").decode("utf-8").splitlines())
            return "".join(line + "\n" for line in lines if line.strip()).encode("utf-8")
        if chosen is JSON_LD:
            # rdflib writes the nodes in set order, which Python seeds per process: the resource first, then by id.
            document = json.loads(graph_bytes(description.graph, chosen.name))
            nodes = document.get("@graph")
            if isinstance(nodes, list):
                first = str(description.iri)
                nodes.sort(key=lambda node: (node.get("id", node.get("@id")) != first,
                                             str(node.get("id", node.get("@id", "")))))
            return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        return graph_bytes(description.graph, chosen.name)


def _text(status: int, message: str, *, vary: bool = False) -> Reply:
    headers = [("Content-Type", "text/plain; charset=utf-8")]
    if vary:
        headers.append(("Vary", "Accept"))
    return Reply(status, tuple(headers), (message + "\n").encode("utf-8"))


def compact(iri: str) -> str:
    """An IRI as a prefixed name with kgraph's prefixes, else as it is.

    >>> compact("http://xmlns.com/foaf/0.1/name"), compact("https://example.org/x")
    ('foaf:name', 'https://example.org/x')
    """
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _label(graph: Graph, node: Node) -> str | None:
    """The node's label: by `_LABELS`' order, Dutch or untagged first."""
    for predicate in _LABELS:
        values = [value for value in graph.objects(node, predicate) if isinstance(value, Literal)]
        if values:
            values.sort(key=lambda value: (value.language not in (None, "nl"), str(value)))
            return str(values[0])
    return None


def _number(graph: Graph, node: Node) -> str | None:
    for predicate in (KG.number, SCHEMA.position):
        value = graph.value(node, predicate)
        if value is not None:
            return str(value)
    return None


# Each page's style sheet: nothing from outside, system fonts, one column below 40rem.
_STYLE = """
:root { color-scheme: light dark; --muted: #667; --line: #8884; --accent: #2257a8; }
@media (prefers-color-scheme: dark) { :root { --muted: #aab; --accent: #8ab4f8; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 62rem; padding: 1rem 1.25rem 3rem; font: 16px/1.5 system-ui, -apple-system,
  "Segoe UI", Roboto, sans-serif; }
a { color: var(--accent); overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .2rem 0 .4rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid var(--line); }
.kind { margin: 0; color: var(--muted); font-size: .9rem; }
.iri { margin: 0 0 .6rem; font: .85rem/1.4 ui-monospace, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
nav { font-size: .9rem; color: var(--muted); }
nav a { margin-right: .6rem; }
dl { display: grid; grid-template-columns: minmax(7rem, 17rem) 1fr; gap: .35rem 1rem; margin: 0; }
dt { grid-column: 1; font-weight: 600; overflow-wrap: anywhere; }
dt a { color: inherit; text-decoration: none; border-bottom: 1px dotted var(--muted); }
dd { grid-column: 2; margin: 0; overflow-wrap: anywhere; }
.note, .type { color: var(--muted); font-size: .8rem; }
blockquote { margin: .6rem 0; padding: .5rem .9rem; border-left: 4px solid var(--accent); background: #8881;
  white-space: pre-wrap; }
.source { padding: .2rem 0; }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; }
@media (max-width: 40rem) {
  body { padding: .75rem .8rem 2rem; }
  dl { grid-template-columns: 1fr; gap: .1rem; }
  dt { margin-top: .6rem; }
  dt, dd { grid-column: 1; }
  dd { padding-left: .8rem; }
}
"""


class _Page:
    """The HTML page of one description."""

    def __init__(self, pages: LinkedData, description: Description) -> None:
        self.pages = pages
        self.description = description
        self.graph = description.graph
        self.iri = description.iri

    def html(self) -> str:
        iri, graph = self.iri, self.graph
        rest = str(iri)[len(self.pages.base):]
        title = self.heading(iri)
        types = sorted(compact(str(kind)) for kind in graph.objects(iri, RDF.type))
        alternates = "".join(
            f'<link rel="alternate" type="{f.media_type}" href="{_attr(LinkedData._document(rest, f))}">'
            for f in FORMATS if f is not HTML
        )
        downloads = " ".join(
            f'<a href="{_attr(LinkedData._document(rest, f))}" type="{f.media_type}">{label}</a>'
            for f, label in ((TURTLE, "Turtle"), (JSON_LD, "JSON-LD"), (N_TRIPLES, "N-Triples"))
        )
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_esc(title)} · kgraph</title>{alternates}<style>{_STYLE}</style></head>",
            "<body>",
            "<header>",
            f'<p class="kind">{_esc(", ".join(types)) or "resource"}</p>',
            f"<h1>{_esc(title)}</h1>",
            f'<p class="iri">{_esc(str(iri))}</p>',
            f'<nav>This description as {downloads} · <a href="/">SPARQL query page</a></nav>',
            "</header>",
            self.printed(),
            "<section><h2>Properties</h2>",
            self.properties(),
            "</section>",
            self.incoming(),
            '<footer>Served by <a href="/">kgraph serve</a> from the store\'s default graph.</footer>',
            "</body></html>",
        ]
        return "\n".join(part for part in parts if part) + "\n"

    def heading(self, node: Node) -> str:
        """A readable name: the label, else the type and number ("Question 3"), else the IRI's path."""
        found = _label(self.graph, node)
        if found:
            return found
        number = _number(self.graph, node)
        kinds = sorted(compact(str(kind)).partition(":")[2] for kind in self.graph.objects(node, RDF.type))
        if number is not None and kinds:
            return f"{kinds[0]} {number}"
        return self.short(node)

    def short(self, node: Node) -> str:
        text = str(node)
        return text[len(self.pages.base):] if self.pages.path(text) else compact(text)

    def link(self, node: Node) -> str:
        """A link to a node: its local page when it is under the base, else its own address."""
        if not isinstance(node, URIRef):
            return _esc(str(node))
        text = str(node)
        label = _label(self.graph, node) or self.short(node)
        local = self.pages.path(text)
        if local is not None:
            return f'<a href="{_attr(local)}">{_esc(label)}</a>'
        return f'<a href="{_attr(text)}">{_esc(label)}</a>'

    def value(self, value: Node) -> str:
        if isinstance(value, Literal):
            note = ""
            if value.language:
                note = f' <span class="type">@{_esc(value.language)}</span>'
            elif value.datatype is not None and value.datatype != XSD.string:
                note = f' <span class="type">{_esc(compact(str(value.datatype)))}</span>'
            if value.language:
                return f'<span lang="{_attr(value.language)}">{_esc(str(value))}</span>{note}'
            return f"{_esc(str(value))}{note}"
        return self.link(value)

    def properties(self) -> str:
        graph, iri = self.graph, self.iri
        predicates = sorted({p for p in graph.predicates(iri, None)},
                            key=lambda p: (p != RDF.type, p not in _LABELS, compact(str(p))))
        rows = []
        for predicate in predicates:
            values = sorted(graph.objects(iri, predicate), key=self._order)
            rows.append(f'<dt><a href="{_attr(str(predicate))}">{_esc(compact(str(predicate)))}</a></dt>')
            rows.extend(f"<dd>{self.value(value)}</dd>" for value in values)
        shown = sum(1 for _ in graph.triples((iri, None, None)))
        note = ""
        if self.description.outgoing > shown:
            note = f'<p class="note">{shown} of {self.description.outgoing} shown; ask /query for the rest.</p>'
        return "<dl>" + "".join(rows) + "</dl>" + note

    def _order(self, node: Node) -> tuple[tuple[str | int, ...], str]:
        """Values in reading order: by label, else by IRI, numbers by value (question/2 before question/10)."""
        text = _label(self.graph, node) or str(node)
        return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)), str(node)

    def incoming(self) -> str:
        graph, iri = self.graph, self.iri
        links = sorted({(p, s) for s, p in graph.subject_predicates(iri)}, key=lambda pair: (compact(str(pair[0])),
                                                                                          self._order(pair[1])))
        if not links:
            return ""
        rows = []
        last: Node | None = None
        for predicate, subject in links:
            if predicate != last:
                rows.append(f'<dt><a href="{_attr(str(predicate))}">{_esc(compact(str(predicate)))}</a> of</dt>')
                last = predicate
            rows.append(f"<dd>{self.link(subject)}</dd>")
        total = self.description.incoming
        note = ""
        if total > self.description.shown_incoming:
            note = (f'<p class="note">{self.description.shown_incoming} of {total} links shown; ask /query for the '
                    "rest.</p>")
        return f"<section><h2>Referred to by</h2><dl>{''.join(rows)}</dl>{note}</section>"

    def printed(self) -> str:
        """A document's public address; for what is printed in one, the document, its public address, the
        character span and the text printed there."""
        graph, iri = self.graph, self.iri
        sections = []
        public = _public(graph, iri)
        if public:
            sections.append("<section><h2>Published</h2><dl><dt>Public address</dt>"
                            + "".join(f'<dd><a href="{_attr(p)}">{_esc(p)}</a></dd>' for p in public)
                            + "</dl></section>")
        spans = sorted({span for predicate in _PRINTED_AT for span in graph.objects(iri, predicate)}, key=str)
        text = graph.value(iri, SCHEMA.text) or graph.value(iri, KG.nameAsPrinted)
        blocks = []
        for span in spans:
            document = graph.value(span, OA.hasSource)
            selector = graph.value(span, OA.hasSelector)
            start = graph.value(selector, OA.start) if selector is not None else None
            end = graph.value(selector, OA.end) if selector is not None else None
            rows = []
            if document is not None:
                rows.append(f"<dt>Document</dt><dd>{self.link(document)}</dd>")
                rows.extend(f'<dt>Public address</dt><dd><a href="{_attr(address)}">{_esc(address)}</a></dd>'
                            for address in _public(graph, document))
            if start is not None and end is not None:
                rows.append(f"<dt>Text span</dt><dd>characters {_esc(str(start))} to {_esc(str(end))} of the "
                            "document's text</dd>")
            quote = ""
            if isinstance(text, Literal) and len(spans) == 1:
                language = f' lang="{_attr(text.language)}"' if text.language else ""
                quote = f"<blockquote{language}>{_esc(str(text))}</blockquote>"
            blocks.append(f'<div class="source"><dl>{"".join(rows)}</dl>{quote}</div>')
        if blocks:
            sections.append("<section><h2>Printed in</h2>" + "".join(blocks) + "</section>")
        return "\n".join(sections)


def _public(graph: Graph, node: Node) -> list[str]:
    """A document's public addresses: its owl:sameAs web addresses (kgraph.rdf: officielebekendmakingen)."""
    return sorted(str(o) for o in graph.objects(node, OWL.sameAs) if str(o).startswith(("https://", "http://")))


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)
