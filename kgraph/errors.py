"""The one error tree. The CLI translates these to exit codes in one place.

Every message names the file (when there is one) and the problem, so a user can act on it alone.
"""

from __future__ import annotations


class KgraphError(Exception):
    """Base of every error kgraph raises on purpose."""


class ReadError(KgraphError):
    """A file could not be turned into text: missing, unreadable, empty, binary or unsupported."""

    def __init__(self, path: str, problem: str) -> None:
        from kgraph.display import shown

        problem = shown(problem)  # one printable line, whatever a library's message held (issue 11)
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class LimitError(ReadError):
    """A document is larger than a limit allows (bytes, decompressed bytes, pages, text, triples, time); the
    message names the limit and the option that raises it (`kgraph.limits`)."""


class StoreError(KgraphError):
    """The store is missing, locked, or holds something unexpected."""


class QueryError(KgraphError):
    """A SPARQL query could not be parsed or run."""


class UsageError(KgraphError):
    """A valid command called with options that do not fit together."""


class FetchError(KgraphError):
    """A download failed: this machine is offline, the server refused or failed, or what was asked for does not exist.

    `url` and `status` (the HTTP status, when the server answered) and `body` (its answer) let callers word
    the message for their source; the message itself is always one line.
    """

    def __init__(self, message: str, url: str | None = None, status: int | None = None, body: bytes = b"") -> None:
        super().__init__(" ".join(message.split()))
        self.url = url
        self.status = status
        self.body = body


class EndpointError(KgraphError):
    """A SPARQL server could not be started or reached, or refused what kgraph sent it."""
