"""One ``mkdocs build`` in a child process: its wall time, peak memory and output."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.builders import build_command

_LAUNCHER = Path(__file__).with_name("child.py")
"""Starts each build from a small process, so its peak memory is its own."""


class BuildFailed(RuntimeError):
    """A build the benchmark ran exited with an error; the message holds its output."""


@dataclass(frozen=True)
class BuildResult:
    """What one build cost and produced."""

    seconds: float
    peak_rss: int
    """Bytes: the child's maximum resident set size."""
    output_bytes: int
    pages: int
    """HTML pages written (``index.html`` files; MkDocs' 404 page is not counted)."""


def run_build(
    site: Path,
    config: str,
    output: Path,
    *,
    pythonpath: Sequence[Path] = (),
    quiet: bool = True,
) -> BuildResult:
    """``mkdocs build -q`` of ``site/config`` into ``output`` (emptied first), with the
    builder of the tests (:mod:`tests.builders`: MkDocs of this interpreter by default);
    its output goes to ``output`` + ``.log`` (with the INFO lines unless ``quiet``)."""
    if output.exists():
        shutil.rmtree(output)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(
            [*(str(path) for path in pythonpath), *filter(None, [env.get("PYTHONPATH")])]
        )
    log = output.with_name(output.name + ".log")
    report = output.with_name(output.name + ".json")
    command = build_command(*(["-q"] if quiet else []), "-f", config, "-d", str(output))
    with log.open("wb") as stream:
        subprocess.run(
            [sys.executable, str(_LAUNCHER), str(report), *command],
            cwd=site,
            env=env,
            stdout=stream,
            stderr=stream,
            check=True,
        )
    measured = json.loads(report.read_text("utf-8"))
    if measured["exit"] != 0:
        raise BuildFailed(
            f"{' '.join(command)} (in {site}) exited with {measured['exit']}:\n"
            + log.read_text("utf-8", "replace")[-4000:]
        )
    sizes = [path.stat().st_size for path in output.rglob("*") if path.is_file()]
    pages = sum(1 for _ in output.rglob("index.html"))
    return BuildResult(float(measured["seconds"]), int(measured["peak_rss"]), sum(sizes), pages)


@dataclass(frozen=True)
class Summary:
    """Several builds of one kind: medians, and the largest peak memory."""

    runs: tuple[BuildResult, ...]

    @property
    def seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def peak_rss(self) -> int:
        return max(run.peak_rss for run in self.runs)

    @property
    def output_bytes(self) -> int:
        return self.runs[-1].output_bytes

    @property
    def pages(self) -> int:
        return self.runs[-1].pages

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds

    @property
    def spread(self) -> str:
        """The fastest and slowest run, to show how noisy the median is."""
        times = sorted(run.seconds for run in self.runs)
        return f"{times[0]:.2f}-{times[-1]:.2f}"


def summarize(results: Mapping[str, list[BuildResult]]) -> dict[str, Summary]:
    return {name: Summary(tuple(runs)) for name, runs in results.items() if runs}
