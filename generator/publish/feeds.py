"""Atom feeds (RFC 4287) of releases: for the whole site, each company and each policy.

Published at ``feed.xml``, ``<company>/feed.xml`` and ``<company>/<policy>/feed.xml``,
one entry per release (see :func:`generator.releases.timeline.releases`), newest first.

Choices, and why:

- **Reproducible.** Nothing reads the clock: an entry's ``updated`` (and
  ``published``) is its effective date at midnight UTC, the feed's ``updated``
  is its newest entry's. Ties (several policies released on one day) are
  ordered by policy key. The same sources give the same bytes.
- **Ids that never change.** An entry's id is a name-based (version 5) UUID of
  ``<company>/<policy>/<date>/<sha256>`` of the text it announced: independent of
  the site URL (a moved domain or a build without ``site_url`` keeps them), the
  same in the site, company and policy feeds (readers show the release once).
  A feed's id is its absolute URL when the site URL is known, else a UUID of site
  name and path.
- **Corrections.** A correction (``release --editorial``) is archived beside the
  text it corrects, and announced by an entry of its own, dated the day it was
  released, titled "(editorial correction)", linking the corrected text and what
  the correction changed; the version's entry keeps its id. In archives older
  than that, a correction replaced the text of its day: the version's summary is
  the change that released it followed by the correction ("Editorial correction:
  ..."), and its title ends "(editorial correction)". The category ``editorial``
  marks only an entry with nothing material in it, so filtering on it never hides
  a material change.
- **Without a site URL, relative links.** RFC 4287 makes ``atom:link/@href``
  an IRI *reference* (section 4.2.7.1), resolved against ``xml:base`` or the
  feed's own address (section 2, RFC 3986 section 5.1), so hrefs relative to
  the feed file are valid Atom; only ``atom:id`` must be absolute (section
  4.2.6), hence the UUIDs. Many feed readers resolve relative links poorly:
  set MkDocs' ``site_url`` for a published site.
- **Upcoming releases are included**, dated with their future effective date
  and a summary that starts "Takes effect on ...": they are published (their
  pages are online), and advance warning of a change is the reason to
  subscribe. The archive records no instant of release, only the effective
  date, and that date is the one that never changes, so the entry is not
  re-announced by later builds; a future date also keeps the announcement at
  the top of a reader's list. Once in force, later builds drop the prefix
  (same id and dates).
- **Only feeds with entries are written**: an empty feed would need an
  invented ``updated``. In production every policy has a release; in a
  preview, a never-released policy has no feed and its pages advertise none.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from lxml import etree  # type: ignore[import-untyped]

from generator.content.library import Library
from generator.model import Company, Snapshot
from generator.publish.versions_json import PublishedFile, comparison_path
from generator.releases.timeline import Release, releases
from generator.site import urls
from generator.site.compose import PolicyPages
from generator.site.templates import format_date

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml"

_ENTRY_NAMESPACE = uuid.UUID("27af8151-af6c-4fa9-ae8f-97b50e31eafa")
"""Fixed namespace of the entry and feed UUIDs: changing it would re-announce every release."""
_ATOM = f"{{{ATOM_NAMESPACE}}}"


class FeedLink(NamedTuple):
    """A feed a page advertises: its path below the site root and its title."""

    path: str
    title: str


@dataclass(frozen=True)
class _Feed:
    """One feed before serialisation: what it covers and which page it belongs to."""

    path: str
    title: str
    page_uri: str
    """Source path of the HTML page the feed is the alternate of."""
    author: str
    releases: tuple[Release, ...]


def _feeds(
    library: Library, policies: Mapping[str, PolicyPages], site_name: str
) -> dict[str, _Feed]:
    """Every feed that has at least one entry, by path."""
    by_policy = {
        key: tuple(releases(pages.policy, pages.versions))
        for key, pages in sorted(policies.items())
    }
    feeds: list[_Feed] = [
        _Feed(
            urls.SITE_FEED,
            f"{site_name}: policy changes" if site_name else "Policy changes",
            urls.HOME_PAGE,
            site_name or "Policies",
            tuple(release for releases in by_policy.values() for release in releases),
        )
    ]
    by_company: dict[str, list[Release]] = {}
    for key, found in by_policy.items():
        by_company.setdefault(policies[key].policy.company, []).extend(found)
    for slug, company in library.companies.items():
        feeds.append(
            _Feed(
                urls.company_feed(slug),
                f"{company.name}: policy changes",
                urls.company_page(slug),
                company.name,
                tuple(by_company.get(slug, ())),
            )
        )
        for policy in library.company_policies(slug):
            if policy.key in by_policy:
                feeds.append(
                    _Feed(
                        urls.policy_feed(policy.key),
                        f"{company.name} {policy.title}: changes",
                        urls.policy_page(policy.key),
                        company.name,
                        by_policy[policy.key],
                    )
                )
    return {feed.path: feed for feed in feeds if feed.releases}


def build_feeds(
    library: Library, policies: Mapping[str, PolicyPages], site_url: str, site_name: str
) -> list[PublishedFile]:
    """The Atom feeds of the site, its companies and its policies (only those with entries).

    ``site_url`` (MkDocs' ``site_url``, e.g. ``https://policies.example.org/``)
    makes links and feed ids absolute; when empty, links are relative to each
    feed file. ``site_name`` titles the site-wide feed.
    """
    return [
        PublishedFile(feed.path, _serialise(library, feed, site_url, site_name, policies))
        for feed in _feeds(library, policies, site_name).values()
    ]


def feed_links(
    library: Library, policies: Mapping[str, PolicyPages], site_name: str
) -> dict[str, list[FeedLink]]:
    """For each page's source path, the feeds it advertises, most specific first.

    The home page advertises the site feed; a company page its company's feed
    and the site feed; a policy page, its dated versions, comparisons and
    history page the policy's feed and its company's. Feeds that are not
    written (no release yet) are left out, so no page links to a missing file.
    """
    feeds = _feeds(library, policies, site_name)

    def existing(*paths: str) -> list[FeedLink]:
        return [FeedLink(path, feeds[path].title) for path in paths if path in feeds]

    links: dict[str, list[FeedLink]] = {urls.HOME_PAGE: existing(urls.SITE_FEED)}
    for slug in library.companies:
        links[urls.company_page(slug)] = existing(urls.company_feed(slug), urls.SITE_FEED)
    for key in sorted(policies):
        pages = policies[key]
        advertised = existing(urls.policy_feed(key), urls.company_feed(pages.policy.company))
        for page in pages.pages:
            links[page.src_uri] = list(advertised)
    return links


def head_links(src_uri: str, links: Sequence[FeedLink]) -> str:
    """The ``<link rel="alternate feed">`` tags for a page's ``<head>``, with relative hrefs.

    Feed readers look for the ``alternate`` token with the Atom type. The extra
    ``feed`` token keeps Material from taking the links for language versions of
    the site (it fetches a ``sitemap.xml`` beside every ``link[rel=alternate]``).

    Relative to the page's directory URL, so they work wherever the site is served.
    """
    return "".join(
        f'<link rel="alternate feed" type="{ATOM_TYPE}" '
        f'title="{html.escape(link.title)}" '
        f'href="{html.escape(urls.file_href(src_uri, link.path))}">\n'
        for link in links
    )


def entry_id(release: Release, text: Snapshot | None = None) -> str:
    """The permanent id of a release's entry (or of a correction's), in every feed that
    lists it: named by the text it announced, so a correction never renames it."""
    digest = text.sha256 if text is not None else release.first_sha256
    name = f"{release.key}/{release.effective.isoformat()}/{digest}"
    return uuid.uuid5(_ENTRY_NAMESPACE, name).urn


@dataclass(frozen=True)
class _Item:
    """An entry of a feed: a release, or a correction of one (``text``, its revision)."""

    release: Release
    text: Snapshot | None = None

    @property
    def day(self) -> dt.date:
        """When it is news: a version's effective date, a correction's release day."""
        if self.text is not None and self.text.recorded is not None:
            return self.text.recorded
        return self.release.effective


def _items(releases: Sequence[Release]) -> list[_Item]:
    """Every release and correction, newest first; on one day, by policy key."""
    found = [_Item(release) for release in releases]
    found += [_Item(r, text) for r in releases for text in r.version.revisions[1:]]
    by_key = sorted(found, key=lambda item: (item.release.key, item.text is not None))
    return sorted(by_key, key=lambda item: item.day, reverse=True)


def _feed_id(path: str, site_url: str, site_name: str) -> str:
    url = urls.absolute_url(site_url, path)
    return url or uuid.uuid5(_ENTRY_NAMESPACE, f"feed:{site_name}:{path}").urn


def _timestamp(day: dt.date) -> str:
    """Midnight UTC of a day, as an RFC 3339 date-time."""
    return f"{day.isoformat()}T00:00:00Z"


def _serialise(
    library: Library,
    feed: _Feed,
    site_url: str,
    site_name: str,
    policies: Mapping[str, PolicyPages],
) -> bytes:
    entries = _items(feed.releases)
    root = etree.Element(_ATOM + "feed", nsmap={None: ATOM_NAMESPACE})
    _text(root, "id", _feed_id(feed.path, site_url, site_name))
    _text(root, "title", feed.title)
    _text(root, "updated", _timestamp(entries[0].day))
    _link(root, "self", urls.href_from_file(site_url, feed.path, feed.path), ATOM_TYPE)
    _link(
        root,
        "alternate",
        urls.href_from_file(site_url, feed.path, urls.page_url(feed.page_uri)),
        "text/html",
    )
    author = etree.SubElement(root, _ATOM + "author")
    _text(author, "name", feed.author)
    _text(root, "generator", "policy-site")
    for item in entries:
        company = library.companies[policies[item.release.key].policy.company]
        if item.text is None:
            _entry(root, item.release, company, site_url, feed.path)
        else:
            _correction_entry(root, item.release, item.text, company, (site_url, feed.path))
    document: bytes = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
    return document


def _entry(root: Any, release: Release, company: Company, site_url: str, feed_path: str) -> None:
    snapshot = release.version.snapshot
    effective = format_date(snapshot.effective)
    version_page = urls.version_page(release.key, release.effective)
    version_href = urls.href_from_file(site_url, feed_path, urls.page_url(version_page))
    changes = comparison_path(release)
    changes_href = urls.href_from_file(site_url, feed_path, changes) if changes else None

    entry = etree.SubElement(root, _ATOM + "entry")
    _text(entry, "id", entry_id(release))
    title = f"{company.name} {snapshot.title}, {effective}"
    # In archives older than separate corrections, a correction replaced the text of its
    # day and took over the entry: say so, it is why the entry is new.
    corrected = not release.version.revisions and release.recorded.editorial
    _text(entry, "title", title + (" (editorial correction)" if corrected else ""))
    _text(entry, "updated", _timestamp(snapshot.effective))
    _text(entry, "published", _timestamp(snapshot.effective))
    author = etree.SubElement(entry, _ATOM + "author")
    _text(author, "name", company.name)
    _link(entry, "alternate", version_href, "text/html", f"Version of {effective}")
    if changes_href:
        _link(entry, "related", changes_href, "text/html", "What changed")
    category = etree.SubElement(entry, _ATOM + "category")
    category.set("term", release.key)
    category.set("label", f"{company.name} {snapshot.title}")
    if release.editorial:
        # Only when nothing in the version is material: readers may filter on it.
        editorial = etree.SubElement(entry, _ATOM + "category")
        editorial.set("term", "editorial")
        editorial.set("label", "Editorial correction")
    summary = entry_summary(release)
    if release.version.state == "upcoming":
        summary = f"Takes effect on {effective}. {summary}"
    _text(entry, "summary", summary)
    _text(entry, "content", _content_html(summary, version_href, changes_href)).set("type", "html")


def _correction_entry(
    root: Any, release: Release, text: Snapshot, company: Company, where: tuple[str, str]
) -> None:
    """A correction of a version: its own entry, since the text it replaced stays online."""
    site_url, feed_path = where
    effective = format_date(text.effective)
    page = urls.revision_page(release.key, text.effective, text.revision)
    href = urls.href_from_file(site_url, feed_path, urls.page_url(page))
    comparison = urls.revision_comparison_page(release.key, text.effective, text.revision)
    changes_href = urls.href_from_file(site_url, feed_path, urls.page_url(comparison))
    entry = etree.SubElement(root, _ATOM + "entry")
    _text(entry, "id", entry_id(release, text))
    _text(entry, "title", f"{company.name} {text.title}, {effective} (editorial correction)")
    day = _Item(release, text).day
    _text(entry, "updated", _timestamp(day))
    _text(entry, "published", _timestamp(day))
    author = etree.SubElement(entry, _ATOM + "author")
    _text(author, "name", company.name)
    _link(entry, "alternate", href, "text/html", f"Corrected text of {effective}")
    _link(entry, "related", changes_href, "text/html", "What the correction changed")
    category = etree.SubElement(entry, _ATOM + "category")
    category.set("term", release.key)
    category.set("label", f"{company.name} {text.title}")
    editorial = etree.SubElement(entry, _ATOM + "category")
    editorial.set("term", "editorial")
    editorial.set("label", "Editorial correction")
    logged = next((c for c in release.changes if c.sha256 == text.sha256), None)
    said = _sentence(logged.summary if logged else text.summary)
    summary = f"Correction of the version of {effective}: {said}"
    _text(entry, "summary", summary)
    _text(entry, "content", _content_html(summary, href, changes_href)).set("type", "html")


def _sentence(text: str) -> str:
    sentence = text.strip()
    return sentence + "." if sentence and sentence[-1] not in ".!?…" else sentence


def entry_summary(release: Release) -> str:
    """The version's change-log entries of its day as one text, corrections marked.

    Corrections archived beside the text (revision 2 and up) have entries of their own.
    """
    corrections = {text.sha256 for text in release.version.revisions[1:]}
    sentences = []
    for index, change in enumerate(c for c in release.changes if c.sha256 not in corrections):
        sentence = _sentence(change.summary)
        if index and change.editorial:
            sentence = f"Editorial correction: {sentence}"
        sentences.append(sentence)
    return " ".join(sentences)


def _content_html(summary: str, version_href: str, changes_href: str | None) -> str:
    """The entry as a reader shows it: the summary and links to the version and its changes."""
    links = f'<a href="{html.escape(version_href)}">Read this version</a>'
    if changes_href:
        links += f' · <a href="{html.escape(changes_href)}">see what changed</a>'
    return f"<p>{html.escape(summary)}</p><p>{links}</p>"


def _text(parent: Any, name: str, value: str) -> Any:
    element = etree.SubElement(parent, _ATOM + name)
    element.text = value
    return element


def _link(parent: Any, rel: str, href: str, media_type: str, title: str | None = None) -> None:
    link = etree.SubElement(parent, _ATOM + "link")
    link.set("rel", rel)
    link.set("type", media_type)
    link.set("href", href)
    if title:
        link.set("title", title)
