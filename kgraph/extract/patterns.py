"""Regular expressions for the printed conventions of Kamervragen, kept apart from the code that uses them.

Patterns run on a "flat" copy of the text in which line breaks are spaces (same length, so offsets hold).
"""

from __future__ import annotations

import re

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
_MONTH = "|".join(MONTHS)
# "22 september 2025"; PDF extraction can drop the spaces ("22september2025").
DATE = rf"(?P<day>\d{{1,2}})\s*(?P<month>{_MONTH})\s*(?P<year>(?:19|20)\d\d)"

SUBMITTED = re.compile(rf"\(\s*ingezonden\s+(?:op\s+)?{DATE}\s*\)?", re.IGNORECASE)
RECEIVED = re.compile(rf"\(\s*ontvangen\s+(?:op\s+)?{DATE}\s*\)?", re.IGNORECASE)

# "Staatsecretaris" (one s) is a misspelling that real documents print.
OFFICE_WORD = r"minister-president|minister-presidenten|ministers?|staatss?ecretariss?(?:en)?"
# An office, optionally with its article: "de minister", "de Staatssecretarissen", "minister-president".
OFFICE = re.compile(rf"\b(?:(?:de|het)\s+)?(?P<office>{OFFICE_WORD})\b", re.IGNORECASE)

# "Vragen van het lid …", "Mondelinge vragen van de leden …", and in postponement notices
# "hebben de leden … schriftelijke vragen gesteld", "heeft het lid … vragen gesteld".
ASKERS_INTRO = re.compile(
    r"(?P<oral>Mondelinge\s+)?[Vv]ragen\s+van\s+(?:het\s+lid|de\s+leden)\s+"
    r"|(?:hebben|heeft)\s+(?:het\s+lid|de\s+leden)\s+",
)
# Where the list of askers ends and the addressees begin.
ASKERS_END = re.compile(r"\s+(?:aan\s+(?:de|het)\b|schriftelijke\s+vragen|vragen\s+gesteld|over\s)", re.IGNORECASE)
ADDRESSEES_INTRO = re.compile(r"\baan\s+(?=(?:de|het)\s+(?:" + OFFICE_WORD + r")\b)", re.IGNORECASE)
# "aan de Minister van EZ, bij afwezigheid van de Staatssecretaris van Financiën": the absent one is not addressed.
ADDRESSEES_END = re.compile(r",?\s+bij\s+afwezigheid\s+van\b|\s+over\s|\(\s*ingezonden|\s*\n\s*\n|\.\s*$|,\s+mede\s+namens", re.IGNORECASE)

# "Antwoord van minister Karremans (…)" / "Mededeling van staatssecretaris …" / "Antwoord van de Minister van …"
ANSWER_INTRO = re.compile(
    r"\b(?P<what>Antwoord|Mededeling)\s+van\s+(?=(?:de\s+|het\s+)?(?:" + OFFICE_WORD + r")\b)", re.IGNORECASE
)
# A letter's signature: "De minister van Justitie en Veiligheid," then, after blank lines, "D. Yeşilgöz-Zegerius".
SIGNATURE = re.compile(
    r"^[^\S\n]*(?:[Dd]e[^\S\n]+)(?P<office>[Mm]inister-[Pp]resident|[Mm]inister|[Ss]taatss?ecretaris)"
    r"(?P<rest>[^\S\n]+(?:van|voor)[^\S\n]+[^\n]{3,90}?)?[^\S\n]*,?[^\S\n]*\n(?:[^\S\n]*\n){0,3}"
    r"[^\S\n]*(?P<name>(?:[A-Z][a-z]?\.[^\S\n]?)+[^\S\n]?[^\n\d]{2,60}?)[^\S\n]*$",
    re.MULTILINE,
)
# "mede namens de minister van Justitie en Veiligheid," on the line above a signature.
SIGNATURE_ON_BEHALF = re.compile(r"mede\s+namens\s+(?P<posts>[^\n]+?),?[^\S\n]*\n(?:[^\S\n]*\n){0,3}[^\S\n]*$")
ON_BEHALF = re.compile(r",?\s*mede\s+namens\s+", re.IGNORECASE)

# Party groups: "(CDA)", "(allen CDA)", "(beiden GroenLinks-PvdA)".
PARTY_GROUP = re.compile(r"\(\s*(?:(?:allen|beiden|allebei)\s+)?(?P<party>[^()]{1,60}?)\s*\)")
NAME_SEPARATOR = re.compile(r"\s*,\s*|\s+en\s+")

SUBJECT = re.compile(r"\bover\s+(?P<subject>.+?)\s*(?=\(\s*ingezonden|\n\s*\n|$)", re.IGNORECASE | re.DOTALL)

ORAL = re.compile(r"\bMondelinge\s+vragen\b", re.IGNORECASE)

# The document's own officielebekendmakingen id, printed as a token (running footers, raw uploads).
KOOP_ID = re.compile(r"(?<![\w-])(?P<id>(?:kv-tk-(?:19|20)\d\dZ\d{5})|(?:ah-tk-(?:19|20)\d{6}-\d+))(?![\w-])")

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
    r"|(?<![\w@./-])(?:[a-z0-9-]+\.)+(?:nl|com|org|net|eu|int|be|de|uk|gov|info|io|news)/[^\s<>\"«»“”]+",
    re.IGNORECASE,
)

# A note number glued on at a line start ("32024Z15585" is note 3) does not hide the zaak number.
ZAAK = re.compile(r"(?:(?<![\w-])|(?<=^\d)|(?<=^\d\d))(?P<id>(?:19|20)\d\dZ\d{5})(?!\w)", re.MULTILINE)
AANHANGSEL = re.compile(
    r"Aanhangsel\s*(?:van\s+de\s+)?Handelingen(?:\s+II)?,?\s*(?:vergaderjaar\s+)?"
    r"(?P<y1>(?:19|20)\d\d)\s*[–—/-]\s*(?P<y2>(?:19|20)?\d\d),?\s*(?:(?:nr\.?|nummer)\s*)?(?P<nr>\d+)",
    re.IGNORECASE,
)
# "Kamerstuk 21 501-02, nr. 2733", "Kamerstukken II, 2023/24, 36 410 V, nr. 27", "(36 471-64)".
_DOSSIER = r"(?P<dossier>\d{2}[ .\u00a0]?\d{3})(?:[ \u00a0]?-[ \u00a0]?(?P<sub>[A-Z0-9]{1,4})|[ \u00a0](?P<roman>[IVXL]{1,6}|[A-Z])\b)?"
KAMERSTUK = re.compile(
    r"Kamerstuk(?:ken)?(?:\s+(?:I{1,2}|TK|EK))?,?\s*(?:(?:19|20)\d\d[/–-]\d{2,4},?\s+)?"
    + _DOSSIER
    + r",?\s*(?:nrs?\.?|nummers?)\s*(?P<nr>\d+)(?P<more>(?:\s*(?:,\s*en|,|en|&)\s*(?:nr\.?\s*)?\d+)*)",
    re.IGNORECASE,
)
# The further numbers of "nrs. 12 en 13", "nr. 324 en nr. 326": papers of the same dossier.
MORE_NUMBERS = re.compile(r"\d+")
# Without the word "Kamerstuk" only the typeset dossier form counts ("36 410 XVI, nr. 116", "(36 471-64)"):
# amounts and other numbers are not printed with a space after two digits.
KAMERSTUK_BARE = re.compile(
    r"(?<![\w.,])(?P<dossier>\d{2}[ \u00a0]\d{3})(?:-(?P<sub>[A-Z0-9]{1,4})|[ \u00a0](?P<roman>[IVXL]{1,6}|[A-Z]))?,?\s*nr\.\s*(?P<nr>\d+)"
    r"|\((?P<dossier2>\d{2}[ \u00a0]\d{3})-(?P<nr2>\d{1,4})\)"
)
# Eerste Kamer papers are lettered, not numbered: "Eerste Kamer, 36 373, H".
KAMERSTUK_EK = re.compile(
    r"(?:Eerste\s+Kamer|Kamerstukken\s+I(?!I)),?\s+(?:(?:19|20)\d\d[/–-]\d{2,4},?\s+)?"
    r"(?P<dossier>\d{2}[ \u00a0]?\d{3}),?\s+(?P<letter>[A-Z]{1,2})\b(?!\s*,?\s*nr)"
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
