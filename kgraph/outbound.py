"""Does a SPARQL query or update make the engine reach outside the store? `SERVICE` and `LOAD`, found in the text.

SPARQL 1.1 Federated Query (https://www.w3.org/TR/sparql11-federated-query/) lets a query send parts of itself to
any address (`SERVICE <http://…> { … }`), and SPARQL 1.1 Update's `LOAD <http://…>`
(https://www.w3.org/TR/sparql11-update/#load) makes the server download a document. Oxigraph does both, in
pyoxigraph (`kgraph query`) and in its server (`kgraph serve`), and has no switch to turn them off; pyoxigraph
exposes no parsed algebra either. So kgraph finds them in the text, before the engine sees it.

A plain substring search is wrong both ways: "service" in a comment, a string or an IRI is harmless, and a
tokenizer that guesses differently from Oxigraph's parser can be fooled. Measured with pyoxigraph 0.5.13 (each
of these reached a listener on 127.0.0.1): keywords are matched case-insensitively and without word boundaries
on either side (``?x ?y trueSERVICE <u> {}`` is `true` then `SERVICE`; ``SERVICEx:a {}`` is `SERVICE` then
`x:a`); ``FILTER(?a<?b)SERVICE#>`` followed by a line ``<u>{…}`` is a call, though a longest-match lexer reads
``<?b)SERVICE#>`` as one IRI; prefixed names take escapes (``x:a\\#b``, ``e:a\\'``). ``\\u0053ERVICE`` is
refused by Oxigraph's parser (no codepoint escapes outside strings), but SPARQL 1.1 section 19.2 allows them, so
the text is also checked with them decoded.

The check therefore over-approximates, and cannot be fooled by an ambiguity it knows of: it follows *every*
tokenization a reader could choose where the SPARQL terminals are ambiguous (a `<` starts an IRI or is an
operator; a `SERVICE` may start anywhere inside a word, before its first colon), collects every position a token
can start at, and reports a call wherever `SERVICE` there is followed, across white space and comments, by an
optional `SILENT`, a name (IRI, prefixed name or variable) and `{`. In an update, `LOAD` followed by an optional
`SILENT` and an IRI is a call; it can only start an operation (after `;`, `>` or nothing), so it is looked for
at token starts only. Where measurements showed Oxigraph reads a token whole (variables, blank nodes, language
tags, the local part of a prefixed name, strings with their escapes), so does the check. Text inside comments,
strings and IRIs is never such a position, so it does not count; a word that merely contains the keyword is not a
call without that tail. The price is the refusal of rare queries whose prefix of a prefixed name ends in
"service" and that is directly followed by a group: ``?s ?p myservice:x { … }``.

>>> calls("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
frozenset({'SERVICE'})
>>> calls('SELECT * { ?s ?p "SERVICE <x> { }" }  # SERVICE <x> { }')
frozenset()
>>> calls("LOAD SILENT <http://example.org/data.ttl>", update=True)
frozenset({'LOAD'})
>>> calls("SELECT * { BIND(1 AS ?a) FILTER(?a<2)SERVICE#>\\n<http://example.org/>{} }")
frozenset({'SERVICE'})
"""

from __future__ import annotations

import re

__all__ = ["LOAD", "SERVICE", "calls"]

SERVICE = "SERVICE"
LOAD = "LOAD"

# White space and comments between tokens (SPARQL 1.1 section 19.6 and 19.4: `#` to the end of the line).
_GAP = r"(?:\s|#[^\n\r]*)*"
# What may name a service: an IRI (to the first `>`), or a prefixed name or variable, escapes included.
_NAME = r"(?:<[^>]*>|(?:[^\s{#<\\]|\\.)+)"
_SERVICE_CALL = re.compile(rf"SERVICE{_GAP}(?:SILENT{_GAP})?{_NAME}{_GAP}\{{", re.IGNORECASE | re.DOTALL)
_LOAD_CALL = re.compile(rf"LOAD{_GAP}(?:SILENT{_GAP})?(?:<|[^\s{{#<\\]|\\.)", re.IGNORECASE | re.DOTALL)
_KEYWORDS = re.compile("SERVICE|LOAD", re.IGNORECASE)
_SERVICE_KEYWORD = re.compile("SERVICE", re.IGNORECASE)

_SPACE = re.compile(r"\s+")
# A word: a prefixed name, keyword, function name, number or blank node label; escapes and %xx as in PN_LOCAL.
_WORD = re.compile(r"(?:[\w.\-:\u00B7\u0300-\u036F\u203F-\u2040]|%[0-9A-Fa-f]{2}|\\.)+", re.DOTALL)
_VARIABLE = re.compile(r"[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+")
_LANGUAGE = re.compile(r"@[A-Za-z0-9\-]+")
# An IRI as Oxigraph can accept it: none of the characters an IRI never holds; \u escapes are decoded first.
_IRI = re.compile(r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>")
_STRINGS = {
    quote: (
        re.compile(rf"{quote}{{3}}(?:[^{quote}\\]|\\.|{quote}(?!{quote}{quote}))*{quote}{{3}}", re.DOTALL),
        re.compile(rf"{quote}(?:[^{quote}\\]|\\.)*{quote}", re.DOTALL),
    )
    for quote in ("'", '"')
}
# SPARQL 1.1 section 19.2: \uXXXX and \UXXXXXXXX may stand for any character, anywhere in the text.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def calls(text: str, *, update: bool = False) -> frozenset[str]:
    """The keywords `text` can use as calls, however it is tokenized: SERVICE, and for an update also LOAD."""
    found = _calls(text, update)
    decoded = _CODEPOINT.sub(_decode, text)
    if decoded != text:
        found |= _calls(decoded, update)
    return frozenset(found)


def _decode(match: re.Match[str]) -> str:
    code = int(match[1] or match[2], 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match[0]


def _calls(text: str, update: bool) -> set[str]:
    if (_KEYWORDS if update else _SERVICE_KEYWORD).search(text) is None:
        return set()  # the common case: nothing to look at
    found: set[str] = set()
    size = len(text)
    seen = bytearray(size + 1)
    todo = [0]
    while todo:
        position = todo.pop()
        if position >= size or seen[position]:
            continue
        seen[position] = 1
        if _SERVICE_CALL.match(text, position):
            found.add(SERVICE)
        if update and _LOAD_CALL.match(text, position):
            found.add(LOAD)
        todo.extend(_next(text, position, found))
    return found


def _next(text: str, position: int, found: set[str]) -> list[int]:
    """Every position the next token can start at, if a token starts at `position`."""
    character = text[position]
    if character.isspace():
        match = _SPACE.match(text, position)
        assert match is not None
        return [match.end()]
    if character == "#":
        ends = [index for index in (text.find("\n", position), text.find("\r", position)) if index != -1]
        return [min(ends)] if ends else []
    if character in _STRINGS:
        # A long string when one is closed here (a parser tries it first), else a short one.
        long, short = _STRINGS[character]
        match = long.match(text, position) or short.match(text, position)
        return [match.end()] if match else []
    if character == "<":
        iri = _IRI.match(text, position)
        if iri is None:
            return [position + 1]  # the operator `<`, `<=`, `<<`
        content = text[position + 1 : iri.end() - 1]
        if "'" in content or "#" in content or _SERVICE_KEYWORD.search(content):
            return [iri.end(), position + 1]  # an IRI, or an operator followed by what the IRI would hold
        # Read as an operator, the IRI's characters only make tokens that end at its `>`: the same place.
        return [iri.end()]
    if character in "?$":
        match = _VARIABLE.match(text, position)
        return [match.end() if match else position + 1]  # `?` alone: the path modifier
    if character == "@":
        match = _LANGUAGE.match(text, position)
        return [match.end() if match else position + 1]
    match = _WORD.match(text, position)
    if match is None:
        return [position + 1]  # punctuation and operators: one character
    end = match.end()
    colon = text.find(":", position, end)
    # Before the colon a keyword may start anywhere (`trueSERVICE` is `true` and `SERVICE`); after it the local
    # name is read whole.
    for keyword in _SERVICE_KEYWORD.finditer(text, position + 1, colon if colon != -1 else end):
        if _SERVICE_CALL.match(text, keyword.start()):
            found.add(SERVICE)
    return [end]
