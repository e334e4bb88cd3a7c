"""Where cross-links land: for each linking page, the version of the target policy to show.

A link on a current page goes to the target's current page; a link in a dated
version goes to the dated page of the target's version in force on that
version's date (else its current one, else its unreleased draft). A version is
numbered only when a link needs its sections, and found by bisection, so links
cost nothing that grows with the number of versions.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

from generator.model import Policy, Snapshot
from generator.releases.timeline import Version
from generator.site import urls
from generator.site.live import RenderedPolicy
from generator.text.pipeline import NumberedText, number_expansion, snapshot_expansion
from generator.text.xrefs import LinkTarget


@dataclass(frozen=True)
class PolicyTimeline:
    """A policy's released versions on the build date, and its draft if it differs."""

    policy: Policy
    versions: tuple[Version, ...]
    draft: RenderedPolicy | None
    """The live source, when it differs from the latest release (not in production)."""


_Slot = tuple[str, dt.date | None, bool]
"""A link's target policy, the date of the linking version (None on a current page), and
whether it goes to a dated page."""


class LinkTargets:
    """The page and sections a link to a policy goes to, from a version of a given date."""

    def __init__(
        self,
        timelines: Mapping[str, PolicyTimeline],
        company_names: Mapping[str, str],
        today: dt.date,
    ) -> None:
        self._timelines = timelines
        self._company_names = company_names
        self._today = today
        self._dates = {
            key: [version.effective for version in timeline.versions]
            for key, timeline in timelines.items()
        }
        self._numbered: dict[str, NumberedText] = {}
        self._links: dict[_Slot, LinkTarget | None] = {}
        self._fingerprints: dict[_Slot, str] = {}

    def numbered(self, snapshot: Snapshot) -> NumberedText:
        """A released text with its sections numbered (computed once)."""
        if snapshot.sha256 not in self._numbered:
            self._numbered[snapshot.sha256] = number_expansion(
                snapshot_expansion(snapshot), snapshot.numbering, archived=True
            )
        return self._numbered[snapshot.sha256]

    def _version(self, key: str, on: dt.date | None) -> Version | None:
        """The target's version in force on ``on`` (a linking version's date), else on the
        build date, else, before its first version takes effect, that first version: the
        one its current page shows then."""
        versions = self._timelines[key].versions
        dates = self._dates[key]
        position = bisect.bisect_right(dates, on or self._today) - 1
        if position < 0 and on is not None:
            position = bisect.bisect_right(dates, self._today) - 1
        if position < 0 and versions and self._timelines[key].draft is None:
            position = 0
        return versions[position] if position >= 0 else None

    def is_draft(self, key: str, on: dt.date | None) -> bool:
        """True when links to ``key`` from a version of date ``on`` land on its draft."""
        timeline = self._timelines.get(key)
        return timeline is not None and self._version(key, on) is None

    def fingerprint(self, key: str, on: dt.date | None, via_dated_page: bool) -> str:
        """Everything a link to ``key`` shows, without numbering anything: the text it lands
        on (a snapshot's hash, or a draft's sections), its address, title and company."""
        slot = (key, on, via_dated_page)
        if slot not in self._fingerprints:
            self._fingerprints[slot] = self._fingerprint(key, on, via_dated_page)
        return self._fingerprints[slot]

    def _fingerprint(self, key: str, on: dt.date | None, via_dated_page: bool) -> str:
        timeline = self._timelines.get(key)
        if timeline is None:
            return "unknown"
        policy = timeline.policy
        company = self._company_names.get(policy.company, "")
        version = self._version(key, on)
        if version is None:
            if timeline.draft is None:
                return "unreleased"
            sections = json.dumps(
                [(s.id, s.title, s.level, s.depth, s.number) for s in timeline.draft.sections]
            )
            return "\0".join(("draft", urls.policy_page(key), policy.title, company, sections))
        dated = urls.version_page(key, version.effective) if via_dated_page else None
        uri = dated or urls.policy_page(key)
        return "\0".join(("version", uri, version.snapshot.title, company, version.snapshot.sha256))

    def link_target(self, key: str, on: dt.date | None, via_dated_page: bool) -> LinkTarget | None:
        """The page and sections a link to ``key`` from a version of date ``on`` goes to."""
        slot = (key, on, via_dated_page)
        if slot not in self._links:
            self._links[slot] = self._link_target(key, on, via_dated_page)
        return self._links[slot]

    def _link_target(self, key: str, on: dt.date | None, via_dated_page: bool) -> LinkTarget | None:
        timeline = self._timelines.get(key)
        if timeline is None:
            return None
        version = self._version(key, on)
        if version is None:
            if timeline.draft is None:
                return None
            sections = {s.id: s for s in timeline.draft.sections}
            return LinkTarget(urls.policy_page(key), timeline.policy.title, sections)
        page = urls.version_page(key, version.effective) if via_dated_page else None
        sections = {s.id: s for s in self.numbered(version.snapshot).sections}
        return LinkTarget(page or urls.policy_page(key), version.snapshot.title, sections)
