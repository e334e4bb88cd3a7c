"""``policy-site``: the command line for editors."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import os
import shlex
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from generator.content.files import locked
from generator.content.frontmatter import parse_document
from generator.content.layout import CLAUSES_DIR, COMPANY_FILE
from generator.content.library import Library, display_path, load_library
from generator.content.placeholders import find_placeholders
from generator.content.scaffold import (
    CompanyFacts,
    Key,
    PolicyStart,
    check_facts,
    company_path,
    company_text,
    parse_key,
    policy_path,
    policy_text,
)
from generator.errors import PolicyError, did_you_mean, nearest_names, unknown_key_hint
from generator.importer import FORMATS, ImportResult, format_report, import_file, import_text
from generator.importer.history import import_history
from generator.importer.write import ImportTarget
from generator.model import NUMBERING_STYLES, Clause, Parameter
from generator.releases import clock
from generator.releases.amend import plan_amend
from generator.releases.integrity import check_integrity
from generator.releases.journal import Plan, Write, apply, finish
from generator.releases.release import Planned, Request, plan_releases
from generator.releases.seal import plan_seal, sealable
from generator.releases.status import PolicyStatus, SectionChanges, status
from generator.site.build import build_versions
from generator.site.live import page_markdown, render_library
from generator.text.catalogue import Catalogue, catalogue, include_line, jinja_literal
from generator.text.markdown import markdown_to_html

PIPE_CLOSED = 141
"""Exit status when the reader of the output went away (``policy-site status | head -1``):
128 + SIGPIPE, what a shell reports for ``cat`` or ``git log`` in the same pipe, so a
script with ``set -o pipefail`` sees what it sees for any other command. Not 0: the
reader did not get the whole report. The commands that write print their report after
writing (``import`` prints what it recognized before: cut off there, it wrote nothing)."""


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not an ISO date (YYYY-MM-DD)") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-site",
        description="Import, check, render and release the policies of a policy site.",
    )
    parser.add_argument(
        "--policies",
        type=Path,
        default=Path("policies"),
        help="folder of companies and clauses (default: ./policies)",
    )
    parser.add_argument(
        "--numbering",
        choices=NUMBERING_STYLES,
        default="decimal",
        help="numbering of policies whose front matter sets none (default: decimal)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "check", help="run every integrity check without building (exit 1 on any problem)"
    )
    commands.add_parser(
        "status",
        help="list policies whose live source differs from its release: why, the sections "
        "changed and the command that releases them",
    )
    render = commands.add_parser("render", help="print one policy, rendered")
    render.add_argument("policy", help="company/policy, e.g. mindlink/privacy")
    render.add_argument("--html", action="store_true", help="print HTML instead of Markdown")
    _editor_parsers(commands)
    _release_parser(commands)
    _record_parsers(commands)
    single = commands.add_parser(
        "import", help="import an existing policy text (.txt, .md, .html) as a policy"
    )
    single.add_argument("source", help="the file to import, or - for standard input")
    _import_options(single)
    single.add_argument("--effective", type=_date, help="YYYY-MM-DD (default: from the text)")
    single.add_argument(
        "--format", choices=FORMATS, help="the source's format (default: from its suffix)"
    )
    history = commands.add_parser(
        "import-history", help="import a folder of dated copies as a policy's release history"
    )
    history.add_argument(
        "folder", type=Path, help="holds the copies, named YYYY-MM-DD.md, .html, .htm or .txt"
    )
    _import_options(history)
    return parser


def _editor_parsers(commands: Any) -> None:
    new = commands.add_parser(
        "new",
        help="start a company (company.md) or a policy (a skeleton ready for release)",
        description="Write policies/COMPANY/company.md and, for COMPANY/POLICY, the policy's "
        "skeleton (its company too, if new). What no option gives is a [FILL IN] placeholder "
        "that check, release and builds refuse until it is filled. Never replaces a file.",
    )
    new.add_argument("key", metavar="COMPANY[/POLICY]", help="e.g. acme or acme/privacy")
    new.add_argument("--name", help="the company's display name, e.g. Acme")
    new.add_argument("--legal-name", help="its registered name, e.g. Acme Widgets Ltd")
    new.add_argument("--email", help="its privacy contact address")
    new.add_argument("--website", help="its web address, https://...")
    new.add_argument("--title", help="the policy's title, e.g. 'Privacy Policy'")
    new.add_argument(
        "--effective", type=_date, help="the day the policy takes effect (default: today)"
    )
    new.add_argument(
        "--numbering",
        dest="policy_numbering",
        choices=NUMBERING_STYLES,
        help="the policy's section numbering (default: decimal, or policy-site's --numbering)",
    )
    clauses = commands.add_parser(
        "clauses",
        help="list the shared clauses (or show one, with the line to include it)",
        description="Every clause of policies/clauses/ with its parameters, condition and the "
        "policies that use it; with NAME, its documentation and an include line to paste.",
    )
    clauses.add_argument("name", nargs="?", help="a clause, e.g. contact-us")


def _release_parser(commands: Any) -> None:
    publish = commands.add_parser(
        "release",
        help="publish a new version of a policy (or of every changed one)",
        description="Archive the live text of a policy as a new version, or correct the "
        "latest version with --editorial. With --all-changed, every policy 'status' lists is "
        "released, or none is.",
    )
    target = publish.add_mutually_exclusive_group(required=True)
    target.add_argument("policy", nargs="?", help="company/policy, e.g. mnx/privacy")
    target.add_argument(
        "--all-changed", action="store_true", help="release every policy 'status' lists"
    )
    target.add_argument(
        "--finish", action="store_true", help="finish a release that was interrupted"
    )
    publish.add_argument("--effective", type=_date, help="YYYY-MM-DD (required to release)")
    publish.add_argument("--summary", help="the change-log entry: what changed")
    publish.add_argument(
        "--summary-for",
        nargs=2,
        action="append",
        default=[],
        metavar=("POLICY", "SUMMARY"),
        help="with --all-changed: the summary of one policy (repeat it for others)",
    )
    publish.add_argument(
        "--sections", default="", help="comma-separated ids of the sections touched"
    )
    publish.add_argument(
        "--editorial",
        action="store_true",
        help="a correction of the latest version (same date), archived beside it",
    )
    publish.add_argument(
        "--dry-run", action="store_true", help="print what would be released; write nothing"
    )


def _record_parsers(commands: Any) -> None:
    amend = commands.add_parser(
        "amend",
        help="fix the summary of a released change-log entry, on the record",
        description="Released change-log entries are part of the record: a wrong summary "
        "is fixed by an amendment, archived beside the version, never by editing the entry.",
    )
    amend.add_argument("policy", help="company/policy, e.g. mnx/privacy")
    amend.add_argument("--effective", type=_date, required=True, help="the version's date")
    amend.add_argument("--summary", required=True, help="the corrected summary")
    amend.add_argument("--sections", help="comma-separated section ids, if they were wrong too")
    amend.add_argument(
        "--revision", type=int, default=1, help="amend a correction's entry (2, 3, ...)"
    )
    seal = commands.add_parser(
        "seal",
        help="start the record of archives written before releases were chained",
        description="Record every archived text (with its hash) and change-log entry as they "
        "are now, so later builds check them. Needed once for archives made before 2026-12.",
    )
    target = seal.add_mutually_exclusive_group(required=True)
    target.add_argument("policy", nargs="?", help="company/policy, e.g. mnx/privacy")
    target.add_argument("--all", action="store_true", help="every policy that needs it")


def _import_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--company", required=True, help="company slug, e.g. acme")
    command.add_argument("--policy", required=True, help="policy slug, e.g. privacy")
    command.add_argument("--title", help="the policy's title (default: from the text)")
    command.add_argument(
        "--force", action="store_true", help="replace an existing policy (company.md is kept)"
    )


def _check(library: Library, args: argparse.Namespace) -> int:
    render_library(library, args.numbering)
    check_integrity(library)
    # Every version as a build renders it: archived texts' links too.
    build_versions(
        library, clock.today(os.environ), production=False, default_numbering=args.numbering
    )
    unreleased = [item for item in status(library, args.numbering) if item.changed]
    for item in unreleased:
        print(f"unreleased: {item.key}: {', '.join(item.reasons)}")
    print(
        f"ok: {len(library.companies)} companies, {len(library.policies)} policies, "
        f"{sum(len(v) for v in library.snapshots.values())} archived versions, "
        f"{len(library.clauses)} clauses"
        + (f", {len(unreleased)} with unreleased changes" if unreleased else "")
    )
    return 0


def _status(library: Library, args: argparse.Namespace) -> int:
    check_integrity(library)
    for item in status(library, args.numbering):
        latest = item.latest.isoformat() if item.latest else "never"
        state = "changed: " + ", ".join(item.reasons) if item.changed else "released"
        print(f"{item.key}  (latest release: {latest})  {state}")
        if item.sections is not None:
            print(f"  sections: {_describe_sections(item.sections)}")
        if item.changed:
            print(f"  release it: {_release_hint(item)}")
    return 0


def _describe_sections(changes: SectionChanges) -> str:
    """``changed a, b; added c; removed d; opening text changed; title changed``."""
    parts = [
        f"{label} {', '.join(ids)}"
        for label, ids in (
            ("changed", changes.changed),
            ("added", changes.added),
            ("removed", changes.removed),
        )
        if ids
    ]
    if changes.opening:
        parts.append("opening text changed")
    parts.extend(f"{name} changed" for name in changes.other)
    return "; ".join(parts) or "none (only spacing changed)"


def _release_hint(item: PolicyStatus) -> str:
    """The command that releases ``item``: at its unarchived entry's date (whose summary
    and sections the release adopts), else at a date to choose, with a summary to write."""
    pending = item.pending
    command = ["policy-site", "release", item.key, "--effective"]
    command.append(pending.date.isoformat() if pending else "YYYY-MM-DD")
    if pending is None:
        command += ["--summary", '"..."']
    ids = item.sections.releasable if item.sections else ()
    if ids and not (pending and pending.sections):
        command += ["--sections", shlex.quote(",".join(ids))]
    return " ".join(command)


def _require_policy(library: Library, key: str) -> None:
    """An unknown ``company/policy`` is an error suggesting the nearest company and policy."""
    if key not in library.policies:
        raise PolicyError(None, f"unknown policy '{key}'", unknown_key_hint(key, library.policies))


def _render(library: Library, args: argparse.Namespace) -> int:
    _require_policy(library, args.policy)
    rendered = render_library(library, args.numbering)
    page = page_markdown(rendered[args.policy])
    print(markdown_to_html(page) if args.html else page, end="")
    return 0


def _release(args: argparse.Namespace) -> int:
    if args.finish:
        plan = finish(args.policies, _shown(args.policies))
        print(f"finished {plan.what}" if plan else "nothing to finish: no release was interrupted")
        return 0
    if args.effective is None:
        raise PolicyError(None, "a release needs --effective YYYY-MM-DD")
    library = load_library(args.policies, Path.cwd())
    if args.policy is not None:
        _require_policy(library, args.policy)
    render_library(library, args.numbering)
    requests = _release_requests(library, args)
    plan, planned = plan_releases(
        library,
        requests,
        numbering=args.numbering,
        recorded=clock.today(os.environ),
        root=Path.cwd(),
    )
    if not args.dry_run:
        apply(args.policies, plan, _shown(args.policies))
    for item in planned:
        _print_release(library, item, args.dry_run)
    return 0


def _print_release(library: Library, item: Planned, dry_run: bool) -> None:
    """What was (or would be) released, and the policy's ``effective:`` if it moves: the
    release rewrites it, and an editor should not learn that from ``git diff``."""
    kind = f"correction {item.revision} of" if item.revision > 1 else "version"
    print(
        f"{'would release' if dry_run else 'released'} {item.key}, {kind} "
        f"{item.effective.isoformat()}: {display_path(item.path, Path.cwd())} "
        f"(sha256 {item.sha256[:12]}): {item.summary}"
    )
    policy = library.policies[item.key]
    if policy.effective != item.effective:
        before, after = policy.effective.isoformat(), item.effective.isoformat()
        change = f"is {before}, would be {after}" if dry_run else f"was {before}, now {after}"
        print(f"  {policy.display_path}: effective: {change}")


def _release_requests(library: Library, args: argparse.Namespace) -> list[Request]:
    sections = tuple(part.strip() for part in args.sections.split(",") if part.strip())
    own = {key: summary for key, summary in args.summary_for}
    if not args.all_changed:
        if own:
            raise PolicyError(None, "--summary-for goes with --all-changed; use --summary")
        return [Request(args.policy, args.effective, args.summary, sections, args.editorial)]
    if sections:
        raise PolicyError(None, "--sections goes with a single policy, not --all-changed")
    changed = [item.key for item in status(library, args.numbering) if item.changed]
    if not changed:
        raise PolicyError(None, "no policy has unreleased changes", "nothing to release")
    for key in own:
        _require_policy(library, key)
        if key not in changed:
            raise PolicyError(
                None,
                f"--summary-for {key}: it has no unreleased change",
                "changed: " + ", ".join(changed),
            )
    return [
        Request(key, args.effective, own.get(key, args.summary), (), args.editorial)
        for key in changed
    ]


def _amend(args: argparse.Namespace) -> int:
    library = load_library(args.policies, Path.cwd())
    _require_policy(library, args.policy)
    sections = None
    if args.sections is not None:
        sections = tuple(part.strip() for part in args.sections.split(",") if part.strip())
    plan = plan_amend(
        library,
        args.policy,
        effective=args.effective,
        summary=args.summary,
        sections=sections,
        revision=args.revision,
        recorded=clock.today(os.environ),
    )
    apply(args.policies, plan, _shown(args.policies))
    print(f"amended {args.policy}, version {args.effective.isoformat()}: {args.summary.strip()}")
    return 0


def _seal(args: argparse.Namespace) -> int:
    library = load_library(args.policies, Path.cwd())
    if not args.all:
        _require_policy(library, args.policy)
    keys = sealable(library) if args.all else [args.policy]
    plan = plan_seal(library, keys, clock.today(os.environ))
    if not plan.writes:
        print("nothing to seal: every archive's record is chained already")
        return 0
    apply(args.policies, plan, _shown(args.policies))
    for write in plan.writes:
        print(f"sealed {_shown(args.policies)}/{write.path}")
    return 0


def _shown(policies_dir: Path) -> str:
    return display_path(policies_dir, Path.cwd())


def _read_import(args: argparse.Namespace) -> ImportResult:
    options = {"company": args.company, "policy": args.policy, "title": args.title}
    if args.source != "-":
        return import_file(Path(args.source), effective=args.effective, fmt=args.format, **options)
    if args.format is None:
        raise PolicyError(
            None,
            "reading the policy from standard input needs --format",
            "add --format txt, md or html",
        )
    return import_text(
        sys.stdin.buffer.read(),
        fmt=args.format,
        source_name="stdin",
        effective=args.effective,
        **options,
    )


def _import(args: argparse.Namespace) -> int:
    target = ImportTarget(args.policies, args.company, args.policy, Path.cwd())
    result = _read_import(args)
    target.check_free(args.force)
    print(format_report(result), end="")
    released = target.released_changes()
    if released:
        # Its change log records the archived versions' hashes: it must stay as it is.
        result = result.with_changes(released)
        print("kept the change log of the released versions (the text's own is not used)")
    written = target.write(result)
    print(f"wrote {target.shown(written.policy)}")
    if written.company:
        print(f"wrote {target.shown(written.company)}: facts proposed from the text, check them")
    _render_all(args)
    print(
        f"ok: {target.key} renders; check the guesses above, then publish it with "
        f"'{_release_command(target.key, result, bool(released))}'"
    )
    return 0


def _release_command(key: str, result: ImportResult, released: bool) -> str:
    """The command that publishes an import: a change-log entry of its date needs no summary."""
    if released:
        return f'policy-site release {key} --effective YYYY-MM-DD --summary "..."'
    effective = result.front_matter["effective"]
    logged = any(entry["date"] == effective for entry in result.front_matter.get("changes", []))
    summary = "" if logged else ' --summary "..."'
    return f"policy-site release {key} --effective {effective.isoformat()}{summary}"


def _import_history(args: argparse.Namespace) -> int:
    target = ImportTarget(args.policies, args.company, args.policy, Path.cwd())
    dates = import_history(
        args.folder, target, title=args.title, force=args.force, numbering=args.numbering
    )
    check_integrity(_render_all(args))
    shown = ", ".join(date.isoformat() for date in dates)
    print(
        f"ok: {target.key}: {len(dates)} released versions ({shown}); the live policy is the latest"
    )
    return 0


def _render_all(args: argparse.Namespace) -> Library:
    """Load and render the whole library, so a broken import fails here, in one line."""
    library = load_library(args.policies, Path.cwd())
    render_library(library, args.numbering)
    return library


# --- new ----------------------------------------------------------------------------------


def _new(args: argparse.Namespace) -> int:
    """Write a company's file and/or a policy skeleton, never replacing a file."""
    key = parse_key(args.key)
    facts = CompanyFacts(args.name, args.legal_name, args.email, args.website)
    check_facts(facts)
    for option in ("title", "effective", "policy_numbering"):
        if key.policy is None and getattr(args, option) is not None:
            shown = "--" + option.removeprefix("policy_")
            raise PolicyError(
                None, f"{shown} is an option of a policy", f"name one: {key.company}/POLICY"
            )
    writes = _new_company(args.policies, key, facts)
    effective = args.effective or clock.today(os.environ)
    if key.policy is not None:
        start = PolicyStart(args.title, effective, args.policy_numbering or args.numbering)
        writes.append(_new_policy(args.policies, key, start))
    apply(args.policies, Plan(f"'policy-site new {key}'", tuple(writes)), _shown(args.policies))
    _report_new(args.policies, key, writes)
    if key.policy is None:
        print(f"then add a policy: policy-site new {key.company}/POLICY")
    else:
        print("shared clauses: 'policy-site clauses' lists them, 'policy-site clauses NAME' "
              "prints the line to paste")  # fmt: skip
        print(f"then release it: policy-site release {key} --effective {effective.isoformat()}")
    return 0


def _new_company(policies_dir: Path, key: Key, facts: CompanyFacts) -> list[Write]:
    path = company_path(policies_dir, key)
    shown = f"{_shown(policies_dir)}/{key.company}/{path.name}"
    if not path.exists():
        return [
            Write(_relative(policies_dir, path), company_text(key.company, facts).encode(), None)
        ]
    if key.policy is None:
        raise PolicyError(
            None,
            f"{shown} exists already",
            f"'new' never replaces a file: edit it, or add a policy with "
            f"'policy-site new {key.company}/POLICY'",
        )
    if facts.given():
        raise PolicyError(
            None,
            f"{facts.given()[0]}: company '{key.company}' exists already",
            f"edit its facts in {shown}",
        )
    return []


def _new_policy(policies_dir: Path, key: Key, start: PolicyStart) -> Write:
    path = policy_path(policies_dir, key)
    if path.exists():
        raise PolicyError(
            None,
            f"{_shown(policies_dir)}/{key.company}/{path.name} exists already",
            "'new' never replaces a file: edit it, or choose another policy name",
        )
    return Write(_relative(policies_dir, path), policy_text(start).encode(), None)


def _relative(policies_dir: Path, path: Path) -> str:
    return path.relative_to(policies_dir).as_posix()


def _report_new(policies_dir: Path, key: Key, writes: Sequence[Write]) -> None:
    """What was written, and every placeholder left to fill, by ``path:line``."""
    shown = _shown(policies_dir)
    placeholders = []
    for write in writes:
        print(f"wrote {shown}/{write.path}")
        document = parse_document(
            write.content.decode(), policies_dir / write.path, f"{shown}/{write.path}"
        )
        placeholders.extend(find_placeholders(document))
    if any(write.path.endswith(f"/{COMPANY_FILE}") for write in writes):
        _note_similar_companies(policies_dir, key.company)
    if placeholders:
        count = f"{len(placeholders)} placeholder" + ("s" if len(placeholders) > 1 else "")
        print(f"fill in {count} (check, release and builds refuse them until then):")
        for placeholder in placeholders:
            print(f"  {placeholder.location}: {placeholder.text}")


def _note_similar_companies(policies_dir: Path, company: str) -> None:
    """A new company named like an existing one is more often a typo than a new company."""
    others = [
        entry.name
        for entry in policies_dir.iterdir()
        if entry.is_dir() and entry.name not in (company, CLAUSES_DIR)
        and not entry.name.startswith((".", "_"))
    ]  # fmt: skip
    similar = nearest_names(company, others)
    if similar:
        print(f"note: '{company}' is a new company; existing: {', '.join(similar)}")


# --- clauses ------------------------------------------------------------------------------


def _clauses(library: Library, args: argparse.Namespace) -> int:
    found = catalogue(library)
    if args.name is not None:
        _print_clause(found, _clause_named(found, args.name))
        return 0
    if not found.clauses:
        print(f"no clauses yet: add {_shown(args.policies)}/{CLAUSES_DIR}/NAME.md "
              "(README, 'Add a clause')")  # fmt: skip
        return 0
    for name, clause in found.clauses.items():
        print(f"{name}: {clause.title}")
        if clause.description:
            print(_wrapped(clause.description, "  "))
        print(f"  parameters: {_parameter_summary(clause)}")
        if clause.when:
            print(f"  when: {clause.when}")
        print(f"  used by: {', '.join(found.users[name]) or 'no policy'}")
        if found.links[name]:
            print(f"  links to: {', '.join(f'[§ {target}]' for target in found.links[name])}")
    _note_unexpanded(found)
    print("\nthe documentation of one, and the line to paste: policy-site clauses NAME")
    return 0


def _clause_named(found: Catalogue, name: str) -> Clause:
    clean = name.strip().removesuffix(".md")
    if clean not in found.clauses:
        raise PolicyError(
            None,
            f"clause '{clean}' not found",
            did_you_mean(clean, found.clauses) or "clauses: " + ", ".join(found.clauses),
        )
    return found.clauses[clean]


def _parameter_summary(clause: Clause) -> str:
    return ", ".join(_parameter_line(p) for p in clause.parameters.values()) or "none"


def _print_clause(found: Catalogue, clause: Clause) -> None:
    """One clause's documentation and the include lines, printed alone so they copy whole."""
    print(f"{clause.name}: {clause.title}\nfile: {clause.display_path}")
    if clause.description:
        print("\n" + _wrapped(clause.description, "  "))
    print("\nparameters:" if clause.parameters else "\nparameters: none")
    for parameter in clause.parameters.values():
        print(f"  {_parameter_line(parameter)}")
        if parameter.description:
            print(_wrapped(parameter.description, "      "))
    if clause.when:
        print(f"when: {clause.when} (included only when this is true; otherwise it adds nothing)")
    print(f"used by: {', '.join(found.users[clause.name]) or 'no policy'}")
    _print_links(found.links[clause.name])
    _note_unexpanded(found)
    required = any(parameter.required for parameter in clause.parameters.values())
    then = ", then replace the example values with your own words" if required else ""
    print(f"\nPaste this line, on a line of its own, into a policy{then}:\n")
    print(include_line(clause))
    if any(not parameter.required for parameter in clause.parameters.values()):
        print("\nWith every parameter (the defaults shown):\n")
        print(include_line(clause, every_parameter=True))


def _parameter_line(parameter: Parameter) -> str:
    if parameter.required:
        return f"{parameter.name} (required)"
    return f"{parameter.name} (default: {jinja_literal(parameter.default)})"


def _print_links(targets: Sequence[str]) -> None:
    if targets:
        shown = ", ".join(f"[§ {target}]" for target in targets)
        print(f"links to: {shown} (a policy that includes it needs these sections)")


def _note_unexpanded(found: Catalogue) -> None:
    for error in found.unexpanded:
        print(f"note: not counted in 'used by' (run 'policy-site check'): {error}")


def _wrapped(text: str, indent: str) -> str:
    return textwrap.fill(
        " ".join(text.split()), width=92, initial_indent=indent, subsequent_indent=indent
    )


# --- dispatch ------------------------------------------------------------------------------

READING: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "check": _check,
    "status": _status,
    "render": _render,
    "clauses": _clauses,
}
DRAFTS = frozenset({"clauses"})
"""Commands that read a library with placeholders in it (``policy-site new`` leaves them):
the clause catalogue is read while a new policy is written."""
WRITING: dict[str, Callable[[argparse.Namespace], int]] = {
    "new": _new,
    "release": _release,
    "amend": _amend,
    "seal": _seal,
    "import": _import,
    "import-history": _import_history,
}
"""Commands that write into the policies folder: they hold its lock, and load the library
themselves (an import may create its first company)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status. User mistakes print one line, no traceback.

    A closed output pipe ends the command quietly, the way the Python documentation
    recommends (``signal`` notes on SIGPIPE): output goes to ``os.devnull`` from then on,
    so the interpreter's last flush cannot fail again, and the status is
    :data:`PIPE_CLOSED`.
    """
    try:
        try:
            return _run(argv)
        finally:
            # Inside the handler: a buffered report is written here, not at exit.
            sys.stdout.flush()
    except BrokenPipeError:
        _discard_output()
        return PIPE_CLOSED


def _run(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except PolicyError as error:
        print(f"error: {error}", file=sys.stderr)
    except BrokenPipeError:
        raise
    except OSError as error:
        # A file the command could not read or write: still one line, with the file.
        print(f"error: {_os_error(error)}", file=sys.stderr)
    except KeyboardInterrupt:
        # A release stopped here is finished by 'release --finish' (its journal says so).
        print("interrupted", file=sys.stderr)
        return 130
    return 1


def _dispatch(args: argparse.Namespace) -> int:
    if args.command in WRITING:
        if not args.policies.is_dir():
            raise PolicyError(
                None,
                f"{_shown(args.policies)}: policies folder not found",
                "run the command in the site's folder, or name the folder with --policies",
            )
        with locked(args.policies, _shown(args.policies)):
            return WRITING[args.command](args)
    library = load_library(args.policies, Path.cwd(), placeholders=args.command in DRAFTS)
    return READING[args.command](library, args)


_OS_HINTS = {
    errno.EACCES: "check that you may read and write it",
    errno.EPERM: "check that you may read and write it",
    errno.ENOSPC: "free some disk space and run the command again",
    errno.EROFS: "the disk is read-only",
    errno.ENOENT: "check that it exists (and was not moved while the command ran)",
    errno.EISDIR: "a folder is where a file should be",
    errno.ENOTDIR: "a file is where a folder should be",
}


def _os_error(error: OSError) -> PolicyError:
    """An operating-system error as the one line every other mistake gets."""
    reason = (error.strerror or str(error) or type(error).__name__).lower()
    hint = _OS_HINTS.get(error.errno or 0, "check the file and run the command again")
    if error.filename is None:
        return PolicyError(None, reason, hint)
    shown = display_path(Path(os.fsdecode(error.filename)), Path.cwd())
    return PolicyError(None, f"{shown}: {reason}", hint)


def _discard_output() -> None:
    """Point standard output and error at ``os.devnull``: nobody reads them any more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    for stream in (sys.stdout, sys.stderr):
        # A stream without a file descriptor (a test's capture) needs nothing.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, stream.fileno())
    os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
