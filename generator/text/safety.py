"""Markup an author may not publish: refused, at the source line that wrote it.

Policy, clause and company texts are Markdown, and Markdown passes HTML through: what an
author writes as markup reaches the page as markup, and the page is the site's, with its
address, its cookies and its readers' trust. So markup that could run a script, load or
embed something from elsewhere, post what readers type, or change the page around the
text is an error (the lists below say what, and why).

The check reads what Python-Markdown makes of a text, with the extensions policy pages
use (:data:`~generator.text.markdown.MARKDOWN_EXTENSIONS`), not the source: so code spans
stay text, and what Markdown itself turns into HTML (a link's URL, an ``attr_list``
attribute) is judged as the HTML it becomes. Each finding is then traced back to the
first source line that shows it. Markup a browser might read otherwise than Python's
parser (the inside of comments and declarations) is checked too.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown import Markdown

from generator.errors import PolicyError
from generator.model import Company, SourceLocation
from generator.text.clauses import Expansion
from generator.text.markdown import MARKDOWN_EXTENSIONS, split_at_headings

_RUNS = "it would run as a script on the published site"
_EMBEDS = "it embeds another page or a plug-in in the policy"
_INPUT = "it collects or sends what readers type"

REFUSED_ELEMENTS: dict[str, str] = {
    "script": _RUNS,
    "iframe": _EMBEDS,
    "frame": _EMBEDS,
    "frameset": _EMBEDS,
    "object": _EMBEDS,
    "embed": _EMBEDS,
    "applet": _EMBEDS,
    "portal": _EMBEDS,
    "base": "it changes where every link of the page leads",
    "meta": "it can send the reader elsewhere or change how the page is read",
    "link": "it loads styles or other files into the page",
    "style": "it restyles the whole page, and the site's Content-Security-Policy blocks it",
    "form": _INPUT,
    "input": _INPUT,
    "button": _INPUT,
    "select": _INPUT,
    "textarea": _INPUT,
    # Foreign content has parsing rules of its own and script-like features: an <svg>
    # <animate> can turn a link into a javascript: link. Policies need neither.
    "svg": "SVG markup can animate a link into a script",
    "math": "MathML is parsed by rules of its own",
}
"""Elements a policy text may not contain, with the reason its author is told. A policy
is a document to read: it has no use for scripts, frames, plug-ins, forms, page-wide
elements (``<base>``, ``<meta>``, ``<link>``, ``<style>``) or foreign markup.

Attributes: every event handler (``on...``) is refused, since it runs as a script. A
``style`` attribute is not: it runs nothing, and the site's CSP (``style-src 'self'``)
ignores inline styles anyway (Markdown's aligned table cells get classes instead, see
:mod:`generator.text.table_cells`)."""

URL_ATTRIBUTES = frozenset(
    {
        "action",
        "background",
        "cite",
        "codebase",
        "data",
        "formaction",
        "href",
        "icon",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "manifest",
        "ping",
        "poster",
        "src",
        "srcset",
        "xlink:href",
    }
)
"""Attributes whose value a browser follows or loads as a URL."""

REFUSED_SCHEMES: dict[str, str] = {
    "javascript": _RUNS,
    "vbscript": _RUNS,
    # A file belongs in the repository beside the policy, where a review sees it.
    "data": "it can carry a whole document that nobody reviews",
}
"""URL schemes no link or image of a policy may use, with the reason."""

_ELEMENT_ANYWHERE = re.compile(
    r"<\s*/?\s*(" + "|".join(REFUSED_ELEMENTS) + r")(?![\w-])", re.IGNORECASE
)
"""A refused element anywhere in the HTML, whatever Python's parser made of its place: in
Markdown's output, text is escaped, so a literal ``<script`` can only be markup."""
_MAY_MAKE_MARKUP = re.compile(r"<|\]\s*[(:]|\{[^}\n]*=")
"""What any refused markup needs in the Markdown source: raw HTML (``<``), a link or image
destination or a reference definition (``](``, ``]:``), or an ``attr_list`` attribute with a
value (``{... key=value}``). A text without any of them is not converted to be checked."""
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_URL_JUNK = "".join(chr(code) for code in range(0x21))
"""What a browser strips around a URL (C0 controls and space) before reading its scheme."""


@dataclass(frozen=True)
class Finding:
    """One piece of refused markup: what to tell the author, and how to find its line."""

    subject: str
    """What it is: "HTML element <script>", "attribute 'onclick'"."""
    reason: str
    hint: str
    evidence: re.Pattern[str]
    """Matches the source line that wrote it."""

    def message(self, what: str) -> str:
        """What is wrong, for a text of kind ``what`` ("policy text")."""
        return f"{self.subject} is not allowed in {what} ({self.reason})"


def _element_finding(tag: str) -> Finding:
    return Finding(
        f"HTML element <{tag}>",
        REFUSED_ELEMENTS[tag],
        f"to show the tag as text, put it in backticks (`<{tag}>`); otherwise remove it",
        re.compile(rf"<\s*/?\s*{re.escape(tag)}(?![\w-])", re.IGNORECASE),
    )


def _handler_finding(name: str) -> Finding:
    return Finding(
        f"attribute '{name}'",
        "an event handler runs as a script",
        "remove the attribute",
        re.compile(rf"(?<![\w:-]){re.escape(name)}\s*=", re.IGNORECASE),
    )


def _url_finding(scheme: str, value: str) -> Finding:
    shown = value.strip(_URL_JUNK).split("\n")[0]
    return Finding(
        f"link to a '{scheme}:' URL",
        REFUSED_SCHEMES[scheme],
        "link to an https://, mailto: or relative address (keep a file beside the policy)",
        re.compile(re.escape(shown), re.IGNORECASE),
    )


def refused_scheme(url: str) -> str | None:
    """The refused scheme ``url`` has, read as a browser reads it, or None."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip(_URL_JUNK).lower()
    scheme, colon, _ = cleaned.partition(":")
    return scheme if colon and scheme in REFUSED_SCHEMES else None


class _MarkupScanner(HTMLParser):
    """Collects the refused markup of an HTML text, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag)
        for name, value in attrs:
            self._attribute(name, value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._element(tag)

    # Browsers end comments and declarations by rules Python's parser does not share
    # (``<!-->`` is a whole comment to them): what they hold is checked as markup too.
    def handle_comment(self, data: str) -> None:
        self.findings.extend(markup_findings(data))

    def handle_decl(self, decl: str) -> None:
        self.findings.extend(markup_findings(decl))

    def unknown_decl(self, data: str) -> None:
        self.findings.extend(markup_findings(data))

    def handle_pi(self, data: str) -> None:
        self.findings.extend(markup_findings(data))

    def _element(self, tag: str) -> None:
        if tag in REFUSED_ELEMENTS:
            self.findings.append(_element_finding(tag))

    def _attribute(self, name: str, value: str) -> None:
        if name.startswith("on"):
            self.findings.append(_handler_finding(name))
        elif name in URL_ATTRIBUTES:
            urls = [part.strip().split(" ")[0] for part in value.split(",")]
            for url in urls if name == "srcset" else [value]:
                if scheme := refused_scheme(url):
                    self.findings.append(_url_finding(scheme, url))


def markup_findings(page_html: str) -> list[Finding]:
    """The refused markup of an HTML text, in document order."""
    scanner = _MarkupScanner()
    scanner.feed(page_html)
    scanner.close()
    if not scanner.findings:
        scanner.findings.extend(
            _element_finding(match.group(1).lower())
            for match in _ELEMENT_ANYWHERE.finditer(page_html)
        )
    return scanner.findings


@functools.cache
def _converter() -> Markdown:
    return Markdown(extensions=list(MARKDOWN_EXTENSIONS))


def text_findings(markdown_text: str) -> list[Finding]:
    """The refused markup of what a Markdown text becomes.

    A text that converts part by part (:func:`split_at_headings`) is checked part by
    part, each distinct part once: the versions of a policy share most of their sections.
    """
    if not _MAY_MAKE_MARKUP.search(markdown_text):
        return []
    parts = split_at_headings(markdown_text, ids_needed=False) or [markdown_text]
    return [
        finding
        for part in parts
        if _MAY_MAKE_MARKUP.search(part)
        for finding in _converted_findings(part)
    ]


@functools.lru_cache(maxsize=8192)
def _converted_findings(markdown_text: str) -> tuple[Finding, ...]:
    converter = _converter()
    converter.reset()
    return tuple(markup_findings(converter.convert(markdown_text)))


def source_line(lines: Sequence[str], finding: Finding) -> int:
    """Index of the first line of ``lines`` that shows ``finding``: outside code spans if
    one does, else anywhere (a "code span" inside raw HTML is no code span), else 0."""
    candidates: tuple[Callable[[str], str], ...] = (
        lambda line: _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), line),
        lambda line: line,
    )
    for visible in candidates:
        for index, line in enumerate(lines):
            text = visible(line)
            if finding.evidence.search(text) or finding.evidence.search(html.unescape(text)):
                return index
    return 0


def check_expansion(expansion: Expansion) -> None:
    """Refuse the markup of a policy's expanded text, at the line (and include chain) that
    wrote it."""
    findings = text_findings(expansion.text)
    if not findings:
        return
    finding = findings[0]
    origin = expansion.origin(source_line(expansion.text.split("\n"), finding))
    raise PolicyError(origin.location, finding.message("policy text"), finding.hint, origin.chain)


def check_company_text(company: Company) -> None:
    """Refuse the markup of a company's own text (``company.md`` below its front matter)."""
    if not company.body:
        return
    findings = text_findings(company.body)
    if not findings:
        return
    finding = findings[0]
    line = _body_start(company) + source_line(company.body.split("\n"), finding)
    raise PolicyError(
        SourceLocation(company.display_path, line), finding.message("company text"), finding.hint
    )


def _body_start(company: Company) -> int:
    """The file line on which a company's text starts (it is kept stripped)."""
    try:
        source = company.path.read_text("utf-8").replace("\r\n", "\n")
    except OSError:
        return 1
    at = source.rfind(company.body)
    return source.count("\n", 0, at) + 1 if at >= 0 else 1
