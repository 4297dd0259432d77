"""The build pipeline: files -> store, one document at a time.

    read -> extract -> link -> map to triples -> validate -> store

`process` is a pure function of one file, so builds can later run in parallel and incrementally; `build` only
feeds it files and puts results into the store. One bad document never stops the others: whatever goes wrong
with it (kgraph's own errors, a limit of `kgraph.limits`, any other exception) becomes a `Failed` result, and
`build` runs `process` in a worker process (`kgraph.worker`) that is stopped when a document takes too long or
too much memory.
"""

from __future__ import annotations

import gc
import hashlib
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from rdflib import Graph

from kgraph.display import path_shown, shown
from kgraph.errors import KgraphError
from kgraph.extract import extract
from kgraph.limits import DEFAULT_LIMITS, OPTIONS, Limits, exceeded
from kgraph.link.memberships import put_memberships
from kgraph.link.model import LinkedDocument
from kgraph.link.reference import reference_graph
from kgraph.mint import Minter
from kgraph.link.stage import LinkCounts, Linker
from kgraph.model import Document, SourceText
from kgraph.rdf import document_graph
from kgraph.read import Survey, Unread, read, reader_for, survey
from kgraph.store import Change, Store
from kgraph.validate import ValidationReport, validate_graph
from kgraph.worker import Stopped, Worker


@dataclass(frozen=True, slots=True)
class Processed:
    path: Path
    document: Document
    links: LinkedDocument
    graph: Graph
    report: ValidationReport


@dataclass(frozen=True, slots=True)
class Failed:
    """A document that was not built: `error` is one printable line naming the file and the problem; `detail` is
    the traceback of an internal error (a bug, or a file that found one), for `--debug`."""

    path: Path
    error: str
    detail: str | None = None


def process(path: Path, linker: Linker, limits: Limits = DEFAULT_LIMITS) -> Processed | Failed:
    """One file through read, extract, link, map and validate. Errors become `Failed`, never exceptions: kgraph's
    own errors as they are, any other exception as an internal error naming its class."""

    def work() -> Processed:
        document = extract(read(path, limits))
        links = linker.link(document)
        graph = _graph(path, links, limits)
        return Processed(path, document, links, graph, validate_graph(graph))

    return contained(path, work)


@dataclass(frozen=True, slots=True)
class Extracted:
    """`kgraph extract`'s part of `process` for one file: the record, linked when a linker was given."""

    path: Path
    document: Document
    linked: LinkedDocument | None


def extract_file(path: Path, linker: Linker | None, limits: Limits = DEFAULT_LIMITS) -> Extracted | Failed:
    """`process` up to the record: read, extract and, with a `linker`, link."""

    def work() -> Extracted:
        document = extract(read(path, limits))
        return Extracted(path, document, linker.link(document) if linker is not None else None)

    return contained(path, work)


def extract_files(paths: Iterable[Path], linker: Linker | None, limits: Limits = DEFAULT_LIMITS
                  ) -> Iterator[Extracted | Failed]:
    """`extract_file` on each path, in order, in a worker process within the time and memory limits."""
    paths = list(paths)
    warm_up(paths)
    task = partial(extract_file, linker=linker, limits=limits)
    with Worker(task, seconds=limits.seconds, memory_bytes=limits.memory_bytes, recycle=_needs_a_fresh_worker) as worker:
        for _, outcome in worker.map(paths):
            yield _failed(outcome) if isinstance(outcome, Stopped) else outcome


#: Two documents of a few lines, worked on before the worker process is forked, so that what every document needs
#: and the first one would load (the readers of the formats at hand; the SPARQL constraints of the shapes, parsed
#: once: ~3 s) is loaded once, shared by the worker and any that replaces it, and not timed as a document's work.
_WARM_UP = (
    "Vragen van het lid Jansen (CDA) aan de minister van Financiën over de begroting (ingezonden 1 mei 2024).\n\n"
    "Vraag 1\nKlopt het bericht?\n",
    "Antwoord van minister Jansen (Financiën) (ontvangen 21 mei 2024).\n\nVraag 1\nKlopt het bericht?\n\n"
    "Antwoord 1\nJa.\n",
)


def warm_up(paths: Iterable[Path], linker: Linker | None = None) -> None:
    """Load, in this process, what reading `paths` (their formats) and, with `linker`, building documents needs,
    before a worker process is forked to do it (`_WARM_UP`)."""
    for suffix in sorted({path.suffix.lower() for path in paths}):
        try:
            reader_for(Path("file" + suffix))
        except KgraphError:
            pass  # reported when that file is read
    if linker is None:
        return
    for number, text in enumerate(_WARM_UP):
        source = SourceText(path=f"warm-up-{number}.txt", text=text, format="text", sha256=f"{number:064d}")
        contained(Path(source.path), lambda: validate_graph(document_graph(linker.link(extract(source)))))


def _graph(path: Path, linked: LinkedDocument, limits: Limits) -> Graph:
    graph = document_graph(linked)
    if len(graph) > limits.triples:
        raise exceeded(path_shown(path), f"{len(graph):,} triples, more than {limits.triples:,}", "triples")
    return graph


T = TypeVar("T")


def contained(path: Path, work: Callable[[], T]) -> T | Failed:
    """`work()` on the file at `path`, with whatever it raises as a `Failed` result."""
    try:
        return work()
    except KgraphError as err:
        return Failed(path, shown(str(err)))
    except MemoryError:
        return Failed(path, f"{path_shown(path)}: ran out of memory (the worker's limit; raise it with "
                            f"{OPTIONS['memory_bytes']})", traceback.format_exc())
    except Exception as err:  # a bug, or a file that found one: the build goes on (the traceback is for --debug)
        return Failed(path, f"{path_shown(path)}: internal error ({internal(err)}); please report it with the file",
                      traceback.format_exc())


def internal(err: BaseException) -> str:
    """An unexpected exception as one printable line: its class, then its message, shortened.

    >>> internal(RecursionError("maximum recursion depth exceeded"))
    'RecursionError: maximum recursion depth exceeded'
    """
    message = shown(" ".join(str(err).split()))
    message = message if len(message) <= 200 else message[:200] + "…"
    return f"{type(err).__name__}: {message}" if message else type(err).__name__


def _needs_a_fresh_worker(result: object) -> bool:
    """After an internal error (running out of memory among them) the worker's state is not to be trusted."""
    return isinstance(result, Failed) and result.detail is not None


@dataclass
class BuildSummary:
    documents: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failures: list[Failed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    nonconforming: list[str] = field(default_factory=list)
    questions: int = 0
    answers: int = 0
    people: int = 0
    triples: int = 0
    links: LinkCounts = field(default_factory=LinkCounts.empty)
    skipped: list[Unread] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.nonconforming

    def lines(self) -> list[str]:
        shacl = "conforms" if self.conforms else f"{len(self.nonconforming)} document(s) do not conform"
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        return [
            f"documents: {self.documents} read, {len(self.failures)} failed{skipped} "
            f"({self.added} added, {self.replaced} replaced, {self.unchanged} unchanged)",
            f"questions: {self.questions}",
            f"answers:   {self.answers}",
            f"people:    {self.people}",
            f"links:     {self.links.line()}",
            f"triples:   {self.triples}",
            f"SHACL:     {shacl}",
        ]


# The reference data's source key in the store: not a file, so it never collides with a document's path.
REFERENCE_SOURCE = "kgraph:reference-data"


def _put_reference(store: Store, minter: Minter) -> None:
    """The reference graph (ministries, parties, their changes), replaced only when the shipped tables change."""
    graph = reference_graph(minter)
    digest = hashlib.sha256("\n".join(sorted(graph.serialize(format="nt").splitlines())).encode("utf-8")).hexdigest()
    store.put_document(minter.reference(), graph, source=REFERENCE_SOURCE, sha256=digest)


def _failed(stopped: Stopped) -> Failed:
    """A document whose worker was stopped (too slow), died, or could not send its result."""
    return Failed(stopped.path, f"{path_shown(stopped.path)}: {shown(stopped.reason)}", stopped.detail)


_COUNTS = """
SELECT (COUNT(DISTINCT ?q) AS ?questions) (COUNT(DISTINCT ?a) AS ?answers) (COUNT(DISTINCT ?p) AS ?people) WHERE {
  { ?q a schema:Question } UNION { ?a a schema:Answer } UNION { ?p a foaf:Person }
}"""


def source_key(path: Path) -> str:
    """The store's record of where a document came from: its real path, or, when the file name is not UTF-8 (the
    store holds text), the path as a file: URI with its bytes percent-encoded, which is text and keeps them all.

    >>> import os
    >>> source_key(Path("/data/a.txt")), source_key(Path(os.fsdecode(b"/data/caf\\xe9.txt")))
    ('/data/a.txt', 'file:///data/caf%E9.txt')
    """
    real = path.resolve()
    try:
        str(real).encode("utf-8")
    except UnicodeEncodeError:
        return real.as_uri()
    return str(real)


def build(
    paths: Iterable[Path | str] | Survey,
    store: Store,
    linker: Linker,
    on_result: Callable[[Processed | Failed], None] = lambda result: None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    follow_symlinks: bool = False,
) -> BuildSummary:
    """Process every document found under `paths` (or what a `survey` of them found) into `store`; `on_result`
    sees each result (for progress). Folders and links the survey refused are failures; what it skipped is listed
    in the summary."""
    found = paths if isinstance(paths, Survey) else survey(paths, follow_symlinks=follow_symlinks)
    summary = BuildSummary(skipped=list(found.skipped))
    minter = linker.minter
    _put_reference(store, minter)
    for refused in found.refused:
        failure = Failed(refused.path, f"{path_shown(refused.path)}: {refused.reason}")
        on_result(failure)
        summary.failures.append(failure)
    # Bulk work makes many small objects that live until the end: the cycle collector only costs time here (and
    # frozen objects stay shared with the worker process instead of being copied into it).
    warm_up(found.files, linker)
    gc.freeze()
    worker = Worker(partial(process, linker=linker, limits=limits), seconds=limits.seconds,
                    memory_bytes=limits.memory_bytes, recycle=_needs_a_fresh_worker)
    try:
        for path, outcome in worker.map(found.files):
            result = _failed(outcome) if isinstance(outcome, Stopped) else outcome
            if isinstance(result, Processed):
                try:
                    change = store.put_document(
                        minter.document(result.document), result.graph,
                        source=source_key(path), sha256=result.document.sha256,
                    )
                except KgraphError as err:  # a graph the store refuses is this document's failure, not the build's
                    result = Failed(path, shown(str(err)))
            on_result(result)
            if isinstance(result, Failed):
                summary.failures.append(result)
                continue
            summary.documents += 1
            summary.links.add(result.links)
            summary.warnings.extend(f"{path_shown(path)}: {shown(warning)}"
                                    for warning in (*result.document.warnings, *result.links.warnings))
            if not result.report.conforms:
                summary.nonconforming.append(path_shown(path))
            if change is Change.ADDED:
                summary.added += 1
            elif change is Change.REPLACED:
                summary.replaced += 1
            else:
                summary.unchanged += 1
    finally:
        worker.close()
        gc.unfreeze()
    # Members' parties at each date, resolved across every document in the store (kgraph.link.memberships).
    summary.warnings.extend(shown(warning) for warning in put_memberships(store, minter))
    counts = store.query(_COUNTS)
    if counts.rows:
        questions, answers, people = (int(str(cell) or 0) for cell in counts.rows[0])
        summary.questions, summary.answers, summary.people = questions, answers, people
    summary.triples = store.triple_count()
    return summary
