"""A policy's page: the current one at ``/<company>/<policy>/`` and each dated version.

Both show the policy's facts line, any note about the text (corrected, or an
earlier text of its version), any source note, the text and the change log; the
state of the version is said by the page's status bar (:mod:`.status`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from generator.model import Change, Company, SourceInfo
from generator.releases.timeline import Version
from generator.site.pages.pdf import PdfLink
from generator.site.templates import PageContext, render

BannerKind = Literal[
    "in-force", "archived", "upcoming", "announcement", "draft", "corrected", "revision"
]


@dataclass(frozen=True)
class Banner:
    """A statement about a version: in the status bar above a page
    (``templates/partials/status.html.j2``), or a note above the text
    (``templates/partials/note.html.j2``).

    - ``in-force``: the version shown is in force, since ``effective``;
    - ``archived``, ``upcoming``: the version shown is superseded (in force from
      ``effective`` to ``until``) or upcoming: a link to the version in force
      (``current``) and to what changed next, or what it changes (``comparison``);
      a superseded version may also link its comparison with the version in force
      (``compare``);
    - ``announcement``: on the current page, a version taking effect on ``effective``
      (``target`` its page, ``comparison`` what it changes);
    - ``draft``: in a preview, unreleased text dated ``dated``; ``effective`` is the latest
      release's date (``target`` its page, ``comparison`` the draft's changes), None if
      none, and ``in_force`` the version in force on the build date (``current``);
    - ``corrected``: on a corrected version's page, the day of its latest correction
      (``recorded``), the text first released (``target``) and what the correction
      changed (``comparison``);
    - ``revision``: on the page of one text of a corrected version: its number
      (``revision``), the day it was released (``recorded``) and replaced (``until``), the
      version as corrected (``current``) and what this text changed (``comparison``).
    """

    kind: BannerKind
    effective: dt.date | None = None
    until: dt.date | None = None
    current: str | None = None
    target: str | None = None
    comparison: str | None = None
    recorded: dt.date | None = None
    revision: int = 1
    dated: dt.date | None = None
    """A draft's own date (its ``effective:``)."""
    in_force: dt.date | None = None
    """In a draft's banner: the date of the version in force on the build date (its page
    is ``current``); None when none is."""
    compare: str | None = None
    """In a superseded version's banner: the comparison of it with the version in force,
    when that is not the very next version (whose changes ``comparison`` shows)."""


@dataclass(frozen=True)
class ChangeLink:
    """A change-log entry with links (Markdown, relative) to its version and comparison."""

    change: Change
    version_link: str | None = None
    comparison_link: str | None = None
    released: Version | None = None
    """The version the entry released, if its text was archived."""
    version_href: str | None = None
    """The same links for raw HTML (relative between page addresses)."""
    comparison_href: str | None = None
    replaced: bool = False
    """Its text was replaced by a correction of the same day, in an archive older than
    corrections kept beside the text (so it was not kept)."""
    pdf: PdfLink | None = None
    """The PDF of its version, when the entry's text is the one the PDF shows."""


@dataclass(frozen=True)
class PolicyPageContext(PageContext):
    template = "policy.md.j2"

    company: Company
    body: str
    effective: dt.date
    source: SourceInfo | None
    notes: tuple[Banner, ...] = ()
    """Notes above the text: it was corrected, or it is an earlier text of its version."""
    changes: tuple[ChangeLink, ...] = ()
    history: str | None = None


def policy_markdown(context: PolicyPageContext) -> str:
    """The Markdown of a policy page: facts line, banners, menu, source note, text, change log."""
    return render(context)


@dataclass(frozen=True)
class PrintAddress(PageContext):
    """The permanent address a printed or saved copy of a policy page shows."""

    template = "partials/print-address.html.j2"

    address: str


def print_address_html(address: str) -> str:
    """The line, shown only in print, that says where a copy came from."""
    return render(PrintAddress(address)).strip()
