"""The query library: every named query on the twelve-document world of kamer_world.py, with the answer worked out
by hand from the table in that module's docstring; parameter binding; the `kgraph query` options."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.errors import QueryError, UsageError
from kgraph.library import (
    ParameterType,
    library,
    named_query,
    parse_assignments,
    parse_query_file,
    run_named_query,
)
from kgraph.results import QueryResult
from kgraph.rollups import put_rollups
from kgraph.store import Store

from kamer_world import (
    AVG,
    CDA,
    FIN,
    GRONDWET,
    JAN,
    JENV,
    PIET,
    SARA,
    SP,
    STRAFRECHT,
    Z1,
    Z3,
    build_store,
    doc_iri,
)

NOS = "https://w3id.org/kgraph/id/publisher/nos"
NRC = "https://w3id.org/kgraph/id/publisher/nrc"


@pytest.fixture(scope="module", params=["rollups", "documents"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The world, with the counts a build keeps (kgraph/rollups.py), which the aggregations read, and without
    them (a store built before them), where the same queries count the documents: the same answers either way."""
    opened = build_store(tmp_path_factory.mktemp("world") / "store")
    if request.param == "rollups":
        put_rollups(opened)
    yield opened
    opened.close()


def table(result: QueryResult, *columns: str) -> list[tuple[str | None, ...]]:
    """The rows of `result`, only `columns`, in the result's order."""
    index = [result.variables.index(column) for column in columns]
    return [tuple(row[i] for i in index) for row in result.rows]


def run(store: Store, name: str, **values: str) -> QueryResult:
    return run_named_query(store, name, values)


# Question sets of the world: Z1 {D1, D2}, Z2 {D3, D4, D5}, Z3 {D6, D9}, Z4 {D10, D11}, D7, D8.
# Their askers: Z1 Jansen (CDA) + Smit (SP); Z2 Peters + Jansen (CDA); Z3 Smit; Z4 Smit + Jansen; D7 Peters; D8 Smit.
# Their question numbers: Z1 1-3 (3), Z2 1-2 (2), Z3 1 (1), Z4 1 (1), D7 1-2 (2), D8 1 (1).


def test_questions_per_party(store: Store) -> None:
    # CDA: Z1 (3) + Z2 (2) + Z4 (1) + D7 (2) = 4 sets, 8 questions; SP: Z1 (3) + Z3 + Z4 + D8 (1 each) = 4, 6.
    # Z2's three documents count once. D5 prints Jansen as SP: his party that day is CDA (Z1 and Z4 print it),
    # so Z2 is no SP set.
    assert table(run(store, "questions-per-party"), "party", "name", "questionSets", "questions") == [
        (str(CDA), "CDA", "4", "8"),
        (str(SP), "SP", "4", "6"),
    ]
    # Submitted from February: CDA Z2, Z4, D7 (5 questions); SP Z3, Z4 (2). Z4 counts through D10, whose date
    # is printed, although D11 (same case) prints none.
    assert table(run(store, "questions-per-party", since="2024-02-01"), "name", "questionSets", "questions") == [
        ("CDA", "3", "5"),
        ("SP", "2", "2"),
    ]
    # Up to January: SP Z1 and D8 (4 questions); CDA Z1 (3).
    assert table(run(store, "questions-per-party", until="2024-01-31"), "name", "questionSets", "questions") == [
        ("SP", "2", "4"),
        ("CDA", "1", "3"),
    ]


def test_questions_per_member(store: Store) -> None:
    # Smit: Z1, Z3, Z4, D8 (3+1+1+1); Jansen: Z1, Z2, Z4 (3+2+1); Peters: Z2, D7 (2+2). Full names from the links.
    assert table(run(store, "questions-per-member"), "member", "name", "party", "questionSets", "questions") == [
        (str(SARA), "Sara Smit", "SP", "4", "6"),
        (str(JAN), "Jan Jansen", "CDA", "3", "6"),
        (str(PIET), "Piet Peters", "CDA", "2", "4"),
    ]


def test_questions_per_ministry(store: Store) -> None:
    # Addressed to FIN: Z1 (3), Z3 via D6 (1), D7 (2), D8 (1); to JENV: Z2 (2), Z3 (1), Z4 (1). D6 counts for both.
    assert table(run(store, "questions-per-ministry"), "ministry", "name", "questionSets", "questions") == [
        (str(FIN), "Financiën", "4", "7"),
        (str(JENV), "Justitie en Veiligheid", "3", "4"),
    ]


def test_questions_per_month(store: Store) -> None:
    # 2023-12 D8; 2024-01 Z1; 2024-02 Z2; 2024-03 Z3 (D6 and D9, same case) and D7; 2024-04 Z4.
    assert table(run(store, "questions-per-month"), "month", "questionSets", "questions") == [
        ("2023-12", "1", "1"),
        ("2024-01", "1", "3"),
        ("2024-02", "1", "2"),
        ("2024-03", "2", "3"),
        ("2024-04", "1", "1"),
    ]
    assert table(run(store, "questions-per-month", since="2024-02-05", until="2024-03-01"), "month") == [
        ("2024-02",),
        ("2024-03",),
    ]


def test_answer_time(store: Store) -> None:
    # Answers with both dates: D2 (FIN) 2024-01-10 -> 01-24 = 14 days; D8 (FIN) 2023-12-01 -> 2024-01-05 = 35;
    # D5 (JENV) 2024-02-05 -> 03-20 = 24 + 20 = 44 (2024 is a leap year).
    # Postponed: D5 (D4 is a postponement notice on its case Z2); D8 ('Zie ook' ah-tk-20232024-050, and D8 has no
    # publication of its own to be later than). Not D2: its see-also to its own publication (which D5 cites, so
    # the store knows it as an Aanhangsel publication) does not count, nor does ah-tk-20232024-300 (later: 300 > 100).
    columns = ("ministry", "name", "answers", "meanDays", "minDays", "maxDays", "overTerm", "postponed")
    assert table(run(store, "answer-time"), *columns) == [
        (str(JENV), "Justitie en Veiligheid", "1", "44", "44", "44", "1", "1"),
        (str(FIN), "Financiën", "2", "24.5", "14", "35", "1", "1"),  # over 21 days: D8 only
    ]
    assert table(run(store, "answer-time", term="40"), "name", "overTerm") == [
        ("Justitie en Veiligheid", "1"),
        ("Financiën", "0"),
    ]
    # Received from February: only D5.
    assert table(run(store, "answer-time", since="2024-02-01"), "name", "answers") == [("Justitie en Veiligheid", "1")]
    assert table(run(store, "answer-time", until="2024-01-20"), "name", "answers", "meanDays") == [
        ("Financiën", "1", "35")
    ]


def test_open_questions(store: Store) -> None:
    # Question sets: D1 (Z1, answered by D2), D3 (Z2, answered by D5), D10 (Z4, a notice says answered by letter):
    # not open. D6 (Z3): no answer document on Z3, a postponement notice (D9): open, postponed. D7: no case, so the
    # graph cannot tell; listed only on request.
    columns = ("questionSet", "identifier", "submitted", "case", "status", "postponed", "daysOpen")
    assert table(run(store, "open-questions"), *columns) == [
        (str(doc_iri(6)), "kv-tk-2024Z00003", "2024-03-01", str(Z3), "open", "true", None),
    ]
    assert table(run(store, "open-questions", includeUnlinked="true"), "questionSet", "status") == [
        (str(doc_iri(7)), "no case linked"),
        (str(doc_iri(6)), "open"),
    ]
    # As of 1 April 2024: D7 17 days (15 March), D6 31 days (1 March).
    assert table(run(store, "open-questions", asOf="2024-04-01", includeUnlinked="true"), "daysOpen") == [("17",), ("31",)]


def test_answered_questions(store: Store) -> None:
    # D1 (Z1) q1-3, each answered in D2 (received 2024-01-24, by minister Bakker of FIN, a name no one in the
    # reference data has); D3 (Z2) q1-2 answered in D5 (2024-03-20, Visser); D6 (Z3) q1: only a postponement;
    # D7 (no case) q1-2 and D10 (Z4, answered by letter, no answer document) q1: not answered in the graph.
    columns = ("questionSet", "number", "answered", "answerDocument", "answeredBy", "received")
    d1, d2, d3, d5, d6, d7, d10 = (str(doc_iri(n)) for n in (1, 2, 3, 5, 6, 7, 10))
    rows = table(run(store, "answered-questions"), *columns)
    assert sorted(rows, key=str) == sorted([
        (d1, "1", "true", d2, "Bakker", "2024-01-24"), (d1, "2", "true", d2, "Bakker", "2024-01-24"),
        (d1, "3", "true", d2, "Bakker", "2024-01-24"),
        (d3, "1", "true", d5, "Visser", "2024-03-20"), (d3, "2", "true", d5, "Visser", "2024-03-20"),
        (d6, "1", "false", None, None, None),
        (d7, "1", "false", None, None, None), (d7, "2", "false", None, None, None),
        (d10, "1", "false", None, None, None),
    ], key=str)
    assert table(run(store, "answered-questions", questionSet=d3), "number", "answerDocument") == [("1", d5), ("2", d5)]


def test_top_sources(store: Store) -> None:
    # NOS: nos.nl/artikel/1 (D1, D2: set Z1) and nos.nl/artikel/2 (D3: Z2) -> 2 pages, 2 sets; NRC: nrc.nl/x (Z2);
    # www.example.org/blog (D1, no publisher) shown by its host without www. Ties by name: "NRC" < "example.org".
    assert table(run(store, "top-sources"), "publisher", "name", "pages", "questionSets") == [
        (NOS, "NOS", "2", "2"),
        (NRC, "NRC", "1", "1"),
        (None, "example.org", "1", "1"),
    ]
    assert table(run(store, "top-sources", since="2024-02-01"), "name", "pages") == [("NOS", "1"), ("NRC", "1")]


def test_statutes_per_ministry(store: Store) -> None:
    # D2 (FIN) cites the Grondwet; D5 (JENV) article 310 of the Wetboek van Strafrecht (counted for the statute);
    # D6 (addressed to JENV and FIN) the AVG (32016R0679).
    columns = ("ministry", "name", "statute", "identifier", "questionSets")
    assert table(run(store, "statutes-per-ministry"), *columns) == [
        (str(FIN), "Financiën", str(AVG), "32016R0679", "1"),
        (str(FIN), "Financiën", str(GRONDWET), "BWBR0001840", "1"),
        (str(JENV), "Justitie en Veiligheid", str(AVG), "32016R0679", "1"),
        (str(JENV), "Justitie en Veiligheid", str(STRAFRECHT), "BWBR0001854", "1"),
    ]
    assert table(run(store, "statutes-per-ministry", ministry=str(JENV)), "identifier") == [
        ("32016R0679",),
        ("BWBR0001854",),
    ]


def test_co_asker_pairs(store: Store) -> None:
    # Jansen + Smit sign Z1 and Z4; Jansen + Peters sign Z2 (three documents, one set).
    columns = ("member1", "name1", "member2", "name2", "questionSets")
    assert table(run(store, "co-asker-pairs"), *columns) == [
        (str(JAN), "Jan Jansen", str(SARA), "Sara Smit", "2"),
        (str(JAN), "Jan Jansen", str(PIET), "Piet Peters", "1"),
    ]
    assert table(run(store, "co-asker-pairs", minimum="2"), "name2") == [("Sara Smit",)]
    assert table(run(store, "co-asker-pairs", member=str(PIET)), "name1", "name2") == [("Jan Jansen", "Piet Peters")]


def test_follow_up_chains(store: Store) -> None:
    # D6 follows up Z1, whose documents are D1 and D2; D2 sees also ah-tk-20232024-300 (not in the graph); D8 sees
    # also ah-tk-20232024-050, which is D12. D2's see-also to its own publication is not a link.
    columns = ("document", "relation", "target", "targetIdentifier", "targetDocument")
    d2, d6, d8 = (str(doc_iri(n)) for n in (2, 6, 8))
    ah_300 = "https://zoek.officielebekendmakingen.nl/ah-tk-20232024-300"
    ah_050 = "https://zoek.officielebekendmakingen.nl/ah-tk-20232024-050"
    assert table(run(store, "follow-up-chains"), *columns) == [
        (d2, "seeAlso", ah_300, "ah-tk-20232024-300", None),
        (d6, "followsUp", str(Z1), "2024Z00001", d2),
        (d6, "followsUp", str(Z1), "2024Z00001", str(doc_iri(1))),
        (d8, "seeAlso", ah_050, "ah-tk-20232024-050", str(doc_iri(12))),
    ]
    # From D6: its own links, then on through D2 (a document of Z1) to ah-tk-20232024-300; not D8's.
    assert [row[0] for row in table(run(store, "follow-up-chains", start=d6), *columns)] == [d2, d6, d6]


def test_every_query_has_a_hand_worked_test() -> None:
    tested = {
        "questions-per-party", "questions-per-member", "questions-per-ministry", "questions-per-month",
        "answer-time", "open-questions", "top-sources", "statutes-per-ministry", "co-asker-pairs", "follow-up-chains",
        "answered-questions",
    }
    assert set(library()) == tested


@pytest.mark.parametrize("name", sorted(library()))
def test_each_query_runs_on_an_empty_store(tmp_path: Path, name: str) -> None:
    with Store.open(tmp_path / "empty", create=True) as empty:
        result = run_named_query(empty, name)
    assert result.kind == "select" and result.rows == ()


@pytest.mark.parametrize("name", sorted(library()))
def test_headers_are_complete(name: str) -> None:
    query = library()[name]
    assert query.path.name == f"{name}.rq"
    assert len(query.description) > 40
    for parameter in query.parameters:
        assert parameter.description and f"?{parameter.name}" in query.sparql


# --- binding parameters ----------------------------------------------------------------------------------------


def test_values_are_bound_as_terms_of_the_declared_type() -> None:
    query = named_query("answer-time")
    assert query.values_block({"since": "2024-02-01"}) == (
        'VALUES (?term ?since ?until) { ("21"^^<http://www.w3.org/2001/XMLSchema#integer> '
        '"2024-02-01"^^<http://www.w3.org/2001/XMLSchema#date> UNDEF) }'
    )
    bound = query.bound({"term": "+030"})
    assert '"30"^^<http://www.w3.org/2001/XMLSchema#integer>' in bound and "# @parameters" not in bound


def test_a_string_value_cannot_escape_its_literal() -> None:
    hostile = 'x" } } ; DROP ALL ; SELECT * { "'
    term = ParameterType.STRING.term(hostile)
    # pyoxigraph's N-Triples serialisation escapes the quotes; parsed back, the literal is the value, unchanged.
    parsed = next(iter(ox.parse(f"<http://e/s> <http://e/p> {term} .".encode(), ox.RdfFormat.N_TRIPLES)))
    assert isinstance(parsed.object, ox.Literal) and parsed.object.value == hostile


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (ParameterType.DATE, "2024-02-30"),
        (ParameterType.DATE, '2024-01-01"^^xsd:date } #'),
        (ParameterType.INTEGER, "21 } DELETE"),
        (ParameterType.INTEGER, "2.5"),
        (ParameterType.IRI, "https://example.org/a> . <b"),
        (ParameterType.IRI, "not an iri"),
        (ParameterType.BOOLEAN, "maybe"),
    ],
)
def test_invalid_values_are_refused(kind: ParameterType, value: str) -> None:
    with pytest.raises(ValueError):
        kind.term(value)


def test_prefixed_names_and_booleans() -> None:
    assert ParameterType.IRI.term("kg:asker") == ox.NamedNode("https://w3id.org/kgraph/def#asker")
    assert ParameterType.IRI.term("https://example.org/x") == ox.NamedNode("https://example.org/x")
    assert ParameterType.BOOLEAN.term("No").value == "false"


def test_unknown_names_and_parameters_list_what_exists() -> None:
    with pytest.raises(UsageError, match="available: answer-time, answered-questions, co-asker-pairs"):
        named_query("answer-times")
    with pytest.raises(UsageError, match=r"no parameter days; its parameters: term \(xsd:integer, default 21\)"):
        named_query("answer-time").bound({"days": "3"})
    with pytest.raises(UsageError, match="parameter term"):
        named_query("answer-time").bound({"term": "three weeks"})


def test_parse_assignments() -> None:
    assert parse_assignments(["a=1", "b= x=y "]) == {"a": "1", "b": " x=y "}
    for bad in (["a"], ["=1"], ["a=1", "a=2"], ["a b=1"]):
        with pytest.raises(UsageError):
            parse_assignments(bad)


def test_malformed_query_files_are_reported(tmp_path: Path) -> None:
    body = "SELECT ?x WHERE {\n  # @parameters\n  ?x ?p ?since\n}\n"
    good = tmp_path / "good.rq"
    good.write_text("# name: good\n# description: Something.\n#   More.\n"
                    "# parameter: since (xsd:date, default 2024-01-01): from\n" + body)
    parsed = parse_query_file(good)
    assert parsed.description == "Something. More." and parsed.parameters[0].default == "2024-01-01"
    cases = {
        "# name: other\n# description: x\n" + body: "must start with",
        "# name: bad\n" + body: "no '# description:'",
        "# name: bad\n# description: x\n# parameter: since (date): from\n" + body: "unknown type",
        "# name: bad\n# description: x\n# parameter: since (xsd:date, default soon): from\n" + body: "default",
        "# name: bad\n# description: x\n# parameter: until (xsd:date): to\n" + body: "not a variable",
        "# name: bad\n# description: x\n# parameter: since (xsd:date): x\nSELECT ?since {}\n": "no '# @parameters'",
    }
    for text, problem in cases.items():
        bad = tmp_path / "bad.rq"
        bad.write_text(text)
        with pytest.raises(QueryError, match=problem):
            parse_query_file(bad)


# --- the command line ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_dir(store: Store) -> str:
    return str(store.path)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_cli_list(runner: CliRunner) -> None:
    listed = runner.invoke(main, ["query", "--list"])
    assert listed.exit_code == 0
    for name, query in library().items():
        assert f"\n{name}\n" in f"\n{listed.output}"
        for parameter in query.parameters:
            assert f"--param {parameter.signature()}" in listed.output
    as_json = json.loads(runner.invoke(main, ["query", "--list", "--format", "json"]).output)
    assert [b["name"]["value"] for b in as_json["results"]["bindings"]] == sorted(library())


def test_cli_named_query_with_parameters(runner: CliRunner, store_dir: str) -> None:
    args = ["query", "--name", "answer-time", "--param", "term=40", "-p", "since=2024-01-01", "--store", store_dir]
    result = runner.invoke(main, [*args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "ministry,name,answers,meanDays,minDays,maxDays,overTerm,postponed"
    assert result.output.splitlines()[1].endswith(",Justitie en Veiligheid,1,44,44,44,1,1")
    as_json = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    first = as_json["results"]["bindings"][0]
    assert first["ministry"] == {"type": "uri", "value": str(JENV)}
    assert first["answers"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "nope"], "available: answer-time"),
        (["--name", "answer-time", "--param", "term=soon"], "not valid"),
        (["--name", "answer-time", "--param", "weeks=3"], "no parameter weeks"),
        (["--name", "answer-time", "--param", "term"], "expected NAME=VALUE"),
        (["ASK {}", "--param", "term=3"], "use it with --name"),
        (["ASK {}", "--name", "answer-time"], "give one query"),
        (["--list", "--name", "answer-time"], "--list takes no"),
        ([], "give one query"),
    ],
)
def test_cli_usage_errors_exit_2(runner: CliRunner, store_dir: str, args: list[str], message: str) -> None:
    result = runner.invoke(main, ["query", *args, "--store", store_dir])
    assert result.exit_code == 2
    assert message in result.stderr


def test_cli_plain_sparql_still_works(runner: CliRunner, store_dir: str, tmp_path: Path) -> None:
    assert runner.invoke(main, ["query", "ASK { ?q a schema:Question }", "--store", store_dir]).output == "true\n"
    query_file = tmp_path / "q.rq"
    query_file.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?d a kg:QuestionSet }")
    result = runner.invoke(main, ["query", "-f", str(query_file), "--format", "csv", "--store", store_dir])
    assert result.output.splitlines() == ["n", "5"]
