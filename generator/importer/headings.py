"""Headings however the source marks them, and the numbers typed into them.

Markdown ``#`` and underlined headings are headings by markup. Others are
recognized from their look: a bold line standing alone ("**Data we keep**"),
a typed number and a short title ("2a. Cookies", "**3\\. Data**", "A.
Definitions"), or a short line without final punctuation between paragraphs.
Typed numbers are split off (the generator numbers sections itself) and kept
to work out the hierarchy and the numbering style (:mod:`generator.importer.outline`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from generator.importer.dates import find_dates
from generator.importer.model import Block, Heading
from generator.text.inline import plain_text
from generator.text.numbering import TYPED_NUMBER

NUMBER = TYPED_NUMBER
"""The typed numbers the importer strips: the ones a policy's headings may not carry."""
BOLD_LINE = re.compile(r"^\s*(?P<mark>\*\*|__)(?P<inner>(?:(?!\*\*|__).)+?)(?P=mark)\s*$")
_EMPHASIS_WRAP = re.compile(r"^(?P<mark>\*\*\*|\*\*|\*|___|__|_)(?P<inner>\S(?:.*\S)?)(?P=mark)$")
_ABBREVIATIONS = re.compile(r"\b(?:Inc|Ltd|Co|Corp|etc|No|St|vs|U\.S|e\.g|i\.e)\.$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_SENTENCE_END = tuple(".,;:!。，；：！、،؛۔…")

NumberFamily = Literal["decimal", "appendix", "roman", "upper", "lower"]


@dataclass(frozen=True)
class TypedNumber:
    """A number typed into a heading, read: "2a." is ``decimal (2, 1)``, a letter sub-number."""

    family: NumberFamily
    path: tuple[int, ...]
    lettered: bool
    """A letter sub-number ("2a.", "a.")."""


def unwrap_emphasis(text: str) -> str:
    """``**Title**`` -> ``Title``: the text inside emphasis that wraps the whole line."""
    match = _EMPHASIS_WRAP.match(text.strip())
    return match["inner"].strip() if match else text.strip()


def title_like(text: str, max_words: int = 12, allow: str = "") -> bool:
    """Short, no sentence-ending punctuation, not starting like a sentence continues."""
    plain = plain_text(text).strip()
    if not plain or len(plain) > max_words * 9 or len(plain.split()) > max_words:
        return False
    first = next((char for char in plain if char.isalnum()), "")
    if not first or (first.isalpha() and first.islower()):
        return False
    return not (plain.endswith(_SENTENCE_END) and not plain.endswith(tuple(allow)))


def _roman(text: str) -> int:
    """The value of a roman numeral ("XIV" -> 14)."""
    total = 0
    for index, char in enumerate(text):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def read_number(token: str, roman_letters: bool) -> TypedNumber:
    """A typed number's family and path; ``roman_letters`` reads a lone "I." as roman."""
    token = token.replace("\\", "").rstrip(".)")
    if re.fullmatch(r"\d+(?:\.\d+)+", token):
        return TypedNumber("decimal", tuple(int(part) for part in token.split(".")), False)
    lettered = re.fullmatch(r"(\d+)([a-z])", token)
    if lettered:
        return TypedNumber("decimal", (int(lettered[1]), ord(lettered[2]) - 96), True)
    if token.isdigit():
        return TypedNumber("decimal", (int(token),), False)
    appendix = re.fullmatch(r"[A-Z](\d+(?:[-.]\d+)*)", token)
    if appendix:
        # "A1-2": section 2 of appendix 1, whose own heading is the appendix title.
        parts = [int(part) for part in re.split(r"[-.]", appendix[1])]
        return TypedNumber("appendix", tuple(parts[1:] or parts), False)
    if re.fullmatch(r"[IVXLC]+", token) and (roman_letters or len(token) > 1):
        return TypedNumber("roman", (_roman(token),), False)
    if re.fullmatch(r"[A-Z]", token):
        return TypedNumber("upper", (ord(token) - 64,), False)
    return TypedNumber("lower", (ord(token[0]) - 96,), True)


def _split_number(title: str) -> tuple[str | None, str]:
    """``"**3\\. Data**"`` -> ("3\\.", "Data"); a title without a typed number is kept."""
    inner = unwrap_emphasis(title)
    match = NUMBER.match(inner)
    if not match or not plain_text(match["title"]).strip():
        return None, title
    return match["number"], match["title"].strip()


def _heading_from_line(text: str) -> Heading | None:
    """A bold line standing alone, or a typed number followed by a short title."""
    bold = BOLD_LINE.match(text)
    if bold:
        inner = bold["inner"].strip()
        if inner.endswith(":") or not title_like(inner, max_words=14, allow=".?"):
            return None
        if inner.endswith(".") and not inner.endswith("..") and not _ABBREVIATIONS.search(inner):
            inner = inner[:-1]
        number, title = _split_number(inner)
        return Heading(title, "bold", 0, number=number, written=inner)
    match = NUMBER.match(text.strip())
    if match and title_like(match["title"]) and not BOLD_LINE.match(match["title"]):
        return Heading(match["title"].strip(), "numbered", 0, number=match["number"], written=text)
    return None


def _candidate_text(block: Block) -> str | None:
    """The one line of a block that could be a heading written as text."""
    if block.kind == "paragraph" and len(block.lines) == 1:
        return block.lines[0]
    if block.kind == "list" and len(block.items) == 1 and not block.items[0].more:
        item = block.items[0]
        if re.fullmatch(r"\d{1,3}[.)]", item.marker):
            return f"{item.marker} {item.text}"
    return None


def _is_bare_heading(previous: Block | None, following: Block | None, text: str) -> bool:
    """A short line without final punctuation, between real text, reads as a heading."""
    plain = plain_text(text).strip()
    if _EMPHASIS_WRAP.match(text.strip()) or ": " in plain or find_dates(plain):
        return False
    question = plain.endswith("?")
    if not (title_like(text) or (question and title_like(text, 25, allow="?"))):
        return False
    if not any(char.isalpha() for char in plain) or "@" in plain or "://" in plain:
        return False
    if following is None:
        return False
    if following.kind == "paragraph":
        next_text = " ".join(following.lines)
        if len(following.lines) == 1 and title_like(next_text):
            return False
    elif following.kind not in ("list", "table", "quote"):
        return False
    # Consecutive short lines are an address or a list written as lines, not headings.
    previous_text = _candidate_text(previous) if previous else None
    return not (
        previous and previous.kind == "paragraph" and previous_text and title_like(previous_text)
    )


def _split_bold_leads(blocks: Sequence[Block]) -> Iterator[Block]:
    """A bold title on the first line of a paragraph is a heading over the rest."""
    for block in blocks:
        first = block.lines[0] if block.kind == "paragraph" else ""
        heading = _heading_from_line(first) if len(block.lines) > 1 else None
        if heading is None or heading.origin != "bold":
            yield block
            continue
        yield replace(block, lines=(first.rstrip(),))
        yield replace(block, line=block.line + 1, lines=block.lines[1:])


def recognize_headings(blocks: list[Block], markdown: bool) -> tuple[list[Block], int]:
    """Turn paragraphs that are headings in disguise into heading blocks.

    Returns the blocks and how many headings came from bold, numbered or bare lines.
    """
    explicit = [b for b in blocks if b.heading and b.heading.marked_up]
    questions = any(plain_text(b.heading.title).endswith("?") for b in explicit if b.heading)
    # Bare lines are headings only where nothing else marks headings (plain text, or
    # Markdown whose authors used none) - or questions among question headings.
    bare_allowed = not markdown or not explicit
    # A typed number marks a heading only if the text numbers at least two that way.
    families = Counter(
        read_number(m["number"], False).family
        for b in blocks
        if (text := _candidate_text(b)) and (m := NUMBER.match(text.strip()))
    )
    blocks = list(_split_bold_leads(blocks))
    result: list[Block] = []
    for index, block in enumerate(blocks):
        text = _candidate_text(block)
        heading = None
        if text is not None and index + 1 < len(blocks):
            heading = _heading_from_line(text)
            if heading and heading.origin == "numbered":
                family = read_number(heading.number or "", False).family
                if families[family] < 2:
                    heading = None
            if heading is None and block.kind == "paragraph":
                plain = plain_text(text).strip()
                following = blocks[index + 1]
                if (bare_allowed or (questions and plain.endswith("?"))) and _is_bare_heading(
                    result[-1] if result else None, following, text
                ):
                    heading = Heading(text.strip(), "bare", 0, written=text.strip())
        if heading is None:
            if block.heading and block.heading.marked_up:
                number, title = _split_number(block.heading.title)
                block = replace(block, heading=replace(block.heading, number=number, title=title))
            result.append(block)
            continue
        result.append(Block("heading", block.line, (text or "",), heading=heading))
    recognized = sum(1 for b in result if b.heading and not b.heading.marked_up)
    return result, recognized
