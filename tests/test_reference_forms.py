"""Table-driven cases for the printed forms of references (Kamerstukken, Aanhangsel publications) that real
documents print, and for near misses that are no reference: each snippet is written for the test, in the form
documents print it. The identifiers are those of kgraph.identifiers."""

from __future__ import annotations

import pytest

from extract_factories import doc
from kgraph.model import ReferenceScheme

AH, KST = ReferenceScheme.AANHANGSEL, ReferenceScheme.KAMERSTUK


def found(text: str, scheme: ReferenceScheme) -> list[str]:
    return [r.identifier for r in doc(text).references_of(scheme)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two numbers of one vergaderjaar, and longer lists
        ("Zie Aanhangsel Handelingen II 2019/20, nrs. 1016 en 1044.", ["ah-tk-20192020-1016", "ah-tk-20192020-1044"]),
        ("Aanhangsel Handelingen, vergaderjaar 2023–2024, nrs. 1137, 1138 en 1139.",
         ["ah-tk-20232024-1137", "ah-tk-20232024-1138", "ah-tk-20232024-1139"]),
        # the chamber, and the vergaderjaar with two digits
        ("(Aanhangsel Handelingen II 2022/23, nr. 1823)", ["ah-tk-20222023-1823"]),
        ("Aanhangsel Handelingen I 2019/20, nr. 5", ["ah-ek-20192020-5"]),
        ("Aanhangsel van de Handelingen 1999/00, nr. 12", ["ah-tk-19992000-12"]),
        # the vergaderjaar first
        ("Tweede Kamer, vergaderjaar 2017-2018, aanhangsel nr. 2509", ["ah-tk-20172018-2509"]),
        # the number first, the vergaderjaar after it
        ("Aanhangsel Handelingen, nr. 1310, vergaderjaar 2006-2007", ["ah-tk-20062007-1310"]),
        ("(Handelingen, nr. 1310, vergaderjaar 2006-2007)", ["ah-tk-20062007-1310"]),
        # "Kamervragen (Aanhangsel)"
        ("(Kamervragen (Aanhangsel) 2019–2020, nr. 1287)", ["ah-tk-20192020-1287"]),
        # the years swapped: still one vergaderjaar
        ("Aanhangsel Handelingen, vergaderjaar 2016–2015, nr. 12", ["ah-tk-20152016-12"]),
    ],
)
def test_aanhangsel_forms(text: str, expected: list[str]) -> None:
    assert found(text, AH) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Handelingen II 2019/20, nr. 28, item 3",  # a sitting of the Handelingen, not the Aanhangsel
        "Handelingen II, nr. 70, item 3, vergaderjaar 2007-2008",
        "Handelingen II, nr. 70, vergaderjaar 2007-2008, blz. 4867",
        "In het vergaderjaar 2023-2024 zijn 1.137 vragen gesteld.",
        "Aanhangsel Handelingen 2023-2024",  # no number
    ],
)
def test_no_aanhangsel(text: str) -> None:
    assert found(text, AH) == []


def test_numbers_after_a_comma_that_are_no_list() -> None:
    assert found("Aanhangsel Handelingen 2023-2024, nr. 1137, 12 vragen later", AH) == ["ah-tk-20232024-1137"]
    assert found("Aanhangsel Handelingen 2023-2024, nr. 1137, 3 mei 2024", AH) == ["ah-tk-20232024-1137"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kamerstukken II 2020/21, 35 925 VI, nr. 41", ["kst-35925-VI-41"]),
        ("(35 925-A, nr. 68)", ["kst-35925-A-68"]),
        # a paper of two dossiers: its number counts in the first (KOOP links it as kst-25087-191)
        ("(25 087 / 31 066, nr. 191)", ["kst-25087-191"]),
        ("zie de brief (25 087 / 31 066, nr.191) bij de antwoorden", ["kst-25087-191"]),
        ("Kamerstuk 31 728, 30 914, nr. 5", ["kst-31728-5"]),
        ("Kamerstuk 31 728 / 30 914, nrs. 5 en 6", ["kst-31728-5", "kst-31728-6"]),
        # Eerste Kamer papers are lettered
        ("zoals in de memorie van antwoord (36 021, B) staat", ["kst-36021-B"]),
        ("Kamerstukken I 2023/24, 36 200 VII, B", ["kst-36200-VII-B"]),
        ("Eerste Kamer, 35 925, AB", ["kst-35925-AB"]),
        ("32 404 nr. 3532", ["kst-32404-3532"]),
    ],
)
def test_kamerstuk_forms(text: str, expected: list[str]) -> None:
    assert found(text, KST) == expected


@pytest.mark.parametrize(
    "text",
    [
        "een bedrag van € 36 021, B is gereserveerd",
        "ondertekend door 12 345, B. Jansen",
        "bel 070 318 22 11, B of C",
        "er zijn 12 345 meldingen, nr. onbekend",
        "in 2023 waren het 12.345, B",
    ],
)
def test_no_kamerstuk(text: str) -> None:
    assert found(text, KST) == []


def test_misprinted_vergaderjaar_without_context_is_a_warning_not_an_id() -> None:
    document = doc("Zie ook Aanhangsel Handelingen, vergaderjaar 2015–2015, nr. 1310.")
    assert document.references_of(AH) == ()
    assert [w for w in document.warnings if "vergaderjaar" in w] == [
        "vergaderjaar '2015–2015' in 'Aanhangsel Handelingen, vergaderjaar 2015–2015, nr. 1310' is not two "
        "consecutive years and no single reading fits: the Aanhangsel reference is left out"
    ]


def test_misprinted_vergaderjaar_repaired_by_the_documents_own_date() -> None:
    # Received in March 2015: the document is of vergaderjaar 2014–2015, so it cannot cite one of 2015–2016.
    document = doc("Antwoord van minister Heinen (Financiën) (ontvangen 2 maart 2015)\n\n"
                   "Zie ook Aanhangsel Handelingen, vergaderjaar 2015–2015, nr. 1310.\n\nVraag 1\nKlopt het?\nAntwoord 1\nJa.\n")
    assert [r.identifier for r in document.references_of(AH)] == ["ah-tk-20142015-1310"]
    assert any("read as 2014–2015" in w for w in document.warnings)


def test_misprinted_vergaderjaar_left_out_when_both_readings_fit_the_date() -> None:
    document = doc("Antwoord van minister Heinen (Financiën) (ontvangen 2 december 2015)\n\n"
                   "Zie ook Aanhangsel Handelingen, vergaderjaar 2015–2015, nr. 1310.\n\nVraag 1\nKlopt het?\nAntwoord 1\nJa.\n")
    assert document.references_of(AH) == ()
    assert any("no single reading fits" in w for w in document.warnings)
