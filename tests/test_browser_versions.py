"""The archive's scripts in a real browser: version menu, history date field, upcoming notice."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect


def test_version_menu_keeps_the_reader_at_the_same_section(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "example/privacy/2024-01-15/#data-retention")
    page.click("details.policy-versions summary")
    page.click("details.policy-versions a:text('1 September 2024')")
    page.wait_for_url("**/example/privacy/2024-09-01/#data-retention")
    expect(page.locator("#data-retention")).to_be_visible()


def test_history_date_link_opens_the_version_in_force(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "example/privacy/history/?date=2024-05-01")
    page.wait_for_url("**/example/privacy/2024-01-15/")
    expect(page.locator("h1")).to_have_text("Privacy Policy (15 January 2024)")


def test_history_date_field(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "example/privacy/history/")
    page.fill("#policy-in-force-date", "2025-02-03")
    page.click("form.policy-in-force button")
    page.wait_for_url("**/example/privacy/2024-09-01/")
    page.goto(sample_url + "example/privacy/history/")
    page.fill("#policy-in-force-date", "2020-01-01")
    page.click("form.policy-in-force button")
    expect(page.locator(".policy-in-force-result")).to_have_text(
        "No version was in force on 2020-01-01: the first took effect on 2024-01-15."
    )


def test_upcoming_notice_is_replaced_once_the_new_version_is_in_force(
    page: Page, sample_url: str
) -> None:
    """Issue 12 item 7: the script added "in force since 2027-03-01" next to the notice
    that it "takes effect on 1 March 2027"; it replaces the state it contradicts."""
    page.clock.set_fixed_time(dt.datetime(2027, 3, 2, 12, 0))
    page.goto(sample_url + "example/privacy/")
    expect(page.locator(".policy-banner--upcoming")).to_have_count(0)
    note = page.locator(".policy-banner--superseded")
    expect(note).to_have_text(
        "A newer version took effect on 1 March 2027; this page still shows the one in force "
        "before it: read the version now in force."
    )
    expect(page.locator("article")).not_to_contain_text("takes effect on")
    note.locator("a").click()
    page.wait_for_url("**/example/privacy/2027-03-01/")
    expect(page.locator(".policy-banner--current")).to_have_text(
        "This version has been in force since 1 March 2027."
    )
    expect(page.locator("article")).not_to_contain_text("takes effect on")


def test_upcoming_notice_stays_quiet_before_the_date(page: Page, sample_url: str) -> None:
    page.clock.set_fixed_time(dt.datetime(2026, 12, 1, 12, 0))
    page.goto(sample_url + "example/privacy/")
    expect(page.locator(".policy-banner--upcoming")).to_be_visible()
    expect(page.locator(".policy-banner--superseded")).to_have_count(0)
