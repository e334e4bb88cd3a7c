"""Reader journeys, print view and accessibility audit in headless Chromium.

Screenshots of each page type are saved under test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.helpers import ROOT

ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
AXE = Path(os.environ.get("AXE_CORE_JS", ROOT / ".venv/axe/node_modules/axe-core/axe.min.js"))
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PAGE_TYPES = {
    "home": "",
    "company": "example/",
    "policy": "example/privacy/",
    "archived": "example/privacy/2024-01-15/",
    "history": "example/privacy/history/",
    "comparison": "example/privacy/2024-09-01/changes/",
    "compare": "example/privacy/compare/?from=2024-01-15&to=2027-03-01",
    "upcoming": "example/privacy/2027-03-01/",
    "not-found": "404.html",
}


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_home_to_company_to_policy(page: Page, sample_url: str) -> None:
    page.goto(sample_url)
    page.click("article a:text-is('Mindlink Software')")
    expect(page.locator("h1")).to_have_text(re.compile(r"^Mindlink Software"))
    page.click("article a:text-is('Privacy Policy')")
    page.wait_for_url("**/mindlink/privacy/")
    expect(page.locator("article h2").first).to_contain_text("1. Communications")
    screenshot(page, "policy")


def test_cross_link_lands_on_its_section(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "mindlink/privacy/")
    link = page.locator("a.xref").first
    expect(link).to_have_text(
        "section 4, Compliance with legal, regulatory and law enforcement requests"
    )
    link.click()
    page.wait_for_url("**/mindlink/privacy/#compliance-with-legal-requests")
    expect(page.locator("#compliance-with-legal-requests")).to_be_in_viewport()


def test_status_bar_selector_and_what_changed(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "example/privacy/")
    screenshot(page, "current")
    page.select_option("#policy-version-choice", label="15 January 2024 – 31 August 2024")
    page.click("form.policy-version-select button")
    page.wait_for_url("**/example/privacy/2024-01-15/")
    bar = page.locator(".policy-status")
    expect(bar).to_have_class("policy-status policy-status--superseded")
    expect(bar).to_contain_text("Superseded: in force from 15 January 2024 to 31 August 2024.")
    screenshot(page, "archived")
    page.goto(sample_url + "example/privacy/2027-03-01/")
    page.click(".policy-status a:text('see what changes')")
    page.wait_for_url("**/example/privacy/2027-03-01/changes/")
    expect(page.locator(".policy-diff ins").first).to_be_visible()
    expect(page.locator(".policy-diff del").first).to_be_visible()
    expect(page.locator(".diff-why")).to_contain_text("Account data is kept for 12 months")
    screenshot(page, "comparison")


def test_history_in_force_on_goes_to_the_right_version(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "example/privacy/history/")
    screenshot(page, "history")
    page.fill("#policy-in-force-date", "2024-08-31")
    page.click("form.policy-in-force button")
    page.wait_for_url("**/example/privacy/2024-01-15/")


def test_search_finds_a_current_sentence_once_and_never_an_archived_copy(
    page: Page, sample_url: str
) -> None:
    page.goto(sample_url)
    page.keyboard.press("/")
    page.wait_for_load_state("networkidle")  # the search worker has loaded its index
    page.keyboard.type("anonymise")
    results = page.locator(".md-search-result__item a.md-search-result__link")
    expect(results.first).to_be_visible()
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert [href for href in hrefs if "#data-retention" in href] == [
        sample_url + "example/privacy/#data-retention"
    ], hrefs
    assert not [href for href in hrefs if "/20" in href or "/changes/" in href], hrefs
    screenshot(page, "search")


def test_upcoming_version_notice(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "example/privacy/")
    notice = page.locator(".policy-status__next")
    expect(notice).to_contain_text("A new version takes effect on 1 March 2027")
    notice.locator("a:text('read it')").click()
    page.wait_for_url("**/example/privacy/2027-03-01/")
    expect(page.locator(".policy-status")).to_contain_text(
        "Upcoming: takes effect on 1 March 2027."
    )
    screenshot(page, "upcoming")


def test_print_view_shows_the_text_and_where_it_came_from(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "example/privacy/2024-01-15/")
    page.emulate_media(media="print")
    expect(page.locator("h1")).to_have_text("Example Co. Privacy Policy (15 January 2024)")
    expect(page.locator(".policy-meta")).to_have_text("Example Co. · Effective 15 January 2024")
    expect(page.locator("article h2 .secno").first).to_be_visible()
    expect(page.locator(".policy-print-url")).to_have_text(
        "This document: http://127.0.0.1:8000/example/privacy/2024-01-15/"
    )
    for hidden in (".md-sidebar--primary", ".md-header", ".policy-status form", ".md-footer"):
        expect(page.locator(hidden)).to_be_hidden()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "archived-print.pdf"))


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_accessibility_audit_has_no_violations(page: Page, sample_url: str, name: str) -> None:
    assert AXE.is_file(), f"axe-core not installed at {AXE}: run make test"
    page.goto(sample_url + PAGE_TYPES[name])
    page.keyboard.press("/")  # audit with the search dialog open, too
    # Material fades the dialog in; contrast is only meaningful once it is opaque.
    page.wait_for_function(
        """() => {
            for (let e = document.querySelector('.md-search-result__meta'); e; e = e.parentElement)
                if (getComputedStyle(e).opacity !== '1') return false;
            return true;
        }"""
    )
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in result["violations"]
    ]
    assert violations == []
    screenshot(page, name)
