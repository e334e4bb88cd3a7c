"""``policy-site``: the command line for editors."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.errors import PolicyError
from generator.library import load_library
from generator.model import NUMBERING_STYLES, NumberingStyle
from generator.render import markdown_to_html, render_library


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-site", description="Check and render the policies of a policy site."
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
    commands.add_parser("check", help="validate every company, policy and clause")
    render = commands.add_parser("render", help="print one policy, rendered")
    render.add_argument("policy", help="company/policy, e.g. mindlink/privacy")
    render.add_argument("--html", action="store_true", help="print HTML instead of Markdown")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status. User mistakes print one line, no traceback."""
    args = _parser().parse_args(argv)
    numbering: NumberingStyle = args.numbering
    try:
        library = load_library(args.policies, Path.cwd())
        rendered = render_library(library, numbering)
        if args.command == "check":
            print(
                f"ok: {len(library.companies)} companies, {len(library.policies)} policies, "
                f"{len(library.clauses)} clauses"
            )
        elif args.command == "render":
            if args.policy not in rendered:
                raise PolicyError(
                    None,
                    f"unknown policy '{args.policy}'",
                    "known: " + ", ".join(sorted(rendered)),
                )
            page = rendered[args.policy].page_markdown
            print(markdown_to_html(page) if args.html else page, end="")
    except PolicyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
