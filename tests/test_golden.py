"""Golden-output tests: the built fixture site matches the stored outputs in tests/golden.

The fixture ``tests/fixtures/golden-site`` is built once with the real ``mkdocs build
--strict``; each chosen output, normalised by ``tests/golden.py``, must equal its stored
copy. After an intended change, regenerate the copies with
``.venv/bin/python -m tests.golden --update`` (or ``make golden``) and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import (
    GOLDEN_DIR,
    OUTPUTS,
    UPDATE_COMMAND,
    build_site,
    expected_names,
    normalised_outputs,
    stored_files,
    stored_name,
    unified_diff,
)


@pytest.fixture(scope="module")
def golden_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built once for this module."""
    return build_site(tmp_path_factory.mktemp("golden"))


@pytest.fixture(scope="module")
def actual(golden_site: Path) -> dict[str, str]:
    """The normalised outputs of the build, by stored file name."""
    return normalised_outputs(golden_site)


def _hint() -> str:
    """What to do when the difference is intended."""
    return f"If this change is intended, regenerate the stored outputs: {UPDATE_COMMAND}"


@pytest.mark.parametrize("output", OUTPUTS, ids=[stored_name(output) for output in OUTPUTS])
def test_output_matches_stored_copy(output: str, actual: dict[str, str]) -> None:
    """One chosen output equals its stored copy, or the failure shows a unified diff."""
    name = stored_name(output)
    stored = GOLDEN_DIR / name
    if name not in actual:
        pytest.fail(f"the build wrote no {output}", pytrace=False)
    if not stored.is_file():
        pytest.fail(f"tests/golden/{name} does not exist.\n{_hint()}", pytrace=False)
    expected = stored.read_text("utf-8")
    if expected != actual[name]:
        diff = unified_diff(name, expected, actual[name])
        pytest.fail(f"{output} differs from tests/golden/{name}:\n{diff}\n{_hint()}", pytrace=False)


def test_stored_copies_and_outputs_correspond(golden_site: Path) -> None:
    """Every stored file belongs to a built output under test, and every such output has one."""
    stored = set(stored_files())
    expected = expected_names()
    stray = sorted(stored - expected)
    assert not stray, f"stored files without an output under test: {stray}. {_hint()}"
    unstored = sorted(expected - stored)
    assert not unstored, f"outputs under test without a stored file: {unstored}. {_hint()}"
    missing = [output for output in OUTPUTS if not (golden_site / output).is_file()]
    assert not missing, f"outputs under test that the build did not write: {missing}"
