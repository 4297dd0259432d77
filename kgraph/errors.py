"""The one error tree. The CLI translates these to exit codes in one place.

Every message names the file (when there is one) and the problem, so a user can act on it alone.
"""

from __future__ import annotations


class KgraphError(Exception):
    """Base of every error kgraph raises on purpose."""


class ReadError(KgraphError):
    """A file could not be turned into text: missing, unreadable, empty, binary or unsupported."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ExtractionError(KgraphError):
    """Text was read but is not a parliamentary question or answer document kgraph can parse."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class StoreError(KgraphError):
    """The store is missing, locked, or holds something unexpected."""


class QueryError(KgraphError):
    """A SPARQL query could not be parsed or run."""


class UsageError(KgraphError):
    """A valid command called with options that do not fit together."""
