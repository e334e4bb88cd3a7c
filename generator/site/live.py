"""The live policies as the site shows them: expanded, numbered, cross-links resolved.

What ``policy-site render`` prints, what ``check`` validates, and what a
preview build shows of a policy whose source differs from its latest release.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.content.library import Library
from generator.model import Company, NumberingStyle, Policy, Section
from generator.site import urls
from generator.site.pages.policy import ChangeLink, PolicyPageContext, policy_markdown
from generator.text.pipeline import NumberedText, number_live, resolve_text
from generator.text.xrefs import LinkTarget, Lookup, SectionIndex


@dataclass(frozen=True)
class RenderedPolicy:
    """A live policy ready for the site."""

    policy: Policy
    company: Company
    numbering: NumberingStyle
    body: str
    """The policy's Markdown: clauses expanded, headings numbered, cross-links resolved."""
    sections: tuple[Section, ...]
    clauses: frozenset[str]
    """Every shared clause the policy uses."""


def section_index(library: Library, lookup: Lookup) -> SectionIndex:
    """Cross-links of the library's policies, landing where ``lookup`` says."""
    return SectionIndex(library.policies, library.company_names(), lookup, urls.section_link)


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
        sections = {s.id: s for s in numbered[key].sections}
        return LinkTarget(urls.policy_page(key), policy.title, sections)

    index = section_index(library, lookup)
    return {
        key: RenderedPolicy(
            policy=policy,
            company=library.companies[policy.company],
            numbering=numbered[key].numbering,
            body=resolve_text(policy, urls.policy_page(key), numbered[key], index),
            sections=numbered[key].sections,
            clauses=numbered[key].expansion.clauses,
        )
        for key, policy in library.policies.items()
    }


def page_markdown(rendered: RenderedPolicy) -> str:
    """A live policy's whole page, as ``policy-site render`` prints it: the facts line, the
    text and the change log, without the versions a build adds."""
    policy = rendered.policy
    return policy_markdown(
        PolicyPageContext(
            company=rendered.company,
            body=rendered.body,
            effective=policy.effective,
            source=policy.source,
            changes=tuple(ChangeLink(change) for change in policy.changes),
        )
    )
