"""The two sites a benchmark compares, side by side in one folder.

``mkdocs.yml`` builds ``policies/`` with the ``policies`` plugin (a); ``plain.yml``
builds ``plain/``, the very Markdown the plugin produces for every page written
out as files, with mkdocs-material and its search only (b). Both have the same
theme, extensions, assets and navigation (home, company pages, current
policies; dated versions, comparisons and histories are outside it), and the
pages the plugin keeps out of the search are kept out of it in (b) too.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.hub import BUILD_DAY, ROOT
from generator.publish.build import ASSETS, BuildOptions, asset_path, build_site
from generator.text.markdown import MARKDOWN_EXTENSIONS

HOME_TITLE = "Policies"
PLUGIN_CONFIG = "mkdocs.yml"
CACHED_CONFIG = "cached.yml"
"""The same site with the plugin's ``cache_dir``."""
PLAIN_CONFIG = "plain.yml"
PLAIN_DOCS = "plain"


class _ProjectLoader(yaml.SafeLoader):
    """Reads the project's mkdocs.yml, whose ``!ENV`` values the benchmark does not need."""


_ProjectLoader.add_constructor("!ENV", lambda loader, node: None)


@dataclass(frozen=True)
class Look:
    """What both sites take from the project's ``mkdocs.yml``: theme and Markdown set-up."""

    theme: Mapping[str, Any]
    markdown_extensions: Sequence[Any]
    extra_css: Sequence[str]

    @property
    def features(self) -> list[str]:
        return list(self.theme.get("features") or [])

    def with_features(self, features: Sequence[str]) -> Look:
        return dataclasses.replace(self, theme={**self.theme, "features": list(features)})


def project_look() -> Look:
    """The theme, extensions and stylesheets of the repository's own site."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_ProjectLoader)
    return Look(
        dict(config["theme"]),
        list(config.get("markdown_extensions") or []),
        list(config.get("extra_css") or []),
    )


def _config(look: Look, **settings: Any) -> str:
    # No site_url: neither build writes canonical links or print addresses.
    base: dict[str, Any] = {
        "site_name": "Policy hub",
        "strict": True,
        "theme": dict(look.theme),
        "markdown_extensions": list(look.markdown_extensions),
        "extra_css": list(look.extra_css),
    }
    return yaml.safe_dump({**base, **settings}, sort_keys=False)


def write_plugin_site(
    site: Path,
    look: Look,
    plugin_options: Mapping[str, Any],
    name: str = PLUGIN_CONFIG,
    *,
    search: bool = True,
) -> Path:
    """``mkdocs.yml`` (or ``name``) for the hub in ``site/policies`` with the plugin, and
    Material's search plugin unless ``search`` is false (``search: pagefind``); its path."""
    _copy_overrides(site)
    config = site / name
    config.write_text(
        _config(
            look,
            docs_dir="policies",
            plugins=[
                *(["search"] if search else []),
                {"policies": {"today": BUILD_DAY.isoformat(), **plugin_options}},
            ],
        ),
        "utf-8",
    )
    return config


def write_plain_site(site: Path, look: Look) -> Path:
    """``plain.yml`` and ``plain/``: the plugin's pages as files, without the plugin."""
    _copy_overrides(site)
    docs = site / PLAIN_DOCS
    if docs.exists():
        shutil.rmtree(docs)
    built = build_site(
        BuildOptions(site / "policies", site, BUILD_DAY, production=True, home_title=HOME_TITLE)
    )
    for page in built.policy_pages.values():
        meta: dict[str, Any] = {"title": page.title}
        if not page.indexed:
            meta["search"] = {"exclude": True}
        _write(docs / page.src_uri, _front_matter(meta) + page.markdown)
    for page in built.hub_pages:
        _write(docs / page.src_uri, page.markdown)
    published = {file.path: file.content for file in built.files}
    assets = [asset_path(name) for name in ASSETS if asset_path(name) in published]
    for path in assets:
        _write(docs / path, published[path].decode("utf-8"))
    config = site / PLAIN_CONFIG
    config.write_text(
        _config(
            dataclasses.replace(look, markdown_extensions=_with_plugin_extensions(look)),
            docs_dir=PLAIN_DOCS,
            plugins=["search"],
            extra_css=[*look.extra_css, assets[0]],
            extra_javascript=[assets[1]],
            nav=built.nav,
        ),
        "utf-8",
    )
    return config


def _with_plugin_extensions(look: Look) -> list[Any]:
    """The site's extensions plus any the plugin would add (as its ``on_config`` does)."""
    named = {
        item if isinstance(item, str) else next(iter(item)) for item in look.markdown_extensions
    }
    missing = [name for name in MARKDOWN_EXTENSIONS if name not in named]
    return [*look.markdown_extensions, *missing]


def _front_matter(meta: Mapping[str, Any]) -> str:
    # JSON is YAML: titles with colons or quotes stay one safe line.
    lines = [f"{name}: {json.dumps(value)}" for name, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def _copy_overrides(site: Path) -> None:
    if not (site / "overrides").exists():
        shutil.copytree(ROOT / "overrides", site / "overrides")
