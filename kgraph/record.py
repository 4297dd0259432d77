"""The JSON record: the public contract of `kgraph extract --format json` (schema: kgraph/data/record.schema.json).

Field names are fixed; reviewers and downstream tools read them. Lists keep printed order; `references` lists
each identifier once, in order of first mention. Every extracted item carries `span`: [start, end) character
offsets into the text kgraph read from the file.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from kgraph.identifiers import is_bwb_id
from kgraph.link.model import EntityLink, Links
from kgraph.link.people import person_iri
from kgraph.mint import Minter, statute_iri, web_iri
from kgraph.model import Document, ReferenceScheme, Span
from kgraph.resources import data_file


def _span(span: Span) -> list[int]:
    return [span.start, span.end]


def to_record(doc: Document, links: Links | None = None, minter: Minter | None = None) -> dict[str, Any]:
    """The JSON record of `doc`; with `links`, also `links` and an `iri` on every asker, addressee, answerer,
    statute and cited source: the same IRIs as in the graph."""
    record = _extracted(doc)
    if links is not None:
        _add_links(record, doc, links, minter or Minter())
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


def _add_links(record: dict[str, Any], doc: Document, links: Links, minter: Minter) -> None:
    for item, asker, link, party in zip(record["askers"], doc.askers, links.askers, links.asker_parties, strict=True):
        item["iri"] = person_iri(asker.name, asker.party, link, minter)
        item["person"] = _entity(link)
        item["party_link"] = _entity(party)
    for item, post, ministry in zip(record["addressees"], doc.addressees, links.addressee_ministries, strict=True):
        item["iri"] = str(minter.post(post.office, post.portfolio))
        item["ministry"] = _entity(ministry)
    for item, post, ministry in zip(record["on_behalf_of"], doc.on_behalf_of, links.on_behalf_ministries, strict=True):
        item["iri"] = str(minter.post(post.office, post.portfolio))
        item["ministry"] = _entity(ministry)
    answerer_links = zip(record["answerers"], doc.answerers, links.answerers, links.answerer_ministries, strict=True)
    for item, answerer, link, ministry in answerer_links:
        item["iri"] = person_iri(answerer.name, None, link, minter) if answerer.name else None
        item["post_iri"] = str(minter.post(answerer.office, answerer.portfolio))
        item["person"] = _entity(link)
        item["ministry"] = _entity(ministry)
    for statute in record["references"]["statutes"]:
        statute["iri"] = str(statute_iri(statute["id"]))
    case = links.case
    record["links"] = {
        "case": {"zaak": case.zaak, "uri": case.uri, "iri": str(minter.zaak(case.zaak)), "confidence": case.confidence,
                 "rule": case.rule} if case else None,
        "sources": [
            {"url": source.printed or source.url, "iri": str(web_iri(source.url)), "footnote": source.footnote,
             "publisher": _entity(source.publisher),
             "published": source.published.isoformat() if source.published else None, "title": source.title}
            for source in links.sources
        ],
        "unresolved": list(links.ambiguous),
    }


def to_json(doc: Document, links: Links | None = None, minter: Minter | None = None) -> str:
    """One line of JSON, keys in contract order, non-ASCII kept readable."""
    return json.dumps(to_record(doc, links, minter), ensure_ascii=False)


@functools.cache
def record_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(data_file("record.schema.json").read_text(encoding="utf-8"))
    return schema
