"""The command line. Thin: parse options, call the library, print, map errors to exit codes.

Exit codes: 0 success (and, for validate, the graph conforms); 1 a data problem (a document failed, the graph
does not conform, a query failed); 2 a usage error.

Conventions every command keeps: format names and their aliases come from `kgraph.formats` (case-insensitive),
and `-o FILE`'s extension, or an input file's, decides the format when no option names it; `-` is stdin for an
input and stdout for `-o`; results go to stdout, diagnostics and progress (on a terminal) to stderr; output files
are written atomically.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, TypeVar

import click

from kgraph.display import shown
from kgraph.errors import KgraphError, UsageError
from kgraph.formats import (
    DESCRIBE_FORMATS,
    EXPORT_FORMATS,
    EXTRACT_FORMATS,
    QUERY_FORMATS,
    REPORT_FORMATS,
    choice,
    is_stdio,
    output_format,
)
from kgraph.mint import DEFAULT_BASE, Minter

if TYPE_CHECKING:
    from kgraph.limits import Limits
    from kgraph.progress import Progress
    from kgraph.read import Unread

F = TypeVar("F", bound=Callable[..., Any])

STORE_HELP = "Store folder (default: ./kgraph-store, or $KGRAPH_STORE)."


def _store_option(function: F) -> F:
    from kgraph.store import DEFAULT_STORE

    option = click.option(
        "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
        default=lambda: os.environ.get("KGRAPH_STORE", DEFAULT_STORE), show_default=DEFAULT_STORE, help=STORE_HELP,
    )
    return option(function)


def _base_option(function: F) -> F:
    option = click.option(
        "--base", default=lambda: os.environ.get("KGRAPH_BASE", DEFAULT_BASE), show_default=DEFAULT_BASE,
        help="Base IRI for minted instance IRIs (or $KGRAPH_BASE).",
    )
    return option(function)


def _minter(base: str) -> Minter:
    try:
        return Minter(base)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--base") from None


def _input_options(function: F) -> F:
    """The options of the commands that read documents (build, extract): the per-document limits of
    `kgraph.limits` (the command gets them as `limits`), `--follow-symlinks` and `--debug`."""
    from kgraph.limits import MB, Limits

    given = Limits()

    @functools.wraps(function)
    def wrapper(*args: Any, max_file_mb: float, max_part_mb: float, max_pages: int, max_text_chars: int,
                max_triples: int, timeout: float, max_memory_mb: int, **kwargs: Any) -> Any:
        limits = Limits(file_bytes=int(max_file_mb * MB), part_bytes=int(max_part_mb * MB), pages=max_pages,
                        text_chars=max_text_chars, triples=max_triples, seconds=timeout,
                        memory_bytes=max_memory_mb * MB)
        return function(*args, limits=limits, **kwargs)

    size = click.FloatRange(min=0, min_open=True)
    count = click.IntRange(min=1)
    options = [
        click.option("--max-file-mb", type=size, default=given.file_bytes / MB, show_default=True, metavar="MB",
                     help="Refuse a file larger than this."),
        click.option("--max-part-mb", type=size, default=given.part_bytes / MB, show_default=True, metavar="MB",
                     help="Refuse a DOCX part or PDF stream that inflates to more than this (counted while inflating)."),
        click.option("--max-pages", type=count, default=given.pages, show_default=True, help="Refuse a PDF with more pages."),
        click.option("--max-text-chars", type=count, default=given.text_chars, show_default=True,
                     help="Refuse a document whose text is longer."),
        click.option("--max-triples", type=count, default=given.triples, show_default=True,
                     help="Refuse a document whose graph has more triples."),
        click.option("--timeout", type=click.FloatRange(min=0), default=given.seconds, show_default=True,
                     metavar="SECONDS", help="Stop working on a document after this long (0: no limit)."),
        click.option("--max-memory-mb", type=click.IntRange(min=0), default=given.memory_bytes // MB, show_default=True,
                     metavar="MB", help="Memory the worker may take on for one document (0: no limit)."),
        click.option("--follow-symlinks", is_flag=True,
                     help="Read symbolic links in folders that lead outside the folders given, and linked folders."),
        click.option("--debug", is_flag=True, help="Print the traceback of an internal error after its error line."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def _failure_lines(error: str, detail: str | None, debug: bool) -> list[str]:
    """The error line of a failed document, and with --debug the traceback of an internal error (escaped)."""
    lines = [f"Error: {shown(error)}"]
    if debug and detail:
        lines.extend(f"  {shown(line)}" for line in detail.rstrip("\n").splitlines())
    return lines


def _skipped_lines(skipped: Iterable[Unread]) -> list[str]:
    from kgraph.display import path_shown

    return [f"Skipped: {path_shown(item.path)}: {item.reason}" for item in skipped]


def _errors_to_exit_codes(function: F) -> F:
    """KgraphError -> one line on stderr and exit 1 (2 for usage errors); never a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except UsageError as err:
            click.echo(f"Error: {shown(str(err))}", err=True)
            sys.exit(2)
        except KgraphError as err:
            click.echo(f"Error: {shown(str(err))}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@contextmanager
def _output(path: Path | None) -> Iterator[BinaryIO]:
    """stdout, or a file written atomically."""
    if path is None or str(path) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    from kgraph.atomic import atomic_output

    with atomic_output(path) as handle:
        yield handle


@contextmanager
def _progress(label: str, total: int = 0) -> Iterator[Progress]:
    """A progress bar on stderr when it is a terminal (nothing otherwise), for work that can take seconds; the
    work `extend`s it as it learns how much there is."""
    from kgraph.progress import progress

    with progress(total, label, sys.stderr) as bar:
        yield bar


def _stdin_paths() -> list[Path]:
    """`kgraph build -`: the paths to build, read from stdin one per line (`find … | kgraph build -`), or
    separated by NUL bytes when there are any (`find … -print0`, for names holding a newline)."""
    data = sys.stdin.buffer.read()
    names = data.split(b"\0") if b"\0" in data else data.splitlines()
    return [Path(os.fsdecode(name)) for name in names if name.strip()]


def _given_paths(paths: Iterable[Path], *, dash: str) -> list[Path]:
    """The paths of a command that reads documents, checked before anything is read or created: each must exist
    (a typo is a usage error naming it, so `kgraph build typo-dir` makes no empty store). `-` is stdin: for
    `dash="paths"` the paths it lists (build), for `dash="document"` it stays, one document (extract)."""
    given: list[Path] = []
    for path in paths:
        if str(path) == "-" and dash == "paths":
            given.extend(_stdin_paths())
        else:
            given.append(path)
    if dash == "paths" and not given:
        raise UsageError("no paths to build: stdin ('-') listed none")
    missing = [path for path in given if str(path) != "-" and not os.path.lexists(path)]
    if missing:
        from kgraph.display import path_shown

        names = ", ".join(path_shown(path) for path in missing)
        raise UsageError(f"{names}: no such file or folder")
    if dash == "document" and sum(str(path) == "-" for path in given) > 1:
        raise UsageError("'-' (stdin) can be given once")
    return given


@contextmanager
def _stdin_document(paths: list[Path], limit: int) -> Iterator[tuple[list[Path], Path | None]]:
    """`kgraph extract -`: stdin's bytes as a document. The readers choose by suffix and run in a worker process
    (within the limits), so the bytes go to a temporary file named `stdin.<suffix>`, the suffix told from the
    content (`kgraph.read.sniff_suffix`); `paths` with that file in place of '-', and the file (None without '-')."""
    if not any(str(path) == "-" for path in paths):
        yield paths, None
        return
    import shutil
    import tempfile

    from kgraph.read import sniff_suffix

    data = sys.stdin.buffer.read(limit + 1)  # a byte over the limit, so the reader refuses it as too large
    folder = Path(tempfile.mkdtemp(prefix="kgraph-stdin-"))
    try:
        document = folder / f"stdin{sniff_suffix(data)}"
        document.write_bytes(data)
        yield [document if str(path) == "-" else path for path in paths], document
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kgraph")
def main() -> None:
    """Build a knowledge graph of Dutch parliamentary written questions (Kamervragen) and their answers.

    \b
    Typical use:
      kgraph build seeds/            # documents -> ./kgraph-store
      kgraph validate                # SHACL report, exit 1 when it does not conform
      kgraph query 'SELECT ...'      # SPARQL over the store
      kgraph export -o graph.ttl     # the format from the extension (.ttl .nt .nq .trig .jsonld .rdf)

    `-` is stdin for an input and stdout for -o. Shell completion: eval "$(_KGRAPH_COMPLETE=bash_source kgraph)"
    (zsh_source, fish_source for those shells).
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--format", "fmt", type=choice(EXTRACT_FORMATS), default="json", show_default=True,
              help="json: the record, one object per line; ttl (or turtle), nt: the document's triples; jsonld (or "
                   "json-ld): the document's triples as framed JSON-LD, one document per line.")
@click.option("--no-link", is_flag=True, help="Skip the linking stage (no `links`, no `iri` fields; faster).")
@_base_option
@_input_options
@_errors_to_exit_codes
def extract(paths: tuple[Path, ...], fmt: str, no_link: bool, base: str, limits: Limits, follow_symlinks: bool,
            debug: bool) -> None:
    """Extract the record of each document (files or folders; - reads one document from stdin) and print it.

    Each document is read in a worker process within the limits (--max-… and --timeout); one that fails gets
    one error line on stderr and the others are still printed. A path that does not exist is a usage error
    before anything is read. From stdin the format is told from the content (PDF, DOCX, HTML, KOOP XML, else
    text or markdown) and the record's source is "-".

    \b
    Examples:
      kgraph extract seeds/002_306e882e6c2994f3.txt --format json
      kgraph extract fetched/ --max-pages 50 --timeout 20
      cat document.pdf | kgraph extract - --format ttl
    """
    from kgraph.api import Extraction, extract_all
    from kgraph.serialize import graph_bytes

    from kgraph.link.memberships import observations_of, resolve_parties
    from kgraph.record import to_record

    from kgraph.display import path_shown
    from kgraph.read import survey

    _minter(base)
    failed = 0
    given = _given_paths(paths, dash="document")
    with _stdin_document(given, limits.file_bytes) as (readable, piped):

        def named(text: str) -> str:
            """A message or record field with the temporary file of stdin's document shown as '-'."""
            return text if piped is None else text.replace(path_shown(piped), "-")

        found = survey(readable, follow_symlinks=follow_symlinks)
        for line in _skipped_lines(found.skipped):
            click.echo(line, err=True)
        with _progress("extracting", len(found.files) + len(found.refused)) as bar:
            results = []
            for result in extract_all(found, linked=not no_link, base=base, limits=limits):
                results.append(result)
                bar.advance(shown(named(result.path.name)))
        # Members' parties at each date are resolved across the documents extracted together (kgraph.link.memberships).
        parties = resolve_parties(o for r in results if isinstance(r, Extraction) and r.linked for o in observations_of(r.linked))
        for result in results:
            if not isinstance(result, Extraction):
                for line in _failure_lines(named(result.error), result.detail, debug):
                    click.echo(line, err=True)
                failed += 1
                continue
            shown_path = named(path_shown(result.path))
            for warning in result.document.warnings:
                click.echo(f"Warning: {shown_path}: {shown(warning)}", err=True)
            if fmt == "json":
                record = to_record(result.linked, parties=parties) if result.linked else result.record()
                if piped is not None and result.path == piped:
                    record["source"] = "-"
                for warning in record.get("links", {}).get("warnings", []):
                    click.echo(f"Warning: {shown_path}: {shown(warning)}", err=True)
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                graph = result.graph()
                if len(graph) > limits.triples:
                    click.echo(f"Error: {shown_path}: {len(graph):,} triples, more than {limits.triples:,} (the "
                               "limit; raise it with --max-triples)", err=True)
                    failed += 1
                    continue
                sys.stdout.buffer.write(graph_bytes(graph, "jsonld-framed" if fmt == "jsonld" else fmt))
                sys.stdout.buffer.flush()
    if failed:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@_store_option
@_base_option
@click.option("--wait", type=click.FloatRange(min=0), default=60.0, show_default=True, metavar="SECONDS",
              help="How long to wait for the store while another process holds it (another build, or a "
                   "`kgraph serve --writable`); 0: fail at once.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes working on documents in parallel [default: the number of cores].")
@click.option("--prune", is_flag=True, help="Remove from the store the documents whose files no longer exist.")
@click.option("--stats", "stats_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write the build's figures as JSON: counts, CPU seconds per stage, wall time.")
@_input_options
@_errors_to_exit_codes
def build(paths: tuple[Path, ...], store_dir: Path, base: str, jobs: int | None, prune: bool, stats_file: Path | None,
          wait: float, limits: Limits, follow_symlinks: bool, debug: bool) -> None:
    """Parse every document found (files or folders) into the store and print a summary.

    `-` reads the paths from stdin, one per line (or NUL-separated: find … -print0 | kgraph build -). A path that
    does not exist is a usage error before the store is opened or created. While another process holds the store
    (a build, a `kgraph serve --writable`) the build waits up to --wait seconds for it, saying so on stderr.

    Each document is one named graph: rebuilding a changed document replaces its triples, rebuilding the
    same input changes nothing, and a file whose size and modification time are unchanged is not read again.
    Documents are worked on in --jobs worker processes, each within the limits (--max-… and --timeout); the
    store's content is the same for any number of jobs.
    Failed documents are listed on stderr, and skipped files (readmes, pipes, links to folders); exit 1 when any
    failed.

    \b
    Examples:
      kgraph build seeds/ --store kgraph-store
      kgraph build fetched/ --max-pages 50 --timeout 20 --store kgraph-store
      kgraph build seeds/ --jobs 2 --prune --stats build-stats.json --store kgraph-store
    """
    from kgraph.api import build as run_build
    from kgraph.atomic import write_atomically
    from kgraph.build import STORE_STEPS, Failed, Result, Unchanged, default_jobs
    from kgraph.display import path_shown
    from kgraph.progress import progress
    from kgraph.read import survey
    from kgraph.store import Store

    _minter(base)
    found = survey(_given_paths(paths, dash="paths"), follow_symlinks=follow_symlinks)  # first: the bar's total
    for line in _skipped_lines(found.skipped):
        click.echo(line, err=True)

    # The bar counts the documents, then the whole store's steps (members' parties, rollups, counts), which take
    # minutes at 100,000 documents.
    total = len(found.files) + len(found.refused) + len(STORE_STEPS)

    def waiting(message: str) -> None:
        click.echo(f"Waiting: {shown(message)} (--wait SECONDS)", err=True)

    with Store.open(store_dir, create=True, wait=wait, on_wait=waiting) as store, \
            progress(total, "building", sys.stderr) as bar:

        def report(result: Result) -> None:
            if isinstance(result, Failed):
                for line in _failure_lines(result.error, result.detail, debug):
                    bar.echo(line)
            elif not isinstance(result, Unchanged) and not result.conforms:
                bar.echo(f"Warning: {path_shown(result.path)}: does not conform to the shapes (see `kgraph validate`)")
            bar.advance(shown(result.path.name))

        summary = run_build(found, store, base=base, on_result=report, limits=limits,
                            jobs=jobs or default_jobs(), prune=prune, on_store_step=bar.advance)
    if stats_file is not None:
        write_atomically(stats_file, (json.dumps(summary.stats(), indent=2) + "\n").encode("utf-8"))
    for warning in summary.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"store: {path_shown(store_dir)}")
    for line in summary.lines():
        click.echo(line)
    if summary.failures or not summary.conforms:
        sys.exit(1)


@main.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path, allow_dash=True))
@_store_option
@click.option("--format", "fmt", type=choice(REPORT_FORMATS), default="text", show_default=True,
              help="text: a readable report; ttl (or turtle), nt, jsonld (or json-ld), rdfxml: the SHACL validation "
                   "report graph, one sh:ValidationReport whose results name their graph (kg:dataGraph).")
@click.option("--input-format", "input_fmt", type=choice(EXPORT_FORMATS),
              help="The RDF format of FILE (default: from its extension; Turtle for -, stdin).")
@_errors_to_exit_codes
def validate(file: Path | None, store_dir: Path, fmt: str, input_fmt: str | None) -> None:
    """Validate the store (default) or an RDF FILE (- for stdin) against the SHACL shapes. Exit 0 when it
    conforms, 1 when not.

    Each document graph of the store, and each named graph of an N-Quads, TriG or JSON-LD file, is validated on
    its own; the report is one, for the whole, and says which graph each result is about.

    \b
    Examples:
      kgraph validate --store kgraph-store
      kgraph validate graph.ttl --format ttl
      kgraph export --format nq | kgraph validate - --input-format nq
    """
    from kgraph.api import validate as validate_data
    from kgraph.formats import input_format
    from kgraph.store import Store

    with _progress("validating") as bar:
        if file is None:
            if input_fmt is not None:
                raise UsageError("--input-format is for an RDF FILE (or -), not the store")
            with Store.open(store_dir, read_only=True) as store:
                report = validate_data(store, progress=bar)
        elif is_stdio(file):
            rdf = input_format(None, input_fmt, default="ttl")  # checked before stdin is read
            report = validate_data(sys.stdin.buffer.read(), input_format=rdf.name, progress=bar)
        else:
            report = validate_data(file, input_format=input_format(file, input_fmt).name, progress=bar)
    if fmt == "text":
        click.echo(report.text())
    else:
        from kgraph.formats import rdf_format
        from kgraph.serialize import graph_bytes
        from kgraph.vocab import KG, SH

        report.graph.bind("sh", SH)
        report.graph.bind("kg", KG)
        # Not graph_bytes' canonical Turtle: a report is mostly blank nodes, which canonical Turtle is slow on.
        data = graph_bytes(report.graph, fmt) if fmt == "rdfxml" else report.graph.serialize(
            format=rdf_format(fmt).rdflib, encoding="utf-8")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.option("--format", "fmt", type=choice(EXPORT_FORMATS),
              help="ttl (or turtle), nt, nq, trig, jsonld (or json-ld), rdfxml; nq and trig keep one named graph per "
                   "document. Default: from -o's extension (.ttl .nt .nq .trig .jsonld .rdf), ttl for stdout.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
              help="Write to this file (atomically) instead of stdout ('-').")
@click.option("--frame", type=click.Choice(["document"]),
              help="jsonld only: nest each document's questions, answers, notes and links under it.")
@click.option("--split", type=click.IntRange(min=1), metavar="N",
              help="nq only, for bulk loaders: write -o OUT.nq as OUT.000.nq, OUT.001.nq, ... of at most N quads "
                   "each, whole document graphs in each (a graph is cut only when it alone holds more than N); "
                   "prints the files written, one a line.")
@_store_option
@_errors_to_exit_codes
def export(fmt: str | None, output: Path | None, frame: str | None, split: int | None, store_dir: Path) -> None:
    """Export the whole graph.

    \b
    Examples:
      kgraph export -o graph.ttl
      kgraph export -o graph.nt
      kgraph export --format nq > graph.nq
      kgraph export --format nq --split 100000 -o parts/graph.nq
      kgraph export --format jsonld --frame document -o documents.jsonld
    """
    from kgraph.store import Store

    chosen = output_format(output, fmt, EXPORT_FORMATS, default="ttl")
    if frame is not None and chosen != "jsonld":
        raise UsageError("--frame needs --format jsonld (or -o FILE.jsonld)")
    if split is not None:
        if chosen != "nq":
            raise UsageError("--split needs --format nq (or -o FILE.nq)")
        if output is None or str(output) == "-":
            raise UsageError("--split needs -o FILE.nq: the parts are named after it (FILE.000.nq, FILE.001.nq, ...)")
        from kgraph.bulk import write_parts

        with Store.open(store_dir, read_only=True) as store, _progress("exporting") as bar:
            written = write_parts(store, output, split, progress=bar)
        for part in written:
            click.echo(str(part.path))
        return
    with Store.open(store_dir, read_only=True) as store, _output(output) as out:
        if frame is not None:
            from kgraph.jsonld import write_framed

            write_framed(store, out)
        else:
            with _progress("exporting") as bar:
                store.export(chosen, out, progress=bar)


@main.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from a .rq file ('-' for stdin).")
@click.option("-n", "--name", "query_name", metavar="NAME", help="Run a query of the library (see --list).")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the --name query; repeat for several. Bound as an RDF term of its declared type.")
@click.option("--list", "list_queries", is_flag=True, help="List the library's queries: name, description, parameters.")
@click.option("--format", "fmt", type=choice(QUERY_FORMATS),
              help="SELECT and ASK: table (aligned, the default), csv, tsv, json, xml (the W3C SPARQL 1.1 result "
                   "formats); CONSTRUCT and DESCRIBE: ttl (the default), nt, nq, trig, jsonld, rdfxml, or table (one "
                   "triple a line). Default: from -o's extension (.csv .tsv .srj/.json .srx/.xml .ttl .nt …).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
              help="Write the result to this file (atomically) instead of stdout ('-').")
@click.option("--allow-service", is_flag=True,
              help="Allow federated queries (SERVICE), which send requests to the addresses the query names.")
@_store_option
@_errors_to_exit_codes
def query(sparql: str | None, query_file: IO[str] | None, query_name: str | None, params: tuple[str, ...],
          list_queries: bool, fmt: str | None, output: Path | None, allow_service: bool, store_dir: Path) -> None:
    """Run a SPARQL query (- reads it from stdin) over the store, or a named query of the library. Common prefixes
    (kg, schema, dcterms, prov, org, foaf, skos, oa, eli, xsd, rdf, rdfs) need no PREFIX lines.

    \b
    Examples:
      kgraph query 'SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name'
      kgraph query -f questions.rq --format csv
      kgraph query --name top-sources --format tsv -o sources.tsv
      kgraph query 'CONSTRUCT WHERE { ?p a foaf:Person ; foaf:name ?n }' -o people.nt
      kgraph query --list
      kgraph query --name answer-time --param term=21 --param since=2024-01-01

    Solutions in an RDF format, or a graph in csv, tsv, json or xml, is a usage error. Federated queries (SERVICE)
    are refused unless --allow-service is given.
    """
    from kgraph.formats import check_query_output, query_format
    from kgraph.library import describe_library, library_listing, named_query, parse_assignments
    from kgraph.outbound import SERVICE, calls
    from kgraph.results import format_result
    from kgraph.store import Store

    check_query_output(fmt, output)  # a format no result can be written in, before the query runs
    if sparql == "-":
        sparql = sys.stdin.read()
    given = [what for what, value in (("a query", sparql), ("-f", query_file), ("--name", query_name)) if value is not None]
    if list_queries:
        if given or params:
            raise UsageError("--list takes no query, -f, --name or --param")
        chosen = query_format("select", fmt, output)
        with _output(output) as out:
            listing = describe_library() if chosen == "table" else format_result(library_listing(), chosen)
            out.write(listing.encode("utf-8"))
        return
    if len(given) != 1:
        raise UsageError("give one query: as an argument (- for stdin), with -f FILE, or with --name NAME (see --list)")
    if params and query_name is None:
        raise UsageError("--param binds parameters of a named query; use it with --name")
    if query_name is not None:
        text = named_query(query_name).bound(parse_assignments(params))
    else:
        text = sparql if sparql is not None else query_file.read()  # type: ignore[union-attr]
    if not allow_service and SERVICE in calls(text):
        raise UsageError("the query calls SERVICE (a federated query, sent to another address); "
                         "pass --allow-service to run it")
    with Store.open(store_dir, read_only=True) as store, _output(output) as out:
        store.write_query(text, out, lambda kind: query_format(kind, fmt, output))


NETWORK_VIEWS = ("co-askers", "party-ministry", "citations", "qa-references")  # kgraph.views.VIEWS, kept equal by a test


@main.command()
@click.argument("view", metavar="VIEW", type=click.Choice([*NETWORK_VIEWS, "path"]))
@click.option("--metric", type=click.Choice(["degree", "pagerank", "betweenness", "communities"]),
              help="Rank nodes by this (default degree); with an export, also store it as a node attribute.")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="Rows of the ranked table (communities: how many communities); 0 for all.")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json"], case_sensitive=False),
              help="Export the network in this format (to stdout, or to -o FILE) instead of printing the table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Export the network to this file (atomically; format from --format or the file's extension); "
                   "the ranked table still goes to stdout.")
@click.option("--from", "source", metavar="NAME", help="path: the member to start from (name, surname or IRI).")
@click.option("--to", "target", metavar="NAME", help="path: the member to reach.")
@_store_option
@_errors_to_exit_codes
def network(view: str, metric: str | None, top: int, fmt: str | None, output: Path | None, source: str | None,
            target: str | None, store_dir: Path) -> None:
    """NetworkX views derived from the store: a ranked table of nodes, or an export for Gephi and Cytoscape.

    \b
    VIEW is one of
      co-askers       members who sign question sets together (weight: question sets)
      party-ministry  parties and the ministries their members ask (bipartite; weight: question sets)
      citations       documents -> cited pages -> publishers, and documents -> statutes
      qa-references   documents -> questions -> answers -> what they cite
      path            the shortest co-asker path between two members (--from, --to)
    Without --format and -o the ranked table goes to stdout; with --format alone the export does; with -o the
    export goes to the file and the table to stdout.

    \b
    Examples:
      kgraph network co-askers --metric pagerank --top 10
      kgraph network party-ministry --metric communities --format gexf -o party-ministry.gexf
      kgraph network path --from Bontenbal --to Krul
    """
    from kgraph.analysis import format_ranking, rank
    from kgraph.store import Store
    from kgraph.views import co_asker_path, network_format, write_network
    from kgraph.views import network as network_view

    if view == "path":
        if source is None or target is None:
            raise UsageError("network path needs --from NAME and --to NAME")
        if metric or fmt or output:
            raise UsageError("network path takes --from and --to only (no --metric, --format or -o)")
        with Store.open(store_dir, read_only=True) as store:
            steps = co_asker_path(store, source, target)
        if steps is None:
            click.echo(f"no co-asker path between {source} and {target}", err=True)
            sys.exit(1)
        click.echo(format_ranking(steps), nl=False)
        return
    if source is not None or target is not None:
        raise UsageError("--from and --to are for `kgraph network path`")
    exported = fmt is not None or output is not None
    with Store.open(store_dir, read_only=True) as store:
        graph = network_view(store, view, metric if exported else None)
    if exported:
        with _output(output) as out:
            write_network(graph, fmt or network_format(output), out)
    if not exported or (output is not None and str(output) != "-"):
        click.echo(format_ranking(rank(graph, metric or "degree", top)), nl=False)
    click.echo(f"{view}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", err=True)


@main.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--show-errors", is_flag=True, help="List every miss: field, document, what was missing or extra.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of a table.")
@_errors_to_exit_codes
def evaluate(gold_dir: Path, show_errors: bool, as_json: bool) -> None:
    """Score extraction against the *.gold.json files under GOLD_DIR (format: corpus/dev/GOLD.md).

    A gold file's `file` names its document relative to the corpus folder; `scored_fields`, when present,
    lists the only fields scored for it. Exit code 1 when a document cannot be read.

    \b
    Example:
      kgraph eval ../shared/corpus/dev --show-errors
    """
    from kgraph.evaluate import evaluate as score_folder
    from kgraph.evaluate import scores_json, table

    with _progress("scoring") as bar:
        scores = score_folder(gold_dir, progress=bar)
    if as_json:
        click.echo(json.dumps(scores_json(scores), indent=1))
    else:
        click.echo(table(scores))
    if show_errors:
        for miss in scores.misses:
            click.echo(f"{miss.file}\t{miss.field}\t{miss.kind}\t{miss.detail}")
    for failure in scores.failures:
        click.echo(f"Error: {failure}", err=True)
    if scores.failures:
        # Scores over the documents that were read would hide the ones that were not.
        raise KgraphError(f"{len(scores.failures)} of {scores.documents + len(scores.failures)} gold documents "
                          "could not be read")


@main.command()
@click.argument("identifiers", metavar="ZAAK_OR_ID...", nargs=-1, required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("fetched"),
              metavar="DIR", show_default=True,
              help="Folder for the case JSON, the documents' files and the publications.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=Path(".kgraph-cache"),
              metavar="DIR", show_default=True, help="Folder of cached answers; a cached address is not asked again.")
@click.option("--refresh", is_flag=True,
              help="Ask the servers again, also for cached addresses (and update the cache).")
@click.option("--rate", type=click.FloatRange(min=0), default=1.0, metavar="SECONDS", show_default=True,
              help="Minimum seconds between two requests.")
@click.option("--max-download-mb", type=click.IntRange(min=1), default=100, metavar="MB", show_default=True,
              help="Refuse an answer larger than this.")
@click.option("--cache-max-mb", type=click.IntRange(min=1), default=500, metavar="MB", show_default=True,
              help="Keep the cache below this; the oldest answers are removed first.")
@click.pass_context
@_errors_to_exit_codes
def fetch(ctx: click.Context, identifiers: tuple[str, ...], out_dir: Path, cache_dir: Path, refresh: bool,
          rate: float, max_download_mb: int, cache_max_mb: int) -> None:
    """Download cases by zaak number (2024Z03568) from the Tweede Kamer's open data API, with their actors,
    documents and the documents' files, and publications by id (kv-tk-…, ah-tk-…, kst-…, h-tk-…) from
    officielebekendmakingen. Needs a network; what was fetched before comes from the cache.

    Each item prints a summary; its files are written atomically under --out. An item that fails gets one error
    line on stderr and the others are still fetched; the exit code is then 1.

    \b
    Example:
      kgraph fetch 2024Z03568 kv-tk-2024Z03568 --out fetched
    """
    from kgraph.errors import FetchError
    from kgraph.fetch import Cache, HttpClient, Network, identify, save
    from kgraph.fetch import fetch as fetch_one

    for identifier in identifiers:
        identify(identifier)  # every argument is checked before anything is downloaded
    # The network comes from the click context object when a caller (a test) passes one: main(obj=Network(...)).
    client = HttpClient(cache=Cache(cache_dir, max_bytes=cache_max_mb * 2**20), refresh=refresh, interval=rate,
                        max_bytes=max_download_mb * 2**20, network=ctx.find_object(Network) or Network())
    failed = 0
    for identifier in identifiers:
        try:
            result = fetch_one(identifier, client)
            for line in result.summary:
                click.echo(line)
            for path in save(result, out_dir):  # names checked to stay under --out
                click.echo(f"written     {path}")
        except FetchError as err:
            click.echo(f"Error: {err}", err=True)
            failed += 1
    if failed:
        sys.exit(1)


@main.command()
@_store_option
@click.option("--bind", default="127.0.0.1:7878", show_default=True, metavar="HOST:PORT",
              help="Address to listen on; the default reaches only this machine.")
@click.option("--writable", is_flag=True,
              help="Also accept SPARQL Update (/update) and Graph Store Protocol writes (/store); takes the store's "
                   "lock, and clients can read and change all of the store.")
@click.option("--timeout", type=click.IntRange(min=1), default=30, show_default=True, metavar="SECONDS",
              help="Stop a query that runs longer, whether or not its client still waits.")
@click.option("--max-result-mb", type=click.IntRange(min=1), default=100, show_default=True, metavar="MB",
              help="Cut off an answer larger than this (the client sees it unfinished).")
@click.option("--allow-service", is_flag=True,
              help="Allow federated queries (SERVICE): the server then sends requests wherever a query says.")
@click.option("--allow-load", is_flag=True, help="Allow SPARQL Update LOAD (downloads from any address); needs --writable.")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Let browser pages from ORIGIN (https://example.org, or * for any) query the endpoint and read "
                   "the /id/ pages (CORS); repeatable. Without it, no CORS headers.")
@click.option("--base", default=lambda: os.environ.get("KGRAPH_BASE"), show_default="the store's own",
              metavar="IRI", help="Base IRI the /id/ paths map to: /id/REST describes BASE+REST (or $KGRAPH_BASE; by default the "
                   "base the store was built with).")
@_errors_to_exit_codes
def serve(store_dir: Path, bind: str, writable: bool, timeout: int, max_result_mb: int, allow_service: bool,
          allow_load: bool, cors: tuple[str, ...], base: str | None) -> None:
    """Serve the store as a SPARQL 1.1 Protocol endpoint (/query) with a browser query page and a Linked Data
    page for every minted IRI (/id/…), until Ctrl-C.

    Runs Oxigraph's server (the `oxigraph` command from the PyPI package of the same name and release as
    pyoxigraph) behind a gate that refuses SERVICE and LOAD unless allowed and cuts answers at the size limit
    and the timeout. Read-only by default, from a snapshot without kgraph's bookkeeping (no local paths).
    Queries need their PREFIX lines; the query page starts with kgraph's and offers the named queries.
    GET /id/REST answers with what the store says about BASE+REST, as HTML, Turtle, JSON-LD or N-Triples, as
    the Accept header asks.

    \b
    Examples:
      kgraph serve --store kgraph-store --bind 127.0.0.1:7878 --timeout 10
      kgraph serve --store kgraph-store --cors https://example.org
      curl -H 'Accept: text/turtle' http://127.0.0.1:7878/id/person/h-bontenbal
    """
    from kgraph.gate import Policy, parse_origin
    from kgraph.serve import parse_bind
    from kgraph.serve import serve as run_server

    if base is not None:
        _minter(base)  # a usage error for a base no IRI could be minted under
    policy = Policy(writable=writable, allow_service=allow_service, allow_load=allow_load, timeout=timeout,
                    max_result_bytes=max_result_mb * 2**20, cors=tuple(parse_origin(origin) for origin in cors))

    def echo(line: str) -> None:
        click.echo(line)
        sys.stdout.flush()  # a caller reading the address from a pipe sees it now, not when the server stops

    def warn(line: str) -> None:
        click.echo(line, err=True)
        sys.stderr.flush()

    sys.exit(run_server(store_dir, parse_bind(bind), policy, echo=echo, warn=warn, base=base))


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's Graph Store Protocol address, e.g. http://localhost:7878/store (Oxigraph), "
                   "http://localhost:3030/DATASET/data (Fuseki). A login in it (http://USER:PASSWORD@HOST/...) "
                   "is used as --user and --password would be, and never printed.")
@_store_option
@click.option("--user", help="User name, when the server asks for a login (HTTP Basic or Digest).")
@click.option("--password", envvar="KGRAPH_PASSWORD", help="Password for --user (or $KGRAPH_PASSWORD).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True, metavar="SECONDS",
              help="How long to wait for the server's answer to one graph.")
@click.option("--max-request-kb", type=click.IntRange(min=1), default=1024, show_default=True, metavar="KIB",
              help="Largest request body: a larger graph goes as a PUT of its first part and a POST of each further "
                   "one (for a proxy's body limit, or Virtuoso's TransactionAfterImageLimit).")
@_errors_to_exit_codes
def push(endpoint: str, store_dir: Path, user: str | None, password: str | None, timeout: float,
         max_request_kb: int) -> None:
    """Load the graph into a SPARQL 1.1 Graph Store Protocol server: one PUT ?graph=<IRI> per document graph,
    plus the reference graph. Pushing again replaces those graphs; other graphs on the server are left alone.
    With a login, the server's challenge is asked for first, so each graph is sent once.

    \b
    Examples:
      kgraph push --endpoint http://localhost:7878/store --store kgraph-store
      kgraph push --endpoint http://localhost:8890/sparql-graph-crud-auth --user dba   (Virtuoso)
    """
    from kgraph.progress import progress
    from kgraph.push import Credentials, GraphStoreClient, plan
    from kgraph.errors import StoreError
    from kgraph.push import push as run_push
    from kgraph.store import Store

    if (user is None) != (password is None):
        raise UsageError("give --user and --password together (the password may come from $KGRAPH_PASSWORD)")
    credentials = Credentials(user, password) if user is not None and password is not None else None
    client = GraphStoreClient(endpoint, credentials, timeout)
    with Store.open(store_dir, read_only=True) as store:
        targets = plan(store)
        if not targets:
            raise StoreError(f"{store_dir}: the store holds no graphs; run `kgraph build` first")
        with progress(len(targets), "pushing", sys.stderr) as bar:
            summary = run_push(store, targets, client, on_graph=lambda pushed: bar.advance(str(pushed.target.graph)),
                               max_request_bytes=max_request_kb * 1024)
    for line in summary.lines():
        click.echo(line)


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
              help="The HTML file to write (atomically); - for stdout.")
@_store_option
@_errors_to_exit_codes
def report(output: Path, store_dir: Path) -> None:
    """Write one self-contained HTML page about the store for reading, printing and mailing: the period, counts,
    SHACL status, questions per month, late answers, open questions, per-member and per-minister tables, the
    co-asker network, answer times per ministry, cited articles and every document, with links to their public
    pages and a CSV download per table. No scripts and nothing loaded from elsewhere: it opens offline.

    \b
    Examples:
      kgraph report -o report.html --store kgraph-store
      kgraph report -o - --store kgraph-store > report.html
    """
    from kgraph.report import collect, render
    from kgraph.store import Store

    with Store.open(store_dir, read_only=True) as store, _progress("reporting") as bar:
        facts = collect(store, str(store_dir), progress=bar)
    with _output(output) as out:
        out.write(render(facts).encode("utf-8"))
    shacl = "conforms" if facts.shacl.conforms else f"{facts.shacl.violations} SHACL results"
    # With the page on stdout, the line saying what was written is a diagnostic.
    click.echo(f"written {'-' if is_stdio(output) else output} ({dict(facts.counts).get('documents', 0)} documents; "
               f"{shacl})", err=is_stdio(output))


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, allow_dash=True),
              help="A folder for CSV files (created), or an .sqlite / .db file; - writes the SQLite file to stdout.")
@click.option("--format", "fmt", type=click.Choice(["csv", "sqlite"], case_sensitive=False),
              help="csv: one file per table, with csv-metadata.json (CSV on the Web) and dataset.ttl; sqlite: one "
                   "file. Default: sqlite for -o ending in .sqlite, .sqlite3 or .db, or -, else csv.")
@_store_option
@_errors_to_exit_codes
def tables(output: Path, fmt: str | None, store_dir: Path) -> None:
    """Write the store as tables for analysts, one per entity (documents, questions, answers, askers, addressees,
    answerers, footnotes, cited pages, references, links, people, parties, ministries), joined by IRI keys.

    \b
    Examples:
      kgraph tables -o tables/
      kgraph tables -o kamervragen.sqlite
      kgraph tables -o - > kamervragen.sqlite
    """
    from kgraph.store import Store
    from kgraph.tables import write_tables

    fmt = fmt.lower() if fmt else None
    with Store.open(store_dir, read_only=True) as store, _progress("tables") as bar:
        if is_stdio(output):
            if fmt == "csv":
                raise UsageError("CSV tables are a folder of files; give -o FOLDER (or --format sqlite for -o -)")
            import shutil
            import tempfile

            # SQLite writes a file it can seek in; stdout gets a copy of it.
            with tempfile.TemporaryDirectory(prefix="kgraph-tables-") as folder:
                database = Path(folder) / "tables.sqlite"
                counts = write_tables(store, database, "sqlite", progress=bar)
                with _output(output) as out, database.open("rb") as written:
                    shutil.copyfileobj(written, out)
        else:
            counts = write_tables(store, output, fmt, progress=bar)
    width = max(len(name) for name in counts)
    for name, count in counts.items():
        # With the database on stdout, the counts are diagnostics.
        click.echo(f"{name:<{width}}  {count}", err=is_stdio(output))
    click.echo(f"written {output}", err=True)


@main.command()
@click.option("--format", "fmt", type=choice(DESCRIBE_FORMATS),
              help="ttl (or turtle), nt, jsonld (or json-ld; nested from the dataset), rdfxml. Default: from -o's "
                   "extension, ttl for stdout.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
              help="Write to this file (atomically) instead of stdout ('-').")
@click.option("--endpoint", metavar="URL", help="The SPARQL endpoint that serves the store (void:sparqlEndpoint).")
@_store_option
@_base_option
@_errors_to_exit_codes
def describe(fmt: str | None, output: Path | None, endpoint: str | None, store_dir: Path, base: str) -> None:
    """Describe the store as a dataset (VoID and DCAT): counts per class and property, vocabularies, licence,
    last build time and kgraph version, and for each named graph its source file's hash, file name and public
    address, when it was stored and by which kgraph version. These volatile facts are kept out of the document
    graphs, so the same input always gives the same triples.

    \b
    Examples:
      kgraph describe --store kgraph-store
      kgraph describe -o dataset.jsonld --store kgraph-store
    """
    from kgraph.dataset import describe as describe_store
    from kgraph.serialize import graph_bytes
    from kgraph.store import Store

    minter = _minter(base)
    fmt = output_format(output, fmt, DESCRIBE_FORMATS, default="ttl")
    with Store.open(store_dir, read_only=True) as store, _progress("describing") as bar:
        description = describe_store(store, base=base, endpoint=endpoint, progress=bar)
    with _output(output) as out:
        if fmt == "jsonld":
            # Nested from the dataset: the description is mostly blank nodes (partitions, graphs, sources).
            from kgraph.jsonld import frame_context, frame_document

            framed = {"@context": frame_context(), **frame_document(description, minter.dataset())}
            out.write(json.dumps(framed, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
        elif fmt == "ttl":
            # Plain Turtle: canonical long Turtle (graph_bytes) is slow on a graph of many blank nodes.
            out.write(description.serialize(format="turtle").encode("utf-8"))
        else:
            out.write(graph_bytes(description, fmt))
