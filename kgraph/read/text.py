"""Plain text from any converter: decode the bytes, normalise line ends, refuse what is not text.

The extractor works on the decoded text as is; converter artefacts (Word's `[bookmark: …]`, `[footnoteRef:N]`)
are recognised there, so every span still points into exactly this text.
"""

from __future__ import annotations

import codecs
import hashlib

from kgraph.errors import ReadError
from kgraph.model import SourceText

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


def read_text(data: bytes, path: str) -> SourceText:
    text = decode(data, path).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(path, "no text in file (only whitespace)")
    control = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\t\f\v")
    if control > 0.05 * min(len(text), 4096):
        raise ReadError(path, "binary file, not text (many control characters)")
    return SourceText(path=path, text=text, format="text", sha256=hashlib.sha256(data).hexdigest())
