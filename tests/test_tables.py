"""Aligned table columns in a policy keep their alignment under the site's CSP.

Python-Markdown aligns a column with an inline ``style`` on every cell, which the site's
Content-Security-Policy (``style-src 'self'``) drops, with a violation in the console:
the columns an author aligned showed left-aligned (:mod:`generator.text.table_cells`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from generator.text.markdown import markdown_to_html
from tests.helpers import ROOT, mkdocs_build, parse_page
from tests.netlify import NetlifySite, serve_like_netlify

TABLE = """
| Data | Kept for | Shared |
|:-----|:--------:|-------:|
| Orders | 6 years | no |
"""

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.sample));
"""


@pytest.mark.parametrize(
    ("source", "cells"),
    [
        (TABLE, ['class="policy-align-left"', 'class="policy-align-center"']),
        ("| a |\n|---|\n| b |\n", ["<th>a</th>", "<td>b</td>"]),
        # A style written in raw HTML is the author's: left as written (and inert).
        ('<table><tr><td style="text-align: right;">x</td></tr></table>', ["style="]),
    ],
    ids=["aligned", "not aligned", "raw html"],
)
def test_cells_are_aligned_by_class(source: str, cells: list[str]) -> None:
    html = markdown_to_html(source)
    assert all(cell in html for cell in cells), html
    if "|" in source:
        assert "style=" not in html


def test_aligned_columns_show_aligned_without_a_csp_violation(
    site: Path, tmp_path: Path, page: Page
) -> None:
    privacy = site / "policies/acme/privacy.md"
    privacy.write_text(privacy.read_text("utf-8") + TABLE, "utf-8")
    output = tmp_path / "out"
    result = mkdocs_build(site, output)
    assert result.returncode == 0, result.stderr
    cells = parse_page(output / "acme/privacy/index.html").xpath("//article//table//td")
    assert [cell.get("class") for cell in cells] == [
        "policy-align-left",
        "policy-align-center",
        "policy-align-right",
    ]
    assert all(cell.get("style") is None for cell in cells)
    page.add_init_script(WATCH)
    with serve_like_netlify(NetlifySite.load(ROOT / "netlify.toml", output)) as url:
        page.goto(url + "/acme/privacy/")
        shown = page.eval_on_selector_all(
            "article table td", "cells => cells.map(c => getComputedStyle(c).textAlign)"
        )
        violations = page.evaluate("window.__csp")
    assert shown == ["left", "center", "right"]
    assert violations == []
