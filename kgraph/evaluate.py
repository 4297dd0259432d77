"""Scoring records against hand-made gold annotations (format: ../shared/corpus/dev/GOLD.md).

Exact match for kind, oral, dates and koop_id; precision / recall / F1 for list fields. Names compare case- and
accent-insensitively and a surname matches a fuller printed name; portfolios compare after expanding
abbreviations and dropping a sub-portfolio; URLs compare without scheme, "www." and trailing slash.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.extract.portfolios import canonical_portfolio
from kgraph.fold import ascii_fold

if TYPE_CHECKING:
    from kgraph.progress import Progress

EXACT_FIELDS = ("kind", "oral", "submitted", "received", "koop_id")
LIST_FIELDS = (
    "askers", "addressees", "answerers", "on_behalf_of", "questions", "answers",
    "footnote_urls", "kamerstukken", "aanhangsel_refs", "zaak_numbers",
)


def gold_view(record: dict[str, Any]) -> dict[str, Any]:
    """A JSON record mapped onto the gold file's field names."""
    refs = record["references"]
    return {
        **{name: record[name] for name in EXACT_FIELDS},
        "askers": record["askers"],
        "addressees": record["addressees"],
        "answerers": record["answerers"],
        "on_behalf_of": record["on_behalf_of"],
        "questions": [q["number"] for q in record["questions"]],
        "answers": [a["questions"] for a in record["answers"]],
        # The gold lists each URL once per document, however many notes print it.
        "footnote_urls": list(dict.fromkeys(url for note in record["footnotes"] for url in note["urls"])),
        "kamerstukken": refs["kamerstukken"],
        "aanhangsel_refs": refs["aanhangsel"],
        "zaak_numbers": refs["zaken"],
    }


def _fold(text: str | None) -> str:
    folded = ascii_fold(text or "")
    return " ".join(folded.lower().replace("-", " ").split())


def names_match(predicted: str | None, gold: str | None) -> bool:
    """'Van Dijk' matches 'Inge van Dijk'; 'Dijk' alone does not match 'Van Dijk' the other way round… only as a
    trailing word sequence.

    >>> names_match("Inge van Dijk", "van Dijk")
    True
    >>> names_match("Bontenbal", "Krul")
    False
    """
    a, b = _fold(predicted), _fold(gold)
    if a == b:
        return True
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return long.endswith(" " + short)


def _portfolio(text: str | None) -> str:
    return _fold(canonical_portfolio(text or ""))


def _url(text: str) -> str:
    url = text.strip()
    for prefix in ("https://", "http://"):
        if url.lower().startswith(prefix):
            url = url[len(prefix):]
    if url.lower().startswith("www."):
        url = url[4:]
    return url.rstrip("/")


Matcher = Callable[[Any, Any], bool]
_MATCHERS: dict[str, Matcher] = {
    "askers": lambda p, g: names_match(p["name"], g["name"]) and _fold(p.get("party")) == _fold(g.get("party")),
    "addressees": lambda p, g: p["office"] == g["office"] and _portfolio(p["portfolio"]) == _portfolio(g["portfolio"]),
    "on_behalf_of": lambda p, g: p["office"] == g["office"] and _portfolio(p["portfolio"]) == _portfolio(g["portfolio"]),
    "answerers": lambda p, g: (
        p["office"] == g["office"]
        and _portfolio(p["portfolio"]) == _portfolio(g["portfolio"])
        and (names_match(p.get("name"), g.get("name")) or not (p.get("name") or g.get("name")))
    ),
    "footnote_urls": lambda p, g: _url(p) == _url(g),
    "answers": lambda p, g: list(p) == list(g),
}


def _equal(p: Any, g: Any) -> bool:
    return bool(p == g)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Miss:
    file: str
    field: str
    kind: str  # "missing" (in gold, not found), "extra" (found, not in gold), "wrong" (exact field)
    detail: str


@dataclass
class Scores:
    counts: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in EXACT_FIELDS + LIST_FIELDS})
    misses: list[Miss] = field(default_factory=list)
    documents: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.counts.values():
            total.tp += counts.tp
            total.fp += counts.fp
            total.fn += counts.fn
        return total


def scored(gold: dict[str, Any]) -> tuple[str, ...]:
    """The fields a gold file annotates: its `scored_fields` when present, otherwise every field.

    >>> scored({"scored_fields": ["askers", "kind"]})
    ('kind', 'askers')
    >>> len(scored({}))
    15
    """
    listed = gold.get("scored_fields")
    if listed is None:
        return EXACT_FIELDS + LIST_FIELDS
    unknown = set(listed) - set(EXACT_FIELDS + LIST_FIELDS)
    if unknown:
        raise ValueError(f"unknown scored_fields {sorted(unknown)}; known: {', '.join(EXACT_FIELDS + LIST_FIELDS)}")
    return tuple(name for name in EXACT_FIELDS + LIST_FIELDS if name in listed)


def score(record: dict[str, Any], gold: dict[str, Any], scores: Scores, name: str) -> None:
    """Add one document's comparison to `scores`, over the fields the gold file annotates."""
    predicted = gold_view(record)
    fields = scored(gold)
    scores.documents += 1
    for field_name in EXACT_FIELDS:
        if field_name not in fields:
            continue
        counts = scores.counts[field_name]
        if predicted[field_name] == gold.get(field_name):
            counts.tp += 1
        else:
            counts.fp += 1
            counts.fn += 1
            scores.misses.append(Miss(name, field_name, "wrong", f"got {predicted[field_name]!r}, gold {gold.get(field_name)!r}"))
    for field_name in LIST_FIELDS:
        if field_name not in fields:
            continue
        _score_list(predicted[field_name], gold.get(field_name) or [], _MATCHERS.get(field_name, _equal), scores, name, field_name)


def _score_list(predicted: Iterable[Any], gold: Iterable[Any], match: Matcher, scores: Scores, name: str, field_name: str) -> None:
    counts = scores.counts[field_name]
    remaining = list(gold)
    for item in predicted:
        found = next((i for i, g in enumerate(remaining) if match(item, g)), None)
        if found is None:
            counts.fp += 1
            scores.misses.append(Miss(name, field_name, "extra", _show(item)))
        else:
            counts.tp += 1
            remaining.pop(found)
    for item in remaining:
        counts.fn += 1
        scores.misses.append(Miss(name, field_name, "missing", _show(item)))


def _show(item: Any) -> str:
    if isinstance(item, dict):
        return ", ".join(f"{k}={v}" for k, v in item.items() if k != "span")
    return str(item)


def gold_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.gold.json"))


def load_gold(path: Path) -> tuple[dict[str, Any], Path]:
    """The gold annotation and the document it describes.

    `file` is relative to the corpus folder (GOLD.md), which may be any ancestor of the gold file: the nearest
    ancestor under which the path exists wins; an older gold file names only its sibling. When the document is
    found nowhere the path beside the gold file is returned, so the reader's error names what is missing.
    """
    gold: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    relative = Path(gold["file"])
    for folder in path.parents:
        if (folder / relative).is_file():
            return gold, folder / relative
    return gold, path.parent / relative.name


def table(scores: Scores) -> str:
    """A plain-text table: one row per field, then micro-averaged totals."""
    lines = [f"{'field':<16}{'tp':>6}{'fp':>6}{'fn':>6}{'P':>8}{'R':>8}{'F1':>8}"]
    for field_name, c in scores.counts.items():
        lines.append(f"{field_name:<16}{c.tp:>6}{c.fp:>6}{c.fn:>6}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}")
    m = scores.micro
    lines.append(f"{'micro':<16}{m.tp:>6}{m.fp:>6}{m.fn:>6}{m.precision:>8.3f}{m.recall:>8.3f}{m.f1:>8.3f}")
    lines.append(f"documents: {scores.documents}, failed to read: {len(scores.failures)}")
    return "\n".join(lines)


def evaluate(gold_dir: Path, progress: Progress | None = None) -> Scores:
    """Extract every document the `*.gold.json` files under `gold_dir` describe and score it against its gold
    file. A document that cannot be read is listed in `Scores.failures`; a folder without gold files is a
    `UsageError`. `progress` sees each document."""
    from kgraph.errors import KgraphError, UsageError
    from kgraph.extract import extract
    from kgraph.read import read
    from kgraph.record import to_record

    files = gold_files(gold_dir)
    if not files:
        raise UsageError(f"{gold_dir}: no *.gold.json files found")
    scores = Scores()
    if progress is not None:
        progress.extend(len(files))
    for gold_path in files:
        gold, document_path = load_gold(gold_path)
        try:
            record = to_record(extract(read(document_path)))
        except KgraphError as err:
            scores.failures.append(str(err))
        else:
            score(record, gold, scores, str(document_path.relative_to(gold_dir)))
        if progress is not None:
            progress.advance(document_path.name)
    return scores


def scores_json(scores: Scores) -> dict[str, Any]:
    """The scores as `kgraph eval --json` prints them."""
    fields = {name: {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": c.precision, "recall": c.recall, "f1": c.f1}
              for name, c in scores.counts.items()}
    return {"fields": fields, "micro_f1": scores.micro.f1, "documents": scores.documents, "failures": scores.failures}
