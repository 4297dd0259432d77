"""A real headless Chromium for tests: the DOM a page ends with, screenshots, and a page driven by script.

`Browser` speaks the Chrome DevTools Protocol (https://chromedevtools.github.io/devtools-protocol/) over
`--remote-debugging-pipe`: commands on file descriptor 3, answers on 4, each message JSON ended by a NUL byte.
No WebSocket client is needed. Every wait is bounded; the browser is ended when the block ends.

Chromium is Debian's package (`apt-get install chromium`); without it the tests that need it are skipped.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

# Off the network as far as Chromium's flags go (as `make report-check` runs it).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT = 120


def chromium() -> str:
    """The Chromium executable, or the test is skipped saying how to install it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium); the browser checks are skipped")
    return found


def dump_dom(url: str, *extra: str) -> str:
    """The DOM of `url` once its scripts and requests are done (virtual time), as headless Chromium shows it."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000",
                               *extra, "--dump-dom", url], capture_output=True, text=True, timeout=TIMEOUT, check=True)
    return done.stdout


def screenshot(url: str, path: Path, width: int, height: int) -> Path:
    """A PNG of `url` in a window of `width` by `height` pixels."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", f"--screenshot={path}",
                        f"--window-size={width},{height}", url], capture_output=True, timeout=TIMEOUT, check=True)
    return path


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


class Browser:
    """One headless Chromium with one page, driven over the DevTools pipe."""

    def __init__(self, process: subprocess.Popen[bytes], commands: Any, answers: Any) -> None:
        self._process = process
        self._commands = commands
        self._answers = answers
        self._buffer = b""
        self._last = 0
        self._events: list[dict[str, Any]] = []
        self._session = ""

    def _send(self, method: str, params: dict[str, Any] | None = None, *, session: bool = True) -> int:
        self._last += 1
        message: dict[str, Any] = {"id": self._last, "method": method, "params": params or {}}
        if session and self._session:
            message["sessionId"] = self._session
        self._commands.write(json.dumps(message).encode("utf-8") + b"\0")
        return self._last

    def _receive(self, until: Any, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message: dict[str, Any] = json.loads(raw)
                if until(message):
                    return message
                if "method" in message:
                    self._events.append(message)
            if time.monotonic() > deadline:
                raise AssertionError(f"Chromium did not answer within {timeout} s")
            chunk = self._answers.read(65536)
            if not chunk:
                raise AssertionError("Chromium closed its DevTools pipe")
            self._buffer += chunk

    def call(self, method: str, params: dict[str, Any] | None = None, *, session: bool = True,
             timeout: float = 60) -> dict[str, Any]:
        number = self._send(method, params, session=session)
        answer = self._receive(lambda message: message.get("id") == number, timeout)
        assert "error" not in answer, answer
        result: dict[str, Any] = answer.get("result", {})
        return result

    def open(self, url: str, timeout: float = 60) -> None:
        """Load `url` in the page and wait for its load event."""
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self._session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                  session=False)["sessionId"]
        self.call("Page.enable")
        self._events.clear()
        self.call("Page.navigate", {"url": url})
        if not any(event.get("method") == "Page.loadEventFired" for event in self._events):
            self._receive(lambda message: message.get("method") == "Page.loadEventFired", timeout)

    def evaluate(self, expression: str, timeout: float = 60) -> Any:
        """The value of a JavaScript expression in the page (a promise is awaited); an error raises."""
        result = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                "returnByValue": True}, timeout=timeout)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")


def _high(fd: int) -> int:
    """`fd` moved to a number of 10 or more, so that placing the pipe at 3 and 4 cannot overwrite it."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


@contextmanager
def browser() -> Iterator[Browser]:
    """A headless Chromium with a fresh profile, ended (and its profile removed) when the block ends."""
    executable = chromium()
    read_commands, write_commands = (_high(fd) for fd in os.pipe())
    read_answers, write_answers = (_high(fd) for fd in os.pipe())

    def pipes_at_3_and_4() -> None:  # in the child, before exec: where --remote-debugging-pipe expects them
        os.dup2(read_commands, 3)
        os.dup2(write_answers, 4)

    with tempfile.TemporaryDirectory() as profile:
        process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            # Not close_fds: it would close 3 and 4 after the dup2. Python's own descriptors are not inherited
            # anyway (PEP 446), and the two dup2 made are.
            close_fds=False, preexec_fn=pipes_at_3_and_4, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(read_commands)
        os.close(write_answers)
        commands = os.fdopen(write_commands, "wb", buffering=0)
        answers = os.fdopen(read_answers, "rb", buffering=0)
        try:
            yield Browser(process, commands, answers)
        finally:
            try:
                commands.write(json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
            except OSError:
                pass
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
            commands.close()
            answers.close()
