"""Version pages in real builds: dated URLs, banners, menus, drafts, production, integrity."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generator.content.library import load_library
from generator.releases.timeline import in_force, timeline
from generator.site.urls import page_url
from tests.helpers import error_lines, mkdocs_build, parse_page, status_bar, version_choices
from tests.sites import (
    SITE_URL,
    Append,
    Release,
    apply_history,
    release_history,
    set_plugin_options,
    set_site_url,
)


def released_site(site: Path) -> Path:
    """The fixture site with every policy released on 2024-04-01 and both privacy policies
    again on 2025-01-01 (the first five releases of the shared history), built in production
    as of 2025-06-01."""
    release_history(site, until=5)
    set_plugin_options(site, "      today: '2025-06-01'\n      production: true\n")
    set_site_url(site)
    return site


def test_page_url() -> None:
    assert page_url("index.md") == ""
    assert page_url("acme/index.md") == "acme/"
    assert page_url("acme/privacy.md") == "acme/privacy/"
    assert page_url("acme/privacy/2024-04-01.md") == "acme/privacy/2024-04-01/"


def test_timeline_states_and_dates(site: Path) -> None:
    released_site(site)
    snapshots = load_library(site / "policies", site).snapshots["acme/privacy"]
    versions = timeline(snapshots, dt.date(2024, 12, 31))
    assert [(v.snapshot.effective.isoformat(), v.until, v.state) for v in versions] == [
        ("2024-04-01", dt.date(2024, 12, 31), "current"),
        ("2025-01-01", None, "upcoming"),
    ]
    assert in_force(versions, dt.date(2024, 1, 1)) is None
    assert in_force(versions, dt.date(2025, 1, 1)) is versions[1]


def test_every_version_has_a_dated_page_with_banner_and_menu(site: Path, tmp_path: Path) -> None:
    released_site(site)
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out/acme/privacy"
    old = parse_page(out / "2024-04-01/index.html")
    assert old.xpath("string(//article//h1)") == "Acme Privacy Policy (1 April 2024)"
    assert status_bar(old) == (
        "superseded",
        "Superseded: in force from 1 April 2024 to 31 December 2024. Read the version in force "
        "now or see what changed next.",
        ["../", "../2025-01-01/changes/"],
    )
    assert old.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert old.xpath("//link[@rel='canonical']/@href") == [SITE_URL + "acme/privacy/"]
    assert "We keep personal data for two years." in old.text_content()
    assert version_choices(old) == [
        ("1 January 2025 – today (in force)", "../2025-01-01/", False),
        ("1 April 2024 – 31 December 2024", "./", True),
    ]
    current = parse_page(out / "index.html")
    assert "We retain personal data for two years." in current.text_content()
    assert status_bar(current) == ("in-force", "In force since 1 January 2025.", [])
    assert not current.xpath("//meta[@name='robots']")
    assert [label for label, _, selected in version_choices(current) if selected] == [
        "1 January 2025 – today (in force)"
    ]
    change_links = current.xpath("//*[@id='change-log']/following-sibling::ul[1]//a/@href")
    assert change_links == ["2025-01-01/", "2025-01-01/changes/", "2024-04-01/"]
    # The link to the history follows the list, not inside its last entry.
    after = current.xpath("//*[@id='change-log']/following-sibling::ul[1]/following-sibling::p[1]")
    assert [a.get("href") for a in after[0].xpath(".//a")] == ["history/"]
    index = json.loads((tmp_path / "out/search/search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    assert not any("2024-04-01" in location or "2025-01-01" in location for location in locations)
    assert any(location.startswith("acme/privacy/") for location in locations)


def test_upcoming_version_is_announced_on_the_current_page(site: Path, tmp_path: Path) -> None:
    released_site(site)
    set_plugin_options(site, "      today: '2024-12-01'\n")
    mkdocs_build(site, tmp_path / "out")
    current = parse_page(tmp_path / "out/acme/privacy/index.html")
    notice = current.xpath("//p[@class='policy-status__next']")[0]
    assert notice.get("data-effective") == "2025-01-01"
    assert status_bar(current) == (
        "in-force",
        "In force since 1 April 2024. A new version takes effect on 1 January 2025: read it "
        "and see what changes.",
        ["2025-01-01/", "2025-01-01/changes/"],
    )
    assert "We keep personal data" in current.text_content()
    upcoming = parse_page(tmp_path / "out/acme/privacy/2025-01-01/index.html")
    assert status_bar(upcoming) == (
        "upcoming",
        "Upcoming: takes effect on 1 January 2025. Read the version in force now or see what "
        "changes.",
        ["../", "changes/"],
    )


def test_unreleased_change_fails_production_and_shows_as_draft_in_preview(
    site: Path, tmp_path: Path
) -> None:
    released_site(site)
    page = site / "policies/acme/cookies.md"
    page.write_text(page.read_text().replace("Small files.", "Small text files."))
    result = mkdocs_build(site, tmp_path / "prod")
    assert result.returncode != 0
    assert error_lines(result.stderr) == [
        "policies/acme/cookies.md: differs from its release of 2024-04-01; run 'policy-site "
        'release acme/cookies --effective YYYY-MM-DD --summary "..."\' (a production build '
        "publishes released text only)"
    ]
    set_plugin_options(site, "      production: false\n")
    assert mkdocs_build(site, tmp_path / "preview").returncode == 0
    draft = parse_page(tmp_path / "preview/acme/cookies/index.html")
    assert "Small text files." in draft.text_content()
    state, words, links = status_bar(draft)
    assert state == "draft" and words.startswith("Unreleased draft, dated ")
    assert links == ["2024-04-01/", "changes/"]
    comparison = parse_page(tmp_path / "preview/acme/cookies/changes/index.html")
    section = comparison.xpath("//*[@id='what-cookies-are']")[0]
    assert [text.strip() for text in section.xpath(".//ins//text()")] == ["text"]
    assert "Small text files." in section.text_content()


def test_tampered_snapshot_fails_the_build(site: Path, tmp_path: Path) -> None:
    released_site(site)
    snapshot = site / "policies/acme/archive/privacy/2024-04-01.md"
    snapshot.write_text(snapshot.read_text().replace("two years", "ten years"))
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0
    [line] = error_lines(result.stderr)
    assert line.startswith(
        "policies/acme/archive/privacy/2024-04-01.md:1: archived record was changed after the "
        "next one was released: "
    )
    assert "git checkout -- policies/acme/archive/privacy/2024-04-01.md" in line


def test_archived_cross_links_go_to_the_version_then_in_force(site: Path, tmp_path: Path) -> None:
    released_site(site)
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    old = parse_page(tmp_path / "out/acme/privacy/2024-04-01/index.html")
    hrefs = old.xpath("//a[contains(@class,'xref')]/@href")
    assert "../../../globex/privacy/2024-04-01/#data-retention" in hrefs
    current = parse_page(tmp_path / "out/acme/privacy/index.html")
    assert "../../globex/privacy/#data-retention" in current.xpath(
        "//a[contains(@class,'xref')]/@href"
    )


def test_sample_site_serves_every_release_at_its_date(sample_site: Path) -> None:
    library = load_library(Path(__file__).parent.parent / "policies")
    for key, snapshots in library.snapshots.items():
        for snapshot in snapshots:
            page = sample_site / key / snapshot.effective.isoformat() / "index.html"
            assert page.is_file(), page


def test_a_version_page_does_not_grow_with_the_number_of_versions(
    site: Path, tmp_path: Path
) -> None:
    """A version's page lists the versions around it, the current one and the entries of its
    day; the current page and the history list everything (a page per version, each
    listing every version, would make a long-lived policy's archive grow quadratically)."""
    days = ["2024-04-01", "2024-05-01", "2024-06-01", "2024-07-01", "2024-08-01", "2024-09-01"]
    revisions = [
        step
        for number, day in enumerate(days)
        for step in (
            Append("acme/privacy.md", f"\nRevision {number}.\n"),
            Release("acme/privacy", day, f"Release {number}."),
        )
    ]
    others = [Release("acme/cookies", "2024-04-01"), Release("globex/privacy", "2024-04-01")]
    apply_history(site, [*revisions, *others])
    set_plugin_options(site, "      today: '2024-08-15'\n      production: true\n")
    set_site_url(site)
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out/acme/privacy"

    def menu(path: str) -> list[str]:
        return [label.split(" – ")[0] for label, _, _ in version_choices(parse_page(out / path))]

    def change_log(path: str) -> list[str]:
        page = parse_page(out / path)
        items = page.xpath("//*[@id='change-log']/following-sibling::ul[1]/li")
        return [" ".join(item.text_content().split()) for item in items]

    assert menu("2024-05-01/index.html") == [
        "1 August 2024",
        "1 June 2024",
        "1 May 2024",
        "1 April 2024",
        "All versions…",
    ]
    assert menu("2024-09-01/index.html") == ["1 September 2024", "1 August 2024", "All versions…"]
    assert change_log("2024-05-01/index.html") == [
        "1 May 2024: Release 1. (version · what changed)"
    ]
    assert len(menu("index.html")) == len(days)
    # The current page: the six releases and the two entries written before them.
    assert len(change_log("index.html")) == len(days) + 2
    history = parse_page(out / "history/index.html").text_content()
    assert all(f"Release {number}." in history for number in range(len(days)))
