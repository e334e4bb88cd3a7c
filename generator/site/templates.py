"""The generator's own page templates (``templates/``) and the one date format readers see.

Each template has a typed context: a frozen dataclass naming the template it fills
(:class:`PageContext`), so a page's inputs are checked by mypy instead of passed
as loose keywords. These templates are the generator's (trusted) code; what
authors wrote reaches them as values and is escaped there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from importlib import resources
from typing import Any, ClassVar

import jinja2


def format_date(value: dt.date) -> str:
    """The one date format readers see: "16 September 2016"."""
    return f"{value.day} {value:%B %Y}"


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
