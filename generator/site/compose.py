"""Everything the site shows of one policy: which pages, with which versions and links.

A policy has a current page, a dated page per released version, a comparison
page per version that replaced another (and, in a preview, one for the draft),
a page that compares any two versions in the browser (when there are two), and a
history page. A version's own page lists the versions around it and the
current one, and the change-log entries of its day; the current page and the
history list them all. So no page grows with the number of versions, and the
site grows linearly with them.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from generator.model import Change, Company, Policy, Snapshot
from generator.releases.timeline import Version, in_force
from generator.site import urls
from generator.site.live import RenderedPolicy
from generator.site.page import SearchEntry, SitePage
from generator.site.pages.compare import SCRIPTS as COMPARE_SCRIPTS
from generator.site.pages.compare import compare_markdown, picker_html
from generator.site.pages.comparison import ComparisonContext, comparison_markdown
from generator.site.pages.history import history_markdown
from generator.site.pages.pdf import pdf_link
from generator.site.pages.policy import (
    Banner,
    ChangeLink,
    PolicyPageContext,
    policy_markdown,
)
from generator.site.plaintext import VersionText
from generator.site.renderer import VersionRenderer
from generator.site.status import Statuses
from generator.site.targets import PolicyTimeline
from generator.site.templates import format_date


@dataclass(frozen=True)
class PolicyPages:
    """Everything the site shows of one policy."""

    policy: Policy
    versions: tuple[Version, ...]
    draft: RenderedPolicy | None
    """The live source, when it differs from the latest release (not in production)."""
    pages: tuple[SitePage, ...]
    """The current page first, the history page last."""
    bodies: Mapping[dt.date, str]
    """Each released version's body as on its dated page (numbered, cross-links resolved
    to the versions in force on its date), by effective date."""
    texts: Mapping[dt.date, VersionText]
    """The same bodies as plain text, section by section: for machine-readable copies."""

    def effective(self, today: dt.date) -> dt.date:
        """Date from which the text shown as current applies."""
        if self.draft is None and self.versions:
            return (in_force(self.versions, today) or self.versions[0]).snapshot.effective
        return self.policy.effective

    def summary(self, today: dt.date) -> PolicySummary:
        """What a listing says of the policy on ``today``."""
        effective = self.effective(today)
        shown = in_force(self.versions, today) if self.draft is None else None
        recorded = [s.recorded for s in (shown.revisions[1:] if shown else ()) if s.recorded]
        changed = max([effective, *(day for day in recorded if day <= today)])
        upcoming = next((v.effective for v in self.versions if v.effective > today), None)
        return PolicySummary(effective, changed, upcoming, draft=self.draft is not None)


@dataclass(frozen=True)
class PolicySummary:
    """A policy as the home and company pages list it."""

    effective: dt.date
    """Date from which the text shown as current applies."""
    changed: dt.date
    """The last day its text changed: that date, or a later correction's."""
    upcoming: dt.date | None
    """The next version's date, when one is announced."""
    draft: bool = False
    """A preview shows the policy's unreleased draft."""


class _Composer:
    """The pages of one policy, from its timeline and the rendered versions."""

    def __init__(
        self,
        timeline: PolicyTimeline,
        company: Company,
        renderer: VersionRenderer,
        today: dt.date,
        pdf: bool = False,
    ) -> None:
        self.today = today
        self.pdf = pdf
        self.policy = timeline.policy
        self.key = timeline.policy.key
        self.versions = timeline.versions
        self.draft = timeline.draft
        self.company = company
        self.renderer = renderer
        self.previous = {
            later.effective: earlier
            for earlier, later in zip(self.versions, self.versions[1:], strict=False)
        }
        self.bodies = {
            version.effective: renderer.body(
                self.policy, self._dated(version), version.snapshot, version.effective
            )
            for version in self.versions
        }
        # Dated pages and the history share a folder, so the same relative links.
        self.dated_log = self._change_log(urls.history_page(self.key))
        self.entries_of_day: dict[dt.date, list[ChangeLink]] = {}
        for link in self.dated_log:
            self.entries_of_day.setdefault(link.change.date, []).append(link)
        self.texts: dict[dt.date, VersionText] = {}
        self.statuses = Statuses(
            self.policy, self.versions, self.draft is not None, today, self.previous, pdf
        )
        self.position = {version.effective: i for i, version in enumerate(self.versions)}
        # The current page shows the draft, else the version in force, else (nothing in
        # force yet) the first upcoming one.
        self.shown = None if self.draft else in_force(self.versions, today) or self.versions[0]

    def _named(self, title: str) -> str:
        """A page title that says whose policy it is: five companies' pages are not all
        "Privacy Policy" in a search result, a browser tab or a link preview."""
        if self.company.name.casefold() in title.casefold():
            return title
        return f"{self.company.name} {title}"

    def _search(self, version: Version | None, *, current: bool) -> SearchEntry:
        """The search facets of a page showing ``version`` of this policy (None: the draft)
        at the policy's own address (``current``) or at a dated one."""
        effective = version.effective if version else None
        return SearchEntry(self.policy.company, self.policy.slug, effective, current=current)

    def _dated_search(self, version: Version) -> SearchEntry | None:
        """The dated page of ``version`` in the search, unless the policy's own page shows
        the same text: that page is searched with the version's date as its facet, and a
        second copy would only repeat its results (and grow the indexer's memory, about
        half a megabyte per page, with every policy of a hub)."""
        if self.shown is not None and version.effective == self.shown.effective:
            return None
        return self._search(version, current=False)

    def _print(self, version: Version | None) -> str:
        """The print stylesheet of a page showing ``version`` (None: the draft)."""
        return urls.print_stylesheet(self.key, version.effective if version else None)

    def _dated(self, version: Version) -> str:
        return urls.version_page(self.key, version.effective)

    def compose(self) -> PolicyPages:
        version_pages = [
            page
            for at, version in enumerate(self.versions)
            for page in self._version_pages(at, version)
        ]
        current = self._current_page()
        draft_comparison = self._draft_comparison()
        history_page = urls.history_page(self.key)
        comparable = len(self.versions) > 1
        history = SitePage(
            history_page,
            f"{current.title}: history",
            history_markdown(
                self.policy,
                self.company.name,
                self.versions,
                self.dated_log,
                picker_html(history_page, self.key, self.versions, self.today)
                if comparable
                else "",
            ),
            "history",
            status=self.statuses.bar(history_page, self.shown),
            print_stylesheet=self._print(self.shown),
        )
        compare = (self._compare_page(current.title),) if comparable else ()
        return PolicyPages(
            self.policy,
            self.versions,
            self.draft,
            (current, *version_pages, *draft_comparison, *compare, history),
            self.bodies,
            self.texts,
        )

    def _compare_page(self, title: str) -> SitePage:
        """The page that compares any two versions, in the browser (two versions or more)."""
        page = urls.compare_page(self.key)
        return SitePage(
            page,
            f"{title}: compare two versions",
            compare_markdown(
                self.key,
                self.company.name,
                self.shown.snapshot.title if self.shown else self.policy.title,
                self.versions,
                self.today,
            ),
            "compare",
            indexed=False,
            canonical_uri=urls.policy_page(self.key),
            status=self.statuses.bar(page, self.shown),
            print_stylesheet=self._print(self.shown),
            scripts=COMPARE_SCRIPTS,
        )

    def _change_log(self, page: str) -> tuple[ChangeLink, ...]:
        """Every change-log entry with links, relative to ``page``'s folder."""
        by_date = {version.effective: version for version in self.versions}
        folder = posixpath.dirname(page)
        links = []
        for change in self.policy.changes:
            version = by_date.get(change.date)
            text = (
                next((s for s in version.texts if s.sha256 == change.sha256), None)
                if version
                else None
            )
            if version is None or text is None:
                links.append(ChangeLink(change, replaced=version is not None))
                continue
            target, comparison = self._text_pages(version, text)
            # The PDF shows the version's text as its dated page does: the latest
            # correction, so an entry of a text corrected since links none.
            shown = self.pdf and text.sha256 == version.snapshot.sha256
            links.append(
                ChangeLink(
                    change,
                    urls.relative_path(folder, target),
                    urls.relative_path(folder, comparison) if comparison else None,
                    version,
                    urls.page_href(page, target),
                    urls.page_href(page, comparison) if comparison else None,
                    pdf=pdf_link(page, self.key, version.effective) if shown else None,
                )
            )
        return tuple(links)

    def _text_pages(self, version: Version, text: Snapshot) -> tuple[str, str | None]:
        """The page of one text of a version, and the page of what it changed."""
        if text.revision > 1:
            return self._revision(text), self._revision_comparison(text)
        comparison = (
            urls.comparison_page(self.key, version.effective)
            if version.effective in self.previous
            else None
        )
        return (self._revision(text) if version.revisions else self._dated(version)), comparison

    def _version_pages(self, at: int, version: Version) -> list[SitePage]:
        """A version's dated page, and the comparison with the version before it."""
        snapshot = version.snapshot
        page = self._dated(version)
        # Right before the comparison, which converts the same body to HTML again.
        self.texts[version.effective] = self.renderer.text(snapshot, self.bodies[version.effective])
        context = PolicyPageContext(
            company=self.company,
            body=self.bodies[version.effective],
            effective=snapshot.effective,
            source=snapshot.source,
            notes=self._corrected(version, page),
            changes=tuple(self.entries_of_day.get(version.effective, [])),
            history=urls.markdown_link(page, urls.history_page(self.key)),
        )
        pages = [
            SitePage(
                page,
                f"{self._named(snapshot.title)} ({format_date(snapshot.effective)})",
                policy_markdown(context),
                "version",
                indexed=False,
                canonical_uri=urls.policy_page(self.key),
                status=self.statuses.bar(page, version, at, with_pdf=True),
                print_stylesheet=self._print(version),
                permanent_uri=page,
                search=self._dated_search(version),
            )
        ]
        before = self.previous.get(version.effective)
        if before is not None:
            pages.append(
                self._comparison(
                    urls.comparison_page(self.key, version.effective),
                    f"{self._named(snapshot.title)}: changes of {format_date(snapshot.effective)}",
                    (self._dated(before), before.effective, self.bodies[before.effective]),
                    (page, version.effective, self.bodies[version.effective]),
                    self._why(version.texts[0], self.renderer.section_labels(snapshot)),
                    version,
                )
            )
        return pages + self._revision_pages(version)

    def _corrected(self, version: Version, page: str) -> tuple[Banner, ...]:
        """On a corrected version's page: when it was corrected, and the text before."""
        if not version.revisions:
            return ()
        first, latest = version.revisions[0], version.revisions[-1]
        return (
            Banner(
                "corrected",
                effective=version.effective,
                recorded=latest.recorded,
                revision=latest.revision,
                target=urls.page_href(page, self._revision(first)),
                comparison=urls.page_href(page, self._revision_comparison(latest)),
            ),
        )

    def _revision(self, snapshot: Snapshot) -> str:
        return urls.revision_page(self.key, snapshot.effective, snapshot.revision)

    def _revision_comparison(self, snapshot: Snapshot) -> str:
        return urls.revision_comparison_page(self.key, snapshot.effective, snapshot.revision)

    def _revision_pages(self, version: Version) -> list[SitePage]:
        """Each text released for a corrected version, at its own permanent address, and
        what each correction changed."""
        pages: list[SitePage] = []
        bodies: list[str] = []
        for position, snapshot in enumerate(version.revisions):
            page = self._revision(snapshot)
            bodies.append(self.renderer.body(self.policy, page, snapshot, version.effective))
            pages.append(self._revision_page(version, position, bodies[-1]))
            if position:
                before = version.revisions[position - 1]
                pages.append(
                    self._comparison(
                        self._revision_comparison(snapshot),
                        f"{self._named(snapshot.title)}: correction of "
                        f"{format_date(snapshot.effective)}",
                        (self._revision(before), before.effective, bodies[position - 1]),
                        (page, snapshot.effective, bodies[-1]),
                        self._why(snapshot, self.renderer.section_labels(snapshot)),
                        version,
                    )
                )
        return pages

    def _revision_page(self, version: Version, position: int, body: str) -> SitePage:
        snapshot = version.revisions[position]
        later = version.revisions[position + 1 :]
        page = self._revision(snapshot)
        banner = Banner(
            "revision",
            effective=version.effective,
            recorded=snapshot.recorded,
            until=later[0].recorded if later else None,
            revision=snapshot.revision,
            current=urls.page_href(page, self._dated(version)),
            comparison=urls.page_href(page, self._revision_comparison(snapshot))
            if position
            else None,
        )
        context = PolicyPageContext(
            company=self.company,
            body=body,
            effective=snapshot.effective,
            source=snapshot.source,
            notes=(banner,),
            history=urls.markdown_link(page, urls.history_page(self.key)),
        )
        date = format_date(snapshot.effective)
        return SitePage(
            page,
            f"{self._named(snapshot.title)} ({date}, text {snapshot.revision})",
            policy_markdown(context),
            "version",
            indexed=False,
            canonical_uri=urls.policy_page(self.key),
            status=self.statuses.bar(page, version, self.position[version.effective]),
            print_stylesheet=self._print(version),
            permanent_uri=page,
            # The latest text is the one the dated page (or the policy's page) shows.
            search=None if not later else self._search(version, current=False),
        )

    def _current_page(self) -> SitePage:
        """The page at ``/<company>/<policy>/``: the version in force, or the draft."""
        page = urls.policy_page(self.key)
        if self.shown is None:
            snapshot, body = None, self.draft.body if self.draft else ""
        else:
            snapshot = self.shown.snapshot
            body = self.renderer.body(self.policy, page, snapshot, None)
        context = PolicyPageContext(
            company=self.company,
            body=body,
            effective=snapshot.effective if snapshot else self.policy.effective,
            source=snapshot.source if snapshot else self.policy.source,
            changes=self._change_log(page),
            history=urls.markdown_link(page, urls.history_page(self.key)),
        )
        title = self._named(snapshot.title if snapshot else self.policy.title)
        return SitePage(
            page,
            title,
            policy_markdown(context),
            "policy",
            status=self.statuses.bar(page, self.shown, with_pdf=True),
            print_stylesheet=self._print(self.shown),
            # A printed copy cites the dated page of the text it shows: its text never changes.
            permanent_uri=self._dated(self.shown) if self.shown else None,
            search=self._search(self.shown, current=True),
        )

    def _draft_comparison(self) -> tuple[SitePage, ...]:
        if self.draft is None or not self.versions:
            return ()
        latest = self.versions[-1]
        return (
            self._comparison(
                urls.draft_comparison_page(self.key),
                f"{self._named(self.policy.title)}: unreleased changes",
                (self._dated(latest), latest.effective, self.bodies[latest.effective]),
                (urls.policy_page(self.key), None, self.draft.body),
                (
                    tuple(
                        change
                        for change in reversed(self.policy.changes)
                        if not change.sha256 and change.date > latest.effective
                    ),
                    {s.id: f"{s.label} {s.title}".strip() for s in self.draft.sections},
                ),
                None,
            ),
        )

    def _why(
        self, text: Snapshot, labels: Mapping[str, str]
    ) -> tuple[tuple[Change, ...], Mapping[str, str]]:
        """The change-log entries that explain a text: the entries of its day, but those of
        corrections archived beside it (which explain theirs), oldest first."""
        corrections = {
            s.sha256 for v in self.versions for s in v.revisions if s.sha256 != text.sha256
        }
        if text.revision > 1:
            entries = tuple(c for c in self.policy.changes if c.sha256 == text.sha256)
        else:
            entries = tuple(
                c
                for c in reversed(self.policy.changes)
                if c.date == text.effective and c.sha256 not in corrections
            )
        return entries, labels

    def _comparison(
        self,
        page: str,
        title: str,
        old: tuple[str, dt.date, str],
        new: tuple[str, dt.date | None, str],
        why: tuple[tuple[Change, ...], Mapping[str, str]],
        version: Version | None,
    ) -> SitePage:
        """A comparison page between two bodies, each with its page and date, explained by
        change-log entries (with the labels of the sections they name)."""
        (old_page, old_date, old_body), (new_page, new_date, new_body) = old, new
        context = ComparisonContext(
            company_name=self.company.name,
            old_date=old_date,
            old_href=urls.page_href(page, old_page),
            new_date=new_date,
            new_href=urls.page_href(page, new_page),
            history=urls.markdown_link(page, urls.history_page(self.key)),
            comparison=self.renderer.comparison(page, (old_page, old_body), (new_page, new_body)),
            entries=why[0],
            sections=why[1],
        )
        around = self.position[version.effective] if version else None
        return SitePage(
            page,
            title,
            comparison_markdown(context),
            "comparison",
            indexed=False,
            canonical_uri=urls.policy_page(self.key),
            status=self.statuses.bar(page, version, around),
            print_stylesheet=self._print(version),
            permanent_uri=page,
        )


def compose_policy(
    timeline: PolicyTimeline,
    company: Company,
    renderer: VersionRenderer,
    today: dt.date,
    *,
    pdf: bool = False,
) -> PolicyPages:
    """Every page of one policy; with ``pdf``, its released versions' pages link their PDFs."""
    return _Composer(timeline, company, renderer, today, pdf).compose()
