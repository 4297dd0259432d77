"""Regular expressions for the printed conventions of Kamervragen, kept apart from the code that uses them.

Patterns run on a "flat" copy of the text in which line breaks are spaces (same length, so offsets hold).
"""

from __future__ import annotations

import re

from kgraph import identifiers as ids

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
_MONTH = "|".join(MONTHS)
# "22 september 2025"; PDF extraction can drop the spaces ("22september2025").
DATE = rf"(?P<day>\d{{1,2}})\s*(?P<month>{_MONTH})\s*(?P<year>(?:19|20)\d\d)"

SUBMITTED = re.compile(rf"\(\s*ingezonden\s+(?:op\s+)?{DATE}\s*\)?", re.IGNORECASE)
RECEIVED = re.compile(rf"\(\s*ontvangen\s+(?:op\s+)?{DATE}\s*\)?", re.IGNORECASE)
# Letters and notices say it in a sentence: "Deze vragen werden ingezonden op 11 april 2019", "…, ingezonden op 22
# december 2008, kunnen …".
SUBMITTED_IN_PROSE = re.compile(rf"\bingezonden\s+op\s+{DATE}", re.IGNORECASE)
# A notice's "De vragen van het Kamerlid X (VVD) over … (4 september 2009) kunnen niet …": the date alone.
DATE_IN_BRACKETS = re.compile(rf"\(\s*{DATE}\s*\)")
# An answer's bracket without the word: "Antwoord van Minister Asscher (Sociale Zaken) (27 september 2016)".
ANSWER_DATE = re.compile(rf"\(\s*(?:ontvangen\s+(?:op\s+)?)?{DATE}\s*\)?", re.IGNORECASE)

# "mede namens de minister van Justitie en Veiligheid," on the line above a signature.
SIGNATURE_ON_BEHALF = re.compile(r"mede\s+namens\s+(?P<posts>[^\n]+?),?[^\S\n]*\n(?:[^\S\n]*\n){0,3}[^\S\n]*$")

SUBJECT = re.compile(r"\bover\s+(?P<subject>.+?)\s*(?=\(\s*ingezonden|\n\s*\n|$)", re.IGNORECASE | re.DOTALL)

ORAL = re.compile(r"\bMondelinge\s+vragen\b", re.IGNORECASE)

# The document's own officielebekendmakingen id, printed as a token (running footers, raw uploads, the first line of
# the KOOP readers): a Kamervragen or Aanhangsel id in any of its forms (kgraph.identifiers.OWN_KOOP_ID:
# kv-tk-2024Z18435, kv-tk-20062007-KVR27039, ah-tk-20232024-1137, ah-tk-20092010-145-h1, ah-1271549).
# The lookahead first says what every match begins with: the engine skips to it instead of trying the lookbehind
# at every position of the text (a tenth of the extract stage's time, with ZAAK's).
KOOP_ID = re.compile(rf"(?=kv-|ah-)(?<![\w-])(?P<id>{ids.source(ids.OWN_KOOP_ID)})(?![\w-])")
# Link targets (KOOP XML <extref soort="document" doc=…>) that are a Kamerstuk or an Aanhangsel publication.
LINKED_KAMERSTUK = ids.KAMERSTUK
LINKED_AANHANGSEL = ids.AANHANGSEL

# Word converter artefacts.
BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
FOOTNOTE_REF = re.compile(r"\[footnoteRef:(?P<number>\d+)\]")
INLINE_NOTE = re.compile(r"\[(?P<number>\d+):\s+(?P<text>[^\]]*)\]")
# "1) Binnenlands Bestuur, …" or "[1] NOS Nieuws, …" at the start of a line: plain-text footnote layouts.
PAREN_NOTE = re.compile(r"^[^\S\n]*(?:(?P<number>\d{1,2})\)|\[(?P<bracketed>\d{1,2})\])[^\S\n]+(?=\S)", re.MULTILINE)
# Inside a notes block, "[3] …" can follow the previous note on the same line.
BRACKET_NOTE = re.compile(r"\[(?P<bracketed>\d{1,2})\][^\S\n]+(?=\S)")
# The reference to note N in the body: "hiervan? 1)" or "onderzoekers'?[1]".
NOTE_REFERENCE = r"(?:\s{n}\)|\[{n}\])"
# Converters of typeset PDFs glue the note number to the note: "1NOS, 29 oktober 2024, …", "22023 Annual
# report" (note 2). The number is followed by a non-digit, or by a year.
GLUED_NOTE = re.compile(r"^(?P<number>\d{1,2})(?=[^\d\s]|(?:19|20)\d\d\b)", re.MULTILINE)
# Lines a typeset page repeats: they end a note that runs on to the page bottom.
RUNNING_HEAD = re.compile(r"^\s*(?:Tweede Kamer, vergaderjaar|Tweede Kamer der Staten-Generaal|Vergaderjaar \d{4}|ah-tk-|kv-tk-|’s-Gravenhage \d{4})", re.MULTILINE)
# A footnote reference left at the end of a sentence: "hiervan? 1)".
TRAILING_NOTE_REF = re.compile(r"\s+\d{1,2}\)\s*$")

# With a scheme or "www.", or a bare domain followed by a path ("regiopurmerend.nl/2024/05/…"): a bare site
# name alone ("nos.nl") names a source, it is not a link.
URL = re.compile(
    r"(?:h?ttps?://|www\.)[^\s<>\"«»“”]+"
    # A scheme that a line break cut off ("https://" | "www.nos.nl/…", "https:/" | "/nos.nl/…"): only the
    # scheme matches; footnotes.py rejoins it with the next line or drops it.
    r"|(?<![\w@./-])h?ttps?:/{0,2}(?![^\s<>\"«»“”])"
    r"|(?<![\w@./-])(?:[a-z0-9-]+\.)+(?:nl|com|org|net|eu|int|be|de|uk|gov|info|io|news)/[^\s<>\"«»“”]+",
    re.IGNORECASE,
)

# A note number glued on at a line start ("32024Z15585" is note 3) does not hide the zaak number.
# The lookahead first: what every match begins with (see KOOP_ID).
ZAAK = re.compile(rf"(?=\d{{4}}Z)(?:(?<![\w-])|(?<=^\d)|(?<=^\d\d))(?P<id>{ids.source(ids.ZAAK_NUMBER)})(?!\w)",
                  re.MULTILINE)

# The years of a vergaderjaar as printed: "2023–2024", "2023-2024", "2023/24". Whether they are one is checked (and
# a misprint repaired) by kgraph.identifiers.vergaderjaar, not here.
_YEARS = rf"(?P<y1>{ids.YEAR})\s*[–—/-]\s*(?P<y2>(?:19|20)?[0-9]{{2}})(?![0-9])"
_NR = r"(?:nrs?\.?|nummers?)"
# The numbers after the first: "nrs. 1016 en 1044", "nrs. 1000, 1001 en 1002", "nr. 324 en nr. 326". After a bare
# comma a number counts only when a separator or the end of the reference follows it: "nr. 1137, 12 vragen" and
# "nr. 12, 3 mei 2024" list nothing more.
_MORE = (
    rf"(?P<more>(?:\s*(?:,?\s*en|&)\s*(?:nr\.?\s*)?[0-9]+(?![0-9])(?!\s*(?:{_MONTH})\b)"
    r"|\s*,\s*(?:nr\.?\s*)?[0-9]+(?=\s*(?:,|en\b|&|[).;:]|$)))*)"
)
# "Handelingen II" are the Tweede Kamer's, "Handelingen I" the Eerste Kamer's.
_CHAMBER = r"(?:\s+(?P<chamber>II|I|TK|EK)\b)?"
# "Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 1137", "Aanhangsel Handelingen II 2022/23, nrs. 1016 en
# 1044", "(Kamervragen (Aanhangsel) 2019–2020, nr. 1287)".
AANHANGSEL = re.compile(
    r"(?:Aanhangsel\s*(?:van\s+de\s+)?Handelingen|Kamervragen\s*\(\s*Aanhangsel(?:\s+(?:van\s+de\s+)?Handelingen)?\s*\))"
    rf"{_CHAMBER},?\s*(?:vergaderjaar\s+)?{_YEARS},?\s*(?:{_NR}\s*)?(?P<nr>[0-9]+){_MORE}",
    re.IGNORECASE,
)
# The vergaderjaar first: "vergaderjaar 2017-2018, aanhangsel nr. 2509".
AANHANGSEL_YEARS_FIRST = re.compile(
    rf"vergaderjaar\s+{_YEARS},?\s*(?:Tweede\s+Kamer,?\s*)?Aanhangsel(?:\s*(?:van\s+de\s+)?Handelingen)?{_CHAMBER},?\s*"
    rf"{_NR}\s*(?P<nr>[0-9]+){_MORE}",
    re.IGNORECASE,
)
# The number first: "Aanhangsel Handelingen, nr. 1310, vergaderjaar 2006-2007", also after "Handelingen" alone
# unless an item or a page follows, which makes it a sitting of the Handelingen ("Handelingen II, nr. 70, item 3").
AANHANGSEL_NUMBER_FIRST = re.compile(
    r"(?:Aanhangsel(?:\s*(?:van\s+de\s+)?Handelingen)?|Handelingen)"
    rf"{_CHAMBER}(?:\s+van\s+de\s+(?:Tweede|Eerste)\s+Kamer(?:\s+der\s+Staten-Generaal)?)?,?\s*"
    rf"{_NR}\s*(?P<nr>[0-9]+){_MORE}(?!\s*,?\s*item),?\s*vergaderjaar\s+{_YEARS}(?!\s*,?\s*(?:blz|p)\.)",
    re.IGNORECASE,
)
# "Kamerstuk 21 501-02, nr. 2733", "Kamerstukken II, 2023/24, 36 410 V, nr. 27", "(36 471-64)".
_DOSSIER = r"(?P<dossier>\d{2}[ .\u00a0]?\d{3})(?:[ \u00a0]?-[ \u00a0]?(?P<sub>[A-Z0-9]{1,4})|[ \u00a0](?P<roman>[IVXL]{1,6}|[A-Z])\b)?"
# A paper of two dossiers prints both ("25 087 / 31 066, nr. 191", "Kamerstuk 31 728, 30 914, nr. 5"); its number
# counts in the first (see kgraph.identifiers.Kamerstuk), so the others are read past.
_OTHER_DOSSIER = r"\d{2}[ .\u00a0]?\d{3}(?:[ \u00a0]?-[ \u00a0]?[A-Z0-9]{1,4}|[ \u00a0](?:[IVXL]{1,6}|[A-Z])\b)?"
KAMERSTUK = re.compile(
    rf"Kamerstuk(?:ken)?(?:\s+(?:I{{1,2}}|TK|EK))?,?\s*(?:{ids.YEAR}[/–-]\d{{2,4}},?\s+)?"
    + _DOSSIER
    + rf"(?:\s*[/,]\s*{_OTHER_DOSSIER})*,?\s*{_NR}\s*(?P<nr>\d+){_MORE}",
    re.IGNORECASE,
)
# The further numbers of "nrs. 12 en 13", "nr. 324 en nr. 326": papers of the same dossier.
MORE_NUMBERS = re.compile(r"\d+")
# Without the word "Kamerstuk" only the typeset dossier form counts ("36 410 XVI, nr. 116", "(36 471-64)"):
# amounts and other numbers are not printed with a space after two digits.
_BARE_DOSSIER = r"\d{2}[ \u00a0]\d{3}(?:-[A-Z0-9]{1,4}|[ \u00a0](?:[IVXL]{1,6}|[A-Z]))?"
KAMERSTUK_BARE = re.compile(
    r"(?<![\w.,])(?P<dossier>\d{2}[ \u00a0]\d{3})(?:-(?P<sub>[A-Z0-9]{1,4})|[ \u00a0](?P<roman>[IVXL]{1,6}|[A-Z]))?"
    rf"(?:\s*/\s*{_BARE_DOSSIER})*,?\s*nrs?\.\s*(?P<nr>\d+){_MORE}"
    r"|\((?P<dossier2>\d{2}[ \u00a0]\d{3})-(?P<nr2>\d{1,4})\)"
)
# Eerste Kamer papers are lettered, not numbered: "Eerste Kamer, 36 373, H", "Kamerstukken I 2023/24, 36 200 VII, B".
KAMERSTUK_EK = re.compile(
    rf"(?:Eerste\s+Kamer|Kamerstukken\s+I(?!I)),?\s+(?:{ids.YEAR}[/–-]\d{{2,4}},?\s+)?"
    r"(?P<dossier>\d{2}[ \u00a0]?\d{3})(?:[ \u00a0](?P<sub>[IVXL]{1,6}|[A-Z]))?,?\s+(?P<letter>[A-Z]{1,2})\b(?!\s*,?\s*nr)"
)
# The same without "Eerste Kamer": the typeset dossier, a comma, one or two capitals ("36 021, B"). Not an amount
# ("€ 36 021, B"), nor initials before a name ("12 345, B. Jansen").
KAMERSTUK_EK_BARE = re.compile(
    r"(?<![\w.,€$])(?<!€ )(?<!€\u00a0)(?P<dossier>\d{2}[ \u00a0]\d{3})(?:[ \u00a0](?P<sub>[IVXL]{1,6}|[A-Z]))?,\s*"
    r"(?P<letter>[A-Z]{1,2})(?![\w-])(?!\.\s*[A-Z][a-z])(?!\s*,?\s*nr)"
)

SECTION_END = re.compile(r"^\s*Toelichting\s*:?\s*$", re.MULTILINE | re.IGNORECASE)

# Question and answer numbering, one marker per line.
# "2 en 3", "3, 4, 5 en 6", "7, 8, en 9", "2 t/m 4", and the typo "7, 8, 9 10 en 11".
NUMS = r"\d{1,3}[a-z]?(?:[^\S\n]*(?:,[^\S\n]*en|,|en|t/m|tot[^\S\n]+en[^\S\n]+met|[-–]|(?=[^\S\n]\d))[^\S\n]*\d{1,3}[a-z]?)*"
# Headings start with a capital: "antwoord op vraag 5)." at a line start is a sentence running on.
QUESTION_HEADING = re.compile(rf"^[^\S\n]*(?-i:V)ra(?:a)?g(?:en)?[^\S\n]+(?P<nums>{NUMS})[^\S\n]*[:.]?[^\S\n]*(?P<rest>.*)$", re.MULTILINE | re.IGNORECASE)
ANSWER_HEADING = re.compile(
    rf"^[^\S\n]*(?-i:A)ntwoord(?:en)?(?:[^\S\n]+op)?(?:[^\S\n]+(?:de[^\S\n]+)?vra(?:a)?g(?:en)?)?(?:[^\S\n]+(?P<nums>{NUMS}))?[^\S\n]*[:.]?[^\S\n]*(?P<rest>.*)$",
    re.MULTILINE | re.IGNORECASE,
)
# "Vraag" or "Vraag:" alone on a line, the number lost: questions are then numbered in order.
BARE_QUESTION_HEADING = re.compile(r"^[^\S\n]*(?-i:V)raag[^\S\n]*:?[^\S\n]*$", re.MULTILINE)
NUMBERED_PARAGRAPH = re.compile(r"^[^\S\n]*(?P<nums>\d{1,3}[a-z]?)[.)][^\S\n]+(?P<rest>\S.*)$", re.MULTILINE)
BARE_NUMBER = re.compile(r"^[^\S\n]*(?P<nums>\d{1,3}[a-z]?)[.)]?[^\S\n]*$", re.MULTILINE)
NUMBER = re.compile(r"(?P<int>\d{1,3})(?P<letter>[a-z]?)")
RANGE = re.compile(r"(?P<a>\d{1,3})\s*(?:t/m|tot\s+en\s+met|[-–])\s*(?P<b>\d{1,3})")
