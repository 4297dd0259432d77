"""The build pipeline: files -> store, one document at a time.

    read -> extract -> link -> map to triples -> validate -> store

`process` is a pure function of one file, so builds can later run in parallel and incrementally; `build` only
feeds it files and puts results into the store. One bad document never stops the others.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kgraph.errors import KgraphError
from kgraph.extract import extract
from kgraph.link.model import Links
from kgraph.link.reference import reference_graph
from kgraph.mint import Minter
from kgraph.link.stage import LinkCounts, Linker
from kgraph.model import Document
from kgraph.rdf import document_graph
from kgraph.read import discover, read
from kgraph.store import Change, Store
from kgraph.validate import ValidationReport, validate_graph


@dataclass(frozen=True, slots=True)
class Processed:
    path: Path
    document: Document
    links: Links
    graph: Graph
    report: ValidationReport


@dataclass(frozen=True, slots=True)
class Failed:
    path: Path
    error: str


def process(path: Path, linker: Linker) -> Processed | Failed:
    """One file through read, extract, link, map and validate. Errors become `Failed`, never exceptions."""
    try:
        document = extract(read(path))
        links = linker.link(document)
        graph = document_graph(document, linker.minter, links)
    except KgraphError as err:
        return Failed(path, str(err))
    return Processed(path, document, links, graph, validate_graph(graph))


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

    @property
    def conforms(self) -> bool:
        return not self.nonconforming

    def lines(self) -> list[str]:
        shacl = "conforms" if self.conforms else f"{len(self.nonconforming)} document(s) do not conform"
        return [
            f"documents: {self.documents} read, {len(self.failures)} failed "
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


_COUNTS = """
SELECT (COUNT(DISTINCT ?q) AS ?questions) (COUNT(DISTINCT ?a) AS ?answers) (COUNT(DISTINCT ?p) AS ?people) WHERE {
  { ?q a schema:Question } UNION { ?a a schema:Answer } UNION { ?p a foaf:Person }
}"""


def build(
    paths: Iterable[Path | str],
    store: Store,
    linker: Linker,
    on_result: Callable[[Processed | Failed], None] = lambda result: None,
) -> BuildSummary:
    """Process every document found under `paths` into `store`; `on_result` sees each result (for progress)."""
    summary = BuildSummary()
    minter = linker.minter
    _put_reference(store, minter)
    # Bulk work makes many small objects that live until the end: the cycle collector only costs time here.
    gc.freeze()
    try:
        for path in discover(paths):
            result = process(path, linker)
            on_result(result)
            if isinstance(result, Failed):
                summary.failures.append(result)
                continue
            summary.documents += 1
            summary.links.add(result.document, result.links)
            summary.warnings.extend(f"{path}: {warning}" for warning in result.document.warnings)
            if not result.report.conforms:
                summary.nonconforming.append(str(path))
            change = store.put_document(
                minter.document(result.document), result.graph,
                source=str(path.resolve()), sha256=result.document.sha256,
            )
            if change is Change.ADDED:
                summary.added += 1
            elif change is Change.REPLACED:
                summary.replaced += 1
            else:
                summary.unchanged += 1
    finally:
        gc.unfreeze()
    counts = store.query(_COUNTS)
    if counts.rows:
        questions, answers, people = (int(str(cell) or 0) for cell in counts.rows[0])
        summary.questions, summary.answers, summary.people = questions, answers, people
    summary.triples = store.triple_count()
    return summary
