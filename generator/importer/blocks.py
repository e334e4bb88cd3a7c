"""Reading a source's lines into blocks: paragraphs, headings, lists, tables, quotes, code.

Markdown (and text that uses Markdown) is read by Markdown's rules. Plain text
is read literally: every character escaped so it shows as typed, one paragraph
per line, or per blank-separated run when the text is hard-wrapped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from generator.importer.lists import collect_list, item_start, list_marker
from generator.importer.model import Block, Heading, Line, indent_of
from generator.importer.syntax import (
    ATX,
    CLOSING_HASHES,
    FENCE,
    HTML_START,
    PLAIN_RULE,
    QUOTE,
    RULE,
    UNDERLINE,
    escape_line_start,
    escape_text,
    is_table_separator,
    starts_block,
)


def parse_markdown(lines: Sequence[Line]) -> list[Block]:
    """Markdown (and Markdown-looking text) as blocks, the way Markdown reads it."""
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text
        if not text:
            index += 1
            continue
        fence = FENCE.match(text)
        if fence:
            end = index + 1
            marker = fence["fence"]
            while end < len(lines) and not lines[end].text.strip().startswith(marker):
                end += 1
            block_lines = [entry.text for entry in lines[index : end + 1]]
            if end >= len(lines):
                block_lines.append(marker)
            blocks.append(Block("code", line.number, tuple(block_lines)))
            index = end + 1
            continue
        atx = ATX.match(text)
        if atx:
            if CLOSING_HASHES.sub("", atx["text"] or "").strip():
                blocks.append(_atx_block(atx, line))
            # (an empty heading holds no words: dropped)
            index += 1
            continue
        if RULE.match(text):
            blocks.append(Block("rule", line.number, ("---",)))
            index += 1
            continue
        if HTML_START.match(text):
            end = index
            while end < len(lines) and lines[end].text:
                end += 1
            blocks.append(Block("html", line.number, tuple(e.text for e in lines[index:end])))
            index = end
            continue
        if QUOTE.match(text):
            end = index
            while end < len(lines) and lines[end].text:
                end += 1
            blocks.append(Block("quote", line.number, tuple(e.text for e in lines[index:end])))
            index = end
            continue
        if "|" in text and index + 1 < len(lines) and is_table_separator(lines[index + 1].text):
            end = index
            while end < len(lines) and "|" in lines[end].text:
                end += 1
            blocks.append(
                Block("table", line.number, tuple(e.text.strip() for e in lines[index:end]))
            )
            index = end
            continue
        if item_start(lines, index, plain=False, in_list=False):
            block, index = collect_list(lines, index, plain=False, wrapped=True)
            blocks.append(block)
            continue
        if indent_of(text) >= 4 and (not blocks or blocks[-1].kind != "paragraph"):
            end = index
            while end < len(lines) and (not lines[end].text or indent_of(lines[end].text) >= 4):
                end += 1
            while not lines[end - 1].text:
                end -= 1
            code = [entry.text[4:] for entry in lines[index:end]]
            blocks.append(Block("code", line.number, ("```", *code, "```")))
            index = end
            continue
        index = _paragraph(lines, index, blocks)
    return blocks


def _atx_block(match: re.Match[str], line: Line) -> Block:
    """A ``#`` heading, with the attribute block (``{#id .class}``) it may carry."""
    text = CLOSING_HASHES.sub("", match["text"] or "").strip()
    attrs = ""
    found = re.search(r"\s*\{:?\s*(?P<attrs>[#.][^{}\n]*?)\s*\}\s*$", text)
    if found:
        attrs, text = found["attrs"], text[: found.start()].strip()
    heading = Heading(
        title=text, origin="atx", level=len(match["hashes"]), attrs=attrs, written=text
    )
    return Block("heading", line.number, (line.text,), heading=heading)


def _paragraph(lines: Sequence[Line], index: int, blocks: list[Block]) -> int:
    """Collect a paragraph (or an underlined heading); return the next line index."""
    start = index
    collected: list[str] = []
    while index < len(lines):
        text = lines[index].text
        if collected and text and UNDERLINE.match(text):
            title = " ".join(part.strip() for part in collected)
            level = 1 if text.strip().startswith("=") else 2
            heading = Heading(title=title, origin="setext", level=level, written=title)
            blocks.append(Block("heading", lines[start].number, tuple(collected), heading=heading))
            return index + 1
        if not text or (collected and (starts_block(text) or HTML_START.match(text))):
            break
        collected.append(text)
        index += 1
    blocks.append(Block("paragraph", lines[start].number, tuple(collected)))
    return index


def _is_wrapped(lines: Sequence[Line]) -> bool:
    """Hard-wrapped plain text: blank lines between paragraphs, no line over 100 characters."""
    texts = [line.text for line in lines if line.text and not list_marker(line.text, True)]
    if not texts or not any(not line.text for line in lines):
        return False
    if max(len(text) for text in texts) > 100:
        return False
    runs = sum(
        1
        for previous, current in itertools.pairwise(lines)
        if previous.text and current.text and not list_marker(current.text, True)
    )
    return runs >= max(2, len(texts) // 4)


def parse_plain(lines: Sequence[Line]) -> list[Block]:
    """Plain text as blocks: one paragraph per line, or per blank-separated run if wrapped."""
    wrapped = _is_wrapped(lines)
    blocks: list[Block] = []
    paragraph: list[str] = []
    paragraph_line = 0

    def flush() -> None:
        if paragraph:
            blocks.append(Block("paragraph", paragraph_line, tuple(paragraph)))
            paragraph.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text
        if not text:
            flush()
            index += 1
            continue
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        if (
            not paragraph
            and following
            and UNDERLINE.match(following)
            and len(following.strip()) >= 3
            and not PLAIN_RULE.match(text)
        ):
            title = escape_text(text.strip())
            heading = Heading(
                title=title,
                origin="setext",
                written=title,
                level=(1 if following.strip().startswith("=") else 2),
            )
            blocks.append(Block("heading", line.number, (text,), heading=heading))
            index += 2
            continue
        if PLAIN_RULE.match(text):
            flush()
            blocks.append(Block("rule", line.number, ("---",)))
            index += 1
            continue
        if item_start(lines, index, plain=True, in_list=False):
            flush()
            block, index = collect_list(lines, index, plain=True, wrapped=wrapped)
            blocks.append(block)
            continue
        escaped = escape_text(text.strip())
        if not wrapped:
            blocks.append(Block("paragraph", line.number, (escape_line_start(escaped),)))
        else:
            if not paragraph:
                paragraph_line = line.number
                escaped = escape_line_start(escaped)
            paragraph.append(escaped)
        index += 1
    flush()
    return blocks
