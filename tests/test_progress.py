"""Progress on stderr: a bar on a terminal, quiet when piped. A terminal is simulated by a stream whose isatty()
says yes (injected as sys.stderr), since click's CliRunner, like a pipe, is not one."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.progress import Bar, Quiet, progress

from conftest import SEEDS


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _screen(text: str) -> str:
    """What a terminal shows last: the text after the final carriage return of the last line, trailing spaces cut."""
    return text.split("\n")[-1].split("\r")[-1].rstrip()


def test_bar_on_a_terminal_quiet_on_a_pipe() -> None:
    with progress(2, "building", Terminal()) as shown:
        assert isinstance(shown, Bar)
    with progress(2, "building", io.StringIO()) as shown:
        assert isinstance(shown, Quiet)


def test_bar_draws_in_place_and_clears_at_the_end() -> None:
    screen = Terminal()
    bar = Bar(4, "building", screen, columns=lambda: 100, interval=0)
    bar.advance("a.txt")
    assert _screen(screen.getvalue()) == "building [######------------------] 1/4 a.txt"
    bar.advance("b.txt")
    assert _screen(screen.getvalue()) == "building [############------------] 2/4 b.txt"
    assert "\n" not in screen.getvalue()
    bar.close()
    assert _screen(screen.getvalue()) == ""


def test_shorter_item_name_overwrites_the_longer_one() -> None:
    screen = Terminal()
    bar = Bar(2, "b", screen, columns=lambda: 100, interval=0)
    bar.advance("a-long-file-name.txt")
    bar.advance("c.txt")
    last = screen.getvalue().split("\r")[-1]
    assert last.rstrip() == "b [########################] 2/2 c.txt"
    assert len(last) == len("b [############------------] 1/2 a-long-file-name.txt")


def test_bar_is_cut_to_the_terminal_width() -> None:
    bar = Bar(10, "building", Terminal(), columns=lambda: 30, interval=0)
    bar.advance("a-very-long-file-name.txt")
    assert bar.line() == "building [##-----------------"
    assert len(bar.line()) == 29


def test_messages_clear_the_bar_and_it_comes_back() -> None:
    screen = Terminal()
    bar = Bar(2, "building", screen, columns=lambda: 100, interval=0)
    bar.advance("a.txt")
    bar.echo("Error: a.txt: empty file")
    before, after = screen.getvalue().split("\n")
    assert before.split("\r")[-1] == "Error: a.txt: empty file"
    assert _screen(after) == "building [############------------] 1/2 a.txt"


def test_redraws_are_rate_limited_but_the_last_item_always_shows() -> None:
    screen = Terminal()
    now = [0.0]
    bar = Bar(100, "b", screen, columns=lambda: 100, interval=1.0, clock=lambda: now[0])
    for _ in range(99):
        bar.advance()
        now[0] += 0.001
    assert screen.getvalue().count("\r") == 1  # only the first
    bar.advance()
    assert _screen(screen.getvalue()).endswith("100/100")


def test_quiet_writes_messages_only() -> None:
    piped = io.StringIO()
    quiet = Quiet(piped)
    quiet.advance("a.txt")
    quiet.echo("Warning: x")
    quiet.close()
    assert piped.getvalue() == "Warning: x\n"


def test_zero_items() -> None:
    bar = Bar(0, "b", Terminal(), columns=lambda: 80, interval=0)
    assert bar.line() == "b [########################] 0/0"


# --- the build command ------------------------------------------------------------------------------------------


def test_build_is_quiet_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "\r" not in result.output


def test_build_shows_a_bar_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    main.main(["build", str(SEEDS), "--store", str(tmp_path / "store")], standalone_mode=False)
    drawn = terminal.getvalue()
    frames = [frame.rstrip() for frame in drawn.split("\r") if frame.strip()]
    # Two documents, then the whole store's three steps (members' parties, rollups, counts): 24 * 1 // 5 = 4.
    assert frames[0].startswith("building [####--------------------] 1/5 ")
    assert frames[-1] == "building [########################] 5/5 counts"
    assert _screen(drawn) == ""  # cleared, so the summary starts on a clean line
    out = capsys.readouterr().out
    assert out.startswith(f"store: {tmp_path / 'store'}\n")
    assert "\r" not in out


def test_build_errors_go_between_bar_frames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a-empty.txt").write_bytes(b"")
    (tmp_path / "docs" / "b.txt").write_bytes((SEEDS / "002_306e882e6c2994f3.txt").read_bytes())
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with pytest.raises(SystemExit) as exited:
        main.main(["build", str(tmp_path / "docs"), "--store", str(tmp_path / "store")], standalone_mode=False)
    assert exited.value.code == 1
    lines = terminal.getvalue().split("\n")
    assert lines[0].split("\r")[-1] == f"Error: {tmp_path / 'docs' / 'a-empty.txt'}: empty file"
    assert _screen(terminal.getvalue()) == ""
