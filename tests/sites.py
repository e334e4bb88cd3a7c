"""Released copies of the fixture site (``tests/fixtures/site``): the one recipe.

A test that needs the fixture site with releases applies a scripted history to
its copy: a sequence of steps, each an :class:`Edit` or :class:`Append` of a
file below ``policies/`` or a :class:`Release` of a policy (what ``policy-site
release`` does, without the command line). :data:`HISTORY` is the history the
tests share: ``release_history(site, until=n)`` applies its first ``n``
releases, each with the edits just before it. A module that really needs
another history writes its own steps and calls :func:`apply_history`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.content.library import Library, load_library
from generator.releases.release import Planned, release
from generator.site.build import build_versions
from generator.site.compose import PolicyPages

TODAY = dt.date(2025, 6, 1)
"""The day the version model of a released site is built for, unless a test says otherwise."""
SITE_URL = "https://policies.example.org/"
"""The site URL the feeds and versions.json of a released site are published under."""


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path`` by ``new``; ``old`` must be there."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def release_now(
    site: Path,
    key: str,
    effective: dt.date | str,
    summary: str | None = "Change.",
    *,
    sections: Sequence[str] = (),
    editorial: bool = False,
    recorded: dt.date | None = None,
) -> Planned:
    """Release ``key`` of ``site`` as its files are now, in force from ``effective``.

    The release records the day it was made: ``recorded``, by default ``effective``
    itself, so that what a test builds does not depend on the calendar.
    """
    if isinstance(effective, str):
        effective = dt.date.fromisoformat(effective)
    return release(
        load_library(site / "policies", site),
        key,
        effective=effective,
        summary=summary,
        sections=sections,
        editorial=editorial,
        recorded=recorded or effective,
    )


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` by ``new`` in ``path``, a file below ``policies/``."""

    path: str
    old: str
    new: str


@dataclass(frozen=True)
class Append:
    """Add ``text`` at the end of ``path``, a file below ``policies/``."""

    path: str
    text: str


@dataclass(frozen=True)
class Release:
    """Release the policy ``key`` in force from ``effective`` (an ISO date)."""

    key: str
    effective: str
    summary: str | None = "Change."
    sections: tuple[str, ...] = ()
    editorial: bool = False


Step = Edit | Append | Release


def apply_step(site: Path, step: Step) -> None:
    """Apply one step of a scripted history to ``site``."""
    if isinstance(step, Release):
        release_now(
            site,
            step.key,
            step.effective,
            step.summary,
            sections=step.sections,
            editorial=step.editorial,
        )
        return
    path = site / "policies" / step.path
    if isinstance(step, Edit):
        edit(path, step.old, step.new)
    else:
        path.write_text(path.read_text("utf-8") + step.text, "utf-8")


def apply_history(site: Path, steps: Iterable[Step]) -> Path:
    """Apply ``steps`` to ``site`` in order; returns ``site``."""
    for step in steps:
        apply_step(site, step)
    return site


HISTORY: tuple[Step, ...] = (
    Release("acme/privacy", "2024-04-01", "Shorter retention period.", ("data-retention",)),
    Release("acme/cookies", "2024-04-01", "First release."),
    Release("globex/privacy", "2024-04-01", "First release."),
    Edit("clauses/retention.md", "We keep", "We retain"),
    Release("acme/privacy", "2025-01-01", "Wording of the retention clause.", ("data-retention",)),
    Release("globex/privacy", "2025-01-01", "Wording of the retention clause."),
    Edit("acme/privacy.md", "This policy explains how", "This policy sets out how"),
    Release("acme/privacy", "2025-01-01", "Clearer opening sentence.", editorial=True),
    Edit(
        "acme/privacy.md",
        '{% clause "contact-us" %}',
        '{% clause "contact-us" %}\n\n## Children {#children}\n\n'
        "We do not knowingly collect data from children under 13.",
    ),
    Release("acme/privacy", "2026-01-01", "Données des enfants : new section.", ("children",)),
)
"""The shared history: every policy released on 2024-04-01; the retention clause reworded
and released for both companies on 2025-01-01, where acme/privacy also gets an editorial
correction; an upcoming acme/privacy version of 2026-01-01 with a new section. Its
cross-links cross companies and dates: acme/privacy links to acme/cookies and to
globex/privacy."""


def releases_of(steps: Sequence[Step], start: int = 0, until: int | None = None) -> list[Step]:
    """The steps of releases ``start`` to ``until`` (exclusive) of ``steps``, each release
    with the edits just before it."""
    groups: list[list[Step]] = [[]]
    for step in steps:
        groups[-1].append(step)
        if isinstance(step, Release):
            groups.append([])
    return [step for group in groups[:-1][start:until] for step in group]


def release_history(site: Path, until: int | None = None, *, start: int = 0) -> Path:
    """Apply releases ``start`` to ``until`` of :data:`HISTORY` to ``site`` (all by default)."""
    return apply_history(site, releases_of(HISTORY, start, until))


EDITORIAL_ONLY: tuple[Step, ...] = (
    Edit("acme/cookies.md", "Small files.", "Small text files."),
    Edit(
        "acme/cookies.md",
        "changes:\n",
        "changes:\n  - date: 2024-05-01\n    summary: Spelling.\n    editorial: true\n",
    ),
    Release("acme/cookies", "2024-05-01", None),
)
"""After the first two releases of :data:`HISTORY`: an acme/cookies version whose only change
is editorial. Its entry is written in the change log first and adopted by the release, as
for an imported history (``release --editorial`` always follows a release of the same day)."""


def release_editorial_only(site: Path) -> Path:
    """Release acme/cookies on 2024-04-01, then a version whose only change is editorial."""
    release_history(site, until=2)
    return apply_history(site, EDITORIAL_ONLY)


def set_plugin_options(site: Path, options: str) -> None:
    """Replace the ``policies`` plugin's options in ``site``'s mkdocs.yml by ``options``
    (YAML lines indented by six spaces)."""
    config = site / "mkdocs.yml"
    text = re.sub(r"  - policies(?::\n(?:      .*\n)*|\n)", "", config.read_text())
    config.write_text(text.replace("  - search\n", f"  - search\n  - policies:\n{options}"))


def set_site_url(site: Path, url: str = SITE_URL) -> None:
    """Publish ``site`` at ``url``: a production build refuses the sample's local address."""
    config = site / "mkdocs.yml"
    text = re.sub(r"(?m)^site_url: .*$", f"site_url: {url}", config.read_text())
    config.write_text(text)


Built = tuple[Library, dict[str, PolicyPages]]
"""A site's version model: its library and the pages of each policy."""


def versions_of(site: Path, today: dt.date = TODAY, *, production: bool = True) -> Built:
    """The version model of ``site`` as of ``today``."""
    library = load_library(site / "policies", site)
    return library, build_versions(library, today, production=production)


def use_pagefind(site: Path, options: str = "") -> None:
    """Search ``site`` with Pagefind: the ``policies`` plugin's option ``search: pagefind``
    (plus ``options``, YAML lines indented by six spaces), and no Material search plugin."""
    config = site / "mkdocs.yml"
    text = config.read_text("utf-8").replace("  - search\n", "")
    added = f"      search: pagefind\n{options}"
    if "  - policies:\n" in text:
        text = text.replace("  - policies:\n", "  - policies:\n" + added, 1)
    else:
        text = text.replace("  - policies\n", "  - policies:\n" + added, 1)
    config.write_text(text, "utf-8")
