"""The report as one HTML page: the template in kgraph/data/report_template.html filled with the facts.

Everything taken from the graph is escaped. The page loads nothing: no scripts, no fonts, styles or images from
elsewhere, so it opens offline and can be mailed as one file. It links out (to each document's public page and to
the articles footnotes cite), and each table has a CSV download carried in a data: URL, so the file stays whole.
"""

from __future__ import annotations

import re
from html import escape
from importlib.metadata import PackageNotFoundError, version
from string import Template
from urllib.parse import quote

from kgraph.report.charts import answer_times_svg, months_svg, network_svg
from kgraph.report.facts import ANSWER_TERM_DAYS, Facts, Shacl, Table
from kgraph.resources import data_file

__all__ = ["render"]

# Cells that are numbers are right-aligned.
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# Dates (2024-11-18) and publication ids (kv-tk-2024Z18435, ah-tk-20232024-1786) are not broken across lines.
_DATE_OR_ID = re.compile(r"\d{4}-\d{2}-\d{2}|[a-z]{1,5}-[a-z]{2}-[0-9A-Z-]{4,24}|\d{4}-\d{2}")
# Links go only to the open web.
_WEB = re.compile(r"^https?://", re.IGNORECASE)


def render(facts: Facts) -> str:
    """The HTML page for `facts`. The same facts give the same bytes (no clock, sorted everywhere)."""
    template = Template(data_file("report_template.html").read_text(encoding="utf-8"))
    counts = dict(facts.counts)
    network, drawn, labelled = network_svg(facts.network)
    members = facts.network.number_of_nodes()
    times = facts.times_per_ministry()
    period = (f"Documents dated {facts.period[0]} to {facts.period[1]}." if facts.period
              else "No document in the store prints a date.")
    return template.substitute(
        version=escape(_version()),
        store=escape(facts.store),
        summary=escape(
            f"{counts.get('documents', 0)} documents, {counts.get('questions', 0)} questions, "
            f"{counts.get('answers', 0)} answers, {counts.get('triples', 0)} triples. {period}"
        ),
        counts="\n".join(
            f"<div><dt>{escape(label)}</dt><dd>{value}</dd></div>" for label, value in facts.counts
        ),
        shacl=_shacl(facts.shacl),
        months_plot=months_svg(facts.months),
        months_table=_table(facts.month_table, heading=False),
        late=_table(facts.late, empty=f"No answer in the store took more than {ANSWER_TERM_DAYS} days."),
        open=_table(facts.open, empty="No open question set in the store."),
        tables="\n".join(_table(table) for table in facts.tables),
        members=_table(facts.members),
        ministers=_table(facts.ministers),
        network=network,
        network_caption=escape(
            f"{drawn} of {members} members who asked questions, those who signed at least one document together "
            f"with another member; {labelled} are named in the picture (the rest where their names would overlap "
            f"another's; every pair is in the co-asker table). Line width: documents signed together; circle "
            f"size: documents signed; colour: party."
        ),
        answer_plot=answer_times_svg(times),
        answer_table=_table(facts.answer_table, heading=False),
        sources=_table(facts.sources, empty="No footnote in the store cites a web page."),
        documents=_table(facts.documents),
    )


def _shacl(shacl: Shacl) -> str:
    if shacl.conforms:
        return ('<p><span class="status ok">Conforms</span> Every document graph conforms to the shapes '
                "(<code>kgraph validate</code>).</p>")
    examples = "".join(f"<li>{escape(example)}</li>" for example in shacl.examples)
    return (f'<p><span class="status bad">Does not conform</span> {shacl.violations} validation results; '
            f"<code>kgraph validate</code> lists them all. The first:</p><ul>{examples}</ul>")


def _table(table: Table, *, heading: bool = True, empty: str = "none in this store") -> str:
    numeric = [bool(table.rows) and all(_NUMBER.fullmatch(row[i]) or not row[i] for row in table.rows)
               and any(row[i] for row in table.rows) for i in range(len(table.columns))]
    head = "".join(f'<th{_n(numeric[i])} scope="col">{escape(column)}</th>' for i, column in enumerate(table.columns))
    body = "\n".join(
        "<tr>" + "".join(
            f"<td{_class(numeric[i], cell)}>{_cell(cell, table.links[r][i] if table.links else None)}</td>"
            for i, cell in enumerate(row)
        ) + "</tr>"
        for r, row in enumerate(table.rows)
    ) or f'<tr><td colspan="{max(len(table.columns), 1)}">{escape(empty)}</td></tr>'
    title = f"<h2>{escape(table.title)}</h2>" if heading else ""
    download = ""
    if table.rows:
        data = "data:text/csv;charset=utf-8," + quote(table.csv(), safe="")
        rows = len(table.rows)
        download = (f' <a class="csv" download="{escape(table.key)}.csv" href="{escape(data)}">CSV '
                    f'({rows} row{"s" if rows != 1 else ""})</a>')
    return (f'<section id="{escape(table.key)}">{title}'
            f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table></div>'
            f'<p class="note">{escape(table.note)}{download}</p></section>')


def _cell(text: str, link: str | None) -> str:
    if link and _WEB.match(link):
        return f'<a href="{escape(link)}">{escape(text or link)}</a>'
    return escape(text)


def _n(numeric: bool) -> str:
    return ' class="n"' if numeric else ""


def _class(numeric: bool, cell: str) -> str:
    """Numbers right-aligned; dates and identifiers kept on one line; a bare URL broken anywhere, or it would
    widen the table past a phone's screen."""
    if numeric:
        return ' class="n"'
    if _DATE_OR_ID.fullmatch(cell):
        return ' class="d"'
    if _WEB.match(cell):
        return ' class="url"'
    return ""


def _version() -> str:
    try:
        return version("kgraph")
    except PackageNotFoundError:
        return "dev"
