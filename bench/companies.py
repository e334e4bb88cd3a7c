"""The hub dimension of ``make bench``: the same policies and versions per company, more
companies (30, 300, 1,000 by default).

Each hub is built once with the plugin as a hub would run it (a): its navigation bounded
per company (``navigation_companies``, default 20) and searched with Pagefind
(``search: pagefind``); and once with plain mkdocs-material (b) on the same Markdown,
with Material's search and Material's ``navigation.prune`` (which Material recommends
for large navigations; without it, every page of (b) would carry every company's links,
and its output would grow with the square of the hub). Per hub it reports:

- time per page and peak memory (per page, too) of each build;
- output bytes per page, the navigation's bytes per page, the HTML over the articles'
  HTML (what a page carries besides its text), and the largest page;
- the search transfer of a typical query: what Chromium downloads from the first
  keystroke to the results (Pagefind's script, WebAssembly, index chunks and excerpts
  for (a); Material's worker and whole index for (b)).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.hub import HubSize
from bench.measure import BuildResult, run_build
from bench.sites import PLAIN_CONFIG, PLUGIN_CONFIG, Look, write_plain_site, write_plugin_site
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve

DEFAULT_HUBS = (30, 300, 1000)
POLICIES = 3
VERSIONS = 1
QUERY = "personal data"
"""A typical query: words most policies hold, so the index chunks and excerpts load."""
PRUNE = "navigation.prune"

TARGET_NAVIGATION = 20 * 1024
"""(a)'s navigation bytes per page at the largest hub: less than this."""
TARGET_OUTPUT = 2.5
"""(a)'s HTML over its articles' HTML at the largest hub: at most this."""
TARGET_SEARCH = 500 * 1024
"""(a)'s search transfer of a typical query at the largest hub: less than this."""
TARGET_PER_PAGE = 0.2
"""(a)'s time per page at the largest hub within this fraction of that at the smallest."""


@dataclass(frozen=True)
class PageWeights:
    """What the built HTML pages of a site weigh."""

    pages: int
    html: int
    articles: int
    navigation: int
    largest: int
    largest_page: str

    @property
    def navigation_per_page(self) -> float:
        return self.navigation / self.pages

    @property
    def over_articles(self) -> float:
        return self.html / self.articles


@dataclass(frozen=True)
class HubRow:
    size: HubSize
    plugin: BuildResult
    plain: BuildResult
    plugin_pages: PageWeights
    plain_pages: PageWeights
    plugin_search: int
    plain_search: int
    pagefind_memory: int | None
    """Pagefind's indexer's peak memory, when it was more than the rest of (a)'s build."""
    build_memory: int
    """The peak memory of (a)'s build without Pagefind's indexer."""


_PEAKS = re.compile(
    r"peak memory: (?:Pagefind (?P<pagefind>\d+) MiB, the rest of the build (?P<rest>\d+)"
    r"|(?P<all>\d+)) MiB"
)


def memory_split(log: str) -> tuple[int | None, int]:
    """(Pagefind's indexer, the rest of the build), in bytes, from a build's log."""
    found = _PEAKS.search(log)
    if found is None:
        raise ValueError("the build's log names no peak memory: was it run with -q?")
    if found.group("all"):
        return None, int(found.group("all")) << 20
    return int(found.group("pagefind")) << 20, int(found.group("rest")) << 20


def _element(text: str, start: int, tag: str) -> int:
    """Bytes of the element opening at ``start`` (nested elements of its tag included)."""
    depth = 0
    position = start
    opening, closing = f"<{tag}", f"</{tag}>"
    while True:
        next_open = text.find(opening, position + 1)
        next_close = text.find(closing, position + 1)
        if next_close < 0:
            return len(text) - start
        if 0 <= next_open < next_close:
            depth += 1
            position = next_open
            continue
        if depth == 0:
            return next_close + len(closing) - start
        depth -= 1
        position = next_close


def page_weights(site_dir: Path) -> PageWeights:
    """Sizes of the HTML pages of a built site (``index.html`` files)."""
    pages = html_bytes = articles = navigation = largest = 0
    largest_page = ""
    for path in site_dir.rglob("index.html"):
        text = path.read_text("utf-8")
        size = len(text.encode("utf-8"))
        pages += 1
        html_bytes += size
        if size > largest:
            largest, largest_page = size, path.parent.relative_to(site_dir).as_posix() + "/"
        article = text.find("<article")
        if article >= 0:
            articles += _element(text, article, "article")
        primary = text.find('<nav class="md-nav md-nav--primary"')
        if primary >= 0:
            navigation += _element(text, primary, "nav")
    return PageWeights(pages, html_bytes, articles, navigation, largest, largest_page)


def search_transfer(
    site_dir: Path, start: str, search: Callable[[Any], None], files: re.Pattern[str]
) -> int:
    """Bytes of the search's files (``files``) Chromium downloads from opening ``start``
    (a path below the site) through the results of ``search(page)``: Material fetches its
    whole index as a page loads, Pagefind its chunks as the query runs."""
    from playwright.sync_api import sync_playwright

    with serve(site_dir) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        sizes: dict[str, int] = {}

        def finished(request: Any) -> None:
            if files.search(request.url):
                sizes[request.url] = request.sizes()["responseBodySize"]

        page.on("requestfinished", finished)
        page.goto(url + start)
        search(page)
        page.wait_for_load_state("networkidle")
        browser.close()
    return sum(sizes.values())


PAGEFIND_FILES = re.compile(r"/pagefind/|/search/facets\.json$|/assets/policies/search\.")
MATERIAL_FILES = re.compile(r"/search/search_index\.json$|/workers/search\.")


def _pagefind_search(page: Any) -> None:
    page.wait_for_function(
        "() => /match|No page/.test(document.getElementById('policy-search-status').textContent)"
    )


def _material_search(page: Any) -> None:
    page.keyboard.press("/")
    page.keyboard.type(QUERY)
    page.wait_for_function(
        "() => /matching|No matching/i.test("
        "document.querySelector('.md-search-result__meta').textContent)"
    )


def measure_hubs(
    sizes: Sequence[HubSize],
    hubs: dict[HubSize, Path],
    work: Path,
    look: Look,
    pythonpath: Sequence[Path],
) -> list[HubRow]:
    rows = []
    for size in sizes:
        site = work / f"companies-{size}"
        if site.exists():
            shutil.rmtree(site)
        shutil.copytree(hubs[size], site / "policies")
        write_plugin_site(
            site, look, {"production": False, "search": "pagefind", "pdf": False}, search=False
        )
        pruned = look.with_features([*dict.fromkeys([*look.features, PRUNE])])
        write_plain_site(site, pruned)
        plugin = run_build(site, PLUGIN_CONFIG, site / "out-a", pythonpath=pythonpath, quiet=False)
        pagefind_memory, build_memory = memory_split((site / "out-a.log").read_text("utf-8"))
        plain = run_build(site, PLAIN_CONFIG, site / "out-b", pythonpath=pythonpath)
        rows.append(
            HubRow(
                size,
                plugin,
                plain,
                page_weights(site / "out-a"),
                page_weights(site / "out-b"),
                search_transfer(
                    site / "out-a",
                    "search/?q=" + QUERY.replace(" ", "+"),
                    _pagefind_search,
                    PAGEFIND_FILES,
                ),
                search_transfer(site / "out-b", "", _material_search, MATERIAL_FILES),
                pagefind_memory,
                build_memory,
            )
        )
        shutil.rmtree(site)
    return rows


def _kib(size: float) -> str:
    return f"{size / 1024:,.0f}"


def print_hubs(rows: Sequence[HubRow]) -> None:
    print()
    print(
        f"hubs: more companies x {POLICIES} policies x {VERSIONS} version; (a) plugin with "
        "bounded navigation and Pagefind, (b) plain Material with navigation.prune and its "
        "search; one build of each"
    )
    print(
        f"{'companies':>9}{'pages':>7}{'ms/page a':>10}{'b':>7}{'RSS MiB a':>10}{'b':>6}"
        f"{'a w/o Pagefind':>15}"
        f"{'KiB/page a':>11}{'b':>6}{'nav KiB a':>10}{'b':>6}{'html/art a':>11}{'b':>6}"
        f"{'largest KiB a':>14}{'search KiB a':>13}{'b':>7}"
    )
    for row in rows:
        a, b = row.plugin, row.plain
        print(
            f"{row.size.companies:>9}{a.pages:>7}"
            f"{1000 * a.seconds / a.pages:>10.2f}{1000 * b.seconds / b.pages:>7.2f}"
            f"{a.peak_rss / 2**20:>10.0f}{b.peak_rss / 2**20:>6.0f}"
            f"{row.build_memory / 2**20:>15.0f}"
            f"{_kib(a.output_bytes / a.pages):>11}{_kib(b.output_bytes / b.pages):>6}"
            f"{_kib(row.plugin_pages.navigation_per_page):>10}"
            f"{_kib(row.plain_pages.navigation_per_page):>6}"
            f"{row.plugin_pages.over_articles:>11.2f}{row.plain_pages.over_articles:>6.2f}"
            f"{_kib(row.plugin_pages.largest):>14}"
            f"{_kib(row.plugin_search):>13}{_kib(row.plain_search):>7}"
        )


def print_hub_targets(rows: Sequence[HubRow]) -> None:
    """One line per target of issue 14, at the largest hub (and against the smallest)."""
    if not rows:
        return
    small, large = rows[0], rows[-1]
    count = large.size.companies

    def met(ok: bool) -> str:
        return "met" if ok else "NOT met"

    navigation = large.plugin_pages.navigation_per_page
    print(
        f"target navigation per page at {count} companies < {_kib(TARGET_NAVIGATION)} KiB: "
        f"{navigation / 1024:.1f} KiB {met(navigation < TARGET_NAVIGATION)}"
    )
    over = large.plugin_pages.over_articles
    print(
        f"target HTML / articles at {count} companies <= {TARGET_OUTPUT:.1f}: {over:.2f} "
        f"{met(over <= TARGET_OUTPUT)} (largest page {_kib(large.plugin_pages.largest)} KiB, "
        f"{large.plugin_pages.largest_page})"
    )
    print(
        f"target search transfer at {count} companies < {_kib(TARGET_SEARCH)} KiB: "
        f"{_kib(large.plugin_search)} KiB {met(large.plugin_search < TARGET_SEARCH)} "
        f"((b): {_kib(large.plain_search)} KiB)"
    )
    per_page = (large.plugin.seconds / large.plugin.pages) / (
        small.plugin.seconds / small.plugin.pages
    )
    print(
        f"target (a) time per page at {count} / at {small.size.companies} companies within "
        f"+-{TARGET_PER_PAGE:.0%}: {per_page:.2f} {met(abs(per_page - 1) <= TARGET_PER_PAGE)}"
    )
    rss_a = large.plugin.peak_rss / large.plugin.pages
    rss_b = large.plain.peak_rss / large.plain.pages
    without = large.build_memory / large.plugin.pages
    print(
        f"target (a) peak RSS per page at {count} companies <= (b)'s: {rss_a / 1024:.0f} KiB "
        f"vs {rss_b / 1024:.0f} KiB {met(rss_a <= rss_b)} (without Pagefind's indexer: "
        f"{without / 1024:.0f} KiB {met(without <= rss_b)})"
    )
