"""Whether each live policy differs from its latest release, and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.content.library import Library
from generator.model import NumberingStyle, Snapshot
from generator.releases.candidates import Candidate, candidates


@dataclass(frozen=True)
class PolicyStatus:
    """Whether a live policy differs from its latest release, and why."""

    key: str
    latest: dt.date | None
    reasons: tuple[str, ...]

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


def status(library: Library, default_numbering: NumberingStyle = "decimal") -> list[PolicyStatus]:
    """Every live policy's state against its latest release."""
    result = []
    for key, candidate in candidates(library, default_numbering).items():
        versions = library.snapshots.get(key, ())
        latest = versions[-1] if versions else None
        result.append(
            PolicyStatus(key, latest.effective if latest else None, _reasons(candidate, latest))
        )
    return result
