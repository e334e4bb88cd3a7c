"""Where things are in ``policies/``: folder and file names, in one place.

::

    policies/
      clauses/<clause>.md
      <company>/company.md
      <company>/<policy>.md
      <company>/archive/<policy>/<YYYY-MM-DD>.md
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

CLAUSES_DIR = "clauses"
COMPANY_FILE = "company.md"
ARCHIVE_DIR = "archive"
SUFFIX = ".md"


def clause_file(policies_dir: Path, name: str) -> Path:
    return policies_dir / CLAUSES_DIR / f"{name}{SUFFIX}"


def company_file(policies_dir: Path, company: str) -> Path:
    return policies_dir / company / COMPANY_FILE


def policy_file(policies_dir: Path, company: str, policy: str) -> Path:
    return policies_dir / company / f"{policy}{SUFFIX}"


def archive_folder(policies_dir: Path, company: str, policy: str) -> Path:
    """The folder of a policy's released snapshots."""
    return policies_dir / company / ARCHIVE_DIR / policy


def snapshot_file(policies_dir: Path, company: str, policy: str, effective: dt.date) -> Path:
    """The snapshot of the version of ``company/policy`` in force from ``effective``."""
    return archive_folder(policies_dir, company, policy) / f"{effective.isoformat()}{SUFFIX}"
