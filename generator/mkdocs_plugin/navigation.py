"""Navigation of bounded size for a hub of many companies.

MkDocs hands the theme one navigation for every page, and Material prints all of it in
every page: at a thousand companies, four fifths of each page would be the sidebar.
Beyond a number of companies (the option ``navigation_companies``), each page gets a
navigation of its own instead: the home page (the company index) and its own company's
section. The full navigation still drives everything else (previous and next links,
the sitemap, the search).
"""

from __future__ import annotations

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page


class CompanyNavigation:
    """The navigation each page is rendered with."""

    def __init__(self, full: Navigation, most_companies: int) -> None:
        self.full = full
        sections = [item for item in full.items if isinstance(item, Section)]
        self.bounded = len(sections) > most_companies
        self.home = [item for item in full.items if isinstance(item, Page)][:1]
        self.by_company: dict[str, Section] = {}
        for section in sections:
            index = next((c for c in section.children if isinstance(c, Page)), None)
            if index is not None:
                self.by_company[index.file.src_uri.split("/", 1)[0]] = section
        self._built: dict[str, Navigation] = {}

    def for_page(self, page: Page) -> Navigation:
        """The full navigation on a small site; else the home page and the page's company."""
        if not self.bounded:
            return self.full
        company = page.file.src_uri.split("/", 1)[0] if "/" in page.file.src_uri else ""
        if company not in self._built:
            section = self.by_company.get(company)
            items: list[Page | Section] = [*self.home, *([section] if section else [])]
            pages = [item for item in items if isinstance(item, Page)]
            if section is not None:
                pages += [child for child in section.children if isinstance(child, Page)]
            navigation = Navigation(items, pages)
            navigation.homepage = self.full.homepage
            self._built[company] = navigation
        return self._built[company]
