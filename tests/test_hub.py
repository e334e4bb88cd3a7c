"""A hub of many companies (issue 14): pages whose navigation does not grow with the
number of companies, and a home page that stays a usable company index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html
from playwright.sync_api import Page, expect

from tests.browser import serve
from tests.helpers import ROOT, SAMPLE_DATE_EPOCH, mkdocs_build, parse_page

ENV = {"SOURCE_DATE_EPOCH": SAMPLE_DATE_EPOCH}


def navigation(page: html.HtmlElement) -> list[str]:
    """The titles of the primary navigation's links (not the page's own table of contents,
    which Material shows inside it)."""
    links = page.xpath(
        "//nav[contains(@class, 'md-nav--primary')]//a[contains(@class, 'md-nav__link')]"
        "[not(ancestor::nav[contains(@class, 'md-nav--secondary')])]"
    )
    return [" ".join(link.text_content().split()) for link in links]


@pytest.fixture(scope="module")
def hub_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built as a hub: beyond 2 companies, bounded navigation."""
    site = tmp_path_factory.mktemp("hub") / "site"
    site.mkdir()
    for name in ("policies", "overrides"):
        shutil.copytree(ROOT / name, site / name)
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    (site / "mkdocs.yml").write_text(
        config.replace(
            "cache_dir: .cache/policies",
            "cache_dir: .cache/policies\n      navigation_companies: 2",
        ),
        "utf-8",
    )
    result = mkdocs_build(site, site / "out", ENV)
    assert result.returncode == 0, result.stderr
    return site / "out"


@pytest.mark.parametrize(
    "path",
    [
        "example/privacy/index.html",
        "example/privacy/2024-01-15/index.html",
        "example/privacy/2024-09-01/changes/index.html",
        "example/privacy/history/index.html",
        "example/index.html",
    ],
)
def test_a_hub_page_lists_its_own_company_only(hub_build: Path, path: str) -> None:
    assert navigation(parse_page(hub_build / path)) == [
        "Policies",
        "Example Co.",
        "Example Co. Cookie Policy",
        "Example Co. Privacy Policy",
    ]


def test_the_hub_home_page_lists_no_company_in_its_navigation(hub_build: Path) -> None:
    assert navigation(parse_page(hub_build / "index.html")) == ["Policies"]


def test_a_small_site_keeps_the_whole_navigation(sample_site: Path) -> None:
    titles = navigation(parse_page(sample_site / "example/privacy/index.html"))
    assert "Mindlink Software Privacy Policy" in titles and "Example Co. Cookie Policy" in titles


def test_a_hub_home_page_is_a_company_index_by_letter(hub_build: Path) -> None:
    home = parse_page(hub_build / "index.html")
    groups = home.xpath("//section[contains(@class, 'policy-index__group')]")
    assert [group.get("id") for group in groups] == ["letter-c", "letter-e", "letter-m"]
    assert [" ".join(li.text_content().split()) for li in groups[2].xpath(".//li")] == [
        "Mindlink Software (1 policy)",
        "MNX.io (1 policy)",
        "mono.net (1 policy)",
        "MPNT (1 policy)",
    ]
    assert groups[1].xpath(".//a/@href") == ["example/"]
    jumps = home.xpath("//div[@class='policy-index']/p[1]/a/@href")
    assert jumps == ["#letter-c", "#letter-e", "#letter-m", "#"]


def test_the_company_index_filters_by_letter_and_by_name(hub_build: Path, page: Page) -> None:
    with serve(hub_build) as url:
        page.goto(url + "#letter-m")
        # A letter shows its group alone, by CSS alone.
        expect(page.locator("#letter-c")).to_be_hidden()
        expect(page.locator("#letter-m")).to_be_visible()
        page.goto(url)
        page.fill("#policy-filter", "mn")
        expect(page.locator(".policy-filter-result")).to_have_text("1 company")
        expect(page.locator("li[data-name='mnx.io']")).to_be_visible()
        expect(page.locator("#letter-e")).to_be_hidden()


def test_the_hub_404_page_leads_to_the_company_index_instead_of_listing_them(
    hub_build: Path, sample_site: Path
) -> None:
    def help_links(site: Path) -> list[str]:
        page = parse_page(site / "404.html")
        return page.xpath("//div[@class='policy-not-found']//a/@href")

    assert help_links(hub_build) == ["/"]
    hub_help = parse_page(hub_build / "404.html").xpath("//div[@class='policy-not-found']")[0]
    assert "index of all 6 companies" in " ".join(hub_help.text_content().split())
    # A small site lists each company and offers the lookup by date.
    assert "/example/" in help_links(sample_site)
    assert parse_page(sample_site / "404.html").xpath("//form[@class='policy-lookup']")
