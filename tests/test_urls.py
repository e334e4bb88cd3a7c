"""Every address of the site comes from generator.site.urls: a table of them, and the one
relative-path rule checked against the standard library's."""

from __future__ import annotations

import datetime as dt
import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.site import urls

DAY = dt.date(2024, 4, 1)


@pytest.mark.parametrize(
    ("made", "expected"),
    [
        (urls.HOME_PAGE, "index.md"),
        (urls.company_page("acme"), "acme/index.md"),
        (urls.policy_page("acme/privacy"), "acme/privacy.md"),
        (urls.version_page("acme/privacy", DAY), "acme/privacy/2024-04-01.md"),
        (urls.comparison_page("acme/privacy", DAY), "acme/privacy/2024-04-01/changes.md"),
        (urls.draft_comparison_page("acme/privacy"), "acme/privacy/changes.md"),
        (urls.history_page("acme/privacy"), "acme/privacy/history.md"),
        (urls.compare_page("acme/privacy"), "acme/privacy/compare.md"),
        (
            urls.compare_href(
                "acme/privacy/2024-04-01.md", "acme/privacy", DAY, dt.date(2025, 1, 1)
            ),
            "../compare/?from=2024-04-01&to=2025-01-01",
        ),
        (urls.SITE_FEED, "feed.xml"),
        (urls.company_feed("acme"), "acme/feed.xml"),
        (urls.policy_feed("acme/privacy"), "acme/privacy/feed.xml"),
        (urls.versions_json("acme/privacy"), "acme/privacy/versions.json"),
        (urls.version_json("acme/privacy", DAY), "acme/privacy/2024-04-01.json"),
        (urls.asset("policies.css"), "assets/policies/policies.css"),
    ],
)
def test_where_things_are(made: str, expected: str) -> None:
    assert made == expected


@pytest.mark.parametrize(
    ("src_uri", "url"),
    [
        ("index.md", ""),
        ("acme/index.md", "acme/"),
        ("acme/privacy.md", "acme/privacy/"),
        ("acme/privacy/2024-04-01.md", "acme/privacy/2024-04-01/"),
        ("acme/privacy/2024-04-01/changes.md", "acme/privacy/2024-04-01/changes/"),
    ],
)
def test_page_url(src_uri: str, url: str) -> None:
    assert urls.page_url(src_uri) == url


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("acme/privacy.md", "acme/privacy/history.md", "history/"),
        ("acme/privacy/history.md", "acme/privacy.md", "../"),
        ("acme/privacy/2024-04-01.md", "acme/privacy/2024-04-01/changes.md", "changes/"),
        ("acme/privacy/2024-04-01.md", "acme/privacy/2023-01-01.md", "../2023-01-01/"),
        ("acme/privacy.md", "acme/privacy.md", "./"),
        ("index.md", "acme/index.md", "acme/"),
        ("acme/privacy.md", "globex/privacy.md", "../../globex/privacy/"),
    ],
)
def test_page_href_links_page_urls(source: str, target: str, expected: str) -> None:
    assert urls.page_href(source, target) == expected


@pytest.mark.parametrize(
    ("source", "target", "section", "expected"),
    [
        ("acme/privacy.md", "acme/privacy.md", "rights", "#rights"),
        ("acme/privacy.md", "acme/cookies.md", "list", "cookies.md#list"),
        ("acme/privacy/2024-04-01.md", "globex/privacy/2024-01-01.md", "a", None),
    ],
)
def test_section_link(source: str, target: str, section: str, expected: str | None) -> None:
    link = urls.section_link(source, target, section)
    if expected is None:
        expected = posixpath.relpath(target, posixpath.dirname(source)) + f"#{section}"
    assert link == expected


def test_a_dated_page_stands_for_its_policy() -> None:
    assert urls.undated("acme/privacy/2024-04-01.md") == "acme/privacy.md"
    assert urls.undated("acme/privacy/history.md") == "acme/privacy/history.md"
    assert urls.undated("acme/privacy.md") == "acme/privacy.md"


@pytest.mark.parametrize(
    ("site_url", "file", "target", "expected"),
    [
        ("https://x.org/sub/", "acme/feed.xml", "acme/privacy/", "https://x.org/sub/acme/privacy/"),
        ("", "acme/feed.xml", "acme/privacy/", "privacy/"),
        ("", "acme/privacy/feed.xml", "", "../../"),
        ("", "feed.xml", "", "./"),
        ("", "feed.xml", "feed.xml", "feed.xml"),
    ],
)
def test_links_in_published_files(site_url: str, file: str, target: str, expected: str) -> None:
    assert urls.href_from_file(site_url, file, target) == expected


@pytest.mark.parametrize(
    ("page_url", "href", "expected"),
    [
        ("acme/privacy/", "../", "acme"),
        ("acme/privacy/", "history/#top", "acme/privacy/history"),
        ("", "acme/a%20b.css", "acme/a b.css"),
        ("acme/", "https://example.com/", None),
        ("acme/", "/absolute/", None),
        ("acme/", "mailto:a@b.c", None),
    ],
)
def test_where_a_link_leads(page_url: str, href: str, expected: str | None) -> None:
    assert urls.resolve(page_url, href) == expected


_SEGMENT = st.sampled_from(["a", "b", "acme", "privacy", "2024-04-01", "x.md"])
_PATH = st.lists(_SEGMENT, max_size=4).map("/".join)


@given(start=_PATH, target=_PATH, slash=st.booleans())
def test_relative_path_is_relpath(start: str, target: str, slash: bool) -> None:
    """The one hand-written path rule agrees with the standard library on clean paths."""
    expected = posixpath.relpath(target or ".", start or ".")
    assert urls.relative_path(start + ("/" if slash and start else ""), target) == expected


@given(source=_PATH, target=_PATH)
def test_markdown_links_resolve_back(source: str, target: str) -> None:
    source_uri = (source + "/" if source else "") + "page.md"
    target_uri = (target + "/" if target else "") + "other.md"
    link = urls.markdown_link(source_uri, target_uri)
    assert urls.link_target(source_uri, link) == target_uri


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", ""),
        ("./", ""),
        ("acme/privacy/", "acme/privacy"),
        ("assets/site.css", "assets/site.css"),
    ],
)
def test_site_path(url: str, expected: str) -> None:
    assert urls.site_path(url) == expected
