"""Typed options of the ``policies`` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from generator.model import NUMBERING_STYLES


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
    today = c.Optional(c.Type(str))
    """Build date (YYYY-MM-DD) that decides which version is current; by default the date of
    ``SOURCE_DATE_EPOCH`` if set, else today."""
    cache_dir = c.Optional(c.Type(str))
    """Folder (relative to mkdocs.yml) keeping the rendering work of released versions and
    the finished pages of archived ones between builds; safe to delete between builds.
    Off when unset."""
