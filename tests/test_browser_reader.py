"""Reader pages on a desktop and a phone, and printed (issue 15): screenshots of every page
type for a reviewer, the history as stacked rows on a phone, no page wider than the
screen, and what a printed page carries."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.test_browser_site import ARTIFACTS

PAGES = {
    "home": "",
    "company": "example/",
    "current": "example/privacy/",
    "superseded": "example/privacy/2024-01-15/",
    "upcoming": "example/privacy/2027-03-01/",
    "comparison": "example/privacy/2027-03-01/changes/",
    "compare": "example/privacy/compare/?from=2024-01-15&to=2027-03-01",
    "history": "example/privacy/history/",
    "not-found": "404.html",
}
SCREENS = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_type_fits_the_screen(
    browser: Browser, sample_url: str, name: str, screen: str
) -> None:
    width, height = SCREENS[screen]
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(sample_url + PAGES[name])
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than a {screen} screen"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{screen}.png"), full_page=True)
    finally:
        context.close()


def test_the_history_is_stacked_rows_on_a_phone(browser: Browser, sample_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(sample_url + "example/privacy/history/")
        cell = page.locator(".policy-history td").first
        assert cell.evaluate("e => getComputedStyle(e).display") == "block"
        label = cell.evaluate("e => getComputedStyle(e, '::before').content")
        assert label == '"Date: "'
        expect(page.locator(".policy-history thead")).to_be_hidden()
    finally:
        context.close()


def test_a_printed_page_names_its_version_and_writes_links_out(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "example/privacy/")
    page.emulate_media(media="print")
    # The running header comes from the version's own print stylesheet: the dated page's
    # address, whose text never changes, even on the current page.
    sheet = page.locator("link[rel=stylesheet][media=print]")
    expect(sheet).to_have_attribute("href", "2024-09-01.print.css")
    expect(page.locator(".policy-print-url")).to_have_text(
        "This document: http://127.0.0.1:8000/example/privacy/2024-09-01/"
    )
    header = page.evaluate(
        """() => [...document.styleSheets].filter(s => s.href && s.href.endsWith('.print.css'))
              .flatMap(s => [...s.cssRules]).map(r => r.cssText).join(' ')"""
    )
    assert "Example Co. · Privacy Policy · version of 1 September 2024" in header
    assert "http://127.0.0.1:8000/example/privacy/2024-09-01/" in header
    link = page.locator("#change-log ~ ul a").first
    after = link.evaluate("e => getComputedStyle(e, '::after').content")
    assert after.startswith('" (http://127.0.0.1:8000/example/privacy/')
    expect(page.locator(".policy-status form")).to_be_hidden()
    expect(page.locator(".md-header")).to_be_hidden()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "current-print.pdf"))
