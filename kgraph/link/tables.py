"""Loading the linking stage's reference tables (kgraph/data/*.csv): comments skipped, rows checked."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from kgraph.fold import comparison_key
from kgraph.resources import data_file


def rows(name: str, required: tuple[str, ...]) -> Iterator[dict[str, str]]:
    """The rows of a shipped CSV table, each with the `required` columns filled in."""
    path = data_file(name)
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(line for line in handle if not line.startswith("#"))
        for number, row in enumerate(reader, start=2):
            missing = [column for column in required if not (row.get(column) or "").strip()]
            if missing:
                raise ValueError(f"{path}: data row {number} lacks {', '.join(missing)}: {row}")
            yield {key: (value or "").strip() for key, value in row.items()}


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


key = comparison_key
