"""Cleaning extracted values: drop converter artefacts and footnote markers, normalise whitespace.

Spans always point at the raw text; only the values are cleaned.
"""

from __future__ import annotations

import re

from kgraph.extract import patterns as p

_SPACES = re.compile(r"[^\S\n]+")
_PARAGRAPH = re.compile(r"\n\s*\n")


def flat(text: str) -> str:
    """Line breaks and tabs as spaces: same length, so every offset into it is an offset into `text`."""
    return text.replace("\n", " ").replace("\t", " ").replace("\r", " ")


def strip_artefacts(text: str) -> str:
    """Remove Word's bookmarks, footnote references and inline notes ('[1: …]').

    >>> strip_artefacts("Kroon?[footnoteRef:1] [1:  The Guardian.]")
    'Kroon? '
    """
    text = p.BOOKMARK.sub("", text)
    text = p.FOOTNOTE_REF.sub("", text)
    return p.INLINE_NOTE.sub("", text)


def value(text: str) -> str:
    """A value as a user wants it: artefacts gone, lines joined, paragraphs kept apart by one blank line.

    >>> value("Klopt het dat \\nde toegang? 1)\\n\\n Zo ja?")
    'Klopt het dat de toegang?\\n\\nZo ja?'
    """
    paragraphs = []
    for paragraph in _PARAGRAPH.split(strip_artefacts(text)):
        joined = _SPACES.sub(" ", " ".join(line.strip() for line in paragraph.splitlines())).strip()
        joined = p.TRAILING_NOTE_REF.sub("", joined)
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)


def one_line(text: str) -> str:
    """Whitespace collapsed to single spaces.

    >>> one_line(" Buitenlandse \\n Zaken ")
    'Buitenlandse Zaken'
    """
    return _SPACES.sub(" ", flat(text)).strip()
