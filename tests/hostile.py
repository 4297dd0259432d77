"""Hostile input files, generated at test time (none of them is committed whole: several are megabytes).

Each function returns the bytes of one file that broke, hung or exhausted kgraph before it was contained
(issue 11): nesting deeper than Python's recursion limit, declared encodings expat cannot read, decompression
bombs, zip headers that lie, a PDF object that refers to itself, a line of 20,000 text runs.
"""

from __future__ import annotations

import io
import zipfile
import zlib

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships '
    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
PARAGRAPH = "<w:p><w:r><w:t>Vragen van het lid Jansen (CDA) aan de minister van Financiën.</w:t></w:r></w:p>"


def docx(body: str | bytes, *, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>',
         repeat: tuple[bytes, int] = (b"", 0), parts: dict[str, str] | None = None) -> bytes:
    """A DOCX package whose word/document.xml holds `body` inside <w:body>, then `repeat` (a piece of XML and how
    many times), written in pieces so that a part of hundreds of megabytes never stands in memory whole."""
    head = f'{declaration}<w:document xmlns:w="{W_NS}"><w:body>'.encode("latin-1")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        for name, text in (parts or {}).items():
            archive.writestr(name, text)
        with archive.open("word/document.xml", "w") as part:
            part.write(head + (body.encode("utf-8") if isinstance(body, str) else body))
            piece, count = repeat
            chunk = piece * max(1, 2**20 // max(len(piece), 1))
            for _ in range(count * len(piece) // len(chunk) if piece else 0):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return buffer.getvalue()


def docx_nested(kind: str, depth: int) -> bytes:
    """Elements nested `depth` deep: content controls (w:sdt), hyperlinks in a paragraph, or tables in cells."""
    if kind == "sdt":
        return docx("<w:sdt><w:sdtContent>" * depth + PARAGRAPH + "</w:sdtContent></w:sdt>" * depth)
    if kind == "hyperlink":
        run = "<w:r><w:t>Vragen van het lid Jansen</w:t></w:r>"
        return docx("<w:p>" + "<w:hyperlink>" * depth + run + "</w:hyperlink>" * depth + "</w:p>")
    if kind == "tbl":
        return docx("<w:tbl><w:tr><w:tc>" * depth + PARAGRAPH + "</w:tc></w:tr></w:tbl>" * depth)
    raise ValueError(kind)


def docx_numbered(start: int, fmt: str = "lowerRoman") -> bytes:
    """A list whose counter starts at `start`: a numeral of a trillion is a billion letters m."""
    numbering = (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">'
                 f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl>'
                 '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    item = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Klopt het?</w:t></w:r></w:p>'
    return docx(PARAGRAPH + item * 3, parts={"word/numbering.xml": numbering})


def docx_inflating(megabytes: float, unit: str = "<w:p/>") -> bytes:
    """A small DOCX whose document part inflates to `megabytes` of XML (a zip bomb of empty paragraphs)."""
    return docx(PARAGRAPH, repeat=(unit.encode("ascii"), int(megabytes * 2**20) // len(unit)))


def docx_understating(megabytes: float) -> bytes:
    """A DOCX whose zip headers say the document part is small while it inflates to `megabytes`: zipfile trusts
    the header until its CRC check, after the whole part."""
    data = bytearray(docx_inflating(megabytes))
    name = b"word/document.xml"
    real = None
    for start in _all(data, b"PK\x01\x02"):  # central directory entries
        if data[start + 46:start + 46 + len(name)] == name:
            real = int.from_bytes(data[start + 24:start + 28], "little")
            data[start + 24:start + 28] = (1000).to_bytes(4, "little")
    for start in _all(data, b"PK\x03\x04"):  # local headers
        if data[start + 30:start + 30 + len(name)] == name:
            data[start + 22:start + 26] = (1000).to_bytes(4, "little")
    assert real is not None and real > 1000
    return bytes(data)


def _all(data: bytearray, marker: bytes) -> list[int]:
    found, start = [], data.find(marker)
    while start != -1:
        found.append(start)
        start = data.find(marker, start + 1)
    return found


def koop_xml(encoding: str) -> bytes:
    """A KOOP Kamervragen XML file that declares `encoding`."""
    return (f'<?xml version="1.0" encoding="{encoding}"?><kamervragen><vraag><nr>Vraag 1</nr>'
            "<al>Klopt het?</al></vraag></kamervragen>").encode("latin-1")


# --- PDF ------------------------------------------------------------------------------------------------------

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF 1.4 file of `objects` (object 1 is the catalog) with a correct cross-reference table; `trailer_extra`
    goes into the trailer dictionary (an /Encrypt entry)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def stream(content: bytes, *, compress: bool = False, padding: int = 0) -> bytes:
    """A stream object of `content` and `padding` spaces after it, Flate-compressed when asked (in pieces)."""
    if compress:
        packer = zlib.compressobj(9)
        packed = [packer.compress(content)]
        spaces = b" " * 2**20
        for _ in range(padding // len(spaces)):
            packed.append(packer.compress(spaces))
        packed.append(packer.compress(b" " * (padding % len(spaces))) + packer.flush())
        data = b"".join(packed)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
    content += b" " * padding
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)


def pdf_pages(contents: list[bytes], *, compress: bool = False, page_extra: bytes = b"") -> bytes:
    """One page per content stream, in Helvetica."""
    pages = [4 + 2 * i for i in range(len(contents))]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % p for p in pages), len(pages)),
        FONT,
    ]
    for page, content in zip(pages, contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R %s>>" % (page + 1, page_extra))
        objects.append(stream(content, compress=compress))
    return pdf(objects)


TEXT = b"BT /F1 10 Tf 1 0 0 1 72 700 Tm (Vragen van het lid Jansen aan de minister.) Tj ET"


def pdf_many_pages(count: int) -> bytes:
    """`count` pages that all show the same content stream (a few bytes per page)."""
    page_ids = list(range(5, 5 + count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % p for p in page_ids), count),
        FONT,
        stream(TEXT),
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    objects.extend(page for _ in page_ids)
    return pdf(objects)


def pdf_line_of_runs(runs: int) -> bytes:
    """One line of `runs` text runs (one Tj each; each starts where the last ended): a producer that shows every
    glyph on its own."""
    return pdf_pages([b"BT /F1 10 Tf 1 0 0 1 72 700 Tm " + b"(a) Tj " * runs + b"ET " + TEXT])


def pdf_inflating(megabytes: float) -> bytes:
    """A PDF whose one content stream is small compressed and inflates to `megabytes` (spaces)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R >>",
        stream(TEXT, compress=True, padding=int(megabytes * 2**20)),
    ]
    return pdf(objects)


def pdf_self_referencing(key: bytes = b"LastModified") -> bytes:
    """A PDF whose page's `key` is an object that is a reference to itself: pdfminer resolves it forever (its
    resolve1 follows references until it finds something else)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R /%s 6 0 R >>" % key,
        stream(TEXT),
        b"6 0 R",
    ]
    return pdf(objects)


def _pack(codes: list[tuple[int, int]]) -> bytes:
    out, value, bits = bytearray(), 0, 0
    for code, width in codes:
        value = (value << width) | code
        bits += width
        while bits >= 8:
            bits -= 8
            out.append((value >> bits) & 0xFF)
        value &= (1 << bits) - 1
    if bits:
        out.append((value << (8 - bits)) & 0xFF)
    return bytes(out)


def _width(emitted: int) -> int:
    """The code width a PDF LZW decoder (EarlyChange 1, as pdfminer) reads after `emitted` codes since a clear:
    its table has 257 + emitted entries, and it widens at 511, 1023 and 2047."""
    size = 257 + emitted
    return 12 if size >= 2047 else 11 if size >= 1023 else 10 if size >= 511 else 9


def lzw_encode(data: bytes) -> bytes:
    """LZWDecode as PDF writes it (ISO 32000-1, 7.4.4): a clear code (256) first, 9- to 12-bit codes, 257 last."""
    codes = [(256, 9)]
    table = {bytes([i]): i for i in range(256)}
    emitted, word = 0, b""
    for byte in data:
        candidate = word + bytes([byte])
        if candidate in table:
            word = candidate
            continue
        codes.append((table[word], _width(emitted) if emitted else 9))
        emitted += 1
        table[candidate] = 257 + emitted
        if 257 + emitted >= 4093:
            codes.append((256, _width(emitted)))
            table, emitted = {bytes([i]): i for i in range(256)}, 0
        word = bytes([byte])
    if word:
        codes.append((table[word], _width(emitted) if emitted else 9))
        emitted += 1
    codes.append((257, _width(emitted) if emitted else 9))
    return _pack(codes)


def lzw_spaces(count: int) -> bytes:
    """`count` spaces (at least) in LZW, written directly: after a space (32), code 256 + n stands for n spaces."""
    codes: list[tuple[int, int]] = []
    written = 0
    while written < count:
        codes += [(256, _width(0) if not codes else 12), (32, 9)]
        written += 1
        for emitted, code in enumerate(range(258, 4093), start=1):
            codes.append((code, _width(emitted)))
            written += code - 256
            if written >= count:
                break
    codes.append((257, 12))
    return _pack(codes)


def pdf_filtered(filter_name: bytes, encoded: bytes) -> bytes:
    """A one-page PDF whose content stream is `encoded` with `filter_name`."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Length %d /Filter /%s >>\nstream\n%s\nendstream" % (len(encoded), filter_name, encoded),
    ]
    return pdf(objects)


def pdf_runlength_bomb(megabytes: float) -> bytes:
    """RunLengthDecode: two bytes make 128 spaces."""
    return pdf_filtered(b"RunLengthDecode", bytes([129, 32]) * int(megabytes * 2**20 / 128) + bytes([128]))


def pdf_damaged_flate(padding: int) -> bytes:
    """A Flate content stream whose checksum (its last four bytes) is wrong."""
    packed = bytearray(zlib.compress(TEXT + b" " * padding))
    packed[-1] ^= 0xFF
    return pdf_filtered(b"FlateDecode", bytes(packed))
