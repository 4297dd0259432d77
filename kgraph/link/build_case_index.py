"""Build the case index that ships with kgraph from the Tweede Kamer's Zaak (and Document) records.

    python -m kgraph.link.build_case_index ../shared/data/tk/zaken_schriftelijke_vragen_2007_2024.csv \\
        ../shared/data/tk/zaken_2008_2025.csv ../shared/data/tk/documents_schriftelijke_vragen_2024_2025.csv \\
        kgraph/data/tk_zaken.csv.gz

Inputs are told apart by their columns (see ../shared/data/MANIFEST.md):

- Zaak records with their actors (indiener, medeindiener, gericht_aan; 2007 to October 2024);
- Zaak records without actors (written and oral questions, to October 2025): the cases the first file lacks are
  added, without askers or addressees (the two agree on number, subject and date wherever both have a case);
- Document records of 2024-2025 answers and notices: their Aanhangsel numbers, written beside the index as
  `tk_aanhangsel.csv.gz` (`kgraph.link.cases.AanhangselIndex`).

Keeps only what `kgraph.link.cases` needs (GUID, number, subject, start date, askers, addressees, written or
oral), one row per Zaak sorted by start date, gzipped without a timestamp so a rebuild from the same input is
byte-identical. The `# ` lines at the top state where the data comes from, which dates it covers and until when it
names the actors; `CaseIndex.load` reads them as `source`, `coverage` and `actors_until`.
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
from kgraph.link.cases import AANHANGSEL_COLUMNS, COLUMNS

# The provenance of each input, as the shared data MANIFEST gives it.
SOURCE = (
    "Tweede Kamer open data (OData API), Zaak records of Soort 'Schriftelijke vragen', 2007-01 to 2024-10, "
    "published under CC0; stored by the public repository Nierot/kamervragen "
    "(commit fa59a9781eaf9cd9c92f48fa692e01594eb3ebca) and decoded to CSV without executing any code."
)
SOURCE_WITHOUT_ACTORS = (
    "Zaak records of Soort 'Schriftelijke vragen' and 'Mondelinge vragen' to 2025-10-02, without actors, from the "
    "same API (CC0), stored by the public repository tommyvanderwal/motiematcher "
    "(commit a1faf70d7868139d87dbc8e14746bb2c5fdf09be), decoded without executing any code; the cases the first "
    "source lacks are added without askers or addressees."
)
SOURCE_DOCUMENTS = (
    "Tweede Kamer open data (OData API), Document records of Soort 'Antwoord schriftelijke vragen', 'Antwoord "
    "schriftelijke vragen (nader)' and 'Mededeling (uitstel antwoord)' with an Aanhangselnummer, changed from "
    "2024-11-29 to 2025-10-02 (CC0); stored by the public repository tommyvanderwal/motiematcher "
    "(commit a1faf70d7868139d87dbc8e14746bb2c5fdf09be) and decoded without executing any code."
)
ZAAK_ADDRESS = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Zaak(<zaak_id>)"
INPUT_COLUMNS = ("zaak_id", "nummer", "onderwerp", "gestartOp", "indiener", "medeindiener", "gericht_aan")
WITHOUT_ACTORS_COLUMNS = ("zaak_id", "nummer", "soort", "onderwerp", "gestartOp")
DOCUMENT_COLUMNS = ("document_id", "soort", "documentnummer", "onderwerp", "datum", "aanhangselnummer")
AANHANGSEL_FILE = "tk_aanhangsel.csv.gz"
# Zaak Soort -> the index's `kind`; other Soorten are not questions.
KINDS = {"Schriftelijke vragen": "written", "Mondelinge vragen": "oral"}
# Document Soort -> the Aanhangsel table's `kind`.
DOCUMENT_KINDS = {
    "Antwoord schriftelijke vragen": "answer",
    "Antwoord schriftelijke vragen (nader)": "answer",
    "Mededeling (uitstel antwoord)": "postponement",
}

# Persons in the input: "Songül Mutluer (S.)", "J. Wuite", "Hirsch Ballin (EMH)", and once "R.A. (Rik) Janssen".
_PERSON = re.compile(r"^(?P<name>[^()]+?)(?:\s*\((?P<initials>[^()]*)\))?$")
_INITIALS_CALLNAME = re.compile(r"^(?P<initials>(?:[A-Z][a-z]?\.)+)\s*\((?P<call>[^()]+)\)\s*(?P<surname>.+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# An Aanhangselnummer is the vergaderjaar's last two digits of both years and a five-digit number: 242500545 is
# ah-tk-20242025-545 (the form of kgraph.identifiers.aanhangsel_id).
_AANHANGSEL_NUMBER = re.compile(r"^(?P<first>\d{2})(?P<second>\d{2})(?P<number>\d{5})$")


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


def _checked(number: int, nummer: str, started: str) -> None:
    if not identifiers.is_zaak_number(nummer) or not _DATE.match(started):
        raise ValueError(f"input row {number}: unexpected nummer {nummer!r} or gestartOp {started!r}")


def rows(records: Iterable[dict[str, str]]) -> Iterator[tuple[str, ...]]:
    """Index rows from input records with actors, checked as they go."""
    for number, record in enumerate(records, start=2):
        nummer, started = record["nummer"].strip(), record["gestartOp"].strip()
        _checked(number, nummer, started)
        yield (
            record["zaak_id"].strip(),
            nummer,
            started[:10],  # the calendar day in Dutch time, as the API gives it ("2024-07-05T00:00:00+02:00")
            " ".join(record["onderwerp"].split()),
            persons(record["indiener"], record["medeindiener"]),
            persons(record["gericht_aan"]),
            KINDS.get(record.get("soort", "").strip(), "written"),
        )


def rows_without_actors(records: Iterable[dict[str, str]], known: set[str]) -> Iterator[tuple[str, ...]]:
    """Index rows for the written and oral question cases whose Id is not in `known`."""
    for number, record in enumerate(records, start=2):
        kind = KINDS.get(record["soort"].strip())
        if kind is None or record["zaak_id"].strip() in known:
            continue
        nummer, started = record["nummer"].strip(), record["gestartOp"].strip()
        _checked(number, nummer, started)
        yield (record["zaak_id"].strip(), nummer, started[:10], " ".join(record["onderwerp"].split()), "", "", kind)


def aanhangsel_rows(records: Iterable[dict[str, str]]) -> Iterator[tuple[str, ...]]:
    """(aanhangsel id, document number, kind, date, subject) of each answer or notice with an Aanhangselnummer.

    >>> list(aanhangsel_rows([{"soort": "Mededeling (uitstel antwoord)", "documentnummer": "2024D44128",
    ...     "onderwerp": "Uitstel beantwoording vragen van het lid Podt", "datum": "2024-11-14T00:00:00+01:00",
    ...     "aanhangselnummer": "242500545"}]))
    [('ah-tk-20242025-545', '2024D44128', 'postponement', '2024-11-14', 'Uitstel beantwoording vragen van het lid Podt')]
    """
    for number, record in enumerate(records, start=2):
        kind = DOCUMENT_KINDS.get(record["soort"].strip())
        printed = record["aanhangselnummer"].strip()
        if kind is None or not printed:
            continue
        match = _AANHANGSEL_NUMBER.match(printed)
        day = record["datum"].strip()
        if not match or not _DATE.match(day):
            raise ValueError(f"input row {number}: unexpected aanhangselnummer {printed!r} or datum {day!r}")
        first = int(match["first"])
        session = f"{2000 + first}{2000 + int(match['second'])}"
        yield (f"ah-tk-{session}-{int(match['number'])}", record["documentnummer"].strip(), kind, day[:10],
               " ".join(record["onderwerp"].split()))


def coverage(table: list[tuple[str, ...]]) -> str:
    """The first day of the first month with at least 100 cases: the API's records before mid-2008 are sparse
    (a few cases a month against about 250), so a document from then may well have no case in the index.

    >>> coverage([("g", "n", "2007-01-31")] + [("g", "n", "2008-08-04")] * 100)
    '2008-08-01'
    """
    months = Counter(row[2][:7] for row in table)
    return next((f"{month}-01" for month in sorted(months) if months[month] >= 100), table[0][2] if table else "")


def _read(source: Path) -> tuple[bytes, csv.DictReader[str]]:
    try:
        data = source.read_bytes()
    except OSError as err:
        raise ReadError(str(source), f"cannot read: {err.strerror or err}") from None
    return data, csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))


def _kind_of(source: Path, reader: csv.DictReader[str]) -> str:
    columns = set(reader.fieldnames or ())
    for kind, wanted in (("actors", INPUT_COLUMNS), ("documents", DOCUMENT_COLUMNS), ("zaken", WITHOUT_ACTORS_COLUMNS)):
        if set(wanted) <= columns:
            return kind
    raise ReadError(
        str(source),
        f"missing columns {', '.join(c for c in INPUT_COLUMNS if c not in columns)}; expected {', '.join(INPUT_COLUMNS)} "
        f"(Zaak records with actors), {', '.join(WITHOUT_ACTORS_COLUMNS)} (without) or {', '.join(DOCUMENT_COLUMNS)} "
        "(Document records)",
    )


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 and no file name in the gzip header: the same input gives the same bytes.
    with target.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
        packed.write(text.encode("utf-8"))


def build(sources: list[Path], target: Path) -> int:
    """Write the index for `sources` (the shared CSVs: one with actors first, then optionally the one without and
    the Document records) to `target` (.csv.gz), and the Aanhangsel table beside it; returns the number of cases."""
    inputs = [(source, *_read(source)) for source in sources]
    kinds = [_kind_of(source, reader) for source, _, reader in inputs]
    if kinds.count("actors") != 1 or kinds.count("zaken") > 1 or kinds.count("documents") > 1:
        raise ReadError(", ".join(map(str, sources)), "give one Zaak file with actors, at most one without, and at "
                        "most one Document file")
    by_kind = {kind: item for kind, item in zip(kinds, inputs)}
    actor_source, actor_data, actor_reader = by_kind["actors"]
    with_actors = list(rows(actor_reader))
    table = list(with_actors)
    lines = [f"# Source: {SOURCE}",
             f"# Input: {actor_source.name} (sha256 {hashlib.sha256(actor_data).hexdigest()}, {len(with_actors)} cases)"]
    if "zaken" in by_kind:
        source, data, reader = by_kind["zaken"]
        added = list(rows_without_actors(reader, {row[0] for row in with_actors}))
        table.extend(added)
        lines.append(f"# Source: {SOURCE_WITHOUT_ACTORS}")
        lines.append(f"# Input: {source.name} (sha256 {hashlib.sha256(data).hexdigest()}, {len(added)} cases added)")
    table.sort(key=lambda row: (row[2], row[1]))
    written = [row for row in table if row[6] == "written"]
    lines += [
        f"# Coverage: {coverage(written)} {written[-1][2] if written else ''}",
        f"# Actors: {coverage(with_actors)} {max((row[2] for row in with_actors), default='')}",
        "# Built by: python -m kgraph.link.build_case_index <input CSVs> kgraph/data/tk_zaken.csv.gz",
        f"# A Zaak's canonical address: {ZAAK_ADDRESS}. started = gestartOp (date); askers = indiener then",
        "# medeindieners, addressees = gericht_aan; persons are 'Name (initials)', separated by '|'; kind = written",
        "# or oral. Cases from the second source have no askers or addressees.",
    ]
    out = io.StringIO(newline="")
    out.write("\n".join(lines) + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(table)
    _write(target, out.getvalue())
    if "documents" in by_kind:
        source, data, reader = by_kind["documents"]
        found = sorted(aanhangsel_rows(reader))
        out = io.StringIO(newline="")
        out.write(f"# Source: {SOURCE_DOCUMENTS}\n")
        out.write(f"# Input: {source.name} (sha256 {hashlib.sha256(data).hexdigest()}, {len(found)} documents)\n")
        out.write("# Built by: python -m kgraph.link.build_case_index <input CSVs> kgraph/data/tk_zaken.csv.gz\n")
        out.write("# aanhangsel = the publication's id (Aanhangselnummer 242500545 = ah-tk-20242025-545); document = its\n")
        out.write("# DocumentNummer; kind = answer or postponement; date = Datum; subject = Onderwerp, as published.\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(AANHANGSEL_COLUMNS)
        writer.writerows(found)
        _write(target.parent / AANHANGSEL_FILE, out.getvalue())
    return len(table)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print("usage: python -m kgraph.link.build_case_index ZAKEN_WITH_ACTORS.csv [ZAKEN.csv] [DOCUMENTS.csv] "
              "OUTPUT.csv.gz", file=sys.stderr)
        return 2
    sources, target = [Path(arg) for arg in args[:-1]], Path(args[-1])
    try:
        count = build(sources, target)
    except (ReadError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"{count} cases -> {target} ({target.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
