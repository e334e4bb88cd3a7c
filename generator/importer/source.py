"""Reading a source: bytes to clean lines, or a one-line refusal.

Decoding accepts UTF-8 (with or without a byte-order mark) and BOM-marked
UTF-16, and refuses binary files, office documents, images and other encodings
with the reason and the fix. Cleaning makes line endings, invisible characters
and Unicode forms uniform. A Markdown source's own front matter becomes
metadata; an HTML page becomes Markdown lines (:mod:`generator.importer.from_html`).
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml

from generator.errors import PolicyError
from generator.importer.capture import Capture
from generator.importer.dates import find_dates
from generator.importer.from_html import html_to_markdown
from generator.importer.model import ImportNote, Line, fact, guess
from generator.model import SourceLocation

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
_NOT_TEXT = "import a .txt, .md or .html file"
_NO_TEXT = "import a file that holds the policy text"


def refuse(source_name: str, line: int, message: str, hint: str) -> PolicyError:
    """The one-line error for a source that cannot be imported."""
    return PolicyError(SourceLocation(source_name, line), message, hint)


def _decode(data: str | bytes, source_name: str) -> tuple[str, list[ImportNote]]:
    """Bytes to text: UTF-8 (with or without BOM) or BOM-marked UTF-16, else refused."""
    notes: list[ImportNote] = []
    if isinstance(data, str):
        text = data
    elif data.startswith(codecs.BOM_UTF8):
        text = _decode_utf8(data[len(codecs.BOM_UTF8) :], source_name)
        notes.append(fact(None, "removed the UTF-8 byte-order mark"))
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise refuse(
                source_name, 1, "the file starts like UTF-16 but is not", "save it as UTF-8"
            ) from None
        notes.append(fact(None, "decoded UTF-16 (the file has a byte-order mark)"))
    else:
        for magic, what, hint in _MAGIC:
            if data.startswith(magic):
                raise refuse(source_name, 1, f"this is {what}, not text", hint)
        if b"\x00" in data[:65536]:
            raise refuse(
                source_name,
                data[: data.index(b"\x00")].count(b"\n") + 1,
                "this is a binary file, not text (it contains NUL bytes)",
                _NOT_TEXT,
            )
        text = _decode_utf8(data, source_name)
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise refuse(
            source_name,
            text[: text.index("\x00")].count("\n") + 1,
            "this is a binary file, not text (it contains NUL characters)",
            _NOT_TEXT,
        )
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise refuse(
            source_name,
            1,
            f"this looks like a binary file, not text ({controls} control characters)",
            _NOT_TEXT,
        )
    return text, notes


def _decode_utf8(data: bytes, source_name: str) -> str:
    """UTF-8 or a refusal naming the line and column of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        raise refuse(
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
        notes.append(fact(None, "converted Windows (CRLF) line endings"))
    text = text.translate(_LINE_BREAKS)
    invisible = sum(text.count(chr(code)) for code in _INVISIBLE)
    if invisible:
        text = text.translate(_INVISIBLE)
        notes.append(
            fact(
                None,
                f"removed {invisible} invisible character(s) (zero-width spaces, soft hyphens)",
            )
        )
    controls = len(_CONTROL.findall(text))
    if controls:
        text = _CONTROL.sub("", text)
        notes.append(fact(None, f"removed {controls} control character(s)"))
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


_MARKDOWN_SIGNS = (
    ("# headings", re.compile(r"^#{1,6} \S", re.M)),
    ("bold text", re.compile(r"\*\*\S[^*\n]*\*\*|__\S[^_\n]*__")),
    ("links", re.compile(r"\[[^\]\n]+\]\((?:https?://|/|#|mailto:)[^)\s]*\)")),
    ("block quotes", re.compile(r"^> ", re.M)),
    ("escapes", re.compile(r"\\[.*_#\[\]()-]")),
    ("tables", re.compile(r"^\|.*\|\s*$", re.M)),
    ("code", re.compile(r"^```", re.M)),
)


def _looks_like_markdown(text: str) -> list[str]:
    """Which Markdown signs a text file shows (two or more: read it as Markdown)."""
    return [name for name, sign in _MARKDOWN_SIGNS if sign.search(text)]


# --- a Markdown source's own front matter -----------------------------------------

DATE_KEYS = ("effective", "effective_date", "date", "last_updated", "updated", "last_modified")


def _front_matter(
    lines: list[Line],
) -> tuple[dict[str, Any], list[Line], list[ImportNote]]:
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
                note = guess(1, "the text starts with '---' lines that are not YAML front matter")
                return {}, lines, [note]
            return {str(key): value for key, value in data.items()}, lines[end + 1 :], []
    return {}, lines, []


def meta_date(meta: dict[str, Any]) -> tuple[dt.date, str] | None:
    """The date the source's front matter gives, and the key that gave it."""
    for key in DATE_KEYS:
        value = meta.get(key)
        if isinstance(value, dt.datetime):
            return value.date(), key
        if isinstance(value, dt.date):
            return value, key
        if isinstance(value, str):
            dates = find_dates(value)
            if dates and dates[0].exact:
                return dates[0].value, key
    return None


@dataclass(frozen=True)
class Source:
    """The source as lines ready to read, with what it says about itself."""

    lines: tuple[Line, ...]
    markdown: bool
    """Read with Markdown's rules (Markdown, HTML, and text files that use Markdown)."""
    meta: dict[str, Any]
    """The source's own front matter (Markdown) or ``<head>`` facts (HTML)."""
    capture: Capture | None
    """The web-archive capture an HTML page says it is."""
    notes: tuple[ImportNote, ...]


def read_source(data: str | bytes, fmt: str, source_name: str) -> Source:
    """Decode and clean the source, and turn HTML into Markdown lines."""
    if not data.strip():
        raise refuse(source_name, 1, "the file is empty", _NO_TEXT)
    decoded, notes = _decode(data, source_name)
    text, clean_notes = _clean(decoded)
    notes.extend(clean_notes)
    if not text.strip():
        raise refuse(source_name, 1, "the file holds no text", _NO_TEXT)
    if fmt == "html":
        try:
            page = html_to_markdown(text)
        except ValueError as exc:
            raise refuse(source_name, 1, str(exc), "import the page's HTML file") from None
        meta = {"description": page.description, "html_title": page.title}
        lines = tuple(Line(line, number) for line, number in page.lines)
        return Source(lines, True, meta, page.capture, (*notes, *page.notes))
    numbered = [Line(line, number) for number, line in enumerate(text.split("\n"), start=1)]
    if fmt == "md":
        meta, numbered, front_notes = _front_matter(numbered)
        return Source(tuple(numbered), True, meta, None, (*notes, *front_notes))
    signs = _looks_like_markdown(text)
    if len(signs) >= 2:
        notes.append(fact(None, f"read as Markdown (it uses {', '.join(signs)})"))
    return Source(tuple(numbered), len(signs) >= 2, {}, None, tuple(notes))
