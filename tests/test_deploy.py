"""Deploys that last: the lock every install uses, Netlify's own reading of ``netlify.toml``
and ``_headers``, the supported Pythons, and the same site from ProperDocs and from the
highest supported Python."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from generator.publish.versions_json import SCHEMAS
from tests.builders import highest_python, mkdocs, properdocs
from tests.helpers import ROOT, SAMPLE_DATE_EPOCH, mkdocs_build
from tests.sample_preview import copy_sample

LOCK = ROOT / "requirements.lock"
TEST_LOCK = ROOT / "requirements-test.lock"
MAKEFILE = ROOT / "Makefile"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
NETLIFY_MODULES = Path(
    os.environ.get("NETLIFY_CONFIG_MODULES", ROOT / ".venv/netlify/node_modules")
)
NETLIFY_SCRIPT = ROOT / "tests" / "netlify_config.mjs"
CONTEXTS = ("production", "deploy-preview", "branch-deploy")


# --- the lock ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pin:
    """One package of a lock: its exact version and the hashes of its files."""

    version: str
    hashes: tuple[str, ...]


_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")
_HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})")


def read_lock(path: Path) -> dict[str, Pin]:
    """The pins of a pip-compile lock, by canonical name; any other requirement fails."""
    pins: dict[str, Pin] = {}
    name = ""
    for line in path.read_text("utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not line[0].isspace():
            match = _PIN.match(stripped)
            assert match, f"{path.name}: not an exact pin: {line!r}"
            name = canonicalize_name(match.group(1))
            pins[name] = Pin(match.group(2), ())
        else:
            found = tuple(_HASH.findall(stripped))
            assert found, f"{path.name}: unexpected line {line!r}"
            pins[name] = Pin(pins[name].version, pins[name].hashes + found)
    return pins


def requirements(*extras: str) -> list[Requirement]:
    """The project's dependencies and those of ``extras``, as pyproject.toml declares them."""
    project = PYPROJECT["project"]
    declared = [*project["dependencies"]]
    for extra in extras:
        declared += project["optional-dependencies"][extra]
    return [Requirement(text) for text in declared]


def build_requirements() -> list[Requirement]:
    return [Requirement(text) for text in PYPROJECT["build-system"]["requires"]]


def test_every_package_of_both_locks_is_pinned_exactly_with_its_hashes() -> None:
    for path in (LOCK, TEST_LOCK):
        pins = read_lock(path)
        assert pins, path
        assert all(pin.hashes for pin in pins.values()), path
        # Nothing of the machine that wrote it: the lock installs from PyPI anywhere.
        assert "--index-url" not in path.read_text() and "--find-links" not in path.read_text()


@pytest.mark.parametrize(
    ("lock", "extras"),
    [pytest.param(LOCK, ("properdocs",), id="site"), pytest.param(TEST_LOCK, ("test",), id="test")],
)
def test_the_locks_meet_pyproject(lock: Path, extras: tuple[str, ...]) -> None:
    """Every dependency (and the build backend) is locked at a version pyproject.toml
    allows: a change of pyproject.toml without ``make lock`` fails here."""
    pins = read_lock(lock)
    for requirement in [*requirements(*extras), *build_requirements()]:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock.name} lacks {requirement}: run make lock"
        assert requirement.specifier.contains(pins[name].version, prereleases=True), (
            f"{lock.name} pins {name}=={pins[name].version}, pyproject.toml wants "
            f"{requirement}: run make lock"
        )


def test_the_test_lock_has_the_site_locks_versions() -> None:
    site, test = read_lock(LOCK), read_lock(TEST_LOCK)
    shared = set(site) & set(test)
    assert {canonicalize_name(r.name) for r in requirements()} <= shared
    assert {name: test[name].version for name in shared} == {
        name: site[name].version for name in shared
    }


def test_this_environment_is_installed_from_the_lock() -> None:
    """Whatever Python runs the tests, its packages are the test lock's versions."""
    pins = read_lock(TEST_LOCK)
    installed = {
        name: metadata.version(name)
        for name in pins
        if name not in ("setuptools",)  # the build backend, not imported by anything here
    }
    assert installed == {name: pins[name].version for name in installed}


def _makefile_value(name: str) -> str:
    match = re.search(rf"^{name} := (.+)$", MAKEFILE.read_text("utf-8"), re.MULTILINE)
    assert match, name
    return match.group(1).strip()


def test_every_install_of_make_uses_the_lock() -> None:
    """Each ``pip`` of the Makefile installs hash-checked from a lock, or the project itself
    without dependencies, or pip-tools for ``make lock``; the npm tools have fixed versions."""
    assert "--require-hashes" in _makefile_value("PIP_LOCKED")
    assert "--no-deps" in _makefile_value("PIP_PROJECT")
    for line in MAKEFILE.read_text("utf-8").splitlines():
        if re.search(r"/pip\s", line) and "/pip check" not in line:
            allowed = (
                "$(PIP_LOCKED) -r $(LOCK)",
                "$(PIP_LOCKED) -r $(TEST_LOCK)",
                "$(PIP_PROJECT)",
            )
            assert any(text in line for text in allowed) or "pip-tools==" in line, line
        if "$(NPM_INSTALL)" in line and "NPM_INSTALL :=" not in line:
            assert re.search(r"@\$\([A-Z_]+_VERSION\)$", line), line


def test_ci_runs_the_readme_test_command_and_nothing_else() -> None:
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    commands = [
        line.strip()
        for line in script.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands[-1] == "make test"
    assert all(c.startswith(("set ", "cd ")) for c in commands[:-1]), commands
    assert "make test" in (ROOT / "README.md").read_text("utf-8")


# --- supported Pythons ---------------------------------------------------------------------


def test_pyproject_states_the_range_make_test_runs() -> None:
    lowest, highest = _makefile_value("PYTHON_LOWEST"), _makefile_value("PYTHON_HIGHEST")
    project = PYPROJECT["project"]
    minors = [
        classifier.rsplit(" :: ", 1)[1]
        for classifier in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", classifier)
    ]
    low, high = (int(version.split(".")[1]) for version in (lowest, highest))
    assert minors == [f"3.{minor}" for minor in range(low, high + 1)]
    assert SpecifierSet(project["requires-python"]) == SpecifierSet(f">={lowest}")
    assert PYPROJECT["tool"]["mypy"]["python_version"] == lowest
    assert PYPROJECT["tool"]["ruff"]["target-version"] == "py" + lowest.replace(".", "")


# --- Netlify, as Netlify reads it ----------------------------------------------------------


def _node() -> str:
    node = shutil.which("node")
    assert node, "no node: run make test"
    assert (NETLIFY_MODULES / "@netlify/config").is_dir(), (
        f"@netlify/config not installed in {NETLIFY_MODULES}: run make test"
    )
    return node


def netlify_reading(root: Path, paths: list[str]) -> dict[str, Any]:
    """What Netlify's own parser makes of ``root`` (netlify.toml and the published folder)."""
    command = [_node(), str(NETLIFY_SCRIPT), str(NETLIFY_MODULES), str(root), *CONTEXTS]
    result = subprocess.run(
        [*command, "--", *paths], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    reading: dict[str, Any] = json.loads(result.stdout)
    return reading


def _cache_dir() -> str:
    class Loader(yaml.SafeLoader):
        """mkdocs.yml's ``!ENV`` values are not needed here."""

    Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=Loader)
    options = next(
        p["policies"] for p in config["plugins"] if isinstance(p, dict) and "policies" in p
    )
    return str(options["cache_dir"])


@pytest.fixture(scope="module")
def netlify(sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Netlify's reading of netlify.toml beside the built sample site, with the headers
    it would send for every file of the site."""
    root = tmp_path_factory.mktemp("netlify")
    shutil.copy(ROOT / "netlify.toml", root)
    shutil.copytree(sample_site, root / "site")
    files = sorted(
        "/" + path.relative_to(sample_site).as_posix()
        for path in sample_site.rglob("*")
        if path.is_file() and path.name != "_headers"
    )
    return netlify_reading(root, files)


@pytest.mark.toolchain
def test_every_context_builds_with_the_lock_strictly(netlify: dict[str, Any]) -> None:
    contexts = netlify["contexts"]
    assert set(contexts) == set(CONTEXTS)
    production = contexts["production"]
    # Written once: every context (CONTEXT tells the plugin which) builds alike.
    assert all(contexts[name] == production for name in CONTEXTS)
    steps = [step.strip() for step in production["command"].split("&&")]
    assert steps == [
        "pip install --quiet --require-hashes -r requirements.lock",
        "pip install --quiet --no-deps --no-build-isolation .",
        "mkdocs build --strict",
    ]
    assert Path(production["publish"]).name == "site"
    assert production["environment"] == {
        "PYTHON_VERSION": _makefile_value("PYTHON_LOWEST"),
        "NO_MKDOCS_2_WARNING": "1",
    }


@pytest.mark.toolchain
def test_netlify_keeps_the_plugins_cache_between_deploys(netlify: dict[str, Any]) -> None:
    assert netlify["contexts"]["production"]["plugins"] == [
        {"package": "netlify-plugin-cache", "inputs": {"paths": [_cache_dir()]}}
    ]


@pytest.mark.toolchain
def test_netlify_reads_the_redirects(netlify: dict[str, Any]) -> None:
    redirects = netlify["contexts"]["production"]["redirects"]
    assert [(r["from"], r["to"], r["status"], r["force"]) for r in redirects] == [
        ("/:company/:policy/latest", "/:company/:policy/", 302, False),
        ("/:company/:policy/latest/*", "/:company/:policy/:splat", 302, False),
        ("/*", "/404.html", 404, False),
    ]


@pytest.mark.toolchain
def test_netlify_sends_the_generated_headers(netlify: dict[str, Any]) -> None:
    """Netlify parses ``_headers`` without an error and, matching its own path patterns,
    sends CORS with every JSON file and feed only, long caching with fingerprinted files
    only, and the CSP and fixed headers with everything."""
    assert netlify["headersPath"].endswith("site/_headers")
    assert netlify["headerErrors"] == []
    matched: dict[str, dict[str, str]] = netlify["matched"]
    shared = ("Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options")
    for path, headers in matched.items():
        assert all(name in headers for name in shared), path
        readable = path.endswith((".json", "/feed.xml")) and not path.startswith("/search/")
        if readable:
            assert headers.get("Access-Control-Allow-Origin") == "*", path
        elif not path.endswith(".json"):
            assert "Access-Control-Allow-Origin" not in headers, path
        immutable = headers.get("Cache-Control") == "public, max-age=31536000, immutable"
        fingerprinted = re.search(r"\.[0-9a-f]{8}(\.min)?\.(css|js)$", path) is not None
        assert immutable == fingerprinted, path
    own = [path for path in matched if path.startswith("/assets/policies/")]
    assert sorted(re.sub(r"\.[0-9a-f]{8}\.", ".", path) for path in own) == [
        "/assets/policies/compare.js",
        "/assets/policies/jsdiff.js",
        "/assets/policies/policies.css",
        "/assets/policies/policies.js",
    ]
    assert {"/feed.xml", "/example/feed.xml", "/example/privacy/feed.xml"} <= set(matched)
    assert "/schemas/versions.schema.json" in matched


# --- the same site from other builders -----------------------------------------------------

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="([^"]*)">')


def built_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    """The files that differ between two builds (or are in one only)."""
    return sorted(
        path for path in first.keys() | second.keys() if first.get(path) != second.get(path)
    )


def without_generator_tag(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: GENERATOR_TAG.sub(b"", content) for path, content in files.items()}


def generator_tags(files: dict[str, bytes]) -> set[str]:
    return {tag.decode() for content in files.values() for tag in GENERATOR_TAG.findall(content)}


def build_copy(tmp_path: Path, builder: list[str], name: str) -> Path:
    """The sample site, copied (its cache left behind) and built with ``builder``."""
    site = copy_sample(tmp_path / f"{name}-sources")
    output = tmp_path / name
    result = mkdocs_build(site, output, {"SOURCE_DATE_EPOCH": SAMPLE_DATE_EPOCH}, using=builder)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return output


@pytest.mark.toolchain
def test_properdocs_builds_the_same_site_but_for_the_generator_tag(
    sample_site: Path, tmp_path: Path
) -> None:
    """ProperDocs, in an environment of its own with the site's lock, builds the sample as
    MkDocs does, byte for byte but the ``<meta name="generator">`` tag, from an empty cache
    and again from the cache it filled."""
    command = properdocs()
    assert Path(command[0]).is_file(), f"ProperDocs not installed at {command[0]}: run make test"
    expected = built_files(sample_site)
    assert generator_tags(expected) == {f"mkdocs-{metadata.version('mkdocs')}, mkdocs-material-"
                                        f"{metadata.version('mkdocs-material')}"}  # fmt: skip
    cold = built_files(build_copy(tmp_path, command, "cold"))
    assert all("ProperDocs" in tag for tag in generator_tags(cold)), generator_tags(cold)
    assert differences(without_generator_tag(cold), without_generator_tag(expected)) == []
    site = tmp_path / "cold-sources"
    result = mkdocs_build(
        site, tmp_path / "warm", {"SOURCE_DATE_EPOCH": SAMPLE_DATE_EPOCH}, using=command
    )
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"generator: [1-9]\d* archived pages from the cache, 0 rendered", result.stderr
    )
    assert differences(built_files(tmp_path / "warm"), cold) == []


@pytest.mark.toolchain
def test_properdocs_environment_is_the_site_lock() -> None:
    """What Netlify installs (requirements.lock) is what ProperDocs ran with."""
    python = Path(properdocs()[0]).with_name("python")
    assert python.is_file(), f"{python}: run make test"
    frozen = subprocess.run(
        [str(python), "-m", "pip", "freeze", "--exclude-editable", "--all"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    installed = {
        canonicalize_name(name): version
        for name, _, version in (line.partition("==") for line in frozen.splitlines())
        if version and canonicalize_name(name) != "pip"
    }
    assert installed == {name: pin.version for name, pin in read_lock(LOCK).items()}


@pytest.mark.toolchain
def test_the_highest_supported_python_builds_the_same_bytes(
    sample_site: Path, tmp_path: Path
) -> None:
    highest = _makefile_value("PYTHON_HIGHEST")
    python = highest_python(ROOT / ".venv" / f"python{highest}" / "bin" / "python")
    if python is None:
        pytest.skip(
            f"this machine has no Python {highest} (make test looked on the PATH and in pyenv)"
        )
    assert Path(python).is_file(), f"no environment for Python {highest} at {python}: run make test"
    version = subprocess.run(
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert version == highest
    built = built_files(build_copy(tmp_path, mkdocs(python), f"python{highest}"))
    assert differences(built, built_files(sample_site)) == []


@pytest.mark.toolchain
def test_the_package_netlify_installs_carries_its_data(tmp_path: Path) -> None:
    """Netlify installs the project as a wheel, not editable: the wheel has the templates,
    the assets and the JSON Schemas the build reads (pyproject.toml's package data)."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project)
    shutil.copytree(
        ROOT / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path / "wheel"), str(project)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [
        *(f"generator/publish/schemas/{name}" for name in SCHEMAS),
        "generator/site/assets/policies.css",
        "generator/site/assets/policies.js",
        "generator/site/assets/jsdiff.js",
        "generator/site/assets/compare.js",
    ]
    assert [name for name in shipped if name not in names] == []
    templates = {
        p.relative_to(ROOT).as_posix() for p in (ROOT / "generator/site/templates").rglob("*.j2")
    }
    assert templates and templates <= names
