"""A synthetic policy hub: C companies x P policies x V released versions.

Every company is a copy of one of the repository's sample companies (its facts
and the bodies of its policies, which reuse the shared clause library), renamed
and numbered. Before each release, seeded word substitutions (and now and then
a new sentence or section) change the live text, so no two pages are alike;
each version is then released through :func:`generator.releases.release.release`, the
code path of ``policy-site release``, so snapshots, hashes, change logs, history
and comparison pages are all real.

Each policy ends with a section that cross-links the company's privacy policy
and the privacy policy of an *earlier* company, so archived versions link to the
version of their target in force on their date.

The releases of each policy are spread from :data:`FIRST_RELEASE` to before
:data:`BUILD_DAY`, so a hub's versions depend on how many it has: a hub with
fewer versions is generated on its own, never cut out of a bigger one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.content.frontmatter import read_document
from generator.content.library import CLAUSES_DIR, COMPANY_FILE, load_library
from generator.model import Archive
from generator.releases.release import release

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_POLICIES = ROOT / "policies"

FIRST_RELEASE = dt.date(2008, 1, 1)
BUILD_DAY = dt.date(2026, 6, 1)
"""The build date of every benchmark build: after the last release, so all are in force."""

POLICY_NAMES: tuple[tuple[str, str], ...] = (
    ("privacy", "Privacy Policy"),
    ("cookies", "Cookie Policy"),
    ("terms", "Terms of Service"),
    ("acceptable-use", "Acceptable Use Policy"),
    ("data-processing", "Data Processing Addendum"),
    ("security", "Security Statement"),
    ("accessibility", "Accessibility Statement"),
    ("children", "Children's Privacy Notice"),
    ("copyright", "Copyright Policy"),
    ("refunds", "Refund Policy"),
)

_VOCABULARY = (
    "information", "details", "records", "services", "customers", "visitors", "partners",
    "providers", "requests", "purposes", "measures", "systems", "accounts", "agreements",
    "notices", "practices", "procedures", "controls", "safeguards", "obligations", "promptly",
    "securely", "lawfully", "reasonably", "carefully", "regularly", "necessary", "relevant",
    "appropriate", "available", "applicable", "personal", "technical", "contractual",
)  # fmt: skip
_SENTENCES = (
    "We review these {w} every {n} months.",
    "Requests about {w} are answered within {n} days.",
    "Our staff receive training on {w} at least every {n} months.",
    "Where the law requires it, we keep {w} for {n} years.",
    "We tell you about material changes to our {w} {n} days in advance.",
)
_WORD = re.compile(r"(?<![\w/.@-])[a-z]{5,}(?![\w/@-])")
_ABOUT_ID = "about-this-document"


@dataclass(frozen=True)
class HubSize:
    """How many companies, policies per company and released versions per policy."""

    companies: int
    policies: int
    versions: int

    @property
    def pages(self) -> int:
        """Pages of the built site: home; per company its page and, per policy, the current
        page, one page per version, one comparison per later version and the history."""
        return 1 + self.companies * (1 + self.policies * (2 * self.versions + 1))

    @property
    def version_pages(self) -> int:
        """Dated pages of released versions (the current one included)."""
        return self.companies * self.policies * self.versions

    def __str__(self) -> str:
        return f"{self.companies}x{self.policies}x{self.versions}"


def size_for_pages(pages: int, companies: int, policies: int) -> HubSize:
    """The hub of ``companies`` x ``policies`` closest to ``pages`` pages: its released
    versions per policy (at least one) are what ``pages`` chooses."""
    versions = ((pages - 1) / companies - 1) / policies
    return HubSize(companies, policies, max(1, round((versions - 1) / 2)))


@dataclass(frozen=True)
class _Template:
    """A sample policy to copy: its front matter (without history) and body."""

    meta: dict[str, Any]
    body: str


@dataclass(frozen=True)
class _Base:
    """A sample company: its ``company.md`` front matter and body, and its policies."""

    slug: str
    meta: dict[str, Any]
    body: str
    policies: tuple[_Template, ...]


def _sample_companies(sample: Path) -> list[_Base]:
    library = load_library(sample, sample.parent)
    bases = []
    for slug in library.companies:
        company = read_document(sample / slug / COMPANY_FILE, f"{slug}/{COMPANY_FILE}")
        templates = []
        policies = library.company_policies(slug)
        # The privacy policy first: it is the one every other policy links to.
        policies.sort(key=lambda policy: policy.slug != "privacy")
        for policy in policies:
            document = read_document(policy.path, policy.display_path)
            meta = {
                name: value
                for name, value in document.metadata.items()
                if name not in ("changes", "effective", "title")
            }
            templates.append(_Template(meta, document.body))
        bases.append(_Base(slug, dict(company.metadata), company.body, tuple(templates)))
    return bases


def company_slug(base: str, index: int) -> str:
    return f"{base}-{index:04d}"


def _policy_name(index: int) -> tuple[str, str]:
    if index < len(POLICY_NAMES):
        return POLICY_NAMES[index]
    return f"policy-{index + 1}", f"Policy {index + 1}"


MAX_VERSIONS = (BUILD_DAY - FIRST_RELEASE).days - 1
"""The most versions per policy whose release days all fit before :data:`BUILD_DAY`."""


def _release_day(version: int, company: int, policy: int, size: HubSize) -> dt.date:
    """Versions spread over the years before :data:`BUILD_DAY` (at most a year apart), each
    policy on its own days.

    Version ``v`` is released ``v * step + offset`` days after :data:`FIRST_RELEASE`, with
    ``offset < step / 2`` fixed per policy: its days are distinct and the last,
    ``(versions - 1) * step + offset``, comes before ``(versions + 1) * step``, which is no
    later than :data:`BUILD_DAY`.
    """
    if not 0 <= version < size.versions <= MAX_VERSIONS:
        raise ValueError(f"version {version} of {size.versions} (at most {MAX_VERSIONS})")
    step = max(1, min(365, (BUILD_DAY - FIRST_RELEASE).days // (size.versions + 1)))
    offset = (company * 37 + policy * 11) % max(1, step // 2)
    return FIRST_RELEASE + dt.timedelta(days=version * step + offset)


def _front_matter(meta: dict[str, Any]) -> str:
    dumped = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{dumped}---\n"


def _about_section(company: int, policy: int, title: str, bases: Sequence[_Base]) -> str:
    links = []
    if policy > 0:
        links.append("It complements [§ privacy#about-this-document].")
    if company > 0:
        parent = (company - 1) // 2
        other = company_slug(bases[parent % len(bases)].slug, parent)
        links.append(f"Group-wide commitments are set out in [§ {other}/privacy#{_ABOUT_ID}].")
    return (
        f"\n\n## About this document {{#{_ABOUT_ID}}}\n\n"
        f"This {title} is one of the texts {{{{ company.name }}}} publishes on this site. "
        + " ".join(links)
        + "\n"
    )


def _editable_lines(lines: Sequence[str]) -> Iterator[int]:
    """Lines of plain prose: no headings, tags, tables, links, addresses or code."""
    fenced = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or not stripped or stripped.startswith(("#", "|", "<", "{", ">")):
            continue
        if any(mark in line for mark in ("{", "}", "[", "]", "<", "://", "@", "`", "|")):
            continue
        if _WORD.search(line):
            yield index


def vary(body: str, rng: random.Random, *, section_id: str | None = None) -> str:
    """Change a few words (and sometimes add a sentence or a section) of a policy body."""
    lines = body.split("\n")
    editable = list(_editable_lines(lines))
    if not editable:
        raise ValueError("no prose line to vary")
    for _ in range(1 + rng.randrange(3)):
        index = rng.choice(editable)
        words = list(_WORD.finditer(lines[index]))
        word = rng.choice(words)
        replacement = rng.choice([w for w in _VOCABULARY if w != word.group(0)])
        lines[index] = lines[index][: word.start()] + replacement + lines[index][word.end() :]
    if rng.random() < 0.3:
        index = rng.choice(editable)
        sentence = rng.choice(_SENTENCES).format(w=rng.choice(_VOCABULARY), n=rng.randint(2, 36))
        lines[index] = lines[index].rstrip() + " " + sentence
    text = "\n".join(lines)
    if section_id is not None and rng.random() < 0.15:
        # A new section before the closing one: comparisons then show an added section
        # and every later number moves.
        heading = f"\n\n## Update {section_id.removeprefix('update-')} {{#{section_id}}}\n\n"
        sentence = rng.choice(_SENTENCES).format(w=rng.choice(_VOCABULARY), n=rng.randint(2, 36))
        marker = f"\n\n## About this document {{#{_ABOUT_ID}}}"
        text = text.replace(marker, heading + sentence + marker, 1)
    return text


def _edit_live_body(path: Path, rng: random.Random, section_id: str | None) -> None:
    text = path.read_text(encoding="utf-8")
    closing = text.index("\n---\n", 4) + len("\n---\n")
    path.write_text(text[:closing] + vary(text[closing:], rng, section_id=section_id), "utf-8")


def _write_companies(policies_dir: Path, size: HubSize, bases: Sequence[_Base]) -> None:
    shutil.copytree(SAMPLE_POLICIES / CLAUSES_DIR, policies_dir / CLAUSES_DIR)
    for company in range(size.companies):
        base = bases[company % len(bases)]
        slug = company_slug(base.slug, company)
        folder = policies_dir / slug
        folder.mkdir(parents=True)
        meta = dict(base.meta)
        meta["name"] = f"{base.meta['name']} {company + 1}"
        meta["legal_name"] = f"{base.meta['legal_name']} {company + 1}"
        (folder / COMPANY_FILE).write_text(_front_matter(meta) + base.body, "utf-8")
        for policy in range(size.policies):
            name, title = _policy_name(policy)
            template = base.policies[policy % len(base.policies)]
            meta = {"title": title, "effective": FIRST_RELEASE, **template.meta}
            body = template.body.rstrip() + _about_section(company, policy, title, bases)
            (folder / f"{name}.md").write_text(_front_matter(meta) + body, "utf-8")


def generate_hub(policies_dir: Path, size: HubSize, seed: int = 1) -> None:
    """Write a hub of ``size`` below ``policies_dir`` (which must not exist) and release it."""
    if size.versions > MAX_VERSIONS:
        raise ValueError(f"at most {MAX_VERSIONS} versions per policy fit before {BUILD_DAY}")
    bases = _sample_companies(SAMPLE_POLICIES)
    _write_companies(policies_dir, size, bases)
    root = policies_dir.parent
    for version in range(size.versions):
        for company in range(size.companies):
            slug = company_slug(bases[company % len(bases)].slug, company)
            for index in range(size.policies):
                name, _ = _policy_name(index)
                day = _release_day(version, company, index, size)
                rng = random.Random(f"{seed}:{slug}:{name}:{version}")
                section_id = f"update-{day.isoformat()}" if version else None
                _edit_live_body(policies_dir / slug / f"{name}.md", rng, section_id)
        library = load_library(policies_dir, root)
        slugs = [_policy_name(index)[0] for index in range(size.policies)]
        for key, policy in library.policies.items():
            company_index = int(policy.company.rsplit("-", 1)[1])
            policy_index = slugs.index(policy.slug)
            # A library of this one policy: a release renders only the policy it freezes.
            single = dataclasses.replace(
                library,
                policies={key: policy},
                archives={key: library.archives.get(key, Archive())},
            )
            day = _release_day(version, company_index, policy_index, size)
            release(
                single,
                key,
                effective=day,
                summary="First version." if version == 0 else f"Wording changes ({version + 1}).",
                recorded=day,
            )


def edit_one_policy(policies_dir: Path, seed: int = 1) -> str:
    """Change a few words of the first company's privacy policy, unreleased; its key."""
    folder = min(
        (entry for entry in policies_dir.iterdir() if entry.is_dir() and entry.name != CLAUSES_DIR),
        key=lambda entry: int(entry.name.rsplit("-", 1)[1]),
    )
    _edit_live_body(folder / "privacy.md", random.Random(f"{seed}:edit"), None)
    return f"{folder.name}/privacy"
