"""The portfolio lexicon (kgraph/extract/lexicon.py) and its data (kgraph/data/portfolios.csv)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgraph.extract import lexicon
from kgraph.extract.lexicon import Portfolio, active_on, all_portfolios, lookup, lookup_all, match_prefix
from kgraph.extract.portfolios import canonical_portfolio, is_known
from kgraph.resources import data_file

# What a header prints between two portfolios of one list: "A en B", "A, B", "A en van B", "A, voor B".
_BETWEEN = re.compile(r"\s*(?:,|\ben\b)\s*(?:(?:van|voor)\s*)?")


def cut(text: str) -> list[str]:
    """A list of portfolios cut the way the header grammar cuts it: match, skip the separator, match again."""
    names: list[str] = []
    cursor = 0
    while cursor < len(text):
        found = match_prefix(text, cursor)
        assert found is not None, f"nothing known at {text[cursor:]!r}"
        names.append(found[0].name)
        between = _BETWEEN.match(text, found[1])
        if not between or between.end() == found[1]:
            assert found[1] == len(text), f"left over: {text[found[1]:]!r}"
            break
        cursor = between.end()
    return names


JENV, BZK, VWS = "Justitie en Veiligheid", "Binnenlandse Zaken en Koninkrijksrelaties", "Volksgezondheid, Welzijn en Sport"
OCW, EZK, BHOS = "Onderwijs, Cultuur en Wetenschap", "Economische Zaken en Klimaat", "Buitenlandse Handel en Ontwikkelingssamenwerking"
LNV = "Landbouw, Natuur en Voedselkwaliteit"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Justitie en Veiligheid en Binnenlandse Zaken en Koninkrijksrelaties", [JENV, BZK]),
        ("Justitie en Veiligheid en van Binnenlandse Zaken en Koninkrijksrelaties", [JENV, BZK]),
        ("Volksgezondheid, Welzijn en Sport en Onderwijs, Cultuur en Wetenschap", [VWS, OCW]),
        ("Buitenlandse Zaken, van Defensie en voor Buitenlandse Handel en Ontwikkelingssamenwerking",
         ["Buitenlandse Zaken", "Defensie", BHOS]),
        ("Landbouw, Natuur en Voedselkwaliteit en van Economische Zaken en Klimaat", [LNV, EZK]),
        ("Economische Zaken en Klimaat, van Binnenlandse Zaken en Koninkrijksrelaties", [EZK, BZK]),
        ("Sociale Zaken en Werkgelegenheid en Justitie en Veiligheid", ["Sociale Zaken en Werkgelegenheid", JENV]),
        ("Economische Zaken, Landbouw en Innovatie en Financiën", ["Economische Zaken, Landbouw en Innovatie", "Financiën"]),
        ("Economische Zaken en Financiën", ["Economische Zaken", "Financiën"]),
        # Printed in the development corpus, spaces lost:
        ("Asiel en Migratie, voor BuitenlandseHandel en Ontwikkelingshulp en van Buitenlandse Zaken",
         ["Asiel en Migratie", "Buitenlandse Handel en Ontwikkelingshulp", "Buitenlandse Zaken"]),
        ("Economische Zaken en van Klimaaten Groene Groei", ["Economische Zaken", "Klimaat en Groene Groei"]),
        ("Volksgezondheid, Welzijn en Sport en voor Rechtsbescherming", [VWS, "Rechtsbescherming"]),
    ],
)
def test_lists_are_cut_between_whole_names(text: str, expected: list[str]) -> None:
    assert cut(text) == expected


@pytest.mark.parametrize(
    ("text", "name", "rest"),
    [
        # longest match
        ("Economische Zaken en Klimaat over", EZK, " over"),
        ("Economische Zaken, Landbouw en Innovatie", "Economische Zaken, Landbouw en Innovatie", ""),
        ("Economische Zaken over het bericht", "Economische Zaken", " over het bericht"),
        ("Justitie en Veiligheid, de heer", JENV, ", de heer"),
        ("Binnenlandse Zaken en Koninkrijksrelaties", BZK, ""),
        # typos: one edit from 8 letters, two from 20; transposed letters are one edit
        ("Binnenlandse Zaken en Koninkrijkrelaties over", BZK, " over"),
        ("Volksgezonheid, Welzijn en Sport", VWS, ""),
        ("Economsiche Zaken over", "Economische Zaken", " over"),
        ("Onderwjis, Cultuur en Wetenshap", OCW, ""),
        ("Defensei en", "Defensie", " en"),
        # abbreviations, whole words only
        ("BZK en", BZK, " en"),
        ("OCenW,", OCW, ","),
        ("I&W over", "Infrastructuur en Waterstaat", " over"),
        ("EL&I", "Economische Zaken, Landbouw en Innovatie", ""),
        ("Fin. over", "Financiën", ". over"),
        # variants and older names
        ("Onderwijs, Cultuur en Wetenschappen", OCW, ""),
        ("Immigratie & Asiel over", "Immigratie en Asiel", " over"),
        ("Vreemdelingenzaken en Integratie", "Vreemdelingenzaken en Integratie", ""),
        ("Grotesteden- en Integratiebeleid", "Grote Steden- en Integratiebeleid", ""),
        # lost spaces
        ("Volksgezondheid, Welzijn enSport", VWS, ""),
        ("Volksgezondheid, Welzijn en Sportover het bericht", VWS, "over het bericht"),
        ("Financiënover de", "Financiën", "over de"),
        ("Justitie en VeiligheidDe", JENV, "De"),
        # diacritics, case, line breaks, footnote marks
        ("Financien", "Financiën", ""),
        ("FINANCIËN", "Financiën", ""),
        ("Binnenlandse Zaken en Koninkrijks-\nrelaties", BZK, ""),
        ("Volksgezondheid,\nWelzijn en Sport,", VWS, ","),
        ("Financiën2 over", "Financiën", "2 over"),
        # sub-portfolios, dashed or in brackets, and a bracket the name opened is closed
        ("Financiën – Toeslagen en Douane over", "Toeslagen en Douane", " over"),
        ("Financiën (Fiscaliteit, Belastingdienst en Douane) over", "Fiscaliteit, Belastingdienst en Douane", " over"),
        ("Binnenlandse Zaken en Koninkrijksrelaties – Herstel Groningen", "Herstel Groningen", ""),
        ("Financiën (ontvangen 3 mei)", "Financiën", " (ontvangen 3 mei)"),
    ],
)
def test_match_prefix(text: str, name: str, rest: str) -> None:
    found = match_prefix(text)
    assert found is not None
    assert (found[0].name, text[found[1]:]) == (name, rest)


@pytest.mark.parametrize(
    "text",
    ["Economische", "Zaken", "Economische Zakenbeleid", "Defensieel", "de heer Van Dijk", "", "  ", "BZKK", "VWZ",
     "Digitale Zaken", "Justitieel", "Justitiële", "Defensiezaken", "Jus"],
)
def test_no_match(text: str) -> None:
    assert match_prefix(text) is None


def test_abbreviations_are_never_fuzzy_and_exact_needs_no_fuzz() -> None:
    assert match_prefix("VWZ") is None and match_prefix("OCnW") is None
    assert match_prefix("Volksgezonheid, Welzijn en Sport", fuzzy=False) is None
    assert match_prefix("Volksgezondheid, Welzijn en Sport", fuzzy=False) is not None


def test_start_end_and_leading_whitespace() -> None:
    text = "de Minister van   Defensie en van Financiën"
    found = match_prefix(text, text.index("van") + 3)
    assert found is not None and (found[0].name, text[found[1]:]) == ("Defensie", " en van Financiën")
    assert match_prefix("Economische Zaken en Klimaat", end=17) == (lookup("EZ"), 17)
    assert match_prefix("Defensie", 3) is None


def test_dates_choose_the_sense() -> None:
    assert [p.kind for p in lookup_all("Volkshuisvesting en Ruimtelijke Ordening")] == ["ministry", "portfolio"]
    housing = lookup("Volkshuisvesting en Ruimtelijke Ordening", on=date(2023, 1, 1))
    assert housing is not None and (housing.kind, housing.preposition, housing.department) == (
        "portfolio", "voor", BZK)
    found = match_prefix("Economische Zaken over", on=date(2015, 6, 1))
    assert found is not None and found[0].start == date(2012, 11, 5)
    lnv = lookup("LNV", on=date(2005, 1, 1))
    assert lnv is not None and lnv.name == LNV and lnv.end == date(2010, 10, 14)
    old = lookup("LNV", on=date(1999, 1, 1))
    assert old is not None and old.name == "Landbouw, Natuurbeheer en Visserij"


@pytest.mark.parametrize(
    ("printed", "day", "active"),
    [("EZK", date(2017, 10, 26), True), ("EZK", date(2024, 7, 2), True), ("EZK", date(2024, 7, 3), False),
     ("Medische Zorg en Sport", date(2021, 9, 30), True), ("Medische Zorg en Sport", date(2021, 10, 1), False),
     ("Milieu en Wonen", date(2020, 12, 31), True), ("Justitie en Veiligheid", date(2030, 1, 1), True),
     ("Justitie", date(1990, 1, 1), True), ("Justitie", date(2011, 1, 1), False)],
)
def test_active_on(printed: str, day: date, active: bool) -> None:
    found = lookup(printed)
    assert found is not None and active_on(found, day) is active


def test_lookup_fields() -> None:
    sub = lookup("Financien (Toeslagen en Douane)")
    assert sub is not None
    assert (sub.name, sub.kind, sub.parent, sub.department, sub.preposition, sub.offices) == (
        "Toeslagen en Douane", "sub-portfolio", "Financiën", "Financiën", "van", frozenset({"staatssecretaris"}))
    assert sub.printed == "Financiën – Toeslagen en Douane" and lookup("Toeslagen en Douane") == sub
    prime = lookup("AZ")
    assert prime is not None and "minister-president" in prime.offices and prime.parent is None
    assert lookup("Koninkrijkrelaties") is None  # lookup is exact; typos are the matcher's


@pytest.mark.parametrize(
    ("printed", "expected"),
    [("BZ", "Buitenlandse Zaken"), ("Financiën – Fiscaliteit en Belastingdienst", "Financiën"),
     ("Volksgezondheid, Welzijn en Sport (Jeugd, Preventie en Sport)", VWS),
     ("BZK – Herstel Groningen", BZK), ("Herstel Groningen", "Herstel Groningen"),
     ("Volksgezonheid, Welzijn en Sport", VWS), ("Economsiche Zaken", "Economische Zaken"),
     ("Volksgezondheid, Welzijn en Sportover het bericht", VWS), ("Koninkrijksrelaties", "Koninkrijksrelaties"),
     ("Digitale Zaken", "Digitale Zaken"), ("DigitaleZaken", "Digitale Zaken"), ("Financiën en Justitie", "Financiën en Justitie")],
)
def test_canonical_portfolio(printed: str, expected: str) -> None:
    assert canonical_portfolio(printed) == expected


@pytest.mark.parametrize(
    ("printed", "known"),
    [("BZK", True), ("bzk", True), ("Immigratie & Asiel", True), ("Koninkrijkrelaties", True),
     ("Financiën over het bericht", False), ("Digitale Zaken", False), ("Zaken", False)],
)
def test_is_known(printed: str, known: bool) -> None:
    assert is_known(printed) is known


# --- the data ----------------------------------------------------------------------------------------------


def test_every_kind_is_there() -> None:
    kinds = {kind: sum(p.kind == kind for p in all_portfolios()) for kind in lexicon.KINDS}
    assert kinds["ministry"] >= 25 and kinds["portfolio"] >= 25 and kinds["sub-portfolio"] >= 15, kinds


def test_every_department_is_a_known_ministry_and_dates_are_ordered() -> None:
    ministries = {p.name for p in all_portfolios() if p.kind == "ministry"}
    for portfolio in all_portfolios():
        assert not portfolio.department or portfolio.department in ministries, portfolio
        assert portfolio.parent is None or portfolio.parent == portfolio.department, portfolio
        assert not (portfolio.start and portfolio.end) or portfolio.start <= portfolio.end, portfolio
        assert portfolio.sources, portfolio


def test_senses_of_one_name_do_not_overlap() -> None:
    by_name: dict[tuple[str, str | None], list[Portfolio]] = {}
    for portfolio in all_portfolios():
        by_name.setdefault((portfolio.name, portfolio.parent), []).append(portfolio)
    for senses in by_name.values():
        ordered = sorted(senses, key=lambda p: p.start or date.min)
        for earlier, later in zip(ordered, ordered[1:]):
            assert earlier.end is not None and later.start is not None and earlier.end <= later.start, (earlier, later)


def test_abbreviations_name_nothing_else() -> None:
    names = {lexicon._key(p.name) for p in all_portfolios()}
    for portfolio in all_portfolios():
        for abbreviation in portfolio.abbreviations:
            assert lexicon._key(abbreviation) not in names, abbreviation
            assert {p.name for p in lookup_all(abbreviation)} <= {
                q.name for q in all_portfolios() if abbreviation in q.abbreviations}


def _changes() -> Iterator[tuple[str, list[str]]]:
    with data_file("ministry_changes.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            yield row["date"], [name for column in ("from", "to") for name in row[column].split(";")]


def test_ministry_changes_name_ministries_that_exist_then() -> None:
    for when, names in _changes():
        day = date.fromisoformat(when)
        for name in names:
            senses = [p for p in lookup_all(name) if p.kind == "ministry" and p.name == name]
            assert senses, f"{name!r} ({when}) is no ministry in portfolios.csv"
            assert any(active_on(p, day) for p in senses), f"{name!r} did not exist on {when}"


def test_a_bad_row_names_the_file_and_the_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = data_file("portfolios.csv").read_text(encoding="utf-8")
    bad = tmp_path / "portfolios.csv"
    bad.write_text(good + "Digitale Zaken,,department,,voor,minister,,,,cabinets\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "data_file", lambda name: tmp_path / name)
    lexicon._lexicon.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"portfolios\.csv: data row \d+ \('Digitale Zaken'\): kind 'department'"):
            all_portfolios()
        bad.write_text(good.replace(",2017-10-26,2024-07-02,", ",2024-07-02,2017-10-26,", 1), encoding="utf-8")
        lexicon._lexicon.cache_clear()
        with pytest.raises(ValueError, match="is before from"):
            all_portfolios()
    finally:
        monkeypatch.undo()
        lexicon._lexicon.cache_clear()


# --- properties --------------------------------------------------------------------------------------------


def _osa(a: str, b: str) -> int:
    """Optimal string alignment distance, the plain full table."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


@given(st.text("abcde", max_size=12), st.text("abcde", max_size=14))
def test_the_band_agrees_with_the_full_table(key: str, text: str) -> None:
    letters, m = list(text), len(text)
    band = tuple(j if 0 <= j <= m else lexicon._INF for j in range(-2, 3))
    previous: tuple[int, ...] = (lexicon._INF,) * 5
    before = ""
    for depth, char in enumerate(key):
        band, previous, before = lexicon._step(band, previous, depth, char, before, letters, m), band, char  # type: ignore[arg-type]
    for k, cell in enumerate(band):
        j = len(key) - 2 + k
        if 0 <= j <= m:
            assert min(cell, 3) == min(_osa(key, text[:j]), 3), (key, text[:j], k)


@given(st.text(max_size=120), st.integers(0, 130), st.booleans())
def test_match_prefix_never_crashes_and_stays_inside(text: str, start: int, fuzzy: bool) -> None:
    found = match_prefix(text, start, fuzzy=fuzzy)
    if found is not None:
        assert start < found[1] <= len(text)


def test_the_callers_end_is_a_boundary() -> None:
    text = "Minister van Financiënbeleid"
    assert match_prefix(text, 13) is None
    assert match_prefix(text, 13, end=22) == (lookup("Financiën"), 22)
