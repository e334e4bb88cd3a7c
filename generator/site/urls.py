"""Every address of the site, in one place.

Pages are named by their MkDocs source path (``src_uri``, relative to the
policies folder, ending in ``.md``); MkDocs publishes each at a directory URL
(``use_directory_urls``). Files beside the pages (feeds, JSON, assets) are named
by their path below the site root. Every link the generator writes is relative,
so a site works wherever it is served, below a sub-path included:

- Markdown links between pages go from source path to source path
  (:func:`markdown_link`); MkDocs checks them and turns them into URLs;
- links in raw HTML, which MkDocs does not rewrite, go from page URL to page
  URL (:func:`page_href`);
- both rest on :func:`relative_path`.

===========================================  ============================================
source path / file                           published at
===========================================  ============================================
``index.md``                                 ``/`` (generated home page)
``<company>/index.md``                       ``/<company>/`` (generated company page)
``<company>/<policy>.md``                    ``/<company>/<policy>/`` (current version)
``<company>/<policy>/<date>.md``             ``/<company>/<policy>/<date>/`` (a version)
``<company>/<policy>/<date>/changes.md``     what that version changed
``<company>/<policy>/<date>/revision-<n>.md``  each text of a corrected version
``<company>/<policy>/<date>/revision-<n>/changes.md``  what a correction changed
``<company>/<policy>/changes.md``            a preview's unreleased changes
``<company>/<policy>/history.md``            every version and change-log entry
``<company>/<policy>/compare.md``            any two versions compared, in the browser
                                             (``?from=<date>&to=<date>``)
``feed.xml``, ``<company>/feed.xml``,        Atom feeds
``<company>/<policy>/feed.xml``
``<company>/<policy>/versions.json``         the versions, machine-readable
``<company>/<policy>/<date>.json``           one version's text, machine-readable
``<company>/<policy>/<date>.print.css``      the running header of that version's printed pages
``<company>/<policy>/<date>.pdf``            that version's PDF (released versions only)
``schemas/<name>.schema.json``               the JSON Schemas of those two
``assets/policies/<name>.<hash>.<ext>``      the plugin's stylesheet and scripts, fingerprinted
===========================================  ============================================
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
from urllib.parse import unquote, urlencode, urlsplit

HOME_PAGE = "index.md"
SITE_FEED = "feed.xml"
ASSETS_DIR = "assets/policies/"
"""Where the plugin's own stylesheet and scripts are published."""
SEARCH_PAGE = "search/index.md"
"""The site search's page (``search: pagefind``)."""
SEARCH_FACETS = "search/facets.json"
"""The names of the search facets' slugs (companies, policies)."""
SEARCH_INDEX_DIR = "pagefind/"
"""Where Pagefind writes its index and script."""
SCHEMAS_DIR = "schemas/"
"""Where the JSON Schemas of the machine-readable files are published."""
FINGERPRINTED_ASSET = re.compile("^" + re.escape(ASSETS_DIR) + r"[^/]+\.[0-9a-f]{8}\.(?:css|js)$")
"""The path of a :func:`fingerprinted_asset`."""

_DATED_PAGE = re.compile(r"^(?P<policy>[^/]+/[^/]+)/\d{4}-\d{2}-\d{2}\.md$")


# --- pages (source paths) -------------------------------------------------------------


def company_page(company: str) -> str:
    """A company's generated page."""
    return f"{company}/index.md"


def policy_page(key: str) -> str:
    """A policy's current page; ``key`` is ``company/policy``."""
    return f"{key}.md"


def version_page(key: str, effective: dt.date) -> str:
    """The dated page of a policy's version in force from ``effective``."""
    return f"{key}/{effective.isoformat()}.md"


def comparison_page(key: str, effective: dt.date) -> str:
    """The page comparing the version of ``effective`` with the one before it."""
    return f"{key}/{effective.isoformat()}/changes.md"


def revision_page(key: str, effective: dt.date, revision: int) -> str:
    """One text released for a version: the first (1) or a correction (2, 3, ...)."""
    return f"{key}/{effective.isoformat()}/revision-{revision}.md"


def revision_comparison_page(key: str, effective: dt.date, revision: int) -> str:
    """The page comparing a correction with the text it corrected."""
    return f"{key}/{effective.isoformat()}/revision-{revision}/changes.md"


def draft_comparison_page(key: str) -> str:
    """In a preview build, the page comparing the unreleased draft with the latest release."""
    return f"{key}/changes.md"


def history_page(key: str) -> str:
    """The page listing every version and change-log entry of a policy."""
    return f"{key}/history.md"


def compare_page(key: str) -> str:
    """The page that compares any two released versions of a policy, in the browser."""
    return f"{key}/compare.md"


def compare_href(source_uri: str, key: str, old: dt.date, new: dt.date) -> str:
    """A link for raw HTML to the comparison of the versions of ``old`` and ``new``
    (the compare page reads them from its query)."""
    query = urlencode({"from": old.isoformat(), "to": new.isoformat()})
    return f"{page_href(source_uri, compare_page(key))}?{query}"


def undated(src_uri: str) -> str:
    """The current page of a policy for any of its version pages; other paths unchanged."""
    match = _DATED_PAGE.match(src_uri)
    return policy_page(match.group("policy")) if match else src_uri


# --- files beside the pages (paths below the site root) -------------------------------


def company_feed(company: str) -> str:
    return f"{company}/feed.xml"


def policy_feed(key: str) -> str:
    return f"{key}/feed.xml"


def versions_json(key: str) -> str:
    """A policy's list of versions."""
    return f"{key}/versions.json"


def version_json(key: str, effective: dt.date) -> str:
    """One version's sections, next to its dated page."""
    return f"{key}/{effective.isoformat()}.json"


def print_stylesheet(key: str, effective: dt.date | None) -> str:
    """The print header of the pages of a version (None: of a preview's draft)."""
    return f"{key}/{effective.isoformat() if effective else 'draft'}.print.css"


def version_pdf(key: str, effective: dt.date) -> str:
    """The PDF of a released version, beside its dated page and its print stylesheet.
    Drafts have none: a PDF is a copy of published text."""
    return f"{key}/{effective.isoformat()}.pdf"


def asset(name: str) -> str:
    """One of the plugin's own files (stylesheet, script)."""
    return ASSETS_DIR + name


def fingerprinted_asset(name: str, content: bytes) -> str:
    """Where one of the plugin's own files is published: its name with a hash of its content
    (``policies.css`` -> ``assets/policies/policies.1a2b3c4d.css``), as Material names its
    bundles, so that browsers may keep it for good and a changed file gets a new address."""
    stem, _, extension = name.rpartition(".")
    return asset(f"{stem}.{hashlib.sha256(content).hexdigest()[:8]}.{extension}")


def schema(name: str) -> str:
    """A JSON Schema of the machine-readable files (``versions.schema.json``, ...)."""
    return SCHEMAS_DIR + name


# --- from source paths to addresses ---------------------------------------------------


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a page, relative to the site root ("" for the home)."""
    stem = src_uri.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def absolute_url(site_url: str, path: str) -> str | None:
    """``path`` (relative to the site root) below ``site_url``; None without a site URL."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + path


def relative_path(start: str, target: str) -> str:
    """``posixpath.relpath(target, start)`` for clean relative paths ("" or "." is the root).

    Written out because :func:`posixpath.relpath` normalises both paths through the
    file system's rules first, which costs more than the rest of a change log: every
    version's page links every version of its policy.
    """
    start_parts = [part for part in start.split("/") if part and part != "."]
    target_parts = [part for part in target.split("/") if part and part != "."]
    common = 0
    for mine, theirs in zip(start_parts, target_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + target_parts[common:]) or "."


def markdown_link(source_uri: str, target_uri: str) -> str:
    """A Markdown link between two pages' source paths (MkDocs turns it into a URL)."""
    return relative_path(posixpath.dirname(source_uri), target_uri)


def section_link(source_uri: str, target_uri: str, section_id: str) -> str:
    """A Markdown link to a section: its anchor alone when it is on the same page."""
    if source_uri == target_uri:
        return f"#{section_id}"
    return f"{markdown_link(source_uri, target_uri)}#{section_id}"


def page_href(source_uri: str, target_uri: str) -> str:
    """A link for raw HTML, which MkDocs does not rewrite: relative between page URLs."""
    relative = relative_path(page_url(source_uri), page_url(target_uri))
    return "./" if relative == "." else relative + "/"


def file_href(source_uri: str, path: str) -> str:
    """A link from a page to a file below the site root (a feed, say)."""
    return relative_path(page_url(source_uri), path)


def href_from_file(site_url: str, file_path: str, target: str) -> str:
    """A link in a published file (a feed) to ``target``, a URL path below the site root
    ("" for the home): absolute when the site URL is known, else relative to the file."""
    absolute = absolute_url(site_url, target)
    if absolute is not None:
        return absolute
    relative = relative_path(posixpath.dirname(file_path), target)
    if target.endswith("/") or not target:
        return "./" if relative == "." else relative + "/"
    return relative


def site_path(url: str) -> str:
    """An address as the site's files are compared: from the site root, without leading
    or trailing slash (``""`` for the home page)."""
    return posixpath.normpath("/" + url).lstrip("/")


def resolve(page_url_: str, href: str) -> str | None:
    """The site path (:func:`site_path`) a link found on the page at ``page_url_`` leads
    to; None for links that leave the site or are absolute."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    base = "/" + page_url_
    directory = base if base.endswith("/") else posixpath.dirname(base) + "/"
    return site_path(posixpath.join(directory, unquote(parts.path)))


def link_target(source_uri: str, link: str) -> str:
    """The source path a relative Markdown link written on page ``source_uri`` names."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_uri), link))
