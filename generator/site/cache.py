"""A content-addressed cache of rendering work, on disk.

Archived versions never change, so the work done for them (section numbers,
resolved cross-links, comparisons, plain-text copies) can be kept between builds.
(Their finished pages are kept too, by :mod:`generator.mkdocs_plugin.pagecache`, in
the same kind of :class:`Store`.)
Each entry is named by a SHA-256 of everything its value depends on: the
inputs its producer is given, this package's own code and templates, and the
versions of the libraries whose output it stores. A changed input gives
another name, so an entry is never stale; what an entry does not name (the
versions its cross-links resolved to) it records, and :mod:`generator.site.renderer`
checks that record before using it.

The cache is never trusted for correctness:

- an entry that cannot be read, decoded, or whose checksum does not match is
  ignored (and written again), and so is an entry that records another key than
  the one it is read under (a file copied, renamed or swapped with another);
- entries are written to a temporary file renamed into place, so a build that
  is killed midway leaves whole entries or none;
- a cache that cannot be written (read-only, full disk) only makes builds slower;
- deleting the folder, or any file in it, at any time is safe (for the finished
  pages of :mod:`generator.mkdocs_plugin.pagecache`: between builds; a build during which
  they are deleted stops with an error, and the next one works).

Nothing ever removes an entry: delete the folder to reclaim its space.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from generator.content.files import file_mode

CACHE_FORMAT = "policy-site-cache 1"
"""First word of every entry; raised when the layout of entries changes."""

_CACHED_LIBRARIES = ("markdown", "lxml")
"""Libraries whose output is stored: Python-Markdown (HTML) and lxml (comparisons)."""


@functools.cache
def code_fingerprint() -> str:
    """Hash of this package's modules and templates and of the libraries whose output is
    cached: any change to the code that renders gives every entry a new name."""
    return package_fingerprint(resources.files("generator"))


def package_fingerprint(package: Traversable) -> str:
    """Hash of every ``.py`` module and ``.j2`` template of a package folder and its
    sub-packages, and of the versions of the libraries whose output is cached."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for name, source in sorted(_code_files(package, "")):
        digest.update(name.encode() + b"\0" + source.read_bytes() + b"\0")
    for library in _CACHED_LIBRARIES:
        digest.update(f"{library}=={metadata.version(library)}\0".encode())
    return digest.hexdigest()


def _code_files(folder: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for item in folder.iterdir():
        name = prefix + item.name
        if item.is_dir():
            if item.name != "__pycache__":
                found.extend(_code_files(item, name + "/"))
        elif item.name.endswith((".py", ".j2")):
            found.append((name, item))
    return found


def cache_key(kind: str, *parts: str) -> str:
    """The name of an entry: a hash of its kind, its inputs and :func:`code_fingerprint`.

    Each part is length-prefixed, so no two different lists of parts share a name.
    """
    digest = hashlib.sha256()
    for part in (code_fingerprint(), kind, *parts):
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


@dataclass
class CacheStats:
    """What a build got from the cache, for messages and tests."""

    hits: int = 0
    misses: int = 0
    rejected: int = 0
    """Entries found but unreadable, corrupted, recorded under another key, or whose
    recorded dependencies changed."""
    write_errors: int = 0


@dataclass
class Store:
    """Entries below ``directory``, each in a file named by its key and kept in a folder
    named by the key's first two characters; with ``directory`` None, nothing is kept.

    Each file starts with the key it was written under, on a line of its own: a file
    name says nothing a copy or a rename cannot change, so an entry is only used under
    the key it records.

    The caches of rendering work (:class:`RenderCache`) and of finished pages
    (:mod:`generator.mkdocs_plugin.pagecache`) share it; each encodes its own entries.
    """

    directory: Path | None
    stats: CacheStats = field(default_factory=CacheStats)

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / key

    def read(self, key: str, *, counted: bool = True) -> bytes | None:
        """The entry stored under ``key``, or None: a miss, or a file that records another
        key (rejected); either is counted when ``counted``."""
        if self.directory is None:
            return None
        try:
            raw = self._path(key).read_bytes()
        except OSError:
            if counted:
                self.stats.misses += 1
            return None
        recorded, newline, data = raw.partition(b"\n")
        if not newline or recorded != key.encode():
            if counted:
                self.reject()
            return None
        return data

    def write(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key``, atomically; a failure only costs a later build time."""
        if self.directory is None:
            return
        if not write_atomically(self._path(key), key.encode() + b"\n" + data):
            self.stats.write_errors += 1

    def hit(self) -> None:
        self.stats.hits += 1

    def reject(self) -> None:
        """Count an entry that was found but is damaged or out of date."""
        self.stats.rejected += 1


class RenderCache:
    """JSON values in a :class:`Store`; with ``directory`` None, a cache that keeps nothing."""

    def __init__(self, directory: Path | None) -> None:
        self.store = Store(directory)

    @property
    def stats(self) -> CacheStats:
        return self.store.stats

    def get(self, key: str) -> Any | None:
        """The JSON value stored under ``key``, or None when there is no usable entry."""
        raw = self.store.read(key)
        if raw is None:
            return None
        value = _decode(raw)
        if value is None:
            self.store.reject()
            return None
        self.store.hit()
        return value

    def reject(self) -> None:
        """Count an entry :meth:`get` returned but the caller found out of date."""
        self.stats.hits -= 1
        self.store.reject()

    def put(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable ``value`` under ``key``, atomically; errors are ignored."""
        if self.store.directory is not None:
            self.store.write(key, _encode(value))

    def fetch(self, key: str, compute: Callable[[], str]) -> str:
        """The text stored under ``key``, or ``compute()``'s, which is then stored."""
        value = self.get(key)
        if isinstance(value, str):
            return value
        if value is not None:
            self.reject()
        text = compute()
        self.put(key, text)
        return text


def write_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` to a temporary file renamed to ``path``: readers see the whole file
    or none. False when it cannot be written (read-only, full disk), which only costs a
    later build some time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            os.fchmod(descriptor, file_mode(path))
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


def _encode(value: Any) -> bytes:
    payload = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = f"{CACHE_FORMAT} {hashlib.sha256(payload).hexdigest()}\n".encode()
    return header + payload


def _decode(raw: bytes) -> Any | None:
    """The value of an entry, or None for anything but an intact entry of this format."""
    header, newline, payload = raw.partition(b"\n")
    expected = f"{CACHE_FORMAT} {hashlib.sha256(payload).hexdigest()}".encode()
    if not newline or header != expected:
        return None
    try:
        return json.loads(payload.decode("utf-8"))
    except ValueError:
        return None
