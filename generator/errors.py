"""Errors an editor can act on: one line, `path:line: what is wrong (how to fix it)`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from generator.model import SourceLocation


class PolicyError(Exception):
    """A mistake in the content, reported without a traceback.

    ``location`` is where the author has to edit; ``chain`` is the include
    chain that led there (outermost first, ``location`` last) when the mistake
    sits inside a shared clause.
    """

    def __init__(
        self,
        location: SourceLocation | None,
        message: str,
        hint: str = "",
        chain: Sequence[SourceLocation] = (),
    ) -> None:
        self.location = location
        self.message = message
        self.hint = hint
        self.chain = tuple(chain)
        super().__init__(self.format())

    def format(self) -> str:
        parts = []
        if self.location is not None:
            parts.append(f"{self.location}: ")
        parts.append(self.message)
        if len(self.chain) > 1:
            parts.append(" (include chain: " + " -> ".join(str(loc) for loc in self.chain) + ")")
        if self.hint:
            parts.append(f"; {self.hint}")
        return "".join(parts)


def did_you_mean(word: str, candidates: Iterable[str], count: int = 3) -> str:
    """A hint naming the closest candidates, or an empty string."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=count, cutoff=0.5)
    if not matches:
        return ""
    return "did you mean " + " or ".join(f"'{match}'" for match in matches) + "?"
