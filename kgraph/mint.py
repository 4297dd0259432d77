"""The one place where instance IRIs are built.

IRIs are deterministic: they come from real identifiers where the document prints one (officielebekendmakingen
ids, zaak numbers, BWB ids, URLs) and otherwise from the SHA-256 of the file's bytes and positions within it,
never from paths, clocks or counters across documents.

Publications and statutes get their public addresses as IRIs, so the graph links to the open web directly:
- officielebekendmakingen: https://zoek.officielebekendmakingen.nl/<id> (kst-…, ah-tk-…, kv-tk-…, h-tk-…)
- BWB statutes: https://wetten.overheid.nl/<BWB id>
- EU acts: ELI, http://data.europa.eu/eli/{reg|dir}/<year>/<number>/oj
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from rdflib import URIRef

from kgraph import identifiers
from kgraph.fold import ascii_fold
from kgraph.model import Document, Office, Span

DEFAULT_BASE = "https://w3id.org/kgraph/id/"
OFFICIELE_BEKENDMAKINGEN = "https://zoek.officielebekendmakingen.nl/"
WETTEN_OVERHEID = "https://wetten.overheid.nl/"
EU_ELI = identifiers.EU_ELI_BASE

# Characters RFC 3987 does not allow in an IRI; URLs from footnotes are escaped rather than rejected.
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


def slug(text: str) -> str:
    """Lower-case ASCII words joined by '-': 'Gabriëls' -> 'gabriels', 'Financiën – Fiscaliteit' -> 'financien-fiscaliteit'.

    >>> slug("Binnenlandse Zaken en Koninkrijksrelaties")
    'binnenlandse-zaken-en-koninkrijksrelaties'
    """
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-") or "x"


def safe_iri(url: str) -> URIRef:
    """A URL as printed, made a valid IRI by percent-encoding only what IRIs forbid.

    >>> str(safe_iri("https://example.org/a b"))
    'https://example.org/a%20b'
    """
    return URIRef(_IRI_UNSAFE.sub(lambda m: quote(m.group(0)), url))


# A URI scheme per RFC 3986 §3.1, without '.', so that 'www.nos.nl:8080/x' does not pass for one.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+-]*:")
# Non-ASCII characters outside RFC 3987's ucschar (C1 controls, surrogates, private use, non-characters), and
# Unicode white space such as U+00A0 (legal in an IRI, but rdflib's N-Triples reader stops an IRI at any `\s`).
_NOT_UCSCHAR = re.compile(
    "[\\s\x80-\x9f\ud800-\uf8ff\ufdd0-\ufdef\ufff0-\uffff"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 15))
    + "\U000f0000-\U0010ffff]"
)


# A scheme that lost its 'h' ("ttps://www.change.inc/…", dev corpus limburg/071): kept as printed, repaired here.
_CUT_SCHEME = re.compile(r"^ttps?://", re.IGNORECASE)


def scheme_supplied(url: str) -> bool:
    """Whether `web_iri` has to supply the scheme: the URL is printed without one, or with a damaged one.

    >>> scheme_supplied("www.nos.nl/x"), scheme_supplied("ttps://nos.nl/x"), scheme_supplied("http://nos.nl/x")
    (True, True, False)
    """
    return not _SCHEME.match(url) or bool(_CUT_SCHEME.match(url))


def web_iri(url: str) -> URIRef:
    """A footnote URL as an absolute IRI: `safe_iri`, with 'https://' put before URLs printed without a scheme and
    the non-ASCII characters an IRI may not hold percent-encoded too.

    Footnotes often print 'regiopurmerend.nl/2024/...' (see the dev corpus GOLD notes); a relative IRI would be
    resolved against whatever base a parser uses, so the scheme is added here, once. It is 'https://', not
    'http://': the sites footnotes cite serve HTTPS and notes that print a scheme print 'https://', so a page
    printed once with and once without its scheme is one node. `scheme_supplied` tells whether the scheme was
    added. Applied to its own result it changes nothing.

    >>> str(web_iri("nos.nl/artikel/1"))
    'https://nos.nl/artikel/1'
    >>> str(web_iri("https://nos.nl/a b\u00a0c"))
    'https://nos.nl/a%20b%C2%A0c'
    >>> str(web_iri("ttps://www.change.inc/x"))
    'https://www.change.inc/x'
    """
    if _CUT_SCHEME.match(url):
        url = "h" + url
    elif not _SCHEME.match(url):
        url = "https://" + url
    iri = safe_iri(url)
    return URIRef(_NOT_UCSCHAR.sub(lambda m: quote(m.group(0), errors="surrogatepass"), iri))


# Query parameters that say who shared a link or which campaign it came from, not which page it is.
_TRACKING = re.compile(r"^(?:utm_[a-z_]*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|_ga|_gl|cmp)$", re.IGNORECASE)
# A host name: labels of letters, digits and hyphens, and a top-level label of letters (RFC 1123, IDNs as printed).
_HOST = re.compile(r"^(?:[\w](?:[\w-]*[\w])?\.)+[^\W\d_]{2,}\.?(?::\d+)?$")


def malformed_url(printed: str) -> str | None:
    """Why a printed web address cannot be a page's IRI, or None when it can: a scheme that is not http(s) as
    printed ("ttps://", dev corpus limburg/071), or no host name. A URL without a scheme ("nos.nl/x") is fine.

    >>> malformed_url("ttps://www.change.inc/x"), malformed_url("www.nos.nl/x"), malformed_url("https://nos/x")
    ("scheme 'ttps' misprinted", None, 'no host name')
    """
    scheme = _SCHEME.match(printed)
    if scheme and scheme.group(0)[:-1].lower() not in ("http", "https"):
        return f"scheme {scheme.group(0)[:-1]!r} misprinted"
    address = printed if scheme else "https://" + printed
    try:
        host = urlsplit(address).netloc.rpartition("@")[2]
    except ValueError:
        return "no host name"
    if not _HOST.match(host):
        return "no host name"
    return None


def page_iri(url: str) -> URIRef:
    """The IRI of a cited page: `web_iri`, without tracking parameters (utm_*, fbclid …) and without a text
    fragment (#:~:text=…, which marks a passage, not a page).

    >>> str(page_iri("https://a.nl/x?utm_source=google&id=3#:~:text=Den%20Haag"))
    'https://a.nl/x?id=3'
    >>> str(page_iri("www.leidschdagblad.nl/cnt/dmf1?utm_source=google&utm_medium=organic"))
    'https://www.leidschdagblad.nl/cnt/dmf1'
    """
    iri = str(web_iri(url))
    base, hash_, fragment = iri.partition("#")
    if fragment.startswith(":~:"):
        hash_, fragment = "", ""
    head, question, query = base.partition("?")
    if question:
        kept = [pair for pair in query.split("&") if pair and not _TRACKING.match(pair.partition("=")[0])]
        base = head + ("?" + "&".join(kept) if kept else "")
    return URIRef(base + hash_ + fragment)


def publication_iri(koop_id: str) -> URIRef:
    """Public address of an officielebekendmakingen publication.

    >>> str(publication_iri("kst-36410-V-27"))
    'https://zoek.officielebekendmakingen.nl/kst-36410-V-27'
    """
    return URIRef(OFFICIELE_BEKENDMAKINGEN + quote(koop_id, safe="-"))


def statute_iri(identifier: str) -> URIRef:
    """BWB ids go to wetten.overheid.nl, CELEX numbers of regulations and directives to their ELI.

    >>> str(statute_iri("BWBR0001840"))
    'https://wetten.overheid.nl/BWBR0001840'
    >>> str(statute_iri("32022R2065"))
    'http://data.europa.eu/eli/reg/2022/2065/oj'
    """
    if identifiers.is_bwb_id(identifier):
        return URIRef(WETTEN_OVERHEID + identifier)
    eli = identifiers.eli_of_celex(identifier)
    if eli is None:
        raise ValueError(f"not a BWB id or CELEX number of a regulation or directive: {identifier!r}")
    return URIRef(eli.id)


def statute_article_iri(bwb_id: str, article: str) -> URIRef:
    """An article of a Dutch statute as a Juriconnect (JCI 1.3) reference, the form wetten.overheid.nl resolves.

    >>> str(statute_article_iri("BWBR0001840", "68"))
    'https://wetten.overheid.nl/jci1.3:c:BWBR0001840&artikel=68'
    """
    if not identifiers.is_bwb_id(bwb_id):
        raise ValueError(f"JCI references need a BWB id: {bwb_id!r}")
    return URIRef(f"{WETTEN_OVERHEID}jci1.3:c:{bwb_id}&artikel={quote(article, safe=':')}")


@dataclass(frozen=True, slots=True)
class Minter:
    """Builds every instance IRI under one configurable base."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not re.match(r"^https?://[^\s<>\"]+[/#]$", self.base):
            raise ValueError(f"base IRI must be an http(s) IRI ending in '/' or '#': {self.base!r}")

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(quote(p, safe="-_.") for p in parts))

    def document(self, doc: Document) -> URIRef:
        """The document itself; also the name of the graph that holds its triples."""
        if doc.koop_id:
            return self._iri("doc", doc.koop_id)
        return self._iri("doc", "sha256-" + doc.sha256[:16])

    def question(self, doc: Document, number: str) -> URIRef:
        return URIRef(f"{self.document(doc)}/question/{quote(number, safe='')}")

    def answer(self, doc: Document, position: int) -> URIRef:
        return URIRef(f"{self.document(doc)}/answer/{position}")

    def footnote(self, doc: Document, number: str) -> URIRef:
        return URIRef(f"{self.document(doc)}/footnote/{quote(number, safe='')}")

    def attribution(self, doc: Document, role: str, position: int) -> URIRef:
        return URIRef(f"{self.document(doc)}/{role}/{position}")

    def span(self, doc: Document, span: Span) -> URIRef:
        return URIRef(f"{self.document(doc)}/span/{span.start}-{span.end}")

    def selector(self, doc: Document, span: Span) -> URIRef:
        """The Web Annotation TextPositionSelector of `span(doc, span)`."""
        return URIRef(f"{self.span(doc, span)}/selector")

    def mention(self, doc: Document, span: Span) -> URIRef:
        return URIRef(f"{self.document(doc)}/mention/{span.start}-{span.end}")

    def person(self, initials: str, surname: str, given: str | None = None) -> URIRef:
        """A person by the identity the Tweede Kamer writes: initials and surname ("D.M. van Weel"), with the
        given name only where two people share both (kgraph.link.people).

        >>> str(Minter().person("D.M.", "van Weel")), str(Minter().person("J.J.", "van Dijk", "Jasper"))
        ('https://w3id.org/kgraph/id/person/d-m-van-weel', 'https://w3id.org/kgraph/id/person/j-j-van-dijk-jasper')
        """
        return self._iri("person", slug(" ".join(part for part in (initials, surname, given) if part)))

    def printed_person(self, name: str, role: str, party: str | None = None) -> URIRef:
        """A person known only by a printed name without initials, in a role (kamerlid, bewindspersoon) and, for a
        member, with the party printed: never the node of anyone the reference data knows.

        >>> str(Minter().printed_person("Van Dijk", "kamerlid", "SGP"))
        'https://w3id.org/kgraph/id/person/printed/kamerlid/van-dijk-sgp'
        """
        return self._iri("person", "printed", role, slug(name + (f" {party}" if party else "")))

    def holding(self, person: URIRef, post: URIRef) -> URIRef:
        """The dated holding of `post` by `person` (an org:Membership), named by both."""
        return self._iri("holding", *self._local(person)[1:], *self._local(post)[1:])

    def membership(self, person: URIRef, party: URIRef) -> URIRef:
        """A person's membership of a party or fraction (org:Membership), named by both."""
        return self._iri("membership", *self._local(person)[1:], *self._local(party)[1:])

    def interval(self, first: str, last: str) -> URIRef:
        """An OWL-Time interval between two ISO dates, both included."""
        return self._iri("interval", first, last)

    def instant(self, day: str) -> URIRef:
        """An OWL-Time instant: one ISO date."""
        return self._iri("instant", day)

    def _local(self, iri: URIRef) -> list[str]:
        """The path segments of one of our IRIs below the base."""
        text = str(iri)
        if not text.startswith(self.base):
            raise ValueError(f"not an IRI under {self.base}: {text}")
        return text[len(self.base):].split("/")

    def party(self, label: str) -> URIRef:
        return self._iri("party", slug(label))

    def ministry(self, portfolio: str) -> URIRef:
        return self._iri("ministry", slug(portfolio))

    def post(self, office: Office, portfolio: str, sub_portfolio: str | None = None) -> URIRef:
        """A government post; a state secretary's sub-portfolio is a post of its own, below the ministry's.

        >>> str(Minter().post(Office.STAATSSECRETARIS, "Financiën", "Toeslagen en Douane"))
        'https://w3id.org/kgraph/id/post/staatssecretaris/financien/toeslagen-en-douane'
        """
        if sub_portfolio:
            return self._iri("post", office.value, slug(portfolio), slug(sub_portfolio))
        return self._iri("post", office.value, slug(portfolio))

    def role(self, office: Office) -> URIRef:
        return self._iri("role", office.value)

    def publisher(self, name: str) -> URIRef:
        return self._iri("publisher", slug(name))

    def change(self, when: str, before: str) -> URIRef:
        """A change event (rename, merge, split) of the organisation `before`, on `when` (a date or 'split')."""
        return self._iri("change", when, slug(before))

    def reference(self) -> URIRef:
        """The named graph of the reference data (ministries, parties and how they changed)."""
        return self._iri("reference")

    def memberships(self) -> URIRef:
        """The named graph of what is resolved across documents: members' parties at each date."""
        return self._iri("memberships")

    def party_at_date(self, attribution: URIRef) -> URIRef:
        """The annotation that records how an asker's party at the date was resolved."""
        return URIRef(f"{attribution}/party-at-date")

    def dataset(self) -> URIRef:
        """The whole store as a dataset, the subject of its VoID / DCAT description (kgraph.dataset)."""
        return self._iri("dataset")

    def link(self, doc: Document, kind: str, position: int) -> URIRef:
        """The annotation that records how one link of `doc` was made."""
        return URIRef(f"{self.document(doc)}/link/{kind}/{position}")

    def zaak(self, nummer: str) -> URIRef:
        return self._iri("zaak", nummer)

    def case_question(self, nummer: str, number: str) -> URIRef:
        """Question `number` of case `nummer`, which the question set and its answer print alike: each document's
        question is a prov:specializationOf it."""
        return URIRef(f"{self.zaak(nummer)}/question/{quote(number, safe='')}")

    def statute(self, identifier: str) -> URIRef:
        """A cited statute whose identifier `statute_iri` cannot place (not BWB, not a CELEX regulation or
        directive): kept under our base so the citation is not lost; SHACL then flags the identifier."""
        return self._iri("statute", identifier)
