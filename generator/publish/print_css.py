"""The running header of printed pages: one small stylesheet per version.

Printed or saved as PDF, every page of a policy names the company, the policy, the
version and its permanent (dated) address, and is numbered. Page margin boxes carry
that text, and browsers give them no way to read it from the page, so each version
publishes a print stylesheet of its own (``<date>.print.css``, beside its JSON), linked
by every page that shows that version: it also keeps the site's Content-Security-Policy
free of inline styles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from generator.content.library import Library
from generator.publish.versions_json import PublishedFile
from generator.site import urls
from generator.site.compose import PolicyPages
from generator.site.templates import format_date

_CSS_UNSAFE = re.compile(r'[\\"\x00-\x1f\x7f]')


def css_string(text: str) -> str:
    """``text`` as a CSS string: quotes, backslashes and control characters escaped."""
    return '"' + _CSS_UNSAFE.sub(lambda match: f"\\{ord(match.group(0)):x} ", text) + '"'


def print_files(
    library: Library, policies: Mapping[str, PolicyPages], site_url: str
) -> list[PublishedFile]:
    """A print stylesheet for every version of every policy, and for each draft."""
    files: list[PublishedFile] = []
    for key in sorted(policies):
        item = policies[key]
        company = library.companies[item.policy.company].name
        for version in item.versions:
            page = urls.page_url(urls.version_page(key, version.effective))
            where = urls.absolute_url(site_url, page) or "/" + page
            state = f"version of {format_date(version.effective)}"
            sha = version.snapshot.sha256
            files.append(
                PublishedFile(
                    urls.print_stylesheet(key, version.effective),
                    _stylesheet(f"{company} · {version.snapshot.title} · {state}", where, sha),
                )
            )
        if item.draft is not None:
            files.append(
                PublishedFile(
                    urls.print_stylesheet(key, None),
                    _stylesheet(
                        f"{company} · {item.policy.title} · unreleased draft",
                        "not published: a preview",
                        None,
                    ),
                )
            )
    return files


_MARGIN = "font-size: 8pt; color: #333;"


def _stylesheet(title: str, address: str, sha256: str | None) -> bytes:
    boxes = {"top-left": title, "top-right": address}
    if sha256:
        boxes["bottom-left"] = f"SHA-256 {sha256[:16]}…"
    rules = "".join(
        f"  @{box} {{ content: {css_string(text)}; {_MARGIN} }}\n" for box, text in boxes.items()
    )
    return f"@page {{\n{rules}}}\n".encode()
