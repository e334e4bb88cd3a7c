"""Where things are in ``policies/``: folder and file names, in one place.

::

    policies/
      clauses/<clause>.md
      <company>/company.md
      <company>/<policy>.md
      <company>/archive/<policy>/<YYYY-MM-DD>.md                 a released text
      <company>/archive/<policy>/<YYYY-MM-DD>.revision-<n>.md    its correction n
      <company>/archive/<policy>/<YYYY-MM-DD>.amendment-<n>.md   a fixed change-log summary
      <company>/archive/<policy>/seal.md                         the start of the record
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

CLAUSES_DIR = "clauses"
COMPANY_FILE = "company.md"
ARCHIVE_DIR = "archive"
SUFFIX = ".md"
SEAL_FILE = "seal.md"
LOCK_FILE = ".policy-site.lock"
JOURNAL_FILE = ".policy-site-journal.json"
"""In the policies folder: the lock of commands that write, and the plan of a release in
progress (MkDocs and the library skip names that start with a dot)."""

_RECORD_NAME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?:\.(?P<kind>revision|amendment)-(?P<number>[1-9]\d*))?\.md$"
)
RecordKind = Literal["snapshot", "amendment", "seal"]


@dataclass(frozen=True)
class RecordName:
    """What an archive file's name says it is."""

    kind: RecordKind
    effective: dt.date | None
    number: int
    """The revision of a snapshot, the number of an amendment."""


def record_name(name: str) -> RecordName | None:
    """The meaning of a file name in an archive folder, None if it is not a record's."""
    if name == SEAL_FILE:
        return RecordName("seal", None, 0)
    match = _RECORD_NAME.match(name)
    if match is None:
        return None
    try:
        effective = dt.date.fromisoformat(match["date"])
    except ValueError:
        return None
    kind: RecordKind = "amendment" if match["kind"] == "amendment" else "snapshot"
    return RecordName(kind, effective, int(match["number"] or 1))


def clause_file(policies_dir: Path, name: str) -> Path:
    return policies_dir / CLAUSES_DIR / f"{name}{SUFFIX}"


def company_file(policies_dir: Path, company: str) -> Path:
    return policies_dir / company / COMPANY_FILE


def policy_file(policies_dir: Path, company: str, policy: str) -> Path:
    return policies_dir / company / f"{policy}{SUFFIX}"


def archive_folder(policies_dir: Path, company: str, policy: str) -> Path:
    """The folder of a policy's released snapshots."""
    return policies_dir / company / ARCHIVE_DIR / policy


def snapshot_file(
    policies_dir: Path, company: str, policy: str, effective: dt.date, revision: int = 1
) -> Path:
    """The text of the version of ``company/policy`` in force from ``effective``; a
    ``revision`` above 1 is a correction of it."""
    suffix = f".revision-{revision}" if revision > 1 else ""
    folder = archive_folder(policies_dir, company, policy)
    return folder / f"{effective.isoformat()}{suffix}{SUFFIX}"


def amendment_file(
    policies_dir: Path, company: str, policy: str, effective: dt.date, number: int
) -> Path:
    """The ``number``-th fix of a change-log summary of the version of ``effective``."""
    folder = archive_folder(policies_dir, company, policy)
    return folder / f"{effective.isoformat()}.amendment-{number}{SUFFIX}"


def seal_file(policies_dir: Path, company: str, policy: str) -> Path:
    return archive_folder(policies_dir, company, policy) / SEAL_FILE
