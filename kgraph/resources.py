"""Where the files that ship with kgraph live, installed or in a source checkout.

`ontology/` and `shapes/` sit at the top of the repository (the source of truth); a wheel carries them as
`kgraph/_ontology` and `kgraph/_shapes` (see pyproject.toml). Data files live in `kgraph/data/`.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"none of these folders exists: {', '.join(map(str, candidates))}")


def ontology_dir() -> Path:
    return _first_existing(_PACKAGE / "_ontology", _PACKAGE.parent / "ontology")


def shapes_dir() -> Path:
    return _first_existing(_PACKAGE / "_shapes", _PACKAGE.parent / "shapes")


def data_file(name: str) -> Path:
    return _PACKAGE / "data" / name
