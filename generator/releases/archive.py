"""Releases and the append-only archive.

A release freezes a policy's fully resolved source (clauses expanded,
variables substituted, front matter kept) as
``policies/<company>/archive/<policy>/<date>.md`` and records the file's
SHA-256 in the policy's change-log entry. Every build checks each snapshot
against its recorded hash, so an archived text cannot change unnoticed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.content import layout
from generator.content.frontmatter import load_policy, read_document
from generator.content.library import Library
from generator.errors import PolicyError, did_you_mean
from generator.model import NumberingStyle, Policy, Snapshot, SourceInfo, SourceLocation
from generator.text.pipeline import NumberedText, number_live


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def snapshot_path(library: Library, policy: Policy, effective: dt.date) -> Path:
    """Where the snapshot of ``policy`` effective on ``effective`` lives."""
    return layout.snapshot_file(library.policies_dir, policy.company, policy.slug, effective)


@dataclass(frozen=True)
class Candidate:
    """What a release of the live source would freeze now."""

    policy: Policy
    title: str
    numbering: NumberingStyle
    description: str | None
    source: SourceInfo | None
    body: str
    inputs: Mapping[str, str]
    section_ids: tuple[str, ...]

    def same_text_as(self, snapshot: Snapshot) -> bool:
        """True when releasing would archive the same text as ``snapshot``."""
        return (
            self.title == snapshot.title
            and self.numbering == snapshot.numbering
            and self.description == snapshot.description
            and self.source == snapshot.source
            and self.body == snapshot.body
        )


def _input_hashes(library: Library, policy: Policy, clauses: frozenset[str]) -> dict[str, str]:
    def file_hash(display_path: str) -> str:
        return sha256_of(library.sources[display_path].encode("utf-8"))

    meta = {
        "title": policy.title,
        "numbering": policy.numbering,
        "description": policy.description,
        "variables": dict(policy.variables),
    }
    # The policy's own input is its body and the front matter that shapes the
    # text, not `effective` and `changes`, which the release itself writes.
    body = library.sources[policy.display_path].lstrip("\n")
    own = sha256_of(body.encode("utf-8")) + json.dumps(meta, sort_keys=True, default=str)
    inputs = {
        "policy": sha256_of(own.encode("utf-8")),
        "company": sha256_of(
            json.dumps(library.companies[policy.company].template_facts(), sort_keys=True).encode()
        ),
    }
    for name in sorted(clauses):
        inputs[f"clauses/{name}"] = file_hash(library.clauses[name].display_path)
    return inputs


def candidates(
    library: Library,
    default_numbering: NumberingStyle = "decimal",
    numbered: Mapping[str, NumberedText] | None = None,
) -> dict[str, Candidate]:
    """The would-be snapshot of every live policy."""
    if numbered is None:
        numbered = number_live(library, default_numbering)
    result: dict[str, Candidate] = {}
    for key, policy in library.policies.items():
        text = numbered[key]
        result[key] = Candidate(
            policy=policy,
            title=policy.title,
            numbering=text.numbering,
            description=policy.description,
            source=policy.source,
            body=text.expansion.text.strip() + "\n",
            inputs=_input_hashes(library, policy, text.expansion.clauses),
            section_ids=tuple(section.id for section in text.sections),
        )
    return result


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


def check_integrity(library: Library) -> None:
    """Each snapshot matches the hash its change-log entry recorded, and vice versa."""
    for key, policy in library.policies.items():
        recorded = {change.date: change for change in policy.changes if change.sha256}
        snapshots = {snapshot.effective: snapshot for snapshot in library.snapshots.get(key, ())}
        for effective, snapshot in snapshots.items():
            change = recorded.get(effective)
            if change is None:
                raise PolicyError(
                    SourceLocation(snapshot.display_path, 1),
                    f"archived snapshot has no release entry in {policy.display_path}",
                    "snapshots are written by 'policy-site release'; restore the policy's change "
                    f"log from git (git checkout -- {policy.display_path})",
                )
            if change.sha256 != snapshot.sha256:
                raise PolicyError(
                    SourceLocation(snapshot.display_path, 1),
                    "archived snapshot was changed after its release: expected sha256 "
                    f"{change.sha256}, found {snapshot.sha256}",
                    f"restore it with 'git checkout -- {snapshot.display_path}' "
                    "(published texts never change; release a new version instead)",
                )
        for effective in recorded:
            if effective not in snapshots:
                missing = snapshot_path(library, policy, effective)
                raise PolicyError(
                    SourceLocation(policy.display_path, 1),
                    f"the release of {effective.isoformat()} has no archived snapshot "
                    f"({missing.relative_to(library.policies_dir.parent).as_posix()})",
                    "restore it from git; a published version is never deleted",
                )


@dataclass(frozen=True)
class ReleaseResult:
    key: str
    effective: dt.date
    path: Path
    sha256: str
    replaced: bool


def _dump_front_matter(data: Mapping[str, Any]) -> str:
    return yaml.safe_dump(
        dict(data), sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False
    )


def _snapshot_text(candidate: Candidate, effective: dt.date, summary: str) -> str:
    meta: dict[str, Any] = {
        "title": candidate.title,
        "effective": effective,
        "numbering": candidate.numbering,
        "summary": summary,
    }
    if candidate.description:
        meta["description"] = candidate.description
    if candidate.source:
        meta["source"] = {
            name: value
            for name, value in (
                ("url", candidate.source.url),
                ("captured", candidate.source.captured),
                ("note", candidate.source.note),
            )
            if value is not None
        }
    meta["inputs"] = dict(candidate.inputs)
    return f"---\n{_dump_front_matter(meta)}---\n{candidate.body}"


def release(
    library: Library,
    key: str,
    *,
    effective: dt.date,
    summary: str | None,
    sections: Sequence[str] = (),
    editorial: bool = False,
    default_numbering: NumberingStyle = "decimal",
) -> ReleaseResult:
    """Freeze the live source of ``key`` as the version in force from ``effective``."""
    if key not in library.policies:
        raise PolicyError(
            None,
            f"unknown policy '{key}'",
            did_you_mean(key, library.policies) or "policies: " + ", ".join(library.policies),
        )
    candidate = candidates(library, default_numbering)[key]
    policy = candidate.policy
    versions = library.snapshots.get(key, ())
    latest = versions[-1] if versions else None
    _check_date(key, effective, latest, editorial)
    newest_entry = policy.changes[0].date if policy.changes else None
    if not editorial and newest_entry is not None and effective < newest_entry:
        raise PolicyError(
            None,
            f"effective date {effective.isoformat()} is before the newest change-log entry of "
            f"{key} ({newest_entry.isoformat()})",
            "a release is the newest entry; choose a later date",
        )
    if latest is not None and candidate.same_text_as(latest):
        raise PolicyError(
            None,
            f"{key} has no change since its release of {latest.effective.isoformat()}",
            "edit the policy, a clause it uses or its company facts first",
        )
    for section_id in sections:
        if section_id not in candidate.section_ids:
            raise PolicyError(
                None,
                f"--sections: {key} has no section '{section_id}'",
                did_you_mean(section_id, candidate.section_ids)
                or "ids: " + ", ".join(candidate.section_ids),
            )
    unarchived = next(
        (c for c in policy.changes if c.date == effective and not c.sha256 and not editorial),
        None,
    )
    if summary is None or not summary.strip():
        if unarchived is None:
            raise PolicyError(None, 'a release needs --summary "what changed"')
        summary = unarchived.summary
    summary = summary.strip()

    path = snapshot_path(library, policy, effective)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = _snapshot_text(candidate, effective, summary)
    path.write_text(text, encoding="utf-8")
    digest = sha256_of(text.encode("utf-8"))
    _record_release(
        policy, effective, summary, tuple(sections), editorial, digest, unarchived is not None
    )
    return ReleaseResult(key, effective, path, digest, replaced=editorial)


def _check_date(key: str, effective: dt.date, latest: Snapshot | None, editorial: bool) -> None:
    """A release comes after the latest one; a correction replaces the latest one."""
    if editorial:
        if latest is None:
            raise PolicyError(
                None, f"{key} has no release to correct", "release it without --editorial"
            )
        if effective != latest.effective:
            raise PolicyError(
                None,
                f"--editorial replaces the latest release, of {latest.effective.isoformat()}, "
                f"not {effective.isoformat()}",
                f"use --effective {latest.effective.isoformat()}",
            )
    elif latest is not None and effective <= latest.effective:
        raise PolicyError(
            None,
            f"effective date {effective.isoformat()} is not after the latest release of {key} "
            f"({latest.effective.isoformat()})",
            "choose a later date, or --editorial to correct that release",
        )


def _record_release(
    policy: Policy,
    effective: dt.date,
    summary: str,
    sections: tuple[str, ...],
    editorial: bool,
    digest: str,
    adopt_existing: bool,
) -> None:
    """Write the release into the live policy's front matter, keeping the rest as typed."""
    document = read_document(policy.path, policy.display_path)
    lines = policy.path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
    # Work from the bottom up so earlier line numbers stay valid.
    edits: list[tuple[int, int, list[str]]] = []  # (start index, end index, replacement)
    effective_line = document.key_lines[("effective",)] - 1
    edits.append((effective_line, effective_line + 1, [f"effective: {effective.isoformat()}"]))

    change_lines = document.key_lines.get(("changes", 0))
    if adopt_existing:
        index = next(
            i for i, c in enumerate(policy.changes) if c.date == effective and not c.sha256
        )
        item_line = document.key_lines[("changes", index)] - 1
        indent = len(lines[item_line]) - len(lines[item_line].lstrip(" -"))
        edits.append((item_line + 1, item_line + 1, [" " * indent + f"sha256: {digest}"]))
    else:
        if editorial:
            # The replaced snapshot's hash moves to the correction's entry.
            for index, change in enumerate(policy.changes):
                if change.date == effective and change.sha256:
                    hash_line = document.key_lines[("changes", index, "sha256")] - 1
                    edits.append((hash_line, hash_line + 1, []))
        if change_lines is not None:
            first = lines[change_lines - 1]
            dash = first[: len(first) - len(first.lstrip(" "))]
        else:
            dash = "  "
        entry = [
            f"{dash}- date: {effective.isoformat()}",
            f"{dash}  summary: {json.dumps(summary, ensure_ascii=False)}",
        ]
        if sections:
            entry.append(f"{dash}  sections: [{', '.join(sections)}]")
        if editorial:
            entry.append(f"{dash}  editorial: true")
        entry.append(f"{dash}  sha256: {digest}")
        if change_lines is not None:
            edits.append((change_lines - 1, change_lines - 1, entry))
        else:
            closing = document.body_line - 2
            edits.append((closing, closing, ["changes:", *entry]))
    for start, end, replacement in sorted(edits, key=lambda edit: edit[0], reverse=True):
        lines[start:end] = replacement
    original = policy.path.read_bytes()
    policy.path.write_text("\n".join(lines), encoding="utf-8")
    try:
        load_policy(read_document(policy.path, policy.display_path), policy.company, policy.slug)
    except PolicyError:
        # Never leave a policy file the next build cannot read.
        policy.path.write_bytes(original)
        raise
