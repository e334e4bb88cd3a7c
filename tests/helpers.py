"""Shared helpers: small sites on disk, real MkDocs builds, lxml parsing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from lxml import html

from generator.content.library import load_library
from generator.errors import PolicyError
from generator.site.live import RenderedPolicy, render_library

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = Path(__file__).resolve().parent / "fixtures" / "site"


def write(path: Path, text: str) -> Path:
    """Write dedented ``text`` to ``path``, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def copy_fixture_site(destination: Path) -> Path:
    """A private copy of the small fixture site, safe to break."""
    shutil.copytree(FIXTURE_SITE, destination)
    return destination


SAMPLE_DATE_EPOCH = "1795219200"
"""2026-11-21 00:00 UTC: the sample site is built as of a fixed day, so which of its
versions is current or upcoming does not change with the calendar."""


def mkdocs_build(
    site_dir: Path, output: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``mkdocs build --strict`` on a site folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(output)],
        cwd=site_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def parse_page(path: Path) -> html.HtmlElement:
    """Parse a built HTML page."""
    return html.parse(str(path)).getroot()


def error_lines(output: str) -> list[str]:
    """The ERROR lines MkDocs printed, without the level prefix."""
    return [
        line.split("-", 1)[1].strip() for line in output.splitlines() if line.startswith("ERROR")
    ]


# --- a one-policy library: acme/privacy and the clauses a test gives ---------------------

COMPANY = """\
---
name: Acme
legal_name: Acme Widgets Ltd
email: privacy@acme.test
facts:
  dpo_email: dpo@acme.test
---
"""

POLICY_HEAD = "---\ntitle: Privacy Policy\neffective: 2024-01-01\n---\n"


def make_library(root: Path, policy_body: str, clauses: dict[str, str]) -> Path:
    """Write a one-company, one-policy library with ``clauses`` below ``root``; its folder."""
    write(root / "policies/acme/company.md", COMPANY)
    write(root / "policies/acme/privacy.md", POLICY_HEAD + policy_body)
    for name, text in clauses.items():
        write(root / f"policies/clauses/{name}.md", text)
    return root / "policies"


def render(root: Path, policy_body: str, clauses: dict[str, str] | None = None) -> RenderedPolicy:
    """Render acme/privacy of a :func:`make_library` library."""
    policies = make_library(root, policy_body, clauses or {})
    return render_library(load_library(policies, root))["acme/privacy"]


def render_error(root: Path, policy_body: str, clauses: dict[str, str] | None = None) -> str:
    """The one-line error rendering a :func:`make_library` library raises."""
    with pytest.raises(PolicyError) as caught:
        render(root, policy_body, clauses)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message
