"""The sample site as a deploy preview with every kind of page, built with MkDocs.

The repository's sample has no correction and, released in full, no draft. This copy
gets both: an editorial correction of example/privacy's latest version (``release
--editorial``: revision pages and the comparison of the correction) and an unreleased
change to example/cookies (a draft banner and the draft's comparison page, as in a pull
request's preview). The tests that check every kind of page or every published file
(the Nu HTML checker, the JSON Schemas) build it once per module.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.helpers import ROOT, SAMPLE_DATE_EPOCH, mkdocs_build
from tests.sites import release_now

SAMPLE_DAY = dt.date(2026, 11, 21)
"""The day of :data:`tests.helpers.SAMPLE_DATE_EPOCH`: the correction is recorded on it."""
CORRECTED = ("example/privacy", dt.date(2027, 3, 1))
"""The policy and version the copy corrects: its latest (upcoming) version."""
DRAFT = "example/cookies"
"""The policy the copy changes without releasing it."""


def copy_sample(destination: Path) -> Path:
    """A private copy of the repository's sample site (config, policies, overrides)."""
    destination.mkdir(parents=True)
    for name in ("mkdocs.yml", "policies", "overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copy(source, destination / name)
    # A lock left by a command running in the repository is not the copy's.
    (destination / "policies" / ".policy-site.lock").unlink(missing_ok=True)
    return destination


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8").rstrip("\n") + "\n\n" + text + "\n", "utf-8")


def build_sample_preview(workdir: Path) -> Path:
    """Copy the sample into ``workdir``, correct and change it, build it; the built site."""
    site = copy_sample(workdir / "sample")
    key, effective = CORRECTED
    _append(site / "policies" / f"{key}.md", "We correct this text when we find a mistake.")
    release_now(
        site,
        key,
        effective,
        "Say that the text is corrected.",
        editorial=True,
        recorded=SAMPLE_DAY,
    )
    _append(site / "policies" / f"{DRAFT}.md", "This sentence is not released yet.")
    output = workdir / "built"
    result = mkdocs_build(site, output, {"SOURCE_DATE_EPOCH": SAMPLE_DATE_EPOCH})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return output
