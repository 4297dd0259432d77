"""The query library: named SPARQL queries shipped as `.rq` files in `kgraph/queries/`, with typed parameters.

Each file starts with a header of comment lines, then the query:

    # name: answer-time
    # description: Days from ingezonden to ontvangen per answering ministry ...
    #   (further lines of the description are indented)
    # parameter: term (xsd:integer, default 21): the answer term in days
    # parameter: since (xsd:date): only answers received on or after this date

A parameter names a variable of the query (`?term`). Its value, from the command line or the default, is parsed
to an RDF term of the declared type (IRI, xsd:date, xsd:integer, xsd:boolean or string) and bound with a
`VALUES` block built from pyoxigraph's serialisation of that term, which the library puts where the query has
its `# @parameters` line (at each, if it has two). The value is never pasted into the query as text:
"2024-01-01 } ..." is not a date, and a string's quotes and backslashes are escaped by the serialiser. A
parameter without a value (no default, none given) is `UNDEF`, so the query sees the variable unbound and can
test `!BOUND(?since)`.

Why VALUES and not pyoxigraph's `substitutions`: pyoxigraph 0.5 substitutes only variables the outer SELECT
projects ("The SPARQL query does not contains variable ?since in its SELECT projection"), which would put every
parameter in every result and rules out parameters used only inside FILTERs and subqueries.

>>> query = named_query("answer-time")
>>> [parameter.name for parameter in query.parameters]
['term', 'since', 'until']
>>> print(query.values_block({"term": "30"}))
VALUES (?term ?since ?until) { ("30"^^<http://www.w3.org/2001/XMLSchema#integer> UNDEF UNDEF) }
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from types import MappingProxyType

import pyoxigraph as ox

from kgraph.errors import QueryError, UsageError
from kgraph.results import Cell, QueryResult
from kgraph.store import Store
from kgraph.vocab import PREFIXES

__all__ = [
    "NamedQuery",
    "Parameter",
    "ParameterType",
    "describe_library",
    "library",
    "library_listing",
    "named_query",
    "parse_assignments",
    "queries_dir",
    "run_named_query",
]

PARAMETERS_MARKER = "# @parameters"

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HEADER_LINE = re.compile(r"^#\s?(?P<text>.*)$")
_FIELD = re.compile(r"^(?P<key>name|description|parameter):\s*(?P<value>.*)$")
_PARAMETER = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+\((?P<type>[^,)]+)(?:,\s*default\s+(?P<default>[^)]*))?\):\s*(?P<doc>.+)$"
)
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_BOOLEANS = {"true": "true", "false": "false", "1": "true", "0": "false", "yes": "true", "no": "false"}


class ParameterType(Enum):
    """The RDF types a parameter can have, by the name the header uses."""

    IRI = "IRI"
    DATE = "xsd:date"
    INTEGER = "xsd:integer"
    BOOLEAN = "xsd:boolean"
    STRING = "string"

    def term(self, value: str) -> ox.NamedNode | ox.Literal:
        """`value` as an RDF term of this type; ValueError saying what was expected when it is not one.

        >>> ParameterType.DATE.term("2024-11-14")
        <Literal value=2024-11-14 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#date>>
        >>> ParameterType.IRI.term("kg:asker")
        <NamedNode value=https://w3id.org/kgraph/def#asker>
        """
        text = value.strip()
        if self is ParameterType.IRI:
            return ox.NamedNode(_expand(text))  # pyoxigraph refuses what is not an absolute IRI
        if self is ParameterType.DATE:
            if not _DATE.match(text):
                raise ValueError("expected a date as YYYY-MM-DD")
            dt.date.fromisoformat(text)  # 2024-02-30 is not a date
            return ox.Literal(text, datatype=ox.NamedNode(_XSD + "date"))
        if self is ParameterType.INTEGER:
            if not _INTEGER.match(text):
                raise ValueError("expected a whole number")
            return ox.Literal(str(int(text)), datatype=ox.NamedNode(_XSD + "integer"))
        if self is ParameterType.BOOLEAN:
            if text.lower() not in _BOOLEANS:
                raise ValueError("expected true or false")
            return ox.Literal(_BOOLEANS[text.lower()], datatype=ox.NamedNode(_XSD + "boolean"))
        return ox.Literal(value)


def _expand(text: str) -> str:
    """A prefixed name with one of kgraph's prefixes (kg:asker) as its full IRI; anything else unchanged."""
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return text


@dataclass(frozen=True, slots=True)
class Parameter:
    """A parameter of a named query: the variable it binds, its type, its default (None: unbound) and what it does."""

    name: str
    type: ParameterType
    default: str | None
    description: str

    def term(self, value: str) -> ox.NamedNode | ox.Literal:
        try:
            return self.type.term(value)
        except ValueError as err:
            raise UsageError(f"parameter {self.name} ({self.type.value}): {value!r} is not valid: {err}") from None

    def signature(self) -> str:
        """'term (xsd:integer, default 21)'."""
        default = "" if self.default is None else f", default {self.default}"
        return f"{self.name} ({self.type.value}{default})"


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """One `.rq` file of the library."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    sparql: str
    path: Path

    def values_block(self, values: Mapping[str, str]) -> str:
        """The VALUES clause that binds every parameter: the given value, else the default, else UNDEF."""
        known = {parameter.name: parameter for parameter in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            accepted = ", ".join(p.signature() for p in self.parameters) or "none"
            raise UsageError(f"query {self.name} has no parameter {', '.join(unknown)}; its parameters: {accepted}")
        terms = []
        for parameter in self.parameters:
            value = values.get(parameter.name, parameter.default)
            terms.append("UNDEF" if value is None else str(parameter.term(value)))
        variables = " ".join(f"?{parameter.name}" for parameter in self.parameters)
        return f"VALUES ({variables}) {{ ({' '.join(terms)}) }}"

    def bound(self, values: Mapping[str, str]) -> str:
        """The query text with its parameters bound (each marker line replaced by the VALUES block)."""
        block = self.values_block(values)
        if not self.parameters:
            return self.sparql
        # Every marker line: a query that reads the build's rollups binds its parameters in the rollup form and in
        # the form that counts the documents, for a store without rollups (kgraph/rollups.py).
        lines = [
            line[: len(line) - len(line.lstrip())] + block if line.strip() == PARAMETERS_MARKER else line
            for line in self.sparql.splitlines()
        ]
        return "\n".join(lines) + "\n"


def queries_dir() -> Path:
    """The folder of the shipped `.rq` files (inside the package, so wheels carry it)."""
    return Path(__file__).resolve().parent / "queries"


@cache
def library() -> Mapping[str, NamedQuery]:
    """Every shipped query by name, in name order."""
    queries = (parse_query_file(path) for path in sorted(queries_dir().glob("*.rq")))
    return MappingProxyType({query.name: query for query in sorted(queries, key=lambda query: query.name)})


def named_query(name: str) -> NamedQuery:
    """The query called `name`; a UsageError listing the names there are when there is none."""
    try:
        return library()[name]
    except KeyError:
        raise UsageError(f"no query named {name!r}; available: {', '.join(library())}") from None


def run_named_query(store: Store, name: str, values: Mapping[str, str] | None = None) -> QueryResult:
    """Run the named query on `store` with parameter `values` (strings, parsed to each parameter's type)."""
    return store.query(named_query(name).bound(values or {}))


def library_listing() -> QueryResult:
    """The library as a result table (name, description, parameters), for CSV and JSON output."""
    rows = tuple(
        (
            Cell(query.name),
            Cell(query.description),
            Cell("; ".join(f"{p.signature()}: {p.description}" for p in query.parameters)),
        )
        for query in library().values()
    )
    return QueryResult(kind="select", variables=("name", "description", "parameters"), cells=rows)


def describe_library(width: int = 100) -> str:
    """The library as text: each query's name, its description wrapped to `width`, and its parameters."""
    blocks = []
    for query in library().values():
        lines = [
            query.name,
            *textwrap.wrap(
                query.description, width, initial_indent="    ", subsequent_indent="    ", break_on_hyphens=False
            ),
        ]
        for parameter in query.parameters:
            lines.extend(
                textwrap.wrap(
                    f"--param {parameter.signature()}: {parameter.description}",
                    width,
                    initial_indent="    ",
                    subsequent_indent="        ",
                    break_on_hyphens=False,
                )
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def parse_assignments(assignments: Iterable[str]) -> dict[str, str]:
    """`key=value` strings (from `--param`) as a dict; a UsageError for one without '=' or given twice.

    >>> parse_assignments(["term=30", "title=a=b"])
    {'term': '30', 'title': 'a=b'}
    """
    values: dict[str, str] = {}
    for assignment in assignments:
        key, equals, value = assignment.partition("=")
        key = key.strip()
        if not equals or not _VARIABLE.match(key):
            raise UsageError(f"--param {assignment!r}: expected NAME=VALUE")
        if key in values:
            raise UsageError(f"--param {key} is given twice")
        values[key] = value
    return values


def parse_query_file(path: Path) -> NamedQuery:
    """Read one `.rq` file: its header fields and its query. A QueryError names the file and what is wrong."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    last: str | None = None
    for line in text.splitlines():
        header = _HEADER_LINE.match(line)
        if header is None:
            break  # the header ends at the first line that is not a comment
        content = header.group("text")
        field = _FIELD.match(content)
        if field is not None:
            last = field.group("key")
            if last == "parameter":
                parameters.append(_parameter(path, field.group("value")))
            else:
                fields[last] = field.group("value").strip()
        elif content.startswith("  ") and last == "description":
            fields["description"] += " " + content.strip()
        elif content.startswith("  ") and last == "parameter":
            previous = parameters[-1]
            parameters[-1] = Parameter(
                previous.name, previous.type, previous.default, f"{previous.description} {content.strip()}"
            )
        else:
            last = None  # a comment that is not part of the header fields (e.g. a note on the query)
    name = fields.get("name", "")
    if name != path.stem or not _NAME.match(name):
        raise QueryError(f"{path}: the header must start with '# name: {path.stem}'")
    if not fields.get("description"):
        raise QueryError(f"{path}: no '# description:' line")
    names = [parameter.name for parameter in parameters]
    if len(set(names)) != len(names):
        raise QueryError(f"{path}: a parameter is declared twice")
    has_marker = any(line.strip() == PARAMETERS_MARKER for line in text.splitlines())
    if parameters and not has_marker:
        raise QueryError(f"{path}: parameters are declared but there is no '{PARAMETERS_MARKER}' line to bind them")
    for parameter in parameters:
        if not re.search(rf"\?{parameter.name}\b", text):
            raise QueryError(f"{path}: parameter {parameter.name} is not a variable of the query")
        if parameter.default is not None:
            try:
                parameter.type.term(parameter.default)
            except ValueError as err:
                raise QueryError(f"{path}: default of {parameter.name}: {err}") from None
    return NamedQuery(name, fields["description"], tuple(parameters), text, path)


def _parameter(path: Path, text: str) -> Parameter:
    found = _PARAMETER.match(text.strip())
    if found is None:
        raise QueryError(f"{path}: expected '# parameter: NAME (TYPE[, default VALUE]): what it does', got {text!r}")
    try:
        kind = ParameterType(found.group("type").strip())
    except ValueError:
        types = ", ".join(t.value for t in ParameterType)
        raise QueryError(f"{path}: parameter {found.group('name')}: unknown type; types: {types}") from None
    default = found.group("default")
    return Parameter(found.group("name"), kind, None if default is None else default.strip(), found.group("doc").strip())
