"""HTTP headers for Netlify: a strict Content-Security-Policy, cache rules and CORS.

Material inlines a few small scripts in every page. Rather than allowing
``'unsafe-inline'``, the build hashes each distinct inline script of the theme
and lists the hashes in the CSP. The result is written to a ``_headers`` file,
which Netlify merges with the fixed headers of ``netlify.toml``.

Fingerprinted files (Material's bundles and the plugin's own stylesheet and script,
whose names carry a hash of their content) are cached for a year as ``immutable``.
The machine-readable files (every JSON file: ``versions.json``, each version's
document, their schemas) and the Atom feeds are sent with
``Access-Control-Allow-Origin: *``, so that a script on another site (a consent
tool, say) may read them; they are public, and no cookie or credential is involved.

Only the theme's scripts are hashed, never one that sits in a page's own content
(what its Markdown became): that is where author-written text lands, and a hash
would make an author's script run. The plugin marks each page's content
(:func:`mark_content`) before the theme places it; :func:`theme_script_hashes`
hashes what lies outside the marks, and :func:`unmark_content` removes them.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from lxml import html as lxml_html  # type: ignore[import-untyped]

from generator.site import urls

FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)$")
"""Material's bundles carry a content hash in their name, so they can be cached for ever."""

IMMUTABLE = "public, max-age=31536000, immutable"

CORS_PATHS = (
    "/*.json",
    "/" + urls.SITE_FEED,
    "/" + urls.company_feed(":company"),
    "/" + urls.policy_feed(":company/:policy"),
)
"""Netlify path patterns of the files other sites' scripts may read: every JSON file
and the three kinds of feed (``:name`` matches one part of a path, ``*`` any text)."""

_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}

_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL)
"""Where a page's scripts are: HTML ends a script at its first ``</script``. Only these
parts are parsed, not the whole page, which is mostly navigation and text."""


CONTENT_START = "<!-- policies:content -->"
CONTENT_END = "<!-- /policies:content -->"
"""Around a page's own content in the theme's output, from the plugin's ``on_page_content``
to its ``on_post_page`` (and in the finished pages the page cache keeps)."""


def mark_content(content_html: str) -> str:
    """A page's content, marked so that its scripts are never hashed."""
    return f"{CONTENT_START}{content_html}{CONTENT_END}"


def unmark_content(page_html: str) -> str:
    """A finished page without the marks :func:`mark_content` put around its content."""
    return page_html.replace(CONTENT_START, "").replace(CONTENT_END, "")


def theme_script_hashes(page_html: str) -> set[str]:
    """CSP source expressions of the theme's inline scripts in a finished page: those
    outside its marked content (everything, for a page without content, like a 404, or
    one the page cache kept from a build before the marks: its content was checked then).

    The span runs from the first start mark to the last end mark: content that writes a
    mark of its own cannot shorten it, and what the theme prints around the content
    (titles, navigation) is escaped text, which cannot hold one.
    """
    start = page_html.find(CONTENT_START)
    end = page_html.rfind(CONTENT_END)
    if start >= 0 and end > start:
        page_html = page_html[:start] + page_html[end + len(CONTENT_END) :]
    return inline_script_hashes(page_html)


def inline_script_hashes(page_html: str) -> set[str]:
    """CSP source expressions (``'sha256-…'``) of a page's executable inline scripts."""
    blocks = _SCRIPT.findall(page_html)
    if not blocks:
        return set()
    # A block the regex found inside a comment is parsed as a comment again, and ignored.
    root = lxml_html.fragment_fromstring("".join(blocks), create_parent="div")
    hashes = set()
    for script in root.iter("script"):
        if script.get("src") is not None:
            continue
        if (script.get("type") or "").strip().lower() not in _EXECUTABLE_TYPES:
            continue  # JSON data blocks are not executed, so CSP does not govern them
        digest = hashlib.sha256((script.text or "").encode("utf-8")).digest()
        hashes.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return hashes


def content_security_policy(script_hashes: Iterable[str], *, wasm: bool = False) -> str:
    """A policy that allows this site's own files and the hashed inline scripts, nothing else;
    with ``wasm``, the compiling of WebAssembly (Pagefind's search runs in it), which lets
    no script text run: ``'wasm-unsafe-eval'`` is not ``'unsafe-eval'``."""
    scripts = " ".join(
        ["'self'", *(["'wasm-unsafe-eval'"] if wasm else []), *sorted(set(script_hashes))]
    )
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


PAGEFIND_CHUNKS = ("fragment", "index", "filter")
"""Pagefind's folders of chunks, each named by a hash of its content."""

_CONTENT_HASH = re.compile(r"\.[0-9a-f]{8,}(?=\.)")


def is_fingerprinted(path: str) -> bool:
    """Whether a built file's name carries a hash of its content (Material's or ours)."""
    return bool(FINGERPRINTED.search(path) or urls.FINGERPRINTED_ASSET.match(path))


def headers_file(
    script_hashes: Iterable[str], site_files: Iterable[str], *, pagefind: bool = False
) -> str:
    """The ``_headers`` file: the CSP for every page, CORS for the machine-readable files
    and the feeds, immutable caching for fingerprinted files.

    ``site_files`` are the built site's file paths relative to its root (posix);
    ``pagefind``: the site is searched with Pagefind, whose index chunks are named by a
    hash of their content.
    """
    policy = content_security_policy(script_hashes, wasm=pagefind)
    lines = ["/*", f"  Content-Security-Policy: {policy}", ""]
    for pattern in CORS_PATHS:
        lines += [pattern, "  Access-Control-Allow-Origin: *", ""]
    # Ordered by the name without its hash, so a change of content moves no line.
    for path in sorted(site_files, key=lambda path: (_CONTENT_HASH.sub("", path), path)):
        if is_fingerprinted(path):
            lines += [f"/{path}", f"  Cache-Control: {IMMUTABLE}", ""]
    if pagefind:
        for folder in PAGEFIND_CHUNKS:
            lines += [f"/{urls.SEARCH_INDEX_DIR}{folder}/*", f"  Cache-Control: {IMMUTABLE}", ""]
    return "\n".join(lines)


def write_headers(site_dir: Path, script_hashes: Iterable[str], *, pagefind: bool = False) -> None:
    """Write ``_headers`` for the built site in ``site_dir``, once every file is there."""
    built = [
        path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file()
    ]
    (site_dir / "_headers").write_text(
        headers_file(script_hashes, built, pagefind=pagefind), encoding="utf-8"
    )
