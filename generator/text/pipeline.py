"""One policy's text, independent of MkDocs and of the site.

sources -> clause expansion -> sections (ids, numbers) -> cross-links resolved.
Each step is a function of the one before; what a link resolves to is the
caller's business (a :class:`~generator.text.xrefs.SectionIndex`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.content.library import Library
from generator.model import Company, NumberingStyle, Policy, Section, Snapshot, SourceLocation
from generator.text.clauses import Expander, Expansion, Origin
from generator.text.safety import check_company_text, check_expansion
from generator.text.sections import build_sections, rewrite_headings, scan_headings
from generator.text.xrefs import SectionIndex, resolve_xrefs


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


def number_expansion(
    expansion: Expansion, style: NumberingStyle, *, archived: bool = False
) -> NumberedText:
    """Give an expanded text its section ids and numbers, once its markup is checked
    (:func:`~generator.text.safety.check_expansion`): every live or released text of a
    policy passes here before it is published."""
    check_expansion(expansion)
    headings = scan_headings(expansion, archived=archived)
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
    """Expand and number every live policy (the work releases and pages share).

    The companies' own texts are checked here too: like the policies, they are published
    as Markdown, and ``check``, ``release`` and the build all pass here first.
    """
    for company in library.companies.values():
        check_company_text(company)
    expander = Expander(library.policies_dir, library.clauses, library.sources)
    numbered: dict[str, NumberedText] = {}
    for key, policy in library.policies.items():
        company = library.companies[policy.company]
        expansion = expander.expand(policy.display_path, template_variables(policy, company))
        numbered[key] = number_expansion(expansion, policy.numbering or default_numbering)
    return numbered
