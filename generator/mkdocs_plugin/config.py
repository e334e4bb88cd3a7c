"""Typed options of the ``policies`` MkDocs plugin, and what a build derives from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from generator.model import NUMBERING_STYLES
from generator.releases import clock
from generator.releases.clock import BuildDateError

__all__ = ["BuildDateError", "DateOption", "PoliciesConfig", "build_date", "is_production"]


class DateOption(BaseConfigOption[dt.date | None]):
    """A date, written as YAML reads it (``2025-06-01``) or quoted (``"2025-06-01"``)."""

    def run_validation(self, value: Any) -> dt.date | None:
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValidationError(f"'{value}' is not a date: write it as YYYY-MM-DD")


class PoliciesConfig(Config):
    """``plugins: [policies: {...}]`` in mkdocs.yml."""

    policies_dir = c.Optional(c.Dir(exists=True))
    """Folder of companies and clauses; defaults to the site's ``docs_dir``."""
    numbering = c.Choice(NUMBERING_STYLES, default="decimal")
    """Numbering style of policies whose front matter sets none."""
    home_title = c.Type(str, default="Policies")
    """Title of the generated home page."""
    production = c.Optional(c.Type(bool))
    """Refuse unreleased changes instead of showing drafts; by default true when Netlify's
    ``CONTEXT`` is ``production``."""
    today = DateOption()
    """Build date that decides which version is current; by default the date of
    ``SOURCE_DATE_EPOCH`` if set, else today."""
    navigation_companies = c.Type(int, default=20)
    """Up to this many companies, every page's sidebar lists them all; beyond, a page lists
    the home page (the company index) and its own company's policies, so no page grows
    with the hub."""
    search = c.Choice(("material", "pagefind"), default="material")
    """``material``: Material's search plugin (``- search`` in ``plugins``), whose index
    every reader downloads whole. ``pagefind``: a chunked index written after the build
    and the generator's search page, with facets (company, policy, dated versions); a
    reader's query loads a few hundred kilobytes whatever the size of the site. For hubs
    of many companies; replaces Material's search plugin, which must then be removed."""
    pdf = c.Type(bool, default=True)
    """Publish a PDF of every released version beside its dated page (WeasyPrint, which
    needs Pango from the system); ``false`` for a site that wants none, or that builds
    where Pango cannot be installed."""
    cache_dir = c.Optional(c.Type(str))
    """Folder (relative to mkdocs.yml) keeping the rendering work of released versions and
    the finished pages of archived ones between builds; safe to delete between builds.
    Off when unset."""


def build_date(today: dt.date | None, environ: Mapping[str, str]) -> dt.date:
    """The option ``today``, else the day of ``SOURCE_DATE_EPOCH``, else the calendar's."""
    return today if today is not None else clock.today(environ)


def is_production(production: bool | None, environ: Mapping[str, str]) -> bool:
    """The option ``production``, else whether Netlify builds the production site."""
    if production is not None:
        return production
    return environ.get("CONTEXT") == "production"


def config_root(config_file_path: str | None) -> Path:
    """The folder of mkdocs.yml, which relative paths in its options start from."""
    return Path(config_file_path).parent if config_file_path else Path.cwd()
