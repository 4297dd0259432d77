"""The worker process (kgraph/worker.py): results in order, a slow or dying task loses only its path, a child is
replaced when asked, and without fork the tasks run in this process."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kgraph.worker import Stopped, Worker

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the worker process needs fork")


def task(path: Path) -> tuple[str, int]:
    """Sleeps when the name says so, dies when it says so; gives the name and the process it ran in."""
    if path.name.startswith("sleep"):
        time.sleep(30)
    if path.name.startswith("die"):
        os._exit(3)
    if path.name.startswith("raise"):
        raise ValueError("no\nsuch thing")
    return path.name, os.getpid()


def test_results_come_in_order_from_one_child() -> None:
    with Worker(task, seconds=10) as worker:
        results = list(worker.map(Path(name) for name in "abcde"))
    assert [path.name for path, _ in results] == list("abcde")
    assert [value[0] for _, value in results if isinstance(value, tuple)] == list("abcde")
    assert len({value[1] for _, value in results if isinstance(value, tuple)}) == 1
    assert all(value[1] != os.getpid() for _, value in results if isinstance(value, tuple))


def test_a_slow_task_is_stopped_at_the_limit_and_the_next_child_goes_on() -> None:
    started = time.monotonic()
    with Worker(task, seconds=1) as worker:
        results = dict(worker.map([Path("a"), Path("sleep"), Path("b"), Path("c")]))
    assert time.monotonic() - started < 10
    stopped = results[Path("sleep")]
    assert isinstance(stopped, Stopped) and stopped.reason == "stopped after 1 s (the time limit; raise it with --timeout)"
    assert [results[Path(name)][0] for name in "abc"] == list("abc")  # type: ignore[index]


def test_a_child_that_dies_or_raises_loses_only_its_path() -> None:
    with Worker(task, seconds=10) as worker:
        results = dict(worker.map([Path("a"), Path("die"), Path("b"), Path("raise"), Path("c")]))
    died, raised = results[Path("die")], results[Path("raise")]
    assert isinstance(died, Stopped) and died.reason == "the worker reading it ended unexpectedly (exit status 3)"
    assert isinstance(raised, Stopped) and raised.reason == "ValueError: no such thing"
    assert raised.detail is not None and "Traceback" in raised.detail
    assert [results[Path(name)][0] for name in "abc"] == list("abc")  # type: ignore[index]


def test_recycle_replaces_the_child() -> None:
    with Worker(task, seconds=10, recycle=lambda result: result[0] == "b") as worker:
        pids = [value[1] for _, value in worker.map(Path(name) for name in "abcd") if isinstance(value, tuple)]
    assert pids[0] == pids[1] and pids[1] != pids[2] and pids[2] == pids[3]


def test_without_fork_tasks_run_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork")
    results = list(Worker(task).map([Path("a"), Path("raise")]))
    assert results[0] == (Path("a"), ("a", os.getpid()))
    assert isinstance(results[1][1], Stopped) and results[1][1].reason == "ValueError: no such thing"
