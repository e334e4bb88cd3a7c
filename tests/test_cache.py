"""The rendering cache: same pages as without it, invalidated by what they depend on,
never trusted when damaged, safe to delete. Nothing here is timed."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import generator.site.cache
import generator.site.renderer
import generator.site.targets
from generator.content.library import load_library
from generator.site.build import build_versions
from generator.site.cache import RenderCache, cache_key, package_fingerprint
from tests.helpers import ROOT, SAMPLE_DATE_EPOCH, mkdocs_build
from tests.sites import TODAY, edit, release_history, release_now, set_plugin_options

Pages = dict[str, tuple[str, str, bool, str | None]]


def pages_of(site: Path, cache: Path | None, *, production: bool = False) -> Pages:
    """Every page the generator makes for ``site``, exactly."""
    library = load_library(site / "policies", site)
    result = build_versions(library, TODAY, production=production, cache_dir=cache)
    return {
        page.src_uri: (page.title, page.markdown, page.indexed, page.canonical_uri)
        for item in result.values()
        for page in item.pages
    }


@pytest.fixture
def released(site: Path) -> Path:
    """The fixture site with versions whose cross-links cross companies and dates.

    acme/privacy links to acme/cookies and to globex/privacy; its 2025 version links
    to the globex version in force on 2025-01-01. The first four releases of the shared
    history: every policy on 2024-04-01, then acme/privacy alone on 2025-01-01.
    """
    return release_history(site, until=4)


class Calls:
    """Counts the costly rendering steps, which a warm cache must not repeat."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.counts = {"number_expansion": 0, "render_comparison": 0}
        modules = {
            "number_expansion": generator.site.targets,
            "render_comparison": generator.site.renderer,
        }
        for name, module in modules.items():
            monkeypatch.setattr(module, name, self._counting(module, name))

    def _counting(self, module: Any, name: str) -> Callable[..., Any]:
        original = getattr(module, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.counts[name] += 1
            return original(*args, **kwargs)

        return counted

    def reset(self) -> dict[str, int]:
        counts = dict(self.counts)
        self.counts = dict.fromkeys(self.counts, 0)
        return counts


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    return Calls(monkeypatch)


def entries(cache: Path) -> Iterator[Path]:
    return (path for path in cache.rglob("*") if path.is_file())


def test_cached_pages_are_identical_to_uncached(
    released: Path, tmp_path: Path, calls: Calls
) -> None:
    cache = tmp_path / "cache"
    uncached = pages_of(released, None)
    calls.reset()
    assert pages_of(released, cache) == uncached
    cold = calls.reset()
    assert cold["number_expansion"] > 0 and cold["render_comparison"] > 0
    assert pages_of(released, cache) == uncached
    # Warm: no released version is numbered or compared again.
    assert calls.reset() == {"number_expansion": 0, "render_comparison": 0}


def test_a_new_release_of_a_link_target_renews_the_pages_linking_to_it(
    released: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    pages_of(released, cache)
    # globex/privacy gets numbers and a section before the linked one, in a version that
    # is in force on 2025-01-01: acme's 2025 version now links to it, "section 2".
    globex = released / "policies/globex/privacy.md"
    edit(globex, "numbering: none", "numbering: decimal")
    edit(globex, "## What we collect", "## Scope\n\nAll data.\n\n## What we collect")
    release_now(released, "globex/privacy", "2024-06-01", "Numbered.")
    warm = pages_of(released, cache)
    assert warm == pages_of(released, None)
    dated = warm["acme/privacy/2025-01-01.md"][1]
    assert "globex/privacy/2024-06-01.md#data-retention" in dated
    assert "section 3, Data retention" in dated
    # The 2024 version keeps linking to what was in force on its own date.
    assert "globex/privacy/2024-04-01.md#data-retention" in warm["acme/privacy/2024-04-01.md"][1]


def test_a_changed_draft_target_renews_the_pages_linking_to_it(site: Path, tmp_path: Path) -> None:
    # globex/privacy is never released: links to it land on its draft.
    release_history(site, until=2)  # acme/privacy and acme/cookies on 2024-04-01
    cache = tmp_path / "cache"
    pages_of(site, cache)
    globex = site / "policies/globex/privacy.md"
    edit(globex, "numbering: none", "numbering: letter")
    warm = pages_of(site, cache)
    assert warm == pages_of(site, None)
    assert "section 2, Data retention" in warm["acme/privacy/2024-04-01.md"][1]


def test_another_code_fingerprint_uses_no_entry(
    released: Path, tmp_path: Path, calls: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    expected = pages_of(released, cache)
    calls.reset()
    monkeypatch.setattr(generator.site.cache, "code_fingerprint", lambda: "another generator")
    assert pages_of(released, cache) == expected
    counts = calls.reset()
    assert counts["number_expansion"] > 0 and counts["render_comparison"] > 0


def test_the_fingerprint_covers_templates_and_modules(tmp_path: Path) -> None:
    package = tmp_path / "generator"
    shutil.copytree(ROOT / "generator", package, ignore=shutil.ignore_patterns("__pycache__"))
    original = package_fingerprint(package)
    assert package_fingerprint(package) == original
    comparison = package / "site/templates/comparison.md.j2"
    comparison.write_text(comparison.read_text("utf-8") + "\n", "utf-8")
    changed_template = package_fingerprint(package)
    assert changed_template != original
    (package / "site/diff.py").write_text("# changed\n", "utf-8")
    changed_module = package_fingerprint(package)
    assert changed_module not in (original, changed_template)
    # Every sub-package counts, however deep.
    (package / "text/clauses.py").write_text("# changed\n", "utf-8")
    assert package_fingerprint(package) not in (original, changed_template, changed_module)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-3] + b"xyz", id="changed-bytes"),
        pytest.param(lambda data: b"\xff\xfe garbage", id="garbage"),
        pytest.param(lambda data: data.split(b"\n", 1)[1], id="no-header"),
    ],
)
def test_a_damaged_entry_is_ignored_and_rewritten(
    released: Path, tmp_path: Path, calls: Calls, damage: Callable[[bytes], bytes]
) -> None:
    cache = tmp_path / "cache"
    expected = pages_of(released, None)
    pages_of(released, cache)
    for path in entries(cache):
        path.write_bytes(damage(path.read_bytes()))
    calls.reset()
    assert pages_of(released, cache) == expected
    assert calls.reset()["render_comparison"] > 0
    assert pages_of(released, cache) == expected
    assert calls.reset() == {"number_expansion": 0, "render_comparison": 0}


def test_an_intact_entry_of_the_wrong_shape_is_ignored(released: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = pages_of(released, cache)
    store = RenderCache(cache)
    for path in entries(cache):
        store.put(path.name, ["not", "an", "entry"])
    assert pages_of(released, cache) == expected


def test_deleting_the_cache_is_safe(released: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = pages_of(released, cache)
    shutil.rmtree(cache)
    assert pages_of(released, cache) == expected
    for path in list(entries(cache))[::2]:
        path.unlink()
    assert pages_of(released, cache) == expected
    assert list(entries(cache))


def test_an_unwritable_cache_only_costs_time(released: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    assert pages_of(released, blocked) == pages_of(released, None)


def test_entries_are_written_whole(tmp_path: Path) -> None:
    store = RenderCache(tmp_path / "cache")
    key = cache_key("test", "a", "b")
    assert store.get(key) is None
    store.put(key, {"text": "é" * 10_000})
    assert store.get(key) == {"text": "é" * 10_000}
    # No temporary file is left beside the entries.
    assert [path.name for path in entries(tmp_path / "cache")] == [key]
    # fetch() stores what it computes, and computes anew over a value of another type.
    assert store.fetch(key, lambda: "computed") == "computed"
    assert RenderCache(tmp_path / "cache").fetch(key, lambda: "again") == "computed"


def test_keys_separate_their_parts() -> None:
    assert cache_key("kind", "ab", "c") != cache_key("kind", "a", "bc")
    assert cache_key("kind", "a") != cache_key("other", "a")


def test_no_cache_keeps_nothing(tmp_path: Path) -> None:
    store = RenderCache(None)
    store.put("key", "value")
    assert store.get("key") is None
    assert not list(tmp_path.iterdir())


def test_a_cached_mkdocs_build_is_byte_identical(released: Path, tmp_path: Path) -> None:
    set_plugin_options(released, "      today: '2025-06-01'\n      cache_dir: cache\n")
    # A fixed date: MkDocs stamps it into the sitemap and its gzip header.
    env = {"SOURCE_DATE_EPOCH": SAMPLE_DATE_EPOCH}
    builds = []
    for name in ("cold", "warm"):
        result = mkdocs_build(released, tmp_path / name, env)
        assert result.returncode == 0, result.stderr
        builds.append(tmp_path / name)
    assert list(entries(released / "cache"))
    shutil.rmtree(released / "cache")
    result = mkdocs_build(released, tmp_path / "uncached", env)
    assert result.returncode == 0, result.stderr
    files = {path.relative_to(builds[0]) for path in builds[0].rglob("*") if path.is_file()}
    assert files
    for name in ("warm", "uncached"):
        other = tmp_path / name
        assert {p.relative_to(other) for p in other.rglob("*") if p.is_file()} == files
        for relative in files:
            assert (other / relative).read_bytes() == (builds[0] / relative).read_bytes(), relative
