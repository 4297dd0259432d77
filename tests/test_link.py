"""The linking stage: table-driven cases for people, parties, ministries and cited sources, including the
ambiguous ones that must stay unlinked, and the links in the JSON record matching the graph's IRIs."""

from __future__ import annotations

import datetime as dt

import jsonschema
import pytest
from rdflib import URIRef

from extract_factories import doc
from kgraph.link.cases import Case, CaseIndex, CaseMatch
from kgraph.link.ministries import changes, ministry_of
from kgraph.link.parties import parties, party_of
from kgraph.link.people import People, resolve_person, unresolved_iri
from kgraph.link.sources import publisher_of
from kgraph.link.stage import Linker
from kgraph.mint import Minter
from kgraph.rdf import document_graph
from kgraph.record import record_schema, to_record
from kgraph.vocab import FOAF, KG, PROV

M = Minter()
DAY = dt.date(2024, 11, 1)

# A small world of cases: three "van Dijk"s, one "Dijk", one "Mutluer", one minister listed by initials.
CASES = [
    Case("a1", "2024Z00001", "Wonen", dt.date(2024, 1, 10), (("Inge van Dijk", "I."), ("Jimmy Dijk", "J.P."))),
    Case("a2", "2024Z00002", "Zorg", dt.date(2024, 3, 5), (("Diederik van Dijk", "D.J.H."),), ("V.P.G. Karremans",)),
    Case("a3", "2024Z00003", "Politie", dt.date(2024, 6, 1), (("Songül Mutluer", "S."), ("Olger van Dijk", "O.C."))),
    Case("a4", "2012Z00004", "Oud", dt.date(2012, 6, 1), (("Jasper van Dijk", "J.J."),)),
]
PEOPLE = People(CASES)


@pytest.mark.parametrize(
    ("printed", "day", "expected"),
    [
        ("Mutluer", DAY, "Songül Mutluer"),
        ("Inge van Dijk", DAY, "Inge van Dijk"),
        ("Dijk", DAY, "Jimmy Dijk"),  # "Dijk" is not the surname of any "van Dijk"
        ("Van Dijk", DAY, None),  # Inge, Diederik, Olger: ambiguous, no link
        ("Van Dijk", dt.date(2012, 3, 1), "Jasper van Dijk"),  # the only van Dijk active then
        ("Van Dijk", dt.date(2011, 1, 1), None),  # before anyone of that name appears
        ("Karremans", DAY, "V.P.G. Karremans"),
        ("Onbekend", DAY, None),
    ],
)
def test_resolve_person(printed: str, day: dt.date, expected: str | None) -> None:
    link = resolve_person(printed, day, None, PEOPLE, M)
    assert (link.label if link else None) == expected


def test_case_actors_decide_between_namesakes() -> None:
    match = CaseMatch(CASES[1], 0.93, "subject+askers+date")
    link = resolve_person("Van Dijk", DAY, match, PEOPLE, M)
    assert link is not None and (link.label, link.rule, link.confidence) == ("Diederik van Dijk", "case actors", 0.93)


def test_unresolved_namesakes_of_different_parties_get_different_nodes() -> None:
    assert unresolved_iri("Van Dijk", "SGP", M) != unresolved_iri("Van Dijk", "CDA", M)
    assert unresolved_iri("Van Dijk", "SGP", M) == unresolved_iri("van Dijk", "SGP", M)


@pytest.mark.parametrize(
    ("label", "expected"),
    [("CDA", "CDA"), ("GL-PvdA", "GroenLinks-PvdA"), ("GroenLinks–PvdA", "GroenLinks-PvdA"), ("NSC", "Nieuw Sociaal Contract"),
     ("Nieuw Sociaal Contract", "Nieuw Sociaal Contract"), ("ChristenUnie", "ChristenUnie"), ("Groep Van Haga", "Groep Van Haga"),
     ("Partij X", None)],
)
def test_party_of(label: str, expected: str | None) -> None:
    link = party_of(label, M)
    assert (link.label if link else None) == expected


def test_party_relations_are_consistent() -> None:
    table = parties()
    assert table["GroenLinks-PvdA"].composed_of == ("GroenLinks", "PvdA")
    assert table["Groep Van Haga"].split_from == "FVD"


@pytest.mark.parametrize(
    ("portfolio", "expected"),
    [("Financiën", "Financiën"), ("Klimaat en Energie", "Economische Zaken en Klimaat"), ("BHO", "Buitenlandse Zaken"),
     ("Rechtsbescherming", "Justitie en Veiligheid"), ("Volkshuisvesting", None), ("Digitale Zaken", None)],
)
def test_ministry_of(portfolio: str, expected: str | None) -> None:
    link = ministry_of(portfolio, M)
    assert (link.label if link else None) == expected


def test_ministry_changes_use_canonical_names() -> None:
    split = next(c for c in changes() if c.date == dt.date(2024, 7, 2) and c.before == ("Economische Zaken en Klimaat",))
    assert split.after == ("Economische Zaken", "Klimaat en Groene Groei")


@pytest.mark.parametrize(
    ("url", "note", "expected"),
    [
        ("https://nos.nl/artikel/1", "NOS, 29 oktober 2024", ("NOS", "publisher table (domain)")),
        ("https://bijlagen.nos.nl/a.pdf", "Erasmus MC, rapport", ("NOS", "publisher table (domain)")),
        ("https://www.medischcontact.nl/x", "Medisch Contact, 11 januari 2024", ("Medisch Contact", "note text")),
        ("https://www.igj.nl/x", "Inspectie Gezondheidszorg en Jeugd, 1 november 2023", ("Inspectie Gezondheidszorg en Jeugd", "note text")),
        ("https://www.nationaleombudsman.nl/x", "Trouw, 12 december 2023", None),  # the note names another source
        ("https://open.overheid.nl/x", "Aanhangsel Handelingen II, vergaderjaar 2024–2025, nr. 135", None),
        ("https://example.org/x", "Zie https://example.org/x", None),
    ],
)
def test_publisher_of(url: str, note: str, expected: tuple[str, str] | None) -> None:
    link = publisher_of(url, note, M)
    assert ((link.label, link.rule) if link else None) == expected


@pytest.fixture(scope="module")
def linker() -> Linker:
    cases = CaseIndex(CASES)
    return Linker(M, cases, People(CASES))


def test_record_links_carry_the_graphs_iris(linker: Linker) -> None:
    document = doc(
        "Vragen van de leden Mutluer (GroenLinks-PvdA) en Van Dijk (CDA) aan de minister van Justitie en Veiligheid "
        "over politie (ingezonden 1 november 2024)\n\n1. Klopt het? 1)\n\n1) NOS, 30 oktober 2024, https://nos.nl/artikel/1\n"
    )
    links = linker.link(document)
    record = to_record(document, links, M)
    jsonschema.validate(record, record_schema())
    graph = document_graph(document, M, links)
    mutluer, van_dijk = record["askers"]
    assert mutluer["person"]["name"] == "Songül Mutluer" and van_dijk["person"] is None
    assert record["links"]["unresolved"] == ["person 'Van Dijk': ambiguous, 3 people fit"]
    for asker in record["askers"]:
        assert (URIRef(asker["iri"]), None, None) in graph
        assert (M.document(document), KG.askedBy, URIRef(asker["iri"])) in graph
    assert (URIRef(mutluer["iri"]), FOAF.name, None) in graph
    assert record["askers"][0]["party_link"]["name"] == "GroenLinks-PvdA"
    assert record["addressees"][0]["iri"] == str(M.post(document.addressees[0].office, "Justitie en Veiligheid"))
    [source] = record["links"]["sources"]
    assert (source["publisher"]["name"], source["published"]) == ("NOS", "2024-10-30")
    assert (URIRef(source["iri"]), None, None) in graph
    # Every link is an annotation saying which rule made it.
    rules = {str(rule) for rule in graph.objects(None, KG.linkRule)}
    assert rules == {"unique name in period", "party table", "portfolio table", "publisher table (domain)"}
    attribution = M.attribution(document, "asker", 1)
    assert (attribution, PROV.agent, URIRef(mutluer["iri"])) in graph
