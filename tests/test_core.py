"""The core works without MkDocs: it must outlive MkDocs 1.x and Material."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.helpers import FIXTURE_SITE, ROOT


def test_policy_html_renders_without_importing_mkdocs() -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from generator.content.library import load_library
        from generator.text.pipeline import markdown_to_html, render_library

        library = load_library(Path({str(FIXTURE_SITE / "policies")!r}))
        rendered = render_library(library)["acme/privacy"]
        html = markdown_to_html(rendered.page_markdown)
        assert '<span class="secno">2.</span> Data retention' in html, html
        assert 'id="data-retention"' in html
        assert "Acme Widgets Ltd" in html
        assert not any(name == "mkdocs" or name.startswith(("mkdocs.", "material"))
                       for name in sys.modules), sorted(sys.modules)
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
