"""Atom feeds of releases: structure, entries, order, ids, links, and which pages advertise them.

Every feed is checked for validity with :func:`tests.atom.atom_problems`: a subset of
RFC 4287 Appendix B as a RELAX NG schema, and the rules the RFC states in prose.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import etree, html

from generator.publish.feeds import FeedLink, build_feeds, feed_links, head_links
from generator.publish.versions_json import PublishedFile as FeedFile
from generator.site.urls import page_url
from tests.atom import ATOM, NS, atom_problems, text
from tests.sites import (
    SITE_URL,
    TODAY,
    Built,
    release_editorial_only,
    release_history,
    versions_of,
)

SITE_NAME = "Fixture policies"


def feeds_of(built: Built, site_url: str = SITE_URL) -> dict[str, FeedFile]:
    library, policies = built
    return {feed.path: feed for feed in build_feeds(library, policies, site_url, SITE_NAME)}


def parse(feed: FeedFile) -> etree._Element:
    return etree.fromstring(feed.content)


def entries(feed: FeedFile) -> list[etree._Element]:
    return list(parse(feed).iterfind("a:entry", NS))


def entry_key(entry: etree._Element) -> tuple[str, str]:
    """(policy key, effective date) of an entry."""
    return str(entry.find("a:category", NS).get("term")), text(entry, "a:updated")[:10]


FEED_PATHS = {
    "feed.xml",
    "acme/feed.xml",
    "acme/privacy/feed.xml",
    "acme/cookies/feed.xml",
    "globex/feed.xml",
    "globex/privacy/feed.xml",
}


def test_a_feed_for_the_site_each_company_and_each_policy(built: Built) -> None:
    feeds = feeds_of(built)
    assert set(feeds) == FEED_PATHS
    assert {path: text(parse(feed), "a:title") for path, feed in feeds.items()} == {
        "feed.xml": "Fixture policies: policy changes",
        "acme/feed.xml": "Acme: policy changes",
        "acme/privacy/feed.xml": "Acme Privacy Policy: changes",
        "acme/cookies/feed.xml": "Acme Cookie Policy: changes",
        "globex/feed.xml": "Globex: policy changes",
        "globex/privacy/feed.xml": "Globex Privacy Policy: changes",
    }


@pytest.mark.parametrize("site_url", [SITE_URL, ""], ids=["absolute", "relative"])
@pytest.mark.parametrize("path", sorted(FEED_PATHS))
def test_every_feed_is_valid_atom(built: Built, site_url: str, path: str) -> None:
    feed = feeds_of(built, site_url)[path]
    assert feed.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<feed ")
    assert atom_problems(feed.content) == []


@pytest.mark.parametrize(
    ("pattern", "replacement", "problem"),
    [
        pytest.param(r"<id>[^<]*</id>", "", "Expecting an element id", id="no-feed-id"),
        pytest.param(r"<title>[^<]*</title>", "", "Expecting an element title", id="no-title"),
        pytest.param(r"T00:00:00Z</updated>", "</updated>", "updated", id="date-only"),
        pytest.param(r'rel="self"', 'rel="via"', "rel=self", id="no-self-link"),
        pytest.param(r"urn:uuid:", "uuid-", "absolute IRI", id="relative-entry-id"),
        pytest.param(r"<author>.*?</author>", "", "without author", id="no-author"),
        pytest.param(
            r'<link rel="alternate"[^>]*/>', "", "neither content nor", id="no-entry-link"
        ),
    ],
)
def test_the_validity_check_rejects_broken_feeds(
    built: Built, pattern: str, replacement: str, problem: str
) -> None:
    # Guards the guard: a check that passes everything would prove nothing above.
    content = feeds_of(built)["acme/privacy/feed.xml"].content.decode()
    if problem == "neither content nor":
        content = re.sub(r"<content.*?</content>", "", content, flags=re.DOTALL)
    broken = re.sub(pattern, replacement, content, flags=re.DOTALL)
    assert broken != content
    problems = atom_problems(broken.encode())
    assert any(problem in message for message in problems), problems


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(
            "feed.xml",
            [
                ("acme/privacy", "2026-01-01"),
                ("acme/privacy", "2025-01-01"),
                ("acme/privacy", "2025-01-01"),  # its correction, an entry of its own
                ("globex/privacy", "2025-01-01"),
                ("acme/cookies", "2024-04-01"),
                ("acme/privacy", "2024-04-01"),
                ("globex/privacy", "2024-04-01"),
            ],
            id="site",
        ),
        pytest.param(
            "acme/feed.xml",
            [
                ("acme/privacy", "2026-01-01"),
                ("acme/privacy", "2025-01-01"),
                ("acme/privacy", "2025-01-01"),
                ("acme/cookies", "2024-04-01"),
                ("acme/privacy", "2024-04-01"),
            ],
            id="company",
        ),
        pytest.param(
            "acme/privacy/feed.xml",
            [
                ("acme/privacy", "2026-01-01"),
                ("acme/privacy", "2025-01-01"),
                ("acme/privacy", "2025-01-01"),
                ("acme/privacy", "2024-04-01"),
            ],
            id="policy-with-editorial-and-upcoming",
        ),
        pytest.param("acme/cookies/feed.xml", [("acme/cookies", "2024-04-01")], id="one-release"),
        pytest.param(
            "globex/feed.xml",
            [("globex/privacy", "2025-01-01"), ("globex/privacy", "2024-04-01")],
            id="other-company",
        ),
    ],
)
def test_one_entry_per_release_newest_first_ties_by_policy(
    built: Built,
    path: str,
    expected: list[tuple[str, str]],
) -> None:
    feed = feeds_of(built)[path]
    assert [entry_key(entry) for entry in entries(feed)] == expected
    # The feed is as new as its newest entry: the effective date, never the clock.
    assert text(parse(feed), "a:updated") == f"{expected[0][1]}T00:00:00Z"
    for entry in entries(feed):
        day = entry_key(entry)[1]
        assert text(entry, "a:updated") == text(entry, "a:published") == f"{day}T00:00:00Z"


def test_an_entry_has_summary_and_links_to_its_version_and_comparison(
    built: Built,
) -> None:
    _, policies = built
    newest, middle, correction, first = entries(feeds_of(built)["acme/privacy/feed.xml"])
    base = SITE_URL + "acme/privacy/"

    def links(entry: etree._Element) -> list[tuple[str | None, str | None, str | None]]:
        return [(a.get("rel"), a.get("type"), a.get("href")) for a in entry.iterfind("a:link", NS)]

    assert text(first, "a:title") == "Acme Privacy Policy, 1 April 2024"
    assert text(first, "a:summary") == "Shorter retention period."
    assert links(first) == [("alternate", "text/html", base + "2024-04-01/")]
    assert links(middle) == [
        ("alternate", "text/html", base + "2025-01-01/"),
        ("related", "text/html", base + "2025-01-01/changes/"),
    ]
    content = html.fragment_fromstring(text(middle, "a:content"), create_parent="div")
    assert content.xpath("//a/@href") == [base + "2025-01-01/", base + "2025-01-01/changes/"]
    assert "Wording of the retention clause." in content.text_content()
    assert links(correction) == [
        ("alternate", "text/html", base + "2025-01-01/revision-2/"),
        ("related", "text/html", base + "2025-01-01/revision-2/changes/"),
    ]
    assert text(first, "a:author/a:name") == "Acme"
    # Every link lands on a page the site publishes.
    published = {
        SITE_URL + page_url(page.src_uri) for pages in policies.values() for page in pages.pages
    }
    for entry in (newest, middle, correction, first):
        assert {href for _, _, href in links(entry)} <= published


def test_a_correction_is_announced_with_the_change_it_corrects(built: Built) -> None:
    feeds = feeds_of(built)
    version, corrected = entries(feeds["acme/privacy/feed.xml"])[1:3]
    # The version keeps its entry: the material change it released.
    assert text(version, "a:title") == "Acme Privacy Policy, 1 January 2025"
    assert text(version, "a:summary") == "Wording of the retention clause."
    assert [c.get("term") for c in version.iterfind("a:category", NS)] == ["acme/privacy"]
    # The correction, archived beside it, is news of its own.
    assert (
        text(corrected, "a:title") == "Acme Privacy Policy, 1 January 2025 (editorial correction)"
    )
    assert text(corrected, "a:summary") == (
        "Correction of the version of 1 January 2025: Clearer opening sentence."
    )
    assert [c.get("term") for c in corrected.iterfind("a:category", NS)] == [
        "acme/privacy",
        "editorial",
    ]
    plain = entries(feeds["globex/privacy/feed.xml"])[0]
    assert text(plain, "a:summary") == "Wording of the retention clause."
    assert text(plain, "a:title") == "Globex Privacy Policy, 1 January 2025"


def test_a_version_with_only_editorial_changes_is_categorised_editorial(site: Path) -> None:
    release_editorial_only(site)
    newest, first = entries(feeds_of(versions_of(site, production=False))["acme/cookies/feed.xml"])
    assert text(newest, "a:title") == "Acme Cookie Policy, 1 May 2024 (editorial correction)"
    assert text(newest, "a:summary") == "Spelling."
    assert [c.get("term") for c in newest.iterfind("a:category", NS)] == [
        "acme/cookies",
        "editorial",
    ]
    assert [c.get("term") for c in first.iterfind("a:category", NS)] == ["acme/cookies"]


def test_an_editorial_correction_gets_an_entry_of_its_own_so_subscribers_see_it(
    site: Path,
) -> None:
    release_history(site, until=5)  # up to the release the correction corrects
    before = [
        text(e, "a:id") for e in entries(feeds_of(versions_of(site))["acme/privacy/feed.xml"])
    ]
    release_history(site, start=5, until=6)  # the correction
    after = [text(e, "a:id") for e in entries(feeds_of(versions_of(site))["acme/privacy/feed.xml"])]
    # Every entry keeps its id (the version's is named by the text first released), and
    # the correction adds one.
    assert set(before) < set(after) and len(after) == len(before) + 1


def test_an_upcoming_release_is_announced_with_its_date(history_site: Path) -> None:
    before = entries(feeds_of(versions_of(history_site, TODAY))["acme/privacy/feed.xml"])[0]
    on_the_day = entries(
        feeds_of(versions_of(history_site, dt.date(2026, 1, 1)))["acme/privacy/feed.xml"]
    )[0]
    assert text(before, "a:summary") == (
        "Takes effect on 1 January 2026. Données des enfants : new section."
    )
    assert text(on_the_day, "a:summary") == "Données des enfants : new section."
    # Taking effect changes the wording, never the entry's identity, title or date.
    for part in ("a:id", "a:title", "a:updated", "a:published"):
        assert text(before, part) == text(on_the_day, part)
    assert text(before, "a:title") == "Acme Privacy Policy, 1 January 2026"
    assert text(before, "a:updated") == "2026-01-01T00:00:00Z"


def test_builds_are_byte_identical_and_ids_do_not_depend_on_the_site_url(
    history_site: Path,
) -> None:
    first = feeds_of(versions_of(history_site))
    second = feeds_of(versions_of(history_site))
    assert {p: f.content for p, f in first.items()} == {p: f.content for p, f in second.items()}
    relative = feeds_of(versions_of(history_site), site_url="")
    for path in FEED_PATHS:
        assert [text(e, "a:id") for e in entries(first[path])] == [
            text(e, "a:id") for e in entries(relative[path])
        ]
    ids = [text(e, "a:id") for e in entries(first["feed.xml"])]
    assert len(set(ids)) == len(ids) == 7  # six releases and a correction
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", value) for value in ids)
    # The same release has the same id in the site, company and policy feeds.
    assert set(ids) == {
        text(e, "a:id")
        for path in ("acme/feed.xml", "globex/feed.xml")
        for e in entries(first[path])
    }
    assert text(parse(first["acme/feed.xml"]), "a:id") == SITE_URL + "acme/feed.xml"


def hrefs(feed: FeedFile) -> list[str]:
    """Every link of a feed, content links included, in document order."""
    root = parse(feed)
    found = [str(link.get("href")) for link in root.iter(ATOM + "link")]
    for content in root.iter(ATOM + "content"):
        found += html.fragment_fromstring(content.text, create_parent="div").xpath("//a/@href")
    return found


@pytest.mark.parametrize("path", sorted(FEED_PATHS))
def test_without_a_site_url_links_are_relative_to_the_feed(
    built: Built,
    path: str,
) -> None:
    absolute = hrefs(feeds_of(built, SITE_URL)[path])
    relative = hrefs(feeds_of(built, "")[path])
    assert all(href.startswith(SITE_URL) for href in absolute)
    assert not any("://" in href or href.startswith("/") for href in relative)
    # Resolved against the feed's own address (RFC 3986 5.1), they are the same links.
    assert [urljoin(SITE_URL + path, href) for href in relative] == absolute


def test_pages_advertise_their_policy_company_and_site_feeds(
    built: Built,
) -> None:
    library, policies = built
    links = feed_links(library, policies, SITE_NAME)
    site = FeedLink("feed.xml", "Fixture policies: policy changes")
    acme = FeedLink("acme/feed.xml", "Acme: policy changes")
    privacy = FeedLink("acme/privacy/feed.xml", "Acme Privacy Policy: changes")
    assert links["index.md"] == [site]
    assert links["acme/index.md"] == [acme, site]
    privacy_pages = [page.src_uri for page in policies["acme/privacy"].pages]
    assert set(privacy_pages) >= {
        "acme/privacy.md",
        "acme/privacy/2024-04-01.md",
        "acme/privacy/2025-01-01/changes.md",
        "acme/privacy/history.md",
    }
    for src_uri in privacy_pages:
        assert links[src_uri] == [privacy, acme]
    every_page = {page.src_uri for pages in policies.values() for page in pages.pages}
    assert set(links) == every_page | {"index.md", "acme/index.md", "globex/index.md"}
    titles = {feed.path: text(parse(feed), "a:title") for feed in feeds_of(built).values()}
    for advertised in links.values():
        assert all(titles[link.path] == link.title for link in advertised)


def test_a_never_released_policy_has_no_feed_and_advertises_none(site: Path) -> None:
    release_history(site, until=2)  # acme only: globex is a draft in a preview build
    library, policies = versions_of(site, production=False)
    feeds = feeds_of((library, policies))
    assert set(feeds) == {
        "feed.xml",
        "acme/feed.xml",
        "acme/privacy/feed.xml",
        "acme/cookies/feed.xml",
    }
    links = feed_links(library, policies, SITE_NAME)
    assert links["globex/privacy.md"] == []
    assert links["globex/index.md"] == [FeedLink("feed.xml", "Fixture policies: policy changes")]


@pytest.mark.parametrize(
    ("src_uri", "expected"),
    [
        ("index.md", ["feed.xml"]),
        ("acme/index.md", ["feed.xml", "../feed.xml"]),
        ("acme/privacy.md", ["feed.xml", "../feed.xml"]),
        ("acme/privacy/2024-04-01.md", ["../feed.xml", "../../feed.xml"]),
        ("acme/privacy/2025-01-01/changes.md", ["../../feed.xml", "../../../feed.xml"]),
    ],
)
def test_head_links_are_relative_to_the_page(
    built: Built,
    src_uri: str,
    expected: list[str],
) -> None:
    library, policies = built
    advertised = feed_links(library, policies, SITE_NAME)[src_uri]
    tags = html.fragment_fromstring(head_links(src_uri, advertised), create_parent="head")
    found = tags.xpath("link")
    assert [tag.get("href") for tag in found] == expected
    assert {(tag.get("rel"), tag.get("type")) for tag in found} == {
        ("alternate feed", "application/atom+xml")
    }
    assert [tag.get("title") for tag in found] == [link.title for link in advertised]
    page = SITE_URL + page_url(src_uri)
    assert [urljoin(page, tag.get("href")) for tag in found] == [
        SITE_URL + link.path for link in advertised
    ]
