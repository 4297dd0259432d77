"""Properties of the extractor on arbitrary input: it never crashes, every span lies inside the text, and a note's
URLs are its own text with absolute IRIs."""

from __future__ import annotations

import re

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract_factories import source
from kgraph.extract import extract
from kgraph.extract.footnotes import cited_urls
from kgraph.mint import scheme_supplied
from kgraph.model import Document
from kgraph.record import record_schema, to_record

# Fragments of the printed conventions, so that generated text reaches the parsers' deeper branches.
FRAGMENTS = [
    "Vragen van het lid ", "Vragen van de leden ", "Mondelinge vragen van het lid ", "Krul", " (CDA)", " (allen CDA)",
    ", ", " en ", " aan de minister van ", " aan de Ministers van ", "Buitenlandse Zaken", " en van ", " voor ",
    " over het bericht ", "(ingezonden 22 mei 2025)", "(ontvangen 31 februari 2025)", "Antwoord van minister ",
    "Mededeling van staatssecretaris ", "Karremans (EZ)", ", mede namens de minister-president", "\n", "\n\n",
    "Vraag 1", "Vraag 2 en 3", "Antwoord", "Antwoord op vragen 2 t/m 4", "1.", "2)", "1a", "[footnoteRef:1]",
    "[1: NOS, 2024 https://nos.nl/a-\n b]", "1) Bron, 2024, (https://x.nl/", "1NOS, 2024", "Kamerstuk 21 501-02, nr. 2733",
    "Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 1137", "2025Z10261", "kv-tk-2024Z18775", "Toelichting:",
    "De minister van Justitie en Veiligheid,\n\nD. Yeşilgöz", "Awb", "digitaledienstenverordening", " ", "?",
    "(https://\nwww.nos.nl/a?b=1&c=2#d).", "https:/\n/nos.nl/x_(y)", "www.", "ttps://x.nl/",
]
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join),
)


def _spans(document: Document) -> list[tuple[int, int]]:
    items = [
        *document.askers, *document.addressees, *document.answerers, *document.on_behalf_of,
        *document.questions, *document.answers, *document.footnotes, *document.references,
    ]
    spans = [(item.span.start, item.span.end) for item in items]
    spans += [(d.span.start, d.span.end) for d in (document.submitted, document.received) if d is not None]
    return spans


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extract_never_crashes_and_spans_lie_inside_the_text(text: str) -> None:
    document = extract(source(text))
    for start, end in _spans(document):
        assert 0 <= start <= end <= len(text)
    jsonschema.validate(to_record(document), record_schema())


URL_PIECES = ["https://", "http:/", "https:", "ttps://", "www.", "nos.nl", "/", "artikel-", "12", "?a=", "&b=", "#", "(",
              ")", ".", ",", "»", " ", "\n", "  \n", "Zie ", "NOS"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(URL_PIECES), st.text(max_size=4)), max_size=30).map("".join))
def test_note_urls_are_printed_text_and_their_iris_absolute(raw: str) -> None:
    for url in cited_urls(raw):
        assert url.printed and not any(ch.isspace() for ch in url.printed)
        # Rejoining only removes the white space a line break put in: the printed URL is the note's own text.
        assert url.printed in "".join(raw.split())
        assert url.scheme_added == scheme_supplied(url.printed)
        assert re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$", url.iri), f"not an absolute IRI: {url.iri!r}"
        assert url.iri.startswith("https://") or not url.scheme_added
