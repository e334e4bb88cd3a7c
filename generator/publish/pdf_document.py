"""The document a version's PDF is printed from: its finished page's article, plain.

The theme's page around the article (header, navigation, the flex layout WeasyPrint
cannot break across pages) is left out; what prints is what a browser prints of the
page: the article, styled by the page's own stylesheets, print rules and running
header included, and the statement that closes every PDF (``templates/pdf.html.j2``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import html as lxml_html  # type: ignore[import-untyped]

from generator.site import urls
from generator.site.templates import PageContext, format_date, render

if TYPE_CHECKING:
    from generator.publish.pdf import PdfVersion

STAND_IN_ROOT = "https://site.invalid/"
"""The site's address for WeasyPrint when the site has none: files are named below it
(and read from the built site); no link of the PDF leads there (see :func:`print_document`)."""


@dataclass(frozen=True)
class PrintDocument:
    """What WeasyPrint renders: the HTML, the stylesheets (paths below the site root, in
    cascade order) and the addresses the HTML's relative links are read against."""

    html: str
    stylesheets: tuple[str, ...]
    root: str
    """The site root's address: the site URL, or :data:`STAND_IN_ROOT`."""
    base_url: str
    """The dated page's address below ``root``."""


@dataclass(frozen=True)
class PdfContext(PageContext):
    template = "pdf.html.j2"

    version: PdfVersion
    title: str
    subject: str
    keywords: str
    lang: str
    body_attributes: str
    """The page's ``<body>`` attributes (the theme's colour scheme), escaped, each after
    a space."""
    article: str


@dataclass(frozen=True)
class PdfRecord(PageContext):
    """The statement that closes every PDF: what its hash proves and how to check it."""

    template = "partials/pdf-record.html.j2"

    version: PdfVersion


def print_document(version: PdfVersion, page_output: str, site_url: str) -> PrintDocument:
    """The print document of ``version``'s PDF, from its finished dated page."""
    page, article = _parts(page_output)
    if "style=" in article:
        article = _without_styles(article)
    if not site_url:
        article = _without_page_links(article)
    # Inside the article, so that it reads (and is styled) as the text's last section.
    closing = article.rindex("</")
    article = article[:closing] + render(PdfRecord(version)) + article[closing:]
    date = format_date(version.effective)
    context = PdfContext(
        version=version,
        title=f"{version.company} — {version.title} — version of {date}",
        subject=(
            f"The version of {date} of {version.company}’s {version.title}, published at "
            f"{version.address}; SHA-256 of its archived text {version.sha256}"
        ),
        keywords=", ".join(
            (version.company, version.title, version.effective.isoformat(), version.sha256)
        ),
        lang=page.get("lang") or "en",
        body_attributes=_attributes(page.find("body")),
        article=article,
    )
    page_url = urls.page_url(version.page)
    root = site_url.rstrip("/") + "/" if site_url else STAND_IN_ROOT
    return PrintDocument(render(context), _stylesheets(page, page_url), root, root + page_url)


_BODY = re.compile(r"<body\b[^>]*>")
_ARTICLE = '<article class="md-content__inner'


def _parts(output: str) -> tuple[lxml_html.HtmlElement, str]:
    """The page's ``<html>`` with its head and an empty body (for the language, the
    stylesheets and the body's attributes), and the HTML of its text.

    Material's article is cut out of the page as it is: parsing a whole page, navigation
    included, cost more than the rest of a cached PDF. Another theme's page is parsed.
    """
    head_end = output.find("</head>")
    body = _BODY.search(output, max(head_end, 0))
    start = output.find(_ARTICLE, body.end()) if body else -1
    end = output.rfind("</article>")
    if head_end < 0 or body is None or start < 0 or end < start:
        page = lxml_html.document_fromstring(output)
        return page, lxml_html.tostring(_article(page), encoding="unicode", method="html")
    head = output[:head_end] + "</head>" + body.group(0) + "</body></html>"
    return lxml_html.document_fromstring(head), output[start : end + len("</article>")]


def _without_page_links(article: str) -> str:
    """Without the site's address a PDF cannot point at its pages: links between them keep
    their words only (anchors within the PDF still work)."""
    element = lxml_html.fragment_fromstring(article)
    for link in element.iter("a"):
        href = link.get("href")
        if href is not None and not href.startswith("#") and not urlsplit(href).scheme:
            del link.attrib["href"]
    return str(lxml_html.tostring(element, encoding="unicode", method="html"))


def _without_styles(article: str) -> str:
    """The article without ``style`` attributes. An author may write them, and the site's
    CSP makes browsers ignore them; WeasyPrint, which has no CSP, would apply them, and
    could hide or cover in the PDF text that the page shows (its closing statement too)."""
    element = lxml_html.fragment_fromstring(article)
    styled = element.xpath("descendant-or-self::*[@style]")
    if not styled:
        return article
    for node in styled:
        del node.attrib["style"]
    return str(lxml_html.tostring(element, encoding="unicode", method="html"))


def _article(page: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The page's text: its article, another theme's main part, else the body."""
    for query in ("//article", "//*[@role='main']", "//main", "//body"):
        found = page.xpath(query)
        if found:
            element: lxml_html.HtmlElement = found[0]
            return element
    return page


def _attributes(body: lxml_html.HtmlElement | None) -> str:
    if body is None:
        return ""
    return "".join(
        f' {name}="{html.escape(value)}"'
        for name, value in body.attrib.items()
        if not name.lower().startswith("on")
    )


def _stylesheets(page: lxml_html.HtmlElement, page_url: str) -> tuple[str, ...]:
    """The site paths of the stylesheets a page applies in print, in its order; one from
    another site is not used (a PDF loads nothing from elsewhere)."""
    found = []
    for link in page.xpath("//head/link[@href]"):
        relations = (link.get("rel") or "").lower().split()
        media = (link.get("media") or "all").lower()
        if "stylesheet" not in relations or not ("all" in media or "print" in media):
            continue
        path = urls.resolve(page_url, link.get("href"))
        if path:
            found.append(path)
    return tuple(found)
