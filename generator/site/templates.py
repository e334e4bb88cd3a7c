"""The generator's own page templates (``templates/``) and the one date format readers see.

Each template has a typed context: a frozen dataclass naming the template it fills
(:class:`PageContext`), so a page's inputs are checked by mypy instead of passed
as loose keywords. These templates are the generator's (trusted) code; what
authors wrote reaches them as values and is escaped there: with ``| e`` inside
raw HTML blocks, which Markdown leaves alone, and with ``| md_escape``
(:func:`markdown_text`) where Markdown reads it, since HTML escaping alone would
still let Markdown make ``[x](javascript:...)`` a link or ``{: onclick=...}`` an
attribute.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from importlib import resources
from typing import Any, ClassVar

import jinja2


def format_date(value: dt.date) -> str:
    """The one date format readers see: "16 September 2016"."""
    return f"{value.day} {value:%B %Y}"


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
"""The characters Python-Markdown lets a backslash escape with the extensions policy pages
use (``|`` comes with ``tables``); ``<``, ``>`` and ``&`` become entities instead."""


def markdown_text(value: object) -> str:
    """Author text as Markdown that shows exactly that text, on one line.

    HTML-escaped, so it makes no markup, and every Markdown punctuation mark
    backslash-escaped, so it makes no link, emphasis, heading, table cell or
    ``attr_list`` attribute; line breaks become spaces, so it starts no block.
    """
    text = html.escape(" ".join(str(value).split()), quote=False)
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def _package_template(name: str) -> str:
    return resources.files("generator.site").joinpath("templates", name).read_text("utf-8")


def template_environment() -> jinja2.Environment:
    """Jinja environment for the generator's own page templates (trusted, not the sandbox)."""
    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(_package_template),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["date"] = format_date
    environment.filters["md_escape"] = markdown_text
    return environment


_ENVIRONMENT = template_environment()


@dataclasses.dataclass(frozen=True)
class PageContext:
    """Base of the typed template contexts: ``template`` names the file it fills."""

    template: ClassVar[str]


def render(context: PageContext) -> str:
    """Fill the context's template with its fields (shallow: nested values stay objects)."""
    fields: dict[str, Any] = {
        field.name: getattr(context, field.name) for field in dataclasses.fields(context)
    }
    return _ENVIRONMENT.get_template(context.template).render(fields)
