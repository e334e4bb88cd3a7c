"""The site's versions: which text is current, archived or upcoming, and their pages.

``/<company>/<policy>/`` shows the version in force on the build date;
``/<company>/<policy>/<date>/`` shows every released version. Archived and
upcoming pages carry a banner and a version menu, stay out of search engines
and the site search, and point their canonical link at the current page.
A cross-link in an archived version goes to the version of its target that
was in force on that version's date.

Released versions never change, so their costly rendering (numbers, resolved
cross-links, comparisons) can be kept between builds in a cache on disk
(:mod:`generator.site.cache`). Nothing here grows faster than the pages: a link
finds its target's version by bisection, and a version is numbered once, only
when a page or a link needs it.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import json
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.content.library import Library
from generator.errors import PolicyError
from generator.model import NumberingStyle, Policy, Snapshot
from generator.releases.archive import candidates
from generator.site.cache import RenderCache, cache_key
from generator.site.diff import (
    HtmlSection,
    compare,
    render_comparison,
    rewrite_links,
    split_sections,
)
from generator.site.plaintext import VersionText, version_text
from generator.text.pipeline import (
    BodyConverter,
    ChangeLink,
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
from generator.text.xrefs import LinkTarget, SectionIndex

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
    bodies: dict[dt.date, str] = field(default_factory=dict)
    """Each released version's body as on its dated page (numbered, cross-links resolved
    to the versions in force on its date), by effective date."""
    texts: dict[dt.date, VersionText] = field(default_factory=dict)
    """The same bodies as plain text, section by section: for machine-readable copies."""

    def effective(self, today: dt.date) -> dt.date:
        """Date from which the text shown as current applies."""
        if self.draft is None and self.versions:
            return (in_force(self.versions, today) or self.versions[0]).snapshot.effective
        return self.policy.effective


def _relative(source_uri: str, target_uri: str) -> str:
    """A Markdown link between two pages' source paths (MkDocs turns it into a URL)."""
    return _relative_path(posixpath.dirname(source_uri), target_uri)


def _relative_path(start: str, target: str) -> str:
    """``posixpath.relpath`` for clean relative paths, without its costly normalisation:
    change logs and version menus link every version from every version's page."""
    start_parts = [part for part in start.split("/") if part]
    target_parts = [part for part in target.split("/") if part]
    common = 0
    for mine, theirs in zip(start_parts, target_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + target_parts[common:]) or "."


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a page (``use_directory_urls``), without leading slash."""
    stem = src_uri.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def _href(source_uri: str, target_uri: str) -> str:
    """A link for raw HTML, which MkDocs does not rewrite: relative between page URLs."""
    relative = _relative_path(page_url(source_uri), page_url(target_uri))
    return "./" if relative == "." else relative + "/"


def build_versions(
    library: Library,
    today: dt.date,
    *,
    production: bool,
    default_numbering: NumberingStyle = "decimal",
    cache_dir: Path | None = None,
) -> dict[str, PolicyPages]:
    """Every policy's current page and dated version pages.

    In production, a policy whose live source differs from its latest release
    is an error; otherwise it is shown as an unreleased draft. ``cache_dir``
    keeps the rendering work of released versions between builds (see
    :mod:`generator.site.cache`); without it, everything is rendered afresh.
    """
    live_texts = number_live(library, default_numbering)
    live = render_library(library, default_numbering, live_texts)
    would_release = candidates(library, default_numbering, live_texts)
    result: dict[str, PolicyPages] = {}
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
    renderer = _Renderer(library, _Targets(result, library.company_names(), today), cache_dir)
    for pages in result.values():
        _compose_pages(library, pages, renderer, today)
    return result


class _Targets:
    """Where cross-links land: for a policy key and the date of the linking version (None
    on a current page), the target's version in force that day (else its current one,
    else its unreleased draft), numbered only when a link needs its sections."""

    def __init__(
        self, policies: Mapping[str, PolicyPages], company_names: Mapping[str, str], today: dt.date
    ) -> None:
        self._policies = policies
        self._company_names = company_names
        self._today = today
        self._dates = {
            key: [version.snapshot.effective for version in pages.versions]
            for key, pages in policies.items()
        }
        self._numbered: dict[tuple[str, dt.date], NumberedText] = {}
        self._links: dict[tuple[str, dt.date | None, bool], LinkTarget | None] = {}
        self._fingerprints: dict[tuple[str, dt.date | None, bool], str] = {}

    def numbered(self, version: Version) -> NumberedText:
        """A released version's text with its sections numbered (computed once)."""
        snapshot = version.snapshot
        slot = (snapshot.key, snapshot.effective)
        if slot not in self._numbered:
            self._numbered[slot] = number_expansion(
                snapshot_expansion(snapshot), snapshot.numbering
            )
        return self._numbered[slot]

    def _version(self, key: str, on: dt.date | None) -> Version | None:
        dates = self._dates[key]
        position = bisect.bisect_right(dates, on or self._today) - 1
        if position < 0 and on is not None:
            position = bisect.bisect_right(dates, self._today) - 1
        return self._policies[key].versions[position] if position >= 0 else None

    def fingerprint(self, key: str, on: dt.date | None, via_dated_page: bool) -> str:
        """Everything a link to ``key`` shows, without numbering anything: the text it lands
        on (a snapshot's hash, or a draft's sections), its address, title and company."""
        slot = (key, on, via_dated_page)
        if slot not in self._fingerprints:
            self._fingerprints[slot] = self._fingerprint(key, on, via_dated_page)
        return self._fingerprints[slot]

    def _fingerprint(self, key: str, on: dt.date | None, via_dated_page: bool) -> str:
        pages = self._policies.get(key)
        if pages is None:
            return "unknown"
        company = self._company_names.get(pages.policy.company, "")
        version = self._version(key, on)
        if version is None:
            if pages.draft is None:
                return "unreleased"
            sections = json.dumps(
                [(s.id, s.title, s.level, s.depth, s.number) for s in pages.draft.sections]
            )
            return "\0".join(("draft", pages.policy.src_uri, pages.policy.title, company, sections))
        uri = version.src_uri if via_dated_page else pages.policy.src_uri
        return "\0".join(("version", uri, version.snapshot.title, company, version.snapshot.sha256))

    def link_target(self, key: str, on: dt.date | None, via_dated_page: bool) -> LinkTarget | None:
        """The page and sections a link to ``key`` from a version of date ``on`` goes to."""
        slot = (key, on, via_dated_page)
        if slot not in self._links:
            self._links[slot] = self._link_target(key, on, via_dated_page)
        return self._links[slot]

    def _link_target(self, key: str, on: dt.date | None, via_dated_page: bool) -> LinkTarget | None:
        pages = self._policies.get(key)
        if pages is None:
            return None
        version = self._version(key, on)
        if version is None:
            if pages.draft is None:
                return None
            sections = {s.id: s for s in pages.draft.sections}
            return LinkTarget(pages.policy.src_uri, pages.policy.title, sections)
        uri = version.src_uri if via_dated_page else pages.policy.src_uri
        sections = {s.id: s for s in self.numbered(version).sections}
        return LinkTarget(uri, version.snapshot.title, sections)


class _Renderer:
    """The costly work on released versions, each piece kept in the cache by its inputs."""

    def __init__(self, library: Library, targets: _Targets, cache_dir: Path | None) -> None:
        self._library = library
        self._company_names = library.company_names()
        self._targets = targets
        self.cache = RenderCache(cache_dir)
        self._converter = BodyConverter()
        self._recent_sections: dict[str, list[HtmlSection]] = {}

    def body(self, policy: Policy, page_uri: str, version: Version, on: dt.date | None) -> str:
        """A version's final Markdown on ``page_uri``: numbered, its cross-links resolved.

        On a dated page (``on`` its date) links go to the dated page of the target's version
        of that day; on the current page (``on`` None) to the target's current page. The
        entry's name covers the snapshot; the targets its links resolved to are recorded in
        it and must be unchanged for it to be used.
        """
        via_dated_page = on is not None
        snapshot = version.snapshot
        key = cache_key(
            "body", policy.key, page_uri, snapshot.sha256, on.isoformat() if on else "current"
        )
        entry = self.cache.get(key)
        if entry is not None:
            links = entry.get("links") if isinstance(entry, dict) else None
            text = entry.get("body") if isinstance(entry, dict) else None
            if (
                isinstance(links, dict)
                and isinstance(text, str)
                and all(
                    self._targets.fingerprint(target, on, via_dated_page) == recorded
                    for target, recorded in links.items()
                )
            ):
                return text
            self.cache.reject()
        used: dict[str, str] = {}

        def lookup(target: str) -> LinkTarget | None:
            used[target] = self._targets.fingerprint(target, on, via_dated_page)
            return self._targets.link_target(target, on, via_dated_page)

        index = SectionIndex(self._library.policies, self._company_names, lookup)
        text = resolve_text(policy, page_uri, self._targets.numbered(version), index)
        self.cache.put(key, {"links": used, "body": text})
        return text

    def body_sections(self, body: str) -> list[HtmlSection]:
        """A version's body as HTML cut at its headings (:func:`split_sections`)."""
        if body not in self._recent_sections:
            # A version is compared twice, with the one before and the one after it, one
            # right after the other: converting it once is enough, cache or not.
            if len(self._recent_sections) >= 4:
                del self._recent_sections[next(iter(self._recent_sections))]
            # Not kept in the cache: what is made of it (comparisons, texts) is.
            self._recent_sections[body] = split_sections(self._converter.convert(body))
        return self._recent_sections[body]

    def text(self, version: Version, body: str) -> VersionText:
        """A version's body (as on its dated page) as plain text, section by section."""
        # The body names the text and its resolved links; the snapshot names its sections.
        key = cache_key("text", version.snapshot.sha256, body)
        entry = self.cache.get(key)
        if entry is not None:
            text = VersionText.from_json(entry)
            if text is not None:
                return text
            self.cache.reject()
        sections = self._targets.numbered(version).sections
        text = version_text(self.body_sections(body), sections)
        self.cache.put(key, text.to_json())
        return text

    def comparison(self, page_uri: str, old: tuple[str, str], new: tuple[str, str]) -> str:
        """The comparison HTML of two bodies (each with the source path it was resolved on)."""
        (old_uri, old_body), (new_uri, new_body) = old, new
        key = cache_key("comparison", page_uri, old_uri, old_body, new_uri, new_body)
        return self.cache.fetch(
            key,
            lambda: render_comparison(
                compare(
                    _page_sections(self.body_sections(old_body), old_uri, page_uri),
                    _page_sections(self.body_sections(new_body), new_uri, page_uri),
                )
            ),
        )


def _version_menu(
    pages: PolicyPages, page_uri: str, selected: dt.date | None, shown: Iterable[int]
) -> list[dict[str, object]]:
    """The version menu of a page: the versions at positions ``shown``, newest first."""
    menu: list[dict[str, object]] = []
    for index in sorted(shown, reverse=True):
        version = pages.versions[index]
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


def comparison_uri(version: Version) -> str:
    """Source path of the page comparing a version with the one before it."""
    return version.src_uri.removesuffix(".md") + "/changes.md"


def history_uri(policy: Policy) -> str:
    return f"{policy.company}/{policy.slug}/history.md"


def draft_comparison_uri(policy: Policy) -> str:
    return f"{policy.company}/{policy.slug}/changes.md"


def _banner(pages: PolicyPages, version: Version, page_uri: str, has_previous: bool) -> str:
    effective = format_date(version.snapshot.effective)
    if version.state == "upcoming":
        text = f"This version takes effect on {effective}."
    elif version.state == "archived":
        until = format_date(version.until) if version.until else "today"
        text = f"This version was in force from {effective} to {until}."
    else:
        return ""
    links = [f'<a href="{_href(page_uri, pages.policy.src_uri)}">Read the current version</a>']
    if has_previous:
        links.append(f'<a href="{_href(page_uri, comparison_uri(version))}">see what changed</a>')
    return (
        f'<div class="policy-banner policy-banner--{version.state}" role="note">'
        f"<p>{text} {' or '.join(links)}.</p></div>"
    )


_DATED_PAGE = re.compile(r"^(?P<policy>.+)/\d{4}-\d{2}-\d{2}\.md$")


def _page_sections(sections: list[HtmlSection], body_uri: str, page_uri: str) -> list[HtmlSection]:
    """A version's sections made ready for a comparison page (:func:`_page_html`)."""
    return [
        dataclasses.replace(section, content=_page_html(section.content, body_uri, page_uri))
        if "<a" in section.content
        else section
        for section in sections
    ]


def _page_html(body_html: str, body_uri: str, page_uri: str) -> str:
    """A version's body, as HTML, made ready for a comparison page.

    Its ``.md`` links become relative URLs; links to dated versions of other
    policies point at their current page, so that two versions linking to the
    same section compare equal even when the target was re-released.
    """

    def rewrite(href: str) -> str:
        path, hash_mark, fragment = href.partition("#")
        if not path.endswith(".md") or "://" in path:
            return href
        target = posixpath.normpath(posixpath.join(posixpath.dirname(body_uri), path))
        target = _DATED_PAGE.sub(r"\g<policy>.md", target)
        return _href(page_uri, target) + hash_mark + fragment

    return rewrite_links(body_html, rewrite)


def _compose_pages(
    library: Library, pages: PolicyPages, renderer: _Renderer, today: dt.date
) -> None:
    policy = pages.policy
    company = library.companies[policy.company]
    versions = pages.versions
    by_date = {version.snapshot.effective: version for version in versions}
    previous = {versions[i].snapshot.effective: versions[i - 1] for i in range(1, len(versions))}

    bodies = pages.bodies
    for version in versions:
        effective = version.snapshot.effective
        bodies[effective] = renderer.body(policy, version.src_uri, version, effective)

    change_logs: dict[str, list[ChangeLink]] = {}

    def change_links(page_uri: str) -> list[ChangeLink]:
        # Links are relative to the page's folder, which all dated pages share.
        folder = posixpath.dirname(page_uri)
        if folder not in change_logs:
            change_logs[folder] = [
                ChangeLink(
                    change,
                    _relative_path(folder, version.src_uri) if version else None,
                    _relative_path(folder, comparison_uri(version))
                    if version and change.date in previous
                    else None,
                    _in_force_text(version) if version else "",
                )
                for change in policy.changes
                for version in [by_date.get(change.date) if change.sha256 else None]
            ]
        return change_logs[folder]

    # A version's own page shows the versions around it and the current one, and the
    # change-log entries of its day; the current page and the history show them all. So
    # no page grows with the number of versions, and the site grows linearly with them.
    position = {version.snapshot.effective: i for i, version in enumerate(versions)}
    current_positions = {i for i, version in enumerate(versions) if version.state == "current"}
    entries_of_day: dict[dt.date, list[ChangeLink]] = {}
    for link in change_links(versions[0].src_uri) if versions else []:
        entries_of_day.setdefault(link.change.date, []).append(link)

    def policy_page(page_uri: str, body: str, snapshot: Snapshot | None, notice: str) -> str:
        own_page = page_uri != policy.src_uri  # a version's dated page
        shown: Iterable[int]
        if own_page and snapshot is not None:
            at = position[snapshot.effective]
            around = (at - 1, at, at + 1, *current_positions)
            shown = {i for i in around if 0 <= i < len(versions)}
            changes = entries_of_day.get(snapshot.effective, [])
        else:
            shown = range(len(versions))
            changes = change_links(page_uri)
        return render_template(
            "policy.md.j2",
            company=company,
            body=body,
            effective=snapshot.effective if snapshot else policy.effective,
            source=snapshot.source if snapshot else policy.source,
            notice=notice,
            versions=_version_menu(
                pages, page_uri, snapshot.effective if snapshot else None, shown
            ),
            all_versions=_href(page_uri, history_uri(policy)) if own_page else None,
            changes=changes,
            history=_relative(page_uri, history_uri(policy)),
        )

    for version in versions:
        snapshot = version.snapshot
        pages.texts[snapshot.effective] = renderer.text(version, bodies[snapshot.effective])
        notice = _banner(pages, version, version.src_uri, snapshot.effective in previous)
        pages.pages.append(
            SitePage(
                version.src_uri,
                f"{snapshot.title} ({format_date(snapshot.effective)})",
                policy_page(version.src_uri, bodies[snapshot.effective], snapshot, notice),
                indexed=False,
                canonical_uri=policy.src_uri,
            )
        )
        if snapshot.effective in previous:
            before = previous[snapshot.effective]
            page_uri = comparison_uri(version)
            pages.pages.append(
                SitePage(
                    page_uri,
                    f"{snapshot.title}: changes of {format_date(snapshot.effective)}",
                    _comparison_page(
                        renderer,
                        company.name,
                        page_uri,
                        (
                            before.src_uri,
                            before.snapshot.effective,
                            bodies[before.snapshot.effective],
                        ),
                        (version.src_uri, snapshot.effective, bodies[snapshot.effective]),
                        _relative(page_uri, history_uri(policy)),
                    ),
                    indexed=False,
                    canonical_uri=policy.src_uri,
                )
            )

    current = in_force(versions, today)
    notice = ""
    shown: Snapshot | None
    if pages.draft is not None:
        latest = versions[-1] if versions else None
        shown = None
        body = pages.draft.body
        notice = _draft_banner(policy, latest)
        if latest is not None:
            page_uri = draft_comparison_uri(policy)
            pages.pages.append(
                SitePage(
                    page_uri,
                    f"{policy.title}: unreleased changes",
                    _comparison_page(
                        renderer,
                        company.name,
                        page_uri,
                        (
                            latest.src_uri,
                            latest.snapshot.effective,
                            bodies[latest.snapshot.effective],
                        ),
                        (policy.src_uri, None, body),
                        _relative(page_uri, history_uri(policy)),
                    ),
                    indexed=False,
                    canonical_uri=policy.src_uri,
                )
            )
    else:
        # With nothing in force yet, the first upcoming version stands in.
        shown_version = current or versions[0]
        shown = shown_version.snapshot
        body = renderer.body(policy, policy.src_uri, shown_version, None)
    for version in versions:
        if version.state != "upcoming":
            continue
        effective = version.snapshot.effective
        links = f'<a href="{_href(policy.src_uri, version.src_uri)}">read it</a>'
        if effective in previous:
            compared = _href(policy.src_uri, comparison_uri(version))
            links += f' and <a href="{compared}">see what changes</a>'
        notice += (
            f'<div class="policy-banner policy-banner--upcoming" role="note" '
            f'data-effective="{effective.isoformat()}" '
            f'data-href="{_href(policy.src_uri, version.src_uri)}"><p>A new version takes '
            f"effect on {format_date(effective)}: {links}.</p></div>"
        )
    title = shown.title if shown else policy.title
    pages.pages.insert(
        0, SitePage(policy.src_uri, title, policy_page(policy.src_uri, body, shown, notice))
    )
    pages.pages.append(
        SitePage(
            history_uri(policy),
            f"{title}: history",
            _history_page(policy, company.name, versions, change_links(history_uri(policy))),
        )
    )


def _in_force_text(version: Version) -> str:
    start = format_date(version.snapshot.effective)
    if version.state == "upcoming":
        return f"from {start} (upcoming)"
    end = format_date(version.until) if version.until else "today"
    return f"{start} to {end}" + (" (current)" if version.state == "current" else "")


def _draft_banner(policy: Policy, latest: Version | None) -> str:
    if latest is None:
        text = "Unreleased draft: this policy has not been released yet."
    else:
        text = (
            "Unreleased draft: this text differs from the version released for "
            f"{format_date(latest.snapshot.effective)} "
            f'(<a href="{_href(policy.src_uri, latest.src_uri)}">read it</a>, '
            f'<a href="{_href(policy.src_uri, draft_comparison_uri(policy))}">'
            "see what changes</a>)."
        )
    return f'<div class="policy-banner policy-banner--draft" role="note"><p>{text}</p></div>'


def _comparison_page(
    renderer: _Renderer,
    company_name: str,
    page_uri: str,
    old: tuple[str, dt.date, str],
    new: tuple[str, dt.date | None, str],
    history: str,
) -> str:
    old_uri, old_date, old_body = old
    new_uri, new_date, new_body = new
    return render_template(
        "comparison.md.j2",
        company_name=company_name,
        old_date=old_date,
        old_href=_href(page_uri, old_uri),
        new_date=new_date,
        new_href=_href(page_uri, new_uri),
        history=history,
        comparison=renderer.comparison(page_uri, (old_uri, old_body), (new_uri, new_body)),
    )


def _history_page(
    policy: Policy, company_name: str, versions: list[Version], changes: list[ChangeLink]
) -> str:
    page_uri = history_uri(policy)
    choices = [
        {"date": v.snapshot.effective.isoformat(), "url": _href(page_uri, v.src_uri)}
        for v in versions
    ]
    sources = [(v.snapshot.effective, v.snapshot.source) for v in versions if v.snapshot.source]
    return render_template(
        "history.md.j2",
        policy=policy,
        company_name=company_name,
        choices=json.dumps(choices),
        first=versions[0].snapshot.effective if versions else None,
        changes=changes,
        sources=sources,
        current=_relative(page_uri, policy.src_uri),
    )
