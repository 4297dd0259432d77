"""Markdown-like text, as document converters (pandoc, markitdown, docling …) write it: the markup is removed
so the extractor sees the words it sees in any other text, and markdown footnotes become notes.

Handled: ATX headings ("## Vraag 1"), emphasis ("**Vraag 1**", "*Vragen van …*"), backslash escapes ("1\\."),
links ("[NOS](https://nos.nl/…)" -> "NOS (https://nos.nl/…)"), block quotes, footnote references ("[^1]") and
footnote definitions ("[^1]: NOS, 2024 …"), HTML comments and line-break backslashes.
"""

from __future__ import annotations

import re

from kgraph.errors import ReadError
from kgraph.limits import DEFAULT_LIMITS, Limits
from kgraph.model import SourceText
from kgraph.read.notes import with_notes
from kgraph.read.encoding import decode

_FOOTNOTE_DEFINITION = re.compile(r"^\[\^(?P<label>[^\]\s]+)\]:[^\S\n]*(?P<text>.*(?:\n(?:[ \t]{2,}|\t).*)*)", re.MULTILINE)
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]\s]+\]")
_HEADING = re.compile(r"^[^\S\n]{0,3}#{1,6}[^\S\n]+(.*?)(?:[^\S\n]+#+)?[^\S\n]*$", re.MULTILINE)
_QUOTE = re.compile(r"^[^\S\n]{0,3}>[^\S\n]?", re.MULTILINE)
_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]*)\]\((?P<url><[^>\n]*>|[^)\s]*)(?:\s+\"[^\"\n]*\")?\)")
_AUTOLINK = re.compile(r"<(?P<url>https?://[^>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(?P<text>.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(?P<text>[^*_\n]+?)(?<=\S)\1(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_HARD_BREAK = re.compile(r"\\$", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

# What marks text as markdown rather than plain text: a heading, a strong run or a footnote definition.
_SIGNALS = re.compile(r"^#{1,6}\s+\S|\*\*\S[^*\n]*\*\*|^\[\^[^\]\s]+\]:|^\d{1,3}\\\.\s", re.MULTILINE)


def looks_like_markdown(text: str) -> bool:
    """Whether converter output is markdown: a heading, a bold run, a footnote definition or an escaped number.

    >>> looks_like_markdown("## Vraag 1\\nKlopt het?")
    True
    >>> looks_like_markdown("Vraag 1\\nKlopt het?")
    False
    """
    return _SIGNALS.search(text[:20000]) is not None


def plain(markdown: str) -> tuple[str, list[tuple[str, str]]]:
    """The text without markup, and the footnote definitions as (number, text), numbered in order.

    >>> plain("## **Vraag 1**\\nKent u [het bericht](https://nos.nl/a)?[^1]\\n\\n[^1]: NOS, 2024.")
    ('Vraag 1\\nKent u het bericht (https://nos.nl/a)?\\n', [('1', 'NOS, 2024.')])
    """
    notes = [(str(i), " ".join(m["text"].split())) for i, m in enumerate(_FOOTNOTE_DEFINITION.finditer(markdown), start=1)]
    text = _FOOTNOTE_DEFINITION.sub("", markdown)
    text = _COMMENT.sub("", text)
    text = _FOOTNOTE_REFERENCE.sub("", text)
    text = _HEADING.sub(r"\1", text)
    text = _QUOTE.sub("", text)
    text = _LINK.sub(lambda m: f"{m['text']} ({m['url'].strip('<>')})" if m["text"] and m["text"] != m["url"] else m["url"].strip("<>"), text)
    text = _AUTOLINK.sub(r"\g<url>", text)
    text = _STRONG.sub(r"\g<text>", text)
    text = _EMPHASIS.sub(r"\g<text>", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _HARD_BREAK.sub("", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n", notes


def read_markdown(data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> SourceText:
    text, notes = plain(decode(data, path).replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise ReadError(path, "no text in file (only markup or whitespace)")
    return with_notes(text, notes, path=path, fmt="markdown", data=data)
