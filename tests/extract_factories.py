"""Small helpers to run the extractor on a snippet of text (eyecite's test_factories style)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from kgraph.extract import extract
from kgraph.model import Document, SourceText
from kgraph.read.notes import place_links, with_notes


def source(text: str, path: str = "snippet.txt") -> SourceText:
    return SourceText(path=path, text=text, format="text", sha256=hashlib.sha256(text.encode()).hexdigest())


def doc(text: str) -> Document:
    return extract(source(text))


def askers(text: str) -> list[tuple[str, str | None]]:
    return [(a.name, a.party) for a in doc(text).askers]


def posts(items: object) -> list[tuple[str, str]]:
    return [(p.office.value, p.portfolio) for p in items]  # type: ignore[attr-defined]


def noted(body: str, notes: Sequence[tuple[str, str]], links: Sequence[tuple[str, str, str | None]] = ()) -> Document:
    """Extract from text laid out as the DOCX and PDF readers lay it out: `body`, then the numbered `notes` kept
    apart, with hyperlinks (target, anchor text, note number or None for the body) on their anchor text."""
    laid_out = with_notes(body, notes, path="snippet.docx", fmt="docx", data=body.encode())
    return extract(place_links(laid_out, links))


def cited(document: Document) -> list[tuple[str | None, str, bool]]:
    """(printed, iri, scheme_added) of every URL the document's notes cite, in order."""
    return [(url.printed, url.iri, url.scheme_added) for note in document.footnotes for url in note.cited_urls]
