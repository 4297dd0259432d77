"""A hand-built world of twelve documents for the query library and the network views, mapped by the real
`document_graph` (so the queries are tested against the triples kgraph actually writes).

Members: Jan Jansen (CDA), Piet Peters (CDA), Sara Smit (SP). Ministries: Financiën (FIN), Justitie en
Veiligheid (JENV). Cases: Z1 2024Z00001, Z2 2024Z00002, Z3 2024Z00003, Z4 2024Z00004.

    doc  kind          id                  case  askers        to         submitted   received    notes
    D1   questions     kv-tk-2024Z00001    Z1    Jansen, Smit  FIN        2024-01-10              q1-3; note: nos.nl/artikel/1 (NOS), www.example.org/blog (no publisher)
    D2   answer        ah-tk-20232024-100  Z1    Jansen, Smit  FIN        2024-01-10  2024-01-24  q1-3, a1-3; answered by FIN; note: nos.nl/artikel/1; cites BWBR0001840;
                                                                                                  see-also ah-tk-20232024-300 (a LATER publication: no postponement)
    D3   questions     kv-tk-2024Z00002    Z2    Peters, Jansen JENV      2024-02-05              q1-2; note: nos.nl/artikel/2 (NOS), nrc.nl/x (NRC)
    D4   postponement  ah-tk-20232024-150  Z2    Peters, Jansen JENV      2024-02-05  2024-02-26
    D5   answer        ah-tk-20232024-200  Z2    Peters, Jansen JENV      2024-02-05  2024-03-20  q1-2, a1-2; answered by JENV; art. 310 of BWBR0001854 in a1,
                                                                                                  kst-36410-V-27 in q2; cites ah-tk-20232024-100 (D2's publication);
                                                                                                  prints Jansen's party as SP (a misprint: he is CDA in Z1 and Z4)
    D6   questions     kv-tk-2024Z00003    Z3    Smit          JENV, FIN  2024-03-01              q1; follows up 2024Z00001; cites 32016R0679
    D7   questions     (raw upload)        -     Peters        FIN        2024-03-15              q1-2
    D8   answer        (raw upload)        -     Smit          FIN        2023-12-01  2024-01-05  q1, a1; answered by FIN; see-also ah-tk-20232024-050 (= D12)
    D9   postponement  ah-tk-20232024-400  Z3    Smit          -          2024-03-01  2024-03-25
    D10  questions     kv-tk-2024Z00004    Z4    Smit, Jansen  JENV       2024-04-01              q1
    D11  postponement  ah-tk-20232024-500  Z4    Smit, Jansen  -                      2024-04-20  answered in kst-31066-1450
    D12  postponement  ah-tk-20232024-050  -     (none)        -                      2023-12-20  answered by FIN

Question sets (a case, or a document without one): Z1 {D1, D2}, Z2 {D3, D4, D5}, Z3 {D6, D9}, Z4 {D10, D11},
D7, D8. The expected answers in the tests are worked out by hand from this table.

The store is built as `kgraph build` builds one: each document linked by the real linking stage (people from a
case index naming Jan Jansen (J.), Piet Peters (P.) and Sara Smit (S.); the case of each document as the table
says), mapped, and the members' parties at each date resolved across the store (`put_memberships`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from rdflib import URIRef

from kgraph.link.cases import Case, CaseIndex
from kgraph.link.memberships import put_memberships
from kgraph.link.model import CaseNode, LinkedDocument
from kgraph.link.people import People
from kgraph.link.stage import Linker
from kgraph.mint import Minter, publication_iri, statute_article_iri, statute_iri, web_iri
from kgraph.model import Document, Kind, Office, Role, Span
from kgraph.rdf import document_graph
from kgraph.store import Store

from factories import answer, answerer, asker, date, document, footnote, post, question, reference

MINT = Minter()

JAN, PIET, SARA = (MINT.person(initials, name) for initials, name in (("J.", "Jansen"), ("P.", "Peters"), ("S.", "Smit")))
CDA, SP = MINT.party("CDA"), MINT.party("SP")
FIN, JENV = MINT.ministry("Financiën"), MINT.ministry("Justitie en Veiligheid")
Z1, Z2, Z3, Z4 = (MINT.zaak(f"2024Z0000{n}") for n in range(1, 5))
NOS, NRC = MINT.publisher("NOS"), MINT.publisher("NRC")
GRONDWET, STRAFRECHT, AVG = statute_iri("BWBR0001840"), statute_iri("BWBR0001854"), statute_iri("32016R0679")
ARTICLE_310 = statute_article_iri("BWBR0001854", "310")
KST = publication_iri("kst-36410-V-27")
NOS_1, NOS_2 = web_iri("https://nos.nl/artikel/1"), web_iri("https://nos.nl/artikel/2")
NRC_X, BLOG = web_iri("https://www.nrc.nl/x"), web_iri("https://www.example.org/blog")

_MEMBERS = {"Jansen": ("Jan Jansen", "J."), "Peters": ("Piet Peters", "P."), "Smit": ("Sara Smit", "S.")}
_CASE_ASKERS = {"2024Z00001": ("Jansen", "Smit"), "2024Z00002": ("Peters", "Jansen"), "2024Z00003": ("Smit",),
                "2024Z00004": ("Smit", "Jansen")}
_STARTED = {"2024Z00001": "2024-01-10", "2024Z00002": "2024-02-05", "2024Z00003": "2024-03-01", "2024Z00004": "2024-04-01"}
CASES = [Case(f"0000000{n}-0000-0000-0000-000000000000", nummer, f"Onderwerp {n}", dt.date.fromisoformat(_STARTED[nummer]),
              tuple(_MEMBERS[name] for name in askers))
         for n, (nummer, askers) in enumerate(_CASE_ASKERS.items(), start=1)]
LINKER = Linker(MINT, CaseIndex(CASES), People(CASES, MINT, tk_ids={}))


def _linked(doc: Document, case: str | None) -> LinkedDocument:
    """The document as the linking stage links it (people, parties, ministries, publishers), with the case the
    table gives it."""
    linked = LINKER.link(doc)
    node = None
    if case is not None:
        found = next(c for c in CASES if c.nummer == case)
        node = CaseNode(str(MINT.zaak(case)), case, "test", 1.0, found.zaak_id, None, found.subject, found.started)
    questions = tuple(replace(q, case_question=str(MINT.case_question(case, q.number)) if case else None)
                      for q in linked.questions)
    return replace(linked, case=node, questions=questions)


def _inside(span: Span) -> Span:
    """A span inside `span` (a citation printed in that question's or answer's text)."""
    return Span(span.start + 1, span.start + 4)


def world() -> list[tuple[Document, str | None]]:
    """The twelve documents, each with its case number (or None)."""
    fin, jenv = post(Office.MINISTER, "Financiën"), post(Office.MINISTER, "Justitie en Veiligheid")
    fin_answers = answerer(Office.MINISTER, "Bakker", "Financiën")
    jenv_answers = answerer(Office.MINISTER, "Visser", "Justitie en Veiligheid")
    three = tuple(question(str(n)) for n in (1, 2, 3))
    two = tuple(question(str(n)) for n in (1, 2))
    d5 = document(
        Kind.ANSWER, source="d5.pdf", koop_id="ah-tk-20232024-200", submitted=date("2024-02-05"),
        received=date("2024-03-20"), askers=(asker("Peters", "CDA"), asker("Jansen", "SP")), addressees=(jenv,),
        answerers=(jenv_answers,), questions=two, answers=(answer("1"), answer("2")),
    )
    # Placed by hand: the statute article inside answer 1, the Kamerstuk inside question 2, the Aanhangsel
    # publication after both (in the header or a note, as far as the qa-references view is concerned).
    d5 = replace(d5, references=(
        reference("BWBR0001854", label="artikel 310 Sr", span=_inside(d5.answers[0].span), article="310"),
        reference("kst-36410-V-27", span=_inside(d5.questions[1].span)),
        reference("ah-tk-20232024-100", span=Span(5000, 5020)),
    ))
    return [
        (document(Kind.QUESTIONS, source="d1.pdf", koop_id="kv-tk-2024Z00001", submitted=date("2024-01-10"),
                  askers=(asker("Jansen", "CDA"), asker("Smit", "SP")), addressees=(fin,), questions=three,
                  footnotes=(footnote("1", urls=("https://nos.nl/artikel/1", "https://www.example.org/blog")),)),
         "2024Z00001"),
        (document(Kind.ANSWER, source="d2.pdf", koop_id="ah-tk-20232024-100", submitted=date("2024-01-10"),
                  received=date("2024-01-24"), askers=(asker("Jansen", "CDA"), asker("Smit", "SP")),
                  addressees=(fin,), answerers=(fin_answers,), questions=three,
                  answers=(answer("1"), answer("2"), answer("3")),
                  footnotes=(footnote("1", urls=("https://nos.nl/artikel/1",)),),
                  references=(reference("BWBR0001840"), reference("ah-tk-20232024-300", role=Role.SEE_ALSO))),
         "2024Z00001"),
        (document(Kind.QUESTIONS, source="d3.pdf", koop_id="kv-tk-2024Z00002", submitted=date("2024-02-05"),
                  askers=(asker("Peters", "CDA"), asker("Jansen", "CDA")), addressees=(jenv,), questions=two,
                  footnotes=(footnote("1", urls=("https://nos.nl/artikel/2", "https://www.nrc.nl/x")),)),
         "2024Z00002"),
        (document(Kind.POSTPONEMENT, source="d4.pdf", koop_id="ah-tk-20232024-150", submitted=date("2024-02-05"),
                  received=date("2024-02-26"), askers=(asker("Peters", "CDA"), asker("Jansen", "CDA")),
                  addressees=(jenv,), answerers=(jenv_answers,)),
         "2024Z00002"),
        (d5, "2024Z00002"),
        (document(Kind.QUESTIONS, source="d6.pdf", koop_id="kv-tk-2024Z00003", submitted=date("2024-03-01"),
                  askers=(asker("Smit", "SP"),), addressees=(jenv, fin), questions=(question("1"),),
                  references=(reference("2024Z00001", role=Role.FOLLOWS_UP), reference("32016R0679"))),
         "2024Z00003"),
        (document(Kind.QUESTIONS, source="d7.docx", submitted=date("2024-03-15"), askers=(asker("Peters", "CDA"),),
                  addressees=(fin,), questions=two),
         None),
        (document(Kind.ANSWER, source="d8.docx", submitted=date("2023-12-01"), received=date("2024-01-05"),
                  askers=(asker("Smit", "SP"),), addressees=(fin,), answerers=(fin_answers,),
                  questions=(question("1"),), answers=(answer("1"),),
                  references=(reference("ah-tk-20232024-050", role=Role.SEE_ALSO),)),
         None),
        (document(Kind.POSTPONEMENT, source="d9.pdf", koop_id="ah-tk-20232024-400", submitted=date("2024-03-01"),
                  received=date("2024-03-25"), askers=(asker("Smit", "SP"),), answerers=(jenv_answers,)),
         "2024Z00003"),
        (document(Kind.QUESTIONS, source="d10.pdf", koop_id="kv-tk-2024Z00004", submitted=date("2024-04-01"),
                  askers=(asker("Smit", "SP"), asker("Jansen", "CDA")), addressees=(jenv,),
                  questions=(question("1"),)),
         "2024Z00004"),
        (document(Kind.POSTPONEMENT, source="d11.pdf", koop_id="ah-tk-20232024-500", received=date("2024-04-20"),
                  askers=(asker("Smit", "SP"), asker("Jansen", "CDA")), answerers=(jenv_answers,),
                  references=(reference("kst-31066-1450", role=Role.ANSWERED_IN),)),
         "2024Z00004"),
        (document(Kind.POSTPONEMENT, source="d12.pdf", koop_id="ah-tk-20232024-050", received=date("2023-12-20"),
                  answerers=(fin_answers,)),
         None),
    ]


def doc_iri(number: int) -> URIRef:
    """The IRI of document D<number> of the table above."""
    return MINT.document(world()[number - 1][0])


def build_store(path: Path) -> Store:
    """A new store at `path` holding the world; the caller closes it."""
    store = Store.open(path, create=True)
    for doc, case in world():
        graph = document_graph(_linked(doc, case))
        store.put_document(MINT.document(doc), graph, source=doc.source, sha256=doc.sha256)
    put_memberships(store, MINT)
    return store

