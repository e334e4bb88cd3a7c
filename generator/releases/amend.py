"""``policy-site amend``: fix the summary of a released change-log entry, on the record.

A released entry is part of the record, so it is never edited by hand. An
amendment is a record of its own, ``archive/<policy>/<date>.amendment-<n>.md``,
chained like every record; the entry then shows the new summary and the day it
was amended, and every build checks that it says what the amendment recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from generator.content import layout
from generator.content.library import Library
from generator.errors import PolicyError, did_you_mean
from generator.model import Archive, Snapshot
from generator.releases.changelog import PolicyFile, entry_index
from generator.releases.integrity import check_integrity
from generator.releases.journal import Plan, Write, sha256_of
from generator.releases.release import check_summary, dump_front_matter


def plan_amend(
    library: Library,
    key: str,
    *,
    effective: dt.date,
    summary: str,
    sections: Sequence[str] | None,
    revision: int,
    recorded: dt.date,
) -> Plan:
    """The amendment record and the amended entry."""
    ledgers = check_integrity(library)
    if key not in library.policies:
        raise PolicyError(
            None,
            f"unknown policy '{key}'",
            did_you_mean(key, library.policies) or "policies: " + ", ".join(library.policies),
        )
    policy = library.policies[key]
    archive = library.archives.get(key, Archive())
    snapshot = _released(archive, key, effective, revision)
    index = entry_index(policy.changes, snapshot.sha256)
    if index is None:
        raise PolicyError(None, f"{key}: the release of {effective.isoformat()} has no entry")
    text = check_summary(summary)
    entry = policy.changes[index]
    new_sections = tuple(sections) if sections is not None else entry.sections
    if text == entry.summary and new_sections == entry.sections:
        raise PolicyError(None, f"{key}: the entry of {effective.isoformat()} says that already")
    number = 1 + sum(1 for a in archive.amendments if a.effective == effective)
    meta: dict[str, Any] = {"effective": effective, "amends": snapshot.sha256, "summary": text}
    if sections is not None:
        meta["sections"] = list(new_sections)
    meta["recorded"] = recorded
    meta["previous"] = ledgers[key].head
    record = f"---\n{dump_front_matter(meta)}---\n".encode()
    path = layout.amendment_file(
        library.policies_dir, policy.company, policy.slug, effective, number
    )
    original = policy.path.read_bytes()
    edited = PolicyFile(policy, original.decode("utf-8-sig"))
    edited.replace_entry(
        index,
        type(entry)(
            entry.date, text, new_sections, entry.editorial, entry.sha256, amended=recorded
        ),
    )
    relative = library.policies_dir
    return Plan(
        f"the amendment of {key} ({effective.isoformat()})",
        (
            Write(path.relative_to(relative).as_posix(), record, None),
            Write(
                policy.path.relative_to(relative).as_posix(),
                edited.result().encode("utf-8"),
                sha256_of(original),
            ),
        ),
    )


def _released(archive: Archive, key: str, effective: dt.date, revision: int) -> Snapshot:
    texts = [s for s in archive.snapshots if s.effective == effective]
    if not texts:
        dates = ", ".join(sorted({s.effective.isoformat() for s in archive.snapshots}))
        raise PolicyError(
            None,
            f"{key} has no release of {effective.isoformat()}",
            did_you_mean(effective.isoformat(), dates.split(", ")) or f"releases: {dates}",
        )
    found = next((s for s in texts if s.revision == revision), None)
    if found is None:
        raise PolicyError(
            None,
            f"the version of {effective.isoformat()} has no revision {revision}",
            f"revisions: {', '.join(str(s.revision) for s in texts)}",
        )
    return found
