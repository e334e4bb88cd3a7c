"""Web-archive captures: when and from which address an archived copy was taken.

A text saved from the Wayback Machine usually says so in a header ("archived
on 6 November 2013 from https://web.archive.org/web/2013.../http://x.com/");
an HTML capture says it in a comment and its canonical link. Either way the
capture becomes the policy's ``source`` front matter, and links into the
archive are turned back into links to the original site.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from generator.content.frontmatter import URL_PATTERN
from generator.importer.dates import MONTHS, find_dates
from generator.importer.model import Block

WAYBACK_URL = re.compile(
    r"^(?:https?:)?//web\.archive\.org/web/(?P<stamp>\d{8,14})[a-z_]*/(?P<url>.+)$"
)
"""A whole link into the Wayback Machine: its time stamp and the archived address."""
_WAYBACK_COMMENT = re.compile(
    r"FILE ARCHIVED ON \d{1,2}:\d{2}:\d{2} (?P<month>[A-Z][a-z]{2}) (?P<day>\d{1,2}), "
    r"(?P<year>\d{4})"
)


_ARCHIVE_LINK = re.compile(
    r"https?://web\.archive\.org/web/(?P<stamp>\d{8,14})[a-z_]*/(?P<url>[^\s)\]>]+)"
)
_ARCHIVED_ON = re.compile(r"\b(?:archived|captured|saved|retrieved)\b[^.\n]{0,30}?\bon\s+", re.I)


@dataclass(frozen=True)
class Capture:
    """Where an archived copy came from and when it was taken."""

    url: str | None
    """The original address of the page."""
    captured: dt.date | None
    archive_url: str | None
    line: int | None
    """Source line of the header that said so (None for an HTML page's own markup)."""


def take_archive_header(blocks: list[Block]) -> tuple[Capture | None, list[Block]]:
    """A "text extracted from a capture archived on <date>" header, removed from the body."""
    for position, block in enumerate(blocks[:2]):
        if block.kind not in ("quote", "paragraph"):
            continue
        text = " ".join(block.lines)
        link = _ARCHIVE_LINK.search(text)
        if not link or len(text) > 800 or not re.search(r"archiv|wayback|snapshot", text, re.I):
            continue
        captured: dt.date | None = None
        on = _ARCHIVED_ON.search(text)
        if on:
            dates = find_dates(text[on.end() : on.end() + 40])
            if dates and dates[0].start == 0 and dates[0].exact:
                captured = dates[0].value
        if captured is None:
            captured = stamp_date(link["stamp"])
        capture = Capture(original_url(link["url"]), captured, link.group(0), block.line)
        return capture, blocks[:position] + blocks[position + 1 :]
    return None, blocks


def source_info(capture: Capture | None) -> dict[str, Any] | None:
    """The policy's ``source`` front matter for a capture."""
    if capture is None:
        return None
    info: dict[str, Any] = {}
    if capture.url and URL_PATTERN.match(capture.url):
        info["url"] = capture.url
    if capture.captured:
        info["captured"] = capture.captured
        where = f" ({capture.archive_url})" if capture.archive_url else ""
        info["note"] = (
            f"Text recovered from a web-archive capture of {capture.captured.isoformat()}{where}."
        )
    return info or None


def stamp_date(stamp: str) -> dt.date | None:
    """The day of a Wayback time stamp (``20131106123456``)."""
    try:
        return dt.date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
    except ValueError:
        return None


def original_url(url: str) -> str:
    """The original address inside a web-archive URL: decoded, with a scheme."""
    url = unquote(url)
    if not re.match(r"^https?://", url):
        url = "http://" + url.lstrip("/")
    return url.replace(" ", "%20")


def unwrap_archive_link(href: str) -> str:
    """``https://web.archive.org/web/2013.../http://x.com/a`` -> ``http://x.com/a``."""
    match = WAYBACK_URL.match(href)
    return original_url(match.group("url")) if match else href


def comment_date(text: str) -> dt.date | None:
    """The capture day a Wayback page states in its "FILE ARCHIVED ON" comment."""
    match = _WAYBACK_COMMENT.search(text)
    month = MONTHS.get(match["month"].lower()) if match else None
    if match is None or month is None:
        return None
    try:
        return dt.date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        return None
