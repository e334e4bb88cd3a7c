"""Releases are atomic, locked and recoverable (issue 12, item 5): killed at any write, on a
full disk, on read-only files or while another command runs, a release leaves a
repository that builds, or one clear error whose repair works, and never loses the
editor's text. Each test names the case of the reliability report it reproduces."""

from __future__ import annotations

import fcntl
import os
import resource
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers import ROOT, copy_fixture_site, mkdocs_build
from tests.sites import release_now

EDIT = "This policy explains how"
UNCOMMITTED = "UNCOMMITTED EDIT: this policy explains how"
RELEASE = ("release", "acme/privacy", "--effective", "2024-07-01", "--summary", "July.")

_HARNESS = textwrap.dedent(
    """
    import atexit, os, signal, sys
    kill_at = int(sys.argv[1])
    calls = [0]

    def steps(name):
        original = getattr(os, name)
        def step(*args, **kwargs):
            calls[0] += 1
            if calls[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return original(*args, **kwargs)
        setattr(os, name, step)

    for name in ("open", "fsync", "link", "replace", "unlink"):
        steps(name)
    atexit.register(lambda: sys.stderr.write(f"steps: {calls[0]}\\n"))
    from generator.cli import main
    sys.exit(main(sys.argv[2:]))
    """
)
"""Runs ``policy-site`` and kills it (SIGKILL) at its Nth file-system step: every open,
flush to disk, link, rename or removal, which is every point where a write can stop."""


def policy_site(
    site: Path, *args: str, kill_at: int = 0, limit: int | None = None
) -> subprocess.CompletedProcess[str]:
    """``policy-site ARGS`` in ``site``, killed at step ``kill_at`` (0: never), with files
    limited to ``limit`` bytes (a full disk) if given."""

    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-c", _HARNESS, str(kill_at), *args],
        cwd=site,
        env={**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1719792000"},
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=limited,
    )


def released_site(tmp_path: Path) -> Path:
    """The fixture site with acme/privacy released once, then edited and not committed."""
    site = copy_fixture_site(tmp_path / "site")
    release_now(site, "acme/privacy", "2024-04-15", "April.")
    policy = site / "policies/acme/privacy.md"
    policy.write_text(policy.read_text("utf-8").replace(EDIT, UNCOMMITTED), "utf-8")
    return site


def files_of(site: Path) -> dict[str, bytes]:
    """Every file of the policies folder but the lock, by path."""
    folder = site / "policies"
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and path.name != ".policy-site.lock"
    }


def test_killed_at_every_step_a_release_can_be_finished_and_loses_nothing(
    tmp_path: Path,
) -> None:
    """Report 5 (64b) and 8 (64a): SIGKILL during the rewrite left the live policy at 0
    bytes; between the two writes, an orphan snapshot whose hint did not repair it."""
    counted = policy_site(released_site(tmp_path / "count"), *RELEASE)
    assert counted.returncode == 0, counted.stderr
    total = int(counted.stderr.rsplit("steps: ", 1)[1])
    assert total > 8
    outcomes = set()
    for step in range(1, total + 1):
        site = released_site(tmp_path / f"kill-{step}")
        killed = policy_site(site, *RELEASE, kill_at=step)
        assert killed.returncode == -9, (step, killed.stderr)
        assert UNCOMMITTED in (site / "policies/acme/privacy.md").read_text("utf-8"), step
        check = policy_site(site, "check")
        if check.returncode == 0:
            # Killed before the plan was complete (nothing happened) or after the last write.
            done = (site / "policies/acme/archive/privacy/2024-07-01.md").is_file()
            outcomes.add("done" if done else "not begun")
            if not done:
                assert policy_site(site, *RELEASE).returncode == 0, step
        else:
            outcomes.add("interrupted")
            [line] = check.stderr.strip().splitlines()[:1]
            assert "was interrupted before it was finished" in line, (step, line)
            assert "policy-site release --finish" in line, (step, line)
            finished = policy_site(site, "release", "--finish")
            assert finished.returncode == 0, (step, finished.stderr)
        after = policy_site(site, "check")
        assert after.returncode == 0, (step, after.stderr)
        text = (site / "policies/acme/privacy.md").read_text("utf-8")
        assert UNCOMMITTED in text and "2024-07-01" in text, step
        assert (site / "policies/acme/archive/privacy/2024-07-01.md").is_file(), step
    assert outcomes == {"not begun", "interrupted", "done"}
    built = mkdocs_build(site, tmp_path / "out")
    assert built.returncode == 0, built.stderr


def test_a_full_disk_changes_nothing(tmp_path: Path) -> None:
    """Report 5 (89): a file-size limit left the policy truncated, with a traceback."""
    site = released_site(tmp_path)
    policy = site / "policies/acme/privacy.md"
    policy.write_text(
        policy.read_text("utf-8").replace(
            "numbering: decimal\n",
            "numbering: decimal\nvariables:\n"
            + "".join(f"  unused_{i}: 'a long unused value number {i}'\n" for i in range(80)),
        ),
        "utf-8",
    )
    before = files_of(site)
    result = policy_site(site, *RELEASE, limit=4096)
    assert result.returncode == 1
    [line] = [line for line in result.stderr.splitlines() if not line.startswith("steps:")]
    assert line.startswith("error: cannot write policies/.policy-site-journal.json: file too large")
    assert "nothing was changed" in line
    assert files_of(site) == before
    assert policy_site(site, "check").returncode == 0


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` cannot be written, even by root: immutable (or, without root, read-only)."""
    if os.geteuid() == 0 and shutil.which("chattr"):
        subprocess.run(["chattr", "-R", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-R", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("policies/acme/privacy.md", "error: cannot write policies/acme/privacy.md: "),
        ("policies", "error: cannot write policies/.policy-site.lock: "),
    ],
    ids=["policy-file", "policies-folder"],
)
def test_read_only_files_stop_a_release_before_it_writes(
    tmp_path: Path, target: str, expected: str
) -> None:
    """Report 8 (88b) and 14 (88a): PermissionError tracebacks, an orphan snapshot."""
    site = released_site(tmp_path)
    before = files_of(site)
    with read_only(site / target):
        result = policy_site(site, *RELEASE)
    assert result.returncode == 1
    [line] = [line for line in result.stderr.splitlines() if not line.startswith("steps:")]
    assert line.startswith(expected), line
    assert "nothing was changed" in line
    assert files_of(site) == before


def test_a_second_release_waits_for_the_first(tmp_path: Path) -> None:
    """Report 8 (63): two concurrent releases left an orphan snapshot in 2 of 3 runs."""
    site = released_site(tmp_path)
    before = files_of(site)
    descriptor = os.open(site / "policies/.policy-site.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        result = policy_site(site, *RELEASE)
    finally:
        os.close(descriptor)
    assert result.returncode == 1
    assert "another policy-site command is changing policies right now" in result.stderr
    assert files_of(site) == before
    assert policy_site(site, *RELEASE).returncode == 0


@pytest.mark.parametrize(
    "summary", ["Fixed\x7f typo", "Two\nlines", "Bell\x07"], ids=["delete", "newline", "bell"]
)
def test_a_control_character_in_the_summary_is_refused(tmp_path: Path, summary: str) -> None:
    """Report 9 (95): a traceback naming no file, the summary already written."""
    site = released_site(tmp_path)
    before = files_of(site)
    result = policy_site(
        site, "release", "acme/privacy", "--effective", "2024-07-01", "--summary", summary
    )
    assert result.returncode == 1
    assert "error: --summary contains a control character" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_of(site) == before


def test_an_empty_change_log_takes_the_first_entry(tmp_path: Path) -> None:
    """Report 8 (93): 'changes: []' made the release write a second 'changes' key."""
    site = copy_fixture_site(tmp_path / "site")
    policy = site / "policies/globex/privacy.md"
    policy.write_text(
        policy.read_text("utf-8").replace("numbering:", "changes: []\nnumbering:", 1), "utf-8"
    )
    result = policy_site(
        site, "release", "globex/privacy", "--effective", "2024-05-01", "--summary", "First."
    )
    assert result.returncode == 0, result.stderr
    assert policy_site(site, "check").returncode == 0


def test_an_import_into_a_read_only_folder_changes_nothing(tmp_path: Path) -> None:
    """Report 14 (88c): PermissionError traceback."""
    site = copy_fixture_site(tmp_path / "site")
    source = tmp_path / "terms.txt"
    source.write_text("Terms\n\n1. Use\n\nBe nice.\n", "utf-8")
    before = files_of(site)
    with read_only(site / "policies"):
        result = policy_site(site, "import", str(source), "--company", "newco", "--policy", "terms")
    assert result.returncode == 1
    [line] = [line for line in result.stderr.splitlines() if not line.startswith("steps:")]
    assert line.startswith("error: cannot write policies/.policy-site.lock: "), line
    assert files_of(site) == before
    with read_only(site / "policies/acme"):
        result = policy_site(site, "import", str(source), "--company", "acme", "--policy", "terms")
    assert result.returncode == 1
    assert "error: cannot write policies/acme/terms.md: " in result.stderr
    assert "Traceback" not in result.stderr
    assert files_of(site) == before
