"""The Nu HTML checker (vnu, the W3C's) over one page of every type: our markup has no error.

Stock Material itself gives three kinds of error on every page, which are left to it
(:data:`MATERIAL_ERRORS`); any other error fails, with the page, line and message. The
checker is npm's ``vnu-jar`` run on Debian's headless Java, both installed by ``make test``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from tests.helpers import ROOT
from tests.sample_preview import build_sample_preview

pytestmark = pytest.mark.toolchain

VNU = Path(os.environ.get("VNU_JAR", ROOT / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))
JAVA = "/usr/bin/java"

SAMPLE_PAGES = {
    "home": "index.html",
    "company": "example/index.html",
    "current policy": "example/privacy/index.html",
    "dated version": "example/privacy/2024-01-15/index.html",
    "upcoming version": "example/privacy/2027-03-01/index.html",
    "comparison": "example/privacy/2024-09-01/changes/index.html",
    "history": "example/privacy/history/index.html",
    "compare": "example/privacy/compare/index.html",
    "404": "404.html",
    "letter-numbered seed policy": "mono/privacy/index.html",
}
"""One page of each type of the repository's sample site."""

PREVIEW_PAGES = {
    "corrected version": "example/privacy/2027-03-01/index.html",
    "first text of a corrected version": "example/privacy/2027-03-01/revision-1/index.html",
    "correction's comparison": "example/privacy/2027-03-01/revision-2/changes/index.html",
    "current policy with a draft": "example/cookies/index.html",
    "draft comparison": "example/cookies/changes/index.html",
}
"""The page types only a preview with a correction and a draft has (tests/sample_preview.py)."""


@dataclass(frozen=True)
class Finding:
    """One message of the checker."""

    page: str
    line: int
    kind: str
    message: str
    extract: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.message} [{self.extract.strip()[:120]}]"


def _tabindex_on_navigation_label(finding: Finding) -> bool:
    return (
        finding.message.startswith("Bad value “” for attribute “tabindex” on element “label”")
        and 'class="md-nav__link' in finding.extract
    )


def _autocomplete_on_checkbox(finding: Finding) -> bool:
    return (
        finding.message.startswith("Attribute “autocomplete” is only allowed when the input type")
        and 'type="checkbox"' in finding.extract
    )


def _table_of_contents_label_without_toc(finding: Finding) -> bool:
    return (
        finding.message.startswith("The value of the “for” attribute of the “label” element")
        and 'for="__toc"' in finding.extract
    )


MATERIAL_ERRORS: dict[str, Callable[[Finding], bool]] = {
    "empty tabindex on navigation labels": _tabindex_on_navigation_label,
    "autocomplete on the theme's checkboxes": _autocomplete_on_checkbox,
    'label for="__toc" on a page without a table of contents': _table_of_contents_label_without_toc,
}
"""The errors stock Material gives on every site (its templates, not ours)."""


def check(site: Path, pages: dict[str, str]) -> list[Finding]:
    """Run the checker on ``pages`` (paths below ``site``); every message it gives."""
    assert VNU.is_file(), f"vnu.jar not installed at {VNU}: run make test"
    java = shutil.which(JAVA) or shutil.which("java")
    assert java, "no Java: run make test (it installs default-jre-headless)"
    files = [str(site / path) for path in pages.values()]
    assert all(Path(file).is_file() for file in files), files
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report: dict[str, Any] = json.loads(result.stdout)
    names = {str(site / path): name for name, path in pages.items()}
    return [
        Finding(
            names.get(
                unquote(message.get("url", "").removeprefix("file:")), message.get("url", "")
            ),
            int(message.get("lastLine", 0)),
            message["type"],
            message.get("message", ""),
            message.get("extract", ""),
        )
        for message in report["messages"]
    ]


def our_errors(findings: list[Finding]) -> list[Finding]:
    """The errors that are not one of Material's own (warnings and notes are not errors)."""
    return [
        finding
        for finding in findings
        if finding.kind != "info" and not any(known(finding) for known in MATERIAL_ERRORS.values())
    ]


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_preview(tmp_path_factory.mktemp("preview"))


def test_every_page_type_of_the_sample_has_no_error_of_ours(sample_site: Path) -> None:
    findings = check(sample_site, SAMPLE_PAGES)
    assert [str(finding) for finding in our_errors(findings)] == []
    # The checker did read the pages: Material's known errors are there on every one.
    assert {finding.page for finding in findings} == set(SAMPLE_PAGES)


def test_correction_and_draft_pages_have_no_error_of_ours(preview_site: Path) -> None:
    findings = check(preview_site, PREVIEW_PAGES)
    assert [str(finding) for finding in our_errors(findings)] == []
    assert {finding.page for finding in findings} == set(PREVIEW_PAGES)


def test_an_error_of_ours_is_caught(tmp_path: Path) -> None:
    """The filter leaves out Material's errors only: a page of ours with a bad attribute
    and a duplicate id fails."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<p id="x">a</p><p id="x" tabindex="">b</p><label for="nowhere">c</label>'
        "</body></html>",
        "utf-8",
    )
    errors = our_errors(check(tmp_path, {"bad page": "bad.html"}))
    messages = " | ".join(finding.message for finding in errors)
    assert "Duplicate ID “x”" in messages
    assert "tabindex" in messages  # on a <p>: not Material's navigation labels
