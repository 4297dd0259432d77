"""Write a file so that readers see the old content or the new content, never half of it.

The bytes go to a temporary file in the same folder (so the final rename stays on one file system), which is
flushed and fsynced before `os.replace` swaps it in; `os.replace` is atomic on POSIX and Windows. If anything
fails before the swap, the temporary file is removed and the target is left as it was.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> write_atomically(folder / "a.txt", b"one")
>>> with atomic_output(folder / "a.txt") as out:
...     _ = out.write(b"two")
>>> (folder / "a.txt").read_bytes()
b'two'
>>> sorted(p.name for p in folder.iterdir())
['a.txt']
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write `path`'s new content to; it replaces `path` only when the block ends without error."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    # os.open with mode 0o666 lets the umask decide the permissions, as for a file created the ordinary way
    # (tempfile would give 0o600); O_EXCL refuses to write through a file or link that is already there.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(descriptor, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            # Replacing a file keeps its permissions, as writing to it in place would.
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        os.replace(temporary, path)
    except BaseException:
        # BaseException too: an interrupted write (Ctrl-C) must not leave a stray temporary file behind.
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path`'s content with `data` in one step."""
    with atomic_output(path) as out:
        out.write(data)


def _fsync_folder(folder: Path) -> None:
    # The rename is only durable once the folder entry is on disk; not every platform can open a folder.
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
