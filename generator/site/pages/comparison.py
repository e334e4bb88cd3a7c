"""A comparison page: what a version changed against the one before, or a draft against
the latest release (in a preview)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.site.templates import PageContext, render


@dataclass(frozen=True)
class ComparisonContext(PageContext):
    template = "comparison.md.j2"

    company_name: str
    old_date: dt.date
    old_href: str
    new_date: dt.date | None
    """None for the unreleased draft."""
    new_href: str
    history: str
    comparison: str
    """The comparison itself, HTML (:func:`generator.site.diff.render_comparison`)."""


def comparison_markdown(context: ComparisonContext) -> str:
    return render(context)
