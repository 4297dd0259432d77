"""What the linking stage makes of a `Document`: one `LinkedDocument` in which every node has its IRI.

Each node says how it was decided: `rule` names the rule or data, `confidence` how sure it is (1.0 for a printed
identifier or a table entry). A node the linker could not tie to reference data is still a node, minted from what
the document prints, with `linked` false, so `kgraph.rdf` and `kgraph.record` never work an IRI out again: they
only read this model. The null linker (`kgraph.link.stage.NullLinker`, for `--no-link`) gives the same kinds of
nodes minted the same way, from the printed values alone.

A wrong link is worse than none: a link that cannot be made safely is absent, and `notes` says why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kgraph.mint import Minter
from kgraph.model import Answerer, Asker, Document, Post


@dataclass(frozen=True, slots=True)
class EntityLink:
    """A printed mention resolved to a node shared across documents (a party, ministry, publisher)."""

    iri: str
    label: str  # the canonical name
    rule: str
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class PersonNode:
    """The person a printed name is: resolved to someone the reference data knows (`linked`), or a node of the
    printed name alone. `label` is the fullest name known; `initials` and `tk_id` what identifies them."""

    iri: str
    label: str
    printed: str
    rule: str
    confidence: float
    linked: bool
    initials: str | None = None
    tk_id: str | None = None  # the Tweede Kamer's Persoon Id


@dataclass(frozen=True, slots=True)
class PartyNode:
    """The party printed with an asker, as printed and as the node it names. The member's party at the document's
    date is resolved across documents (`kgraph.link.memberships`), not here."""

    iri: str
    label: str  # the canonical name, or the label as printed when the table does not know it
    printed: str
    link: EntityLink | None  # how the printed label was linked, when it was


@dataclass(frozen=True, slots=True)
class LinkedAsker:
    asker: Asker
    person: PersonNode
    party: PartyNode | None
    attribution: str  # the qualified attribution of the document to this asker


@dataclass(frozen=True, slots=True)
class PostNode:
    """A government post a document names: addressed, answering, on whose behalf, or absent. A sub-portfolio is a
    post of its own (`parent` is the ministry's post); `label` reads as printed ("minister voor Langdurige Zorg en
    Sport"). `holder` is the person, when the document names one."""

    iri: str
    label: str
    printed: Post | Answerer
    ministry: EntityLink | None
    ministry_iri: str
    ministry_label: str
    role_iri: str
    parent: str | None = None  # the post of the whole portfolio, for a sub-portfolio
    holder: PersonNode | None = None
    holding: str | None = None  # the org:Membership of the holder in the post
    parent_label: str | None = None
    attribution: str | None = None  # an answerer's qualified attribution


@dataclass(frozen=True, slots=True)
class CaseNode:
    """The Tweede Kamer case (zaak) the document belongs to; `guid`, `subject` and `started` come from the case
    index and are None for a printed number the index does not hold."""

    iri: str
    zaak: str  # 2024Z03568
    rule: str
    confidence: float
    guid: str | None = None
    uri: str | None = None  # https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Zaak(<guid>)
    subject: str | None = None
    started: dt.date | None = None
    oral: bool = False


@dataclass(frozen=True, slots=True)
class CitedSource:
    """A URL cited in a footnote, with what that citation in the note says about it."""

    iri: str  # the page's node: the printed URL (https:// added where the note printed none), tracking removed
    footnote: str  # the note's number
    publisher: EntityLink | None
    published: dt.date | None
    title: str | None
    printed: str | None = None  # the URL as printed; None when only a hyperlink carries it

    @property
    def url(self) -> str:
        return self.iri


@dataclass(frozen=True, slots=True)
class QuestionNode:
    """A question of the document: its own node, and the case's question it prints (a question set and its answer
    print the same case question)."""

    iri: str
    number: str
    case_question: str | None = None


@dataclass(frozen=True, slots=True)
class LinkedDocument:
    """A document with every node it names decided: the linking stage's one output."""

    document: Document
    minter: Minter
    iri: str
    linked: bool  # False from the null linker
    askers: tuple[LinkedAsker, ...] = ()
    addressees: tuple[PostNode, ...] = ()
    answerers: tuple[PostNode, ...] = ()
    on_behalf_of: tuple[PostNode, ...] = ()
    absent: tuple[PostNode, ...] = ()
    questions: tuple[QuestionNode, ...] = ()
    case: CaseNode | None = None
    cited_cases: tuple[CaseNode, ...] = ()  # other zaken the document prints ("vraagnummer …"), as the index knows them
    sources: tuple[CitedSource, ...] = ()
    date: dt.date | None = None  # the document's own date: received, else submitted
    notes: tuple[str, ...] = field(default=())  # what could have been linked but was not, and why
    warnings: tuple[str, ...] = field(default=())  # what the linker found wrong in the document (a malformed URL)

    @property
    def people(self) -> tuple[PersonNode, ...]:
        """Every person node: askers, then the holders of the posts."""
        holders = tuple(post.holder for post in (*self.answerers, *self.on_behalf_of) if post.holder is not None)
        return tuple(asker.person for asker in self.askers) + holders

    @property
    def submitted(self) -> dt.date | None:
        """When the questions were submitted: as printed ("ingezonden"), else the case's start date."""
        if self.document.submitted is not None:
            return self.document.submitted.value
        return self.case.started if self.case is not None else None
