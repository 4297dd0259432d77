"""Reading: a file in any supported format becomes `SourceText` (text plus layout hints).

One module per format; this module only picks the reader and finds files in folders.
"""

from __future__ import annotations

import importlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from kgraph.display import path_shown
from kgraph.errors import ReadError
from kgraph.limits import DEFAULT_LIMITS, Limits, exceeded, megabytes
from kgraph.model import SourceText


class Reader(Protocol):
    """A reader: a file's bytes and its path as shown (for messages) to `SourceText`, within `limits`."""

    def __call__(self, data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> SourceText: ...


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


def reader_for(path: Path, shown: str | None = None) -> Reader:
    suffix = path.suffix.lower()
    shown = shown if shown is not None else path_shown(path)
    if suffix not in _READERS:
        raise ReadError(shown, f"unsupported file type {suffix or '(no suffix)'!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    module_name, function = _READERS[suffix]
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise ReadError(shown, f"reading {suffix} files needs a module that is not available: {err}") from None
    reader: Reader = getattr(module, function)
    return reader


def sniff_suffix(data: bytes) -> str:
    """The suffix of the reader for a document that comes without a name (stdin): PDF and DOCX (a zip archive)
    by their magic numbers, HTML and XML by their first markup, anything else text (which reads markdown too).

    >>> sniff_suffix(b"%PDF-1.7 ..."), sniff_suffix(b"PK\\x03\\x04..."), sniff_suffix(b"<?xml version='1.0'?><officiele-publicatie/>")
    ('.pdf', '.docx', '.xml')
    >>> sniff_suffix(b"<!DOCTYPE html><html>"), sniff_suffix(b"Vragen van het lid ...")
    ('.html', '.txt')
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return ".docx"
    lowered = head[:2048].lower()
    if lowered.startswith(b"<"):
        return ".html" if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered else ".xml"
    return ".txt"


def read(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> SourceText:
    """Read one file. Raises ReadError naming the file (as `path_shown` prints it) and the problem; LimitError when
    the file or its text is larger than `limits` allows.

    >>> read("no/such/file.txt")
    Traceback (most recent call last):
    ...
    kgraph.errors.ReadError: no/such/file.txt: no such file
    """
    shown = path_shown(path)
    path = Path(path)
    reader = reader_for(path, shown) if path.is_file() else None
    data = _read_bytes(path, shown, limits.file_bytes)
    if not data:
        raise ReadError(shown, "empty file")
    assert reader is not None  # _read_bytes refuses all but regular files
    source = _valid_text(reader(data, shown, limits))
    if len(source.text) > limits.text_chars:
        raise exceeded(shown, f"{len(source.text):,} characters of text, more than {limits.text_chars:,}", "text_chars")
    return source


_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_text(source: SourceText) -> SourceText:
    """`source` with lone surrogates (a PDF font's ToUnicode map can name one) replaced by U+FFFD, one for one so
    that every span stays where it is: what is not Unicode text cannot be printed, written as UTF-8 or stored."""
    try:
        source.text.encode("utf-8")
    except UnicodeEncodeError:
        return replace(source, text=_SURROGATE.sub("\ufffd", source.text))
    return source


_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")


def _open(path: Path) -> int:
    # O_NONBLOCK: opening a named pipe must not wait for a writer; the file type is checked on what was opened.
    return os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))


def _read_bytes(path: Path, shown: str, limit: int) -> bytes:
    """The file's bytes, at most `limit` of them; only regular files are read (a FIFO would block, /dev/zero never
    ends)."""
    try:
        fd = _open(path)
    except FileNotFoundError:
        raise ReadError(shown, "no such file") from None
    except IsADirectoryError:
        raise ReadError(shown, "is a folder, not a file") from None
    except OSError as err:
        raise ReadError(shown, f"cannot be read: {err.strerror or err}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise ReadError(shown, "is a folder, not a file")
        raise ReadError(shown, f"is {_kind(mode)}, not a regular file; kgraph reads only regular files")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as err:
            raise ReadError(shown, f"cannot be read: {err.strerror or err}") from None
    if len(data) > limit:
        raise exceeded(shown, f"more than {megabytes(limit)} in the file", "file_bytes")
    return data


@dataclass(frozen=True, slots=True)
class Unread:
    """A path found but not read as a document, and why (one line)."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class Survey:
    """What `survey` found: the files to read, in order; what it skipped on purpose (reported, not failures); what
    it refused (unreadable folders, symbolic links out of the input folders: failures); and how many files of
    other types it passed over."""

    files: tuple[Path, ...]
    skipped: tuple[Unread, ...] = ()
    refused: tuple[Unread, ...] = ()
    ignored: int = 0


def survey(paths: Iterable[Path | str], *, follow_symlinks: bool = False) -> Survey:
    """Files to read: each path given that is not a folder (even with an unsupported suffix, so it gets an error
    line), and inside each folder every supported file, recursively, in sorted order, skipping hidden ones.

    Inside folders, names that are not documents (readme, manifest, license, notice, metadata, gold, changelog)
    and files that are not regular files are skipped and listed; a folder that cannot be listed is refused; a
    symbolic link whose target lies outside every folder given is refused, and one to a folder skipped, unless
    `follow_symlinks` (then each real folder is walked once). What is given by name is read as given.
    """
    given = [Path(path) for path in paths]
    roots = [path for path in given if _is_dir(path)]
    walk = _Walk(roots=roots, follow_symlinks=follow_symlinks)
    for path in given:
        if _is_dir(path):
            walk.folder(path)
        else:
            walk.files.append(path)
    return Survey(tuple(walk.files), tuple(walk.skipped), tuple(walk.refused), walk.ignored)


def discover(paths: Iterable[Path | str]) -> Iterator[Path]:
    """The files `survey` finds to read."""
    yield from survey(paths).files


@dataclass
class _Walk:
    """Folders walked depth first, in the order `sorted` gives paths (entries by name at each level)."""

    roots: list[Path]
    follow_symlinks: bool
    files: list[Path] = field(default_factory=list)
    skipped: list[Unread] = field(default_factory=list)
    refused: list[Unread] = field(default_factory=list)
    ignored: int = 0
    seen: set[tuple[int, int]] = field(default_factory=set)

    def folder(self, root: Path) -> None:
        todo: list[Path] = [root]  # folders and files still to visit, the next one last
        while todo:
            current = todo.pop()
            if not _is_dir(current):
                self._file(current)
                continue
            try:
                info = current.stat()
                with os.scandir(current) as listing:
                    names = sorted(entry.name for entry in listing)
            except OSError as err:
                self.refused.append(Unread(current, f"folder cannot be read: {err.strerror or err}"))
                continue
            if (info.st_dev, info.st_ino) in self.seen:  # a link back to a folder already walked
                continue
            self.seen.add((info.st_dev, info.st_ino))
            children = [current / name for name in names if not name.startswith(".")]
            todo.extend(reversed([child for child in children if self._may_enter(child)]))

    def _may_enter(self, path: Path) -> bool:
        """Whether to visit `path`, a folder entry: a symbolic link only when it stays inside the input folders."""
        if self.follow_symlinks or not path.is_symlink():
            return True
        if _is_dir(path):
            self.skipped.append(Unread(path, "is a symbolic link to a folder; pass --follow-symlinks to read it"))
            return False
        if not self._inside(path):
            self.refused.append(Unread(path, "is a symbolic link to a file outside the input folders; "
                                             "pass --follow-symlinks to read it"))
            return False
        return True

    def _inside(self, link: Path) -> bool:
        try:
            target = link.resolve(strict=True)
        except (OSError, RuntimeError):  # dangling, or a loop: reading it reports the problem
            return True
        for root in self.roots:
            real_root = root.resolve()
            if target == real_root or real_root in target.parents:
                return True
        return False

    def _file(self, found: Path) -> None:
        suffix = found.suffix.lower()
        if suffix not in _READERS or found.name.endswith(_NOT_DOCUMENTS):
            self.ignored += 1
            return
        if found.stem.lower() in _NOT_DOCUMENT_STEMS:
            self.skipped.append(Unread(found, f"is named like a {found.stem.lower()} file, not a document; not read"))
            return
        try:
            mode = found.stat().st_mode
        except OSError as err:
            self.refused.append(Unread(found, f"cannot be read: {err.strerror or err}"))
            return
        if not stat.S_ISREG(mode):
            self.skipped.append(Unread(found, f"is {_kind(mode)}, not a regular file; not read"))
            return
        self.files.append(found)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False
