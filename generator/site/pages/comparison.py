"""A comparison page: what a version changed against the one before, or a draft against
the latest release (in a preview)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.model import Change
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
    entries: tuple[Change, ...] = ()
    """The change-log entries that explain the changes, oldest first."""
    sections: Mapping[str, str] = field(default_factory=dict)
    """The label ("2. Data we collect") of each section an entry names, by id."""


def comparison_markdown(context: ComparisonContext) -> str:
    return render(context)
