"""Writing an import into ``policies/``: the policy file, and ``company.md`` for a new company.

An existing policy is replaced only when asked (``--force``); if it has released
versions, its change log (which records their hashes) is kept, so the archive
stays intact and the imported text becomes an unreleased draft. An existing
``company.md`` is never touched: its facts were checked by someone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.content import layout
from generator.content.files import check_writable, write_file
from generator.content.frontmatter import load_policy, read_document
from generator.content.library import display_path
from generator.errors import PolicyError
from generator.importer import ImportResult
from generator.model import Change


@dataclass(frozen=True)
class Written:
    """What :meth:`ImportTarget.write` wrote."""

    policy: Path
    company: Path | None
    """The proposed ``company.md``; None when the company had one already."""


@dataclass(frozen=True)
class ImportTarget:
    """Where an imported policy goes: ``<policies_dir>/<company>/<policy>.md``."""

    policies_dir: Path
    company: str
    policy: str
    root: Path
    """The folder paths in messages are relative to (the project root)."""

    @property
    def key(self) -> str:
        return f"{self.company}/{self.policy}"

    @property
    def policy_path(self) -> Path:
        return layout.policy_file(self.policies_dir, self.company, self.policy)

    @property
    def company_path(self) -> Path:
        return layout.company_file(self.policies_dir, self.company)

    def shown(self, path: Path) -> str:
        """``path`` as messages show it."""
        return display_path(path, self.root)

    def check_free(self, force: bool) -> None:
        """Refuse a missing policies folder, and an existing policy unless ``force``."""
        if not self.policies_dir.is_dir():
            raise PolicyError(
                None,
                f"{self.shown(self.policies_dir)}: policies folder not found",
                "run the command in the site's folder, or name the folder with --policies",
            )
        if self.policy_path.exists() and not force:
            raise PolicyError(
                None,
                f"{self.shown(self.policy_path)} exists already",
                "add --force to replace its text (released versions and their change log stay)",
            )

    def has_releases(self) -> bool:
        """True when the policy has archived versions."""
        archive = layout.archive_folder(self.policies_dir, self.company, self.policy)
        return archive.is_dir() and any(archive.glob("*.md"))

    def released_changes(self) -> tuple[Change, ...]:
        """The change log of a policy with archived versions (it holds their hashes), or ()."""
        if not self.has_releases() or not self.policy_path.is_file():
            return ()
        document = read_document(self.policy_path, self.shown(self.policy_path))
        return load_policy(document, self.company, self.policy).changes

    def write(self, result: ImportResult) -> Written:
        """Write the policy, and the proposed ``company.md`` if the company has none."""
        if self.policy_path == self.company_path:
            # check_slug refuses the name first; this guards the company's facts regardless.
            raise PolicyError(
                None, f"{self.shown(self.policy_path)} holds the company's facts, not a policy"
            )
        company: Path | None = None
        new_company = not self.company_path.exists()
        check_writable(self.policy_path, self.shown(self.policy_path))
        if new_company:
            check_writable(self.company_path, self.shown(self.company_path))
            # The company first: killed before the policy, the site still builds.
            write_file(
                self.company_path,
                result.company_markdown.encode("utf-8"),
                shown=self.shown(self.company_path),
                new=True,
            )
            company = self.company_path
        write_file(
            self.policy_path,
            result.policy_markdown.encode("utf-8"),
            shown=self.shown(self.policy_path),
        )
        return Written(self.policy_path, company)
