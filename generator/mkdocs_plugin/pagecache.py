"""Finished pages of archived versions, kept between builds.

A hub's dated versions, comparisons and histories are most of its pages, and
most of a build is MkDocs converting their Markdown and rendering the theme
around them, although none of that output changes while nothing it depends on
does. With a ``cache_dir``, the plugin keeps the theme's output of every page
outside the search (those pages) under a name that hashes all it depends on:

- the page: its Markdown, address, metadata and canonical address;
- the site (:func:`site_fingerprint`): the MkDocs configuration (theme and its
  options, Markdown extensions, ``extra``, plugins and their options, the
  navigation), the theme's template folders, and the versions of MkDocs, the
  theme, the Markdown libraries and every plugin;
- and, recorded in the entry and checked on use, what it links to: every page
  or file a link of its content leads to must still be part of the site, or
  the page is rendered again (and MkDocs warns about the broken link as it
  would without the cache).

On a hit the plugin gives MkDocs an empty Markdown and a template that prints
the stored output, restores the anchors MkDocs checks links against, and runs
its own post-processing (robots tag, feed links, CSP hashes) as on any page.
Entries live in ``<cache_dir>/pages/``; the rules of :mod:`generator.site.cache`
hold: an entry that cannot be read, whose checksum fails or that records another
page's key (a swapped file) is ignored and the page rendered again, writes are
atomic, and deleting the folder between builds is always safe.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import os
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.site import urls
from generator.site.cache import CacheStats, Store, cache_key

SUPPORTED_MKDOCS = "1.6"
"""The MkDocs release whose internals a cache hit restores: a page's anchors and links
to anchors (``Page.present_anchor_ids``, ``Page.links_to_anchors``), which MkDocs 1.6
checks links against after the pages are rendered, and the public attributes of its
configuration objects, which the fingerprint walks. With another release the plugin
renders every page (nothing is cached) rather than guess."""

PAGE_FORMAT = "policy-site-page 1"
"""First words of every page entry; raised when their layout changes."""

PASSTHROUGH_TEMPLATE = "policies/cached-page.html"
"""The template a cached page is rendered with: it prints the stored output."""
PASSTHROUGH_SOURCE = "{{ page.content }}"

_IGNORED_SETTINGS = frozenset(
    {"config_file_path", "site_dir", "dev_addr", "watch", "strict", "remote_branch", "remote_name"}
)
"""Settings that change where or how MkDocs works, never what a page contains."""

_LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")
_SKIPPED_THEME_FOLDERS = frozenset({".icons", "assets", "__pycache__"})
"""Static files and icons: a theme's version (hashed) already names them."""

_LINK = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def unsupported_mkdocs() -> str | None:
    """Why finished pages cannot be cached with the MkDocs that runs, or None."""
    version = getattr(mkdocs, "__version__", "unknown")
    if version == SUPPORTED_MKDOCS or version.startswith(SUPPORTED_MKDOCS + "."):
        return None
    return f"the page cache relies on MkDocs {SUPPORTED_MKDOCS} internals; this is {version}"


def site_fingerprint(
    settings: Mapping[str, Any], theme_dirs: Iterable[str], plugins: Mapping[str, Any], nav: Any
) -> str:
    """Hash of everything but the page itself that the theme's output of a page depends on.

    ``settings`` is the MkDocs configuration, ``plugins`` its plugin collection (each
    plugin named by its class and options, and its distribution's version), ``nav``
    the navigation (its titles known so far and addresses).
    """
    digest = hashlib.sha256(PAGE_FORMAT.encode())
    described = {
        key: _describe(value)
        for key, value in settings.items()
        if key not in _IGNORED_SETTINGS and key != "plugins"
    }
    described["plugins"] = {
        name: [_class_name(plugin), _version_of(plugin), _describe(getattr(plugin, "config", {}))]
        for name, plugin in plugins.items()
    }
    described["nav"] = _describe_nav(getattr(nav, "items", []))
    described["libraries"] = [_distribution_version(name) for name in _LIBRARIES]
    digest.update(json.dumps(described, sort_keys=True, default=str).encode())
    for folder in theme_dirs:
        for path in _theme_files(Path(folder)):
            digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _theme_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_THEME_FOLDERS)
        found.extend(Path(root, name) for name in sorted(names))
    return found


def _describe(value: Any, depth: int = 0, seen: frozenset[int] = frozenset()) -> Any:
    """``value`` as JSON-able data that is equal for equal settings, build after build."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if depth > 8 or id(value) in seen:
        return f"<{_class_name(value)}>"
    inner = seen | {id(value)}
    if isinstance(value, Mapping):
        described = {str(k): _describe(v, depth + 1, inner) for k, v in value.items()}
        if not isinstance(value, dict):
            # A theme or a sub-configuration: its class and public attributes count too.
            attributes = {
                k: _describe(v, depth + 1, inner)
                for k, v in sorted(getattr(value, "__dict__", {}).items())
                if not k.startswith("_") and k != "data"
            }
            return [_class_name(value), described, attributes]
        return described
    if isinstance(value, list | tuple):
        return [_describe(item, depth + 1, inner) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_describe(item, depth + 1, inner)) for item in value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if callable(value):
        return _class_name(value)
    return [_class_name(value), _ADDRESS.sub("", repr(value))]


def _describe_nav(items: Iterable[Any]) -> list[Any]:
    described = []
    for item in items:
        # A page's title is known only when the nav gives it; the plugin's nav gives them
        # all (a company's index page is titled by its H1, which the section title repeats).
        title = item.__dict__.get("title") if hasattr(item, "__dict__") else None
        described.append(
            [
                type(item).__name__,
                title,
                getattr(item, "url", None),
                _describe_nav(getattr(item, "children", None) or []),
            ]
        )
    return described


def _class_name(value: Any) -> str:
    kind = value if isinstance(value, type) else type(value)
    if callable(value) and not isinstance(value, type) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return f"{kind.__module__}.{kind.__qualname__}"


def _version_of(plugin: Any) -> str:
    package = type(plugin).__module__.split(".")[0]
    names = metadata.packages_distributions().get(package, [])
    return ",".join(_distribution_version(name) for name in names)


def _distribution_version(name: str) -> str:
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name} absent"


def page_key(
    fingerprint: str,
    src_uri: str,
    url: str,
    canonical_url: str | None,
    meta: Mapping[str, Any],
    markdown: str,
) -> str:
    """The name of a page's entry."""
    return cache_key(
        "page",
        fingerprint,
        src_uri,
        url,
        canonical_url or "",
        json.dumps(meta, sort_keys=True, default=str),
        markdown,
    )


def linked_paths(page_url: str, content: str) -> list[str]:
    """Site paths the relative links and sources of a page's content lead to."""
    paths = set()
    for match in _LINK.finditer(content):
        value = match.group(1) if match.group(1) is not None else match.group(2)
        # e.g. Markdown's entity-encoded mailto: links
        target = urls.resolve(page_url, html.unescape(value))
        if target is not None:
            paths.add(target)
    return sorted(paths)


@dataclass(frozen=True)
class PageEntry:
    """What is kept of a page: the theme's output and what MkDocs checks links with."""

    output: str
    anchors: tuple[str, ...]
    """Ids in the page that links may point at (MkDocs' ``present_anchor_ids``)."""
    links_to_anchors: Mapping[str, Mapping[str, str]] | None
    """Its links with a fragment, by the source path of the page they point into."""
    links: tuple[str, ...]
    """Site paths its content links to (:func:`linked_paths`)."""


class PageCache:
    """Page entries in a :class:`~generator.site.cache.Store` below ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.store = Store(directory)
        self.directory = directory

    @property
    def stats(self) -> CacheStats:
        return self.store.stats

    def get(self, key: str, existing: set[str] | frozenset[str]) -> PageEntry | None:
        """The entry stored under ``key`` if it is intact and all it links to is in
        ``existing`` (site paths, :func:`~generator.site.urls.site_path`), else None."""
        raw = self.store.read(key)
        if raw is None:
            return None
        entry = _decode(raw)
        if entry is None or not all(link in existing for link in entry.links):
            self.store.reject()
            return None
        self.store.hit()
        return entry

    def output(self, key: str) -> str | None:
        """The stored output alone, read again when the page is written out."""
        raw = self.store.read(key, counted=False)
        entry = _decode(raw) if raw is not None else None
        return entry.output if entry is not None else None

    def put(self, key: str, entry: PageEntry) -> None:
        """Store ``entry`` under ``key``, atomically; errors only cost a later build time."""
        self.store.write(key, _encode(entry))


def _encode(entry: PageEntry) -> bytes:
    # Pages are large (a theme's navigation is in each): the output is stored as is,
    # after a line of JSON, and checked with CRC-32, cheap next to a cryptographic hash.
    details = json.dumps(
        {
            "anchors": list(entry.anchors),
            "links_to_anchors": entry.links_to_anchors,
            "links": list(entry.links),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    payload = details + b"\n" + entry.output.encode("utf-8")
    return f"{PAGE_FORMAT} {len(payload)} {zlib.crc32(payload)}\n".encode() + payload


def _decode(raw: bytes) -> PageEntry | None:
    header, newline, payload = raw.partition(b"\n")
    if not newline or header != f"{PAGE_FORMAT} {len(payload)} {zlib.crc32(payload)}".encode():
        return None
    details, _, output = payload.partition(b"\n")
    try:
        data = json.loads(details.decode("utf-8"))
        links_to_anchors = data["links_to_anchors"]
        return PageEntry(
            output.decode("utf-8"),
            tuple(str(anchor) for anchor in data["anchors"]),
            None
            if links_to_anchors is None
            else {
                str(target): {str(k): str(v) for k, v in anchors.items()}
                for target, anchors in links_to_anchors.items()
            },
            tuple(str(link) for link in data["links"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


class CachedPages:
    """The plugin's use of a :class:`PageCache` during one build, hook by hook."""

    def __init__(self, directory: Path, config: MkDocsConfig, nav: Navigation, files: Files):
        self.cache = PageCache(directory)
        self._fingerprint = site_fingerprint(config, config.theme.dirs, config.plugins, nav)
        self._existing = frozenset(urls.site_path(file.url) for file in files)
        self._files = files
        self._hits: dict[str, tuple[str, PageEntry]] = {}
        self._misses: dict[str, str] = {}
        self._pending: dict[str, PageEntry] = {}

    def markdown(self, page: Page, markdown: str) -> str:
        """What MkDocs should convert: nothing when the finished page is in the cache."""
        src_uri = page.file.src_uri
        key = page_key(
            self._fingerprint, src_uri, page.url, page.canonical_url, page.meta, markdown
        )
        entry = self.cache.get(key, self._existing)
        if entry is None:
            self._misses[src_uri] = key
            return markdown
        # The output is read again when the page is written: thousands held from now
        # until then would take as much memory as the site takes on disk.
        self._hits[src_uri] = (key, dataclasses.replace(entry, output=""))
        page.meta["template"] = PASSTHROUGH_TEMPLATE
        return ""

    def content(self, page: Page, html: str) -> str:
        """The content MkDocs keeps: on a hit nothing (the stored output follows), with the
        page's anchors and links to anchors as they were, for MkDocs' link checks."""
        src_uri = page.file.src_uri
        if src_uri in self._hits:
            entry = self._hits[src_uri][1]
            page.present_anchor_ids = set(entry.anchors)
            if entry.links_to_anchors is not None:
                page.links_to_anchors = {
                    file: dict(anchors)
                    for target, anchors in entry.links_to_anchors.items()
                    if (file := self._files.get_file_from_path(target)) is not None
                }
            return ""
        if src_uri in self._misses:
            links_to_anchors = (
                None
                if page.links_to_anchors is None
                else {
                    file.src_uri: dict(anchors) for file, anchors in page.links_to_anchors.items()
                }
            )
            self._pending[src_uri] = PageEntry(
                "",
                tuple(sorted(page.present_anchor_ids or ())),
                links_to_anchors,
                tuple(linked_paths(page.url, html)),
            )
        return html

    def context(self, page: Page) -> None:
        """Right before the theme renders: a hit's content becomes its stored output."""
        hit = self._hits.get(page.file.src_uri)
        if hit is None:
            return
        output = self.cache.output(hit[0])
        if output is None:
            raise PluginError(
                f"the cache entry of {page.file.src_uri} was removed or replaced during the "
                "build; "
                "build again (deleting the cache folder between builds is safe)"
            )
        page.content = output

    def store(self, page: Page, output: str) -> None:
        """After the theme rendered a page: keep a miss's output; let go of a hit's."""
        src_uri = page.file.src_uri
        if src_uri in self._hits:
            page.content = ""  # thousands of finished pages would otherwise stay in memory
            return
        pending = self._pending.pop(src_uri, None)
        if pending is not None:
            key = self._misses[src_uri]
            self.cache.put(key, dataclasses.replace(pending, output=output))
