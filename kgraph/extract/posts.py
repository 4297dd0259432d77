"""Posts: addressees ('aan de minister van A en de staatssecretaris van B'), answerers ('Antwoord van
minister Karremans (Economische Zaken)') and 'mede namens' entries.

A phrase is cut into chunks, one per office word; each chunk's rest is a name and/or a portfolio.
"""

from __future__ import annotations

import re

from kgraph.extract import patterns as p
from kgraph.extract.clean import flat
from kgraph.extract.people import repair_name
from kgraph.extract.portfolios import canonical_portfolio, is_known
from kgraph.model import Answerer, Office, Post, Span

# "(?:\s+|(?=[A-Z]))": PDF extraction glues "van" to the next word ("vanBuitenlandse Zaken").
_PLURAL_SPLIT = re.compile(r"\s*,\s*(?:en\s+)?(?:van|voor)(?:\s+|(?=[A-Z]))|\s+en\s+(?:van|voor)(?:\s+|(?=[A-Z]))")
# Lower-case on purpose: "minister van Financiën" names a portfolio, "staatssecretaris Van Hijum" a person
# (Dutch capitalises a surname's "Van" when no first name or initial precedes it).
_PORTFOLIO_INTRO = re.compile(r"^\s*,?\s*(?:van|voor)(?:\s+|(?=[A-Z]))")
_CHUNK_TAIL = re.compile(r"(?:\s*,|\s+en|\s+alsmede)?\s*$", re.IGNORECASE)
# The closing parenthesis is sometimes missing in the source: "Karremans (Volksgezondheid, Welzijn en Sport (ontvangen".
_NAME_AND_PORTFOLIO = re.compile(r"^\s*(?P<name>[^()]*?)\s*\((?P<portfolio>[^()]+)(?:\)|\s*$)")
# "minister-president, minister van Algemene Zaken" names one post twice.
_PM_APPOSITION = re.compile(r"\s*,\s*minister\s+van\s+Algemene\s+Zaken", re.IGNORECASE)
PRIME_MINISTER_PORTFOLIO = "Algemene Zaken"
# A name alone after an office word: capitalised words (with Dutch particles), nothing else on the chunk.
_PLAIN_NAME = re.compile(r"^\s*(?P<name>(?:[A-ZÀ-Þ][\w'’-]+|van|de|der|den|ten|ter|het|in|'t)(?:\s+(?:[A-ZÀ-Þ][\w'’-]+|van|de|der|den|ten|ter|het|in|'t))*)\s*,?\s*$")


def _office(word: str) -> tuple[Office, bool]:
    lowered = word.lower()
    if lowered.startswith("minister-president"):
        return Office.MINISTER_PRESIDENT, lowered.endswith("en")
    if lowered.startswith("staats"):
        return Office.STAATSSECRETARIS, lowered.endswith("sen")
    return Office.MINISTER, lowered.endswith("s")


def _chunks(flat_text: str, start: int, end: int) -> list[tuple[Office, bool, int, int, int]]:
    """(office, plural, chunk start, rest start, chunk end) for each office word in flat_text[start:end]."""
    offices = list(p.OFFICE.finditer(flat_text, start, end))
    chunks = []
    for index, match in enumerate(offices):
        chunk_end = offices[index + 1].start() if index + 1 < len(offices) else end
        office, plural = _office(match["office"])
        chunks.append((office, plural, match.start("office"), match.end(), chunk_end))
    return chunks


def parse_posts(text: str, start: int, end: int) -> tuple[Post, ...]:
    """Posts named in text[start:end]: 'de minister van A en de staatssecretaris van B', 'de Ministers van A
    en van B', 'de Staatssecretaris en de Minister van X' (both get X)."""
    flat_text = flat(text)
    posts: list[Post] = []
    waiting: list[tuple[Office, int]] = []  # offices printed without a portfolio: they share the next one
    apposition_end = -1
    for office, plural, chunk_start, rest_start, chunk_end in _chunks(flat_text, start, end):
        if chunk_start < apposition_end:
            continue
        rest = _CHUNK_TAIL.sub("", flat_text[rest_start:chunk_end])
        if office is Office.MINISTER_PRESIDENT:
            apposition = _PM_APPOSITION.match(flat_text, rest_start)
            apposition_end = apposition.end() if apposition else -1
            posts.append(Post(office, PRIME_MINISTER_PORTFOLIO, Span(chunk_start, apposition_end if apposition else rest_start)))
            continue
        intro = _PORTFOLIO_INTRO.match(rest)
        if not intro and is_known(rest.strip()):
            intro = re.match(r"\s*", rest)  # "aan de Minister Justitie en Veiligheid": 'van' left out
        if not intro:
            waiting.append((office, chunk_start))
            continue
        names = _PLURAL_SPLIT.split(rest[intro.end():]) if plural else [rest[intro.end():]]
        portfolios = [canonical_portfolio(name) for name in names if name.strip()]
        span = Span(chunk_start, rest_start + len(rest))
        for waiting_office, waiting_start in waiting:
            posts.append(Post(waiting_office, portfolios[0], Span(waiting_start, span.end)))
        waiting.clear()
        posts.extend(Post(office, portfolio, span) for portfolio in portfolios)
    return tuple(posts)


def find_addressees(text: str, after: int, limit: int) -> tuple[Post, ...]:
    flat_text = flat(text)
    intro = p.ADDRESSEES_INTRO.search(flat_text, after, limit)
    if not intro:
        return ()
    end_match = p.ADDRESSEES_END.search(flat_text, intro.end(), limit)
    end = end_match.start() if end_match else limit
    if "\n\n" in text[intro.end():end]:
        end = text.index("\n\n", intro.end())
    return parse_posts(text, intro.end(), end)


def find_answerers(text: str) -> tuple[tuple[Answerer, ...], tuple[Post, ...], str | None]:
    """Answerers and 'mede namens' posts of the first 'Antwoord van …' / 'Mededeling van …' header, and the word
    that introduced it ('antwoord' / 'mededeling')."""
    flat_text = flat(text)
    intro = p.ANSWER_INTRO.search(flat_text)
    if not intro:
        return (), (), None
    end = _header_end(text, intro.end())
    behalf = p.ON_BEHALF.search(flat_text, intro.end(), end)
    answerers_end = behalf.start() if behalf else end
    answerers = _parse_answerers(flat_text, intro.end(), answerers_end)
    on_behalf = parse_posts(text, behalf.end(), end) if behalf else ()
    return answerers, on_behalf, intro["what"].lower()


def _header_end(text: str, start: int) -> int:
    candidates = [len(text), start + 400]
    received = p.RECEIVED.search(text, start, start + 400)
    if received:
        candidates.append(received.start())
    blank = text.find("\n\n", start)
    if blank != -1:
        candidates.append(blank)
    return min(candidates)


def _parse_answerers(flat_text: str, start: int, end: int) -> tuple[Answerer, ...]:
    answerers: list[Answerer] = []
    apposition_end = -1
    for office, plural, chunk_start, rest_start, chunk_end in _chunks(flat_text, start, end):
        if chunk_start < apposition_end:
            continue  # "minister-president, minister van Algemene Zaken" is one post
        rest = flat_text[rest_start:chunk_end]
        if office is Office.MINISTER_PRESIDENT:
            apposition = _PM_APPOSITION.match(flat_text, rest_start)
            apposition_end = apposition.end() if apposition else -1
            if apposition:
                answerers.append(Answerer(office, None, PRIME_MINISTER_PORTFOLIO, Span(chunk_start, apposition.end())))
                continue
        named = _NAME_AND_PORTFOLIO.match(rest)
        if named and not _PORTFOLIO_INTRO.match(rest):
            name = repair_name(named["name"].strip(" ,")) or None
            portfolio = canonical_portfolio(named["portfolio"])
            answerers.append(Answerer(office, name, portfolio, Span(chunk_start, rest_start + named.end())))
            continue
        if office is Office.MINISTER_PRESIDENT:
            # "Antwoord van minister-president Schoof": a name, and the post's portfolio is Algemene Zaken.
            printed = _PLAIN_NAME.match(rest)
            name = repair_name(printed["name"]) if printed else None
            end = rest_start + printed.end("name") if printed else rest_start
            answerers.append(Answerer(office, name, PRIME_MINISTER_PORTFOLIO, Span(chunk_start, end)))
            continue
        for post in parse_posts(flat_text, chunk_start, chunk_end):
            answerers.append(Answerer(post.office, None, post.portfolio, post.span))
    return tuple(answerers)


def find_signature(text: str) -> tuple[tuple[Answerer, ...], tuple[Post, ...]]:
    """The answerer of a ministry letter, from its first signature block, and a 'mede namens' line above it."""
    match = p.SIGNATURE.search(text)
    if not match:
        return (), ()
    office, _ = _office(match["office"])
    name = repair_name(match["name"].strip())
    if office is Office.MINISTER_PRESIDENT:
        portfolio = PRIME_MINISTER_PORTFOLIO
    elif match["rest"]:
        portfolio = canonical_portfolio(_PORTFOLIO_INTRO.sub("", match["rest"]))
    else:
        return (), ()
    answerer = Answerer(office, name, portfolio, Span(match.start("office"), match.end("name")))
    above = p.SIGNATURE_ON_BEHALF.search(text, max(0, match.start() - 300), match.start())
    on_behalf = parse_posts(text, above.start("posts"), above.end("posts")) if above else ()
    return (answerer,), on_behalf
