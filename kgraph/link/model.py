"""What the linking stage adds to a `Document`: typed links to real, shared identifiers.

Each link says which rule or data made it (`rule`) and how sure it is (`confidence`, 1.0 for a printed
identifier). A link that cannot be made safely is absent: a wrong link is worse than none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class EntityLink:
    """A printed mention resolved to a node shared across documents (a person, party, ministry, publisher)."""

    iri: str
    label: str  # the canonical name
    rule: str
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class CaseLink:
    """The Tweede Kamer case (zaak) the document belongs to."""

    zaak: str  # 2024Z03568
    guid: str  # the Zaak's OData Id
    uri: str  # https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Zaak(<guid>)
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class CitedSource:
    """A URL cited in a footnote, with what the note says about it."""

    url: str  # the page's absolute IRI (`CitedUrl.iri`: https:// added where the note printed no scheme)
    footnote: str  # the note's number
    publisher: EntityLink | None
    published: dt.date | None
    title: str | None
    printed: str | None = None  # the URL as printed; None when only a hyperlink carries it


@dataclass(frozen=True, slots=True)
class Links:
    """Links of one document. Tuples run parallel to the document's own lists (None where nothing linked)."""

    case: CaseLink | None = None
    askers: tuple[EntityLink | None, ...] = ()
    asker_parties: tuple[EntityLink | None, ...] = ()
    answerers: tuple[EntityLink | None, ...] = ()
    addressee_ministries: tuple[EntityLink | None, ...] = ()
    answerer_ministries: tuple[EntityLink | None, ...] = ()
    on_behalf_ministries: tuple[EntityLink | None, ...] = ()
    sources: tuple[CitedSource, ...] = ()
    ambiguous: tuple[str, ...] = field(default=())  # what could have been linked but was not, and why
