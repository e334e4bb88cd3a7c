"""A whole build in one call, without MkDocs: the pages, the files beside them, the nav.

:func:`build_site` is what the MkDocs adapter runs once per build; it returns
a frozen :class:`SiteBuild` the hooks read from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from generator.content.library import Library, load_library
from generator.model import NumberingStyle
from generator.publish.feeds import FeedLink, build_feeds, feed_links
from generator.publish.pdf import PdfVersion, pdf_versions
from generator.publish.print_css import print_files
from generator.publish.search import facet_labels
from generator.publish.versions_json import PublishedFile, versions_files
from generator.releases.integrity import check_integrity
from generator.site import urls
from generator.site.build import build_versions
from generator.site.compose import PolicyPages
from generator.site.page import SearchEntry, SitePage
from generator.site.pages.hub import company_markdown, home_markdown, navigation
from generator.site.pages.search import search_markdown

ASSETS = ("policies.css", "policies.js", "jsdiff.js", "compare.js", "search.js")
"""The plugin's own stylesheet and scripts (``generator/site/assets/``): every page loads
the first two, the compare page and the search page the others (:attr:`SitePage.scripts`)."""

SearchEngine = Literal["material", "pagefind"]


@dataclass(frozen=True)
class BuildOptions:
    """What a build depends on besides the policies folder's content."""

    policies_dir: Path
    root: Path
    """The project folder: paths in messages are relative to it."""
    today: dt.date
    production: bool
    numbering: NumberingStyle = "decimal"
    cache_dir: Path | None = None
    home_title: str = "Policies"
    site_url: str = ""
    site_name: str = ""
    navigation_companies: int = 20
    """Beyond this many companies, the home page is a company index by letter."""
    search: SearchEngine = "material"
    """Material's search (its plugin indexes the pages) or Pagefind's chunked index, with
    the generator's search page."""
    pdf: bool = False
    """Publish a PDF of every released version (made as the pages are written)."""


@dataclass(frozen=True)
class SiteBuild:
    """Everything a build publishes, as data."""

    library: Library
    policies: Mapping[str, PolicyPages]
    policy_pages: Mapping[str, SitePage]
    """The pages of every policy (current, dated, comparisons, histories), by source path."""
    hub_pages: tuple[SitePage, ...]
    """The home page, the company pages (titled by their first heading) and the search
    page of a site searched with Pagefind."""
    files: tuple[PublishedFile, ...]
    """Feeds, JSON and the plugin's assets, published as they are."""
    nav: list[Any]
    feed_links: Mapping[str, Sequence[FeedLink]]
    """The feeds each page advertises, by source path."""
    pdfs: Mapping[str, PdfVersion] = field(default_factory=dict)
    """The PDF of every released version, by the source path of its dated page, which it
    is printed from once that page is finished; empty when PDFs are off."""

    def hub_page(self, src_uri: str) -> SitePage | None:
        """The home, company or search page at ``src_uri``, if it is one."""
        return self._hub_pages_by_path.get(src_uri)

    @cached_property
    def _hub_pages_by_path(self) -> dict[str, SitePage]:
        return {page.src_uri: page for page in self.hub_pages}

    @property
    def drafts(self) -> list[str]:
        """The policies shown as unreleased drafts (never in production)."""
        return [item.policy.display_path for item in self.policies.values() if item.draft]


def build_site(options: BuildOptions) -> SiteBuild:
    """Load and check ``policies/``, and make every page and file of the site."""
    library = load_library(options.policies_dir, options.root)
    ledgers = check_integrity(library)
    policies = build_versions(
        library,
        options.today,
        production=options.production,
        default_numbering=options.numbering,
        cache_dir=options.cache_dir,
        pdf=options.pdf,
    )
    summaries = {key: item.summary(options.today) for key, item in policies.items()}
    hub_pages = (
        SitePage(
            urls.HOME_PAGE,
            options.home_title,
            home_markdown(library, options.home_title, summaries, options.navigation_companies),
            "home",
        ),
        *(
            SitePage(
                urls.company_page(slug),
                company.name,
                company_markdown(library, slug, summaries),
                "company",
                search=SearchEntry(slug),
            )
            for slug, company in library.companies.items()
        ),
        *(
            (
                SitePage(
                    urls.SEARCH_PAGE,
                    "Search",
                    search_markdown(),
                    "search",
                    indexed=False,
                    scripts=("search.js",),
                ),
            )
            if options.search == "pagefind"
            else ()
        ),
    )
    files = [
        *build_feeds(library, policies, options.site_url, options.site_name),
        *versions_files(
            library,
            policies,
            options.site_url,
            {k: v.head for k, v in ledgers.items()},
            pdf=options.pdf,
        ),
        *(
            PublishedFile(asset_path(name), _asset(name))
            for name in ASSETS
            if name != "search.js" or options.search == "pagefind"
        ),
        *print_files(library, policies, options.site_url),
    ]
    if options.search == "pagefind":
        files.append(PublishedFile(urls.SEARCH_FACETS, facet_labels(library).encode("utf-8")))
    return SiteBuild(
        library,
        policies,
        {page.src_uri: page for item in policies.values() for page in item.pages},
        hub_pages,
        tuple(files),
        navigation(library, options.home_title),
        feed_links(library, policies, options.site_name),
        pdf_versions(library, policies, options.site_url) if options.pdf else {},
    )


def asset_path(name: str) -> str:
    """Where one of :data:`ASSETS` is published: named by a hash of its content, so that
    it is cached for good (``_headers``) and every page links the file of its build."""
    return urls.fingerprinted_asset(name, _asset(name))


def _asset(name: str) -> bytes:
    return resources.files("generator.site").joinpath("assets", name).read_bytes()
