"""Markdown-like converter output: markup removed, footnotes kept, the record the same as for plain text.

The document below is hand-written in the style pandoc and markitdown produce from a DOCX answer
(ATX headings, bold headings, escaped list numbers, inline links, [^N] footnotes)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kgraph.errors import ReadError
from kgraph.extract import extract
from kgraph.read import read

MARKDOWN_ANSWER = """\
# Antwoord van minister **Van Weel** (Justitie en Veiligheid), mede namens de minister van Defensie (ontvangen 3 december 2024)

*Vragen van de leden Mutluer (GroenLinks-PvdA) en Boswijk (CDA) aan de minister van Justitie en Veiligheid over het
politiebureau in Wolvega (ingezonden 12 november 2024).*

## Vraag 1

Bent u bekend met [het bericht](https://www.omropfryslan.nl/nl/nieuws/123/politiebureau)?[^1]

## **Antwoord 1**

Ja.

**Vraag 2**

Klopt het dat het bureau sluit?

**Vraag 3**

Wat vindt u daarvan?

**Antwoord 2 en 3**

Zie de brief van 1 november 2024 (Kamerstuk 29 628, nr. 1234).

[^1]: Omrop Fryslân, 10 november 2024, <https://www.omropfryslan.nl/nl/nieuws/123/politiebureau>
"""


@pytest.fixture
def markdown_file(tmp_path: Path) -> Path:
    path = tmp_path / "antwoord.md"
    path.write_text(MARKDOWN_ANSWER, encoding="utf-8")
    return path


def test_markdown_answer_reads_like_any_answer(markdown_file: Path) -> None:
    source = read(markdown_file)
    assert source.format == "markdown"
    assert "**" not in source.text and "#" not in source.text and "[^1]" not in source.text
    doc = extract(source)
    assert doc.kind.value == "answer"
    assert doc.received is not None and doc.received.value == dt.date(2024, 12, 3)
    assert doc.submitted is not None and doc.submitted.value == dt.date(2024, 11, 12)
    assert [(a.name, a.party) for a in doc.askers] == [("Mutluer", "GroenLinks-PvdA"), ("Boswijk", "CDA")]
    assert [(a.office.value, a.name, a.portfolio) for a in doc.answerers] == [("minister", "Van Weel", "Justitie en Veiligheid")]
    assert [(p.office.value, p.portfolio) for p in doc.on_behalf_of] == [("minister", "Defensie")]
    assert [q.number for q in doc.questions] == ["1", "2", "3"]
    assert [a.questions for a in doc.answers] == [("1",), ("2", "3")]
    assert [f.urls for f in doc.footnotes] == [("https://www.omropfryslan.nl/nl/nieuws/123/politiebureau",)]
    assert [r.identifier for r in doc.references if r.scheme.value == "kamerstukken"] == ["kst-29628-1234"]


def test_markdown_in_a_txt_file_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "converted.txt"
    path.write_text(MARKDOWN_ANSWER, encoding="utf-8")
    assert read(path).format == "markdown"


def test_escaped_list_numbers_become_question_numbers(tmp_path: Path) -> None:
    path = tmp_path / "vragen.md"
    path.write_text(
        "Vragen van het lid Krul (CDA) aan de minister van Financiën (ingezonden 1 mei 2024)\n\n"
        "1\\. Klopt het?\n\n2\\. Waarom?\n", encoding="utf-8")
    assert [q.number for q in extract(read(path)).questions] == ["1", "2"]


def test_markup_only_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "leeg.md"
    path.write_text("# \n\n<!-- niets -->\n", encoding="utf-8")
    with pytest.raises(ReadError, match="leeg.md: no text in file"):
        read(path)
