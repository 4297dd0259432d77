"""README and CLI cannot drift: every command is documented with an example, and the examples run."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kgraph.cli import main

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            names.extend(_commands(command, f"{prefix}{name} "))
        else:
            names.append(f"{prefix}{name}")
    return names


@pytest.mark.parametrize("command", _commands(main))
def test_every_command_has_a_readme_section_and_example(command: str) -> None:
    assert f"### `kgraph {command}" in README
    assert re.search(rf"^kgraph {re.escape(command)}\b", README, re.MULTILINE), f"no example of kgraph {command}"


def _run(command: str, runner: CliRunner) -> None:
    """One example line: `kgraph …` through click's runner, other commands (cat, find) as processes, joined by
    `|` (stdout to the next one's stdin) and ending in an optional `> FILE`."""
    tokens = shlex.split(command)
    target = None
    if ">" in tokens:
        target, tokens = tokens[tokens.index(">") + 1], tokens[:tokens.index(">")]
    stages: list[list[str]] = [[]]
    for token in tokens:
        if token == "|":
            stages.append([])
        else:
            stages[-1].append(token)
    data: bytes | None = None
    for number, stage in enumerate(stages):
        if stage[0] != "kgraph":
            data = subprocess.run(stage, input=data, capture_output=True, check=True).stdout
            continue
        args = stage[1:]
        if "-o" not in args and args[0] == "export" and number == len(stages) - 1 and target is None:
            args += ["-o", "out"]
        result = runner.invoke(main, args, input=data)
        assert result.exit_code == 0, f"{command}\n{result.output}"
        data = result.stdout_bytes
    if target is not None and data is not None:
        Path(target).write_bytes(data)


def test_readme_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every example in README's ```sh blocks (in a scratch copy of the seeds), in order."""
    for name in ("seeds",):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    examples = [line for block in re.findall(r"```sh\n(.*?)```", README, re.DOTALL) for line in block.splitlines()]
    ran = 0
    for line in examples:
        command = line.split("#")[0].strip()
        if not (command.startswith("kgraph ") or "| kgraph " in command) or "../shared" in command:
            continue
        _run(command, runner)
        ran += 1
    assert ran >= 7
