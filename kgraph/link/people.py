"""People: one node per real person across all documents, never one node for two.

The Tweede Kamer's case metadata (kgraph/data/tk_zaken.csv.gz) names every asker and every minister questions
were sent to, in one of two forms: a full name with initials ("Lilian Helder (L.M.J.S.)") or initials and a
surname ("C. Helder"). Each form is one `ReferencePerson`; an initials-only form is the same person as a full one
only when the surnames agree *and* the initials are the same ("H.M. Krul" is "Harmen Krul (H.M.)"; "C. Helder",
the minister, is not "Lilian Helder (L.M.J.S.)", the member). Initials are evidence, never decoration.

A person's identity is their initials and surname (D.M. van Weel), the way the Tweede Kamer itself writes
names; the IRI is minted from exactly that (`Minter.person`), once, when the reference data is loaded. Where the
metadata holds two people with the same initials and surname (Jan Jacob and Jasper van Dijk, both J.J.), the
given name is added to both. The Tweede Kamer's person id comes from kgraph/data/tk_personen.csv where it lists
the person.

A printed name ("Van Nispen", "Inge van Dijk", "D.M. van Weel", glued "DaniëlleJansen") is resolved in its role:
an asker among the members (the metadata's askers), a minister or state secretary among the government (those
questions were sent to), so a minister never takes a member's node because they share a surname; someone who was
both, by the same name and initials in the metadata (Dennis Wiersma (A.D.): member 2017-2021, minister
2021-2023), is one person in both roles. In this order:

1. `case actors`: the document's matched case names its askers and the ministers it was sent to; a printed name
   that fits exactly one of them in the role is that person.
2. `unique name in period`: otherwise the people of the role the metadata names around the document's date (from
   half a year before the first case that names them in that role to a year after the last; dates past the end of
   the actor data counting as its last day); a printed name that fits exactly one of them is that person.

Printed initials must agree with the person's ("D. Yeşilgöz-Zegerius" fits D., not E.); a printed given name with
an initials-only person must be one of the initials. A name that fits several people ("Van Dijk") or none stays
unresolved: its node is minted from the printed name, the role and (for askers) the party, so it is never shared
with a namesake of another party or a minister.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum

from kgraph.fold import ascii_fold
from kgraph.link.cases import PARTICLES, Case, CaseIndex, CaseMatch, name_tokens, same_person
from kgraph.link.tables import rows
from kgraph.mint import Minter

# How long before their first and after their last case someone counts as active in a role: new members and
# ministers appear in cases some months after they start; people who leave stop appearing.
BEFORE_FIRST = dt.timedelta(days=180)
AFTER_LAST = dt.timedelta(days=365)
CASE_ACTORS_RULE = "case actors"
PERIOD_RULE = "unique name in period"
PERIOD_CONFIDENCE = 0.9

# Initials as the metadata and documents print them: "D.M.", "Ch.", "IJ.", and without dots "EMH".
_INITIAL = re.compile(r"IJ|Ch|Th|Ph|[A-Z]")
_PRINTED_INITIALS = re.compile(r"^\s*(?P<initials>(?:(?:IJ|Ch|Th|Ph|[A-Z])\.\s*)+)(?P<rest>\S.*)$")
_TITLES = re.compile(r"^(?:(?:mr|dr|drs|prof|ir|ing|ds|jhr|mw|mevr|dhr)\.?\s+)+", re.IGNORECASE)


class Role(str, Enum):
    """What a person is printed as: a member who asks, or a member of the government who answers."""

    MEMBER = "kamerlid"
    GOVERNMENT = "bewindspersoon"


# A role's cases further apart than this are separate periods (a member who returns after years away); a period
# of a single case is noise when the person has a longer one in that role (2018Z22056 names Eppo Bruins, then a
# member, among the ministers questions were sent to, six years before he was one).
GAP = dt.timedelta(days=730)


@dataclass(frozen=True, slots=True)
class Period:
    first: dt.date
    last: dt.date
    cases: int = 1

    def widened(self, other: Period) -> Period:
        return Period(min(self.first, other.first), max(self.last, other.last), self.cases + other.cases)


def periods_of(days: Iterable[dt.date]) -> tuple[Period, ...]:
    """The periods the case dates of one role fall into, split at gaps of more than two years; single cases are
    dropped when a longer period exists.

    >>> [(p.first.year, p.last.year, p.cases) for p in periods_of([dt.date(2018, 11, 23), dt.date(2024, 7, 3), dt.date(2024, 9, 30)])]
    [(2024, 2024, 2)]
    """
    found: list[Period] = []
    for day in sorted(days):
        if found and day - found[-1].last <= GAP:
            found[-1] = found[-1].widened(Period(day, day))
        else:
            found.append(Period(day, day))
    if any(period.cases > 1 for period in found):
        found = [period for period in found if period.cases > 1]
    return tuple(found)


def initials_of(text: str) -> tuple[str, ...]:
    """The initials in `text` as letters: "D.M." and "DM" are ("D", "M"); "IJ." and "Ch." count as one.

    >>> initials_of("V.L.W.A."), initials_of("EMH"), initials_of("IJ.M. Ch.")
    (('V', 'L', 'W', 'A'), ('E', 'M', 'H'), ('IJ', 'M', 'Ch'))
    """
    return tuple(_INITIAL.findall(text))


def _initials_text(letters: tuple[str, ...]) -> str:
    return "".join(f"{letter}." for letter in letters)


@dataclass(frozen=True, slots=True)
class ReferencePerson:
    """A person the case metadata names: their initials and surname (the identity), full name where given, the
    periods it names them as a member (asker) and in the government (addressee), and the IRI decided for them."""

    initials: tuple[str, ...]
    surname: str  # "van Weel", "Bruins Slot"
    given: str | None  # "Hanke"; None when the metadata gives initials only
    spellings: tuple[str, ...]  # the metadata's own forms: "Hanke Bruins Slot (H.G.J.)", "H.G.J. Bruins Slot"
    member: tuple[Period, ...] = ()
    government: tuple[Period, ...] = ()
    iri: str = ""
    tk_id: str | None = None  # the Tweede Kamer's Persoon Id (OData key), when kgraph/data/tk_personen.csv has it

    @property
    def name(self) -> str:
        """The fullest name known: "Hanke Bruins Slot", else "D.M. van Weel"."""
        return f"{self.given} {self.surname}" if self.given else f"{_initials_text(self.initials)} {self.surname}"

    @property
    def initials_text(self) -> str:
        return _initials_text(self.initials)

    @property
    def key(self) -> tuple[tuple[str, ...], str]:
        return self.initials, _surname_key(self.surname)

    def periods(self, role: Role) -> tuple[Period, ...]:
        return self.member if role is Role.MEMBER else self.government

    def active(self, role: Role, day: dt.date | None) -> bool:
        periods = self.periods(role)
        if day is None:
            return bool(periods)
        return any(period.first - BEFORE_FIRST <= day <= period.last + AFTER_LAST for period in periods)

    def fits(self, printed: str) -> bool:
        """Whether a printed name can be this person: the surname (or full name) agrees, and printed initials, or
        a printed given name with an initials-only person, agree with the initials.

        >>> helder = ReferencePerson(("C",), "Helder", None, ("C. Helder",))
        >>> helder.fits("Helder"), helder.fits("C. Helder"), helder.fits("L.M.J.S. Helder"), helder.fits("Lilian Helder")
        (True, True, False, False)
        """
        initials, rest = split_initials(printed)
        if initials and self.initials[: len(initials)] != initials:
            return False
        if self.given and same_person(rest, self.name):
            return True
        if same_person(rest, self.surname):
            return True
        # "Femke Wiersma" printed, "F.M. Wiersma" known: the given name's first letter must be an initial.
        words, surname = name_tokens(rest), name_tokens(self.surname)
        if not self.given and len(words) > len(surname) and words[-len(surname):] == surname:
            return words[0][:1].upper() in {letter[:1] for letter in self.initials}
        return False


def split_initials(printed: str) -> tuple[tuple[str, ...], str]:
    """Printed initials and the rest: "D.M. van Weel" -> (("D", "M"), "van Weel"); "Van Weel" -> ((), "Van Weel").

    >>> split_initials("mr. D. Yeşilgöz-Zegerius")
    (('D',), 'Yeşilgöz-Zegerius')
    """
    name = _TITLES.sub("", printed.strip())
    match = _PRINTED_INITIALS.match(name)
    if not match:
        return (), name
    return initials_of(match["initials"]), match["rest"].strip()


def _surname_key(surname: str) -> str:
    return "".join(name_tokens(surname))


def _split_full_name(full: str, initials: tuple[str, ...]) -> tuple[str, str]:
    """(given names, surname) of a full name: the first word is a given name, and so is each next word that
    starts with the next initial ("Femke Merel van Kooten-Arissen", F.M.), up to a particle or the last word.

    >>> _split_full_name("Hanke Bruins Slot", ("H", "G", "J")), _split_full_name("Femke Merel van Kooten-Arissen", ("F", "M"))
    (('Hanke', 'Bruins Slot'), ('Femke Merel', 'van Kooten-Arissen'))
    """
    words = full.split()
    taken = 1
    while (
        taken < len(words) - 1 and taken < len(initials)
        and ascii_fold(words[taken]).lower() not in PARTICLES
        and ascii_fold(words[taken])[:1].upper() == initials[taken][:1]
    ):
        taken += 1
    return " ".join(words[:taken]), " ".join(words[taken:])


def _parse_spelling(name: str, initials: str) -> ReferencePerson:
    """One of the metadata's forms: ("Lilian Helder", "L.M.J.S.") or ("C. Helder", "")."""
    if initials:
        letters = initials_of(initials)
        given, surname = _split_full_name(name, letters)
        return ReferencePerson(letters, surname, given, (f"{name} ({initials})",))
    printed, rest = split_initials(name)
    return ReferencePerson(printed, rest, None, (name,))


@dataclass
class _Gathered:
    person: ReferencePerson
    days: dict[Role, list[dt.date]] = field(default_factory=dict)  # role -> the dates of its cases

    def seen(self, role: Role, day: dt.date) -> None:
        self.days.setdefault(role, []).append(day)


class People:
    """Everyone the case index names, as members or in the government, each once."""

    def __init__(self, cases: Iterable[Case], minter: Minter | None = None, tk_ids: dict[tuple[tuple[str, ...], str], str] | None = None) -> None:
        gathered: dict[str, _Gathered] = {}
        end = dt.date.min
        for case in cases:
            if not case.has_actors:
                continue
            end = max(end, case.started)
            for role, actors in ((Role.MEMBER, case.askers), (Role.GOVERNMENT, case.addressees)):
                for name, initials in actors:
                    spelling = f"{name} ({initials})" if initials else name
                    entry = gathered.get(spelling)
                    if entry is None:
                        entry = gathered[spelling] = _Gathered(_parse_spelling(name, initials))
                    entry.seen(role, case.started)
        self.end = end
        merged = _merge(list(gathered.values()))
        mint = minter or Minter()
        ids = tk_ids if tk_ids is not None else tk_person_ids()
        keys = defaultdict(list)
        for person in merged:
            keys[person.key].append(person)
        decided = []
        for person in merged:
            # The given name disambiguates only where two people share initials and surname.
            given = person.given if len(keys[person.key]) > 1 else None
            iri = str(mint.person(person.initials_text, person.surname, given))
            decided.append(replace(person, iri=iri, tk_id=ids.get(person.key) if len(keys[person.key]) == 1 else None))
        self.people = tuple(sorted(decided, key=lambda p: (p.key, p.given or "")))
        self._by_spelling = {spelling: person for person in self.people for spelling in person.spellings}
        # `fits` needs the printed words, joined, to end with the last word of the name or the surname: indexed by
        # those words, a printed name is compared with a handful of people instead of all of them.
        self._by_last_word: dict[str, list[int]] = defaultdict(list)
        for position, person in enumerate(self.people):
            for last in {*name_tokens(person.name)[-1:], *name_tokens(person.surname)[-1:]}:
                self._by_last_word[last].append(position)

    def of_spelling(self, name: str, initials: str) -> ReferencePerson | None:
        """The person a case actor (name, initials) is."""
        return self._by_spelling.get(f"{name} ({initials})" if initials else name)

    def active(self, role: Role, day: dt.date | None) -> list[ReferencePerson]:
        """People of `role` the metadata names around `day`; past its end, those active at its end."""
        if day is not None:
            day = min(day, self.end)
        return [p for p in self.people if p.active(role, day)]

    def fitting(self, printed: str, role: Role, day: dt.date | None) -> list[ReferencePerson]:
        """The people of `active(role, day)` that a printed name fits, in the same order."""
        if day is not None:
            day = min(day, self.end)
        _, rest = split_initials(printed)
        joined = "".join(name_tokens(rest))
        positions: set[int] = set()
        for start in range(len(joined)):  # each tail of the printed words may be a last word ("DaniëlleJansen")
            positions.update(self._by_last_word.get(joined[start:], ()))
        candidates = (self.people[position] for position in sorted(positions))
        return [p for p in candidates if p.active(role, day) and p.fits(printed)]


def _merge(entries: list[_Gathered]) -> list[ReferencePerson]:
    """Initials-only forms joined to the one full form with the same initials and surname; the rest stay apart."""
    full = [e for e in entries if e.person.given]
    absorbed: dict[int, list[_Gathered]] = defaultdict(list)
    alone = []
    for entry in entries:
        if entry.person.given:
            continue
        matches = [f for f in full if f.person.initials == entry.person.initials and same_person(entry.person.surname, f.person.name)]
        if len(matches) == 1:
            absorbed[id(matches[0])].append(entry)
        else:
            alone.append(entry)
    people = []
    for entry in [*full, *alone]:
        person, days = entry.person, {role: list(dates) for role, dates in entry.days.items()}
        for extra in absorbed.get(id(entry), []):
            # The initials-only form gives the surname exactly (no guessing where the given names end).
            person = replace(person, surname=extra.person.surname, spellings=person.spellings + extra.person.spellings)
            for role, dates in extra.days.items():
                days.setdefault(role, []).extend(dates)
        people.append(replace(person, member=periods_of(days.get(Role.MEMBER, ())),
                              government=periods_of(days.get(Role.GOVERNMENT, ()))))
    return people


@functools.cache
def tk_person_ids() -> dict[tuple[tuple[str, ...], str], str]:
    """(initials, surname key) -> the Tweede Kamer's Persoon Id, from kgraph/data/tk_personen.csv."""
    found = {}
    for row in rows("tk_personen.csv", ("id", "initialen", "achternaam")):
        surname = " ".join(part for part in (row["tussenvoegsel"], row["achternaam"]) if part)
        found[(initials_of(row["initialen"]), _surname_key(surname))] = row["id"]
    return found


@functools.cache
def people_of(index: CaseIndex, minter: Minter) -> People:
    return People(index.between(dt.date.min, dt.date.max, oral=None), minter)


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a printed name resolved to: a person with the rule and confidence, or None and how many fit
    (0: unresolved, 2 or more: ambiguous)."""

    person: ReferencePerson | None
    fitting: int
    rule: str = ""
    confidence: float = 0.0


def resolve(printed: str, role: Role, day: dt.date | None, case: CaseMatch | None, people: People) -> Resolution:
    """The person a printed name is in `role`, or why none."""
    if case is not None and case.case is not None:
        actors = case.case.askers if role is Role.MEMBER else case.case.addressees
        known = {p.iri: p for p in (people.of_spelling(name, initials) for name, initials in actors) if p is not None}
        fits = [p for p in known.values() if p.fits(printed)]
        if len(fits) == 1:
            return Resolution(fits[0], 1, CASE_ACTORS_RULE, case.confidence)
    fits = people.fitting(printed, role, day)
    if len(fits) == 1:
        return Resolution(fits[0], 1, PERIOD_RULE, PERIOD_CONFIDENCE)
    return Resolution(None, len(fits))


def printed_iri(printed: str, role: Role, party: str | None, minter: Minter) -> str:
    """The node of a name that could not be resolved. With printed initials it is the person the initials and
    surname name; otherwise the printed name in its role, with the party for a member: never shared across parties
    or between a member and a minister."""
    initials, rest = split_initials(printed)
    if initials:
        return str(minter.person(_initials_text(initials), rest))
    return str(minter.printed_person(rest, role.value, party))
