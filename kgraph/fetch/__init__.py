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

from dataclasses import dataclass
from typing import Literal

from kgraph.errors import UsageError
from kgraph.fetch.http import DEFAULT_CACHE, DEFAULT_INTERVAL, Cache, HttpClient, Network, Response
from kgraph.fetch.koop import EXAMPLES, Publication, fetch_publication, publication_id
from kgraph.fetch.tkapi import TkCase, fetch_case, fetch_files, zaak_number

__all__ = [
    "DEFAULT_CACHE", "DEFAULT_INTERVAL", "Cache", "Fetched", "HttpClient", "Network", "Publication", "Response",
    "TkCase", "fetch", "identify",
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
        files = {f"{case.nummer}.json": case.to_json().encode("utf-8")}
        downloaded, missing = fetch_files(case, client)
        for file in downloaded:
            files[f"{case.nummer}/{file.document.file_name()}"] = file.data
        return Fetched(canonical, tuple(case.lines() + [f"missing     {note}" for note in missing]), files)
    publication = fetch_publication(canonical, client)
    files = {publication.file_name(): publication.content,
             f"{publication.id}.json": publication.metadata_json().encode("utf-8")}
    return Fetched(canonical, tuple(publication.lines()), files)
