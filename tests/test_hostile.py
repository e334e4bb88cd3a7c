"""Hostile input is harmless (issue 12, items 8-10; report of 2026-11-30, sections 1-4 and
13, WEAK cases 42 and 105, and the 404 page's CSP).

- HTML in a policy, a clause or a company's text that could run, load or post anything is a
  located error; the same markup in a code span is text.
- Everything else an author writes (titles, company names and facts, descriptions, change-log
  summaries, source notes) comes out as the characters typed, wherever it lands: navigation,
  ``<title>``, page text, the search index.
- The CSP lists the theme's inline scripts on every written page, 404 included, and never
  one an author wrote.
- A symbolic link under ``policies/`` is a located error, before MkDocs walks the folder.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from lxml.html import HtmlElement

from generator.cli import main
from generator.content.library import load_library
from generator.errors import PolicyError
from tests.builders import build_command
from tests.helpers import (
    COMPANY,
    error_lines,
    mkdocs_build,
    parse_page,
    render,
    render_error,
    write,
)
from tests.hostile import (
    ADDRESS,
    CODE,
    COMPANY_NAME,
    DESCRIPTION,
    JURISDICTION,
    LEGAL_NAME,
    LINKED_TITLE,
    NOTE,
    PLAIN_TITLE,
    POLICY_TITLE,
    SOURCE_URL,
    SUMMARIES,
    build_hostile_sources,
    payload,
)

BODY_LINE = 5
"""File line of the first body line of a :func:`tests.helpers.make_library` policy."""

# --- item 8: author-written HTML that could run is refused, at its line -------------------

REFUSED = [
    pytest.param("<script>alert(1)</script>", 0, "HTML element <script>", id="script"),
    pytest.param("<SCRIPT src=//evil.example/x.js></SCRIPT>", 0, "<script>", id="script-src"),
    pytest.param("## Heading <script>alert(1)</script>", 0, "<script>", id="in-heading"),
    pytest.param('<img src=x onerror="alert(1)">', 0, "attribute 'onerror'", id="onerror"),
    pytest.param("<a title='>' onclick=alert(1)>x</a>", 0, "attribute 'onclick'", id="quoted-gt"),
    pytest.param("<b\nonmouseover=alert(1)>x</b>", 1, "attribute 'onmouseover'", id="two-lines"),
    pytest.param(
        '[x](https://a.example/){ onclick="alert(1)" }', 0, "attribute 'onclick'", id="attr-list"
    ),
    pytest.param('## Heading { onclick="alert(1)" }', 0, "attribute 'onclick'", id="heading-attr"),
    pytest.param("[x](javascript:alert(1))", 0, "'javascript:' URL", id="javascript-link"),
    pytest.param("[x](JaVaScRiPt:alert(1))", 0, "'javascript:' URL", id="javascript-case"),
    pytest.param("[x](<javascript:alert(1)>)", 0, "'javascript:' URL", id="javascript-angle"),
    pytest.param("[x][r]\n\n[r]: javascript:alert(1)", 2, "'javascript:' URL", id="reference"),
    pytest.param('<a href="jav&#x61;script:alert(1)">x</a>', 0, "'javascript:' URL", id="entity"),
    pytest.param('<a href=" \tjavascript:alert(1)">x</a>', 0, "'javascript:' URL", id="spaces"),
    pytest.param("[x](vbscript:msgbox(1))", 0, "'vbscript:' URL", id="vbscript"),
    pytest.param("[x](data:text/html;base64,PHNjcmlwdD4=)", 0, "'data:' URL", id="data-link"),
    pytest.param("![x](data:image/svg+xml;base64,PHN2Zz4=)", 0, "'data:' URL", id="data-image"),
    pytest.param('<iframe src="https://evil.example/"></iframe>', 0, "<iframe>", id="iframe"),
    pytest.param('<object data="x.swf"></object>', 0, "<object>", id="object"),
    pytest.param('<embed src="x.swf">', 0, "<embed>", id="embed"),
    pytest.param('<base href="https://evil.example/">', 0, "<base>", id="base"),
    pytest.param('<form action="https://evil.example/"></form>', 0, "<form>", id="form"),
    pytest.param('<input name="password">', 0, "<input>", id="input"),
    pytest.param(
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">', 0, "<meta>", id="meta"
    ),
    pytest.param(
        '<link rel="stylesheet" href="https://evil.example/x.css">', 0, "<link>", id="link"
    ),
    pytest.param("<style>body { display: none }</style>", 0, "<style>", id="style"),
    pytest.param(
        '<svg><a><animate attributeName="href" to="javascript:alert(1)"/></a></svg>',
        0,
        "<svg>",
        id="svg",
    ),
    # Python's HTML parser reads "<!-->" as the start of a comment; browsers as a whole one.
    pytest.param("<!--><script>alert(1)</script>-->", 0, "<script>", id="comment-differential"),
    pytest.param("<![CDATA[><img src=x onerror=alert(1)>]]>", 0, "'onerror'", id="cdata"),
    # Without a fenced-code extension, a ``` fence is no code block: this script would run.
    pytest.param("```\n<script>alert(1)</script>\n```", 1, "<script>", id="fence-is-not-code"),
]


@pytest.mark.parametrize(("markup", "offset", "words"), REFUSED)
def test_markup_that_could_run_in_a_policy_is_refused_at_its_line(
    tmp_path: Path, markup: str, offset: int, words: str
) -> None:
    """``offset`` is the line of the markup that gives it away."""
    message = render_error(tmp_path, f"Intro.\n\n{markup}\n\nMore text.\n")
    line = BODY_LINE + 2 + offset
    assert message.startswith(f"policies/acme/privacy.md:{line}: "), message
    assert words in message


ALLOWED = [
    pytest.param(f"Write {CODE} to show a tag.", id="code-span"),
    pytest.param(f"Or ``{CODE}`` in double backticks.", id="double-code-span"),
    pytest.param(f"## A heading with {CODE} {{#tags}}\n\nText.", id="code-span-in-heading"),
    pytest.param("Escaped &lt;script&gt;alert(1)&lt;/script&gt; is text.", id="entities"),
    pytest.param("Personal data: names. JavaScript: none. See <privacy@acme.test>.", id="words"),
    pytest.param("[The regulator](https://ico.org.uk/) and [us](mailto:x@acme.test).", id="links"),
    pytest.param("<b>Bold</b>, <em>em</em> and <abbr title='x'>abbr</abbr>.", id="harmless-tags"),
    pytest.param("Comments <!-- an editor's note --> are fine.", id="comment"),
    # The tables extension aligns cells with style attributes: Markdown's own markup.
    pytest.param("| a | b |\n|:--|--:|\n| 1 | 2 |", id="aligned-table"),
]


@pytest.mark.parametrize("markup", ALLOWED)
def test_text_and_harmless_markup_are_accepted(tmp_path: Path, markup: str) -> None:
    assert render(tmp_path, f"Intro.\n\n{markup}\n").body


def test_a_script_in_a_clause_is_reported_in_the_clause_with_the_include_chain(
    tmp_path: Path,
) -> None:
    clause = "---\ntitle: Evil\n---\n## Evil {#evil}\n\nText <script>alert(1)</script>.\n"
    message = render_error(tmp_path, 'Intro.\n\n{% clause "evil" %}\n', {"evil": clause})
    assert message.startswith("policies/clauses/evil.md:6: HTML element <script>"), message
    assert "(include chain: policies/acme/privacy.md:7 -> policies/clauses/evil.md:6)" in message


def test_a_company_fact_that_brings_a_script_into_a_policy_is_refused_where_it_is_used(
    tmp_path: Path,
) -> None:
    assert render(tmp_path, "Intro.\n\nWrite to {{ company.dpo_email }}.\n").body
    facts = COMPANY.replace("dpo@acme.test", "'<script>alert(1)</script>'")
    write(tmp_path / "policies/acme/company.md", facts)
    with pytest.raises(PolicyError) as caught:
        load_and_render(tmp_path)
    assert str(caught.value).startswith(f"policies/acme/privacy.md:{BODY_LINE + 2}: HTML element")


def load_and_render(root: Path) -> None:
    from generator.site.live import render_library

    render_library(load_library(root / "policies", root))


def test_a_script_in_a_company_text_is_refused_at_its_line(tmp_path: Path) -> None:
    render(tmp_path, "Intro.\n")
    write(
        tmp_path / "policies/acme/company.md",
        COMPANY + f"\nAcme makes {CODE} widgets.\n\nWe <img src=x onerror=alert(1)> too.\n",
    )
    with pytest.raises(PolicyError) as caught:
        load_and_render(tmp_path)
    assert str(caught.value).startswith(
        "policies/acme/company.md:11: attribute 'onerror' is not allowed in company text"
    ), caught.value


def test_a_script_in_a_policy_stops_the_build_and_check_with_its_line(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Report 1 (82e): the script was built, and its hash put in the CSP."""
    policy = site / "policies/acme/cookies.md"
    policy.write_text(policy.read_text("utf-8") + '\n<script>alert("body")</script>\n', "utf-8")
    line = len(policy.read_text("utf-8").splitlines())
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0
    assert [error.split(" (")[0] for error in error_lines(result.stderr)] == [
        f"policies/acme/cookies.md:{line}: HTML element <script> is not allowed in policy text"
    ]
    monkeypatch.chdir(site)
    assert main(["check"]) == 1
    assert f"policies/acme/cookies.md:{line}: HTML element <script>" in capsys.readouterr().err


# --- item 9: everything else an author writes is escaped, wherever it lands ----------------


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile site (:mod:`tests.hostile`), built with ``mkdocs build --strict``."""
    folder = tmp_path_factory.mktemp("hostile")
    site = build_hostile_sources(folder / "site")
    output = folder / "out"
    result = mkdocs_build(site, output)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return output


def _pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def _words(text: str) -> str:
    return " ".join(text.split())


def _text(element: HtmlElement) -> str:
    """An element's text as a reader sees it, without a heading's permalink sign."""
    return _words(element.text_content()).removesuffix("¶").rstrip()


def _by_class(root: HtmlElement, name: str) -> list[HtmlElement]:
    found: list[HtmlElement] = root.xpath(
        f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
    )
    return found


def test_no_author_text_becomes_markup_on_any_page(hostile_build: Path) -> None:
    """Report 1-3: scripts from titles, names, facts, summaries and notes ran on every page."""
    problems = []
    pages = _pages(hostile_build)
    assert len(pages) > 15 and hostile_build / "404.html" in pages
    for path in pages:
        shown = path.relative_to(hostile_build).as_posix()
        for element in parse_page(path).iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag == "script" and "__pwned" in (element.text or ""):
                problems.append(f"{shown}: script {element.text}")
            if element.tag == "b" and element.text == "bold":
                problems.append(f"{shown}: <b> from a title")
            for name, value in element.attrib.items():
                url = name in ("href", "src", "action") and "script:" in value.lower()
                if name.startswith("on") or url:
                    problems.append(f"{shown}: {element.tag} {name}={value}")
    assert problems == []


def test_titles_and_company_names_are_text_in_navigation_title_and_headings(
    hostile_build: Path,
) -> None:
    """Report 2 (82a, 82b, 106): raw in the navigation, ``<title>`` and the search index."""
    for path in _pages(hostile_build):
        nav = [_text(link) for link in _by_class(parse_page(path), "md-nav__link")]
        shown = path.relative_to(hostile_build).as_posix()
        # A policy's title says whose policy it is: the company's name comes first.
        assert _words(f"{COMPANY_NAME} {PLAIN_TITLE}") in nav, (shown, nav)
        assert _words(f"{COMPANY_NAME} {POLICY_TITLE}") in nav, shown
        assert any(_words(COMPANY_NAME) in text for text in nav), shown
    policy = parse_page(hostile_build / "zz/p/index.html")
    assert policy.findtext(".//title") == f"{COMPANY_NAME} {POLICY_TITLE} - Fixture policies"
    assert _text(policy.find(".//article//h1")) == _words(f"{COMPANY_NAME} {POLICY_TITLE}")
    assert policy.xpath("//meta[@name='description']/@content") == [DESCRIPTION]
    dated = parse_page(hostile_build / "zz/p/2024-05-01/index.html")
    assert dated.findtext(".//title") == (
        f"{COMPANY_NAME} {POLICY_TITLE} (1 May 2024) - Fixture policies"
    )
    company = parse_page(hostile_build / "zz/index.html")
    assert company.findtext(".//title") == f"{COMPANY_NAME} - Fixture policies"
    assert _text(company.find(".//article//h1")) == _words(COMPANY_NAME)
    plain = parse_page(hostile_build / "zz/q/index.html")
    assert plain.findtext(".//title") == f"{COMPANY_NAME} {PLAIN_TITLE} - Fixture policies"


def test_the_search_index_holds_titles_as_escaped_text(hostile_build: Path) -> None:
    raw = (hostile_build / "search/search_index.json").read_text("utf-8")
    assert "<script" not in raw and "<img" not in raw and "<b>" not in raw
    titles = {doc["location"]: html.unescape(doc["title"]) for doc in json.loads(raw)["docs"]}
    assert titles["zz/p/"] == f"{COMPANY_NAME} {POLICY_TITLE}"
    assert titles["zz/q/"] == f"{COMPANY_NAME} {PLAIN_TITLE}"


def test_home_and_company_pages_show_names_titles_and_facts_as_typed(hostile_build: Path) -> None:
    home = _text(parse_page(hostile_build / "index.html").find(".//article"))
    for text in (COMPANY_NAME, POLICY_TITLE, PLAIN_TITLE):
        assert _words(text) in home
    company = parse_page(hostile_build / "zz/index.html")
    facts = [_text(dd) for dd in company.iter("dd")]
    for fact in (LEGAL_NAME, JURISDICTION, ADDRESS, "+44 " + payload("phone")):
        assert _words(fact) in facts
    codes = [code.text_content() for code in company.find(".//article").iter("code")]
    assert CODE.strip("`") in codes


def test_summaries_and_source_notes_are_text_on_policy_version_and_history_pages(
    hostile_build: Path,
) -> None:
    """Report 3 (82c, 82d): the change log, history and source note were raw HTML."""
    current = parse_page(hostile_build / "zz/p/index.html")
    article = _text(current.find(".//article"))
    for text in (*SUMMARIES, NOTE, SOURCE_URL):
        assert _words(text) in article
    source = _by_class(current, "policy-source")[0]
    assert [a.get("href") for a in source.iter("a")] == [SOURCE_URL]
    dated = _text(parse_page(hostile_build / "zz/p/2024-05-01/index.html").find(".//article"))
    assert _words(SUMMARIES[0]) in dated and _words(NOTE) in dated
    history = parse_page(hostile_build / "zz/p/history/index.html")
    cells = [_text(cell) for cell in history.iter("td")]
    assert _words(SUMMARIES[0]) in cells and _words(SUMMARIES[1]) in cells
    history_text = _text(history.find(".//article"))
    assert _words(NOTE) in history_text
    assert SOURCE_URL in [a.get("href") for a in history.iter("a")]
    codes = [code.text_content() for code in current.find(".//article").iter("code")]
    assert codes.count(CODE.strip("`")) >= 3


def test_cross_links_name_the_policies_they_lead_to_as_typed(hostile_build: Path) -> None:
    """A cross-link's words name its target policy: its title came out as markup."""
    for page in ("zz/p/index.html", "zz/p/2024-06-01/index.html"):
        links = _by_class(parse_page(hostile_build / page), "xref")
        assert [_text(link) for link in links] == [
            "section 2, Second section",
            f"{_words(PLAIN_TITLE)}, section 1, Section",
            f"{_words(LINKED_TITLE)}, section 1, Section",
        ]


# --- the CSP: the theme's scripts on every page, 404 included, never an author's ----------


def _script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _csp_hashes(output: Path) -> set[str]:
    headers = (output / "_headers").read_text("utf-8")
    return set(re.findall(r"'sha256-[A-Za-z0-9+/=]+'", headers))


def _inline_scripts(path: Path) -> list[tuple[str, bool]]:
    """Each executable inline script of a page, and whether it sits in the page's article."""
    found = []
    for script in parse_page(path).iter("script"):
        if script.get("src") is not None or script.get("type") not in (None, "text/javascript"):
            continue
        in_article = any(parent.tag == "article" for parent in script.iterancestors())
        found.append((script.text or "", in_article))
    return found


def test_the_csp_lists_every_theme_script_404_included(hostile_build: Path) -> None:
    """The 404 page (written through on_post_template) had a script missing from the CSP."""
    csp = _csp_hashes(hostile_build)
    missing = {
        path.relative_to(hostile_build).as_posix(): text[:60]
        for path in _pages(hostile_build)
        for text, _ in _inline_scripts(path)
        if _script_hash(text) not in csp
    }
    assert missing == {}
    not_found = [text for text, _ in _inline_scripts(hostile_build / "404.html")]
    assert any('new URL("/"' in text for text in not_found)
    theme = {
        _script_hash(text)
        for path in _pages(hostile_build)
        for text, in_article in _inline_scripts(path)
        if not in_article
    }
    assert csp == theme


def test_the_csp_lists_only_scripts_outside_the_page_content() -> None:
    from generator.publish.headers import mark_content, theme_script_hashes, unmark_content

    content = mark_content('<p>x</p><script>alert("author")</script>')
    page = (
        f"<html><head><script>theme()</script></head><body><article>{content}</article>"
        '<script>after()</script><script type="application/json">{}</script></body></html>'
    )
    assert theme_script_hashes(page) == {_script_hash("theme()"), _script_hash("after()")}
    assert "policies:content" not in unmark_content(page)
    assert '<script>alert("author")</script>' in unmark_content(page)
    # A page without marks (a theme that shows no content) has only the theme's scripts.
    assert theme_script_hashes("<script>a()</script>") == {_script_hash("a()")}


# --- item 9: source URLs are plain web addresses --------------------------------------------

BAD_URLS = [
    'https://zed.example/"><script>alert("srcurl")</script>',
    "javascript:alert(1)",
    "ftp://zed.example/x",
    "https://",
    "https:///path",
    "https://zed.example/a b",
    "https://zed.example/a\\b",
    "https://zed.example/<x>",
    "https://zed.example/\u0000",
    "https://[::1/",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_source_url_must_be_a_plain_web_address(tmp_path: Path, url: str) -> None:
    """Report 3 (82d): ``"><script>`` passed, and the autolink let it out."""
    write(tmp_path / "policies/acme/company.md", COMPANY)
    front = f"title: P\neffective: 2024-01-01\nsource:\n  url: {json.dumps(url)}\n"
    write(tmp_path / "policies/acme/privacy.md", f"---\n{front}---\nText.\n")
    with pytest.raises(PolicyError) as caught:
        load_library(tmp_path / "policies", tmp_path)
    assert str(caught.value).startswith(
        "policies/acme/privacy.md:5: field 'source.url': expected a URL starting with https://"
    ), caught.value


@pytest.mark.parametrize(
    "url",
    [
        SOURCE_URL,
        "http://web.archive.org/web/2019/https://zed.example/p?x=(1)",
        "https://zed.example:8443/",
        "https://xn--zd-2ia.example/",
    ],
)
def test_a_plain_web_address_is_accepted(tmp_path: Path, url: str) -> None:
    write(tmp_path / "policies/acme/company.md", COMPANY)
    front = f"title: P\neffective: 2024-01-01\nsource:\n  url: {json.dumps(url)}\n"
    write(tmp_path / "policies/acme/privacy.md", f"---\n{front}---\nText.\n")
    source = load_library(tmp_path / "policies", tmp_path).policies["acme/privacy"].source
    assert source is not None and source.url == url


# --- item 10: never publish a file from outside the repository ---------------------------


def _build(site: Path, output: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` that gives up after a minute (a symlink loop used to hang)."""
    return subprocess.run(
        build_command("--strict", "-d", str(output)),
        cwd=site,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def _check(site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """The error ``policy-site check`` prints in ``site``."""
    monkeypatch.chdir(site)
    assert main(["check"]) == 1
    return capsys.readouterr().err.strip()


def test_a_symlink_to_a_file_outside_is_refused_by_build_and_check(
    site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Report 4 (45, 44): the build's environment and /etc/passwd were published."""
    (site / "policies/acme/env.txt").symlink_to("/proc/self/environ")
    (site / "policies/acme/leak.txt").symlink_to("/etc/passwd")
    result = _build(site, tmp_path / "out", {"MY_SECRET": "canary123"})
    assert result.returncode != 0
    assert error_lines(result.stderr) == [
        "policies/acme/env.txt:1: 'env.txt' is a symbolic link (to /proc/self/environ), and "
        "the site publishes only files kept in the repository; "
        "replace the link by the file (or folder) itself, or remove it"
    ]
    published = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert not any(b"canary123" in p.read_bytes() for p in published)
    assert _check(site, monkeypatch, capsys).startswith(
        "error: policies/acme/env.txt:1: 'env.txt' is a symbolic link"
    )


def test_two_symlink_loops_fail_fast_naming_the_first_link(
    site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Report 13 (104): the build hung without output, its memory growing past 8 GB."""
    (site / "policies/acme/loop").symlink_to(".")
    (site / "policies/acme/up").symlink_to("../acme")
    result = _build(site, tmp_path / "out", {})
    assert result.returncode != 0
    assert error_lines(result.stderr)[0].startswith(
        "policies/acme/loop:1: 'loop' is a symbolic link (to .)"
    )
    assert _check(site, monkeypatch, capsys).startswith("error: policies/acme/loop:1: ")


def test_a_single_symlink_loop_is_reported_at_the_link(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Report WEAK 105: check blamed policies/zz/company.md."""
    (site / "policies/globex/loop").symlink_to(".")
    assert _check(site, monkeypatch, capsys).startswith(
        "error: policies/globex/loop:1: 'loop' is a symbolic link (to .)"
    )


def test_a_symlinked_company_folder_outside_the_repository_is_refused(
    site: Path, tmp_path: Path
) -> None:
    """Report WEAK 42: its policies were built and indexed."""
    outside = tmp_path / "outside"
    write(outside / "company.md", "---\nname: Out\nlegal_name: Out Ltd\n---\n")
    write(outside / "terms.md", "---\ntitle: Terms\neffective: 2024-01-01\n---\nOutside.\n")
    (site / "policies/outside").symlink_to(outside)
    result = _build(site, tmp_path / "out", {})
    assert result.returncode != 0
    assert error_lines(result.stderr)[0].startswith(
        f"policies/outside:1: 'outside' is a symbolic link (to {outside})"
    )
    with pytest.raises(PolicyError, match=r"^policies/outside:1: 'outside' is a symbolic link"):
        load_library(site / "policies", site)


def test_a_symlinked_clause_or_snapshot_is_refused_by_the_loader(site: Path) -> None:
    target = site / "policies/clauses/retention.md"
    (site / "policies/clauses/kept.md").symlink_to(target)
    with pytest.raises(PolicyError, match=r"^policies/clauses/kept.md:1: 'kept.md' is a symbolic"):
        load_library(site / "policies", site)


def test_the_parsed_pages_are_html(hostile_build: Path) -> None:
    """The lxml checks above read real documents (a guard against testing nothing)."""
    root = parse_page(hostile_build / "zz/p/index.html")
    assert isinstance(root, HtmlElement) and etree.iselement(root.find(".//article"))
