"""Cited sources: each footnote URL with the publisher, date and title of *its own* citation, or none.

A note can cite several pages ("2023 Annual report: https://…, Staff working document: https://…"); each URL's
citation is the text between the previous URL (or the note's start) and it. Only that text gives the page's
date and headline, and a headline only in the convention notes follow: "Publisher, date, headline" (quoted or
not) or a citation that is nothing but a quoted title. A quote inside other prose ("Te raadplegen via … met
zoekopdracht «…»", "(The «Common Approaches»)") is no headline.

The publisher comes from the page's registered domain when the table (kgraph/data/publishers.csv) knows it,
except on a publisher's asset host (bijlagen.nos.nl holds documents NOS links to, such as an Erasmus MC report:
not NOS's own pages); otherwise from the citation's leading name when that name plausibly owns the domain
("Medisch Contact, …" at medischcontact.nl).

Addresses are checked before they become nodes: a misprinted scheme ("ttps://") or a host that is no host name is
a warning, and no node; tracking parameters (utm_*, fbclid …) and text fragments (#:~:text=) are left out of the
page's IRI (`kgraph.mint.page_iri`), the printed form is kept.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from kgraph.extract.dates import parse_date
from kgraph.extract.patterns import DATE
from kgraph.link.model import CitedSource, EntityLink
from kgraph.link.tables import key, rows
from kgraph.mint import Minter, malformed_url, page_iri
from kgraph.model import CitedUrl, Document, Footnote

DOMAIN_RULE = "publisher table (domain)"
NOTE_RULE = "note text"
NOTE_CONFIDENCE = 0.8

# A citation that starts with a name: "NOS, …", "The Guardian, …"; not with a date, a number or a sentence.
_LEADING_NAME = re.compile(r"^(?P<name>[A-Z][\w&'.-]*(?:\s+[\w&'.-]+){0,4}?)\s*,\s*(?=\d|\w)")
_NOT_A_NAME = re.compile(r"\d|^(?:Zie|In|Het|De|Een|Op|Bij|Te)\b|Kamerstuk|Handelingen|Aanhangsel|https?:|www\.")
# Hosts where a site keeps files it links to, not pages it publishes: "bijlagen.nos.nl", "static.example.com".
_ASSET_HOST = re.compile(r"^(?:bijlagen|bijlage|static|assets?|cdn\d*|media|files?|img|images?|downloads?|content)\.")
_DATE_AT_START = re.compile(rf"^\s*{DATE}", re.IGNORECASE)
# Quotes a headline is printed in, outermost pair: «…», ‘…’, “…”, ''…'', "…".
_QUOTES = (("«", "»"), ("‘", "’"), ("“", "”"), ("''", "''"), ('"', '"'), ("'", "'"))
_EDGE = " \t\n,;:.(["
# A word a line break hyphenated: "Zorgak- koord" (not "zorg- en welzijn").
_HYPHENATED = re.compile(r"(?<=[a-zà-ÿ])- (?!(?:en|of|tot|t/m)\b)(?=[a-zà-ÿ])")


@functools.cache
def _publishers() -> dict[str, str]:
    return {row["domain"].lower(): row["publisher"] for row in rows("publishers.csv", ("domain", "publisher"))}


def _host(url: str) -> str:
    return (urlsplit(url if "://" in url else "http://" + url).hostname or "").lower()


def publisher_of(url: str, note_text: str, minter: Minter) -> EntityLink | None:
    """The publisher of a cited URL: by its domain, else by the citation's leading name.

    >>> publisher_of("https://www.theguardian.com/world/x", "The Guardian, 6 augustus 2025", Minter()).label
    'The Guardian'
    >>> publisher_of("https://www.medischcontact.nl/x", "Medisch Contact, 11 januari 2024", Minter()).rule
    'note text'
    >>> publisher_of("https://bijlagen.nos.nl/a.pdf", "Erasmus MC, rapport", Minter()) is None
    True
    """
    host = _host(url)
    domain = host.removeprefix("www.")
    if not _ASSET_HOST.match(domain):
        parts = domain.split(".")
        for start in range(len(parts) - 1):
            name = _publishers().get(".".join(parts[start:]))
            if name:
                return EntityLink(str(minter.publisher(name)), name, DOMAIN_RULE)
    leading = _LEADING_NAME.match(note_text.strip())
    if leading and not _NOT_A_NAME.search(leading["name"]) and _owns(leading["name"], domain):
        name = leading["name"]
        return EntityLink(str(minter.publisher(name)), name, NOTE_RULE, NOTE_CONFIDENCE)
    return None


def _owns(name: str, domain: str) -> bool:
    """Whether a name from a note plausibly publishes at `domain` ("Medisch Contact" at medischcontact.nl,
    "Inspectie Gezondheidszorg en Jeugd" at igj.nl), so a note that names one source and links another
    ("Trouw, … https://www.nationaleombudsman.nl/…") gets no publisher rather than a wrong one. An asset host
    is owned by nobody the note names.

    >>> _owns("Inspectie Gezondheidszorg en Jeugd", "igj.nl"), _owns("Trouw", "nationaleombudsman.nl")
    (True, False)
    """
    if _ASSET_HOST.match(domain):
        return False
    site = key(domain.rsplit(".", 1)[0])
    words = [key(word) for word in name.split()]
    if any(len(word) >= 4 and word in site for word in words):
        return True
    initials = "".join(word[0] for word in name.split() if word[:1].isupper())
    return len(initials) >= 2 and key(initials) == site.split(".")[-1]


def citation_texts(note: Footnote) -> Iterator[tuple[CitedUrl, str]]:
    """Each URL of the note with the text of its own citation: from the end of the previous printed URL to the
    start of this one. A page only a hyperlink names has the whole note when it is the note's only page.

    >>> from kgraph.model import Span
    >>> note = Footnote("1", "2023 Annual report: https://a.eu/x, Staff working document: https://a.eu/y", Span(0, 1),
    ...                 (CitedUrl("https://a.eu/x", "https://a.eu/x"), CitedUrl("https://a.eu/y", "https://a.eu/y")))
    >>> [text for _, text in citation_texts(note)]
    ['2023 Annual report: ', ', Staff working document: ']
    """
    cursor = 0
    for url in note.cited_urls:
        if url.printed is None:
            yield url, note.text if len(note.cited_urls) == 1 else ""
            continue
        at = note.text.find(url.printed, cursor)
        if at < 0:
            yield url, ""
            continue
        yield url, note.text[cursor:at]
        cursor = at + len(url.printed)


def _parts(text: str) -> list[str]:
    """The citation split at commas outside quotes and brackets."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    opening, closing = "«“‘([", "»”’)]"
    for char in text:
        if char in opening:
            depth += 1
        elif char in closing:
            depth = max(0, depth - 1)
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts]


def _unquoted(text: str) -> str | None:
    """The inside of a text that is wholly one quotation, else None."""
    for left, right in _QUOTES:
        if len(text) > len(left) + len(right) and text.startswith(left) and text.endswith(right):
            inner = text[len(left):-len(right)].strip()
            # '«A» en «B»' is two quotations, not one.
            if left != right and left in inner and inner.count(left) > inner.count(right):
                return None
            return inner or None
    return None


def read_citation(text: str) -> tuple[str | None, dt.date | None, str | None]:
    """(leading name, date, headline) of one citation's text, each None when the citation does not give it.

    >>> read_citation("NOS, 29 oktober 2024, Meer ziekenhuizen in financiële problemen, bedreigt uitvoering Zorgak- koord, ")
    ('NOS', datetime.date(2024, 10, 29), 'Meer ziekenhuizen in financiële problemen, bedreigt uitvoering Zorgakkoord')
    >>> read_citation("Te raadplegen via: ")
    (None, None, None)
    >>> read_citation("Kinderombudsman, 27 juni 2023, «De crisis voorbij», ")[2]
    'De crisis voorbij'
    """
    parts = [part for part in _parts(text.strip(_EDGE)) if part.strip(_EDGE)]
    name = None
    if len(parts) > 1 and not _NOT_A_NAME.search(parts[0]) and _LEADING_NAME.match(parts[0] + ", x"):
        name = parts.pop(0)
    day, rest = None, []
    for part in parts:
        match = _DATE_AT_START.match(part)
        if day is None and match:
            day = parse_date(match)
            tail = part[match.end():].strip(_EDGE + ")")
            if tail:
                rest.append(tail)
        else:
            rest.append(part)
    headline = None
    joined = _HYPHENATED.sub("", ", ".join(rest).strip(_EDGE).rstrip("(").strip(_EDGE))
    if joined:
        quoted = _unquoted(joined.rstrip("."))
        if quoted is not None and (day is not None or len(rest) == 1):
            headline = quoted
        elif day is not None and not _looks_like_prose(joined):
            headline = joined
    return name, day, headline


def _looks_like_prose(text: str) -> bool:
    """Text that is a sentence about the source rather than its title."""
    return bool(re.search(r"\b(?:te raadplegen|is hier te vinden|zie ook|beschikbaar via|via)\b", text, re.IGNORECASE))


def cited_sources(doc: Document, minter: Minter, *, linked: bool = True) -> tuple[tuple[CitedSource, ...], tuple[str, ...]]:
    """One `CitedSource` per well-formed URL per footnote, in document order, and a warning for each malformed
    one. Without `linked` (the null linker) the pages carry no publisher, date or title."""
    sources, warnings = [], []
    for note in doc.footnotes:
        for url, text in citation_texts(note):
            problem = malformed_url(url.printed or url.iri)
            if problem:
                warnings.append(f"footnote {note.number}: {url.printed or url.iri!r} is not a web address ({problem}); not linked")
                continue
            iri = str(page_iri(url.iri))
            if not linked:
                sources.append(CitedSource(iri, note.number, None, None, None, url.printed))
                continue
            name, day, headline = read_citation(text)
            publisher = publisher_of(url.iri, text, minter)
            sources.append(CitedSource(iri, note.number, publisher, day, headline, url.printed))
    return tuple(sources), tuple(warnings)
