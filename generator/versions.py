"""The site's versions: which text is current, archived or upcoming, and their pages.

``/<company>/<policy>/`` shows the version in force on the build date;
``/<company>/<policy>/<date>/`` shows every released version. Archived and
upcoming pages carry a banner and a version menu, stay out of search engines
and the site search, and point their canonical link at the current page.
A cross-link in an archived version goes to the version of its target that
was in force on that version's date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from generator.archive import candidates
from generator.errors import PolicyError
from generator.library import Library
from generator.model import Change, NumberingStyle, Policy, Snapshot
from generator.render import (
    NumberedText,
    RenderedPolicy,
    format_date,
    number_expansion,
    number_live,
    render_library,
    render_template,
    resolve_text,
    snapshot_expansion,
)
from generator.xrefs import LinkTarget, SectionIndex

VersionState = Literal["current", "archived", "upcoming"]


@dataclass(frozen=True)
class Version:
    """A released version and its place in time."""

    snapshot: Snapshot
    until: dt.date | None
    """Last day in force; None while no later version has taken effect."""
    state: VersionState

    @property
    def src_uri(self) -> str:
        """Source path of its dated page, published at ``/<company>/<policy>/<date>/``."""
        return f"{self.snapshot.company}/{self.snapshot.policy}/{self.snapshot.effective}.md"


def timeline(snapshots: tuple[Snapshot, ...], today: dt.date) -> list[Version]:
    """Each snapshot with its dates in force and its state on ``today``."""
    dates = [snapshot.effective for snapshot in snapshots]
    current = bisect.bisect_right(dates, today) - 1
    versions = []
    for index, snapshot in enumerate(snapshots):
        until = dates[index + 1] - dt.timedelta(days=1) if index + 1 < len(dates) else None
        state: VersionState = (
            "current" if index == current else "upcoming" if index > current else "archived"
        )
        versions.append(Version(snapshot, until, state))
    return versions


def in_force(versions: list[Version], on: dt.date) -> Version | None:
    """The version in force on a day, if any had taken effect."""
    position = bisect.bisect_right([v.snapshot.effective for v in versions], on) - 1
    return versions[position] if position >= 0 else None


@dataclass(frozen=True)
class SitePage:
    """A page of the site, as Markdown with what the theme needs to know of it."""

    src_uri: str
    title: str
    markdown: str
    indexed: bool = True
    """False keeps it out of search engines and the site search."""
    canonical_uri: str | None = None
    """Source path of the page search engines should prefer."""


@dataclass
class PolicyPages:
    """Everything the site shows of one policy."""

    policy: Policy
    versions: list[Version]
    draft: RenderedPolicy | None = None
    """The live source, when it differs from the latest release (not in production)."""
    pages: list[SitePage] = field(default_factory=list)


TargetFinder = Callable[[str, dt.date | None, bool], LinkTarget | None]
"""(policy key, date of the linking version or None for current, link to dated page?)"""


def _relative(source_uri: str, target_uri: str) -> str:
    """A Markdown link between two pages' source paths (MkDocs turns it into a URL)."""
    return posixpath.relpath(target_uri, posixpath.dirname(source_uri))


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a page (``use_directory_urls``), without leading slash."""
    stem = src_uri.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def _href(source_uri: str, target_uri: str) -> str:
    """A link for raw HTML, which MkDocs does not rewrite: relative between page URLs."""
    start = page_url(source_uri).rstrip("/") or "."
    target = page_url(target_uri).rstrip("/") or "."
    relative = posixpath.relpath(target, start)
    return "./" if relative == "." else relative + "/"


def build_versions(
    library: Library,
    today: dt.date,
    *,
    production: bool,
    default_numbering: NumberingStyle = "decimal",
) -> dict[str, PolicyPages]:
    """Every policy's current page and dated version pages.

    In production, a policy whose live source differs from its latest release
    is an error; otherwise it is shown as an unreleased draft.
    """
    live_texts = number_live(library, default_numbering)
    live = render_library(library, default_numbering, live_texts)
    would_release = candidates(library, default_numbering, live_texts)
    result: dict[str, PolicyPages] = {}
    numbered: dict[tuple[str, dt.date], NumberedText] = {}
    for key, policy in library.policies.items():
        snapshots = library.snapshots.get(key, ())
        versions = timeline(snapshots, today)
        unreleased = not snapshots or not would_release[key].same_text_as(snapshots[-1])
        if unreleased and production:
            latest = snapshots[-1].effective.isoformat() if snapshots else None
            raise PolicyError(
                None,
                f"{policy.display_path}: "
                + (f"differs from its release of {latest}" if latest else "was never released"),
                f"run 'policy-site release {key} --effective YYYY-MM-DD --summary \"...\"' "
                "(a production build publishes released text only)",
            )
        result[key] = PolicyPages(policy, versions, live[key] if unreleased else None)
        for version in versions:
            snapshot = version.snapshot
            numbered[(key, snapshot.effective)] = number_expansion(
                snapshot_expansion(snapshot), snapshot.numbering
            )

    def target_for(key: str, on: dt.date | None, via_dated_page: bool) -> LinkTarget | None:
        pages = result.get(key)
        if pages is None:
            return None
        version = in_force(pages.versions, on or today)
        if version is None and on is not None:
            version = in_force(pages.versions, today)
        if version is None:
            if pages.draft is None:
                return None
            return LinkTarget(
                pages.policy.src_uri,
                pages.policy.title,
                {s.id: s for s in pages.draft.sections},
            )
        sections = numbered[(key, version.snapshot.effective)].sections
        uri = version.src_uri if via_dated_page else pages.policy.src_uri
        return LinkTarget(uri, version.snapshot.title, {s.id: s for s in sections})

    names = library.company_names()
    for pages in result.values():
        _compose_pages(library, pages, numbered, names, target_for, today)
    return result


def _dated_target(target_for: TargetFinder, on: dt.date, key: str) -> LinkTarget | None:
    return target_for(key, on, True)


def _version_menu(
    pages: PolicyPages, page_uri: str, selected: dt.date | None
) -> list[dict[str, object]]:
    menu: list[dict[str, object]] = []
    for version in reversed(pages.versions):
        label = {"current": "current", "upcoming": "upcoming", "archived": ""}[version.state]
        menu.append(
            {
                "date": version.snapshot.effective,
                "href": _href(page_uri, version.src_uri),
                "label": label,
                "selected": version.snapshot.effective == selected,
            }
        )
    return menu


def _banner(pages: PolicyPages, version: Version, page_uri: str) -> str:
    current_href = _href(page_uri, pages.policy.src_uri)
    effective = format_date(version.snapshot.effective)
    if version.state == "upcoming":
        text = f"This version takes effect on {effective}."
    elif version.state == "archived":
        until = format_date(version.until) if version.until else "today"
        text = f"This version was in force from {effective} to {until}."
    else:
        return ""
    return (
        f'<div class="policy-banner policy-banner--{version.state}" role="note">'
        f'<p>{text} <a href="{current_href}">Read the current version</a>.</p></div>'
    )


def _compose_pages(
    library: Library,
    pages: PolicyPages,
    numbered: Mapping[tuple[str, dt.date], NumberedText],
    names: Mapping[str, str],
    target_for: TargetFinder,
    today: dt.date,
) -> None:
    policy = pages.policy
    company = library.companies[policy.company]
    archived = {version.snapshot.effective: version for version in pages.versions}

    def changes_for(page_uri: str) -> list[tuple[Change, str | None]]:
        return [
            (
                change,
                _relative(page_uri, archived[change.date].src_uri)
                if change.sha256 and change.date in archived
                else None,
            )
            for change in policy.changes
        ]

    for version in pages.versions:
        snapshot = version.snapshot
        index = SectionIndex(
            library.policies,
            names,
            functools.partial(_dated_target, target_for, snapshot.effective),
        )
        body = resolve_text(
            policy, version.src_uri, numbered[(policy.key, snapshot.effective)], index
        )
        markdown = render_template(
            "policy.md.j2",
            company=company,
            body=body,
            effective=snapshot.effective,
            source=snapshot.source,
            notice=_banner(pages, version, version.src_uri),
            versions=_version_menu(pages, version.src_uri, snapshot.effective),
            changes=changes_for(version.src_uri),
        )
        pages.pages.append(
            SitePage(
                version.src_uri,
                f"{snapshot.title} ({format_date(snapshot.effective)})",
                markdown,
                indexed=False,
                canonical_uri=policy.src_uri,
            )
        )

    current = in_force(pages.versions, today)
    upcoming = [v for v in pages.versions if v.state == "upcoming"]
    if pages.draft is not None:
        latest = pages.versions[-1] if pages.versions else None
        notice = (
            '<div class="policy-banner policy-banner--draft" role="note"><p>Unreleased draft: '
            + (
                "this text differs from the version released for "
                f"{format_date(latest.snapshot.effective)} "
                f'(<a href="{_href(policy.src_uri, latest.src_uri)}">read it</a>).'
                if latest
                else "this policy has not been released yet."
            )
            + "</p></div>"
        )
        body, effective, source, title = (
            pages.draft.body,
            policy.effective,
            policy.source,
            policy.title,
        )
    elif current is not None:
        snapshot = current.snapshot
        index = SectionIndex(library.policies, names, lambda key: target_for(key, None, False))
        body = resolve_text(
            policy, policy.src_uri, numbered[(policy.key, snapshot.effective)], index
        )
        effective, source, title = snapshot.effective, snapshot.source, snapshot.title
        notice = ""
    else:
        # Only upcoming versions: nothing is in force yet.
        first = upcoming[0].snapshot
        notice = ""
        index = SectionIndex(library.policies, names, lambda key: target_for(key, None, False))
        body = resolve_text(policy, policy.src_uri, numbered[(policy.key, first.effective)], index)
        effective, source, title = first.effective, first.source, first.title
    for version in upcoming:
        notice += (
            f'<div class="policy-banner policy-banner--upcoming" role="note" '
            f'data-effective="{version.snapshot.effective.isoformat()}"><p>A new version takes '
            f"effect on {format_date(version.snapshot.effective)}: "
            f'<a href="{_href(policy.src_uri, version.src_uri)}">read it</a>.</p></div>'
        )
    markdown = render_template(
        "policy.md.j2",
        company=company,
        body=body,
        effective=effective,
        source=source,
        notice=notice,
        versions=_version_menu(
            pages, policy.src_uri, current.snapshot.effective if current else None
        ),
        changes=changes_for(policy.src_uri),
    )
    pages.pages.insert(0, SitePage(policy.src_uri, title, markdown))
