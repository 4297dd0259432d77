"""Progress of long commands on stderr: a bar on a terminal, nothing when stderr is a pipe or a file.

A log a program reads must not fill with carriage returns, so the bar is drawn only when the stream says it is a
terminal (`isatty()`); messages (errors, warnings) go through the same object, which clears the bar's line
before writing them and draws it again after, so they never run into each other.

>>> import io
>>> piped = io.StringIO()
>>> with progress(3, "building", piped) as bar:
...     bar.advance("a.txt")
...     bar.echo("Warning: a.txt: something")
>>> piped.getvalue()
'Warning: a.txt: something\\n'
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol, TextIO

__all__ = ["Bar", "Progress", "Quiet", "progress"]

# Redraw at most this often (seconds): a terminal is slow, and thousands of redraws a second only flicker.
REDRAW_INTERVAL = 0.1
_BAR_WIDTH = 24


class Progress(Protocol):
    def advance(self, item: str = "") -> None:
        """One more item done; `item` names it (shown beside the bar)."""

    def extend(self, items: int) -> None:
        """`items` more to do than the bar was started with: work that learns its size as it goes (a report
        learns how many documents it validates) adds it."""

    def echo(self, line: str) -> None:
        """Write a message line, keeping it apart from the bar."""


class Quiet:
    """No bar: messages are written as they are."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def advance(self, item: str = "") -> None:
        pass

    def extend(self, items: int) -> None:
        pass

    def echo(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        pass


class Bar:
    """A one-line bar, redrawn in place with a carriage return.

    >>> import io
    >>> screen = io.StringIO()
    >>> bar = Bar(2, "building", screen, columns=lambda: 60, interval=0)
    >>> bar.advance("a.txt"); bar.advance("b.txt"); bar.close()
    >>> screen.getvalue().split("\\r")[2]
    'building [########################] 2/2 b.txt'
    """

    def __init__(
        self, total: int, label: str, stream: TextIO, *, columns: Callable[[], int] | None = None,
        interval: float = REDRAW_INTERVAL, clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = max(total, 0)
        self.label = label
        self.stream = stream
        self.done = 0
        self._columns = columns or (lambda: shutil.get_terminal_size(fallback=(80, 24)).columns)
        self._interval = interval
        self._clock = clock
        self._drawn_at: float | None = None
        self._shown = ""  # what is on the line now, to clear it
        self._item = ""

    def advance(self, item: str = "") -> None:
        self.done += 1
        self._item = item
        now = self._clock()
        # The last item is always drawn, so the bar never stops short of total.
        if self._drawn_at is None or now - self._drawn_at >= self._interval or self.done >= self.total:
            self._draw()
            self._drawn_at = now

    def extend(self, items: int) -> None:
        self.total += max(items, 0)

    def echo(self, line: str) -> None:
        self._clear()
        self.stream.write(line + "\n")
        if self.done:
            self._draw()
        self.stream.flush()

    def close(self) -> None:
        """Take the bar off the line, so what follows starts on a clean one."""
        self._clear()
        self.stream.flush()

    def line(self) -> str:
        """The bar as text, cut to the terminal's width.

        >>> bar = Bar(4, "pushing", None, columns=lambda: 80)  # type: ignore[arg-type]
        >>> bar.done = 1
        >>> bar.line()
        'pushing [######------------------] 1/4'
        """
        filled = _BAR_WIDTH * self.done // self.total if self.total else _BAR_WIDTH
        text = f"{self.label} [{'#' * filled}{'-' * (_BAR_WIDTH - filled)}] {self.done}/{self.total}"
        if self._item:
            text += f" {self._item}"
        # One column short of the width: writing into the last column makes some terminals wrap.
        return text[: max(self._columns() - 1, 0)]

    def _draw(self) -> None:
        text = self.line()
        # Spaces over whatever of a longer previous line is still there.
        self.stream.write("\r" + text + " " * max(len(self._shown) - len(text), 0))
        self.stream.flush()
        self._shown = text

    def _clear(self) -> None:
        if self._shown:
            self.stream.write("\r" + " " * len(self._shown) + "\r")
            self._shown = ""


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


@contextmanager
def progress(total: int, label: str, stream: TextIO) -> Iterator[Bar | Quiet]:
    """A bar for `total` items on `stream` when it is a terminal, otherwise `Quiet`; the bar is cleared at the end."""
    shown: Bar | Quiet = Bar(total, label, stream) if is_terminal(stream) else Quiet(stream)
    try:
        yield shown
    finally:
        shown.close()
