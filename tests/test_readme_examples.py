"""The README's examples, run as written, so that they cannot drift from the code.

A block of the README is an example when an HTML comment, invisible on GitHub, says so
on the line before it:

- ``<!-- example: run -->`` before a ``sh`` block: each command runs in the example site
  (``.venv/bin/X`` is this environment's ``X``) and must succeed;
- ``<!-- example: file PATH -->``: the block is the whole file ``PATH`` of the site;
- ``<!-- example: append PATH -->``: the block is added at the end of ``PATH``;
- ``<!-- example: links in PATH -->`` before a table of cross-links: each link, written
  in ``PATH``, renders as its row says.

The examples build one site in README order, from an empty ``policies/`` holding the
shipped clauses; the README's own "Check before you push" block builds it with
``mkdocs build --strict``. Every other Markdown or YAML block must be marked, or be
one of the few listed below (checked as YAML at least).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from lxml import html

from tests.helpers import ROOT, parse_page, write

README = ROOT / "README.md"
README_TEXT = README.read_text("utf-8")
BIN = Path(sys.executable).parent
_MARK = re.compile(r"^<!-- example: (?P<action>.+?) -->$")
_FENCE = re.compile(r"^(?P<fence>```+)(?P<info>\S*)\s*$")

MKDOCS_YML = """\
site_name: README examples
site_url: https://policies.example.org/
docs_dir: policies
theme:
  name: material
  font: false
plugins:
  - search
  - policies
markdown_extensions:
  - attr_list
  - tables
  - toc:
      permalink: true
"""

ILLUSTRATIONS = {
    "on:": "a GitHub Actions workflow: it calls a Netlify build hook, which a test cannot",
    "plugins:": "the plugin options: built by test_the_plugin_options_build_the_released_example",
    "# mkdocs.yml of a hub": "search: pagefind, as tests/test_search.py builds the sample",
}
"""Unmarked YAML blocks, by their first line, and why they are not run as examples."""


@dataclass(frozen=True)
class Block:
    """A fenced block (or a marked table) of the README."""

    line: int
    """Line of the README on which its text starts."""
    info: str
    text: str
    action: str | None
    """What its ``<!-- example: ... -->`` mark says; None when unmarked."""


def readme_blocks(text: str) -> list[Block]:
    """Every fenced block of the README, and every marked table, in order."""
    lines = text.split("\n")
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        mark = _MARK.match(lines[index - 1]) if index else None
        action = mark["action"] if mark else None
        fence = _FENCE.match(lines[index])
        if fence:
            end = index + 1
            while end < len(lines) and not lines[end].startswith(fence["fence"]):
                end += 1
            assert end < len(lines), f"README:{index + 1}: the block is never closed"
            body = "\n".join(lines[index + 1 : end]) + "\n"
            blocks.append(Block(index + 2, fence["info"], body, action))
            index = end + 1
            continue
        if action and lines[index].startswith("|"):
            end = index
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            blocks.append(Block(index + 1, "table", "\n".join(lines[index:end]), action))
            index = end
            continue
        index += 1
    return blocks


BLOCKS = readme_blocks(README_TEXT)
EXAMPLES = [block for block in BLOCKS if block.action is not None]


def environment() -> dict[str, str]:
    """The commands' environment: a preview build (not Netlify's production) of a fixed day."""
    env = {key: value for key, value in os.environ.items() if key not in ("CONTEXT", "URL")}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1748736000"}  # 2025-06-01


def commands(block: Block) -> list[list[str]]:
    """The commands of a ``sh`` block, continuation lines joined, comments dropped."""
    joined = block.text.replace("\\\n", " ")
    found = []
    for line in joined.splitlines():
        words = shlex.split(line, comments=True)
        if words:
            program = words[0]
            assert program.startswith(".venv/bin/"), f"README:{block.line}: {line}"
            found.append([str(BIN / program.removeprefix(".venv/bin/")), *words[1:]])
    return found


def run(site: Path, command: list[str], line: int) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command, cwd=site, env=environment(), capture_output=True, text=True, check=False
    )
    shown = f"README:{line}: {shlex.join(command)}"
    assert result.returncode == 0, f"{shown}\n{result.stdout}{result.stderr}"
    assert "Traceback" not in result.stderr, f"{shown}\n{result.stderr}"
    assert "WARNING" not in result.stderr, f"{shown}\n{result.stderr}"
    return result


def apply(site: Path, block: Block) -> None:
    """Do what one example says."""
    assert block.action is not None
    action, _, argument = block.action.partition(" ")
    if action == "run":
        assert block.info == "sh", f"README:{block.line}: a 'run' example is a sh block"
        for command in commands(block):
            run(site, command, block.line)
    elif action == "file":
        write(site / argument, block.text)
    elif action == "append":
        path = site / argument
        path.write_text(path.read_text("utf-8").rstrip("\n") + "\n\n" + block.text, "utf-8")
    elif action != "links":
        raise AssertionError(f"README:{block.line}: unknown example action '{block.action}'")


def empty_site(root: Path) -> Path:
    """A site folder with the shipped clauses and no company yet."""
    site = root / "site"
    write(site / "mkdocs.yml", MKDOCS_YML)
    shutil.copytree(ROOT / "policies" / "clauses", site / "policies" / "clauses")
    return site


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site the README's examples build, in README order (its last block builds it)."""
    site = empty_site(tmp_path_factory.mktemp("readme"))
    for block in EXAMPLES:
        apply(site, block)
    return site


def built_page(site: Path, path: str) -> html.HtmlElement:
    return parse_page(site / "site" / path / "index.html")


# --- the blocks ---------------------------------------------------------------------------


def test_every_markdown_and_yaml_block_is_an_example_or_a_listed_illustration() -> None:
    for block in BLOCKS:
        where = f"README:{block.line}"
        if block.info in ("markdown", "md"):
            assert block.action, f"{where}: mark the Markdown block with <!-- example: ... -->"
        elif block.info in ("yaml", "yml") and not block.action:
            first = block.text.split("\n", 1)[0].strip()
            assert first in ILLUSTRATIONS, f"{where}: mark the YAML block, or list it"
            assert yaml.safe_load(block.text), where
        elif block.info == "json":
            assert json.loads(block.text), where


def test_the_readme_has_the_examples_this_module_runs() -> None:
    actions = [block.action for block in EXAMPLES]
    assert actions.count("run") >= 4
    assert "file policies/example/company.md" in actions
    assert "file policies/example/privacy.md" in actions
    assert "file policies/clauses/support-tickets.md" in actions
    assert "links in policies/example/privacy.md" in actions


# --- what they build ----------------------------------------------------------------------


def test_the_editing_examples_build_the_page_they_describe(example_site: Path) -> None:
    page = built_page(example_site, "example/privacy")
    article = page.xpath("//article")[0]
    headings = [
        " ".join(h.text_content().removesuffix("¶").split()) for h in article.xpath(".//h2")
    ]
    assert headings[:3] == ["1. Data we collect", "2. Data retention", "3. Contact us"]
    text = " ".join(article.text_content().split())
    assert "This policy explains how Example Corp handles personal data." in text
    assert "We keep support tickets for 30 days." in text
    assert "Questions about this policy? Write to privacy@example.com." in text
    for period in ("30 days", "90 days"):
        assert f"We keep support tickets for {period}, then delete them." in text
    links = {
        a.text_content(): a.get("href")
        for a in article.xpath(".//a[contains(concat(' ', @class, ' '), ' xref ')]")
    }
    assert links == {
        "section 2, Data retention": "#data-retention",
        "our retention rules": "#data-retention",
        "section 3, Contact us": "#contact-us",
    }


def test_the_quoted_placeholder_error_is_what_check_says(tmp_path: Path) -> None:
    site = empty_site(tmp_path)
    first = next(block for block in EXAMPLES if block.action == "run")
    apply(site, first)
    result = subprocess.run(
        [str(BIN / "policy-site"), "check"],
        cwd=site,
        env=environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    quoted = re.search(r"`(policies/example/company\.md:\d+: field 'website'[^`]*)`", README_TEXT)
    assert quoted, "the README quotes the placeholder error after 'policy-site new example'"
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["error: " + " ".join(quoted[1].split())]


def test_the_cross_link_table_renders_as_it_says(example_site: Path, tmp_path: Path) -> None:
    """Each row's link, written in the example policy beside the two sample policies the
    table names, renders as the row's second column says (before its parenthesis)."""
    site = tmp_path / "site"
    shutil.copytree(example_site / "policies", site / "policies")
    shutil.copy(ROOT / "policies/example/cookies.md", site / "policies/example/cookies.md")
    shutil.copytree(
        ROOT / "policies/mindlink",
        site / "policies/mindlink",
        ignore=shutil.ignore_patterns("archive"),
    )
    table = next(block for block in EXAMPLES if (block.action or "").startswith("links in "))
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in table.text.splitlines()[2:]
    ]
    probes = [f"Row {number}: {written.strip('`')}" for number, (written, _) in enumerate(rows)]
    target = site / str(table.action).removeprefix("links in ")
    target.write_text(target.read_text("utf-8") + "\n" + "\n\n".join(probes) + "\n", "utf-8")
    command = [str(BIN / "policy-site"), "render", "example/privacy"]
    rendered = run(site, command, table.line).stdout
    for number, (written, renders_as) in enumerate(rows):
        words = renders_as.split(" (", 1)[0]
        assert re.search(rf"^Row {number}: \[{re.escape(words)}\]\(", rendered, re.M), (
            f"README:{table.line}: {written} does not render as '{words}'"
        )


def test_the_plugin_options_build_the_released_example(example_site: Path, tmp_path: Path) -> None:
    """The README's plugin options, as written (production, an unquoted date, a cache
    folder), build the example site once its policy is released as the README says."""
    site = tmp_path / "site"
    shutil.copytree(example_site / "policies", site / "policies")
    options = next(b for b in BLOCKS if b.info == "yaml" and b.text.startswith("plugins:"))
    head, rest = MKDOCS_YML.split("plugins:\n")
    write(site / "mkdocs.yml", head + options.text + rest[rest.index("markdown_extensions:") :])
    release = [str(BIN / "policy-site"), "release", "example/privacy", "--effective", "2024-05-01"]
    run(site, release, options.line)
    run(site, [str(BIN / "mkdocs"), "build", "--strict"], options.line)
    page = built_page(site, "example/privacy")
    assert "Shorter retention period for support tickets." in page.text_content()
    assert (site / ".cache/policies").is_dir()
