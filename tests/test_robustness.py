"""Hostile and careless input (issue 12, report of 2026-11-30): each test is one case of the
report, named in its docstring, run through the real command line or a real MkDocs build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import html

from generator.cli import main
from generator.content.library import load_library
from generator.site.build import build_versions
from generator.site.cache import RenderCache, Store
from generator.site.html_sections import PREAMBLE_ID, split_sections
from generator.text.markdown import markdown_to_html
from tests.helpers import error_lines, mkdocs_build, parse_page, render, render_error, write
from tests.sites import TODAY, edit, release_history, release_now, set_plugin_options


def check(site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """``policy-site check`` run in ``site``: what it printed to stderr (it must fail)."""
    monkeypatch.chdir(site)
    assert main(["check"]) == 1
    return capsys.readouterr().err


def build_error(site: Path, output: Path) -> list[str]:
    """The ERROR lines of a strict build of ``site`` that must fail, and nothing else."""
    result = mkdocs_build(site, output)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    return error_lines(result.stderr)


def built(site: Path, output: Path) -> Path:
    """``output`` after a strict build of ``site`` that must pass without warnings."""
    result = mkdocs_build(site, output)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return output


def text_of(element: html.HtmlElement) -> str:
    """The words of an element, whitespace squashed."""
    return " ".join(element.text_content().split())


# --- 11. templates cannot reach the plugin's internals (WEAK 36, 39) ----------------------


def test_the_render_state_is_not_a_name_templates_see(tmp_path: Path) -> None:
    """WEAK 36: ``{{ __policy_render_state__ }}`` printed the plugin's state into the page."""
    assert render_error(tmp_path, "Intro {{ __policy_render_state__ }}.\n") == (
        "policies/acme/privacy.md:5: undefined variable: '__policy_render_state__' is undefined; "
        "define it in company.md ('facts:'), in the policy's 'variables:', "
        "or as a clause parameter"
    )


def test_a_clause_cannot_empty_the_include_stack_to_include_itself(tmp_path: Path) -> None:
    """WEAK 39: clearing the state's stack got a self-include past the cycle check."""
    selfie = '---\ntitle: Selfie\n---\nAgain {{ __policy_render_state__.stack.clear() or "" }}\n'
    message = render_error(
        tmp_path,
        '{% clause "selfie" %}\n',
        {"selfie": selfie + '{% clause "selfie" %}\n'},
    )
    assert message.startswith(
        "policies/clauses/selfie.md:4: undefined variable: '__policy_render_state__' is undefined"
    )
    # Without the state in reach, the include of itself is the cycle it is.
    message = render_error(
        tmp_path / "plain",
        '{% clause "selfie" %}\n',
        {"selfie": '---\ntitle: S\n---\nAgain\n{% clause "selfie" %}\n'},
    )
    assert message.startswith(
        "policies/clauses/selfie.md:5: include cycle: policies/acme/privacy.md:5 -> "
        "policies/clauses/selfie.md:5 -> policies/clauses/selfie.md"
    )


# --- 12. control characters in front matter: one located line (BAD 95, 96) ----------------

_ESCAPE = "\x1b"
_DELETE = "\x7f"


def _control_in_policy(site: Path) -> str:
    # Two-byte letters on the line before: a byte offset is not a character offset.
    edit(
        site / "policies/acme/privacy.md",
        "effective: 2024-03-01\n",
        "description: Données à caractère personnel, déjà protégées\n"
        f"effective: 2024-03-01 {_ESCAPE}[1m\n",
    )
    return "policies/acme/privacy.md:4: front matter contains the control character U+001B"


def _control_in_clause(site: Path) -> str:
    edit(site / "policies/clauses/retention.md", "period:\n", f"period:{_DELETE}\n")
    return "policies/clauses/retention.md:4: front matter contains the control character U+007F"


def _control_in_company(site: Path) -> str:
    edit(site / "policies/globex/company.md", "name: Globex", f"name: Glo{_ESCAPE}bex")
    return "policies/globex/company.md:2: front matter contains the control character U+001B"


def _control_in_snapshot(site: Path) -> str:
    release_now(site, "globex/privacy", "2024-04-01")
    snapshot = site / "policies/globex/archive/privacy/2024-04-01.md"
    lines = snapshot.read_text("utf-8").split("\n")
    line = next(number for number, text in enumerate(lines, 1) if text.startswith("title:"))
    lines[line - 1] += _DELETE
    snapshot.write_text("\n".join(lines), "utf-8")
    return (
        f"policies/globex/archive/privacy/2024-04-01.md:{line}: "
        "front matter contains the control character U+007F"
    )


_CONTROL_HINT = (
    ", which YAML does not allow; delete it (most editors do not show it: "
    "retype the line if you cannot see it)"
)


@pytest.mark.parametrize(
    "spoil",
    [_control_in_policy, _control_in_clause, _control_in_company, _control_in_snapshot],
    ids=["policy", "clause", "company", "snapshot"],
)
def test_a_control_character_in_front_matter_is_one_located_line(
    site: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    spoil: Callable[[Path], str],
) -> None:
    """BAD 95, 96: libyaml's ReaderError escaped as a traceback that named no file."""
    expected = spoil(site) + _CONTROL_HINT
    assert check(site, capsys, monkeypatch) == f"error: {expected}\n"
    assert build_error(site, tmp_path / "out") == [expected]


# --- 13. no silent wrong output -----------------------------------------------------------


def test_a_heading_with_braces_keeps_its_words_id_and_label(site: Path, tmp_path: Path) -> None:
    """BAD 92: ``## Our {core} rules {#second}`` came out garbled, with a wrong id."""
    edit(
        site / "policies/acme/privacy.md",
        "## Introduction {#intro}",
        "## Our {core} rules {#intro}",
    )
    edit(site / "policies/acme/privacy.md", "## Cookies\n", "## Cookies {a} and {b} today\n")
    edit(
        site / "policies/acme/privacy.md",
        "See [§",
        "See [§ intro], [§ cookies-a-and-b-today] and [§",
    )
    edit(site / "policies/globex/privacy.md", "## What we collect", "## What {we} collect")
    output = built(site, tmp_path / "out")

    page = parse_page(output / "acme/privacy/index.html")
    heading = page.get_element_by_id("intro")
    assert heading.tag == "h2"
    assert text_of(heading).rstrip("¶ ") == "1. Our {core} rules"
    assert [text_of(h).rstrip("¶ ") for h in page.xpath("//article//h2")][2] == (
        "3. Cookies {a} and {b} today"
    )
    assert page.xpath("//article//h2")[2].get("id") == "cookies-a-and-b-today"
    links = {text_of(a): a.get("href") for a in page.xpath("//article//a[@class='xref']")}
    assert links["section 1, Our {core} rules"] == "#intro"
    assert links["section 3, Cookies {a} and {b} today"] == "#cookies-a-and-b-today"
    toc = [text_of(a) for a in page.xpath("//nav[contains(@class, 'md-nav--secondary')]//a")]
    assert "1. Our {core} rules" in toc and "3. Cookies {a} and {b} today" in toc
    # The cookie policy's cross-link to the heading lands on it.
    cookies = parse_page(output / "acme/cookies/index.html")
    assert "../privacy/#intro" in cookies.xpath("//article//a[@class='xref']/@href")
    # Unnumbered (no TOC label written): the words and the id are right too.
    globex = parse_page(output / "globex/privacy/index.html")
    assert text_of(globex.get_element_by_id("what-we-collect")).rstrip("¶ ") == "What {we} collect"
    toc = [text_of(a) for a in globex.xpath("//nav[contains(@class, 'md-nav--secondary')]//a")]
    assert "What {we} collect" in toc


@pytest.mark.parametrize(
    ("heading", "words"),
    [
        pytest.param("Our {core} rules", "Our {core} rules", id="braces"),
        pytest.param("Use {{ '{{' }} broken", "Use {{ broken", id="jinja-escaped"),
        pytest.param("Open { and close }", "Open { and close }", id="lone-braces"),
        pytest.param(r"Already \{escaped\}", "Already {escaped}", id="escaped"),
        pytest.param("Code `{c}` and {d}", "Code {c} and {d}", id="code-span"),
        pytest.param('<abbr title="{x}">A</abbr> {b}', "A {b}", id="html-attribute"),
    ],
)
def test_braces_in_a_heading_survive_the_markdown_conversion(
    tmp_path: Path, heading: str, words: str
) -> None:
    """BAD 92, below the site: what the generator writes converts to the title as typed."""
    rendered = render(tmp_path, f"Intro.\n\n## {heading} {{#rules}}\n\nText [§ rules].\n")
    root = html.fragment_fromstring(markdown_to_html(rendered.body), create_parent="div")
    (title,) = root.xpath("//h2")
    assert (title.get("id"), text_of(title).rstrip("¶ ")) == ("rules", f"1. {words}")
    assert title.get("data-toc-label") is None
    assert root.xpath("//a[@class='xref']/@href") == ["#rules"]
    assert root.xpath("//abbr/@title") in ([], ["{x}"])


def test_an_imported_text_with_braces_renders_as_written(
    site: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """BAD 92 through the importer (case 90m): a line read as a heading holds ``{{``."""
    source = write(
        tmp_path / "terms.txt",
        "Terms\n\n1. Data\n\nWe keep data for 90 days. Use {{ broken\n\n"
        "2. Our {core} rules\n\nBe kind.\n",
    )
    monkeypatch.chdir(site)
    assert main(["import", str(source), "--company", "acme", "--policy", "terms"]) == 0
    capsys.readouterr()
    page = parse_page(built(site, tmp_path / "out") / "acme/terms/index.html")
    headings = [text_of(h).rstrip("¶ ") for h in page.xpath("//article//*[self::h2 or self::h3]")]
    assert headings == [
        "1. Data",
        "We keep data for 90 days. Use {{ broken",
        "2. Our {core} rules",
    ]
    assert page.get_element_by_id("our-core-rules").tag == "h2"


def _two_versions_with_a_section_called_preamble(site: Path) -> None:
    policy = site / "policies/acme/privacy.md"
    edit(policy, "## Cookies\n", "## Cookies {#preamble}\n")
    release_now(site, "acme/privacy", "2024-04-01")
    edit(policy, "This policy explains how", "This policy sets out how")
    edit(policy, "See [§ cookies#cookie-list]", "Read [§ cookies#cookie-list]")
    release_now(site, "acme/privacy", "2024-06-01")


def test_the_opening_text_of_a_comparison_is_not_a_section_called_preamble(
    site: Path, tmp_path: Path
) -> None:
    """BAD 99: a section with the id ``preamble`` was aligned with the opening text."""
    _two_versions_with_a_section_called_preamble(site)
    output = built(site, tmp_path / "out")
    page = parse_page(output / "acme/privacy/2024-06-01/changes/index.html")
    blocks = page.xpath("//*[contains(@class, 'diff-section')]")
    by_id = {block.get("id"): block for block in blocks}
    assert len(by_id) == len(blocks), "every block of the comparison has its own id"
    assert PREAMBLE_ID not in {"preamble", ""} and not PREAMBLE_ID[0].isalpha()
    opening, cookies = by_id[PREAMBLE_ID], by_id["preamble"]
    assert blocks[0] is opening and "diff-changed" in opening.get("class")
    assert text_of(opening.xpath(".//h2")[0]) == "Opening text changed"
    assert [text_of(e) for e in opening.xpath(".//del")] == ["explains"]
    assert [text_of(e) for e in opening.xpath(".//ins")] == ["sets out"]
    assert "diff-changed" in cookies.get("class")
    assert text_of(cookies.xpath(".//h2")[0]) == "3. Cookies changed"
    assert [text_of(e) for e in cookies.xpath(".//del")] == ["See"]
    assert [text_of(e) for e in cookies.xpath(".//ins")] == ["Read"]
    assert "Sections: 2 changed, 0 added, 0 removed." in text_of(page)


def test_an_empty_section_called_preamble_is_kept() -> None:
    """BAD 99: a section with the id ``preamble`` and no text of its own was dropped as if
    it were empty opening text."""
    cuts = split_sections('<h2 id="preamble">Preamble</h2><h3 id="sub">Sub</h3><p>Text.</p>')
    assert [(cut.id, cut.title, cut.opening) for cut in cuts] == [
        ("preamble", "Preamble", False),
        ("sub", "Sub", False),
    ]


def test_company_is_not_a_policy_name_even_with_force(
    site: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """BAD 90k: ``import --policy company --force`` overwrote the company's facts."""
    source = write(tmp_path / "t.txt", "We keep your data for 30 days and delete it afterwards.\n")
    facts = (site / "policies/acme/company.md").read_bytes()
    monkeypatch.chdir(site)
    for company, force in (("acme", ["--force"]), ("acme", []), ("newco", [])):
        command = ["import", str(source), "--company", company, "--policy", "company", *force]
        assert main(command) == 1
        assert capsys.readouterr() == (
            "",
            "error: 'company' cannot be a policy name: it is the company's facts file "
            "(company.md); pick another name\n",
        )
    assert (site / "policies/acme/company.md").read_bytes() == facts
    assert not (site / "policies/newco").exists()
    history = write(tmp_path / "copies/2024-01-01.txt", "We keep your data for 30 days.\n")
    assert main(["import-history", str(history.parent), "--company", "x", "--policy", "company"])
    assert "'company' cannot be a policy name" in capsys.readouterr().err


_COPY = """\
# Privacy Policy

## Data

We keep data for {days} days.

## Contact

Write to privacy@h.example.
"""


def _contents(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` but the commands' own lock and journal (hidden files)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    }


def _copies(folder: Path, third_line_5: str) -> None:
    for date, days in (("2021-03-01", 30), ("2022-01-15", 60), ("2024-01-01", 120)):
        write(folder / f"{date}.md", _COPY.format(days=days))
    lines = _COPY.format(days=90).split("\n")
    lines[4] = third_line_5
    write(folder / "2023-06-01.md", "\n".join(lines))


def test_import_history_checks_every_copy_before_it_releases_one(
    site: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """WEAK 90m: a copy that failed to render left two releases behind and blamed the
    generated file; now nothing is written, the copy's own line is named, a re-run works."""
    _copies(site / "copies", "## {#only}")
    before = _contents(site / "policies")
    monkeypatch.chdir(site)
    command = ["import-history", "copies", "--company", "hist-e", "--policy", "privacy"]
    assert main(command) == 1
    assert capsys.readouterr().err == (
        "error: copies/2023-06-01.md:5: empty heading; write a title after the '#'s\n"
    )
    assert _contents(site / "policies") == before

    write(site / "copies/2023-06-01.md", _COPY.format(days=90))
    assert main(command) == 0, capsys.readouterr().err
    assert sorted(path.name for path in (site / "policies/hist-e/archive/privacy").iterdir()) == [
        "2021-03-01.md",
        "2022-01-15.md",
        "2023-06-01.md",
        "2024-01-01.md",
    ]


def test_import_history_of_copies_with_braces(
    site: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """WEAK 90m as reported: the third copy's ``{{ broken`` failed the import midway."""
    folder = tmp_path / "h"
    for date, days in (("2021-03-01", 30), ("2022-01-15", 60), ("2024-01-01", 120)):
        write(
            folder / f"{date}.txt",
            f"Privacy Policy\n\n1. Data\n\nWe keep data for {days} days.\n\n"
            "2. Contact\n\nWrite to privacy@h.example.\n",
        )
    write(
        folder / "2023-06-01.txt",
        "Privacy Policy\n\n1. Data\n\nWe keep data for 90 days. Use {{ broken\n\n"
        "2. Contact\n\nWrite to privacy@h.example.\n",
    )
    monkeypatch.chdir(site)
    command = ["import-history", str(folder), "--company", "hist-e", "--policy", "privacy"]
    assert main(command) == 0, capsys.readouterr().err
    page = parse_page(built(site, tmp_path / "out") / "hist-e/privacy/2023-06-01/index.html")
    assert "We keep data for 90 days. Use {{ broken" in [
        text_of(h).rstrip("¶ ") for h in page.xpath("//article//h3")
    ]


# --- one line off (WEAK 02, 24, 25) -------------------------------------------------------


def test_an_unclosed_quote_is_reported_where_it_opens(
    site: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """WEAK 02: an unclosed quote was reported at the closing ``---``."""
    edit(site / "policies/acme/privacy.md", "title: Privacy Policy", 'title: "Privacy Policy')
    expected = (
        "policies/acme/privacy.md:2: invalid YAML in front matter: a quoted value is not "
        "closed (found unexpected end of stream); end it with the same quote mark"
    )
    assert check(site, capsys, monkeypatch) == f"error: {expected}\n"
    assert build_error(site, tmp_path / "out") == [expected]


_TAGS_HINT = "; check the {% ... %} and {{ ... }} tags"


@pytest.mark.parametrize(
    ("clause_body", "line", "message"),
    [
        pytest.param(
            "## Broken {#broken}\n\nLine one.\n\nLine two.\nHello {{ company.name\nLine ten.\n",
            9,
            "template syntax error: expected token 'end of print statement', got 'Line'",
            id="24-unclosed-expression",
        ),
        pytest.param(
            "## Broken {#broken}\n\n{% if company.name %}\nLine seven.\nLine eight.\n",
            6,
            "template syntax error: Unexpected end of template. Jinja was looking for the "
            "following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to "
            "be closed is 'if'.",
            id="25-unclosed-if",
        ),
        pytest.param(
            "{% for item in company.address %}\n{{ item }}\n{% if item %}\nx\n{% endfor %}\n",
            8,
            "template syntax error: Encountered unknown tag 'endfor'. You probably made a "
            "nesting mistake. Jinja is expecting this tag, but currently looking for 'elif' or "
            "'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
            id="wrong-end-tag-stays-at-that-tag",
        ),
        pytest.param(
            "{% if company.name %}\n{% for item in company.address %}\n{{ item }}\n"
            "{% endfor %}\nText.\n",
            4,
            "template syntax error: Unexpected end of template. Jinja was looking for the "
            "following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to "
            "be closed is 'if'.",
            id="unclosed-outer-if",
        ),
    ],
)
def test_a_jinja_syntax_error_is_reported_where_its_tag_opens(
    tmp_path: Path, clause_body: str, line: int, message: str
) -> None:
    """WEAK 24, 25: Jinja syntax errors in a clause were reported a line late."""
    clause = "---\ntitle: Broken\n---\n" + clause_body
    location = f"policies/clauses/broken.md:{line}"
    assert render_error(tmp_path, '{% clause "broken" %}\n', {"broken": clause}) == (
        f"{location}: {message} (include chain: policies/acme/privacy.md:5 -> {location})"
        + _TAGS_HINT
    )


def test_a_multi_line_tag_still_renders(tmp_path: Path) -> None:
    """Tags may span lines: the line of their opening does not change what renders."""
    rendered = render(
        tmp_path,
        'Intro {{\n  company.name }}.\n\n## A {#a}\n\n{% clause "c"\n   who=company.name %}\n',
        {"c": "---\ntitle: C\nparameters:\n  who: {}\n---\nBy {{ who }}.\n"},
    )
    assert rendered.body.split("\n")[0] == "Intro Acme."
    assert "By Acme." in rendered.body


# --- WEAK 103c: cache entries are checked against their key --------------------------------


def test_an_entry_stored_under_another_key_is_rejected(tmp_path: Path) -> None:
    store = Store(tmp_path)
    first, second = "ab" * 32, "cd" * 32
    store.write(first, b"first")
    store.write(second, b"second")
    assert (store.read(first), store.read(second)) == (b"first", b"second")
    _swap(tmp_path / first[:2] / first, tmp_path / second[:2] / second)
    assert (store.read(first), store.read(second)) == (None, None)
    assert store.stats.rejected == 2


def _swap(one: Path, other: Path) -> None:
    kept = one.read_bytes()
    one.write_bytes(other.read_bytes())
    other.write_bytes(kept)


def _entries(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def test_swapped_render_cache_entries_are_not_used(site: Path, tmp_path: Path) -> None:
    """WEAK 103c, rendering work: every entry swapped with another is rendered again."""
    release_history(site, until=4)
    library = load_library(site / "policies", site)
    cache = tmp_path / "cache"

    def pages() -> dict[str, str]:
        result = build_versions(library, TODAY, production=False, cache_dir=cache)
        return {page.src_uri: page.markdown for item in result.values() for page in item.pages}

    expected = pages()
    entries = _entries(cache)
    assert len(entries) >= 2
    for one, other in zip(entries[::2], entries[1::2], strict=False):
        _swap(one, other)
    probe = RenderCache(cache)
    assert probe.get(entries[0].name) is None and probe.stats.rejected == 1
    assert pages() == expected


def test_swapped_page_cache_entries_are_rendered_again(site: Path, tmp_path: Path) -> None:
    """WEAK 103c: two swapped finished pages were each served as the other."""
    release_history(site, until=5)
    set_plugin_options(site, "      today: '2025-06-01'\n      cache_dir: cache\n")
    cold = mkdocs_build(site, tmp_path / "cold", {"SOURCE_DATE_EPOCH": "1748736000"})
    assert cold.returncode == 0, cold.stderr
    first, second = _entries(site / "cache/pages")[:2]
    _swap(first, second)
    warm = mkdocs_build(site, tmp_path / "warm", {"SOURCE_DATE_EPOCH": "1748736000"})
    assert warm.returncode == 0, warm.stderr
    assert ", 2 rendered" in warm.stderr, warm.stderr
    reference = tmp_path / "cold"
    for path in _entries(reference):
        relative = path.relative_to(reference)
        assert (tmp_path / "warm" / relative).read_bytes() == path.read_bytes(), relative
