"""The reader's side in a real browser: the status bar and version selector, the date
script, the history page's lookup and the 404 page's lookup."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect


def test_the_selector_opens_a_version_at_the_same_section(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "example/privacy/2024-01-15/#data-retention")
    page.select_option(
        "#policy-version-choice", label="1 September 2024 – 28 February 2027 (in force)"
    )
    page.click("form.policy-version-select button")
    page.wait_for_url("**/example/privacy/2024-09-01/#data-retention")
    expect(page.locator("#data-retention")).to_be_visible()
    expect(page.locator(".policy-status")).to_have_class("policy-status policy-status--in-force")


def test_the_selector_is_keyboard_usable(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "example/privacy/")
    page.focus("#policy-version-choice")
    page.keyboard.press("ArrowDown")  # to the version of 15 January 2024
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/example/privacy/2024-01-15/")
    expect(page.locator(".policy-status")).to_contain_text("Superseded")


def test_no_selector_where_there_is_one_version(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "mnx/privacy/")
    expect(page.locator(".policy-status")).to_contain_text("In force since 16 September 2016.")
    expect(page.locator("form.policy-version-select")).to_have_count(0)


def test_history_date_link_opens_the_version_in_force(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "example/privacy/history/?date=2024-05-01")
    page.wait_for_url("**/example/privacy/2024-01-15/")
    expect(page.locator("h1")).to_have_text("Example Co. Privacy Policy (15 January 2024)")


def test_history_date_field_answers_in_written_dates(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "example/privacy/history/")
    page.fill("#policy-in-force-date", "2025-02-03")
    page.click("form.policy-in-force button")
    page.wait_for_url("**/example/privacy/2024-09-01/")
    page.goto(sample_url + "example/privacy/history/")
    page.fill("#policy-in-force-date", "2020-01-01")
    page.click("form.policy-in-force button")
    expect(page.locator(".policy-in-force-result")).to_have_text(
        "No version was in force on 1 January 2020: the first took effect on 15 January 2024."
    )


def test_a_bad_date_in_the_address_says_so(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "example/privacy/history/?date=garbage")
    expect(page.locator(".policy-in-force-result")).to_have_text(
        "\u201cgarbage\u201d is not a date: write it as YYYY-MM-DD, for example ?date=2027-03-01."
    )
    expect(page).to_have_url(sample_url + "example/privacy/history/?date=garbage")


def test_the_status_bar_changes_state_once_an_announced_version_is_in_force(
    page: Page, sample_url: str
) -> None:
    """Issue 12 item 7, issue 15 item 2: the script added "in force since 2027-03-01" next
    to "takes effect on 1 March 2027"; it replaces the state it contradicts."""
    page.clock.set_fixed_time(dt.datetime(2027, 3, 2, 12, 0))
    page.goto(sample_url + "example/privacy/")
    bar = page.locator(".policy-status")
    expect(bar).to_have_class("policy-status policy-status--superseded")
    expect(bar.locator(".policy-status__text")).to_have_text(
        "Superseded on 1 March 2027: a newer version is in force; this page shows the one "
        "before it until the site is rebuilt. read the version now in force."
    )
    expect(page.locator("body")).not_to_contain_text("takes effect on")
    bar.locator(".policy-status__text a").click()  # not the PDF link beside it
    page.wait_for_url("**/example/privacy/2027-03-01/")
    expect(page.locator(".policy-status")).to_have_class("policy-status policy-status--in-force")
    expect(page.locator(".policy-status__text")).to_have_text("In force since 1 March 2027.")
    expect(page.locator("body")).not_to_contain_text("takes effect on")


def test_the_status_bar_stays_as_built_before_the_date(page: Page, sample_url: str) -> None:
    page.clock.set_fixed_time(dt.datetime(2026, 12, 1, 12, 0))
    page.goto(sample_url + "example/privacy/")
    expect(page.locator(".policy-status")).to_have_class("policy-status policy-status--in-force")
    expect(page.locator(".policy-status__next")).to_contain_text(
        "A new version takes effect on 1 March 2027"
    )


def test_the_404_page_looks_up_a_version(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "404.html")
    expect(page.locator("article")).to_contain_text("Try the search at the top of the page")
    expect(page.locator("article a:text('Example Co.')")).to_have_attribute("href", "/example/")
    page.select_option("#policy-lookup-policy", label="Example Co. Privacy Policy")
    page.fill("#policy-lookup-date", "2024-10-01")
    page.click("form.policy-lookup button")
    page.wait_for_url("**/example/privacy/2024-09-01/")
