"""Writing the imported policy: its Markdown body and YAML front matter.

The body must mean to the generator exactly what the source meant: literal
``{{``, ``{%`` and ``[§`` are escaped so Jinja and the cross-linker leave them
alone, and a line of ``=`` or ``-`` under text is escaped, because the generator
refuses underlined headings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from generator.importer.links import LinkFixer
from generator.importer.lists import list_markdown
from generator.importer.model import Block, ImportNote, fact, guess
from generator.importer.syntax import JINJA_OPEN, fenced, outside_code_spans

_SETEXT_GUARD = re.compile(r"^(?P<indent> {0,3})(?=(?:=+|-{2,})[ \t]*$)")
_BLOCK_START = re.compile(r"^\s*(?:[#>|*+-]|\d+[.)]|<)")


def _escape_template(text: str, line: int, code: bool, notes: list[ImportNote]) -> str:
    """Literal ``{{``/``{%``/``{##`` and ``[§`` must not reach Jinja or the cross-linker."""
    found = JINJA_OPEN.search(text)
    if found and not code:
        snippet = text[found.start() : found.start() + 60].split("\n")[0]
        notes.append(
            guess(
                line,
                f"'{snippet}' looks like a template tag of the original site: kept as literal "
                "text; replace it with the words it stood for or a company fact",
            )
        )
    text = JINJA_OPEN.sub(lambda match: '{{ "' + match.group(0) + '" }}', text)
    if code or "[§" not in text:
        return text
    notes.append(fact(line, "wrote '[§' as '[&sect;' so it is not read as a cross-link"))
    return outside_code_spans(text, lambda part: part.replace("[§", "[&sect;"))


def _guard_underlines(markdown: str) -> str:
    """A line of '=' or '-' under text would make an underlined heading, which is refused."""
    lines = markdown.split("\n")
    in_code = fenced(lines)
    for index in range(1, len(lines)):
        line, previous = lines[index], lines[index - 1]
        if in_code[index]:
            continue
        if previous.strip() and not _BLOCK_START.match(previous) and _SETEXT_GUARD.match(line):
            lines[index] = _SETEXT_GUARD.sub(r"\g<indent>\\", line, count=1)
    return "\n".join(lines)


def body_markdown(
    blocks: Sequence[Block], plain: bool, links: LinkFixer, notes: list[ImportNote]
) -> tuple[str, tuple[int, ...]]:
    """The policy's body: every block as Markdown, links fixed, template text escaped;
    and the source line each of its lines comes from (:func:`_source_lines`)."""
    chunks: list[tuple[str, Block]] = []
    for block in blocks:
        code = block.kind == "code"
        text = list_markdown(block, plain) if block.kind == "list" else "\n".join(block.lines)
        if not code and block.kind != "html":
            text = links.fix(text, block.line)
        text = _escape_template(text, block.line, code, notes)
        if block.kind in ("paragraph", "list"):
            text = links.cross_reference(text, block.line)
        if text.strip():
            chunks.append((text, block))
    body = _guard_underlines("\n\n".join(text for text, _ in chunks)) + "\n"
    return body, _source_lines(chunks)


def _source_lines(chunks: Sequence[tuple[str, Block]]) -> tuple[int, ...]:
    """For each line of the body the chunks make (one blank line apart, a final newline),
    the source line it comes from: a block's own line when it kept its lines one for
    one, else the block's first line; the blank line between two blocks, the next's."""
    lines: list[int] = []
    for number, (text, block) in enumerate(chunks):
        if number:
            lines.append(block.line)
        count = text.count("\n") + 1
        kept = block.kind in ("paragraph", "heading", "code") and count == len(block.lines)
        lines.extend(block.line + (offset if kept else 0) for offset in range(count))
    lines.append(lines[-1] if lines else 1)
    return tuple(lines)


class _Dumper(yaml.SafeDumper):
    """Writes every value out: no ``&id001`` anchors when two dates are equal."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Mapping[str, Any]) -> str:
    """YAML for front matter: keys in the given order, one line per value, Unicode as is."""
    return yaml.dump(dict(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100000)


def front_matter_file(front: Mapping[str, Any], body: str, comment: str = "") -> str:
    """A Markdown file with YAML front matter; ``comment`` goes in as its first YAML line."""
    header = f"{comment}\n" if comment else ""
    return f"---\n{header}{dump_yaml(front)}---\n{body}"
