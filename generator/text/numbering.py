"""Section numbers: pure functions from heading levels to "1.", "1.2." or "2a."."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.model import NumberingStyle

_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


TYPED_NUMBER = re.compile(
    r"^(?P<number>"
    r"\d{1,3}(?:\\?\.\d{1,3})+\\?\.?"  # 3.1.1, 3.1.
    r"|\d{1,3}[a-z]\\?[.)]"  # 2a.
    r"|\d{1,3}\\?[.)]"  # 1.
    r"|[A-Z]\d{1,3}(?:[-.]\d{1,3})*\\?[.)]"  # A1-1.
    r"|[IVXLC]{1,6}\\?[.)]"  # IV.
    r"|[A-Z]\\?[.)]"  # A.
    r"|[a-z]\\?[.)]"  # a.
    r")[ \t\u00a0]+(?P<title>\S.*)$"
)
"""A number typed before a heading's title, in the forms policies use: the importer strips
it, and a policy's own heading may not carry one (its number is generated)."""

_LOWER_ROMAN = re.compile(r"^[ivxlc]{1,6}\\?[.)][ \t\u00a0]+\S")
"""A lower-case roman number ("iv."), refused in headings too; the importer reads such
lines as list items, not headings."""


def typed_number(title: str) -> str | None:
    """The number typed at the start of a heading's title ("1.", "2a.", "3)"), if any."""
    match = TYPED_NUMBER.match(title)
    if match:
        return match["number"]
    roman = _LOWER_ROMAN.match(title)
    return roman.group(0).split()[0] if roman else None


@dataclass(frozen=True)
class Heading:
    """What numbering needs to know of a heading."""

    level: int
    numbered: bool = True


@dataclass(frozen=True)
class Numbered:
    """A heading's place in the outline: ``depth`` 1 for top sections, ``number`` "" if none."""

    depth: int
    number: str


def letters(count: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa (bijective base 26)."""
    text = ""
    while count > 0:
        count, remainder = divmod(count - 1, 26)
        text = chr(ord("a") + remainder) + text
    return text


def roman(count: int) -> str:
    """1 -> i, 4 -> iv, 1990 -> mcmxc."""
    text = ""
    for value, numeral in _ROMAN:
        while count >= value:
            text += numeral
            count -= value
    return text


def format_number(style: NumberingStyle, path: Sequence[int]) -> str:
    """The number of the section at ``path`` (1-based counts from the top), without final dot.

    ``decimal``: 1, 1.2, 1.2.3. ``letter``: 2, 2a, 2a.i, 2a.i.1 (the mono.net style).
    """
    if style == "none" or not path:
        return ""
    if style == "decimal":
        return ".".join(str(part) for part in path)
    text = str(path[0])
    if len(path) > 1:
        text += letters(path[1])
    if len(path) > 2:
        text += "." + roman(path[2])
    for part in path[3:]:
        text += f".{part}"
    return text


def number_headings(headings: Sequence[Heading], style: NumberingStyle) -> list[Numbered]:
    """Number headings in document order.

    Depth follows nesting, not the raw level, so a skipped level (``##`` then
    ``####``) still gives the next sub-number. An unnumbered heading and all
    headings below it get no number and do not advance the count.
    """
    # Each open ancestor: (level, numbered, its path, children numbered so far).
    stack: list[tuple[int, bool, tuple[int, ...], list[int]]] = [(1, True, (), [0])]
    result: list[Numbered] = []
    for heading in headings:
        while len(stack) > 1 and stack[-1][0] >= heading.level:
            stack.pop()
        _, parent_numbered, parent_path, children = stack[-1]
        numbered = heading.numbered and parent_numbered and style != "none"
        path: tuple[int, ...] = ()
        if numbered:
            children[0] += 1
            path = (*parent_path, children[0])
        result.append(Numbered(depth=len(stack), number=format_number(style, path)))
        stack.append((heading.level, numbered, path, [0]))
    return result
