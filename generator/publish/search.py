"""The chunked site search (plugin option ``search: pagefind``).

Material's search sends every reader the whole site's text before the first result: tens
of megabytes for a hub of a thousand companies. Pagefind splits its index into chunks
and a reader's query loads only the chunks of its words and the excerpts of the results
shown (a few hundred kilobytes, whatever the size of the site).

A searchable page's article is marked ``data-pagefind-body``, and hidden elements carry
its facets (company, policy, version) and its result title. Those are text content, so
an author-written name reaches the index as text, escaped like any other. Pages without
the mark (histories, comparisons) stay out of the index. After the build, Pagefind reads
the written pages and writes its index into :data:`urls.SEARCH_INDEX_DIR`.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import resource
import shutil
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from generator.content.library import Library
from generator.site import urls
from generator.site.page import SearchEntry
from generator.site.templates import format_date

CURRENT = "current"
ARCHIVED = "archived"
"""Values of the ``text`` facet: the text at a policy's own address, or a dated copy."""

EXCLUDED = (".headerlink", ".policy-print-address", ".md-source-file")
"""Parts of an article that are not its text: permalinks, the printed address, dates of
the source file."""

_ARTICLE = re.compile(r'<article class="md-content__inner\b')

_UNUSED = (
    "pagefind-ui.*",
    "pagefind-component-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-highlight.js",
)
"""Pagefind's own interfaces and highlighter: the site has its own search page."""

_SEARCH_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="'
    "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-"
    ".27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7"
    ' 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>'
)
_HEADER = re.compile(r'<header class="md-header\b')


class SearchIndexError(Exception):
    """Pagefind could not index the built site."""


@dataclass(frozen=True)
class SearchIndex:
    """What Pagefind indexed, and what it cost."""

    pages: int
    size: int
    """Bytes of the index folder."""
    seconds: float
    indexer_memory: int
    """Peak resident memory of Pagefind's indexer (a process of its own), bytes, as Linux
    reports a child's: never less than the starting process had when it started the
    indexer. About 0.4 to 0.6 MB per indexed page on a hub."""


def facets_html(entry: SearchEntry, title: str) -> str:
    """Hidden elements that give Pagefind a page's result title and facets.

    ``title`` is the page's title as text. Elements rather than attribute values, so a
    title holding a comma or a colon (Pagefind's separators in attributes) stays whole.
    """
    parts = [
        _hidden("meta", "title", title),
        _hidden("filter", "company", entry.company),
        _hidden("filter", "text", CURRENT if entry.current else ARCHIVED),
    ]
    if entry.policy is not None:
        parts.append(_hidden("filter", "policy", entry.policy))
    if entry.effective is not None:
        parts.append(_hidden("filter", "version", entry.effective.isoformat()))
        parts.append(_hidden("meta", "version", format_date(entry.effective)))
    # Ignored as text (the facets are not words of the page), still read as facets.
    return "<div hidden data-pagefind-ignore>" + "".join(parts) + "</div>"


def facet_labels(library: Library) -> str:
    """The search page's names of the facets' slugs, as JSON: each company's name, and for
    each policy slug the title most of its policies carry (``privacy``: "Privacy Policy")."""
    titles: dict[str, Counter[str]] = {}
    for policy in library.policies.values():
        titles.setdefault(policy.slug, Counter())[policy.title] += 1
    labels = {
        "company": library.company_names(),
        "policy": {
            slug: min(counts, key=lambda title: (-counts[title], title))
            for slug, counts in titles.items()
        },
    }
    return json.dumps(labels, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def _hidden(kind: str, name: str, value: str) -> str:
    return f'<span data-pagefind-{kind}="{name}">{html.escape(value)}</span>'


def mark_for_search(output: str, entry: SearchEntry | None, title: str) -> str:
    """A finished page whose article Pagefind indexes with ``entry``'s facets (unchanged
    when ``entry`` is None: the page stays out of the index)."""
    if entry is None:
        return output
    article = _ARTICLE.search(output)
    if article is None:
        return output
    opening_end = output.index(">", article.end())
    return (
        output[: article.start()]
        + '<article data-pagefind-body class="md-content__inner'
        + output[article.end() : opening_end + 1]
        + facets_html(entry, title)
        + output[opening_end + 1 :]
    )


def place_search_form(output: str, action: str) -> str:
    """The header of a finished page with a search box that opens the search page with the
    query (``action``: the search page's address relative to the page)."""
    header = _HEADER.search(output)
    if header is None:
        return output
    end = output.find("</nav>", header.end())
    if end < 0:
        return output
    form = (
        f'<form class="policy-search-box" action="{html.escape(action)}" method="get" '
        'role="search">'
        '<input type="search" name="q" aria-label="Search the policies" placeholder="Search" '
        'autocomplete="off">'
        '<button class="md-header__button md-icon" type="submit" aria-label="Search">'
        f"{_SEARCH_ICON}</button></form>"
    )
    return output[:end] + form + output[end:]


def index_site(site_dir: Path) -> SearchIndex:
    """Index the built site in ``site_dir`` into its :data:`urls.SEARCH_INDEX_DIR`."""
    output = site_dir / urls.SEARCH_INDEX_DIR
    shutil.rmtree(output, ignore_errors=True)
    started = time.perf_counter()
    try:
        asyncio.run(_index(site_dir, output))
    except Exception as error:  # the service reports its failures as plain exceptions
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {error}") from None
    for pattern in _UNUSED:
        for path in output.glob(pattern):
            path.unlink()
    size = sum(path.stat().st_size for path in output.rglob("*") if path.is_file())
    # One fragment per indexed page (Pagefind's own count includes the pages it skipped).
    pages = sum(1 for _ in output.glob("fragment/*"))
    # Linux keeps the largest of the finished child processes: here, the indexer's.
    memory = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return SearchIndex(pages, size, time.perf_counter() - started, memory)


async def _index(site_dir: Path, output: Path) -> None:
    config = IndexConfig(
        root_selector="html",
        exclude_selectors=list(EXCLUDED),
        output_path=str(output),
    )
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(site_dir))
