"""The largest real documents, measured against each per-document limit of `kgraph.limits`.

    .venv/bin/python benchmarks/corpus_maxima.py [CORPUS_DIR]      # default: ../shared/corpus/dev

Prints, for each limit, the largest value in the corpus, the document it belongs to and the default limit, so
the defaults can be checked to stay far above real Kamervragen: bytes of a file, bytes a DOCX part (of those
kgraph reads) or a PDF stream inflates to, PDF pages, characters of text, triples of a document's graph, and
seconds from read to validated (in this process, after a first document that loads the shapes).
"""

from __future__ import annotations

import io
import sys
import time
import zipfile
from pathlib import Path

from kgraph.api import _linker
from kgraph.build import Processed, process
from kgraph.limits import DEFAULT_LIMITS, MB
from kgraph.mint import DEFAULT_BASE
from kgraph.read import discover, read
from kgraph.read import pdf_bounds

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
#: The DOCX parts kgraph reads (kgraph.read.docx): the main document, its notes, numbering, styles, relationships.
DOCX_PARTS = ("word/document.xml", "word/footnotes.xml", "word/numbering.xml", "word/styles.xml", ".rels")


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    if not corpus.is_dir():
        print(f"no corpus at {corpus}; pass a folder of documents", file=sys.stderr)
        return 2
    files = list(discover([corpus]))
    linker = _linker(DEFAULT_BASE)
    process(files[0], linker)  # loads what every document needs, so that the times below are per document
    largest: dict[str, tuple[float, str]] = {}
    current = [""]

    def note(limit: str, value: float) -> None:
        if value > largest.get(limit, (-1.0, ""))[0]:
            largest[limit] = (value, current[0])

    check = pdf_bounds._Decoders._check

    def counting(self: pdf_bounds._Decoders, size: int) -> None:
        note("part_bytes", size)
        check(self, size)

    pdf_bounds._Decoders._check = counting  # type: ignore[method-assign]
    for path in files:
        current[0] = str(path.relative_to(corpus))
        note("file_bytes", path.stat().st_size)
        started = time.perf_counter()
        result = process(path, linker)
        note("seconds", time.perf_counter() - started)
        if isinstance(result, Processed):
            note("triples", len(result.graph))
            note("text_chars", len(read(path).text))
        if path.suffix.lower() == ".docx":
            with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
                for info in archive.infolist():
                    if info.filename.endswith(DOCX_PARTS):
                        note("part_bytes", len(archive.read(info)))
        if path.suffix.lower() == ".pdf":
            from pdfminer.pdfdocument import PDFDocument
            from pdfminer.pdfpage import PDFPage
            from pdfminer.pdfparser import PDFParser

            document = PDFDocument(PDFParser(io.BytesIO(path.read_bytes())))
            note("pages", sum(1 for _ in PDFPage.create_pages(document)))
    print(f"{len(files)} documents in {corpus}")
    print(f"{'limit':12}  {'largest':>12}  {'default':>12}  document")
    for limit in ("file_bytes", "part_bytes", "pages", "text_chars", "triples", "seconds"):
        value, where = largest.get(limit, (0.0, "-"))
        default = getattr(DEFAULT_LIMITS, limit)
        shown, default_shown = ((f"{value / 1024:.0f} KB", f"{default / MB:g} MB") if limit.endswith("bytes")
                                else (f"{value:.2f}" if limit == "seconds" else f"{value:,.0f}", f"{default:,}"))
        print(f"{limit:12}  {shown:>12}  {default_shown:>12}  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
