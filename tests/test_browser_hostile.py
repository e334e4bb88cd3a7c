"""No author-written script runs, in headless Chromium, on a site full of hostile text.

The hostile site (:mod:`tests.hostile`) is built with ``mkdocs build --strict`` and served
as Netlify serves it (``tests/netlify.py``: the headers of ``netlify.toml`` and the
generated ``_headers``, with its CSP). Every kind of page is loaded, 404 included, and the
site search is opened and typed into, so that titles are shown in search results too; no
dialog may open, no payload may set ``window.__pwned``, and the browser may report no
violation of the CSP (report of 2026-11-30, sections 1-3, and the 404 page's CSP).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, expect

from tests.helpers import ROOT, mkdocs_build
from tests.hostile import (
    CODE,
    COMPANY_NAME,
    LINKED_TITLE,
    POLICY_TITLE,
    SECTION_CODE,
    SUMMARIES,
    build_hostile_sources,
)
from tests.netlify import NetlifySite, serve_like_netlify

# The Playwright fixtures are moving from conftest.py to tests/browser.py: use them from
# there once they are there.
with contextlib.suppress(ImportError):
    from tests.browser import browser_fixture  # type: ignore[attr-defined]  # noqa: F401

PAGES = {
    "home": ("/", 200),
    "company": ("/zz/", 200),
    "current policy": ("/zz/p/", 200),
    "dated version": ("/zz/p/2024-05-01/", 200),
    "comparison": ("/zz/p/2024-06-01/changes/", 200),
    "history": ("/zz/p/history/", 200),
    "compare": ("/zz/p/compare/?from=2024-05-01&to=2024-06-01", 200),
    "plain title": ("/zz/q/", 200),
    "404": ("/no/such/page/", 404),
}

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample));
"""
"""Collects every CSP violation the page reports, from before its first script runs."""

INJECTED = """() => [
    ...document.querySelectorAll('a[href^="javascript:" i], [src^="javascript:" i]'),
    ...[...document.querySelectorAll('*')].filter(
        e => [...e.attributes].some(a => a.name.startsWith('on'))),
].map(e => e.outerHTML.slice(0, 80))"""
"""Links to scripts and event-handler attributes anywhere in the page."""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hostile site, built and served like Netlify."""
    folder = tmp_path_factory.mktemp("hostile-browser")
    site = build_hostile_sources(folder / "site")
    output = folder / "out"
    result = mkdocs_build(site, output)
    assert result.returncode == 0, result.stderr
    with serve_like_netlify(NetlifySite.load(ROOT / "netlify.toml", output)) as url:
        yield url


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_author_script_runs_and_the_csp_holds(
    browser: Browser, hostile_url: str, name: str
) -> None:
    path, status = PAGES[name]
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # A 404 page logs its own status as an error; anything else is a problem.
        if "Content Security Policy" in message.text or (message.type == "error" and status == 200):
            problems.append(message.text)

    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.add_init_script(WATCH)
    response = page.goto(hostile_url + path)
    assert response is not None and response.status == status
    assert "script-src 'self' 'sha256-" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    # Search results show titles too: open the search and look for the hostile ones.
    page.keyboard.press("/")
    page.wait_for_load_state("networkidle")
    page.keyboard.type("Pol", delay=20)
    page.wait_for_timeout(800)
    results = page.locator(".md-search-result__item")
    assert results.count() > 0, "the search found nothing: the check below saw no results"
    seen = {
        "dialogs": dialogs,
        "window.__pwned": page.evaluate("window.__pwned ?? null"),
        "CSP violations": page.evaluate("window.__csp"),
        "console errors": problems,
        "script links and handlers": page.evaluate(INJECTED),
    }
    context.close()
    assert seen == {
        "dialogs": [],
        "window.__pwned": None,
        "CSP violations": [],
        "console errors": [],
        "script links and handlers": [],
    }


def test_the_hostile_site_is_the_one_under_test(hostile_url: str, browser: Browser) -> None:
    """The payloads are on the pages, as text (a guard against checking an empty site)."""
    page = browser.new_page()
    page.goto(hostile_url + "/zz/p/")
    text = page.locator("article").inner_text()
    assert '<script>window.__pwned="summary2"' in text
    assert '<script>window.__pwned="code"' in text
    page.close()


def test_the_compare_page_writes_author_text_as_text(hostile_url: str, browser: Browser) -> None:
    """The compare page's script builds the comparison from the published JSON, where an
    author's markup is plain text: it stays text, in titles, sections and the change log."""
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH)
    page.goto(hostile_url + "/zz/p/compare/?from=2024-05-01&to=2024-06-01")
    output = page.locator(".policy-compare-output")
    expect(output.locator("#second .diff-body")).to_have_text(
        f"Text two, changed: {SECTION_CODE.strip('`')}."
    )
    expect(output.locator("#second ins").first).to_have_text(re.compile("^, changed: <img "))
    # An unchanged section, whose text holds a cross-link to a title full of markup.
    expect(output.locator("details#first > p")).to_contain_text(
        f"{LINKED_TITLE}, section 1, Section."
    )
    expect(output.locator("#_opening-text > p")).to_contain_text(f"Intro with {CODE.strip('`')}")
    assert SUMMARIES[1].split()[0] in output.locator(".diff-why").inner_text()
    assert "<script>" in output.locator(".diff-why").inner_text()
    # Nothing of it became an element, and nothing ran.
    assert output.locator("img, script, b").count() == 0
    assert page.evaluate("window.__pwned ?? null") is None
    assert dialogs == [] and page.evaluate("window.__csp") == []
    assert page.title().startswith(f"{COMPANY_NAME} {POLICY_TITLE}")
    page.close()
