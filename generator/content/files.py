"""Writing into ``policies/``: whole files or nothing, one writer at a time.

A file is written to a temporary file beside it, flushed to disk and renamed
over its name, so a reader (or a command killed halfway) sees the old file or
the new one, never a truncated one. An archive file is created, never
replaced: if its name is taken, the write fails. Commands that write take the
lock of the policies folder first, so two of them cannot interleave.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.content.layout import LOCK_FILE
from generator.errors import PolicyError

TEMPORARY_PREFIX = ".policy-site-"
"""Temporary files start with a dot, so MkDocs and the library skip a leftover one."""


def file_mode(path: Path) -> int:
    """The permissions a file written at ``path`` gets: those of the file it replaces,
    else what the process's umask gives a new file (usually 0644). The temporary file a
    write starts from is private (0600), which a web server or a colleague could not read."""
    with contextlib.suppress(OSError):
        return stat.S_IMODE(path.stat().st_mode)
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_file(path: Path, data: bytes, *, shown: str, new: bool = False) -> None:
    """Write ``path`` whole or not at all; with ``new``, fail if it exists.

    ``shown`` names the file in messages. A failure (full disk, no permission) is a
    :class:`PolicyError` and leaves the file as it was.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX)
    except OSError as error:
        raise _cannot_write(shown, error) from None
    try:
        os.fchmod(descriptor, file_mode(path))
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if new:
            # A link fails when the name is taken, where a rename would replace the file.
            os.link(temporary, path)
        else:
            os.replace(temporary, path)
        _sync_folder(path.parent)
    except FileExistsError:
        raise PolicyError(
            None,
            f"{shown} exists already",
            "an archived file is never replaced; run 'policy-site check' to see why",
        ) from None
    except OSError as error:
        raise _cannot_write(shown, error) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def check_writable(path: Path, shown: str) -> None:
    """An error now, before anything is written, if ``path`` could not be written later:
    a read-only or immutable file or folder (which permission bits alone do not tell)."""
    try:
        if path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_APPEND))
        folder = path.parent
        while not folder.exists():
            folder = folder.parent
        descriptor, probe = tempfile.mkstemp(dir=folder, prefix=TEMPORARY_PREFIX)
        os.close(descriptor)
        os.unlink(probe)
    except OSError as error:
        raise _cannot_write(shown, error) from None


def remove_file(path: Path, *, shown: str) -> None:
    """Remove a file the tool wrote for itself (never a policy or an archived text)."""
    try:
        path.unlink(missing_ok=True)
        _sync_folder(path.parent)
    except OSError as error:
        raise _cannot_write(shown, error) from None


def _sync_folder(folder: Path) -> None:
    """Make a rename durable: the folder's entry is flushed too."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _cannot_write(shown: str, error: OSError) -> PolicyError:
    reason = (error.strerror or str(error)).lower()
    hint = {
        errno.ENOSPC: "free some disk space and run the command again",
        errno.EFBIG: "the file is larger than this system allows; free space or raise the limit",
        errno.EACCES: "check that you may write in that folder",
        errno.EPERM: "check that you may write in that folder (and that it is not immutable)",
        errno.EROFS: "the disk is read-only",
    }.get(error.errno or 0, "check the folder and run the command again")
    return PolicyError(None, f"cannot write {shown}: {reason}", hint + "; nothing was changed")


@contextlib.contextmanager
def locked(policies_dir: Path, shown: str) -> Iterator[None]:
    """Hold the policies folder's lock: one writing command at a time.

    The lock is the operating system's (``flock``), so a command that is killed
    releases it; the file itself stays and is harmless.
    """
    try:
        descriptor = os.open(policies_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise _cannot_write(f"{shown}/{LOCK_FILE}", error) from None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PolicyError(
                None,
                f"another policy-site command is changing {shown} right now",
                "wait for it to finish, then run this one again",
            ) from None
        yield
    finally:
        os.close(descriptor)
