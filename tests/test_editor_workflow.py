"""A new editor's first policy, from an empty company folder to a released, cross-linked
page, with only ``policy-site new``, ``policy-site clauses`` and what the README says.

Every step runs the real command in a subprocess, as an editor would, and follows what
the previous one printed: the placeholders ``new`` lists (by ``path:line``), the line
``clauses NAME`` says to paste, the release command ``status`` prints.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from lxml import html

from tests.helpers import ROOT, parse_page, write
from tests.test_readme_examples import MKDOCS_YML

BIN = Path(sys.executable).parent
EFFECTIVE = "2025-03-01"
BUILD_DAY = "1748736000"
"""2025-06-01: the build's day, after the release."""

COMPANY = {
    "display name": "Acme",
    "registered name": "Acme Widgets Ltd",
    "privacy contact": "privacy@acme.example",
    "e.g. https://": "https://acme.example",
}
PRIVACY = {
    "opening paragraph": "This policy explains what {{ company.name }} does with personal "
    "data. Questions are answered as [§ contact-us] says.",
    "Title of the first section": "## Data we keep {#data-we-keep}",
    "text of the first section": "We keep your name and email address for a year.",
}
COOKIES = {
    "opening paragraph": "Cookies, and [whom to ask][§ privacy#contact-us].",
    "Title of the first section": "## Cookies we set {#cookies-we-set}",
    "text of the first section": "One, to remember your language.",
}
"""What the editor writes over each placeholder, by words of the placeholder."""


def policy_site(site: Path, *args: str, status: int = 0) -> subprocess.CompletedProcess[str]:
    """Run ``policy-site`` in ``site``; it must end with ``status`` and never a traceback."""
    env = {k: v for k, v in os.environ.items() if k not in ("CONTEXT", "SOURCE_DATE_EPOCH")}
    result = subprocess.run(
        [str(BIN / "policy-site"), *args],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == status, f"policy-site {shlex.join(args)}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result


def fill_placeholders(site: Path, listing: str, filled: dict[str, str]) -> int:
    """Write over every placeholder ``new`` listed (``  path:line: [FILL IN] ...``)."""
    found = re.findall(r"^  (\S+?):(\d+): (.*\[FILL IN\].*)$", listing, re.M)
    for path, line, placeholder in found:
        file = site / path
        lines = file.read_text("utf-8").split("\n")
        value = next(v for words, v in filled.items() if words in placeholder)
        current = lines[int(line) - 1]
        if current.lstrip().startswith(("#", "[FILL IN]")):
            lines[int(line) - 1] = value  # a line of the text: the whole line is the placeholder
        else:  # a front-matter value, quoted
            lines[int(line) - 1] = re.sub(r'"\[FILL IN\][^"]*"', json.dumps(value), current)
        file.write_text("\n".join(lines), "utf-8")
    return len(found)


def headings(article: html.HtmlElement) -> list[str]:
    """The section headings of a page's text, as read (without the permalink sign)."""
    return [" ".join(h.text_content().removesuffix("¶").split()) for h in article.xpath(".//h2")]


def paste_after(path: Path, anchor: str, text: str) -> None:
    source = path.read_text("utf-8")
    assert anchor in source
    path.write_text(source.replace(anchor, f"{anchor}\n\n{text}", 1), "utf-8")


def build_as_netlify(site: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` in production, as Netlify runs it, on :data:`BUILD_DAY`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CONTEXT": "production"}
    env["SOURCE_DATE_EPOCH"] = BUILD_DAY
    command = [str(BIN / "mkdocs"), "build", "--strict"]
    return subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, check=False)


def test_a_new_editor_releases_a_cross_linked_policy(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site / "mkdocs.yml", MKDOCS_YML)
    shutil.copytree(ROOT / "policies/clauses", site / "policies/clauses")
    (site / "policies/acme").mkdir()  # the empty company folder
    privacy, cookies = site / "policies/acme/privacy.md", site / "policies/acme/cookies.md"

    # 1. The policy and its company, every unknown a placeholder that check refuses.
    dated = ("--effective", EFFECTIVE)
    created = policy_site(site, "new", "acme/privacy", "--title", "Privacy Policy", *dated)
    assert "wrote policies/acme/company.md\nwrote policies/acme/privacy.md\n" in created.stdout
    refused = policy_site(site, "check", status=1).stderr
    assert refused.startswith("error: policies/acme/company.md:2: field 'name' is still a ")
    assert len(refused.splitlines()) == 1

    # 2. The catalogue reads the draft; the editor pastes the line it prints.
    catalogue = policy_site(site, "clauses").stdout
    assert "contact-us: Contact us\n" in catalogue and "parameters: lead (required)" in catalogue
    shown = policy_site(site, "clauses", "contact-us").stdout
    include = next(line for line in shown.splitlines() if line.startswith("{% clause"))
    assert fill_placeholders(site, created.stdout, COMPANY | PRIVACY) == 7
    paste_after(privacy, PRIVACY["text of the first section"], include)

    # 3. A second policy, linking to the first one's contact section.
    options = ("--title", "Cookie Policy", "--numbering", "letter", *dated)
    assert fill_placeholders(site, policy_site(site, "new", "acme/cookies", *options).stdout,
                             COOKIES) == 3  # fmt: skip
    assert "numbering: letter" in cookies.read_text("utf-8")

    # 4. Checked, released with the commands status prints, built as Netlify builds.
    assert policy_site(site, "check").stdout.endswith(", 2 with unreleased changes\n")
    hints = re.findall(r"^  release it: (.*)$", policy_site(site, "status").stdout, re.M)
    assert hints == [f"policy-site release acme/{name} --effective {EFFECTIVE}"
                     for name in ("cookies", "privacy")]  # fmt: skip
    for hint in hints:
        released = policy_site(site, *shlex.split(hint)[1:]).stdout
        assert f"version {EFFECTIVE}: " in released and released.endswith(": First version.\n")
    assert "changed" not in policy_site(site, "status").stdout
    build = build_as_netlify(site)
    assert build.returncode == 0 and "WARNING" not in build.stderr, build.stderr

    # 5. The pages, as a reader gets them.
    page = parse_page(site / "site/acme/privacy/index.html").xpath("//article")[0]
    assert headings(page)[:2] == ["1. Data we keep", "2. Contact us"]
    text = " ".join(page.text_content().split())
    assert "This policy explains what Acme does with personal data." in text
    assert "please contact us at privacy@acme.example." in text
    links = [(a.text_content(), a.get("href")) for a in page.xpath(".//a[@class='xref']")]
    assert links == [("section 2, Contact us", "#contact-us")]
    page = parse_page(site / "site/acme/cookies/index.html").xpath("//article")[0]
    assert headings(page)[0] == "1. Cookies we set"
    links = [(a.text_content(), a.get("href")) for a in page.xpath(".//a[@class='xref']")]
    assert links == [("whom to ask", "../privacy/#contact-us")]
    assert (site / f"site/acme/privacy/{EFFECTIVE}/index.html").is_file()
