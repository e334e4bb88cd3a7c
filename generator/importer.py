"""Importing an existing policy: a text, Markdown or HTML file in, a policy file out.

The importer reads the text the way an editor would: it finds the title, the
sections (whatever way the source marks them: ``#``, underlines, bold lines,
typed numbers, short lines standing alone), lists, tables, a change log written
into the text, a web-archive header, and the company facts the text shows. It
writes a policy this generator accepts as it is: ``##`` headings without typed
numbers (the generator numbers them in the style the source used), the change
log and the capture in front matter, and every literal ``{{``/``{%`` escaped
for the Jinja sandbox. Everything it guessed is reported with its source line.

Steps, in order: decode -> clean -> front matter -> blocks -> archive header ->
title -> change log -> headings -> displaced lists -> ids and links -> Markdown.
"""

from __future__ import annotations

import codecs
import datetime as dt
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

import yaml

from generator.errors import PolicyError
from generator.frontmatter import (
    EMAIL_PATTERN,
    URL_PATTERN,
    load_company,
    load_policy,
    parse_document,
)
from generator.importer_html import (
    escape_line_start,
    escape_text,
    html_to_markdown,
    original_url,
    unwrap_archive_link,
)
from generator.model import NumberingStyle, SourceLocation
from generator.numbering import Heading as NumberingHeading
from generator.numbering import format_number, number_headings
from generator.sections import RESERVED_IDS, derive_id, plain_text

FORMATS = ("txt", "md", "html")
_SUFFIX_FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}


@dataclass(frozen=True)
class ImportNote:
    """One line of the import report."""

    line: int | None
    """Source line number, when the note concerns one."""
    message: str
    unsure: bool
    """True for a guess the editor should check."""


@dataclass(frozen=True)
class ImportResult:
    """What an import produces: the two files to write and the report."""

    policy_markdown: str
    """Full text of ``policies/<company>/<policy>.md``: YAML front matter and body."""
    company_markdown: str
    """Proposed ``company.md`` (front matter and an empty body)."""
    numbering: str
    """``none``, ``decimal`` or ``letter``, chosen to match the typed numbers."""
    notes: tuple[ImportNote, ...]


def _guess(line: int | None, message: str) -> ImportNote:
    """A note on something the importer guessed: the editor should check it."""
    return ImportNote(line, message, unsure=True)


def _fact(line: int | None, message: str) -> ImportNote:
    """A note on something the importer recognized for sure."""
    return ImportNote(line, message, unsure=False)


# --- reading the source ------------------------------------------------------------

_MAGIC = (
    (b"%PDF", "a PDF document", "save it as HTML or plain text first"),
    (b"PK\x03\x04", "a zip archive (such as a Word .docx file)", "save it as HTML first"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Office document", "save it as HTML first"),
    (b"{\\rtf", "an RTF document", "save it as HTML or plain text first"),
    (b"\x89PNG", "a PNG image", "import the text, not a picture of it"),
    (b"\xff\xd8\xff", "a JPEG image", "import the text, not a picture of it"),
    (b"GIF8", "a GIF image", "import the text, not a picture of it"),
)
_INVISIBLE = {0x200B: None, 0xFEFF: None, 0x00AD: None, 0x2060: None, 0x180E: None}
"""Zero-width spaces, stray byte-order marks, soft hyphens: invisible and never wording.
(Zero-width joiners and direction marks stay: Arabic, Hebrew and emoji need them.)"""
_LINE_BREAKS = {0x2028: "\n", 0x2029: "\n\n", 0x0085: "\n", 0x000B: "\n", 0x000C: "\n"}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_UNICODE_SPACE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def _refuse(source_name: str, line: int, message: str, hint: str) -> PolicyError:
    return PolicyError(SourceLocation(source_name, line), message, hint)


def _decode(data: str | bytes, source_name: str) -> tuple[str, list[ImportNote]]:
    """Bytes to text: UTF-8 (with or without BOM) or BOM-marked UTF-16, else refused."""
    notes: list[ImportNote] = []
    if isinstance(data, str):
        text = data
    elif data.startswith(codecs.BOM_UTF8):
        text = _decode_utf8(data[len(codecs.BOM_UTF8) :], source_name)
        notes.append(_fact(None, "removed the UTF-8 byte-order mark"))
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _refuse(
                source_name, 1, "the file starts like UTF-16 but is not", "save it as UTF-8"
            ) from None
        notes.append(_fact(None, "decoded UTF-16 (the file has a byte-order mark)"))
    else:
        for magic, what, hint in _MAGIC:
            if data.startswith(magic):
                raise _refuse(source_name, 1, f"this is {what}, not text", hint)
        if b"\x00" in data[:65536]:
            raise _refuse(
                source_name,
                data[: data.index(b"\x00")].count(b"\n") + 1,
                "this is a binary file, not text (it contains NUL bytes)",
                "import a .txt, .md or .html file",
            )
        text = _decode_utf8(data, source_name)
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise _refuse(
            source_name,
            text[: text.index("\x00")].count("\n") + 1,
            "this is a binary file, not text (it contains NUL characters)",
            "import a .txt, .md or .html file",
        )
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise _refuse(
            source_name,
            1,
            f"this looks like a binary file, not text ({controls} control characters)",
            "import a .txt, .md or .html file",
        )
    return text, notes


def _decode_utf8(data: bytes, source_name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        raise _refuse(
            source_name,
            data[: exc.start].count(b"\n") + 1,
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at column "
            f"{exc.start - line_start + 1})",
            "save it as UTF-8, e.g. 'iconv -f windows-1252 -t utf-8 FILE'",
        ) from None


def _clean(text: str) -> tuple[str, list[ImportNote]]:
    """Line endings, invisible characters and Unicode normal form (NFC)."""
    notes: list[ImportNote] = []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append(_fact(None, "converted Windows (CRLF) line endings"))
    text = text.translate(_LINE_BREAKS)
    invisible = sum(text.count(chr(code)) for code in _INVISIBLE)
    if invisible:
        text = text.translate(_INVISIBLE)
        notes.append(
            _fact(
                None,
                f"removed {invisible} invisible character(s) (zero-width spaces, soft hyphens)",
            )
        )
    controls = len(_CONTROL.findall(text))
    if controls:
        text = _CONTROL.sub("", text)
        notes.append(_fact(None, f"removed {controls} control character(s)"))
    text = unicodedata.normalize("NFC", text)
    lines = []
    for line in text.split("\n"):
        stripped = line.lstrip()
        indent = _UNICODE_SPACE.sub(" ", line[: len(line) - len(stripped)]).expandtabs(4)
        if not stripped.strip():
            lines.append("")
            continue
        body = stripped.rstrip()
        # Two or more trailing spaces are a Markdown line break; keep exactly two.
        if stripped[len(body) :].startswith("  "):
            body += "  "
        lines.append(indent + body)
    return "\n".join(lines), notes


@dataclass(frozen=True)
class _Line:
    text: str
    number: int
    """1-based line of the source file."""


# --- dates -------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    ("iso", re.compile(
        r"\b(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)\b"
    )),
    ("dmy", re.compile(rf"\b{_DAY}\.?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b", re.I)),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(?P<year>(?:19|20)\d\d)\b", re.I)),
    ("num", re.compile(
        r"\b(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b"
    )),
    ("my", re.compile(rf"\b{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b", re.I)),
)  # fmt: skip


@dataclass(frozen=True)
class _Date:
    """A date found in text."""

    value: dt.date
    start: int
    end: int
    exact: bool
    """False for "March 2013": the day is the 1st, by convention."""
    ambiguous: bool
    """True for 03/04/2016: day and month could be either way round."""
    text: str


def _date_of(kind: str, match: re.Match[str]) -> tuple[dt.date, bool, bool] | None:
    try:
        if kind == "iso":
            value = dt.date(int(match["year"]), int(match["m"]), int(match["d"]))
            return value, True, False
        if kind in ("dmy", "mdy"):
            month = _MONTHS[match["month"].lower()]
            return dt.date(int(match["year"]), month, int(match["day"])), True, False
        if kind == "num":
            first, second = int(match["a"]), int(match["b"])
            # Slashes are usually American (month first), dots and dashes European.
            month_first = match["sep"] == "/"
            if first > 12:
                month_first = False
            elif second > 12:
                month_first = True
            month, day = (first, second) if month_first else (second, first)
            ambiguous = first <= 12 and second <= 12 and first != second
            return dt.date(int(match["year"]), month, day), True, ambiguous
        if not match["month"][0].isupper():
            return None  # "may 2020" is more likely a verb than a month
        return dt.date(int(match["year"]), _MONTHS[match["month"].lower()], 1), False, False
    except ValueError:
        return None


def _find_dates(text: str) -> list[_Date]:
    """Every date written in ``text``, in order, in any common format."""
    found: list[_Date] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(d.start < match.end() and match.start() < d.end for d in found):
                continue
            parsed = _date_of(kind, match)
            if parsed is not None:
                value, exact, ambiguous = parsed
                found.append(
                    _Date(value, match.start(), match.end(), exact, ambiguous, match.group(0))
                )
    return sorted(found, key=lambda d: d.start)


# --- blocks ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    """A list item as written."""

    indent: int
    marker: str
    text: str
    more: tuple[str, ...]
    """Continuation lines (Markdown: with their indentation)."""
    line: int
    gap: bool
    """A blank line came before this item."""


@dataclass(frozen=True)
class _Heading:
    title: str
    """Inline Markdown, typed number removed."""
    origin: str
    """atx | setext | bold | numbered | bare"""
    level: int
    """Level as written (ATX, setext); 0 for headings recognized from their look."""
    number: str | None = None
    """The typed number as written ("2a.", "3.1.1", "A.")."""
    attrs: str = ""
    """An attribute block written in the source ("#id .class")."""
    written: str = ""
    """The heading text as the source wrote it, number included (for old anchors)."""


@dataclass(frozen=True)
class _Block:
    kind: str
    """paragraph | heading | list | table | quote | code | html | rule"""
    line: int
    lines: tuple[str, ...] = ()
    items: tuple[_Item, ...] = ()
    heading: _Heading | None = None


_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_UNDERLINE = re.compile(r"^ {0,3}(?P<char>=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_PLAIN_RULE = re.compile(r"^\s*(?:-{3,}|={3,}|_{3,}|\*{3,}|~{3,}|#{3,})\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_HTML_START = re.compile(r"^ {0,3}<(?:[A-Za-z][\w-]*(?:[\s/>]|$)|/[A-Za-z]|!--)")
_QUOTE = re.compile(r"^ {0,3}>")
_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+•●▪◦○·‣⁃■□➢►–—])[ \t]+(?P<text>\S.*)$")
_PLAIN_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>o)[ \t]+(?P<text>\S.*)$")
_ORDERED = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>\d{1,3}[.)]|\(\d{1,3}\)|\([a-z]\)|\([ivxlc]{1,6}\)|\([A-Z]\))"
    r"[ \t]+(?P<text>\S.*)$"
)
_WEAK_ORDERED = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>[a-z][.)]|[ivx]{1,5}[.)])[ \t]+(?P<text>\S.*)$"
)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _marker(text: str, plain: bool) -> re.Match[str] | None:
    return (
        _BULLET.match(text)
        or _ORDERED.match(text)
        or (_PLAIN_BULLET.match(text) if plain else None)
    )


def _item_start(
    lines: Sequence[_Line], index: int, plain: bool, in_list: bool
) -> re.Match[str] | None:
    text = lines[index].text
    match = _marker(text, plain)
    if match or not _WEAK_ORDERED.match(text):
        return match
    # "a." or "ii)" start a list only among siblings: alone they are prose.
    if in_list:
        return _WEAK_ORDERED.match(text)
    following = _next_index(lines, index)
    sibling = following is not None and _WEAK_ORDERED.match(lines[following].text)
    return _WEAK_ORDERED.match(text) if sibling else None


def _starts_block(text: str) -> bool:
    return bool(
        _ATX.match(text)
        or _FENCE.match(text)
        or _QUOTE.match(text)
        or _BULLET.match(text)
        or _ORDERED.match(text)
        or _RULE.match(text)
    )


def _collect_list(
    lines: Sequence[_Line], index: int, plain: bool, wrapped: bool
) -> tuple[_Block, int]:
    items: list[_Item] = []
    gap = False
    while index < len(lines):
        text = lines[index].text
        match = _item_start(lines, index, plain, in_list=True) if text else None
        if match:
            raw_text = match["text"]
            items.append(
                _Item(
                    indent=len(match["indent"].expandtabs(4)),
                    marker=match["marker"],
                    text=escape_line_start(escape_text(raw_text)) if plain else raw_text,
                    more=(),
                    line=lines[index].number,
                    gap=gap,
                )
            )
            gap = False
            index += 1
            continue
        if not text:
            following = _next_index(lines, index)
            if plain or following is None:
                break
            next_text = lines[following].text
            if _item_start(lines, following, plain, in_list=True) or _indent(next_text) >= 2:
                last = items[-1]
                if not _item_start(lines, following, plain, in_list=True):
                    items[-1] = replace(last, more=(*last.more, *[""] * (following - index)))
                gap = True
                index = following
                continue
            break
        last = items[-1]
        previous_blank = not lines[index - 1].text
        if plain:
            if wrapped and _indent(text) > last.indent:
                items[-1] = replace(last, more=(*last.more, escape_text(text.strip())))
                index += 1
                continue
            break
        if _indent(text) > last.indent or (not previous_blank and not _starts_block(text)):
            items[-1] = replace(last, more=(*last.more, text))
            index += 1
            continue
        break
    return _Block("list", items[0].line, items=tuple(items)), index


def _next_index(lines: Sequence[_Line], index: int) -> int | None:
    for following in range(index + 1, len(lines)):
        if lines[following].text:
            return following
    return None


def _parse_markdown(lines: Sequence[_Line]) -> list[_Block]:
    """Markdown (and Markdown-looking text) as blocks, the way Markdown reads it."""
    blocks: list[_Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text
        if not text:
            index += 1
            continue
        fence = _FENCE.match(text)
        if fence:
            end = index + 1
            marker = fence["fence"]
            while end < len(lines) and not lines[end].text.strip().startswith(marker):
                end += 1
            block_lines = [entry.text for entry in lines[index : end + 1]]
            if end >= len(lines):
                block_lines.append(marker)
            blocks.append(_Block("code", line.number, tuple(block_lines)))
            index = end + 1
            continue
        atx = _ATX.match(text)
        if atx:
            if _CLOSING_HASHES.sub("", atx["text"] or "").strip():
                blocks.append(_atx_block(atx, line))
            # (an empty heading holds no words: dropped)
            index += 1
            continue
        if _RULE.match(text):
            blocks.append(_Block("rule", line.number, ("---",)))
            index += 1
            continue
        if _HTML_START.match(text):
            end = index
            while end < len(lines) and lines[end].text:
                end += 1
            blocks.append(_Block("html", line.number, tuple(e.text for e in lines[index:end])))
            index = end
            continue
        if _QUOTE.match(text):
            end = index
            while end < len(lines) and lines[end].text:
                end += 1
            blocks.append(_Block("quote", line.number, tuple(e.text for e in lines[index:end])))
            index = end
            continue
        if "|" in text and index + 1 < len(lines) and _is_table_separator(lines[index + 1].text):
            end = index
            while end < len(lines) and "|" in lines[end].text:
                end += 1
            blocks.append(
                _Block("table", line.number, tuple(e.text.strip() for e in lines[index:end]))
            )
            index = end
            continue
        if _item_start(lines, index, plain=False, in_list=False):
            block, index = _collect_list(lines, index, plain=False, wrapped=True)
            blocks.append(block)
            continue
        if _indent(text) >= 4 and (not blocks or blocks[-1].kind != "paragraph"):
            end = index
            while end < len(lines) and (not lines[end].text or _indent(lines[end].text) >= 4):
                end += 1
            while not lines[end - 1].text:
                end -= 1
            code = [entry.text[4:] for entry in lines[index:end]]
            blocks.append(_Block("code", line.number, ("```", *code, "```")))
            index = end
            continue
        index = _paragraph(lines, index, blocks)
    return blocks


def _is_table_separator(text: str) -> bool:
    return "-" in text and ("|" in text) and bool(_TABLE_SEPARATOR.match(text))


def _atx_block(match: re.Match[str], line: _Line) -> _Block:
    text = _CLOSING_HASHES.sub("", match["text"] or "").strip()
    attrs = ""
    found = re.search(r"\s*\{:?\s*(?P<attrs>[#.][^{}\n]*?)\s*\}\s*$", text)
    if found:
        attrs, text = found["attrs"], text[: found.start()].strip()
    heading = _Heading(
        title=text, origin="atx", level=len(match["hashes"]), attrs=attrs, written=text
    )
    return _Block("heading", line.number, (line.text,), heading=heading)


def _paragraph(lines: Sequence[_Line], index: int, blocks: list[_Block]) -> int:
    """Collect a paragraph (or an underlined heading); return the next line index."""
    start = index
    collected: list[str] = []
    while index < len(lines):
        text = lines[index].text
        if collected and text and _UNDERLINE.match(text):
            title = " ".join(part.strip() for part in collected)
            level = 1 if text.strip().startswith("=") else 2
            heading = _Heading(title=title, origin="setext", level=level, written=title)
            blocks.append(_Block("heading", lines[start].number, tuple(collected), heading=heading))
            return index + 1
        if not text or (collected and (_starts_block(text) or _HTML_START.match(text))):
            break
        collected.append(text)
        index += 1
    blocks.append(_Block("paragraph", lines[start].number, tuple(collected)))
    return index


def _is_wrapped(lines: Sequence[_Line]) -> bool:
    """Hard-wrapped plain text: blank lines between paragraphs, no line over 100 characters."""
    texts = [line.text for line in lines if line.text and not _marker(line.text, True)]
    if not texts or not any(not line.text for line in lines):
        return False
    if max(len(text) for text in texts) > 100:
        return False
    runs = sum(
        1
        for previous, current in itertools.pairwise(lines)
        if previous.text and current.text and not _marker(current.text, True)
    )
    return runs >= max(2, len(texts) // 4)


def _parse_plain(lines: Sequence[_Line]) -> list[_Block]:
    """Plain text as blocks: one paragraph per line, or per blank-separated run if wrapped."""
    wrapped = _is_wrapped(lines)
    blocks: list[_Block] = []
    paragraph: list[str] = []
    paragraph_line = 0

    def flush() -> None:
        if paragraph:
            blocks.append(_Block("paragraph", paragraph_line, tuple(paragraph)))
            paragraph.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text
        if not text:
            flush()
            index += 1
            continue
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        if (
            not paragraph
            and following
            and _UNDERLINE.match(following)
            and len(following.strip()) >= 3
            and not _PLAIN_RULE.match(text)
        ):
            title = escape_text(text.strip())
            heading = _Heading(
                title=title,
                origin="setext",
                written=title,
                level=(1 if following.strip().startswith("=") else 2),
            )
            blocks.append(_Block("heading", line.number, (text,), heading=heading))
            index += 2
            continue
        if _PLAIN_RULE.match(text):
            flush()
            blocks.append(_Block("rule", line.number, ("---",)))
            index += 1
            continue
        if _item_start(lines, index, plain=True, in_list=False):
            flush()
            block, index = _collect_list(lines, index, plain=True, wrapped=wrapped)
            blocks.append(block)
            continue
        escaped = escape_text(text.strip())
        if not wrapped:
            blocks.append(_Block("paragraph", line.number, (escape_line_start(escaped),)))
        else:
            if not paragraph:
                paragraph_line = line.number
                escaped = escape_line_start(escaped)
            paragraph.append(escaped)
        index += 1
    flush()
    return blocks


_MARKDOWN_SIGNS = (
    re.compile(r"^#{1,6} \S", re.M),
    re.compile(r"\*\*\S[^*\n]*\*\*|__\S[^_\n]*__"),
    re.compile(r"\[[^\]\n]+\]\((?:https?://|/|#|mailto:)[^)\s]*\)"),
    re.compile(r"^> ", re.M),
    re.compile(r"\\[.*_#\[\]()-]"),
    re.compile(r"^\|.*\|\s*$", re.M),
    re.compile(r"^```", re.M),
)


def _looks_like_markdown(text: str) -> list[str]:
    """Which Markdown signs a text file shows (two or more: read it as Markdown)."""
    names = ("# headings", "bold text", "links", "block quotes", "escapes", "tables", "code")
    return [name for name, sign in zip(names, _MARKDOWN_SIGNS, strict=True) if sign.search(text)]


# --- front matter of a Markdown source ---------------------------------------------

_DATE_KEYS = ("effective", "effective_date", "date", "last_updated", "updated", "last_modified")


def _front_matter(lines: list[_Line]) -> tuple[dict[str, Any], list[_Line], list[ImportNote]]:
    """The source's own front matter: metadata to use, never body text."""
    if not lines or lines[0].text.strip() != "---":
        return {}, lines, []
    for end in range(1, len(lines)):
        if lines[end].text.strip() in ("---", "..."):
            try:
                data = yaml.safe_load("\n".join(line.text for line in lines[1:end]))
            except yaml.YAMLError:
                data = None
            if not isinstance(data, dict):
                note = _guess(1, "the text starts with '---' lines that are not YAML front matter")
                return {}, lines, [note]
            return {str(key): value for key, value in data.items()}, lines[end + 1 :], []
    return {}, lines, []


def _meta_date(meta: dict[str, Any]) -> tuple[dt.date, str] | None:
    for key in _DATE_KEYS:
        value = meta.get(key)
        if isinstance(value, dt.datetime):
            return value.date(), key
        if isinstance(value, dt.date):
            return value, key
        if isinstance(value, str):
            dates = _find_dates(value)
            if dates and dates[0].exact:
                return dates[0].value, key
    return None


# --- web-archive header ------------------------------------------------------------

_ARCHIVE_LINK = re.compile(
    r"https?://web\.archive\.org/web/(?P<stamp>\d{8,14})[a-z_]*/(?P<url>[^\s)\]>]+)"
)
_ARCHIVED_ON = re.compile(r"\b(?:archived|captured|saved|retrieved)\b[^.\n]{0,30}?\bon\s+", re.I)


@dataclass(frozen=True)
class _Capture:
    url: str | None
    captured: dt.date | None
    archive_url: str | None
    line: int | None


def _take_archive_header(blocks: list[_Block]) -> tuple[_Capture | None, list[_Block]]:
    """A "text extracted from a capture archived on <date>" header, removed from the body."""
    for position, block in enumerate(blocks[:2]):
        if block.kind not in ("quote", "paragraph"):
            continue
        text = " ".join(block.lines)
        link = _ARCHIVE_LINK.search(text)
        if not link or len(text) > 800 or not re.search(r"archiv|wayback|snapshot", text, re.I):
            continue
        captured: dt.date | None = None
        on = _ARCHIVED_ON.search(text)
        if on:
            dates = _find_dates(text[on.end() : on.end() + 40])
            if dates and dates[0].start == 0 and dates[0].exact:
                captured = dates[0].value
        if captured is None:
            stamp = link["stamp"]
            try:
                captured = dt.date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
            except ValueError:
                captured = None
        capture = _Capture(original_url(link["url"]), captured, link.group(0), block.line)
        return capture, blocks[:position] + blocks[position + 1 :]
    return None, blocks


# --- title -------------------------------------------------------------------------

_TITLE_SEPARATOR = re.compile(r"\s+(?:\||–|—|-|::|·)\s+")
_POLICY_WORDS = re.compile(
    r"\b(?:polic(?:y|ies)|terms|conditions|notice|statement|agreement|privacy|cookies?|"
    r"guidelines|rules|code of conduct|disclosure|legal|licen[cs]e|addendum|eula|charter)\b",
    re.I,
)
_SENTENCE_END = tuple(".,;:!。，；：！、،؛۔…")


def _shorten_title(text: str) -> str:
    """ "Privacy Policy | mono.net" -> "Privacy Policy": drop the site name part."""
    parts = _TITLE_SEPARATOR.split(text)
    policy_parts = [part for part in parts if _POLICY_WORDS.search(part)]
    return policy_parts[0].strip() if len(parts) > 1 and len(policy_parts) == 1 else text


def _take_title(
    blocks: list[_Block], markdown: bool
) -> tuple[str | None, int | None, list[_Block]]:
    """The first ``#`` heading (or, in plain text, a short first line) is the title."""
    if not blocks:
        return None, None, blocks
    first = blocks[0]
    heading = first.heading
    if (
        heading
        and heading.level == 1
        and heading.origin in ("atx", "setext")
        and not _NUMBER.match(_unwrap_emphasis(heading.title))
    ):
        return plain_text(heading.title), first.line, blocks[1:]
    if first.kind != "paragraph" or len(first.lines) != 1:
        return None, None, blocks
    bold = _BOLD_LINE.match(first.lines[0])
    if bold and _title_like(bold["inner"], 14, allow="?") and not _NUMBER.match(bold["inner"]):
        return plain_text(bold["inner"]).strip(), first.line, blocks[1:]
    if markdown:
        return None, None, blocks
    text = plain_text(first.lines[0])
    if not _title_like(first.lines[0]) or _NUMBER.match(text):
        return None, None, blocks
    rest = blocks[1:]
    # Scraped pages often repeat the title (page title, then heading).
    if rest and rest[0].kind == "paragraph" and plain_text(" ".join(rest[0].lines)) == text:
        rest = rest[1:]
    return text, first.line, rest


# --- change log --------------------------------------------------------------------

_CHANGE_LOG = re.compile(
    r"^(?:change[\s-]?log|changes|revision history|revisions|version history|"
    r"document history|history of changes|amendment history|policy history|"
    r"history|updates)\s*:?$",
    re.I,
)


@dataclass(frozen=True)
class _Change:
    date: dt.date
    summary: str
    line: int


def _change_entry(text: str, line: int, notes: list[ImportNote]) -> _Change | None:
    text = text.strip()
    dates = _find_dates(text)
    # An entry starts or ends with its date; a date inside prose is not an entry.
    dates = [
        found
        for found in dates
        if not text[: found.start].strip(" *_([") or not text[found.end :].strip(" *_.)]")
    ]
    if not dates or len(text) > 400:
        return None
    found = dates[0]
    before, after = text[: found.start], text[found.end :]
    summary = f"{before.rstrip(' :–—|-(,*_')} {after.lstrip(' :–—|-),*_')}".strip()
    summary = re.sub(r"\s+([.,;:!?])", r"\1", summary)
    summary = re.sub(r"\(\s*\)|\[\s*\]", "", summary).strip(" -–—:|")
    if not summary:
        summary = f"Revision of {found.value.isoformat()}."
        notes.append(_guess(line, f"change-log line '{text}' has no summary"))
    if found.ambiguous:
        notes.append(
            _guess(
                line,
                f"change-log date '{found.text}' could be day/month or month/day; "
                f"read as {found.value.isoformat()}",
            )
        )
    if not found.exact:
        notes.append(
            _guess(
                line,
                f"change-log date '{found.text}' gives no day; dated {found.value.isoformat()}",
            )
        )
    return _Change(found.value, summary, line)


def _block_entries(block: _Block, notes: list[ImportNote]) -> list[_Change] | None:
    """The dated entries of a block, or None if any of its lines is not dated."""
    entries: list[tuple[str, int]] = []
    if block.kind == "list":
        entries = [(" ".join((item.text, *item.more)).strip(), item.line) for item in block.items]
    elif block.kind == "paragraph":
        entries = [(text, block.line + offset) for offset, text in enumerate(block.lines)]
    elif block.kind == "table":
        for offset, row in enumerate(block.lines[2:], start=2):
            cells = [cell.strip() for cell in row.strip().strip("|").split("|") if cell.strip()]
            dated = [cell for cell in cells if _find_dates(cell)]
            if not dated:
                return None
            rest = [cell for cell in cells if cell is not dated[0]]
            entries.append((f"{dated[0]}: {' — '.join(rest)}", block.line + offset))
    else:
        return None
    changes = []
    for text, line in entries:
        change = _change_entry(plain_text(text) if block.kind == "table" else text, line, notes)
        if change is None:
            return None
        changes.append(change)
    return changes


def _take_change_log(
    blocks: list[_Block],
) -> tuple[list[_Change], int | None, list[_Block], list[ImportNote]]:
    """A "Change log:" line (or heading) and the dated lines after it, out of the body."""
    for index, block in enumerate(blocks):
        if block.kind == "heading" and block.heading:
            trigger = plain_text(block.heading.title)
        elif block.kind == "paragraph" and len(block.lines) == 1:
            trigger = plain_text(block.lines[0])
        else:
            continue
        if not _CHANGE_LOG.match(trigger.strip()):
            continue
        notes: list[ImportNote] = []
        changes: list[_Change] = []
        end = index + 1
        while end < len(blocks):
            entries = _block_entries(blocks[end], notes)
            if entries is None:
                break
            changes.extend(entries)
            end += 1
        if not changes:
            continue
        start = index
        if block.kind == "heading" and end < len(blocks) and blocks[end].kind != "heading":
            # The heading also holds other text: keep it, take only the dated lines.
            start = index + 1
        changes.sort(key=lambda change: change.date, reverse=True)
        return changes, block.line, blocks[:start] + blocks[end:], notes
    return [], None, blocks, []


# --- a date the text states --------------------------------------------------------

_STATED = re.compile(
    r"\b(?:last\s+(?:updated|modified|revised|amended|changed)|effective(?:\s+(?:date|as\s+of|"
    r"from|on))?|updated(?:\s+on)?|revised(?:\s+on)?|date\s+of\s+(?:last\s+)?revision|"
    r"version\s+date)\b[\s:*_]*(?:on\s+|as\s+of\s+|is\s+)?",
    re.I,
)


def _stated_date(blocks: Sequence[_Block]) -> tuple[_Date, int, str] | None:
    """ "Last updated: April 20, 2023", "Effective date: ..." written in the text."""
    inexact: tuple[_Date, int, str] | None = None
    for block in blocks:
        if block.kind not in ("paragraph", "heading", "quote"):
            continue
        text = plain_text(" ".join(block.lines))
        for match in _STATED.finditer(text):
            dates = _find_dates(text[match.end() : match.end() + 40])
            if not dates or dates[0].start > 2:
                continue
            phrase = text[match.start() : match.end() + dates[0].end].strip()
            if dates[0].exact and not dates[0].ambiguous:
                return dates[0], block.line, phrase
            inexact = inexact or (dates[0], block.line, phrase)
    return inexact


# --- headings ----------------------------------------------------------------------

_NUMBER = re.compile(
    r"^(?P<number>"
    r"\d{1,3}(?:\\?\.\d{1,3})+\\?\.?"  # 3.1.1, 3.1.
    r"|\d{1,3}[a-z]\\?[.)]"  # 2a.
    r"|\d{1,3}\\?[.)]"  # 1.
    r"|[A-Z]\d{1,3}(?:[-.]\d{1,3})*\\?[.)]"  # A1-1.
    r"|[IVXLC]{1,6}\\?[.)]"  # IV.
    r"|[A-Z]\\?[.)]"  # A.
    r"|[a-z]\\?[.)]"  # a.
    r")[ \t\u00a0]+(?P<title>\S.*)$"
)
_BOLD_LINE = re.compile(r"^\s*(?P<mark>\*\*|__)(?P<inner>(?:(?!\*\*|__).)+?)(?P=mark)\s*$")
_EMPHASIS_WRAP = re.compile(r"^(?P<mark>\*\*\*|\*\*|\*|___|__|_)(?P<inner>\S(?:.*\S)?)(?P=mark)$")
_ABBREVIATIONS = re.compile(r"\b(?:Inc|Ltd|Co|Corp|etc|No|St|vs|U\.S|e\.g|i\.e)\.$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _unwrap_emphasis(text: str) -> str:
    match = _EMPHASIS_WRAP.match(text.strip())
    return match["inner"].strip() if match else text.strip()


def _title_like(text: str, max_words: int = 12, allow: str = "") -> bool:
    """Short, no sentence-ending punctuation, not starting like a sentence continues."""
    plain = plain_text(text).strip()
    if not plain or len(plain) > max_words * 9 or len(plain.split()) > max_words:
        return False
    first = next((char for char in plain if char.isalnum()), "")
    if not first or (first.isalpha() and first.islower()):
        return False
    return not (plain.endswith(_SENTENCE_END) and not plain.endswith(tuple(allow)))


def _roman(text: str) -> int:
    total = 0
    for index, char in enumerate(text):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def _number_path(token: str, roman_letters: bool) -> tuple[str, tuple[int, ...], bool]:
    """A typed number's family, its path, and whether it is a letter sub-number ("2a")."""
    token = token.replace("\\", "").rstrip(".)")
    if re.fullmatch(r"\d+(?:\.\d+)+", token):
        return "decimal", tuple(int(part) for part in token.split(".")), False
    lettered = re.fullmatch(r"(\d+)([a-z])", token)
    if lettered:
        return "decimal", (int(lettered[1]), ord(lettered[2]) - 96), True
    if token.isdigit():
        return "decimal", (int(token),), False
    appendix = re.fullmatch(r"[A-Z](\d+(?:[-.]\d+)*)", token)
    if appendix:
        # "A1-2": section 2 of appendix 1, whose own heading is the appendix title.
        parts = [int(part) for part in re.split(r"[-.]", appendix[1])]
        return "appendix", tuple(parts[1:] or parts), False
    if re.fullmatch(r"[IVXLC]+", token) and (roman_letters or len(token) > 1):
        return "roman", (_roman(token),), False
    if re.fullmatch(r"[A-Z]", token):
        return "upper", (ord(token) - 64,), False
    return "lower", (ord(token[0]) - 96,), True


def _split_number(title: str) -> tuple[str | None, str]:
    """``"**3\\. Data**"`` -> ("3\\.", "Data"); a title without a typed number is kept."""
    inner = _unwrap_emphasis(title)
    match = _NUMBER.match(inner)
    if not match or not plain_text(match["title"]).strip():
        return None, title
    return match["number"], match["title"].strip()


def _heading_from_line(text: str) -> _Heading | None:
    """A bold line standing alone, or a typed number followed by a short title."""
    bold = _BOLD_LINE.match(text)
    if bold:
        inner = bold["inner"].strip()
        if inner.endswith(":") or not _title_like(inner, max_words=14, allow=".?"):
            return None
        if inner.endswith(".") and not inner.endswith("..") and not _ABBREVIATIONS.search(inner):
            inner = inner[:-1]
        number, title = _split_number(inner)
        return _Heading(title, "bold", 0, number=number, written=inner)
    match = _NUMBER.match(text.strip())
    if match and _title_like(match["title"]) and not _BOLD_LINE.match(match["title"]):
        return _Heading(match["title"].strip(), "numbered", 0, number=match["number"], written=text)
    return None


def _candidate_text(block: _Block) -> str | None:
    """The one line of a block that could be a heading written as text."""
    if block.kind == "paragraph" and len(block.lines) == 1:
        return block.lines[0]
    if block.kind == "list" and len(block.items) == 1 and not block.items[0].more:
        item = block.items[0]
        if re.fullmatch(r"\d{1,3}[.)]", item.marker):
            return f"{item.marker} {item.text}"
    return None


def _is_bare_heading(previous: _Block | None, following: _Block | None, text: str) -> bool:
    """A short line without final punctuation, between real text, reads as a heading."""
    plain = plain_text(text).strip()
    if _EMPHASIS_WRAP.match(text.strip()) or ": " in plain or _find_dates(plain):
        return False
    question = plain.endswith("?")
    if not (_title_like(text) or (question and _title_like(text, 25, allow="?"))):
        return False
    if not any(char.isalpha() for char in plain) or "@" in plain or "://" in plain:
        return False
    if following is None:
        return False
    if following.kind == "paragraph":
        next_text = " ".join(following.lines)
        if len(following.lines) == 1 and _title_like(next_text):
            return False
    elif following.kind not in ("list", "table", "quote"):
        return False
    # Consecutive short lines are an address or a list written as lines, not headings.
    previous_text = _candidate_text(previous) if previous else None
    return not (
        previous and previous.kind == "paragraph" and previous_text and _title_like(previous_text)
    )


def _split_bold_leads(blocks: Sequence[_Block]) -> Iterator[_Block]:
    """A bold title on the first line of a paragraph is a heading over the rest."""
    for block in blocks:
        first = block.lines[0] if block.kind == "paragraph" else ""
        heading = _heading_from_line(first) if len(block.lines) > 1 else None
        if heading is None or heading.origin != "bold":
            yield block
            continue
        yield replace(block, lines=(first.rstrip(),))
        yield replace(block, line=block.line + 1, lines=block.lines[1:])


def _recognize_headings(blocks: list[_Block], markdown: bool) -> tuple[list[_Block], int]:
    """Turn paragraphs that are headings in disguise into heading blocks.

    Returns the blocks and how many headings came from bold, numbered or bare lines.
    """
    explicit = [b for b in blocks if b.heading and b.heading.origin in ("atx", "setext")]
    questions = any(plain_text(b.heading.title).endswith("?") for b in explicit if b.heading)
    # Bare lines are headings only where nothing else marks headings (plain text, or
    # Markdown whose authors used none) - or questions among question headings.
    bare_allowed = not markdown or not explicit
    # A typed number marks a heading only if the text numbers at least two that way.
    families = Counter(
        _number_path(m["number"], False)[0]
        for b in blocks
        if (text := _candidate_text(b)) and (m := _NUMBER.match(text.strip()))
    )
    blocks = list(_split_bold_leads(blocks))
    result: list[_Block] = []
    for index, block in enumerate(blocks):
        text = _candidate_text(block)
        heading = None
        if text is not None and index + 1 < len(blocks):
            heading = _heading_from_line(text)
            if heading and heading.origin == "numbered":
                family = _number_path(heading.number or "", False)[0]
                if families[family] < 2:
                    heading = None
            if heading is None and block.kind == "paragraph":
                plain = plain_text(text).strip()
                following = blocks[index + 1]
                if (bare_allowed or (questions and plain.endswith("?"))) and _is_bare_heading(
                    result[-1] if result else None, following, text
                ):
                    heading = _Heading(text.strip(), "bare", 0, written=text.strip())
        if heading is None:
            if block.heading and block.heading.origin in ("atx", "setext"):
                number, title = _split_number(block.heading.title)
                block = replace(block, heading=replace(block.heading, number=number, title=title))
            result.append(block)
            continue
        result.append(_Block("heading", block.line, (text or "",), heading=heading))
    recognized = sum(1 for b in result if b.heading and b.heading.origin not in ("atx", "setext"))
    return result, recognized


@dataclass(frozen=True)
class _Outline:
    """Where each heading ends up: level, number style, what the editor should check."""

    levels: tuple[int, ...]
    unnumbered: tuple[bool, ...]
    numbering: NumberingStyle
    notes: tuple[ImportNote, ...]


@dataclass(frozen=True)
class _Open:
    """A heading whose section is still open while later headings are placed."""

    rank: int
    key: str
    numbered: bool
    explicit: bool


def _outline(headings: Sequence[tuple[_Heading, int]]) -> _Outline:
    """Levels from markup and typed numbers; the numbering style the numbers show."""
    notes: list[ImportNote] = []
    explicit_levels = [h.level for h, _ in headings if h.origin in ("atx", "setext")]
    top = min(explicit_levels, default=1)
    roman_letters = any(re.fullmatch(r"[IVXLC]{2,}\\?[.)]", h.number or "") for h, _ in headings)
    stack: list[_Open] = []
    family_rank: dict[str, int] = {}
    ranks: list[int] = []
    paths: list[tuple[str, tuple[int, ...], bool] | None] = []
    for heading, _line in headings:
        explicit = heading.origin in ("atx", "setext")
        key = (
            "question"
            if plain_text(heading.title).endswith("?")
            else ("explicit" if explicit else heading.origin)
        )
        parsed = _number_path(heading.number, roman_letters) if heading.number else None
        paths.append(parsed)
        if parsed:
            family, path, _ = parsed
            if family not in family_rank:
                if explicit:
                    family_rank[family] = heading.level - (len(path) - 1)
                else:
                    # A new numbering inside a numbered or marked-up section belongs to it.
                    parents = [o for o in stack if o.numbered or o.explicit]
                    family_rank[family] = parents[-1].rank + 1 if parents else top
            rank = family_rank[family] + len(path) - 1
            if explicit:
                rank = max(heading.level, rank)
        elif explicit:
            rank = heading.level
        else:
            sibling = next((o for o in reversed(stack) if o.key == key and not o.numbered), None)
            rank = sibling.rank if sibling else (stack[-1].rank + 1 if stack else top)
        while stack and stack[-1].rank >= rank:
            stack.pop()
        stack.append(_Open(rank, key, parsed is not None, explicit))
        ranks.append(rank)
    lowest = min(ranks, default=2)
    levels = tuple(min(6, rank - lowest + 2) for rank in ranks)
    if any(rank - lowest + 2 > 6 for rank in ranks):
        notes.append(_guess(None, "headings nest deeper than ###### and were flattened"))
    numbering = _numbering_style(paths, notes)
    unnumbered = _unnumbered(headings, levels, paths, numbering, notes)
    notes.extend(_renumbering_notes(headings, levels, unnumbered, paths, numbering))
    return _Outline(levels, unnumbered, numbering, tuple(notes))


def _numbering_style(
    paths: Sequence[tuple[str, tuple[int, ...], bool] | None], notes: list[ImportNote]
) -> NumberingStyle:
    typed = [path for path in paths if path]
    if not typed:
        return "none"
    lettered = sum(1 for _, _, letter in typed if letter)
    dotted = sum(1 for family, path, _ in typed if family == "decimal" and len(path) > 1) - lettered
    if lettered and dotted:
        notes.append(
            _guess(
                None,
                f"the source mixes letter sub-numbers (2a.) and decimal ones (2.1); "
                f"chose {'letter' if lettered >= dotted else 'decimal'}",
            )
        )
    return "letter" if lettered and lettered >= dotted else "decimal"


def _unnumbered(
    headings: Sequence[tuple[_Heading, int]],
    levels: Sequence[int],
    paths: Sequence[tuple[str, tuple[int, ...], bool] | None],
    numbering: NumberingStyle,
    notes: list[ImportNote],
) -> tuple[bool, ...]:
    """In a numbered text, headings written without a number stay without one."""
    if numbering == "none":
        return tuple(False for _ in headings)
    flags = []
    for index, ((heading, line), level) in enumerate(zip(headings, levels, strict=True)):
        if paths[index]:
            flags.append(False)
            continue
        subtree = []
        for following in range(index + 1, len(headings)):
            if levels[following] <= level:
                break
            subtree.append(following)
        if any(paths[following] for following in subtree):
            notes.append(
                _guess(
                    line,
                    f"heading '{plain_text(heading.title)}' has no typed number but numbered "
                    "sub-sections; the generator will number it",
                )
            )
            flags.append(False)
        else:
            flags.append(True)
    return tuple(flags)


def _renumbering_notes(
    headings: Sequence[tuple[_Heading, int]],
    levels: Sequence[int],
    unnumbered: Sequence[bool],
    paths: Sequence[tuple[str, tuple[int, ...], bool] | None],
    numbering: NumberingStyle,
) -> list[ImportNote]:
    """Say where the generated numbers will differ from the typed ones."""
    if numbering == "none":
        return []
    generated = number_headings(
        [NumberingHeading(level, not flag) for level, flag in zip(levels, unnumbered, strict=True)],
        "decimal",
    )
    notes: list[ImportNote] = []
    offsets: dict[int, int] = {}
    families = {path[0] for path in paths if path}
    for (heading, line), numbered, path in zip(headings, generated, paths, strict=True):
        if not path or not numbered.number:
            continue
        new_path = tuple(int(part) for part in numbered.number.split("."))
        offset = new_path[-1] - path[1][-1]
        depth = len(new_path)
        for deeper in [d for d in offsets if d > depth]:
            del offsets[deeper]
        if offset != offsets.get(depth, 0):
            shown = format_number(numbering, new_path)
            notes.append(
                _guess(
                    line,
                    f"typed number '{(heading.number or '').replace(chr(92), '')}' becomes "
                    f"'{shown}.' (the typed numbers are not consecutive): check references "
                    "to section numbers in the text",
                )
            )
        offsets[depth] = offset
    if families & {"upper", "roman", "appendix"}:
        notes.append(
            _guess(
                None,
                "sections typed with letters or roman numerals (A., II.) get generated "
                f"{numbering} numbers: check references such as 'Section B' in the text",
            )
        )
    return notes


def _restore_lists(blocks: list[_Block]) -> tuple[list[_Block], list[ImportNote]]:
    """Put back lists a scraper moved away from the paragraphs that introduce them.

    The sign: several lists stand together, and as many later paragraphs end
    with ':' but are followed by no list. Matched in order, and reported.
    """

    def introduces(index: int) -> bool:
        block = blocks[index]
        if block.kind != "paragraph":
            return False
        return plain_text(block.lines[-1]).rstrip().endswith(":")

    notes: list[ImportNote] = []
    index = 0
    while index < len(blocks):
        if blocks[index].kind != "list":
            index += 1
            continue
        end = index
        while end < len(blocks) and blocks[end].kind == "list":
            end += 1
        pile = list(range(index, end))
        extra = pile[1:] if index > 0 and introduces(index - 1) else pile
        orphans = [
            position
            for position in range(end, len(blocks))
            if introduces(position)
            and (position + 1 >= len(blocks) or blocks[position + 1].kind != "list")
        ]
        if len(extra) >= 2 and len(orphans) == len(extra):
            moves = dict(zip(orphans, extra, strict=True))
            moved = set(extra)
            rebuilt: list[_Block] = []
            for position, block in enumerate(blocks):
                if position in moved:
                    continue
                rebuilt.append(block)
                if position in moves:
                    rebuilt.append(blocks[moves[position]])
                    notes.append(
                        _guess(
                            block.line,
                            f"moved the list of line {blocks[moves[position]].line} here: this "
                            "paragraph ends with ':' but had no list, and "
                            f"{len(pile)} lists stood together at line {blocks[index].line}",
                        )
                    )
            return rebuilt, notes
        index = end
    return blocks, notes


# --- ids, anchors and links --------------------------------------------------------

_ID_PATTERN = re.compile(r"^[^\W\d_][\w-]*$")
_INLINE_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\((?P<target><[^>\n]*>|(?:\{\{.*?\}\}|\{%.*?%\}|[^()\s]|\([^()\s]*\))*)"
    r"(?P<title>\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\)"
)
_HTML_ANCHOR = re.compile(r"""<a\s[^>]*?\b(?:name|id)\s*=\s*["']([^"']+)["']""", re.I)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def _outside_code_spans(text: str, change: Callable[[str], str]) -> str:
    """Apply ``change`` to the text around inline code spans, which stay as written."""
    pieces = []
    position = 0
    for match in _CODE_SPAN.finditer(text):
        pieces.append(change(text[position : match.start()]))
        pieces.append(match.group(0))
        position = match.end()
    pieces.append(change(text[position:]))
    return "".join(pieces)


def _github_slug(text: str) -> str:
    return re.sub(r"[^\w\- ]", "", plain_text(text).lower()).replace(" ", "-")


def _toc_slug(text: str) -> str:
    value = unicodedata.normalize("NFKD", plain_text(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", value).strip().lower())


def _source_attrs(
    attrs: str, line: int, notes: list[ImportNote]
) -> tuple[str | None, list[str], list[str]]:
    explicit: str | None = None
    classes: list[str] = []
    others: list[str] = []
    for token in re.findall(r'[^\s=]+="[^"]*"|[^\s=]+=\'[^\']*\'|\S+', attrs):
        if token.startswith("#") and _ID_PATTERN.match(token[1:]):
            explicit = token[1:]
        elif token.startswith(".") and len(token) > 1:
            classes.append(token[1:])
        elif "=" in token:
            others.append(token)
        else:
            notes.append(_guess(line, f"dropped the heading attribute '{token}'"))
    return explicit, classes, others


@dataclass(frozen=True)
class _Anchors:
    ids: frozenset[str]
    """Every section id of the imported policy, and every HTML anchor in its text."""
    renamed: dict[str, str]
    """Anchors the source's own site used for its headings, by the id they have now."""
    titles: dict[str, str]
    """Section id by heading title (casefolded), for titles of three words or more."""


def _finish_headings(
    blocks: list[_Block], outline: _Outline
) -> tuple[list[_Block], _Anchors, list[ImportNote]]:
    """Write each heading as ``##`` Markdown with the id and classes it needs."""
    notes: list[ImportNote] = []
    seen: set[str] = set()
    renamed: dict[str, str] = {}
    titles: dict[str, str] = {}
    slug_counts: Counter[str] = Counter()
    result = list(blocks)
    positions = [index for index, block in enumerate(blocks) if block.heading]
    for count, position in enumerate(positions):
        block = blocks[position]
        heading = block.heading
        assert heading is not None
        explicit, classes, others = _source_attrs(heading.attrs, block.line, notes)
        if outline.unnumbered[count] and "unnumbered" not in classes:
            classes.append("unnumbered")
        section_id = explicit or derive_id(heading.title)
        if section_id in seen or section_id in RESERVED_IDS:
            suffix = 2
            while f"{section_id}-{suffix}" in seen:
                suffix += 1
            explicit = f"{section_id}-{suffix}"
            notes.append(
                _fact(
                    block.line,
                    f"heading '{plain_text(heading.title)}' repeats an earlier heading (or a "
                    f"name the page uses): given the id '{explicit}'",
                )
            )
            section_id = explicit
        elif heading.title.rstrip().endswith("}") and explicit is None:
            # A final '}' would be read as an attribute block: an explicit id ends the line.
            explicit = section_id
        seen.add(section_id)
        plain_title = plain_text(heading.title).casefold()
        if len(plain_title.split()) >= 3:
            titles[plain_title] = section_id if plain_title not in titles else ""
        written = heading.written or heading.title
        old = _github_slug(written)
        duplicate = slug_counts[old]
        slug_counts[old] += 1
        for anchor in (
            old if not duplicate else f"{old}-{duplicate}",
            _toc_slug(written) if not duplicate else f"{_toc_slug(written)}_{duplicate}",
            derive_id(written),
        ):
            renamed.setdefault(anchor, section_id)
        attrs = ([f"#{explicit}"] if explicit else []) + [f".{c}" for c in classes] + others
        text = f"{'#' * outline.levels[count]} {heading.title}"
        if attrs:
            text += " {" + " ".join(attrs) + "}"
        result[position] = replace(block, lines=(text,))
    html_anchors = {
        anchor
        for block in blocks
        for text in _block_texts(block)
        for anchor in _HTML_ANCHOR.findall(text)
    }
    titles = {title: section_id for title, section_id in titles.items() if section_id}
    return result, _Anchors(frozenset(seen | html_anchors), renamed, titles), notes


def _block_texts(block: _Block) -> Iterator[str]:
    yield from block.lines
    for item in block.items:
        yield item.text
        yield from item.more


@dataclass
class _LinkFixer:
    """Rewrites the links of one policy so they work on this site, noting what it did."""

    anchors: _Anchors
    base_url: str | None
    notes: list[ImportNote] = field(default_factory=list)
    site_paths: list[tuple[int, str]] = field(default_factory=list)
    archive_links: int = 0
    missing: set[str] = field(default_factory=set)

    def fix(self, text: str, line: int) -> str:
        return _outside_code_spans(
            text, lambda part: _INLINE_LINK.sub(lambda match: self._link(match, line), part)
        )

    def report(self) -> list[ImportNote]:
        """What the link rewriting did, for the import report."""
        notes = list(self.notes)
        if self.archive_links:
            notes.append(
                _fact(None, f"{self.archive_links} web-archive link(s) now go to the original URLs")
            )
        if self.site_paths:
            line, example = self.site_paths[0]
            notes.append(
                _guess(
                    line,
                    f"{len(self.site_paths)} link(s) point to pages of the original site (such "
                    f"as '{example}'); they will not resolve here: give them a full URL",
                )
            )
        return notes

    def cross_reference(self, text: str, line: int) -> str:
        """ "See Data retention." names a section: link it with the generator's cross-link."""
        if not self.anchors.titles or not re.search(r"\bsee\b", text, re.I):
            return text
        names = sorted(self.anchors.titles, key=len, reverse=True)
        pattern = re.compile(
            r"(?P<lead>\b[Ss]ee(?:\s+also)?(?:\s+(?:the\s+)?(?:section|clause))?\s+[“\"‘']?)"
            r"(?P<title>" + "|".join(re.escape(name) for name in names) + r")\b",
            re.IGNORECASE,
        )

        def link(match: re.Match[str]) -> str:
            section_id = self.anchors.titles[match["title"].casefold()]
            self.notes.append(
                _guess(
                    line,
                    f"'{match.group(0)}' refers to a section: linked it as a cross-link "
                    f"[{match['title']}][§ {section_id}]",
                )
            )
            return f"{match['lead']}[{match['title']}][§ {section_id}]"

        return _outside_code_spans(text, lambda part: pattern.sub(link, part))

    def _link(self, match: re.Match[str], line: int) -> str:
        raw = match["target"]
        target = raw[1:-1] if raw.startswith("<") else raw
        bang, words, title = match["bang"], match["text"], match["title"] or ""
        if not target:
            return match.group(0)
        if target.startswith("#"):
            anchor = unquote(target[1:])
            new = self.anchors.renamed.get(anchor, anchor)
            if new not in self.anchors.ids and anchor not in self.missing:
                self.missing.add(anchor)
                self.notes.append(
                    _guess(line, f"link to '#{anchor}' finds no section of this policy")
                )
            return f"{bang}[{words}](#{new}{title})"  # "#" alone: the top of the page
        if _SCHEME.match(target):
            unwrapped = unwrap_archive_link(target)
            if unwrapped != target:
                self.archive_links += 1
            return f"{bang}[{words}]({unwrapped}{title})"
        if self.base_url and not _JINJA_OPEN.search(target):
            return f"{bang}[{words}]({urljoin(self.base_url, target)}{title})"
        path = target.split("#", 1)[0].split("?", 1)[0]
        # MkDocs fails a strict build on a relative link to a file it does not have.
        if bang or "." in path.rsplit("/", 1)[-1] or _JINJA_OPEN.search(target):
            what = "image" if bang else "link"
            self.notes.append(
                _guess(
                    line,
                    f"{what} to '{target}' (a file of the original site) kept as text only: "
                    "link the imported policy with [text][§ policy#section] or a full URL",
                )
            )
            return words
        self.site_paths.append((line, target))
        return match.group(0)


# --- writing Markdown --------------------------------------------------------------

_JINJA_OPEN = re.compile(r"\{\{|\{%|\{##")
_SETEXT_GUARD = re.compile(r"^(?P<indent> {0,3})(?=(?:=+|-{2,})[ \t]*$)")
_BLOCK_START = re.compile(r"^\s*(?:[#>|*+-]|\d+[.)]|<)")


def _list_label(marker: str, sequential: bool) -> tuple[str, str]:
    """Markdown marker and a label to keep in the text ("(a)" stays written)."""
    if re.fullmatch(r"\d{1,3}[.)]", marker):
        return f"{marker[:-1]}.", ""
    if re.fullmatch(r"\(\d{1,3}\)", marker) and sequential:
        return f"{marker[1:-1]}.", ""
    if marker in "-*+" or not re.search(r"\w", marker) or marker == "o":
        return "-", ""
    return "-", f"{marker} "


def _list_markdown(block: _Block, plain: bool) -> str:
    numbers = [
        int(item.marker[1:-1]) for item in block.items if re.fullmatch(r"\(\d+\)", item.marker)
    ]
    sequential = numbers == list(range(1, len(numbers) + 1))
    stack: list[int] = []
    out: list[str] = []
    for item in block.items:
        while stack and item.indent < stack[-1]:
            stack.pop()
        if not stack or item.indent > stack[-1]:
            stack.append(item.indent)
        pad = "    " * (len(stack) - 1)
        marker, label = _list_label(item.marker, sequential)
        if item.gap and out:
            out.append("")
        out.append(f"{pad}{marker} {label}{item.text}")
        content_column = item.indent + len(item.marker) + 1
        for more in item.more:
            if not more:
                out.append("")
            elif plain:
                out.append(f"{pad}    {more}")
            else:
                extra = max(0, _indent(more) - content_column)
                out.append(f"{pad}    {' ' * extra}{more.lstrip(' ')}")
    return "\n".join(out)


def _escape_template(text: str, line: int, code: bool, notes: list[ImportNote]) -> str:
    """Literal ``{{``/``{%``/``{##`` and ``[§`` must not reach Jinja or the cross-linker."""
    found = _JINJA_OPEN.search(text)
    if found and not code:
        snippet = text[found.start() : found.start() + 60].split("\n")[0]
        notes.append(
            _guess(
                line,
                f"'{snippet}' looks like a template tag of the original site: kept as literal "
                "text; replace it with the words it stood for or a company fact",
            )
        )
    text = _JINJA_OPEN.sub(lambda match: '{{ "' + match.group(0) + '" }}', text)
    if code or "[§" not in text:
        return text
    notes.append(_fact(line, "wrote '[§' as '[&sect;' so it is not read as a cross-link"))
    return _outside_code_spans(text, lambda part: part.replace("[§", "[&sect;"))


def _guard_underlines(markdown: str) -> str:
    """A line of '=' or '-' under text would make an underlined heading, which is refused."""
    lines = markdown.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if opening:
            fence = None if fence else opening["fence"]
            continue
        if fence or index == 0:
            continue
        previous = lines[index - 1]
        if previous.strip() and not _BLOCK_START.match(previous) and _SETEXT_GUARD.match(line):
            lines[index] = _SETEXT_GUARD.sub(r"\g<indent>\\", line, count=1)
    return "\n".join(lines)


def _body_markdown(
    blocks: Sequence[_Block], plain: bool, links: _LinkFixer, notes: list[ImportNote]
) -> str:
    chunks = []
    for block in blocks:
        code = block.kind == "code"
        text = _list_markdown(block, plain) if block.kind == "list" else "\n".join(block.lines)
        if not code and block.kind != "html":
            text = links.fix(text, block.line)
        text = _escape_template(text, block.line, code, notes)
        if block.kind in ("paragraph", "list"):
            text = links.cross_reference(text, block.line)
        chunks.append(text)
    return _guard_underlines("\n\n".join(chunk for chunk in chunks if chunk.strip())) + "\n"


# --- company facts -----------------------------------------------------------------

_LEGAL_FORM = re.compile(
    r"(?<![\w/])(?P<form>L\.L\.C\.|LLC|LLP|Inc\.|Inc\b|Incorporated|Corporation|Corp\.|"
    r"Ltd\.|Ltd\b|Limited|PLC|plc|GmbH|AG|ApS|A/S|B\.V\.|BV|N\.V\.|S\.A\.S\.|S\.A\.|SAS|"
    r"SARL|S\.à r\.l\.|S\.r\.l\.|S\.p\.A\.|Pty\.? Ltd\.?|Oy)(?![\w/])"
)
_NAME_STOP = frozenset({
    "a", "an", "the", "of", "by", "to", "from", "and", "or", "how", "we", "our", "us", "you",
    "your", "is", "are", "was", "be", "as", "at", "in", "on", "for", "with", "that", "this",
    "these", "those", "between", "named", "called", "means", "refer", "refers", "including",
    "under", "its", "their", "such", "any", "all", "each", "other", "which", "who", "whom",
    "when", "where", "provided", "operated", "owned", "controlled", "d/b/a", "dba", "c/o",
    "collectively", "see", "also", "not", "no", "about", "contact", "contacting",
})  # fmt: skip
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_OBFUSCATED_EMAIL = re.compile(
    r"\b(?P<user>[\w.+-]+)\s*[\[(]\s*at\s*[\])]\s*(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
)
_PLACEHOLDER_EMAIL = re.compile(r"\[email(?:\s|&#160;|&nbsp;)protected\]")
_POSTCODE = re.compile(
    r"\b(?:\d{4,5}(?:-\d{4})?\s+\w|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|[A-Z]{2}\s+\d{5}\b)"
)
_STREET = re.compile(r"\b\d+[A-Za-z]?\b.*[^\W\d_]{3,}|[^\W\d_]{3,}.*\b\d+[A-Za-z]?\b")


@dataclass(frozen=True)
class _Facts:
    name: str
    legal_name: str
    website: str | None
    email: str | None
    address: tuple[str, ...]
    notes: tuple[ImportNote, ...]


def _legal_names(text: str) -> Iterator[str]:
    for match in _LEGAL_FORM.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[max(line_start, match.start() - 100) : match.start()]
        if not before.endswith((" ", ", ")):
            continue
        comma = before.rstrip().endswith(",")
        words: list[str] = []
        for word in reversed(before.rstrip().rstrip(",").split()):
            clean = word.strip("“”\"'‘’()[]*_")
            if (
                (clean != word.strip("*_") and words)
                or not re.search(r"\w", clean)
                or clean.lower() in _NAME_STOP
                or clean.endswith((".", ":", ";", ","))
            ):
                break
            words.insert(0, clean)
            if clean != word.strip("*_") or len(words) == 4:
                break
        # "we mean MNX Solutions, LLC": a capitalized name does not start with lowercase words.
        if any(word[:1].isupper() for word in words):
            while words and not words[0][:1].isupper() and not words[0][:1].isdigit():
                words.pop(0)
        if words:
            yield " ".join(words) + ("," if comma else "") + " " + match["form"]


def _address(lines: Sequence[_Line], skip: set[str]) -> tuple[tuple[str, ...], int | None]:
    """The first block of short lines holding a street line and a postcode line."""
    run: list[_Line] = []
    for line in [*lines, _Line("", 0)]:
        text = re.sub(r"(?:\s*<br\s*/?>|\\)$", "", line.text.strip()).strip(" *_")
        if text and len(text) <= 60 and not text.endswith((":", ".", ";")):
            run.append(_Line(text, line.number))
            continue
        candidates = [entry for entry in run if entry.text.casefold() not in skip]
        candidates = [
            e for e in candidates if not re.match(r"^(?:re|attn|attention)\b", e.text, re.I)
        ]
        postcode = next((i for i, e in enumerate(candidates) if _POSTCODE.search(e.text)), None)
        if postcode is not None and len(candidates) >= 2:
            street = next(
                (i for i in range(postcode + 1) if _STREET.search(candidates[i].text)), None
            )
            if (street is not None and street < postcode) or (street == postcode and postcode > 0):
                start = street if street is not None else postcode
                found = candidates[start : postcode + 3]
                return tuple(entry.text for entry in found), found[0].number
        run = []
    return (), None


def _prose_lines(lines: Sequence[_Line]) -> list[_Line]:
    """The lines outside fenced code: examples in code are not the company's facts."""
    prose: list[_Line] = []
    fence: str | None = None
    for line in lines:
        opening = _FENCE.match(line.text)
        if opening and (fence is None or opening["fence"].startswith(fence)):
            fence = None if fence else opening["fence"]
        elif fence is None:
            prose.append(line)
    return prose


def _company_facts(lines: Sequence[_Line], company: str, capture_url: str | None) -> _Facts:
    notes: list[ImportNote] = []
    lines = _prose_lines(lines)
    text = "\n".join(line.text for line in lines)
    names = Counter(_legal_names(text))
    fallback = " ".join(part.capitalize() for part in company.split("-"))
    if names:
        ranked = sorted(names, key=lambda name: (-names[name], text.find(name.split()[0])))
        legal_name = ranked[0]
        line = next((e.number for e in lines if legal_name.split(",")[0] in e.text), None)
        others = f" (also seen: {', '.join(ranked[1:4])})" if len(ranked) > 1 else ""
        notes.append(_guess(line, f"legal name guessed as '{legal_name}'{others}"))
        name = _LEGAL_FORM.sub("", legal_name).strip(" ,")
    else:
        legal_name = name = fallback
        notes.append(
            _guess(
                None,
                f"no legal name (such as 'X Ltd' or 'X, LLC') in the text: company.md uses "
                f"'{fallback}'; write the registered name",
            )
        )
    emails = Counter(
        email.rstrip(".") for email in _EMAIL.findall(text) if EMAIL_PATTERN.match(email)
    )
    email = None
    if emails:
        preferred = ("privacy", "legal", "dpo", "dataprotection", "info", "contact", "support")
        email = sorted(
            emails,
            key=lambda e: (-emails[e], not e.split("@")[0].lower().startswith(preferred)),
        )[0]
        more = [e for e in emails if e != email]
        shown = f" (also seen: {', '.join(more[:4])})" if more else ""
        notes.append(_fact(None, f"contact email {email}{shown}"))
    else:
        obfuscated = _OBFUSCATED_EMAIL.search(text)
        if obfuscated:
            email = f"{obfuscated['user']}@{obfuscated['domain']}".lower()
            notes.append(_guess(None, f"email written as '{obfuscated.group(0)}' read as {email}"))
    for placeholder in [e for e in lines if _PLACEHOLDER_EMAIL.search(e.text)][:3]:
        notes.append(
            _guess(
                placeholder.number,
                "'[email protected]' is a placeholder left by the page's email protection: the "
                "address is lost; write it in company.md and use {{ company.email }}",
            )
        )
    skip = {legal_name.casefold(), name.casefold(), fallback.casefold()}
    address, address_line = _address(lines, skip)
    if address:
        notes.append(_guess(address_line, f"postal address: {'; '.join(address)}"))
    website = None
    if capture_url:
        match = re.match(r"^(https?://[^/]+)", capture_url)
        website = match.group(1) if match and URL_PATTERN.match(match.group(1)) else None
    return _Facts(name, legal_name, website, email, address, tuple(notes))


def _company_markdown(facts: _Facts, source_name: str) -> str:
    data: dict[str, Any] = {"name": facts.name, "legal_name": facts.legal_name}
    if facts.website:
        data["website"] = facts.website
    if facts.email:
        data["email"] = facts.email
    if facts.address:
        data["address"] = list(facts.address)
    header = f"# Proposed by the importer from {' '.join(source_name.split())}: check every fact."
    return f"---\n{header}\n{_yaml(data)}---\n"


class _Dumper(yaml.SafeDumper):
    """Writes every value out: no ``&id001`` anchors when two dates are equal."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100000)


# --- the import --------------------------------------------------------------------

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")


def _check_slug(slug: str, what: str) -> None:
    if not _SLUG.match(slug):
        raise PolicyError(
            None,
            f"'{slug}' is not a valid {what} name",
            "use lowercase letters, digits and hyphens (e.g. 'acme-corp')",
        )
    if what == "policy" and slug == "index":
        # policies/<company>/index.md is where the generated company page goes.
        raise PolicyError(
            None, "'index' cannot be a policy name", "it is the company page; pick another name"
        )


@dataclass(frozen=True)
class _Source:
    """The source as lines ready to read, with what it says about itself."""

    lines: list[_Line]
    markdown: bool
    """Read with Markdown's rules (Markdown, HTML, and text files that use Markdown)."""
    meta: dict[str, Any]
    """The source's own front matter (Markdown) or ``<head>`` facts (HTML)."""
    capture: _Capture | None
    notes: list[ImportNote]


def _read_source(data: str | bytes, fmt: str, source_name: str) -> _Source:
    """Decode and clean the source, and turn HTML into Markdown lines."""
    refuse_empty = ("import a file that holds the policy text",)
    if not data.strip():
        raise _refuse(source_name, 1, "the file is empty", *refuse_empty)
    decoded, notes = _decode(data, source_name)
    text, clean_notes = _clean(decoded)
    notes.extend(clean_notes)
    if not text.strip():
        raise _refuse(source_name, 1, "the file holds no text", *refuse_empty)
    if fmt == "html":
        try:
            page = html_to_markdown(text)
        except ValueError as exc:
            raise _refuse(source_name, 1, str(exc), "import the page's HTML file") from None
        notes.extend(ImportNote(line, message, unsure) for line, message, unsure in page.notes)
        meta = {"description": page.description, "html_title": page.title}
        capture = None
        if page.url or page.captured:
            capture = _Capture(page.url, page.captured, page.archive_url, None)
        lines = [_Line(line, number) for line, number in page.lines]
        return _Source(lines, True, meta, capture, notes)
    lines = [_Line(line, number) for number, line in enumerate(text.split("\n"), start=1)]
    if fmt == "md":
        meta, lines, front_notes = _front_matter(lines)
        return _Source(lines, True, meta, None, notes + front_notes)
    signs = _looks_like_markdown(text)
    if len(signs) >= 2:
        notes.append(_fact(None, f"read as Markdown (it uses {', '.join(signs)})"))
    return _Source(lines, len(signs) >= 2, {}, None, notes)


def _choose_title(
    given: str | None,
    heading_title: str | None,
    heading_line: int | None,
    meta: dict[str, Any],
    policy: str,
    notes: list[ImportNote],
) -> str:
    meta_title = meta.get("title") if isinstance(meta.get("title"), str) else None
    html_title = meta.get("html_title") if isinstance(meta.get("html_title"), str) else None
    if given:
        if heading_title and heading_title != given:
            notes.append(
                _guess(
                    heading_line,
                    f"the first heading '{heading_title}' gave way to the title '{given}'",
                )
            )
        return given
    candidate = heading_title or meta_title or html_title
    if candidate:
        shortened = _shorten_title(candidate)
        if shortened != candidate:
            notes.append(_guess(heading_line, f"title '{candidate}' shortened to '{shortened}'"))
        if meta_title and heading_title and meta_title != heading_title:
            notes.append(
                _guess(
                    heading_line,
                    f"the front matter's title '{meta_title}' differs from the first heading; "
                    "used the heading",
                )
            )
        return shortened.strip()
    fallback = policy.replace("-", " ").capitalize()
    notes.append(_guess(None, f"no title found: used '{fallback}' (set it with --title)"))
    return fallback


def _choose_effective(
    given: dt.date | None,
    changes: Sequence[_Change],
    stated: tuple[_Date, int, str] | None,
    meta_date: tuple[dt.date, str] | None,
    capture: _Capture | None,
    notes: list[ImportNote],
) -> dt.date:
    if stated and not (stated[0].exact and not stated[0].ambiguous):
        notes.append(
            _guess(
                stated[1],
                f"the text says '{stated[2]}', which gives no exact day; not used as the "
                "effective date",
            )
        )
        stated = None
    if given:
        return given
    if changes:
        return changes[0].date
    if meta_date:
        notes.append(_fact(None, f"effective date from the front matter's '{meta_date[1]}'"))
        return meta_date[0]
    if stated:
        notes.append(
            _guess(
                stated[1], f"effective date {stated[0].value.isoformat()} taken from '{stated[2]}'"
            )
        )
        return stated[0].value
    if capture and capture.captured:
        notes.append(
            _guess(
                capture.line,
                f"effective date is the capture date {capture.captured.isoformat()}: the text "
                "gives no exact date",
            )
        )
        return capture.captured
    today = dt.date.today()
    notes.append(
        _guess(
            None,
            f"no date in the text: effective date set to today, {today.isoformat()} "
            "(set it with --effective)",
        )
    )
    return today


def _source_info(capture: _Capture | None) -> dict[str, Any] | None:
    if capture is None:
        return None
    info: dict[str, Any] = {}
    if capture.url and URL_PATTERN.match(capture.url):
        info["url"] = capture.url
    if capture.captured:
        info["captured"] = capture.captured
        where = f" ({capture.archive_url})" if capture.archive_url else ""
        info["note"] = (
            f"Text recovered from a web-archive capture of {capture.captured.isoformat()}{where}."
        )
    return info or None


def import_text(
    text: str | bytes,
    *,
    fmt: str,
    source_name: str,
    company: str,
    policy: str,
    title: str | None = None,
    effective: dt.date | None = None,
) -> ImportResult:
    """Turn one existing policy text into a policy file and a proposed ``company.md``.

    ``fmt`` is ``txt``, ``md`` or ``html``; ``source_name`` names the source in
    messages. Input that cannot be imported (empty, binary, not UTF-8, no text)
    raises :class:`PolicyError` with a one-line reason.
    """
    _check_slug(company, "company")
    _check_slug(policy, "policy")
    if fmt not in FORMATS:
        raise PolicyError(
            None, f"{source_name}: unknown format '{fmt}'", "use one of: " + ", ".join(FORMATS)
        )
    source = _read_source(text, fmt, source_name)
    notes = source.notes
    blocks = _parse_markdown(source.lines) if source.markdown else _parse_plain(source.lines)
    if not blocks:
        raise _refuse(source_name, 1, "no text found", "import a file that holds the policy text")

    # What goes to front matter leaves the body first, so it is not mistaken for sections.
    header, blocks = _take_archive_header(blocks)
    capture = header or source.capture
    heading_title, title_line, blocks = _take_title(blocks, source.markdown)
    policy_title = _choose_title(title, heading_title, title_line, source.meta, policy, notes)
    changes, log_line, blocks, log_notes = _take_change_log(blocks)
    notes.extend(log_notes)
    stated = _stated_date(blocks)

    blocks, from_lines = _recognize_headings(blocks, source.markdown)
    headings = [(block.heading, block.line) for block in blocks if block.heading]
    outline = _outline(headings)
    notes.extend(outline.notes)
    notes.extend(
        _guess(line, f"read the line '{plain_text(heading.title)}' as a heading")
        for heading, line in headings
        if heading.origin == "bare"
    )
    blocks, list_notes = _restore_lists(blocks)
    notes.extend(list_notes)
    blocks, anchors, id_notes = _finish_headings(blocks, outline)
    notes.extend(id_notes)
    if heading_title:
        # The title was a heading on the source's page: its anchor is now the page top.
        top = {_github_slug(heading_title): "", _toc_slug(heading_title): ""}
        anchors = replace(anchors, renamed={**top, **anchors.renamed}, ids=anchors.ids | {""})
    links = _LinkFixer(anchors, capture.url if capture and fmt == "html" else None)
    body = _body_markdown(blocks, not source.markdown, links, notes)
    notes.extend(links.report())
    dropped = sorted(set(source.meta) - {"title", "description", "html_title", *_DATE_KEYS})
    if dropped:
        notes.append(_fact(None, f"front matter keys not carried over: {', '.join(dropped)}"))

    meta_date = _meta_date(source.meta)
    front: dict[str, Any] = {
        "title": policy_title,
        "effective": _choose_effective(effective, changes, stated, meta_date, capture, notes),
        "numbering": outline.numbering,
    }
    description = source.meta.get("description")
    if isinstance(description, str) and description.strip():
        front["description"] = " ".join(description.split())
    if changes:
        front["changes"] = [{"date": c.date, "summary": c.summary} for c in changes]
    if source_info := _source_info(capture):
        front["source"] = source_info
    policy_markdown = f"---\n{_yaml(front)}---\n{body}"
    facts = _company_facts(source.lines, company, capture.url if capture else None)
    company_markdown = _company_markdown(facts, source_name)
    _self_check(policy_markdown, company_markdown, company, policy, source_name)

    summary = [
        f"title '{policy_title}'",
        f"{len(headings)} sections (numbering: {outline.numbering})"
        + (f", {from_lines} of them from bold or plain lines" if from_lines else ""),
        f"{sum(b.kind == 'list' for b in blocks)} lists, "
        f"{sum(b.kind == 'table' for b in blocks)} tables",
    ]
    recognized = [_fact(None, "; ".join(summary))]
    if changes:
        recognized.append(_fact(log_line, f"change log of {len(changes)} entries, in front matter"))
    if capture and capture.captured:
        origin = f" of {capture.url}" if capture.url else ""
        recognized.append(
            _fact(
                capture.line, f"web-archive capture{origin}, taken {capture.captured.isoformat()}"
            )
        )
    return ImportResult(
        policy_markdown=policy_markdown,
        company_markdown=company_markdown,
        numbering=outline.numbering,
        notes=(*recognized, *notes, *facts.notes),
    )


def _self_check(
    policy_markdown: str, company_markdown: str, company: str, policy: str, source_name: str
) -> None:
    """The written files must pass this generator's own front-matter validation."""
    try:
        load_policy(
            parse_document(policy_markdown, Path(f"{policy}.md"), f"{policy}.md"), company, policy
        )
        load_company(parse_document(company_markdown, Path("company.md"), "company.md"), company)
    except PolicyError as error:
        raise PolicyError(
            SourceLocation(source_name, 1),
            f"the importer wrote invalid front matter ({error})",
            "please report this with the source file",
        ) from None


def import_file(
    path: Path,
    *,
    company: str,
    policy: str,
    title: str | None = None,
    effective: dt.date | None = None,
    fmt: str | None = None,
) -> ImportResult:
    """Import a ``.txt``, ``.md`` or ``.html`` file (``fmt`` overrides the suffix)."""
    fmt = fmt or _SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise PolicyError(
            None,
            f"{path}: cannot tell the format from the suffix '{path.suffix}'",
            "use a .txt, .md or .html file, or name the format",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PolicyError(None, f"{path}: cannot read the file ({exc.strerror})") from None
    return import_text(
        data,
        fmt=fmt,
        source_name=str(path),
        company=company,
        policy=policy,
        title=title,
        effective=effective,
    )


def format_report(result: ImportResult) -> str:
    """A short report: what was recognized, then every guess to check, with its line."""

    def line_of(note: ImportNote) -> str:
        return f"line {note.line}: " if note.line else ""

    lines = ["Recognized:"]
    lines.extend(f"  {line_of(note)}{note.message}" for note in result.notes if not note.unsure)
    unsure = sorted(
        (note for note in result.notes if note.unsure),
        key=lambda note: (note.line is None, note.line or 0),
    )
    if unsure:
        lines.append(f"Check these {len(unsure)} guesses:")
        lines.extend(f"  {line_of(note)}{note.message}" for note in unsure)
    return "\n".join(lines) + "\n"
