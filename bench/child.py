"""Run one command; write its wall time, peak memory and exit status as JSON.

``python bench/child.py REPORT COMMAND...``. Linux keeps a process's peak RSS
across ``exec``, so a build forked straight from the benchmark (which holds a
whole hub in memory) would report the benchmark's memory as its own. This
launcher is small, and the build it forks starts small.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str]) -> int:
    report, *command = argv
    started = time.perf_counter()
    child = subprocess.Popen(command)
    # wait4 gives this child's own resource usage (ru_maxrss in KiB on Linux).
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    result = {
        "seconds": seconds,
        "peak_rss": usage.ru_maxrss * 1024,
        "exit": os.waitstatus_to_exitcode(status),
    }
    Path(report).write_text(json.dumps(result), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
