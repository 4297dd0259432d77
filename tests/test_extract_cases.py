"""Table-driven cases for the printed conventions the extractor must read. Each case is a small snippet
written for the test, in the form real documents print it."""

from __future__ import annotations

import pytest

from extract_factories import askers, cited, doc, noted, posts
from kgraph.model import Kind, ReferenceScheme

Q = "\n\n1. Klopt het?\n"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Vragen van het lid Krul (CDA) aan de minister van Financiën (ingezonden 1 mei 2024)", [("Krul", "CDA")]),
        (
            "Vragen van de leden Bontenbal, Krul en Boswijk (allen CDA) aan de minister van Financiën",
            [("Bontenbal", "CDA"), ("Krul", "CDA"), ("Boswijk", "CDA")],
        ),
        (
            "Vragen van de leden Gabriëls en Bromet (beiden GroenLinks-PvdA) aan de minister van Financiën",
            [("Gabriëls", "GroenLinks-PvdA"), ("Bromet", "GroenLinks-PvdA")],
        ),
        (
            "Vragen van de leden Dobbe (SP), Piri (GroenLinks-PvdA) en Teunissen (PvdD) aan de minister van Defensie",
            [("Dobbe", "SP"), ("Piri", "GroenLinks-PvdA"), ("Teunissen", "PvdD")],
        ),
        (
            "Vragen van het lid DaniëlleJansen (Nieuw Sociaal Contract) aan de Minister\nvan Volksgezondheid, Welzijn en Sport",
            [("Daniëlle Jansen", "Nieuw Sociaal Contract")],
        ),
        ("Vragen van het lid Inge vanDijk (CDA) aan de minister van Financiën", [("Inge van Dijk", "CDA")]),
        ("Vragen van het lid Faber-van de Klashorst(PVV) aan de minister van Defensie", [("Faber-van de Klashorst", "PVV")]),
        ("Vragen van het lid Van Houwelingen (FVD) aan de Minister van Klimaat en\nGroene Groei", [("Van Houwelingen", "FVD")]),
    ],
)
def test_askers_and_parties(header: str, expected: list[tuple[str, str | None]]) -> None:
    assert askers(header + Q) == expected


def test_oral_questions() -> None:
    document = doc("Mondelinge vragen van het lid Krul (CDA) aan de Minister voor Economische\nZaken over TEMU (ingezonden 19 november 2024)")
    assert document.oral is True
    assert document.kind is Kind.QUESTIONS
    assert posts(document.addressees) == [("minister", "Economische Zaken")]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("aan de minister van Buitenlandse Zaken en de staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties",
         [("minister", "Buitenlandse Zaken"), ("staatssecretaris", "Binnenlandse Zaken en Koninkrijksrelaties")]),
        ("aan de Ministers van Landbouw, Natuur en Voedselkwaliteit en van Justitie en Veiligheid",
         [("minister", "Landbouw, Natuur en Voedselkwaliteit"), ("minister", "Justitie en Veiligheid")]),
        ("aan de Ministers van Financiën en voor Klimaat en Energie",
         [("minister", "Financiën"), ("minister", "Klimaat en Energie")]),
        ("aan de Staatssecretaris en de Minister van Justitie en Veiligheid",
         [("staatssecretaris", "Justitie en Veiligheid"), ("minister", "Justitie en Veiligheid")]),
        ("aan de minister-president, minister van Algemene Zaken", [("minister-president", "Algemene Zaken")]),
        ("aan de Minister van Volksgezondheid, Welzijn enSport", [("minister", "Volksgezondheid, Welzijn en Sport")]),
    ],
)
def test_addressees(phrase: str, expected: list[tuple[str, str]]) -> None:
    document = doc(f"Vragen van het lid Krul (CDA) {phrase} over iets (ingezonden 1 mei 2024)" + Q)
    assert posts(document.addressees) == expected


@pytest.mark.parametrize(
    ("header", "answerers", "on_behalf"),
    [
        ("Antwoord van minister Karremans (Economische Zaken), mede namens de minister van Buitenlandse Zaken (ontvangen 22 september 2025)",
         [("minister", "Karremans", "Economische Zaken")], [("minister", "Buitenlandse Zaken")]),
        ("Antwoord van staatssecretaris Van Oostenbruggen (Financiën – Fiscaliteit en Belastingdienst) (ontvangen 2 december 2024)",
         [("staatssecretaris", "Van Oostenbruggen", "Financiën")], []),
        ("Antwoord van minister Veldkamp (BZ) (ontvangen 2 december 2024)", [("minister", "Veldkamp", "Buitenlandse Zaken")], []),
        ("Antwoord van minister Schouten (Armoedebeleid, Participatie en Pensioenen) en staatssecretaris Van Hijum (Sociale Zaken en Werkgelegenheid) (ontvangen 2 december 2024)",
         [("minister", "Schouten", "Armoedebeleid, Participatie en Pensioenen"), ("staatssecretaris", "Van Hijum", "Sociale Zaken en Werkgelegenheid")], []),
        ("Antwoord van minister Agema (Volksgezondheid, Welzijn en Sport), mede namens de Staatssecretarissen van Financiën en van Justitie en Veiligheid (ontvangen 2 december 2024)",
         [("minister", "Agema", "Volksgezondheid, Welzijn en Sport")], [("staatssecretaris", "Financiën"), ("staatssecretaris", "Justitie en Veiligheid")]),
        ("Mededeling van staatssecretaris Rummenie (Landbouw, Visserij, Voedselzekerheid en Natuur) (ontvangen 20 november 2024)",
         [("staatssecretaris", "Rummenie", "Landbouw, Visserij, Voedselzekerheid en Natuur")], []),
        ("Antwoord van de Minister van Defensie (ontvangen 2 december 2024)", [("minister", None, "Defensie")], []),
    ],
)
def test_answerers(header: str, answerers: list[tuple[str, str | None, str]], on_behalf: list[tuple[str, str]]) -> None:
    document = doc(header + "\n\nVraag 1\nKlopt het?\n\nAntwoord 1\nJa.\n")
    assert [(a.office.value, a.name, a.portfolio) for a in document.answerers] == answerers
    assert posts(document.on_behalf_of) == on_behalf


@pytest.mark.parametrize(
    ("body", "questions", "answers"),
    [
        ("Vraag 1\nA?\nAntwoord 1\nJa.\nVraag 2\nB?\nVraag 3\nC?\nAntwoord 2 en 3\nNee.\n", ["1", "2", "3"], [("1",), ("2", "3")]),
        ("Vraag 1\nA?\nVraag 2\nB?\nVraag 3\nC?\nVraag 4\nD?\nAntwoord op vragen 2 t/m 4\nNee.\n", ["1", "2", "3", "4"], [("2", "3", "4")]),
        ("Vraag 3, 4, 5 en 6\nA?\n\nB?\n\nC?\n\nD?\nAntwoord op vraag 3, 4, 5 en 6\nNee.\n", ["3", "4", "5", "6"], [("3", "4", "5", "6")]),
        ("1. A?\n1a. En B?\n2. C?\n", ["1", "1a", "2"], []),
        ("1\nA?\nAntwoord\nJa.\n2\nB?\nAntwoord\nNee.\n", ["1", "2"], [("1",), ("2",)]),
        ("Vraag 1:\nA?\nAntwoord op vraag 1:\nJa.\n", ["1"], [("1",)]),
    ],
)
def test_numbering_and_grouped_answers(body: str, questions: list[str], answers: list[tuple[str, ...]]) -> None:
    document = doc("Vragen van het lid Krul (CDA) aan de minister van Financiën (ingezonden 1 mei 2024)\n\n" + body)
    assert [q.number for q in document.questions] == questions
    assert [a.questions for a in document.answers] == answers


def test_grouped_question_heading_splits_paragraphs() -> None:
    document = doc("Vraag 3, 4 en 5\nEerste?\n\nTweede?\n\nDerde?\nAntwoord 3, 4 en 5\nJa.\n")
    assert [(q.number, q.text) for q in document.questions] == [("3", "Eerste?"), ("4", "Tweede?"), ("5", "Derde?")]


def test_stray_numbers_are_not_questions() -> None:
    # A footnote number on its own line between questions, and a list inside an answer.
    body = "Vraag 1\nA?\n1\nVraag 2\nB?\nAntwoord 1\nJa:\n1. eerst\n2. dan\nAntwoord 2\nNee.\n"
    document = doc(body)
    assert [q.number for q in document.questions] == ["1", "2"]


@pytest.mark.parametrize(
    ("text", "scheme", "expected"),
    [
        ("Kamerstuk 21 501-02, nr. 2733", ReferenceScheme.KAMERSTUK, ["kst-21501-02-2733"]),
        ("Kamerstukken II, 2023/24, 36 410 V, nr. 27", ReferenceScheme.KAMERSTUK, ["kst-36410-V-27"]),
        ("zie de brief (36 471-64)", ReferenceScheme.KAMERSTUK, ["kst-36471-64"]),
        ("Kamerstuk 29 754, nr. 612", ReferenceScheme.KAMERSTUK, ["kst-29754-612"]),
        ("Zie ook Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 1137", ReferenceScheme.AANHANGSEL, ["ah-tk-20232024-1137"]),
        ("Aanhangsel van de Handelingen II 2023/24, nr. 87", ReferenceScheme.AANHANGSEL, ["ah-tk-20232024-87"]),
        ("(vraagnummer 2025Z10261)", ReferenceScheme.ZAAK, ["2025Z10261"]),
        ("artikel 68 Grondwet en de Awb", ReferenceScheme.STATUTE, ["BWBR0001840", "BWBR0005537"]),
        ("de Opiumwet", ReferenceScheme.STATUTE, ["BWBR0001941"]),
        ("de Ow", ReferenceScheme.STATUTE, []),  # ambiguous abbreviation: no statute without context
    ],
)
def test_references(text: str, scheme: ReferenceScheme, expected: list[str]) -> None:
    assert [r.identifier for r in doc(text).references_of(scheme)] == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Vragen van het lid Krul (CDA) aan de minister van Financiën (ingezonden 1 mei 2024)\n\n1. Klopt het?\n", Kind.QUESTIONS),
        ("Antwoord van minister Heinen (Financiën) (ontvangen 2 mei 2024)\n\nVraag 1\nKlopt het?\nAntwoord 1\nJa.\n", Kind.ANSWER),
        ("Mededeling van minister Heinen (Financiën) (ontvangen 2 mei 2024)\n\nDe vragen van het lid Krul (CDA) kunnen niet binnen de gebruikelijke termijn worden beantwoord.\n", Kind.POSTPONEMENT),
        ("Uitstel beantwoording vragen van het lid Krul\n\nDe vragen kunnen niet binnen de termijn worden beantwoord.", Kind.POSTPONEMENT),
        ("Een brief over iets anders.", Kind.OTHER),
    ],
)
def test_kind(text: str, kind: Kind) -> None:
    assert doc(text).kind is kind


def test_answer_document_without_answers_warns() -> None:
    document = doc("Antwoord van minister Heinen (Financiën) (ontvangen 2 mei 2024)\n\nHier staat niets genummerd.")
    assert document.kind is Kind.ANSWER
    assert document.warnings == ("answer document without any answers found",)


@pytest.mark.parametrize(
    ("text", "submitted", "received"),
    [
        ("(ingezonden 22 mei 2025)", "2025-05-22", None),
        ("(ingezonden\n30 oktober 2024).\nAntwoord van Minister Agema (VWS)\n(ontvangen 19 november 2024).", "2024-10-30", "2024-11-19"),
        ("(ingezonden 31 februari 2025)", None, None),  # no such day: no date rather than a wrong one
    ],
)
def test_dates(text: str, submitted: str | None, received: str | None) -> None:
    document = doc(text)
    assert (document.submitted.value.isoformat() if document.submitted else None) == submitted
    assert (document.received.value.isoformat() if document.received else None) == received


@pytest.mark.parametrize(
    ("text", "scheme", "expected"),
    [
        ("Zie ook AanhangselHandelingen, vergaderjaar 2024–2025, nr. 244.", ReferenceScheme.AANHANGSEL, ["ah-tk-20242025-244"]),
        ("Zie ook Aanhangsel Handelingen,vergaderjaar 2024–2025, nr. 337.", ReferenceScheme.AANHANGSEL, ["ah-tk-20242025-337"]),
        ("de motie (Kamerstuk36 600 XII, nr. 42)", ReferenceScheme.KAMERSTUK, ["kst-36600-XII-42"]),
        ("motie (TK vergaderjaar 2023–2024, 36 410 XVI, nr. 116)", ReferenceScheme.KAMERSTUK, ["kst-36410-XVI-116"]),
        ("5Eerste Kamer, 36 373, H", ReferenceScheme.KAMERSTUK, ["kst-36373-H"]),
        ("een bedrag van 12 345, nr. onbekend", ReferenceScheme.KAMERSTUK, []),
        ("tekst\n32024Z15585/2024D37938", ReferenceScheme.ZAAK, ["2024Z15585"]),
    ],
)
def test_damaged_references(text: str, scheme: ReferenceScheme, expected: list[str]) -> None:
    assert [r.identifier for r in doc(text).references_of(scheme)] == expected


def test_notes_glued_to_their_number_in_pdf_text() -> None:
    text = (
        "Vraag 1\nBent u bekend met het bericht?1\nAntwoord 1\nJa, zie de\n"
        "1NOS, 29 oktober 2024, Meer ziekenhuizen in problemen, Zorgak-\nkoord, https://nos.nl/artikel/2542490-meer-\nziekenhuizen\n \n"
        "Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 1\nrest van het antwoord.\nVraag 2\nEn nu?\nAntwoord 2\nNee.\n"
        "22023 Annual report: https://op.europa.eu/en/publication-detail/-/publication/a80c9b4f9d5a-11ee-\nb164-01aa75ed71a1\n"
    )
    document = doc(text)
    assert [(f.number, f.urls) for f in document.footnotes] == [
        ("1", ("https://nos.nl/artikel/2542490-meer-ziekenhuizen",)),
        ("2", ("https://op.europa.eu/en/publication-detail/-/publication/a80c9b4f9d5a-11ee-b164-01aa75ed71a1",)),
    ]
    assert "NOS" not in document.answers[0].text
    assert document.answers[0].text.startswith("Ja, zie de")


def test_bracketed_notes_and_referenced_notes_without_citation() -> None:
    text = (
        "Vragen van het lid Krul (CDA) aan de minister-president (ingezonden 20 november 2024)\n\n"
        "Kunt u kennisnemen van de brief? 1)\n\nKunt u reageren op de brief?\n\n \n\n1) Bijlage onderhands meegezonden\n"
    )
    document = doc(text)
    assert [q.number for q in document.questions] == ["1", "2"]  # unnumbered paragraphs, numbered in order
    assert [(f.number, f.text) for f in document.footnotes] == [("1", "Bijlage onderhands meegezonden")]
    bracketed = doc("Vraag 1\nKent u het bericht?[1]\n\n[1] NOS Nieuws, 17 november 2024 https://bijlagen.nos.nl/a.pdf\n")
    assert [f.urls for f in bracketed.footnotes] == [("https://bijlagen.nos.nl/a.pdf",)]


def test_oral_question_header_alone_has_no_questions() -> None:
    text = (
        "2024Z18775\nMondelinge vragen van het lid Krul (CDA) aan de Minister voor Economische\nZaken over TEMU "
        "(ingezonden 19 november 2024)\n\nkv-tk-2024Z18775\n’s-Gravenhage 2024 Tweede Kamer, vergaderjaar 2024–2025, Vragen\n"
    )
    document = doc(text)
    assert document.questions == ()
    assert document.oral is True
    assert document.koop_id == "kv-tk-2024Z18775"


def test_ministry_letter_signature_names_the_answerer() -> None:
    text = (
        "Hierbij zend ik u de antwoorden.\n\nmede namens de minister van Justitie en Veiligheid,\n\n"
        "de minister van Landbouw, Natuur en Voedselkwaliteit\n\nP. Adema\n\n"
        "Antwoorden van de minister van Landbouw, Natuur en Voedselkwaliteit op Kamervragen\n\n"
        "Vraag 1\nWat is uw reactie?\n\nAntwoord op vraag 1\nGeen.\n"
    )
    document = doc(text)
    assert [(a.office.value, a.name, a.portfolio) for a in document.answerers] == [
        ("minister", "P. Adema", "Landbouw, Natuur en Voedselkwaliteit")
    ]
    assert posts(document.on_behalf_of) == [("minister", "Justitie en Veiligheid")]
    assert document.kind is Kind.ANSWER


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("aan de Minister van Economische Zaken, bij afwezigheid van de Staatssecretaris van Financiën,", [("minister", "Economische Zaken")]),
        ("aan de Staatsecretaris van Volksgezondheid, Welzijn en Sport", [("staatssecretaris", "Volksgezondheid, Welzijn en Sport")]),
        ("aan de Minister Justitie en Veiligheid", [("minister", "Justitie en Veiligheid")]),
        ("aan de Ministers van Asiel en Migratie, voor BuitenlandseHandel en Ontwikkelingshulp en vanBuitenlandse Zaken",
         [("minister", "Asiel en Migratie"), ("minister", "Buitenlandse Handel en Ontwikkelingshulp"), ("minister", "Buitenlandse Zaken")]),
        ("aan de Minister van Volksgezondheid, Welzijn en Sportover zorg", [("minister", "Volksgezondheid, Welzijn en Sport")]),
        ("aan de Staatssecretaris van Financiën (Fiscaliteit, Belastingdienst en Douane)", [("staatssecretaris", "Financiën")]),
        ("aan de minister van Volksgezondheid, Welzijn en Sport, de minister voor Medische Zorg en de staatssecretaris van "
         "Jeugd, Preventie en Sport", [("minister", "Volksgezondheid, Welzijn en Sport"), ("minister", "Medische Zorg"),
                                       ("staatssecretaris", "Jeugd, Preventie en Sport")]),
    ],
)
def test_damaged_addressees(phrase: str, expected: list[tuple[str, str]]) -> None:
    document = doc(f"Vragen van het lid Saris (NSC) {phrase} over iets (ingezonden 1 mei 2024)" + Q)
    assert posts(document.addressees) == expected


def test_notes_block_with_a_note_run_on_the_same_line() -> None:
    text = (
        "Vraag 1\nA?[1]\n\n[1] https://www.nhnieuws.nl/a\n\n[2] https://www.ad.nl/b~a44537d3/[3] https://www.ad.nl/c/\n\n"
        "[4] Centrum voor Criminaliteitspreventie. 2018.\n"
    )
    assert [(f.number, f.urls) for f in doc(text).footnotes] == [
        ("1", ("https://www.nhnieuws.nl/a",)), ("2", ("https://www.ad.nl/b~a44537d3/",)),
        ("3", ("https://www.ad.nl/c/",)), ("4", ()),
    ]


def test_glued_note_continuation_that_starts_with_a_digit() -> None:
    text = ("Vraag 1\nA?\nAntwoord 1\nJa.\n1Rechtspraak, 2024, https://www.rechtspraak.nl/x\n"
            "2NOS, 12 november 2024, «Shell wint: geen extra verplichting voorCO\n2-afbouw». (https://nos.nl/artikel/2544190-shell-\nwint)\n")
    assert [f.urls for f in doc(text).footnotes] == [("https://www.rechtspraak.nl/x",), ("https://nos.nl/artikel/2544190-shell-wint",)]


def test_aanhangsel_number_without_nr() -> None:
    text = "Zie ook Aanhangsel Handelingen, vergaderjaar 2023–2024, 1028"
    assert [r.identifier for r in doc(text).references_of(ReferenceScheme.AANHANGSEL)] == ["ah-tk-20232024-1028"]


def test_bare_domain_with_path_is_a_url_but_a_site_name_is_not() -> None:
    text = "Vraag 1\nA?\n1) RTV, 3 mei 2024, regiopurmerend.nl/2024/05/03/tieners/ en (nos.nl)\n"
    assert [f.urls for f in doc(text).footnotes] == [("regiopurmerend.nl/2024/05/03/tieners/",)]


def test_nader_antwoord_is_an_answer() -> None:
    document = doc("Nader antwoord van minister Van Weel (Justitie en Veiligheid) (ontvangen 12 december 2024)\n\n"
                   "Vraag 3\nKlopt het?\n\nAntwoord 3\nJa, inmiddels wel.\n")
    assert document.kind is Kind.ANSWER
    assert [(a.name, a.portfolio) for a in document.answerers] == [("Van Weel", "Justitie en Veiligheid")]
    assert [a.questions for a in document.answers] == [("3",)]


def test_notice_that_questions_were_answered_by_letter() -> None:
    document = doc("Mededeling van minister Heinen (Financiën) (ontvangen 2 december 2024)\n\n"
                   "De vragen van het lid Van Dijk (SGP) over de toeslagen (2024Z16233) zijn beantwoord bij brief van "
                   "29 november 2024 (Kamerstuk 31 066, nr. 1450).\n")
    assert document.kind is Kind.POSTPONEMENT
    assert [(a.name, a.party) for a in document.askers] == [("Van Dijk", "SGP")]
    assert [(r.identifier, r.role.value) for r in document.references] == [
        ("2024Z16233", "cites"), ("kst-31066-1450", "answered-in"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("op grond van artikel 68 Grondwet", [("BWBR0001840", "68")]),
        ("artikel 6, eerste lid, van de Wet politiegegevens", [("BWBR0022463", "6")]),
        ("art. 3:4 Awb", [("BWBR0005537", "3:4")]),
        ("artikel 5, tweede lid, onder b, van de Algemene wet bestuursrecht", [("BWBR0005537", "5")]),
        ("de Algemene verordening gegevensbescherming (AVG)", [("32016R0679", None), ("32016R0679", None)]),
        ("de digitaledienstenverordening", [("32022R2065", None)]),
        # Ambiguous abbreviations: Wet politiegegevens or Wet publieke gezondheid? Only a definition decides.
        ("de Wpg staat dat toe", []),
        ("de Wet publieke gezondheid (hierna: Wpg) … volgens de Wpg", [("BWBR0024705", None)] * 3),
        ("Aw en AW", []),
    ],
)
def test_statutes_and_articles(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(r.identifier, r.article) for r in doc(text).references_of(ReferenceScheme.STATUTE)] == expected


def test_unnumbered_questions_each_followed_by_antwoord() -> None:
    # A converter dropped the list numbers: questions are the '?' paragraphs before each bare "Antwoord".
    text = (
        "Antwoord van minister Hermans (Klimaat en Groene Groei) (ontvangen 19 november 2024)\n\n"
        "Zie ook Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 461\n\n"
        "Welke mogelijkheden bestaan er?\n\nAntwoord\nEr zijn voorschriften.\n\nDat is alles.\n\n"
        "Welke maatregelen neemt u?\n\nKunt u dat toelichten? 1)\n\nAntwoord\nWe monitoren.\n"
    )
    document = doc(text)
    assert [(q.number, q.text) for q in document.questions] == [
        ("1", "Welke mogelijkheden bestaan er?"),
        ("2", "Welke maatregelen neemt u?\n\nKunt u dat toelichten?"),
    ]
    assert [(a.questions, a.text) for a in document.answers] == [
        (("1",), "Er zijn voorschriften.\n\nDat is alles."),
        (("2",), "We monitoren."),
    ]


def test_bare_antwoord_without_printed_questions_invents_none() -> None:
    document = doc("Antwoord van minister Hermans (Klimaat en Groene Groei) (ontvangen 19 november 2024)\n\n"
                   "Antwoord\nEr zijn voorschriften.\n\nAntwoord\nWe monitoren.\n")
    assert document.questions == ()
    assert len(document.answers) == 2


def test_bare_vraag_headings_are_numbered_in_order() -> None:
    document = doc("Vraag\nKlopt het?\n\nAntwoord\nJa.\n\nVraag:\nWaarom?\n\nAntwoord\nDaarom.\n")
    assert [q.number for q in document.questions] == ["1", "2"]
    assert [a.questions for a in document.answers] == [("1",), ("2",)]


@pytest.mark.parametrize(
    ("header", "answerers"),
    [
        ("Antwoord van minister-president Schoof (ontvangen op 24 oktober 2024)", [("minister-president", "Schoof", "Algemene Zaken")]),
        ("Antwoord van de minister-president, minister van Algemene Zaken (ontvangen 24 oktober 2024)",
         [("minister-president", None, "Algemene Zaken")]),
    ],
)
def test_prime_minister_answers(header: str, answerers: list[tuple[str, str | None, str]]) -> None:
    document = doc("Vragen van het lid Krul (CDA) aan de minister-president (ingezonden op 3 oktober 2024)\n\n"
                   + header + "\n\nVraag 1\nA?\nAntwoord 1\nB.\n")
    assert [(a.office.value, a.name, a.portfolio) for a in document.answerers] == answerers
    assert document.submitted is not None and document.submitted.value.isoformat() == "2024-10-03"
    assert document.received is not None and document.received.value.isoformat() == "2024-10-24"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kamerstuk 32 827, nr. 324 en nr. 326", ["kst-32827-324", "kst-32827-326"]),
        ("Kamerstukken II 2023/24, 31 839, nrs. 1000, 1001 en 1002", ["kst-31839-1000", "kst-31839-1001", "kst-31839-1002"]),
        ("Kamerstukken I 2023/24, 36 228, C", ["kst-36228-C"]),
        ("Kamerstukken II 2023/24, 36 228, nr. 5", ["kst-36228-5"]),
    ],
)
def test_more_kamerstuk_forms(text: str, expected: list[str]) -> None:
    assert [r.identifier for r in doc(text).references_of(ReferenceScheme.KAMERSTUK)] == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("1) NOS, 2024, https://nos.nl/artikel/2541672-ggz-niet-goed-vast\ngelegd", "https://nos.nl/artikel/2541672-ggz-niet-goed-vastgelegd"),
        ("1) Zie https://www.rijksoverheid.nl/onderwerpen\nGeraadpleegd op 3 mei 2024", "https://www.rijksoverheid.nl/onderwerpen"),
        ("1) https://www.tweedekamer.nl/kamerstukken/detail?id=2024Z1\n2345&did=2024D4", "https://www.tweedekamer.nl/kamerstukken/detail?id=2024Z12345&did=2024D4"),
    ],
)
def test_urls_cut_at_a_line_end(note: str, expected: str) -> None:
    assert [url for f in doc("Vraag 1\nA?\n\n" + note + "\n").footnotes for url in f.urls] == [expected]


# --- footnote URLs as printed -----------------------------------------------------------------------------------
# Forms converters print (pdftotext, Word text export, typeset PDFs): `printed` is the URL as printed and rejoined,
# `iri` the absolute page IRI, `scheme_added` whether https:// had to be put in front.

NOS = "https://www.nos.nl/artikel/2541672-wachttijden-ggz"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # The scheme cut off at a line end (limburg/008, /023, /056 print "(https://" | "nos.nl/…)").
        ("1) NOS, «Wachttijden ggz» (https://\nwww.nos.nl/artikel/2541672-wachttijden-ggz)", [(NOS, NOS, False)]),
        ("1) NOS, 2024, https://\nwww.nos.nl/artikel/2541672-wachttijden-ggz.", [(NOS, NOS, False)]),
        ("1) NOS, 2024, https://  \n  www.nos.nl/artikel/2541672-wachttijden-ggz", [(NOS, NOS, False)]),
        ("1) NOS, 2024, https:/\n/www.nos.nl/artikel/2541672-wachttijden-ggz", [(NOS, NOS, False)]),
        ("1) NOS, 2024, https:\n//www.nos.nl/artikel/2541672-wachttijden-ggz", [(NOS, NOS, False)]),
        ("1) NOS, 2024, https:// www.nos.nl/artikel/2541672-wachttijden-ggz", [(NOS, NOS, False)]),
        ("1) NOS, 2024, https://\nwww.nos.nl/artikel/2541672-\nwachttijden-ggz", [(NOS, NOS, False)]),
        # A scheme with no address after it is no URL.
        ("1) Zie de site, https://\nVoor meer informatie zie 2024.", []),
        # Cut mid-path, after a separator or in a word at the note's end.
        ("1) https://www.ad.nl/rijswijk/geen-\npieten-in-rijswijk~a946954a8/", [("https://www.ad.nl/rijswijk/geen-pieten-in-rijswijk~a946954a8/",) * 2 + (False,)]),
        # Query strings, with & and =, also cut before "?" or after "&".
        ("1) FTM, 2024, (www.ftm.nl/artikelen/geboren?share=CmiMs5YND6%3D).",
         [("www.ftm.nl/artikelen/geboren?share=CmiMs5YND6%3D", "https://www.ftm.nl/artikelen/geboren?share=CmiMs5YND6%3D", True)]),
        ("1) https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s, geraadpleegd 1 mei 2024",
         [("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",) * 2 + (False,)]),
        ("1) https://www.ftm.nl/artikelen/geboren\n?share=CmiMs5 (geraadpleegd 1 mei 2024)",
         [("https://www.ftm.nl/artikelen/geboren?share=CmiMs5",) * 2 + (False,)]),
        ("1) https://www.tweedekamer.nl/kamerstukken/detail?id=2024Z12345&\ndid=2024D4",
         [("https://www.tweedekamer.nl/kamerstukken/detail?id=2024Z12345&did=2024D4",) * 2 + (False,)]),
        # Fragments, also text fragments ("#:~:text=").
        ("1) Zie https://wetten.overheid.nl/BWBR0001840/2023-02-22#Hoofdstuk1.",
         [("https://wetten.overheid.nl/BWBR0001840/2023-02-22#Hoofdstuk1",) * 2 + (False,)]),
        ("1) www.telegraaf.nl/nieuws/1313060756/x#:~:text=Den%20Haag,bajes",
         [("www.telegraaf.nl/nieuws/1313060756/x#:~:text=Den%20Haag,bajes", "https://www.telegraaf.nl/nieuws/1313060756/x#:~:text=Den%20Haag,bajes", True)]),
        # Sentence punctuation after the URL is dropped; balanced brackets in it are kept.
        ("1) NOS, 2024 (https://nos.nl/artikel/5).", [("https://nos.nl/artikel/5",) * 2 + (False,)]),
        ("1) https://nos.nl/artikel/6, https://nos.nl/artikel/7; zie ook 2024.",
         [("https://nos.nl/artikel/6",) * 2 + (False,), ("https://nos.nl/artikel/7",) * 2 + (False,)]),
        ("1) «Mark Rutte» (https://nl.wikipedia.org/wiki/Mark_Rutte_(politicus)).",
         [("https://nl.wikipedia.org/wiki/Mark_Rutte_(politicus)",) * 2 + (False,)]),
        ("1) Zie https://en.wikipedia.org/wiki/Foo_(bar)_(baz), 2024", [("https://en.wikipedia.org/wiki/Foo_(bar)_(baz)",) * 2 + (False,)]),
        # No scheme printed: kept so in `printed`, https:// in the IRI, marked as added.
        ("1) NOS, 2024, www.nos.nl/artikel/8", [("www.nos.nl/artikel/8", "https://www.nos.nl/artikel/8", True)]),
        ("1) RTV, 3 mei 2024, regiopurmerend.nl/2024/05/03/tieners/", [("regiopurmerend.nl/2024/05/03/tieners/", "https://regiopurmerend.nl/2024/05/03/tieners/", True)]),
        # A scheme that lost its "h" (limburg/071): as printed, repaired in the IRI.
        ("1) (ttps://www.change.inc/drama-\nvoor-plasticrecycling-40746)", [("ttps://www.change.inc/drama-voor-plasticrecycling-40746", "https://www.change.inc/drama-voor-plasticrecycling-40746", True)]),
        # Two URLs on consecutive lines stay two, also after a slash.
        ("1) https://a.nl/x/\nhttps://b.nl/y", [("https://a.nl/x/",) * 2 + (False,), ("https://b.nl/y",) * 2 + (False,)]),
        ("1) www.a.nl/x/\nwww.b.nl/y", [("www.a.nl/x/", "https://www.a.nl/x/", True), ("www.b.nl/y", "https://www.b.nl/y", True)]),
    ],
)
def test_footnote_urls_as_printed(note: str, expected: list[tuple[str | None, str, bool]]) -> None:
    assert cited(doc("Vraag 1\nA?\n\n" + note + "\n")) == expected


def test_note_text_keeps_a_cut_scheme_with_its_address() -> None:
    (note,) = doc("Vraag 1\nA?\n\n1) NOS, «Wachttijden ggz» (https://\nwww.nos.nl/artikel/2541672-wachttijden-ggz)\n").footnotes
    assert note.text == f"NOS, «Wachttijden ggz» ({NOS})"
    assert note.urls == (NOS,)


LINKED_NOTE = "NOS, 22 oktober 2024, «Wachttijden ggz niet goed vastgelegd»"


@pytest.mark.parametrize(
    ("note", "links", "expected"),
    [
        # The note prints no URL; a hyperlink on its title carries it.
        (LINKED_NOTE, [(NOS, "Wachttijden ggz niet goed vastgelegd", "1")], [(None, NOS, False)]),
        # Placed on the note only (the anchor could not be found): still this note's.
        (LINKED_NOTE, [(NOS, "", "1")], [(None, NOS, False)]),
        # A printed URL without scheme learns it from the link laid over it.
        ("NOS, www.nos.nl/artikel/2541672-wachttijden-ggz", [(NOS, "www.nos.nl/artikel/2541672-wachttijden-ggz", "1")],
         [("www.nos.nl/artikel/2541672-wachttijden-ggz", NOS, False)]),
        # A URL shortened for display gets the whole address from its link.
        ("NOS, https://www.nos.nl/artikel/2541672-wacht…", [(NOS, "https://www.nos.nl/artikel/2541672-wacht…", "1")],
         [("https://www.nos.nl/artikel/2541672-wacht…", NOS, False)]),
        # The printed URL is what the note cites when its link says something else; a link the note prints is
        # not cited twice; links that are no web page are no citation.
        ("NOS, https://nos.nl/a", [("https://nos.nl/tracking?a", "https://nos.nl/a", "1")], [("https://nos.nl/a",) * 2 + (False,)]),
        ("NOS (https://nos.nl/a), nos.nl", [("https://nos.nl/a/", "nos.nl", "1")], [("https://nos.nl/a",) * 2 + (False,)]),
        (LINKED_NOTE, [("mailto:redactie@nos.nl", "NOS", "1"), ("#_Toc1", "NOS", "1")], []),
        # A link the reader could only place on the whole note is not taken for the URL the note prints.
        ("NOS, «Wachttijden», zie ook https://nos.nl/b", [(NOS, "", "1")], [(None, NOS, False), ("https://nos.nl/b",) * 2 + (False,)]),
        # Hyperlink-only and printed URLs in order of position.
        ("Zie het bericht en https://nos.nl/b", [("https://nos.nl/a", "het bericht", "1")],
         [(None, "https://nos.nl/a", False), ("https://nos.nl/b",) * 2 + (False,)]),
        # A target without scheme gets https:// too.
        (LINKED_NOTE, [("www.nos.nl/a", "NOS", "1")], [(None, "https://www.nos.nl/a", True)]),
    ],
)
def test_hyperlinks_in_notes(note: str, links: list[tuple[str, str, str | None]], expected: list[tuple[str | None, str, bool]]) -> None:
    document = noted("Vraag 1\nKlopt het?\n", [("1", note)], links)
    assert cited(document) == expected
    # `urls`: the printed form, or the link's target where only the link names the page
    assert [url for f in document.footnotes for url in f.urls] == [p if p is not None else iri for p, iri, _ in expected]


def test_body_hyperlinks_are_not_footnote_urls() -> None:
    document = noted("Vraag 1\nKent u het bericht?\n", [("1", LINKED_NOTE)], [("https://nos.nl/a", "het bericht", None)])
    assert cited(document) == []
