"""`kgraph report`: the facts on a hand-made store, the HTML itself (parses, has its sections, no outside
addresses, escaped), the pictures, and the page rendered by a real headless chromium when one is installed."""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, URIRef

from kgraph.cli import main
from kgraph.report import collect, render, write_report
from kgraph.report.charts import answer_times_svg, network_svg, party_colours
from kgraph.report.facts import MinistryTimes
from kgraph.report.layout import spring_layout
from kgraph.store import Store

from conftest import ROOT

SMALL = ROOT / "tests" / "fixtures" / "report" / "small.trig"
SECTIONS = ("counts", "shacl", "per-month", "months", "late", "open", "parties", "ministries", "publishers", "pairs",
            "members", "ministers", "network", "answer-times", "sources", "documents")
# Elements that have no end tag in HTML.
_VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source", "track", "embed"}
# SVG elements written self-closing (`<line … />`).
_SELF_CLOSING = {"line", "circle", "rect", "path"}


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-made graphs of small.trig, one document graph each, in a real store."""
    location = tmp_path_factory.mktemp("report") / "store"
    dataset = Dataset()
    dataset.parse(SMALL, format="trig")
    with Store.open(location, create=True) as store:
        for graph in dataset.graphs():
            if isinstance(graph.identifier, URIRef) and str(graph.identifier).startswith("https://example.org/"):
                store.put_document(graph.identifier, graph, source=str(graph.identifier), sha256="0")
    return location


@pytest.fixture(scope="module")
def seeds_store(seed_store: Path) -> Path:
    return seed_store


@pytest.fixture(scope="module")
def small_page(small_store: Path) -> str:
    with Store.open(small_store, read_only=True) as store:
        return render(collect(store, "small"))


class Page(HTMLParser):
    """Tags, ids, attribute values and text of a page, and whether every element is closed in order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.problems: list[str] = []
        self.feed(html)
        self.close()
        if self.open:
            self.problems.append(f"never closed: {self.open}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))
            if name == "id" and value:
                self.ids.append(value)
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


# --- facts, worked out by hand in small.trig ----------------------------------------------------------------------


def test_facts_of_the_small_store(small_store: Path) -> None:
    with Store.open(small_store, read_only=True) as store:
        facts = collect(store, "small")
    counts = dict(facts.counts)
    assert {key: counts[key] for key in ("documents", "question sets", "answer documents", "questions", "answers",
                                         "people", "parties asking", "ministries addressed", "cited sources",
                                         "statutes cited")} == {
        "documents": 4, "question sets": 1, "answer documents": 3, "questions": 6, "answers": 1, "people": 4,
        "parties asking": 2, "ministries addressed": 2, "cited sources": 1, "statutes cited": 0,
    }
    times = facts.times_per_ministry()
    assert [(t.ministry, t.days, t.median) for t in times] == [
        ("Financiën", (28,), 28.0),
        ("Justitie en Veiligheid", (10, 35), 22.5),
    ]
    tables = {table.key: table for table in facts.tables}
    assert tables["parties"].rows[:2] == (("Partij A", "4", "6"), ("Partij B", "2", "4"))
    assert tables["publishers"].rows == (("NOS <Nieuws>", "1", "1"),)
    assert tables["pairs"].rows == (("Jan Jansen", "Piet Pieters", "2"),)
    assert "kgraph query --name questions-per-party" in tables["parties"].note
    assert [row[0] for row in facts.answer_table.rows] == ["Financiën", "Justitie en Veiligheid"]
    assert facts.network.number_of_nodes() == 3
    assert facts.network.edges["https://example.org/jan", "https://example.org/piet"]["weight"] == 2
    assert not facts.shacl.conforms  # hand-made, without spans, titles, sources ...
    assert facts.shacl.violations > 0 and facts.shacl.examples


# --- the HTML ---------------------------------------------------------------------------------------------------


def test_page_parses_and_every_element_is_closed(small_page: str) -> None:
    page = Page(small_page)
    assert page.problems == []
    assert small_page.startswith("<!DOCTYPE html>")


def test_page_has_every_section(small_page: str) -> None:
    ids = Page(small_page).ids
    for section in SECTIONS:
        assert section in ids, f"no section {section}"
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_page_is_self_contained(small_page: str) -> None:
    """Nothing is loaded from elsewhere; the only addresses are links out (to public pages) and CSV downloads."""
    page = Page(small_page)
    assert not {"script", "link", "img", "iframe", "object", "embed", "image", "use"} & set(page.tags)
    for tag, name, value in page.attributes:
        lowered = value.strip().lower()
        if tag == "a" and name == "href":
            assert lowered.startswith(("#", "https://", "http://", "data:text/csv;")), value
            continue
        assert not lowered.startswith(("http:", "https:", "//", "data:", "javascript:")), (tag, name, value)
    assert "@import" not in small_page and "url(" not in small_page
    assert "xmlns" not in small_page


def test_every_table_has_a_csv_download_with_its_rows(small_page: str) -> None:
    import csv
    import io
    from urllib.parse import unquote

    page = Page(small_page)
    downloads = {value: href for (tag, name, value), (_, _, href) in zip(page.attributes, page.attributes[1:])
                 if tag == "a" and name == "download"}
    assert {"months.csv", "late.csv", "open.csv", "members.csv", "ministers.csv", "sources.csv", "documents.csv",
            "parties.csv", "answer-time.csv"} <= set(downloads)
    rows = list(csv.reader(io.StringIO(unquote(downloads["late.csv"].split(",", 1)[1]))))
    assert rows[0] == ["answer", "answer link", "title", "ministry", "ingezonden", "ontvangen", "days"]
    assert [row[-1] for row in rows[1:]] == ["35", "28"]
    assert rows[2][1] == "https://zoek.officielebekendmakingen.nl/ah-tk-20232024-1"


def test_late_and_open_questions_and_the_period(small_store: Path) -> None:
    with Store.open(small_store, read_only=True) as store:
        facts = collect(store, "small")
    assert facts.period == ("2024-01-01", "2024-04-05")
    assert [(row[0], row[-1]) for row in facts.late.rows] == [("https://example.org/a3", "35"),
                                                              ("ah-tk-20232024-1", "28")]
    assert facts.open.rows == (("kv-tk-2024Z00001", "het bericht over fietsen", "2024-01-01", "95", "no case linked", ""),)
    assert facts.open.links[0][0] == "https://zoek.officielebekendmakingen.nl/kv-tk-2024Z00001"
    assert [(m.month, m.question_sets) for m in facts.months] == [("2024-01", 2), ("2024-02", 1), ("2024-03", 1)]
    assert facts.members.rows[0][:2] == ("Jan Jansen", "Partij A")
    ministers = {row[0]: row for row in facts.ministers.rows}
    assert ministers["minister van Financiën"] == ("minister van Financiën", "Eelco Minister", "1", "1", "28", "1")
    assert ministers["minister van Justitie en Veiligheid"][2:] == ("2", "2", "22.5", "1")
    assert facts.sources.rows == (("Fietsen <en> meer", "NOS <Nieuws>", "2023-12-20", "kv-tk-2024Z00001"),)
    assert facts.sources.links[0][0] == "https://nos.nl/artikel/1"
    assert len(facts.documents.rows) == 4


def test_public_pages_and_articles_are_linked(small_page: str) -> None:
    hrefs = {value for tag, name, value in Page(small_page).attributes if tag == "a" and name == "href"}
    assert "https://zoek.officielebekendmakingen.nl/kv-tk-2024Z00001" in hrefs
    assert "https://nos.nl/artikel/1" in hrefs
    assert "Fietsen &lt;en&gt; meer" in small_page


def test_page_shows_the_pictures(small_page: str) -> None:
    page = Page(small_page)
    assert page.tags.count("svg") == 3  # questions per month, co-askers, answer times
    assert page.tags.count("circle") >= 2 + 3  # two members in the network, three answers (and legend dots)
    text = " ".join(page.text)
    assert "Jan Jansen" in text and "Piet Pieters" in text
    assert "Justitie en Veiligheid (2)" in text
    assert "Does not conform" in text


def test_values_from_the_graph_are_escaped(small_page: str) -> None:
    assert "NOS <Nieuws>" not in small_page
    assert "NOS &lt;Nieuws&gt;" in small_page
    assert "NOS <Nieuws>" in " ".join(Page(small_page).text)


def test_the_same_store_gives_the_same_page(small_store: Path, small_page: str) -> None:
    with Store.open(small_store, read_only=True) as store:
        assert render(collect(store, "small")) == small_page


def test_report_command_on_the_seeds(seeds_store: Path, tmp_path: Path) -> None:
    output = tmp_path / "report.html"
    output.write_text("old")
    result = CliRunner().invoke(main, ["report", "-o", str(output), "--store", str(seeds_store)])
    assert result.exit_code == 0, result.output
    assert result.output == f"written {output} (2 documents; conforms)\n"
    page = Page(output.read_text(encoding="utf-8"))
    assert page.problems == []
    text = " ".join(page.text)
    assert "Conforms" in text and "Bontenbal" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # written atomically, no temporary left


def test_report_command_without_a_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", "-o", str(tmp_path / "r.html"), "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no store here" in result.output
    assert not (tmp_path / "r.html").exists()


# --- the pictures -----------------------------------------------------------------------------------------------


def test_layout_is_deterministic_and_in_the_unit_square() -> None:
    graph = nx.karate_club_graph()
    first = spring_layout(graph, seed=7)
    assert first == spring_layout(graph, seed=7)
    assert first != spring_layout(graph, seed=8)
    assert all(0.0 <= x <= 1.0 and 0.0 <= y <= 1.0 for x, y in first.values())
    assert spring_layout(nx.Graph(), seed=7) == {}
    single = nx.Graph()
    single.add_node("a")
    assert spring_layout(single, seed=7) == {"a": (0.5, 0.5)}


def test_layout_keeps_neighbours_closer_than_strangers() -> None:
    graph = nx.Graph([("a", "b"), ("c", "d")])
    positions = spring_layout(graph, seed=1)

    def distance(u: str, v: str) -> float:
        (x1, y1), (x2, y2) = positions[u], positions[v]
        return float(((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5)

    assert distance("a", "b") < distance("a", "c") and distance("c", "d") < distance("b", "d")


def test_network_without_pairs_says_so() -> None:
    graph = nx.Graph()
    graph.add_node("https://example.org/a", name="A", questions=1)
    svg, drawn, labelled = network_svg(graph)
    assert drawn == labelled == 0 and "No two members signed a document together." in svg


def test_network_labels_never_overlap() -> None:
    """A crowded network: every name drawn has a box that meets no other name's box."""
    import re

    from kgraph.report.charts import label_box

    graph = nx.complete_graph(30)
    nx.relabel_nodes(graph, {i: f"https://example.org/m{i}" for i in range(30)}, copy=False)
    for i, node in enumerate(sorted(graph.nodes)):
        graph.nodes[node].update(name=f"Member number {i} with a long name", party=f"P{i % 4}", questions=i + 1)
    svg, drawn, labelled = network_svg(graph)
    assert drawn == 30 and 0 < labelled <= 30
    labels = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)">(Member[^<]*)</text>', svg)
    assert len(labels) == labelled
    boxes = [label_box(float(x), float(y), anchor, text) for x, y, anchor, text in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_months_chart_labels_every_bar() -> None:
    from kgraph.report.charts import months_svg
    from kgraph.report.facts import Month

    svg = months_svg([Month("2024-01", 3, 9), Month("2024-02", 1, 2)])
    text = " ".join(Page(f"<div>{svg}</div>").text)
    assert "2024-01" in text and "3" in text and "2024-02" in text
    many = months_svg([Month(f"{2000 + i // 12}-{i % 12 + 1:02d}", 1, 1) for i in range(48)])
    assert "2003" in many and "2000-01" not in many  # drawn per year past three years


def test_answer_plot_has_a_dot_per_answer_and_the_term_line() -> None:
    svg = answer_times_svg([MinistryTimes("Financiën", (10, 10, 40)), MinistryTimes("Defensie", (5,))])
    page = Page(f"<div>{svg}</div>")
    assert page.problems == []
    assert page.tags.count("circle") == 4
    assert "three-week term" in " ".join(page.text)
    assert "No answer document has both a submission and a receipt date." in Page(answer_times_svg([])).text


def test_party_colours_follow_frequency_and_run_out_to_grey() -> None:
    parties = [f"P{i:02d}" for i in range(14)]
    colours = party_colours(parties + ["P13"])
    assert list(colours)[0] == "P13"
    assert list(colours.values()).count("#9A9A9A") == 2


# --- in a real browser --------------------------------------------------------------------------------------------

_CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium); the rendering check is skipped")
    return found


def _png(path: Path) -> tuple[int, int, bytes]:
    """Width, height and the decompressed (still filtered) scanlines of a PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, width, height, compressed = 8, 0, 0, b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            compressed += body
        position += 12 + length
    return width, height, zlib.decompress(compressed)


def test_report_renders_in_headless_chromium(small_store: Path, tmp_path: Path) -> None:
    chromium = _chromium()
    report = tmp_path / "report.html"
    with Store.open(small_store, read_only=True) as store:
        write_report(store, report, name="small")
    screenshot = tmp_path / "report.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, *_CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={screenshot}",
             "--window-size=1280,2000", report.as_uri()],
            capture_output=True, timeout=120, check=True,
        )
    width, height, pixels = _png(screenshot)
    assert (width, height) == (1280, 2000)
    # A blank page filters to a few byte values (0, 255 and the filter types); text, tables and SVG give many.
    assert len(set(pixels)) > 64, "the screenshot is blank"
    assert screenshot.stat().st_size > 20_000

    phone = tmp_path / "phone.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, *_CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={phone}",
             "--window-size=420,3000", report.as_uri()],
            capture_output=True, timeout=120, check=True,
        )
    width, height, pixels = _png(phone)
    assert (width, height) == (420, 3000) and len(set(pixels)) > 64, "the phone-width screenshot is blank"

    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(
            [chromium, *_CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", report.as_uri()],
            capture_output=True, timeout=120, check=True, text=True,
        ).stdout
    # The browser parsed the page as written: both pictures are SVG elements in its DOM.
    assert dom.count("<svg") == 3 and "Co-asker network" in dom
