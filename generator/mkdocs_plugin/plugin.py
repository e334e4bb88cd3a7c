"""The MkDocs adapter: each hook hands MkDocs what :func:`build_site` made, in a few lines."""

from __future__ import annotations

import gc
import json
import os
import resource
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.content.safety import check_no_symlinks
from generator.errors import PolicyError
from generator.mkdocs_plugin.config import (
    BuildDateError,
    PoliciesConfig,
    build_date,
    config_root,
    is_production,
)
from generator.mkdocs_plugin.navigation import CompanyNavigation
from generator.mkdocs_plugin.pagecache import (
    PASSTHROUGH_SOURCE,
    PASSTHROUGH_TEMPLATE,
    CachedPages,
    unsupported_mkdocs,
)
from generator.mkdocs_plugin.pdfs import BuildPdfs, dated_pages_first, pdf_files
from generator.publish.build import ASSETS, BuildOptions, SiteBuild, asset_path, build_site
from generator.publish.finish import (
    Social,
    compact_theme_markup,
    finish_head,
    place_not_found_help,
    place_status,
    write_out_links,
)
from generator.publish.headers import (
    mark_content,
    theme_script_hashes,
    unmark_content,
    write_headers,
)
from generator.publish.pdf_engine import libraries_problem
from generator.publish.search import (
    SearchIndexError,
    index_site,
    mark_for_search,
    place_search_form,
)
from generator.site import urls
from generator.site.page import SitePage
from generator.site.pages.hub import html_title
from generator.site.pages.not_found import not_found_html
from generator.site.pages.policy import print_address_html
from generator.site.templates import format_date
from generator.text.markdown import MARKDOWN_EXTENSIONS

log = get_plugin_logger(__name__)

_MATERIAL_SEARCH = {"search", "material/search"}


class PoliciesPlugin(BasePlugin[PoliciesConfig]):
    """Turns ``policies/`` into the site: policy pages, company pages, home and navigation."""

    def __init__(self) -> None:
        self.site: SiteBuild | None = None
        self.cached_pages: CachedPages | None = None
        self.navigation: CompanyNavigation | None = None
        self.pdfs: BuildPdfs | None = None
        self.script_hashes: set[str] = set()
        self.titles: dict[str, str] = {}
        """The title of every page the plugin makes, as text, by source path."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("the policies plugin needs 'use_directory_urls: true'")
        _refuse_symlinks(config, self.config.policies_dir)
        config.extra_css.append(asset_path("policies.css"))
        config.extra_javascript.append(asset_path("policies.js"))
        if self.config.search == "pagefind" and _MATERIAL_SEARCH & set(config.plugins):
            raise PluginError(
                "mkdocs.yml: the policies option 'search: pagefind' replaces Material's "
                "search: remove '- search' from 'plugins'"
            )
        for extension in MARKDOWN_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        if self.config.cache_dir and (reason := unsupported_mkdocs()):
            log.info("finished pages are not cached: %s", reason)
        # Before anything is built: a machine without Pango learns it in one line.
        if self.config.pdf and (problem := libraries_problem()):
            raise PluginError(problem)
        return config

    def _options(self, config: MkDocsConfig) -> BuildOptions:
        root = config_root(config.config_file_path)
        try:
            today = build_date(self.config.today, os.environ)
        except BuildDateError as error:
            raise PluginError(str(error)) from None
        return BuildOptions(
            policies_dir=Path(self.config.policies_dir or config.docs_dir),
            root=root,
            today=today,
            production=is_production(self.config.production, os.environ),
            numbering=self.config.numbering,
            cache_dir=root / self.config.cache_dir if self.config.cache_dir else None,
            home_title=self.config.home_title,
            site_url=config.site_url or "",
            site_name=config.site_name,
            navigation_companies=self.config.navigation_companies,
            search="pagefind" if self.config.search == "pagefind" else "material",
            pdf=self.config.pdf,
        )

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.script_hashes = set()
        with _collector_paused():
            try:
                options = self._options(config)
                self.site = build_site(options)
            except PolicyError as error:
                raise PluginError(str(error)) from None
            for path in self.site.drafts:
                log.info("%s: showing unreleased changes as a draft", path)
            if options.production:
                _check_site_url(options.site_url)
            files = _site_files(files, config, self.site)
            self.pdfs = None
            if options.pdf:
                self.pdfs = BuildPdfs(
                    self.site, Path(config.site_dir), options.site_url, options.cache_dir
                )
            self.titles = {
                page.src_uri: page.title
                for page in (*self.site.policy_pages.values(), *self.site.hub_pages)
            }
        # What is loaded now lives until the build ends: frozen, the collector leaves it
        # alone while MkDocs renders the pages (unfrozen in on_post_build).
        gc.freeze()
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.navigation = CompanyNavigation(nav, self.config.navigation_companies)
        # Finished pages are kept only for pages outside the search (archived versions,
        # comparisons, histories): the search index needs the others' content.
        cache_dir = self.config.cache_dir
        self.cached_pages = None
        if cache_dir and not unsupported_mkdocs():
            directory = config_root(config.config_file_path) / cache_dir / "pages"
            self.cached_pages = CachedPages(directory, config, nav, files)
        return nav

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        title = self.titles.get(page.file.src_uri)
        if title is not None and page.file.src_uri != urls.HOME_PAGE:
            # The home page's <title> is the site's name: Material shows it when the page
            # has no title of its own in its metadata.
            page.meta = _theme_meta(page.meta, title)
            page.title = page.meta["title"]
        item = self.site.policy_pages.get(page.file.src_uri) if self.site else None
        if item is None:
            return markdown
        if item.canonical_uri and config.site_url:
            page.canonical_url = urls.absolute_url(
                config.site_url, urls.page_url(item.canonical_uri)
            )
        if item.indexed:
            return item.markdown
        page.meta["search"] = {"exclude": True}
        if self.cached_pages is None:
            return item.markdown
        return self.cached_pages.markdown(page, item.markdown)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.site is None or page.file.src_uri not in self.site.policy_pages:
            return mark_content(html)
        item = self.site.policy_pages[page.file.src_uri]
        # A printed copy cites the permanent address of the text it shows.
        cited = urls.page_url(item.permanent_uri) if item.permanent_uri else page.url
        address = urls.absolute_url(config.site_url or "", cited)
        if address:
            html = write_out_links(html, urls.absolute_url(config.site_url or "", page.url) or "")
            html += "\n" + print_address_html(address)
        html = mark_content(html)
        return self.cached_pages.content(page, html) if self.cached_pages else html

    @event_priority(-100)  # after the search plugin has read the page's own content
    def on_page_context(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        if self.cached_pages is not None:
            self.cached_pages.context(page)
        if self.navigation is not None:
            context["nav"] = self.navigation.for_page(page)
        return context

    @event_priority(100)  # first, so the cache keeps the theme's output as it rendered it
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.cached_pages is not None:
            self.cached_pages.store(page, output)
        if self.site is not None:
            src_uri = page.file.src_uri
            item = self.site.policy_pages.get(src_uri) or self.site.hub_page(src_uri)
            feeds = self.site.feed_links.get(src_uri, ())
            address = page.canonical_url or urls.absolute_url(config.site_url or "", page.url)
            social = Social(page.title or "", config.site_name, address)
            stylesheet = item.print_stylesheet if item else None
            scripts = [asset_path(name) for name in item.scripts] if item else []
            status = item.status if item else ""
            output = finish_head(
                output, src_uri, item is None or item.indexed, feeds, social, stylesheet, scripts
            )
            if self.pdfs is not None:
                # Printed from the page with its print stylesheet (the running header), before
                # the status bar and the search marks, which are not part of the text.
                output, status = self.pdfs.page(src_uri, output, status)
            output = place_status(output, status)
            if self.config.search == "pagefind":
                output = self._searchable(output, src_uri, item)
        output = compact_theme_markup(output)
        # Only the theme's scripts: one in the page's own content would be an author's.
        self.script_hashes |= theme_script_hashes(output)
        return unmark_content(output)

    def _searchable(self, output: str, src_uri: str, item: SitePage | None) -> str:
        """A page with the header's search box; its article indexed with its facets."""
        entry = item.search if item is not None else None
        output = mark_for_search(output, entry, item.title if item is not None else "")
        return place_search_form(output, urls.page_href(src_uri, urls.SEARCH_PAGE))

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """The pages the theme writes on its own (``404.html``) run its scripts too; the 404
        page says where to look next."""
        if template_name == "404.html" and self.site is not None:
            root = urlsplit(config.site_url or "/").path or "/"
            output_content = place_not_found_help(
                output_content,
                not_found_html(self.site.library, root, self.config.navigation_companies),
            )
            if self.config.search == "pagefind":
                action = root + urls.page_url(urls.SEARCH_PAGE)
                output_content = place_search_form(output_content, action)
        if template_name.endswith(".html"):
            self.script_hashes |= theme_script_hashes(output_content)
        return output_content

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        if self.cached_pages is not None:
            _log_cache(self.cached_pages)
        if self.pdfs is not None:
            self.pdfs.finish()
        pagefind = self.config.search == "pagefind"
        if pagefind:
            try:
                index = index_site(Path(config.site_dir))
            except SearchIndexError as error:
                raise PluginError(str(error)) from None
            log.info(
                "search: %d pages indexed by Pagefind in %.1f s, %d KiB; %s",
                index.pages,
                index.seconds,
                index.size >> 10,
                _peak_memory(index.indexer_memory),
            )
        write_headers(Path(config.site_dir), self.script_hashes, pagefind=pagefind)

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        env.filters["policy_date"] = format_date
        env.loader = jinja2.ChoiceLoader(
            [env.loader, jinja2.DictLoader({PASSTHROUGH_TEMPLATE: PASSTHROUGH_SOURCE})]
        )
        return env

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        policies_dir = Path(self.config.policies_dir or config.docs_dir).resolve()
        if policies_dir != Path(config.docs_dir).resolve():
            server.watch(str(policies_dir))
        return server


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cycle collection while the site is built.

    Loading and rendering every version allocates millions of objects that live on;
    Python's cycle collector would walk the growing heap again and again (at 5,000
    pages, 2 s of a build). It runs again when this is done.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _site_files(files: Files, config: MkDocsConfig, site: SiteBuild) -> Files:
    """MkDocs' files: the generated pages and files replace the sources under ``policies/``."""
    # Only policy pages are pages; clauses, company facts and archives are sources.
    for file in list(files.documentation_pages()):
        if file.src_uri not in site.policy_pages:
            files.remove(file)
    for src_uri, page in site.policy_pages.items():
        if files.get_file_from_path(src_uri) is None:
            # MkDocs reads the title from the file's front matter; the body
            # comes from on_page_markdown.
            title = f"---\ntitle: {json.dumps(html_title(page.title))}\n---\n"
            file = File.generated(config, src_uri, content=title + page.markdown)
            if page.kind != "policy":
                # Versions, comparisons and histories are reached from their policy's
                # pages, on purpose: MkDocs need not list them as missing from the nav.
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
    for page in site.hub_pages:
        file = File.generated(config, page.src_uri, content=page.markdown)
        if page.kind == "search":
            file.inclusion = InclusionLevel.NOT_IN_NAV  # the header's search box leads there
        files.append(file)
    for published in site.files:
        files.append(File.generated(config, published.path, content=published.content))
    if site.pdfs:
        for pdf in pdf_files(config, site):
            files.append(pdf)
        dated_pages_first(files, site)
    config.nav = site.nav
    return files


def _refuse_symlinks(config: MkDocsConfig, policies_dir: str | None) -> None:
    """No symbolic link in ``docs_dir`` or the policies folder, before MkDocs walks them.

    MkDocs' walk follows links and publishes every file it finds, wherever it lies; two
    links that point up make it walk for ever. So the check runs here, in ``on_config``,
    before MkDocs collects a single file (the core loader checks the policies folder too).
    """
    root = config_root(config.config_file_path)
    folders = dict.fromkeys([Path(config.docs_dir), Path(policies_dir or config.docs_dir)])
    try:
        for folder in folders:
            check_no_symlinks(folder, root)
    except PolicyError as error:
        raise PluginError(str(error)) from None


def _theme_meta(meta: Mapping[str, Any], title: str) -> dict[str, Any]:
    """What the theme may read of a generated page's metadata: its title and description,
    escaped, since Material prints both as they are (in ``<title>``, the header, the
    search index, ``<meta name="description">``). The rest of a policy's front matter
    (change log, variables, source) is the generator's input, never the theme's."""
    shown: dict[str, Any] = {"title": html_title(title)}
    description = meta.get("description")
    if description:
        shown["description"] = html_title(str(description))
    return shown


_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def _check_site_url(site_url: str) -> None:
    """A production build names the site's own address: its feeds, JSON and printed pages
    carry it. Not fatal without one, but said (and ``--strict`` fails on it)."""
    if not site_url:
        log.warning(
            "a production build without a site URL: feeds, versions.json and printed "
            "pages carry relative addresses only; set 'site_url' in mkdocs.yml "
            "(on Netlify, 'site_url: !ENV URL' takes the site's address)"
        )
    elif (urlsplit(site_url).hostname or "") in _LOOPBACK:
        log.warning(
            "a production build whose site URL is on this machine (%s): feeds, "
            "versions.json and printed pages would send readers there; set the site's "
            "address in 'site_url' in mkdocs.yml, or in the URL environment variable",
            site_url,
        )


def _peak_memory(indexer: int) -> str:
    """Where a build's memory went: Pagefind's indexer or the rest of the build."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    if indexer > own:
        return f"peak memory: Pagefind {indexer >> 20} MiB, the rest of the build {own >> 20} MiB"
    return f"peak memory: {own >> 20} MiB (Pagefind's indexer no more)"


def _log_cache(cached_pages: CachedPages) -> None:
    stats = cached_pages.cache.stats
    rendered = stats.misses + stats.rejected
    log.info("%d archived pages from the cache, %d rendered", stats.hits, rendered)
    if stats.write_errors:
        # Not a warning: the site is complete; only later builds are slower.
        log.info(
            "could not write %d pages to the cache in %s: check that it is a folder "
            "you can write to (plugin option 'cache_dir')",
            stats.write_errors,
            cached_pages.cache.directory,
        )


__all__ = ["ASSETS", "PoliciesPlugin"]
