"""What the XML readers (DOCX parts, KOOP's XML) check before and after parsing: the declared character encoding,
and how deep elements nest.

expat reads UTF-8, UTF-16, ISO-8859-1 and US-ASCII itself and asks Python's codecs for any other encoding a
document declares; that fails with LookupError for a name no codec has ("UTF-4") and ValueError for a codec that
is not one byte per character ("UTF-7", "shift_jis", "UTF-32"), errors no reader expects. So the declaration is
read first (XML 1.0, 4.3.3): an unknown encoding, or one that is neither a UTF that expat reads nor a single-byte
table, is refused with a message that says so, and a single-byte one (windows-1252, ISO-8859-15) is decoded here,
so that expat is given text and needs no codec.

The readers walk the parsed tree recursively (content controls in tables in text boxes ...); `nesting_depth` lets
them refuse a tree deeper than any real document long before Python's recursion limit.
"""

from __future__ import annotations

import codecs
import functools
import re
import sys
from xml.etree.ElementTree import Element

from kgraph.errors import ReadError

#: The XML declaration's encoding (after an optional UTF-8 byte-order mark).
_DECLARATION = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?\bencoding\s*=\s*([\"'])(?P<name>[^\"'>]*)\1")
#: What expat decodes itself (codec names as `codecs.lookup` gives them).
_EXPAT_NATIVE = frozenset({"utf-8", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "iso8859-1", "ascii"})
#: Byte-order marks: with one, expat decides the encoding and checks the declaration against it.
_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


@functools.lru_cache(maxsize=64)
def _single_byte(codec: str) -> bool:
    """Whether `codec` is a code page: a table of one character per byte (Python's charmap codecs), which keeps
    ASCII markup as it is.

    >>> [_single_byte(name) for name in ("cp1252", "iso8859-15", "utf-7", "shift_jis", "hz", "cp037")]
    [True, True, False, False, False, False]
    """
    try:
        info = codecs.lookup(codec)
        module = sys.modules.get(type(getattr(info.decode, "__self__", None)).__module__)
        markup = b"<?xml version='1.0' encoding=\"\"?>".decode(codec)
    except (UnicodeError, LookupError, TypeError, ValueError):
        return False
    is_table = module is not None and isinstance(getattr(module, "decoding_table", None), str)
    return is_table and markup == "<?xml version='1.0' encoding=\"\"?>"


def for_expat(data: bytes, path: str, what: str = "the file") -> bytes | str:
    """`data` as the XML parser should get it: the bytes, or the text when the declared encoding is a single-byte
    table expat does not know. Raises ReadError (naming `what`: the file, or the part of a DOCX) for an unknown or
    unsupported declared encoding and for bytes that are not in the declared one.

    >>> for_expat(b'<?xml version="1.0" encoding="windows-1252"?><a>caf\\xe9</a>', "x.xml")
    '<?xml version="1.0" encoding="windows-1252"?><a>café</a>'
    >>> for_expat(b'<?xml version="1.0" encoding="UTF-7"?><a/>', "x.xml")
    Traceback (most recent call last):
    ...
    kgraph.errors.ReadError: x.xml: the file declares the character encoding 'UTF-7', which kgraph does not read (it reads UTF-8, UTF-16 and single-byte encodings such as windows-1252)
    """
    if data.startswith(_BOMS):
        return data
    declared = _DECLARATION.match(data[:1024])
    if declared is None:
        return data
    label = declared["name"].decode("ascii", errors="replace")
    try:
        codec = codecs.lookup(label).name
    except (LookupError, ValueError):
        raise ReadError(path, f"{what} declares an unknown character encoding {label!r}") from None
    if codec in _EXPAT_NATIVE:
        return data
    if not _single_byte(codec):
        raise ReadError(path, f"{what} declares the character encoding {label!r}, which kgraph does not read "
                              "(it reads UTF-8, UTF-16 and single-byte encodings such as windows-1252)")
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise ReadError(path, f"{what} declares the character encoding {label!r} but is not valid {label}: "
                              f"{err.reason} at byte {err.start}") from None


def nesting_depth(root: Element) -> int:
    """How deep elements nest, counted without recursion (the tree may be deeper than Python's recursion limit).

    >>> from xml.etree.ElementTree import fromstring
    >>> nesting_depth(fromstring("<a><b><c/></b><b/></a>"))
    3
    """
    deepest, todo = 0, [(root, 1)]
    while todo:
        element, depth = todo.pop()
        deepest = max(deepest, depth)
        todo.extend((child, depth + 1) for child in element)
    return deepest
