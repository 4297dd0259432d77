"""A case (zaak) of the Tweede Kamer, read from its open-data OData API: the case, its actors, its documents.

The formats followed here, and by the hand-built fixtures in tests/fixtures/fetch/:

- Tweede Kamer, "OData API" (https://opendata.tweedekamer.nl/documentatie/odata-api): the service lives at
  https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/, answers in JSON, addresses one entity as
  ``Entity(<Id>)`` and a document's file as ``Document(<Id>)/resource``.
- Tweede Kamer, "Informatiemodel" (https://opendata.tweedekamer.nl/documentatie/informatiemodel-20): Zaak
  expands to ZaakActor and Document.
- OASIS, "OData JSON Format Version 4.0" (https://docs.oasis-open.org/odata/odata-json-format/v4.0/): a
  collection is ``{"@odata.context": ..., "value": [...], "@odata.nextLink": ...}``, an expanded collection may
  carry ``"<Navigation>@odata.nextLink"``, errors are ``{"error": {"code": ..., "message": ...}}``. OASIS issue
  ODATA-402: any collection, expanded ones too, may come in parts with a next link, and clients must follow it.
- openkamer/tkapi (tkapi/tkapi.py, tkapi/zaak.py): a client of the same API that filters ``Nummer eq '...'``
  and ``Verwijderd eq false``, follows ``@odata.nextLink``, treats 204 and 404 as "does not exist", and names the
  ZaakActor relations Indiener, Medeindiener, Gericht aan, Rapporteur, Volgcommissie, Voortouwcommissie. Field
  names (Nummer, Soort, Titel, Onderwerp, GestartOp, Vergaderjaar, Afgedaan; ActorNaam, ActorFractie, Functie,
  Relatie, Persoon_Id; DocumentNummer, Datum, ContentType) are those of the API's entity types.

>>> case_url("2024Z03568")
"https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Zaak?$filter=Nummer%20eq%20'2024Z03568'%20and%20Verwijderd%20eq%20false&$expand=ZaakActor,Document"
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import quote, urlencode, urljoin

from kgraph import identifiers
from kgraph.errors import FetchError, UsageError
from kgraph.fetch.http import HttpClient, Response, printable, redact, shown

ODATA_BASE = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"
JSON = "application/json"

# A zaak number: year, "Z", five digits (2024Z03568).
ZAAK_NUMBER = identifiers.ZAAK_NUMBER
# Entity ids are GUIDs; anything else in a payload is not used to build a URL.
GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

# ZaakActor.Relatie values (openkamer/tkapi ZaakActorRelatieSoort).
ASKERS = ("Indiener", "Medeindiener")
ADDRESSEE = "Gericht aan"

# Document.ContentType -> file extension; a fixed table, since mimetypes depends on the machine's mime.types.
EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "text/html": ".html",
    "text/plain": ".txt",
}

# tkapi treats both as "the item does not exist".
NOT_FOUND = (204, 404)
# A server that keeps sending next links is not followed forever.
MAX_PAGES = 200


@dataclass(frozen=True)
class TkActor:
    """A ZaakActor: who relates to the case and how."""

    relation: str | None
    name: str | None
    fraction: str | None = None
    function: str | None = None
    person_id: str | None = None

    def label(self) -> str:
        """The name with the party (or, for a minister, the function).

        >>> TkActor("Indiener", "S. Mutluer", "GroenLinks-PvdA").label()
        'S. Mutluer (GroenLinks-PvdA)'
        """
        extra = self.fraction or self.function
        name = self.name or "?"
        return f"{name} ({extra})" if extra else name


@dataclass(frozen=True)
class TkDocument:
    """A Document of the case, with the address of its file when it has one."""

    id: str
    soort: str | None
    nummer: str | None
    titel: str | None
    onderwerp: str | None
    datum: str | None
    content_type: str | None
    resource_url: str | None

    def file_name(self) -> str:
        """Name for the document's file: its number (else its id, a GUID) and an extension from its content type.
        Both come from the server and become a file name, so each is used only when it fits its grammar
        (kgraph.identifiers: 2024D09116).

        >>> TkDocument("00000000-0000-4000-8000-0000000000d1", None, "../../x", None, None, None, "text/xml", None).file_name()
        '00000000-0000-4000-8000-0000000000d1.xml'
        """
        stem = self.nummer if self.nummer and identifiers.is_document_number(self.nummer) else self.id
        assert GUID.fullmatch(stem) or identifiers.is_document_number(stem), stem
        return stem + EXTENSIONS.get((self.content_type or "").split(";")[0].strip().lower(), ".bin")


@dataclass(frozen=True)
class TkCase:
    """A Zaak with its actors and documents. Dates are kept as the API gives them (ISO 8601 with offset)."""

    nummer: str
    id: str
    soort: str | None
    titel: str | None
    onderwerp: str | None
    gestart_op: str | None
    vergaderjaar: str | None
    afgedaan: bool | None
    actors: tuple[TkActor, ...]
    documents: tuple[TkDocument, ...]
    source: str

    def askers(self) -> list[TkActor]:
        """Indiener first, then the Medeindieners."""
        return sorted((a for a in self.actors if a.relation in ASKERS), key=lambda a: ASKERS.index(a.relation or ""))

    def addressees(self) -> list[TkActor]:
        return [a for a in self.actors if a.relation == ADDRESSEE]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1) + "\n"

    def lines(self) -> list[str]:
        """A short human summary."""
        addressees = "; ".join(f"{a.name}, {a.function}" if a.name and a.function else a.label()
                               for a in self.addressees())
        lines = [
            f"zaak        {self.nummer}" + (f"  ({self.soort})" if self.soort else ""),
            f"onderwerp   {self.onderwerp or '-'}",
            f"gestartOp   {(self.gestart_op or '-')[:10]}",
            f"indieners   {'; '.join(a.label() for a in self.askers()) or '-'}",
            f"gericht aan {addressees or '-'}",
        ]
        for position, document in enumerate(self.documents):
            label = "documents" if position == 0 else ""
            parts = [document.nummer or document.id, document.soort or "", (document.datum or "")[:10]]
            lines.append(f"{label:<12}" + "  ".join(part for part in parts if part))
        if not self.documents:
            lines.append("documents   -")
        return lines


@dataclass(frozen=True)
class DocumentFile:
    """The file behind a document (Document(<Id>)/resource)."""

    document: TkDocument
    content_type: str
    data: bytes


def zaak_number(text: str) -> str | None:
    """The zaak number in canonical form, or None when `text` is not one.

    >>> zaak_number(" 2024z03568 "), zaak_number("kv-tk-2024Z03568")
    ('2024Z03568', None)
    """
    return identifiers.normalise_zaak_number(text)


def case_url(nummer: str) -> str:
    query = {"$filter": f"Nummer eq '{nummer}' and Verwijderd eq false", "$expand": "ZaakActor,Document"}
    return ODATA_BASE + "Zaak?" + urlencode(query, quote_via=quote, safe="$',")


def fetch_case(nummer: str, client: HttpClient) -> TkCase:
    """Read zaak `nummer` with its actors and documents (deleted ones left out), following next links.

    Raises UsageError for a malformed number, FetchError when the case does not exist or the download fails.
    """
    canonical = zaak_number(nummer)
    if canonical is None:
        raise UsageError(f"not a zaak number: {nummer!r}; expected a year, Z and five digits, e.g. 2024Z03568")
    url = case_url(canonical)
    try:
        cases = _collection(url, client)
    except FetchError as err:
        if err.status in NOT_FOUND:
            raise FetchError(f"no such zaak {canonical}: {url} answered {err.status}",
                             url=url, status=err.status) from None
        raise _with_odata_detail(err) from None
    if not cases:
        raise FetchError(f"no such zaak {canonical}: the Tweede Kamer API has no case with that number ({url})",
                         url=url)
    zaak = cases[0]  # Nummer identifies a case; a second match would be a duplicate record
    answered = _text(zaak, "Nummer")
    if answered is not None and identifiers.normalise_zaak_number(answered) != canonical:
        # The number names files under --out: only the one asked for (and checked) is used.
        raise FetchError(f"{url}: asked for zaak {canonical}, the API answered with another number "
                         f"({shown(answered)})", url=url)
    actors = [_actor(item) for item in _expanded(zaak, "ZaakActor", url, client)]
    documents = sorted((_document(item, url) for item in _expanded(zaak, "Document", url, client)),
                       key=lambda d: (d.datum or "", d.nummer or d.id))
    return TkCase(
        nummer=canonical,
        id=_text(zaak, "Id") or "",
        soort=_text(zaak, "Soort"),
        titel=_text(zaak, "Titel"),
        onderwerp=_text(zaak, "Onderwerp"),
        gestart_op=_text(zaak, "GestartOp"),
        vergaderjaar=_text(zaak, "Vergaderjaar"),
        afgedaan=zaak.get("Afgedaan") if isinstance(zaak.get("Afgedaan"), bool) else None,
        actors=tuple(actors),
        documents=tuple(documents),
        source=url,
    )


def fetch_files(case: TkCase, client: HttpClient) -> tuple[list[DocumentFile], list[str]]:
    """Download the file of every document that has one: the files, and a note for each file the API lacks.

    A file the API answers 404 for is noted and skipped, so the case and its other files are still saved;
    any other failure raises FetchError.
    """
    files, missing = [], []
    for document in case.documents:
        if document.resource_url is None:
            continue
        try:
            response = client.get(document.resource_url)
        except FetchError as err:
            if err.status in NOT_FOUND:
                missing.append(f"{document.nummer or document.id}: no file "
                               f"({document.resource_url} answered {err.status})")
                continue
            raise _with_odata_detail(err) from None
        files.append(DocumentFile(document, response.content_type or document.content_type or "", response.body))
    return files, missing


def _collection(url: str, client: HttpClient) -> list[dict[str, Any]]:
    """Every item of an OData collection, page after page."""
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    next_url: str | None = url
    while next_url is not None:
        if next_url in seen or len(seen) >= MAX_PAGES:
            raise FetchError(f"{next_url}: the API keeps sending next links; stopped after {len(seen)} pages",
                             url=next_url)
        seen.add(next_url)
        page = _json(client.get(next_url, accept=JSON))
        value = page.get("value")
        if not isinstance(value, list):
            raise FetchError(f"{next_url}: the answer has no \"value\" list; not an OData collection", url=next_url)
        items.extend(_entities(value, next_url))
        next_url = _next_link(page.get("@odata.nextLink"), next_url)
    return items


def _expanded(entity: dict[str, Any], navigation: str, url: str, client: HttpClient) -> list[dict[str, Any]]:
    """An expanded collection of `entity`, with the rest of it when the server sent only a first part."""
    value = entity.get(navigation)
    items = _entities(value if isinstance(value, list) else [], url)
    rest = _next_link(entity.get(f"{navigation}@odata.nextLink"), url)
    if rest is not None:
        items.extend(_collection(rest, client))
    return [item for item in items if item.get("Verwijderd") is not True]


def _next_link(link: object, base: str) -> str | None:
    if link is None:
        return None
    # Next links may be relative to the answer they came in; only links into the same service are followed.
    absolute = urljoin(base, link) if isinstance(link, str) else ""
    if not absolute.startswith(ODATA_BASE):
        raise FetchError(f"{base}: the API sent a next link outside {ODATA_BASE}: {shown(link)}", url=base)
    return absolute


def _json(response: Response) -> dict[str, Any]:
    try:
        data = json.loads(response.body)
    except ValueError:
        raise FetchError(f"{response.url}: the answer is not JSON (content type {response.content_type or 'unknown'})",
                         url=response.url) from None
    if not isinstance(data, dict):
        raise FetchError(f"{response.url}: the answer is not a JSON object", url=response.url)
    return data


def _entities(value: list[Any], url: str) -> list[dict[str, Any]]:
    if not all(isinstance(item, dict) for item in value):
        raise FetchError(f"{url}: the answer's \"value\" holds something other than entities", url=url)
    return list(value)


def _actor(item: dict[str, Any]) -> TkActor:
    return TkActor(
        relation=_text(item, "Relatie"),
        name=_text(item, "ActorNaam"),
        fraction=_text(item, "ActorFractie"),
        function=_text(item, "Functie"),
        person_id=_text(item, "Persoon_Id"),
    )


def _document(item: dict[str, Any], url: str) -> TkDocument:
    identifier = _text(item, "Id")
    if identifier is None or not GUID.fullmatch(identifier):
        raise FetchError(f"{url}: a document without a valid Id ({identifier!r})", url=url)
    content_type = _text(item, "ContentType")
    return TkDocument(
        id=identifier,
        soort=_text(item, "Soort"),
        nummer=_text(item, "DocumentNummer"),
        titel=_text(item, "Titel"),
        onderwerp=_text(item, "Onderwerp"),
        datum=_text(item, "Datum"),
        content_type=content_type,
        # Only a document with a content type has a file behind it.
        resource_url=f"{ODATA_BASE}Document({identifier})/resource" if content_type else None,
    )


def _text(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    return value if isinstance(value, str) and value else None


def _with_odata_detail(err: FetchError) -> FetchError:
    """The same error, with the OData error message when the server sent one (OData JSON 4.0, section 19)."""
    try:
        message = json.loads(err.body)["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return err
    if not isinstance(message, str) or not message.strip() or _echoes_headers(message):
        return err
    return FetchError(f"{err}: {printable(redact(message))[:200]}", url=err.url, status=err.status, body=err.body)


def _echoes_headers(message: str) -> bool:
    """A message that repeats request headers is not quoted (kgraph sends no secrets, a proxy may add some).

    >>> _echoes_headers("Invalid query"), _echoes_headers("Headers: Authorization: Basic eDp5")
    (False, True)
    """
    lowered = message.lower()
    return any(name in lowered for name in ("authorization", "cookie", "user-agent:"))
