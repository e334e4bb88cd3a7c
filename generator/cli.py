"""``policy-site``: the command line for editors."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.archive import check_integrity, release, status
from generator.errors import PolicyError
from generator.library import Library, load_library
from generator.model import NUMBERING_STYLES
from generator.render import markdown_to_html, render_library


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not an ISO date (YYYY-MM-DD)") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-site", description="Check, render and release the policies of a policy site."
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
    return parser


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
    page = rendered[args.policy].page_markdown
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
        shown = result.path.resolve()
        if shown.is_relative_to(Path.cwd().resolve()):
            shown = shown.relative_to(Path.cwd().resolve())
        print(
            f"{action} {key} effective {result.effective.isoformat()}: {shown} "
            f"(sha256 {result.sha256[:12]})"
        )
    return 0


COMMANDS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "check": _check,
    "status": _status,
    "render": _render,
    "release": _release,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status. User mistakes print one line, no traceback."""
    args = _parser().parse_args(argv)
    try:
        library = load_library(args.policies, Path.cwd())
        return COMMANDS[args.command](library, args)
    except PolicyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
