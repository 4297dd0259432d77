"""Plain text from any converter: decode the bytes, normalise line ends, refuse what is not text.

The extractor works on the decoded text as is; converter artefacts (Word's `[bookmark: …]`, `[footnoteRef:N]`)
are recognised there, so every span still points into exactly this text.
"""

from __future__ import annotations

import hashlib

from kgraph.errors import ReadError
from kgraph.limits import DEFAULT_LIMITS, Limits
from kgraph.model import SourceText
from kgraph.read.encoding import decode
from kgraph.read.markdown import looks_like_markdown, read_markdown

def read_text(data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> SourceText:
    text = decode(data, path).replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_markdown(text):
        return read_markdown(data, path, limits)
    if not text.strip():
        raise ReadError(path, "no text in file (only whitespace)")
    control = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\t\f\v")
    if control > 0.05 * min(len(text), 4096):
        raise ReadError(path, "binary file, not text (many control characters)")
    return SourceText(path=path, text=text, format="text", sha256=hashlib.sha256(data).hexdigest())
