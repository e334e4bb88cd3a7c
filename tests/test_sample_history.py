"""The sample site's archive: history, comparisons and the demo company's releases."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from lxml import html

from tests.atom import atom_problems
from tests.helpers import ROOT, parse_page, status_bar, version_choices


def page(site: Path, path: str) -> html.HtmlElement:
    return parse_page(site / path / "index.html")


def test_comparison_page_marks_the_editorial_correction(sample_site: Path) -> None:
    comparison = page(sample_site, "example/privacy/2024-09-01/changes")
    collected = comparison.xpath("//section[@id='data-we-collect']")[0]
    assert " ".join(collected.xpath(".//ins//text()")).split() == ["address", "and"]
    assert " ".join(collected.xpath(".//del//text()")).split() == ["address,"]
    links = comparison.xpath("//section[@id='links-to-other-websites']")[0]
    # Word by word, what went before what came: "not" is in both texts.
    assert links.xpath(".//del//text()") == ["This policy does", "cover them;", "personal data."]
    assert links.xpath(".//ins//text()") == [
        "We are",
        "responsible for how they handle personal data:",
        "any.",
    ]
    why = " ".join(comparison.xpath("string(//div[@class='diff-why'])").split())
    assert why == (
        "Why, as the change log says: 1 September 2024: Clearer wording about links to other "
        "websites. 1 September 2024: Corrected the list of account data in section 2. "
        "(editorial correction)"
    )
    assert comparison.xpath("//details[@id='who-we-are']")
    assert comparison.xpath("//meta[@name='robots']/@content") == ["noindex"]


def test_upcoming_version_and_its_comparison(sample_site: Path) -> None:
    current = page(sample_site, "example/privacy")
    notice = current.xpath("//p[@class='policy-status__next']")[0]
    assert notice.get("data-effective") == "2027-03-01"
    assert notice.xpath(".//a/@href") == ["2027-03-01/", "2027-03-01/changes/"]
    assert "24 months after the account is closed" in current.text_content()
    upcoming = page(sample_site, "example/privacy/2027-03-01")
    assert status_bar(upcoming)[:2] == (
        "upcoming",
        "Upcoming: takes effect on 1 March 2027. Read the version in force now or see what "
        "changes.",
    )
    comparison = page(sample_site, "example/privacy/2027-03-01/changes")
    retention = comparison.xpath("//section[@id='data-retention']")[0]
    assert retention.xpath(".//del//text()") == ["24"]
    assert retention.xpath(".//ins//text()") == ["12"]
    assert version_choices(current) == [
        ("1 March 2027 – … (upcoming)", "2027-03-01/", False),
        ("1 September 2024 – 28 February 2027 (in force)", "2024-09-01/", True),
        ("15 January 2024 – 31 August 2024", "2024-01-15/", False),
    ]


def test_history_lists_every_change_including_unarchived_ones(sample_site: Path) -> None:
    history = page(sample_site, "mnx/privacy/history")
    rows = [
        [" ".join(cell.text_content().split()) for cell in row.xpath("td")]
        for row in history.xpath("//article//table//tr[td]")
    ]
    assert [row[0] for row in rows] == ["16 September 2016", "30 May 2014"]
    mnx = Path("policies/mnx/archive/privacy/2016-09-16.md")
    digest = hashlib.sha256((ROOT / mnx).read_bytes()).hexdigest()
    # The text, its PDF (whose size is said once it is made) and the text's hash.
    assert re.fullmatch(
        rf"text · PDF of the version of 16 September 2016 \(\d+ KB\){digest}", rows[0][3]
    )
    assert history.xpath("string(//article//table//tr[td][1]/td[4]//code)") == digest
    assert rows[1][3] == "not archived"
    form = history.xpath("//form[@class='policy-in-force']")[0]
    assert json.loads(form.get("data-versions")) == [
        {"date": "2016-09-16", "text": "16 September 2016", "url": "../2016-09-16/"}
    ]


def test_history_says_which_text_a_correction_replaced(sample_site: Path) -> None:
    """The sample's correction of 2024-09-01 predates corrections kept beside the text."""
    history = page(sample_site, "example/privacy/history")
    rows = {
        " ".join(row.xpath("string(td[2])").split()): " ".join(row.xpath("string(td[4])").split())
        for row in history.xpath("//article//table//tr[td]")
    }
    assert rows["Clearer wording about links to other websites."] == (
        "replaced by a correction that day (not kept)"
    )
    assert rows[
        "Corrected the list of account data in section 2. (editorial correction)"
    ].startswith("text · what changed · PDF of the version of 1 September 2024 (")
    assert (
        "KB)57f1ae36"
        in rows["Corrected the list of account data in section 2. (editorial correction)"]
    )


def test_history_states_where_archive_captures_came_from(sample_site: Path) -> None:
    text = " ".join(page(sample_site, "mono/privacy/history").text_content().split())
    assert "captured on 6 November 2013" in text
    assert "http://www.mono.net/privacy-policy" in text


def test_every_archived_version_and_comparison_exists(sample_site: Path) -> None:
    expected = [
        "example/privacy/2024-01-15",
        "example/privacy/2024-09-01",
        "example/privacy/2024-09-01/changes",
        "example/privacy/2027-03-01",
        "example/privacy/2027-03-01/changes",
        "example/cookies/2024-01-15",
        "example/cookies/2024-09-01",
        "example/cookies/2024-09-01/changes",
        "example/privacy/history",
    ]
    for path in expected:
        assert (sample_site / path / "index.html").is_file(), path
    editorial = page(sample_site, "example/privacy/history").text_content()
    assert "Corrected the list of account data in section 2. (editorial correction)" in " ".join(
        editorial.split()
    )


def test_time_consistent_link_from_the_archived_cookie_policy(sample_site: Path) -> None:
    old = page(sample_site, "example/cookies/2024-01-15")
    assert old.xpath("//a[contains(@class, 'xref')]/@href") == [
        "../../privacy/2024-01-15/#data-retention"
    ]
    current = page(sample_site, "example/cookies")
    assert current.xpath("//a[contains(@class, 'xref')]/@href") == ["../privacy/#data-retention"]


def test_sample_publishes_valid_feeds_and_versions_json(sample_site: Path) -> None:
    feeds = sorted(sample_site.rglob("feed.xml"))
    assert sample_site / "feed.xml" in feeds
    assert sample_site / "example/privacy/feed.xml" in feeds
    for feed in feeds:
        assert atom_problems(feed.read_bytes()) == [], feed
    home = page(sample_site, "")
    assert home.xpath("//link[@rel='alternate feed'][@type='application/atom+xml']/@href") == [
        "feed.xml"
    ]
    versions = json.loads((sample_site / "example/privacy/versions.json").read_text())
    assert [v["effective"] for v in versions["versions"]] == [
        "2027-03-01",
        "2024-09-01",
        "2024-01-15",
    ]
    assert [v["state"] for v in versions["versions"]] == ["upcoming", "current", "archived"]
    document = json.loads((sample_site / "example/privacy/2024-01-15.json").read_text())
    assert [s["number"] for s in document["sections"]][:3] == ["1", "2", "3"]
