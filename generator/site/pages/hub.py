"""The pages that lead to the policies: the home page, company pages, the navigation."""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.content.library import Library
from generator.model import Company, Policy
from generator.site import urls
from generator.site.compose import PolicySummary
from generator.site.templates import PageContext, render


@dataclass(frozen=True)
class PolicyEntry:
    """A policy as listed on the home and company pages."""

    policy: Policy
    link: str
    """Markdown link from the listing page to the policy's current page."""
    summary: PolicySummary


@dataclass(frozen=True)
class CompanyEntry:
    company: Company
    link: str
    """Markdown link from the listing page to the company's page."""
    href: str
    """The same, for raw HTML."""
    policies: tuple[PolicyEntry, ...]


@dataclass(frozen=True)
class LetterGroup:
    """The companies whose name starts with one letter ("#" for the others)."""

    letter: str
    anchor: str
    companies: tuple[CompanyEntry, ...]


@dataclass(frozen=True)
class HomeContext(PageContext):
    template = "home.md.j2"

    title: str
    companies: tuple[CompanyEntry, ...]
    groups: tuple[LetterGroup, ...] = ()
    """For a hub: the companies by first letter, each company on one line."""


def letter_of(name: str) -> str:
    """The index letter of a name: its first letter, without accents, else "#"."""
    first = unicodedata.normalize("NFKD", name.strip()[:1]).encode("ascii", "ignore").decode()
    return first.upper() if first.isalpha() else "#"


def _groups(companies: tuple[CompanyEntry, ...]) -> tuple[LetterGroup, ...]:
    by_letter: dict[str, list[CompanyEntry]] = {}
    ordered = sorted(companies, key=lambda entry: entry.company.name.casefold())
    for entry in ordered:
        by_letter.setdefault(letter_of(entry.company.name), []).append(entry)
    return tuple(
        LetterGroup(
            letter, "letter-" + ("other" if letter == "#" else letter.lower()), tuple(entries)
        )
        for letter, entries in sorted(by_letter.items(), key=lambda item: (item[0] == "#", item[0]))
    )


@dataclass(frozen=True)
class CompanyContext(PageContext):
    template = "company.md.j2"

    company: Company
    policies: tuple[PolicyEntry, ...]


def _entries(
    library: Library, company: str, page: str, summaries: Mapping[str, PolicySummary]
) -> tuple[PolicyEntry, ...]:
    return tuple(
        PolicyEntry(
            policy, urls.markdown_link(page, urls.policy_page(policy.key)), summaries[policy.key]
        )
        for policy in library.company_policies(company)
    )


def home_markdown(
    library: Library,
    title: str,
    summaries: Mapping[str, PolicySummary],
    most_listed: int = 20,
) -> str:
    """The home page: every company and its policies, each with the date it took effect,
    when it last changed and any version announced. Beyond ``most_listed`` companies it is
    a company index instead: companies by letter, one line each, with a filter."""
    page = urls.HOME_PAGE
    companies = tuple(
        CompanyEntry(
            company,
            urls.markdown_link(page, urls.company_page(slug)),
            urls.page_href(page, urls.company_page(slug)),
            _entries(library, slug, page, summaries),
        )
        for slug, company in library.companies.items()
    )
    if len(companies) <= most_listed:
        return render(HomeContext(title, companies))
    return render(HomeContext(title, companies, _groups(companies)))


def company_markdown(library: Library, company: str, summaries: Mapping[str, PolicySummary]) -> str:
    """A company page: its introduction, its policies and its facts."""
    page = urls.company_page(company)
    return render(
        CompanyContext(library.companies[company], _entries(library, company, page, summaries))
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
