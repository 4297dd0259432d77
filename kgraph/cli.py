"""The command line. Thin: parse options, call the library, print, map errors to exit codes.

Exit codes: 0 success (and, for validate, the graph conforms); 1 a data problem (a document failed, the graph
does not conform, a query failed); 2 a usage error.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, TypeVar

import click

from kgraph.errors import KgraphError, UsageError
from kgraph.mint import DEFAULT_BASE, Minter

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


def _errors_to_exit_codes(function: F) -> F:
    """KgraphError -> one line on stderr and exit 1 (2 for usage errors); never a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except UsageError as err:
            click.echo(f"Error: {err}", err=True)
            sys.exit(2)
        except KgraphError as err:
            click.echo(f"Error: {err}", err=True)
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kgraph")
def main() -> None:
    """Build a knowledge graph of Dutch parliamentary written questions (Kamervragen) and their answers.

    \b
    Typical use:
      kgraph build seeds/            # documents -> ./kgraph-store
      kgraph validate                # SHACL report, exit 1 when it does not conform
      kgraph query 'SELECT ...'      # SPARQL over the store
      kgraph export --format turtle -o graph.ttl
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "ttl", "jsonld"]), default="json", show_default=True,
              help="json: the record, one object per line; ttl / jsonld: the document's triples.")
@click.option("--no-link", is_flag=True, help="Skip the linking stage (no `links`, no `iri` fields; faster).")
@_base_option
@_errors_to_exit_codes
def extract(paths: tuple[Path, ...], fmt: str, no_link: bool, base: str) -> None:
    """Extract the record of each document (files or folders) and print it.

    \b
    Example:
      kgraph extract seeds/002_306e882e6c2994f3.txt --format json
    """
    from kgraph.extract import extract as extract_document
    from kgraph.link.stage import Linker
    from kgraph.rdf import document_graph
    from kgraph.read import discover, read
    from kgraph.record import to_json

    minter = _minter(base)
    linker: Linker | None = None
    failed = 0
    for path in discover(paths):
        try:
            document = extract_document(read(path))
        except KgraphError as err:
            click.echo(f"Error: {err}", err=True)
            failed += 1
            continue
        for warning in document.warnings:
            click.echo(f"Warning: {path}: {warning}", err=True)
        if not no_link and linker is None:
            linker = Linker.load(minter)
        links = linker.link(document) if linker else None
        if fmt == "json":
            click.echo(to_json(document, links, minter))
        else:
            from kgraph.serialize import graph_bytes

            graph = document_graph(document, minter, links)
            sys.stdout.buffer.write(graph_bytes(graph, "turtle" if fmt == "ttl" else "json-ld"))
            sys.stdout.buffer.flush()
    if failed:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_store_option
@_base_option
@_errors_to_exit_codes
def build(paths: tuple[Path, ...], store_dir: Path, base: str) -> None:
    """Parse every document found (files or folders) into the store and print a summary.

    Each document is one named graph: rebuilding a changed document replaces its triples, rebuilding the
    same input changes nothing. Failed documents are listed on stderr; exit 1 when any failed.

    \b
    Example:
      kgraph build seeds/ --store kgraph-store
    """
    from kgraph.build import Failed, Processed
    from kgraph.build import build as run_build
    from kgraph.link.stage import Linker
    from kgraph.store import Store

    linker = Linker.load(_minter(base))

    def report(result: Processed | Failed) -> None:
        if isinstance(result, Failed):
            click.echo(f"Error: {result.error}", err=True)
        elif not result.report.conforms:
            click.echo(f"Warning: {result.path}: does not conform to the shapes (see `kgraph validate`)", err=True)

    with Store.open(store_dir, create=True) as store:
        summary = run_build(paths, store, linker, on_result=report)
    for warning in summary.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"store: {store_dir}")
    for line in summary.lines():
        click.echo(line)
    if summary.failures or not summary.conforms:
        sys.exit(1)


@main.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_store_option
@click.option("--format", "fmt", type=click.Choice(["text", "ttl"]), default="text", show_default=True,
              help="text: a readable report; ttl: the SHACL validation report graph.")
@_errors_to_exit_codes
def validate(file: Path | None, store_dir: Path, fmt: str) -> None:
    """Validate the store (default) or an RDF FILE against the SHACL shapes. Exit 0 when it conforms, 1 when not.

    \b
    Examples:
      kgraph validate --store kgraph-store
      kgraph validate graph.ttl --format ttl
    """
    from kgraph.validate import merge, validate_graph

    if file is not None:
        from kgraph.serialize import parse_file

        report = validate_graph(parse_file(file))
    else:
        from kgraph.store import Store

        with Store.open(store_dir, read_only=True) as store:
            report = merge(validate_graph(store.document_graph(doc.graph)) for doc in store.documents())
    if fmt == "ttl":
        click.echo(report.graph.serialize(format="turtle"))
    else:
        click.echo(report.text())
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "json-ld", "nt", "nq", "trig"]), default="turtle",
              show_default=True, help="RDF format; nq and trig keep one named graph per document.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (atomically) instead of stdout.")
@_store_option
@_errors_to_exit_codes
def export(fmt: str, output: Path | None, store_dir: Path) -> None:
    """Export the whole graph.

    \b
    Examples:
      kgraph export --format turtle -o graph.ttl
      kgraph export --format nq > graph.nq
    """
    from kgraph.store import Store

    with Store.open(store_dir, read_only=True) as store, _output(output) as out:
        store.export(fmt, out)


@main.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from a .rq file ('-' for stdin).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="json is the SPARQL 1.1 Query Results JSON format.")
@_store_option
@_errors_to_exit_codes
def query(sparql: str | None, query_file: IO[str] | None, fmt: str, store_dir: Path) -> None:
    """Run a SPARQL query over the store. Common prefixes (kg, schema, dcterms, prov, org, foaf, skos, oa, eli,
    xsd, rdf, rdfs) need no PREFIX lines.

    \b
    Examples:
      kgraph query 'SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name'
      kgraph query -f questions.rq --format csv
    """
    from kgraph.results import format_result
    from kgraph.store import Store

    if (sparql is None) == (query_file is None):
        raise UsageError("give a query either as an argument or with -f FILE, not both and not neither")
    text = sparql if sparql is not None else query_file.read()  # type: ignore[union-attr]
    with Store.open(store_dir, read_only=True) as store:
        result = store.query(text)
    click.echo(format_result(result, fmt), nl=False)


@main.group()
def network() -> None:
    """NetworkX views derived from the store."""


@network.command("co-askers")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json"]), default="graphml", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (atomically) instead of stdout.")
@_store_option
@_errors_to_exit_codes
def co_askers(fmt: str, output: Path | None, store_dir: Path) -> None:
    """Members who sign questions together: nodes are members (name, party, number of documents), edge weight is
    the number of documents they co-signed.

    \b
    Example:
      kgraph network co-askers --format gexf -o co-askers.gexf
    """
    from kgraph.store import Store
    from kgraph.views import co_asker_network, write_network

    with Store.open(store_dir, read_only=True) as store:
        graph = co_asker_network(store)
    with _output(output) as out:
        write_network(graph, fmt, out)
    click.echo(f"co-asker network: {graph.number_of_nodes()} members, {graph.number_of_edges()} pairs", err=True)


@main.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--show-errors", is_flag=True, help="List every miss: field, document, what was missing or extra.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of a table.")
@_errors_to_exit_codes
def evaluate(gold_dir: Path, show_errors: bool, as_json: bool) -> None:
    """Score extraction against the *.gold.json files under GOLD_DIR (format: corpus/dev/GOLD.md).

    \b
    Example:
      kgraph eval ../shared/corpus/dev --show-errors
    """
    from kgraph.evaluate import Scores, gold_files, load_gold, score, table
    from kgraph.extract import extract as extract_document
    from kgraph.read import read
    from kgraph.record import to_record

    scores = Scores()
    files = gold_files(gold_dir)
    if not files:
        raise UsageError(f"{gold_dir}: no *.gold.json files found")
    for gold_path in files:
        gold, document_path = load_gold(gold_path)
        try:
            record = to_record(extract_document(read(document_path)))
        except KgraphError as err:
            scores.failures.append(str(err))
            continue
        score(record, gold, scores, str(document_path.relative_to(gold_dir)))
    if as_json:
        fields = {name: {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": c.precision, "recall": c.recall, "f1": c.f1}
                  for name, c in scores.counts.items()}
        click.echo(json.dumps({"fields": fields, "micro_f1": scores.micro.f1, "documents": scores.documents,
                               "failures": scores.failures}, indent=1))
    else:
        click.echo(table(scores))
    for failure in scores.failures:
        click.echo(f"Error: {failure}", err=True)
    if show_errors:
        for miss in scores.misses:
            click.echo(f"{miss.file}\t{miss.field}\t{miss.kind}\t{miss.detail}")


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
@click.pass_context
@_errors_to_exit_codes
def fetch(ctx: click.Context, identifiers: tuple[str, ...], out_dir: Path, cache_dir: Path, refresh: bool,
          rate: float) -> None:
    """Download cases by zaak number (2024Z03568) from the Tweede Kamer's open data API, with their actors,
    documents and the documents' files, and publications by id (kv-tk-…, ah-tk-…, kst-…, h-tk-…) from
    officielebekendmakingen. Needs a network; what was fetched before comes from the cache.

    Each item prints a summary; its files are written atomically under --out. An item that fails gets one error
    line on stderr and the others are still fetched; the exit code is then 1.

    \b
    Example:
      kgraph fetch 2024Z03568 kv-tk-2024Z03568 --out fetched
    """
    from kgraph.atomic import write_atomically
    from kgraph.errors import FetchError
    from kgraph.fetch import Cache, HttpClient, Network, identify
    from kgraph.fetch import fetch as fetch_one

    for identifier in identifiers:
        identify(identifier)  # every argument is checked before anything is downloaded
    # The network comes from the click context object when a caller (a test) passes one: main(obj=Network(...)).
    client = HttpClient(cache=Cache(cache_dir), refresh=refresh, interval=rate,
                        network=ctx.find_object(Network) or Network())
    failed = 0
    for identifier in identifiers:
        try:
            result = fetch_one(identifier, client)
        except FetchError as err:
            click.echo(f"Error: {err}", err=True)
            failed += 1
            continue
        for line in result.summary:
            click.echo(line)
        for name, data in result.files.items():
            path = out_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, data)
            click.echo(f"written     {path}")
    if failed:
        sys.exit(1)
