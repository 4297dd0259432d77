"""kgraph.sortedlines: the external merge sort that keeps the derived graphs out of memory."""

from __future__ import annotations

import tempfile
from typing import IO, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgraph.sortedlines import sorted_unique

# Lines as N-Triples lines are: any bytes but a newline, then one newline.
_LINES = st.lists(st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"") + b"\n"), max_size=60)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[IO[bytes]]:
    """The temporary files sorted_unique opens."""
    files: list[IO[bytes]] = []
    real = tempfile.TemporaryFile

    def recorded(*args: Any, **kwargs: Any) -> IO[bytes]:
        file: IO[bytes] = real(*args, **kwargs)
        files.append(file)
        return file

    monkeypatch.setattr("kgraph.sortedlines.tempfile.TemporaryFile", recorded)
    return files


@given(lines=_LINES, run_bytes=st.integers(min_value=1, max_value=2_000))
def test_sorted_unique_is_sorted_set_however_small_the_runs(lines: list[bytes], run_bytes: int) -> None:
    assert list(sorted_unique(lines, run_bytes=run_bytes)) == sorted(set(lines))


def test_runs_go_to_files_and_are_merged(opened: list[IO[bytes]]) -> None:
    lines = [b"c\n", b"a\n", b"b\n", b"a\n", b"d\n"]
    # Each line is over the budget: a run a line, five files (the second "a" is a run of its own: lines met in
    # two runs are made one when the runs are merged).
    merged = sorted_unique(lines, run_bytes=1)
    assert next(merged) == b"a\n"
    assert len(opened) == 5 and not any(file.closed for file in opened)
    assert list(merged) == [b"b\n", b"c\n", b"d\n"]
    assert all(file.closed for file in opened)


def test_files_are_closed_when_the_lines_are_not_all_taken(opened: list[IO[bytes]]) -> None:
    merged = sorted_unique([b"b\n", b"a\n", b"c\n"], run_bytes=1)
    assert next(merged) == b"a\n"
    merged.close()  # a caller that stops early (an error while writing) leaves no file behind
    assert all(file.closed for file in opened)


def test_a_run_that_fits_is_not_written_out(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a temporary file for lines that fit in memory")

    monkeypatch.setattr("kgraph.sortedlines.tempfile.TemporaryFile", refused)
    assert list(sorted_unique([b"b\n", b"a\n"])) == [b"a\n", b"b\n"]
