"""Shared helpers: small sites on disk, real MkDocs builds, lxml parsing."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest
from lxml import html

from generator.content.library import load_library
from generator.errors import PolicyError
from generator.site.live import RenderedPolicy, render_library
from tests.builders import build_command

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
    site_dir: Path,
    output: Path,
    env: dict[str, str] | None = None,
    *,
    using: Sequence[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the real ``mkdocs build --strict`` on a site folder: with the builder of the
    tests (:mod:`tests.builders`), or with the one ``using`` names."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        build_command("--strict", "-d", str(output), using=using),
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


# --- the status bar of a built policy page -------------------------------------------------


def status_bar(page: html.HtmlElement) -> tuple[str, str, list[str]]:
    """(state, words, link targets) of a page's version status bar."""
    [bar] = page.xpath("//div[contains(@class, 'policy-status ')]")
    state = next(c for c in bar.get("class").split() if c.startswith("policy-status--"))
    text = bar.xpath(".//div[@class='policy-status__text']")[0]
    return (
        state.removeprefix("policy-status--"),
        " ".join(text.text_content().split()),
        text.xpath(".//a/@href"),
    )


def version_choices(page: html.HtmlElement) -> list[tuple[str, str, bool]]:
    """The version selector's options: (label, address, selected)."""
    return [
        (
            " ".join(option.text_content().split()),
            option.get("data-href"),
            option.get("selected") is not None,
        )
        for option in page.xpath("//form[@class='policy-version-select']//option")
    ]
