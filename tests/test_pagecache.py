"""The cache of finished archived pages: a warm build writes the very bytes a build
without cache writes, and whatever a page depends on renews it. Nothing here is timed."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.mkdocs_plugin.pagecache import (
    SUPPORTED_MKDOCS,
    PageCache,
    PageEntry,
    linked_paths,
    unsupported_mkdocs,
)
from tests.helpers import SAMPLE_DATE_EPOCH, mkdocs_build, write
from tests.sites import edit, release_now

ENV = {"SOURCE_DATE_EPOCH": SAMPLE_DATE_EPOCH}
"""A fixed date: MkDocs stamps it into the sitemap and its gzip header."""
_COUNTS = re.compile(r"(\d+) archived pages from the cache, (\d+) rendered")


@pytest.fixture
def cached_site(site: Path) -> Path:
    """The fixture site with released versions and the plugin's cache on."""
    release_now(site, "globex/privacy", "2024-04-01")
    release_now(site, "acme/cookies", "2024-04-01")
    release_now(site, "acme/privacy", "2024-04-01")
    edit(site / "policies/clauses/retention.md", "We keep", "We retain")
    release_now(site, "acme/privacy", "2025-01-01")
    config = site / "mkdocs.yml"
    options = "      today: '2025-06-01'\n      cache_dir: cache\n"
    config.write_text(
        config.read_text("utf-8").replace("  - policies\n", f"  - policies:\n{options}")
    )
    return site


def build(site: Path, output: Path) -> tuple[int, int]:
    """Build ``site`` into ``output`` (strict); the pages taken from the cache and rendered."""
    result = mkdocs_build(site, output, ENV)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    counts = _COUNTS.search(result.stderr)
    assert counts, result.stderr
    return int(counts.group(1)), int(counts.group(2))


def uncached(site: Path, output: Path) -> Path:
    """Build a copy of ``site`` without its cache (the reference a cached build must equal)."""
    copy = output.with_name(output.name + "-site")
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("cache"))
    config = copy / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("      cache_dir: cache\n", ""))
    result = mkdocs_build(copy, output, ENV)
    assert result.returncode == 0, result.stderr
    return output


def assert_same_files(built: Path, reference: Path) -> None:
    files = {path.relative_to(reference) for path in reference.rglob("*") if path.is_file()}
    assert files
    assert {path.relative_to(built) for path in built.rglob("*") if path.is_file()} == files
    for relative in sorted(files):
        assert (built / relative).read_bytes() == (reference / relative).read_bytes(), relative


def test_a_warm_build_takes_every_archived_page_from_the_cache(
    cached_site: Path, tmp_path: Path
) -> None:
    hits, rendered = build(cached_site, tmp_path / "cold")
    assert (hits, rendered > 0) == (0, True)
    assert build(cached_site, tmp_path / "warm") == (rendered, 0)
    reference = uncached(cached_site, tmp_path / "uncached")
    assert_same_files(tmp_path / "cold", reference)
    assert_same_files(tmp_path / "warm", reference)


def _rename_site(site: Path) -> None:
    edit(site / "mkdocs.yml", "site_name: Fixture policies", "site_name: Renamed policies")


def _change_theme(site: Path) -> None:
    edit(
        site / "mkdocs.yml", "  font: false\n", "  font: false\n  features:\n    - toc.integrate\n"
    )


def _override_a_template(site: Path) -> None:
    write(
        site / "overrides/main.html",
        """
        {% extends "base.html" %}
        {% block announce %}Our offices are closed on Friday.{% endblock %}
        """,
    )
    edit(site / "mkdocs.yml", "  font: false\n", "  font: false\n  custom_dir: overrides\n")


def _add_a_company(site: Path) -> None:
    # A new entry in the navigation, which every page shows.
    write(
        site / "policies/initech/company.md",
        """
        ---
        name: Initech
        legal_name: Initech LLC
        jurisdiction: Texas, USA
        ---
        """,
    )


@pytest.mark.parametrize(
    "change", [_rename_site, _change_theme, _override_a_template, _add_a_company]
)
def test_a_change_to_the_site_renders_every_archived_page_again(
    cached_site: Path, tmp_path: Path, change: Callable[[Path], None]
) -> None:
    build(cached_site, tmp_path / "cold")
    change(cached_site)
    hits, rendered = build(cached_site, tmp_path / "after")
    assert hits == 0 and rendered > 0
    assert_same_files(tmp_path / "after", uncached(cached_site, tmp_path / "uncached"))


def test_a_changed_override_template_renews_the_pages(cached_site: Path, tmp_path: Path) -> None:
    _override_a_template(cached_site)
    build(cached_site, tmp_path / "first")
    edit(cached_site / "overrides/main.html", "closed on Friday", "open on Friday")
    hits, _ = build(cached_site, tmp_path / "second")
    assert hits == 0
    assert_same_files(tmp_path / "second", uncached(cached_site, tmp_path / "uncached"))


def test_an_edited_policy_renews_only_its_own_pages(cached_site: Path, tmp_path: Path) -> None:
    _, rendered = build(cached_site, tmp_path / "cold")
    # A draft of globex/privacy: its pages (version menus, draft comparison) change.
    edit(cached_site / "policies/globex/privacy.md", "Names.", "Names and addresses.")
    hits, again = build(cached_site, tmp_path / "after")
    assert hits > 0 and 0 < again < rendered
    assert_same_files(tmp_path / "after", uncached(cached_site, tmp_path / "uncached"))


def test_a_damaged_page_entry_is_rendered_again(cached_site: Path, tmp_path: Path) -> None:
    _, rendered = build(cached_site, tmp_path / "cold")
    damaged = sorted(path for path in (cached_site / "cache/pages").rglob("*") if path.is_file())
    for path in damaged[:2]:
        data = bytearray(path.read_bytes())
        data[-10] ^= 0x20
        path.write_bytes(bytes(data))
    assert build(cached_site, tmp_path / "after") == (rendered - 2, 2)
    assert_same_files(tmp_path / "after", uncached(cached_site, tmp_path / "uncached"))


def test_deleting_the_page_cache_between_builds_is_safe(cached_site: Path, tmp_path: Path) -> None:
    _, rendered = build(cached_site, tmp_path / "cold")
    shutil.rmtree(cached_site / "cache/pages")
    assert build(cached_site, tmp_path / "after") == (0, rendered)
    assert_same_files(tmp_path / "after", tmp_path / "cold")


@pytest.mark.parametrize(
    ("page_url", "content", "expected"),
    [
        ("acme/privacy/2024-04-01/", '<a href="../">current</a>', ["acme/privacy"]),
        ("acme/privacy/2024-04-01/", '<a href="../history/#x">h</a>', ["acme/privacy/history"]),
        ("acme/privacy/2024-04-01/", '<a href="#change-log">log</a>', []),
        ("acme/privacy/2024-04-01/", '<a href="https://example.com/a">x</a>', []),
        ("acme/privacy/2024-04-01/", '<a href="mailto:dpo@example.com">x</a>', []),
        ("acme/privacy/2024-04-01/", '<a href="&#109;&#97;&#105;&#108;&#116;&#111;&#58;a@b">', []),
        ("acme/", '<a href="privacy/?date=2024-01-01&amp;x=1">', ["acme/privacy"]),
        ("acme/privacy/2024-04-01/", '<a href="/absolute/">x</a>', []),
        ("acme/privacy/2024-04-01/", '<img src="../../../img/logo%20a.png">', ["img/logo a.png"]),
        ("acme/privacy/2024-04-01/", "<a href='../../../'>home</a>", [""]),
        ("", '<a href="acme/">Acme</a> <a href="./">home</a>', ["", "acme"]),
    ],
)
def test_linked_paths(page_url: str, content: str, expected: list[str]) -> None:
    assert linked_paths(page_url, content) == expected


def test_the_page_cache_names_the_mkdocs_it_relies_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import mkdocs

    assert unsupported_mkdocs() is None, "the installed MkDocs is the one the cache supports"
    for version in ("1.7.0", "2.0", "1.60.1"):
        monkeypatch.setattr(mkdocs, "__version__", version)
        reason = unsupported_mkdocs()
        assert reason is not None and SUPPORTED_MKDOCS in reason and version in reason
    monkeypatch.setattr(mkdocs, "__version__", SUPPORTED_MKDOCS + ".9")
    assert unsupported_mkdocs() is None


ENTRY = PageEntry(
    "<html>é</html>", ("a", "b"), {"acme/privacy.md": {"x": "privacy.md#x"}}, ("acme",)
)


def test_a_page_entry_comes_back_as_stored(tmp_path: Path) -> None:
    cache = PageCache(tmp_path)
    cache.put("ab" * 32, ENTRY)
    assert cache.get("ab" * 32, {"acme"}) == ENTRY
    assert cache.output("ab" * 32) == ENTRY.output
    assert (cache.stats.hits, cache.stats.misses) == (1, 0)


def test_a_page_entry_linking_to_what_is_gone_is_not_used(tmp_path: Path) -> None:
    cache = PageCache(tmp_path)
    cache.put("ab" * 32, ENTRY)
    assert cache.get("ab" * 32, {"globex"}) is None
    assert cache.stats.rejected == 1


@pytest.mark.parametrize("cut", [1, 20, -1])
def test_a_truncated_page_entry_is_not_used(tmp_path: Path, cut: int) -> None:
    cache = PageCache(tmp_path)
    cache.put("ab" * 32, ENTRY)
    path = next(path for path in tmp_path.rglob("*") if path.is_file())
    path.write_bytes(path.read_bytes()[:cut])
    assert cache.get("ab" * 32, {"acme"}) is None
    assert cache.output("ab" * 32) is None


def test_a_cache_that_cannot_be_written_is_reported_and_the_site_is_complete(
    cached_site: Path, tmp_path: Path
) -> None:
    (cached_site / "cache").write_text("not a folder")
    result = mkdocs_build(cached_site, tmp_path / "built", ENV)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    message = re.search(r"could not write (\d+) pages to the cache in (\S+):", result.stderr)
    assert message, result.stderr
    assert int(message.group(1)) > 0 and message.group(2).endswith("cache/pages")
    assert_same_files(tmp_path / "built", uncached(cached_site, tmp_path / "uncached"))
