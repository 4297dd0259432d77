"""Build the case index that ships with kgraph from the Tweede Kamer's Zaak records.

    python -m kgraph.link.build_case_index ../shared/data/tk/zaken_schriftelijke_vragen_2007_2024.csv \\
        kgraph/data/tk_zaken.csv.gz

Keeps only what `kgraph.link.cases` needs (GUID, number, subject, start date, askers, addressees), one row per
Zaak sorted by start date, gzipped without a timestamp so a rebuild from the same input is byte-identical.
The `# ` lines at the top state where the data comes from and which dates it covers; `CaseIndex.load` reads
them as `source` and `coverage`.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from kgraph import identifiers
from kgraph.errors import ReadError
from kgraph.link.cases import COLUMNS

# The provenance of the input, as the shared data MANIFEST (tk/zaken_schriftelijke_vragen_2007_2024.csv) gives it.
SOURCE = (
    "Tweede Kamer open data (OData API), Zaak records of Soort 'Schriftelijke vragen', 2007-01 to 2024-10, "
    "published under CC0; stored by the public repository Nierot/kamervragen "
    "(commit fa59a9781eaf9cd9c92f48fa692e01594eb3ebca) and decoded to CSV without executing any code."
)
ZAAK_ADDRESS = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Zaak(<zaak_id>)"
INPUT_COLUMNS = ("zaak_id", "nummer", "onderwerp", "gestartOp", "indiener", "medeindiener", "gericht_aan")

# Persons in the input: "Songül Mutluer (S.)", "J. Wuite", "Hirsch Ballin (EMH)", and once "R.A. (Rik) Janssen".
_PERSON = re.compile(r"^(?P<name>[^()]+?)(?:\s*\((?P<initials>[^()]*)\))?$")
_INITIALS_CALLNAME = re.compile(r"^(?P<initials>(?:[A-Z][a-z]?\.)+)\s*\((?P<call>[^()]+)\)\s*(?P<surname>.+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def person(value: str) -> str:
    """One person as the index stores it: 'Name (initials)' or 'Name'.

    >>> person("Songül Mutluer (S.)")
    'Songül Mutluer (S.)'
    >>> person("R.A. (Rik) Janssen")
    'Rik Janssen (R.A.)'
    >>> person("  J. Wuite ")
    'J. Wuite'
    """
    value = " ".join(value.split())
    call = _INITIALS_CALLNAME.match(value)
    if call:
        return f"{call['call']} {call['surname']} ({call['initials']})"
    match = _PERSON.match(value)
    if not match:
        raise ValueError(f"not a person value: {value!r}")
    return f"{match['name']} ({match['initials']})" if match["initials"] else match["name"]


def persons(*fields: str) -> str:
    """The persons of one or more ', '-separated fields, '|'-separated, in order, without repeats.

    >>> persons("Fleur Agema (M.)", "Samira Bouchibti (S.), Tofik Dibi (T.)")
    'Fleur Agema (M.)|Samira Bouchibti (S.)|Tofik Dibi (T.)'
    """
    seen: dict[str, None] = {}
    for field in fields:
        for part in field.split(","):
            if part.strip():
                seen.setdefault(person(part), None)
    return "|".join(seen)


def rows(records: Iterable[dict[str, str]]) -> Iterator[tuple[str, ...]]:
    """Index rows from input records, checked as they go."""
    for number, record in enumerate(records, start=2):
        nummer, started = record["nummer"].strip(), record["gestartOp"].strip()
        if not identifiers.is_zaak_number(nummer) or not _DATE.match(started):
            raise ValueError(f"input row {number}: unexpected nummer {nummer!r} or gestartOp {started!r}")
        yield (
            record["zaak_id"].strip(),
            nummer,
            started[:10],  # the calendar day in Dutch time, as the API gives it ("2024-07-05T00:00:00+02:00")
            " ".join(record["onderwerp"].split()),
            persons(record["indiener"], record["medeindiener"]),
            persons(record["gericht_aan"]),
        )


def coverage(table: list[tuple[str, ...]]) -> str:
    """The first day of the first month with at least 100 cases: the API's records before mid-2008 are sparse
    (a few cases a month against about 250), so a document from then may well have no case in the index.

    >>> coverage([("g", "n", "2007-01-31")] + [("g", "n", "2008-08-04")] * 100)
    '2008-08-01'
    """
    months = Counter(row[2][:7] for row in table)
    return next((f"{month}-01" for month in sorted(months) if months[month] >= 100), table[0][2] if table else "")


def build(source: Path, target: Path) -> int:
    """Write the index for `source` (the shared CSV) to `target` (.csv.gz); returns the number of cases."""
    try:
        data = source.read_bytes()
    except OSError as err:
        raise ReadError(str(source), f"cannot read: {err.strerror or err}") from None
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    missing = [c for c in INPUT_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise ReadError(str(source), f"missing columns {', '.join(missing)}; expected {', '.join(INPUT_COLUMNS)}")
    table = sorted(rows(reader), key=lambda row: (row[2], row[1]))
    out = io.StringIO(newline="")
    out.write(f"# Source: {SOURCE}\n")
    out.write(f"# Input: {source.name} (sha256 {hashlib.sha256(data).hexdigest()}, {len(table)} cases)\n")
    out.write(f"# Coverage: {coverage(table)} {table[-1][2]}\n")
    out.write("# Built by: python -m kgraph.link.build_case_index <input CSV> kgraph/data/tk_zaken.csv.gz\n")
    out.write(f"# A Zaak's canonical address: {ZAAK_ADDRESS}. started = gestartOp (date); askers = indiener then\n")
    out.write("# medeindieners, addressees = gericht_aan; persons are 'Name (initials)', separated by '|'.\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(table)
    target.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 and no file name in the gzip header: the same input gives the same bytes.
    with target.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
        packed.write(out.getvalue().encode("utf-8"))
    return len(table)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m kgraph.link.build_case_index INPUT.csv OUTPUT.csv.gz", file=sys.stderr)
        return 2
    source, target = Path(args[0]), Path(args[1])
    try:
        count = build(source, target)
    except (ReadError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"{count} cases -> {target} ({target.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
