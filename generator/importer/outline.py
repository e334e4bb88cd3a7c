"""The outline: each heading's level, and the numbering style that matches the source.

Levels come from markup (``#``, ``##``) and from typed numbers ("2" is a
section, "2a" and "2.1" are its sub-sections), and headings recognized from
their look join the level of their kind. In a numbered text, headings typed
without a number stay unnumbered. The report says where the generated numbers
will differ from the typed ones, since the text may refer to them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.importer.headings import TypedNumber, read_number
from generator.importer.model import Heading, ImportNote, guess
from generator.model import NumberingStyle
from generator.text.inline import plain_text
from generator.text.numbering import Heading as NumberingHeading
from generator.text.numbering import format_number, number_headings


@dataclass(frozen=True)
class Outline:
    """Where each heading ends up: level, number style, what the editor should check."""

    levels: tuple[int, ...]
    unnumbered: tuple[bool, ...]
    numbering: NumberingStyle
    notes: tuple[ImportNote, ...]


@dataclass(frozen=True)
class _Open:
    """A heading whose section is still open while later headings are placed."""

    rank: int
    key: str
    numbered: bool
    explicit: bool


def build_outline(headings: Sequence[tuple[Heading, int]]) -> Outline:
    """Levels from markup and typed numbers; the numbering style the numbers show."""
    notes: list[ImportNote] = []
    explicit_levels = [h.level for h, _ in headings if h.marked_up]
    top = min(explicit_levels, default=1)
    roman_letters = any(re.fullmatch(r"[IVXLC]{2,}\\?[.)]", h.number or "") for h, _ in headings)
    stack: list[_Open] = []
    family_rank: dict[str, int] = {}
    ranks: list[int] = []
    paths: list[TypedNumber | None] = []
    for heading, _line in headings:
        explicit = heading.marked_up
        key = (
            "question"
            if plain_text(heading.title).endswith("?")
            else ("explicit" if explicit else heading.origin)
        )
        typed = read_number(heading.number, roman_letters) if heading.number else None
        paths.append(typed)
        if typed:
            if typed.family not in family_rank:
                if explicit:
                    family_rank[typed.family] = heading.level - (len(typed.path) - 1)
                else:
                    # A new numbering inside a numbered or marked-up section belongs to it.
                    parents = [o for o in stack if o.numbered or o.explicit]
                    family_rank[typed.family] = parents[-1].rank + 1 if parents else top
            rank = family_rank[typed.family] + len(typed.path) - 1
            if explicit:
                rank = max(heading.level, rank)
        elif explicit:
            rank = heading.level
        else:
            sibling = next((o for o in reversed(stack) if o.key == key and not o.numbered), None)
            rank = sibling.rank if sibling else (stack[-1].rank + 1 if stack else top)
        while stack and stack[-1].rank >= rank:
            stack.pop()
        stack.append(_Open(rank, key, typed is not None, explicit))
        ranks.append(rank)
    lowest = min(ranks, default=2)
    levels = tuple(min(6, rank - lowest + 2) for rank in ranks)
    if any(rank - lowest + 2 > 6 for rank in ranks):
        notes.append(guess(None, "headings nest deeper than ###### and were flattened"))
    numbering = _numbering_style(paths, notes)
    unnumbered = _unnumbered(headings, levels, paths, numbering, notes)
    notes.extend(_renumbering_notes(headings, levels, unnumbered, paths, numbering))
    return Outline(levels, unnumbered, numbering, tuple(notes))


def _numbering_style(
    paths: Sequence[TypedNumber | None], notes: list[ImportNote]
) -> NumberingStyle:
    """Letter sub-numbers ("2a.") or decimal ones ("2.1"), whichever the source uses more."""
    typed = [path for path in paths if path]
    if not typed:
        return "none"
    lettered = sum(1 for number in typed if number.lettered)
    dotted = sum(1 for n in typed if n.family == "decimal" and len(n.path) > 1) - lettered
    if lettered and dotted:
        notes.append(
            guess(
                None,
                f"the source mixes letter sub-numbers (2a.) and decimal ones (2.1); "
                f"chose {'letter' if lettered >= dotted else 'decimal'}",
            )
        )
    return "letter" if lettered and lettered >= dotted else "decimal"


def _unnumbered(
    headings: Sequence[tuple[Heading, int]],
    levels: Sequence[int],
    paths: Sequence[TypedNumber | None],
    numbering: NumberingStyle,
    notes: list[ImportNote],
) -> tuple[bool, ...]:
    """In a numbered text, headings written without a number stay without one."""
    if numbering == "none":
        return tuple(False for _ in headings)
    flags = []
    for index, ((heading, line), level) in enumerate(zip(headings, levels, strict=True)):
        if paths[index]:
            flags.append(False)
            continue
        subtree = []
        for following in range(index + 1, len(headings)):
            if levels[following] <= level:
                break
            subtree.append(following)
        if any(paths[following] for following in subtree):
            notes.append(
                guess(
                    line,
                    f"heading '{plain_text(heading.title)}' has no typed number but numbered "
                    "sub-sections; the generator will number it",
                )
            )
            flags.append(False)
        else:
            flags.append(True)
    return tuple(flags)


def _renumbering_notes(
    headings: Sequence[tuple[Heading, int]],
    levels: Sequence[int],
    unnumbered: Sequence[bool],
    paths: Sequence[TypedNumber | None],
    numbering: NumberingStyle,
) -> list[ImportNote]:
    """Say where the generated numbers will differ from the typed ones."""
    if numbering == "none":
        return []
    generated = number_headings(
        [NumberingHeading(level, not flag) for level, flag in zip(levels, unnumbered, strict=True)],
        "decimal",
    )
    notes: list[ImportNote] = []
    offsets: dict[int, int] = {}
    families = {path.family for path in paths if path}
    for (heading, line), numbered, path in zip(headings, generated, paths, strict=True):
        if not path or not numbered.number:
            continue
        new_path = tuple(int(part) for part in numbered.number.split("."))
        offset = new_path[-1] - path.path[-1]
        depth = len(new_path)
        for deeper in [d for d in offsets if d > depth]:
            del offsets[deeper]
        if offset != offsets.get(depth, 0):
            shown = format_number(numbering, new_path)
            notes.append(
                guess(
                    line,
                    f"typed number '{(heading.number or '').replace(chr(92), '')}' becomes "
                    f"'{shown}.' (the typed numbers are not consecutive): check references "
                    "to section numbers in the text",
                )
            )
        offsets[depth] = offset
    if families & {"upper", "roman", "appendix"}:
        notes.append(
            guess(
                None,
                "sections typed with letters or roman numerals (A., II.) get generated "
                f"{numbering} numbers: check references such as 'Section B' in the text",
            )
        )
    return notes
