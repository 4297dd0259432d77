"""The one layout every reader that finds footnotes apart from the body uses: the body, a blank line, then
one line per note, "N note text", each recorded as a `NoteRegion` so the extractor knows where notes are."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from kgraph.model import NoteRegion, SourceText, Span


def with_notes(body: str, notes: Sequence[tuple[str, str]], *, path: str, fmt: str, data: bytes) -> SourceText:
    """`body` (ending in a newline) followed by its numbered notes.

    >>> source = with_notes("Vraag 1\\nA?\\n", [("1", "NOS, 2024")], path="x.pdf", fmt="pdf", data=b"")
    >>> source.text
    'Vraag 1\\nA?\\n\\n1 NOS, 2024\\n'
    >>> [source.text[r.span.start:r.span.end] for r in source.notes]
    ['NOS, 2024']
    """
    parts = [body]
    offset = len(body)
    regions: list[NoteRegion] = []
    if notes:
        parts.append("\n")
        offset += 1
    for number, note in notes:
        start = offset + len(number) + 1
        regions.append(NoteRegion(number=number, span=Span(start, start + len(note))))
        line = f"{number} {note}\n"
        parts.append(line)
        offset += len(line)
    return SourceText(path=path, text="".join(parts), format=fmt, sha256=hashlib.sha256(data).hexdigest(), notes=tuple(regions))
