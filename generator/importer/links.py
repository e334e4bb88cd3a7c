"""Section ids and links: every heading gets a unique id, and links keep working.

A heading is written as ``##`` Markdown with its id when it needs one (a repeated
title, a reserved name). The anchors the source's own site used (GitHub-style
or Python-Markdown-style slugs of the heading as typed, number included) are
remembered, so in-page links follow their heading. Links into a web archive go
back to the original address; links to pages of the original site are reported;
"see Data retention" becomes a cross-link to that section.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from urllib.parse import unquote, urljoin

from generator.importer.capture import unwrap_archive_link
from generator.importer.model import Block, ImportNote, block_texts, fact, guess
from generator.importer.outline import Outline
from generator.importer.syntax import JINJA_OPEN, outside_code_spans
from generator.text.inline import plain_text
from generator.text.sections import RESERVED_IDS, derive_id

_ID_PATTERN = re.compile(r"^[^\W\d_][\w-]*$")
_INLINE_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\((?P<target><[^>\n]*>|(?:\{\{.*?\}\}|\{%.*?%\}|[^()\s]|\([^()\s]*\))*)"
    r"(?P<title>\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\)"
)
_HTML_ANCHOR = re.compile(r"""<a\s[^>]*?\b(?:name|id)\s*=\s*["']([^"']+)["']""", re.I)
_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def github_slug(text: str) -> str:
    """The anchor GitHub (and many CMSs) give a heading."""
    return re.sub(r"[^\w\- ]", "", plain_text(text).lower()).replace(" ", "-")


def toc_slug(text: str) -> str:
    """The anchor Python-Markdown's ``toc`` extension gives a heading."""
    value = unicodedata.normalize("NFKD", plain_text(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", value).strip().lower())


def _source_attrs(
    attrs: str, line: int, notes: list[ImportNote]
) -> tuple[str | None, list[str], list[str]]:
    """The id, classes and other attributes of a heading's attribute block."""
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
            notes.append(guess(line, f"dropped the heading attribute '{token}'"))
    return explicit, classes, others


@dataclass(frozen=True)
class Anchors:
    """What a link inside the imported policy can point at."""

    ids: frozenset[str]
    """Every section id of the imported policy, and every HTML anchor in its text."""
    renamed: dict[str, str]
    """Anchors the source's own site used for its headings, by the id they have now."""
    titles: dict[str, str]
    """Section id by heading title (casefolded), for titles of three words or more."""


def finish_headings(
    blocks: list[Block], outline: Outline
) -> tuple[list[Block], Anchors, list[ImportNote]]:
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
                fact(
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
        written = heading.written
        old = github_slug(written)
        duplicate = slug_counts[old]
        slug_counts[old] += 1
        for anchor in (
            old if not duplicate else f"{old}-{duplicate}",
            toc_slug(written) if not duplicate else f"{toc_slug(written)}_{duplicate}",
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
        for text in block_texts(block)
        for anchor in _HTML_ANCHOR.findall(text)
    }
    titles = {title: section_id for title, section_id in titles.items() if section_id}
    return result, Anchors(frozenset(seen | html_anchors), renamed, titles), notes


@dataclass
class LinkFixer:
    """Rewrites the links of one policy so they work on this site, noting what it did."""

    anchors: Anchors
    base_url: str | None
    notes: list[ImportNote] = field(default_factory=list)
    site_paths: list[tuple[int, str]] = field(default_factory=list)
    archive_links: int = 0
    missing: set[str] = field(default_factory=set)

    def fix(self, text: str, line: int) -> str:
        return outside_code_spans(
            text, lambda part: _INLINE_LINK.sub(lambda match: self._link(match, line), part)
        )

    def report(self) -> list[ImportNote]:
        """What the link rewriting did, for the import report."""
        notes = list(self.notes)
        if self.archive_links:
            notes.append(
                fact(None, f"{self.archive_links} web-archive link(s) now go to the original URLs")
            )
        if self.site_paths:
            line, example = self.site_paths[0]
            notes.append(
                guess(
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
                guess(
                    line,
                    f"'{match.group(0)}' refers to a section: linked it as a cross-link "
                    f"[{match['title']}][§ {section_id}]",
                )
            )
            return f"{match['lead']}[{match['title']}][§ {section_id}]"

        return outside_code_spans(text, lambda part: pattern.sub(link, part))

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
                    guess(line, f"link to '#{anchor}' finds no section of this policy")
                )
            return f"{bang}[{words}](#{new}{title})"  # "#" alone: the top of the page
        if _SCHEME.match(target):
            unwrapped = unwrap_archive_link(target)
            if unwrapped != target:
                self.archive_links += 1
            return f"{bang}[{words}]({unwrapped}{title})"
        if self.base_url and not JINJA_OPEN.search(target):
            return f"{bang}[{words}]({urljoin(self.base_url, target)}{title})"
        path = target.split("#", 1)[0].split("?", 1)[0]
        # MkDocs fails a strict build on a relative link to a file it does not have.
        if bang or "." in path.rsplit("/", 1)[-1] or JINJA_OPEN.search(target):
            what = "image" if bang else "link"
            self.notes.append(
                guess(
                    line,
                    f"{what} to '{target}' (a file of the original site) kept as text only: "
                    "link the imported policy with [text][§ policy#section] or a full URL",
                )
            )
            return words
        self.site_paths.append((line, target))
        return match.group(0)
