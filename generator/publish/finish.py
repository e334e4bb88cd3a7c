"""What a finished page gains: the robots rule, its feeds, social tags and own scripts in
``<head>``, and the status bar above the header.

Added to the theme's output rather than through a template override, so it holds
whatever theme and ``custom_dir`` a site uses: the first ``<head>`` and ``</head>`` of
a page are the document's own (the theme writes them before any content), and the
status bar goes right before Material's header (or first in ``<body>``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from generator.publish.feeds import FeedLink, head_links
from generator.publish.headers import CONTENT_END, CONTENT_START
from generator.site import urls

NOINDEX = '<meta name="robots" content="noindex">'
_HEADER = re.compile(r'<header class="md-header\b')
_BODY = re.compile(r"<body\b[^>]*>")


@dataclass(frozen=True)
class Social:
    """What a page tells link previews: its title (HTML-escaped, as MkDocs holds it), the
    site's name and the page's permanent address (None without a site URL)."""

    title: str
    site_name: str
    url: str | None


def print_link(src_uri: str, stylesheet: str | None) -> str:
    """The link to the print stylesheet of the version a page shows."""
    if stylesheet is None:
        return ""
    href = html.escape(urls.file_href(src_uri, stylesheet))
    return f'<link rel="stylesheet" media="print" href="{href}">\n'


def script_tags(src_uri: str, scripts: Sequence[str]) -> str:
    """The scripts only this page loads (paths below the site root), in order: deferred,
    so they run once the page is parsed, as the theme's own scripts at its end do."""
    return "".join(
        f'<script src="{html.escape(urls.file_href(src_uri, script))}" defer></script>\n'
        for script in scripts
    )


def finish_head(
    output: str,
    src_uri: str,
    indexed: bool,
    feeds: Sequence[FeedLink],
    social: Social | None = None,
    print_stylesheet: str | None = None,
    scripts: Sequence[str] = (),
) -> str:
    """``output`` with ``noindex`` for pages outside search engines, its feed links, its
    Open Graph tags, its print stylesheet and the scripts only it loads."""
    if not indexed:
        output = output.replace("<head>", f"<head>\n{NOINDEX}", 1)
    tags = head_links(src_uri, feeds) + (_social_tags(social) if social else "")
    tags += print_link(src_uri, print_stylesheet) + script_tags(src_uri, scripts)
    if tags:
        output = output.replace("</head>", tags + "</head>", 1)
    return output


def _social_tags(social: Social) -> str:
    tags = [
        ("og:type", "article"),
        ("og:title", social.title),
        ("og:site_name", html.escape(social.site_name)),
    ]
    if social.url:
        tags.append(("og:url", html.escape(social.url)))
    return "".join(f'<meta property="{name}" content="{value}">\n' for name, value in tags)


_LINK = re.compile(r'<a (?P<attributes>[^>]*?)href="(?P<href>[^"#][^"]*)"(?P<rest>[^>]*)>')


def write_out_links(content: str, page_address: str) -> str:
    """Links in a page's text carry their absolute address, which print shows after the
    link's words ("read it" means nothing on paper). Cross-links to a section name its
    number already, and permalinks are not printed."""

    def rewrite(match: re.Match[str]) -> str:
        attributes = match.group("attributes") + match.group("rest")
        if "headerlink" in attributes or "xref" in attributes or "data-print-href" in attributes:
            return match.group(0)
        target = urljoin(page_address, html.unescape(match.group("href")))
        return f'{match.group(0)[:-1]} data-print-href="{html.escape(target)}">'

    return _LINK.sub(rewrite, content) if page_address else content


_NOT_FOUND_HEADING = re.compile(r"<h1>[^<]*</h1>")


def place_not_found_help(output: str, help_html: str) -> str:
    """The theme's 404 page with the help after its heading."""
    heading = _NOT_FOUND_HEADING.search(output)
    if heading is None:
        return output
    return output[: heading.end()] + "\n" + help_html + output[heading.end() :]


def place_status(output: str, status: str) -> str:
    """``output`` with the status bar above its header."""
    if not status:
        return output
    header = _HEADER.search(output)
    if header is not None:
        return output[: header.start()] + status + "\n" + output[header.start() :]
    body = _BODY.search(output)
    if body is None:
        return output
    return output[: body.end()] + "\n" + status + output[body.end() :]


_VERBATIM = re.compile(r"<(script|style|pre|textarea)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_INDENTATION = re.compile(r">[ \t\r]*\n[ \t\r\n]*<")


def compact_theme_markup(output: str) -> str:
    """``output`` with the theme's indentation between tags cut to one line break.

    The theme indents its header, navigation and footer deeply: about 3 KB of every page,
    a seventh of a page on a hub of short texts. A run of white space between two tags
    that holds a line break renders as the single line break left in its place, so
    nothing a reader sees changes. The page's own content (between the content marks),
    scripts, styles and preformatted text are left exactly as they are.
    """
    start = output.find(CONTENT_START)
    end = output.find(CONTENT_END, start)
    if start < 0 or end < 0:
        return _compact(output)
    return _compact(output[:start]) + output[start:end] + _compact(output[end:])


def _compact(markup: str) -> str:
    parts = []
    position = 0
    for verbatim in _VERBATIM.finditer(markup):
        parts.append(_INDENTATION.sub(">\n<", markup[position : verbatim.start()]))
        parts.append(verbatim.group(0))
        position = verbatim.end()
    parts.append(_INDENTATION.sub(">\n<", markup[position:]))
    return "".join(parts)
