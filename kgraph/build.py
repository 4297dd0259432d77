"""The build pipeline: files -> store, one document at a time.

    read -> extract -> link -> map to triples -> validate -> store

`process` is a pure function of one file, so builds can later run in parallel and incrementally; `build` only
feeds it files and puts results into the store. One bad document never stops the others: whatever goes wrong
with it (kgraph's own errors, a limit of `kgraph.limits`, any other exception) becomes a `Failed` result, and
`build` runs `process` in a worker process (`kgraph.worker`) that is stopped when a document takes too long or
too much memory.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
import time
import traceback
import urllib.parse
from collections import Counter
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
from kgraph.link.memberships import MEMBERSHIPS_SOURCE, put_memberships
from kgraph.link.model import LinkedDocument
from kgraph.link.reference import reference_graph
from kgraph.mint import Minter
from kgraph.link.stage import LinkCounts, Linker
from kgraph.model import Document, SourceText
from kgraph.rdf import MappedDocument, document_graph, document_triples
from kgraph.rollups import ROLLUPS_SOURCE, put_rollups
from kgraph.read import Survey, Unread, read, reader_for, survey
from kgraph.resources import shapes_dir
from kgraph.store import Change, DocumentWrite, SourceRecord, Store, ntriples
from kgraph.validate import ValidationReport, conforms, validate_graph
from kgraph.worker import Stopped, Worker, in_order


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
    """One file through read, extract, link, map and validate, with everything each stage made (for library use
    and tests; `build` uses the leaner `build_one`). Errors become `Failed`, never exceptions: kgraph's own errors
    as they are, any other exception as an internal error naming its class."""

    def work() -> Processed:
        document = extract(read(path, limits))
        links = linker.link(document)
        graph = _mapped(path, links, limits).graph()
        return Processed(path, document, links, graph, validate_graph(graph))

    return contained(path, work)


#: The stages of `build_one`, in order, and the parent's own part (`store`): `BuildSummary.seconds`' keys.
STAGES = ("read", "extract", "link", "map", "validate", "serialize", "store")


@dataclass(frozen=True, slots=True)
class Built:
    """One document ready for the store, as a worker sends it back to the build: its graph as N-Triples lines and
    what the summary needs, and nothing else, since every byte of it is pickled between processes."""

    path: Path
    graph: str
    sha256: str
    ntriples: bytes
    triples: int
    conforms: bool
    warnings: tuple[str, ...]
    links: LinkCounts
    seconds: dict[str, float]  # CPU seconds per stage (STAGES)


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A file the store holds as it is now, built by this pipeline: not read again."""

    path: Path


Result = Built | Unchanged | Failed


def build_one(path: Path, linker: Linker, limits: Limits = DEFAULT_LIMITS) -> Built | Failed:
    """`process` for `build`: the same stages, timed, with the graph handed over as sorted N-Triples lines."""
    seconds: dict[str, float] = {}
    clock = time.process_time()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.process_time()
        seconds[stage] = now - clock
        clock = now

    def work() -> Built:
        source = read(path, limits)
        lap("read")
        document = extract(source)
        lap("extract")
        links = linker.link(document)
        lap("link")
        mapped = _mapped(path, links, limits)
        lap("map")
        ok = conforms(mapped)
        lap("validate")
        lines = ntriples(mapped.triples, path_shown(path))
        lap("serialize")
        counts = LinkCounts.empty()
        counts.add(links)
        return Built(path, str(mapped.iri), document.sha256, lines, len(mapped.triples), ok,
                     (*document.warnings, *links.warnings), counts, seconds)

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
        contained(Path(source.path), lambda: conforms(document_triples(linker.link(extract(source)))))


def _mapped(path: Path, linked: LinkedDocument, limits: Limits) -> MappedDocument:
    mapped = document_triples(linked)
    if len(mapped.triples) > limits.triples:
        raise exceeded(path_shown(path), f"{len(mapped.triples):,} triples, more than {limits.triples:,}", "triples")
    return mapped


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
    removed: int = 0
    failures: list[Failed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    nonconforming: list[str] = field(default_factory=list)
    questions: int = 0
    answers: int = 0
    people: int = 0
    triples: int = 0
    links: LinkCounts = field(default_factory=LinkCounts.empty)
    skipped: list[Unread] = field(default_factory=list)
    # Documents worked on (read and onwards) in this build; the rest were unchanged files, not read again.
    worked: int = 0
    jobs: int = 1
    # CPU seconds per stage (STAGES) over the documents worked on; `store` is the writer's, in this process.
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    wall_seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        return not self.nonconforming

    def lines(self) -> list[str]:
        shacl = "conforms" if self.conforms else f"{len(self.nonconforming)} document(s) do not conform"
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        removed = f", {self.removed} removed" if self.removed else ""
        return [
            f"documents: {self.documents} read, {len(self.failures)} failed{skipped} "
            f"({self.added} added, {self.replaced} replaced, {self.unchanged} unchanged{removed})",
            f"questions: {self.questions}",
            f"answers:   {self.answers}",
            f"people:    {self.people}",
            f"links:     {self.links.line()}",
            f"triples:   {self.triples}",
            f"SHACL:     {shacl}",
        ]

    def stats(self) -> dict[str, object]:
        """The figures `kgraph build --stats FILE` writes (JSON): counts, CPU seconds per stage, wall time."""
        return {
            "documents": self.documents, "worked": self.worked, "added": self.added, "replaced": self.replaced,
            "unchanged": self.unchanged, "removed": self.removed, "failed": len(self.failures),
            "triples": self.triples, "jobs": self.jobs, "wall_seconds": round(self.wall_seconds, 3),
            "seconds": {stage: round(value, 3) for stage, value in self.seconds.items()},
        }


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


def pipeline_fingerprint() -> str:
    """A hash of the code, data and shapes that map a file to its graph: a file is read again when this changes,
    even if its bytes did not (a newer kgraph maps the same bytes anew)."""
    return _fingerprint_of(Path(__file__).resolve().parent, shapes_dir())


@functools.cache
def _fingerprint_of(package: Path, shapes: Path) -> str:
    named = [(f"kgraph/{path.relative_to(package).as_posix()}", path)
             for path in (*package.rglob("*.py"), *(package / "data").rglob("*"))]
    named += [(f"shapes/{path.name}", path) for path in shapes.glob("*.ttl")]
    digest = hashlib.sha256()
    for name, path in sorted(named):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


#: Documents written to the store in one transaction by a first build (`Store.add_documents`). A build killed
#: mid-way loses at most this many, which the next build adds.
BATCH_DOCUMENTS = 200


def build(
    paths: Iterable[Path | str] | Survey,
    store: Store,
    linker: Linker | Callable[[], Linker],
    on_result: Callable[[Result], None] = lambda result: None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    follow_symlinks: bool = False,
    jobs: int = 1,
    prune: bool = False,
    batch: int = BATCH_DOCUMENTS,
    minter: Minter | None = None,
    on_store_step: Callable[[str], None] = lambda step: None,
) -> BuildSummary:
    """Process every document found under `paths` (or what a `survey` of them found) into `store`; `on_result`
    sees each result (for progress). Folders and links the survey refused are failures; what it skipped is listed
    in the summary.

    Incremental: a file whose path, size and modification time match the store's record, built by the same
    pipeline (`pipeline_fingerprint`), is not read again; one whose bytes hash the same is not worked on again.
    `jobs` worker processes work on documents in parallel; this process alone writes, in input order, so the
    store's content does not depend on `jobs`. `prune` removes the graphs of recorded files that no longer exist.
    New documents are written `batch` at a time, each batch one transaction.

    `linker` may be a function that makes the linker, called only when some file is to be worked on (loading the
    case index and the people takes ~3 s, which a rebuild of unchanged files need not spend); `minter` is then the
    minter the linker will have.

    After the documents, the whole store's step (`STORE_STEPS`: minutes at 100,000 documents) tells
    `on_store_step` each step's name when it is done, or skipped because the store is unchanged since it was done.
    """
    started = time.monotonic()
    found = paths if isinstance(paths, Survey) else survey(paths, follow_symlinks=follow_symlinks)
    summary = BuildSummary(skipped=list(found.skipped), jobs=max(1, jobs))
    if isinstance(linker, Linker):
        minter = linker.minter
    elif minter is None:
        raise TypeError("build: a linker given as a function needs the minter it will have")
    pipeline = pipeline_fingerprint()
    _put_reference(store, minter)
    for refused in found.refused:
        failure = Failed(refused.path, f"{path_shown(refused.path)}: {refused.reason}")
        on_result(failure)
        summary.failures.append(failure)
    writer = _Writer(store, store.sources(), pipeline, summary, batch)
    todo = []
    for path in found.files:
        if writer.unchanged(path):
            on_result(Unchanged(path))
        else:
            todo.append(path)
    if todo:
        working = linker if isinstance(linker, Linker) else linker()
        # Bulk work makes many small objects that live until the end: the cycle collector only costs time here (and
        # frozen objects stay shared with the worker processes instead of being copied into them).
        warm_up(todo, working)
        gc.freeze()
        task = partial(build_one, linker=working, limits=limits)
        workers = [Worker(task, seconds=limits.seconds, memory_bytes=limits.memory_bytes,
                          recycle=_needs_a_fresh_worker) for _ in range(min(summary.jobs, len(todo)))]
        try:
            for path, outcome in in_order(workers, todo):
                result = _failed(outcome) if isinstance(outcome, Stopped) else outcome
                if isinstance(result, Built):
                    result = writer.put(result)
                if isinstance(result, Failed):
                    summary.failures.append(result)
                on_result(result)
        finally:
            for worker in workers:
                worker.close()
            gc.unfreeze()
    writer.flush()
    if prune:
        writer.prune()
    _summarise_store(store, minter, writer.basis(minter), summary, on_store_step)
    summary.wall_seconds = time.monotonic() - started
    return summary


#: The steps of the whole store's part of a build, in order: what `build`'s `on_store_step` is told.
STORE_STEPS = ("members' parties", "rollups", "counts")


def _summarise_store(store: Store, minter: Minter, basis: str, summary: BuildSummary,
                     on_step: Callable[[str], None] = lambda step: None) -> None:
    """The whole store's part of the summary: members' parties at each date, resolved across every document
    (kgraph.link.memberships, whose warnings are the store's), the query library's rollups (kgraph.rollups) and the
    counts. They read the whole store (memberships alone about 1 s per 1,000 documents), so they are kept with the
    `basis` they came from and only done again when it changes."""
    kept = store.derived(_STORE_SUMMARY, basis)
    if kept is not None:
        facts = json.loads(kept)
        for step in STORE_STEPS:
            on_step(step)
    else:
        warnings = put_memberships(store, minter)
        on_step(STORE_STEPS[0])
        put_rollups(store)  # the query library's counts (kgraph.rollups), from the same store
        on_step(STORE_STEPS[1])
        counts = store.query(_COUNTS)
        questions, answers, people = (int(str(cell) or 0) for cell in counts.rows[0]) if counts.rows else (0, 0, 0)
        facts = {"warnings": warnings, "questions": questions, "answers": answers, "people": people,
                 "triples": store.triple_count()}
        store.keep_derived(_STORE_SUMMARY, basis, json.dumps(facts, ensure_ascii=False, sort_keys=True))
        on_step(STORE_STEPS[2])
    summary.warnings.extend(shown(warning) for warning in facts["warnings"])
    summary.questions, summary.answers, summary.people = facts["questions"], facts["answers"], facts["people"]
    summary.triples = facts["triples"]


#: The key of `_summarise_store`'s facts among the store's derived values.
_STORE_SUMMARY = "build-summary"


class _Writer:
    """The build's one writer: decides for each file whether it changed, and puts documents into the store, new
    ones in batches (`Store.add_documents`), the others one at a time (`Store.write_document`)."""

    def __init__(self, store: Store, records: dict[str, SourceRecord], pipeline: str, summary: BuildSummary,
                 batch: int) -> None:
        self.store = store
        self.batch_size = max(1, batch)
        self.records = records
        self.pipeline = pipeline
        self.summary = summary
        # How many sources map to each graph.
        self.graphs: Counter[str] = Counter(record.graph for record in records.values())
        self.batch: list[DocumentWrite] = []
        self.replacing: set[str] = set()  # sources in the batch whose earlier document was retired
        self.stats: dict[Path, os.stat_result] = {}

    def unchanged(self, path: Path) -> bool:
        """Whether the file at `path` is in the store as it is now, built by this pipeline: by its size and
        modification time, or else by the hash of its bytes (then its record takes the new size and time)."""
        try:
            stat = path.stat()
        except OSError:
            return False  # reading it reports the problem
        self.stats[path] = stat
        key = source_key(path)
        record = self.records.get(key)
        if record is None or not record.current or record.pipeline != self.pipeline:
            return False
        if (record.size, record.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
            try:
                if hashlib.sha256(path.read_bytes()).hexdigest() != record.sha256:
                    return False
            except OSError:
                return False
            self.store.touch_source(key, size=stat.st_size, mtime_ns=stat.st_mtime_ns)
        self.summary.documents += 1
        self.summary.unchanged += 1
        if record.conforms is False:
            self.summary.nonconforming.append(path_shown(path))
        return True

    def put(self, built: Built) -> Built | Failed:
        """Store one worked-on document (the batch is written when full); a graph the store refuses is this
        document's failure, not the build's."""
        summary = self.summary
        stat = self.stats.get(built.path)
        key = source_key(built.path)
        write = DocumentWrite(built.graph, built.ntriples, key, built.sha256,
                              size=stat.st_size if stat else None, mtime_ns=stat.st_mtime_ns if stat else None,
                              pipeline=self.pipeline, conforms=built.conforms)
        clock = time.process_time()
        previous = self.records.get(key)
        try:
            if previous is not None and previous.graph == built.graph and self.graphs[built.graph] > 1:
                # A graph two files map to (the PDF and the XML of one publication): replaced in place.
                self.flush()
                change = self.store.write_document(write)
            elif previous is None and self.graphs[built.graph]:
                self.flush()
                change = self.store.write_document(write)
            else:
                if previous is not None and any(pending.source == key for pending in self.batch):
                    self.flush()  # the same file twice (a link to it): its first document must be stored first
                if previous is not None:
                    # Retired in a transaction of its own, then added with the batch: a build killed in between
                    # has neither the old document nor the new one, and the next build adds it.
                    self.store.remove_source(key)
                    self.graphs[previous.graph] -= 1
                    del self.records[key]
                self.batch.append(write)
                change = Change.ADDED if previous is None else Change.REPLACED
                if previous is not None:
                    self.replacing.add(key)
                if len(self.batch) >= self.batch_size:
                    self.flush()
        except KgraphError as err:
            return Failed(built.path, shown(str(err)))
        finally:
            summary.seconds["store"] += time.process_time() - clock
        if key not in self.records:
            self.graphs[built.graph] += 1
        self.records[key] = SourceRecord(built.graph, built.sha256, True, write.size, write.mtime_ns,
                                         self.pipeline, built.conforms)
        summary.documents += 1
        summary.worked += 1
        summary.links.merge(built.links)
        for stage, seconds in built.seconds.items():
            summary.seconds[stage] = summary.seconds.get(stage, 0.0) + seconds
        summary.warnings.extend(f"{path_shown(built.path)}: {shown(warning)}" for warning in built.warnings)
        if not built.conforms:
            summary.nonconforming.append(path_shown(built.path))
        if change is Change.ADDED:
            summary.added += 1
        elif change is Change.REPLACED:
            summary.replaced += 1
        else:
            summary.unchanged += 1
        return built

    def flush(self) -> None:
        """Write the batch (`Store.add_documents`); if the store refuses it, each document alone, so that only the
        one at fault fails (it is reported on stderr and left out of the counts)."""
        batch, self.batch = self.batch, []
        if not batch:
            return
        replacing, self.replacing = self.replacing, set()
        clock = time.process_time()
        try:
            self.store.add_documents(batch)
        except KgraphError:
            for write in batch:
                try:
                    self.store.add_documents([write])
                except KgraphError as err:
                    self._lost(write, str(err), replaced=write.source in replacing)
        finally:
            self.summary.seconds["store"] += time.process_time() - clock

    def _lost(self, write: DocumentWrite, error: str, *, replaced: bool) -> None:
        summary = self.summary
        summary.failures.append(Failed(Path(write.source), shown(error)))
        summary.documents -= 1
        summary.worked -= 1
        if replaced:
            summary.replaced -= 1
        else:
            summary.added -= 1
        if self.records.pop(write.source, None) is not None:
            self.graphs[write.graph] -= 1

    def basis(self, minter: Minter) -> str:
        """What the store's whole-store facts follow from: every source's record (graph, hash, whether its graph
        holds it, the pipeline that made it), this pipeline and the IRI base. A build killed before the facts
        were kept leaves records they do not match, so the next build makes them again."""
        digest = hashlib.sha256(f"{self.pipeline}\n{minter.base}\n".encode())
        for key in sorted(self.records):
            if key not in (MEMBERSHIPS_SOURCE, ROLLUPS_SOURCE):  # the derived graphs themselves
                record = self.records[key]
                digest.update(f"{key}\t{record.graph}\t{record.sha256}\t{record.current}\t{record.pipeline}\n"
                              .encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    def prune(self) -> None:
        """Remove the graphs of recorded source files that no longer exist."""
        for key in sorted(self.records):
            path = _path_of_source(key)
            if path is not None and not os.path.lexists(path):
                if self.store.remove_source(key):
                    self.summary.removed += 1
                del self.records[key]


def _path_of_source(key: str) -> Path | None:
    """The file a source key names (`source_key`), or None for what is not a file (the reference data)."""
    if key.startswith("file://"):
        return Path(os.fsdecode(urllib.parse.unquote_to_bytes(urllib.parse.urlsplit(key).path)))
    if key.startswith("/") or (len(key) > 2 and key[1] == ":"):  # POSIX, or a Windows drive
        return Path(key)
    return None
