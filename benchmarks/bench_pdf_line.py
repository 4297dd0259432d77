"""PDF line assembly on a line of many text runs: the time must grow linearly with the runs.

    .venv/bin/python benchmarks/bench_pdf_line.py [RUNS ...]      # default: 1000 5000 20000

Some producers show every glyph with its own text operator, so one line of a page can hold tens of thousands of
runs. Assembling a line used to recompute the line's main run and extent for every run added: 5,000 runs took
17 s and 20,000 runs minutes. Each PDF here is one page with one line of RUNS runs (`(a) Tj`, each starting where
the last ended) and one ordinary line; the script prints the time to read it (pdfminer's parsing included) and
the time per run, which stays flat when assembly is linear.
"""

from __future__ import annotations

import sys
import time

from kgraph.read.pdf import read_pdf


def line_of_runs(runs: int) -> bytes:
    """A one-page PDF 1.4 file in Helvetica with a line of `runs` runs."""
    content = (b"BT /F1 10 Tf 1 0 0 1 72 700 Tm " + b"(a) Tj " * runs + b"ET "
               b"BT /F1 10 Tf 1 0 0 1 72 600 Tm (Vragen van het lid Jansen aan de minister.) Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def main() -> int:
    counts = [int(arg) for arg in sys.argv[1:]] or [1000, 5000, 20000]
    print(f"{'runs':>7}  {'KB':>6}  {'seconds':>8}  {'µs per run':>10}")
    for runs in counts:
        data = line_of_runs(runs)
        started = time.perf_counter()
        source = read_pdf(data, f"line-{runs}.pdf")
        seconds = time.perf_counter() - started
        assert "a" * runs in source.text
        print(f"{runs:7}  {len(data) // 1024:6}  {seconds:8.2f}  {1e6 * seconds / runs:10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
