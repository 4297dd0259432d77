"""The linking stage: table-driven cases for people, parties, ministries and cited sources, including the
ambiguous ones that must stay unlinked; the one `LinkedDocument` that the graph and the record both read; and the
people of the real case metadata, where ministers and members share surnames."""

from __future__ import annotations

import datetime as dt

import jsonschema
import pytest
from rdflib import URIRef

from extract_factories import doc
from kgraph.link.cases import Case, CaseIndex, CaseMatch
from kgraph.link.ministries import changes, ministry_of
from kgraph.link.parties import parties, party_of
from kgraph.link.people import People, ReferencePerson, Role, people_of, printed_iri, resolve, split_initials
from kgraph.link.sources import publisher_of, read_citation
from kgraph.link.stage import Linker, NullLinker, post_label
from kgraph.mint import Minter
from kgraph.model import Office
from kgraph.rdf import document_graph
from kgraph.record import record_schema, to_record
from kgraph.vocab import FOAF, KG, PROV

M = Minter()
DAY = dt.date(2024, 11, 1)

# A small world of cases: four "van Dijk"s, one "Dijk", one "Mutluer", ministers by initials, a minister who
# shares a surname with a member, and a member who became a minister.
CASES = [
    Case("a1", "2024Z00001", "Wonen", dt.date(2024, 1, 10), (("Inge van Dijk", "I."), ("Jimmy Dijk", "J.P."))),
    Case("a2", "2024Z00002", "Zorg", dt.date(2024, 3, 5), (("Diederik van Dijk", "D.J.H."),), (("V.P.G. Karremans", ""),)),
    Case("a3", "2024Z00003", "Politie", dt.date(2024, 6, 1), (("Songül Mutluer", "S."), ("Olger van Dijk", "O.C."))),
    Case("a4", "2012Z00004", "Oud", dt.date(2012, 6, 1), (("Jasper van Dijk", "J.J."),)),
    # The minister C. Helder and the member Lilian Helder: two people, whatever the surname says.
    Case("a5", "2024Z00005", "Langdurige zorg", dt.date(2024, 2, 1), (("Lilian Helder", "L.M.J.S."),), (("C. Helder", ""),)),
    # Harmen Krul, listed once by initials: the initials agree, so one person.
    Case("a6", "2024Z00006", "Onderwijs", dt.date(2024, 2, 2), (("Harmen Krul", "H.M."),), (("H.M. Krul", ""),)),
    # A member who became a minister, printed the same way in both roles.
    Case("a7", "2019Z00007", "Sport", dt.date(2019, 5, 1), (("Dennis Wiersma", "A.D."),)),
    Case("a8", "2022Z00008", "Onderwijs", dt.date(2022, 5, 1), (), (("Dennis Wiersma", "A.D."),)),
    Case("a9", "2024Z00009", "Landbouw", dt.date(2024, 9, 1), (), (("F.M. Wiersma", ""),)),
]
PEOPLE = People(CASES, M, tk_ids={})


@pytest.mark.parametrize(
    ("printed", "role", "day", "expected"),
    [
        ("Mutluer", Role.MEMBER, DAY, "Songül Mutluer"),
        ("Inge van Dijk", Role.MEMBER, DAY, "Inge van Dijk"),
        ("Dijk", Role.MEMBER, DAY, "Jimmy Dijk"),  # "Dijk" is not the surname of any "van Dijk"
        ("Van Dijk", Role.MEMBER, DAY, None),  # Inge, Diederik, Olger: ambiguous, no link
        ("Van Dijk", Role.MEMBER, dt.date(2012, 3, 1), "Jasper van Dijk"),  # the only van Dijk active then
        ("Van Dijk", Role.MEMBER, dt.date(2011, 1, 1), None),  # before anyone of that name appears
        ("Karremans", Role.GOVERNMENT, DAY, "V.P.G. Karremans"),
        ("Karremans", Role.MEMBER, DAY, None),  # a minister is not found among the members
        ("Onbekend", Role.MEMBER, DAY, None),
        ("Helder", Role.GOVERNMENT, DAY, "C. Helder"),
        ("Helder", Role.MEMBER, DAY, "Lilian Helder"),
        ("C. Helder", Role.MEMBER, DAY, None),  # printed initials that are no member's
        ("L. Helder", Role.MEMBER, DAY, "Lilian Helder"),
        ("Krul", Role.GOVERNMENT, DAY, "Harmen Krul"),
        ("Wiersma", Role.MEMBER, dt.date(2019, 6, 1), "Dennis Wiersma"),
        ("Wiersma", Role.GOVERNMENT, dt.date(2022, 6, 1), "Dennis Wiersma"),
        ("Wiersma", Role.GOVERNMENT, dt.date(2024, 10, 1), "F.M. Wiersma"),
        ("Femke Wiersma", Role.GOVERNMENT, dt.date(2024, 10, 1), "F.M. Wiersma"),
        ("D. Wiersma", Role.GOVERNMENT, dt.date(2024, 10, 1), None),  # Femke's initials are F.M.
    ],
)
def test_resolve_person(printed: str, role: Role, day: dt.date, expected: str | None) -> None:
    found = resolve(printed, role, day, None, PEOPLE)
    assert (found.person.name if found.person else None) == expected


def test_initials_decide_identity_and_the_iri() -> None:
    by_name = {person.name: person for person in PEOPLE.people}
    assert by_name["C. Helder"].iri != by_name["Lilian Helder"].iri
    assert by_name["C. Helder"].iri == str(M.person("C.", "Helder"))
    assert by_name["Lilian Helder"].iri == str(M.person("L.M.J.S.", "Helder"))
    # H.M. Krul and Harmen Krul (H.M.) are one person, a member and (in the metadata) a minister.
    krul = by_name["Harmen Krul"]
    assert krul.member and krul.government and krul.iri == str(M.person("H.M.", "Krul"))
    assert "H.M. Krul" not in by_name
    # Dennis Wiersma was a member and then a minister: one node. Femke Wiersma is another.
    wiersma = by_name["Dennis Wiersma"]
    assert wiersma.member and wiersma.government
    assert wiersma.iri != by_name["F.M. Wiersma"].iri


def test_namesakes_with_the_same_initials_get_their_given_names() -> None:
    people = People([*CASES, Case("b1", "2012Z00010", "X", dt.date(2012, 7, 1), (("Jan Jacob van Dijk", "J.J."),))], M, {})
    iris = {person.name: person.iri for person in people.people}
    assert iris["Jasper van Dijk"] == str(M.person("J.J.", "van Dijk", "Jasper"))
    assert iris["Jan Jacob van Dijk"] == str(M.person("J.J.", "van Dijk", "Jan Jacob"))


def test_case_actors_decide_between_namesakes() -> None:
    match = CaseMatch("2024Z00002", CASES[1], 0.93, "subject+askers+date")
    found = resolve("Van Dijk", Role.MEMBER, DAY, match, PEOPLE)
    assert found.person is not None
    assert (found.person.name, found.rule, found.confidence) == ("Diederik van Dijk", "case actors", 0.93)


def test_unresolved_names_get_nodes_of_their_own() -> None:
    """Never shared across parties, nor between a member and a minister; printed initials name the person."""
    assert printed_iri("Van Dijk", Role.MEMBER, "SGP", M) != printed_iri("Van Dijk", Role.MEMBER, "CDA", M)
    assert printed_iri("Van Dijk", Role.MEMBER, "SGP", M) == printed_iri("van Dijk", Role.MEMBER, "SGP", M)
    assert printed_iri("Helder", Role.MEMBER, None, M) != printed_iri("Helder", Role.GOVERNMENT, None, M)
    assert printed_iri("D.M. van Weel", Role.GOVERNMENT, None, M) == str(M.person("D.M.", "van Weel"))
    assert split_initials("mr. D.M. van Weel") == (("D", "M"), "van Weel")


def test_a_printed_initial_that_disagrees_is_not_the_person() -> None:
    helder = ReferencePerson(("L", "M", "J", "S"), "Helder", "Lilian", ("Lilian Helder (L.M.J.S.)",))
    assert helder.fits("Helder") and helder.fits("L. Helder") and helder.fits("Lilian Helder")
    assert not helder.fits("C. Helder") and not helder.fits("Conny Helder")


# The real case metadata: each minister whom the old linker merged with a member of the same surname (issue 9),
# in a period they served, and the member in a period they sat. Names, initials and dates are the metadata's.
SHARED_SURNAMES = [
    ("Helder", dt.date(2023, 3, 1), "c-helder", dt.date(2020, 3, 1), "l-m-j-s-helder"),
    ("Dijkgraaf", dt.date(2023, 3, 1), "r-h-dijkgraaf", dt.date(2015, 3, 1), "e-dijkgraaf"),
    ("Heijnen", dt.date(2023, 3, 1), "v-l-w-a-heijnen", dt.date(2011, 3, 1), "p-m-m-heijnen"),
    ("Van der Laan", dt.date(2009, 3, 1), "e-e-van-der-laan", dt.date(2022, 3, 1), "j-m-p-van-der-laan"),
    ("Cramer", dt.date(2009, 3, 1), "j-m-cramer", dt.date(2009, 3, 1), "e-a-cramer"),
    ("Bruins", dt.date(2019, 3, 1), "b-j-bruins", dt.date(2017, 3, 1), "e-e-w-bruins"),
    ("Van Leeuwen", dt.date(2024, 3, 1), "g-e-w-van-leeuwen", dt.date(2009, 3, 1), "h-van-leeuwen"),
    ("Wiersma", dt.date(2024, 9, 1), "f-m-wiersma", dt.date(2019, 3, 1), "a-d-wiersma"),
]


@pytest.fixture(scope="module")
def real_people() -> People:
    return people_of(CaseIndex.load(), M)


@pytest.mark.parametrize(("surname", "as_minister", "minister", "as_member", "member"), SHARED_SURNAMES,
                         ids=[row[0] for row in SHARED_SURNAMES])
def test_ministers_who_share_a_surname_with_a_member_stay_apart(
    real_people: People, surname: str, as_minister: dt.date, minister: str, as_member: dt.date, member: str
) -> None:
    answering = resolve(surname, Role.GOVERNMENT, as_minister, None, real_people)
    asking = resolve(surname, Role.MEMBER, as_member, None, real_people)
    assert answering.person is not None and answering.person.iri == str(M.base + "person/" + minister)
    assert asking.person is not None and asking.person.iri == str(M.base + "person/" + member)
    assert answering.person.iri != asking.person.iri


def test_the_member_who_became_a_minister_is_one_person(real_people: People) -> None:
    member = resolve("Wiersma", Role.MEMBER, dt.date(2019, 3, 1), None, real_people).person
    minister = resolve("Wiersma", Role.GOVERNMENT, dt.date(2022, 6, 1), None, real_people).person
    assert member is not None and member == minister and member.name == "Dennis Wiersma"


def test_the_real_metadata_joins_an_initials_only_form_only_when_the_initials_agree(real_people: People) -> None:
    names = {person.name for person in real_people.people}
    # Joined (the initials agree): H.M. Krul, M.R.J. Rog, F.M. van Kooten-Arissen.
    assert {"Harmen Krul", "Michel Rog", "Femke Merel van Kooten-Arissen"} <= names
    assert not {"H.M. Krul", "M.R.J. Rog", "F.M. van Kooten-Arissen"} & names
    # Apart (they do not): the eight ministers above.
    assert {"C. Helder", "R.H. Dijkgraaf", "F.M. Wiersma", "V.L.W.A. Heijnen", "E.E. van der Laan", "J.M. Cramer",
            "B.J. Bruins", "G.E.W. van Leeuwen"} <= names


def test_the_tweede_kamer_person_id_is_carried(real_people: People) -> None:
    by_name = {person.name: person for person in real_people.people}
    assert by_name["Eddy van Hijum"].tk_id == "61721e3f-a394-42ff-9885-8a58aa1d1612"
    assert by_name["Eddy van Hijum"].iri == str(M.person("Y.J.", "van Hijum"))


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
    ("office", "portfolio", "sub", "expected"),
    [
        (Office.MINISTER, "Buitenlandse Zaken", None, "minister van Buitenlandse Zaken"),
        (Office.MINISTER, "Langdurige Zorg en Sport", None, "minister voor Langdurige Zorg en Sport"),
        (Office.MINISTER, "Buitenlandse Handel en Ontwikkelingssamenwerking", None,
         "minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"),
        (Office.STAATSSECRETARIS, "Financiën", "Toeslagen en Douane", "staatssecretaris van Financiën (Toeslagen en Douane)"),
        (Office.MINISTER_PRESIDENT, "Algemene Zaken", None, "minister-president"),
    ],
)
def test_posts_read_as_printed(office: Office, portfolio: str, sub: str | None, expected: str) -> None:
    assert post_label(office, portfolio, sub) == expected


def test_a_sub_portfolio_is_a_post_of_its_own() -> None:
    whole, part = M.post(Office.STAATSSECRETARIS, "Financiën"), M.post(Office.STAATSSECRETARIS, "Financiën", "Toeslagen en Douane")
    assert whole != part and str(part).startswith(str(whole) + "/")


@pytest.mark.parametrize(
    ("url", "note", "expected"),
    [
        ("https://nos.nl/artikel/1", "NOS, 29 oktober 2024", ("NOS", "publisher table (domain)")),
        # NOS's attachment host holds an Erasmus MC report: not NOS's page (limburg/072).
        ("https://bijlagen.nos.nl/a.pdf", "Erasmus MC, rapport", None),
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


@pytest.mark.parametrize(
    ("citation", "headline", "day"),
    [
        # The headline unquoted after "publisher, date", with a quotation inside it (codewith, AD): the whole.
        ("AD, 13 januari 2024, Hoe een provocatie liep: ‘Ik snap niet dat de burgemeester dit heeft toegestaan’ (",
         "Hoe een provocatie liep: ‘Ik snap niet dat de burgemeester dit heeft toegestaan’", "2024-01-13"),
        # A search phrase is no headline (learninglion/1b2d2126), nor a quotation inside a title (1b0f0b98).
        ("Te raadplegen via: ", None, None),
        ("Recommendation of the Council on Export Credits (The «Common Approaches»). Te raadplegen via ", None, None),
        # Quoted, with a quotation inside.
        ("NRC.nl, 26 juni 2024, «Bunq-werknemers keken stiekem: «Het was te verleidelijk»» (",
         "Bunq-werknemers keken stiekem: «Het was te verleidelijk»", "2024-06-26"),
        # Publisher, title, date.
        ("Inspectie Gezondheidszorg en Jeugd, Brief Inspecties over asielopvang, 1 november 2023,",
         "Brief Inspecties over asielopvang", "2023-11-01"),
        # A date without a comma after it, and a line-break hyphen.
        ("Nederlandse Orde van Advocaten, 11 november 2024 Tekort aan sociaal advo- caten (", "Tekort aan sociaal advocaten",
         "2024-11-11"),
        ("2023 Annual report: ", None, None),
        ("Change, 24 januari 2024, (", None, "2024-01-24"),
    ],
)
def test_read_citation(citation: str, headline: str | None, day: str | None) -> None:
    _, found_day, found_headline = read_citation(citation)
    assert (found_headline, found_day.isoformat() if found_day else None) == (headline, day)


NOTES = (
    "Vragen van de leden Mutluer (GroenLinks-PvdA) en Van Dijk (CDA) aan de minister van Justitie en Veiligheid "
    "over politie (ingezonden 1 november 2024)\n\n1. Klopt het? 1) 2)\n\n"
    "1) NOS, 30 oktober 2024, «Politie onder druk», https://nos.nl/artikel/1?utm_source=x, en RTV Noord, "
    "https://www.rtvnoord.nl/y#:~:text=Den%20Haag\n"
    "2) Change, 24 januari 2024, (ttps://www.change.inc/x)\n"
)


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(M, CaseIndex(CASES), PEOPLE)


def test_one_linked_document_feeds_the_graph_and_the_record(linker: Linker) -> None:
    document = doc(NOTES)
    linked = linker.link(document)
    record = to_record(linked)
    jsonschema.validate(record, record_schema())
    graph = document_graph(linked)
    mutluer, van_dijk = record["askers"]
    assert mutluer["person"]["name"] == "Songül Mutluer" and mutluer["person"]["initials"] == "S."
    assert van_dijk["person"] is None
    assert van_dijk["iri"] == str(M.printed_person("Van Dijk", "kamerlid", "CDA"))
    assert record["links"]["unresolved"] == ["person 'Van Dijk': ambiguous, 3 people fit"]
    for asker in record["askers"]:
        assert (M.document(document), KG.askedBy, URIRef(asker["iri"])) in graph
    assert (URIRef(mutluer["iri"]), FOAF.name, None) in graph
    assert record["askers"][0]["party_link"]["name"] == "GroenLinks-PvdA"
    assert record["addressees"][0]["iri"] == str(M.post(document.addressees[0].office, "Justitie en Veiligheid"))
    # Each page with what its own citation says; tracking left out of the IRI, the printed URL kept.
    nos, noord = record["links"]["sources"]
    assert (nos["iri"], nos["url"]) == ("https://nos.nl/artikel/1", "https://nos.nl/artikel/1?utm_source=x")
    assert (nos["publisher"]["name"], nos["published"], nos["title"]) == ("NOS", "2024-10-30", "Politie onder druk")
    assert noord["iri"] == "https://www.rtvnoord.nl/y" and noord["published"] is None and noord["title"] is None
    # A misprinted scheme is a warning, never a page.
    assert any("ttps://www.change.inc/x" in warning for warning in record["links"]["warnings"])
    assert not any("change.inc" in node for node in graph.all_nodes() if isinstance(node, URIRef))
    # Every link is an annotation saying which rule made it.
    rules = {str(rule) for rule in graph.objects(None, KG.linkRule)}
    assert rules == {"unique name in period", "party table", "portfolio table", "publisher table (domain)"}
    attribution = M.attribution(document, "asker", 1)
    assert (attribution, PROV.agent, URIRef(mutluer["iri"])) in graph


def test_the_null_linker_mints_the_same_way(linker: Linker) -> None:
    """--no-link: no reference data, but one IRI scheme. What the linker cannot resolve it mints exactly as the
    null linker does."""
    document = doc(NOTES)
    linked, unlinked = linker.link(document), NullLinker(M).link(document)
    assert not unlinked.linked and unlinked.case is None
    assert [a.person.iri for a in unlinked.askers] == [
        str(M.printed_person("Mutluer", "kamerlid", "GroenLinks-PvdA")), str(M.printed_person("Van Dijk", "kamerlid", "CDA")),
    ]
    assert linked.askers[1].person.iri == unlinked.askers[1].person.iri  # unresolved: the same node either way
    assert [s.iri for s in unlinked.sources] == [s.iri for s in linked.sources]
    assert set(document_graph(document, M)) == set(document_graph(unlinked))
