"""Every build's check of the archive: the records' chain, and a change log that says
exactly what the records say.

Released change-log entries are part of the record: each archived text has one
entry whose date, summary, sections and editorial flag are the ones its release
recorded (or a later recorded amendment's); entries of texts that were never
archived, and of archives older than the chain, are the ones the seal recorded.
Editing any of them by hand, adding one or removing one is an error at the
entry's line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import NoReturn

from generator.content.library import Library
from generator.errors import PolicyError
from generator.model import Archive, Change, Policy, Snapshot, SourceLocation
from generator.releases.ledger import Ledger, read_ledger

_AMEND = "fix a wrong summary with 'policy-site amend {key} --effective {date} --summary \"...\"'"


def check_integrity(library: Library) -> dict[str, Ledger]:
    """Every policy's records, checked against each other and against its change log."""
    ledgers: dict[str, Ledger] = {}
    for key, policy in library.policies.items():
        archive = library.archives.get(key, Archive())
        ledger = read_ledger(policy, archive)
        _check_change_log(policy, ledger, archive)
        ledgers[key] = ledger
    return ledgers


def expected_entry(ledger: Ledger, snapshot: Snapshot) -> Change:
    """The change-log entry a chained snapshot's release recorded, amendments applied."""
    recorded = Change(
        date=snapshot.effective,
        summary=snapshot.summary,
        sections=tuple(snapshot.sections or ()),
        editorial=bool(snapshot.editorial),
        sha256=snapshot.sha256,
    )
    return amended(ledger, recorded)


def amended(ledger: Ledger, entry: Change) -> Change:
    """``entry`` as the recorded amendments of its text's entry left it."""
    if entry.sha256 is None:
        return entry
    for amendment in ledger.amendments_of(entry.sha256):
        entry = dataclasses.replace(
            entry,
            summary=amendment.summary,
            sections=entry.sections if amendment.sections is None else amendment.sections,
            amended=amendment.recorded,
        )
    return entry


def _check_change_log(policy: Policy, ledger: Ledger, archive: Archive) -> None:
    if not ledger.records and not ledger.sealed:
        return  # never released: the change log is a draft like the rest of the file
    by_hash = {change.sha256: index for index, change in enumerate(policy.changes) if change.sha256}
    matched: set[int] = set()
    for record in ledger.records:
        if not isinstance(record, Snapshot):
            continue
        index = by_hash.get(record.sha256)
        if index is None:
            _missing_entry(policy, record, is_newest=record is ledger.records[-1])
        expected = expected_entry(ledger, record)
        if policy.changes[index] != expected:
            _changed_entry(policy, index, expected, record.display_path)
        matched.add(index)
    rest = [(i, change) for i, change in enumerate(policy.changes) if i not in matched]
    _check_unarchived(policy, rest, vouched_entries(ledger, archive), _latest(archive))


def vouched_entries(ledger: Ledger, archive: Archive) -> list[tuple[Change, str]]:
    """The entries of texts never archived (or archived before the chain) that a record
    vouches for, amendments applied, with the record that does."""
    found: list[tuple[Change, str]] = []
    if archive.seal is not None:
        found += [(amended(ledger, c), archive.seal.display_path) for c in archive.seal.entries]
    for record in ledger.records:
        if isinstance(record, Snapshot):
            found += [(c, record.display_path) for c in record.history]
    return found


def _latest(archive: Archive) -> dt.date | None:
    return max((s.effective for s in archive.snapshots), default=None)


def _missing_entry(policy: Policy, snapshot: Snapshot, *, is_newest: bool) -> NoReturn:
    """A recorded release without its entry: the entry was removed or its hash edited, or,
    for the newest record (which no later record vouches for), the text was edited."""
    same_day = [c for c in policy.changes if c.date == snapshot.effective and c.sha256]
    if same_day:
        index = policy.changes.index(same_day[-1])
        entry = _entry_location(policy, index, "sha256")
        mismatch = (
            f"the change-log entry of {snapshot.effective.isoformat()} records sha256 "
            f"{same_day[-1].sha256}, but its archived text has {snapshot.sha256}"
        )
        if is_newest:
            raise PolicyError(
                SourceLocation(snapshot.display_path, 1),
                f"{mismatch} ({entry}): one of them was changed after the release",
                f"restore the text with 'git checkout -- {snapshot.display_path}', or the "
                f"entry with 'git checkout -- {policy.display_path}' (published texts never "
                "change; release a new version instead)",
            )
        raise PolicyError(
            entry,
            f"{mismatch} (the record released after it vouches for the text)",
            f"restore the entry with 'git checkout -- {policy.display_path}' (released entries "
            "are part of the record)",
        )
    raise PolicyError(
        SourceLocation(snapshot.display_path, 1),
        f"archived text has no entry in the change log of {policy.display_path}",
        f"restore the entry of {snapshot.effective.isoformat()} with 'git checkout -- "
        f"{policy.display_path}' (released entries are part of the record)",
    )


def _first_difference(actual: Change, expected: Change) -> str:
    fields = ("date", "summary", "sections", "editorial", "sha256", "amended")
    return next((name for name in fields if getattr(actual, name) != getattr(expected, name)), "")


def _changed_entry(policy: Policy, index: int, expected: Change, recorded_in: str) -> NoReturn:
    name = _first_difference(policy.changes[index], expected)
    shown = getattr(expected, name)
    shown = list(shown) if isinstance(shown, tuple) else shown
    raise PolicyError(
        _entry_location(policy, index, name),
        f"the change-log entry of {expected.date.isoformat()} was changed after its release: "
        f"its {name} was recorded as {shown!r} ({recorded_in})",
        "released entries are part of the record: put it back; "
        + _AMEND.format(key=policy.key, date=expected.date.isoformat()),
    )


def _check_unarchived(
    policy: Policy,
    rest: Sequence[tuple[int, Change]],
    vouched: Sequence[tuple[Change, str]],
    latest: dt.date | None,
) -> None:
    """Entries of texts that were never archived are the ones a record vouches for; those
    dated after the latest release are a draft, recorded by the next release."""
    pending = list(vouched)
    for index, change in rest:
        match = next((i for i, (c, _) in enumerate(pending) if c == change), None)
        if match is not None:
            del pending[match]
            continue
        if latest is not None and change.date > latest and not change.sha256:
            continue
        same_day = next(((c, where) for c, where in pending if c.date == change.date), None)
        if same_day is not None:
            recorded, where = same_day
            raise PolicyError(
                _entry_location(policy, index, _first_difference(change, recorded)),
                f"the change-log entry of {change.date.isoformat()} was changed after it was "
                f"recorded ({where} records it as {recorded.summary!r})",
                "released entries are part of the record: put it back; "
                + _AMEND.format(key=policy.key, date=change.date.isoformat()),
            )
        raise PolicyError(
            _entry_location(policy, index),
            f"the change-log entry of {change.date.isoformat()} is not in the record",
            "entries up to the latest release are written by 'policy-site release' and "
            "'policy-site amend'; remove an entry added by hand, or restore the file from git",
        )
    if pending:
        missing, where = pending[0]
        raise PolicyError(
            SourceLocation(policy.display_path, 1),
            f"the change-log entry of {missing.date.isoformat()} ({missing.summary!r}), "
            f"recorded in {where}, is missing",
            f"restore it with 'git checkout -- {policy.display_path}'",
        )


def _entry_location(policy: Policy, index: int, name: str = "") -> SourceLocation:
    lines: Mapping[tuple[str | int, ...], int] = policy.lines
    line = lines.get(("changes", index, name)) or lines.get(("changes", index)) or 1
    return SourceLocation(policy.display_path, line)
