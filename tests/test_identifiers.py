"""The identifier grammars (kgraph.identifiers): each form and its near misses, properties of parse and format,
and the one-grammar rule: the JSON Schema of the record and the SHACL shapes carry the module's patterns."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.namespace import SH

from kgraph import identifiers as ids
from kgraph.mint import Minter, publication_iri, statute_iri
from kgraph.model import Document, Kind
from kgraph.record import record_schema

ROOT = Path(__file__).resolve().parents[1]
# An IRI per RFC 3987, as tests/test_rdf.py checks every minted IRI.
VALID_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^\s\x00-\x20<>"{}|\\^`\x7f-\x9f]*$')

# --- each grammar: valid forms and near misses ----------------------------------------------------------------

Parse = Callable[[str], object]

VALID: list[tuple[Parse, str]] = [
    (ids.parse_zaak_number, "2025Z10261"),
    (ids.parse_zaak_number, "1999Z00001"),
    (ids.parse_document_number, "2019D19925"),
    (ids.parse_kamervragen, "kv-tk-2024Z18435"),
    (ids.parse_kamervragen, "kv-tk-20062007-KVR27039"),
    (ids.parse_kamervragen, "kv-20062007-KVR27039"),
    (ids.parse_kamervragen, "kv-2070826740"),
    (ids.parse_aanhangsel, "ah-tk-20232024-1137"),
    (ids.parse_aanhangsel, "ah-ek-20082009-14"),
    (ids.parse_aanhangsel, "ah-tk-20092010-145-h1"),
    (ids.parse_aanhangsel, "ah-tk-20142015-1669-n1"),
    (ids.parse_aanhangsel, "ah-1271549"),
    (ids.parse_kamerstuk, "kst-21501-02-2733"),
    (ids.parse_kamerstuk, "kst-36410-V-27"),
    (ids.parse_kamerstuk, "kst-36410-XVI-116"),
    (ids.parse_kamerstuk, "kst-33400-IIA-3"),
    (ids.parse_kamerstuk, "kst-35925-A-68"),
    (ids.parse_kamerstuk, "kst-36373-H"),
    (ids.parse_kamerstuk, "kst-35925-AB"),
    (ids.parse_kamerstuk, "kst-36200-VII-B"),
    (ids.parse_kamerstuk, "kst-33328-AI"),
    (ids.parse_kamerstuk, "kst-26643-144-h1"),
    (ids.parse_handelingen, "h-tk-20232024-12-3"),
    (ids.parse_handelingen, "h-tk-20082009-7140-7144"),
    (ids.parse_handelingen, "h-ek-20142015-11-4"),
    (ids.parse_gazette, "stb-2023-281"),
    (ids.parse_gazette, "stb-1983-297-n1"),
    (ids.parse_gazette, "stcrt-2009-9231"),
    (ids.parse_bwb_id, "BWBR0001840"),
    (ids.parse_bwb_id, "BWBV0005771"),
    (ids.parse_bwb_id, "BWBW0000001"),
    (ids.parse_celex, "32016R0679"),
    (ids.parse_celex, "32022L2555"),
    (ids.parse_celex, "32012A0424(01)"),
    (ids.parse_eu_eli, "http://data.europa.eu/eli/reg/2016/679/oj"),
    (ids.parse_eu_eli, "http://data.europa.eu/eli/dir/2022/2555/oj"),
]

INVALID: list[tuple[Parse, str]] = [
    (ids.parse_zaak_number, "2025Z1026"),  # four digits
    (ids.parse_zaak_number, "2025Z102611"),
    (ids.parse_zaak_number, "2025z10261"),  # the canonical form has a capital Z (normalise_zaak_number fixes it)
    (ids.parse_zaak_number, "25Z10261"),
    (ids.parse_zaak_number, "2025D10261"),  # a document number
    (ids.parse_zaak_number, "2025Z1026١"),  # an Arabic-Indic digit: [0-9] only
    (ids.parse_zaak_number, " 2025Z10261"),
    (ids.parse_document_number, "2019Z19925"),
    (ids.parse_kamervragen, "kv-tk-2024Z1843"),
    (ids.parse_kamervragen, "kv-2024Z18435"),
    (ids.parse_kamervragen, "kv-tk-20062008-KVR27039"),  # no vergaderjaar
    (ids.parse_kamervragen, "kv-207082674"),
    (ids.parse_aanhangsel, "ah-tk-2024-2917"),
    (ids.parse_aanhangsel, "ah-tk-20152015-12"),  # the same year twice
    (ids.parse_aanhangsel, "ah-tk-20242023-12"),  # years the wrong way round
    (ids.parse_aanhangsel, "ah-tk-20232024-050"),  # a leading zero: KOOP writes 50
    (ids.parse_aanhangsel, "ah-tk-20232024-0"),
    (ids.parse_aanhangsel, "ah-xx-20232024-12"),
    (ids.parse_aanhangsel, "ah-tk-20232024-12-"),
    (ids.parse_aanhangsel, "ah-12"),
    (ids.parse_kamerstuk, "kst-36410"),
    (ids.parse_kamerstuk, "kst-3641-27"),  # four-digit dossier
    (ids.parse_kamerstuk, "kst-36410-V-027"),
    (ids.parse_kamerstuk, "kst-36410-v-27"),  # lower-case part
    (ids.parse_kamerstuk, "kst-36373-HHH"),  # three letters: no Eerste Kamer paper
    (ids.parse_kamerstuk, "kst-36410-V-27-"),
    (ids.parse_kamerstuk, "36410-V-27"),
    (ids.parse_handelingen, "h-tk-20242025"),
    (ids.parse_handelingen, "h-tk-20242026-87-15"),
    (ids.parse_gazette, "stb-23-281"),
    (ids.parse_gazette, "stcrt-2009-"),
    (ids.parse_bwb_id, "BWBR184"),
    (ids.parse_bwb_id, "BWBX0001840"),
    (ids.parse_bwb_id, "bwbr0001840"),
    (ids.parse_celex, "3216R0679"),
    (ids.parse_celex, "32016R679"),
    (ids.parse_celex, "CELEX:32016R0679"),
    (ids.parse_eu_eli, "https://data.europa.eu/eli/reg/2016/679/oj"),
    (ids.parse_eu_eli, "http://data.europa.eu/eli/reg/2016/0679/oj"),
    (ids.parse_eu_eli, "http://data.europa.eu/eli/xyz/2016/679/oj"),
]


@pytest.mark.parametrize(("parse", "text"), VALID, ids=[text for _, text in VALID])
def test_valid_forms_parse_and_format_back(parse: Parse, text: str) -> None:
    parsed = parse(text)
    assert parsed is not None
    assert parsed.id == text  # type: ignore[attr-defined]


@pytest.mark.parametrize(("parse", "text"), INVALID, ids=[text for _, text in INVALID])
def test_near_misses_do_not_parse(parse: Parse, text: str) -> None:
    assert parse(text) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [("kv-tk-2024Z18435", ids.Kamervragen), ("ah-1271549", ids.Aanhangsel), ("kst-36373-H", ids.Kamerstuk),
     ("h-tk-20232024-12-3", ids.Handelingen), ("stcrt-2009-9231", ids.Gazette)],
)
def test_any_publication_id_parses_to_its_kind(text: str, kind: type) -> None:
    assert isinstance(ids.parse_publication(text), kind)
    assert ids.KOOP_ID.fullmatch(text)


def test_fetchable_papers_leave_out_the_gazettes() -> None:
    assert ids.is_parliamentary_paper("h-tk-20242025-87-15")
    assert not ids.is_parliamentary_paper("stb-2024-1")


def test_parts_of_the_common_forms() -> None:
    assert ids.parse_kamerstuk("kst-36410-V-27") == ids.Kamerstuk(36410, "V", 27)
    assert ids.parse_kamerstuk("kst-36373-H") == ids.Kamerstuk(36373, letter="H")
    assert ids.parse_kamerstuk("kst-21501-02-2733") == ids.Kamerstuk(21501, "02", 2733)
    assert ids.parse_aanhangsel("ah-tk-20232024-1137") == ids.Aanhangsel(1137, "tk", ids.Vergaderjaar(2023))
    assert ids.parse_kamervragen("kv-tk-2024Z18435") == ids.Kamervragen("tk", ids.ZaakNumber(2024, 18435))
    assert ids.parse_handelingen("h-tk-20232024-12-3") == ids.Handelingen("tk", ids.Vergaderjaar(2023), 12, 3)
    assert ids.eli_of_celex("32016R0679") == ids.parse_eu_eli("http://data.europa.eu/eli/reg/2016/679/oj")
    assert ids.celex_of_eli("http://data.europa.eu/eli/reg/2016/679/oj") == "32016R0679"


# --- building ids from printed parts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("2023", "2024", "1137"), "ah-tk-20232024-1137"),
        (("2022", "23", "1823"), "ah-tk-20222023-1823"),  # "2022/23"
        (("1999", "00", "12"), "ah-tk-19992000-12"),  # the century turns
        (("2016", "2015", "12"), "ah-tk-20152016-12"),  # swapped: the years are still one vergaderjaar
        (("2015", "2015", "12"), None),  # 2014–2015 or 2015–2016: ambiguous without context
        (("2015", "2017", "12"), None),  # 2015–2016 or 2016–2017
        (("2015", "2016", "0"), None),
        (("2015", "2016", "12a"), None),
        (("15", "16", "12"), None),
    ],
)
def test_aanhangsel_id_from_printed_parts(parts: tuple[str, str, str], expected: str | None) -> None:
    assert ids.aanhangsel_id(*parts) == expected


@pytest.mark.parametrize(
    ("years", "latest", "expected"),
    [
        (("2015", "2015"), 2014, 2014),  # a document of 2014–2015 cannot cite one of 2015–2016
        (("2015", "2015"), 2015, None),  # both readings fit a document of 2015–2016
        (("2015", "2017"), 2015, 2015),
        (("2015", "2017"), 2016, None),
        (("2015", "2015"), 2013, None),  # neither reading is possible: report it
        (("2023", "2024"), 2020, 2023),  # printed right: no repair, whatever the context
    ],
)
def test_misprinted_vergaderjaar_repaired_only_when_one_reading_is_left(
    years: tuple[str, str], latest: int, expected: int | None
) -> None:
    result = ids.vergaderjaar(*years, latest=ids.Vergaderjaar(latest))
    assert (result.first if result else None) == expected


def test_vergaderjaar_opens_on_prinsjesdag() -> None:
    assert ids.prinsjesdag(2023) == dt.date(2023, 9, 19)
    assert ids.vergaderjaar_of(dt.date(2023, 9, 18)) == ids.Vergaderjaar(2022)
    assert ids.vergaderjaar_of(dt.date(2023, 9, 19)) == ids.Vergaderjaar(2023)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("36 410", "V", "27", None), "kst-36410-V-27"),
        (("21 501", "02", "2733", None), "kst-21501-02-2733"),
        (("36.021", None, None, "B"), "kst-36021-B"),
        (("36\u00a0410", None, "027", None), "kst-36410-27"),
        (("36 410", None, None, None), None),  # neither number nor letter
        (("36 410", None, "27", "B"), None),  # both
        (("3 641", None, "27", None), None),
        (("36 410", "TOOLONGPART", "27", None), None),
    ],
)
def test_kamerstuk_id_from_printed_parts(parts: tuple[str, str | None, str | None, str | None], expected: str | None) -> None:
    dossier, sub, number, letter = parts
    assert ids.kamerstuk_id(dossier, sub, number, letter) == expected


def test_zaak_number_as_typed() -> None:
    assert ids.normalise_zaak_number(" 2024z03568 ") == "2024Z03568"
    assert ids.normalise_zaak_number("2024Z3568") is None


# --- properties: every generated id parses back to its parts and mints a valid IRI ------------------------------

_years = st.integers(1900, 2098)
_numbers = st.integers(1, 99999)
_suffixes = st.none() | st.builds(lambda c, n: f"{c}{n}", st.sampled_from("hnb"), st.integers(1, 99))
_roman = st.sampled_from(["I", "II", "IIA", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XIII", "XVI", "XVIII", "A", "B"])
_letters = st.sampled_from([*"ABCDEFGHJKLMNOPQRSTUVWXYZ", "AA", "AB", "AI", "BA"])
_subs = st.none() | _roman | st.integers(1, 99).map(lambda n: f"{n:02d}")

kamerstukken = st.one_of(
    st.builds(ids.Kamerstuk, st.integers(10000, 99999), _subs, _numbers, st.none(), _suffixes),
    st.builds(lambda d, s, letter: ids.Kamerstuk(d, s, letter=letter), st.integers(10000, 99999), _subs, _letters),
)
aanhangsels = st.one_of(
    st.builds(ids.Aanhangsel, _numbers, st.sampled_from(["tk", "ek"]), _years.map(ids.Vergaderjaar), _suffixes),
    st.builds(ids.Aanhangsel, st.integers(100000, 99999999)),
)
kamervragen = st.one_of(
    st.builds(ids.Kamervragen, st.sampled_from(["tk", "ek"]), st.builds(ids.ZaakNumber, _years, st.integers(0, 99999))),
    st.builds(lambda c, y, n: ids.Kamervragen(c, vergaderjaar=y, number=f"KVR{n}"), st.sampled_from(["tk", None]),
              _years.map(ids.Vergaderjaar), st.integers(1, 999999)),
    st.integers(10**9, 10**10 - 1).map(lambda n: ids.Kamervragen(number=str(n))),
)
handelingen = st.builds(
    ids.Handelingen, st.sampled_from(["tk", "ek", "vv"]), _years.map(ids.Vergaderjaar), _numbers, st.none() | _numbers,
    _suffixes,
)
gazettes = st.builds(ids.Gazette, st.sampled_from(["stb", "stcrt"]), _years, st.integers(1, 999999), _suffixes)
publications = st.one_of(kamerstukken, aanhangsels, kamervragen, handelingen, gazettes)


@given(publications)
def test_every_publication_id_parses_back_and_mints_a_valid_iri(publication: ids.Publication) -> None:
    assert ids.parse_publication(publication.id) == publication
    assert ids.KOOP_ID.fullmatch(publication.id)
    assert re.fullmatch(ids.anchored(ids.KOOP_ID), publication.id)  # the portable form says the same
    assert VALID_IRI.match(publication_iri(publication.id))
    own = Document(source="x.xml", sha256="0" * 64, kind=Kind.ANSWER, koop_id=publication.id)
    assert VALID_IRI.match(Minter().document(own))


@given(st.builds(ids.ZaakNumber, _years, st.integers(0, 99999)))
def test_every_zaak_number_parses_back_and_mints_a_valid_iri(zaak: ids.ZaakNumber) -> None:
    assert ids.parse_zaak_number(zaak.id) == zaak
    assert VALID_IRI.match(Minter().zaak(zaak.id))


@given(st.builds(ids.BwbId, st.sampled_from("RVW"), st.integers(0, 9999999)))
def test_every_bwb_id_parses_back_and_mints_a_valid_iri(bwb: ids.BwbId) -> None:
    assert ids.parse_bwb_id(bwb.id) == bwb
    assert VALID_IRI.match(statute_iri(bwb.id))


@given(st.builds(ids.Celex, st.just("3"), _years, st.sampled_from("RL"), st.integers(1, 9999)))
def test_every_celex_of_a_regulation_or_directive_is_its_eli(celex: ids.Celex) -> None:
    assert ids.parse_celex(celex.id) == celex
    eli = ids.eli_of_celex(celex.id)
    assert eli is not None and ids.parse_eu_eli(eli.id) == eli and ids.celex_of_eli(eli.id) == celex.id
    assert VALID_IRI.match(statute_iri(celex.id)) and str(statute_iri(celex.id)) == eli.id


@given(_years, st.integers(1, 99999))
def test_consecutive_years_printed_either_way_give_one_id(first: int, number: int) -> None:
    expected = ids.Aanhangsel(number, "tk", ids.Vergaderjaar(first)).id
    assert ids.aanhangsel_id(str(first), str(first + 1), str(number)) == expected
    assert ids.aanhangsel_id(str(first), f"{(first + 1) % 100:02d}", str(number)) == expected
    assert ids.aanhangsel_id(str(first + 1), str(first), str(number)) == expected


@given(st.text(max_size=30))
def test_parsers_never_crash_and_never_accept_what_the_pattern_refuses(text: str) -> None:
    for parse, pattern in ((ids.parse_publication, ids.KOOP_ID), (ids.parse_zaak_number, ids.ZAAK_NUMBER),
                           (ids.parse_celex, ids.CELEX), (ids.parse_bwb_id, ids.BWB_ID)):
        if parse(text) is not None:
            assert pattern.fullmatch(text)


# --- one grammar: the record's JSON Schema and the SHACL shapes carry the module's patterns ----------------------


def _objects(node: Any, path: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if "properties" in node or node.get("type") == "object" or "object" in (node.get("type") or []):
            yield path, node
        for key, value in node.items():
            yield from _objects(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{path}/{i}")


def _at(schema: dict[str, Any], pointer: str) -> Any:
    node: Any = schema
    for part in pointer.split("/")[1:]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


SCHEMA_PATTERNS = [
    ("#/properties/references/properties/kamerstukken/items/pattern", ids.KAMERSTUK),
    ("#/properties/references/properties/aanhangsel/items/pattern", ids.AANHANGSEL),
    ("#/properties/references/properties/zaken/items/pattern", ids.ZAAK_NUMBER),
    ("#/properties/references/properties/statutes/items/properties/id/pattern", ids.STATUTE_ID),
    ("#/properties/koop_id/pattern", ids.PARLIAMENTARY_PAPER),
    ("#/properties/links/properties/case/properties/zaak/pattern", ids.ZAAK_NUMBER),
]


@pytest.mark.parametrize(("pointer", "pattern"), SCHEMA_PATTERNS, ids=[p.rsplit("/", 2)[-2] for p, _ in SCHEMA_PATTERNS])
def test_schema_patterns_are_the_identifier_grammars(pointer: str, pattern: re.Pattern[str]) -> None:
    assert _at(record_schema(), pointer) == ids.anchored(pattern)


def test_every_object_in_the_schema_is_closed() -> None:
    open_objects = [path for path, node in _objects(record_schema()) if node.get("additionalProperties") is not False]
    assert open_objects == []


def test_every_required_field_is_described() -> None:
    for path, node in _objects(record_schema()):
        missing = set(node.get("required", ())) - set(node.get("properties", {}))
        assert not missing, f"{path} requires undescribed fields {sorted(missing)}"


SHAPE_PATTERNS = {
    "Kamerstuk-identifier": ids.KAMERSTUK,
    "Aanhangsel-identifier": ids.AANHANGSEL,
    "Zaak-identifier": ids.ZAAK_NUMBER,
    "Statute-identifier": ids.STATUTE_ID,
    "Document-identifier": ids.PARLIAMENTARY_PAPER,
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ROOT / "shapes" / "kgraph.shapes.ttl")


@pytest.mark.parametrize(("shape", "pattern"), SHAPE_PATTERNS.items(), ids=list(SHAPE_PATTERNS))
def test_shape_patterns_are_the_identifier_grammars(shapes: Graph, shape: str, pattern: re.Pattern[str]) -> None:
    node = next(s for s in set(shapes.subjects()) if str(s).rsplit("#", 1)[-1].rsplit("/", 1)[-1] == shape)
    assert shapes.value(node, SH.pattern) == Literal(ids.anchored(pattern))


def test_portable_patterns_use_no_python_only_syntax() -> None:
    for pattern in (ids.KOOP_ID, ids.ZAAK_NUMBER, ids.DOCUMENT_NUMBER, ids.STATUTE_ID, ids.EU_ELI):
        portable = ids.anchored(pattern)
        assert not re.search(r"\(\?|\\d|\\w|\\s", portable), portable
        json.dumps(portable)  # a plain string for JSON Schema and Turtle
