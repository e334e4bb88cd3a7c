"""pytest plugin of the run on the highest supported Python (``make test`` loads it with
``-p tests.highest_python``).

That run is there for what depends on the Python version: the generator, the command
line, the builds. It leaves out the tests that drive Chromium (any test using the
``browser`` fixture) and those marked ``toolchain`` (the Nu HTML checker, Netlify's parser,
the other builders): those check the built files and the deploy's files with tools of
their own, and the first run does it; one of its tests checks that the highest Python
builds the sample site byte for byte as the lowest does.
"""

from __future__ import annotations

import pytest

LEFT_OUT_FIXTURES = frozenset({"browser"})
LEFT_OUT_MARK = "toolchain"


def _left_out(item: pytest.Item) -> bool:
    """Whether the run on the highest Python leaves ``item`` to the first run."""
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(fixtures & LEFT_OUT_FIXTURES) or item.get_closest_marker(LEFT_OUT_MARK) is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the tests of the first run only, as ``-m``/``-k`` would (pytest counts them)."""
    kept = [item for item in items if not _left_out(item)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if _left_out(item)])
        items[:] = kept


def pytest_report_header(config: pytest.Config) -> str:
    """Say at the top of the run what it leaves out."""
    return (
        "run on the highest supported Python: tests using a browser or marked "
        f"'{LEFT_OUT_MARK}' are left to the first run"
    )
