"""The content model: frozen dataclasses, no behaviour beyond derived names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

NumberingStyle = Literal["none", "decimal", "letter"]
NUMBERING_STYLES: tuple[NumberingStyle, ...] = ("none", "decimal", "letter")


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A line in a file, shown as ``path:line`` with the path relative to the project."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Change:
    """One change-log entry of a policy."""

    date: dt.date
    summary: str
    sections: tuple[str, ...] = ()
    editorial: bool = False
    sha256: str | None = None
    """Hash of the archived snapshot this entry released; None when its text was never archived."""
    amended: dt.date | None = None
    """Day its summary was last amended (``policy-site amend``), recorded in the archive."""


@dataclass(frozen=True)
class SourceInfo:
    """Where an imported text came from (e.g. a web-archive capture)."""

    url: str | None = None
    captured: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Company:
    """A company and its facts, from ``policies/<slug>/company.md``."""

    slug: str
    name: str
    legal_name: str
    path: Path
    display_path: str
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    address: tuple[str, ...] = ()
    jurisdiction: str | None = None
    description: str | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)
    body: str = ""

    def template_facts(self) -> dict[str, Any]:
        """Every fact by name, as templates see them under ``company``."""
        facts: dict[str, Any] = {
            "slug": self.slug,
            "name": self.name,
            "legal_name": self.legal_name,
            "website": self.website,
            "email": self.email,
            "phone": self.phone,
            "address": list(self.address),
            "jurisdiction": self.jurisdiction,
            "description": self.description,
        }
        facts.update(self.facts)
        return facts


@dataclass(frozen=True)
class Policy:
    """A live policy, from ``policies/<company>/<slug>.md``."""

    company: str
    slug: str
    title: str
    effective: dt.date
    numbering: NumberingStyle | None
    path: Path
    display_path: str
    body_line: int
    """Line of the file on which the Markdown body starts (after the front matter)."""
    description: str | None = None
    changes: tuple[Change, ...] = ()
    source: SourceInfo | None = None
    variables: Mapping[str, Any] = field(default_factory=dict)
    lines: Mapping[tuple[str | int, ...], int] = field(
        default_factory=dict, compare=False, repr=False
    )
    """File line of each front-matter key and list item, by its path (``("changes", 0)``)."""

    @property
    def key(self) -> str:
        """``company/policy``, the name a policy goes by in commands and cross-links."""
        return f"{self.company}/{self.slug}"


@dataclass(frozen=True)
class Parameter:
    """A parameter of a shared clause; ``required`` when it has no default."""

    name: str
    description: str = ""
    required: bool = True
    default: Any = None


@dataclass(frozen=True)
class Clause:
    """A shared clause, from ``policies/clauses/<name>.md``."""

    name: str
    title: str
    path: Path
    display_path: str
    body_line: int
    description: str | None = None
    parameters: Mapping[str, Parameter] = field(default_factory=dict)
    when: str | None = None
    when_line: int = 1


@dataclass(frozen=True)
class Section:
    """A numbered (or unnumbered) section of a rendered policy."""

    id: str
    title: str
    """The heading's Markdown text, without number or attributes."""
    level: int
    depth: int
    number: str
    """Generated number without trailing dot ("4", "2a", "1.2"); empty when unnumbered."""
    location: SourceLocation

    @property
    def label(self) -> str:
        """The number as shown in a heading ("4.", "2a.")."""
        return f"{self.number}." if self.number else ""


@dataclass(frozen=True)
class Snapshot:
    """A released text, frozen in ``policies/<company>/archive/<policy>/``.

    ``<date>.md`` is the text released for ``effective``; a correction of it
    (``release --editorial``) is ``<date>.revision-<n>.md``, beside it: published
    texts are never replaced. Its body is the policy with clauses expanded and
    variables substituted; cross-links stay as ``[§ id]`` so they resolve against
    the versions of other policies in force on ``effective``.
    """

    company: str
    policy: str
    effective: dt.date
    title: str
    numbering: NumberingStyle
    path: Path
    display_path: str
    body: str
    body_line: int
    sha256: str
    """Hash of the file as it is on disk now."""
    summary: str = ""
    description: str | None = None
    source: SourceInfo | None = None
    inputs: Mapping[str, str] = field(default_factory=dict)
    """Hash of every input it was resolved from: ``policy``, ``company``, ``clauses/<name>``."""
    revision: int = 1
    """1 for the text released for ``effective``, 2 and up for its corrections."""
    corrects: str | None = None
    """Hash of the revision a correction replaces."""
    sections: tuple[str, ...] | None = None
    """Ids of the sections its change-log entry names (None in snapshots of before 2026-12)."""
    editorial: bool | None = None
    recorded: dt.date | None = None
    """Day it was released (None in snapshots of before 2026-12)."""
    chain: Chain | None = None
    """Its place in the archive's record (None in snapshots of before 2026-12, which
    the archive's seal lists instead)."""
    history: tuple[Change, ...] = ()
    """Change-log entries of earlier texts that were never archived (an imported history),
    which entered the change log before this release: it records them, newest first."""

    @property
    def key(self) -> str:
        return f"{self.company}/{self.policy}"


@dataclass(frozen=True)
class Chain:
    """A record's link to the record released before it, in the policy's archive."""

    previous: str | None
    """Hash of the record file released just before this one; None for the first."""


@dataclass(frozen=True)
class Amendment:
    """A recorded fix of a released change-log entry's summary (``policy-site amend``),
    in ``archive/<policy>/<date>.amendment-<n>.md``."""

    company: str
    policy: str
    effective: dt.date
    number: int
    amends: str
    """Hash of the snapshot whose change-log entry it fixes."""
    summary: str
    sections: tuple[str, ...] | None
    recorded: dt.date
    chain: Chain
    path: Path
    display_path: str
    sha256: str


@dataclass(frozen=True)
class Seal:
    """The start of a policy's record, ``archive/<policy>/seal.md``: the snapshots and
    change-log entries that existed before records were chained, as they were then."""

    company: str
    policy: str
    files: Mapping[str, str]
    """File name of each earlier snapshot and its hash."""
    entries: tuple[Change, ...]
    """The change-log entries that no chained record covers, newest first."""
    recorded: dt.date
    path: Path
    display_path: str
    sha256: str


@dataclass(frozen=True)
class Archive:
    """Everything in a policy's archive folder."""

    snapshots: tuple[Snapshot, ...] = ()
    """Every released text, by effective date, then revision."""
    amendments: tuple[Amendment, ...] = ()
    seal: Seal | None = None
