"""The Python API: `import kgraph` is cheap, the verbs stay verbs, README's Python examples run as doctests and
type-check under mypy --strict, and the command line leaves the library's work to the library."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import kgraph
from kgraph.store import Store

from conftest import QUESTION_SEED, ROOT, SEEDS

README = (ROOT / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.DOTALL)


def test_import_kgraph_loads_no_library() -> None:
    code = "import sys, kgraph; print(sorted(m for m in ('rdflib', 'pyoxigraph', 'pyshacl', 'networkx') if m in sys.modules))"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert found.strip() == "[]"


def test_version_is_the_package_version() -> None:
    assert kgraph.__version__ == version("kgraph")


def test_verbs_stay_verbs_after_their_modules_are_imported() -> None:
    import kgraph.build
    import kgraph.extract.patterns  # noqa: F401
    import kgraph.link.stage  # noqa: F401
    import kgraph.read.text  # noqa: F401
    import kgraph.validate  # noqa: F401

    assert kgraph.extract.__module__ == "kgraph.api"
    for name in ("read", "extract", "link", "build", "validate"):
        assert callable(getattr(kgraph, name)) and getattr(kgraph, name).__module__ == "kgraph.api", name
    assert kgraph.extract(QUESTION_SEED).kind.value == "questions"
    from kgraph.build import process  # the module is still importable by name

    assert callable(process)


def test_an_unknown_name_lists_what_exists() -> None:
    with pytest.raises(AttributeError, match="available: .*extract"):
        kgraph.extrakt  # noqa: B018


def test_every_public_name_resolves() -> None:
    for name in kgraph.__all__:
        assert getattr(kgraph, name) is not None, name


def test_build_into_a_folder_and_query(tmp_path: Path) -> None:
    summary = kgraph.build(SEEDS, tmp_path / "store")
    assert summary.documents == 2 and not summary.failures
    with Store.open(tmp_path / "store", read_only=True) as store:
        assert len(store.query("SELECT ?q WHERE { ?q a schema:Question }").rows) == summary.questions


def test_extract_all_reports_failures_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    results = list(kgraph.extract_all([tmp_path, QUESTION_SEED], linked=False))
    assert [type(r).__name__ for r in results] == ["Failed", "Extraction"]
    assert isinstance(results[0], kgraph.Failed) and "empty file" in results[0].error


def test_the_cli_leaves_the_work_to_the_library() -> None:
    """cli.py parses options, calls kgraph.api and the modules' public verbs, and prints: it runs no pipeline."""
    source = (ROOT / "kgraph" / "cli.py").read_text(encoding="utf-8")
    for inside in ("from kgraph.extract import", "from kgraph.rdf import", "from kgraph.link.stage import",
                   "validate_graph(", "document_graph(", "Linker.load", "score(record"):
        assert inside not in source, f"cli.py still does library work: {inside}"


def test_readme_python_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert PYTHON_BLOCKS, "README has no ```python example"
    (tmp_path / "seeds").symlink_to(SEEDS)
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict[str, object] = {}
    for number, block in enumerate(PYTHON_BLOCKS, start=1):
        test = parser.get_doctest(block, globs, f"README python block {number}", "README.md", 0)
        runner.run(test, clear_globs=False)
        globs = test.globs  # DocTest copies its globals: the next block goes on from this one's
    assert runner.failures == 0, "a README example failed (its output is above)"


def test_readme_python_examples_type_check(tmp_path: Path) -> None:
    """The examples, with `import kgraph` only, pass mypy --strict."""
    parser = doctest.DocTestParser()
    code = "\n".join(example.source for block in PYTHON_BLOCKS for example in parser.get_examples(block))
    assert re.findall(r"^(?:import|from) (\S+)", code, re.MULTILINE) == ["kgraph"]
    example = tmp_path / "readme_example.py"
    example.write_text(code, encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-error-summary",
         "--config-file", str(ROOT / "pyproject.toml"),
         str(example)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
