"""The one home of the file formats kgraph reads and writes: names, aliases, suffixes and media types.

Every command's `--format` and `--input-format` takes these names (case-insensitively, aliases included) and
normalises them to the canonical one; `-o FILE`'s extension, or the input file's, decides the format when no
option names it. RDF formats are those of the W3C's format registry (https://www.w3.org/ns/formats/), with the
names pyoxigraph (`pyoxigraph.RdfFormat`) and rdflib give them; query results are the four W3C SPARQL 1.1 result
formats (JSON, XML, CSV and TSV) plus kgraph's own aligned `table`.

>>> rdf_format("Turtle").name, rdf_format("json-ld").name, rdf_format("NQUADS").name
('ttl', 'jsonld', 'nq')
>>> output_format(Path("graph.nt"), None, EXPORT_FORMATS, default="ttl")
'nt'
>>> input_format(Path("graph.ttl"), None).label
'Turtle'
>>> query_format("graph", None, Path("result.json")), query_format("select", None, Path("result.json"))
('jsonld', 'json')

Nothing here imports pyoxigraph or rdflib, so the command line can build its options without loading them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import click

from kgraph.errors import UsageError

__all__ = [
    "DESCRIBE_FORMATS",
    "EXPORT_FORMATS",
    "EXTRACT_FORMATS",
    "FormatChoice",
    "QUERY_FORMATS",
    "RDF_FORMATS",
    "REPORT_FORMATS",
    "RESULT_FORMATS",
    "RdfFormat",
    "ResultFormat",
    "check_query_output",
    "choice",
    "input_format",
    "is_stdio",
    "normalise",
    "output_format",
    "query_format",
    "rdf_format",
    "result_format",
]


@dataclass(frozen=True, slots=True)
class RdfFormat:
    """An RDF serialisation: `name` is what kgraph calls it, `aliases` the other names it accepts, `suffixes`
    the file extensions that mean it (the first is the one to write), `oxigraph` the `pyoxigraph.RdfFormat`
    member and `rdflib` rdflib's plugin name. `datasets`: whether it can hold named graphs."""

    name: str
    label: str
    aliases: tuple[str, ...]
    suffixes: tuple[str, ...]
    media_type: str
    oxigraph: str
    rdflib: str
    datasets: bool


@dataclass(frozen=True, slots=True)
class ResultFormat:
    """A SPARQL SELECT / ASK result format; `oxigraph` names the `pyoxigraph.QueryResultsFormat` member, None
    for kgraph's own table."""

    name: str
    label: str
    aliases: tuple[str, ...]
    suffixes: tuple[str, ...]
    media_type: str
    oxigraph: str | None


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("ttl", "Turtle", ("turtle",), (".ttl",), "text/turtle", "TURTLE", "turtle", False),
    RdfFormat("nt", "N-Triples", ("ntriples", "n-triples"), (".nt",), "application/n-triples", "N_TRIPLES", "nt",
              False),
    RdfFormat("nq", "N-Quads", ("nquads", "n-quads"), (".nq",), "application/n-quads", "N_QUADS", "nquads", True),
    RdfFormat("trig", "TriG", (), (".trig",), "application/trig", "TRIG", "trig", True),
    RdfFormat("jsonld", "JSON-LD", ("json-ld",), (".jsonld",), "application/ld+json", "JSON_LD", "json-ld", True),
    RdfFormat("rdfxml", "RDF/XML", ("rdf/xml", "rdf-xml"), (".rdf", ".owl"), "application/rdf+xml", "RDF_XML",
              "xml", False),
)

RESULT_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("table", "aligned table", (), (".txt",), "text/plain; charset=utf-8", None),
    ResultFormat("csv", "SPARQL 1.1 CSV results", (), (".csv",), "text/csv; charset=utf-8", "CSV"),
    ResultFormat("tsv", "SPARQL 1.1 TSV results", (), (".tsv",), "text/tab-separated-values; charset=utf-8", "TSV"),
    ResultFormat("json", "SPARQL 1.1 Query Results JSON", ("srj",), (".srj", ".json"),
                 "application/sparql-results+json", "JSON"),
    ResultFormat("xml", "SPARQL Query Results XML", ("srx",), (".srx", ".xml"), "application/sparql-results+xml",
                 "XML"),
)

_RDF = {fmt.name: fmt for fmt in RDF_FORMATS}
_RESULTS = {fmt.name: fmt for fmt in RESULT_FORMATS}

# Which names each command offers. A one-graph output (extract, describe, a validation report) has no use for the
# dataset formats; `extract` prints many documents one after the other, which RDF/XML cannot hold in one stream.
EXPORT_FORMATS = tuple(_RDF)
DESCRIBE_FORMATS = ("ttl", "nt", "jsonld", "rdfxml")
REPORT_FORMATS = ("text", "ttl", "nt", "jsonld", "rdfxml")
EXTRACT_FORMATS = ("json", "ttl", "nt", "jsonld")
QUERY_FORMATS = (*_RESULTS, *_RDF)

# A graph result (CONSTRUCT, DESCRIBE) written to a file named .json or .xml is the RDF form of those.
_GRAPH_SUFFIXES = {".json": "jsonld", ".xml": "rdfxml"}

ResultKind = Literal["select", "ask", "graph"]


def _aliases(name: str, names: Sequence[str] = QUERY_FORMATS) -> tuple[str, ...]:
    """The other names of `name` among the formats `names`: a result format's only where results are meant (in
    `extract`, json is the JSON record, whose other name srj would not be)."""
    if name in _RDF:
        return _RDF[name].aliases
    if name in _RESULTS and "csv" in names:
        return _RESULTS[name].aliases
    return ()


def _suffixes(name: str) -> tuple[str, ...]:
    if name in _RDF:
        return _RDF[name].suffixes
    if name in _RESULTS:
        return _RESULTS[name].suffixes
    return ()


def _listed(names: Sequence[str]) -> str:
    """'ttl (or turtle), nt (or ntriples, n-triples), …': what a miss lists."""
    return ", ".join(f"{name} (or {', '.join(_aliases(name, names))})" if _aliases(name, names) else name
                     for name in names)


def normalise(value: str, names: Sequence[str], what: str = "format") -> str:
    """The canonical name among `names` that `value` is, or an alias of, case-insensitively.

    >>> normalise("JSON-LD", EXPORT_FORMATS)
    'jsonld'
    >>> normalise("n3", EXPORT_FORMATS)
    Traceback (most recent call last):
    ...
    kgraph.errors.UsageError: unknown format 'n3'; available: ttl (or turtle), nt (or ntriples, n-triples), nq (or nquads, n-quads), trig, jsonld (or json-ld), rdfxml (or rdf/xml, rdf-xml)
    """
    wanted = value.strip().lower()
    for name in names:
        if wanted == name or wanted in _aliases(name, names):
            return name
    raise UsageError(f"unknown {what} {value!r}; available: {_listed(names)}")


def rdf_format(value: str) -> RdfFormat:
    """The RDF format a name or alias stands for; a `UsageError` listing them otherwise."""
    return _RDF[normalise(value, EXPORT_FORMATS)]


def result_format(value: str) -> ResultFormat:
    """The SPARQL result format a name or alias stands for; a `UsageError` listing them otherwise."""
    return _RESULTS[normalise(value, tuple(_RESULTS))]


def is_stdio(path: Path | str | None) -> bool:
    """Whether a path option means stdin or stdout: '-'."""
    return path is not None and str(path) == "-"


def output_format(output: Path | None, given: str | None, names: Sequence[str], *, default: str) -> str:
    """The format to write: `given` (--format) when there is one, else the one `output`'s extension names among
    `names`, else `default` for stdout. An extension that names none of them is a `UsageError` naming the file."""
    if given is not None:
        return normalise(given, names)
    if output is None or is_stdio(output):
        return default
    suffix = output.suffix.lower()
    for name in names:
        if suffix in _suffixes(name):
            return name
    raise UsageError(f"{output}: cannot tell the format from the extension {suffix or '(none)'!r}; give --format "
                     f"({_listed(names)}), or name the file {_suggested(output, names)}")


def _suggested(output: Path, names: Sequence[str]) -> str:
    suffixes = [_suffixes(name)[0] for name in names if _suffixes(name)]
    return " or ".join(output.with_suffix(suffix).name for suffix in suffixes[:2]) if suffixes else "otherwise"


def input_format(source: Path | None, given: str | None, *, default: str | None = None) -> RdfFormat:
    """The RDF format to read: `given` (--input-format), else the one the file's extension names, else `default`
    (for stdin, where there is no extension). A `UsageError` naming the file when neither tells."""
    if given is not None:
        return rdf_format(given)
    if source is None or is_stdio(source):
        if default is not None:
            return _RDF[default]
        raise UsageError("reading RDF from stdin needs --input-format "
                         f"({_listed(EXPORT_FORMATS)})")
    suffix = source.suffix.lower()
    for fmt in RDF_FORMATS:
        if suffix in fmt.suffixes:
            return fmt
    raise UsageError(f"{source}: cannot tell the RDF format from the extension {suffix or '(none)'!r}; give "
                     f"--input-format ({_listed(EXPORT_FORMATS)})")


def query_format(kind: ResultKind, given: str | None, output: Path | None) -> str:
    """The format of a query's result: `given` (--format), else from `output`'s extension, else `table` for SELECT
    and ASK and Turtle for a graph (CONSTRUCT, DESCRIBE). Solutions are written in a result format, a graph in an
    RDF format; the other way round is a `UsageError` that says which to use.

    >>> query_format("select", "turtle", None)
    Traceback (most recent call last):
    ...
    kgraph.errors.UsageError: a SELECT or ASK query gives solutions, not a graph: use --format table, csv, tsv, json or xml
    """
    if given is None and output is not None and not is_stdio(output):
        suffix = output.suffix.lower()
        if kind == "graph" and suffix in _GRAPH_SUFFIXES:
            return _GRAPH_SUFFIXES[suffix]
        given = output_format(output, None, QUERY_FORMATS, default="table")
    if given is None:
        return "ttl" if kind == "graph" else "table"
    name = normalise(given, QUERY_FORMATS)
    if kind == "graph" and name in _RESULTS and name != "table":
        raise UsageError(f"a {_kind_name(kind)} query gives a graph, not solutions: use --format "
                         f"{', '.join(EXPORT_FORMATS[:-1])} or {EXPORT_FORMATS[-1]} (or table, one triple a line)")
    if kind != "graph" and name in _RDF:
        results = tuple(_RESULTS)
        raise UsageError(f"a {_kind_name(kind)} query gives solutions, not a graph: use --format "
                         f"{', '.join(results[:-1])} or {results[-1]}")
    return name


def check_query_output(given: str | None, output: Path | None) -> None:
    """Refuse, before a query runs, a --format or -o extension no query result could be written in."""
    if given is not None:
        normalise(given, QUERY_FORMATS)
    elif output is not None and not is_stdio(output) and output.suffix.lower() not in _GRAPH_SUFFIXES:
        output_format(output, None, QUERY_FORMATS, default="table")


def _kind_name(kind: ResultKind) -> str:
    return "CONSTRUCT or DESCRIBE" if kind == "graph" else "SELECT or ASK"


class FormatChoice(click.Choice):  # type: ignore[type-arg]
    """A `click.Choice` of format names that also takes their aliases, in any case, and gives the canonical name.

    `--help` shows the canonical names; shell completion offers aliases too.
    """

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        spellings = [spelling for name in self.names for spelling in (name, *_aliases(name, self.names))]
        super().__init__(spellings, case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return normalise(str(value), self.names)
        except UsageError as err:
            self.fail(str(err), param, ctx)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.names) + "]"


def choice(names: Sequence[str]) -> FormatChoice:
    """The click type of a --format option offering `names`."""
    return FormatChoice(names)

