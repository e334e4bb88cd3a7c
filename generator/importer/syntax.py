"""The Markdown syntax the importer reads and writes: block patterns and escaping.

One place for the patterns that decide what a line is (a fence, a heading, a
list item, a rule...), shared by the block reader, the list reader, the
Markdown writer and the HTML converter, and for escaping literal text so that
Markdown shows it exactly as the source had it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})")
ATX = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
UNDERLINE = re.compile(r"^ {0,3}(?P<char>=+|-+)[ \t]*$")
RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
PLAIN_RULE = re.compile(r"^\s*(?:-{3,}|={3,}|_{3,}|\*{3,}|~{3,}|#{3,})\s*$")
TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
HTML_START = re.compile(r"^ {0,3}<(?:[A-Za-z][\w-]*(?:[\s/>]|$)|/[A-Za-z]|!--)")
QUOTE = re.compile(r"^ {0,3}>")
BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+•●▪◦○·‣⁃■□➢►–—])[ \t]+(?P<text>\S.*)$")
PLAIN_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>o)[ \t]+(?P<text>\S.*)$")
ORDERED = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>\d{1,3}[.)]|\(\d{1,3}\)|\([a-z]\)|\([ivxlc]{1,6}\)|\([A-Z]\))"
    r"[ \t]+(?P<text>\S.*)$"
)
WEAK_ORDERED = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>[a-z][.)]|[ivx]{1,5}[.)])[ \t]+(?P<text>\S.*)$"
)


CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
JINJA_OPEN = re.compile(r"\{\{|\{%|\{##")
"""What the Jinja sandbox would read as a tag: literal text must be escaped."""


def starts_block(text: str) -> bool:
    """True for a line that starts a new block even right after a paragraph line."""
    return bool(
        ATX.match(text)
        or FENCE.match(text)
        or QUOTE.match(text)
        or BULLET.match(text)
        or ORDERED.match(text)
        or RULE.match(text)
    )


def is_table_separator(text: str) -> bool:
    """True for the ``| --- | --- |`` line under a table's header row."""
    return "-" in text and "|" in text and bool(TABLE_SEPARATOR.match(text))


def fenced(lines: Sequence[str]) -> list[bool]:
    """For each line, whether it is a code fence or inside fenced code.

    A fence closes only with the same character, at least as long: a line of
    three backticks inside a block fenced with four tildes is code, not its end.
    """
    flags: list[bool] = []
    fence: str | None = None
    for line in lines:
        opening = FENCE.match(line)
        if opening and (fence is None or opening["fence"].startswith(fence)):
            fence = None if fence else opening["fence"]
            flags.append(True)
        else:
            flags.append(fence is not None)
    return flags


def outside_code_spans(text: str, change: Callable[[str], str]) -> str:
    """Apply ``change`` to the text around inline code spans, which stay as written."""
    pieces = []
    position = 0
    for match in CODE_SPAN.finditer(text):
        pieces.append(change(text[position : match.start()]))
        pieces.append(match.group(0))
        position = match.end()
    pieces.append(change(text[position:]))
    return "".join(pieces)


# --- escaping literal text ---------------------------------------------------------

_BACKSLASH_OR_CODE = re.compile(r"([\\`])")
_EMPHASIS_STAR = re.compile(r"\*(?=\S)|(?<=\S)\*")
_UNDERSCORE_EDGE = re.compile(r"(?<![A-Za-z0-9])_(?=\S)|(?<=\S)_(?![A-Za-z0-9])")
_LINK_OPENING = re.compile(r"\[(?=[^\]\n]*\][(\[:])")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(
    r"^(?P<indent>\s*)(?:(?P<char>[#>+=|])|(?P<dash>[-*](?=\s|$))|(?P<num>\d{1,9})(?P<dot>[.)])(?=\s|$))"
)


def escape_text(text: str) -> str:
    """Literal text as Markdown that shows exactly that text.

    Used for plain-text sources and HTML text nodes: characters Markdown would
    read as emphasis, code, links or raw HTML are escaped, so no word is lost
    to a stray ``<`` or ``*``.
    """
    text = _BACKSLASH_OR_CODE.sub(r"\\\1", text)
    text = _EMPHASIS_STAR.sub(r"\\*", text)
    text = _UNDERSCORE_EDGE.sub(r"\\_", text)
    text = _LINK_OPENING.sub(r"\\[", text)
    text = _ENTITY.sub("&amp;", text)
    return _TAG_START.sub("&lt;", text)


def escape_line_start(line: str) -> str:
    """Escape what would make a line a heading, quote, list item, rule or table row."""
    match = _LINE_START.match(line)
    if not match:
        return line
    start = match.end("indent")
    if match.group("num"):
        dot = match.start("dot")
        return line[:dot] + "\\" + line[dot:]
    return line[:start] + "\\" + line[start:]
