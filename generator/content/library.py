"""Reads ``policies/`` into the content model: companies, policies, clauses."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.content.frontmatter import (
    CLAUSE_FIELDS,
    COMPANY_FIELDS,
    POLICY_FIELDS,
    Document,
    Field,
    check_slug,
    load_amendment,
    load_clause,
    load_company,
    load_policy,
    load_seal,
    load_snapshot,
    read_document,
)
from generator.content.layout import (
    ARCHIVE_DIR,
    CLAUSES_DIR,
    COMPANY_FILE,
    JOURNAL_FILE,
    SUFFIX,
    record_name,
)
from generator.content.placeholders import check_no_placeholders
from generator.content.safety import check_no_symlinks
from generator.errors import PolicyError
from generator.model import (
    Amendment,
    Archive,
    Clause,
    Company,
    Policy,
    Seal,
    Snapshot,
    SourceLocation,
)


@dataclass(frozen=True)
class Library:
    """Everything under ``policies/``, validated."""

    policies_dir: Path
    companies: Mapping[str, Company]
    policies: Mapping[str, Policy]
    """By key, ``company/policy``, in folder order."""
    clauses: Mapping[str, Clause]
    sources: Mapping[str, str]
    """Padded Markdown body of every policy and clause, by display path."""
    archives: Mapping[str, Archive]
    """What each policy's archive folder holds."""

    @functools.cached_property
    def snapshots(self) -> dict[str, tuple[Snapshot, ...]]:
        """Every released text of each policy, by effective date, then revision."""
        return {key: archive.snapshots for key, archive in self.archives.items()}

    def company_names(self) -> dict[str, str]:
        return {slug: company.name for slug, company in self.companies.items()}

    def company_policies(self, company: str) -> list[Policy]:
        return [policy for policy in self.policies.values() if policy.company == company]


def display_path(path: Path, root: Path) -> str:
    """``path`` as shown in messages: relative to the project root when it is below it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_library(
    policies_dir: Path, root: Path | None = None, *, placeholders: bool = False
) -> Library:
    """Read and validate every company, policy and clause below ``policies_dir``.

    ``root`` is the folder paths in messages are relative to (the project root,
    by default the parent of ``policies_dir``). A placeholder left by ``policy-site new``
    is an error at its line unless ``placeholders`` reads a draft on purpose (the clause
    catalogue does; nothing that publishes may).
    """
    root = root if root is not None else policies_dir.parent
    if not policies_dir.is_dir():
        raise PolicyError(None, f"{display_path(policies_dir, root)}: policies folder not found")
    check_no_symlinks(policies_dir, root)
    _check_no_journal(policies_dir, root)
    sources: dict[str, str] = {}
    clauses: dict[str, Clause] = {}
    companies: dict[str, Company] = {}
    policies: dict[str, Policy] = {}
    archives: dict[str, Archive] = {}

    clauses_dir = policies_dir / CLAUSES_DIR
    if clauses_dir.is_dir():
        for path in sorted(clauses_dir.rglob("*.md")):
            name = path.relative_to(clauses_dir).with_suffix("").as_posix()
            document = _read(path, root, CLAUSE_FIELDS, placeholders)
            clauses[name] = load_clause(document, name)
            sources[document.display_path] = document.padded_body()

    for entry in sorted(policies_dir.iterdir()):
        if entry.name.startswith((".", "_")) or entry.name == CLAUSES_DIR:
            continue
        shown = display_path(entry, root)
        if entry.is_file():
            if entry.suffix == ".md":
                raise PolicyError(
                    SourceLocation(shown, 1),
                    "unexpected page at the top of the policies folder",
                    "the home page is generated; put policies in a company folder "
                    "(policies/<company>/<policy>.md)",
                )
            continue
        check_slug(SourceLocation(shown, 1), entry.name, "company folder")
        company_file = entry / COMPANY_FILE
        if not company_file.is_file():
            raise PolicyError(
                SourceLocation(display_path(company_file, root), 1),
                f"company folder '{entry.name}' has no {COMPANY_FILE}",
                "add one with at least 'name' and 'legal_name' in its front matter",
            )
        document = _read(company_file, root, COMPANY_FIELDS, placeholders)
        companies[entry.name] = load_company(document, entry.name)
        for path in sorted(entry.iterdir()):
            if path.name == COMPANY_FILE or path.name.startswith((".", "_")):
                continue
            if path.is_dir():
                _check_no_pages(path, root)
                continue
            if path.suffix != ".md":
                continue
            document = _read(path, root, POLICY_FIELDS, placeholders)
            check_slug(SourceLocation(document.display_path, 1), path.stem, "policy file")
            policy = load_policy(document, entry.name, path.stem)
            policies[policy.key] = policy
            sources[document.display_path] = document.padded_body()
        archives.update(_load_archive(entry, root, policies))
    return Library(policies_dir, companies, policies, clauses, sources, archives)


def _read(path: Path, root: Path, fields: Sequence[Field], placeholders: bool) -> Document:
    """A live file's document; a placeholder left in it is an error unless allowed."""
    document = read_document(path, display_path(path, root))
    if not placeholders:
        check_no_placeholders(document, fields)
    return document


def _load_archive(
    company_dir: Path, root: Path, policies: Mapping[str, Policy]
) -> dict[str, Archive]:
    archive = company_dir / ARCHIVE_DIR
    found: dict[str, Archive] = {}
    if not archive.is_dir():
        return found
    for policy_dir in sorted(archive.iterdir()):
        if not policy_dir.is_dir() or policy_dir.name.startswith("."):
            continue
        key = f"{company_dir.name}/{policy_dir.name}"
        records = [
            _load_record(path, root, company_dir.name, policy_dir.name, key in policies)
            for path in sorted(policy_dir.glob("*.md"))
        ]
        snapshots = sorted(
            (r for r in records if isinstance(r, Snapshot)),
            key=lambda snapshot: (snapshot.effective, snapshot.revision),
        )
        found[key] = Archive(
            tuple(snapshots),
            tuple(r for r in records if isinstance(r, Amendment)),
            next((r for r in records if isinstance(r, Seal)), None),
        )
    return found


def _load_record(
    path: Path, root: Path, company: str, policy: str, has_policy: bool
) -> Snapshot | Amendment | Seal:
    """One file of an archive folder: a snapshot, an amendment or the seal."""
    document = read_document(path, display_path(path, root))
    location = SourceLocation(document.display_path, 1)
    if not has_policy:
        live = display_path(path.parent.parent.parent / f"{policy}{SUFFIX}", root)
        raise PolicyError(
            location,
            f"archived versions of '{company}/{policy}' exist but its live policy file is missing",
            f"restore {live} from git; published versions stay online",
        )
    name = record_name(path.name)
    if name is None:
        raise PolicyError(
            location,
            "unexpected file in an archive folder",
            "archive folders hold what 'policy-site release' writes (YYYY-MM-DD.md, "
            "YYYY-MM-DD.revision-N.md, YYYY-MM-DD.amendment-N.md, seal.md); move it elsewhere",
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if name.kind == "seal":
        return load_seal(document, company, policy, digest)
    if name.kind == "amendment":
        return load_amendment(document, company, policy, digest, name)
    return load_snapshot(document, company, policy, digest, name)


def _check_no_journal(policies_dir: Path, root: Path) -> None:
    """A command that was interrupted left its plan: nothing is read until it is finished."""
    journal = policies_dir / JOURNAL_FILE
    if journal.exists():
        raise PolicyError(
            SourceLocation(display_path(journal, root), 1),
            "a release (or another change of policy-site) was interrupted before it was finished",
            "finish it with 'policy-site release --finish': it writes the files that are "
            "missing, nothing is lost",
        )


def _check_no_pages(folder: Path, root: Path) -> None:
    """Sub-folders of a company hold assets (or the archive), never stray pages."""
    if folder.name == ARCHIVE_DIR:
        return
    for path in sorted(folder.rglob("*.md")):
        raise PolicyError(
            SourceLocation(display_path(path, root), 1),
            "unexpected Markdown file in a company sub-folder",
            "policies are files directly in the company folder: policies/<company>/<policy>.md",
        )
