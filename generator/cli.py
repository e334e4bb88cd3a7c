"""``policy-site``: the command line for editors."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.content.library import Library, display_path, load_library
from generator.errors import PolicyError
from generator.importer import FORMATS, ImportResult, format_report, import_file, import_text
from generator.importer.history import import_history
from generator.importer.write import ImportTarget
from generator.model import NUMBERING_STYLES
from generator.releases.archive import check_integrity, release, status
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
    publish = commands.add_parser("release", help="publish a new version of a policy")
    target = publish.add_mutually_exclusive_group(required=True)
    target.add_argument("policy", nargs="?", help="company/policy, e.g. mnx/privacy")
    target.add_argument(
        "--all-changed", action="store_true", help="release every policy 'status' lists"
    )
    publish.add_argument("--effective", type=_date, required=True, help="YYYY-MM-DD")
    publish.add_argument("--summary", help="the change-log entry: what changed")
    publish.add_argument(
        "--sections", default="", help="comma-separated ids of the sections touched"
    )
    publish.add_argument(
        "--editorial",
        action="store_true",
        help="a non-material correction replacing the latest release (same date)",
    )
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


def _release(library: Library, args: argparse.Namespace) -> int:
    check_integrity(library)
    render_library(library, args.numbering)
    sections = tuple(part.strip() for part in args.sections.split(",") if part.strip())
    if args.all_changed:
        keys = [item.key for item in status(library, args.numbering) if item.changed]
        if not keys:
            raise PolicyError(None, "no policy has unreleased changes", "nothing to release")
        if sections:
            raise PolicyError(None, "--sections goes with a single policy, not --all-changed")
    else:
        keys = [args.policy]
    for key in keys:
        result = release(
            library,
            key,
            effective=args.effective,
            summary=args.summary,
            sections=sections,
            editorial=args.editorial,
            default_numbering=args.numbering,
        )
        action = "replaced" if result.replaced else "released"
        print(
            f"{action} {key} effective {result.effective.isoformat()}: "
            f"{display_path(result.path, Path.cwd())} (sha256 {result.sha256[:12]})"
        )
    return 0


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


COMMANDS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "check": _check,
    "status": _status,
    "render": _render,
    "release": _release,
}
IMPORT_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "import": _import,
    "import-history": _import_history,
}
"""Commands that run before the library is loaded: they may create its first company."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status. User mistakes print one line, no traceback."""
    args = _parser().parse_args(argv)
    try:
        if args.command in IMPORT_COMMANDS:
            return IMPORT_COMMANDS[args.command](args)
        library = load_library(args.policies, Path.cwd())
        return COMMANDS[args.command](library, args)
    except PolicyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
