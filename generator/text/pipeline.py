"""The rendering pipeline, independent of MkDocs.

sources -> clause expansion -> sections (ids, numbers) -> cross-links -> page Markdown.
:func:`markdown_to_html` turns the page Markdown into HTML with the same
Markdown extensions the site uses, so the core can be used and tested alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jinja2
from markdown import Markdown

from generator.content.library import Library
from generator.model import (
    Change,
    Company,
    NumberingStyle,
    Policy,
    Section,
    Snapshot,
    SourceLocation,
)
from generator.text.clauses import Expander, Expansion, Origin
from generator.text.sections import build_sections, rewrite_headings, scan_headings
from generator.text.xrefs import LinkTarget, SectionIndex, resolve_xrefs

MARKDOWN_EXTENSIONS: tuple[str, ...] = ("attr_list", "toc", "tables", "md_in_html", "def_list")
"""Extensions policy pages need; the plugin adds any the site config lacks."""


def format_date(value: dt.date) -> str:
    """The one date format readers see: "16 September 2016"."""
    return f"{value.day} {value:%B %Y}"


@dataclass(frozen=True)
class ChangeLink:
    """A change-log entry with links (Markdown, relative) to its version and comparison."""

    change: Change
    version: str | None = None
    comparison: str | None = None
    in_force: str = ""


@dataclass(frozen=True)
class RenderedPolicy:
    """A policy ready for the site."""

    policy: Policy
    company: Company
    numbering: NumberingStyle
    body: str
    """The policy's Markdown: clauses expanded, headings numbered, cross-links resolved."""
    sections: tuple[Section, ...]
    clauses: frozenset[str]
    """Every shared clause the policy uses."""

    @property
    def page_markdown(self) -> str:
        """The whole page: meta line, body and change log."""
        return render_template(
            "policy.md.j2",
            policy=self.policy,
            company=self.company,
            body=self.body,
            effective=self.policy.effective,
            source=self.policy.source,
            notice="",
            versions=[],
            all_versions=None,
            changes=[ChangeLink(change) for change in self.policy.changes],
            history=None,
        )


def template_environment() -> jinja2.Environment:
    """Jinja environment for the generator's own page templates (trusted, not the sandbox)."""
    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(_package_template),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["date"] = format_date
    return environment


def _package_template(name: str) -> str:
    return resources.files("generator.site").joinpath("templates", name).read_text(encoding="utf-8")


_TEMPLATES = template_environment()


def render_template(name: str, **context: Any) -> str:
    """Render one of the package's page templates."""
    return _TEMPLATES.get_template(name).render(**context)


def template_variables(policy: Policy, company: Company) -> dict[str, Any]:
    """What a policy's template and its clauses see by name."""
    return {
        **policy.variables,
        "company": company.template_facts(),
        "policy": {
            "title": policy.title,
            "effective": policy.effective,
            "slug": policy.slug,
            "key": policy.key,
        },
    }


@dataclass(frozen=True)
class NumberedText:
    """An expanded text with its headings numbered (cross-links not yet resolved)."""

    expansion: Expansion
    text: str
    sections: tuple[Section, ...]
    numbering: NumberingStyle


def number_expansion(expansion: Expansion, style: NumberingStyle) -> NumberedText:
    """Give an expanded text its section ids and numbers."""
    headings = scan_headings(expansion)
    sections = build_sections(headings, style)
    return NumberedText(
        expansion, rewrite_headings(expansion.text, headings, sections), tuple(sections), style
    )


def snapshot_expansion(snapshot: Snapshot) -> Expansion:
    """An archived body as an expansion whose lines come from the snapshot file itself."""
    lines = snapshot.body.split("\n")
    origins = tuple(
        Origin((SourceLocation(snapshot.display_path, snapshot.body_line + index),))
        for index in range(len(lines))
    )
    return Expansion(snapshot.body, origins, frozenset())


def resolve_text(policy: Policy, src_uri: str, numbered: NumberedText, index: SectionIndex) -> str:
    """The final Markdown of a numbered text, its cross-links resolved through ``index``."""
    return resolve_xrefs(policy, src_uri, numbered.expansion, numbered.text, index).strip() + "\n"


def number_live(
    library: Library, default_numbering: NumberingStyle = "decimal"
) -> dict[str, NumberedText]:
    """Expand and number every live policy (the work releases and pages share)."""
    expander = Expander(library.policies_dir, library.clauses, library.sources)
    numbered: dict[str, NumberedText] = {}
    for key, policy in library.policies.items():
        company = library.companies[policy.company]
        expansion = expander.expand(policy.display_path, template_variables(policy, company))
        numbered[key] = number_expansion(expansion, policy.numbering or default_numbering)
    return numbered


def render_library(
    library: Library,
    default_numbering: NumberingStyle = "decimal",
    numbered: Mapping[str, NumberedText] | None = None,
) -> dict[str, RenderedPolicy]:
    """Render every live policy of the library, resolving cross-links between them."""
    if numbered is None:
        numbered = number_live(library, default_numbering)

    def lookup(key: str) -> LinkTarget | None:
        if key not in numbered:
            return None
        policy = library.policies[key]
        return LinkTarget(policy.src_uri, policy.title, {s.id: s for s in numbered[key].sections})

    index = SectionIndex(library.policies, library.company_names(), lookup)
    return {
        key: RenderedPolicy(
            policy=policy,
            company=library.companies[policy.company],
            numbering=numbered[key].numbering,
            body=resolve_text(policy, policy.src_uri, numbered[key], index),
            sections=numbered[key].sections,
            clauses=numbered[key].expansion.clauses,
        )
        for key, policy in library.policies.items()
    }


def markdown_to_html(
    text: str, extension_configs: Mapping[str, Mapping[str, Any]] | None = None
) -> str:
    """Convert page Markdown to HTML with the extensions policy pages rely on."""
    return _markdown(extension_configs).convert(text)


def _markdown(extension_configs: Mapping[str, Mapping[str, Any]] | None = None) -> Markdown:
    configs = {"toc": {"permalink": True}, **(extension_configs or {})}
    return Markdown(extensions=list(MARKDOWN_EXTENSIONS), extension_configs=dict(configs))


_HEADING_LINE = re.compile(r"^#{1,6}[ \t]", re.MULTILINE)
_EXPLICIT_ID = re.compile(r"\{[^{}\n]*#[\w-]+[^{}\n]*\}[ \t]*#*[ \t]*$")
_DOCUMENT_WIDE = re.compile(r"^ {0,3}(?:\[[^\]\n]*\]:|\*\[|<|```|~~~)|\[TOC\]", re.MULTILINE)
"""What makes one part of a text depend on another: reference, footnote and abbreviation
definitions, raw HTML blocks (which may span headings), fences, a table of contents."""


def split_at_headings(text: str) -> list[str] | None:
    """``text`` cut before each heading that follows a blank line, when its parts convert
    to HTML independently: else None.

    Parts convert alone when nothing in one refers to another (no reference definitions,
    raw HTML blocks, fences or ``[TOC]``) and every heading has an explicit id, so the
    ``toc`` extension has no ids to make unique across parts.
    """
    if _DOCUMENT_WIDE.search(text):
        return None
    starts = [0]
    for match in _HEADING_LINE.finditer(text):
        line_end = text.find("\n", match.start())
        line = text[match.start() : line_end if line_end >= 0 else len(text)]
        if not _EXPLICIT_ID.search(line):
            return None
        if match.start() >= 2 and text[match.start() - 2 : match.start()] == "\n\n":
            starts.append(match.start())
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True) if a < b]


class BodyConverter:
    """:func:`markdown_to_html` for the many versions of a policy, which share most of
    their sections: each distinct section is converted once.

    A text is cut before its headings (:func:`split_at_headings`); the HTML of the parts,
    one line apart, is the HTML of the whole (Markdown puts a line break between top-level
    elements). A text that cannot be cut safely is converted whole.
    """

    def __init__(self) -> None:
        self._markdown = _markdown()
        self._parts: dict[str, str] = {}

    def convert(self, text: str) -> str:
        parts = split_at_headings(text)
        if parts is None:
            return self._convert(text)
        return "\n".join(filter(None, (self._part(part) for part in parts)))

    def _part(self, part: str) -> str:
        html = self._parts.get(part)
        if html is None:
            html = self._parts[part] = self._convert(part)
        return html

    def _convert(self, text: str) -> str:
        self._markdown.reset()
        return self._markdown.convert(text)
