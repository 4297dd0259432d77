"""Cited sources: each footnote URL with its publisher, date and title, as the note prints them.

The publisher comes from the URL's domain when the table (kgraph/data/publishers.csv) knows it, otherwise from
the note's first phrase when that reads like a name ("Binnenlands Bestuur, 19 mei 2025, …").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from urllib.parse import urlsplit

from kgraph.extract.dates import parse_date
from kgraph.extract.patterns import DATE
from kgraph.link.model import CitedSource, EntityLink
from kgraph.link.tables import key, rows
from kgraph.mint import Minter
from kgraph.model import CitedUrl, Document, Footnote

_TITLE = re.compile(r"«\s*(?P<a>[^»]+?)\s*»|‘(?P<b>[^’]+)’|“(?P<c>[^”]+)”|''(?P<d>.+?)''|\"(?P<e>[^\"]+)\"")
# A note that starts with a name: "NOS, …", "The Guardian, …"; not with a date, a number or a sentence.
_LEADING_NAME = re.compile(r"^(?P<name>[A-Z][\w&'.-]*(?:\s+[\w&'.-]+){0,4}?)\s*,\s*(?=\d|\w)")
_NOT_A_NAME = re.compile(r"\d|^(?:Zie|In|Het|De|Een|Op|Bij)\b|Kamerstuk|Handelingen|Aanhangsel|https?:|www\.")


@functools.cache
def _publishers() -> dict[str, str]:
    return {row["domain"].lower(): row["publisher"] for row in rows("publishers.csv", ("domain", "publisher"))}


def _domain(url: str) -> str:
    host = urlsplit(url if "://" in url else "http://" + url).hostname or ""
    return host.lower().removeprefix("www.")


def publisher_of(url: str, note_text: str, minter: Minter) -> EntityLink | None:
    """The publisher of a cited URL: by its domain, else by the note's leading name.

    >>> publisher_of("https://www.theguardian.com/world/x", "The Guardian, 6 augustus 2025", Minter()).label
    'The Guardian'
    >>> publisher_of("https://www.medischcontact.nl/x", "Medisch Contact, 11 januari 2024", Minter()).rule
    'note text'
    """
    domain = _domain(url)
    parts = domain.split(".")
    for start in range(len(parts) - 1):
        name = _publishers().get(".".join(parts[start:]))
        if name:
            return EntityLink(str(minter.publisher(name)), name, "publisher table (domain)")
    leading = _LEADING_NAME.match(note_text)
    if leading and not _NOT_A_NAME.search(leading["name"]) and _owns(leading["name"], domain):
        name = leading["name"]
        return EntityLink(str(minter.publisher(name)), name, "note text", 0.8)
    return None


def _owns(name: str, domain: str) -> bool:
    """Whether a name from a note plausibly publishes at `domain` ("Medisch Contact" at medischcontact.nl,
    "Inspectie Gezondheidszorg en Jeugd" at igj.nl), so a note that names one source and links another
    ("Trouw, … https://www.nationaleombudsman.nl/…") gets no publisher rather than a wrong one.

    >>> _owns("Inspectie Gezondheidszorg en Jeugd", "igj.nl"), _owns("Trouw", "nationaleombudsman.nl")
    (True, False)
    """
    site = key(domain.rsplit(".", 1)[0])
    words = [key(word) for word in name.split()]
    if any(len(word) >= 4 and word in site for word in words):
        return True
    initials = "".join(word[0] for word in name.split() if word[:1].isupper())
    return len(initials) >= 2 and key(initials) == site.split(".")[-1]


def _date(text: str) -> dt.date | None:
    match = re.search(DATE, text, re.IGNORECASE)
    return parse_date(match) if match else None


def _title(text: str) -> str | None:
    match = _TITLE.search(text)
    if not match:
        return None
    return next(group for group in match.groups() if group).strip() or None


def cited_sources(doc: Document, minter: Minter) -> tuple[CitedSource, ...]:
    """One `CitedSource` per URL per footnote, in document order."""
    return tuple(_cited(note, url, minter) for note in doc.footnotes for url in note.cited_urls)


def _cited(note: Footnote, url: CitedUrl, minter: Minter) -> CitedSource:
    return CitedSource(url=url.iri, footnote=note.number, publisher=publisher_of(url.iri, note.text, minter),
                       published=_date(note.text), title=_title(note.text), printed=url.printed)
