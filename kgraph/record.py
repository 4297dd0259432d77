"""The JSON record: the public contract of `kgraph extract --format json` (schema: kgraph/data/record.schema.json).

Field names are fixed; reviewers and downstream tools read them. Lists keep printed order; `references` lists
each identifier once, in order of first mention. Every extracted item carries `span`: [start, end) character
offsets into the text kgraph read from the file.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from kgraph.model import Document, ReferenceScheme, Span
from kgraph.resources import data_file


def _span(span: Span) -> list[int]:
    return [span.start, span.end]


def to_record(doc: Document) -> dict[str, Any]:
    def unique_ids(scheme: ReferenceScheme) -> list[str]:
        return list(dict.fromkeys(r.identifier for r in doc.references_of(scheme)))

    statutes: dict[str, dict[str, Any]] = {}
    for ref in doc.references_of(ReferenceScheme.STATUTE):
        statutes.setdefault(ref.identifier, {
            "id": ref.identifier,
            "scheme": "BWB" if ref.identifier.startswith("BWB") else "CELEX",
            "name": ref.label,
            "span": _span(ref.span),
        })
    return {
        "source": doc.source,
        "kind": doc.kind.value,
        "oral": doc.oral,
        "title": doc.title,
        "submitted": doc.submitted.value.isoformat() if doc.submitted else None,
        "received": doc.received.value.isoformat() if doc.received else None,
        "askers": [{"name": a.name, "party": a.party, "span": _span(a.span)} for a in doc.askers],
        "addressees": [{"office": a.office.value, "portfolio": a.portfolio, "span": _span(a.span)} for a in doc.addressees],
        "answerers": [
            {"office": a.office.value, "name": a.name, "portfolio": a.portfolio, "span": _span(a.span)} for a in doc.answerers
        ],
        "on_behalf_of": [{"office": a.office.value, "portfolio": a.portfolio, "span": _span(a.span)} for a in doc.on_behalf_of],
        "questions": [{"number": q.number, "text": q.text, "span": _span(q.span)} for q in doc.questions],
        "answers": [{"questions": list(a.questions), "text": a.text, "span": _span(a.span)} for a in doc.answers],
        "footnotes": [{"number": f.number, "text": f.text, "urls": list(f.urls), "span": _span(f.span)} for f in doc.footnotes],
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


def to_json(doc: Document) -> str:
    """One line of JSON, keys in contract order, non-ASCII kept readable."""
    return json.dumps(to_record(doc), ensure_ascii=False)


@functools.cache
def record_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(data_file("record.schema.json").read_text(encoding="utf-8"))
    return schema
