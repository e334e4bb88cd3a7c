"""Cross-links to sections by id: ``[§ id]``, ``[§ policy#id]``, ``[§ company/policy#id]``.

``[custom text][§ id]`` keeps the author's words. The generator writes the
target's current number and title and a Markdown link to the target page, so
MkDocs checks and converts the link like any other.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.errors import PolicyError, did_you_mean
from generator.model import Policy, Section
from generator.text.clauses import Expansion
from generator.text.sections import iter_content_lines

XREF = re.compile(
    r"(?<!\\)(?:\[(?P<text>[^\[\]\n]+)\])?(?<!\\)\[§[ \t]*(?P<target>[^\]\s]*)[ \t]*\]",
)
"""``\\[§ 5]`` (a backslash before the bracket) is literal text, e.g. a statute citation."""
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


@dataclass(frozen=True)
class LinkTarget:
    """The page a cross-link to a policy lands on, and its sections."""

    src_uri: str
    title: str
    sections: Mapping[str, Section]


class MissingSection(PolicyError):
    """A cross-link names a section its target does not have (``policy_key``, ``section_id``)."""

    def __init__(self, policy_key: str, section_id: str, *args: Any) -> None:
        self.policy_key = policy_key
        self.section_id = section_id
        super().__init__(*args)


Lookup = Callable[[str], LinkTarget | None]
"""For a policy key, the page and sections a cross-link to it lands on (None: none)."""


@dataclass(frozen=True)
class SectionIndex:
    """Where cross-links from one page go: ``lookup`` gives, for a policy key, the
    version to link to (the current one, or for an archived page the one in force
    on its date)."""

    policies: Mapping[str, Policy]
    company_names: Mapping[str, str]
    lookup: Lookup
    link: Callable[[str, str, str], str]
    """The Markdown link from a page (its source path) to a section (the target page's
    source path and the section id)."""


def link_text(source_key: str, target_key: str, policy_name: str, section: Section) -> str:
    """The words a cross-link shows: "section 4, Data retention"."""
    parts = []
    if target_key != source_key:
        parts.append(policy_name)
    if section.number:
        parts.append(f"section {section.number}")
    parts.append(section.title)
    return ", ".join(parts)


def _split_target(source: Policy, target: str) -> tuple[str, str]:
    if "#" not in target:
        return source.key, target
    page, section_id = target.split("#", 1)
    if "/" not in page:
        page = f"{source.company}/{page}"
    return page, section_id


def _escape_link_text(text: str) -> str:
    # Titles are the authors' words: "<" becomes an entity, since Markdown keeps "\<"
    # as a backslash before raw HTML; "{" cannot start an attr_list attribute.
    text = text.replace("<", "&lt;")
    return re.sub(r"([\\\[\]*_`{}])", r"\\\1", text)


def resolve_xrefs(
    source: Policy,
    source_uri: str,
    expansion: Expansion,
    text: str,
    index: SectionIndex,
) -> str:
    """Replace every cross-link in ``text`` (lines aligned with ``expansion``) by a link."""
    lines = text.split("\n")
    for line_index, line in iter_content_lines(lines):
        if "[§" not in line:
            continue
        code_spans = [m.span() for m in _CODE_SPAN.finditer(line)]
        pieces: list[str] = []
        position = 0
        for match in XREF.finditer(line):
            if any(start <= match.start() < end for start, end in code_spans):
                continue
            pieces.append(line[position : match.start()])
            pieces.append(_render_link(source, source_uri, expansion, line_index, match, index))
            position = match.end()
        lines[line_index] = "".join(pieces) + line[position:]
    return "\n".join(lines)


def _render_link(
    source: Policy,
    source_uri: str,
    expansion: Expansion,
    line_index: int,
    match: re.Match[str],
    index: SectionIndex,
) -> str:
    origin = expansion.origin(line_index)
    raw = match.group("target")
    if not raw:
        raise PolicyError(
            origin.location,
            f"cross-link '{match.group(0)}' names no section",
            "write [§ section-id], [§ policy#section-id] or [§ company/policy#section-id]",
            origin.chain,
        )
    policy_key, section_id = _split_target(source, raw)
    policy = index.policies.get(policy_key)
    if policy is None:
        raise PolicyError(
            origin.location,
            f"cross-link '{match.group(0)}': unknown policy '{policy_key}'",
            did_you_mean(policy_key, index.policies)
            or "policies: " + ", ".join(sorted(index.policies)),
            origin.chain,
        )
    target = index.lookup(policy_key)
    section = target.sections.get(section_id) if target else None
    if target is None or section is None:
        known: Sequence[str] = list(target.sections) if target else []
        closest = difflib.get_close_matches(section_id, known, n=3, cutoff=0.4)
        where = "" if policy_key == source.key else f" in {policy_key}"
        if closest:
            hint = "closest ids: " + ", ".join(closest)
        elif known:
            hint = f"ids{where}: " + ", ".join(known[:8]) + (" ..." if len(known) > 8 else "")
        else:
            hint = f"{policy_key} has no sections"
        raise MissingSection(
            policy_key,
            section_id,
            origin.location,
            f"cross-link '{match.group(0)}': could not find section '{section_id}'{where}",
            hint,
            origin.chain,
        )
    company_name = index.company_names[policy.company]
    policy_name = (
        target.title if policy.company == source.company else f"{company_name} {target.title}"
    )
    words = match.group("text") or _escape_link_text(
        link_text(source.key, policy_key, policy_name, section)
    )
    return f"[{words}]({index.link(source_uri, target.src_uri, section.id)}){{ .xref }}"
