"""Folding text for comparison and identifiers: accents off, case off.

One place, because names, portfolios, party labels and IRIs must all fold the same way: a name that folds
differently in the linker and in the minter would become two people.
"""

from __future__ import annotations

import re
import unicodedata

# Accents PDF extraction prints as separate characters ("Yes¸ilgöz"): NFKD leaves them, so they go first.
_SPACING_ACCENTS = re.compile(r"[\u00a8\u00af\u00b4\u00b8\u02c0-\u02ff`^]")
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]")


def ascii_fold(text: str) -> str:
    """Accents off, everything else kept.

    >>> ascii_fold("Yeşilgöz-Zegerius"), ascii_fold("Yes¸ilgöz")
    ('Yesilgoz-Zegerius', 'Yesilgoz')
    """
    return unicodedata.normalize("NFKD", _SPACING_ACCENTS.sub("", text)).encode("ascii", "ignore").decode("ascii")


def comparison_key(text: str) -> str:
    """Lower-case letters and digits only, so spacing, punctuation and accents do not matter.

    >>> comparison_key("GroenLinks–PvdA") == comparison_key("Groenlinks - PVDA")
    True
    >>> comparison_key("Volksgezondheid, Welzijn enSport") == comparison_key("Volksgezondheid, Welzijn en Sport")
    True
    """
    return _NOT_ALPHANUMERIC.sub("", ascii_fold(text).lower())
