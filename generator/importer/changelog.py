"""The policy's dates: a change log written in the text, a date it states, the effective date.

"Change log:" (or "Revision history", as a line or a heading) followed by dated
lines, list items or table rows becomes front-matter change entries, newest
first. "Last updated: April 20, 2023" is a stated date. The effective date is
the one given, else the newest change, the front matter's, the stated one, the
capture's, and only as a last resort today; each guess is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from generator.importer.capture import Capture
from generator.importer.dates import FoundDate, find_dates
from generator.importer.model import Block, ImportNote, fact, guess
from generator.text.inline import plain_text

_CHANGE_LOG = re.compile(
    r"^(?:change[\s-]?log|changes|revision history|revisions|version history|"
    r"document history|history of changes|amendment history|policy history|"
    r"history|updates)\s*:?$",
    re.I,
)


@dataclass(frozen=True)
class LogEntry:
    """One dated line of a change log written in the text."""

    date: dt.date
    summary: str


def _change_entry(text: str, line: int, notes: list[ImportNote]) -> LogEntry | None:
    """A line that starts or ends with a date, as a change entry; None for anything else."""
    text = text.strip()
    dates = find_dates(text)
    # An entry starts or ends with its date; a date inside prose is not an entry.
    dates = [
        found
        for found in dates
        if not text[: found.start].strip(" *_([") or not text[found.end :].strip(" *_.)]")
    ]
    if not dates or len(text) > 400:
        return None
    found = dates[0]
    before, after = text[: found.start], text[found.end :]
    summary = f"{before.rstrip(' :–—|-(,*_')} {after.lstrip(' :–—|-),*_')}".strip()
    summary = re.sub(r"\s+([.,;:!?])", r"\1", summary)
    summary = re.sub(r"\(\s*\)|\[\s*\]", "", summary).strip(" -–—:|")
    if not summary:
        summary = f"Revision of {found.value.isoformat()}."
        notes.append(guess(line, f"change-log line '{text}' has no summary"))
    if found.ambiguous:
        notes.append(
            guess(
                line,
                f"change-log date '{found.text}' could be day/month or month/day; "
                f"read as {found.value.isoformat()}",
            )
        )
    if not found.exact:
        notes.append(
            guess(
                line,
                f"change-log date '{found.text}' gives no day; dated {found.value.isoformat()}",
            )
        )
    return LogEntry(found.value, summary)


def _block_entries(block: Block, notes: list[ImportNote]) -> list[LogEntry] | None:
    """The dated entries of a block, or None if any of its lines is not dated."""
    entries: list[tuple[str, int]] = []
    if block.kind == "list":
        entries = [(" ".join((item.text, *item.more)).strip(), item.line) for item in block.items]
    elif block.kind == "paragraph":
        entries = [(text, block.line + offset) for offset, text in enumerate(block.lines)]
    elif block.kind == "table":
        for offset, row in enumerate(block.lines[2:], start=2):
            cells = [cell.strip() for cell in row.strip().strip("|").split("|") if cell.strip()]
            dated = [cell for cell in cells if find_dates(cell)]
            if not dated:
                return None
            rest = [cell for cell in cells if cell is not dated[0]]
            entries.append((f"{dated[0]}: {' — '.join(rest)}", block.line + offset))
    else:
        return None
    changes = []
    for text, line in entries:
        change = _change_entry(plain_text(text) if block.kind == "table" else text, line, notes)
        if change is None:
            return None
        changes.append(change)
    return changes


def take_change_log(
    blocks: list[Block],
) -> tuple[list[LogEntry], int | None, list[Block], list[ImportNote]]:
    """A "Change log:" line (or heading) and the dated lines after it, out of the body."""
    for index, block in enumerate(blocks):
        if block.kind == "heading" and block.heading:
            trigger = plain_text(block.heading.title)
        elif block.kind == "paragraph":
            trigger = plain_text(block.lines[0])
        else:
            continue
        if not _CHANGE_LOG.match(trigger.strip()):
            continue
        following = blocks[index + 1 :]
        if block.kind == "paragraph" and len(block.lines) > 1:
            # "Change log:" typed right above its dated lines: one paragraph holds both.
            following = [replace(block, line=block.line + 1, lines=block.lines[1:]), *following]
        notes: list[ImportNote] = []
        changes: list[LogEntry] = []
        taken = 0
        while taken < len(following):
            entries = _block_entries(following[taken], notes)
            if entries is None:
                break
            changes.extend(entries)
            taken += 1
        if not changes:
            continue
        rest = following[taken:]
        if block.kind == "heading" and rest and rest[0].kind != "heading":
            # The heading also holds other text: keep it, take only the dated lines.
            rest = [block, *rest]
        changes.sort(key=lambda change: change.date, reverse=True)
        return changes, block.line, blocks[:index] + rest, notes
    return [], None, blocks, []


# --- a date the text states --------------------------------------------------------

_STATED = re.compile(
    r"\b(?:last\s+(?:updated|modified|revised|amended|changed)|effective(?:\s+(?:date|as\s+of|"
    r"from|on))?|updated(?:\s+on)?|revised(?:\s+on)?|date\s+of\s+(?:last\s+)?revision|"
    r"version\s+date)\b[\s:*_]*(?:on\s+|as\s+of\s+|is\s+)?",
    re.I,
)


@dataclass(frozen=True)
class StatedDate:
    """A date the text gives as its own ("Last updated: April 20, 2023")."""

    date: FoundDate
    line: int
    phrase: str
    """The words that state it, for the report."""

    @property
    def usable(self) -> bool:
        """True when it names one day without doubt."""
        return self.date.exact and not self.date.ambiguous


def stated_date(blocks: Sequence[Block]) -> StatedDate | None:
    """ "Last updated: April 20, 2023", "Effective date: ..." written in the text."""
    doubtful: StatedDate | None = None
    for block in blocks:
        if block.kind not in ("paragraph", "heading", "quote"):
            continue
        text = plain_text(" ".join(block.lines))
        for match in _STATED.finditer(text):
            dates = find_dates(text[match.end() : match.end() + 40])
            if not dates or dates[0].start > 2:
                continue
            phrase = text[match.start() : match.end() + dates[0].end].strip()
            stated = StatedDate(dates[0], block.line, phrase)
            if stated.usable:
                return stated
            doubtful = doubtful or stated
    return doubtful


def choose_effective(
    given: dt.date | None,
    changes: Sequence[LogEntry],
    stated: StatedDate | None,
    meta_date: tuple[dt.date, str] | None,
    capture: Capture | None,
    notes: list[ImportNote],
) -> dt.date:
    """The effective date, from the most to the least reliable source."""
    if stated and not stated.usable:
        notes.append(
            guess(
                stated.line,
                f"the text says '{stated.phrase}', which gives no exact day; not used as the "
                "effective date",
            )
        )
        stated = None
    if given:
        return given
    if changes:
        return changes[0].date
    if meta_date:
        notes.append(fact(None, f"effective date from the front matter's '{meta_date[1]}'"))
        return meta_date[0]
    if stated:
        notes.append(
            guess(
                stated.line,
                f"effective date {stated.date.value.isoformat()} taken from '{stated.phrase}'",
            )
        )
        return stated.date.value
    if capture and capture.captured:
        notes.append(
            guess(
                capture.line,
                f"effective date is the capture date {capture.captured.isoformat()}: the text "
                "gives no exact date",
            )
        )
        return capture.captured
    today = dt.date.today()
    notes.append(
        guess(
            None,
            f"no date in the text: effective date set to today, {today.isoformat()} "
            "(set it with --effective)",
        )
    )
    return today
