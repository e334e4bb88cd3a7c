"""Files the generator writes get the permissions any new file gets, not the private mode
of the temporary file they are written through (review of 2026-11-30)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.content.files import write_file
from generator.site.cache import write_atomically


def _policies_writer(path: Path, data: bytes) -> None:
    write_file(path, data, shown=path.name)


def _site_writer(path: Path, data: bytes) -> None:
    assert write_atomically(path, data)


WRITERS = {"policies": _policies_writer, "site and cache": _site_writer}


@pytest.fixture
def umask_022() -> Iterator[None]:
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_a_new_file_gets_the_umask_s_mode(
    tmp_path: Path, umask_022: None, writer: Callable[[Path, bytes], None]
) -> None:
    path = tmp_path / "folder/new.txt"
    writer(path, b"text")
    assert path.read_bytes() == b"text"
    assert _mode(path) == 0o644


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_a_replaced_file_keeps_its_mode(
    tmp_path: Path, umask_022: None, writer: Callable[[Path, bytes], None]
) -> None:
    path = tmp_path / "kept.txt"
    path.write_bytes(b"old")
    path.chmod(0o640)
    writer(path, b"new")
    assert path.read_bytes() == b"new"
    assert _mode(path) == 0o640
