"""Fetch what kgraph reads from the public sources, for users with a network.

Two sources, one module each: `tkapi` reads a case (zaak) with its actors, documents and the documents' files
from the Tweede Kamer's OData API; `koop` reads a publication (kv-tk-..., ah-tk-..., kst-..., h-tk-...) from
officielebekendmakingen through KOOP's SRU service. Both download through `http.HttpClient`, which waits
between requests, retries when asked to, caches, and turns every failure into one `FetchError` line.

The public verb is `fetch`: one identifier in, a `Fetched` out (a summary and the files to save).

>>> identify("2024z03568"), identify("kv-tk-2024Z03568")
(('zaak', '2024Z03568'), ('publication', 'kv-tk-2024Z03568'))
>>> identify("Z03568")
Traceback (most recent call last):
...
kgraph.errors.UsageError: not a zaak number or publication id: 'Z03568'; expected a zaak number (2024Z03568) or one of kv-tk-2024Z03568, ah-tk-20232024-1234, kst-36410-V-27, h-tk-20242025-87-15
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from kgraph.atomic import write_atomically
from kgraph.errors import FetchError, UsageError
from kgraph.fetch.http import DEFAULT_CACHE, DEFAULT_INTERVAL, Cache, HttpClient, Network, Response, printable, shown
from kgraph.fetch.koop import EXAMPLES, Publication, fetch_publication, publication_id
from kgraph.fetch.tkapi import TkCase, fetch_case, fetch_files, zaak_number

__all__ = [
    "DEFAULT_CACHE", "DEFAULT_INTERVAL", "Cache", "Fetched", "HttpClient", "Network", "Publication", "Response",
    "TkCase", "fetch", "identify", "save",
]

Kind = Literal["zaak", "publication"]


@dataclass(frozen=True)
class Fetched:
    """What one identifier gave: a summary for people and files (relative name -> bytes) to save."""

    identifier: str
    summary: tuple[str, ...]
    files: dict[str, bytes]


def identify(identifier: str) -> tuple[Kind, str]:
    """Which source `identifier` belongs to, and its canonical form. UsageError when neither."""
    nummer = zaak_number(identifier)
    if nummer is not None:
        return "zaak", nummer
    koop_id = publication_id(identifier)
    if koop_id is not None:
        return "publication", koop_id
    raise UsageError(f"not a zaak number or publication id: {identifier!r}; "
                     f"expected a zaak number (2024Z03568) or one of {EXAMPLES}")


def fetch(identifier: str, client: HttpClient) -> Fetched:
    """Fetch a case (with its documents' files) or a publication.

    A case gives ``<nummer>.json`` and ``<nummer>/<document file>``; a publication gives ``<id>.xml`` (or
    .html, .pdf) and ``<id>.json`` with its metadata.
    """
    kind, canonical = identify(identifier)
    if kind == "zaak":
        case = fetch_case(canonical, client)
        # Named by the number that was asked for and checked, never by what the server wrote.
        files = {f"{canonical}.json": case.to_json().encode("utf-8")}
        downloaded, missing = fetch_files(case, client)
        for file in downloaded:
            files[f"{canonical}/{file.document.file_name()}"] = file.data
        lines = case.lines() + [f"missing     {note}" for note in missing]
    else:
        publication = fetch_publication(canonical, client)
        files = {publication.file_name(): publication.content,  # the id is the one asked for, checked
                 f"{publication.id}.json": publication.metadata_json().encode("utf-8")}
        lines = publication.lines()
    # The summary holds the server's words: no terminal escapes from it reach the user's terminal.
    return Fetched(canonical, tuple(printable(line) for line in lines), files)


# A file name kgraph writes under --out: an identifier (2024Z03568, kv-tk-2024Z03568, a GUID) and an extension.
_SAFE_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def save(fetched: Fetched, out_dir: Path) -> list[Path]:
    """Write `fetched`'s files under `out_dir`, each atomically, and return their paths.

    The names come from identifiers a server sent (checked against their grammars where they are made); this
    is the last check, in one place: a name must be relative, of plain parts, and land inside `out_dir` once
    links are followed, or nothing of `fetched` is written (FetchError).

    >>> import tempfile
    >>> save(Fetched("x", (), {"../../escaped-zaak.json": b"{}"}), Path(tempfile.mkdtemp()))
    Traceback (most recent call last):
    ...
    kgraph.errors.FetchError: x: refused to write '../../escaped-zaak.json': a file name must be plain parts under --out
    """
    targets = [(_target(fetched.identifier, out_dir, name), data) for name, data in fetched.files.items()]
    written = []
    for path, data in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not _inside(path, out_dir):  # a link inside --out pointing elsewhere
            raise FetchError(f"{fetched.identifier}: refused to write {shown(str(path))}: it leads outside --out")
        write_atomically(path, data)
        written.append(path)
    return written


def _target(identifier: str, out_dir: Path, name: str) -> Path:
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or not all(_SAFE_PART.fullmatch(part) for part in parts):
        raise FetchError(f"{identifier}: refused to write {shown(name)}: a file name must be plain parts under --out")
    path = out_dir.joinpath(*parts)
    if not _inside(path, out_dir):
        raise FetchError(f"{identifier}: refused to write {shown(name)}: it leads outside --out")
    return path


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())
