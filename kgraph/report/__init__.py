"""`kgraph report`: one self-contained HTML page about a store, to look at rather than query.

    store --facts--> period, counts, SHACL, per month, late and open, tables, network, answer times --page--> HTML

`facts` reads the store (SPARQL, the query library, the analyst tables, the co-asker view, per-document SHACL),
`layout` and `charts` draw inline SVG, `page` fills the template in kgraph/data/report_template.html. The page
loads nothing from elsewhere (no scripts); it links out to public pages and carries its CSV downloads inside.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kgraph.atomic import write_atomically
from kgraph.report.facts import Facts, collect
from kgraph.report.page import render
from kgraph.store import Store

if TYPE_CHECKING:
    from kgraph.progress import Progress

__all__ = ["Facts", "collect", "render", "write_report"]


def write_report(store: Store, output: Path, name: str | None = None, progress: Progress | None = None) -> Facts:
    """Write the report on `store` to `output` (atomically) and return the facts it shows; `progress` sees its
    steps."""
    facts = collect(store, name or str(store.path), progress)
    write_atomically(Path(output), render(facts).encode("utf-8"))
    return facts
