"""Headings of an expanded policy: stable ids, generated numbers, rewritten Markdown.

Works on the Markdown source, line by line, so every heading keeps the file
and line it came from (through the clause expansion's origins).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from generator.errors import PolicyError
from generator.model import NumberingStyle, Section, SourceLocation
from generator.text.clauses import Expansion, Origin
from generator.text.inline import plain_text
from generator.text.numbering import Heading, number_headings, typed_number

UNNUMBERED_CLASSES = frozenset({"unnumbered", "no-number"})
NUMBER_IN_TITLE = "number-in-title"
"""The class that says a heading's title really starts with a number ("1984 Act")."""
RESERVED_IDS = frozenset({"change-log", "policy-meta"})
"""Ids of the blocks the generator adds to every policy page."""

_ATX = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_ATTRS = re.compile(r"[ \t]*(?<!\\)\{:?[ \t]*(?P<attrs>[^{}\n]*?)[ \t]*\}[ \t]*$")
"""The attribute block ending a heading: the last ``{...}``, so that braces in the title
(``## Our {core} rules {#rules}``) stay words."""
_LITERAL_BRACE = re.compile(r"(?<!\\)((?:\\\\)*)([{}])")
"""A brace not escaped by a backslash (after any number of escaped backslashes)."""
_VERBATIM = re.compile(r"(`+)(?:(?!\1).)+?\1|<[^<>\n]*>")
"""Code spans, and HTML tags or autolinks: Markdown shows a backslash in them as written."""
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_SETEXT = re.compile(r"^ {0,3}(=+|-{2,})[ \t]*$")
_BLOCK_START = re.compile(r"^\s*(?:[#>|*+-]|\d+[.)]|<)")
_ID_PATTERN = re.compile(r"^[^\W\d_][\w-]*$")


@dataclass(frozen=True)
class HeadingLine:
    """A Markdown heading found in the source."""

    index: int
    """0-based line index in the expanded text."""
    level: int
    title: str
    explicit_id: str | None
    classes: tuple[str, ...]
    other_attrs: tuple[str, ...]
    location: SourceLocation
    chain: tuple[SourceLocation, ...]

    @property
    def numbered(self) -> bool:
        return not UNNUMBERED_CLASSES.intersection(self.classes)


def derive_id(title: str) -> str:
    """A readable anchor from a heading title: lowercase words joined by hyphens.

    Letters of every script are kept (``Données personnelles`` gives
    ``données-personnelles``); punctuation and symbols separate words.
    """
    text = unicodedata.normalize("NFKC", plain_text(title)).casefold()
    words = re.findall(r"[^\W_]+", text)
    slug = "-".join(words)
    if slug and not _ID_PATTERN.match(slug):
        slug = f"section-{slug}"
    return slug or "section"


def iter_content_lines(lines: Sequence[str]) -> Iterator[tuple[int, str]]:
    """Yield (index, line) for every line outside fenced code blocks."""
    fence: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group("fence")
                continue
            yield index, line
        elif (
            match
            and match.group("fence")[0] == fence[0]
            and len(match.group("fence")) >= len(fence)
        ):
            fence = None


def _parse_attrs(attrs: str) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    explicit_id: str | None = None
    classes: list[str] = []
    others: list[str] = []
    for token in re.findall(r'[^\s=]+="[^"]*"|[^\s=]+=\'[^\']*\'|\S+', attrs):
        if token.startswith("#"):
            explicit_id = token[1:]
        elif token.startswith("."):
            classes.append(token[1:])
        elif "=" in token:
            others.append(token)
        else:
            raise ValueError(token)
    return explicit_id, tuple(classes), tuple(others)


def scan_headings(expansion: Expansion, *, archived: bool = False) -> list[HeadingLine]:
    """Find the ``##``-style headings of an expanded policy body.

    ``archived`` texts were published as they are: rules added since (typed numbers) are
    not held against them.
    """
    lines = expansion.text.split("\n")
    headings: list[HeadingLine] = []
    previous_text = ""
    for index, line in iter_content_lines(lines):
        origin = expansion.origin(index)
        if previous_text.strip() and not _BLOCK_START.match(previous_text) and _SETEXT.match(line):
            raise PolicyError(
                origin.location,
                "underlined (setext) heading",
                f"write it as '## {previous_text.strip()}' so it can be numbered",
                origin.chain,
            )
        previous_text = line
        match = _ATX.match(line)
        if not match:
            continue
        level = len(match.group("hashes"))
        text = _CLOSING_HASHES.sub("", match.group("text") or "")
        explicit_id: str | None = None
        classes: tuple[str, ...] = ()
        others: tuple[str, ...] = ()
        attrs = _ATTRS.search(text)
        if attrs:
            try:
                explicit_id, classes, others = _parse_attrs(attrs.group("attrs"))
            except ValueError as exc:
                raise PolicyError(
                    origin.location,
                    f"heading attribute '{exc}' is not understood",
                    "write '{#section-id}' for an id, '{.unnumbered}' to leave out the number",
                    origin.chain,
                ) from None
            text = text[: attrs.start()]
        _check_heading(text.strip(), level, classes, origin, archived)
        headings.append(
            HeadingLine(
                index=index,
                level=level,
                title=text.strip(),
                explicit_id=explicit_id,
                classes=classes,
                other_attrs=others,
                location=origin.location,
                chain=origin.chain,
            )
        )
    return headings


def _check_heading(
    title: str, level: int, classes: tuple[str, ...], origin: Origin, archived: bool
) -> None:
    if level == 1:
        raise PolicyError(
            origin.location,
            "a policy body cannot have a level-1 '#' heading",
            "the page title comes from the front matter 'title'; use '##' for sections",
            origin.chain,
        )
    if not title:
        raise PolicyError(
            origin.location, "empty heading", "write a title after the '#'s", origin.chain
        )
    number = typed_number(title)
    if number and not archived and NUMBER_IN_TITLE not in classes:
        raise PolicyError(
            origin.location,
            f"heading '{title}' starts with a typed number ('{number}'); numbers are generated",
            f"remove it; if the number is part of the title, add {{.{NUMBER_IN_TITLE}}}",
            origin.chain,
        )


def build_sections(headings: Sequence[HeadingLine], style: NumberingStyle) -> list[Section]:
    """Give every heading its id and number; duplicate ids are an error naming both places."""
    numbers = number_headings([Heading(h.level, h.numbered) for h in headings], style)
    sections: list[Section] = []
    seen: dict[str, HeadingLine] = {}
    for heading, numbered in zip(headings, numbers, strict=True):
        section_id = heading.explicit_id or derive_id(heading.title)
        if heading.explicit_id is not None and not _ID_PATTERN.match(heading.explicit_id):
            raise PolicyError(
                heading.location,
                f"'{heading.explicit_id}' is not a valid section id",
                "start with a letter and use letters, digits, hyphens and underscores",
                heading.chain,
            )
        if section_id in RESERVED_IDS:
            raise PolicyError(
                heading.location,
                f"section id '{section_id}' is reserved for the generated page",
                "give the heading another id, e.g. '{#our-" + section_id + "}'",
                heading.chain,
            )
        if section_id in seen:
            first = seen[section_id]
            raise PolicyError(
                heading.location,
                f"duplicate section id '{section_id}' "
                f"(also used by the heading at {first.location})",
                "give one of them its own id, e.g. '## " + plain_text(heading.title) + " {#"
                f"{section_id}-2}}'",
                heading.chain,
            )
        seen[section_id] = heading
        sections.append(
            Section(
                id=section_id,
                title=plain_text(heading.title),
                level=heading.level,
                depth=numbered.depth,
                number=numbered.number,
                location=heading.location,
            )
        )
    return sections


def _attribute_value(text: str) -> str:
    # attr_list cannot escape quotes or braces; entities survive into the TOC label.
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def _escape_braces(title: str) -> str:
    """A heading title whose braces Markdown shows as written.

    ``attr_list`` reads a heading's attributes from its first ``{`` to the closing ``}``
    at the end of the line, so ``Our {core} rules { #id }`` would lose its id and show
    the attributes. A backslash-escaped brace is a literal one it does not see. Code
    spans and raw HTML show backslashes as written, and hide their braces from it anyway.
    """
    pieces: list[str] = []
    position = 0
    for match in _VERBATIM.finditer(title):
        pieces.append(_LITERAL_BRACE.sub(r"\1\\\2", title[position : match.start()]))
        pieces.append(match.group(0))
        position = match.end()
    pieces.append(_LITERAL_BRACE.sub(r"\1\\\2", title[position:]))
    return "".join(pieces)


def rewrite_headings(
    text: str, headings: Sequence[HeadingLine], sections: Sequence[Section]
) -> str:
    """Write each heading with its number span, its id and its table-of-contents label."""
    lines = text.split("\n")
    for heading, section in zip(headings, sections, strict=True):
        classes = [cls for cls in heading.classes if cls != NUMBER_IN_TITLE]
        attrs = [f"#{section.id}", *(f".{cls}" for cls in classes), *heading.other_attrs]
        title = _escape_braces(heading.title)
        if section.number:
            label = f"{section.label} {section.title}"
            attrs.append(f'data-toc-label="{_attribute_value(label)}"')
            title = f'<span class="secno">{section.label}</span> {title}'
        lines[heading.index] = f"{'#' * heading.level} {title} {{ {' '.join(attrs)} }}"
    return "\n".join(lines)
