"""A page of the site as the generator makes it: Markdown and what the theme must know."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

PageKind = Literal[
    "home", "company", "policy", "version", "comparison", "compare", "history", "search"
]


@dataclass(frozen=True)
class SearchEntry:
    """What a chunked site search (``search: pagefind``) knows of a page beyond its text:
    the facets a reader narrows results by. Facets are slugs, never names: Pagefind cannot
    match a facet value holding a double quote or a backslash, which a name may hold; the
    search page shows the names (:func:`generator.publish.search.facet_labels`)."""

    company: str
    """The company's slug."""
    policy: str | None = None
    """The policy's slug (None: a company's own page)."""
    effective: dt.date | None = None
    """The version whose text the page shows (None: a draft, or a company's page)."""
    current: bool = True
    """The text at the policy's own address, in the default results. Archived texts (dated
    pages, earlier and upcoming alike) are searched only when a reader asks for them, as
    they stay out of search engines; the dated page of the text the policy's own page shows
    is not searched at all (it would repeat that page's results)."""


@dataclass(frozen=True)
class SitePage:
    """A generated page: its source path, title and Markdown."""

    src_uri: str
    title: str
    markdown: str
    kind: PageKind
    indexed: bool = True
    """False keeps it out of search engines and the site search."""
    canonical_uri: str | None = None
    """Source path of the page search engines should prefer."""
    status: str = ""
    """HTML of the status bar shown above the page's header (policy pages)."""
    print_stylesheet: str | None = None
    """The print stylesheet of the version the page shows (its running header)."""
    permanent_uri: str | None = None
    """The page a printed copy cites: the text's dated page, whose text never changes."""
    search: SearchEntry | None = None
    """Its facets in a chunked site search; None keeps it out of that search."""
    scripts: tuple[str, ...] = ()
    """The plugin's own scripts (file names in ``site/assets/``) that this page alone
    loads, in order; every page loads ``policies.js``."""

    @property
    def printable(self) -> bool:
        """A policy text, whose printed copy should say where it came from."""
        return self.kind not in ("home", "company")
