"""A folder of dated copies of one document, imported as that policy's release history.

The folder holds ``YYYY-MM-DD.md``, ``.html``, ``.htm`` or ``.txt`` files and
nothing else. The oldest copy becomes the first release at its date, each later
copy a new release at its own date with the summary "Imported copy of
YYYY-MM-DD", which marks it as an archive import in the change log; a copy whose
text did not change is skipped. Every copy is imported, and rendered with the
rest of the site (clauses expanded, sections numbered, cross-links resolved),
before anything is written: a copy that cannot be read or does not render stops
the command with nothing changed, naming the copy and its line, so that once the
copy is fixed the same command runs again.

Between releases the live file is rewritten from the next copy: the change log
the releases wrote (with their hashes) is carried over, and the copy's own
change-log lines are kept only where they fill the gap since the last release.

The releases are made in a scratch copy of the policies folder, and what they wrote
there reaches the real one as one journaled plan (:mod:`generator.releases.journal`):
an import stopped midway changed nothing, and one stopped while its files were written
is finished by ``policy-site release --finish``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.content.frontmatter import Document, load_company, load_policy, parse_document
from generator.content.library import Library, load_library
from generator.errors import PolicyError
from generator.importer import ImportResult, format_report, import_file
from generator.importer.write import ImportTarget
from generator.model import Change, NumberingStyle, SourceLocation
from generator.releases.journal import Plan, Write, apply, sha256_of
from generator.releases.release import release
from generator.site.live import render_library

_COPY_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})\.(?:md|html|htm|txt)$")
_NAMING = "name each copy YYYY-MM-DD.md, .html, .htm or .txt and keep nothing else in the folder"
SUMMARY_PREFIX = "Imported copy of "
"""How a release made from an archived copy starts its change-log summary."""


@dataclass(frozen=True)
class DatedCopy:
    """One copy of the document and the day it was in force from."""

    date: dt.date
    path: Path


def dated_copies(folder: Path) -> list[DatedCopy]:
    """The copies in ``folder``, oldest first; anything else there is refused."""
    if not folder.is_dir():
        raise PolicyError(None, f"{folder}: not a folder", "name a folder of dated copies")
    copies: dict[dt.date, DatedCopy] = {}
    for path in sorted(folder.iterdir()):
        match = _COPY_NAME.match(path.name)
        if match is None or not path.is_file():
            raise PolicyError(None, f"{path}: not a dated copy", _NAMING)
        try:
            date = dt.date.fromisoformat(match["date"])
        except ValueError:
            raise PolicyError(None, f"{path}: '{match['date']}' is not a date", _NAMING) from None
        if date in copies:
            raise PolicyError(
                None,
                f"{path}: a second copy of {date.isoformat()} (also {copies[date].path.name})",
                "keep one copy per date",
            )
        copies[date] = DatedCopy(date, path)
    if not copies:
        raise PolicyError(None, f"{folder}: no dated copies", _NAMING)
    return [copies[date] for date in sorted(copies)]


def import_history(
    folder: Path,
    target: ImportTarget,
    *,
    title: str | None = None,
    force: bool = False,
    numbering: NumberingStyle = "decimal",
    say: Callable[[str], None] = print,
) -> list[dt.date]:
    """Release every distinct copy in ``folder`` in date order; returns the release dates."""
    copies = dated_copies(folder)
    imported = [
        import_file(
            copy.path,
            company=target.company,
            policy=target.policy,
            title=title,
            effective=copy.date,
        )
        for copy in copies
    ]
    target.check_free(force)
    if target.has_releases():
        raise PolicyError(
            None,
            f"{target.key} has released versions already; import-history starts a new history",
            "import into a new policy name, or import the newer copy with 'import --force' "
            "and release it",
        )
    _check_copies(copies, imported, target, numbering)
    with tempfile.TemporaryDirectory(prefix="policy-site-import-") as scratch:
        staged = _staged(target, Path(scratch))
        released = _release_copies(copies, imported, staged, numbering, say)
        plan = _plan(staged, target)
    apply(target.policies_dir, plan, target.shown(target.policies_dir))
    return released


def _release_copies(
    copies: Sequence[DatedCopy],
    imported: Sequence[ImportResult],
    target: ImportTarget,
    numbering: NumberingStyle,
    say: Callable[[str], None],
) -> list[dt.date]:
    released: list[dt.date] = []
    carried: tuple[Change, ...] = ()
    previous: ImportResult | None = None
    for copy, result in zip(copies, imported, strict=True):
        say(f"== {copy.path.name}")
        if previous is not None and result.same_text_as(previous):
            say(f"skipped: same text as the copy of {released[-1].isoformat()}")
            continue
        say(format_report(result).rstrip("\n"))
        last = released[-1] if released else None
        written, summary = _as_release(result, copy.date, last, carried, say)
        target.write(written)
        library = load_library(target.policies_dir, target.root)
        # A text that breaks the site (a cross-link into it, say) must fail before it is archived.
        render_library(library, numbering)
        done = release(
            library, target.key, effective=copy.date, summary=summary, default_numbering=numbering
        )
        say(
            f"released {target.key} effective {copy.date.isoformat()}: "
            f"{target.shown(done.path)} (sha256 {done.sha256[:12]})"
        )
        released.append(copy.date)
        carried = target.released_changes()
        previous = result
    return released


def _staged(target: ImportTarget, scratch: Path) -> ImportTarget:
    """``target`` in a copy of its policies folder below ``scratch``, at the same place
    relative to the root, so that messages name the files as they will be."""
    try:
        relative = target.policies_dir.resolve().relative_to(target.root.resolve())
    except ValueError:
        relative = Path(target.policies_dir.name)
    # A root of its own below the scratch folder: the policies folder may be the root.
    root = scratch / "root"
    policies = root / relative
    # Symbolic links stay links: loading the copy refuses them as it would the original.
    shutil.copytree(target.policies_dir, policies, symlinks=True)
    return dataclasses.replace(target, policies_dir=policies, root=root)


def _plan(staged: ImportTarget, target: ImportTarget) -> Plan:
    """What the releases in ``staged`` wrote, as one plan for the real policies folder:
    every file of the company's folder that is new or changed there."""
    writes = []
    company = staged.policies_dir / target.company
    for path in sorted(company.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(staged.policies_dir).as_posix()
        content = path.read_bytes()
        real = target.policies_dir / relative
        if real.is_file():
            current = real.read_bytes()
            if current != content:
                writes.append(Write(relative, content, sha256_of(current)))
        else:
            writes.append(Write(relative, content, None))
    return Plan(f"the import of the history of {target.key}", tuple(writes))


def _check_copies(
    copies: Sequence[DatedCopy],
    imported: Sequence[ImportResult],
    target: ImportTarget,
    numbering: NumberingStyle,
) -> None:
    """Render the site with each copy as the live policy, in memory: what would stop the
    import midway stops it before the first file is written, at the copy's own line."""
    library = load_library(target.policies_dir, target.root)
    for copy, result in zip(copies, imported, strict=True):
        candidate, document = _with_copy(library, target, result)
        try:
            render_library(candidate, numbering)
        except PolicyError as error:
            raise _in_copy(error, document, result, target.shown(copy.path)) from None


def _with_copy(
    library: Library, target: ImportTarget, result: ImportResult
) -> tuple[Library, Document]:
    """``library`` with ``result`` as the target policy (and its proposed company, for a
    new one), as it would be loaded once written; and the policy's parsed file."""
    shown = target.shown(target.policy_path)
    document = parse_document(result.policy_markdown, target.policy_path, shown)
    policy = load_policy(document, target.company, target.policy)
    companies = dict(library.companies)
    if target.company not in companies:
        proposed = parse_document(
            result.company_markdown, target.company_path, target.shown(target.company_path)
        )
        companies[target.company] = load_company(proposed, target.company)
    candidate = dataclasses.replace(
        library,
        companies=companies,
        policies={**library.policies, policy.key: policy},
        sources={**library.sources, shown: document.padded_body()},
    )
    return candidate, document


def _in_copy(
    error: PolicyError, document: Document, result: ImportResult, copy: str
) -> PolicyError:
    """``error`` at the line of the copy that the policy file's line came from; an error
    elsewhere (another policy linking into this one) says which copy was imported."""

    def moved(location: SourceLocation) -> SourceLocation:
        if location.path != document.display_path:
            return location
        return SourceLocation(copy, result.source_line(location.line - document.body_line))

    if error.location is None or error.location.path != document.display_path:
        message = f"{error.message} (with the copy {copy} imported)"
        return PolicyError(error.location, message, error.hint, error.chain)
    chain = [moved(location) for location in error.chain]
    return PolicyError(moved(error.location), error.message, error.hint, chain)


def _as_release(
    result: ImportResult,
    date: dt.date,
    last_release: dt.date | None,
    carried: Sequence[Change],
    say: Callable[[str], None],
) -> tuple[ImportResult, str]:
    """The copy with the history so far as its change log, and its release summary.

    The copy's own change-log lines between the last release and its date are
    kept (they say what changed in between); lines of its own date go into the
    summary, since the release is that day's entry.
    """
    own = [
        Change(entry["date"], entry["summary"]) for entry in result.front_matter.get("changes", [])
    ]
    between = [
        change
        for change in own
        if change.date < date and (last_release is None or change.date > last_release)
    ]
    same_day = [change.summary for change in own if change.date == date]
    later = [change.date.isoformat() for change in own if change.date > date]
    if later:
        say(f"left out change-log entries dated after the copy: {', '.join(later)}")
    summary = f"{SUMMARY_PREFIX}{date.isoformat()}" + (
        f": {' '.join(same_day)}" if same_day else ""
    )
    return result.with_changes([*between, *carried]), summary
