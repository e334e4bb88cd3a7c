from __future__ import annotations

from pathlib import Path

import pytest

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
