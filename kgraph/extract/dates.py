"""Dutch dates as printed ("22 september 2025") to `datetime.date`."""

from __future__ import annotations

import datetime as dt
import re

from kgraph.extract.patterns import MONTHS


def parse_date(match: re.Match[str]) -> dt.date | None:
    """The date of a match with groups day, month, year; None when the calendar has no such day.

    >>> import re; from kgraph.extract.patterns import DATE
    >>> parse_date(re.search(DATE, "ontvangen 22 september 2025"))
    datetime.date(2025, 9, 22)
    >>> parse_date(re.search(DATE, "31 februari 2025")) is None
    True
    """
    try:
        return dt.date(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))
    except ValueError:
        return None
