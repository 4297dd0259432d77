"""The document header: who asks whom, who answers and on whose behalf.

A small grammar of the forms Kamervragen headers have printed since the 1990s, cut with the lexicon of
portfolios (`kgraph.extract.lexicon`), so that a list such as "de Ministers van Justitie en Veiligheid en
Binnenlandse Zaken en Koninkrijksrelaties" splits where one known name ends, not at every "en":

    askers     := INTRO member (("," | "en" | "en het lid") member)* [END]
    member     := NAME ["(" ["beiden" | "allen"] PARTY ")"]
    posts      := post (("," | "en") post)*
    post       := ["de"] OFFICE ( [NAME] "(" portfolio [SUB] ")"
                                | ["van" | "voor"] portfolio (("," | "en") ["van" | "voor"] portfolio)* [SUB]
                                | ε )                      -- "de Minister en de Staatssecretaris van EZ" share one
    answer     := ["Nader" | "Nadere"] ("Antwoord" | "Mededeling") ["van"] ["de heer" NAME ","] posts
                  [("mede namens" | "mede ondertekend door") posts] ["(" ["ontvangen"] DATE ")"]
    signature  := "De" OFFICE ("van" | "voor") portfolio "," [TITLES] INITIALS NAME

What cannot be read is said in the warnings, never guessed: an office whose portfolio is not a known name
keeps the printed text and is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgraph.extract import lexicon
from kgraph.extract import patterns as p
from kgraph.extract.clean import flat
from kgraph.extract.people import repair_name
from kgraph.extract.portfolios import canonical_portfolio
from kgraph.fold import comparison_key
from kgraph.model import Answerer, Asker, Office, Post, Span

PRIME_MINISTER_PORTFOLIO = "Algemene Zaken"

# --- the grammar's terminals -------------------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪİŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŸŹŻŽ"
# Dutch surname particles; "Van" is capitalised when no first name or initial precedes it.
_PARTICLE = r"(?:[vV]an|[dD]e|[dD]er|[dD]en|[hH]et|[tT]en|[tT]er|[tT]e|in|'t|op|la|le|du|da|di|el|al|von|zu)"
_WORD = rf"(?:[{_UPPER}][\w'’.-]*|[{_UPPER}]\.)"
# Titles and forms of address printed before a name ("mw. dr. J. Bussemaker", "drs. R.W. Knops").
_TITLE = r"(?:mw|mr|dr|drs|prof|ir|ing|ds|jhr|mevr|dhr)"
NAME = rf"(?:{_PARTICLE}\s+)*{_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_WORD}){{0,4}}"

_OFFICE = re.compile(
    # "deMinister": PDF text loses the space after the article.
    r"(?:\b|(?<=\bde)|(?<=\bhet))(?:(?:de|het)\s+)?(?:demissionaire\s+)?"
    r"(?P<office>minister[-\s]+presidenten|minister[-\s]+president|mini?sters?|staatss?ecretariss?(?:en)?)\b",
    re.IGNORECASE,
)
_PREPOSITION = re.compile(r"\s*,?\s*(?P<prep>van|voor)(?:\s+|(?=[A-Z]))", re.IGNORECASE)
# Between two portfolios of one office: "A, B en C", "A en van B", "A, voor B".
_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*en|,|en|alsmede|&)\s+(?:(?:van|voor)(?:\s+|(?=[A-Z])))?", re.IGNORECASE)
# A sub-portfolio: "Financiën – Fiscaliteit en Belastingdienst", "Financiën (Toeslagen en Douane)".
_SUB_PORTFOLIO = re.compile(
    r"(?:\s*[–—]|\s+-)\s*(?P<dash>.+?)(?=\s*\)|\s*$|\s+en\s+(?:de|het|van|voor)\s|\s*,\s*(?:de\s+|het\s+)?(?:mini?sters?|staatss?ecretaris))"
    r"|\s*\((?P<paren>[^()]+)\)",
    re.IGNORECASE,
)
# "Minister Faber – Van de Klashorst (Asiel en Migratie)": a double surname printed with a dash.
_NAME_IN_BRACKETS = re.compile(rf"^\s*(?P<name>{NAME}(?:\s*[–—-]\s*{NAME})?)\s*\((?P<portfolio>[^()]*(?:\([^()]*\)[^()]*)?)(?:\)|\s*$)")
_PLAIN_NAME = re.compile(rf"^\s*(?P<name>{NAME})\s*,?\s*$")
_PM_APPOSITION = re.compile(r"\s*,\s*(?:de\s+)?minister\s+van\s+Algemene\s+Zaken", re.IGNORECASE)
_MISTER = re.compile(rf"^\s*(?:de\s+heer|mevrouw|mw\.?|dhr\.?)\s+(?P<name>{NAME})\s*,?\s*$", re.IGNORECASE)

# --- askers ------------------------------------------------------------------------------------------------

_ASKERS_INTRO = re.compile(
    r"(?P<oral>Mondelinge\s+)?(?:(?:Schriftelijke|Aanvullende|Nadere)\s+)?(?:Vervolg)?[Vv]r?agen\s+(?:gesteld\s+)?"
    r"(?:van|door|namens)\s+(?:(?:het|de)\s+)?(?:Kamer)?(?:lid|leden)\s+(?!der\s+Kamer\b)"
    r"|(?:hebben|heeft)\s+(?:het\s+lid|de\s+leden)\s+"
    r"|\b(?:De\s+leden|Het\s+lid)\s+(?=[^.]{0,200}?\b(?:hebben|heeft)\b)",
)
_ASKERS_END = re.compile(
    rf"\s+aan\s+(?=(?:(?:de|het)\s*)?(?:demissionaire\s+)?(?:mini?sters?|staatss?ecretariss?(?:en)?|minister-president)\b)"
    r"|\s+(?:schriftelijke\s+vragen|vragen\s+gesteld|over|inzake|hebben|heeft|ingezonden|als\s+lid)\b"
    rf"|\s*\(\s*ingezonden|(?<![{_UPPER}])[.:](?=\s|$)|\s*,\s*ingezonden",
    re.IGNORECASE,
)
# "… (SP) aan de minister", and in notices "… (SP) schriftelijke vragen gesteld aan de minister", "De leden X (PvdD)
# en Y (GL) hebben aan de minister van …".
_ADDRESSEE_LEAD = re.compile(
    r"\s+(?:(?:schriftelijke\s+)?vragen\s+gesteld\s+|(?:hebben|heeft)\s+)?aan\s+", re.IGNORECASE
)
_ADDRESSEES_END = re.compile(
    r",?\s+bij\s+afwezigheid\s+van\b|\s+over\s|\s+inzake\s|\(\s*ingezonden|,?\s*mede\s+namens|\.\s*$|\.\s+(?=[A-Z(])|:",
    re.IGNORECASE,
)
_PARTY_GROUP = re.compile(r"\(\s*(?P<count>(?:allen|beiden|beide|allebei)\s+)?(?P<party>[^()]{1,60}?)\s*\)")
_NAME_SEPARATOR = re.compile(r"\s*,\s*(?:en\s+)?(?:het\s+lid\s+)?|\s+en\s+(?:het\s+lid\s+|de\s+leden\s+)?")
_NAME_EDGES = re.compile(r"^[\s,;:]+|[\s,;:.]+$|^en\s+|\s+en$")
_TITLES = re.compile(rf"^(?:{_TITLE}\.?\s+)+", re.IGNORECASE)
# Words that cannot be part of a member's name: the intro ran on into prose.
_NOT_A_NAME = re.compile(r"\b(?:minister|staatssecretaris|vragen|over|aan|zijn|is|de\s+beantwoording)\b", re.IGNORECASE)

# --- answers -----------------------------------------------------------------------------------------------

_ANSWER_INTRO = re.compile(
    r"(?:^[^\S\n]*|(?<=[.)»]\s))(?:Nader(?:e)?\s+)?"
    r"(?P<what>(?-i:[Aa])ntwoord|(?-i:[Mm])ededeling)\s+(?:van\s+)?"
    r"(?=(?:de\s+|het\s+)?(?:demissionaire\s+)?(?:minister|minster|staatss?ecretaris|heer\s|mevrouw\s))",
    re.IGNORECASE | re.MULTILINE,
)
_ON_BEHALF = re.compile(r",?\s*(?:mede\s+namens|mede\s+ondertekend\s+door)\s+", re.IGNORECASE)
_AFTER_STOP = re.compile(r"\.?\s*")
_ANSWER_END = re.compile(
    rf"\(\s*(?:ontvangen\s+(?:op\s+)?)?{p.DATE}|\s+[Zz]ie\s+ook\b|\n\s*\n|(?<![{_UPPER}])\.(?=\s|$)", re.IGNORECASE
)

_SIGNATURE = re.compile(
    r"^[^\S\n]*(?:hoogachtend,?\s*)?de[^\S\n]+(?P<office>minister-president|minister|staatss?ecretaris)"
    r"(?P<prep>[^\S\n]+(?:van|voor)[^\S\n]+)",
    re.MULTILINE | re.IGNORECASE,
)
_SIGNATURE_NAME = re.compile(
    rf"\s*,?[^\S\n]*(?:\n[^\S\n]*){{0,4}}(?P<titles>(?:{_TITLE}\.?\s+)*)"
    rf"(?P<name>(?:[A-Z][a-z]?\.[^\S\n]?)+[^\S\n]?[^\n\d,]{{2,60}}?)[^\S\n]*(?:\n|$)"
)
_PROSE_ON_BEHALF = re.compile(r"\bmede\s+namens\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Header:
    """What a document's header says about who asks whom and who answers."""

    askers: tuple[Asker, ...] = ()
    oral: bool = False
    askers_range: tuple[int, int] | None = None  # where the asker list is; the title and dates follow it
    addressees: tuple[Post, ...] = ()
    answerers: tuple[Answerer, ...] = ()
    on_behalf_of: tuple[Post, ...] = ()
    in_absence_of: tuple[Post, ...] = ()  # "…, bij afwezigheid van de Minister": the absent addressee
    answer_word: str | None = None  # "antwoord" | "mededeling": the header introduced an answer or a notice
    answer_date: tuple[int, int] | None = None  # the span of "(ontvangen …)" or "(27 september 2016)" after it
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Parsed:
    office: Office
    portfolio: str
    sub_portfolio: str | None
    name: str | None
    span: Span


def read_header(text: str, reach: int, answer_reach: int | None = None) -> Header:
    """The header of `text`, read in text[:reach] (up to the first question or answer). Older Aanhangsel
    layouts print the answer's header after the questions: it is looked for up to `answer_reach` (a
    Toelichting, or the end) when it is not in the header."""
    flat_text = flat(text)
    warnings: list[str] = []
    askers, oral, askers_range = find_askers(flat_text, reach)
    addressees: tuple[Post, ...] = ()
    absent: tuple[Post, ...] = ()
    if askers_range:
        lead = _ADDRESSEE_LEAD.match(flat_text, askers_range[1])
        if lead:
            end = _phrase_end(flat_text, lead.end(), reach)
            addressees = _posts(flat_text, lead.end(), end, warnings)
            absent = _absent_posts(flat_text, end, reach, addressees, warnings)
    answerers, on_behalf_of, word, answer_date = find_answer_phrase(text, flat_text, reach, warnings)
    if word is None and answer_reach and answer_reach > reach:
        # Past the header only the full form counts, dated as received: prose may start a line with "Antwoord van".
        late_warnings: list[str] = []
        late = find_answer_phrase(text, flat_text, answer_reach, late_warnings)
        if late[3] is not None:
            answerers, on_behalf_of, word, answer_date = late
            warnings.extend(late_warnings)
    if not answerers:
        signed, signed_behalf = find_signature(text, flat_text, warnings)
        if signed:
            answerers = signed
            on_behalf_of = on_behalf_of or signed_behalf or _prose_on_behalf(flat_text, askers_range, warnings)
            word = word or "antwoord"
    return Header(
        askers=askers, oral=oral, askers_range=askers_range, addressees=addressees, answerers=answerers,
        on_behalf_of=on_behalf_of, in_absence_of=absent, answer_word=word, answer_date=answer_date, warnings=tuple(warnings),
    )


# --- askers ------------------------------------------------------------------------------------------------


def find_askers(flat_text: str, reach: int) -> tuple[tuple[Asker, ...], bool, tuple[int, int] | None]:
    """The members of the best 'Vragen van het lid / de leden …' in flat_text[:reach].

    Web pages print a title line first ("Antwoord op vragen van het lid X over …") and the real header after
    it; a Toelichting or a subject can mention other members' questions. The header is the list followed by
    'aan de Minister …', else one that prints parties, else the first.
    """
    best: tuple[int, tuple[Asker, ...], bool, tuple[int, int]] | None = None
    for intro in _ASKERS_INTRO.finditer(flat_text, 0, reach):
        if flat_text[max(0, intro.start() - 3):intro.start()].lower().endswith("op "):
            rank = 0  # "Antwoord op vragen van …", "in aanvulling op vragen van …": other questions
        else:
            rank = 1
        end_match = _ASKERS_END.search(flat_text, intro.end(), min(len(flat_text), intro.end() + 400))
        end = end_match.start() if end_match else min(len(flat_text), intro.end() + 300)
        askers = _members(flat_text, intro.end(), end)
        if not askers:
            continue
        addressed = bool(_ADDRESSEE_LEAD.match(flat_text, end))
        rank += 4 * addressed + 2 * any(a.party for a in askers)
        if best is None or rank > best[0]:
            best = (rank, askers, bool(intro.group("oral")), (intro.start(), end))
    if best is None:
        return (), False, None
    return best[1], best[2], best[3]


def _members(flat_text: str, start: int, end: int) -> tuple[Asker, ...]:
    members: list[Asker] = []
    cursor = start
    for group in _PARTY_GROUP.finditer(flat_text, start, end):
        named = _names_in(flat_text, cursor, group.start(), group["party"].strip())
        count = (group["count"] or "").strip().lower()
        if count.startswith("beid") and len(named) == 1:
            named = _split_glued_pair(named[0])
        members.extend(named)
        cursor = group.end()
    members.extend(_names_in(flat_text, cursor, end, None))
    return tuple(members)


def _split_glued_pair(member: Asker) -> list[Asker]:
    """'Groothuizenen Paternotte (beiden D66)': the 'en' between two names lost its spaces."""
    words = member.name.split()
    for index, word in enumerate(words[:-1]):
        if word.endswith("en") and len(word) > 4 and words[index + 1][:1].isupper():
            first = " ".join(words[:index] + [word[:-2]])
            second = " ".join(words[index + 1:])
            cut = member.span.start + len(first)
            return [Asker(first, member.party, Span(member.span.start, cut)),
                    Asker(second, member.party, Span(member.span.end - len(second), member.span.end))]
    return [member]


def _names_in(flat_text: str, start: int, end: int, party: str | None) -> list[Asker]:
    names: list[Asker] = []
    chunk_start = start
    for separator in [*_NAME_SEPARATOR.finditer(flat_text, start, end), None]:
        chunk_end = separator.start() if separator else end
        raw = flat_text[chunk_start:chunk_end]
        name = repair_name(_TITLES.sub("", _NAME_EDGES.sub("", raw)))
        if name and re.search(f"[{_UPPER}]", name) and not _NOT_A_NAME.search(name) and len(name.split()) <= 6:
            offset = chunk_start + (len(raw) - len(raw.lstrip()))
            names.append(Asker(name=name, party=party or None, span=Span(offset, offset + len(raw.strip()))))
        if separator:
            chunk_start = separator.end()
    return names


# --- posts -------------------------------------------------------------------------------------------------


def _phrase_end(flat_text: str, start: int, reach: int, longest: int = 400) -> int:
    """Where a list of posts that starts at `start` ends ('over', '(ingezonden', 'bij afwezigheid van', …)."""
    limit = min(len(flat_text), max(reach, start + longest))
    end_match = _ADDRESSEES_END.search(flat_text, start, limit)
    return end_match.start() if end_match else min(limit, start + longest)


_ABSENCE = re.compile(r",?\s+bij\s+afwezigheid\s+van\s*", re.IGNORECASE)


def _absent_posts(flat_text: str, end: int, reach: int, addressees: tuple[Post, ...], warnings: list[str]) -> tuple[Post, ...]:
    """The posts after "bij afwezigheid van" that ends the addressee phrase. "… aan de Staatssecretaris van BZK,
    bij afwezigheid van de Minister" names the minister of the addressee's own department."""
    absence = _ABSENCE.match(flat_text, end)
    if not absence:
        return ()
    phrase_end = _phrase_end(flat_text, absence.end(), reach, longest=200)
    posts = _posts(flat_text, absence.end(), phrase_end, warnings)
    office = _OFFICE.search(flat_text, absence.end(), phrase_end)
    if posts or not office or not addressees:
        return posts
    shared = addressees[0]
    return (Post(_office(office["office"]), shared.portfolio, Span(office.start("office"), office.end("office"))),)


def _office(word: str) -> Office:
    lowered = word.lower().replace(" ", "-")
    if lowered.startswith("minister-president"):
        return Office.MINISTER_PRESIDENT
    if lowered.startswith("staats"):
        return Office.STAATSSECRETARIS
    return Office.MINISTER


def parse_posts(flat_text: str, start: int, end: int, warnings: list[str]) -> list[_Parsed]:
    """Every post named in flat_text[start:end], with the holder's name where printed."""
    offices = list(_OFFICE.finditer(flat_text, start, end))
    posts: list[_Parsed] = []
    waiting: list[tuple[Office, int]] = []  # offices printed without a portfolio share the next one
    skip_until = -1
    for index, match in enumerate(offices):
        if match.start() < skip_until:
            continue
        chunk_end = offices[index + 1].start() if index + 1 < len(offices) else end
        office = _office(match["office"])
        rest_start = match.end()
        if office is Office.MINISTER_PRESIDENT:
            apposition = _PM_APPOSITION.match(flat_text, rest_start, end)
            if apposition:
                skip_until = apposition.end()
                chunk_end = max(chunk_end, apposition.end())
                rest_start = apposition.end()
            printed = _PLAIN_NAME.match(flat_text[rest_start:chunk_end].rstrip(" ,").removesuffix(" en"))
            name = repair_name(printed["name"]) if printed and not apposition else None
            posts.append(_Parsed(office, PRIME_MINISTER_PORTFOLIO, None, name, Span(match.start("office"), rest_start)))
            continue
        found = _one_office(flat_text, match.start("office"), rest_start, chunk_end, office, warnings)
        if not found:
            if _PREPOSITION.match(flat_text, rest_start, chunk_end) is None:
                waiting.append((office, match.start("office")))
            continue
        for waiting_office, waiting_start in waiting:
            first = found[0]
            posts.append(_Parsed(waiting_office, first.portfolio, first.sub_portfolio, None, Span(waiting_start, first.span.end)))
        waiting.clear()
        posts.extend(found)
    return posts


def _one_office(flat_text: str, office_start: int, rest_start: int, end: int, office: Office, warnings: list[str]) -> list[_Parsed]:
    """The portfolios (and holder) of one office word: flat_text[rest_start:end] is what follows it."""
    rest = flat_text[rest_start:end]
    preposition = _PREPOSITION.match(flat_text, rest_start, end)
    cursor = preposition.end() if preposition else rest_start
    found = _portfolio_list(flat_text, cursor, end, warnings)
    if found:
        return [_Parsed(office, portfolio, sub, None, Span(office_start, stop)) for portfolio, sub, stop in found]
    named = _NAME_IN_BRACKETS.match(rest)
    if named:
        # "minister Karremans (Volksgezondheid, Welzijn en Sport)", "Staatssecretaris Van Rij (Financiën – …)":
        # a capitalised "Van" that starts no known portfolio starts a surname.
        name = repair_name(named["name"])
        inner = _portfolio_list(flat_text, rest_start + named.start("portfolio"), rest_start + named.end("portfolio"), warnings)
        portfolio, sub = (inner[0][0], inner[0][1]) if inner else _unknown(named["portfolio"], warnings)
        return [_Parsed(office, portfolio, sub, name, Span(office_start, rest_start + named.end()))]
    if preposition:
        printed = _printed_portfolio(flat_text[cursor:end])
        if printed:
            portfolio, sub = _unknown(printed, warnings)
            return [_Parsed(office, portfolio, sub, None, Span(office_start, cursor + len(printed)))]
    return []


def _portfolio_list(flat_text: str, start: int, end: int, warnings: list[str]) -> list[tuple[str, str | None, int]]:
    """Known portfolios from `start` on: 'A', 'A en B', 'A, van B en voor C', each with its sub-portfolio."""
    found: list[tuple[str, str | None, int]] = []
    cursor = start
    while cursor < end:
        match = lexicon.match_prefix(flat_text, cursor, end=end)
        if match is None:
            break
        entry, stop = match
        portfolio, sub = _ministry_and_sub(entry, flat_text[cursor:stop])
        tail = _SUB_PORTFOLIO.match(flat_text, stop, end)
        if tail:
            printed = " ".join((tail["dash"] or tail["paren"] or "").split())
            again = lexicon.lookup(printed)
            if again is None or again.name != entry.name:  # "(LNV)" after its own name is no sub-portfolio
                sub = printed or sub
            stop = tail.end()
        found.append((portfolio, sub, stop))
        separator = _LIST_SEPARATOR.match(flat_text, stop, end)
        if not separator:
            break
        cursor = separator.end()
    return found


def _ministry_and_sub(entry: lexicon.Portfolio, printed: str) -> tuple[str, str | None]:
    """'Financiën – Toeslagen en Douane' is the ministry with a sub-portfolio; 'staatssecretaris van Jeugd,
    Preventie en Sport' or 'voor Koninkrijksrelaties' prints the sub-portfolio alone, and that is kept as printed."""
    if entry.kind == "sub-portfolio" and entry.parent and comparison_key(printed).startswith(comparison_key(entry.parent)):
        return entry.parent, entry.name
    return entry.name, None


def _printed_portfolio(rest: str) -> str:
    """An unknown portfolio as printed: up to where the phrase goes on ('en de', a bracket, a comma + office)."""
    cut = re.search(r"\s+en\s+(?:de|het)\s|\s*\(|\s+over\s|,\s*(?:de\s+)?(?:minister|staatssecretaris)", rest, re.IGNORECASE)
    printed = rest[:cut.start()] if cut else rest
    return printed.strip(" ,.;:").removesuffix(" en").strip()


def _unknown(printed: str, warnings: list[str]) -> tuple[str, str | None]:
    portfolio = canonical_portfolio(printed)
    if lexicon.lookup(portfolio) is None:
        warnings.append(f"unknown portfolio {printed.strip()!r}: kept as printed")
    return portfolio, None


def _posts(flat_text: str, start: int, end: int, warnings: list[str]) -> tuple[Post, ...]:
    return tuple(Post(x.office, x.portfolio, x.span, sub_portfolio=x.sub_portfolio, name=x.name)
                 for x in parse_posts(flat_text, start, end, warnings))


# --- answers -----------------------------------------------------------------------------------------------


def find_answer_phrase(
    text: str, flat_text: str, reach: int, warnings: list[str],
) -> tuple[tuple[Answerer, ...], tuple[Post, ...], str | None, tuple[int, int] | None]:
    """Answerers, 'mede namens' posts, the introducing word and the date span of the first 'Antwoord van …' or
    'Mededeling van …' phrase. Older Aanhangsel layouts print it after the questions, so the whole text before a
    Toelichting is searched; the header form (at a line or sentence start, an office after it) keeps prose out."""
    intro = _ANSWER_INTRO.search(text, 0, reach)
    if not intro:
        return (), (), None, None
    limit = min(len(flat_text), intro.end() + 500)
    end_match = _ANSWER_END.search(text, intro.end(), limit)
    end = end_match.start() if end_match else limit
    # PDF text can break a bracket over a blank line ("(Financiën – Fiscaliteit en\n\nBelastingdienst)"): a blank
    # line inside an open bracket does not end the phrase.
    while end_match and end < limit and text.count("(", intro.end(), end) > text.count(")", intro.end(), end) \
            and text.startswith("\n", end):
        closing = text.find(")", end, limit)
        if closing < 0:
            break
        end_match = _ANSWER_END.search(text, closing + 1, limit)
        end = end_match.start() if end_match else limit
    # "(ontvangen 3 mei 2024)" closes the phrase; older layouts put it after a full stop: ". (Ontvangen …)".
    after = _AFTER_STOP.match(flat_text, end)
    date = p.ANSWER_DATE.match(flat_text, after.end() if after else end) if end_match else None
    behalf = _ON_BEHALF.search(flat_text, intro.end(), end)
    answerers_end = behalf.start() if behalf else end
    answerers = _answerers(flat_text, intro.end(), answerers_end, warnings)
    on_behalf = _posts(flat_text, behalf.end(), end, warnings) if behalf else ()
    word = intro["what"].lower()
    return answerers, on_behalf, word, (date.start(), date.end()) if date else None


def _answerers(flat_text: str, start: int, end: int, warnings: list[str]) -> tuple[Answerer, ...]:
    parsed = parse_posts(flat_text, start, end, warnings)
    first_office = _OFFICE.search(flat_text, start, end)
    mister = _MISTER.match(flat_text[start:first_office.start()]) if first_office else None
    answerers = []
    for index, post in enumerate(parsed):
        name = post.name
        if index == 0 and mister and not name:
            name = repair_name(mister["name"])  # "Antwoord van de heer X, Minister van Y"
        answerers.append(Answerer(post.office, name, post.portfolio, post.span, sub_portfolio=post.sub_portfolio))
    return tuple(answerers)


def find_signature(text: str, flat_text: str, warnings: list[str]) -> tuple[tuple[Answerer, ...], tuple[Post, ...]]:
    """The answerer of a ministry letter from its signature ('De minister van X,' then the name), and a 'mede
    namens' line above it. The portfolio may wrap ('Volksgezondheid,\\nWelzijn en Sport,')."""
    for match in _SIGNATURE.finditer(text):
        office = _office(match["office"])
        found = lexicon.match_prefix(flat_text, match.end(), end=min(len(text), match.end() + 120))
        if office is Office.MINISTER_PRESIDENT:
            portfolio, sub, stop = PRIME_MINISTER_PORTFOLIO, None, match.end("office")
        elif found:
            entry, stop = found
            portfolio, sub = _ministry_and_sub(entry, flat_text[match.end():stop])
        else:
            continue
        signed = _SIGNATURE_NAME.match(text, stop)
        if not signed:
            continue
        name = repair_name(signed["name"].strip())
        answerer = Answerer(office, name, portfolio, Span(match.start("office"), signed.end("name")), sub_portfolio=sub)
        above = p.SIGNATURE_ON_BEHALF.search(text, max(0, match.start() - 300), match.start())
        on_behalf = _posts(flat_text, above.start("posts"), above.end("posts"), warnings) if above else ()
        return (answerer,), on_behalf
    return (), ()


def _prose_on_behalf(flat_text: str, askers_range: tuple[int, int] | None, warnings: list[str]) -> tuple[Post, ...]:
    """'Hierbij bied ik u mede namens de minister voor Rechtsbescherming de antwoorden aan': a letter's opening."""
    limit = askers_range[0] if askers_range else min(len(flat_text), 1500)
    behalf = _PROSE_ON_BEHALF.search(flat_text, 0, limit)
    if not behalf:
        return ()
    return _posts(flat_text, behalf.end(), min(limit, behalf.end() + 200), warnings)
