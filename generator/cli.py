"""``policy-site``: the command line for editors."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from generator.content.files import locked
from generator.content.library import Library, display_path, load_library
from generator.errors import PolicyError
from generator.importer import FORMATS, ImportResult, format_report, import_file, import_text
from generator.importer.history import import_history
from generator.importer.write import ImportTarget
from generator.model import NUMBERING_STYLES
from generator.releases import clock
from generator.releases.amend import plan_amend
from generator.releases.integrity import check_integrity
from generator.releases.journal import apply, finish
from generator.releases.release import Request, plan_releases
from generator.releases.seal import plan_seal, sealable
from generator.releases.status import status
from generator.site.build import build_versions
from generator.site.live import page_markdown, render_library
from generator.text.markdown import markdown_to_html


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
    commands.add_parser("status", help="list policies whose live source differs from its release")
    render = commands.add_parser("render", help="print one policy, rendered")
    render.add_argument("policy", help="company/policy, e.g. mindlink/privacy")
    render.add_argument("--html", action="store_true", help="print HTML instead of Markdown")
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
    return 0


def _render(library: Library, args: argparse.Namespace) -> int:
    rendered = render_library(library, args.numbering)
    if args.policy not in rendered:
        raise PolicyError(
            None, f"unknown policy '{args.policy}'", "known: " + ", ".join(sorted(rendered))
        )
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
    render_library(library, args.numbering)
    requests = _release_requests(library, args)
    plan, planned = plan_releases(
        library,
        requests,
        numbering=args.numbering,
        recorded=clock.today(os.environ),
        root=Path.cwd(),
    )
    verb = "would release" if args.dry_run else "released"
    if not args.dry_run:
        apply(args.policies, plan, _shown(args.policies))
    for item in planned:
        kind = f"correction {item.revision} of" if item.revision > 1 else "version"
        print(
            f"{verb} {item.key}, {kind} {item.effective.isoformat()}: "
            f"{display_path(item.path, Path.cwd())} (sha256 {item.sha256[:12]}): {item.summary}"
        )
    return 0


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


READING: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "check": _check,
    "status": _status,
    "render": _render,
}
WRITING: dict[str, Callable[[argparse.Namespace], int]] = {
    "release": _release,
    "amend": _amend,
    "seal": _seal,
    "import": _import,
    "import-history": _import_history,
}
"""Commands that write into the policies folder: they hold its lock, and load the library
themselves (an import may create its first company)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status. User mistakes print one line, no traceback."""
    args = _parser().parse_args(argv)
    try:
        if args.command in WRITING:
            if not args.policies.is_dir():
                raise PolicyError(
                    None,
                    f"{_shown(args.policies)}: policies folder not found",
                    "run the command in the site's folder, or name the folder with --policies",
                )
            with locked(args.policies, _shown(args.policies)):
                return WRITING[args.command](args)
        library = load_library(args.policies, Path.cwd())
        return READING[args.command](library, args)
    except PolicyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
