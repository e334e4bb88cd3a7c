"""The page that compares any two versions of a policy, and the picker that opens it.

A page per pair of versions would grow with the square of their number, so there is one
page per policy, ``/<company>/<policy>/compare/?from=DATE&to=DATE``, and its script
(``assets/compare.js``, with the vendored ``assets/jsdiff.js``) works the comparison out in
the browser from the JSON the site publishes for every version, in the structure of the
pre-built comparison pages. What the build writes is the picker (the same one on the
history page, where a reader starts), a plain statement for browsers without script, with
links to the pre-built comparisons of each version with the one before it, and empty
places for the result.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from generator.releases.timeline import Version, in_force
from generator.site import urls
from generator.site.templates import PageContext, render

SCRIPTS = ("jsdiff.js", "compare.js")
"""The plugin's scripts the compare page loads, in this order (``compare.js`` uses jsdiff)."""


@dataclass(frozen=True)
class VersionOption:
    """A released version in the picker: its dates in force and where its texts are."""

    date: dt.date
    until: dt.date | None
    current: bool
    upcoming: bool
    href: str
    """Its dated page, relative to the page holding the picker."""
    document: str
    """Its JSON text (``<date>.json``), relative to the page holding the picker."""


@dataclass(frozen=True)
class ComparePicker(PageContext):
    """The form that asks for two versions: ``from`` and ``to``, newest first in each list."""

    template = "partials/compare-picker.html.j2"

    action: str
    """The compare page, relative to the page holding the picker."""
    options: tuple[VersionOption, ...]
    old: dt.date
    """Chosen at first in "from": the version before ``new``."""
    new: dt.date
    """Chosen at first in "to": the version in force (else the latest)."""
    versions_json: str = ""
    """On the compare page only: ``versions.json``, relative to it (its script reads the
    change log there); the options then carry their texts' addresses too."""


@dataclass(frozen=True)
class NeighbourComparison:
    """A pre-built comparison of a version with the one before it."""

    old: dt.date
    new: dt.date
    href: str


@dataclass(frozen=True)
class CompareContext(PageContext):
    template = "compare.md.j2"

    company_name: str
    title: str
    picker: str
    """The picker's HTML (:func:`picker_html`), hidden until the script shows it."""
    neighbours: tuple[NeighbourComparison, ...]
    """The pre-built comparisons, newest first: what a browser without script can offer."""
    history: str


def picker_html(page: str, key: str, versions: Sequence[Version], today: dt.date) -> str:
    """The picker of two versions on ``page``, which opens the compare page.

    Needs at least two versions. The compare page's own picker also carries what its
    script needs: the addresses of ``versions.json`` and of every version's text.
    """
    new = in_force(versions, today) or versions[-1]
    if new is versions[0]:
        new = versions[1]
    old = versions[versions.index(new) - 1]
    compare_page = urls.compare_page(key)
    options = tuple(
        VersionOption(
            date=version.effective,
            until=version.until,
            current=version.state == "current",
            upcoming=version.state == "upcoming",
            href=urls.page_href(page, urls.version_page(key, version.effective)),
            document=urls.file_href(page, urls.version_json(key, version.effective)),
        )
        for version in reversed(versions)
    )
    picker = ComparePicker(
        action=urls.page_href(page, compare_page),
        options=options,
        old=old.effective,
        new=new.effective,
        versions_json=urls.file_href(page, urls.versions_json(key)) if page == compare_page else "",
    )
    return render(picker).strip()


def compare_markdown(
    key: str, company_name: str, title: str, versions: Sequence[Version], today: dt.date
) -> str:
    """The compare page of a policy with at least two versions."""
    page = urls.compare_page(key)
    neighbours = tuple(
        NeighbourComparison(
            before.effective,
            after.effective,
            urls.page_href(page, urls.comparison_page(key, after.effective)),
        )
        for before, after in reversed(list(itertools.pairwise(versions)))
    )
    return render(
        CompareContext(
            company_name=company_name,
            title=title,
            picker=picker_html(page, key, versions, today),
            neighbours=neighbours,
            history=urls.markdown_link(page, urls.history_page(key)),
        )
    )
