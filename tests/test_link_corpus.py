"""Linking on the whole development corpus plus the seeds: one node per real person, never one node for two
(checked against the initials the case metadata gives), every question set that prints its zaak linked to it,
parties resolved at the date, and open-questions and answer-time as worked out by hand; the built graph conforms
to the shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.extract import extract
from kgraph.library import run_named_query
from kgraph.link.cases import name_tokens, own_zaak_number
from kgraph.link.model import LinkedDocument
from kgraph.link.people import Role, initials_of, resolve, split_initials
from kgraph.link.stage import Linker
from kgraph.mint import Minter
from kgraph.model import Kind
from kgraph.read import discover, read
from kgraph.store import Store
from kgraph.views import co_asker_network

from conftest import SEEDS, SHARED_CORPUS, whole_documents

M = Minter()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"development corpus not found at {SHARED_CORPUS}")
    location = tmp_path_factory.mktemp("dev") / "store"
    result = CliRunner().invoke(main, ["build", *map(str, whole_documents()), str(SEEDS), "--store", str(location)])
    assert result.exit_code == 0, result.output
    return location


@pytest.fixture(scope="module")
def linked() -> list[LinkedDocument]:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"development corpus not found at {SHARED_CORPUS}")
    linker = Linker.load(M)
    return [linker.link(extract(read(path))) for path in discover([*whole_documents(), SEEDS])]


def _people(store: Path) -> dict[str, tuple[set[str], set[str]]]:
    """Person IRI -> (names, initials) in the graph."""
    people: dict[str, tuple[set[str], set[str]]] = {}
    with Store.open(store, read_only=True) as opened:
        rows = opened.query("SELECT ?p ?n ?i WHERE { ?p a foaf:Person ; foaf:name ?n OPTIONAL { ?p kg:initials ?i } }").rows
        for iri, name, initials in rows:
            assert iri is not None and name is not None
            names, letters = people.setdefault(iri, (set(), set()))
            names.add(name)
            if initials:
                letters.add(initials)
    return people


def test_no_node_is_shared_by_two_people(store: Path) -> None:
    shared = {iri: found for iri, found in _people(store).items() if len(found[0]) > 1 or len(found[1]) > 1}
    assert shared == {}


def _surname_match(a: str, b: str) -> bool:
    """Whether one name's words, initials dropped, end the other's: "Helder" and "Lilian Helder" do."""
    x, y = name_tokens(a), name_tokens(b)
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    return bool(short) and long[-len(short):] == short


def test_no_person_has_two_nodes(store: Path) -> None:
    """Two nodes whose surnames agree are one person only when their initials agree too (C. Helder, the minister,
    and Lilian Helder, the member, are two): no two nodes may agree on both, and no printed-name node may be left
    beside a linked person of that surname."""
    people = sorted((min(names), min(initials, default=""), iri) for iri, (names, initials) in _people(store).items())
    doubles = []
    for i, (name, initials, iri) in enumerate(people):
        for other, other_initials, other_iri in people[i + 1:]:
            if iri == other_iri or not _surname_match(name, other):
                continue
            letters, other_letters = initials_of(initials), initials_of(other_initials)
            if not letters or not other_letters or letters == other_letters:
                doubles.append((name, initials, other, other_initials))
    assert doubles == []


def test_people_agree_with_the_initials_of_their_case(linked: list[LinkedDocument]) -> None:
    """Wherever the document's case names its askers and ministers (with initials, or in the initials-only form
    "D.M. van Weel"), the person each printed name became has those initials: checked against the case metadata,
    whichever rule linked the name."""
    index = Linker.load(M).cases
    checked, wrong = 0, []
    for document in linked:
        case = index.get(document.case.zaak) if document.case is not None else None
        if case is None or not case.has_actors:
            continue
        pairs = [(a.asker.name, a.person, case.askers) for a in document.askers]
        pairs += [(p.holder.printed, p.holder, case.addressees) for p in document.answerers if p.holder]
        for printed, person, actors in pairs:
            fits = [(name, initials) for name, initials in actors if _surname_match(printed, name)]
            if len(fits) != 1:
                continue
            name, initials = fits[0]
            expected = initials_of(initials) if initials else split_initials(name)[0]
            checked += 1
            if initials_of(person.initials or "") != expected:
                wrong.append((document.document.source, printed, person.iri, name, initials))
    assert checked >= 40 and wrong == []


def test_ministers_who_share_a_surname_with_a_member_are_apart_in_the_graph(store: Path) -> None:
    """The dev corpus has one such pair in the periods they served: minister C. Helder (answering in June 2024) and
    member Lilian Helder (asking in July 2024)."""
    people = _people(store)
    helders = {iri: found for iri, found in people.items() if any(n.endswith("Helder") for n in found[0])}
    assert helders == {
        str(M.person("C.", "Helder")): ({"C. Helder"}, {"C."}),
        str(M.person("L.M.J.S.", "Helder")): ({"Lilian Helder"}, {"L.M.J.S."}),
    }


def test_every_question_set_that_prints_its_zaak_is_linked_to_it(linked: list[LinkedDocument], store: Path) -> None:
    printed = [(d, own_zaak_number(d.document)) for d in linked if d.document.kind is Kind.QUESTIONS]
    printed = [(d, zaak) for d, zaak in printed if zaak is not None]
    assert len(printed) >= 18
    assert [(d.document.source, zaak) for d, zaak in printed if d.case is None or d.case.zaak != zaak] == []
    with Store.open(store, read_only=True) as opened:
        rows = opened.query("""
            SELECT ?set ?id ?case WHERE {
              ?set a kg:QuestionSet ; dcterms:identifier ?id . FILTER(STRSTARTS(?id, "kv-tk-"))
              OPTIONAL { ?set kg:case ?case }
            }""").rows
    assert rows and all(case == str(M.zaak(identifier.removeprefix("kv-tk-"))) for _, identifier, case in rows)


def test_cases_carry_number_subject_and_start_date(store: Path) -> None:
    with Store.open(store, read_only=True) as opened:
        rows = opened.query("""
            SELECT ?zaak ?number ?subject ?started WHERE {
              ?doc kg:case ?zaak . ?zaak dcterms:identifier ?number
              OPTIONAL { ?zaak dcterms:title ?subject } OPTIONAL { ?zaak schema:startDate ?started }
            }""").rows
    assert len({row[0] for row in rows}) >= 50
    assert [row for row in rows if row[2] is None or row[3] is None] == []


# Each answer document with both dates, worked out by hand from the text and, where the answer does not print
# "ingezonden", the start date of its case in ../shared/data/tk (zaken_*.csv, gestartOp): (file, ministry, days).
ANSWER_DAYS = [
    ("000_87f1ffdd0d", "Economische Zaken", 41),  # 2025-08-12 (case 2025Z15097) -> 2025-09-22
    ("001__Antwoord_", "Volksgezondheid, Welzijn en Sport", 20),  # 2024-10-30 -> 2024-11-19
    ("002__Antwoord_", "Justitie en Veiligheid", 7),  # 2024-11-13 (case 2024Z18294) -> 2024-11-20
    ("003__Antwoord_", "Buitenlandse Zaken", 25),  # 2024-10-24 -> 2024-11-18
    ("004__Antwoord_", "Justitie en Veiligheid", 21),  # 2024-10-24 -> 2024-11-14
    ("009__Antwoord_", "Justitie en Veiligheid", 7),  # 2024-11-13 (case 2024Z18285) -> 2024-11-20
    ("019__Antwoord_", "Justitie en Veiligheid", 54),  # 2024-09-25 -> 2024-11-18
    ("020__Antwoord_", "Onderwijs, Cultuur en Wetenschap", 52),  # 2024-09-27 -> 2024-11-18
    ("021__Antwoord_", "Volksgezondheid, Welzijn en Sport", 43),  # 2024-10-02 -> 2024-11-14
    ("022__Antwoord_", "Klimaat en Groene Groei", 46),  # 2024-10-04 (case 2024Z15078) -> 2024-11-19
    ("023__Antwoord_", "Asiel en Migratie", 59),  # 2024-09-20 -> 2024-11-18
    ("027__Antwoord_", "Klimaat en Groene Groei", 150),  # 2024-06-21 -> 2024-11-18
    ("036__Antwoord_", "Volksgezondheid, Welzijn en Sport", 49),  # 2024-09-30 -> 2024-11-18
    ("046__Antwoord_", "Sociale Zaken en Werkgelegenheid", 54),  # 2024-09-26 (case 2024Z14419) -> 2024-11-19
    ("049__Antwoord_", "Sociale Zaken en Werkgelegenheid", 55),  # 2024-09-25 (case 2024Z14247) -> 2024-11-19
    ("054__Antwoord_", "Volksgezondheid, Welzijn en Sport", 49),  # 2024-10-02 (case 2024Z14814) -> 2024-11-20
    ("060__Antwoord_", "Asiel en Migratie", 16),  # 2024-11-04 (case 2024Z17331) -> 2024-11-20
    ("070__Antwoord_", "Klimaat en Groene Groei", 33),  # 2024-10-16 -> 2024-11-18
    ("080__Antwoord_", "Asiel en Migratie", 39),  # 2024-10-10 -> 2024-11-18
    ("1a2d8959-7ce1-", "Klimaat en Groene Groei", 21),  # 2024-07-02 -> 2024-07-23
    ("1aa9bd01-68a1-", "Binnenlandse Zaken en Koninkrijksrelaties", 92),  # 2023-11-20 -> 2024-02-20
    ("1b0f0b98-7c34-", "Financiën", 47),  # 2024-04-04 -> 2024-05-21
    ("1b2d2126-a21e-", "Financiën", 62),  # 2024-06-28 -> 2024-08-29
    ("1bb0809b-f36a-", "Justitie en Veiligheid", 36),  # 2024-05-06 -> 2024-06-11
    ("1bca1484-2edb-", "Sociale Zaken en Werkgelegenheid", 48),  # 2024-07-05 -> 2024-08-22
    ("1bd47dc8-229e-", "Buitenlandse Zaken", 46),  # 2024-04-18 -> 2024-06-03
    ("1c0f765c-d7b4-", "Binnenlandse Zaken en Koninkrijksrelaties", 51),  # 2024-01-16 -> 2024-03-07
    ("1c7587f8-1c7c-", "Volksgezondheid, Welzijn en Sport", 37),  # 2024-05-07 -> 2024-06-13
    ("1cf0c343-2da4-", "Klimaat en Groene Groei", 29),  # 2024-06-18 -> 2024-07-17
    ("1dac45ca-7591-", "Binnenlandse Zaken en Koninkrijksrelaties", 44),  # 2023-12-13 -> 2024-01-26
]  # The four codewith letters print no "(ontvangen …)": no answer time.


def test_answer_time_on_the_dev_store(store: Path) -> None:
    per_ministry: dict[str, list[int]] = {}
    for _, ministry, days in ANSWER_DAYS:
        per_ministry.setdefault(ministry, []).append(days)
    with Store.open(store, read_only=True) as opened:
        result = run_named_query(opened, "answer-time", {})
    rows = {row[1]: row for row in result.rows}
    assert set(rows) == set(per_ministry)
    for ministry, days in per_ministry.items():
        _, _, answers, mean, low, high, over, _ = rows[ministry]
        assert (int(str(answers)), float(str(mean)), int(str(low)), int(str(high)), int(str(over))) == (
            len(days), round(sum(days) / len(days), 1), min(days), max(days), sum(1 for d in days if d > 21)
        ), ministry


def test_open_questions_on_the_dev_store(store: Path) -> None:
    """The dev corpus's 22 question sets (November 2024, and seed 002 of May 2025) all have their case, and no
    answer document in the corpus answers any of them (its answers are to sets of September and October 2024), so
    all are open; none is left 'no case linked'."""
    with Store.open(store, read_only=True) as opened:
        result = run_named_query(opened, "open-questions", {"includeUnlinked": "true"})
        answered = opened.query("""
            SELECT DISTINCT ?case WHERE { ?answer a kg:AnswerDocument ; kg:case ?case }""").rows
    statuses = [row[result.variables.index("status")] for row in result.rows]
    assert len(result.rows) == 22 and set(statuses) == {"open"}
    cases = {row[result.variables.index("case")] for row in result.rows}
    assert not cases & {row[0] for row in answered}


def test_a_misprinted_party_is_resolved_and_reported(store: Path) -> None:
    """'Teunissen (PvdA)' (learninglion/1b0f0b98) for a member of the PvdD: the printed label stays, her party at
    the date is the PvdD, the build warns, and no count or view says PvdA."""
    teunissen = str(M.person("C.", "Teunissen"))
    with Store.open(store, read_only=True) as opened:
        parties = {row[1] for row in run_named_query(opened, "questions-per-party", {}).rows}
        members = {row[0]: row[2] for row in run_named_query(opened, "questions-per-member", {}).rows}
        printed = opened.query(f"""
            SELECT ?printed ?atDate WHERE {{
              ?a prov:agent <{teunissen}> ; kg:partyAsPrinted ?printed ; kg:partyAtDate/skos:prefLabel ?atDate }}""").rows
        network = co_asker_network(opened)
    assert "PvdA" not in parties
    assert members[teunissen] == "PvdD" and network.nodes[teunissen]["party"] == "PvdD"
    assert ("PvdA", "PvdD") in {(str(p), str(d)) for p, d in printed}
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--store", str(store)])
    assert "party printed 'PvdA', but the member's party on 2024-04-04 is PvdD" in result.output


def test_the_answer_and_its_questions_share_case_questions(store: Path) -> None:
    """A question set and its answer are linked question by question (prov:specializationOf the case's
    question): in the dev corpus no question set has its answer, but each answer's questions are its case's."""
    with Store.open(store, read_only=True) as opened:
        rows = opened.query("""
            SELECT ?question ?caseQuestion ?zaak WHERE {
              ?doc a kg:AnswerDocument ; kg:case ?zaak ; schema:hasPart ?question .
              ?question a schema:Question ; prov:specializationOf ?caseQuestion }""").rows
    assert len(rows) > 200
    assert all(str(case_question).startswith(str(zaak) + "/question/") for _, case_question, zaak in rows)


def test_dev_graph_conforms(store: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--store", str(store)])
    assert result.exit_code == 0, result.output


def test_the_linker_resolves_in_role(linked: list[LinkedDocument]) -> None:
    """A printed surname is looked up among the people of its role: the answerer Helder is the minister."""
    people = Linker.load(M).people
    helder = [d for d in linked if any(p.holder and p.holder.printed == "Helder" for p in d.answerers)]
    assert helder and all(p.holder.iri == str(M.person("C.", "Helder")) for d in helder for p in d.answerers if p.holder)
    assert resolve("Helder", Role.MEMBER, helder[0].date, None, people).person is not None


def test_extract_reports_a_misprinted_party_in_the_record() -> None:
    """`kgraph extract` resolves parties across the documents it is given: the record of the misprint says the
    member's party at the date and warns."""
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"development corpus not found at {SHARED_CORPUS}")
    files = [next((SHARED_CORPUS / "learninglion").glob("1b0f0b98*.pdf")),
             *sorted((SHARED_CORPUS / "limburg").glob("0[67][08]__*.txt"))]
    result = CliRunner().invoke(main, ["extract", *map(str, files)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    misprint = next(r for r in records if r["source"].endswith(".pdf"))
    [teunissen] = [a for a in misprint["askers"] if a["name"] == "Teunissen"]
    assert (teunissen["party"], teunissen["party_at_date"]["name"]) == ("PvdA", "PvdD")
    assert any("party printed 'PvdA'" in warning and "PvdD" in warning for warning in misprint["links"]["warnings"])
