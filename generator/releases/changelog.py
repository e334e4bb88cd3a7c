"""Writing a release into a live policy's front matter, keeping the rest as the editor typed it.

The change log is edited line by line (not re-dumped), so comments, key order and
quoting elsewhere in the file stay as they are; only the entries a command writes
are written in its own form.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from generator.content.frontmatter import Document, load_policy, parse_document
from generator.errors import PolicyError
from generator.model import Change, Policy


@dataclass(frozen=True)
class _Edit:
    start: int
    """0-based index of the first line replaced."""
    end: int
    """0-based index after the last line replaced (``start`` to insert)."""
    lines: tuple[str, ...]


def entry_lines(change: Change, indent: str) -> list[str]:
    """A change-log entry as ``policy-site`` writes it."""
    lines = [
        f"{indent}- date: {change.date.isoformat()}",
        f"{indent}  summary: {json.dumps(change.summary, ensure_ascii=False)}",
    ]
    if change.sections:
        lines.append(f"{indent}  sections: [{', '.join(change.sections)}]")
    if change.editorial:
        lines.append(f"{indent}  editorial: true")
    if change.sha256:
        lines.append(f"{indent}  sha256: {change.sha256}")
    if change.amended:
        lines.append(f"{indent}  amended: {change.amended.isoformat()}")
    return lines


class PolicyFile:
    """The text of a live policy file, to be edited and then checked as a whole."""

    def __init__(self, policy: Policy, text: str) -> None:
        self.policy = policy
        self.text = text.replace("\r\n", "\n")
        self.document: Document = parse_document(self.text, policy.path, policy.display_path)
        self.lines = self.text.split("\n")
        self._edits: list[_Edit] = []

    def _line(self, *key: str | int) -> int | None:
        line = self.document.key_lines.get(key)
        return None if line is None else line - 1

    def set_effective(self, effective: dt.date) -> None:
        """The policy's ``effective:`` becomes the date of its latest release."""
        line = self._line("effective")
        assert line is not None  # a required field
        self._edits.append(_Edit(line, line + 1, (f"effective: {effective.isoformat()}",)))

    def add_entry(self, change: Change) -> None:
        """A new entry at the top of the change log (which is newest first)."""
        first = self._line("changes", 0)
        if first is not None:
            indent = self.lines[first][: len(self.lines[first]) - len(self.lines[first].lstrip())]
            self._edits.append(_Edit(first, first, tuple(entry_lines(change, indent))))
            return
        closing = self.document.body_line - 2  # the front matter's closing '---'
        start = self._line("changes")
        if start is not None:  # 'changes: []' or 'changes:' with nothing under it
            self._edits.append(_Edit(start, start + 1, ("changes:", *entry_lines(change, "  "))))
        else:
            self._edits.append(_Edit(closing, closing, ("changes:", *entry_lines(change, "  "))))

    def replace_entry(self, index: int, change: Change) -> None:
        """Entry ``index`` (of the file's change log) rewritten as ``change``."""
        start = self._line("changes", index)
        assert start is not None
        end = self._entry_end(index)
        indent = self.lines[start][: len(self.lines[start]) - len(self.lines[start].lstrip())]
        self._edits.append(_Edit(start, end, tuple(entry_lines(change, indent))))

    def _entry_end(self, index: int) -> int:
        """Index of the line after entry ``index``: the next entry, key or the closing line."""
        following = self._line("changes", index + 1)
        if following is not None:
            return following
        start = self._line("changes", index) or 0
        later = [
            line - 1
            for key, line in self.document.key_lines.items()
            if len(key) == 1 and line - 1 > start
        ]
        end = min(later, default=self.document.body_line - 2)
        # Blank lines and comments after the entry stay where they are.
        while end - 1 > start and self.lines[end - 1].strip() in ("", "#"):
            end -= 1
        return end

    def result(self) -> str:
        """The edited text, checked to be a valid policy file with the edits in it."""
        lines = list(self.lines)
        for edit in sorted(self._edits, key=lambda e: e.start, reverse=True):
            lines[edit.start : edit.end] = edit.lines
        text = "\n".join(lines)
        try:
            load_policy(
                parse_document(text, self.policy.path, self.policy.display_path),
                self.policy.company,
                self.policy.slug,
            )
        except PolicyError as error:
            raise PolicyError(
                None,
                f"{self.policy.display_path}: the change log cannot be written into this file "
                f"({error.message})",
                "write its front matter in plain 'key: value' lines and entries as '- date: ...' "
                "blocks; nothing was changed",
            ) from None
        return text


def entry_index(changes: Sequence[Change], sha256: str) -> int | None:
    """Position of the entry that released the text with ``sha256``."""
    return next((i for i, change in enumerate(changes) if change.sha256 == sha256), None)
