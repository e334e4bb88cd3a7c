"""Comparing any two versions in a real browser (issue 15, item 5): picked on the history
page with the keyboard, worked out by the compare page's script from the published JSON,
under the site's CSP (served as Netlify serves it), audited by axe; without JavaScript;
with a bad address. Hostile text: tests/test_browser_hostile.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.helpers import ROOT
from tests.netlify import NetlifySite, serve_like_netlify
from tests.test_browser_hostile import WATCH
from tests.test_browser_site import AXE, WCAG_TAGS

COMPARE = "/example/privacy/compare/"


@pytest.fixture(scope="module")
def site_url(sample_site: Path) -> Iterator[str]:
    """The sample site served with its headers, the CSP included."""
    with serve_like_netlify(NetlifySite.load(ROOT / "netlify.toml", sample_site)) as url:
        yield url


@pytest.fixture
def watched(page: Page) -> Iterator[tuple[Page, list[str]]]:
    """A page that collects CSP violations (``window.__csp``) and script errors."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.add_init_script(WATCH)
    yield page, problems
    assert page.evaluate("window.__csp") == []
    assert problems == []


def _marks(page: Page, section: str) -> list[str]:
    """The marked words of a section, in document order."""
    return page.evaluate(
        "id => [...document.getElementById(id).querySelectorAll('del, ins')]"
        ".map(e => e.tagName.toLowerCase() + ': ' + e.textContent)",
        section,
    )


def test_two_versions_picked_on_the_history_page_with_the_keyboard_are_compared(
    watched: tuple[Page, list[str]], site_url: str
) -> None:
    page, _ = watched
    page.goto(site_url + "/example/privacy/history/")
    # Not neighbours: the version of 1 September 2024 lies between them.
    page.focus("#policy-compare-from")
    page.keyboard.press("End")  # the oldest: 15 January 2024
    page.keyboard.press("Tab")
    page.keyboard.press("Home")  # the newest: 1 March 2027
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{COMPARE}?from=2024-01-15&to=2027-03-01")
    heading = page.locator("#policy-compare-heading")
    expect(heading).to_have_text("Changes from 15 January 2024 to 1 March 2027")
    expect(heading).to_be_focused()
    expect(page.locator(".policy-compare-status")).to_have_text(
        "Compared the version of 15 January 2024 with the version of 1 March 2027."
    )
    expect(page.locator(".policy-compare-nojs")).to_be_hidden()
    expect(page.locator("#policy-compare-from")).to_have_value("2024-01-15")
    expect(page.locator("#policy-compare-to")).to_have_value("2027-03-01")
    # What went, then what came, word by word.
    assert _marks(page, "data-retention") == ["del: 24", "ins: 12"]
    expect(page.locator("section#data-retention.diff-changed h3")).to_have_text(
        "3. Data retention changed"
    )
    # Why first: every change-log entry of the versions after the first, up to the second.
    why = page.locator(".policy-compare-output > .diff-why li")
    expect(why).to_have_text(
        [
            "1 September 2024: Clearer wording about links to other websites.",
            "1 September 2024: Corrected the list of account data in section 2. "
            "(editorial correction)",
            "1 March 2027: Account data is kept for 12 months instead of 24. "
            "(sections changed: 3. Data retention)",
        ]
    )
    expect(page.locator(".policy-compare-output > .diff-why + .policy-diff")).to_have_count(1)
    expect(page.locator(".diff-summary")).to_have_text("Sections: 3 changed, 0 added, 0 removed.")
    # An unchanged section is a quiet row, closed, still there by its anchor.
    quiet = page.locator("details.diff-unchanged#contact-us")
    expect(quiet.locator("summary")).to_have_text("6. Contact us unchanged")
    expect(quiet).not_to_have_attribute("open", "")
    # A link to a section moves there; the comparison is not made again.
    page.evaluate("document.querySelector('.policy-diff').dataset.seen = 'yes'")
    why.last.locator("a").click()
    expect(page).to_have_url(f"{site_url}{COMPARE}?from=2024-01-15&to=2027-03-01#data-retention")
    expect(page.locator("#data-retention")).to_be_in_viewport()
    expect(page.locator(".policy-diff")).to_have_attribute("data-seen", "yes")


def test_a_comparison_passes_the_accessibility_audit(page: Page, sample_url: str) -> None:
    """Served without the CSP, which would block axe's own inline script."""
    assert AXE.is_file(), f"axe-core not installed at {AXE}: run make test"
    page.goto(sample_url + COMPARE.lstrip("/") + "?from=2024-01-15&to=2027-03-01#who-we-are")
    expect(page.locator("details#who-we-are")).to_have_attribute("open", "")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []


def test_an_address_with_an_anchor_opens_that_section(
    watched: tuple[Page, list[str]], site_url: str
) -> None:
    page, _ = watched
    page.goto(f"{site_url}{COMPARE}?from=2024-01-15&to=2027-03-01#contact-us")
    quiet = page.locator("details#contact-us")
    expect(quiet).to_have_attribute("open", "")
    expect(quiet).to_be_in_viewport()
    expect(page.locator("#policy-compare-heading")).to_be_focused()


def test_a_reader_who_opens_the_search_while_the_comparison_loads_keeps_it(
    watched: tuple[Page, list[str]], site_url: str
) -> None:
    """The comparison is worked out after the page has loaded; moving focus to its heading
    then closed the search dialog a reader had opened meanwhile (a flaky audit found it)."""
    page, _ = watched
    held: list[Route] = []
    # The policy's versions.json and the two versions' JSON, held until the search is open.
    page.route("**/example/privacy/*.json", lambda route: held.append(route))
    page.goto(f"{site_url}{COMPARE}?from=2024-01-15&to=2027-03-01")
    expect(page.locator(".policy-compare-status")).to_contain_text("Comparing the version")
    page.keyboard.press("/")
    search = page.locator("input.md-search__input")
    expect(search).to_be_focused()
    for _ in range(100):
        if len(held) == 3:
            break
        page.wait_for_timeout(50)
    assert len(held) == 3
    for route in held:
        route.continue_()
    expect(page.locator("#policy-compare-heading")).to_have_text(
        "Changes from 15 January 2024 to 1 March 2027"
    )
    expect(search).to_be_focused()


def test_the_form_compares_again_without_leaving_the_page(
    watched: tuple[Page, list[str]], site_url: str
) -> None:
    page, _ = watched
    page.goto(site_url + COMPARE)
    expect(page.locator("#policy-compare-heading")).to_have_count(0)
    expect(page.locator("form.policy-compare-picker")).to_be_visible()
    # At first: the version before the one in force, and that one.
    page.click("form.policy-compare-picker button")
    page.wait_for_url(f"**{COMPARE}?from=2024-01-15&to=2024-09-01")
    expect(page.locator("#policy-compare-heading")).to_have_text(
        "Changes from 15 January 2024 to 1 September 2024"
    )
    assert _marks(page, "data-we-collect") == ["del: ,", "ins:  and"]
    page.select_option("#policy-compare-from", "2024-09-01")
    page.select_option("#policy-compare-to", "2024-09-01")
    page.click("form.policy-compare-picker button")
    expect(page.locator(".policy-compare-status")).to_have_text(
        "Both are the version of 1 September 2024: choose two different versions."
    )
    expect(page.locator(".policy-compare-output")).to_be_empty()
    page.go_back()
    page.wait_for_url(f"**{COMPARE}")
    expect(page.locator(".policy-compare-output")).to_be_empty()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "?from=garbage&to=2024-09-01",
            "\u201cgarbage\u201d is not a date: write it as YYYY-MM-DD, for example 2027-03-01.",
        ),
        (
            "?from=2024-10-01&to=2027-03-01",
            "No version of this policy takes effect on 1 October 2024 (the version in force "
            "that day is the one of 1 September 2024): choose two of the versions listed.",
        ),
        (
            "?from=2024-09-01&to=2024-09-01",
            "Both are the version of 1 September 2024: choose two different versions.",
        ),
        (
            "?from=2024-09-01",
            "Choose two versions: the address needs both ?from= and &to=, for example "
            "?from=2024-01-15&to=2027-03-01.",
        ),
    ],
)
def test_a_bad_address_says_what_is_wrong(
    watched: tuple[Page, list[str]], site_url: str, query: str, message: str
) -> None:
    page, _ = watched
    page.goto(site_url + COMPARE + query)
    expect(page.locator(".policy-compare-status")).to_have_text(message)
    expect(page.locator(".policy-compare-output")).to_be_empty()
    expect(page.locator("form.policy-compare-picker")).to_be_visible()


def test_versions_in_reverse_order_are_compared_oldest_first(
    watched: tuple[Page, list[str]], site_url: str
) -> None:
    page, _ = watched
    page.goto(f"{site_url}{COMPARE}?from=2027-03-01&to=2024-09-01")
    expect(page.locator(".policy-compare-status")).to_have_text(
        "The earlier version is shown first: from 1 September 2024 to 1 March 2027. "
        "Compared the version of 1 September 2024 with the version of 1 March 2027."
    )
    expect(page.locator("#policy-compare-heading")).to_have_text(
        "Changes from 1 September 2024 to 1 March 2027"
    )
    assert _marks(page, "data-retention") == ["del: 24", "ins: 12"]


def test_without_javascript_the_page_says_so_and_offers_the_prebuilt_comparisons(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}{COMPARE}?from=2024-01-15&to=2027-03-01")
        note = page.locator(".policy-compare-nojs")
        expect(note).to_be_visible()
        expect(note).to_contain_text("Comparing any two versions needs JavaScript")
        expect(page.locator("form.policy-compare-picker")).to_be_hidden()
        note.locator("a", has_text="changes of 1 March 2027").click()
        page.wait_for_url("**/example/privacy/2027-03-01/changes/")
        expect(page.locator(".policy-diff del").first).to_have_text("24")
    finally:
        context.close()
