"""The version status bar above the header of every policy page.

It says, by colour and in words, whether the text shown is in force, superseded,
upcoming or an unreleased draft, with its dates, links the version's PDF (on the pages
that show a released text) and holds the version selector (when there is more than one
version): the facts a reader needs before reading.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from generator.site.pages.pdf import PdfLink
from generator.site.pages.policy import Banner
from generator.site.templates import PageContext, render

StatusState = Literal["in-force", "superseded", "upcoming", "draft"]


@dataclass(frozen=True)
class Choice:
    """A version in the selector: its dates in force and its page."""

    date: dt.date
    until: dt.date | None
    current: bool
    upcoming: bool
    href: str
    selected: bool


@dataclass(frozen=True)
class StatusBar(PageContext):
    template = "partials/status.html.j2"

    state: StatusState
    sentences: tuple[Banner, ...]
    """What to say: the state of the text shown, then any announcement."""
    choices: tuple[Choice, ...] = ()
    history: str = ""
    """The history page: the selector's fallback without script, and "All versions"."""
    some: bool = False
    """The choices are the versions around this one, not all of them."""
    pdf: PdfLink | None = None
    """The PDF of the version the page shows."""


def status_html(bar: StatusBar) -> str:
    """The bar, as HTML for the top of the page."""
    return render(bar).strip()
