"""Links to a released version's PDF, and the size each says once the PDF exists.

A version's PDF is made from its finished dated page (:mod:`generator.publish.pdf`), so
its size is known only while the build writes that page, long after the pages that link
to it were composed. Each link therefore carries a slot: an HTML comment naming the PDF,
which the build fills with the size (:func:`fill_sizes`) right before it writes a page.
Slots are filled in status bars and history pages only, where author text arrives
escaped (an escaped text has no ``<!--``), never in a policy's text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from generator.site import urls

_SLOT = re.compile(r"<!--policy-pdf-size:(?P<path>[^<>]*?)-->")


@dataclass(frozen=True)
class PdfLink:
    """A link, from one page, to the PDF of the version of ``effective``."""

    href: str
    """Relative to the page that links."""
    path: str
    """The PDF below the site root (:func:`~generator.site.urls.version_pdf`)."""
    effective: dt.date

    @property
    def slot(self) -> str:
        """Where the PDF's size goes: " (123 KB)" once known, else nothing."""
        return f"<!--policy-pdf-size:{self.path}-->"


def pdf_link(page: str, key: str, effective: dt.date) -> PdfLink:
    """The link from ``page`` (a source path) to the PDF of ``key``'s version of ``effective``."""
    path = urls.version_pdf(key, effective)
    return PdfLink(urls.file_href(page, path), path, effective)


def format_size(size: int) -> str:
    """A file size as readers are told it before downloading: "19 KB", "1.2 MB"."""
    kilobytes = max(1, round(size / 1024))
    if kilobytes < 1024:
        return f"{kilobytes} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def fill_sizes(html: str, sizes: Mapping[str, int]) -> str:
    """``html`` with every PDF size slot filled: the size of a PDF made so far, else
    nothing (the link still works; it only does not say how large the file is)."""

    def size(match: re.Match[str]) -> str:
        known = sizes.get(match.group("path"))
        return f" ({format_size(known)})" if known is not None else ""

    return _SLOT.sub(size, html) if "<!--policy-pdf-size:" in html else html
