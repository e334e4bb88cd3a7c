"""A policy's released versions over time: which one is in force on a day.

A :class:`Version` is a snapshot with the dates it is in force and its state on
the build date; a :class:`Release` is a version with the change-log entries of
its day. Both are plain data: where a version is published is the site's
business (:mod:`generator.site.urls`).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from generator.model import Change, Policy, Snapshot

VersionState = Literal["current", "archived", "upcoming"]


@dataclass(frozen=True)
class Version:
    """A released version and its place in time."""

    snapshot: Snapshot
    """Its text: the latest revision (a correction replaces the one before on the page,
    never in the archive)."""
    until: dt.date | None
    """Last day in force; None while no later version has taken effect."""
    state: VersionState
    revisions: tuple[Snapshot, ...] = ()
    """Every text released for its date, the first release first; empty when there is
    only the one."""

    @property
    def texts(self) -> tuple[Snapshot, ...]:
        """Every text released for its date, oldest first (at least the one)."""
        return self.revisions or (self.snapshot,)

    @property
    def key(self) -> str:
        return self.snapshot.key

    @property
    def effective(self) -> dt.date:
        return self.snapshot.effective


def timeline(snapshots: Sequence[Snapshot], today: dt.date) -> list[Version]:
    """Each released date with its dates in force and its state on ``today``.

    ``snapshots`` are in date order, the revisions of a date in their order.
    """
    by_date: dict[dt.date, list[Snapshot]] = {}
    for snapshot in snapshots:
        by_date.setdefault(snapshot.effective, []).append(snapshot)
    dates = list(by_date)
    current = bisect.bisect_right(dates, today) - 1
    versions = []
    for index, texts in enumerate(by_date.values()):
        until = dates[index + 1] - dt.timedelta(days=1) if index + 1 < len(dates) else None
        state: VersionState = (
            "current" if index == current else "upcoming" if index > current else "archived"
        )
        revisions = tuple(texts) if len(texts) > 1 else ()
        versions.append(Version(texts[-1], until, state, revisions))
    return versions


def in_force(versions: Sequence[Version], on: dt.date) -> Version | None:
    """The version in force on a day, if any had taken effect."""
    position = bisect.bisect_right([v.snapshot.effective for v in versions], on) - 1
    return versions[position] if position >= 0 else None


@dataclass(frozen=True)
class Release:
    """A released version with the change-log entries of its day.

    Usually one entry. An editorial correction (``release --editorial``)
    replaces the snapshot of the latest release's day and adds its own entry,
    which takes over the hash: the version then has the entry that released it
    and the corrections made to it, and is only as editorial as all of them
    (a material change corrected on its day is still a material change).
    """

    version: Version
    changes: tuple[Change, ...]
    """Change-log entries dated on its effective date, oldest first."""
    previous: Version | None
    """The version it replaced, which its comparison page compares it with."""

    @property
    def key(self) -> str:
        return self.version.snapshot.key

    @property
    def effective(self) -> dt.date:
        return self.version.snapshot.effective

    @property
    def recorded(self) -> Change:
        """The entry holding the shown text's hash: the latest release or correction."""
        digest = self.version.snapshot.sha256
        return next((c for c in self.changes if c.sha256 == digest), self.changes[-1])

    @property
    def sha256(self) -> str:
        """The hash of the text shown for the version (its latest revision)."""
        return self.version.snapshot.sha256

    @property
    def first_sha256(self) -> str:
        """The hash of the text first released for the version: it names the release for
        good, whatever corrections follow."""
        return self.version.texts[0].sha256

    @property
    def summary(self) -> str:
        """What the version changed: the summary of the entry that released it."""
        return self.changes[0].summary

    @property
    def editorial(self) -> bool:
        """True when every change of the version is an editorial correction."""
        return all(change.editorial for change in self.changes)

    @property
    def sections(self) -> tuple[str, ...]:
        """Ids of the sections any of its entries touched, in order of mention."""
        return tuple(dict.fromkeys(s for change in self.changes for s in change.sections))


def releases(policy: Policy, versions: Sequence[Version]) -> list[Release]:
    """Every released version of a policy with its change-log entries, oldest first.

    A release is a change-log entry with a sha256 whose snapshot exists; the
    other entries of its day (the release a correction replaced) belong to
    the same version. Entries of days without a snapshot (an imported history
    whose text was never archived) belong to no version. Should a snapshot
    lack its entry (the build's integrity check makes that an error), the
    snapshot's own summary stands in, so every version page has its release.
    """
    by_date: dict[dt.date, list[Change]] = {}
    for change in reversed(policy.changes):  # the change log is newest first
        by_date.setdefault(change.date, []).append(change)
    found = []
    previous: Version | None = None
    for version in versions:
        snapshot = version.snapshot
        changes = by_date.get(snapshot.effective) or [
            Change(snapshot.effective, snapshot.summary, sha256=snapshot.sha256)
        ]
        found.append(Release(version, tuple(changes), previous))
        previous = version
    return found
