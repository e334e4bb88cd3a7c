"""Machine-readable versions: ``versions.json`` per policy and one JSON document per version.

For consent-log and compliance tooling that must record which text a person
saw, or which text was in force on a day, without scraping HTML:

- ``<company>/<policy>/versions.json`` lists every released version, newest
  first: effective date, state on the build date, dates in force, change-log
  summary, editorial flag, sections changed, the change-log entries of its
  day (more than one when it was corrected on that day), the SHA-256 of the
  archived snapshot, and where its page, comparison page and JSON document are.
- ``<company>/<policy>/<YYYY-MM-DD>.json`` holds one version's sections (id,
  number, title, level, plain text) with its title, company, date and hash.
  It never says whether the version is current, so a later version taking
  effect leaves it unchanged. (A cross-link to a policy that had no version
  in force on that date reads, as on the page, as that policy's current one.)

Paths are relative to the site root (no leading slash, so a site published
below a sub-path works); ``url`` fields are absolute when the site URL is
known and ``null`` otherwise. Output is deterministic: fixed key order,
``ensure_ascii=False``, two-space indent, trailing newline.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.content.library import Library
from generator.model import Change, Company, Policy
from generator.site.versions import PolicyPages, Version, comparison_uri, page_url

SCHEMA = 1
"""Version of the JSON layout; raised only when a field changes meaning or goes away."""


@dataclass(frozen=True)
class MachineFile:
    """A file to publish as is, at ``path`` below the site root."""

    path: str
    content: bytes


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
        """The entry holding the snapshot's hash: the latest release or correction."""
        return next((c for c in reversed(self.changes) if c.sha256), self.changes[-1])

    @property
    def sha256(self) -> str:
        """The hash the change log recorded for the snapshot file."""
        return self.recorded.sha256 or self.version.snapshot.sha256

    @property
    def summary(self) -> str:
        """What the version changed: the summary of the entry that released it."""
        return self.changes[0].summary

    @property
    def editorial(self) -> bool:
        """True when every change of the version is an editorial correction."""
        return all(change.editorial for change in self.changes)

    @property
    def corrected(self) -> bool:
        """True when an editorial correction replaced the version's first snapshot."""
        return len(self.changes) > 1 and self.recorded.editorial

    @property
    def sections(self) -> tuple[str, ...]:
        """Ids of the sections any of its entries touched, in order of mention."""
        return tuple(dict.fromkeys(s for change in self.changes for s in change.sections))


def policy_releases(pages: PolicyPages) -> list[Release]:
    """Every released version of a policy with its change-log entries, oldest first.

    A release is a change-log entry with a sha256 whose snapshot exists; the
    other entries of its day (the release a correction replaced) belong to
    the same version. Entries of days without a snapshot (an imported history
    whose text was never archived) belong to no version. Should a snapshot
    lack its entry (the build's integrity check makes that an error), the
    snapshot's own summary stands in, so every version page has its release.
    """
    by_date: dict[dt.date, list[Change]] = {}
    for change in reversed(pages.policy.changes):  # the change log is newest first
        by_date.setdefault(change.date, []).append(change)
    releases = []
    previous: Version | None = None
    for version in pages.versions:
        snapshot = version.snapshot
        changes = by_date.get(snapshot.effective) or [
            Change(snapshot.effective, snapshot.summary, sha256=snapshot.sha256)
        ]
        releases.append(Release(version, tuple(changes), previous))
        previous = version
    return releases


def absolute_url(site_url: str, path: str) -> str | None:
    """``path`` (relative to the site root) below ``site_url``; None without a site URL."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + path


def versions_path(policy: Policy) -> str:
    """Where a policy's list of versions is published."""
    return f"{policy.company}/{policy.slug}/versions.json"


def version_document_path(version: Version) -> str:
    """Where one version's sections are published, next to its dated page."""
    snapshot = version.snapshot
    return f"{snapshot.company}/{snapshot.policy}/{snapshot.effective.isoformat()}.json"


def comparison_path(release: Release) -> str | None:
    """URL path of the page comparing a release with the previous one, if there is one."""
    return page_url(comparison_uri(release.version)) if release.previous else None


def build_machine_files(
    library: Library, policies: Mapping[str, PolicyPages], site_url: str
) -> list[MachineFile]:
    """``versions.json`` for every policy and a JSON document for every released version.

    A policy that was never released (only possible outside production) still
    gets its ``versions.json``, with an empty list, so its URL never breaks.
    """
    files: list[MachineFile] = []
    for key in sorted(policies):
        pages = policies[key]
        releases = policy_releases(pages)
        document = versions_document(library.companies[pages.policy.company], pages, site_url)
        files.append(MachineFile(versions_path(pages.policy), _dump(document)))
        for release in releases:
            files.append(
                MachineFile(
                    version_document_path(release.version),
                    _dump(version_document(library, policies, release, site_url)),
                )
            )
    return files


def versions_document(company: Company, pages: PolicyPages, site_url: str) -> dict[str, Any]:
    """The content of ``versions.json``: the policy and its releases, newest first."""
    policy = pages.policy
    current = next((v for v in pages.versions if v.state == "current"), None)
    path = page_url(policy.src_uri)
    return {
        "schema": SCHEMA,
        "key": policy.key,
        "company": _company(company),
        "policy": policy.slug,
        "title": policy.title,
        "path": path,
        "url": absolute_url(site_url, path),
        "draft": pages.draft is not None,
        "current": current.snapshot.effective.isoformat() if current else None,
        "versions": [_version_entry(release, site_url) for release in policy_releases(pages)][::-1],
    }


def _company(company: Company) -> dict[str, str]:
    return {"slug": company.slug, "name": company.name, "legal_name": company.legal_name}


def _version_entry(release: Release, site_url: str) -> dict[str, Any]:
    version = release.version
    snapshot = version.snapshot
    path = page_url(version.src_uri)
    changes = comparison_path(release)
    document = version_document_path(version)
    return {
        "effective": snapshot.effective.isoformat(),
        "state": version.state,
        "in_force_from": snapshot.effective.isoformat(),
        # An end date is a fact once a later version is in force; until then the
        # scheduled end is the upcoming version's in_force_from, not repeated here.
        "in_force_to": version.until.isoformat()
        if version.until and version.state == "archived"
        else None,
        "title": snapshot.title,
        "summary": release.summary,
        "editorial": release.editorial,
        "sections_changed": list(release.sections),
        "change_log": [
            {
                "summary": change.summary,
                "editorial": change.editorial,
                "sections_changed": list(change.sections),
            }
            for change in release.changes
        ],
        "sha256": release.sha256,
        "path": path,
        "url": absolute_url(site_url, path),
        "changes_path": changes,
        "changes_url": absolute_url(site_url, changes) if changes else None,
        "document_path": document,
        "document_url": absolute_url(site_url, document),
    }


def version_document(
    library: Library,
    policies: Mapping[str, PolicyPages],
    release: Release,
    site_url: str,
) -> dict[str, Any]:
    """The content of ``<date>.json``: one version's text, section by section."""
    version = release.version
    snapshot = version.snapshot
    pages = policies[snapshot.key]
    path = page_url(version.src_uri)
    # As on the dated page: cross-links show the target's version in force on this date.
    text = pages.texts[snapshot.effective]
    return {
        "schema": SCHEMA,
        "key": snapshot.key,
        "company": _company(library.companies[snapshot.company]),
        "policy": snapshot.policy,
        "title": snapshot.title,
        "effective": snapshot.effective.isoformat(),
        "sha256": release.sha256,
        "numbering": snapshot.numbering,
        "path": path,
        "url": absolute_url(site_url, path),
        "preamble": text.preamble,
        "sections": [
            {
                "id": section.id,
                "number": section.number,
                "title": section.title,
                "level": section.level,
                "text": section.text,
            }
            for section in text.sections
        ],
    }


def _dump(document: Mapping[str, Any]) -> bytes:
    """Deterministic JSON: the documents' own key order, readable, UTF-8, final newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
