"""The chunked site search (``search: pagefind``, issue 14): what is indexed with which
facets, the search page in a real browser (results, facets, dated copies, keyboard,
axe, CSP), what a query downloads, and author text in the results."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import html
from playwright.sync_api import Browser, Page, expect

from tests.browser import axe_violations
from tests.helpers import ROOT, SAMPLE_DATE_EPOCH, error_lines, mkdocs_build, parse_page
from tests.hostile import COMPANY_NAME, POLICY_TITLE, build_hostile_sources
from tests.netlify import NetlifySite, parse_headers_file, serve_like_netlify
from tests.sample_preview import copy_sample
from tests.sites import edit, release_history, release_now, use_pagefind

ENV = {"SOURCE_DATE_EPOCH": SAMPLE_DATE_EPOCH}
GONE_WORD = "quokka"
"""A word only the dated copy of one earlier version holds (see :func:`search_site`)."""
MOST_TRANSFER = 500 * 1024
"""What a reader's first search may download (issue 14)."""
CSP_WATCH = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site searched with Pagefind, with two more releases of the Example Co.
    cookie policy: the first adds :data:`GONE_WORD`, the second takes it out again."""
    site = copy_sample(tmp_path_factory.mktemp("pagefind") / "site")
    use_pagefind(site)
    cookies = site / "policies/example/cookies.md"
    edit(cookies, "for 12 months.", f"for 12 months, as a {GONE_WORD} would.")
    release_now(site, "example/cookies", "2025-02-01", "A comparison.")
    edit(cookies, f", as a {GONE_WORD} would.", ".")
    release_now(site, "example/cookies", "2025-06-01", "The comparison goes.")
    return site


@pytest.fixture(scope="module")
def search_build(search_site: Path) -> Path:
    output = search_site.parent / "out"
    result = mkdocs_build(search_site, output, ENV)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return output


@pytest.fixture(scope="module")
def search_url(search_build: Path) -> Iterator[str]:
    with serve_like_netlify(NetlifySite.load(ROOT / "netlify.toml", search_build)) as url:
        yield url


def facets(page: html.HtmlElement) -> dict[str, str]:
    """The Pagefind filters and metadata of a built page, by name."""
    found = {}
    for kind in ("filter", "meta"):
        for element in page.xpath(f"//*[@data-pagefind-{kind}]"):
            found[f"{kind}:{element.get(f'data-pagefind-{kind}')}"] = element.text_content()
    return found


def bodies(page: html.HtmlElement) -> list[html.HtmlElement]:
    return page.xpath("//*[@data-pagefind-body]")


# --- what is indexed ---------------------------------------------------------------------


def test_a_policy_page_is_indexed_with_its_company_policy_and_title(search_build: Path) -> None:
    page = parse_page(search_build / "example/privacy/index.html")
    assert [body.tag for body in bodies(page)] == ["article"]
    assert facets(page) == {
        "meta:title": "Example Co. Privacy Policy",
        "meta:version": "1 September 2024",
        "filter:company": "example",
        "filter:policy": "privacy",
        "filter:text": "current",
        "filter:version": "2024-09-01",
    }
    # The facets are not words of the page.
    (holder,) = page.xpath("//*[@data-pagefind-filter='company']/..")
    assert holder.get("hidden") is not None and holder.get("data-pagefind-ignore") is not None


def test_a_dated_copy_is_indexed_as_archived_with_its_version(search_build: Path) -> None:
    page = parse_page(search_build / "example/privacy/2024-01-15/index.html")
    assert len(bodies(page)) == 1
    assert facets(page) == {
        "meta:title": "Example Co. Privacy Policy (15 January 2024)",
        "meta:version": "15 January 2024",
        "filter:company": "example",
        "filter:policy": "privacy",
        "filter:text": "archived",
        "filter:version": "2024-01-15",
    }
    # Still out of search engines.
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]


def test_the_search_page_names_the_facets_slugs(search_build: Path) -> None:
    labels = json.loads((search_build / "search/facets.json").read_text("utf-8"))
    assert labels["company"]["example"] == "Example Co."
    assert labels["company"]["mono"] == "mono.net"
    assert labels["policy"]["privacy"] == "Privacy Policy"
    assert labels["policy"]["cookies"] == "Cookie Policy"


def test_the_dated_copy_of_the_text_a_policy_page_shows_is_not_indexed_twice(
    search_build: Path,
) -> None:
    """The policy's own page is searched as that version (its date a facet), so a search
    of the dated copies finds the text in force once, at the policy's address; and a hub's
    indexer holds one page per policy less (issue 14: its memory grows with pages)."""
    in_force = parse_page(search_build / "example/privacy/2024-09-01/index.html")
    assert bodies(in_force) == [] and facets(in_force) == {}
    assert len(bodies(parse_page(search_build / "example/privacy/2027-03-01/index.html"))) == 1


@pytest.mark.parametrize(
    "path",
    ["example/privacy/history/", "example/privacy/2024-09-01/changes/", "search/", ""],
)
def test_histories_comparisons_and_the_search_page_are_not_indexed(
    search_build: Path, path: str
) -> None:
    assert bodies(parse_page(search_build / path / "index.html")) == []


def test_the_index_holds_the_marked_pages_and_none_of_pagefinds_own_interfaces(
    search_build: Path,
) -> None:
    marked = [path for path in search_build.rglob("index.html") if bodies(parse_page(path))]
    index = search_build / "pagefind"
    assert len(list((index / "fragment").iterdir())) == len(marked)
    assert (index / "pagefind.js").is_file() and (index / "pagefind-worker.js").is_file()
    assert not [path.name for path in index.glob("pagefind-*ui*")]
    assert not (index / "pagefind-highlight.js").exists()


def test_every_page_has_the_header_search_box_leading_to_the_search_page(
    search_build: Path,
) -> None:
    for path in [*search_build.rglob("index.html"), search_build / "404.html"]:
        forms = parse_page(path).xpath("//header//form[@role='search']")
        assert len(forms) == 1, path
        action = forms[0].get("action")
        if path.name == "404.html":
            assert action == "/search/"
        else:
            target = (path.parent / action).resolve() / "index.html"
            assert target == (search_build / "search/index.html").resolve(), path
        assert forms[0].xpath(".//input[@name='q']/@aria-label") == ["Search the policies"]


def test_the_csp_allows_webassembly_and_nothing_more(search_build: Path) -> None:
    rules = dict(parse_headers_file((search_build / "_headers").read_text("utf-8")))
    csp = rules["/*"]["Content-Security-Policy"]
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in csp
    assert "'unsafe-eval'" not in csp and "'unsafe-inline'" not in csp
    for folder in ("fragment", "index", "filter"):
        assert rules[f"/pagefind/{folder}/*"]["Cache-Control"].endswith("immutable")


def test_index_chunks_are_named_by_their_content(search_site: Path, tmp_path: Path) -> None:
    """The immutable caching of the chunks is right only if a changed chunk gets a new name:
    two builds of the same pages give the same names, and a changed page a new fragment."""
    first = tmp_path / "first"
    second = tmp_path / "second"
    assert mkdocs_build(search_site, first, ENV).returncode == 0
    fragments = {path.name for path in (first / "pagefind/fragment").iterdir()}
    site = tmp_path / "site"
    shutil.copytree(search_site, site)
    assert mkdocs_build(site, second, ENV).returncode == 0
    assert {path.name for path in (second / "pagefind/fragment").iterdir()} == fragments
    edit(site / "policies/mono/privacy.md", "third-party", "third party")
    third = tmp_path / "third"
    assert mkdocs_build(site, third, ENV).returncode == 0
    changed = {path.name for path in (third / "pagefind/fragment").iterdir()}
    # The policy's page shows the draft now, and the released text's dated copy, which it
    # no longer repeats, is searched on its own: one fragment more.
    assert len(changed - fragments) >= 2 and len(changed) == len(fragments) + 1


def test_material_search_with_pagefind_is_one_clear_error(site: Path, tmp_path: Path) -> None:
    use_pagefind(site)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("plugins:\n", "plugins:\n  - search\n"))
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert error_lines(result.stderr) == [
        "mkdocs.yml: the policies option 'search: pagefind' replaces Material's search: "
        "remove '- search' from 'plugins'"
    ]


def test_material_search_stays_the_default(sample_site: Path) -> None:
    assert (sample_site / "search/search_index.json").is_file()
    assert not (sample_site / "pagefind").exists()
    page = parse_page(sample_site / "example/privacy/index.html")
    assert bodies(page) == [] and page.xpath("//form[@class='policy-search-box']") == []


# --- in a browser ---------------------------------------------------------------------------


def watched(page: Page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.add_init_script(CSP_WATCH)
    return problems


def results(page: Page) -> list[str]:
    return [
        " ".join(text.split()) for text in page.locator(".policy-search__title").all_inner_texts()
    ]


def test_the_header_box_finds_current_texts_titled_with_their_company(
    page: Page, search_url: str
) -> None:
    problems = watched(page)
    page.goto(search_url + "/example/privacy/")
    box = page.locator("header form[role=search] input")
    box.fill("cookies")
    box.press("Enter")
    expect(page.locator("#policy-search-status")).to_contain_text("match “cookies”")
    found = results(page)
    assert "Example Co. Cookie Policy" in found and "mono.net Privacy Policy" in found
    # No dated copy among the default results.
    hrefs = page.locator(".policy-search__title a").evaluate_all("l => l.map(a => a.href)")
    assert hrefs and not [h for h in hrefs if re.search(r"/\d{4}-\d{2}-\d{2}/", h)]
    marks = page.locator(".policy-search__excerpt mark").all_inner_texts()
    assert marks and all("cookie" in mark.lower() for mark in marks)
    assert page.evaluate("window.__csp") == [] and problems == []
    assert axe_violations(page) == []


def test_a_word_only_an_earlier_version_held_is_found_in_its_dated_copy_on_request(
    page: Page, search_url: str
) -> None:
    page.goto(search_url + f"/search/?q={GONE_WORD}")
    expect(page.locator("#policy-search-status")).to_have_text(f"No page matches “{GONE_WORD}”.")
    page.get_by_label("Also search the dated copies").check()
    expect(page.locator("#policy-search-status")).to_have_text(
        f"1 page matches “{GONE_WORD}” (dated copies included)."
    )
    assert results(page) == ["Example Co. Cookie Policy (1 February 2025)"]
    expect(page.locator(".policy-search__facts")).to_have_text(
        "Dated copy of the version in force from 1 February 2025"
    )
    # The address keeps the search, so it can be shared.
    assert page.url.endswith(f"/search/?q={GONE_WORD}&archived=1")
    version = page.get_by_label("Version in force from")
    assert "1 February 2025" in version.locator("option").all_inner_texts()
    version.select_option("2025-06-01")
    expect(page.locator("#policy-search-status")).to_have_text(
        f"No page matches “{GONE_WORD}” (dated copies included)."
    )
    expect(page.locator(".policy-search__title a")).to_have_count(0)
    version.select_option("2025-02-01")
    expect(page.locator(".policy-search__title a")).to_have_count(1)
    page.locator(".policy-search__title a").click()
    expect(page).to_have_url(re.compile(r"/example/cookies/2025-02-01/$"))


def test_the_company_facet_narrows_and_is_kept_in_the_address(page: Page, search_url: str) -> None:
    page.goto(search_url + "/search/?q=cookies&company=mono")
    expect(page.locator("#policy-search-status")).to_contain_text("match")
    assert results(page) and all(title.startswith("mono.net") for title in results(page))
    assert page.get_by_label("Company").input_value() == "mono"
    expect(page.get_by_label("Company").locator("option:checked")).to_have_text("mono.net")
    page.get_by_label("Company").select_option("")
    expect(page.locator(".policy-search__title", has_text="Example Co.").first).to_be_visible()
    assert "company=" not in page.url


def test_the_search_is_usable_with_the_keyboard_alone(page: Page, search_url: str) -> None:
    page.goto(search_url + "/search/")
    expect(page.get_by_label("Search for")).to_be_focused()
    page.keyboard.type("retention")
    page.keyboard.press("Enter")
    expect(page.locator("#policy-search-status")).to_contain_text("match “retention”")
    # Tab from the query reaches the button, the facets, then the results' links.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Search", exact=True).last).to_be_focused()
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(page.get_by_label("Also search the dated copies")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#policy-search-status")).to_contain_text("dated copies included")
    assert axe_violations(page) == []


def test_a_first_search_downloads_less_than_500_kb(browser: Browser, search_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}
    page.on("requestfinished", lambda r: sizes.__setitem__(r.url, r.sizes()["responseBodySize"]))
    page.goto(search_url + "/search/?q=personal+data")
    expect(page.locator("#policy-search-status")).to_contain_text("match")
    page.wait_for_load_state("networkidle")
    searched = sum(size for url, size in sizes.items() if "/pagefind/" in url)
    assert 0 < searched < MOST_TRANSFER
    context.close()


def test_without_javascript_the_page_says_what_to_do(browser: Browser, search_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(search_url + "/search/?q=cookies")
    expect(page.locator(".policy-search__noscript")).to_contain_text("needs JavaScript")
    page.locator(".policy-search__noscript a").click()
    expect(page).to_have_url(search_url + "/")
    context.close()


# --- author text ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_search_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("hostile-search")
    site = build_hostile_sources(folder / "site")
    use_pagefind(site)
    output = folder / "out"
    result = mkdocs_build(site, output)
    assert result.returncode == 0, result.stderr
    with serve_like_netlify(NetlifySite.load(ROOT / "netlify.toml", output)) as url:
        yield url


def test_author_text_in_results_and_facets_is_text(page: Page, hostile_search_url: str) -> None:
    problems = watched(page)
    page.on("dialog", lambda dialog: problems.append("dialog: " + dialog.message))
    page.goto(hostile_search_url + "/search/?q=text")
    expect(page.locator("#policy-search-status")).to_contain_text("match")
    company = page.get_by_label("Company")
    assert COMPANY_NAME in company.locator("option").all_inner_texts()
    company.select_option(label=COMPANY_NAME)
    expect(page.locator(".policy-search__title").first).to_be_visible()
    titles = results(page)
    assert any(" ".join(POLICY_TITLE.split()) in title for title in titles), titles
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator(".policy-search__results img, .policy-search__results script").count() == 0
    assert page.evaluate("window.__csp") == [] and problems == []


def test_a_corrected_version_s_latest_text_is_indexed_once(site: Path, tmp_path: Path) -> None:
    """A correction's latest text is the one the dated page (here the policy's own page)
    shows: its revision page repeated those results; the earlier text stays searchable."""
    release_history(site, until=3)
    edit(site / "policies/acme/cookies.md", "Small files.", "Small text files.")
    release_now(site, "acme/cookies", "2024-04-01", "Wording.", editorial=True)
    use_pagefind(site, "      today: '2025-06-01'\n")
    result = mkdocs_build(site, tmp_path / "out", ENV)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out/acme/cookies"
    indexed = {
        path.parent.relative_to(out).as_posix()
        for path in out.rglob("index.html")
        if bodies(parse_page(path))
    }
    assert indexed == {".", "2024-04-01/revision-1"}
    assert (out / "2024-04-01/revision-2/index.html").is_file()
