"""Dates written in text, in any common format: ISO, "4 March 2021", "March 4th, 2021",
"04/03/2021", "March 2021".

Each date found says whether it was exact (a day is given) and whether day and
month could be either way round (03/04/2021), so callers can report the doubt.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    ("iso", re.compile(
        r"\b(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)\b"
    )),
    ("dmy", re.compile(rf"\b{_DAY}\.?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b", re.I)),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(?P<year>(?:19|20)\d\d)\b", re.I)),
    ("num", re.compile(
        r"\b(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b"
    )),
    ("my", re.compile(rf"\b{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b", re.I)),
)  # fmt: skip


@dataclass(frozen=True)
class FoundDate:
    """A date found in text."""

    value: dt.date
    start: int
    end: int
    exact: bool
    """False for "March 2013": the day is the 1st, by convention."""
    ambiguous: bool
    """True for 03/04/2016: day and month could be either way round."""
    text: str


def _date_of(kind: str, match: re.Match[str]) -> tuple[dt.date, bool, bool] | None:
    """(date, exact, ambiguous) for one match of the pattern ``kind``; None if impossible."""
    try:
        if kind == "iso":
            value = dt.date(int(match["year"]), int(match["m"]), int(match["d"]))
            return value, True, False
        if kind in ("dmy", "mdy"):
            month = MONTHS[match["month"].lower()]
            return dt.date(int(match["year"]), month, int(match["day"])), True, False
        if kind == "num":
            first, second = int(match["a"]), int(match["b"])
            # Slashes are usually American (month first), dots and dashes European.
            month_first = match["sep"] == "/"
            if first > 12:
                month_first = False
            elif second > 12:
                month_first = True
            month, day = (first, second) if month_first else (second, first)
            ambiguous = first <= 12 and second <= 12 and first != second
            return dt.date(int(match["year"]), month, day), True, ambiguous
        if not match["month"][0].isupper():
            return None  # "may 2020" is more likely a verb than a month
        return dt.date(int(match["year"]), MONTHS[match["month"].lower()], 1), False, False
    except ValueError:
        return None


def find_dates(text: str) -> list[FoundDate]:
    """Every date written in ``text``, in order, in any common format."""
    found: list[FoundDate] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(d.start < match.end() and match.start() < d.end for d in found):
                continue
            parsed = _date_of(kind, match)
            if parsed is not None:
                value, exact, ambiguous = parsed
                found.append(
                    FoundDate(value, match.start(), match.end(), exact, ambiguous, match.group(0))
                )
    return sorted(found, key=lambda d: d.start)
