"""The policy's title: the source's first heading (or first short line), or a better guess.

A page title such as "Privacy Policy | mono.net" loses the site's name; a title
given on the command line wins over what the source says, and the report says
when it differed.
"""

from __future__ import annotations

import re
from typing import Any

from generator.importer.headings import BOLD_LINE, NUMBER, title_like, unwrap_emphasis
from generator.importer.model import Block, ImportNote, guess
from generator.text.inline import plain_text

_TITLE_SEPARATOR = re.compile(r"\s+(?:\||–|—|-|::|·)\s+")
_POLICY_WORDS = re.compile(
    r"\b(?:polic(?:y|ies)|terms|conditions|notice|statement|agreement|privacy|cookies?|"
    r"guidelines|rules|code of conduct|disclosure|legal|licen[cs]e|addendum|eula|charter)\b",
    re.I,
)


def _shorten_title(text: str) -> str:
    """ "Privacy Policy | mono.net" -> "Privacy Policy": drop the site name part."""
    parts = _TITLE_SEPARATOR.split(text)
    policy_parts = [part for part in parts if _POLICY_WORDS.search(part)]
    return policy_parts[0].strip() if len(parts) > 1 and len(policy_parts) == 1 else text


def take_title(blocks: list[Block], markdown: bool) -> tuple[str | None, int | None, list[Block]]:
    """The first ``#`` heading (or, in plain text, a short first line) is the title."""
    if not blocks:
        return None, None, blocks
    first = blocks[0]
    heading = first.heading
    if (
        heading
        and heading.level == 1
        and heading.marked_up
        and not NUMBER.match(unwrap_emphasis(heading.title))
    ):
        return plain_text(heading.title), first.line, blocks[1:]
    if first.kind != "paragraph" or len(first.lines) != 1:
        return None, None, blocks
    bold = BOLD_LINE.match(first.lines[0])
    if bold and title_like(bold["inner"], 14, allow="?") and not NUMBER.match(bold["inner"]):
        return plain_text(bold["inner"]).strip(), first.line, blocks[1:]
    if markdown:
        return None, None, blocks
    text = plain_text(first.lines[0])
    if not title_like(first.lines[0]) or NUMBER.match(text):
        return None, None, blocks
    rest = blocks[1:]
    # Scraped pages often repeat the title (page title, then heading).
    if rest and rest[0].kind == "paragraph" and plain_text(" ".join(rest[0].lines)) == text:
        rest = rest[1:]
    return text, first.line, rest


def choose_title(
    given: str | None,
    heading_title: str | None,
    heading_line: int | None,
    meta: dict[str, Any],
    policy: str,
    notes: list[ImportNote],
) -> str:
    """The title to write: given, else the first heading, front matter or page title."""
    meta_title = meta.get("title") if isinstance(meta.get("title"), str) else None
    html_title = meta.get("html_title") if isinstance(meta.get("html_title"), str) else None
    if given:
        if heading_title and heading_title != given:
            notes.append(
                guess(
                    heading_line,
                    f"the first heading '{heading_title}' gave way to the title '{given}'",
                )
            )
        return given
    candidate = heading_title or meta_title or html_title
    if candidate:
        shortened = _shorten_title(candidate)
        if shortened != candidate:
            notes.append(guess(heading_line, f"title '{candidate}' shortened to '{shortened}'"))
        if meta_title and heading_title and meta_title != heading_title:
            notes.append(
                guess(
                    heading_line,
                    f"the front matter's title '{meta_title}' differs from the first heading; "
                    "used the heading",
                )
            )
        return shortened.strip()
    fallback = policy.replace("-", " ").capitalize()
    notes.append(guess(None, f"no title found: used '{fallback}' (set it with --title)"))
    return fallback
