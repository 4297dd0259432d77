"""Reading: a file in any supported format becomes `SourceText` (text plus layout hints).

One module per format; this module only picks the reader and finds files in folders.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kgraph.errors import ReadError
from kgraph.model import SourceText

Reader = Callable[[bytes, str], SourceText]

# suffix -> (module, function). Imported on first use so `kgraph --help` stays fast and a format's optional
# dependency only matters when a file of that format is read.
_READERS: dict[str, tuple[str, str]] = {
    ".txt": ("kgraph.read.text", "read_text"),
    ".text": ("kgraph.read.text", "read_text"),
    ".md": ("kgraph.read.markdown", "read_markdown"),
    ".pdf": ("kgraph.read.pdf", "read_pdf"),
    ".docx": ("kgraph.read.docx", "read_docx"),
    ".xml": ("kgraph.read.koop_xml", "read_koop_xml"),
    ".html": ("kgraph.read.koop_html", "read_koop_html"),
    ".htm": ("kgraph.read.koop_html", "read_koop_html"),
}
SUPPORTED_SUFFIXES = tuple(sorted(_READERS))

# Files that sit beside documents in folders but are not documents (gold annotations, manifests, readmes).
_NOT_DOCUMENTS = (".gold.json",)
_NOT_DOCUMENT_STEMS = {"readme", "manifest", "gold", "license", "changelog", "notice", "metadata"}


def reader_for(path: Path) -> Reader:
    suffix = path.suffix.lower()
    if suffix not in _READERS:
        raise ReadError(str(path), f"unsupported file type {suffix or '(no suffix)'!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    module_name, function = _READERS[suffix]
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise ReadError(str(path), f"reading {suffix} files needs a module that is not available: {err}") from None
    reader: Reader = getattr(module, function)
    return reader


def read(path: Path | str) -> SourceText:
    """Read one file. Raises ReadError naming the file and the problem.

    >>> read("no/such/file.txt")
    Traceback (most recent call last):
    ...
    kgraph.errors.ReadError: no/such/file.txt: no such file
    """
    shown = str(path)
    path = Path(path)
    reader = reader_for(path) if path.is_file() else None
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(shown, "no such file") from None
    except IsADirectoryError:
        raise ReadError(shown, "is a folder, not a file") from None
    except OSError as err:
        raise ReadError(shown, f"cannot be read: {err.strerror or err}") from None
    if not data:
        raise ReadError(shown, "empty file")
    assert reader is not None
    return reader(data, shown)


def discover(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Files to read: each file as given (even with an unsupported suffix, so it gets an error line), and
    inside each folder every supported file, recursively, in sorted order, skipping hidden ones."""
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            yield path
            continue
        for found in sorted(path.rglob("*")):
            relative = found.relative_to(path)
            if any(part.startswith(".") for part in relative.parts) or not found.is_file():
                continue
            if found.name.endswith(_NOT_DOCUMENTS) or found.stem.lower() in _NOT_DOCUMENT_STEMS:
                continue
            if found.suffix.lower() not in _READERS:
                continue
            yield found
