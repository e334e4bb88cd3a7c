"""The commands that build a site, in one place: every build of the tests and the benchmark.

MkDocs is the builder: ``python -m mkdocs`` of the running interpreter. The environment
variable ``POLICY_SITE_BUILDER`` names another one, as a command line (for instance
``.venv/properdocs/bin/properdocs``), for every build the tests and the benchmark run.

``make test`` also makes two builders of its own, each in a virtual environment installed
from the lock, and the tests compare their builds of the sample site with MkDocs':

- ProperDocs, the continuation of MkDocs 1.x and the supported fallback
  (``POLICY_SITE_PROPERDOCS``, by default ``.venv/properdocs/bin/properdocs``);
- MkDocs on the highest supported Python (``POLICY_SITE_HIGHEST_PYTHON``, the path of
  that environment's ``python``; set but empty when the machine has no such Python), run
  as :func:`mkdocs` of that interpreter.

This module imports nothing but the standard library: the benchmark uses it too.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BUILDER_VARIABLE = "POLICY_SITE_BUILDER"
PROPERDOCS_VARIABLE = "POLICY_SITE_PROPERDOCS"
HIGHEST_PYTHON_VARIABLE = "POLICY_SITE_HIGHEST_PYTHON"

PROPERDOCS = ROOT / ".venv" / "properdocs" / "bin" / "properdocs"
"""Where ``make test`` installs ProperDocs (with the site's locked packages)."""


def mkdocs(python: str | Path = sys.executable) -> list[str]:
    """MkDocs run by ``python`` (by default the interpreter running this)."""
    return [str(python), "-m", "mkdocs"]


def _absolute(program: str) -> str:
    """A program named by a relative path, made absolute: builds run in other folders."""
    return str(Path(program).absolute()) if "/" in program else program


def builder() -> list[str]:
    """The builder of the tests and the benchmark: ``$POLICY_SITE_BUILDER`` or MkDocs."""
    configured = shlex.split(os.environ.get(BUILDER_VARIABLE, ""))
    return [_absolute(configured[0]), *configured[1:]] if configured else mkdocs()


def build_command(*options: str, using: Sequence[str] | None = None) -> list[str]:
    """``<builder> build <options>``, with :func:`builder` unless ``using`` names another."""
    return [*(builder() if using is None else using), "build", *options]


def properdocs() -> list[str]:
    """The ProperDocs command ``make test`` installs (``$POLICY_SITE_PROPERDOCS``)."""
    return [_absolute(os.environ.get(PROPERDOCS_VARIABLE) or str(PROPERDOCS))]


def highest_python(default: Path) -> str | None:
    """The ``python`` of the highest supported Python's environment:
    ``$POLICY_SITE_HIGHEST_PYTHON`` (set but empty: this machine has no such Python),
    else ``default``, where ``make test`` makes it."""
    configured = os.environ.get(HIGHEST_PYTHON_VARIABLE)
    if configured is not None:
        return _absolute(configured) if configured else None
    return str(default)
