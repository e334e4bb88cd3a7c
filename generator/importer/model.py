"""What the importer's steps hand each other: report notes, source lines, blocks.

The importer reads a source into :class:`Block` objects (paragraphs, headings,
lists, ...), each remembering the source line it came from, so every note in
the report can point the editor at the line to check.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

HeadingOrigin = Literal["atx", "setext", "bold", "numbered", "bare"]
"""How the source marked a heading: ``#``, underline, bold line, typed number, short line."""
BlockKind = Literal["paragraph", "heading", "list", "table", "quote", "code", "html", "rule"]


@dataclass(frozen=True)
class ImportNote:
    """One line of the import report."""

    line: int | None
    """Source line number, when the note concerns one."""
    message: str
    unsure: bool
    """True for a guess the editor should check."""


def guess(line: int | None, message: str) -> ImportNote:
    """A note on something the importer guessed: the editor should check it."""
    return ImportNote(line, message, unsure=True)


def fact(line: int | None, message: str) -> ImportNote:
    """A note on something the importer recognized for sure."""
    return ImportNote(line, message, unsure=False)


@dataclass(frozen=True)
class Line:
    """A line of the source, cleaned, with the line number it had in the file."""

    text: str
    number: int
    """1-based line of the source file."""


@dataclass(frozen=True)
class Item:
    """A list item as written."""

    indent: int
    marker: str
    text: str
    more: tuple[str, ...]
    """Continuation lines (Markdown: with their indentation)."""
    line: int
    gap: bool
    """A blank line came before this item."""


@dataclass(frozen=True)
class Heading:
    """A heading found in the source, however the source marked it."""

    title: str
    """Inline Markdown, typed number removed."""
    origin: HeadingOrigin
    level: int
    """Level as written (ATX, setext); 0 for headings recognized from their look."""
    written: str
    """The heading text as the source wrote it, number included (for old anchors)."""
    number: str | None = None
    """The typed number as written ("2a.", "3.1.1", "A.")."""
    attrs: str = ""
    """An attribute block written in the source ("#id .class")."""

    @property
    def marked_up(self) -> bool:
        """True when the source's markup says it is a heading (``#`` or underline)."""
        return self.origin in ("atx", "setext")


@dataclass(frozen=True)
class Block:
    """A paragraph, heading, list, table, quote, code block, raw HTML or rule."""

    kind: BlockKind
    line: int
    """Source line of its first line."""
    lines: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    heading: Heading | None = None


def indent_of(text: str) -> int:
    """How many spaces a line starts with."""
    return len(text) - len(text.lstrip(" "))


def next_index(lines: Sequence[Line], index: int) -> int | None:
    """The index of the next non-blank line after ``index``, if any."""
    for following in range(index + 1, len(lines)):
        if lines[following].text:
            return following
    return None


def block_texts(block: Block) -> Iterator[str]:
    """Every text line of a block, list items and their continuation lines included."""
    yield from block.lines
    for item in block.items:
        yield item.text
        yield from item.more
