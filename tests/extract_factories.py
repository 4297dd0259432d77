"""Small helpers to run the extractor on a snippet of text (eyecite's test_factories style)."""

from __future__ import annotations

import hashlib

from kgraph.extract import extract
from kgraph.model import Document, SourceText


def source(text: str, path: str = "snippet.txt") -> SourceText:
    return SourceText(path=path, text=text, format="text", sha256=hashlib.sha256(text.encode()).hexdigest())


def doc(text: str) -> Document:
    return extract(source(text))


def askers(text: str) -> list[tuple[str, str | None]]:
    return [(a.name, a.party) for a in doc(text).askers]


def posts(items: object) -> list[tuple[str, str]]:
    return [(p.office.value, p.portfolio) for p in items]  # type: ignore[attr-defined]
