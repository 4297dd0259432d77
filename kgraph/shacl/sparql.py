"""SPARQL-based constraints (https://www.w3.org/TR/shacl/#sparql-constraints), evaluated as pySHACL has rdflib
evaluate them, over the data's index.

pySHACL runs a constraint's SELECT once per focus node through rdflib's SPARQL engine, with $this pre-bound
(`initBindings`). Most of that time is rdflib's machinery, not the few dozen triples a query touches, so the query
is parsed and translated by rdflib once per process (the very algebra rdflib would run), and the algebra is then
evaluated here: each operator is a port of rdflib's (rdflib/plugins/sparql/evaluate.py: `evalBGP`, `evalJoin` with
its lazy joins, `evalLeftJoin`, `evalFilter` with `forget`, `evalExtend` ...), and each SPARQL function is rdflib's
own function (rdflib/plugins/sparql/operators.py), called with its arguments evaluated, so values, errors and
comparisons are rdflib's (rdflib orders literals of unlike datatypes by datatype IRI, where SPARQL 1.1 would raise
a type error; Oxigraph, which follows the spec, gave other results on the mutation suite). pySHACL's own steps are
kept too: its prefixes, its checks of the query text, its removal of duplicate rows and its message templates
({?var}, {$this}; the one deliberate difference: a value goes into a message as it is, where pySHACL's re.sub
reads backslashes in it as escapes, see `_fill`).

Operators that need an order or counts (ORDER BY, LIMIT, GROUP BY and aggregates), GRAPH, SERVICE, VALUES and MINUS
raise `Unsupported` when the shapes are compiled.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator
from types import MethodType
from typing import TYPE_CHECKING, Any, cast

import operator
from urllib.parse import quote

from pyparsing import ParseResults
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, Path, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.datatypes import XSD_DTs
from rdflib.plugins.sparql.operators import EBV, _compatibleStrings, string
from rdflib.plugins.sparql.parserutils import CompValue, Expr
from rdflib.plugins.sparql.sparql import NotBoundError, SPARQLError
from rdflib.term import Node

from kgraph.shacl.core import Constraint, Fallback, FocusValues, Outcome, Shape
from kgraph.shacl.index import Index
from kgraph.shacl.paths import Unsupported
from kgraph.shacl.results import Result
from kgraph.vocab import RDF, SH

if TYPE_CHECKING:
    from kgraph.shacl.core import ShapesCompiler

__all__ = ["compile_constraint"]

Bindings = dict[Node, Node]


class _Run:
    """One evaluation of a query: the index, the pre-bound variables, and what rdflib's functions read from their
    context (NOW() is fixed per evaluation, as in rdflib)."""

    __slots__ = ("bnodes", "constants", "index", "init", "now", "prologue")

    def __init__(self, index: Index, init: Bindings, prologue: Any) -> None:
        self.index = index
        self.init = init
        self.prologue = prologue
        self.bnodes: defaultdict[Node, BNode] = defaultdict(BNode)
        self.now = dt.datetime.now(dt.timezone.utc)
        self.constants: dict[object, Any] = {}  # the values of expressions without variables (`_Compiler.expr`)


Part = Callable[[_Run, Bindings], Iterable[Bindings]]
_Row = tuple[bool, Node | None, Node | None, Node | None, dict[str, Node]]
ExprFunction = Callable[[_Run, Bindings], Any]  # a term, or the SPARQLError rdflib's Expr.eval returns


class _Args(dict[str, Any]):
    """An rdflib Expr with its arguments already evaluated, as rdflib's operator functions read it."""

    name: str = ""

    def __getattr__(self, key: str) -> Any:
        return dict.get(self, key)


def _raw(node: CompValue, key: str) -> Any:
    """`node.key` as rdflib's evaluator reads it, without evaluating it: an attribute set on the node (rdflib's
    translateExists sets `graph` and `no_isolated_scope` that way), else the item, else None."""
    attributes = vars(node)
    if key in attributes:
        return attributes[key]
    return OrderedDict.get(node, key)


def _is_variable(node: Any) -> bool:
    return isinstance(node, (Variable, BNode))


def _forget(run: _Run, solution: Bindings, ctx: Bindings, keep: Any) -> Bindings:
    """rdflib's FrozenBindings.forget: what `solution` bound since `ctx`, and the variables in `keep`, and the
    pre-bound ones."""
    init = run.init
    if len(ctx) == len(init):  # nothing bound outside but the pre-bound variables: nothing to forget
        return solution
    keep = keep or ()
    return {k: v for k, v in solution.items() if k in keep or k in init or k not in ctx}


class _Compiler:
    """rdflib algebra -> closures (rdflib/plugins/sparql/evaluate.py `evalPart`). The query's constants are
    interned with `terms`, as the data's are (kgraph/shacl/index.py)."""

    def __init__(self, terms: dict[Node, Node]) -> None:
        self.terms = terms
        # rdflib makes a new Variable for each occurrence; one object per name makes bindings look-ups identity hits
        self.variables: dict[Node, Node] = {}

    def intern(self, term: Any) -> Any:
        if isinstance(term, Path):
            return _intern_path(term, self.intern)
        if isinstance(term, (Variable, BNode)):
            return self.variables.setdefault(term, term)
        if isinstance(term, (URIRef, Literal)):
            return self.terms.setdefault(term, term)
        return term

    def intern_all(self, terms: Any) -> frozenset[Any] | None:
        return None if terms is None else frozenset(self.intern(t) for t in terms)

    def part(self, node: Any) -> Part:
        if not isinstance(node, CompValue):
            raise Unsupported(f"unexpected SPARQL algebra {node!r}")
        make = getattr(self, f"_part_{node.name}", None)
        if make is None:
            raise Unsupported(f"SPARQL {node.name} is not implemented")
        result: Part = make(node)
        return result

    def _part_SelectQuery(self, node: CompValue) -> Part:
        if _raw(node, "datasetClause") is not None:
            raise Unsupported("FROM in a SPARQL constraint")
        return self.part(_raw(node, "p"))

    def _part_Project(self, node: CompValue) -> Part:
        inner = self.part(_raw(node, "p"))
        variables = self.intern_all(_raw(node, "PV")) or frozenset()

        def project(run: _Run, ctx: Bindings) -> Iterator[Bindings]:
            for row in inner(run, ctx):
                yield {k: v for k, v in row.items() if k in variables}

        return project

    def _part_Distinct(self, node: CompValue) -> Part:
        return self.part(_raw(node, "p"))  # duplicates are removed at the end (pySHACL drops repeated rows)

    _part_Reduced = _part_Distinct

    def _part_ToMultiSet(self, node: CompValue) -> Part:
        inner = _raw(node, "p")
        if isinstance(inner, CompValue) and inner.name == "values":
            raise Unsupported("VALUES in a SPARQL constraint")
        return self.part(inner)

    def _part_BGP(self, node: CompValue) -> Part:
        patterns = []
        for triple in _raw(node, "triples"):
            s, p, o = triple
            if isinstance(p, Path) and not _supported_path(p):
                raise Unsupported(f"SPARQL path {p!r} is not implemented")
            patterns.append(_Pattern(self.intern(s), self.intern(p), self.intern(o)))
        return _BGP(patterns).solutions

    def _part_Filter(self, node: CompValue) -> Part:
        inner = self.part(_raw(node, "p"))
        test = self.ebv(_raw(node, "expr"))
        keep = self.intern_all(_raw(node, "_vars"))
        isolated = not _raw(node, "no_isolated_scope")

        def filter_(run: _Run, ctx: Bindings) -> Iterator[Bindings]:
            for c in inner(run, ctx):
                if test(run, _forget(run, c, ctx, keep) if isolated else c):
                    yield c

        return filter_

    def _part_Extend(self, node: CompValue) -> Part:
        inner = self.part(_raw(node, "p"))
        value = self.eval(_raw(node, "expr"))
        variable = self.intern(_raw(node, "var"))
        keep = self.intern_all(_raw(node, "_vars"))

        def extend(run: _Run, ctx: Bindings) -> Iterator[Bindings]:
            for c in inner(run, ctx):
                try:
                    e = value(run, _forget(run, c, ctx, keep))
                except SPARQLError:
                    yield c
                    continue
                if isinstance(e, SPARQLError):
                    yield c
                else:
                    yield {**c, variable: e}

        return extend

    def _part_Join(self, node: CompValue) -> Part:
        first = self.part(_raw(node, "p1"))
        second = self.part(_raw(node, "p2"))
        if _raw(node, "lazy"):

            def lazy_join(run: _Run, ctx: Bindings) -> Iterator[Bindings]:
                for a in first(run, ctx):
                    for b in second(run, _thaw(run, a)):
                        yield {**b, **a}

            return lazy_join

        def join(run: _Run, ctx: Bindings) -> Iterator[Bindings]:
            right = list(second(run, ctx))
            for x in first(run, ctx):
                for y in right:
                    if _compatible(run, x, y):
                        yield {**x, **y}

        return join

    def _part_Union(self, node: CompValue) -> Part:
        first = self.part(_raw(node, "p1"))
        second = self.part(_raw(node, "p2"))

        def union(run: _Run, ctx: Bindings) -> Iterator[Bindings]:
            both = list(first(run, ctx))
            both += second(run, ctx)
            return iter(both)

        return union

    def _part_LeftJoin(self, node: CompValue) -> Part:
        first_node = _raw(node, "p1")
        first = self.part(first_node)
        second = self.part(_raw(node, "p2"))
        test = self.ebv(_raw(node, "expr"))
        first_vars = self.intern_all(_raw(first_node, "_vars")) if isinstance(first_node, CompValue) else None

        def left_join(run: _Run, ctx: Bindings) -> Iterator[Bindings]:
            for a in first(run, ctx):
                ok = False
                for b in second(run, _thaw(run, a)):
                    if test(run, _forget(run, b, ctx, None)):
                        ok = True
                        yield {**b, **a}
                if not ok:
                    if first_vars is None:
                        yield a
                        continue
                    remembered = _thaw(run, {k: v for k, v in a.items() if k in first_vars})
                    if not any(test(run, b) for b in second(run, remembered)):
                        yield a

        return left_join

    # expressions

    def ebv(self, expr: Any) -> Callable[[_Run, Bindings], bool]:
        """rdflib's evalutils._ebv: the effective boolean value, False on an error."""
        if isinstance(expr, Literal):
            try:
                constant = bool(EBV(expr))
            except SPARQLError as error:
                raise Unsupported(f"a constant filter rdflib cannot evaluate: {error}") from error
            return lambda run, b: constant
        if isinstance(expr, Variable):
            expr = self.intern(expr)

            def variable(run: _Run, b: Bindings) -> bool:
                if expr not in b:
                    raise Fallback(f"rdflib raises KeyError for the unbound filter variable {expr}")
                try:
                    return bool(EBV(cast(Any, b[expr])))
                except SPARQLError:
                    return False

            return variable
        if isinstance(expr, Expr):
            function = self.expr(expr)

            def test(run: _Run, b: Bindings) -> bool:
                try:
                    return bool(EBV(function(run, b)))
                except SPARQLError:
                    return False

            return test
        if isinstance(expr, CompValue):
            raise Unsupported(f"a filter rdflib cannot evaluate: {expr.name}")
        return lambda run, b: False

    def eval(self, expr: Any) -> ExprFunction:
        """rdflib's evalutils._eval (BIND)."""
        if isinstance(expr, (Literal, URIRef)):
            return lambda run, b: expr
        if isinstance(expr, Expr):
            return self.expr(expr)
        if isinstance(expr, Variable):
            expr = self.intern(expr)

            def variable(run: _Run, b: Bindings) -> Any:
                if expr in b:
                    return b[expr]
                raise NotBoundError(f"Variable {expr} is not bound")

            return variable
        raise Unsupported(f"a BIND rdflib cannot evaluate: {expr!r}")

    def expr(self, node: Expr) -> ExprFunction:
        """An rdflib Expr (parserutils.Expr.eval): its value, or the SPARQLError it returns. An expression without
        variables (CONCAT(STR(YEAR(NOW()) + 1), "-12-31")) is evaluated once per query run."""
        function = self._expr(node)
        if _raw(node, "_vars") == set() and _deterministic(node):
            key = object()

            def once(run: _Run, b: Bindings) -> Any:
                constants = run.constants
                if key not in constants:
                    constants[key] = function(run, b)
                return constants[key]

            return once
        return function

    def _expr(self, node: Expr) -> ExprFunction:
        name = node.name
        if name.startswith("Aggregate_"):
            raise Unsupported("aggregates in a SPARQL constraint")
        special = getattr(self, f"_expr_{name}", None)
        if special is not None:
            result: ExprFunction = special(node)
            return result
        bound = vars(node).get("_evalfn")
        if not isinstance(bound, MethodType):
            raise Unsupported(f"SPARQL {name} has no function in rdflib")
        function = bound.__func__
        fast = _FAST.get(name) if getattr(function, "__name__", None) == name else None
        if fast is not None:  # rdflib's own function, of which there is a fast copy
            return _fast_call(fast[0], [self.argument(_raw(node, key)) for key in fast[1]])
        arguments = [(key, self.argument(value)) for key, value in OrderedDict.items(node) if key != "_vars"]

        def call(run: _Run, b: Bindings) -> Any:
            try:
                args = _Args({key: argument(run, b) for key, argument in arguments})
                args.name = name
                return function(args, run)
            except SPARQLError as error:
                return error

        return call

    def argument(self, value: Any, unbound_ok: bool = False) -> ExprFunction:
        """parserutils.value: how an rdflib function sees one of its arguments."""
        if isinstance(value, Expr):
            return self.expr(value)
        if isinstance(value, CompValue):
            raise Unsupported(f"SPARQL {value.name} as an argument")
        if isinstance(value, list):
            items = [self.argument(item, unbound_ok) for item in value]
            return lambda run, b: [item(run, b) for item in items]
        if _is_variable(value):
            value = self.intern(value)

            def lookup(run: _Run, b: Bindings) -> Any:
                found = b.get(value)
                if isinstance(found, SPARQLError):
                    raise found
                if found is not None:
                    return found
                if unbound_ok:
                    return value
                raise NotBoundError()

            return lookup
        if isinstance(value, ParseResults) and len(value) == 1:
            return self.argument(value[0], unbound_ok)
        return lambda run, b: value

    def _expr_TrueFilter(self, node: Expr) -> ExprFunction:
        return lambda run, b: TRUE

    def _expr_Builtin_IF(self, node: Expr) -> ExprFunction:
        condition, then, otherwise = (self.argument(_raw(node, key)) for key in ("arg1", "arg2", "arg3"))

        def if_(run: _Run, b: Bindings) -> Any:
            try:
                return then(run, b) if EBV(condition(run, b)) else otherwise(run, b)
            except SPARQLError as error:
                return error

        return if_

    def _expr_Builtin_COALESCE(self, node: Expr) -> ExprFunction:
        arguments = self.argument(_raw(node, "arg"), unbound_ok=True)

        def coalesce(run: _Run, b: Bindings) -> Any:
            try:
                for x in arguments(run, b):
                    if x is not None and not isinstance(x, (SPARQLError, Variable)):
                        return x
                raise SPARQLError("COALESCE got no arguments that did not evaluate to an error")
            except SPARQLError as error:
                return error

        return coalesce

    def _expr_Builtin_BOUND(self, node: Expr) -> ExprFunction:
        argument = self.argument(_raw(node, "arg"), unbound_ok=True)

        def bound(run: _Run, b: Bindings) -> Any:
            try:
                return FALSE if isinstance(argument(run, b), Variable) else TRUE
            except SPARQLError as error:
                return error

        return bound

    def _expr_Builtin_EXISTS(self, node: Expr) -> ExprFunction:
        graph = self.part(_raw(node, "graph"))
        found, missing = (TRUE, FALSE) if node.name == "Builtin_EXISTS" else (FALSE, TRUE)

        def exists_(run: _Run, b: Bindings) -> Any:
            try:
                for _ in graph(run, _thaw(run, b)):
                    return found
                return missing
            except SPARQLError as error:
                return error

        return exists_

    _expr_Builtin_NOTEXISTS = _expr_Builtin_EXISTS


# --- fast versions of rdflib's commonest SPARQL functions ----------------------------------------------------------
#
# rdflib's Literal() costs 5 to 9 µs, and a filter over a document's spans builds a few per span; these are rdflib's
# functions (rdflib/plugins/sparql/operators.py, same name) line for line, except that they build plain literals
# with `_plain` and return the two boolean literals below rather than new ones (tests/test_shacl.py checks `_plain`
# against Literal()).

TRUE = Literal(True)
FALSE = Literal(False)


def _plain(text: str) -> Literal:
    """Literal(text) for a str: a plain literal (no language, no datatype), built without Literal.__new__'s checks."""
    literal = str.__new__(Literal, text)
    literal._language = None
    literal._datatype = None
    literal._value = text
    literal._ill_typed = None
    return literal


def _boolean(value: Any) -> Literal:
    if value is True:
        return TRUE
    if value is False:
        return FALSE
    return Literal(value)


def _fast_STR(arg: Any) -> Literal:
    if isinstance(arg, SPARQLError):
        raise arg
    return _plain(str(arg))


def _fast_CONCAT(args: list[Any]) -> Literal:
    datatypes = {x.datatype for x in args if isinstance(x, Literal)}
    datatype = datatypes.pop() if len(datatypes) == 1 else None
    languages = {x.language for x in args if isinstance(x, Literal)}
    language = languages.pop() if len(languages) == 1 else None
    text = "".join(string(x) for x in args)
    if datatype is None and language is None:
        return _plain(text)
    return Literal(text, datatype=datatype, lang=language)


def _fast_STRSTARTS(a: Any, b: Any) -> Literal:
    _compatibleStrings(a, b)
    return _boolean(a.startswith(b))


def _fast_STRENDS(a: Any, b: Any) -> Literal:
    _compatibleStrings(a, b)
    return _boolean(a.endswith(b))


def _fast_CONTAINS(a: Any, b: Any) -> Literal:
    _compatibleStrings(a, b)
    return _boolean(b in a)


def _fast_LCASE(arg: Any) -> Literal:
    text = string(arg)
    if text.datatype is None and text.language is None:
        return _plain(text.lower())
    return Literal(text.lower(), datatype=text.datatype, lang=text.language)


def _fast_ENCODE_FOR_URI(arg: Any) -> Literal:
    return _plain(quote(string(arg).encode("utf-8"), safe=""))


def _fast_UnaryNot(expr: Any) -> Literal:
    return _boolean(not EBV(expr))


def _fast_ConditionalAndExpression(expr: Any, other: Any) -> Any:
    if other is None:
        return expr
    return _boolean(all(EBV(x) for x in [expr] + other))


def _fast_ConditionalOrExpression(expr: Any, other: Any) -> Any:
    if other is None:
        return expr
    error = None
    for x in [expr] + other:
        try:
            if EBV(x):
                return TRUE
        except SPARQLError as err:
            error = err
    if error:
        raise error
    return FALSE


_RELATIONS: dict[str, Callable[[Any, Any], Any]] = {
    ">": lambda x, y: x.__gt__(y),
    "<": lambda x, y: x.__lt__(y),
    "=": lambda x, y: x.eq(y),
    "!=": lambda x, y: x.neq(y),
    ">=": lambda x, y: x.__ge__(y),
    "<=": lambda x, y: x.__le__(y),
    "IN": operator.contains,
    "NOT IN": lambda x, y: not operator.contains(x, y),
}


def _fast_RelationalExpression(expr: Any, other: Any, op: Any) -> Any:
    if other is None:
        return expr
    if op in ("IN", "NOT IN"):
        res = op == "NOT IN"
        error: bool | SPARQLError = False
        if other == RDF.nil:
            other = []
        for x in other:
            try:
                if x == expr:
                    return _boolean(True ^ res)
            except SPARQLError as err:
                error = err
        if not error:
            return _boolean(False ^ res)
        raise error  # type: ignore[misc]
    if op not in ("=", "!=", "IN", "NOT IN"):
        if not isinstance(expr, Literal):
            raise SPARQLError("Compare other than =, != of non-literals is an error: %r" % expr)
        if not isinstance(other, Literal):
            raise SPARQLError("Compare other than =, != of non-literals is an error: %r" % other)
    else:
        if not isinstance(expr, Node):
            raise SPARQLError("I cannot compare this non-node: %r" % expr)
        if not isinstance(other, Node):
            raise SPARQLError("I cannot compare this non-node: %r" % other)
    if isinstance(expr, Literal) and isinstance(other, Literal):
        if (expr.datatype is not None and expr.datatype not in XSD_DTs
                and other.datatype is not None and other.datatype not in XSD_DTs):
            if op not in ("=", "!="):
                raise SPARQLError("Can only do =,!= comparisons of non-XSD Literals")
    try:
        r = _RELATIONS[op](expr, other)
        if r == NotImplemented:
            raise SPARQLError("Error when comparing")
    except TypeError as te:
        raise SPARQLError(*te.args) from te
    return _boolean(r)


# name -> (the function, the Expr items it takes, in order)
_FAST: dict[str, tuple[Callable[..., Any], tuple[str, ...]]] = {
    "Builtin_STR": (_fast_STR, ("arg",)),
    "Builtin_CONCAT": (_fast_CONCAT, ("arg",)),
    "Builtin_STRSTARTS": (_fast_STRSTARTS, ("arg1", "arg2")),
    "Builtin_STRENDS": (_fast_STRENDS, ("arg1", "arg2")),
    "Builtin_CONTAINS": (_fast_CONTAINS, ("arg1", "arg2")),
    "Builtin_LCASE": (_fast_LCASE, ("arg",)),
    "Builtin_ENCODE_FOR_URI": (_fast_ENCODE_FOR_URI, ("arg",)),
    "UnaryNot": (_fast_UnaryNot, ("expr",)),
    "ConditionalAndExpression": (_fast_ConditionalAndExpression, ("expr", "other")),
    "ConditionalOrExpression": (_fast_ConditionalOrExpression, ("expr", "other")),
    "RelationalExpression": (_fast_RelationalExpression, ("expr", "other", "op")),
}


def _fast_call(function: Callable[..., Any], arguments: list[ExprFunction]) -> ExprFunction:
    """Expr.eval of a function that takes its arguments in order."""
    if len(arguments) == 1:
        (first,) = arguments

        def one(run: _Run, b: Bindings) -> Any:
            try:
                return function(first(run, b))
            except SPARQLError as error:
                return error

        return one
    if len(arguments) == 2:
        first, second = arguments

        def two(run: _Run, b: Bindings) -> Any:
            try:
                return function(first(run, b), second(run, b))
            except SPARQLError as error:
                return error

        return two

    def call(run: _Run, b: Bindings) -> Any:
        try:
            return function(*[argument(run, b) for argument in arguments])
        except SPARQLError as error:
            return error

    return call


_NOT_DETERMINISTIC = {"Builtin_RAND", "Builtin_UUID", "Builtin_STRUUID", "Builtin_BNODE", "Builtin_EXISTS",
                      "Builtin_NOTEXISTS"}


def _deterministic(node: Any) -> bool:
    """No EXISTS and no function with a new value at each call (NOW() is fixed per run, as in rdflib)."""
    if isinstance(node, CompValue):
        return node.name not in _NOT_DETERMINISTIC and all(
            _deterministic(value) for key, value in OrderedDict.items(node) if key != "_vars")
    if isinstance(node, (list, tuple)):
        return all(_deterministic(item) for item in node)
    return not isinstance(node, (Variable, BNode))


def _thaw(run: _Run, solution: Bindings) -> Bindings:
    """QueryContext.thaw: a context holding `solution` (and, again, the pre-bound variables)."""
    return {**solution, **run.init}


def _compatible(run: _Run, x: Bindings, y: Bindings) -> bool:
    """FrozenDict.compatible, where a missing key falls back to the pre-bound value as FrozenBindings does."""
    for k, v in x.items():
        other = y.get(k, run.init.get(k))
        if other is not None and v != other:
            return False
    return True


class _Pattern:
    """A triple pattern, with which of its terms are variables (rdflib treats a blank node as one)."""

    __slots__ = ("o", "o_var", "p", "p_path", "p_var", "s", "s_var")

    def __init__(self, s: Any, p: Any, o: Any) -> None:
        self.s, self.p, self.o = s, p, o
        self.s_var, self.p_var, self.o_var = _is_variable(s), _is_variable(p), _is_variable(o)
        self.p_path = isinstance(p, Path)

    def unbound_in(self, bound: set[Any]) -> int:
        return sum(1 for t, is_var in ((self.s, self.s_var), (self.p, self.p_var), (self.o, self.o_var))
                   if is_var and t not in bound)


class _BGP:
    """rdflib's evalBGP: the patterns matched one after another, each binding what the ones before left unbound.

    rdflib orders the patterns by how many terms are unbound when the BGP starts; the solutions do not depend on the
    order, so here each pattern is followed by one with the fewest unbound terms once the ones before are matched
    (a two-hop join then never becomes a product). The order is worked out once for each set of variables bound on
    entry."""

    def __init__(self, patterns: list[_Pattern]) -> None:
        self.patterns = patterns
        self.variables = list(dict.fromkeys(t for p in patterns for t, is_var in
                                            ((p.s, p.s_var), (p.p, p.p_var), (p.o, p.o_var)) if is_var))
        self.plans: dict[tuple[bool, ...], list[_Pattern]] = {}

    def solutions(self, run: _Run, ctx: Bindings) -> list[Bindings]:
        key = tuple(v in ctx for v in self.variables)
        plan = self.plans.get(key)
        if plan is None:
            plan = self.plans[key] = self._plan({v for v in self.variables if v in ctx})
        found: list[Bindings] = []
        _match(run.index, plan, 0, ctx, found)
        return found

    def _plan(self, bound: set[Any]) -> list[_Pattern]:
        remaining = list(self.patterns)
        plan = []
        while remaining:
            best = min(range(len(remaining)), key=lambda i: (remaining[i].unbound_in(bound), i))
            pattern = remaining.pop(best)
            plan.append(pattern)
            bound.update(t for t, is_var in ((pattern.s, pattern.s_var), (pattern.p, pattern.p_var),
                                             (pattern.o, pattern.o_var)) if is_var)
        return plan


def _match(index: Index, plan: list[_Pattern], i: int, ctx: Bindings, found: list[Bindings]) -> None:
    if i == len(plan):
        found.append(ctx)
        return
    pattern = plan[i]
    s = ctx.get(pattern.s) if pattern.s_var else pattern.s
    p = ctx.get(pattern.p) if pattern.p_var else pattern.p
    o = ctx.get(pattern.o) if pattern.o_var else pattern.o
    if p is not None and not pattern.p_path:  # the usual case: a predicate; look it up directly
        if s is not None:
            by_p = index.spo.get(s)
            objects = by_p.get(p) if by_p is not None else None
            if not objects:
                return
            if o is not None:
                if o in objects:
                    _match(index, plan, i + 1, ctx, found)
                return
            for x in objects:
                c = dict(ctx)
                c[pattern.o] = x
                _match(index, plan, i + 1, c, found)
            return
        if o is not None:
            by_o = index.pos.get(p)
            subjects = by_o.get(o) if by_o is not None else None
            if not subjects:
                return
            for x in subjects:
                c = dict(ctx)
                c[pattern.s] = x
                _match(index, plan, i + 1, c, found)
            return
    matches = _eval_path_triples(index, s, p, o) if pattern.p_path else index.triples(s, p, o)
    for ss, sp, so in matches:
        c = dict(ctx)
        if s is None:
            c[pattern.s] = ss
        if p is None:
            if pattern.p in c and c[pattern.p] != sp:
                continue
            c[pattern.p] = sp
        if o is None:
            if pattern.o in c and c[pattern.o] != so:
                continue
            c[pattern.o] = so
        _match(index, plan, i + 1, c, found)


def _eval_path_triples(index: Index, s: Any, p: Any, o: Any) -> Iterator[tuple[Any, Any, Any]]:
    """Graph.triples for a path predicate: the path's (subject, object) pairs, with the path as predicate."""
    for x, y in _eval_path(index, p, s, o):
        yield x, p, y


def _supported_path(path: Any) -> bool:
    if isinstance(path, URIRef):
        return True
    if isinstance(path, InvPath):
        return _supported_path(path.arg)
    if isinstance(path, (SequencePath, AlternativePath)):
        return all(_supported_path(a) for a in path.args)
    if isinstance(path, MulPath):
        return _supported_path(path.path)
    if isinstance(path, NegatedPath):
        return all(isinstance(a, URIRef) or (isinstance(a, InvPath) and isinstance(a.arg, URIRef)) for a in path.args)
    return False


def _intern_path(path: Any, intern: Callable[[Any], Any]) -> Any:
    """The same path, its IRIs interned."""
    if isinstance(path, InvPath):
        return InvPath(_intern_path(path.arg, intern))
    if isinstance(path, SequencePath):
        return SequencePath(*(_intern_path(a, intern) for a in path.args))
    if isinstance(path, AlternativePath):
        return AlternativePath(*(_intern_path(a, intern) for a in path.args))
    if isinstance(path, MulPath):
        return MulPath(_intern_path(path.path, intern), path.mod)
    if isinstance(path, NegatedPath):
        return NegatedPath(AlternativePath(*(_intern_path(a, intern) for a in path.args)) if len(path.args) > 1
                           else _intern_path(path.args[0], intern))
    return intern(path)


def _eval_path(index: Index, path: Any, subj: Any, obj: Any) -> Iterator[tuple[Any, Any]]:
    """rdflib/paths.py, each Path class's `eval`, over the index."""
    if isinstance(path, URIRef):
        for s, _, o in index.triples(subj, path, obj):
            yield s, o
    elif isinstance(path, InvPath):
        for s, o in _eval_path(index, path.arg, obj, subj):
            yield o, s
    elif isinstance(path, SequencePath):
        yield from _sequence(index, path.args, subj, obj)
    elif isinstance(path, AlternativePath):
        for arg in path.args:
            yield from _eval_path(index, arg, subj, obj)
    elif isinstance(path, MulPath):
        yield from _mul_path(index, path, subj, obj)
    elif isinstance(path, NegatedPath):
        for s, p, o in index.triples(subj, None, obj):
            for a in path.args:
                if isinstance(a, URIRef) and p == a:
                    break
                if isinstance(a, InvPath) and index.has(o, cast(Node, a.arg), s):
                    break
            else:
                yield s, o
    else:
        raise Fallback(f"SPARQL path {path!r}")


def _sequence(index: Index, paths: list[Any], subj: Any, obj: Any) -> Iterator[tuple[Any, Any]]:
    def forward(paths: list[Any], subj: Any, obj: Any) -> Iterator[tuple[Any, Any]]:
        if paths[1:]:
            for s, o in _eval_path(index, paths[0], subj, None):
                for r in forward(paths[1:], o, obj):
                    yield s, r[1]
        else:
            yield from _eval_path(index, paths[0], subj, obj)

    def backward(paths: list[Any], subj: Any, obj: Any) -> Iterator[tuple[Any, Any]]:
        if paths[:-1]:
            for s, o in _eval_path(index, paths[-1], None, obj):
                for r in forward(paths[:-1], subj, s):
                    yield r[0], o
        else:
            yield from _eval_path(index, paths[0], subj, obj)

    if subj:
        return forward(paths, subj, obj)
    if obj:
        return backward(paths, subj, obj)
    return forward(paths, subj, obj)


def _mul_path(index: Index, path: MulPath, subj: Any, obj: Any) -> Iterator[tuple[Any, Any]]:
    """MulPath.eval (p*, p+, p?), with rdflib's truthiness tests of the bound ends."""
    if path.zero:
        if subj and obj:
            if subj == obj:
                yield subj, obj
        elif subj:
            yield subj, subj
        elif obj:
            yield obj, obj

    def fwd(subj: Any, obj: Any, seen: set[Any]) -> Iterator[tuple[Any, Any]]:
        seen.add(subj)
        for s, o in _eval_path(index, path.path, subj, None):
            if not obj or o == obj:
                yield s, o
            if path.more:
                if o in seen:
                    continue
                for _, o2 in fwd(o, obj, seen):
                    yield s, o2

    def bwd(subj: Any, obj: Any, seen: set[Any]) -> Iterator[tuple[Any, Any]]:
        seen.add(obj)
        for s, o in _eval_path(index, path.path, None, obj):
            if not subj or subj == s:
                yield s, o
            if path.more:
                if s in seen:
                    continue
                for s2, _ in bwd(None, s, seen):
                    yield s2, o

    def all_fwd() -> Iterator[tuple[Any, Any]]:
        if path.zero:
            seen1: set[Any] = set()
            for s, _, o in index.triples(None, None, None):
                if s not in seen1:
                    seen1.add(s)
                    yield s, s
                if o not in seen1:
                    seen1.add(o)
                    yield o, o
        seen: set[Any] = set()
        for s, o in _eval_path(index, path.path, None, None):
            if not path.more:
                yield s, o
            elif s not in seen:
                seen.add(s)
                yield from fwd(s, None, set())

    done: set[tuple[Any, Any]] = set()
    pairs = fwd(subj, obj, set()) if subj else bwd(subj, obj, set()) if obj else all_fwd()
    for pair in pairs:
        if pair not in done:
            done.add(pair)
            yield pair


# --- the constraint -------------------------------------------------------------------------------------------------


class _Select:
    """One sh:sparql constraint of one shape: the query as pySHACL sends it, compiled."""

    def __init__(self, compiler: ShapesCompiler, shape: Shape, node: Node, pyshacl_shape: Any) -> None:
        from pyshacl.errors import ReportableRuntimeError, ValidationFailure
        from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

        g = compiler.graph
        selects = list(g.objects(node, SH.select))
        if len(selects) != 1 or not (isinstance(selects[0], Literal) and isinstance(selects[0].value, str)):
            raise Unsupported(f"{shape.node}: a SPARQL constraint needs one sh:select string")
        messages = set(g.objects(node, SH.message))
        if messages and not all(isinstance(m, Literal) and isinstance(m.value, str) for m in messages):
            raise Unsupported(f"{shape.node}: a SPARQL constraint's sh:message must be a string")
        deactivated = list(g.objects(node, SH.deactivated))
        if deactivated and not (isinstance(deactivated[0], Literal) and isinstance(deactivated[0].value, bool)):
            raise Unsupported(f"{shape.node}: sh:deactivated must be a boolean")
        self.deactivated = bool(deactivated) and bool(cast(Literal, deactivated[0]).value)
        self.node = node
        self.shape = shape
        helper_class: Any = SPARQLQueryHelper  # pySHACL's helper is untyped
        helper = helper_class(pyshacl_shape, node, selects[0].value, messages=messages or None,
                              deactivated=self.deactivated)
        helper.collect_prefixes()
        try:
            # pySHACL checks the text and binds $PATH for every focus node; the outcome is the same for each
            init, text = helper.pre_bind_variables(URIRef("urn:kgraph:focus"))
        except (ValidationFailure, ReportableRuntimeError, NotImplementedError) as error:
            raise Unsupported(f"{shape.node}: pySHACL rejects the query: {error}") from error
        self.binds_this = "this" in init
        self.current_shape = init.get("currentShape")
        self.extra_messages: tuple[Node, ...] = tuple(helper.messages)
        try:
            query = prepareQuery(helper.apply_prefixes(text))
        except Exception as error:  # pyparsing's and rdflib's errors, as pySHACL would meet them
            raise Unsupported(f"{shape.node}: rdflib cannot parse the query: {error}") from error
        algebra = query.algebra
        if algebra.name != "SelectQuery":
            raise Unsupported(f"{shape.node}: not a SELECT query")
        self.prologue = query.prologue
        self.variables: list[Variable] = list(_raw(algebra, "PV"))
        compiled = _Compiler(compiler.terms)
        self.part = compiled.part(algebra)
        self.variables = [compiled.intern(v) for v in self.variables]
        self.this = compiled.intern(Variable("this"))
        self.current_shape_variable = compiled.intern(Variable("currentShape"))

    def rows(self, index: Index, focus: Node) -> list[_Row]:
        """SPARQLBasedConstraint._validate_sparql_query: the rows as (failure, this, path, value, other variables),
        each once, and a ?failure row at most once."""
        init: Bindings = {}
        if self.binds_this:
            init[self.this] = focus
        if self.current_shape is not None:
            init[self.current_shape_variable] = self.current_shape
        run = _Run(index, init, self.prologue)
        found: list[_Row] = []
        failed = False
        for solution in self.part(run, dict(init)):
            row: dict[str, Node] = {}
            for variable in self.variables:
                value = solution.get(variable, init.get(variable))
                if value is not None:
                    row[str(variable)] = value
            if row.pop("failure", None) is not None:
                if not failed:
                    failed = True
                    found.append((True, None, None, None, row))
                continue
            p, v, t = row.pop("path", None), row.pop("value", None), row.pop("this", None)
            if p is None and v is None and t is None:
                continue
            entry: _Row = (False, t, p, v, row)
            if entry not in found:
                found.append(entry)
        return found

    def results(self, index: Index, focus: Node) -> list[Result]:
        """SPARQLBasedConstraint._evaluate_sparql_constraint."""
        default_value = None if self.shape.is_property else focus
        results = []
        for failure, t, p, v, row in self.rows(index, focus):
            if failure:  # the message is filled from the row's other variables only
                results.append(self._result(focus, default_value, None, dict(row)))
                continue
            value = v if v is not None else default_value
            names: dict[str, Node] = dict(row)
            for name, node in (("this", t), ("path", p), ("value", value)):
                if node is not None:
                    names[name] = node
            results.append(self._result(t or focus, value, p, names))
        return results

    def _result(self, focus: Node, value: Node | None, path: Node | None, names: dict[str, Node]) -> Result:
        """ConstraintComponent.make_v_result: the constraint's own messages, then the shape's, filled in."""
        shape_messages = list(self.shape.messages)
        messages = [_fill(m, names) for m in self.extra_messages if m not in shape_messages]
        messages += [_fill(m, names) for m in shape_messages]
        return self.shape.result(focus, value, SH.SPARQLConstraintComponent, path=path, messages=tuple(messages),
                                 constraint=self.node)


def _fill(message: Node, names: dict[str, Node]) -> Node:
    """ConstraintComponent._format_sparql_based_result_message: {?var} and {$var} replaced by each bound value.

    The one place where the checker departs from pySHACL on purpose: pySHACL passes the value to re.sub as the
    replacement *template*, so a value with a backslash is mangled ('\\1') or makes validation raise re.error (a
    document id printed as '\\' did, in tests/test_shapes.py's property test); here the value goes in as it is."""
    if not isinstance(message, Literal):
        return message
    text = str(message.value)
    for name, node in names.items():
        value = str(node)
        text = re.sub("{{[?$]{}}}".format(name), lambda _: value, text)
    return Literal(text)


def compile_constraint(compiler: ShapesCompiler, shape: Shape) -> Constraint | None:
    """pySHACL's SPARQLBasedConstraint for `shape`: every sh:sparql of it, run once per focus node."""
    pyshacl_shape = _pyshacl_shapes(compiler).lookup_shape_from_node(shape.node)
    selects = [_Select(compiler, shape, node, pyshacl_shape) for node in set(compiler.graph.objects(shape.node, SH.sparql))]
    selects = [select for select in selects if not select.deactivated]
    if not selects:
        return None

    def check(index: Index, values: FocusValues) -> Outcome:
        found: list[Result] = []
        try:
            for select in selects:
                for focus in values:
                    found += select.results(index, focus)
        except (Fallback, Unsupported):
            raise
        except Exception as error:  # where rdflib would stop the query, pySHACL stops too
            raise Fallback(f"{shape.node}: {error!r}") from error
        return not found, found

    return check


def _pyshacl_shapes(compiler: ShapesCompiler) -> Any:
    """pySHACL's own view of the shapes graph, for its SPARQL helper (prefixes, $PATH): built once per compiler."""
    cached = getattr(compiler, "_pyshacl_shapes", None)
    if cached is None:
        from pyshacl.shapes_graph import ShapesGraph

        cached = ShapesGraph(compiler.graph)
        _ = cached.shapes  # builds pySHACL's shape cache
        setattr(compiler, "_pyshacl_shapes", cached)
    return cached
