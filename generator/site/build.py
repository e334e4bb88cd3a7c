"""Every policy's pages for a build date: the site's side of a build, without MkDocs.

``/<company>/<policy>/`` shows the version in force on the build date;
``/<company>/<policy>/<date>/`` shows every released version. Archived and
upcoming pages carry a banner and a version menu, stay out of search engines
and the site search, and point their canonical link at the current page.
A cross-link in an archived version goes to the version of its target that
was in force on that version's date.

Released versions never change, so their costly rendering (numbers, resolved
cross-links, comparisons) can be kept between builds in a cache on disk
(:mod:`generator.site.cache`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.content.library import Library
from generator.errors import PolicyError
from generator.model import NumberingStyle
from generator.releases.candidates import candidates
from generator.releases.timeline import timeline
from generator.site.cache import RenderCache
from generator.site.compose import PolicyPages, compose_policy
from generator.site.live import render_library
from generator.site.renderer import VersionRenderer
from generator.site.targets import LinkTargets, PolicyTimeline
from generator.text.pipeline import number_live


def build_versions(
    library: Library,
    today: dt.date,
    *,
    production: bool,
    default_numbering: NumberingStyle = "decimal",
    cache_dir: Path | None = None,
    pdf: bool = False,
) -> dict[str, PolicyPages]:
    """Every policy's current page, dated version pages, comparisons and history.

    In production, a policy whose live source differs from its latest release
    is an error; otherwise it is shown as an unreleased draft. ``cache_dir``
    keeps the rendering work of released versions between builds; without it,
    everything is rendered afresh. With ``pdf``, the pages of released versions link
    their PDFs (which the publishing side makes).
    """
    timelines = policy_timelines(library, today, production, default_numbering)
    targets = LinkTargets(timelines, library.company_names(), today)
    renderer = VersionRenderer(library, targets, RenderCache(cache_dir))
    return {
        key: compose_policy(item, library.companies[item.policy.company], renderer, today, pdf=pdf)
        for key, item in timelines.items()
    }


def policy_timelines(
    library: Library, today: dt.date, production: bool, default_numbering: NumberingStyle
) -> dict[str, PolicyTimeline]:
    """Each policy's versions on ``today``, and its draft where the live text differs."""
    live_texts = number_live(library, default_numbering)
    live = render_library(library, default_numbering, live_texts)
    would_release = candidates(library, default_numbering, live_texts)
    result: dict[str, PolicyTimeline] = {}
    for key, policy in library.policies.items():
        snapshots = library.snapshots.get(key, ())
        unreleased = not snapshots or not would_release[key].same_text_as(snapshots[-1])
        if unreleased and production:
            latest = snapshots[-1].effective.isoformat() if snapshots else None
            raise PolicyError(
                None,
                f"{policy.display_path}: "
                + (f"differs from its release of {latest}" if latest else "was never released"),
                f"run 'policy-site release {key} --effective YYYY-MM-DD --summary \"...\"' "
                "(a production build publishes released text only)",
            )
        versions = tuple(timeline(snapshots, today))
        result[key] = PolicyTimeline(policy, versions, live[key] if unreleased else None)
    return result
