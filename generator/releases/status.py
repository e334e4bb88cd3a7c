"""Whether each live policy differs from its latest release, why, and in which sections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from generator.content.library import Library
from generator.model import Change, NumberingStyle, Snapshot, SourceLocation
from generator.releases.candidates import Candidate, candidates
from generator.text.clauses import Expansion, Origin
from generator.text.sections import build_sections, scan_headings

OPENING = ""
"""The key of the text before the first heading, which has no id."""


@dataclass(frozen=True)
class SectionChanges:
    """How the live text's sections differ from the latest release's, aligned by id (as
    the site's comparison pages align them): ids the live text has, in its order."""

    changed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    opening: bool = False
    """The text before the first heading changed."""
    other: tuple[str, ...] = ()
    """What else a release would archive differently: title, numbering, description, source."""

    @property
    def releasable(self) -> tuple[str, ...]:
        """The ids ``release --sections`` accepts: sections the live text has."""
        return self.changed + self.added


@dataclass(frozen=True)
class PolicyStatus:
    """Whether a live policy differs from its latest release, and why."""

    key: str
    latest: dt.date | None
    reasons: tuple[str, ...]
    sections: SectionChanges | None = None
    """None when it was never released or has not changed."""
    pending: Change | None = None
    """The unarchived change-log entry a release would adopt (newest, after the latest
    release): releasing at its date needs no summary."""

    @property
    def changed(self) -> bool:
        return bool(self.reasons)


def _reasons(candidate: Candidate, latest: Snapshot | None) -> tuple[str, ...]:
    if latest is None:
        return ("never released",)
    if candidate.same_text_as(latest):
        return ()
    reasons: list[str] = []
    recorded = latest.inputs
    if candidate.inputs.get("policy") != recorded.get("policy"):
        reasons.append("its own file changed")
    if candidate.inputs.get("company") != recorded.get("company"):
        reasons.append("company facts changed")
    for name in sorted(set(candidate.inputs) | set(recorded)):
        if not name.startswith("clauses/"):
            continue
        clause = name.removeprefix("clauses/")
        if name not in recorded:
            reasons.append(f"now uses clause '{clause}'")
        elif name not in candidate.inputs:
            reasons.append(f"no longer uses clause '{clause}'")
        elif candidate.inputs[name] != recorded[name]:
            reasons.append(f"clause '{clause}' changed")
    return tuple(reasons) or ("its resolved text changed",)


def section_texts(body: str, numbering: NumberingStyle) -> dict[str, str]:
    """Each section's own text (its heading line to the next heading), by id; the opening
    text under :data:`OPENING`. ``body`` is a resolved text, as releases archive it."""
    lines = body.split("\n")
    origins = tuple(Origin((SourceLocation("<text>", n + 1),)) for n in range(len(lines)))
    # Archived rules: a released text was checked when it was released.
    headings = scan_headings(Expansion(body, origins, frozenset()), archived=True)
    sections = build_sections(headings, numbering)
    bounds = [heading.index for heading in headings] + [len(lines)]

    def text(start: int, end: int) -> str:
        return "\n".join(line.rstrip() for line in lines[start:end]).strip()

    texts = {OPENING: text(0, bounds[0])}
    for position, section in enumerate(sections):
        texts[section.id] = text(bounds[position], bounds[position + 1])
    return texts


def section_changes(candidate: Candidate, latest: Snapshot) -> SectionChanges:
    """What a release of ``candidate`` would change, section by section, since ``latest``."""
    new = section_texts(candidate.body, candidate.numbering)
    old = section_texts(latest.body, latest.numbering)
    ids = [key for key in new if key != OPENING]
    other = [
        name
        for name, now, before in (
            ("title", candidate.title, latest.title),
            ("numbering", candidate.numbering, latest.numbering),
            ("description", candidate.description, latest.description),
            ("source", candidate.source, latest.source),
        )
        if now != before
    ]
    return SectionChanges(
        changed=tuple(key for key in ids if key in old and old[key] != new[key]),
        added=tuple(key for key in ids if key not in old),
        removed=tuple(key for key in old if key != OPENING and key not in new),
        opening=old[OPENING] != new[OPENING],
        other=tuple(other),
    )


def _pending(candidate: Candidate, latest: Snapshot | None) -> Change | None:
    changes = candidate.policy.changes
    newest = changes[0] if changes else None
    if newest is None or newest.sha256 or (latest and newest.date <= latest.effective):
        return None
    return newest


def status(library: Library, default_numbering: NumberingStyle = "decimal") -> list[PolicyStatus]:
    """Every live policy's state against its latest release."""
    result = []
    found: Mapping[str, Candidate] = candidates(library, default_numbering)
    for key, candidate in found.items():
        versions = library.snapshots.get(key, ())
        latest = versions[-1] if versions else None
        reasons = _reasons(candidate, latest)
        sections = section_changes(candidate, latest) if latest and reasons else None
        result.append(
            PolicyStatus(
                key,
                latest.effective if latest else None,
                reasons,
                sections,
                _pending(candidate, latest) if reasons else None,
            )
        )
    return result
