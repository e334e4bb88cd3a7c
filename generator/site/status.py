"""What the status bar of each page of a policy says: the state of the text it shows on
the build date, the announcement of a version to come, and the version selector."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from generator.model import Policy
from generator.releases.timeline import Version, in_force
from generator.site import urls
from generator.site.pages.pdf import pdf_link
from generator.site.pages.policy import Banner
from generator.site.pages.status import Choice, StatusBar, StatusState, status_html


class Statuses:
    """The status bars of one policy's pages."""

    def __init__(
        self,
        policy: Policy,
        versions: Sequence[Version],
        has_draft: bool,
        today: dt.date,
        previous: Mapping[dt.date, Version],
        pdf: bool = False,
    ) -> None:
        self.policy = policy
        self.pdf = pdf
        """Released versions have PDFs, which the pages showing their text link to."""
        self.key = policy.key
        self.versions = versions
        self.has_draft = has_draft
        self.today = today
        self.previous = previous
        self.current = in_force(versions, today)

    def bar(
        self,
        page: str,
        shown: Version | None,
        around: int | None = None,
        *,
        with_pdf: bool = False,
    ) -> str:
        """The bar of ``page``, which shows ``shown`` (None: the unreleased draft).

        ``around`` is the position of a dated page's version: its selector lists the
        versions around it and the one in force, so no page grows with the archive.
        ``with_pdf``: the page shows the version's text as its PDF does (its dated page,
        the current page), so the bar links the PDF.
        """
        state, sentences = self._state(page, shown)
        positions: Sequence[int] = range(len(self.versions))
        if around is not None:
            near = {around - 1, around, around + 1}
            near |= {i for i, v in enumerate(self.versions) if v.state == "current"}
            positions = sorted(i for i in near if 0 <= i < len(self.versions))
        selected = shown.effective if shown else None
        choices = tuple(
            Choice(
                version.effective,
                version.until,
                version.state == "current",
                version.state == "upcoming",
                urls.page_href(page, urls.version_page(self.key, version.effective)),
                version.effective == selected,
            )
            for version in (self.versions[i] for i in reversed(positions))
        )
        history = urls.page_href(page, urls.history_page(self.key))
        some = len(choices) < len(self.versions)
        pdf = (
            pdf_link(page, self.key, shown.effective)
            if with_pdf and self.pdf and shown is not None
            else None
        )
        return status_html(StatusBar(state, sentences, choices, history, some, pdf))

    def _state(self, page: str, shown: Version | None) -> tuple[StatusState, tuple[Banner, ...]]:
        if shown is None:
            return "draft", (self._draft(page),)
        if shown.state == "archived":
            following = self._following(shown)
            comparison = (
                urls.page_href(page, urls.comparison_page(self.key, following.effective))
                if following
                else None
            )
            # Further back than the version before the one in force, "what changed next"
            # is not all that changed since: the compare page shows that.
            since = (
                self.current
                if self.current and following and following.effective < self.current.effective
                else None
            )
            return "superseded", (
                Banner(
                    "archived",
                    effective=shown.effective,
                    until=shown.until,
                    current=urls.page_href(page, urls.policy_page(self.key)),
                    comparison=comparison,
                    compare=urls.compare_href(page, self.key, shown.effective, since.effective)
                    if since
                    else None,
                ),
            )
        if shown.state == "upcoming":
            comparison = (
                urls.page_href(page, urls.comparison_page(self.key, shown.effective))
                if shown.effective in self.previous
                else None
            )
            current = urls.page_href(page, urls.policy_page(self.key)) if self.current else None
            return "upcoming", (
                Banner(
                    "upcoming", effective=shown.effective, current=current, comparison=comparison
                ),
                *self._announcements(page, after=shown),
            )
        return "in-force", (
            Banner("in-force", effective=shown.effective),
            *self._announcements(page, after=shown),
        )

    def _following(self, version: Version) -> Version | None:
        later = [v for v in self.versions if v.effective > version.effective]
        return later[0] if later else None

    def _announcements(self, page: str, after: Version) -> tuple[Banner, ...]:
        """Each version that has yet to take effect, after the one shown."""
        return tuple(
            Banner(
                "announcement",
                effective=version.effective,
                target=urls.page_href(page, urls.version_page(self.key, version.effective)),
                comparison=urls.page_href(page, urls.comparison_page(self.key, version.effective))
                if version.effective in self.previous
                else None,
            )
            for version in self.versions
            if version.state == "upcoming" and version.effective > after.effective
        )

    def _draft(self, page: str) -> Banner:
        dated = self.policy.effective
        if not self.versions:
            return Banner("draft", dated=dated)
        latest = self.versions[-1]
        current = self.current
        return Banner(
            "draft",
            effective=latest.effective,
            target=urls.page_href(page, urls.version_page(self.key, latest.effective)),
            comparison=urls.page_href(page, urls.draft_comparison_page(self.key)),
            dated=dated,
            in_force=current.effective if current else None,
            current=urls.page_href(page, urls.version_page(self.key, current.effective))
            if current
            else None,
        )
