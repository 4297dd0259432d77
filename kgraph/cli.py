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

    from kgraph.progress import progress
    from kgraph.read import discover

    linker = Linker.load(_minter(base))
    files = list(discover(paths))  # listed first, so the progress bar knows the total

    with Store.open(store_dir, create=True) as store, progress(len(files), "building", sys.stderr) as bar:

        def report(result: Processed | Failed) -> None:
            if isinstance(result, Failed):
                bar.echo(f"Error: {result.error}")
            elif not result.report.conforms:
                bar.echo(f"Warning: {result.path}: does not conform to the shapes (see `kgraph validate`)")
            bar.advance(result.path.name)

        summary = run_build(files, store, linker, on_result=report)
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
@click.option("-n", "--name", "query_name", metavar="NAME", help="Run a query of the library (see --list).")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the --name query; repeat for several. Bound as an RDF term of its declared type.")
@click.option("--list", "list_queries", is_flag=True, help="List the library's queries: name, description, parameters.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="json is the SPARQL 1.1 Query Results JSON format.")
@_store_option
@_errors_to_exit_codes
def query(sparql: str | None, query_file: IO[str] | None, query_name: str | None, params: tuple[str, ...],
          list_queries: bool, fmt: str, store_dir: Path) -> None:
    """Run a SPARQL query over the store, or a named query of the library. Common prefixes (kg, schema, dcterms,
    prov, org, foaf, skos, oa, eli, xsd, rdf, rdfs) need no PREFIX lines.

    \b
    Examples:
      kgraph query 'SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name'
      kgraph query -f questions.rq --format csv
      kgraph query --list
      kgraph query --name answer-time --param term=21 --param since=2024-01-01
    """
    from kgraph.library import describe_library, library_listing, named_query, parse_assignments
    from kgraph.results import format_result
    from kgraph.store import Store

    given = [what for what, value in (("a query", sparql), ("-f", query_file), ("--name", query_name)) if value is not None]
    if list_queries:
        if given or params:
            raise UsageError("--list takes no query, -f, --name or --param")
        click.echo(describe_library() if fmt == "table" else format_result(library_listing(), fmt), nl=False)
        return
    if len(given) != 1:
        raise UsageError("give one query: as an argument, with -f FILE, or with --name NAME (see --list)")
    if params and query_name is None:
        raise UsageError("--param binds parameters of a named query; use it with --name")
    if query_name is not None:
        text = named_query(query_name).bound(parse_assignments(params))
    else:
        text = sparql if sparql is not None else query_file.read()  # type: ignore[union-attr]
    with Store.open(store_dir, read_only=True) as store:
        result = store.query(text)
    click.echo(format_result(result, fmt), nl=False)


NETWORK_VIEWS = ("co-askers", "party-ministry", "citations", "qa-references")  # kgraph.views.VIEWS, kept equal by a test


@main.command()
@click.argument("view", metavar="VIEW", type=click.Choice([*NETWORK_VIEWS, "path"]))
@click.option("--metric", type=click.Choice(["degree", "pagerank", "betweenness", "communities"]),
              help="Rank nodes by this (default degree); with an export, also store it as a node attribute.")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="Rows of the ranked table (communities: how many communities); 0 for all.")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json"]),
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
    from kgraph.analysis import annotate, find_node, format_ranking, path_ranking, rank, shortest_path
    from kgraph.store import Store
    from kgraph.views import build_view, co_asker_network, network_format, write_network

    if view == "path":
        if source is None or target is None:
            raise UsageError("network path needs --from NAME and --to NAME")
        if metric or fmt or output:
            raise UsageError("network path takes --from and --to only (no --metric, --format or -o)")
        with Store.open(store_dir, read_only=True) as store:
            graph = co_asker_network(store)
        start, end = find_node(graph, source), find_node(graph, target)
        path = shortest_path(graph, start, end)
        if path is None:
            click.echo(f"no co-asker path between {source} and {target}", err=True)
            sys.exit(1)
        click.echo(format_ranking(path_ranking(graph, path)), nl=False)
        return
    if source is not None or target is not None:
        raise UsageError("--from and --to are for `kgraph network path`")
    with Store.open(store_dir, read_only=True) as store:
        graph = build_view(store, view)
    exported = fmt is not None or output is not None
    if exported:
        if metric is not None:
            annotate(graph, metric)
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
    if show_errors:
        for miss in scores.misses:
            click.echo(f"{miss.file}\t{miss.field}\t{miss.kind}\t{miss.detail}")
    for failure in scores.failures:
        click.echo(f"Error: {failure}", err=True)
    if scores.failures:
        # Scores over the documents that were read would hide the ones that were not.
        raise KgraphError(f"{len(scores.failures)} of {len(files)} gold documents could not be read")


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


@main.command()
@_store_option
@click.option("--bind", default="127.0.0.1:7878", show_default=True, metavar="HOST:PORT",
              help="Address to listen on; the default reaches only this machine.")
@click.option("--writable", is_flag=True,
              help="Also accept SPARQL Update (/update) and Graph Store Protocol writes (/store); takes the store's lock.")
@_errors_to_exit_codes
def serve(store_dir: Path, bind: str, writable: bool) -> None:
    """Serve the store as a SPARQL 1.1 Protocol endpoint (/query) with a browser query page, until Ctrl-C.

    Runs Oxigraph's server (the `oxigraph` command from the PyPI package of the same name and release as
    pyoxigraph). Read-only by default. Queries need their PREFIX lines.

    \b
    Example:
      kgraph serve --store kgraph-store --bind 127.0.0.1:7878
    """
    from kgraph.serve import parse_bind
    from kgraph.serve import serve as run_server

    def echo(line: str) -> None:
        click.echo(line)
        sys.stdout.flush()  # a caller reading the address from a pipe sees it now, not when the server stops

    sys.exit(run_server(store_dir, parse_bind(bind), writable=writable, echo=echo,
                        warn=lambda line: click.echo(line, err=True)))


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's Graph Store Protocol address, e.g. http://localhost:7878/store (Oxigraph), "
                   "http://localhost:3030/DATASET/data (Fuseki).")
@_store_option
@click.option("--user", help="User name, when the server asks for a login (HTTP Basic or Digest).")
@click.option("--password", envvar="KGRAPH_PASSWORD", help="Password for --user (or $KGRAPH_PASSWORD).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True, metavar="SECONDS",
              help="How long to wait for the server's answer to one graph.")
@_errors_to_exit_codes
def push(endpoint: str, store_dir: Path, user: str | None, password: str | None, timeout: float) -> None:
    """Load the graph into a SPARQL 1.1 Graph Store Protocol server: one PUT ?graph=<IRI> per document graph,
    plus the reference graph. Pushing again replaces those graphs; other graphs on the server are left alone.

    \b
    Example:
      kgraph push --endpoint http://localhost:7878/store --store kgraph-store
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
            summary = run_push(store, targets, client, on_graph=lambda pushed: bar.advance(str(pushed.target.graph)))
    for line in summary.lines():
        click.echo(line)


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write (atomically).")
@_store_option
@_errors_to_exit_codes
def report(output: Path, store_dir: Path) -> None:
    """Write one self-contained HTML page about the store: counts, SHACL status, top tables, the co-asker network
    and answer times per ministry. No scripts, no outside addresses: it opens offline and can be mailed.

    \b
    Example:
      kgraph report -o report.html --store kgraph-store
    """
    from kgraph.report import write_report
    from kgraph.store import Store

    with Store.open(store_dir, read_only=True) as store:
        facts = write_report(store, output, name=str(store_dir))
    shacl = "conforms" if facts.shacl.conforms else f"{facts.shacl.violations} SHACL results"
    click.echo(f"written {output} ({dict(facts.counts).get('documents', 0)} documents; {shacl})")
