"""Plain-text reading: encodings, line ends, and clear errors for what is not a readable text document."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

import pytest

from kgraph.errors import ReadError
from kgraph.read import discover, read

SAMPLE = "Vragen van het lid Gabriëls (GroenLinks-PvdA) aan de minister van Financiën (ingezonden 1 mei 2024)\n1. Klopt het?\n"


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("utf-16-le"),  # no BOM: recognised by its NUL bytes
        SAMPLE.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le-no-bom", "cp1252"],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, encoded: bytes) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(encoded)
    assert read(path).text == SAMPLE


def test_windows_line_ends_become_newlines(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(SAMPLE.replace("\n", "\r\n").encode())
    assert read(path).text == SAMPLE


def test_same_bytes_same_hash_wherever_the_file_is(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(SAMPLE)
    (tmp_path / "y.txt").write_text(SAMPLE)
    assert read(tmp_path / "a" / "x.txt").sha256 == read(tmp_path / "y.txt").sha256


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "no text in file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        ("notes.odt", b"hello", "unsupported file type '.odt'; supported: .docx, .htm, .html, .md, .pdf, .text, .txt, .xml"),
        ("noext", b"hello", "unsupported file type '(no suffix)'"),
    ],
)
def test_bad_files_get_an_error_naming_file_and_problem(tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as caught:
        read(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert problem in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        read(tmp_path / "missing.txt")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(SAMPLE)

    def refuse(path: Path) -> int:
        raise PermissionError(13, "Permission denied")

    # chmod does not stop root, and CI may run as root: make the open fail the way the OS would.
    monkeypatch.setattr(sys.modules["kgraph.read"], "_open", refuse)  # `kgraph.read` is also the verb
    with pytest.raises(ReadError, match="locked.txt: cannot be read: Permission denied"):
        read(path)


def test_discover_walks_folders_in_order_and_skips_non_documents(tmp_path: Path) -> None:
    for name in ["b.txt", "a.pdf", "sub/c.docx", "a.gold.json", ".hidden.txt", "image.png", "MANIFEST.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.pdf", "b.txt", "sub/c.docx"]


def test_discover_keeps_explicit_files_even_when_unsupported(tmp_path: Path) -> None:
    odd = tmp_path / "image.png"
    assert list(discover([odd])) == [odd]
