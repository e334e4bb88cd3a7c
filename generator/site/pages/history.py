"""A policy's history page: every change-log entry, when each version was in force, the
date picker that opens the version in force on a day, the picker of two versions to
compare, and where imported texts came from."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from generator.model import Policy, SourceInfo
from generator.releases.timeline import Version
from generator.site import urls
from generator.site.pages.policy import ChangeLink
from generator.site.templates import PageContext, format_date, render


@dataclass(frozen=True)
class HistoryContext(PageContext):
    template = "history.md.j2"

    policy: Policy
    company_name: str
    choices: str
    """The versions' dates and page addresses, JSON, for the date picker's script."""
    first: dt.date | None
    last: Version | None
    changes: tuple[ChangeLink, ...]
    sources: tuple[tuple[dt.date, SourceInfo], ...]
    current: str
    picker: str = ""
    """The picker of two versions to compare (:func:`generator.site.pages.compare.picker_html`),
    when there are two."""


def history_markdown(
    policy: Policy,
    company_name: str,
    versions: Sequence[Version],
    changes: Sequence[ChangeLink],
    picker: str = "",
) -> str:
    page = urls.history_page(policy.key)
    choices = [
        {
            "date": v.effective.isoformat(),
            "text": format_date(v.effective),
            "url": urls.page_href(page, urls.version_page(policy.key, v.effective)),
        }
        for v in versions
    ]
    return render(
        HistoryContext(
            policy=policy,
            company_name=company_name,
            choices=json.dumps(choices),
            first=versions[0].effective if versions else None,
            last=versions[-1] if versions else None,
            changes=tuple(changes),
            sources=tuple((v.effective, v.snapshot.source) for v in versions if v.snapshot.source),
            current=urls.markdown_link(page, urls.policy_page(policy.key)),
            picker=picker,
        )
    )
