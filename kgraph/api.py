"""The library's verbs, as `import kgraph` offers them and as the command line calls them.

    read -> extract -> link -> to_graph -> validate -> build (into a Store) -> query / export / tables

Each verb takes paths as `str` or `os.PathLike`, and a `base` IRI where instance IRIs are minted (default
https://w3id.org/kgraph/id/). Errors are `kgraph.errors.KgraphError`s that name the file and the problem;
`extract_all` and `build` report a failed document as a `Failed` result and go on with the others.

>>> document = extract("seeds/002_306e882e6c2994f3.txt")
>>> document.kind.value, len(document.questions), [asker.name for asker in document.askers]
('questions', 7, ['Bontenbal', 'Krul', 'Boswijk'])
>>> graph = to_graph(link(document))
>>> validate(graph).conforms
True
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from kgraph.build import BuildSummary, Failed, Result
from kgraph.link.model import LinkedDocument
from kgraph.limits import DEFAULT_LIMITS, Limits
from kgraph.link.stage import Linker
from kgraph.mint import DEFAULT_BASE, Minter
from kgraph.model import Document, SourceText
from kgraph.read import Survey, survey
from kgraph.store import Store
from kgraph.validate import ValidationReport

if TYPE_CHECKING:
    from kgraph.progress import Progress

__all__ = [
    "Extraction",
    "Failed",
    "build",
    "extract",
    "extract_all",
    "link",
    "read",
    "to_graph",
    "to_record",
    "validate",
]

PathLike = str | os.PathLike[str]


def read(path: PathLike) -> SourceText:
    """One file as text plus layout hints (the reader is chosen by the file's suffix: .txt, .md, .pdf, .docx,
    KOOP .xml and .html). Raises `ReadError` naming the file and the problem.

    >>> source = read("seeds/002_306e882e6c2994f3.txt")
    >>> source.format, source.sha256[:12]
    ('text', 'c583981faad7')
    """
    from kgraph.read import read as read_file

    return read_file(Path(path))


def extract(source: SourceText | PathLike) -> Document:
    """The typed record of one document: a `SourceText` from `read`, or a path (then read first).

    >>> extract("seeds/000_87f1ffdd0d299fdc.txt").kind.value
    'answer'
    """
    from kgraph.extract import extract as extract_document

    return extract_document(source if isinstance(source, SourceText) else read(source))


def link(document: Document, *, base: str = DEFAULT_BASE) -> LinkedDocument:
    """The document with every node it names decided: askers, answerers, parties, posts, ministries, its case and
    the pages it cites, each link with the rule that made it and its confidence. The reference data is loaded
    once per `base` and process.

    >>> linked = link(extract("seeds/002_306e882e6c2994f3.txt"))
    >>> linked.askers[0].person.label
    'Henri Bontenbal'
    """
    return _linker(base).link(document)


def to_graph(document: Document | LinkedDocument, *, base: str = DEFAULT_BASE) -> Graph:
    """The document's triples, in an rdflib graph named by the document's IRI. A `LinkedDocument` (from `link`)
    names the shared nodes the links decided; a bare `Document` gets nodes from what it prints alone, under `base`.

    >>> graph = to_graph(extract("seeds/002_306e882e6c2994f3.txt"))
    >>> str(graph.identifier)
    'https://w3id.org/kgraph/id/doc/sha256-c583981faad7c741'
    """
    from kgraph.rdf import document_graph

    if isinstance(document, LinkedDocument):
        return document_graph(document)
    return document_graph(document, _minter(base))


def to_record(document: Document | LinkedDocument, *, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The JSON record of the document (the contract of kgraph/data/record.schema.json); of a `LinkedDocument`,
    with the IRIs and links of the linking stage.

    >>> to_record(extract("seeds/002_306e882e6c2994f3.txt"))["references"]["zaken"]
    ['2025Z10261']
    """
    from kgraph.record import to_record as record_of

    if isinstance(document, LinkedDocument):
        return record_of(document)
    return record_of(document, minter=_minter(base))


def validate(data: Graph | Store | PathLike | bytes, *, input_format: str | None = None,
             progress: Progress | None = None) -> ValidationReport:
    """SHACL validation against kgraph's shapes, of an rdflib graph, of a store (each document's graph on its
    own, as `kgraph validate` does), or of RDF: a file (format from `input_format`, a name of `kgraph.formats`,
    else its suffix) or bytes (Turtle unless `input_format` says otherwise). The named graphs of a store or of an
    N-Quads, TriG or JSON-LD file are validated one by one into one report whose results name their graph;
    `progress` (`kgraph.progress`) sees each one. Violations are results in the report, never exceptions.

    >>> from rdflib import Graph
    >>> validate(Graph()).conforms
    True
    >>> validate(b'<https://example.org/a> <https://example.org/b> "x" .', input_format="nt").conforms
    True
    """
    from kgraph.validate import validate_graph, validate_graphs, validate_store

    if isinstance(data, Store):
        return validate_store(data, progress)
    if isinstance(data, Graph):
        return validate_graph(data)
    from kgraph.formats import input_format as format_of
    from kgraph.serialize import parse_graphs

    if isinstance(data, bytes):
        return validate_graphs(parse_graphs(data, format_of(None, input_format, default="ttl")), progress)
    path = Path(data)
    return validate_graphs(parse_graphs(path, format_of(path, input_format)), progress)


def build(
    paths: PathLike | Iterable[PathLike] | Survey,
    store: Store | PathLike,
    *,
    base: str = DEFAULT_BASE,
    on_result: Callable[[Result], None] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    follow_symlinks: bool = False,
    jobs: int = 1,
    prune: bool = False,
    on_store_step: Callable[[str], None] | None = None,
) -> BuildSummary:
    """Read, extract, link, map and validate every document under `paths` (files or folders, recursively) into
    `store`: an open `Store`, or a store folder (created when missing, closed afterwards). Each document is one
    named graph; building the same input again changes nothing (unchanged files are not read again). `on_result`
    sees each document's result as it comes (`Built`, `Unchanged` or `Failed`, for progress); failures are in the
    summary. Each document is worked on in one of `jobs` child processes within `limits` (`kgraph.limits`); the
    store's content is the same for any `jobs`. `prune` removes the documents of recorded files that are gone.
    `paths` may be what `kgraph.read.survey` found, and `follow_symlinks` is passed to it. After the documents
    come the whole store's steps (`kgraph.build.STORE_STEPS`); `on_store_step` is told the name of each when done.

    >>> import tempfile
    >>> with Store.open(Path(tempfile.mkdtemp()) / "store", create=True) as store:
    ...     summary = build("seeds/", store)
    >>> summary.documents, summary.questions, summary.conforms
    (2, 16, True)
    """
    from kgraph.build import build as run_build

    found = paths if isinstance(paths, Survey) else survey(_paths(paths), follow_symlinks=follow_symlinks)
    minter = _minter(base)
    linker = functools.partial(_linker, base)  # loaded only if some file is to be worked on
    report = on_result or (lambda result: None)
    step = on_store_step or (lambda name: None)
    if isinstance(store, Store):
        return run_build(found, store, linker, on_result=report, limits=limits, jobs=jobs, prune=prune, minter=minter,
                         on_store_step=step)
    with Store.open(Path(store), create=True) as opened:
        return run_build(found, opened, linker, on_result=report, limits=limits, jobs=jobs, prune=prune,
                         minter=minter, on_store_step=step)


def _paths(paths: PathLike | Iterable[PathLike]) -> list[Path]:
    return [Path(paths)] if isinstance(paths, (str, os.PathLike)) else [Path(path) for path in paths]


@dataclass(frozen=True, slots=True)
class Extraction:
    """One document read and extracted (and linked, unless asked not to): what `kgraph extract` prints."""

    path: Path
    document: Document
    linked: LinkedDocument | None
    base: str = DEFAULT_BASE

    def record(self) -> dict[str, Any]:
        """The JSON record."""
        return to_record(self.linked or self.document, base=self.base)

    def graph(self) -> Graph:
        """The document's triples."""
        return to_graph(self.linked or self.document, base=self.base)


def extract_all(
    paths: PathLike | Iterable[PathLike] | Survey, *, linked: bool = True, base: str = DEFAULT_BASE,
    limits: Limits = DEFAULT_LIMITS, follow_symlinks: bool = False,
) -> Iterator[Extraction | Failed]:
    """Every document under `paths` (files or folders, recursively, in sorted order), extracted and (unless
    `linked` is false) linked; a document that cannot be read or parsed is a `Failed` naming the file and the
    problem, and the others still come. As in `build`, each document is worked on in a child process within
    `limits`, and `paths` may be what `kgraph.read.survey` found.

    >>> [type(result).__name__ for result in extract_all(["seeds/", "no/such.txt"], linked=False)]
    ['Extraction', 'Extraction', 'Failed']
    """
    from kgraph.build import extract_files
    from kgraph.display import path_shown

    _minter(base)  # an invalid base is a usage error before any file is read
    found = paths if isinstance(paths, Survey) else survey(_paths(paths), follow_symlinks=follow_symlinks)
    for refused in found.refused:
        yield Failed(refused.path, f"{path_shown(refused.path)}: {refused.reason}")
    if not found.files:
        return
    for result in extract_files(found.files, _linker(base) if linked else None, limits):
        yield result if isinstance(result, Failed) else Extraction(result.path, result.document, result.linked, base)


def _minter(base: str) -> Minter:
    """The minter of `base`; a `UsageError` when it is not a base IRI."""
    from kgraph.errors import UsageError

    try:
        return Minter(base)
    except ValueError as err:
        raise UsageError(str(err)) from None


@functools.lru_cache(maxsize=4)
def _linker(base: str) -> Linker:
    # The case index and the people it names take a while to load; every document of a process shares them.
    return Linker.load(_minter(base))
