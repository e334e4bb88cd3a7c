"""A policy's archive as a chain of records, each naming the one released before it.

Every file ``policy-site`` writes into ``archive/<policy>/`` (a released text, a
correction, an amended summary) records ``previous:``, the SHA-256 of the record
written just before it, so the records form one chain in the order they were
released. Archives written before records were chained are listed, file by file
with their hashes and with the change-log entries of the time, by a seal
(``seal.md``) that starts the chain.

What the chain shows, and what it does not:

- a record inserted later by hand (a back-dated text, say) either names a
  record that another one already follows (two records follow one), names none
  (a second start), or follows the newest one with an earlier date than it
  (released after, effective before): each is an error;
- a changed record no longer has the hash its successor names;
- a forger who rewrites every record after the point of change, successors
  included, is not caught by the files alone: every rewritten published file
  then shows in the pull request's diff, and the chain's newest hash, published
  in ``versions.json``, differs from the one readers and archives saw before.
  The chain proves the order and integrity of what was recorded, not the day it
  was recorded: git history and published copies do that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.content.layout import ARCHIVE_DIR
from generator.errors import PolicyError
from generator.model import Amendment, Archive, Policy, Seal, Snapshot, SourceLocation

Record = Snapshot | Amendment | Seal

_RESTORE = "archived records are written by 'policy-site' only: restore it with 'git checkout'"


@dataclass(frozen=True)
class Ledger:
    """A policy's records in the order they were released."""

    policy: Policy
    records: tuple[Record, ...]
    """Chained records, the seal first when there is one."""
    sealed: tuple[Snapshot, ...]
    """Snapshots from before chaining, which the seal lists."""

    @property
    def head(self) -> str | None:
        """Hash of the newest record, which the next one names as ``previous``."""
        return self.records[-1].sha256 if self.records else None

    def amendments_of(self, sha256: str) -> list[Amendment]:
        """The recorded fixes of the change-log entry of the text with ``sha256``, oldest
        first."""
        return [r for r in self.records if isinstance(r, Amendment) and r.amends == sha256]


def _where(record: Record) -> SourceLocation:
    return SourceLocation(record.display_path, 1)


def read_ledger(policy: Policy, archive: Archive) -> Ledger:
    """The archive's records in release order; an error for anything that breaks the chain."""
    chained: list[Record] = [s for s in archive.snapshots if s.chain is not None]
    chained.extend(archive.amendments)
    sealed = tuple(s for s in archive.snapshots if s.chain is None)
    _check_sealed(policy, archive.seal, sealed)
    if archive.seal is not None:
        chained.append(archive.seal)
    _check_entries_have_texts(policy, archive)
    records = _follow_chain(policy, chained, archive.seal)
    _check_order(policy, records, sealed)
    return Ledger(policy, tuple(records), sealed)


def _check_sealed(policy: Policy, seal: Seal | None, sealed: Sequence[Snapshot]) -> None:
    """Snapshots that name no previous record must be the ones the seal lists, unchanged."""
    if sealed and seal is None:
        raise PolicyError(
            _where(sealed[0]),
            "archived before policy-site recorded its releases in a chain, and not sealed",
            f"record the archive as it is now, once: 'policy-site seal {policy.key}'",
        )
    if seal is None:
        return
    for snapshot in sealed:
        recorded = seal.files.get(snapshot.path.name)
        if recorded is None:
            raise PolicyError(
                _where(snapshot),
                f"archived text not recorded: it names no previous record and "
                f"{seal.display_path} does not list it",
                "archived texts are written by 'policy-site release' only; remove a file "
                "added by hand",
            )
        if recorded != snapshot.sha256:
            raise PolicyError(
                _where(snapshot),
                "archived text was changed after it was sealed: "
                f"{seal.display_path} records sha256 {recorded}, the file has {snapshot.sha256}",
                f"restore it with 'git checkout -- {snapshot.display_path}' (published texts "
                "never change; release a new version instead)",
            )
    names = {snapshot.path.name for snapshot in sealed}
    for name in seal.files:
        if name not in names:
            raise PolicyError(
                _where(seal),
                f"the sealed text {name} is missing from the archive",
                "restore it from git; a published version is never deleted",
            )


def _check_entries_have_texts(policy: Policy, archive: Archive) -> None:
    """Every change-log entry with a hash names a text of the archive that has it, or one
    whose file is there under its date (then the file or the entry was changed, which
    the checks that follow tell apart)."""
    hashes = {snapshot.sha256 for snapshot in archive.snapshots}
    dates = {snapshot.effective for snapshot in archive.snapshots}
    for index, change in enumerate(policy.changes):
        if change.sha256 and change.sha256 not in hashes and change.date not in dates:
            line = policy.lines.get(("changes", index)) or 1
            raise PolicyError(
                SourceLocation(policy.display_path, line),
                f"the release of {change.date.isoformat()} has no archived text in "
                f"{archive_folder_of(policy)}",
                "restore it from git; a published version is never deleted",
            )


def archive_folder_of(policy: Policy) -> str:
    """The archive folder of a policy, as messages show it."""
    return (PurePosixPath(policy.display_path).parent / ARCHIVE_DIR / policy.slug).as_posix() + "/"


def _follow_chain(policy: Policy, chained: Sequence[Record], seal: Seal | None) -> list[Record]:
    """The records from the first to the newest, each following the one it names."""
    if not chained:
        return []
    starts = [r for r in chained if _previous(r) is None]
    if seal is not None and starts != [seal]:
        other = next(r for r in starts if r is not seal)
        raise PolicyError(
            _where(other),
            f"archived record names no previous record, but {seal.display_path} starts "
            "the record already",
            _RESTORE + "; remove a file added by hand",
        )
    if len(starts) != 1:
        if not starts:
            start = min(chained, key=lambda r: r.display_path)
            raise PolicyError(
                _where(start),
                "the archive's records form a circle",
                _RESTORE,
            )
        raise PolicyError(
            _where(starts[1]),
            f"two archived records start the record: {starts[0].display_path} and this one",
            _RESTORE + "; remove a file added by hand",
        )
    following: dict[str, Record] = {}
    for record in sorted(chained, key=lambda r: r.display_path):
        previous = _previous(record)
        if previous is None:
            continue
        if previous in following:
            raise PolicyError(
                _where(record),
                f"two archived records follow the same one: {following[previous].display_path} "
                "and this one; one of them was not written by 'policy-site release'",
                _RESTORE + "; remove a file added by hand",
            )
        following[previous] = record
    order = [starts[0]]
    while order[-1].sha256 in following:
        order.append(following[order[-1].sha256])
    if len(order) != len(chained):
        _report_break(order, chained)
    return order


def _report_break(order: Sequence[Record], chained: Sequence[Record]) -> None:
    """The chain stops before every record was reached: a record changed, or one was added."""
    reached = {id(record) for record in order}
    stray = min((r for r in chained if id(r) not in reached), key=lambda r: r.display_path)
    last = order[-1]
    known = {record.sha256 for record in chained}
    if _previous(stray) not in known:
        # What follows the newest record reached names a hash no file has: that file was
        # most likely changed after the record after it was written.
        raise PolicyError(
            _where(last),
            f"archived record was changed after the next one was released: "
            f"{stray.display_path} names it with sha256 {_previous(stray)}, the file has "
            f"{last.sha256}",
            f"restore it with 'git checkout -- {last.display_path}' (published texts never "
            "change; release a new version instead)",
        )
    raise PolicyError(
        _where(stray),
        "archived record is not part of the policy's record",
        _RESTORE + "; remove a file added by hand",
    )


def _previous(record: Record) -> str | None:
    if isinstance(record, Seal):
        return None
    assert record.chain is not None
    return record.chain.previous


def _check_order(policy: Policy, records: Sequence[Record], sealed: Sequence[Snapshot]) -> None:
    """Versions are released in date order; a correction follows what it corrects, an
    amendment the text whose entry it amends."""
    latest: dt.date | None = max((s.effective for s in sealed), default=None)
    texts: dict[str, Snapshot] = {s.sha256: s for s in sealed}
    for record in records:
        if isinstance(record, Snapshot):
            _check_snapshot_place(record, latest, texts)
            if latest is None or record.effective > latest:
                latest = record.effective
            texts[record.sha256] = record
        elif isinstance(record, Amendment):
            amended = texts.get(record.amends)
            if amended is None or amended.effective != record.effective:
                raise PolicyError(
                    _where(record),
                    f"amends a change-log entry of {record.effective.isoformat()} that was "
                    "not released before it",
                    _RESTORE,
                )


def _check_snapshot_place(
    snapshot: Snapshot, latest: dt.date | None, texts: dict[str, Snapshot]
) -> None:
    if snapshot.revision == 1:
        if latest is not None and snapshot.effective <= latest:
            raise PolicyError(
                _where(snapshot),
                f"released after the version of {latest.isoformat()} but in force from "
                f"{snapshot.effective.isoformat()}: a release is never back-dated",
                _RESTORE + "; remove a file added by hand",
            )
        return
    corrected = texts.get(snapshot.corrects or "")
    if (
        corrected is None
        or corrected.effective != snapshot.effective
        or corrected.revision != snapshot.revision - 1
    ):
        raise PolicyError(
            _where(snapshot),
            f"correction {snapshot.revision} of the version of {snapshot.effective.isoformat()} "
            f"does not follow revision {snapshot.revision - 1} of it",
            _RESTORE,
        )
