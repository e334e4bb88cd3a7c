"""The day, as releases record it and builds decide which version is current."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from generator.errors import PolicyError


class BuildDateError(PolicyError):
    """``SOURCE_DATE_EPOCH`` is not a usable time stamp."""


def today(environ: Mapping[str, str]) -> dt.date:
    """The day of ``SOURCE_DATE_EPOCH`` (UTC) when it is set, for reproducible builds,
    else the local calendar's."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise BuildDateError(
                None,
                f"SOURCE_DATE_EPOCH='{epoch}' is not a time stamp",
                "set it to whole seconds since 1970-01-01 (e.g. $(git log -1 --format=%ct)) "
                "or unset it",
            ) from None
    return dt.date.today()
