"""Atom feeds of releases: structure, entries, order, ids, links, and which pages advertise them.

Validity is checked two ways: a RELAX NG schema that is a subset of RFC 4287
Appendix B (transcribed to XML syntax, keeping only the elements the
generator may write, so whatever it accepts Appendix B accepts too), and a
hand-written check of the rules the RFC states in prose or Schematron that a
grammar cannot (feed author, alternate link or content, absolute ids, a self
link).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import etree, html

from generator.content.library import Library, load_library
from generator.publish.feeds import FeedLink, build_feeds, feed_links, head_links
from generator.publish.versions_json import PublishedFile as FeedFile
from generator.releases.archive import release
from generator.site.build import build_versions
from generator.site.compose import PolicyPages
from generator.site.urls import page_url

ATOM = "{http://www.w3.org/2005/Atom}"
NS = {"a": "http://www.w3.org/2005/Atom"}
SITE_URL = "https://policies.example.org/"
SITE_NAME = "Fixture policies"
TODAY = dt.date(2025, 6, 1)

# The release history every test here (and tests/test_machine.py) reads.
HISTORY: tuple[tuple[str, str, str, tuple[str, ...], bool], ...] = (
    ("acme/privacy", "2024-04-01", "Shorter retention period.", ("data-retention",), False),
    ("acme/cookies", "2024-04-01", "First release.", (), False),
    ("globex/privacy", "2024-04-01", "First release.", (), False),
    ("acme/privacy", "2025-01-01", "Wording of the retention clause.", ("data-retention",), False),
    ("globex/privacy", "2025-01-01", "Wording of the retention clause.", (), False),
    ("acme/privacy", "2025-01-01", "Clearer opening sentence.", (), True),
    ("acme/privacy", "2026-01-01", "Données des enfants : new section.", ("children",), False),
)
EDITS: dict[int, tuple[str, str, str]] = {
    # Before HISTORY[i] is released, replace text in a file below policies/.
    3: ("clauses/retention.md", "We keep", "We retain"),
    5: ("acme/privacy.md", "This policy explains how", "This policy sets out how"),
    6: (
        "acme/privacy.md",
        '{% clause "contact-us" %}',
        '{% clause "contact-us" %}\n\n## Children {#children}\n\n'
        "We do not knowingly collect data from children under 13.",
    ),
}


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new), encoding="utf-8")


def release_history(site: Path, until: int = len(HISTORY)) -> None:
    """Release ``HISTORY[:until]`` in a copy of the fixture site, with the edits between."""
    for index in range(until):
        release_step(site, index)


def release_step(site: Path, index: int) -> None:
    """Release ``HISTORY[index]`` after its edit (the releases before it are done)."""
    key, effective, summary, sections, editorial = HISTORY[index]
    if index in EDITS:
        name, old, new = EDITS[index]
        replace_in(site / "policies" / name, old, new)
    release(
        load_library(site / "policies", site),
        key,
        effective=dt.date.fromisoformat(effective),
        summary=summary,
        sections=sections,
        editorial=editorial,
    )


Built = tuple[Library, dict[str, PolicyPages]]


def versions_of(site: Path, today: dt.date = TODAY, *, production: bool = True) -> Built:
    library = load_library(site / "policies", site)
    return library, build_versions(library, today, production=production)


def feeds_of(built: Built, site_url: str = SITE_URL) -> dict[str, FeedFile]:
    library, policies = built
    return {feed.path: feed for feed in build_feeds(library, policies, site_url, SITE_NAME)}


def parse(feed: FeedFile) -> etree._Element:
    return etree.fromstring(feed.content)


def entries(feed: FeedFile) -> list[etree._Element]:
    return list(parse(feed).iterfind("a:entry", NS))


def text(element: etree._Element, path: str) -> str:
    found = element.findtext(path, namespaces=NS)
    assert found is not None, f"no {path} in {element.tag}"
    return found


def entry_key(entry: etree._Element) -> tuple[str, str]:
    """(policy key, effective date) of an entry."""
    return str(entry.find("a:category", NS).get("term")), text(entry, "a:updated")[:10]


# A subset of RFC 4287 Appendix B: no extension elements, contributors, sources,
# icons, logos, rights or out-of-line content, which the generator never writes.
ATOM_SUBSET_RNG = r"""
<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="http://www.w3.org/2005/Atom"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start>
    <element name="feed">
      <interleave>
        <zeroOrMore><ref name="author"/></zeroOrMore>
        <zeroOrMore><ref name="category"/></zeroOrMore>
        <optional><element name="generator">
          <optional><attribute name="uri"><data type="anyURI"/></attribute></optional>
          <optional><attribute name="version"/></optional>
          <text/>
        </element></optional>
        <ref name="id"/>
        <zeroOrMore><ref name="link"/></zeroOrMore>
        <optional><element name="subtitle"><ref name="textConstruct"/></element></optional>
        <element name="title"><ref name="textConstruct"/></element>
        <element name="updated"><ref name="date"/></element>
      </interleave>
      <zeroOrMore><ref name="entry"/></zeroOrMore>
    </element>
  </start>
  <define name="entry">
    <element name="entry">
      <interleave>
        <zeroOrMore><ref name="author"/></zeroOrMore>
        <zeroOrMore><ref name="category"/></zeroOrMore>
        <optional><element name="content">
          <optional><attribute name="type"><choice>
            <value>text</value><value>html</value>
          </choice></attribute></optional>
          <text/>
        </element></optional>
        <ref name="id"/>
        <zeroOrMore><ref name="link"/></zeroOrMore>
        <optional><element name="published"><ref name="date"/></element></optional>
        <optional><element name="summary"><ref name="textConstruct"/></element></optional>
        <element name="title"><ref name="textConstruct"/></element>
        <element name="updated"><ref name="date"/></element>
      </interleave>
    </element>
  </define>
  <define name="author">
    <element name="author">
      <interleave>
        <element name="name"><text/></element>
        <optional><element name="uri"><data type="anyURI"/></element></optional>
        <optional><element name="email"><text/></element></optional>
      </interleave>
    </element>
  </define>
  <define name="category">
    <element name="category">
      <attribute name="term"/>
      <optional><attribute name="scheme"><data type="anyURI"/></attribute></optional>
      <optional><attribute name="label"/></optional>
      <empty/>
    </element>
  </define>
  <define name="id">
    <element name="id"><data type="anyURI"/></element>
  </define>
  <define name="link">
    <element name="link">
      <attribute name="href"><data type="anyURI"/></attribute>
      <optional><attribute name="rel"/></optional>
      <optional><attribute name="type">
        <data type="string"><param name="pattern">.+/.+</param></data>
      </attribute></optional>
      <optional><attribute name="hreflang"/></optional>
      <optional><attribute name="title"/></optional>
      <optional><attribute name="length"/></optional>
      <empty/>
    </element>
  </define>
  <define name="textConstruct">
    <optional><attribute name="type"><choice>
      <value>text</value><value>html</value>
    </choice></attribute></optional>
    <text/>
  </define>
  <define name="date">
    <data type="dateTime">
      <param name="pattern">\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+\-]\d{2}:\d{2})</param>
    </data>
  </define>
</grammar>
"""
ATOM_SCHEMA = etree.RelaxNG(etree.fromstring(ATOM_SUBSET_RNG))
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")


def atom_problems(document: bytes) -> list[str]:
    """What makes a document invalid Atom: the schema's errors and RFC 4287's prose rules."""
    root = etree.fromstring(document)
    if not ATOM_SCHEMA.validate(root):
        return [str(error) for error in ATOM_SCHEMA.error_log]
    problems: list[str] = []
    all_entries = root.findall("a:entry", NS)
    # 4.1.1: a feed has an author unless every entry has one.
    if root.find("a:author", NS) is None and any(
        e.find("a:author", NS) is None for e in all_entries
    ):
        problems.append("feed without author has an entry without author")
    ids = [text(root, "a:id"), *(text(e, "a:id") for e in all_entries)]
    # 4.2.6: ids are absolute IRIs, and an entry id is unique within the feed.
    problems += [
        f"id {value!r} is not an absolute IRI" for value in ids if not ABSOLUTE_IRI.match(value)
    ]
    if len(set(ids)) != len(ids):
        problems.append("duplicate ids")
    # 4.1.1: a feed SHOULD have a rel="self" link; our brief makes it a MUST.
    if len(root.findall("a:link[@rel='self']", NS)) != 1:
        problems.append("feed needs exactly one rel=self link")
    for element in [root, *all_entries]:
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in element.findall("a:link", NS)
            if link.get("rel", "alternate") == "alternate"
        ]
        # 4.1.1 and 4.1.2: at most one alternate link per type and hreflang.
        if len(set(alternates)) != len(alternates):
            problems.append(f"{element.tag}: two alternate links with the same type")
    for entry in all_entries:
        # 4.1.2: an entry without content has an alternate link.
        has_alternate = any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall("a:link", NS)
        )
        if entry.find("a:content", NS) is None and not has_alternate:
            problems.append(f"entry {text(entry, 'a:id')} has neither content nor alternate link")
    return problems


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
    newest, middle, first = entries(feeds_of(built)["acme/privacy/feed.xml"])
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
    assert "Clearer opening sentence." in content.text_content()
    assert text(first, "a:author/a:name") == "Acme"
    # Every link lands on a page the site publishes.
    published = {
        SITE_URL + page_url(page.src_uri) for pages in policies.values() for page in pages.pages
    }
    for entry in (newest, middle, first):
        assert {href for _, _, href in links(entry)} <= published


def test_a_correction_is_announced_with_the_change_it_corrects(built: Built) -> None:
    feeds = feeds_of(built)
    corrected = entries(feeds["acme/privacy/feed.xml"])[1]
    assert (
        text(corrected, "a:title") == "Acme Privacy Policy, 1 January 2025 (editorial correction)"
    )
    # The version of that day is still the material change it released, corrected.
    assert text(corrected, "a:summary") == (
        "Wording of the retention clause. Editorial correction: Clearer opening sentence."
    )
    assert [c.get("term") for c in corrected.iterfind("a:category", NS)] == ["acme/privacy"]
    plain = entries(feeds["globex/privacy/feed.xml"])[0]
    assert text(plain, "a:summary") == "Wording of the retention clause."
    assert text(plain, "a:title") == "Globex Privacy Policy, 1 January 2025"


def release_editorial_only(site: Path) -> None:
    """Release acme/cookies on 2024-04-01, then a version whose only change is editorial.

    Its entry is written in the change log first and adopted by the release, as
    for an imported history (``release --editorial`` always follows a release
    of the same day).
    """
    release_history(site, until=2)
    cookies = site / "policies/acme/cookies.md"
    replace_in(cookies, "Small files.", "Small text files.")
    replace_in(
        cookies,
        "changes:\n",
        "changes:\n  - date: 2024-05-01\n    summary: Spelling.\n    editorial: true\n",
    )
    release(
        load_library(site / "policies", site),
        "acme/cookies",
        effective=dt.date(2024, 5, 1),
        summary=None,
    )


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


def test_an_editorial_correction_gets_a_new_id_so_subscribers_see_it(site: Path) -> None:
    release_history(site, until=5)  # up to the release the correction replaces
    before = {
        entry_key(e): text(e, "a:id")
        for e in entries(feeds_of(versions_of(site))["acme/privacy/feed.xml"])
    }
    release_step(site, 5)
    after = {
        entry_key(e): text(e, "a:id")
        for e in entries(feeds_of(versions_of(site))["acme/privacy/feed.xml"])
    }
    assert before.keys() == after.keys()
    assert before[("acme/privacy", "2024-04-01")] == after[("acme/privacy", "2024-04-01")]
    assert before[("acme/privacy", "2025-01-01")] != after[("acme/privacy", "2025-01-01")]


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
    assert len(set(ids)) == len(ids) == 6
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
