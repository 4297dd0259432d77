"""The header grammar (kgraph/extract/header.py), table-driven over the printed forms of 1995-2025.

Each row is a form, not a document: the phrases are written here in the shapes real headers print them, and
every expected value was worked out by hand from the phrase.
"""

from __future__ import annotations

import pytest

from tests.extract_factories import askers, doc

Q = "\n\nVraag 1\n\nKlopt het?\n"


def _addressees(header: str) -> list[tuple[str, str]]:
    return [(p.office.value, p.portfolio) for p in doc(header + Q).addressees]


@pytest.mark.parametrize(
    "phrase, expected",
    [
        # several portfolios for one office, the office not repeated; names that contain "en" are cut by the lexicon
        ("aan de minister van Justitie en Veiligheid en Binnenlandse Zaken en Koninkrijksrelaties",
         [("minister", "Justitie en Veiligheid"), ("minister", "Binnenlandse Zaken en Koninkrijksrelaties")]),
        ("aan de Minister van Buitenlandse Zaken en van Defensie",
         [("minister", "Buitenlandse Zaken"), ("minister", "Defensie")]),
        ("aan de Ministers van Economische Zaken en Klimaat, van Binnenlandse Zaken en Koninkrijksrelaties en van "
         "Volksgezondheid, Welzijn en Sport",
         [("minister", "Economische Zaken en Klimaat"), ("minister", "Binnenlandse Zaken en Koninkrijksrelaties"),
          ("minister", "Volksgezondheid, Welzijn en Sport")]),
        ("aan de Ministers van Buitenlandse Zaken, voor Buitenlandse Handel en Ontwikkelingssamenwerking en van Defensie",
         [("minister", "Buitenlandse Zaken"), ("minister", "Buitenlandse Handel en Ontwikkelingssamenwerking"),
          ("minister", "Defensie")]),
        ("aan de Ministers van Volksgezondheid, Welzijn en Sport en voor Rechtsbescherming",
         [("minister", "Volksgezondheid, Welzijn en Sport"), ("minister", "Rechtsbescherming")]),
        ("aan de staatssecretaris van Financiën en minister van Sociale Zaken en Werkgelegenheid",
         [("staatssecretaris", "Financiën"), ("minister", "Sociale Zaken en Werkgelegenheid")]),
        # no "van"
        ("aan de Minister Klimaat en Groene Groei", [("minister", "Klimaat en Groene Groei")]),
        ("aan de Ministers Buitenlandse Zaken en van Defensie", [("minister", "Buitenlandse Zaken"), ("minister", "Defensie")]),
        # no article
        ("aan Staatssecretaris van Onderwijs, Cultuur en Wetenschap", [("staatssecretaris", "Onderwijs, Cultuur en Wetenschap")]),
        # two offices share one portfolio
        ("aan de Minister en de Staatssecretaris van Buitenlandse Zaken",
         [("minister", "Buitenlandse Zaken"), ("staatssecretaris", "Buitenlandse Zaken")]),
        # the prime minister, in apposition and as two words
        ("aan de minister-president, minister van Algemene Zaken en de minister van Buitenlandse Zaken",
         [("minister-president", "Algemene Zaken"), ("minister", "Buitenlandse Zaken")]),
        ("aan de Minister President en de minister van Landbouw, Natuur en Voedselkwaliteit",
         [("minister-president", "Algemene Zaken"), ("minister", "Landbouw, Natuur en Voedselkwaliteit")]),
        # a sub-portfolio is kept apart; the gold portfolio is the ministry
        ("aan de Staatssecretaris van Financiën – Toeslagen en Douane", [("staatssecretaris", "Financiën")]),
        # an abbreviation
        ("aan de minister van VWS", [("minister", "Volksgezondheid, Welzijn en Sport")]),
        # a person's name after the portfolio is not part of it
        ("aan de minister van Buitenlandse Zaken Stef Blok", [("minister", "Buitenlandse Zaken")]),
        # plural office, several portfolios, each with its own preposition
        ("aan de Staatssecretarissen van Financiën en van Sociale Zaken en Werkgelegenheid",
         [("staatssecretaris", "Financiën"), ("staatssecretaris", "Sociale Zaken en Werkgelegenheid")]),
        ("aan de minister van Volksgezondheid, Welzijn en Sport, de minister voor Medische Zorg en de staatssecretaris "
         "van Volksgezondheid, Welzijn en Sport",
         [("minister", "Volksgezondheid, Welzijn en Sport"), ("minister", "Medische Zorg"),
          ("staatssecretaris", "Volksgezondheid, Welzijn en Sport")]),
        # names of other decades
        ("aan de ministers van Verkeer en Waterstaat en van Volkshuisvesting, Ruimtelijke Ordening en Milieubeheer",
         [("minister", "Verkeer en Waterstaat"), ("minister", "Volkshuisvesting, Ruimtelijke Ordening en Milieubeheer")]),
        ("aan de ministers van Justitie en voor Vreemdelingenzaken en Integratie",
         [("minister", "Justitie"), ("minister", "Vreemdelingenzaken en Integratie")]),
        ("aan de Minister voor Langdurige Zorg, Jeugd en Sport", [("minister", "Langdurige Zorg, Jeugd en Sport")]),
        # the absent member of the cabinet is not addressed
        ("aan de minister van Justitie en Veiligheid, bij afwezigheid van de minister van Defensie,",
         [("minister", "Justitie en Veiligheid")]),
        # PDF text that lost the space after the article
        ("aan deMinister van Buitenlandse Zaken en deStaatssecretaris van Financiën",
         [("minister", "Buitenlandse Zaken"), ("staatssecretaris", "Financiën")]),
    ],
)
def test_addressee_forms(phrase: str, expected: list[tuple[str, str]]) -> None:
    assert _addressees(f"Vragen van het lid Jansen (SP) {phrase} over het bericht (ingezonden 1 maart 2021).") == expected


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("aan de minster van Financiën", [("minister", "Financiën")]),
        ("aan de Staatsecretaris van Binnenlandse Zaken en Koninkrijkrelaties",
         [("staatssecretaris", "Binnenlandse Zaken en Koninkrijksrelaties")]),
        ("aan de minister van Volksgezonheid, Welzijn en Sport", [("minister", "Volksgezondheid, Welzijn en Sport")]),
    ],
)
def test_typos_in_office_and_portfolio(phrase: str, expected: list[tuple[str, str]]) -> None:
    assert _addressees(f"Vragen van het lid Jansen (SP) {phrase} over het bericht (ingezonden 1 maart 2021).") == expected


def test_sub_portfolio_is_kept() -> None:
    addressee, = doc("Vragen van het lid Jansen (SP) aan de Staatssecretaris van Financiën – Toeslagen en Douane over "
                     "het bericht (ingezonden 1 maart 2021)." + Q).addressees
    assert (addressee.portfolio, addressee.sub_portfolio) == ("Financiën", "Toeslagen en Douane")


@pytest.mark.parametrize(
    "header, expected",
    [
        ("Vragen van lid Beckerman (SP) aan de minister van Financiën", [("Beckerman", "SP")]),
        ("Vragen van het leden Kops en Wilders (beiden PVV) aan de minister van Financiën", [("Kops", "PVV"), ("Wilders", "PVV")]),
        ("Vagen van het lid Markuszower (PVV) aan de minister van Financiën", [("Markuszower", "PVV")]),
        ("Vervolgvragen van de leden Kröger en Renkema (beiden GroenLinks) aan de minister van Financiën",
         [("Kröger", "GroenLinks"), ("Renkema", "GroenLinks")]),
        ("Vragen van het lid Thieme en het lid Ouwehand (Partij voor de Dieren) aan de minister van Financiën",
         [("Thieme", "Partij voor de Dieren"), ("Ouwehand", "Partij voor de Dieren")]),
        # glued names: the "en" between two names lost its spaces; "beiden" says there are two
        ("Vragen van de leden Groothuizenen Paternotte (beiden D66) aan de minister van Financiën",
         [("Groothuizen", "D66"), ("Paternotte", "D66")]),
        ("Vragen van de leden Westerveld en Buitenweg (beiden GroenLinks) en Van der Staaij (SGP) aan de minister van Financiën",
         [("Westerveld", "GroenLinks"), ("Buitenweg", "GroenLinks"), ("Van der Staaij", "SGP")]),
        # a postponement letter names the member in a sentence
        ("De vragen van het Kamerlid Leijten (SP) over de instellingen, ingezonden op 22 december 2008, kunnen niet",
         [("Leijten", "SP")]),
        ("De leden Thieme (PvdD) en Van Gent (GL) hebben aan de minister van Financiën vragen gesteld",
         [("Thieme", "PvdD"), ("Van Gent", "GL")]),
    ],
)
def test_asker_forms(header: str, expected: list[tuple[str, str | None]]) -> None:
    assert askers(header + " over het bericht (ingezonden 1 maart 2021)." + Q) == expected


def test_web_title_line_before_the_header_is_not_the_header() -> None:
    text = ("Antwoord schriftelijke vragen : Antwoord op vragen van het lid Omtzigt over box 3\n"
            "Vragen van het lid Omtzigt (CDA) aan de Staatssecretaris van Financiën over box 3 (ingezonden 3 januari 2022).\n"
            "Antwoord van Staatssecretaris Van Rij (Financiën – Fiscaliteit en Belastingdienst)\n"
            "(ontvangen 15 april 2022).\nVraag 1\nKlopt het?\nAntwoord 1\nJa.\n")
    document = doc(text)
    assert [(a.name, a.party) for a in document.askers] == [("Omtzigt", "CDA")]
    assert [(a.office.value, a.portfolio) for a in document.addressees] == [("staatssecretaris", "Financiën")]
    assert [(a.office.value, a.name, a.portfolio, a.sub_portfolio) for a in document.answerers] == [
        ("staatssecretaris", "Van Rij", "Financiën", "Fiscaliteit en Belastingdienst")]
    assert str(document.received.value if document.received else None) == "2022-04-15"


def test_notice_whose_only_asker_list_is_the_title() -> None:
    text = "Uitstel beantwoording vragen van het lid Jansen over de zorg\n\nIk kan de vragen niet binnen de termijn beantwoorden.\n"
    assert askers(text) == [("Jansen", None)]


@pytest.mark.parametrize(
    "phrase, answerers, on_behalf",
    [
        ("Antwoord van Minister Koenders (Buitenlandse Zaken) en van Minister Blok (Veiligheid\nen Justitie)",
         [("minister", "Koenders", "Buitenlandse Zaken"), ("minister", "Blok", "Veiligheid en Justitie")], []),
        ("Antwoord van Minister Koenders (Buitenlandse Zaken) en Minister Hennis-Plasschaert (Defensie)",
         [("minister", "Koenders", "Buitenlandse Zaken"), ("minister", "Hennis-Plasschaert", "Defensie")], []),
        ("Antwoord minister Timmermans (Buitenlandse Zaken)", [("minister", "Timmermans", "Buitenlandse Zaken")], []),
        ("Antwoord van de heer Jansen, Minister van Defensie", [("minister", "Jansen", "Defensie")], []),
        ("Antwoord van staatssecretaris Idsinga (Financiën), mede namens de Staatssecretaris Van Huffelen "
         "(Financiën – Toeslagen en Douane)",
         [("staatssecretaris", "Idsinga", "Financiën")], [("staatssecretaris", "Financiën")]),
        ("Antwoord van minister Van Weel (Justitie en Veiligheid), mede ondertekend door de minister van Defensie",
         [("minister", "Van Weel", "Justitie en Veiligheid")], [("minister", "Defensie")]),
        ("Antwoord van Staatssecretaris Harbers (Justitie en Veiligheid), mede namens de Ministers van Buitenlandse "
         "Zaken en voor Buitenlandse Handel en Ontwikkelingssamenwerking",
         [("staatssecretaris", "Harbers", "Justitie en Veiligheid")],
         [("minister", "Buitenlandse Zaken"), ("minister", "Buitenlandse Handel en Ontwikkelingssamenwerking")]),
        ("Mededeling van Minister Van Weel (Asiel en Migratie)", [("minister", "Van Weel", "Asiel en Migratie")], []),
    ],
)
def test_answer_phrases(phrase: str, answerers: list[tuple[str, str, str]], on_behalf: list[tuple[str, str]]) -> None:
    document = doc("Vragen van het lid Jansen (SP) aan de minister van Defensie over iets (ingezonden 1 maart 2021).\n\n"
                   f"{phrase} (ontvangen 2 april 2021).\n\nVraag 1\n\nKlopt het?\n\nAntwoord 1\n\nJa.\n")
    assert [(a.office.value, a.name, a.portfolio) for a in document.answerers] == answerers
    assert [(p.office.value, p.portfolio) for p in document.on_behalf_of] == on_behalf


def test_named_on_behalf_keeps_the_name_and_sub_portfolio() -> None:
    document = doc("Antwoord van staatssecretaris Idsinga (Financiën), mede namens de Staatssecretaris Van Huffelen "
                   "(Financiën – Toeslagen en Douane) (ontvangen 2 april 2021).\n\nVraag 1\n\nKlopt het?\n\nAntwoord 1\n\nJa.\n")
    behalf, = document.on_behalf_of
    assert (behalf.name, behalf.portfolio, behalf.sub_portfolio) == ("Van Huffelen", "Financiën", "Toeslagen en Douane")


def test_answer_header_after_the_questions_in_older_layouts() -> None:
    text = ("Vragen van de leden Verhagen en Koekkoek (beiden CDA) over «Surigate». (Ingezonden 23 maart 1998)\n\n"
            "1\n\nKent u het artikel?\n\n2\n\nWas de heer Van Mierlo op de hoogte?\n\nAntwoord\n\n"
            "Antwoord van minister Van Mierlo (Buitenlandse Zaken), mede namens de ministers van Defensie en van "
            "Justitie. (Ontvangen 27 maart 1998)\n\n1\n\nJa.\n")
    document = doc(text)
    assert [(a.office.value, a.name, a.portfolio) for a in document.answerers] == [("minister", "Van Mierlo", "Buitenlandse Zaken")]
    assert [(p.office.value, p.portfolio) for p in document.on_behalf_of] == [("minister", "Defensie"), ("minister", "Justitie")]
    assert document.submitted and str(document.submitted.value) == "1998-03-23"
    assert document.received and str(document.received.value) == "1998-03-27"


def test_answer_bracket_without_the_word_ontvangen_is_the_received_date() -> None:
    document = doc("Vragen van het lid Jansen (SP) aan de minister van Defensie over iets (ingezonden 13 juli 2016).\n\n"
                   "Antwoord van Minister Asscher (Sociale Zaken en Werkgelegenheid) (27 september 2016)\n\n"
                   "Vraag 1\n\nKlopt het?\n")
    assert document.received and str(document.received.value) == "2016-09-27"


@pytest.mark.parametrize(
    "signature, expected",
    [
        ("Hoogachtend,\n\nde Staatssecretaris van Volksgezondheid,\nWelzijn en Sport,\n\nmw. dr. J. Bussemaker\n",
         ("staatssecretaris", "J. Bussemaker", "Volksgezondheid, Welzijn en Sport")),
        ("De staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties,drs. R.W. Knops\n",
         ("staatssecretaris", "R.W. Knops", "Binnenlandse Zaken en Koninkrijksrelaties")),
        ("DE MINISTER VAN LANDBOUW, NATUUR EN\nVOEDSELKWALITEIT,\nG. Verburg\n",
         ("minister", "G. Verburg", "Landbouw, Natuur en Voedselkwaliteit")),
    ],
)
def test_letter_signatures(signature: str, expected: tuple[str, str, str]) -> None:
    text = ("Geachte voorzitter,\n\nDe vragen van het Kamerlid Jansen (VVD) over de zaak kunnen tot mijn spijt niet "
            "binnen de gebruikelijke termijn worden beantwoord.\n\n" + signature)
    answerer, = doc(text).answerers
    assert (answerer.office.value, answerer.name, answerer.portfolio) == expected


def test_letter_opening_names_on_behalf() -> None:
    text = ("Hierbij bied ik u mede namens de minister voor Rechtsbescherming de antwoorden aan op de schriftelijke "
            "vragen van het lid Özütok (GroenLinks) over het gevangeniswezen. Deze vragen werden ingezonden op 11 april 2019.\n\n"
            "De staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties,\n\ndrs. R.W. Knops\n")
    document = doc(text)
    assert [(p.office.value, p.portfolio) for p in document.on_behalf_of] == [("minister", "Rechtsbescherming")]
    assert document.submitted and str(document.submitted.value) == "2019-04-11"


def test_unreadable_portfolio_is_reported_not_guessed() -> None:
    document = doc("Vragen van het lid Jansen (SP) aan de minister van Zaken Die Nooit Bestonden over iets "
                   "(ingezonden 1 maart 2021)." + Q)
    assert any("unknown portfolio" in warning for warning in document.warnings)
