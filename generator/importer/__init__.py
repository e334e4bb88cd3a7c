"""Importing an existing policy: a text, Markdown or HTML file in, a policy file out.

The importer reads the text the way an editor would: it finds the title, the
sections (whatever way the source marks them: ``#``, underlines, bold lines,
typed numbers, short lines standing alone), lists, tables, a change log written
into the text, a web-archive header, and the company facts the text shows. It
writes a policy this generator accepts as it is: ``##`` headings without typed
numbers (the generator numbers them in the style the source used), the change
log and the capture in front matter, and every literal ``{{``/``{%`` escaped
for the Jinja sandbox. Everything it guessed is reported with its source line.

Steps, in order, each in its own module of this package: read and clean the
source (``source``; HTML through ``from_html``) -> blocks (``blocks``,
``lists``) -> web-archive header (``capture``) -> title (``title``) -> change
log and dates (``changelog``, ``dates``) -> headings (``headings``) and their
levels and numbering (``outline``) -> ids and links (``links``) -> Markdown out
(``output``); company facts (``company``); the working data (``model``) and
Markdown syntax (``syntax``) they share.

Writing the result into ``policies/`` is :mod:`generator.importer.write`; a
folder of dated copies becomes a release history in
:mod:`generator.importer.history`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.content.frontmatter import (
    RESERVED_SLUGS,
    SLUG_PATTERN,
    load_company,
    load_policy,
    parse_document,
)
from generator.errors import PolicyError
from generator.importer.blocks import parse_markdown, parse_plain
from generator.importer.capture import Capture, source_info, take_archive_header
from generator.importer.changelog import choose_effective, stated_date, take_change_log
from generator.importer.company import company_facts, company_markdown
from generator.importer.headings import recognize_headings
from generator.importer.links import LinkFixer, finish_headings, github_slug, toc_slug
from generator.importer.lists import restore_lists
from generator.importer.model import Block, ImportNote, fact, guess
from generator.importer.outline import build_outline
from generator.importer.output import body_markdown, front_matter_file
from generator.importer.source import DATE_KEYS, Source, meta_date, read_source, refuse
from generator.importer.title import choose_title, take_title
from generator.model import Change, NumberingStyle, SourceLocation
from generator.text.inline import plain_text

__all__ = ["FORMATS", "ImportNote", "ImportResult", "format_report", "import_file", "import_text"]

FORMATS = ("txt", "md", "html")
SUFFIX_FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
"""The format each file suffix stands for."""


@dataclass(frozen=True)
class ImportResult:
    """What an import produces: the policy, a proposed ``company.md`` and the report."""

    front_matter: Mapping[str, Any]
    """The policy's front matter: title, effective, numbering, and what else was found."""
    body: str
    """The policy's Markdown body."""
    company_markdown: str
    """Proposed ``company.md`` (front matter and an empty body)."""
    numbering: NumberingStyle
    """``none``, ``decimal`` or ``letter``, chosen to match the typed numbers."""
    notes: tuple[ImportNote, ...]
    body_lines: tuple[int, ...] = ()
    """The source line each line of ``body`` comes from (1 when not known)."""

    @property
    def policy_markdown(self) -> str:
        """Full text of ``policies/<company>/<policy>.md``: YAML front matter and body."""
        return front_matter_file(self.front_matter, self.body)

    @property
    def title(self) -> str:
        return str(self.front_matter["title"])

    def source_line(self, body_index: int) -> int:
        """The source line the 0-based line ``body_index`` of ``body`` comes from."""
        if 0 <= body_index < len(self.body_lines):
            return self.body_lines[body_index]
        return 1

    def same_text_as(self, other: ImportResult) -> bool:
        """True when both would show readers the same policy (dates and sources aside)."""
        return (self.title, self.numbering, self.body) == (other.title, other.numbering, other.body)

    def with_changes(self, changes: Sequence[Change]) -> ImportResult:
        """The same policy with ``changes`` as its change log (a released policy's own)."""
        entries = [_change_entry(change) for change in changes]
        front = {key: value for key, value in self.front_matter.items() if key != "changes"}
        source = front.pop("source", None)
        if entries:
            front["changes"] = entries
        if source is not None:
            front["source"] = source
        return replace(self, front_matter=front)


def _change_entry(change: Change) -> dict[str, Any]:
    entry: dict[str, Any] = {"date": change.date, "summary": change.summary}
    if change.sections:
        entry["sections"] = list(change.sections)
    if change.editorial:
        entry["editorial"] = True
    if change.sha256:
        entry["sha256"] = change.sha256
    return entry


_TAKEN_POLICY_NAMES = {
    "index": "it is the company page",
    "company": "it is the company's facts file (company.md)",
}
"""Policy names whose file the company folder holds already (``<name>.md``)."""


def check_slug(slug: str, what: str) -> None:
    """A company or policy name must be a URL slug the site does not use already."""
    if not SLUG_PATTERN.match(slug):
        raise PolicyError(
            None,
            f"'{slug}' is not a valid {what} name",
            "use lowercase letters, digits and hyphens (e.g. 'acme-corp')",
        )
    if what == "policy" and slug in _TAKEN_POLICY_NAMES:
        raise PolicyError(
            None,
            f"'{slug}' cannot be a policy name: {_TAKEN_POLICY_NAMES[slug]}",
            "pick another name",
        )
    reserved = RESERVED_SLUGS["policy file" if what == "policy" else "company folder"]
    if slug in reserved:
        raise PolicyError(
            None, f"'{slug}' cannot be a {what} name: the site uses it already", "pick another"
        )


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
    check_slug(company, "company")
    check_slug(policy, "policy")
    if fmt not in FORMATS:
        raise PolicyError(
            None, f"{source_name}: unknown format '{fmt}'", "use one of: " + ", ".join(FORMATS)
        )
    source = read_source(text, fmt, source_name)
    notes = list(source.notes)
    blocks = parse_markdown(source.lines) if source.markdown else parse_plain(source.lines)
    if not blocks:
        raise refuse(source_name, 1, "no text found", "import a file that holds the policy text")

    # What goes to front matter leaves the body first, so it is not mistaken for sections.
    header, blocks = take_archive_header(blocks)
    capture = header or source.capture
    heading_title, title_line, blocks = take_title(blocks, source.markdown)
    policy_title = choose_title(title, heading_title, title_line, source.meta, policy, notes)
    changes, log_line, blocks, log_notes = take_change_log(blocks)
    notes.extend(log_notes)
    stated = stated_date(blocks)

    blocks, from_lines = recognize_headings(blocks, source.markdown)
    body, body_lines, blocks, numbering = _write_body(
        blocks, source, heading_title, capture, fmt, notes
    )
    dropped = sorted(set(source.meta) - {"title", "description", "html_title", *DATE_KEYS})
    if dropped:
        notes.append(fact(None, f"front matter keys not carried over: {', '.join(dropped)}"))

    front: dict[str, Any] = {
        "title": policy_title,
        "effective": choose_effective(
            effective, changes, stated, meta_date(source.meta), capture, notes
        ),
        "numbering": numbering,
    }
    description = source.meta.get("description")
    if isinstance(description, str) and description.strip():
        front["description"] = " ".join(description.split())
    if changes:
        front["changes"] = [{"date": change.date, "summary": change.summary} for change in changes]
    if info := source_info(capture):
        front["source"] = info
    facts = company_facts(source.lines, company, capture.url if capture else None)
    result = ImportResult(
        front_matter=front,
        body=body,
        body_lines=body_lines,
        company_markdown=company_markdown(facts, source_name),
        numbering=numbering,
        notes=(),
    )
    _self_check(result, company, policy, source_name)

    recognized = _recognized(
        policy_title, blocks, numbering, from_lines, changes, log_line, capture
    )
    return replace(result, notes=(*recognized, *notes, *facts.notes))


def _recognized(
    policy_title: str,
    blocks: list[Block],
    numbering: str,
    from_lines: int,
    changes: Sequence[Any],
    log_line: int | None,
    capture: Capture | None,
) -> list[ImportNote]:
    """What the report lists as recognized: title, sections, lists, change log, capture."""
    sections = sum(1 for block in blocks if block.heading)
    summary = [
        f"title '{policy_title}'",
        f"{sections} sections (numbering: {numbering})"
        + (f", {from_lines} of them from bold or plain lines" if from_lines else ""),
        f"{sum(b.kind == 'list' for b in blocks)} lists, "
        f"{sum(b.kind == 'table' for b in blocks)} tables",
    ]
    recognized = [fact(None, "; ".join(summary))]
    if changes:
        recognized.append(fact(log_line, f"change log of {len(changes)} entries, in front matter"))
    if capture and capture.captured:
        origin = f" of {capture.url}" if capture.url else ""
        recognized.append(
            fact(capture.line, f"web-archive capture{origin}, taken {capture.captured.isoformat()}")
        )
    return recognized


def _write_body(
    blocks: list[Block],
    source: Source,
    heading_title: str | None,
    capture: Capture | None,
    fmt: str,
    notes: list[ImportNote],
) -> tuple[str, tuple[int, ...], list[Block], NumberingStyle]:
    """Headings placed and given ids, lists put back, links fixed: the Markdown body, and
    the source line of each of its lines."""
    headings = [(block.heading, block.line) for block in blocks if block.heading]
    outline = build_outline(headings)
    notes.extend(outline.notes)
    notes.extend(
        guess(line, f"read the line '{plain_text(heading.title)}' as a heading")
        for heading, line in headings
        if heading.origin == "bare"
    )
    blocks, list_notes = restore_lists(blocks)
    notes.extend(list_notes)
    blocks, anchors, id_notes = finish_headings(blocks, outline)
    notes.extend(id_notes)
    if heading_title:
        # The title was a heading on the source's page: its anchor is now the page top.
        top = {github_slug(heading_title): "", toc_slug(heading_title): ""}
        anchors = replace(anchors, renamed={**top, **anchors.renamed}, ids=anchors.ids | {""})
    links = LinkFixer(anchors, capture.url if capture and fmt == "html" else None)
    body, body_lines = body_markdown(blocks, not source.markdown, links, notes)
    notes.extend(links.report())
    return body, body_lines, blocks, outline.numbering


def _self_check(result: ImportResult, company: str, policy: str, source_name: str) -> None:
    """The written files must pass this generator's own front-matter validation."""
    try:
        policy_file = parse_document(result.policy_markdown, Path(f"{policy}.md"), f"{policy}.md")
        load_policy(policy_file, company, policy)
        company_file = parse_document(result.company_markdown, Path("company.md"), "company.md")
        load_company(company_file, company)
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
    fmt = fmt or SUFFIX_FORMATS.get(path.suffix.lower())
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
