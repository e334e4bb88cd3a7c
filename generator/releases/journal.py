"""Changes to ``policies/`` that are all or nothing, even when the command is killed.

A command that writes several files (a release writes the archived text, maybe a
seal, and the policy's change log; ``--all-changed`` does so for many policies)
first writes its whole plan, every file's new content, to a journal
(``policies/.policy-site-journal.json``), then writes the files one by one, then
removes the journal. Killed before the journal is complete, it changed nothing;
killed after, the journal is there: every command and every build stops with one
error saying so, and ``policy-site release --finish`` writes what is missing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.files import check_writable, remove_file, write_file
from generator.content.layout import JOURNAL_FILE
from generator.errors import PolicyError
from generator.model import SourceLocation

_FORMAT = "policy-site-journal 1"
FINISH = "policy-site release --finish"


@dataclass(frozen=True)
class Write:
    """One file a plan writes, by its path below the policies folder."""

    path: str
    content: bytes
    replaces: str | None
    """SHA-256 of the file it replaces; None for a file that must not exist yet (every
    archived record)."""


@dataclass(frozen=True)
class Plan:
    """What a command is about to do, and every file it writes."""

    what: str
    writes: tuple[Write, ...]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def apply(policies_dir: Path, plan: Plan, shown: str) -> None:
    """Carry out ``plan``: the journal first, then the files, then no journal.

    Every target is checked to be writable first, so a read-only file or folder stops
    the command before anything is written. A failure after the journal was written
    (a full disk, say) leaves the journal, and the error says how to finish.
    """
    for write in plan.writes:
        check_writable(policies_dir / write.path, f"{shown}/{write.path}")
    journal = policies_dir / JOURNAL_FILE
    write_file(journal, _encode(plan), shown=f"{shown}/{JOURNAL_FILE}", new=True)
    try:
        _carry_out(policies_dir, plan, shown)
    except PolicyError as error:
        raise PolicyError(
            error.location,
            f"{error.message}; {plan.what} was interrupted",
            f"{error.hint}, then finish it with '{FINISH}'" if error.hint else f"'{FINISH}'",
        ) from None
    remove_file(journal, shown=f"{shown}/{JOURNAL_FILE}")


def finish(policies_dir: Path, shown: str) -> Plan | None:
    """Write what an interrupted command left unwritten; None when nothing was pending."""
    journal = policies_dir / JOURNAL_FILE
    if not journal.exists():
        return None
    plan = _decode(journal.read_bytes(), f"{shown}/{JOURNAL_FILE}")
    _carry_out(policies_dir, plan, shown)
    remove_file(journal, shown=f"{shown}/{JOURNAL_FILE}")
    return plan


def _carry_out(policies_dir: Path, plan: Plan, shown: str) -> None:
    # Every check first, so a plan that no longer fits writes nothing more.
    pending = [write for write in plan.writes if _state(policies_dir, write, shown)]
    for write in pending:
        target = policies_dir / write.path
        write_file(target, write.content, shown=f"{shown}/{write.path}", new=write.replaces is None)


def _state(policies_dir: Path, write: Write, shown: str) -> bool:
    """True when ``write`` is still to do; an error when the file changed meanwhile."""
    target = policies_dir / write.path
    current = sha256_of(target.read_bytes()) if target.exists() else None
    if current == sha256_of(write.content):
        return False
    if current == write.replaces:
        return True
    if write.replaces is None:
        problem = "exists already with another content"
    else:
        problem = "was changed after the command began"
    raise PolicyError(
        None,
        f"{shown}/{write.path} {problem}; {plan_name(write)} cannot be finished",
        "put the file back as it was (e.g. 'git stash'), finish, then apply your change again",
    )


def plan_name(write: Write) -> str:
    return "the archived record" if write.replaces is None else "the change"


def _encode(plan: Plan) -> bytes:
    document = {
        "format": _FORMAT,
        "what": plan.what,
        "writes": [
            {
                "path": write.path,
                "replaces": write.replaces,
                "sha256": sha256_of(write.content),
                "content": write.content.decode("utf-8"),
            }
            for write in plan.writes
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _decode(raw: bytes, shown: str) -> Plan:
    try:
        document: Any = json.loads(raw.decode("utf-8"))
        if document["format"] != _FORMAT:
            raise ValueError(document["format"])
        writes: Sequence[Any] = document["writes"]
        plan = Plan(
            str(document["what"]),
            tuple(
                Write(str(w["path"]), str(w["content"]).encode("utf-8"), w["replaces"])
                for w in writes
            ),
        )
        if any(
            sha256_of(w.content) != d["sha256"] for w, d in zip(plan.writes, writes, strict=True)
        ):
            raise ValueError("checksum")
    except (ValueError, KeyError, TypeError) as error:
        raise PolicyError(
            SourceLocation(shown, 1),
            f"the journal of an interrupted command cannot be read ({error})",
            "restore the policies folder from git ('git status' shows what changed)",
        ) from None
    return plan
