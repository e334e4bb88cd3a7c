"""A site full of hostile (but accepted) author text: the recipe the hostile-input tests share.

Every text an author writes outside a policy's body (titles, company names and facts,
descriptions, change-log summaries, source notes) carries markup that would run if it
reached a page as HTML: a ``<script>`` that sets ``window.__pwned`` and calls ``alert``,
a Markdown link to a ``javascript:`` URL, an ``attr_list`` event handler. The body carries
the same markup in code spans, where it is text. All of it must come out as the very
characters the author typed, and none of it may run (``tests/test_hostile.py``,
``tests/test_browser_hostile.py``).
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import copy_fixture_site, write
from tests.sites import edit, release_now


def payload(name: str) -> str:
    """Markup that, if it ever became HTML, would run and say where it came from."""
    return (
        f'<script>window.__pwned="{name}";alert("{name}")</script>'
        f' [{name}](javascript:alert("{name}")) {{: onclick=alert("{name}") }}'
        f' <img src=x onerror=alert("{name}")>'
    )


COMPANY_NAME = f"Zed & Co {payload('coname')}"
LEGAL_NAME = f"Zed Limited {payload('legal')}"
JURISDICTION = f"England </dd>{payload('jurisdiction')}"
ADDRESS = f"1 Zed Street {payload('address')}"
POLICY_TITLE = f"Pol <b>bold</b> {payload('title')}"
PLAIN_TITLE = "Terms <Beta> & Conditions"
"""Report case 106: a harmless title that lost its ``<Beta>`` in the navigation."""
LINKED_TITLE = f"Rules {payload('xref')}"
"""The title of a policy another one cross-links to: the link's words name it."""
DESCRIPTION = f'Desc "> {payload("desc")}'
SOURCE_URL = "https://zed.example/terms?a=1&b=2#top"
NOTE = f"Note | pipe {payload('note')}"
SUMMARIES = (f"First | {payload('summary1')}", f"Second *x* {payload('summary2')}")
CODE = '`<script>window.__pwned="code";alert("code")</script>`'
"""Markup in a code span: text, shown escaped."""
SECTION_CODE = '`<img src=x onerror=window.__pwned="section">`'
"""Markup in a code span of a section changed by the second release: text, also where the
compare page's script writes the comparison from the published JSON."""


def _quoted(text: str) -> str:
    """``text`` as a single-quoted YAML scalar."""
    return "'" + text.replace("'", "''") + "'"


def build_hostile_sources(site: Path) -> Path:
    """Add company ``zz`` with two policies full of hostile text to a copy of the fixture
    site at ``site``, and release ``zz/p`` twice; returns ``site``."""
    copy_fixture_site(site)
    policies = site / "policies"
    company = (
        "---\n"
        f"name: {_quoted(COMPANY_NAME)}\n"
        f"legal_name: {_quoted(LEGAL_NAME)}\n"
        "email: privacy@zed.example\n"
        "website: https://zed.example/\n"
        f"phone: {_quoted('+44 ' + payload('phone'))}\n"
        f"address:\n  - {_quoted(ADDRESS)}\n"
        f"jurisdiction: {_quoted(JURISDICTION)}\n"
        "---\n"
        f"Zed makes zeds, and writes {CODE} in its own text.\n"
    )
    (policies / "zz").mkdir()
    (policies / "zz/company.md").write_text(company, "utf-8")
    policy = (
        "---\n"
        f"title: {_quoted(POLICY_TITLE)}\n"
        "effective: 2024-05-01\n"
        "numbering: decimal\n"
        f"description: {_quoted(DESCRIPTION)}\n"
        "source:\n"
        f"  url: {SOURCE_URL}\n"
        "  captured: 2024-04-01\n"
        f"  note: {_quoted(NOTE)}\n"
        "---\n"
        f"Intro with {CODE} in a code span and ``{CODE}`` in a double one.\n\n"
        f"## First section {CODE} {{#first}}\n\n"
        "Text one, see [§ second], [§ q#terms] and [§ r#scope].\n\n"
        "## Second section {#second}\n\n"
        "Text two.\n"
    )
    (policies / "zz/p.md").write_text(policy, "utf-8")
    for slug, title, section in (("q", PLAIN_TITLE, "terms"), ("r", LINKED_TITLE, "scope")):
        write(
            policies / f"zz/{slug}.md",
            f"---\ntitle: {_quoted(title)}\neffective: 2024-05-01\n---\n"
            f"## Section {{#{section}}}\n\nText.\n",
        )
        release_now(site, f"zz/{slug}", "2024-05-01", "First.")
    release_now(site, "zz/p", "2024-05-01", SUMMARIES[0])
    edit(policies / "zz/p.md", "Text two.", f"Text two, changed: {SECTION_CODE}.")
    release_now(site, "zz/p", "2024-06-01", SUMMARIES[1])
    return site
