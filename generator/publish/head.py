"""What a finished page's ``<head>`` gains: the robots rule and the feeds it advertises.

Added to the theme's output rather than through a template override, so it
holds whatever theme and ``custom_dir`` a site uses: the first ``<head>`` and
``</head>`` of a page are the document's own (the theme writes them before
any content).
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.publish.feeds import FeedLink, head_links

NOINDEX = '<meta name="robots" content="noindex">'


def finish_head(output: str, src_uri: str, indexed: bool, feeds: Sequence[FeedLink]) -> str:
    """``output`` with ``noindex`` for pages outside search engines, and its feed links."""
    if not indexed:
        output = output.replace("<head>", f"<head>\n{NOINDEX}", 1)
    links = head_links(src_uri, feeds)
    if links:
        output = output.replace("</head>", links + "</head>", 1)
    return output
