"""A publication from officielebekendmakingen (KOOP), by its id: its metadata and its XML (or HTML, or PDF).

How: KOOP's SRU search service is asked for the record with that identifier; the record holds the
publication's metadata and the addresses of its manifestations (xml, html, pdf, metadata ...) in the FRBR
repository; then the XML manifestation is downloaded, else the HTML, else the PDF.

The formats followed here, and by the hand-built fixtures in tests/fixtures/fetch/:

- KOOP, "Handleiding SRU 2.0" and "Open data webservice van overheid.nl: handleiding voor het bevragen van de
  zoekdienst via SRU": the service at https://repository.overheid.nl/sru, operation searchRetrieve with a CQL
  query (indexes such as ``c.product-area`` and ``dt.identifier``), records in schema gzd: ``gzd:originalData``
  holds the metadata (``overheidwetgeving:meta`` with ``owmskern``, ``owmsmantel`` and ``tpmeta``: dcterms
  identifier, title, type, creator, date, available ...), ``gzd:enrichedData`` holds ``gzd:url``,
  ``gzd:preferredUrl`` and one ``gzd:itemUrl manifestation="..."`` per manifestation.
- OASIS, "searchRetrieve: Part 3. SRU 2.0" (http://docs.oasis-open.org/search-ws/searchRetrieve/v1.0/): the
  response element ``searchRetrieveResponse`` in namespace http://docs.oasis-open.org/ns/search-ws/sruResponse,
  with ``numberOfRecords``, ``records/record/recordData`` and ``diagnostics``.
- KOOP, "Gebruik repository" (https://repository.overheid.nl/frbr/meer-over): the work / expression /
  manifestation levels the itemUrls point into (.../officielepublicaties/<area>/<...>/<id>/1/xml/<id>.xml).
- Public clients of the same service, e.g. WetSuiteLeiden (knobs-dials/wetsuite-dev,
  src/wetsuite/datacollect/koop_repositories.py: base https://repository.overheid.nl/sru, query restricted to
  ``c.product-area==officielepublicaties``).

The human address of a publication, https://zoek.officielebekendmakingen.nl/<id>, is what kgraph mints as its
IRI (kgraph.mint.publication_iri); the record's ``gzd:preferredUrl`` gives it. That site is for people, so the
documented SRU service is the route for a program.

>>> publication_id("kst-36410-V-27"), publication_id("2024Z03568")
('kst-36410-V-27', None)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import ParseError, fromstring  # type: ignore[import-untyped]

from kgraph import identifiers
from kgraph.errors import FetchError, UsageError
from kgraph.fetch.http import HttpClient, Response, shown

SRU_ENDPOINT = "https://repository.overheid.nl/sru"
XML = "application/xml"

# The officielebekendmakingen ids kgraph fetches: the parliamentary papers questions and answers cite (Kamervragen
# kv-tk-2024Z03568, Aanhangsel ah-tk-20232024-1234, Kamerstukken kst-36410-V-27 and kst-33328-AI, Handelingen
# h-tk-20242025-87-15), in the grammars of kgraph.identifiers.
PUBLICATION_ID = identifiers.PARLIAMENTARY_PAPER
EXAMPLES = "kv-tk-2024Z03568, ah-tk-20232024-1234, kst-36410-V-27, h-tk-20242025-87-15"

# Where KOOP's records point their manifestations; nothing else is fetched for them.
KOOP_HOSTS = frozenset({"repository.overheid.nl", "zoek.officielebekendmakingen.nl", "officielebekendmakingen.nl"})

# Manifestations in order of preference, with the extension of the saved file.
MANIFESTATIONS = {"xml": ".xml", "html": ".html", "pdf": ".pdf"}


@dataclass(frozen=True)
class Publication:
    """A publication: metadata (element name -> values, in record order) and the bytes of one manifestation."""

    id: str
    metadata: dict[str, tuple[str, ...]]
    manifestation: str
    content_type: str
    content: bytes
    url: str
    preferred_url: str | None
    source: str

    def first(self, name: str) -> str | None:
        values = self.metadata.get(name, ())
        return values[0] if values else None

    def file_name(self) -> str:
        return self.id + MANIFESTATIONS.get(self.manifestation, ".bin")

    def metadata_json(self) -> str:
        record: dict[str, Any] = {
            "id": self.id, "preferred_url": self.preferred_url, "manifestation": self.manifestation,
            "url": self.url, "source": self.source, "metadata": {k: list(v) for k, v in self.metadata.items()},
        }
        return json.dumps(record, ensure_ascii=False, indent=1) + "\n"

    def lines(self) -> list[str]:
        return [
            f"publication {self.id}",
            f"title       {self.first('title') or '-'}",
            f"type        {self.first('type') or '-'}",
            f"date        {self.first('date') or self.first('available') or '-'}",
            f"file        {self.manifestation} ({len(self.content)} bytes)",
        ]


def publication_id(text: str) -> str | None:
    """`text` stripped when it is a publication id kgraph knows, else None."""
    candidate = text.strip()
    return candidate if identifiers.is_parliamentary_paper(candidate) else None


def search_url(koop_id: str) -> str:
    """The SRU searchRetrieve request for one identifier.

    >>> search_url("kv-tk-2024Z03568")
    'https://repository.overheid.nl/sru?operation=searchRetrieve&version=2.0&recordSchema=gzd&maximumRecords=1&query=c.product-area%3D%3Dofficielepublicaties%20AND%20dt.identifier%3D%3D%22kv-tk-2024Z03568%22'
    """
    query = f'c.product-area==officielepublicaties AND dt.identifier=="{koop_id}"'
    params = {"operation": "searchRetrieve", "version": "2.0", "recordSchema": "gzd", "maximumRecords": "1",
              "query": query}
    return SRU_ENDPOINT + "?" + urlencode(params, quote_via=quote)


def fetch_publication(koop_id: str, client: HttpClient) -> Publication:
    """Read the publication `koop_id`: its SRU record, then its XML (else HTML, else PDF) manifestation.

    Raises UsageError for an id kgraph does not know, FetchError when it does not exist or a download fails.
    """
    canonical = publication_id(koop_id)
    if canonical is None:
        raise UsageError(f"not an officielebekendmakingen id kgraph can fetch: {koop_id!r}; expected e.g. {EXAMPLES}")
    url = search_url(canonical)
    record = _record(client.get(url, accept=XML), canonical)
    if record is None:
        raise FetchError(f"no such publication {canonical}: the officielebekendmakingen search service has no record "
                         f"with that id ({url})", url=url)
    metadata, items, main_url, preferred = record
    choice = next(((name, items[name]) for name in MANIFESTATIONS if name in items), None)
    if choice is None and main_url:
        choice = ("xml", main_url)  # gzd:url is the main (XML) manifestation when no itemUrls are listed
    if choice is None:
        listed = ", ".join(sorted(items)) or "none"
        raise FetchError(f"{canonical}: the record lists no xml, html or pdf manifestation (listed: {listed})", url=url)
    manifestation, address = choice
    if not _koop_address(address):
        raise FetchError(f"{canonical}: the record points the {manifestation} outside KOOP's repository "
                         f"({shown(address)}); not fetched", url=url)
    response = client.get(address)
    return Publication(canonical, metadata, manifestation, response.content_type, response.body, address, preferred,
                       source=url)


Record = tuple[dict[str, tuple[str, ...]], dict[str, str], str | None, str | None]


def _record(response: Response, koop_id: str) -> Record | None:
    """The metadata, manifestation addresses, main URL and preferred URL of the record for `koop_id`."""
    try:
        root = fromstring(response.body)
    except (ParseError, DefusedXmlException) as err:
        raise FetchError(f"{response.url}: the search service's answer is not XML ({err})", url=response.url) from None
    if _local(root.tag) != "searchRetrieveResponse":
        raise FetchError(f"{response.url}: expected an SRU searchRetrieveResponse, got <{_local(root.tag)}>",
                         url=response.url)
    for diagnostic in _descendants(root, "diagnostic"):
        message = next((d.text for d in _descendants(diagnostic, "message") if d.text), "no message")
        raise FetchError(f"{response.url}: the search service refused the query: {message}", url=response.url)
    for data in _descendants(root, "recordData"):
        original = next(_descendants(data, "originalData"), None)
        enriched = next(_descendants(data, "enrichedData"), None)
        if original is None:
            continue
        metadata = _metadata(original)
        if koop_id not in metadata.get("identifier", ()):
            continue
        items: dict[str, str] = {}
        main_url = preferred = None
        if enriched is not None:
            for element in enriched:
                name, text = _local(element.tag), (element.text or "").strip()
                if name == "itemUrl" and text:
                    items.setdefault(element.get("manifestation", ""), text)
                elif name == "url" and text:
                    main_url = text
                elif name == "preferredUrl" and text:
                    preferred = text
        return metadata, items, main_url, preferred
    return None


def _koop_address(address: str) -> bool:
    """Whether a manifestation's address is KOOP's (https://repository.overheid.nl/frbr/…): a record is data
    from a server, and what it points to is downloaded and saved.

    >>> _koop_address("https://repository.overheid.nl/frbr/officielepublicaties/kv/tk/x/1/xml/x.xml")
    True
    >>> _koop_address("file:///etc/passwd"), _koop_address("https://repository.overheid.nl.evil.example/x")
    (False, False)
    """
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    return parts.scheme in ("https", "http") and (host in KOOP_HOSTS or host.endswith(".overheid.nl"))


def _metadata(original: Element) -> dict[str, tuple[str, ...]]:
    """Every leaf element with text, by local name (dcterms:title -> "title"), values in document order."""
    metadata: dict[str, list[str]] = {}
    for element in original.iter():
        text = (element.text or "").strip()
        if len(element) == 0 and text:
            metadata.setdefault(_local(element.tag), []).append(text)
    return {name: tuple(values) for name, values in metadata.items()}


def _descendants(element: Element, local_name: str) -> Iterator[Element]:
    return (e for e in element.iter() if _local(e.tag) == local_name)


def _local(tag: str) -> str:
    """An element's name without its namespace.

    >>> _local("{http://purl.org/dc/terms/}title")
    'title'
    """
    return tag.rpartition("}")[2]
