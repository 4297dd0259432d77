"""Each document is worked on in a child process, so that one hostile file cannot hang, crash or exhaust the build.

`Worker` forks one child, which inherits everything already loaded (the linker's tables, the shapes), and sends it
one path at a time over a pipe; the child runs the task and sends the result back, pickled. The parent keeps one
path queued ahead, so the child starts the next document while the parent stores the last one.

Limits, per document:

- time: the child arms an alarm before each task, whose default action ends the process wherever it is (in a
  library's loop, in a regular expression, in C code that never returns to Python); the parent also stops
  waiting a little after the limit and kills the child. The document is reported and a fresh child takes the
  next one.
- memory: the child may take on `memory_bytes` beyond what it started with (RLIMIT_DATA on Linux, where it counts
  the heap and anonymous mappings); past it allocations fail with MemoryError inside the task, which the task
  reports, and the child is replaced (`recycle`).

A child that dies otherwise (a crash in a C extension, the kernel's OOM killer) loses only its document. Ctrl-C
stops the parent, which kills the child; a parent killed outright takes the child with it (on Linux). Where
`os.fork` is missing (Windows) the tasks run in this process, without the time and memory limits.

Measured on the development corpus (209 documents, README "Hostile input"): moving each result back costs the
parent about 4 ms (the pickled graph), and the build takes less wall time than in one process, since storing
one document overlaps with reading the next.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from kgraph.limits import OPTIONS

R = TypeVar("R")

#: The parent waits this much longer than the time limit before it kills a child whose own alarm did not end it.
GRACE_SECONDS = 2.0
_HEADER = struct.Struct("!Q")


@dataclass(frozen=True, slots=True)
class Stopped:
    """A task that did not give a result: the child was stopped or died (`reason`, one line), or the task raised
    (`detail`: its traceback)."""

    path: Path
    reason: str
    detail: str | None = None


class Worker(Generic[R]):
    """Runs `task` on paths in a child process, within `seconds` (0: no limit) and `memory_bytes` (0: no limit) each.

    `recycle(result)` says when the child should be replaced after a task (after it ran out of memory, say).
    """

    def __init__(self, task: Callable[[Path], R], *, seconds: float = 0.0, memory_bytes: int = 0,
                 recycle: Callable[[R], bool] = lambda result: False) -> None:
        self.task = task
        self.seconds = seconds
        self.memory_bytes = memory_bytes
        self.recycle = recycle
        self._child: _Child | None = None

    def __enter__(self) -> Worker[R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._child is not None:
            self._child.stop()
            self._child = None

    def map(self, paths: Iterable[Path]) -> Iterator[tuple[Path, R | Stopped]]:
        """Each path with its result, in order."""
        if not hasattr(os, "fork"):
            for path in paths:
                yield path, self._in_process(path)
            return
        todo = iter(paths)
        sent: deque[Path] = deque()  # given to the child, results not yet back
        started = time.monotonic()  # when the child began on sent[0]
        while True:
            while len(sent) < 2 and (queued := next(todo, None)) is not None:
                sent.append(queued)
                self._send(queued)
            if not sent:
                return
            path = sent.popleft()
            outcome = self._receive(started)
            started = time.monotonic()
            if isinstance(outcome, _Done):
                if outcome.leaving:
                    self._restart(sent)
                yield path, outcome.value
            else:
                self._restart(sent, outcome)
                yield path, Stopped(path, outcome.reason, outcome.detail)

    def _in_process(self, path: Path) -> R | Stopped:
        try:
            return self.task(path)
        except Exception as err:
            return Stopped(path, _one_line(err), traceback.format_exc())

    def _send(self, path: Path) -> None:
        """Give `path` to the child, starting one if none runs. A child that has gone is noticed by `_receive`."""
        if self._child is None:
            self._child = _Child.start(self)
        try:
            _write(self._child.requests, pickle.dumps(path))
        except OSError:
            pass

    def _restart(self, sent: Iterable[Path], failure: _Failure | None = None) -> None:
        """Replace the child, giving the new one what the old one had not done."""
        if failure is not None and failure.reason == "":
            assert self._child is not None
            failure.reason = self._child.ending()
        self.close()
        for path in sent:
            self._send(path)

    def _receive(self, started: float) -> _Done[R] | _Failure:
        child = self._child
        assert child is not None
        deadline = started + self.seconds + GRACE_SECONDS if self.seconds else None
        message = _read(child.results, deadline)
        if message is None:
            if deadline is not None and time.monotonic() >= deadline:
                child.stop()
                return _Failure(f"stopped after {self.seconds:g} s (the time limit; raise it with {OPTIONS['seconds']})")
            return _Failure("")  # the child ended: `_restart` asks it why
        kind, leaving, value = pickle.loads(message)
        if kind == "raised":
            reason, detail = value
            return _Failure(reason, detail)
        return _Done(value, leaving)


def in_order(workers: Sequence[Worker[R]], paths: Iterable[Path]) -> Iterator[tuple[Path, R | Stopped]]:
    """Each path with its result, in the order given, worked on by `workers` in parallel: path i goes to worker
    i mod n, and results are taken back in turn, so the order (and what a single writer makes of the results)
    is the same for any number of workers."""
    if len(workers) == 1:
        yield from workers[0].map(paths)
        return
    paths = list(paths)
    streams = [worker.map(paths[number :: len(workers)]) for number, worker in enumerate(workers)]
    for number in range(len(paths)):
        yield next(streams[number % len(workers)])


@dataclass(frozen=True, slots=True)
class _Done(Generic[R]):
    value: R
    leaving: bool


@dataclass(slots=True)
class _Failure:
    reason: str  # "" until the child's end is known
    detail: str | None = None


@dataclass
class _Child:
    pid: int
    requests: int  # the parent writes paths here
    results: int  # and reads results here
    seconds: float
    status: int | None = None

    @classmethod
    def start(cls, worker: Worker[R]) -> _Child:
        request_read, request_write = os.pipe()
        result_read, result_write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child
            try:
                os.close(request_write)
                os.close(result_read)
                _serve(worker, request_read, result_write, parent)
            finally:
                os._exit(0)  # never the parent's clean-up: its store and temporary files are not the child's
        os.close(request_read)
        os.close(result_write)
        return cls(pid, request_write, result_read, worker.seconds)

    def stop(self) -> None:
        """Kill the child, whatever it is doing (nothing of its own needs saving), and collect it."""
        for fd in (self.requests, self.results):
            try:
                os.close(fd)
            except OSError:
                pass
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _, self.status = os.waitpid(self.pid, 0)

    def ending(self) -> str:
        """Why the child ended on its own, for the document it was working on."""
        if self.status is None:
            _, self.status = os.waitpid(self.pid, 0)
        if os.WIFSIGNALED(self.status):
            number = os.WTERMSIG(self.status)
            if number == signal.SIGALRM:
                return f"stopped after {self.seconds:g} s (the time limit; raise it with {OPTIONS['seconds']})"
            return (f"the worker reading it was killed ({signal.strsignal(number) or number}); it may have run out of "
                    f"memory ({OPTIONS['memory_bytes']})")
        return f"the worker reading it ended unexpectedly (exit status {os.waitstatus_to_exitcode(self.status)})"


# --- the child's side ------------------------------------------------------------------------------------------


def _serve(worker: Worker[R], requests: int, results: int, parent: int) -> None:
    """Take paths until the parent closes the pipe; the alarm's default action ends this process mid-task."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills this child
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    _die_with(parent)
    _limit_memory(worker.memory_bytes)
    while True:
        message = _read(requests, None)
        if message is None:
            return
        path: Path = pickle.loads(message)
        if worker.seconds:
            signal.setitimer(signal.ITIMER_REAL, worker.seconds)
        message_out: tuple[str, bool, object]
        try:
            result = worker.task(path)
            message_out = ("done", worker.recycle(result), result)
        except BaseException as err:  # noqa: BLE001 - reported to the parent, which decides
            message_out = ("raised", True, (_one_line(err), traceback.format_exc()))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        leaving = message_out[1]
        try:
            payload = pickle.dumps(message_out, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as err:
            payload = pickle.dumps(("raised", True, (f"internal error: the result cannot be sent ({_one_line(err)})",
                                                     traceback.format_exc())))
            leaving = True
        _write(results, payload)
        if leaving:
            return


def _die_with(parent: int) -> None:
    """Be killed when the parent dies, even mid-task (kill -9 of a build must not leave a worker looping on a
    document with no time limit): Linux's PR_SET_PDEATHSIG; elsewhere the closed pipe ends an idle child."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(0)


def _limit_memory(allowance: int) -> None:
    if not allowance:
        return
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as status:
            data_kb = next(int(line.split()[1]) for line in status if line.startswith("VmData:"))
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        limit = data_kb * 1024 + allowance
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (ImportError, OSError, StopIteration, ValueError):
        pass  # not Linux: the time limit still holds


def _one_line(err: BaseException) -> str:
    message = " ".join(str(err).split())
    return f"{type(err).__name__}: {message}" if message else type(err).__name__


# --- messages over pipes: a length, then the bytes ------------------------------------------------------------


def _write(fd: int, payload: bytes) -> None:
    data = memoryview(_HEADER.pack(len(payload)) + payload)
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _read(fd: int, deadline: float | None) -> bytes | None:
    """One message, or None at the end of the pipe or at `deadline` (time.monotonic)."""
    header = _read_exactly(fd, _HEADER.size, deadline)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    return _read_exactly(fd, size, deadline)


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes | None:
    chunks: list[bytes] = []
    left = size
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                return None
        try:
            chunk = os.read(fd, min(left, 1 << 20))
        except OSError:
            return None
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
