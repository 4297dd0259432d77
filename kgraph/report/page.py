"""The report as one HTML page: the template in kgraph/data/report_template.html filled with the facts.

Everything taken from the graph is escaped; the page has no scripts and no outside addresses (no fonts, styles
or images from a CDN), so it opens offline and can be mailed as one file.
"""

from __future__ import annotations

import re
from html import escape
from importlib.metadata import PackageNotFoundError, version
from string import Template

from kgraph.report.charts import answer_times_svg, network_svg
from kgraph.report.facts import Facts, Shacl, Table
from kgraph.resources import data_file

__all__ = ["render"]

# Cells that are numbers are right-aligned.
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def render(facts: Facts) -> str:
    """The HTML page for `facts`. The same facts give the same bytes (no dates, sorted everywhere)."""
    template = Template(data_file("report_template.html").read_text(encoding="utf-8"))
    counts = dict(facts.counts)
    network, drawn = network_svg(facts.network)
    members = facts.network.number_of_nodes()
    times = facts.times_per_ministry()
    return template.substitute(
        version=escape(_version()),
        store=escape(facts.store),
        summary=escape(
            f"{counts.get('documents', 0)} documents, {counts.get('questions', 0)} questions, "
            f"{counts.get('answers', 0)} answers, {counts.get('triples', 0)} triples."
        ),
        counts="\n".join(
            f"<div><dt>{escape(label)}</dt><dd>{value}</dd></div>" for label, value in facts.counts
        ),
        shacl=_shacl(facts.shacl),
        tables="\n".join(_table(table) for table in facts.tables),
        network=network,
        network_caption=escape(
            f"{drawn} of {members} members who asked questions, those who signed at least one document together "
            f"with another member; line width: documents signed together; circle size: documents signed; "
            f"colour: party. Hover for names and numbers."
        ),
        answer_plot=answer_times_svg(times),
        answer_table=_table(facts.answer_table, heading=False),
    )


def _shacl(shacl: Shacl) -> str:
    if shacl.conforms:
        return ('<p><span class="status ok">Conforms</span> Every document graph conforms to the shapes '
                "(<code>kgraph validate</code>).</p>")
    examples = "".join(f"<li>{escape(example)}</li>" for example in shacl.examples)
    return (f'<p><span class="status bad">Does not conform</span> {shacl.violations} validation results; '
            f"<code>kgraph validate</code> lists them all. The first:</p><ul>{examples}</ul>")


def _table(table: Table, *, heading: bool = True) -> str:
    numeric = [bool(table.rows) and all(_NUMBER.fullmatch(row[i]) for row in table.rows) for i in range(len(table.columns))]
    head = "".join(f'<th{_n(numeric[i])}>{escape(column)}</th>' for i, column in enumerate(table.columns))
    body = "\n".join(
        "<tr>" + "".join(f"<td{_n(numeric[i])}>{escape(cell)}</td>" for i, cell in enumerate(row)) + "</tr>"
        for row in table.rows
    ) or f'<tr><td colspan="{len(table.columns)}">none in this store</td></tr>'
    title = f"<h2>{escape(table.title)}</h2>" if heading else ""
    return (f'<section id="{escape(table.key)}">{title}'
            f'<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>'
            f'<p class="note">{escape(table.note)}</p></section>')


def _n(numeric: bool) -> str:
    return ' class="n"' if numeric else ""


def _version() -> str:
    try:
        return version("kgraph")
    except PackageNotFoundError:
        return "dev"
