"""The policy-site command line: one line per mistake, no traceback."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from tests.helpers import FIXTURE_SITE, ROOT, write


def test_check_reports_counts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURE_SITE)
    assert main(["check"]) == 0
    assert capsys.readouterr().out.strip() == (
        "unreleased: acme/cookies: never released\n"
        "unreleased: acme/privacy: never released\n"
        "unreleased: globex/privacy: never released\n"
        "ok: 2 companies, 3 policies, 0 archived versions, 2 clauses, 3 with unreleased changes"
    )


def test_render_prints_html(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURE_SITE)
    assert main(["render", "acme/cookies", "--html"]) == 0
    assert '<h2 id="cookie-list"><span class="secno">2.</span> Cookies we use' in (
        capsys.readouterr().out
    )


def test_error_is_one_line_with_path_and_line(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, site)
    write(site / "policies/globex/privacy.md", "---\ntitle: P\neffective: 2024-02-30\n---\n")
    result = subprocess.run(
        [str(Path(shutil.which("policy-site") or ROOT / ".venv/bin/policy-site")), "check"],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: policies/globex/privacy.md:3: field 'effective': expected an ISO date "
        "(YYYY-MM-DD), got '2024-02-30'"
    ]


def test_unknown_policy(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURE_SITE)
    assert main(["render", "acme/terms"]) == 1
    assert "unknown policy 'acme/terms'" in capsys.readouterr().err
