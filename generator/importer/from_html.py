"""HTML to Markdown for the importer: the main content of a page, nothing else.

A policy page saved from a website carries a site around the text: navigation,
header and footer, scripts, cookie banners, web-archive toolbars. This module
keeps the main content (``<main>``, else ``<article>``, else ``[role=main]``,
else ``<body>``), drops the rest and writes the content as the Markdown the
importer reads from text files, so headings, lists, tables and links go through
the same recognition. Each Markdown line remembers the HTML line it came from,
so the import report can point into the original file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml import etree  # type: ignore[import-untyped]
from lxml import html as lxml_html

from generator.importer.capture import (
    WAYBACK_URL,
    Capture,
    comment_date,
    original_url,
    stamp_date,
    unwrap_archive_link,
)
from generator.importer.model import ImportNote, fact, guess
from generator.importer.syntax import escape_line_start, escape_text

_DROPPED_TAGS = frozenset(
    {
        "nav", "aside", "script", "style", "noscript", "form", "template", "iframe",
        "svg", "canvas", "button", "select", "input", "textarea", "object", "embed",
        "audio", "video", "map", "head", "link", "meta", "title", "dialog",
    }
)  # fmt: skip
_SITE_CHROME_TAGS = frozenset({"header", "footer"})
_BANNER_WORDS = re.compile(r"cookie|consent|banner|gdpr", re.IGNORECASE)
_ARCHIVE_CHROME = re.compile(r"^(?:wm-|donato|playback)", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "body", "html",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "blockquote",
        "pre", "hr", "dl", "dt", "dd", "figure", "figcaption", "address", "center",
        "details", "summary", "fieldset", "legend", "caption", "thead", "tbody",
        "tfoot", "tr", "td", "th",
    }
)  # fmt: skip
_HEADING_TAGS = {f"h{level}": level for level in range(1, 7)}
_SPACES = re.compile(r"[ \t\n\r\f]+")
_BREAK = "\x00"
"""Stands for ``<br>`` inside inline text until the paragraph is split into lines."""


@dataclass(frozen=True)
class HtmlPage:
    """A web page reduced to Markdown, with what its ``<head>`` and comments told."""

    lines: tuple[tuple[str, int], ...]
    """Markdown lines, each with the HTML source line it came from."""
    title: str | None
    description: str | None
    capture: Capture | None
    """The page's own URL (canonical link or the original of a web-archive capture),
    and the capture date when the page is a web-archive copy."""
    notes: tuple[ImportNote, ...]


# --- page structure ----------------------------------------------------------------


def _classes(element: Any) -> str:
    return f"{element.get('id') or ''} {element.get('class') or ''}"


def _choose_main(root: Any) -> Any:
    for path in ("//main", "//article", "//*[@role='main']"):
        found = root.xpath(path)
        if found:
            # Several articles: the longest is the text, the others are teasers.
            return max(found, key=lambda element: len(element.text_content()))
    bodies = root.xpath("//body")
    return bodies[0] if bodies else root


def _is_banner(element: Any, inside_main: bool) -> bool:
    if not _BANNER_WORDS.search(_classes(element)):
        return False
    if not inside_main:
        return True
    # Inside the main content a cookie *policy* has sections about cookies:
    # only short blocks without headings or tables are banners there.
    has_structure = element.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6|.//table")
    return not has_structure and len(element.text_content()) < 600


def _drop_chrome(root: Any, main: Any) -> list[ImportNote]:
    """Remove site chrome around (and inside) the main content; say what went."""
    notes: list[ImportNote] = []
    main_ancestors = set(main.iterancestors()) | {main}
    # With no main element the body stands in: its header and footer are site chrome.
    main_is_page = main.tag.lower() in ("body", "html")
    dropped_banners = 0
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element in main_ancestors:
            continue
        parent = element.getparent()
        if parent is None:
            continue
        tag = element.tag.lower()
        inside_main = not main_is_page and any(
            ancestor is main for ancestor in element.iterancestors()
        )
        if (
            tag in _DROPPED_TAGS
            or _ARCHIVE_CHROME.match(element.get("id") or "")
            or (tag in _SITE_CHROME_TAGS and not inside_main)
        ):
            _remove(element)
        elif _is_banner(element, inside_main):
            dropped_banners += 1
            if inside_main:
                notes.append(
                    guess(
                        element.sourceline,
                        f"dropped a short block marked '{_classes(element).strip()}' "
                        "as a cookie banner",
                    )
                )
            _remove(element)
    if dropped_banners:
        notes.append(fact(None, f"dropped {dropped_banners} cookie or consent banner(s)"))
    return notes


def _remove(element: Any) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _wayback(root: Any, comments: str) -> tuple[dt.date | None, str | None, str | None]:
    """Capture date, original URL and archive URL of a Wayback Machine page."""
    captured = comment_date(comments)
    for href in root.xpath("//link[@rel='canonical']/@href|//meta[@property='og:url']/@content"):
        archived = WAYBACK_URL.match(str(href))
        if archived:
            captured = captured or stamp_date(archived["stamp"])
            return captured, original_url(archived["url"]), str(href)
    return captured, None, None


# --- conversion --------------------------------------------------------------------


@dataclass
class _Writer:
    """Collects Markdown lines with their source lines; blocks are separated by blanks."""

    base_url: str | None
    lines: list[tuple[str, int]] = field(default_factory=list)
    notes: list[ImportNote] = field(default_factory=list)

    def blank(self, line: int) -> None:
        if self.lines and self.lines[-1][0] != "":
            self.lines.append(("", line))

    def block(self, texts: list[str], line: int) -> None:
        self.blank(line)
        self.lines.extend((text, line) for text in texts)
        self.blank(line)


def _line_of(element: Any, fallback: int) -> int:
    line = getattr(element, "sourceline", None)
    return int(line) if isinstance(line, int) else fallback


def _inline(element: Any, writer: _Writer) -> str:
    """The inline Markdown of an element's content."""
    parts: list[str] = [_text_node(element.text)]
    for child in element:
        parts.append(_inline_element(child, writer))
        parts.append(_text_node(child.tail))
    return "".join(parts)


def _text_node(text: str | None) -> str:
    return escape_text(_SPACES.sub(" ", text)) if text else ""


def _wrap(marker: str, inner: str) -> str:
    # Emphasis must hug its words: "<b> x </b>" becomes " **x** ".
    stripped = inner.strip(" ")
    if not stripped.replace(_BREAK, "").strip():
        return inner
    leading = inner[: len(inner) - len(inner.lstrip(" "))]
    trailing = inner[len(inner.rstrip(" ")) :]
    return f"{leading}{marker}{stripped}{marker}{trailing}"


def _inline_element(element: Any, writer: _Writer) -> str:
    if not isinstance(element.tag, str):
        return ""  # comments and processing instructions
    tag = element.tag.lower()
    if tag == "br":
        return _BREAK
    if tag == "img":
        return _image(element, writer)
    inner = _inline(element, writer)
    if tag in ("strong", "b"):
        return _wrap("**", inner)
    if tag in ("em", "i", "cite", "dfn"):
        return _wrap("*", inner)
    if tag in ("code", "kbd", "samp", "tt"):
        code = element.text_content()
        fence = "``" if "`" in code else "`"
        return f"{fence}{code}{fence}" if code.strip() else code
    if tag in ("sup", "sub"):
        return f"<{tag}>{inner}</{tag}>" if inner.strip() else inner
    if tag == "a":
        return _link(element, inner, writer)
    if tag in _BLOCK_TAGS:
        return f" {inner} "
    return inner


def _resolve_href(href: str, writer: _Writer) -> str:
    href = unwrap_archive_link(href.strip())
    if writer.base_url and not re.match(r"^(?:[a-z][a-z0-9+.-]*:|#)", href, re.IGNORECASE):
        href = urljoin(writer.base_url, href)
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _link(element: Any, inner: str, writer: _Writer) -> str:
    href = element.get("href")
    if not href or not inner.strip() or href.strip().lower().startswith("javascript:"):
        return inner
    target = _resolve_href(href, writer)
    return f"[{inner.strip()}]({target})"


def _image(element: Any, writer: _Writer) -> str:
    alt = escape_text(_SPACES.sub(" ", element.get("alt") or "")).strip()
    src = element.get("src")
    if not src:
        return alt
    return f"![{alt}]({_resolve_href(src, writer)})"


def _paragraph_lines(text: str) -> list[str]:
    """Split inline Markdown at its ``<br>`` breaks into hard-broken lines."""
    pieces = [piece.strip() for piece in text.split(_BREAK)]
    pieces = [piece for piece in pieces if piece]
    lines = [escape_line_start(piece) for piece in pieces]
    return [line + "  " for line in lines[:-1]] + lines[-1:]


def _convert_children(element: Any, writer: _Writer) -> None:
    """Write the blocks of a container; loose text and inline runs become paragraphs."""
    run: list[str] = [_text_node(element.text)]
    run_line = _line_of(element, 1)

    def flush() -> None:
        lines = _paragraph_lines("".join(run))
        if lines:
            writer.block(lines, run_line)
        run.clear()

    for child in element:
        if isinstance(child.tag, str) and child.tag.lower() in _BLOCK_TAGS:
            flush()
            _convert_block(child, writer)
            run_line = _line_of(child, run_line)
            run.append(_text_node(child.tail))
        else:
            if not "".join(run).strip():
                run_line = _line_of(child, run_line)
            run.append(_inline_element(child, writer))
            run.append(_text_node(child.tail))
    flush()


def _convert_block(element: Any, writer: _Writer) -> None:
    tag = element.tag.lower()
    line = _line_of(element, 1)
    if tag in _HEADING_TAGS:
        text = " ".join(_inline(element, writer).replace(_BREAK, " ").split())
        if text:
            writer.block([f"{'#' * _HEADING_TAGS[tag]} {text}"], line)
    elif tag == "p":
        lines = _paragraph_lines(_inline(element, writer))
        if lines:
            writer.block(lines, line)
    elif tag in ("ul", "ol"):
        writer.blank(line)
        _convert_list(element, writer, depth=0)
        writer.blank(line)
    elif tag == "table":
        writer.block(_table(element, writer), line)
    elif tag == "blockquote":
        inner = _Writer(writer.base_url)
        _convert_children(element, inner)
        writer.notes.extend(inner.notes)
        quoted = [(f"> {text}".rstrip(), source) for text, source in _trim(inner.lines)]
        writer.blank(line)
        writer.lines.extend(quoted)
        writer.blank(line)
    elif tag == "pre":
        code = element.text_content().rstrip("\n")
        fence = "~~~~" if "```" in code else "```"
        writer.block([fence, *code.split("\n"), fence], line)
    elif tag == "hr":
        writer.block(["---"], line)
    elif tag == "dl":
        _definition_list(element, writer)
    else:
        _convert_children(element, writer)


def _trim(lines: list[tuple[str, int]]) -> list[tuple[str, int]]:
    start, end = 0, len(lines)
    while start < end and not lines[start][0]:
        start += 1
    while end > start and not lines[end - 1][0]:
        end -= 1
    return lines[start:end]


def _convert_list(element: Any, writer: _Writer, depth: int) -> None:
    ordered = element.tag.lower() == "ol"
    indent = "    " * depth
    number = 0
    for item in element:
        if not isinstance(item.tag, str) or item.tag.lower() != "li":
            continue
        number += 1
        marker = f"{number}." if ordered else "-"
        line = _line_of(item, 1)
        inline_parts: list[str] = [_text_node(item.text)]
        nested: list[Any] = []
        for child in item:
            if isinstance(child.tag, str) and child.tag.lower() in ("ul", "ol"):
                nested.append(child)
            else:
                inline_parts.append(_inline_element(child, writer))
            inline_parts.append(_text_node(child.tail))
        text_lines = _paragraph_lines("".join(inline_parts)) or [""]
        writer.lines.append((f"{indent}{marker} {text_lines[0]}".rstrip(), line))
        writer.lines.extend((f"{indent}    {text}", line) for text in text_lines[1:])
        for child in nested:
            _convert_list(child, writer, depth + 1)


def _table(element: Any, writer: _Writer) -> list[str]:
    rows: list[list[str]] = []
    for row in element.iter("tr"):
        cells = [
            " ".join(_inline(cell, writer).replace(_BREAK, " ").split()).replace("|", "\\|")
            for cell in row
            if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th")
        ]
        if cells:
            rows.append(cells)
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines.extend("| " + " | ".join(row) + " |" for row in rows[1:])
    return lines


def _definition_list(element: Any, writer: _Writer) -> None:
    for child in element:
        if not isinstance(child.tag, str):
            continue
        text = " ".join(_inline(child, writer).replace(_BREAK, " ").split())
        if not text:
            continue
        line = _line_of(child, 1)
        if child.tag.lower() == "dt":
            writer.blank(line)
            writer.lines.append((escape_line_start(text), line))
        else:
            writer.lines.append((f":   {text}", line))


# --- entry point -------------------------------------------------------------------


def _meta(root: Any, xpath: str) -> str | None:
    values = root.xpath(xpath)
    if not values:
        return None
    text = " ".join(str(values[0]).split())
    return text or None


def _comments(root: Any) -> Iterator[str]:
    """Text of every HTML comment (web-archive pages sign their captures in one)."""
    for comment in root.iter(etree.Comment):
        yield str(comment.text or "")


def html_to_markdown(text: str) -> HtmlPage:
    """Convert an HTML page's main content to Markdown lines.

    Raises :class:`ValueError` when the text holds no HTML document at all.
    """
    # lxml refuses str input that still declares its byte encoding.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"not an HTML document ({exc})") from None
    title = _meta(root, "//title/text()")
    description = _meta(root, "//meta[@name='description']/@content")
    captured, original, archive_url = _wayback(root, "\n".join(_comments(root)))
    canonical = _meta(root, "//link[@rel='canonical']/@href")
    url = original or (canonical if canonical and canonical.startswith("http") else None)
    base = _meta(root, "//base/@href") or url
    main = _choose_main(root)
    writer = _Writer(base_url=base)
    writer.notes.extend(_drop_chrome(root, main))
    for comment in list(main.iter(etree.Comment)):
        _remove(comment)
    if main.tag.lower() in ("html", "body"):
        _convert_children(main, writer)
    else:
        _convert_block(main, writer)
    return HtmlPage(
        lines=tuple(_trim(writer.lines)),
        title=title,
        description=description,
        capture=Capture(url, captured, archive_url, None) if url or captured else None,
        notes=tuple(writer.notes),
    )
