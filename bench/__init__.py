"""The benchmark: a synthetic policy hub built with and without the ``policies`` plugin.

Run it with ``make bench`` (or ``python -m bench --help``). It never touches the
repository's ``policies/``: the hub is generated from a copy, in a temporary folder.
"""

from __future__ import annotations
