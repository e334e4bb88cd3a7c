"""The site search's page (``search: pagefind``): a query, the facets that narrow it,
and the results, which the plugin's script fetches from Pagefind's index."""

from __future__ import annotations

from dataclasses import dataclass

from generator.site import urls
from generator.site.templates import PageContext, render


@dataclass(frozen=True)
class SearchPageContext(PageContext):
    template = "search.md.j2"

    title: str
    index: str
    """Pagefind's folder, relative to the search page."""
    facets: str
    """The names of the facets' slugs (:data:`urls.SEARCH_FACETS`), relative to it."""
    root: str
    """The site's root (its home page), relative to the search page: result addresses
    start from it."""


def search_markdown(title: str = "Search") -> str:
    """The search page's Markdown."""
    page = urls.SEARCH_PAGE
    return render(
        SearchPageContext(
            title,
            index=urls.file_href(page, urls.SEARCH_INDEX_DIR) + "/",
            facets=urls.file_href(page, urls.SEARCH_FACETS),
            root=urls.page_href(page, urls.HOME_PAGE),
        )
    )
