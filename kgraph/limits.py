"""Per-document limits: how much one input file may cost before kgraph stops and reports it.

A hostile or broken file must not take the build down with it: each limit is checked while the work is done
(bytes counted as they are read or inflated, pages as they are interpreted), never trusted from a header, and
exceeding one is a `LimitError` naming the file, the limit and the option that raises it. The time and memory
limits are enforced by the worker process each document is read in (`kgraph.worker`).

The defaults are far above what real Kamervragen need. The largest documents of the development corpus
(`benchmarks/corpus_maxima.py`, 209 documents) have 116 KB of file, 93 KB in one DOCX part (7 KB in one PDF
stream), 6 pages, 19,440 characters of text and 951 triples, and take at most 2.2 s from read to validated on a
busy 2-core machine: each default is some 10 to 170 times that.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgraph.errors import LimitError

MB = 2**20


@dataclass(frozen=True, slots=True)
class Limits:
    """What one document may cost. `seconds` and `memory_bytes` of 0 mean no limit."""

    file_bytes: int = 20 * MB  # bytes read from one file
    part_bytes: int = 10 * MB  # bytes one DOCX part or PDF stream inflates to
    pages: int = 200  # PDF pages
    text_chars: int = 1_000_000  # characters of text read from one document
    triples: int = 10_000  # triples in one document's graph
    seconds: float = 60.0  # wall time for one document, read to validated
    memory_bytes: int = 1024 * MB  # memory the worker may take on for one document


DEFAULT_LIMITS = Limits()

#: The command-line option that sets each limit, for the messages.
OPTIONS = {
    "file_bytes": "--max-file-mb",
    "part_bytes": "--max-part-mb",
    "pages": "--max-pages",
    "text_chars": "--max-text-chars",
    "triples": "--max-triples",
    "seconds": "--timeout",
    "memory_bytes": "--max-memory-mb",
}


def exceeded(path: str, what: str, limit: str) -> LimitError:
    """The error for `what` (of the file at `path`) going past the limit named `limit` (a field of `Limits`).

    >>> str(exceeded("x.pdf", "more than 200 pages", "pages"))
    'x.pdf: more than 200 pages (the limit; raise it with --max-pages)'
    """
    return LimitError(path, f"{what} (the limit; raise it with {OPTIONS[limit]})")


def megabytes(n: int) -> str:
    """
    >>> megabytes(10 * MB), megabytes(MB // 2), megabytes(int(0.01 * MB))
    ('10 MB', '0.5 MB', '0.01 MB')
    """
    return f"{n / MB:.3g} MB"
