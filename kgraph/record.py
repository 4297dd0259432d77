"""The JSON record: the public contract of `kgraph extract --format json` (schema: kgraph/data/record.schema.json).

Field names are fixed; reviewers and downstream tools read them. Lists keep printed order; `references` lists
each identifier once, in order of first mention. Every extracted item carries `span`: [start, end) character
offsets into the text kgraph read from the file.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from kgraph.identifiers import is_bwb_id
from kgraph.link.memberships import PartyAtDate
from kgraph.link.model import EntityLink, LinkedDocument, PersonNode, PostNode
from kgraph.mint import Minter, statute_iri
from kgraph.model import Document, ReferenceScheme, Span
from kgraph.resources import data_file


def _span(span: Span) -> list[int]:
    return [span.start, span.end]


def to_record(
    doc: Document | LinkedDocument,
    minter: Minter | None = None,
    parties: Mapping[str, PartyAtDate] | None = None,
) -> dict[str, Any]:
    """The JSON record of a document. Of a `LinkedDocument` (the linking stage's output) also `links` and an `iri`
    on every asker, addressee, answerer, statute and cited source: the same IRIs as in the graph, read from it,
    never worked out again. `parties` (from `kgraph.link.memberships.resolve_parties`, by attribution) adds each
    asker's party at the document's date, and a warning where it overrules the printed one. A bare `Document`
    gives the extracted record alone (`minter` is not needed for it)."""
    if not isinstance(doc, LinkedDocument):
        return _extracted(doc)
    record = _extracted(doc.document)
    _add_links(record, doc, parties or {})
    return record


def _extracted(doc: Document) -> dict[str, Any]:
    def unique_ids(scheme: ReferenceScheme) -> list[str]:
        return list(dict.fromkeys(r.identifier for r in doc.references_of(scheme)))

    statutes: dict[str, dict[str, Any]] = {}
    for ref in doc.references_of(ReferenceScheme.STATUTE):
        statute = statutes.setdefault(ref.identifier, {
            "id": ref.identifier,
            "scheme": "BWB" if is_bwb_id(ref.identifier) else "CELEX",
            "name": ref.label,
            "span": _span(ref.span),
            "articles": [],
        })
        if ref.article and ref.article not in statute["articles"]:
            statute["articles"].append(ref.article)
    return {
        "source": doc.source,
        "kind": doc.kind.value,
        "oral": doc.oral,
        "title": doc.title,
        "submitted": doc.submitted.value.isoformat() if doc.submitted else None,
        "received": doc.received.value.isoformat() if doc.received else None,
        "askers": [{"name": a.name, "party": a.party, "span": _span(a.span)} for a in doc.askers],
        "addressees": [
            {"office": a.office.value, "portfolio": a.portfolio, "sub_portfolio": a.sub_portfolio, "span": _span(a.span)}
            for a in doc.addressees
        ],
        "answerers": [
            {"office": a.office.value, "name": a.name, "portfolio": a.portfolio, "sub_portfolio": a.sub_portfolio,
             "span": _span(a.span)}
            for a in doc.answerers
        ],
        "on_behalf_of": [
            {"office": a.office.value, "name": a.name, "portfolio": a.portfolio, "sub_portfolio": a.sub_portfolio,
             "span": _span(a.span)}
            for a in doc.on_behalf_of
        ],
        "in_absence_of": [
            {"office": a.office.value, "portfolio": a.portfolio, "sub_portfolio": a.sub_portfolio, "span": _span(a.span)}
            for a in doc.in_absence_of
        ],
        "questions": [{"number": q.number, "text": q.text, "span": _span(q.span)} for q in doc.questions],
        "answers": [{"questions": list(a.questions), "text": a.text, "span": _span(a.span)} for a in doc.answers],
        "footnotes": [
            {"number": f.number, "text": f.text, "urls": list(f.urls),
             "cited_urls": [{"printed": c.printed, "iri": c.iri, "scheme_added": c.scheme_added} for c in f.cited_urls],
             "span": _span(f.span)}
            for f in doc.footnotes
        ],
        "references": {
            "kamerstukken": unique_ids(ReferenceScheme.KAMERSTUK),
            "aanhangsel": unique_ids(ReferenceScheme.AANHANGSEL),
            "zaken": unique_ids(ReferenceScheme.ZAAK),
            "statutes": list(statutes.values()),
        },
        "koop_id": doc.koop_id,
        "sha256": doc.sha256,
        "warnings": list(doc.warnings),
    }


def _entity(link: EntityLink | None) -> dict[str, Any] | None:
    if link is None:
        return None
    return {"iri": link.iri, "name": link.label, "rule": link.rule, "confidence": link.confidence}


def _person(node: PersonNode | None) -> dict[str, Any] | None:
    """A linked person; None for a node of the printed name alone (its `iri` is on the item)."""
    if node is None or not node.linked:
        return None
    person: dict[str, Any] = {"iri": node.iri, "name": node.label, "rule": node.rule, "confidence": node.confidence}
    if node.initials:
        person["initials"] = node.initials
    if node.tk_id:
        person["tk_id"] = node.tk_id
    return person


def _post(item: dict[str, Any], post: PostNode) -> None:
    item["iri"] = post.iri
    item["label"] = post.label
    item["ministry"] = _entity(post.ministry)


def _add_links(record: dict[str, Any], linked: LinkedDocument, parties: Mapping[str, PartyAtDate]) -> None:
    warnings = list(linked.warnings)
    for item, asker in zip(record["askers"], linked.askers, strict=True):
        item["iri"] = asker.person.iri
        item["person"] = _person(asker.person)
        item["party_link"] = _entity(asker.party.link) if asker.party else None
        found = parties.get(asker.attribution)
        if found is not None:
            item["party_at_date"] = {"iri": found.party, "name": found.label, "rule": found.rule,
                                     "confidence": found.confidence}
            if found.disagrees:
                warnings.append(f"asker {asker.asker.name!r}: party printed {asker.asker.party!r}, but the member's "
                                f"party at the date is {found.label} ({found.agreeing} of {found.others} other "
                                "question sets within a year)")
    for item, post in zip(record["addressees"], linked.addressees, strict=True):
        _post(item, post)
    for item, post in zip(record["in_absence_of"], linked.absent, strict=True):
        _post(item, post)
    for item, post in zip(record["on_behalf_of"], linked.on_behalf_of, strict=True):
        _post(item, post)
        item["person"] = _person(post.holder)
        item["person_iri"] = post.holder.iri if post.holder else None
    for item, post in zip(record["answerers"], linked.answerers, strict=True):
        item["iri"] = post.holder.iri if post.holder else None
        item["post_iri"] = post.iri
        item["post_label"] = post.label
        item["person"] = _person(post.holder)
        item["ministry"] = _entity(post.ministry)
    for statute in record["references"]["statutes"]:
        statute["iri"] = str(statute_iri(statute["id"]))
    case = linked.case
    record["links"] = {
        "case": {"zaak": case.zaak, "uri": case.uri, "iri": case.iri, "confidence": case.confidence, "rule": case.rule,
                 "subject": case.subject, "started": case.started.isoformat() if case.started else None}
                if case else None,
        "sources": [
            {"url": source.printed or source.iri, "iri": source.iri, "footnote": source.footnote,
             "publisher": _entity(source.publisher),
             "published": source.published.isoformat() if source.published else None, "title": source.title}
            for source in linked.sources
        ],
        "unresolved": list(linked.notes),
        "warnings": warnings,
    }


def to_json(doc: Document | LinkedDocument, parties: Mapping[str, PartyAtDate] | None = None) -> str:
    """One line of JSON, keys in contract order, non-ASCII kept readable."""
    return json.dumps(to_record(doc, parties=parties), ensure_ascii=False)


@functools.cache
def record_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(data_file("record.schema.json").read_text(encoding="utf-8"))
    return schema
