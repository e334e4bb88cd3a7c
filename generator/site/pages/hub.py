"""The pages that lead to the policies: the home page, company pages, the navigation."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.content.library import Library
from generator.model import Company, Policy
from generator.site import urls
from generator.site.templates import PageContext, render


@dataclass(frozen=True)
class PolicyEntry:
    """A policy as listed on the home and company pages."""

    policy: Policy
    link: str
    """Markdown link from the listing page to the policy's current page."""
    effective: dt.date
    """Date from which the text shown as current applies."""


@dataclass(frozen=True)
class CompanyEntry:
    company: Company
    link: str
    policies: tuple[PolicyEntry, ...]


@dataclass(frozen=True)
class HomeContext(PageContext):
    template = "home.md.j2"

    title: str
    companies: tuple[CompanyEntry, ...]


@dataclass(frozen=True)
class CompanyContext(PageContext):
    template = "company.md.j2"

    company: Company
    policies: tuple[PolicyEntry, ...]


def _entries(
    library: Library, company: str, page: str, effective: Mapping[str, dt.date]
) -> tuple[PolicyEntry, ...]:
    return tuple(
        PolicyEntry(
            policy, urls.markdown_link(page, urls.policy_page(policy.key)), effective[policy.key]
        )
        for policy in library.company_policies(company)
    )


def home_markdown(library: Library, title: str, effective: Mapping[str, dt.date]) -> str:
    """The home page: every company and its policies with the date each took effect.

    ``effective`` maps a policy key to the date of the text shown as current.
    """
    page = urls.HOME_PAGE
    companies = tuple(
        CompanyEntry(
            company,
            urls.markdown_link(page, urls.company_page(slug)),
            _entries(library, slug, page, effective),
        )
        for slug, company in library.companies.items()
    )
    return render(HomeContext(title, companies))


def company_markdown(library: Library, company: str, effective: Mapping[str, dt.date]) -> str:
    """A company page: its introduction, its policies and its facts."""
    page = urls.company_page(company)
    return render(
        CompanyContext(library.companies[company], _entries(library, company, page, effective))
    )


def navigation(library: Library, home_title: str) -> list[Any]:
    """The ``nav`` for mkdocs.yml, generated from the folders: authors never edit it.

    Its titles are HTML (:func:`html_title`): MkDocs and Material print navigation
    titles as they are given.
    """
    nav: list[Any] = [{html_title(home_title): urls.HOME_PAGE}]
    for slug, company in library.companies.items():
        entries: list[Any] = [urls.company_page(slug)]
        entries.extend(
            {html_title(policy.title): urls.policy_page(policy.key)}
            for policy in library.company_policies(slug)
        )
        nav.append({html_title(company.name): entries})
    return nav


def html_title(title: str) -> str:
    """A title as MkDocs must be given it: escaped HTML.

    MkDocs and Material print a page's title (navigation, ``<title>``, header, search
    index) without escaping it, so ``Terms <Beta> & Conditions`` would lose its
    ``<Beta>`` and a ``<script>`` in a title would run on every page. Quotes are
    escaped too, since themes put titles in attributes.
    """
    return html.escape(title, quote=True)
