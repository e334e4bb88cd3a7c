"""Policy Markdown to HTML without MkDocs, with the extensions policy pages rely on.

:class:`BodyConverter` converts the many versions of a policy, which share most of
their sections, section by section, each distinct section once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from markdown import Markdown

MARKDOWN_EXTENSIONS: tuple[str, ...] = (
    "attr_list",
    "toc",
    "tables",
    "md_in_html",
    "def_list",
    "generator.text.table_cells",
)
"""Extensions policy pages need; the plugin adds any the site config lacks."""


def markdown_to_html(
    text: str, extension_configs: Mapping[str, Mapping[str, Any]] | None = None
) -> str:
    """Convert page Markdown to HTML with the extensions policy pages rely on."""
    return _markdown(extension_configs).convert(text)


def _markdown(extension_configs: Mapping[str, Mapping[str, Any]] | None = None) -> Markdown:
    configs = {"toc": {"permalink": True}, **(extension_configs or {})}
    return Markdown(extensions=list(MARKDOWN_EXTENSIONS), extension_configs=dict(configs))


_HEADING_LINE = re.compile(r"^#{1,6}[ \t]", re.MULTILINE)
_EXPLICIT_ID = re.compile(r"\{[^{}\n]*#[\w-]+[^{}\n]*\}[ \t]*#*[ \t]*$")
_DOCUMENT_WIDE = re.compile(r"^ {0,3}(?:\[[^\]\n]*\]:|\*\[|<|```|~~~)|\[TOC\]", re.MULTILINE)
"""What makes one part of a text depend on another: reference, footnote and abbreviation
definitions, raw HTML blocks (which may span headings), fences, a table of contents."""


def split_at_headings(text: str, *, ids_needed: bool = True) -> list[str] | None:
    """``text`` cut before each heading that follows a blank line, when its parts convert
    to HTML independently: else None.

    Parts convert alone when nothing in one refers to another (no reference definitions,
    raw HTML blocks, fences or ``[TOC]``) and every heading has an explicit id, so the
    ``toc`` extension has no ids to make unique across parts.
    """
    if _DOCUMENT_WIDE.search(text):
        return None
    starts = [0]
    for match in _HEADING_LINE.finditer(text):
        line_end = text.find("\n", match.start())
        line = text[match.start() : line_end if line_end >= 0 else len(text)]
        if ids_needed and not _EXPLICIT_ID.search(line):
            return None
        if match.start() >= 2 and text[match.start() - 2 : match.start()] == "\n\n":
            starts.append(match.start())
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True) if a < b]


class BodyConverter:
    """:func:`markdown_to_html` for the many versions of a policy, which share most of
    their sections: each distinct section is converted once.

    A text is cut before its headings (:func:`split_at_headings`); the HTML of the parts,
    one line apart, is the HTML of the whole (Markdown puts a line break between top-level
    elements). A text that cannot be cut safely is converted whole.
    """

    def __init__(self) -> None:
        self._markdown = _markdown()
        self._parts: dict[str, str] = {}

    def convert(self, text: str) -> str:
        parts = split_at_headings(text)
        if parts is None:
            return self._convert(text)
        return "\n".join(filter(None, (self._part(part) for part in parts)))

    def _part(self, part: str) -> str:
        html = self._parts.get(part)
        if html is None:
            html = self._parts[part] = self._convert(part)
        return html

    def _convert(self, text: str) -> str:
        self._markdown.reset()
        return self._markdown.convert(text)
