"""Nothing from outside the repository is published: no symbolic link under ``policies/``.

MkDocs publishes every file of its ``docs_dir`` (``policies/``) that is not a page, and
follows symbolic links to do it: a link to ``/proc/self/environ`` publishes the build's
environment, a linked company folder publishes whatever it points at, and a link to one
of its own parent folders makes MkDocs' walk run for ever. Git stores a link as a link,
so a pull request can carry one. The site needs none: every file it publishes is kept in
the repository, so any link is an error, found without following a single one.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.errors import PolicyError
from generator.model import SourceLocation


def check_no_symlinks(folder: Path, root: Path) -> None:
    """Refuse the first symbolic link below ``folder`` (in name order), at its path
    relative to ``root`` (the project); links are never followed, so loops cannot hang."""
    link = _first_link(folder)
    if link is None:
        return
    raise PolicyError(
        SourceLocation(_shown(link, root), 1),
        f"'{link.name}' is a symbolic link (to {_target(link)}), and the site publishes "
        "only files kept in the repository",
        "replace the link by the file (or folder) itself, or remove it",
    )


def _first_link(folder: Path) -> Path | None:
    """The first symbolic link below ``folder``, depth first in name order, or None."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return None
    for entry in entries:
        if entry.is_symlink():
            return Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            found = _first_link(Path(entry.path))
            if found is not None:
                return found
    return None


def _target(link: Path) -> str:
    try:
        return os.readlink(link)
    except OSError:
        return "an unreadable target"


def _shown(link: Path, root: Path) -> str:
    """``link`` relative to ``root`` without resolving the link itself (only its folder)."""
    path = link.parent.resolve() / link.name
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return link.as_posix()
