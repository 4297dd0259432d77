"""kgraph.atomic: a file is replaced whole or not at all, and no temporary file is left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kgraph.atomic import atomic_output, write_atomically


class Boom(Exception):
    pass


def test_writes_new_file(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    with atomic_output(target) as out:
        out.write(b"hello")
    assert target.read_bytes() == b"hello"
    assert os.listdir(tmp_path) == ["out.ttl"]


def test_replaces_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["out.ttl"]


@pytest.mark.parametrize("error", [Boom("disk on fire"), KeyboardInterrupt()])
def test_failure_mid_write_keeps_old_file_and_leaves_no_temporary(tmp_path: Path, error: BaseException) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old content")
    with pytest.raises(type(error)):
        with atomic_output(target) as out:
            out.write(b"half of the new")
            # the half-written bytes sit in a temporary file beside the target, not in the target
            assert target.read_bytes() == b"old content"
            assert len(os.listdir(tmp_path)) == 2
            raise error
    assert target.read_bytes() == b"old content"
    assert os.listdir(tmp_path) == ["out.ttl"]


def test_failure_on_new_file_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(Boom):
        with atomic_output(tmp_path / "new.ttl") as out:
            out.write(b"partial")
            raise Boom
    assert os.listdir(tmp_path) == []


def test_keeps_permissions_of_replaced_file(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomically(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_new_file_gets_umask_permissions_not_private_temporary_ones(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_atomically(tmp_path / "out.ttl", b"x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "out.ttl").stat().st_mode) == 0o644


def test_missing_folder_raises_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "missing" / "out.ttl", b"x")
    assert os.listdir(tmp_path) == []
