from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# The shared helper modules assert too: have pytest rewrite their asserts (for its detailed
# messages) as it does a test module's. This must come before they are first imported.
pytest.register_assert_rewrite("tests.atom", "tests.browser", "tests.helpers", "tests.sites")

from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from tests.helpers import ROOT, SAMPLE_DATE_EPOCH, copy_fixture_site, mkdocs_build  # noqa: E402
from tests.sites import Built, release_history, versions_of  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


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
    """Headless Debian Chromium (never a downloaded browser).

    Playwright is imported here, not at the top: only the tests that drive a browser need it.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in a context of its own, closed after the test."""
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with all of tests/sites.py's HISTORY released (read only)."""
    site = copy_fixture_site(tmp_path_factory.mktemp("history") / "site")
    return release_history(site)


@pytest.fixture(scope="module")
def built(history_site: Path) -> Built:
    """The version model of ``history_site`` (library, policy pages)."""
    return versions_of(history_site)
