"""Matching documents to Tweede Kamer cases (kgraph.link.cases).

Table-driven cases on small hand-built indexes (so they do not depend on the shipped file), the build script,
the shipped index, and the development corpus against a hand-checked table of each document's case.

Run the corpus check with its report:  .venv/bin/python -m pytest -q -rP tests/test_link_cases.py -k corpus
"""

from __future__ import annotations

import datetime as dt
import gzip
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from kgraph.evaluate import gold_files, load_gold
from kgraph.extract import extract
from kgraph.link import build_case_index
from kgraph.link.cases import AanhangselIndex, Case, CaseIndex, CaseMatch, match_case, own_zaak_number, same_person, subject_similarity
from kgraph.model import Answerer, Asker, DateValue, Document, Kind, Office, Reference, ReferenceScheme, Span
from kgraph.read import read

from conftest import SHARED_CORPUS
from extract_factories import doc as extracted

# ---------------------------------------------------------------------------------------------------------------
# Factories.


def case(nummer: str, started: str, subject: str, *askers: str, to: tuple[str, ...] = ()) -> Case:
    return Case(f"guid-{nummer}", nummer, subject, dt.date.fromisoformat(started), tuple((a, "") for a in askers),
                tuple((a, "") for a in to))


def document(
    *askers: str,
    title: str | None = None,
    submitted: str | None = None,
    received: str | None = None,
    kind: Kind = Kind.ANSWER,
    koop_id: str | None = None,
    zaken: tuple[tuple[str, int], ...] = (),
    answerer: str | None = None,
    oral: bool = False,
) -> Document:
    """A document whose header starts at offset 200 (askers), like an Aanhangsel PDF; `zaken` are (number, offset)."""
    people = tuple(Asker(name, None, Span(200 + 20 * i, 210 + 20 * i)) for i, name in enumerate(askers))
    return Document(
        source="test",
        sha256="0",
        kind=kind,
        oral=oral,
        title=title,
        submitted=DateValue(dt.date.fromisoformat(submitted), Span(400, 420)) if submitted else None,
        received=DateValue(dt.date.fromisoformat(received), Span(430, 450)) if received else None,
        askers=people,
        answerers=(Answerer(Office.MINISTER, answerer, "Justitie en Veiligheid", Span(460, 480)),) if answerer else (),
        references=tuple(Reference(ReferenceScheme.ZAAK, nr, nr, Span(at, at + 10)) for nr, at in zaken),
        koop_id=koop_id,
    )


# One fortnight of invented cases with the traps real data has. Coverage runs to the end of 2024 so the dates
# below are inside it unless a test says otherwise.
CASES = (
    case("2024Z00327", "2024-01-16", "Quantumproof encryptie", "Joost Sneller", to=("Dilan Yeşilgöz-Zegerius", "A.C. van Huffelen")),
    case("2024Z00433", "2024-01-17", "Het bericht dat de politie experimenteert met gezichtsherkenning", "Joost Sneller"),
    # The same members, two sets on one day, different subjects.
    case("2024Z00401", "2024-01-17", "Het bericht ‘Ombudsman: Overheid dwingt burgers tot fraude’", "Inge van Dijk", "Derk Boswijk"),
    case("2024Z00402", "2024-01-17", "De sluiting van het politiebureau in Wolvega", "Inge van Dijk", "Derk Boswijk"),
    # Two members who share a surname: 'Dijk' (SP) is not 'Inge van Dijk' (CDA).
    case("2024Z00410", "2024-01-18", "Grote prijsverschillen aanvullende zorgverzekering", "Jimmy Dijk"),
    # Questions asked again: same members, same subject, the next day.
    case("2024Z00420", "2024-01-18", "Het alcoholslot", "Attje Kuiken", "Marith Volp"),
    case("2024Z00421", "2024-01-19", "Het alcoholslot", "Attje Kuiken", "Marith Volp"),
    # Names that PDF text damages.
    case("2024Z00430", "2024-01-19", "Meer ziekenhuizen in financiële problemen", "Daniëlle Jansen"),
    case("2024Z00431", "2024-01-19", "Heenzenden jeugdige criminelen na mishandelen conducteur.", "Marjolein Faber-van de Klashorst"),
    case("2024Z00432", "2024-01-22", "PFAS in Zeeuwse buffels", "Jesse Gabriëls", "Laura Bromet"),
    case("2024Z00440", "2024-01-22", "Het bericht ‘Overheid gebruikte nationaliteit bij misdaadbestrijding’", "Ismail el Abassi", to=("D.M. van Weel",)),
    case("2024Z00441", "2024-01-22", "Het bericht dat een RIEC persoonsgegevens verzamelde", "Michiel van Nispen", "Mpanzu Bamenga"),
    case("2024Z00450", "2024-01-23", "Kosten van de Delta Rhine Corridor", "Silvio Erkens", to=("Rob Jetten",)),
    case("2024Z00451", "2024-01-29", "De zin en onzin van de Nutri-Score", "Elke Slagt-Tichelman"),
    case("2024Z00460", "2024-01-16", "Het bericht dat een ME’er in Arnhem zijn taak niet wilde uitvoeren", "Joost Eerdmans"),
    case("2024Z00461", "2024-01-29", "Het bericht dat een ME’er in Arnhem zijn taak niet wilde uitvoeren", "Joost Eerdmans"),
)
INDEX = CaseIndex(CASES, coverage=(dt.date(2023, 1, 1), dt.date(2024, 12, 31)))


@dataclass(frozen=True)
class Row:
    name: str
    doc: Document
    nummer: str | None
    rule: str | None = None


# Titles and rule names the table repeats.
QUANTUM = "quantumproof encryptie"
ABASSI = "het bericht «Overheid gebruikte nationaliteit bij misdaadbestrijding»"
OMBUDSMAN = "het bericht «Ombudsman: Overheid dwingt burgers tot fraude»"
ME = "het bericht dat een ME'er in Arnhem zijn taak niet wilde uitvoeren"
DELTA = "kosten van de Delta Rhine Corridor"
PRINTED, EVIDENCE, RECEIVED, CITED = "printed-zaak", "subject+askers+date", "subject+askers+received", "printed-zaak+askers"
Q = Kind.QUESTIONS

ROWS = (
    # Rule 1: the document prints its own number.
    Row("kv-tk id", document("Kuiken", "Volp", title="Het alcoholslot", submitted="2024-01-18", kind=Q, koop_id="kv-tk-2024Z00420"),
        "2024Z00420", PRINTED),
    Row("zaak number before the header", document(received="2024-03-01", zaken=(("2024Z00451", 8),)), "2024Z00451", PRINTED),
    Row("own number printed but not in the index: that case, not another",
        document("Sneller", title=QUANTUM, submitted="2024-01-16", koop_id="kv-tk-2024Z99999"), "2024Z99999", PRINTED),
    Row("Toelichting's number is another set's",
        document("El Abassi", title=ABASSI, submitted="2024-01-22", zaken=(("2024Z00441", 5000),)), "2024Z00440", EVIDENCE),
    Row("ah-tk id is not a zaak number",
        document("Sneller", title=QUANTUM, submitted="2024-01-16", koop_id="ah-tk-20232024-1178"), "2024Z00327", EVIDENCE),
    # Rule 3: subject, askers and date.
    Row("subject+askers+date", document("Sneller", title=QUANTUM, submitted="2024-01-16"), "2024Z00327", EVIDENCE),
    Row("same members, same day, the subject decides",
        document("Inge van Dijk", "Boswijk", title="de voorgenomen sluiting van het politiebureau in Wolvega", submitted="2024-01-17"),
        "2024Z00402", EVIDENCE),
    Row("gestartOp a day off", document("Sneller", title=QUANTUM, submitted="2024-01-17"), "2024Z00327", EVIDENCE),
    Row("answer without ingezonden: received window", document("Erkens", title=DELTA, received="2024-04-02"), "2024Z00450", RECEIVED),
    # Ambiguous: no link.
    Row("same members, same day, no subject", document("Inge van Dijk", "Boswijk", submitted="2024-01-17"), None),
    Row("questions asked again the next day", document("Kuiken", "Volp", title="Het alcoholslot", submitted="2024-01-18"), None),
    Row("asked again, received window sees both", document("Eerdmans", title=ME, received="2024-03-20"), None),
    Row("same members and week, other subject", document("Sneller", title="de stikstofuitstoot van Schiphol", submitted="2024-01-16"), None),
    # Wrong date window: no link.
    Row("submitted ten days later", document("Sneller", title=QUANTUM, submitted="2024-01-26"), None),
    Row("received more than 180 days later", document("Erkens", title=DELTA, received="2024-08-01"), None),
    Row("received before the case started",
        document("Slagt-Tichelman", title="de zin en onzin van de Nutri-Score", received="2024-01-20"), None),
    # Names.
    Row("glued given name", document("DaniëlleJansen", title="meer ziekenhuizen in financiële problemen", submitted="2024-01-19"),
        "2024Z00430", EVIDENCE),
    Row("spaced dash, capital Van",
        document("Faber – Van de Klashorst", title="heenzenden jeugdige criminelen na mishandelen conducteur", submitted="2024-01-19"),
        "2024Z00431", EVIDENCE),
    Row("detached diaeresis", document("Gabrie¨ls", "Bromet", title="PFAS in Zeeuwse buffels", submitted="2024-01-22"),
        "2024Z00432", EVIDENCE),
    Row("glued particle", document("Inge vanDijk", "Boswijk", title=OMBUDSMAN, submitted="2024-01-17"), "2024Z00401", EVIDENCE),
    Row("'Dijk' is not 'Inge van Dijk'", document("Dijk", title=OMBUDSMAN, submitted="2024-01-17"), None),
    Row("'Dijk' is 'Jimmy Dijk'", document("Dijk", title="grote prijsverschillen aanvullende zorgverzekering", submitted="2024-01-18"),
        "2024Z00410", EVIDENCE),
    Row("no asker in common", document("Dobbe", title=QUANTUM, submitted="2024-01-16"), None),
    # Rule 2: a letter without dates that cites its case.
    Row("dateless letter citing its own case", document("Sneller", title=QUANTUM, zaken=(("2024Z00327", 900),)), "2024Z00327", CITED),
    Row("dateless letter citing someone else's case", document("El Abassi", zaken=(("2024Z00441", 900),)), None),
    Row("dateless letter citing a case on another subject",
        document("Sneller", title="de stikstofuitstoot van Schiphol", zaken=(("2024Z00327", 900),)), None),
    Row("dateless letter without a number", document("Eerdmans", title=ME), None),
    Row("dateless question set cites other sets only", document("Sneller", title=QUANTUM, kind=Q, zaken=(("2024Z00327", 900),)), None),
    # Outside the index, and bonuses.
    Row("oral questions are other cases", document("Sneller", title=QUANTUM, submitted="2024-01-16", kind=Q, oral=True), None),
    Row("the answering minister is a bonus, not a must",
        document("El Abassi", title=ABASSI, submitted="2024-01-22", answerer="Coenradie"), "2024Z00440", EVIDENCE),
)  # fmt: skip


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_match_case(row: Row) -> None:
    match = match_case(row.doc, INDEX)
    assert (match.nummer if match else None) == row.nummer
    if match is not None:
        assert match.rule == row.rule
        # 1.0 means "printed"; evidence alone never makes a link certain.
        assert (match.confidence == 1.0) is (match.rule == "printed-zaak")
        assert 0.7 <= match.confidence <= 1.0


def test_outside_the_index_coverage_nothing_links() -> None:
    """After the index ends the document's own case is missing; a look-alike must not take its place."""
    short = CaseIndex(CASES, coverage=(dt.date(2023, 1, 1), dt.date(2024, 1, 15)))
    assert match_case(document("Sneller", title=QUANTUM, submitted="2024-01-16"), short) is None
    assert match_case(document("Erkens", title=DELTA, received="2024-04-02"), short) is None
    # A printed own number does not depend on coverage.
    assert match_case(document(koop_id="kv-tk-2024Z00327", kind=Kind.QUESTIONS), short) == CaseMatch("2024Z00327", CASES[0], 1.0, "printed-zaak")


def test_answering_minister_raises_the_score() -> None:
    plain = document("El Abassi", title=ABASSI, submitted="2024-01-22")
    with_minister = replace(plain, answerers=(Answerer(Office.MINISTER, "Van Weel", "Justitie en Veiligheid", Span(460, 480)),))
    first, second = match_case(plain, INDEX), match_case(with_minister, INDEX)
    assert first and second and second.confidence > first.confidence


# Real header shapes, through the extractor.
RAW_ANSWER = (
    "AH 608\n\n2024Z00451\n\nAntwoord van staatssecretaris Karremans (Volksgezondheid, Welzijn en Sport) "
    "(ontvangen 20 november 2024)\n\nVraag 1\nWat vindt u?\n\nAntwoord 1\nNiets.\n"
)
TOELICHTING = (
    "Vragen van het lid Sneller (D66) aan de minister van Justitie en Veiligheid over quantumproof encryptie "
    "(ingezonden 16 januari 2024).\n\n1\nWat vindt u?\n\nToelichting:\nDeze vragen dienen ter aanvulling op eerder "
    "gestelde vragen terzake van het lid Van Nispen (SP), ingezonden 22 januari 2024 (vraagnummer 2024Z00441).\n"
)


def test_own_number_of_a_raw_upload_and_not_of_a_toelichting() -> None:
    assert own_zaak_number(extracted(RAW_ANSWER)) == "2024Z00451"
    assert own_zaak_number(extracted(TOELICHTING)) is None
    match = match_case(extracted(TOELICHTING), INDEX)
    assert match is not None and match.nummer == "2024Z00327"


# ---------------------------------------------------------------------------------------------------------------
# Names and subjects.

SAME_PERSON = (
    ("Van Nispen", "Michiel van Nispen", True),
    ("van Nispen", "Michiel van Nispen", True),
    ("Inge van Dijk", "Inge van Dijk", True),
    ("Inge vanDijk", "Inge van Dijk", True),
    ("DaniëlleJansen", "Daniëlle Jansen", True),
    ("Dijk", "Inge van Dijk", False),
    ("Van Dijk", "Jimmy Dijk", False),
    ("Olger van Dijk", "Inge van Dijk", False),
    ("Faber-Van de Klashorst", "Marjolein Faber-van de Klashorst", True),
    ("Klashorst", "Marjolein Faber-van de Klashorst", False),
    ("Yes¸ilgöz-Zegerius", "Dilan Yeşilgöz-Zegerius", True),
    ("D. Yeşilgöz-Zegerius", "Dilan Yeşilgöz-Zegerius", True),
    ("D.M. van Weel", "D.M. van Weel", True),
    ("Wuite", "J. Wuite", True),
    ("Bruins Slot", "Hanke Bruins Slot", True),
    ("Slot", "Hanke Bruins Slot", True),  # a double surname's last part: the subject and date still decide
    ("El Abassi", "Ismail el Abassi", True),
    ("Hermans", "Rob Jetten", False),
    ("", "Rob Jetten", False),
)


@pytest.mark.parametrize(("printed", "full", "same"), SAME_PERSON)
def test_same_person(printed: str, full: str, same: bool) -> None:
    assert same_person(printed, full) is same


def test_subject_similarity() -> None:
    # Glued words, quote styles and a final full stop do not matter.
    glued, spaced = "het bericht «Lelylijn wél vanbelang.»", "Het bericht ‘Lelylijn wél van belang’"
    assert subject_similarity(glued, spaced) == 1.0
    # A subject printed with its source, or shortened, still matches.
    with_source = "het bericht «Woo leidt tot intimidatie» (Lto.nl, 15 november 2024)"
    assert subject_similarity(with_source, "Het bericht ‘Woo leidt tot intimidatie’") > 0.75
    # "Het bericht dat …" says nothing: two different messages are far apart.
    corendon, police = "Het bericht dat Corendon Russische toeristen vliegt", "Het bericht dat de politie gezichtsherkenning test"
    assert subject_similarity(corendon, police) < 0.3
    assert subject_similarity("", "Quantumproof encryptie") == 0.0


# ---------------------------------------------------------------------------------------------------------------
# The index: built from rows, from the build script, and the one that ships.

INPUT_CSV = """zaak_id,nummer,soort,onderwerp,gestartOp,vergaderjaar,gericht_aan,indiener,medeindiener,voortouwcommissie,zonder_relatie
b2,2024Z00002,Schriftelijke vragen,"Het  bericht
over iets",2024-01-17T00:00:00+01:00,2023-2024,"D.M. van Weel, Eddy van Hijum (Y.J.)",Songül Mutluer (S.),"Esmah Lahlah (A.), R.A. (Rik) Janssen",TK,
a1,2024Z00001,Schriftelijke vragen,Quantumproof encryptie,2024-01-16T00:00:00+01:00,2023-2024,,J. Wuite,,TK,
"""
# Cases without actors (the second source): one known already (a1, skipped), a later written one and an oral one.
ZAKEN_CSV = """zaak_id,nummer,soort,onderwerp,gestartOp,vergaderjaar,titel,afgedaan,gewijzigdOp
a1,2024Z00001,Schriftelijke vragen,Quantumproof encryptie,2024-01-16T00:00:00+01:00,2023-2024,,true,2024-02-19T10:59:02.367+01:00
c3,2024Z18435,Schriftelijke vragen,Het bericht ‘Lelylijn’,2024-11-14T00:00:00+01:00,2024-2025,,true,2024-11-22T10:59:19.253+01:00
d4,2024Z18777,Mondelinge vragen,Het bericht ‘Woo’,2024-11-19T00:00:00+01:00,2024-2025,,true,2024-11-22T10:59:19.253+01:00
e5,2024Z18778,Motie,Een motie,2024-11-19T00:00:00+01:00,2024-2025,,true,2024-11-22T10:59:19.253+01:00
"""
DOCUMENTS_CSV = """document_id,soort,documentnummer,titel,onderwerp,datum,vergaderjaar,aanhangselnummer,kamer,datumRegistratie
x1,Mededeling (uitstel antwoord),2024D44128,,Uitstel beantwoording vragen van het lid Podt over het bericht ‘Lelylijn’,2024-11-14T00:00:00+01:00,2024-2025,242500545,2,2024-11-14T00:00:00+01:00
x2,Schriftelijke vragen,2024D40295,,Wereldstotterdag,2024-10-23T00:00:00+02:00,2024-2025,,2,2024-10-23T00:00:00+02:00
"""


def test_build_script_round_trip(tmp_path: Path) -> None:
    source, target = tmp_path / "zaken.csv", tmp_path / "out" / "tk_zaken.csv.gz"
    source.write_text(INPUT_CSV, encoding="utf-8")
    assert build_case_index.main([str(source), str(target)]) == 0
    first = target.read_bytes()
    assert build_case_index.main([str(source), str(target)]) == 0
    assert target.read_bytes() == first, "a rebuild from the same input must give the same bytes"
    text = gzip.decompress(first).decode("utf-8")
    assert text.startswith("# Source: Tweede Kamer open data") and "Nierot/kamervragen" in text and "CC0" in text

    index = CaseIndex.load(target)
    assert [c.nummer for c in index.between(dt.date(2024, 1, 1), dt.date(2024, 1, 31))] == ["2024Z00001", "2024Z00002"]
    assert index.get("2024Z00001") == Case("a1", "2024Z00001", "Quantumproof encryptie", dt.date(2024, 1, 16), (("J. Wuite", ""),), ())
    second = index.get("2024Z00002")
    assert second is not None
    assert second.subject == "Het bericht over iets"
    assert second.askers == (("Songül Mutluer", "S."), ("Esmah Lahlah", "A."), ("Rik Janssen", "R.A."))
    assert second.addressees == (("D.M. van Weel", ""), ("Eddy van Hijum", "Y.J."))
    assert index.coverage == (dt.date(2024, 1, 16), dt.date(2024, 1, 17))
    assert index.actors_until == dt.date(2024, 1, 17)
    assert "Nierot/kamervragen" in index.source


def test_build_script_adds_cases_without_actors_and_the_aanhangsel_table(tmp_path: Path) -> None:
    paths = []
    for name, text in (("actors.csv", INPUT_CSV), ("zaken.csv", ZAKEN_CSV), ("documents.csv", DOCUMENTS_CSV)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    target = tmp_path / "out" / "tk_zaken.csv.gz"
    assert build_case_index.main([*paths, str(target)]) == 0
    index = CaseIndex.load(target)
    assert len(index) == 4  # a1 once, the motion left out
    later = index.get("2024Z18435")
    assert later is not None and later.askers == () and not later.has_actors and not later.oral
    oral = index.get("2024Z18777")
    assert oral is not None and oral.oral
    assert [c.nummer for c in index.between(dt.date(2024, 11, 1), dt.date(2024, 11, 30))] == ["2024Z18435"]
    assert [c.nummer for c in index.between(dt.date(2024, 11, 1), dt.date(2024, 11, 30), oral=None)] == ["2024Z18435", "2024Z18777"]
    assert index.coverage == (dt.date(2024, 1, 16), dt.date(2024, 11, 14))  # written cases
    assert index.actors_until == dt.date(2024, 1, 17)
    assert "tommyvanderwal/motiematcher" in index.source
    table = AanhangselIndex.load(target.parent / "tk_aanhangsel.csv.gz")
    record = table.get("ah-tk-20242025-545")
    assert len(table) == 1 and record is not None
    assert (record.document, record.kind, record.date) == ("2024D44128", "postponement", dt.date(2024, 11, 14))
    assert record.questions_subject == "het bericht ‘Lelylijn’"


def test_build_script_usage_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build_case_index.main([]) == 2
    assert build_case_index.main([str(tmp_path / "missing.csv"), str(tmp_path / "x.csv.gz")]) == 1
    (tmp_path / "bad.csv").write_text("zaak_id,nummer\n1,2\n", encoding="utf-8")
    assert build_case_index.main([str(tmp_path / "bad.csv"), str(tmp_path / "x.csv.gz")]) == 1
    assert "missing columns" in capsys.readouterr().err


def test_rows_must_be_sorted() -> None:
    with pytest.raises(ValueError, match="sorted"):
        CaseIndex.from_rows([["a", "2024Z00002", "2024-01-17", "", "", "", "written"],
                             ["b", "2024Z00001", "2024-01-16", "", "", "", "written"]])


def test_shipped_index() -> None:
    index = CaseIndex.load()
    assert index is CaseIndex.load(), "loaded once per process"
    assert len(index) == 47086  # 42,994 with actors and 4,092 more (2,061 written, 2,031 oral) without
    assert "Nierot/kamervragen (commit fa59a9781eaf9cd9c92f48fa692e01594eb3ebca)" in index.source and "CC0" in index.source
    assert "tommyvanderwal/motiematcher (commit a1faf70d7868139d87dbc8e14746bb2c5fdf09be)" in index.source
    assert index.coverage == (dt.date(2008, 8, 1), dt.date(2025, 10, 2))
    assert index.actors_until == dt.date(2024, 10, 2)
    koekkoek = index.get("2024Z13931")
    assert koekkoek is not None and koekkoek.zaak_id == "14dbee20-cf82-420c-aefd-bc22bb3d5d6d"
    assert koekkoek.askers[0] == ("Marieke Koekkoek", "M.") and koekkoek.started == dt.date(2024, 9, 20)
    lelylijn = index.get("2024Z18435")  # after the actor data: number, subject and date
    assert lelylijn is not None and lelylijn.started == dt.date(2024, 11, 14) and lelylijn.subject.startswith("Het bericht ‘Rijksadviseur")
    aanhangsel = AanhangselIndex.load()
    assert len(aanhangsel) == 2704 and "CC0" in aanhangsel.source


# ---------------------------------------------------------------------------------------------------------------
# The development corpus.
#
# Each document's case, checked by hand: the gold notes' "API: zaak …" / "the API identifies it as …", the
# printed kv-tk id, or the zaak number at the top of a raw upload, then looked up in the shared CSVs (after October
# 2024, zaken_2008_2025.csv: its subject and start date against the document's title and "ingezonden" date, and
# documents_schriftelijke_vragen_2024_2025.csv for the Aanhangsel numbers). A printed own number is the case
# whether or not the index holds it. None: the document's case is unknown; the matcher must not link those. Keys
# are unique prefixes of the paths under corpus/dev.
EXPECTED: dict[str, str | None] = {
    "codewith/Beantwoording Kamervragen leden Mutluer": "2024Z11859",  # 'uw brief … nr. 2024Z11859' before the header
    "codewith/Beantwoording Kamervragen van de leden Temmink": "2023Z19677",  # cited in the letter, askers agree
    "codewith/Beantwoording Kamervragen van het lid Wassenberg": "2023Z14759",
    "learninglion/1a2d8959": "2024Z11684",
    "learninglion/1aa9bd01": "2023Z19292",
    "learninglion/1b0f0b98": "2024Z05755",  # 'Teunissen (PvdA)' misprint: surname still matches
    "learninglion/1b2d2126": "2024Z11524",  # sent to Van Weyenberg, answered by Heinen
    "learninglion/1bb0809b": "2024Z07815",
    "learninglion/1bca1484": "2024Z11864",
    "learninglion/1bd47dc8": "2024Z06870",
    "learninglion/1c0f765c": "2024Z00327",
    "learninglion/1c7587f8": "2024Z07853",
    "learninglion/1cf0c343": "2024Z10768",  # sent to Jetten, answered by Hermans
    "learninglion/1dac45ca": "2023Z20080",  # cites 2022Z10723 (Westerveld/Bouchallikh) in an answer: not its own
    "limburg/000__": "2024Z18775",  # oral, kv-tk-2024Z18775 printed
    "limburg/001__": "2024Z17167",  # ingezonden 30 oktober 2024, 'Meer ziekenhuizen in financiële problemen …'
    "limburg/002__": "2024Z18294",  # own number at the top
    "limburg/003__": "2024Z16819",  # ingezonden 24 oktober 2024, 'Het bezoek van de Secretaris-Generaal …'
    "limburg/004__": "2024Z16813",  # ingezonden 24 oktober 2024, 'De omgang met het parlement …'
    "limburg/007__": "2024Z18659",
    "limburg/008__": "2024Z16988",  # ah-tk-20242025-562 in the Document records; the Mededeling prints 2024Z16988
    "limburg/009__": "2024Z18285",
    "limburg/012__": "2024Z18566",
    "limburg/014__": "2024Z18776",  # oral
    "limburg/017__": "2024Z18561",
    "limburg/019__": "2024Z14255",  # prints 2024Z14250 in a Toelichting: Van Nispen/Bamenga's set
    "limburg/020__": "2024Z14547",
    "limburg/021__": "2024Z14827",  # submitted 2024-10-02, the actor data's last day
    "limburg/022__": "2024Z15078",
    "limburg/023__": "2024Z13931",
    "limburg/025__": "2024Z17538",  # own number at the top
    "limburg/027__": "2024Z11074",  # cites Erkens' own earlier set 2024Z00081 (same subject, January)
    "limburg/029__": "2024Z18884",
    "limburg/035__": "2024Z18797",
    "limburg/036__": "2024Z14634",
    "limburg/037__": "2024Z18656",  # cites Bamenga's 2024Z18284
    "limburg/044__": "2024Z18777",  # oral
    "limburg/046__": "2024Z14419",  # at the top; cites Joseph's 2024Z14247 (same subject) further down
    "limburg/049__": "2024Z14247",
    "limburg/054__": "2024Z14814",
    "limburg/056__": "2024Z18435",
    "limburg/057__": "2024Z18442",
    "limburg/058__": "2024Z18890",
    "limburg/060__": "2024Z17331",
    "limburg/061__": "2024Z18563",
    "limburg/065__": "2024Z16817",  # ah-tk-20242025-545: Podt, 'Kinderrechtencollectief …', 24 oktober 2024
    "limburg/068__": "2024Z18658",
    "limburg/070__": "2024Z16038",  # ingezonden 16 oktober 2024, 'Het rapport onderschreven door … klimaatwetenschappers …'
    "limburg/071__": "2024Z18438",
    "limburg/072__": "2024Z18887",
    "limburg/073__": "2024Z18794",
    "limburg/077__": "2024Z18440",
    # Two cases with this subject a day apart (2024Z15551, 2024Z15696), without actors to tell them apart.
    "limburg/080__": None,
    "limburg/081__": "2024Z18888",
    "limburg/083__": "2024Z18793",
    "limburg/084__": "2024Z18893",
    "seeds/000_": "2025Z15097",  # 'Zie ook … nr. 2917': the Teunissen postponement notice, on this case's subject
    "seeds/002_": "2025Z10267",  # Bontenbal c.s., 22 mei 2025; cites 2025Z10261 (Dobbe, Piri, Teunissen) in a Toelichting
}
# Documents whose case is in the index but which the matcher rightly leaves alone (xfail-strict style: a change
# that links one correctly must move it to EXPECTED).
KNOWN_ABSTENTIONS: dict[str, str] = {
    # A letter with no date and no number; Eerdmans asked the same questions on 2024-01-16 (2024Z00330) and
    # 2024-03-05 (2024Z03479, this one): nothing in the text tells them apart.
    "codewith/Beantwoording Kamervragen van het lid Eerdmans": "2024Z03479",
}


@pytest.fixture(scope="module")
def corpus_matches() -> dict[str, CaseMatch | None]:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {SHARED_CORPUS}; the corpus check needs ../shared/corpus/dev beside the project")
    shared_corpus = SHARED_CORPUS
    index, aanhangsel = CaseIndex.load(), AanhangselIndex.load()
    matches: dict[str, CaseMatch | None] = {}
    for gold_path in gold_files(shared_corpus):
        _, path = load_gold(gold_path)
        if path.relative_to(shared_corpus).parts[0] == "tkweb":
            continue  # header excerpts of web pages: their cases are not in the hand-checked table
        matches[path.relative_to(shared_corpus).as_posix()] = match_case(extract(read(path)), index, aanhangsel)
    return matches


def _key(path: str) -> str:
    keys = [key for key in (*EXPECTED, *KNOWN_ABSTENTIONS) if path.startswith(key)]
    assert len(keys) == 1, f"{path}: {len(keys)} expectation keys match; the table needs exactly one"
    return keys[0]


def test_corpus_matches_the_hand_checked_table(corpus_matches: dict[str, CaseMatch | None]) -> None:
    assert len(corpus_matches) == len(EXPECTED) + len(KNOWN_ABSTENTIONS), "a document has no expectation, or one is stale"
    wrong = []
    for path, match in sorted(corpus_matches.items()):
        key = _key(path)
        expected = EXPECTED.get(key)  # None for known abstentions too: the matcher must not link them
        found = match.nummer if match else None
        if found != expected:
            wrong.append(f"{path}: expected {expected}, got {found} ({match.rule if match else 'no link'})")
    assert not wrong, "\n".join(wrong)


def test_corpus_precision_and_recall(corpus_matches: dict[str, CaseMatch | None]) -> None:
    truth = {**{k: v for k, v in EXPECTED.items() if v}, **KNOWN_ABSTENTIONS}
    linked = {path: match for path, match in corpus_matches.items() if match}
    correct = sum(1 for path, match in linked.items() if truth.get(_key(path)) == match.nummer)
    precision = correct / len(linked) if linked else 1.0
    recall = correct / len(truth)
    rules: dict[str, int] = {}
    for match in linked.values():
        rules[match.rule] = rules.get(match.rule, 0) + 1
    print(
        f"\ncase linking on {len(corpus_matches)} dev documents: {len(linked)} linked, {correct} correct; "
        f"precision {precision:.3f}, recall {recall:.3f} ({correct}/{len(truth)} documents whose case is in the index); "
        f"by rule: {dict(sorted(rules.items()))}"
    )
    assert precision == 1.0
    assert recall >= 0.95
