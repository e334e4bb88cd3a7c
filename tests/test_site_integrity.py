"""The built sample site: every internal link and anchor resolves; builds are reproducible."""

from __future__ import annotations

import filecmp
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html

from tests.helpers import ROOT, SAMPLE_DATE_EPOCH, mkdocs_build

EXTERNAL = ("http:", "https:", "mailto:", "tel:", "javascript:", "data:", "//")


@cache
def ids_of(path: Path) -> frozenset[str]:
    root = html.parse(str(path)).getroot()
    return frozenset(element.get("id") for element in root.xpath("//*[@id]"))


def broken_links(site: Path) -> list[str]:
    """Every internal href/src of the site that does not resolve to a file (and anchor)."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        root = html.parse(str(page)).getroot()
        for element in root.xpath("//*[@href or @src]"):
            if element.tag == "link" and element.get("rel") == "canonical":
                continue  # absolute by design (site_url)
            target = element.get("href") or element.get("src") or ""
            if not target or target.startswith(EXTERNAL):
                continue
            parts = urlsplit(target)
            if parts.path:
                base = site if parts.path.startswith("/") else page.parent
                resolved = (base / unquote(parts.path).lstrip("/")).resolve()
                if resolved.is_dir() or parts.path.endswith("/"):
                    resolved = resolved / "index.html"
            else:
                resolved = page
            where = f"{page.relative_to(site)}: {target}"
            if not resolved.is_relative_to(site.resolve()) or not resolved.is_file():
                problems.append(f"{where} (no file)")
            elif (
                parts.fragment
                and resolved.suffix == ".html"
                and unquote(parts.fragment) not in ids_of(resolved)
            ):
                problems.append(f"{where} (no anchor)")
    return problems


def test_every_internal_link_and_anchor_resolves(sample_site: Path) -> None:
    assert broken_links(sample_site) == []


def test_link_checker_finds_a_broken_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<p id="x"><a href="#x">ok</a><a href="#y">bad</a></p>')
    (tmp_path / "index.html").write_text(
        '<a href="a/#x">ok</a><a href="/a/">root</a><a href="b/">missing</a><a href="/c">no</a>'
    )
    assert broken_links(tmp_path) == [
        "a/index.html: #y (no anchor)",
        "index.html: b/ (no file)",
        "index.html: /c (no file)",
    ]


def test_two_builds_with_the_same_sources_are_identical(sample_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = mkdocs_build(ROOT, again, {"SOURCE_DATE_EPOCH": SAMPLE_DATE_EPOCH})
    assert result.returncode == 0, result.stderr
    first = sorted(p.relative_to(sample_site) for p in sample_site.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    assert {"sitemap.xml", "sitemap.xml.gz", "_headers"} <= {p.name for p in first}
    _, mismatch, errors = filecmp.cmpfiles(
        sample_site, again, [str(p) for p in first], shallow=False
    )
    assert (mismatch, errors) == ([], [])
