"""Every record of the development corpus validates against the shipped JSON Schema, as extracted and as linked
(`kgraph extract` links by default), so no field drifts out of the schema and no identifier out of its grammar."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from kgraph.evaluate import gold_files, load_gold
from kgraph.extract import extract
from kgraph.link.stage import Linker
from kgraph.mint import Minter
from kgraph.read import read
from kgraph.record import record_schema, to_record

from conftest import SHARED_CORPUS


@pytest.fixture(scope="module")
def records() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(document, record, linked record) for every gold document of the corpus (read and linked once)."""
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {SHARED_CORPUS}; these tests need ../shared/corpus/dev beside the project")
    shared_corpus = SHARED_CORPUS
    minter = Minter()
    linker = Linker.load(minter)
    result = []
    for gold_path in gold_files(shared_corpus):
        _, path = load_gold(gold_path)
        document = extract(read(path))
        result.append((str(path.relative_to(shared_corpus)), to_record(document), to_record(linker.link(document))))
    return result


def _problems(records: list[tuple[str, dict[str, Any], dict[str, Any]]], which: int) -> list[str]:
    validator = jsonschema.Draft202012Validator(record_schema())
    return [
        f"{name}: {'/'.join(map(str, error.absolute_path))}: {error.message[:160]}"
        for name, *pair in records
        for error in validator.iter_errors(pair[which])
    ]


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(record_schema())


def test_every_extracted_record_validates(records: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> None:
    assert len(records) > 50
    assert _problems(records, 0) == []


def test_every_linked_record_validates(records: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> None:
    assert all("links" in linked for _, _, linked in records)
    assert _problems(records, 1) == []


def test_an_eerste_kamer_paper_is_a_valid_kamerstuk(records: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> None:
    # The record citing "Eerste Kamer, 36 373, H" failed the old pattern, which wanted a number at the end.
    assert any("kst-36373-H" in record["references"]["kamerstukken"] for _, record, _ in records)
