"""The 404 page's help: where to look next when an address leads nowhere.

The theme writes ``404.html`` itself; its article gets the search hint, every company
with its page, and a lookup of the version of a policy in force on a day. Every link
starts at the site's root: the page is served at whatever address was wrong. On a hub of
more companies than its navigation lists, the page leads to the company index instead of
listing them all, so it does not grow with the hub.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.library import Library
from generator.site import urls
from generator.site.templates import PageContext, render


@dataclass(frozen=True)
class Place:
    label: str
    href: str


@dataclass(frozen=True)
class NotFoundHelp(PageContext):
    template = "partials/not-found.html.j2"

    companies: tuple[Place, ...]
    histories: tuple[Place, ...]
    """Each policy's history page, where a date opens the version in force on it."""
    index: Place | None = None
    """The company index, on a hub whose companies are not listed here."""


def not_found_html(library: Library, root: str, most_companies: int | None = None) -> str:
    """The help, its links below ``root`` (the site's path, ending in ``/``); beyond
    ``most_companies`` companies, a link to the company index instead of the lists."""
    names = library.company_names()
    if most_companies is not None and len(names) > most_companies:
        index = Place(f"all {len(names)} companies", root)
        return render(NotFoundHelp((), (), index)).strip()
    return render(
        NotFoundHelp(
            tuple(
                Place(name, root + urls.page_url(urls.company_page(slug)))
                for slug, name in names.items()
            ),
            tuple(
                Place(
                    f"{names[policy.company]} {policy.title}",
                    root + urls.page_url(urls.history_page(key)),
                )
                for key, policy in library.policies.items()
            ),
        )
    ).strip()
