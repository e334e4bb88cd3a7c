"""Inline Markdown reduced to the words a reader sees (titles, link texts, ids)."""

from __future__ import annotations

import html
import re

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAGS = re.compile(r"<[^>]+>")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3}|`+|~~)(?=\S)(.+?)(?<=\S)\1")


def plain_text(markdown_text: str) -> str:
    """Inline Markdown reduced to the words a reader sees."""
    text = _LINK.sub(r"\1", markdown_text)
    text = _TAGS.sub("", text)
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", text)
    return html.unescape(" ".join(text.split()))
