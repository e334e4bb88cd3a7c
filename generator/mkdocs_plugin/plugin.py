"""The MkDocs adapter: each hook delegates to the core in a few lines."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.content.library import Library, load_library
from generator.errors import PolicyError
from generator.mkdocs_plugin.config import PoliciesConfig
from generator.mkdocs_plugin.pagecache import PASSTHROUGH_SOURCE, PASSTHROUGH_TEMPLATE, CachedPages
from generator.publish.feeds import FeedLink, build_feeds, feed_links, head_links
from generator.publish.headers import headers_file, inline_script_hashes
from generator.publish.versions_json import build_machine_files
from generator.releases.archive import check_integrity
from generator.site.pages import (
    HOME_PAGE,
    company_markdown,
    company_page_uri,
    home_markdown,
    navigation,
)
from generator.site.versions import SitePage, build_versions, page_url
from generator.text.pipeline import MARKDOWN_EXTENSIONS, format_date

log = get_plugin_logger(__name__)

ASSETS_URI = "assets/policies/"
"""Where the plugin's own stylesheet and script are published."""


class PoliciesPlugin(BasePlugin[PoliciesConfig]):
    """Turns ``policies/`` into the site: policy pages, company pages, home and navigation."""

    def __init__(self) -> None:
        self.library: Library | None = None
        self.pages: dict[str, SitePage] = {}
        self.effective: dict[str, dt.date] = {}
        self.script_hashes: set[str] = set()
        self.published: list[tuple[str, bytes]] = []
        self.feed_links: dict[str, list[FeedLink]] = {}
        self.cached_pages: CachedPages | None = None

    def _policies_dir(self, config: MkDocsConfig) -> Path:
        return Path(self.config.policies_dir or config.docs_dir)

    def _today(self) -> dt.date:
        if self.config.today:
            try:
                return dt.date.fromisoformat(self.config.today)
            except ValueError:
                message = f"plugin option 'today': '{self.config.today}' is not YYYY-MM-DD"
                raise PluginError(message) from None
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        return dt.date.today()

    def _production(self) -> bool:
        if self.config.production is not None:
            return bool(self.config.production)
        return os.environ.get("CONTEXT") == "production"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("the policies plugin needs 'use_directory_urls: true'")
        config.extra_css.append(ASSETS_URI + "policies.css")
        config.extra_javascript.append(ASSETS_URI + "policies.js")
        for extension in MARKDOWN_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        return config

    @staticmethod
    def _root(config: MkDocsConfig) -> Path:
        """The folder of mkdocs.yml, which relative paths in its options start from."""
        return Path(config.config_file_path).parent if config.config_file_path else Path.cwd()

    def _cache_dir(self, config: MkDocsConfig) -> Path | None:
        return self._root(config) / self.config.cache_dir if self.config.cache_dir else None

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        # Loading and rendering every version allocates millions of objects that live on;
        # Python's cycle collector would walk the growing heap again and again (at 5,000
        # pages, 2 s of a build). It runs again when this is done.
        gc.disable()
        try:
            return self._files(files, config)
        finally:
            gc.enable()

    def _files(self, files: Files, config: MkDocsConfig) -> Files:
        root = self._root(config)
        self.script_hashes = set()
        try:
            self.library = load_library(self._policies_dir(config), root)
            check_integrity(self.library)
            today = self._today()
            policies = build_versions(
                self.library,
                today,
                production=self._production(),
                default_numbering=self.config.numbering,
                cache_dir=self._cache_dir(config),
            )
        except PolicyError as error:
            raise PluginError(str(error)) from None
        self.pages = {page.src_uri: page for item in policies.values() for page in item.pages}
        site_url = config.site_url or ""
        feeds = build_feeds(self.library, policies, site_url, config.site_name)
        machine = build_machine_files(self.library, policies, site_url)
        self.published = [(item.path, item.content) for item in feeds]
        self.published += [(item.path, item.content) for item in machine]
        self.feed_links = feed_links(self.library, policies, config.site_name)
        self.effective = {key: item.effective(today) for key, item in policies.items()}
        for item in policies.values():
            if item.draft is not None:
                log.info("%s: showing unreleased changes as a draft", item.policy.display_path)
        files = self._site_files(files, config, self.library)
        # What is loaded now lives until the build ends: frozen, the collector leaves it
        # alone while MkDocs renders the pages (unfrozen in on_post_build).
        gc.freeze()
        return files

    def _site_files(self, files: Files, config: MkDocsConfig, library: Library) -> Files:
        # Only policy pages are pages; clauses, company facts and archives are sources.
        for file in list(files.documentation_pages()):
            if file.src_uri not in self.pages:
                files.remove(file)
        for src_uri, page in self.pages.items():
            if files.get_file_from_path(src_uri) is None:
                # MkDocs reads the title from the file's front matter; the body
                # comes from on_page_markdown.
                title = f"---\ntitle: {json.dumps(page.title)}\n---\n"
                files.append(File.generated(config, src_uri, content=title + page.markdown))
        files.append(
            File.generated(
                config,
                HOME_PAGE,
                content=home_markdown(library, self.config.home_title, self.effective),
            )
        )
        for slug in library.companies:
            files.append(
                File.generated(
                    config,
                    company_page_uri(slug),
                    content=company_markdown(library, slug, self.effective),
                )
            )
        for path, data in self.published:
            files.append(File.generated(config, path, content=data))
        for name in ("policies.css", "policies.js"):
            content = resources.files("generator.site").joinpath("assets", name).read_text("utf-8")
            files.append(File.generated(config, ASSETS_URI + name, content=content))
        config.nav = navigation(library, self.config.home_title)
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        cache_dir = self._cache_dir(config)
        # Finished pages are kept only for pages outside the search (archived versions,
        # comparisons, histories): the search index needs the others' content.
        self.cached_pages = (
            CachedPages(cache_dir / "pages", config, nav, files) if cache_dir else None
        )
        return nav

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        item = self.pages.get(page.file.src_uri)
        if item is None:
            return markdown
        if item.canonical_uri and config.site_url:
            page.canonical_url = urljoin(config.site_url, page_url(item.canonical_uri))
        if item.indexed:
            return item.markdown
        page.meta["search"] = {"exclude": True}
        if self.cached_pages is None:
            return item.markdown
        return self.cached_pages.markdown(page, item.markdown)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri not in self.pages:
            return html
        if config.site_url:
            # A printed or saved copy says where it came from.
            address = escape(urljoin(config.site_url, page.url))
            html += f'\n<p class="policy-print-url">This document: {address}</p>'
        return self.cached_pages.content(page, html) if self.cached_pages else html

    @event_priority(-100)  # after the search plugin has read the page's own content
    def on_page_context(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        if self.cached_pages is not None:
            self.cached_pages.context(page)
        return context

    @event_priority(100)  # first, so the cache keeps the theme's output as it rendered it
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.cached_pages is not None:
            self.cached_pages.store(page, output)
        item = self.pages.get(page.file.src_uri)
        if item is not None and not item.indexed:
            # Archived and upcoming versions stay out of search engines.
            output = output.replace("<head>", '<head>\n<meta name="robots" content="noindex">', 1)
        links = head_links(page.file.src_uri, self.feed_links.get(page.file.src_uri, []))
        if links:
            output = output.replace("</head>", links + "</head>", 1)
        self.script_hashes |= inline_script_hashes(output)
        return output

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        if self.cached_pages is not None:
            stats = self.cached_pages.cache.stats
            rendered = stats.misses + stats.rejected
            log.info("%d archived pages from the cache, %d rendered", stats.hits, rendered)
            if stats.write_errors:
                # Not a warning: the site is complete; only later builds are slower.
                log.info(
                    "could not write %d pages to the cache in %s: check that it is a folder "
                    "you can write to (plugin option 'cache_dir')",
                    stats.write_errors,
                    self.cached_pages.cache.directory,
                )
        site_dir = Path(config.site_dir)
        built = [
            path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file()
        ]
        (site_dir / "_headers").write_text(
            headers_file(self.script_hashes, built), encoding="utf-8"
        )

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        env.filters["policy_date"] = format_date
        env.loader = jinja2.ChoiceLoader(
            [env.loader, jinja2.DictLoader({PASSTHROUGH_TEMPLATE: PASSTHROUGH_SOURCE})]
        )
        return env

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        policies_dir = self._policies_dir(config).resolve()
        if policies_dir != Path(config.docs_dir).resolve():
            server.watch(str(policies_dir))
        return server
