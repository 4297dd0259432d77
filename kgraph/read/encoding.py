"""Bytes of a text file to str: byte-order marks, UTF-16 without one, UTF-8, then cp1252."""

from __future__ import annotations

import codecs

from kgraph.errors import ReadError

# Order matters: the UTF-32 BOM starts with the UTF-16 LE BOM.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, path: str) -> str:
    """Bytes to str: a BOM decides; else UTF-16 without BOM when every other byte is NUL; else UTF-8; else cp1252.

    >>> decode("café".encode("cp1252"), "x.txt")
    'café'
    >>> decode(codecs.BOM_UTF8 + "één".encode(), "x.txt")
    'één'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as err:
                raise ReadError(path, f"starts with a {encoding} byte-order mark but is not valid {encoding}: {err.reason}") from None
    sample = data[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) > 0.4 * len(sample) / 2 and 0 not in sample[0::2][:64]:
        return _decode_utf16(data, "utf-16-le", path)
    if len(sample) >= 4 and sample[0::2].count(0) > 0.4 * len(sample) / 2 and 0 not in sample[1::2][:64]:
        return _decode_utf16(data, "utf-16-be", path)
    if b"\x00" in sample:
        raise ReadError(path, "binary file, not text (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # cp1252 leaves five byte values undefined; a file that uses them is not Windows text either.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ReadError(path, "not text in UTF-8, UTF-16 or cp1252") from None


def _decode_utf16(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise ReadError(path, f"looks like {encoding} but does not decode: {err.reason}") from None
