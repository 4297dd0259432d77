"""Fuzzing kgraph's readers and its pipeline with hypothesis (issue 11).

Every target takes real documents, mutates them and checks what kgraph promises for any input:

- a reader (text, markdown, pdf, docx, koop_xml, koop_html) gives `SourceText` whose note and link spans lie inside
  its text, or raises `ReadError` (a `LimitError` among them); any other exception is a crash;
- the pipeline (a file through read, extract, link, map, validate and the store, in the worker process, as
  `kgraph build` runs it) gives a document in the store or a `Failed` with one printable line; an internal error
  (a `Failed` with a traceback), an exception or a line that is not one printable line is a crash. A document
  stopped by the time limit is a hang the worker contains: counted, not a crash.

Seeds: the development corpus (../shared/corpus/dev) when present, seeds/, the KOOP fixtures of tests/fixtures/koop,
the hostile files of tests/hostile.py (small versions) and tests/fixtures/hostile/; PDFs also with their Flate
streams inflated, so that mutations reach the content, and DOCX packages as their XML parts, mutated inside and
zipped again. Mutations: bytes flipped, inserted, deleted, repeated, cut; a token of the format inserted (markup,
PDF operators, headings of Kamervragen); two seeds spliced.

A crash is shrunk by hypothesis and written to tests/fixtures/hostile/<target>-<sha256 prefix>.<suffix>; the test
suite reads every file there (tests/test_fuzz.py). Usage:

    .venv/bin/python benchmarks/fuzz_kgraph.py                      # every target, 1,000 inputs each
    .venv/bin/python benchmarks/fuzz_kgraph.py pdf docx --examples 20000 --seed 7
    .venv/bin/python benchmarks/fuzz_kgraph.py koop_xml --atheris -max_total_time=600   # coverage-guided

It prints, per target, the inputs tried, crashes and hangs, and exits 1 when there was a crash.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import signal
import sys
import tempfile
import time
import traceback
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import hypothesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
CRASHES = ROOT / "tests" / "fixtures" / "hostile"
sys.path.insert(0, str(ROOT / "tests"))

from kgraph.errors import ReadError  # noqa: E402
from kgraph.limits import Limits  # noqa: E402
from kgraph.model import SourceText  # noqa: E402

#: Limits small enough to keep each input quick, large enough for every seed.
LIMITS = Limits(file_bytes=4 * 2**20, part_bytes=4 * 2**20, pages=40, text_chars=400_000, triples=20_000,
                seconds=20.0, memory_bytes=1024 * 2**20)
#: Seeds larger than this are left out (mutating a big file mostly costs time).
MAX_SEED_BYTES = 160_000
#: An input the reader itself (in this process) spends longer on is a hang.
READER_SECONDS = 20

SUFFIXES = {"text": ".txt", "markdown": ".md", "pdf": ".pdf", "docx": ".docx", "koop_xml": ".xml", "koop_html": ".html"}
READERS = {
    "text": ("kgraph.read.text", "read_text"),
    "markdown": ("kgraph.read.markdown", "read_markdown"),
    "pdf": ("kgraph.read.pdf", "read_pdf"),
    "docx": ("kgraph.read.docx", "read_docx"),
    "koop_xml": ("kgraph.read.koop_xml", "read_koop_xml"),
    "koop_html": ("kgraph.read.koop_html", "read_koop_html"),
}
TARGETS = (*READERS, "pipeline")

#: Tokens worth inserting, per format: what the reader and the extractor look for.
KAMERVRAGEN = [b"Vraag 1", b"Antwoord 2\n", b"Vragen van het lid ", b"(ingezonden 1 mei 2024)", b"aan de minister van ",
               b"1 https://nos.nl/a\n", b"[^1]", b"[^1]: ", b"## ", b"**", b"\n\n", b"\r", b"\x00", b"\xff\xfe",
               b"\xef\xbb\xbf", b"\\", b"Kamerstukken II 2023/24, 36410, nr. 3", b"2024Z01234", b"\t", "\u2028".encode("utf-8"),
               b"\xed\xa0\x80"]
MARKUP = [b"<al>", b"</al>", b"<vraag>", b"</vraag>", b"<antwoord>", b"<nr>", b"<noot id=\"n1\">", b"<extref doc=\"",
          b"<?xml version=\"1.0\" encoding=\"utf-7\"?>", b"<!DOCTYPE a [<!ENTITY e \"x\">]>", b"&e;", b"&#0;", b"&#x10FFFF;",
          b"<w:p>", b"</w:p>", b"<w:r><w:t>", b"</w:t></w:r>", b"<w:tbl><w:tr><w:tc>", b"<w:sdt><w:sdtContent>",
          b"<w:hyperlink r:id=\"rId9\">", b"<w:numPr><w:ilvl w:val=\"99\"/><w:numId w:val=\"1\"/></w:numPr>",
          b"<w:fldChar w:fldCharType=\"begin\"/>", b"<w:instrText>HYPERLINK \"x\"</w:instrText>",
          b"<w:footnoteReference w:id=\"1\"/>", b"<p>", b"<table><tr><td>", b"<a href=\"#n1\" class=\"nootnum\">",
          b"<sup>", b"<meta charset=\"utf-7\">", b"<meta charset=\"rot13\">", b"<meta charset=\"punycode\">",
          b"<?xml version=\"1.0\" encoding=\"base64\"?>", b"<![CDATA[", b"]]>", b"<!--", b"-->", *KAMERVRAGEN]
PDF_TOKENS = [b" obj\n", b"endobj\n", b" 0 R", b"1 0 R", b"/Filter /FlateDecode", b"/Filter /LZWDecode",
              b"/Filter /RunLengthDecode", b"/Filter /ASCII85Decode", b"/Filter /ASCIIHexDecode",
              b"/DecodeParms << /Predictor 12 /Columns 4 >>", b"/Length 0", b"/Length 99999999",
              b"stream\n", b"\nendstream", b"<<", b">>", b"[", b"]", b"(", b")", b"<feff>", b"Tj", b"TJ", b" Tf ", b"BT ",
              b" ET", b" Tm ", b" Td ", b"/Type /Page ", b"/Kids [", b"/Count 999999", b"/Annots [", b"/URI (http://a)",
              b"/QuadPoints [0 0 1 1 1 0 0 1]", b"/Encrypt", b"/ToUnicode", b"beginbfchar <01> <d800> endbfchar",
              b"-1e309", b"99999999999999999999", b"%%EOF", b"xref\n", b"trailer", b"/Prev 0", b"/ObjStm", b"/Ts 9",
              b"/Rotate 90", b"/MediaBox [0 0 0 0]"]


# ---------------------------------------------------------------------------------------------------------------
# Seeds
# ---------------------------------------------------------------------------------------------------------------


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
                  and p.stat().st_size <= MAX_SEED_BYTES and not p.name.startswith("."))


def inflate_pdf(data: bytes) -> bytes:
    """The PDF with its Flate streams stored uncompressed (/Length fixed; the cross-reference table is then
    off, which pdfminer repairs by scanning the objects)."""

    def plain(match: re.Match[bytes]) -> bytes:
        head, body = match["head"], match["body"]
        if b"/FlateDecode" not in head:
            return match[0]
        try:
            body = zlib.decompress(body)
        except zlib.error:
            return match[0]
        head = re.sub(rb"/Filter\s*/FlateDecode", b"", head)
        head = re.sub(rb"/Length \d+(?: \d+ R)?", b"/Length %d" % len(body), head)
        return head + b"stream\n" + body + b"\nendstream"

    return re.sub(rb"(?P<head><<(?:[^<>]|<<[^<>]*>>)*>>\s*)stream\r?\n(?P<body>.*?)\r?\nendstream", plain, data,
                  flags=re.DOTALL)


def seeds(target: str, *, corpus: bool = True) -> list[bytes]:
    """The seed inputs of `target` (for the pipeline: of every format, as (suffix, bytes) pairs packed)."""
    import hostile

    found: list[bytes] = []
    if target in ("text", "markdown"):
        paths = _files(ROOT / "seeds", (".txt", ".md")) + (_files(CORPUS / "limburg", (".txt",))[:12] if corpus else [])
        found += [p.read_bytes() for p in paths]
        found += [b"## Vraag 1\n**Klopt het?**[^1]\n\n[^1]: NOS, https://nos.nl/a\n", "café\r\n".encode("cp1252")]
    elif target == "pdf":
        found += [hostile.pdf_pages([hostile.TEXT]), hostile.pdf_line_of_runs(200), hostile.pdf_many_pages(3),
                  hostile.pdf_self_referencing(b"Annots"), hostile.pdf_inflating(0.01),
                  hostile.pdf_filtered(b"LZWDecode", hostile.lzw_encode(hostile.TEXT)), hostile.pdf_damaged_flate(10),
                  hostile.pdf_filtered(b"RunLengthDecode", bytes([len(hostile.TEXT) - 1]) + hostile.TEXT + b"\x80")]
        for path in (_files(CORPUS / "learninglion", (".pdf",)) if corpus else []):
            found += [path.read_bytes(), inflate_pdf(path.read_bytes())]
    elif target == "docx":
        found += [hostile.docx(hostile.PARAGRAPH), hostile.docx_nested("sdt", 30), hostile.docx_nested("tbl", 20),
                  hostile.docx_nested("hyperlink", 30)]
        found += [p.read_bytes() for p in (_files(CORPUS / "codewith", (".docx",)) if corpus else [])]
    elif target == "koop_xml":
        found += [p.read_bytes() for p in _files(ROOT / "tests" / "fixtures" / "koop", (".xml",))]
        found += [hostile.koop_xml("UTF-8"), hostile.koop_xml("windows-1252")]
    elif target == "koop_html":
        found += [p.read_bytes() for p in _files(ROOT / "tests" / "fixtures" / "koop", (".html", ".htm"))]
    found += [p.read_bytes() for p in _files(CRASHES, (SUFFIXES.get(target, ".none"),))]
    return found


# ---------------------------------------------------------------------------------------------------------------
# Mutations
# ---------------------------------------------------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, pool: list[bytes], tokens: list[bytes]) -> bytes:
    """A seed from `pool` with up to eight mutations."""
    data = bytearray(draw(st.sampled_from(pool)))
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "token", "repeat", "truncate", "splice"]))
        at = draw(st.integers(0, len(data)))
        if kind == "flip" and data:
            index = min(at, len(data) - 1)
            data[index] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif kind == "token":
            data[at:at] = draw(st.sampled_from(tokens))
        elif kind == "repeat":
            piece = bytes(data[at:at + draw(st.integers(1, 32))])
            data[at:at] = piece * draw(st.integers(1, 200))
        elif kind == "truncate":
            del data[at:]
        elif kind == "splice":
            other = draw(st.sampled_from(pool))
            cut = draw(st.integers(0, len(other)))
            data[at:] = other[cut:]
    return bytes(data)


def _parts(package: bytes) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return None


@st.composite
def mutated_docx(draw: st.DrawFn, pool: list[bytes]) -> bytes:
    """A DOCX seed with one of its XML parts mutated and the package zipped again; sometimes the package's bytes
    mutated instead."""
    package = draw(st.sampled_from(pool))
    parts = _parts(package)
    if parts is None or draw(st.integers(0, 9)) == 0:
        return draw(mutated([package], MARKUP))
    xml = sorted(name for name in parts if name.endswith((".xml", ".rels")))
    name = draw(st.sampled_from(xml))
    parts[name] = draw(mutated([parts[name]], MARKUP))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return buffer.getvalue()


def inputs(target: str, pool: list[bytes]) -> st.SearchStrategy[bytes]:
    if target == "docx":
        return mutated_docx(pool)
    return mutated(pool, PDF_TOKENS if target == "pdf" else MARKUP if target.startswith("koop") else KAMERVRAGEN)


# ---------------------------------------------------------------------------------------------------------------
# Oracles
# ---------------------------------------------------------------------------------------------------------------


class Crash(AssertionError):
    """What kgraph promises for any input did not hold."""


class Hang(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang()


def check_source(source: SourceText) -> None:
    if not isinstance(source, SourceText):
        raise Crash(f"the reader returned {type(source).__name__}")
    regions = [note.span for note in source.notes] + [link.span for link in source.links]
    for span in regions:
        if not 0 <= span.start <= span.end <= len(source.text):
            raise Crash(f"span [{span.start}, {span.end}) outside a text of {len(source.text)} characters")


def reader_target(target: str) -> Callable[[bytes], str]:
    """Runs the reader of `target` on bytes; returns the outcome ("text", "error", "hang")."""
    import importlib

    module, function = READERS[target]
    reader = getattr(importlib.import_module(module), function)

    def run(data: bytes) -> str:
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(READER_SECONDS)
        try:
            check_source(reader(data, "fuzz" + SUFFIXES[target], LIMITS))
            return "text"
        except ReadError as err:
            if "\n" in str(err) or not str(err).startswith("fuzz"):
                raise Crash(f"a ReadError that is not one line naming the file: {str(err)!r}") from None
            return "error"
        except Hang:
            return "hang"
        except Crash:
            raise
        except Exception as err:
            raise Crash(f"{type(err).__name__}: {err}") from err
        finally:
            signal.alarm(0)

    return run


@dataclass
class Pipeline:
    """The whole pipeline on files in a scratch folder, into a scratch store: `process` in the worker process, as
    `kgraph build` runs it, then the store."""

    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="kgraph-fuzz-")))

    def __post_init__(self) -> None:
        from functools import partial

        from kgraph.api import _linker
        from kgraph.build import process, warm_up
        from kgraph.mint import DEFAULT_BASE
        from kgraph.store import Store
        from kgraph.worker import Worker

        self.linker = _linker(DEFAULT_BASE)
        self.store = Store.open(self.folder / "store", create=True)
        warm_up([Path("x" + suffix) for suffix in SUFFIXES.values()], self.linker)
        self.worker = Worker(partial(process, linker=self.linker, limits=LIMITS), seconds=LIMITS.seconds,
                             memory_bytes=LIMITS.memory_bytes, recycle=lambda result: getattr(result, "detail", None) is not None)
        self.count = 0

    def run(self, data: bytes, suffix: str) -> str:
        from kgraph.build import Failed, Processed, source_key
        from kgraph.display import shown
        from kgraph.worker import Stopped

        self.count += 1
        path = self.folder / f"input-{self.count}{suffix}"
        path.write_bytes(data)
        try:
            [(_, result)] = list(self.worker.map([path]))
            if isinstance(result, Stopped):
                if "time limit" in result.reason:
                    return "hang"
                raise Crash(f"the worker stopped: {result.reason}")
            if isinstance(result, Failed):
                if result.detail is not None:
                    raise Crash(f"internal error: {result.error}\n{result.detail}")
                if shown(result.error) != result.error or not result.error.startswith(shown(str(path))):
                    raise Crash(f"a failure that is not one printable line naming the file: {result.error!r}")
                return "error"
            assert isinstance(result, Processed)
            self.store.put_document(self.linker.minter.document(result.document), result.graph,
                                    source=source_key(path), sha256=result.document.sha256)
            return "text"
        except Crash:
            raise
        except Exception as err:
            raise Crash(f"{type(err).__name__}: {err}") from err
        finally:
            path.unlink()

    def close(self) -> None:
        self.worker.close()
        self.store.close()


# ---------------------------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    target: str
    inputs: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    crash: str | None = None
    saved: Path | None = None
    seconds: float = 0.0

    def line(self) -> str:
        seen = ", ".join(f"{kind} {n}" for kind, n in sorted(self.outcomes.items()))
        crashes = 0 if self.crash is None else 1
        return (f"{self.target:10} inputs {self.inputs:6}  crashes {crashes}  hangs {self.outcomes.get('hang', 0)}  "
                f"({seen}; {self.seconds:.0f} s)" + (f"\n  crash: {self.crash}\n  saved: {self.saved}" if self.crash else ""))


def fuzz(target: str, examples: int, seed: int, *, corpus: bool = True, save: bool = True,
         pipeline: Pipeline | None = None) -> Tally:
    """`examples` inputs for `target`, drawn with the random seed `seed` (the same seed gives the same inputs);
    the pipeline target runs in `pipeline` when one is given (and leaves it open), else in one of its own."""
    tally = Tally(target)
    own = pipeline is None
    if target == "pipeline":
        pools = {suffix: seeds(name, corpus=corpus) for name, suffix in SUFFIXES.items()}
        pools = {suffix: pool for suffix, pool in pools.items() if pool}
        pipeline = pipeline or Pipeline()
        strategy = st.sampled_from(sorted(pools)).flatmap(
            lambda suffix: st.tuples(st.just(suffix), inputs(next(n for n, s in SUFFIXES.items() if s == suffix),
                                                             pools[suffix])))
    else:
        pool = seeds(target, corpus=corpus)
        run = reader_target(target)
        strategy = st.tuples(st.just(SUFFIXES[target]), inputs(target, pool))
    last: list[tuple[str, bytes]] = []

    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate, Phase.shrink],
              report_multiple_bugs=False)
    @given(strategy)
    def one(case: tuple[str, bytes]) -> None:
        suffix, data = case
        last[:] = [case]
        outcome = pipeline.run(data, suffix) if pipeline is not None and target == "pipeline" else run(data)
        tally.outcomes[outcome] = tally.outcomes.get(outcome, 0) + 1
        tally.inputs += 1

    started = time.monotonic()
    try:
        hypothesis.seed(seed)(one)()
    except Crash as crash:
        tally.crash = str(crash).splitlines()[0]
        if save and last:
            suffix, data = last[0]
            CRASHES.mkdir(parents=True, exist_ok=True)
            tally.saved = CRASHES / f"{target}-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
            tally.saved.write_bytes(data)
        traceback.print_exc(limit=3, file=sys.stderr)
    finally:
        if target == "pipeline" and own and pipeline is not None:
            pipeline.close()
    tally.seconds = time.monotonic() - started
    return tally


def fuzz_atheris(target: str, options: list[str]) -> int:
    """Coverage-guided fuzzing of a reader with atheris (libFuzzer; the `fuzz` extra: pip install -e ".[fuzz]"):
    its seeds are written to a corpus folder libFuzzer grows, `options` are libFuzzer's (-max_total_time=600,
    -runs=100000). A crash is saved as with hypothesis and ends the run."""
    import importlib

    import atheris  # type: ignore[import-not-found]

    corpus = Path(tempfile.mkdtemp(prefix=f"kgraph-atheris-{target}-"))
    for number, seed in enumerate(seeds(target)):
        (corpus / f"seed-{number}").write_bytes(seed)
    with atheris.instrument_imports(include=["kgraph"]):
        importlib.import_module(READERS[target][0])
    run = reader_target(target)

    def one(data: bytes) -> None:
        try:
            run(data)
        except Crash:
            CRASHES.mkdir(parents=True, exist_ok=True)
            (CRASHES / f"{target}-{hashlib.sha256(data).hexdigest()[:12]}{SUFFIXES[target]}").write_bytes(data)
            raise

    atheris.Setup([sys.argv[0], *options, str(corpus)], one)
    atheris.Fuzz()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=f"of {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--examples", type=int, default=1000, help="inputs per target (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0): the same seed, the same inputs")
    parser.add_argument("--no-corpus", action="store_true", help="leave the development corpus out of the seeds")
    parser.add_argument("--atheris", nargs=argparse.REMAINDER, metavar="LIBFUZZER_OPTION",
                        help="coverage-guided, with atheris, for one reader target; the rest of the line goes to "
                             "libFuzzer (e.g. --atheris -max_total_time=600)")
    args = parser.parse_args()
    if args.atheris is not None:
        if len(args.targets) != 1 or args.targets[0] not in READERS:
            parser.error(f"--atheris fuzzes one reader: one of {', '.join(READERS)}")
        return fuzz_atheris(args.targets[0], args.atheris)
    unknown = [target for target in args.targets if target not in TARGETS]
    if unknown:
        parser.error(f"no target {', '.join(unknown)}; available: {', '.join(TARGETS)}")
    tallies = []
    for target in args.targets or TARGETS:
        tallies.append(fuzz(target, args.examples, args.seed, corpus=not args.no_corpus))
        print(tallies[-1].line(), flush=True)
    total = sum(t.inputs for t in tallies)
    crashes = sum(1 for t in tallies if t.crash)
    print(f"{'all':10} inputs {total:6}  crashes {crashes}  hangs {sum(t.outcomes.get('hang', 0) for t in tallies)}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
