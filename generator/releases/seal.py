"""``policy-site seal``: start the record of an archive written before records were chained.

The seal lists every archived text with its hash, and every change-log entry, as
they are now; from then on each build checks them against it, and every new
record follows it. An archive is sealed as it is: its texts are checked against
their change-log entries first, so a damaged archive is not sealed.
"""

from __future__ import annotations

import datetime as dt

from generator.content import layout
from generator.content.library import Library
from generator.errors import PolicyError, did_you_mean
from generator.model import Archive, SourceLocation
from generator.releases.journal import Plan, Write
from generator.releases.release import seal_text


def plan_seal(library: Library, keys: list[str], recorded: dt.date) -> Plan:
    """A seal for each named policy whose archive needs one."""
    writes = []
    for key in keys:
        if key not in library.policies:
            raise PolicyError(
                None,
                f"unknown policy '{key}'",
                did_you_mean(key, library.policies) or "policies: " + ", ".join(library.policies),
            )
        archive = library.archives.get(key, Archive())
        legacy = [s for s in archive.snapshots if s.chain is None]
        if archive.seal is not None or not legacy:
            continue
        policy = library.policies[key]
        recorded_hashes = {change.sha256 for change in policy.changes if change.sha256}
        for snapshot in legacy:
            if snapshot.sha256 not in recorded_hashes:
                raise PolicyError(
                    SourceLocation(snapshot.display_path, 1),
                    "archived text does not match any hash of the change log of "
                    f"{policy.display_path}: it was changed after its release",
                    f"restore it with 'git checkout -- {snapshot.display_path}', then seal",
                )
        files = {snapshot.path.name: snapshot.sha256 for snapshot in legacy}
        path = layout.seal_file(library.policies_dir, policy.company, policy.slug)
        relative = path.relative_to(library.policies_dir).as_posix()
        writes.append(Write(relative, seal_text(files, policy.changes, recorded), None))
    names = ", ".join(keys)
    return Plan(f"the seal of {names}", tuple(writes))


def sealable(library: Library) -> list[str]:
    """The policies whose archive was written before records were chained and has no seal."""
    return [
        key
        for key, archive in library.archives.items()
        if archive.seal is None and any(s.chain is None for s in archive.snapshots)
    ]
