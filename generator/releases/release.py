"""Releasing, correcting and amending: what ``policy-site release``, ``amend`` and ``seal``
write into ``policies/``.

A release freezes a policy's fully resolved source (clauses expanded, variables
substituted) as ``archive/<policy>/<date>.md``, chained to the record before it
(:mod:`generator.releases.ledger`), and adds its entry, with the file's SHA-256,
to the policy's change log. A correction (``--editorial``) is a new text beside
the one it corrects, ``<date>.revision-<n>.md``; an amendment fixes a released
entry's summary through a record of its own. Nothing archived is ever replaced.

Every command plans first and writes after (:mod:`generator.releases.journal`): a
refusal of any policy of a bulk release writes nothing at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.content import layout
from generator.content.library import Library, display_path
from generator.errors import PolicyError, did_you_mean
from generator.model import Archive, Change, NumberingStyle, Policy, Snapshot
from generator.releases.candidates import Candidate, candidates
from generator.releases.changelog import PolicyFile
from generator.releases.integrity import check_integrity, vouched_entries
from generator.releases.journal import Plan, Write, apply, sha256_of
from generator.releases.ledger import Ledger


@dataclass(frozen=True)
class Request:
    """One policy to release: ``policy-site release KEY --effective ... --summary ...``."""

    key: str
    effective: dt.date
    summary: str | None
    sections: tuple[str, ...] = ()
    editorial: bool = False


@dataclass(frozen=True)
class Planned:
    """A release as planned: what it archives and where."""

    key: str
    effective: dt.date
    revision: int
    path: Path
    sha256: str
    summary: str


class Refused(PolicyError):
    """Some policies of a bulk release cannot be released: nothing is."""

    def __init__(self, refusals: Sequence[tuple[str, PolicyError]], total: int) -> None:
        self.refusals = tuple(refusals)
        lines = [f"{key}: {error.format()}" for key, error in refusals]
        super().__init__(
            None,
            f"nothing was released: {len(refusals)} of {total} policies cannot be released\n  "
            + "\n  ".join(lines),
        )


class _Context:
    """What planning needs of the library: its candidates, records and folders."""

    def __init__(
        self, library: Library, numbering: NumberingStyle, recorded: dt.date, root: Path
    ) -> None:
        self.library = library
        self.ledgers = check_integrity(library)
        self.candidates = candidates(library, numbering)
        self.recorded = recorded
        self.root = root

    def relative(self, path: Path) -> str:
        return path.relative_to(self.library.policies_dir).as_posix()

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)


def plan_releases(
    library: Library,
    requests: Sequence[Request],
    *,
    numbering: NumberingStyle = "decimal",
    recorded: dt.date,
    root: Path,
) -> tuple[Plan, list[Planned]]:
    """Every request planned, or :class:`Refused` naming each policy that cannot be."""
    context = _Context(library, numbering, recorded, root)
    writes: list[Write] = []
    planned: list[Planned] = []
    refusals: list[tuple[str, PolicyError]] = []
    for request in requests:
        try:
            one, one_writes = _plan_one(context, request)
        except PolicyError as error:
            if len(requests) == 1:
                raise
            refusals.append((request.key, error))
            continue
        planned.append(one)
        writes.extend(one_writes)
    if refusals:
        raise Refused(refusals, len(requests))
    keys = ", ".join(item.key for item in planned)
    dates = ", ".join(sorted({item.effective.isoformat() for item in planned}))
    return Plan(f"the release of {keys} ({dates})", tuple(writes)), planned


def release(
    library: Library,
    key: str,
    *,
    effective: dt.date,
    summary: str | None,
    sections: Sequence[str] = (),
    editorial: bool = False,
    default_numbering: NumberingStyle = "decimal",
    recorded: dt.date | None = None,
    root: Path | None = None,
) -> Planned:
    """Release one policy now (plan, then write): ``policy-site release KEY ...``."""
    root = root if root is not None else library.policies_dir.parent
    plan, planned = plan_releases(
        library,
        [Request(key, effective, summary, tuple(sections), editorial)],
        numbering=default_numbering,
        recorded=recorded or dt.date.today(),
        root=root,
    )
    apply(library.policies_dir, plan, display_path(library.policies_dir, root))
    return planned[0]


def _plan_one(context: _Context, request: Request) -> tuple[Planned, list[Write]]:
    library = context.library
    if request.key not in library.policies:
        raise PolicyError(
            None,
            f"unknown policy '{request.key}'",
            did_you_mean(request.key, library.policies)
            or "policies: " + ", ".join(library.policies),
        )
    candidate = context.candidates[request.key]
    ledger = context.ledgers[request.key]
    snapshots = library.snapshots.get(request.key, ())
    latest = snapshots[-1] if snapshots else None
    _check_date(request, latest)
    _check_change(request, candidate, latest)
    adopted = _adopted_entry(candidate.policy, request)
    adopted_change = candidate.policy.changes[adopted] if adopted is not None else None
    summary = _summary(request, adopted_change)
    sections = request.sections or (adopted_change.sections if adopted_change else ())
    revision = latest.revision + 1 if request.editorial and latest else 1
    writes: list[Write] = []
    history = _unrecorded(candidate.policy, ledger, context.library, adopted)
    editorial = request.editorial or bool(adopted_change and adopted_change.editorial)
    entry = Change(request.effective, summary, sections, editorial)
    text = _snapshot_text(
        candidate, request, entry, history, revision, latest, (context.recorded, ledger.head)
    ).encode("utf-8")
    digest = sha256_of(text)
    path = layout.snapshot_file(
        library.policies_dir, candidate.policy.company, candidate.policy.slug,
        request.effective, revision,
    )  # fmt: skip
    writes.append(Write(context.relative(path), text, None))
    entry = dataclasses.replace(entry, sha256=digest)
    writes.append(_policy_write(context, candidate.policy, entry, adopted))
    return Planned(request.key, request.effective, revision, path, digest, summary), writes


def _check_date(request: Request, latest: Snapshot | None) -> None:
    """A release comes after the latest one; a correction corrects the latest one."""
    key, effective = request.key, request.effective
    if request.editorial:
        if latest is None:
            raise PolicyError(None, f"{key} has no release to correct", "release it first")
        if effective != latest.effective:
            raise PolicyError(
                None,
                f"--editorial corrects the latest release, of {latest.effective.isoformat()}, "
                f"not {effective.isoformat()}",
                f"use --effective {latest.effective.isoformat()}",
            )
        return
    if latest is None or effective > latest.effective:
        return
    later = latest.effective.isoformat()
    if latest.effective == effective:
        raise PolicyError(
            None,
            f"{key} has a release of {later} already",
            "choose a later date, or --editorial to correct that release",
        )
    after = (latest.effective + dt.timedelta(days=1)).isoformat()
    raise PolicyError(
        None,
        f"{key} has a release of {later}, later than {effective.isoformat()}: a version "
        f"released for {effective.isoformat()} would end when that one takes effect, and "
        "this change with it",
        f"release this change after it (--effective {after} or later), or, if the version "
        f"of {later} should carry it, correct that version: 'policy-site release {key} "
        f'--effective {later} --editorial --summary "..."\'',
    )


def _check_change(request: Request, candidate: Candidate, latest: Snapshot | None) -> None:
    policy = candidate.policy
    newest_entry = policy.changes[0].date if policy.changes else None
    if not request.editorial and newest_entry is not None and request.effective < newest_entry:
        raise PolicyError(
            None,
            f"effective date {request.effective.isoformat()} is before the newest change-log "
            f"entry of {request.key} ({newest_entry.isoformat()})",
            "a release is the newest entry; choose a later date",
        )
    if latest is not None and candidate.same_text_as(latest):
        raise PolicyError(
            None,
            f"{request.key} has no change since its release of {latest.effective.isoformat()}",
            "edit the policy, a clause it uses or its company facts first",
        )
    for section_id in request.sections:
        if section_id not in candidate.section_ids:
            raise PolicyError(
                None,
                f"--sections: {request.key} has no section '{section_id}'",
                did_you_mean(section_id, candidate.section_ids)
                or "ids: " + ", ".join(candidate.section_ids),
            )


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def check_summary(summary: str, option: str = "--summary") -> str:
    """A change-log summary: one line of text, no control characters."""
    text = summary.strip()
    if not text:
        raise PolicyError(None, f"{option} is empty", f'{option} "what changed"')
    bad = _CONTROL.search(text)
    if bad:
        name = unicodedata.name(bad.group(0), f"U+{ord(bad.group(0)):04X}")
        raise PolicyError(
            None,
            f"{option} contains a control character ({name.lower()}) at position {bad.start() + 1}",
            "write the summary as one line of plain text",
        )
    return text


def _adopted_entry(policy: Policy, request: Request) -> int | None:
    """The unarchived entry of the release date (an imported history), which it archives."""
    if request.editorial:
        return None
    return next(
        (
            index
            for index, change in enumerate(policy.changes)
            if change.date == request.effective and not change.sha256
        ),
        None,
    )


def _summary(request: Request, adopted: Change | None) -> str:
    if request.summary is not None and request.summary.strip():
        return check_summary(request.summary)
    if adopted is None:
        raise PolicyError(None, 'a release needs --summary "what changed"')
    return adopted.summary


def _unrecorded(
    policy: Policy, ledger: Ledger, library: Library, adopted: int | None
) -> tuple[Change, ...]:
    """Entries of texts never archived (an imported history) that no record vouches for
    yet: the release records them, so they are part of the record too."""
    archive = library.archives.get(policy.key, Archive())
    pending = [change for change, _ in vouched_entries(ledger, archive)]
    found = []
    for index, change in enumerate(policy.changes):
        if change.sha256 or index == adopted:
            continue
        if change in pending:
            pending.remove(change)
        else:
            found.append(change)
    return tuple(found)


def seal_text(files: Mapping[str, str], entries: Sequence[Change], recorded: dt.date) -> bytes:
    """The seal that starts a policy's record."""
    meta: dict[str, Any] = {
        "recorded": recorded,
        "files": dict(files),
        "entries": [_entry_data(change) for change in entries],
        "previous": None,
    }
    note = (
        "The archive as it was when its records began to be chained: each earlier\n"
        "snapshot with its hash, and the change-log entries no later record covers.\n"
    )
    return f"---\n{dump_front_matter(meta)}---\n{note}".encode()


def _entry_data(change: Change) -> dict[str, Any]:
    data: dict[str, Any] = {"date": change.date, "summary": change.summary}
    if change.sections:
        data["sections"] = list(change.sections)
    if change.editorial:
        data["editorial"] = True
    if change.sha256:
        data["sha256"] = change.sha256
    if change.amended:
        data["amended"] = change.amended
    return data


def dump_front_matter(data: Mapping[str, Any]) -> str:
    return yaml.safe_dump(
        dict(data), sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False
    )


def _snapshot_text(
    candidate: Candidate,
    request: Request,
    entry: Change,
    history: tuple[Change, ...],
    revision: int,
    latest: Snapshot | None,
    record: tuple[dt.date, str | None],
) -> str:
    recorded, previous = record
    meta: dict[str, Any] = {"title": candidate.title, "effective": request.effective}
    if revision > 1:
        assert latest is not None
        meta["revision"] = revision
        meta["corrects"] = latest.sha256
    meta["numbering"] = candidate.numbering
    meta["summary"] = entry.summary
    if entry.sections:
        meta["sections"] = list(entry.sections)
    meta["editorial"] = entry.editorial
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
    meta["recorded"] = recorded
    if history:
        meta["history"] = [_entry_data(change) for change in history]
    meta["previous"] = previous
    return f"---\n{dump_front_matter(meta)}---\n{candidate.body}"


def _policy_write(context: _Context, policy: Policy, entry: Change, adopted: int | None) -> Write:
    original = policy.path.read_bytes()
    edited = PolicyFile(policy, original.decode("utf-8-sig"))
    if adopted is not None:
        edited.replace_entry(adopted, entry)
    else:
        edited.add_entry(entry)
    edited.set_effective(entry.date)
    return Write(
        context.relative(policy.path), edited.result().encode("utf-8"), sha256_of(original)
    )
