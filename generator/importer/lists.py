"""Lists: reading them in every form the sources use, writing them as Markdown,
and putting back lists a scraper moved away from their paragraphs.

Bullets (•, *, -, o, ▪ ...), numbers ("1.", "(1)"), letters and roman numerals
("(a)", "ii)"), nested by indentation. A label Markdown cannot number itself
("(a)") stays written at the start of its item, so references to it still work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from generator.importer.model import Block, ImportNote, Item, Line, guess, indent_of, next_index
from generator.importer.syntax import (
    BULLET,
    ORDERED,
    PLAIN_BULLET,
    WEAK_ORDERED,
    escape_line_start,
    escape_text,
    starts_block,
)
from generator.text.inline import plain_text

# --- reading -----------------------------------------------------------------------


def list_marker(text: str, plain: bool) -> re.Match[str] | None:
    """A bullet or number starting a list item (in plain text, "o" is a bullet too)."""
    return (
        BULLET.match(text) or ORDERED.match(text) or (PLAIN_BULLET.match(text) if plain else None)
    )


def item_start(
    lines: Sequence[Line], index: int, plain: bool, in_list: bool
) -> re.Match[str] | None:
    """The marker match if line ``index`` starts a list item."""
    text = lines[index].text
    match = list_marker(text, plain)
    weak = WEAK_ORDERED.match(text)
    if match or not weak or in_list:
        return match or weak
    # "a." or "ii)" start a list only among siblings: alone they are prose.
    following = next_index(lines, index)
    sibling = following is not None and WEAK_ORDERED.match(lines[following].text)
    return weak if sibling else None


def collect_list(
    lines: Sequence[Line], index: int, plain: bool, wrapped: bool
) -> tuple[Block, int]:
    """The list starting at line ``index``, and the index of the line after it.

    ``plain`` reads a text file (its items are literal text, escaped); ``wrapped``
    says its paragraphs are hard-wrapped, so deeper-indented lines continue an item.
    """
    items: list[Item] = []
    gap = False
    while index < len(lines):
        text = lines[index].text
        match = item_start(lines, index, plain, in_list=True) if text else None
        if match:
            raw_text = match["text"]
            items.append(
                Item(
                    indent=len(match["indent"].expandtabs(4)),
                    marker=match["marker"],
                    text=escape_line_start(escape_text(raw_text)) if plain else raw_text,
                    more=(),
                    line=lines[index].number,
                    gap=gap,
                )
            )
            gap = False
            index += 1
            continue
        if not text:
            following = next_index(lines, index)
            if plain or following is None:
                break
            next_is_item = item_start(lines, following, plain, in_list=True) is not None
            if next_is_item or indent_of(lines[following].text) >= 2:
                if not next_is_item:
                    last = items[-1]
                    items[-1] = replace(last, more=(*last.more, *[""] * (following - index)))
                gap = True
                index = following
                continue
            break
        last = items[-1]
        previous_blank = not lines[index - 1].text
        if plain:
            if wrapped and indent_of(text) > last.indent:
                items[-1] = replace(last, more=(*last.more, escape_text(text.strip())))
                index += 1
                continue
            break
        if indent_of(text) > last.indent or (not previous_blank and not starts_block(text)):
            items[-1] = replace(last, more=(*last.more, text))
            index += 1
            continue
        break
    return Block("list", items[0].line, items=tuple(items)), index


# --- writing -----------------------------------------------------------------------


def _list_label(marker: str, sequential: bool) -> tuple[str, str]:
    """Markdown marker and a label to keep in the text ("(a)" stays written)."""
    if re.fullmatch(r"\d{1,3}[.)]", marker):
        return f"{marker[:-1]}.", ""
    if re.fullmatch(r"\(\d{1,3}\)", marker) and sequential:
        return f"{marker[1:-1]}.", ""
    if marker in "-*+" or not re.search(r"\w", marker) or marker == "o":
        return "-", ""
    return "-", f"{marker} "


def list_markdown(block: Block, plain: bool) -> str:
    """A list block as Markdown, nesting by indentation, four spaces a level."""
    numbers = [
        int(item.marker[1:-1]) for item in block.items if re.fullmatch(r"\(\d+\)", item.marker)
    ]
    sequential = numbers == list(range(1, len(numbers) + 1))
    stack: list[int] = []
    out: list[str] = []
    for item in block.items:
        while stack and item.indent < stack[-1]:
            stack.pop()
        if not stack or item.indent > stack[-1]:
            stack.append(item.indent)
        pad = "    " * (len(stack) - 1)
        marker, label = _list_label(item.marker, sequential)
        if item.gap and out:
            out.append("")
        out.append(f"{pad}{marker} {label}{item.text}")
        content_column = item.indent + len(item.marker) + 1
        for more in item.more:
            if not more:
                out.append("")
            elif plain:
                out.append(f"{pad}    {more}")
            else:
                extra = max(0, indent_of(more) - content_column)
                out.append(f"{pad}    {' ' * extra}{more.lstrip(' ')}")
    return "\n".join(out)


# --- lists a scraper moved ---------------------------------------------------------


def restore_lists(blocks: list[Block]) -> tuple[list[Block], list[ImportNote]]:
    """Put back lists a scraper moved away from the paragraphs that introduce them.

    The sign: several lists stand together, and as many later paragraphs end
    with ':' but are followed by no list. Matched in order, and reported.
    """

    def introduces(index: int) -> bool:
        block = blocks[index]
        if block.kind != "paragraph":
            return False
        return plain_text(block.lines[-1]).rstrip().endswith(":")

    notes: list[ImportNote] = []
    index = 0
    while index < len(blocks):
        if blocks[index].kind != "list":
            index += 1
            continue
        end = index
        while end < len(blocks) and blocks[end].kind == "list":
            end += 1
        pile = list(range(index, end))
        extra = pile[1:] if index > 0 and introduces(index - 1) else pile
        orphans = [
            position
            for position in range(end, len(blocks))
            if introduces(position)
            and (position + 1 >= len(blocks) or blocks[position + 1].kind != "list")
        ]
        if len(extra) >= 2 and len(orphans) == len(extra):
            moves = dict(zip(orphans, extra, strict=True))
            moved = set(extra)
            rebuilt: list[Block] = []
            for position, block in enumerate(blocks):
                if position in moved:
                    continue
                rebuilt.append(block)
                if position in moves:
                    rebuilt.append(blocks[moves[position]])
                    notes.append(
                        guess(
                            block.line,
                            f"moved the list of line {blocks[moves[position]].line} here: this "
                            "paragraph ends with ':' but had no list, and "
                            f"{len(pile)} lists stood together at line {blocks[index].line}",
                        )
                    )
            return rebuilt, notes
        index = end
    return blocks, notes
