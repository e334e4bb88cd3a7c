"""Aligned table cells that keep their alignment under the site's Content-Security-Policy.

Python-Markdown's ``tables`` extension aligns a column (``:---:``) with an inline
``style="text-align: …"`` on each cell. The site's CSP (``style-src 'self'``, no
``'unsafe-inline'``) makes browsers drop such styles and report a violation, so the
alignment an author wrote was lost. This extension turns those styles into classes that
the plugin's stylesheet aligns; styles an author wrote in raw HTML are not touched.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALIGNED = re.compile(r"text-align: (left|right|center);?")
"""The style the ``tables`` extension writes on an aligned cell, and nothing more."""


def align_class(alignment: str) -> str:
    """The class of a cell aligned ``left``, ``right`` or ``center``."""
    return f"policy-align-{alignment}"


class _AlignmentClasses(Treeprocessor):
    def run(self, root: Element) -> None:
        for cell in root.iter():
            if cell.tag not in ("th", "td"):
                continue
            match = ALIGNED.fullmatch(cell.get("style", ""))
            if match is None:
                continue
            del cell.attrib["style"]
            classes = cell.get("class", "").split()
            cell.set("class", " ".join([*classes, align_class(match.group(1))]))


class TableCellsExtension(Extension):
    """Table cells aligned by class instead of inline style."""

    def extendMarkdown(self, md: Markdown) -> None:
        # Low priority: after the inline patterns, once the tables exist.
        md.treeprocessors.register(_AlignmentClasses(md), "policy_table_cells", 1)


def makeExtension(**kwargs: Any) -> TableCellsExtension:
    return TableCellsExtension(**kwargs)
