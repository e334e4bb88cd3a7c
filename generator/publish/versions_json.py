"""``versions.json`` per policy and one JSON document per version, for other tools.

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

Both layouts are described by JSON Schemas (draft 2020-12) shipped beside this
module (``schemas/``) and published with the files (``/schemas/``); each
document names its schema in ``$schema`` (absolute when the site URL is known,
else relative to the document), so other tools can validate what they read.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from generator.content.library import Library
from generator.model import Company
from generator.releases.timeline import Release, releases
from generator.site import urls
from generator.site.compose import PolicyPages

SCHEMA = 1
"""Version of the JSON layout; raised only when a field changes meaning or goes away."""

VERSIONS_SCHEMA = "versions.schema.json"
"""The JSON Schema of ``versions.json``."""
VERSION_TEXT_SCHEMA = "version-text.schema.json"
"""The JSON Schema of a version's ``<YYYY-MM-DD>.json``."""
SCHEMAS = (VERSIONS_SCHEMA, VERSION_TEXT_SCHEMA)


@dataclass(frozen=True)
class PublishedFile:
    """A file to publish as is, at ``path`` below the site root."""

    path: str
    content: bytes


def comparison_path(release: Release) -> str | None:
    """URL path of the page comparing a release with the previous one, if there is one."""
    if release.previous is None:
        return None
    return urls.page_url(urls.comparison_page(release.key, release.effective))


def versions_files(
    library: Library,
    policies: Mapping[str, PolicyPages],
    site_url: str,
    heads: Mapping[str, str | None] | None = None,
    *,
    pdf: bool = False,
) -> list[PublishedFile]:
    """``versions.json`` for every policy, a JSON document for every released version,
    and the JSON Schemas of both; with ``pdf``, each version names its PDF.

    A policy that was never released (only possible outside production) still
    gets its ``versions.json``, with an empty list, so its URL never breaks.
    """
    files = schema_files()
    for key in sorted(policies):
        pages = policies[key]
        company = library.companies[pages.policy.company]
        head = (heads or {}).get(key)
        document = versions_document(company, pages, site_url, head, pdf=pdf)
        files.append(PublishedFile(urls.versions_json(key), _dump(document)))
        for release in releases(pages.policy, pages.versions):
            files.append(
                PublishedFile(
                    urls.version_json(key, release.effective),
                    _dump(version_document(library, policies, release, site_url, pdf=pdf)),
                )
            )
    return files


def schema_files() -> list[PublishedFile]:
    """The JSON Schemas of the two layouts, published as the package ships them."""
    return [PublishedFile(urls.schema(name), schema_text(name)) for name in SCHEMAS]


def schema_text(name: str) -> bytes:
    """One of the JSON Schemas shipped in the package (``generator/publish/schemas/``)."""
    return resources.files("generator.publish").joinpath("schemas", name).read_bytes()


def _schema_reference(site_url: str, document_path: str, name: str) -> str:
    """The address a document gives its schema: absolute when the site URL is known,
    else relative to the document (as links in the feeds are)."""
    return urls.href_from_file(site_url, document_path, urls.schema(name))


def versions_document(
    company: Company,
    pages: PolicyPages,
    site_url: str,
    head: str | None = None,
    *,
    pdf: bool = False,
) -> dict[str, Any]:
    """The content of ``versions.json``: the policy and its releases, newest first.

    ``head`` is the hash of the newest record of the policy's archive: anyone who
    keeps it can later tell whether the archive's past was rewritten (see
    :mod:`generator.releases.ledger`).
    """
    policy = pages.policy
    current = next((v for v in pages.versions if v.state == "current"), None)
    path = urls.page_url(urls.policy_page(policy.key))
    return {
        "$schema": _schema_reference(site_url, urls.versions_json(policy.key), VERSIONS_SCHEMA),
        "schema": SCHEMA,
        "key": policy.key,
        "company": _company(company),
        "policy": policy.slug,
        "title": policy.title,
        "path": path,
        "url": urls.absolute_url(site_url, path),
        "draft": pages.draft is not None,
        "current": current.snapshot.effective.isoformat() if current else None,
        "versions": [
            _version_entry(release, site_url, pdf) for release in releases(policy, pages.versions)
        ][::-1],
        "record_head": head,
    }


def _company(company: Company) -> dict[str, str]:
    return {"slug": company.slug, "name": company.name, "legal_name": company.legal_name}


def _pdf(key: str, effective: dt.date, site_url: str, pdf: bool) -> dict[str, str | None]:
    """Where a version's PDF is: null fields when the site publishes none."""
    path = urls.version_pdf(key, effective) if pdf else None
    return {"pdf_path": path, "pdf_url": urls.absolute_url(site_url, path) if path else None}


def _version_entry(release: Release, site_url: str, pdf: bool) -> dict[str, Any]:
    version = release.version
    snapshot = version.snapshot
    path = urls.page_url(urls.version_page(release.key, release.effective))
    changes = comparison_path(release)
    document = urls.version_json(release.key, release.effective)
    return {
        "effective": snapshot.effective.isoformat(),
        "state": version.state,
        "in_force_from": snapshot.effective.isoformat(),
        # The day before the next version takes effect: a fact for an archived version,
        # the scheduled end of the current one while a later version is announced.
        "in_force_to": version.until.isoformat() if version.until else None,
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
        "url": urls.absolute_url(site_url, path),
        "changes_path": changes,
        "changes_url": urls.absolute_url(site_url, changes) if changes else None,
        "document_path": document,
        "document_url": urls.absolute_url(site_url, document),
        **_pdf(release.key, release.effective, site_url, pdf),
        "texts": _texts(release, site_url),
    }


def _texts(release: Release, site_url: str) -> list[dict[str, Any]]:
    """Every text released for the version, the first first: a correction is archived
    beside the text it corrects, and both stay published."""
    version = release.version
    entries = {change.sha256: change for change in release.changes if change.sha256}
    found = []
    for snapshot in version.texts:
        corrected = bool(version.revisions)
        page = (
            urls.revision_page(release.key, snapshot.effective, snapshot.revision)
            if corrected
            else urls.version_page(release.key, snapshot.effective)
        )
        changes = (
            urls.page_url(
                urls.revision_comparison_page(release.key, snapshot.effective, snapshot.revision)
            )
            if snapshot.revision > 1
            else None
        )
        entry = entries.get(snapshot.sha256)
        found.append(
            {
                "revision": snapshot.revision,
                "sha256": snapshot.sha256,
                "recorded": snapshot.recorded.isoformat() if snapshot.recorded else None,
                "summary": entry.summary if entry else snapshot.summary,
                "editorial": entry.editorial if entry else bool(snapshot.editorial),
                "path": urls.page_url(page),
                "url": urls.absolute_url(site_url, urls.page_url(page)),
                "changes_path": changes,
                "changes_url": urls.absolute_url(site_url, changes) if changes else None,
            }
        )
    return found


def version_document(
    library: Library,
    policies: Mapping[str, PolicyPages],
    release: Release,
    site_url: str,
    *,
    pdf: bool = False,
) -> dict[str, Any]:
    """The content of ``<date>.json``: one version's text, section by section."""
    version = release.version
    snapshot = version.snapshot
    pages = policies[snapshot.key]
    path = urls.page_url(urls.version_page(snapshot.key, snapshot.effective))
    # As on the dated page: cross-links show the target's version in force on this date.
    text = pages.texts[snapshot.effective]
    document_path = urls.version_json(snapshot.key, snapshot.effective)
    return {
        "$schema": _schema_reference(site_url, document_path, VERSION_TEXT_SCHEMA),
        "schema": SCHEMA,
        "key": snapshot.key,
        "company": _company(library.companies[snapshot.company]),
        "policy": snapshot.policy,
        "title": snapshot.title,
        "effective": snapshot.effective.isoformat(),
        "sha256": release.sha256,
        "numbering": snapshot.numbering,
        "path": path,
        "url": urls.absolute_url(site_url, path),
        **_pdf(snapshot.key, snapshot.effective, site_url, pdf),
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
