"""Generated pages (home, company pages) and the site navigation, as plain data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from generator.content.library import Library
from generator.text.pipeline import render_template

HOME_PAGE = "index.md"


def company_page_uri(company: str) -> str:
    """Source path of a company's generated page (published at ``/<company>/``)."""
    return f"{company}/index.md"


def home_markdown(library: Library, title: str, effective: Mapping[str, dt.date]) -> str:
    """The home page: every company and its policies with the date each took effect.

    ``effective`` maps a policy key to the date of the text shown as current.
    """
    return render_template(
        "home.md.j2",
        title=title,
        companies=list(library.companies.values()),
        policies={slug: library.company_policies(slug) for slug in library.companies},
        effective=effective,
    )


def company_markdown(library: Library, company: str, effective: Mapping[str, dt.date]) -> str:
    """A company page: its introduction, its policies and its facts."""
    return render_template(
        "company.md.j2",
        company=library.companies[company],
        policies=library.company_policies(company),
        effective=effective,
    )


def navigation(library: Library, home_title: str) -> list[Any]:
    """The ``nav`` for mkdocs.yml, generated from the folders: authors never edit it."""
    nav: list[Any] = [{home_title: HOME_PAGE}]
    for slug, company in library.companies.items():
        entries: list[Any] = [company_page_uri(slug)]
        entries.extend({policy.title: policy.src_uri} for policy in library.company_policies(slug))
        nav.append({company.name: entries})
    return nav
