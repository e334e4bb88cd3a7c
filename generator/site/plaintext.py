"""A rendered version as plain text, section by section, for machine-readable copies.

The text is the version's HTML (as on its dated page) cut at its headings and
reduced to words, one line per paragraph, list item or table row; the ids,
numbers, titles and levels come from the section model of the pages.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import html as lxml_html  # type: ignore[import-untyped]

from generator.model import Section
from generator.site.html_sections import HtmlSection


@dataclass(frozen=True)
class SectionText:
    """One section of a version as plain text."""

    id: str
    number: str
    title: str
    level: int
    text: str


@dataclass(frozen=True)
class VersionText:
    """A version as plain text: what precedes the first heading, and every section."""

    preamble: str
    sections: tuple[SectionText, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "preamble": self.preamble,
            "sections": [[s.id, s.number, s.title, s.level, s.text] for s in self.sections],
        }

    @classmethod
    def from_json(cls, value: Any) -> VersionText | None:
        """The text :meth:`to_json` gave, or None when ``value`` is not such a text."""
        try:
            preamble, rows = value["preamble"], value["sections"]
            sections = tuple(
                SectionText(str(i), str(n), str(t), int(lv), str(x)) for i, n, t, lv, x in rows
            )
        except (KeyError, TypeError, ValueError):
            return None
        return cls(preamble, sections) if isinstance(preamble, str) else None


def version_text(cuts: Sequence[HtmlSection], sections: Sequence[Section]) -> VersionText:
    """The plain text of a version's rendered body, cut into its ``sections``.

    ``cuts`` is :func:`generator.site.diff.split_sections` of the body's HTML.
    """
    remaining = list(cuts)
    opening: list[str] = []
    if remaining and remaining[0].opening:
        opening.append(html_to_text(remaining.pop(0).content))
    texts: dict[str, list[str]] = {section.id: [] for section in sections}
    owner: list[str] = opening
    for cut in remaining:
        if cut.id in texts:
            owner = texts[cut.id]
            owner.append(_section_text(cut.content))
        else:
            # A heading the section model does not know (raw HTML with an id)
            # keeps its words with the section before it: none may vanish.
            owner.append(" ".join(filter(None, [cut.number, cut.title])))
            owner.append(_section_text(cut.content))
    return VersionText(
        _join_lines(opening),
        tuple(
            SectionText(
                section.id,
                section.number,
                section.title,
                section.level,
                _join_lines(texts[section.id]),
            )
            for section in sections
        ),
    )


@functools.lru_cache(maxsize=4096)
def _section_text(content: str) -> str:
    # Versions of a policy share most sections: their words are worked out once.
    return html_to_text(content)


def _join_lines(parts: list[str]) -> str:
    return "\n".join(part for part in parts if part)


_BLOCK_TAGS = frozenset(
    {
        "address",
        "aside",
        "blockquote",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
_CELL_TAGS = frozenset({"td", "th"})


def html_to_text(fragment: str) -> str:
    """The words of rendered HTML, one line per paragraph, list item or table row.

    List items start with ``- `` (``1. `` in ordered lists), table cells are
    separated by `` | ``, a ``<br>`` starts a new line; whitespace inside a
    line is collapsed. Enough structure for a person or a diff tool to read,
    without markup to parse.
    """
    if not fragment.strip():
        return ""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    lines: list[str] = []
    _collect(root, lines, "")
    return "\n".join(lines)


def _collect(element: Any, lines: list[str], prefix: str) -> None:
    """Append the lines of ``element``; ``prefix`` (a list marker) goes before the first."""
    first = len(lines)
    buffer: list[str] = [element.text or ""]

    def flush() -> None:
        line = " ".join("".join(buffer).split())
        if line:
            lines.append(line)
        buffer.clear()

    item_number = int(element.get("start", "1")) if element.tag == "ol" else 0
    first_cell = True
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCK_TAGS:
            flush()
            marker = ""
            if tag == "li":
                marker = f"{item_number}. " if element.tag == "ol" else "- "
                item_number += 1
            _collect(child, lines, marker)
        elif tag == "br":
            flush()
        elif tag in _CELL_TAGS:
            buffer.append(("" if first_cell else " | ") + child.text_content())
            first_cell = False
        elif tag:
            buffer.append(child.text_content())
        buffer.append(child.tail or "")
    flush()
    if prefix and len(lines) > first:
        lines[first] = prefix + lines[first]
