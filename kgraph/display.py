"""What kgraph prints about file names and messages: one line, no control characters, valid UTF-8.

A file name is bytes on POSIX; Python carries bytes that are not UTF-8 as lone surrogates (`os.fsdecode`, PEP 383),
which cannot be printed or written as UTF-8, and a name may hold a newline (which would forge a second `Error:`
line) or terminal escape sequences. `shown` escapes all of them, so what kgraph prints, and the `source` of the
JSON record, is always one line of printable UTF-8. It is idempotent: escaping an escaped text changes nothing.
"""

from __future__ import annotations

import os

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, carried by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(text: str) -> str:
    r"""`text` with every character that is not printable escaped: control characters (newline, ESC …), line and
    paragraph separators, bidirectional overrides and undecodable bytes.

    >>> shown("a\nb\x1b[31m.txt")
    'a\\nb\\x1b[31m.txt'
    >>> shown(os.fsdecode(b"caf\xe9.txt")), shown("caf\u00e9 \u202etxt.exe")
    ('caf\\xe9.txt', 'café \\u202etxt.exe')
    >>> shown(shown("a\nb")) == shown("a\nb")
    True
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def path_shown(path: os.PathLike[str] | str) -> str:
    """A path as kgraph prints it (see `shown`)."""
    return shown(os.fspath(path))
