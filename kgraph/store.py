"""The persistent embedded store: one named graph per document, on pyoxigraph (RocksDB).

Layout of the dataset:

- one named graph per document, named by the document's IRI (`Minter.document`), holding exactly the triples of
  the last `put_document` for it;
- the store's *default graph* holds the union of the document graphs, deduplicated, kept up to date in the same
  transaction as every change. Queries run against it, so no dataset option is needed. Measured on 5,000
  documents and 1M triples, the alternatives were worse: naming the document graphs as the query's default graph
  (`default_graph=[...]`) made a two-pattern join 500x slower (103 s instead of 0.2 s), and
  `use_default_graph_as_union=True` would also see the bookkeeping graph and counts each triple once per graph
  that holds it (a person named in 40 documents has 40 `foaf:name` rows; oxigraph issue #1919, fixed after 0.5 by #1920);
- a reserved named graph `<urn:kgraph:sources>` records which source file produced which graph and from which
  bytes (sha256). It is not part of the knowledge graph: export, counts and the default graph leave it out, and
  `kgraph serve` serves a snapshot without it (`snapshot_without_bookkeeping`), so no client reads local paths.

Every change is one SPARQL update, which oxigraph applies as one transaction: a crash never leaves half a document,
a document without its bookkeeping, or a union that disagrees with the documents.

>>> import tempfile
>>> from rdflib import Graph, Literal, URIRef
>>> doc = URIRef("https://example.org/doc/1")
>>> triples = Graph()
>>> _ = triples.add((doc, URIRef("https://example.org/title"), Literal("Vragen over fietsen")))
>>> with Store.open(Path(tempfile.mkdtemp()) / "store", create=True) as store:
...     store.put_document(doc, triples, source="/data/a.txt", sha256="ab12")
...     store.put_document(doc, triples, source="/data/a.txt", sha256="ab12")
...     store.query("SELECT ?t WHERE { ?d <https://example.org/title> ?t }").rows
<Change.ADDED: 'added'>
<Change.UNCHANGED: 'unchanged'>
(('Vragen over fietsen',),)
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import os
import re
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from kgraph.errors import QueryError, StoreError
from kgraph.formats import EXPORT_FORMATS, ResultKind, normalise, rdf_format, result_format
from kgraph.serialize import jsonld_context
from kgraph.sortedlines import sorted_unique
from kgraph.results import TRIPLE_VARIABLES, Cell, QueryResult, format_result
from kgraph.vocab import PREFIXES

if TYPE_CHECKING:
    from kgraph.progress import Progress

__all__ = [
    "DEFAULT_STORE",
    "EXPORT_FORMATS",
    "Cell",
    "Change",
    "QueryResult",
    "DocumentWrite",
    "SourceRecord",
    "Store",
    "StoredDocument",
    "ntriples",
    "ntriples_lines",
]

DEFAULT_STORE = "kgraph-store"

# Bookkeeping, in SOURCES_GRAPH with src: = <urn:kgraph:store:>: one blank node per source,
# `_:r src:path "…" ; src:graph <G> ; src:sha256 "…"`, and for each document graph `<G> src:contentSha256 "…"`: the bytes its current triples came from. The second tells
# whether a graph that two *different* files map to (the PDF and the XML of one publication share a KOOP id,
# hence a graph) still holds this file's triples.
SOURCES_GRAPH = ox.NamedNode("urn:kgraph:sources")
_SRC = "urn:kgraph:store:"
_PATH = ox.NamedNode(_SRC + "path")
_GRAPH = ox.NamedNode(_SRC + "graph")
_SHA256 = ox.NamedNode(_SRC + "sha256")
_CONTENT_SHA256 = ox.NamedNode(_SRC + "contentSha256")
# When a graph's current triples were stored, and by which kgraph version: volatile facts, so they live here and in
# the dataset description (kgraph.dataset), never in the document graphs, which the same input always makes alike.
_STORED = ox.NamedNode(_SRC + "stored")
_VERSION = ox.NamedNode(_SRC + "kgraphVersion")
# What an incremental build compares before reading a file again (`SourceRecord`): the file's size and modification
# time (ns) when it was read, the fingerprint of the code and data that mapped it, and whether its graph conformed.
_SIZE = ox.NamedNode(_SRC + "size")
_MTIME = ox.NamedNode(_SRC + "mtimeNs")
_PIPELINE = ox.NamedNode(_SRC + "pipeline")
_CONFORMS = ox.NamedNode(_SRC + "conforms")
# A value derived from the whole store (the build's summary and memberships warnings): kept with the basis it was
# computed from, `<src:derived:KEY> src:basis "…" ; src:value "…"`, so that an unchanged store is not read again.
_DERIVED = _SRC + "derived:"
_BASIS = ox.NamedNode(_SRC + "basis")
_VALUE = ox.NamedNode(_SRC + "value")
# A source's record node: named after a hash of the source, so records loaded in one batch never merge (the blank
# nodes of earlier stores are still read, by pattern).
_RECORD = _SRC + "source:"
_XSD_DATETIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# RocksDB writes this file when it creates a database; a folder without it is not a store.
_MARKER = "CURRENT"
# A read-only open that races a writer's flush is retried this many times, 50 ms apart.
_READ_ONLY_ATTEMPTS = 40
# While another process holds the store's lock, `Store.open(wait=…)` tries again this often (seconds).
_LOCK_POLL = 0.25
# Turn N-Triples into JSON-LD this many triples at a time, so rdflib never holds the whole graph.
_JSONLD_CHUNK = 20_000


class Change(Enum):
    """What `Store.put_document` did."""

    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True, order=True)
class StoredDocument:
    """A source file in the store: the graph its triples are in and the SHA-256 of the bytes they came from."""

    graph: rdflib.URIRef
    source: str
    sha256: str
    # When the graph's current triples were stored (ISO 8601, UTC) and by which kgraph version; None in a store
    # written before kgraph recorded them.
    stored: str | None = field(default=None, compare=False)
    version: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """What the store knows of one source file (`Store.sources`): its graph, the SHA-256 of the bytes it was
    built from, whether the graph still holds that build's triples (`current`: a second file mapping to the same
    graph may have replaced them), and the facts an incremental build compares (None in older stores)."""

    graph: str
    sha256: str
    current: bool
    size: int | None = None
    mtime_ns: int | None = None
    pipeline: str | None = None
    conforms: bool | None = None


@dataclass(frozen=True, slots=True)
class DocumentWrite:
    """One document graph to store, as the build's workers hand it over: `ntriples` is the graph as N-Triples lines
    written by `ntriples` (pyoxigraph's syntax, one triple a line, each ending in ' .', terms already checked: the
    bulk load does not check IRIs again); the rest is the source's record."""

    graph: str
    ntriples: bytes
    source: str
    sha256: str
    size: int | None = None
    mtime_ns: int | None = None
    pipeline: str | None = None
    conforms: bool | None = None


class Store:
    """A kgraph store folder. Open it with `Store.open`; use it as a context manager or call `close()`."""

    def __init__(self, path: Path, database: ox.Store, *, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self._db: ox.Store | None = database

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = False, read_only: bool = False,
             wait: float = 0, on_wait: Callable[[str], None] | None = None) -> Store:
        """Open the store in folder `path`; with `create`, make it if it does not exist yet.

        `read_only` opens a snapshot as of now that takes no lock, so queries and exports can run while a build
        writes; it sees none of that build's later changes. (pyoxigraph leaves reading alongside a writer
        formally undefined; RocksDB supports it, and a reader only ever sees committed transactions.)

        A writer needs the store's lock, which another build or a `kgraph serve --writable` may hold: it waits up
        to `wait` seconds for it (telling `on_wait` once that it waits), then gives up with a `StoreError` that
        says what holds it and what to do.
        """
        path = Path(path)
        _check_folder(path, create=create and not read_only)
        deadline = time.monotonic() + max(wait, 0)
        told = False
        while True:
            try:
                database = _open_read_only(path) if read_only else ox.Store(path)
                break
            except (OSError, RuntimeError) as err:
                if "lock" not in str(err).lower():
                    raise StoreError(f"{path}: cannot open the store: {err}") from None
                if time.monotonic() >= deadline:
                    waited = f" after waiting {wait:g} s" if wait > 0 else ""
                    longer = "a longer --wait" if wait > 0 else "--wait SECONDS to wait for it"
                    raise StoreError(
                        f"{path}: the store is in use by another process{waited} (a build still running, or a "
                        f"`kgraph serve --writable`, which holds it until it stops); stop it and try again, or give "
                        f"{longer}"
                    ) from None
                if not told and on_wait is not None:
                    on_wait(f"{path}: the store is in use by another process (a build, or a `kgraph serve "
                            f"--writable`); trying again for up to {wait:g} s")
                    told = True
                time.sleep(min(_LOCK_POLL, max(deadline - time.monotonic(), 0)))
        return cls(path, database, read_only=read_only)

    def close(self) -> None:
        """Release the store (and its lock). Calling it again does nothing."""
        if self._db is not None:
            if not self.read_only:
                # Committed changes are already safe in RocksDB's log; flushing them to table files just spares
                # the next opener replaying it. Failing that must not hide the error that ended a `with` block.
                with contextlib.suppress(OSError):
                    self._db.flush()
            # pyoxigraph has no close(): RocksDB closes, and frees its lock, when the last reference goes.
            self._db = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    # --- documents -------------------------------------------------------------------------------------------

    def put_document(self, graph: rdflib.URIRef, triples: rdflib.Graph, *, source: str, sha256: str) -> Change:
        """Make `graph` hold exactly `triples`, recorded as coming from file `source` with content hash `sha256`.

        UNCHANGED (and nothing written) when `source` was stored with the same hash and graph and the graph still
        holds those triples. Otherwise the source's previous graph is dropped (unless another source maps to
        it), `graph` is rewritten, and the result is ADDED for a new source or REPLACED.
        """
        return self.write_document(DocumentWrite(str(graph), ntriples(triples, source), source, sha256))

    def write_document(self, write: DocumentWrite) -> Change:
        """`put_document` for a graph given as N-Triples lines, with the record an incremental build keeps. One
        transaction. UNCHANGED also needs the same `pipeline` (a newer kgraph maps the same bytes anew)."""
        db = self._writable()
        name = _named_node(rdflib.URIRef(write.graph))
        if name == SOURCES_GRAPH:
            raise ValueError(f"{write.graph} is reserved for the store's bookkeeping")
        source = write.source
        previous = self._record(source)
        if previous is not None and self._unchanged(previous, write, name):
            return Change.UNCHANGED
        steps = []
        if previous is not None:
            steps.append(_forget_source(source))
            old_graph = ox.NamedNode(previous.graph)
            if old_graph != name and not self._other_sources(old_graph, source):
                steps.extend(_drop_graph(old_graph))
        steps.extend(_drop_graph(name))
        steps.append(_insert_document(name, write))
        self._update(db, steps, f"{source}: cannot store {write.graph}")
        return Change.ADDED if previous is None else Change.REPLACED

    def replace_graph(self, graph: str, lines: Iterable[bytes], source: str, *, chunk: int = 50_000) -> Change:
        """`write_document` for a large graph that changes little from one build to the next (the derived graphs:
        members' parties, the rollups, millions of triples at 100,000 documents), given as N-Triples lines in any
        order, duplicates allowed (`ntriples_lines`).

        The graph is never held in memory: its lines are sorted on disk (kgraph.sortedlines). Sorted, they give its
        digest, the sha256 of the lines `ntriples` would write, which says whether the graph changed; merged with
        the stored graph's sorted lines, they give the triples that differ, and only those are written: the ones
        gone `chunk` a transaction, the new ones bulk-loaded `chunk` at a time. The source's record is taken out
        before the first change and written last: a write killed in between leaves a graph without a record,
        which the next write compares and completes (never UNCHANGED). The graph may not have blank nodes (a
        stored blank node's label is not the one written, so no line would compare equal; kgraph mints IRIs for
        every node): one is refused before anything is written."""
        db = self._writable()
        name = _named_node(rdflib.URIRef(graph))
        if name == SOURCES_GRAPH:
            raise ValueError(f"{graph} is reserved for the store's bookkeeping")
        problem = f"{source}: cannot store {graph}"
        with tempfile.TemporaryFile(prefix="kgraph-graph-") as new, \
                tempfile.TemporaryFile(prefix="kgraph-gone-") as gone, \
                tempfile.TemporaryFile(prefix="kgraph-added-") as added:
            digest = hashlib.sha256()
            for line in sorted_unique(_checked_lines(lines, problem)):  # all of `lines` is read before this
                digest.update(line)
                new.write(line)
            write = DocumentWrite(graph, b"", source, digest.hexdigest())
            previous = self._record(source)
            if previous is not None and self._unchanged(previous, write, name):
                return Change.UNCHANGED
            new.seek(0)
            # Compared before anything is written: the stored graph is read whole (sorted) before the first line
            # of the difference is known.
            _difference(sorted_unique(self._ntriples_lines(name)), new, gone=gone, added=added)
            steps = [f"DELETE WHERE {{ GRAPH {SOURCES_GRAPH} {{ {name} {_CONTENT_SHA256} ?sha256 }} }}"]
            if previous is not None:
                steps.append(_forget_source(source))
                old_graph = ox.NamedNode(previous.graph)
                if old_graph != name and not self._other_sources(old_graph, source):
                    steps.extend(_drop_graph(old_graph))
            self._update(db, steps, problem)
            suffix = f" {name} .\n".encode()
            gone.seek(0)
            for lines_gone in _chunks(gone, chunk):
                self._remove_lines(db, name, lines_gone, problem)
            added.seek(0)
            for lines_added in _chunks(added, chunk):
                part = b"".join(lines_added)
                # Into the graph and into the default graph (the union), as every document's triples; bulk-loaded
                # like new documents (add_documents): written in transactions of 50,000 quads, the 10,000-document
                # store's rollups (206,000 triples) raised the writing process's peak RSS from 720 MB to 1,040 MB;
                # bulk-loaded, not at all.
                self._load(db, part + part.replace(b" .\n", suffix), problem, bulk=True)
        self._load(db, ox.serialize((ox.Quad(*terms) for terms in _record_quads(write)), format=ox.RdfFormat.N_QUADS),
                   problem)
        return Change.ADDED if previous is None else Change.REPLACED

    def _unchanged(self, previous: SourceRecord, write: DocumentWrite, name: ox.NamedNode) -> bool:
        """Whether `write` is what the store holds from its source already (and, if so, its file's new size and
        modification time are recorded)."""
        if ((previous.graph, previous.sha256) != (name.value, write.sha256) or not previous.current
                or previous.pipeline != write.pipeline):
            return False
        if (previous.size, previous.mtime_ns) != (write.size, write.mtime_ns):
            self.touch_source(write.source, size=write.size, mtime_ns=write.mtime_ns)
        return True

    def _ntriples_lines(self, graph: ox.NamedNode) -> Iterator[bytes]:
        """A graph's triples as the N-Triples lines `ntriples` writes (pyoxigraph's syntax: a triple's str), one
        at a time, in no order."""
        for quad in self._db_or_fail().quads_for_pattern(None, None, None, graph):
            yield f"{quad.triple} .\n".encode("utf-8")

    def _remove_lines(self, db: ox.Store, graph: ox.NamedNode, lines: list[bytes], problem: str) -> None:
        """Take N-Triples `lines` out of `graph`, and out of the union unless another graph still has them."""
        only_here = []
        for quad in ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES):
            s, p, o = quad.subject, quad.predicate, quad.object
            elsewhere = any(type(other.graph_name) is ox.NamedNode and other.graph_name != graph
                            for other in db.quads_for_pattern(s, p, o, None))
            if not elsewhere:
                only_here.append(quad)
        body = b"".join(lines).decode("utf-8")
        union = "".join(f"{quad.subject} {quad.predicate} {quad.object} .\n" for quad in only_here)
        self._update(db, [f"DELETE DATA {{\n{union}GRAPH {graph} {{\n{body}}}\n}}"], problem)

    @staticmethod
    def _load(db: ox.Store, nquads: bytes | None, problem: str, *, bulk: bool = False) -> None:
        try:
            if bulk:  # not a transaction, and the terms were checked when the lines were written (`ntriples`)
                db.bulk_load(nquads or b"", format=ox.RdfFormat.N_QUADS, lenient=True)
            else:
                db.load(nquads or b"", format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError) as err:
            raise StoreError(f"{problem}: {err}") from None

    def add_documents(self, writes: list[DocumentWrite]) -> None:
        """Store documents of sources the store has no record of: the fast path of a first build.

        The graphs are bulk-loaded (pyoxigraph's bulk loader writes table files directly: 2.9 s of CPU for 232,000
        quads on disk where one transactional `load` took 9.7 s, on this 2-core machine), then all their records
        in one transaction. A document is
        in the store once its record is: a build killed between the two leaves graphs without a record, which
        the next build finds and replaces like any other (`write_document`). A write whose source has a record,
        or two writes to one graph, are refused (StoreError) before anything is written.
        """
        db = self._writable()
        fresh: list[DocumentWrite] = []
        orphans: list[DocumentWrite] = []
        graphs: set[str] = set()
        for write in writes:
            name = _named_node(rdflib.URIRef(write.graph))
            if name == SOURCES_GRAPH or write.graph in graphs or self._record(write.source) is not None:
                raise StoreError(f"{write.source}: {write.graph} or its source is in the store already")
            graphs.add(write.graph)
            (orphans if db.contains_named_graph(name) else fresh).append(write)
        if fresh:
            payload = b"".join(_document_quads(write) for write in fresh)
            records = ox.serialize((ox.Quad(*terms) for write in fresh for terms in _record_quads(write)),
                                   format=ox.RdfFormat.N_QUADS)
            try:
                # Lenient: the lines were written from pyoxigraph's own terms (`ntriples`), checked then; not
                # checking every IRI again makes the load a fifth cheaper (7.2 against 9.1 s of CPU for 625,000
                # quads, this machine). Syntax is still checked.
                db.bulk_load(payload, format=ox.RdfFormat.N_QUADS, lenient=True)
                db.load(records, format=ox.RdfFormat.N_QUADS)
            except (OSError, SyntaxError, ValueError) as err:
                # The bulk loader may have written part of what it was given: take out all of it.
                self._update(db, [step for write in fresh for step in _drop_graph(ox.NamedNode(write.graph))],
                             "cannot clear a failed bulk load")
                sources = ", ".join(write.source for write in fresh[:3]) + (", …" if len(fresh) > 3 else "")
                raise StoreError(f"{sources}: cannot store the documents: {err}") from None
        for write in orphans:
            self.write_document(write)

    def touch_source(self, source: str, *, size: int | None, mtime_ns: int | None) -> None:
        """Record that `source`'s file now has this size and modification time (its bytes did not change)."""
        db = self._writable()
        for quad in db.quads_for_pattern(None, _PATH, ox.Literal(source), SOURCES_GRAPH):
            record = quad.subject
            steps = [f"DELETE WHERE {{ GRAPH {SOURCES_GRAPH} {{ {record} {p} ?v }} }}" for p in (_SIZE, _MTIME)]
            facts = " ".join(f"{record} {p} {_integer(v)} ." for p, v in ((_SIZE, size), (_MTIME, mtime_ns))
                             if v is not None)
            if facts:
                steps.append(f"INSERT DATA {{ GRAPH {SOURCES_GRAPH} {{ {facts} }} }}")
            self._update(db, steps, f"{source}: cannot update its record")

    def derived(self, key: str, basis: str) -> str | None:
        """The value `keep_derived` kept under `key`, if it was computed from `basis`; else None."""
        record = ox.NamedNode(_DERIVED + urllib.parse.quote(key, safe=""))
        db = self._db_or_fail()
        if _single(db, record, _BASIS) != ox.Literal(basis):
            return None
        value = _single(db, record, _VALUE)
        return value.value if isinstance(value, ox.Literal) else None

    def keep_derived(self, key: str, basis: str, value: str) -> None:
        """Keep `value`, computed from the store as `basis` describes it, under `key` (replacing what was kept)."""
        db = self._writable()
        record = ox.NamedNode(_DERIVED + urllib.parse.quote(key, safe=""))
        self._update(db, [f"DELETE WHERE {{ GRAPH {SOURCES_GRAPH} {{ {record} ?p ?o }} }}",
                          f"INSERT DATA {{ GRAPH {SOURCES_GRAPH} {{ {record} {_BASIS} {ox.Literal(basis)} ; "
                          f"{_VALUE} {ox.Literal(value)} }} }}"], f"cannot keep {key} in the store")

    def sources(self) -> dict[str, SourceRecord]:
        """Every source's record, by source (one query: what an incremental build compares files against)."""
        found = self._db_or_fail().query(
            f"SELECT ?path ?graph ?sha256 ?content ?size ?mtime ?pipeline ?conforms WHERE {{ GRAPH {SOURCES_GRAPH} "
            f"{{ ?r {_PATH} ?path ; {_GRAPH} ?graph ; {_SHA256} ?sha256 "
            f"OPTIONAL {{ ?graph {_CONTENT_SHA256} ?content }} OPTIONAL {{ ?r {_SIZE} ?size }} "
            f"OPTIONAL {{ ?r {_MTIME} ?mtime }} OPTIONAL {{ ?r {_PIPELINE} ?pipeline }} "
            f"OPTIONAL {{ ?r {_CONFORMS} ?conforms }} }} }}"
        )
        assert isinstance(found, ox.QuerySolutions)
        return {row["path"].value: _source_record(row) for row in found}

    def remove_source(self, source: str) -> bool:
        """Forget `source`, and its graph unless another source maps to it. False when it was not in the store."""
        db = self._writable()
        previous = self._record(source)
        if previous is None:
            return False
        steps = [_forget_source(source)]
        if not self._other_sources(ox.NamedNode(previous.graph), source):
            steps.extend(_drop_graph(ox.NamedNode(previous.graph)))
        self._update(db, steps, f"{source}: cannot remove it from the store")
        return True

    def documents(self) -> list[StoredDocument]:
        """Every stored source with its graph and hash, sorted by graph, then source."""
        found = self._db_or_fail().query(
            f"SELECT ?graph ?path ?sha256 ?stored ?version WHERE {{ GRAPH {SOURCES_GRAPH} "
            f"{{ ?r {_PATH} ?path ; {_GRAPH} ?graph ; {_SHA256} ?sha256 "
            f"OPTIONAL {{ ?r {_STORED} ?stored }} OPTIONAL {{ ?r {_VERSION} ?version }} }} }}"
        )
        assert isinstance(found, ox.QuerySolutions)
        return sorted(
            StoredDocument(rdflib.URIRef(row["graph"].value), row["path"].value, row["sha256"].value,
                           row["stored"].value if row["stored"] is not None else None,
                           row["version"].value if row["version"] is not None else None)
            for row in found
        )

    def document_graph(self, graph: rdflib.URIRef) -> rdflib.Graph:
        """The triples of one document graph, as a small in-memory rdflib graph (e.g. for per-document SHACL)."""
        result = rdflib.Graph(identifier=graph)
        result.addN((s, p, o, result) for s, p, o in self.graph_triples(graph))
        return result

    def graph_triples(self, graph: rdflib.URIRef) -> list[tuple[Node, Node, Node]]:
        """`document_graph`'s triples in rdflib terms, without the graph (each once: the store holds a set)."""
        # A graph names a few dozen IRIs hundreds of times: each is made an rdflib term once.
        iris: dict[str, rdflib.URIRef] = {}

        def term(node: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
            if type(node) is ox.NamedNode:
                found = iris.get(node.value)
                if found is None:
                    found = iris[node.value] = rdflib.URIRef(node.value)
                return found
            return _to_rdflib(node)

        return [(term(quad.subject), term(quad.predicate), term(quad.object))
                for quad in self._db_or_fail().quads_for_pattern(None, None, None, _named_node(graph))]

    def graph_sizes(self) -> list[tuple[str, int]]:
        """Each graph an nq export writes (the non-empty document graphs and the reference graph) with its number
        of triples, in IRI order (`kgraph.bulk` plans the parts of a split export from it)."""
        found = self._db_or_fail().query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?g)) } GROUP BY ?g")
        assert isinstance(found, ox.QuerySolutions)
        return sorted((row["g"].value, int(row["n"].value)) for row in found if row["g"] != SOURCES_GRAPH)

    def graph_nquads(self, graph: str) -> list[bytes]:
        """One graph's quads exactly as `export("nq")` writes them: sorted N-Quads lines, each ending in a newline."""
        node = ox.NamedNode(graph)
        suffix = f" {node} .\n".encode()
        return [line[:-2] + suffix for _, lines in self._graph_lines([node]) for line in lines]

    def has_blank_nodes(self, graph: str) -> bool:
        """Whether a triple of `graph` has a blank node (kgraph mints IRIs for every node it writes)."""
        found = self._db_or_fail().query(
            f"ASK {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }} }}")
        assert isinstance(found, ox.QueryBoolean)
        return bool(found)

    def triple_count(self) -> int:
        """Distinct triples over all documents (a triple in several documents counts once)."""
        found = self._db_or_fail().query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert isinstance(found, ox.QuerySolutions)
        return int(next(iter(found))["n"].value)

    # --- reading out -----------------------------------------------------------------------------------------

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL 1.1 query over all documents (their deduplicated union is the default graph).

        The prefixes of kgraph.vocab.PREFIXES need no PREFIX line. `GRAPH ?g { … }` reaches each document's own
        graph (and the bookkeeping graph <urn:kgraph:sources>); FROM and FROM NAMED pick document graphs.
        """
        with _query_errors():
            return _query_result(self._run(sparql))

    def solutions(self, sparql: str) -> Iterator[tuple[Cell | None, ...]]:
        """A SELECT query's solutions one at a time, as `query` gives them in `cells`: for whole-store reads whose
        results are larger than what is kept from them (kgraph.rollups, kgraph.link.memberships)."""
        with _query_errors():
            found = self._run(sparql)
            if not isinstance(found, ox.QuerySolutions):
                raise StoreError("solutions() needs a SELECT query")
            for solution in found:
                yield tuple(_cell(term) if term is not None else None for term in solution)

    def write_query(self, sparql: str, out: BinaryIO, choose: Callable[[ResultKind], str]) -> ResultKind:
        """Run `sparql` as `query` does and write its result to `out` in the format `choose` picks for its kind
        ("select", "ask", "graph"; see `kgraph.formats.query_format`, which raises `UsageError` for a kind the
        format cannot hold, before anything is written): SELECT and ASK in a W3C result format by pyoxigraph's
        writers, or kgraph's "table"; CONSTRUCT and DESCRIBE in an RDF format, each distinct triple once, sorted
        (as `export` writes: the same store gives the same bytes). Returns the kind."""
        with _query_errors():
            found = self._run(sparql)
            kind: ResultKind = (
                "ask" if isinstance(found, ox.QueryBoolean) else "graph" if isinstance(found, ox.QueryTriples)
                else "select"
            )
            fmt = choose(kind)
            if fmt == "table":
                out.write(format_result(_query_result(found), "table").encode("utf-8"))
            elif isinstance(found, ox.QueryTriples):
                nt = found.serialize(format=ox.RdfFormat.N_TRIPLES)
                assert nt is not None
                _write_triples(sorted(set(nt.splitlines())), rdf_format(fmt).name, out)
            else:
                writer = result_format(fmt).oxigraph
                assert writer is not None
                data = found.serialize(format=getattr(ox.QueryResultsFormat, writer))
                assert data is not None
                out.write(data if data.endswith(b"\n") else data + b"\n")
        return kind

    def _run(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        return self._db_or_fail().query(sparql, prefixes=dict(PREFIXES))

    def export(self, fmt: str, out: BinaryIO, progress: Progress | None = None) -> None:
        """Write all documents to `out` in an RDF format of `kgraph.formats` (a name or alias): ttl, nt, jsonld
        and rdfxml as one graph (their union, each triple once); nq and trig with one named graph per document.
        The same store content gives the same bytes. `progress` sees each graph (nq, trig) or step.

        Lines are sorted in memory, so an export needs about as much memory as its N-Triples take on disk.
        """
        name = normalise(fmt, EXPORT_FORMATS, "export format")
        if name in ("nq", "trig"):
            graphs = self._graph_names()
            if progress is not None:
                progress.extend(len(graphs))
            (self._export_nq if name == "nq" else self._export_trig)(out, graphs, progress)
            return
        if progress is not None:
            progress.extend(2)
        lines = self._union_lines()
        if progress is not None:
            progress.advance(f"{len(lines):,} triples read")
        _write_triples(lines, name, out)
        if progress is not None:
            progress.advance("written")

    def snapshot_without_bookkeeping(self, target: Path) -> None:
        """Write the store as it is now to the new folder `target`, leaving out the bookkeeping graph (the source
        files' local paths and hashes): what `kgraph serve` serves, so that its clients never read those.

        RocksDB makes the copy as a checkpoint: hard links to the store's files where `target` is on the same file
        system (measured with the graph dropped: 260 KB of new files and 0.15 s for a 39 MB store of 200,000
        triples), copies elsewhere. Works on a read-only store. The copy is a store of its own; dropping the
        graph there leaves this store as it was.
        """
        self._db_or_fail().backup(str(target))
        copy = ox.Store(str(target))
        copy.remove_graph(SOURCES_GRAPH)
        copy.flush()
        del copy  # pyoxigraph has no close(): RocksDB closes, and frees the copy's lock, with the last reference

    def _export_nq(self, out: BinaryIO, graphs: list[ox.NamedNode], progress: Progress | None) -> None:
        for graph, lines in self._graph_lines(graphs, progress):
            suffix = f" {graph} .\n".encode()
            out.write(b"".join(line[:-2] + suffix for line in lines))  # '<s> <p> <o> .' -> '<s> <p> <o> <g> .'

    def _export_trig(self, out: BinaryIO, graphs: list[ox.NamedNode], progress: Progress | None) -> None:
        def quads() -> Iterator[ox.Quad]:
            for graph, lines in self._graph_lines(graphs, progress):
                for quad in ox.parse(b"\n".join(lines), ox.RdfFormat.N_TRIPLES):
                    yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)

        ox.serialize(quads(), out, ox.RdfFormat.TRIG, prefixes=dict(PREFIXES))

    def _union_lines(self) -> list[bytes]:
        """The default graph (the union of all documents) as sorted N-Triples lines."""
        dumped = self._db_or_fail().dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        assert dumped is not None
        return sorted(dumped.splitlines())

    def _graph_names(self) -> list[ox.NamedNode]:
        """The document graphs (and the reference graph), in IRI order."""
        return sorted(
            (g for g in self._db_or_fail().named_graphs() if isinstance(g, ox.NamedNode) and g != SOURCES_GRAPH),
            key=lambda g: g.value,
        )

    def _graph_lines(self, names: list[ox.NamedNode], progress: Progress | None = None
                     ) -> Iterator[tuple[ox.NamedNode, list[bytes]]]:
        """Each of the graphs `names`, with its sorted N-Triples lines (`progress` sees each)."""
        db = self._db_or_fail()
        for name in names:
            dumped = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
            assert dumped is not None
            if dumped:
                yield name, sorted(dumped.splitlines())
            if progress is not None:
                progress.advance(name.value.rsplit("/", 1)[-1])

    # --- internals -------------------------------------------------------------------------------------------

    def _db_or_fail(self) -> ox.Store:
        if self._db is None:
            raise StoreError(f"{self.path}: the store is closed")
        return self._db

    def _writable(self) -> ox.Store:
        db = self._db_or_fail()
        if self.read_only:
            raise StoreError(f"{self.path}: the store was opened read-only")
        return db

    def _record(self, source: str) -> SourceRecord | None:
        """What the store records for `source`."""
        db = self._db_or_fail()
        for quad in db.quads_for_pattern(None, _PATH, ox.Literal(source), SOURCES_GRAPH):
            record = quad.subject
            assert not isinstance(record, ox.Triple)
            graph = _single(db, record, _GRAPH)
            sha256 = _single(db, record, _SHA256)
            if isinstance(graph, ox.NamedNode) and isinstance(sha256, ox.Literal):
                size, mtime, pipeline, conforms = (_single(db, record, p) for p in (_SIZE, _MTIME, _PIPELINE, _CONFORMS))
                return SourceRecord(
                    graph.value, sha256.value, self._content_sha256(graph) == sha256.value,
                    size=_int_or_none(size), mtime_ns=_int_or_none(mtime),
                    pipeline=pipeline.value if isinstance(pipeline, ox.Literal) else None,
                    conforms=conforms.value == "true" if isinstance(conforms, ox.Literal) else None,
                )
        return None

    def _content_sha256(self, graph: ox.NamedNode) -> str | None:
        found = _single(self._db_or_fail(), graph, _CONTENT_SHA256)
        return found.value if isinstance(found, ox.Literal) else None

    def _other_sources(self, graph: ox.NamedNode, source: str) -> bool:
        """Whether a source other than `source` maps to `graph`."""
        db = self._db_or_fail()
        for quad in db.quads_for_pattern(None, _GRAPH, graph, SOURCES_GRAPH):
            record = quad.subject
            assert not isinstance(record, ox.Triple)
            path = _single(db, record, _PATH)
            if path is not None and path.value != source:
                return True
        return False

    @staticmethod
    def _update(db: ox.Store, steps: list[str], problem: str) -> None:
        try:
            db.update(" ;\n".join(steps))
        except (OSError, SyntaxError, ValueError) as err:
            raise StoreError(f"{problem}: {err}") from None


# --- writing triples -------------------------------------------------------------------------------------------


def _write_triples(lines: list[bytes], fmt: str, out: BinaryIO) -> None:
    """Sorted, distinct N-Triples `lines` (one graph) to `out` in the RDF format `fmt` (a canonical name of
    `kgraph.formats`): N-Triples as they are, JSON-LD compacted by rdflib against kgraph's @context, the others
    by pyoxigraph's writers. nq and trig write the triples in the default graph."""
    if fmt in ("nt", "nq"):
        out.write(b"".join(line + b"\n" for line in lines))  # an N-Triples line is an N-Quads line of the default graph
    elif fmt == "jsonld":
        _write_json_ld(lines, out)
    else:
        # Sorted input makes pyoxigraph's writers deterministic and groups each subject's triples (';').
        triples = (quad.triple for quad in ox.parse(b"\n".join(lines), ox.RdfFormat.N_TRIPLES))
        writer = getattr(ox.RdfFormat, rdf_format(fmt).oxigraph)
        prefixes = dict(PREFIXES) if fmt in ("ttl", "trig", "rdfxml") else None
        ox.serialize(triples, out, writer, prefixes=prefixes)


def _write_json_ld(lines: list[bytes], out: BinaryIO) -> None:
    # pyoxigraph 0.5 writes only expanded JSON-LD (it ignores `prefixes` there), so rdflib compacts against
    # kgraph's @context, a chunk of whole subjects at a time: rdflib's writer holds its input in memory.
    context = jsonld_context()
    header = _json(context, indent=2, sort_keys=False).replace(b"\n", b"\n  ")
    out.write(b'{\n  "@context": ' + header + b',\n  "@graph": [')
    first = True
    for chunk in _subject_chunks(lines, _JSONLD_CHUNK):
        for node in _compacted_nodes(chunk, context):
            out.write((b"\n    " if first else b",\n    ") + _json(node))
            first = False
    out.write(b"\n  ]\n}\n")


@contextlib.contextmanager
def _query_errors() -> Iterator[None]:
    """pyoxigraph's errors of a query (parsing it, running it, writing its result) as `QueryError`s."""
    try:
        yield
    except SyntaxError as err:
        raise QueryError(f"invalid SPARQL: {err}") from None
    except (OSError, ValueError, RuntimeError) as err:
        raise QueryError(f"the query failed: {err}") from None


# --- opening ---------------------------------------------------------------------------------------------------


def _check_folder(path: Path, *, create: bool) -> None:
    """Refuse what is not a store before pyoxigraph sees it: it would turn any folder into a new, empty store."""
    if not path.exists():
        if create:
            return
        raise StoreError(f"{path}: no store here; run `kgraph build FILES… --store {path}` first")
    if not path.is_dir():
        raise StoreError(f"{path}: not a store (it is a file, not a folder)")
    if (path / _MARKER).is_file():
        return
    if any(path.iterdir()):
        raise StoreError(f"{path}: not a kgraph store (the folder holds other files); choose another --store folder")
    if not create:
        raise StoreError(f"{path}: no store here (empty folder); run `kgraph build FILES… --store {path}` first")


def _open_read_only(path: Path) -> ox.Store:
    """A read-only snapshot, retried while a writer moves files: RocksDB can list a table file in its manifest
    that a concurrent flush has just replaced. Measured: opening right after a writer's first commit failed 30
    times in 40 with "Corruption: … .sst: No such file or directory"; every retry within 0.1 s succeeded."""
    for attempt in range(_READ_ONLY_ATTEMPTS):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as err:
            if "corruption" not in str(err).lower() or attempt == _READ_ONLY_ATTEMPTS - 1:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


# --- SPARQL updates --------------------------------------------------------------------------------------------
# Terms are written with pyoxigraph's str(), which gives N-Triples syntax that SPARQL accepts, escapes included.


def _checked_lines(lines: Iterable[bytes], problem: str) -> Iterator[bytes]:
    """The lines of a graph written by difference (`Store.replace_graph`), each ending with a newline; a
    StoreError for one with a blank node."""
    for line in lines:
        if not line.strip():
            continue
        if line.startswith(b"_:") or _BLANK_OBJECT.search(line):
            raise StoreError(f"{problem}: a blank node in a graph written by difference: {line!r}")
        yield line if line.endswith(b"\n") else line + b"\n"


def _difference(old: Iterator[bytes], new: Iterable[bytes], *, gone: BinaryIO, added: BinaryIO) -> None:
    """Two sorted streams of distinct lines compared in one pass: the lines only in `old` are written to `gone`,
    those only in `new` to `added`."""
    new_lines = iter(new)
    before, after = next(old, None), next(new_lines, None)
    while before is not None or after is not None:
        if after is None or (before is not None and before < after):
            gone.write(before)  # type: ignore[arg-type]  # not None: `after` is, or sorts later
            before = next(old, None)
        elif before is None or after < before:
            added.write(after)
            after = next(new_lines, None)
        else:
            before, after = next(old, None), next(new_lines, None)


def _chunks(lines: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    """`lines` in lists of at most `size` (at least one)."""
    iterator = iter(lines)
    while chunk := list(itertools.islice(iterator, max(1, size))):
        yield chunk


# A line whose object is a blank node: N-Triples ends a literal with '"', a language tag or a datatype IRI, never
# with a blank node label after a space.
_BLANK_OBJECT = re.compile(rb' _:[^\s"<>]+ \.\n?\Z')


def _drop_graph(graph: ox.NamedNode) -> list[str]:
    """Steps that empty `graph` and take its triples out of the union unless another graph still has them."""
    return [
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {graph}) }} }}",
        f"DROP SILENT GRAPH {graph}",
        f"DELETE WHERE {{ GRAPH {SOURCES_GRAPH} {{ {graph} {_CONTENT_SHA256} ?sha256 }} }}",
    ]


def _forget_source(source: str) -> str:
    return f"DELETE WHERE {{ GRAPH {SOURCES_GRAPH} {{ ?r {_PATH} {ox.Literal(source)} ; ?p ?o }} }}"


def _insert_document(graph: ox.NamedNode, write: DocumentWrite) -> str:
    # bytes.splitlines: str.splitlines would also split at U+0085 and U+2028 inside a literal.
    body = " .\n".join(line[:-2].decode("utf-8") for line in write.ntriples.splitlines() if line)
    record = " .\n".join(f"{s} {p} {o}" for s, p, o, _ in _record_quads(write))
    # The document's triples go into its graph and into the default graph (the union) alike.
    return f"INSERT DATA {{\n{body}\nGRAPH {graph} {{\n{body}\n}}\nGRAPH {SOURCES_GRAPH} {{ {record} }}\n}}"


def _document_quads(write: DocumentWrite) -> bytes:
    """A document's triples as N-Quads: each in the default graph (the union) and in the document's own graph."""
    # Every line ends with " .\n" (`ntriples`), and nowhere else: N-Triples escapes a newline inside a literal.
    lines = write.ntriples if write.ntriples.endswith(b"\n") or not write.ntriples else write.ntriples + b"\n"
    return lines + lines.replace(b" .\n", f" {ox.NamedNode(write.graph)} .\n".encode())


def _record_quads(write: DocumentWrite) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal, ox.NamedNode]]:
    """The source's record (in SOURCES_GRAPH): where it came from, its hash, when and by what it was stored."""
    record = ox.NamedNode(_RECORD + hashlib.sha256(write.source.encode("utf-8")).hexdigest())
    graph = ox.NamedNode(write.graph)
    stored = ox.Literal(datetime.now(timezone.utc).isoformat(timespec="seconds"), datatype=_XSD_DATETIME)
    facts: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (_PATH, ox.Literal(write.source)), (_GRAPH, graph), (_SHA256, ox.Literal(write.sha256)),
        (_STORED, stored), (_VERSION, ox.Literal(_kgraph_version())),
    ]
    if write.size is not None:
        facts.append((_SIZE, ox.Literal(str(write.size), datatype=_XSD_INTEGER)))
    if write.mtime_ns is not None:
        facts.append((_MTIME, ox.Literal(str(write.mtime_ns), datatype=_XSD_INTEGER)))
    if write.pipeline is not None:
        facts.append((_PIPELINE, ox.Literal(write.pipeline)))
    if write.conforms is not None:
        facts.append((_CONFORMS, ox.Literal("true" if write.conforms else "false", datatype=_XSD_BOOLEAN)))
    for predicate, value in facts:
        yield record, predicate, value, SOURCES_GRAPH
    yield graph, _CONTENT_SHA256, ox.Literal(write.sha256), SOURCES_GRAPH


def _source_record(row: ox.QuerySolution) -> SourceRecord:
    def value(name: str) -> str | None:
        term = row[name]
        return None if term is None else term.value

    conforms = value("conforms")
    return SourceRecord(
        value("graph") or "", value("sha256") or "", value("content") == value("sha256"),
        size=_int_or_none(row["size"]), mtime_ns=_int_or_none(row["mtime"]), pipeline=value("pipeline"),
        conforms=None if conforms is None else conforms == "true",
    )


def _int_or_none(term: object) -> int | None:
    if isinstance(term, ox.Literal):
        try:
            return int(term.value)
        except ValueError:
            return None
    return None


def _integer(value: int | None) -> str:
    return str(ox.Literal(str(value), datatype=_XSD_INTEGER))


def ntriples(triples: Iterable[tuple[Node, Node, Node]], source: str) -> bytes:
    """`triples` as sorted N-Triples lines in pyoxigraph's syntax, each once (what `DocumentWrite.ntriples`
    holds); a StoreError naming `source` for a triple the store cannot hold."""
    # Bytes a line, sorted as bytes (UTF-8 keeps code point order): a graph is held once as lines and once joined,
    # not a third time as one str.
    return b"".join(sorted(set(ntriples_lines(triples, source))))


#: How many IRIs `ntriples_lines` remembers the syntax of before it starts again: a document's few dozen always
#: fit, and a derived graph of millions of distinct IRIs (its tallies) does not grow the cache beyond this.
_WRITTEN_IRIS = 10_000


def ntriples_lines(triples: Iterable[tuple[Node, Node, Node]], source: str) -> Iterator[bytes]:
    """`triples` as N-Triples lines in pyoxigraph's syntax, one at a time, in their order (a triple given twice
    gives its line twice); a StoreError naming `source` for a triple the store cannot hold."""
    # A document names a few dozen IRIs hundreds of times (its own, its predicates and classes): each is checked
    # and written by pyoxigraph once (half of this function's time was spent converting the same IRIs again).
    written: dict[Node, str] = {}

    def term(node: Node) -> str:
        found = written.get(node) if type(node) is rdflib.URIRef else None
        if found is None:
            found = str(_to_ox(node))
            if type(node) is rdflib.URIRef:
                if len(written) >= _WRITTEN_IRIS:
                    written.clear()
                written[node] = found
        return found

    for s, p, o in triples:
        try:
            line = f"{term(s)} {term(p)} {term(o)} .\n".encode("utf-8")
        except ValueError as err:
            raise StoreError(f"{source}: cannot store the triple ({s.n3()} {p.n3()} {o.n3()}): {err}") from None
        if not isinstance(p, rdflib.URIRef) or isinstance(s, rdflib.Literal):
            raise StoreError(f"{source}: not an RDF triple: ({s.n3()} {p.n3()} {o.n3()})")
        yield line


@functools.cache
def _kgraph_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kgraph")
    except PackageNotFoundError:
        return "0+unknown"


# --- terms -----------------------------------------------------------------------------------------------------


def _to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        # A label of our own: always valid, and never the bookkeeping record's `_:record` in the same update.
        return ox.BlankNode("b" + hashlib.sha1(str(term).encode("utf-8")).hexdigest())
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ValueError(f"unsupported RDF term {term!r}")


def _to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> rdflib.term.Identifier:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # rdflib tells "x" from "x"^^xsd:string; N-Triples (and kgraph's mapping) write plain strings.
        return rdflib.Literal(term.value, datatype=None if datatype == _XSD_STRING else rdflib.URIRef(datatype))
    raise StoreError(f"unsupported RDF term in the store: {term}")


def _named_node(iri: rdflib.URIRef) -> ox.NamedNode:
    try:
        return ox.NamedNode(str(iri))
    except ValueError as err:
        raise StoreError(f"not a valid graph IRI {str(iri)!r}: {err}") from None


def _single(
    db: ox.Store, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode
) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    for quad in db.quads_for_pattern(subject, predicate, None, SOURCES_GRAPH):
        obj = quad.object
        return None if isinstance(obj, ox.Triple) else obj
    return None


# --- query results ---------------------------------------------------------------------------------------------


def _query_result(found: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    if isinstance(found, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(found))
    if isinstance(found, ox.QueryTriples):
        nt = found.serialize(format=ox.RdfFormat.N_TRIPLES)
        assert nt is not None
        lines = sorted(set(nt.splitlines()))  # a CONSTRUCT may repeat a triple; a graph has it once
        text = b"".join(line + b"\n" for line in lines)
        cells = tuple(
            tuple(_cell(term) for term in quad.triple) for quad in ox.parse(text, ox.RdfFormat.N_TRIPLES)
        )
        return QueryResult(kind="graph", variables=TRIPLE_VARIABLES, cells=cells, triples=text.decode("utf-8"))
    variables = tuple(variable.value for variable in found.variables)
    rows = tuple(tuple(_cell(term) if term is not None else None for term in solution) for solution in found)
    return QueryResult(kind="select", variables=variables, cells=rows)


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Cell:
    if isinstance(term, ox.NamedNode):
        return Cell(term.value, "uri")
    if isinstance(term, ox.BlankNode):
        return Cell(term.value, "bnode")
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        plain = term.language is not None or datatype in (_XSD_STRING, _RDF_LANG_STRING)
        return Cell(term.value, "literal", datatype=None if plain else datatype, lang=term.language)
    return Cell(str(term), "literal")  # an RDF-star quoted triple, shown in Turtle-star syntax


# --- JSON-LD ---------------------------------------------------------------------------------------------------


def _subject_chunks(lines: list[bytes], size: int) -> Iterator[list[bytes]]:
    """Sorted N-Triples lines in chunks of about `size`, never splitting one subject's triples."""
    start = 0
    while start < len(lines):
        end = min(start + size, len(lines))
        subject = _subject_of(lines[end - 1])
        while end < len(lines) and _subject_of(lines[end]) == subject:
            end += 1
        yield lines[start:end]
        start = end


def _subject_of(line: bytes) -> bytes:
    return line.split(b" ", 1)[0]


def _compacted_nodes(lines: list[bytes], context: dict[str, Any]) -> list[dict[str, Any]]:
    graph = rdflib.Graph()
    for quad in ox.parse(b"\n".join(lines), ox.RdfFormat.N_TRIPLES):
        graph.add((_to_rdflib(quad.subject), _to_rdflib(quad.predicate), _to_rdflib(quad.object)))
    compacted = json.loads(graph.serialize(format="json-ld", context=context))
    nodes: list[dict[str, Any]] = compacted.get("@graph", [compacted])
    for node in nodes:
        node.pop("@context", None)
    # rdflib visits subjects in set order, which Python seeds per process; values come in insertion order,
    # which the sorted input fixes. Sorting the nodes makes the output the same in every run.
    return sorted(nodes, key=lambda node: str(node.get("@id", node.get("id", ""))))


def _json(value: Any, *, indent: int | None = None, sort_keys: bool = True) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, indent=indent).encode("utf-8")
