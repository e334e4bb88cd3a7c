"""``make bench`` runs end to end and prints what scripts read; its hub has sane sizes and
release days. Nothing here is timed: the benchmark is the measure."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.hub import BUILD_DAY, MAX_VERSIONS, HubSize, _release_day, size_for_pages
from tests.helpers import ROOT


def test_a_small_benchmark_prints_its_table_targets_and_ratio(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "bench", "--companies", "2", "--policies", "1"]
    command += ["--versions", "2", "--repeat", "1", "--series", "none", "--work", str(tmp_path)]
    command += ["--hubs", "2,3"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for kind in (
        "(a) plugin, no cache",
        "(b) plain Material",
        "(a) plugin, filling empty cache",
        "(a) plugin, warm cache",
        "(a) rebuild, 1 policy edited",
        # PDFs are measured on their own: (a) above builds without them, and says so.
        "(a) without PDFs, empty cache",
        "(a) without PDFs, warm cache",
        "(a) with PDFs, empty cache",
        "(a) with PDFs, warm cache",
    ):
        assert any(line.startswith(kind) for line in lines), kind
    assert any(line.startswith("(a) builds without the PDFs") for line in lines)
    assert any(re.match(r"a PDF costs \d+ ms to render", line) for line in lines), lines
    targets = lines[lines.index("targets") + 1 :]
    assert [line.split()[1] for line in targets[:4]] == ["a/b", "rebuild/b", "(a)", "peak"]
    # The hub series: a row per company count, and its targets, search transfer included.
    hubs = lines.index(next(line for line in lines if line.startswith("hubs: ")))
    assert [line.split()[:2] for line in lines[hubs + 2 : hubs + 4]] == [["2", "22"], ["3", "32"]]
    assert [" ".join(line.split()[1:3]) for line in targets[4:9]] == [
        "navigation per",
        "HTML /",
        "search transfer",
        "(a) time",
        "(a) peak",
    ]
    searched = re.search(r"search transfer at 3 companies < 500 KiB: (\d+) KiB", result.stdout)
    assert searched is not None and int(searched.group(1)) > 0
    assert re.fullmatch(r"ratio plugin/plain: \d+\.\d\d", lines[-1])


@pytest.mark.parametrize(
    ("pages", "expected"),
    [(5000, HubSize(30, 3, 27)), (500, HubSize(30, 3, 2)), (10, HubSize(30, 3, 1))],
)
def test_pages_choose_the_versions_of_a_fixed_hub(pages: int, expected: HubSize) -> None:
    assert size_for_pages(pages, 30, 3) == expected


@pytest.mark.parametrize("versions", [1, 27, 60, 1000, MAX_VERSIONS])
def test_release_days_are_distinct_and_before_the_build_day(versions: int) -> None:
    size = HubSize(3, 2, versions)
    for company in range(size.companies):
        for policy in range(size.policies):
            days = [_release_day(v, company, policy, size) for v in range(versions)]
            assert days == sorted(set(days))
            assert days[-1] < BUILD_DAY
