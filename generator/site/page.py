"""A page of the site as the generator makes it: Markdown and what the theme must know."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PageKind = Literal["home", "company", "policy", "version", "comparison", "compare", "history"]


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
    scripts: tuple[str, ...] = ()
    """The plugin's own scripts (file names in ``site/assets/``) that this page alone
    loads, in order; every page loads ``policies.js``."""

    @property
    def printable(self) -> bool:
        """A policy text, whose printed copy should say where it came from."""
        return self.kind not in ("home", "company")
