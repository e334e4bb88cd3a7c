"""The shape of the package: layers that import only what is below them, a core that
works without MkDocs (it must outlive MkDocs 1.x and Material), and short functions."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers import FIXTURE_SITE, ROOT

PACKAGE = ROOT / "generator"

LAYERS = ["model", "errors", "content", "text", "releases", "site", "publish", "mkdocs_plugin"]
"""Bottom first: a layer imports only layers before it (``model`` and ``errors`` may use
each other; ``importer`` and ``cli`` sit on top and may use any but the MkDocs adapter)."""
TOP = {"importer", "cli", "__init__"}


def _modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts)


def _layer(module: str) -> str:
    """``generator.site.urls`` -> ``site``; ``generator.model`` -> ``model``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _own_layer(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_imports_point_down_the_layers(path: Path) -> None:
    own = _own_layer(path)
    for line, module in _imports(path):
        where = f"{path.relative_to(ROOT)}:{line}"
        if module.split(".")[0] in ("mkdocs", "material"):
            assert own == "mkdocs_plugin", f"{where}: only mkdocs_plugin/ may import {module}"
        if not module.startswith("generator."):
            continue
        target = _layer(module)
        if own in TOP or target == own:
            assert target != "mkdocs_plugin" or own == "mkdocs_plugin", where
            continue
        assert target not in TOP, f"{where}: {own}/ imports {module}, which sits on top"
        if {own, target} <= {"model", "errors"}:
            continue
        assert LAYERS.index(target) < LAYERS.index(own), f"{where}: {own}/ imports {module}"


def test_every_package_says_what_it_owns_and_may_import() -> None:
    for package in sorted(p.parent for p in PACKAGE.rglob("__init__.py")):
        if "__pycache__" in package.parts:
            continue
        docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text("utf-8")))
        assert docstring, f"{package.relative_to(ROOT)}/__init__.py has no docstring"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_function_is_longer_than_80_lines(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= 80, f"{path.relative_to(ROOT)}:{node.lineno}: {node.name} has {length}"


def test_the_whole_core_runs_without_importing_mkdocs(tmp_path: Path) -> None:
    """Every module outside ``mkdocs_plugin/`` imported, and a whole build, the command
    line and an import run, without loading a module of MkDocs or Material."""
    script = textwrap.dedent(
        f"""
        import contextlib, datetime, importlib, io, pkgutil, shutil, sys
        from pathlib import Path
        import generator

        for info in pkgutil.walk_packages(generator.__path__, "generator."):
            if not info.name.startswith("generator.mkdocs_plugin"):
                importlib.import_module(info.name)

        from generator.cli import main
        from generator.publish.build import BuildOptions, build_site

        site = Path({str(tmp_path / "site")!r})
        shutil.copytree(Path({str(FIXTURE_SITE)!r}), site)
        policies = site / "policies"
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            for args in (
                ["release", "acme/privacy", "--effective", "2024-06-01", "--summary", "First."],
                ["check"], ["status"], ["render", "acme/privacy", "--html"],
            ):
                assert main(["--policies", str(policies), *args]) == 0, args
            source = site / "copy.txt"
            source.write_text("Privacy\\n\\n1. Data\\n\\nWe keep data.\\n", "utf-8")
            assert main(["--policies", str(policies), "import", str(source),
                         "--company", "initech", "--policy", "privacy"]) == 0
        html = out.getvalue()
        assert '<span class="secno">2.</span> Data retention' in html, html
        built = build_site(BuildOptions(policies, site, datetime.date(2025, 6, 1), False))
        assert "acme/privacy/2024-06-01.md" in built.policy_pages
        assert any(f.path == "acme/privacy/versions.json" for f in built.files)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("mkdocs", "material"))
        assert not loaded, loaded
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
