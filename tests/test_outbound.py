"""kgraph.outbound: SERVICE and LOAD found as Oxigraph reads them, checked against pyoxigraph itself.

Every query here is also run by pyoxigraph over a store with a listener on 127.0.0.1 as the service: whatever
reaches the listener must have been reported (no false negatives), and the harmless mentions must not be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph.cli import main
from kgraph.outbound import LOAD, SERVICE, calls

from sparql_servers import Listener, listener

# Placeholder for the listener's address, filled in per test.
U = "http://127.0.0.1:1/sparql"

CALLS = {
    "plain": f"SELECT * WHERE {{ SERVICE <{U}> {{ ?s ?p ?o }} }}",
    "lower case, silent": f"select * {{ service silent <{U}> {{ ?s ?p ?o }} }}",
    "no spaces": f"SELECT*{{SERVICE<{U}>{{?s ?p ?o}}}}",
    "a lexer's IRI hides it": f"SELECT * {{ BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b)SERVICE#>\n<{U}>{{?s ?p ?o}} }}",
    "glued to true": f"SELECT * {{ ?x ?y trueSERVICE <{U}> {{ ?s ?p ?o }} }}",
    "glued to a number": f"SELECT * {{ ?x ?y 1SERVICE <{U}> {{ ?s ?p ?o }} }}",
    "glued to a string": f'SELECT * {{ ?x ?y "a"SERVICE <{U}> {{ ?s ?p ?o }} }}',
    "glued to its name": f"PREFIX x: <{U}> SELECT * {{ SERVICEx:a {{ ?s ?p ?o }} }}",
    "empty prefix": f"PREFIX : <{U}> SELECT * {{ SERVICE:x {{ ?s ?p ?o }} }}",
    "escaped # in the name": f"PREFIX x: <{U}> SELECT * {{ SERVICE x:a\\#b {{ ?s ?p ?o }} }}",
    "quotes escaped in names": (f"PREFIX e: <urn:> SELECT * {{ OPTIONAL {{ ?x ?y e:a\\' }} SERVICE <{U}> {{ ?s ?p ?o }} "
                                "OPTIONAL { ?x ?y e:b\\' } }"),
    "quote inside IRIs": f"SELECT * {{ OPTIONAL {{ <http://x/'> ?p ?o }} SERVICE <{U}> {{}} OPTIONAL {{ <http://y/'> ?p ?o }} }}",
    "relative to BASE": f"BASE <{U}> SELECT * {{ SERVICE <> {{ ?s ?p ?o }} }}",
    "in a UNION": f"SELECT * {{ {{ ?x ?y ?z }} UNION {{ SERVICE <{U}> {{ ?s ?p ?o }} }} }}",
    "in FILTER EXISTS": f"ASK {{ FILTER EXISTS {{ SERVICE <{U}> {{ ?s ?p ?o }} }} }}",
    "in MINUS": f"SELECT * {{ ?x ?y ?z MINUS {{ SERVICE <{U}> {{ ?s ?p ?o }} }} }}",
    "after a comment": f"SELECT * {{ # a comment\nSERVICE#another\n<{U}>#more\n{{ ?s ?p ?o }} }}",
}
HARMLESS = {
    "in a comment": f"SELECT * {{ ?s ?p ?o }} # SERVICE <{U}> {{ }}",
    "in a string": f'SELECT * {{ ?s ?p "SERVICE <{U}> {{ }}" }}',
    "in a long string": f"SELECT * {{ ?s ?p '''x ' SERVICE <{U}> {{ }}''' }}",
    "in an IRI": "SELECT * { ?s ?p <http://example.org/service> }",
    "a variable": "SELECT ?service ?x { ?service ?p ?x }",
    "a local name": "PREFIX schema: <https://schema.org/> SELECT * { ?s a schema:Service ; schema:serviceType ?t }",
    "an escaped quote": f'SELECT * {{ ?s ?p "a\\" SERVICE <{U}> {{ }}" }}',
}


@pytest.fixture(scope="module")
def elsewhere() -> Iterator[Listener]:
    with listener() as record:
        yield record


def _reaches(query: str, target: Listener) -> bool:
    """Whether pyoxigraph, evaluating `query`, connects to the listener."""
    store = pyoxigraph.Store()
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("urn:x"), pyoxigraph.NamedNode("urn:y"), pyoxigraph.Literal(True)))
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("urn:x"), pyoxigraph.NamedNode("urn:y"), pyoxigraph.Literal(1)))
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("urn:x"), pyoxigraph.NamedNode("urn:y"), pyoxigraph.Literal("a")))
    before = len(target.connections)
    try:
        found = store.query(query.replace(U, target.url))
        if isinstance(found, (pyoxigraph.QuerySolutions, pyoxigraph.QueryTriples)):
            list(found)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    # The listener records a connection before it closes it, and the query ends only after that close.
    return len(target.connections) > before


@pytest.mark.parametrize("query", CALLS.values(), ids=CALLS.keys())
def test_calls_that_reach_another_address_are_found(query: str, elsewhere: Listener) -> None:
    assert _reaches(query, elsewhere), "the case no longer reaches the listener: not a test of anything"
    assert calls(query) == {SERVICE}


@pytest.mark.parametrize("query", HARMLESS.values(), ids=HARMLESS.keys())
def test_mentions_that_call_nothing_are_not(query: str, elsewhere: Listener) -> None:
    assert not _reaches(query, elsewhere)
    assert calls(query) == frozenset()


def test_codepoint_escapes_are_decoded_first() -> None:
    # Oxigraph 0.5.13 refuses this (no escapes outside strings), SPARQL 1.1 section 19.2 allows it.
    assert calls(f"SELECT * {{ \\u0053ERVICE <{U}> {{ ?s ?p ?o }} }}") == {SERVICE}


@pytest.mark.parametrize("update", [f"LOAD <{U}>", f"load silent <{U}> INTO GRAPH <urn:g>", f"LOAD<{U}>",
                                    f"PREFIX e: <urn:> ; CLEAR ALL ; LOAD e:x"])
def test_load_in_an_update(update: str) -> None:
    assert LOAD in calls(update, update=True)
    assert LOAD not in calls(update)  # not looked for in queries, where it cannot occur


def test_load_mentioned_is_not_a_call() -> None:
    assert calls('INSERT DATA { <urn:a> <urn:b> "LOAD <http://x/>" }  # LOAD <x>', update=True) == frozenset()


# Queries glued from parts that parse on their own, with and without white space between them, so that tokens
# run into each other the way a naive check does not expect: harmless elements (some mentioning SERVICE), and a
# call in many spellings.
_ELEMENTS = [
    "OPTIONAL { ?x ?y true }", "OPTIONAL { ?x ?y 1 }", 'OPTIONAL { ?x ?y "a" }', "BIND(1 AS ?a)", "FILTER(?a<2)",
    "FILTER(1<2)", f'OPTIONAL {{ ?x ?y "SERVICE <{U}> {{" }}', "OPTIONAL { ?x ?y e:a\\' }",
    "OPTIONAL { <http://x/'> ?p ?o }", "{ }", f"# SERVICE <{U}> {{ }}\n", "OPTIONAL { ?x ?y ?z }",
    f"OPTIONAL {{ ?x ?y '''SERVICE <{U}> {{''' }}", "OPTIONAL { ?x ?y x:a\\#b }",
]
_GLUE = ["", " ", "\n", " . ", "#c\n", "#>\n"]
_KEYWORD = st.sampled_from(["SERVICE", "service", "SeRvIcE"])
_NAME = st.sampled_from([f"<{U}>", "x:", "x:a", ":", ":a"])
_CALL = st.builds(lambda keyword, silent, gaps, name, body: f"{keyword}{gaps[0]}{silent}{gaps[1]}{name}{gaps[2]}{body}",
                  _KEYWORD, st.sampled_from(["", "SILENT", "silent"]),
                  st.lists(st.sampled_from(_GLUE), min_size=3, max_size=3), _NAME,
                  st.sampled_from(["{ ?s ?p ?o }", "{}"]))
_PART = st.one_of(st.sampled_from(_ELEMENTS), _CALL)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_PART, st.sampled_from(_GLUE)), min_size=1, max_size=5))
def test_whatever_reaches_the_listener_was_found(elsewhere: Listener, parts: list[tuple[str, str]]) -> None:
    """Of the glued queries that reach the listener when pyoxigraph runs them, none is missed."""
    body = "".join(part + glue for part, glue in parts)
    query = f"PREFIX x: <{U}> PREFIX e: <urn:> PREFIX : <{U}> SELECT * {{ {body} }}"
    if _reaches(query, elsewhere):
        assert SERVICE in calls(query), query


def test_kgraph_query_refuses_service_unless_allowed(seed_store: Path, elsewhere: Listener) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{elsewhere.url}> {{ ?s ?p ?o }} }}"
    before = len(elsewhere.connections)
    refused = CliRunner().invoke(main, ["query", query, "--store", str(seed_store)])
    assert refused.exit_code == 2
    assert "the query calls SERVICE" in refused.output and "--allow-service" in refused.output
    import time

    time.sleep(0.3)
    assert len(elsewhere.connections) == before
    allowed = CliRunner().invoke(main, ["query", query, "--store", str(seed_store), "--allow-service"])
    assert allowed.exit_code == 1  # the listener is no SPARQL endpoint: the query fails, but it was sent
    assert _wait_for(lambda: len(elsewhere.connections) > before)


def _wait_for(condition: Callable[[], bool]) -> bool:
    import time

    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False
