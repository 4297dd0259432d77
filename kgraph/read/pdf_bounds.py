"""Bounds on what pdfminer does with one PDF: stream decoders that stop at a limit and take linear time, and
references followed a bounded number of times.

pdfminer.six (20260107, `pdftypes.PDFStream.decode`) decodes a stream in one call, however large the result:
`zlib.decompress` for FlateDecode, a list of ints for RunLengthDecode, an unbounded join for LZWDecode, and, for a
damaged Flate stream, `decompress_corrupted`, which copies everything decoded so far once per input byte. A 1 MB
stream can inflate to a gigabyte. And its `resolve1` follows references until it finds something else, so an
object that is a reference to itself (`6 0 obj 6 0 R endobj`) keeps it busy for ever. While kgraph reads a PDF,
`bounded` puts functions in their place that count what they produce and raise `StreamTooLarge` past the limit,
and a `resolve1` that raises `ReferenceLoop` after `MAX_REFERENCES` steps. pdfminer has no hook for either, so the
names its modules look these functions up by are replaced for the duration of one read and restored after it
(kgraph reads one document at a time per process). Loops of other kinds are stopped by the worker's time limit.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO

from typing import Any

from pdfminer import pdffont, pdfinterp, pdfpage, pdftypes
from pdfminer.lzw import LZWDecoder
from pdfminer.pdftypes import PDFObjRef

#: References followed from one object before it is taken for a loop (real files need one or two).
MAX_REFERENCES = 64
#: The modules that call `resolve1` by the name they imported it under.
_RESOLVING = (pdftypes, pdffont, pdfinterp, pdfpage)


class StreamTooLarge(Exception):
    """A stream decodes to more than the limit."""


class ReferenceLoop(Exception):
    """An object whose references lead back to themselves."""


def resolve1(value: object, default: object = None) -> Any:
    """pdfminer's `resolve1`, giving up after `MAX_REFERENCES` references."""
    for _ in range(MAX_REFERENCES):
        if not isinstance(value, PDFObjRef):
            return value
        value = value.resolve(default=default)
    if isinstance(value, PDFObjRef):
        raise ReferenceLoop(value.objid)
    return value


class _Decoders:
    """The replacements, for one limit. `tripped` records a refusal even where pdfminer swallows the error."""

    error = zlib.error  # pdftypes catches `zlib.error`: this object stands in for the zlib module there

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.tripped = False

    def _check(self, size: int) -> None:
        if size > self.limit:
            self.tripped = True
            raise StreamTooLarge(self.limit)

    def decompress(self, data: bytes) -> bytes:
        """zlib.decompress, stopping after `limit` bytes."""
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, self.limit + 1)
        self._check(len(out))
        if not inflater.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    def decompressobj(self) -> zlib._Decompress:
        return zlib.decompressobj()

    def decompress_corrupted(self, data: bytes) -> bytes:
        """A Flate stream whose checksum is damaged: all of it but the last four bytes (the Adler-32 checksum) in
        one go, then those a byte at a time, keeping what decodes (pdfminer's rule, in linear time)."""
        inflater = zlib.decompressobj()
        out = bytearray(inflater.decompress(data[:-4], self.limit + 1))
        self._check(len(out))
        for i in range(max(len(data) - 4, 0), len(data)):
            try:
                out += inflater.decompress(data[i:i + 1], self.limit + 1 - len(out))
            except zlib.error:
                break
            self._check(len(out))
        return bytes(out)

    def lzwdecode(self, data: bytes) -> bytes:
        out = bytearray()
        for chunk in LZWDecoder(BytesIO(data)).run():
            out += chunk
            self._check(len(out))
        return bytes(out)

    def rldecode(self, data: bytes) -> bytes:
        """RunLengthDecode (ISO 32000-1, 7.4.5): a length byte, then 1-128 literal bytes (0-127) or one byte
        repeated 2-128 times (129-255); 128 ends the data. A run cut short keeps what is there.

        >>> _Decoders(100).rldecode(bytes([2]) + b"abc" + bytes([254, ord("x")]) + bytes([128]))
        b'abcxxx'
        """
        out = bytearray()
        i, end = 0, len(data)
        while i < end:
            length = data[i]
            i += 1
            if length == 128:
                break
            if length < 128:
                out += data[i:i + length + 1]
                i += length + 1
            elif i < end:
                out += data[i:i + 1] * (257 - length)
                i += 1
            self._check(len(out))
        return bytes(out)


@contextmanager
def bounded(limit: int) -> Iterator[_Decoders]:
    """pdfminer's stream decoders replaced by ones bounded by `limit`, and its resolve1 by a bounded one, while the
    block runs."""
    decoders = _Decoders(limit)
    replacements: list[tuple[object, str, object]] = [
        (pdftypes, "zlib", decoders), (pdftypes, "decompress_corrupted", decoders.decompress_corrupted),
        (pdftypes, "lzwdecode", decoders.lzwdecode), (pdftypes, "rldecode", decoders.rldecode),
        *((module, "resolve1", resolve1) for module in _RESOLVING),
    ]
    saved = [(module, name, getattr(module, name)) for module, name, _ in replacements]
    for module, name, value in replacements:
        setattr(module, name, value)
    try:
        yield decoders
    finally:
        for module, name, value in saved:
            setattr(module, name, value)
