from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve
from tests.helpers import ROOT, SAMPLE_DATE_EPOCH, copy_fixture_site, mkdocs_build


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/site to modify."""
    return copy_fixture_site(tmp_path / "site")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site of the repository, built once with --strict."""
    output = tmp_path_factory.mktemp("sample") / "site"
    result = mkdocs_build(ROOT, output, {"SOURCE_DATE_EPOCH": SAMPLE_DATE_EPOCH})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return output


@pytest.fixture(scope="session")
def sample_url(sample_site: Path) -> Iterator[str]:
    """The built sample site, served on 127.0.0.1."""
    with serve(sample_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium (never a downloaded browser)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with tests/test_feeds.py's HISTORY released (read only)."""
    from tests.test_feeds import release_history

    site = copy_fixture_site(tmp_path_factory.mktemp("history") / "site")
    release_history(site)
    return site


@pytest.fixture(scope="module")
def built(history_site: Path) -> Any:
    """The version model of ``history_site`` (library, policy pages)."""
    from tests.test_feeds import versions_of

    return versions_of(history_site)
