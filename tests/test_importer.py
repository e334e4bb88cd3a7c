"""The importer: recognition unit by unit, odd input, and every real document end to end.

Every imported policy is written into a real ``policies/`` folder, loaded and
rendered by the generator itself, so "imported" always means "accepted by the
validator and the renderer". The seeds and the corpus are read from
``../shared`` at test time; a missing folder fails the tests.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html

from generator.content.library import load_library
from generator.errors import PolicyError
from generator.importer import ImportResult, format_report, import_file, import_text
from generator.site.live import page_markdown, render_library
from generator.text.markdown import markdown_to_html
from tests.helpers import FIXTURE_SITE, error_lines, mkdocs_build

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = sorted((SHARED / "seeds").glob("0*.txt"))
CORPUS = sorted((SHARED / "corpus").glob("*__*.md"))
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
MISSING = Path("missing: ../shared was not found")

# --- helpers --------------------------------------------------------------------------


def imported(
    text: str | bytes, fmt: str = "md", company: str = "acme", policy: str = "privacy", **kw: Any
) -> ImportResult:
    return import_text(
        text, fmt=fmt, source_name=f"source.{fmt}", company=company, policy=policy, **kw
    )


def front(result: ImportResult) -> dict[str, Any]:
    data = yaml.safe_load(result.policy_markdown.split("---\n")[1])
    assert isinstance(data, dict)
    return data


def body(result: ImportResult) -> str:
    return result.policy_markdown.split("---\n", 2)[2]


def headings(result: ImportResult) -> list[tuple[int, str]]:
    """(level, title) of every heading the body writes, attributes left out."""
    found = []
    for line in body(result).split("\n"):
        match = re.match(r"^(#{1,6}) (.*?)(?: \{[^{}]*\})?$", line)
        if match:
            found.append((len(match[1]), match[2]))
    return found


def render(result: ImportResult, company: str = "acme", policy: str = "privacy") -> str:
    """The policy through the real pipeline: written, loaded, rendered, converted to HTML."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        target = root / "policies" / company
        target.mkdir(parents=True)
        (target / "company.md").write_text(result.company_markdown, encoding="utf-8")
        (target / f"{policy}.md").write_text(result.policy_markdown, encoding="utf-8")
        library = load_library(root / "policies", root)
        rendered = render_library(library)
        return markdown_to_html(page_markdown(rendered[f"{company}/{policy}"]))


def page(result: ImportResult, **kw: str) -> html.HtmlElement:
    return html.fromstring(f"<div>{render(result, **kw)}</div>")


def unsure(result: ImportResult) -> list[str]:
    return [note.message for note in result.notes if note.unsure]


def words(text: str) -> list[str]:
    """Normalized words: Unicode NFKC, casefolded, invisible characters dropped."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.findall(r"\w+", re.sub("[\u00ad\u200b\u2060\ufeff]", "", text))


TYPED_NUMBER = re.compile(
    r"^(?:\(?\d+[a-z]?[.)]|[A-Z][.)]|\d+(?:\.\d+)+\.?|[IVX]+\.|[A-Z]\d+-\d+\.)\s"
)


def doubled_numbers(tree: html.HtmlElement) -> list[str]:
    """Headings whose text still starts with a typed number after the generated one."""
    doubled = []
    for span in tree.xpath(
        "//*[self::h2 or self::h3 or self::h4 or self::h5 or self::h6]/span[@class='secno']"
    ):
        rest = (span.tail or "").strip()
        if TYPED_NUMBER.match(rest):
            doubled.append(f"{span.text} {rest}")
    return doubled


# --- headings ---------------------------------------------------------------------------

HEADING_CASES = [
    pytest.param(
        "md",
        "# Privacy Policy\n\nIntro.\n\n## Scope\n\nText.\n\n### Details\n\nMore.\n",
        [(2, "Scope"), (3, "Details")],
        "none",
        id="markdown-hashes",
    ),
    pytest.param(
        "md",
        "Privacy Policy\n==============\n\nIntro.\n\nScope\n-----\n\nText.\n\nLaw\n---\n\nMore.\n",
        [(2, "Scope"), (2, "Law")],
        "none",
        id="underlined",
    ),
    pytest.param(
        "md",
        "Intro text.\n\n**Scope**\n\nText here.\n\n**Data we keep.**\n\nMore text.\n",
        [(2, "Scope"), (2, "Data we keep")],
        "none",
        id="bold-lines",
    ),
    pytest.param(
        "txt",
        "Privacy Policy\n1. Communications\nWhen you write to us, we keep a record.\n"
        "2. Data use\nWe use data to serve you.\n",
        [(2, "Communications"), (2, "Data use")],
        "decimal",
        id="numbered-lines",
    ),
    pytest.param(
        "md",
        "**1\\. Introduction**\n\nText.\n\n**2\\. Data**\n\nText.\n\n**2a. Cookies**\n\nText.\n\n"
        "**3\\. Rights**\n\nText.\n",
        [(2, "Introduction"), (2, "Data"), (3, "Cookies"), (2, "Rights")],
        "letter",
        id="bold-escaped-numbers-2a",
    ),
    pytest.param(
        "md",
        "## A. Definitions\n\nText.\n\n### 1. Accounts\n\nText.\n\n### 2. Users\n\nText.\n\n"
        "## B. Terms\n\nText.\n",
        [(2, "Definitions"), (3, "Accounts"), (3, "Users"), (2, "Terms")],
        "decimal",
        id="letters-then-numbers",
    ),
    pytest.param(
        "txt",
        "Terms\n\n1. Scope\n\nText one.\n\n1.1 Parties\n\nText two.\n\n1.1.1 Agents\n\n"
        "Text three.\n\n2. Law\n\nText four.\n",
        [(2, "Scope"), (3, "Parties"), (4, "Agents"), (2, "Law")],
        "decimal",
        id="multi-level-3.1.1",
    ),
    pytest.param(
        "txt",
        "Privacy Policy\n\nWe care about privacy.\n\nData we collect\n\nWe collect your name.\n\n"
        "Your rights\n\nYou may ask for a copy.\n",
        [(2, "Data we collect"), (2, "Your rights")],
        "none",
        id="bare-short-lines",
    ),
    pytest.param(
        "md",
        "#### How do we collect data?\n\nText.\n\n**Cookies**\n\nText.\n\n"
        "Where is your data stored?\n\nIn Frankfurt.\n",
        [(2, "How do we collect data?"), (3, "Cookies"), (2, "Where is your data stored?")],
        "none",
        id="question-lost-its-markup",
    ),
]


@pytest.mark.parametrize(("fmt", "source", "expected", "numbering"), HEADING_CASES)
def test_heading_forms(
    fmt: str, source: str, expected: list[tuple[int, str]], numbering: str
) -> None:
    result = imported(source, fmt=fmt)
    assert headings(result) == expected
    assert result.numbering == numbering == front(result)["numbering"]
    tree = page(result)
    rendered = [h.text_content().replace("¶", "").strip() for h in tree.xpath("//h2|//h3|//h4")]
    assert [re.sub(r"^[\d.a-z]+\.\s", "", text) for text in rendered] == [t for _, t in expected]
    assert not doubled_numbers(tree)


def test_title_comes_from_the_first_heading_and_never_stays_in_the_body() -> None:
    result = imported("# Cookie Policy | Example Shop\n\nWe use cookies.\n")
    assert front(result)["title"] == "Cookie Policy"
    assert "#" not in body(result)
    assert any("shortened" in message for message in unsure(result))


def test_given_title_wins_and_the_first_text_line_is_the_title_of_a_text_file() -> None:
    assert front(imported("Privacy Policy\n\nWe care.\n", fmt="txt"))["title"] == "Privacy Policy"
    given = imported("Privacy Policy\n\nWe care.\n", fmt="txt", title="Data Notice")
    assert front(given)["title"] == "Data Notice"
    assert "Privacy Policy" not in body(given)


def test_generated_numbers_differing_from_typed_ones_are_reported() -> None:
    source = "**6\\. Cookies**\n\nText.\n\n**8\\. Links**\n\nText.\n"
    result = imported(source)
    assert [n.line for n in result.notes if "becomes '2.'" in n.message] == [5]
    assert [s.text for s in page(result).xpath("//span[@class='secno']")] == ["1.", "2."]


def test_unnumbered_sub_headings_of_a_numbered_text_stay_unnumbered() -> None:
    source = (
        "**1\\. Cookies**\n\nText.\n\nTraffic cookies\n\nWe count visits.\n\n"
        "**2\\. Links**\n\nText.\n"
    )
    result = imported(source)
    assert "### Traffic cookies {.unnumbered}" in body(result)
    assert [s.text for s in page(result).xpath("//span[@class='secno']")] == ["1.", "2."]


# --- lists, tables, links, emphasis, quotes ----------------------------------------------

LIST_CASES = [
    pytest.param("txt", "We collect:\n\n• name\n• email\n", ["- name", "- email"], id="bullet-dot"),
    pytest.param("md", "We collect:\n* name\n* email\n", ["- name", "- email"], id="star"),
    pytest.param("md", "We collect:\n\n- name\n- email\n", ["- name", "- email"], id="dash"),
    pytest.param(
        "txt", "We collect:\n(1) name\n(2) email\n", ["1. name", "2. email"], id="paren-1"
    ),
    pytest.param("txt", "We collect:\n  1. name\n  2. email\n", ["1. name", "2. email"], id="1."),
    pytest.param(
        "txt", "We collect:\n(a) name\n(b) email\n", ["- (a) name", "- (b) email"], id="(a)"
    ),
    pytest.param(
        "txt",
        "We collect:\n• name\n    ◦ first name\n    ◦ last name\n• email\n",
        ["- name", "    - first name", "    - last name", "- email"],
        id="nested-text",
    ),
    pytest.param(
        "md",
        "We collect:\n\n- name\n  - first name\n- email\n  1. work\n",
        ["- name", "    - first name", "- email", "    1. work"],
        id="nested-two-spaces",
    ),
]


@pytest.mark.parametrize(("fmt", "source", "expected"), LIST_CASES)
def test_list_forms(fmt: str, source: str, expected: list[str]) -> None:
    result = imported(source, fmt=fmt)
    lines = body(result).split("\n")
    start = lines.index(expected[0])
    assert lines[start : start + len(expected)] == expected
    tree = page(result)
    assert len(tree.xpath("//li")) == len(expected)
    nested = sum(1 for line in expected if line.startswith("    "))
    assert len(tree.xpath("//li//li")) == nested


def test_tables_links_emphasis_and_quotes_are_kept() -> None:
    source = (
        "Intro with *emphasis*, **strong** and a [link](https://example.com/a).\n\n"
        "| Cookie | Purpose |\n| --- | --- |\n| sid | Session |\n\n"
        "> A quoted remark.\n"
    )
    tree = page(imported(source))
    assert tree.xpath("//em/text()") == ["emphasis"]
    assert tree.xpath("//strong/text()") == ["strong"]
    assert "https://example.com/a" in tree.xpath("//a/@href")
    assert tree.xpath("//table//td/text()") == ["sid", "Session"]
    assert tree.xpath("string(//blockquote)").strip() == "A quoted remark."


def test_plain_text_is_not_read_as_markup() -> None:
    source = (
        "Terms\n\nPrices: 5 * 3 = 15 <b>not bold</b> and snake_case_name stay.\n\n#1 priority.\n"
    )
    text = page(imported(source, fmt="txt")).text_content()
    assert "5 * 3 = 15 <b>not bold</b> and snake_case_name stay." in text
    assert "#1 priority." in text


def test_lists_a_scraper_moved_are_put_back_under_their_paragraphs() -> None:
    source = (
        "Policy\n\nWe collect:\n\n• name\n\n• visits\n• clicks\n\n• billing\n\nUses\n\n"
        "We use data to:\n\nSharing\n\nWe share data with:\n\nEnd\n\nThat is all.\n"
    )
    result = imported(source, fmt="txt")
    text = body(result)
    assert "We use data to:\n\n- visits\n- clicks" in text
    assert "We share data with:\n\n- billing" in text
    assert sum("moved the list" in message for message in unsure(result)) == 2


# --- change logs and dates ---------------------------------------------------------------

DATE_CASES = [
    pytest.param("2016-09-16: Retention shortened.", dt.date(2016, 9, 16), "", id="iso"),
    pytest.param(
        "16 September 2016 – Retention shortened.", dt.date(2016, 9, 16), "", id="d-month-y"
    ),
    pytest.param(
        "September 16, 2016: Retention shortened.", dt.date(2016, 9, 16), "", id="month-d-y"
    ),
    pytest.param("Sep 16, 2016: Retention shortened.", dt.date(2016, 9, 16), "", id="mon-d-y"),
    pytest.param("16th Sept. 2016 - Retention shortened.", dt.date(2016, 9, 16), "", id="ordinal"),
    pytest.param("09/16/2016: Retention shortened.", dt.date(2016, 9, 16), "", id="us-slashes"),
    pytest.param("16.09.2016: Retention shortened.", dt.date(2016, 9, 16), "", id="eu-dots"),
    pytest.param(
        "03/04/2016: Retention shortened.", dt.date(2016, 3, 4), "day/month", id="ambiguous"
    ),
    pytest.param(
        "March 2016: Retention shortened.", dt.date(2016, 3, 1), "gives no day", id="month"
    ),
    pytest.param(
        "Retention shortened (16 September 2016).", dt.date(2016, 9, 16), "", id="date-last"
    ),
]


@pytest.mark.parametrize(("line", "date", "doubt"), DATE_CASES)
def test_change_log_dates(line: str, date: dt.date, doubt: str) -> None:
    source = (
        f"Privacy Policy\n\nWe keep data.\n\nChange log:\n\n• {line}\n"
        "• 2010-01-02: First version.\n"
    )
    result = imported(source, fmt="txt")
    meta = front(result)
    assert meta["changes"] == [
        {"date": date, "summary": "Retention shortened."},
        {"date": dt.date(2010, 1, 2), "summary": "First version."},
    ]
    assert meta["effective"] == date
    assert "Change log" not in body(result) and "Retention" not in body(result)
    doubts = [m for m in unsure(result) if "day/month" in m or "gives no day" in m]
    assert [doubt in m for m in doubts] == ([True] if doubt else [])
    text = page(result).text_content()
    assert "Retention shortened." in text  # shown in the generated change log


def test_change_log_table_under_a_revision_history_heading() -> None:
    source = (
        "# Terms\n\nText.\n\n## Revision history\n\n| Date | Change |\n| --- | --- |\n"
        "| 2020-01-02 | Added refunds. |\n| 1 March 2021 | Clarified fees. |\n"
    )
    result = imported(source)
    assert front(result)["changes"] == [
        {"date": dt.date(2021, 3, 1), "summary": "Clarified fees."},
        {"date": dt.date(2020, 1, 2), "summary": "Added refunds."},
    ]
    assert "Revision history" not in body(result)
    render(result)


def test_change_log_typed_right_above_its_dated_lines() -> None:
    source = (
        "Privacy Policy\n\nWe keep data for a year.\nThen we delete it.\n\n"
        "Change log:\n2023-06-01 Shorter retention.\n2022-11-01 Contact clarified.\n"
    )
    result = imported(source, fmt="txt")
    assert front(result)["changes"] == [
        {"date": dt.date(2023, 6, 1), "summary": "Shorter retention."},
        {"date": dt.date(2022, 11, 1), "summary": "Contact clarified."},
    ]
    assert "Change log" not in body(result)
    wrapped = (
        "Terms\n\nText that goes on\nover two lines.\n\nUpdates:\nWe may change these terms.\n"
    )
    assert "Updates:\nWe may change these terms." in body(imported(wrapped, fmt="txt"))


def test_effective_date_order_given_then_log_then_stated_then_today() -> None:
    stated = "Terms\n\nLast updated: April 20, 2023\n\nText.\n"
    assert front(imported(stated, fmt="txt"))["effective"] == dt.date(2023, 4, 20)
    given = imported(stated, fmt="txt", effective=dt.date(2024, 5, 1))
    assert front(given)["effective"] == dt.date(2024, 5, 1)
    undated = imported("Terms\n\nText.\n", fmt="txt")
    assert front(undated)["effective"] == dt.date.today()
    assert any("effective date set to today" in message for message in unsure(undated))


# --- web-archive captures ---------------------------------------------------------------

ARCHIVE_HEADER = (
    "> *The following text is extracted and transformed from the mono.net privacy policy that "
    "was archived on 2013-11-06. Please check the [original snapshot on the Wayback Machine]"
    "(https://web.archive.org/web/20131106125702id_/http%3A//www.mono.net/privacy-policy) for "
    "the most accurate reproduction.*\n\n# Privacy Policy | mono.net\n\nWe protect your data.\n"
)


def test_archive_header_becomes_source_info() -> None:
    result = imported(ARCHIVE_HEADER, fmt="txt")
    meta = front(result)
    assert meta["source"]["url"] == "http://www.mono.net/privacy-policy"
    assert meta["source"]["captured"] == dt.date(2013, 11, 6)
    assert "web.archive.org/web/20131106125702id_" in meta["source"]["note"]
    assert meta["effective"] == dt.date(2013, 11, 6)
    assert body(result).strip() == "We protect your data."
    assert "website: http://www.mono.net" in result.company_markdown
    assert "captured on 6 November 2013" in page(result).text_content()


def test_web_archive_html_page() -> None:
    result = import_file(FIXTURES / "wayback.html", company="shop", policy="cookies")
    meta = front(result)
    assert meta["title"] == "Cookie Policy"
    assert meta["source"]["url"] == "https://shop.example.com/cookies"
    assert meta["source"]["captured"] == dt.date(2019, 3, 12)
    tree = page(result, company="shop", policy="cookies")
    text = tree.text_content()
    assert "toolbar" not in text and "Do you consent" not in text
    assert tree.xpath("//td/text()") == ["cart", "Keeps your basket."]
    assert "https://shop.example.com/privacy" in tree.xpath("//a/@href")
    assert "legal_name: Example Shop GmbH" in result.company_markdown


# --- company facts ----------------------------------------------------------------------

FACT_CASES = [
    pytest.param(
        "When we say “we” we mean MNX Solutions, LLC d/b/a MNX.io. Write to info@mnx.io.",
        "MNX Solutions, LLC",
        "info@mnx.io",
        id="llc",
    ),
    pytest.param(
        "This policy covers how mono solutions ApS uses data. Mail info@mono.net.",
        "mono solutions ApS",
        "info@mono.net",
        id="aps-lowercase",
    ),
    pytest.param(
        "The service is run by Acme Widgets Ltd and Acme Widgets Ltd only.",
        "Acme Widgets Ltd",
        None,
        id="ltd",
    ),
    pytest.param(
        "“GitHub,” “We,” and “Us” refer to GitHub, Inc., as well as our affiliates.",
        "GitHub, Inc.",
        None,
        id="inc",
    ),
]


@pytest.mark.parametrize(("text", "legal_name", "email"), FACT_CASES)
def test_company_facts(text: str, legal_name: str, email: str | None) -> None:
    result = imported(f"Privacy Policy\n\n{text}\n", fmt="txt")
    company = yaml.safe_load(result.company_markdown.split("---\n")[1])
    assert company["legal_name"] == legal_name
    assert company.get("email") == email
    assert any("legal name guessed" in message for message in unsure(result))


def test_postal_address_block_and_fallback_name() -> None:
    source = (
        "Privacy\n\nWe keep data.\n\nmono.net is located at:  \nmono solutions ApS  \n"
        "Baggensensgade 4C  \n2200 København N  \nDenmark\n"
    )
    company = yaml.safe_load(imported(source).company_markdown.split("---\n")[1])
    assert company["address"] == ["Baggensensgade 4C", "2200 København N", "Denmark"]
    nameless = imported("Privacy\n\nWe keep data.\n", company="north-wind")
    assert "legal_name: North Wind" in nameless.company_markdown
    assert any("no legal name" in message for message in unsure(nameless))


# --- HTML -------------------------------------------------------------------------------


def test_html_main_content_only() -> None:
    result = import_file(FIXTURES / "site-page.html", company="acme", policy="privacy")
    meta = front(result)
    assert meta["title"] == "Privacy Policy"
    assert meta["description"] == "How Acme handles data."
    assert meta["effective"] == dt.date(2021, 3, 3)
    assert result.numbering == "letter"
    assert headings(result) == [
        (2, "Who we are"),
        (2, "Data we collect"),
        (3, "Cookies"),
        (2, "Contact"),
    ]
    tree = page(result)
    text = tree.text_content()
    for dropped in (
        "Home",
        "About us",
        "Accept all",
        "script text",
        "color:red",
        "Imprint",
        "Related posts",
        "Enable JavaScript",
    ):
        assert dropped not in text
    assert "Use {{ templates }} and {% tags %} literally; see [§ 5] of the law" in text
    assert "5 * 3 = 15 <tag>." in text
    assert tree.xpath("//li/ul/li/text()") == ["nested item"]
    assert tree.xpath("//td/text()") == ["sid", "session | login"]
    assert "legal_name: Acme Widgets Ltd" in result.company_markdown
    assert "- Springfield SP1 2AB" in result.company_markdown


@pytest.mark.parametrize(
    "wrapper",
    [
        pytest.param("<body><nav>Menu</nav><article>{}</article></body>", id="article"),
        pytest.param(
            "<body><div role='main'>{}</div><div class='sidebar'>Menu</div></body>", id="role-main"
        ),
        pytest.param("<body><header>Menu</header>{}<footer>Menu</footer></body>", id="body"),
    ],
)
def test_html_main_element_choice(wrapper: str) -> None:
    content = "<h1>Terms</h1><h2>Use</h2><p>Be kind.</p>"
    result = imported("<html>" + wrapper.format(content) + "</html>", fmt="html")
    assert front(result)["title"] == "Terms"
    assert headings(result) == [(2, "Use")]
    assert "Menu" not in page(result).text_content()


def test_code_keeps_its_lines_of_dashes_inside_a_tilde_fence() -> None:
    result = imported("<main><h1>T</h1><p>Example:</p><pre>```\nname\n---\n</pre></main>", "html")
    assert "~~~~\n```\nname\n---\n~~~~" in body(result)  # no backslash guarding the dashes


# --- ids, duplicates and template text --------------------------------------------------


def test_duplicate_headings_get_their_own_id() -> None:
    source = "## Scope\n\nA.\n\n## Scope\n\nB.\n\n## Change log\n\nNo dates here.\n"
    result = imported(source)
    assert "## Scope {#scope-2}" in body(result)
    assert "## Change log {#change-log-2}" in body(result)
    ids = page(result).xpath("//h2/@id")
    assert ids[:3] == ["scope", "scope-2", "change-log-2"]


def test_in_page_links_follow_the_headings_whose_numbers_were_removed() -> None:
    source = "See [A. Definitions](#a-definitions).\n\n## A. Definitions\n\nText.\n"
    result = imported(source)
    assert "[A. Definitions](#definitions)" in body(result)
    assert page(result).xpath("//a[text()='A. Definitions']/@href") == ["#definitions"]


def test_relative_links_to_pages_of_the_original_site_become_text() -> None:
    source = "Read the [terms](../terms/index.md) and the [manual](guide.pdf).\n"
    result = imported(source)
    assert "Read the terms and the manual." in body(result)
    assert len([m for m in unsure(result) if "kept as text only" in m]) == 2


def test_in_text_reference_to_a_section_becomes_a_cross_link() -> None:
    source = (
        "## Data we keep\n\nSee Contact and complaints procedure.\n\n"
        "## Contact and complaints procedure\n\nWrite.\n"
    )
    tree = page(imported(source))
    assert tree.xpath("//a[text()='Contact and complaints procedure']/@href") == [
        "#contact-and-complaints-procedure"
    ]


TEMPLATE_CASES = [
    pytest.param(
        "Write to {{ site.email }} today.", "Write to {{ site.email }} today.", id="braces"
    ),
    pytest.param("Tags {% data x %} stay.", "Tags {% data x %} stay.", id="tag"),
    pytest.param("A {## comment ##} stays.", "A {## comment ##} stays.", id="comment"),
    pytest.param("Law [§ 5] applies.", "Law [§ 5] applies.", id="section-sign"),
    pytest.param("## Prices {EUR}\n\nText.", "Prices {EUR}", id="heading-brace"),
    pytest.param("## Mail {{ site.email }}\n\nText.", "Mail {{ site.email }}", id="heading-jinja"),
    pytest.param("`{{ code }}` and {{{ x }}}", "{{ code }} and {{{ x }}}", id="code-span"),
]


@pytest.mark.parametrize(("source", "shown"), TEMPLATE_CASES)
def test_template_looking_text_is_shown_literally(source: str, shown: str) -> None:
    text = page(imported(source)).text_content()
    assert shown in text


# --- Unicode and odd input --------------------------------------------------------------

GOOD_INPUT = [
    pytest.param(
        "txt",
        "Policy\n\nData\u00a0we collect\n\nWe\u00a0collect names.\n",
        ["We\u00a0collect names."],
        id="nbsp",
    ),
    pytest.param(
        "txt",
        "Policy\n\nDa\u200bta we collect\n\nWe col\u200blect names.\n",
        ["We collect names."],
        id="zero-width",
    ),
    pytest.param(
        "txt",
        "Policy\n\nOur pri\u00advacy prom\u00adise.\n",
        ["Our privacy promise."],
        id="soft-hyphen",
    ),
    pytest.param(
        "txt", "Policy\n\n“We” don’t ‘sell’ data.\n", ["“We” don’t ‘sell’ data."], id="curly-quotes"
    ),
    pytest.param(
        "txt",
        "سياسة الخصوصية\n\nالبيانات التي نجمعها\n\nنحن نجمع اسمك وبريدك.\n",
        ["البيانات التي نجمعها", "نحن نجمع اسمك وبريدك."],
        id="arabic",
    ),
    pytest.param(
        "txt",
        "מדיניות פרטיות\n\nהמידע שאנו אוספים\n\nאנו אוספים את שמך.\n",
        ["המידע שאנו אוספים", "אנו אוספים את שמך."],
        id="hebrew",
    ),
    pytest.param(
        "txt",
        "隐私政策\n\n我们收集的数据\n\n我们收集您的姓名和电子邮件地址。\n",
        ["我们收集的数据", "我们收集您的姓名和电子邮件地址。"],
        id="cjk",
    ),
    pytest.param(
        "txt",
        b"Policy\r\n\r\nData we collect\r\n\r\nWe collect names.\r\n",
        ["We collect names."],
        id="crlf",
    ),
    pytest.param(
        "txt", b"\xef\xbb\xbfPolicy\n\nWe collect names.\n", ["We collect names."], id="bom"
    ),
    pytest.param(
        "md",
        "Policy\n\nWe collect names.\n".encode("utf-16"),
        ["We collect names."],
        id="utf-16-with-bom",
    ),
    pytest.param(
        "html",
        b"\xef\xbb\xbf<html><body><p>Caf\xc3\xa9 data.</p></body></html>",
        ["Café data."],
        id="html-bom",
    ),
]


@pytest.mark.parametrize(("fmt", "source", "phrases"), GOOD_INPUT)
def test_odd_input_is_imported_correctly(fmt: str, source: str | bytes, phrases: list[str]) -> None:
    result = imported(source, fmt=fmt)
    tree = page(result)
    text = tree.text_content()
    for phrase in phrases:
        assert phrase in text
    assert "\u200b" not in result.policy_markdown and "\u00ad" not in result.policy_markdown
    assert "\r" not in result.policy_markdown and "\ufeff" not in result.policy_markdown
    if len(phrases) == 2:  # the short line became a heading with a readable anchor
        assert tree.xpath("string(//h2)").replace("¶", "").strip() == phrases[0]


BAD_INPUT = [
    pytest.param("txt", b"", "the file is empty", id="empty"),
    pytest.param("txt", "  \n\u200b\n\t\n", "holds no text", id="blank"),
    pytest.param("txt", b"\x00\x01\x02\x03binary\x00", "binary file", id="binary"),
    pytest.param("txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document", id="pdf"),
    pytest.param("html", b"PK\x03\x04\x14\x00\x06\x00", "zip archive", id="docx"),
    pytest.param(
        "txt",
        b"Policy\n\nCaf\xe9 cr\xe8me\n",
        "source.txt:3: the file is not valid UTF-8",
        id="cp1252",
    ),
    pytest.param(
        "txt",
        "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 3 + "text",
        "binary file",
        id="control-chars",
    ),
    pytest.param(
        "html", "<html><body><nav>Only a menu</nav></body></html>", "no text", id="no-text"
    ),
    pytest.param("rtf", "text", "unknown format 'rtf'", id="unknown-format"),
]


@pytest.mark.parametrize(("fmt", "source", "reason"), BAD_INPUT)
def test_odd_input_is_refused_in_one_line(fmt: str, source: str | bytes, reason: str) -> None:
    with pytest.raises(PolicyError) as caught:
        imported(source, fmt=fmt)
    message = str(caught.value)
    assert reason in message
    assert "source." in message
    assert "\n" not in message


FUZZ_PIECES = [
    "# ", "## ", "**", "*", "_", "`", "```", "\n", "\n\n", "    ", "1. ", "2a. ", "A. ", "(a) ",
    "• ", "- ", "> ", "| a | b |\n|---|---|\n", "---", "===", "{{", "}}", "{%", "%}", "{##",
    "[§ x]", "[", "]", "<b>", "<h2>", "<li>", "<br>", "Change log:", "2016-09-16: ", "03/04/2016 ",
    "Privacy Policy", "Data we collect", "We collect data.", "Acme Ltd", "x@y.io", "{#id}", "{",
    "}", "\u200b", "\u00ad", "\u00a0", "\r\n", "سياسة", "隐私", "\\", "&", "<", "[l](a.md)",
    "See Data we collect", "https://web.archive.org/web/20131106125702/http%3A//x.com/p",
]  # fmt: skip


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(
    st.lists(st.one_of(st.sampled_from(FUZZ_PIECES), st.text(max_size=6)), max_size=30).map(
        "".join
    ),
    st.sampled_from(["txt", "md", "html"]),
)
def test_any_text_is_imported_and_renders_or_is_refused_in_one_line(text: str, fmt: str) -> None:
    try:
        result = imported(text, fmt=fmt, effective=dt.date(2024, 1, 1))
    except PolicyError as error:
        assert "\n" not in str(error)
        return
    render(result)


def test_index_is_not_a_policy_name() -> None:
    with pytest.raises(PolicyError, match="'index' cannot be a policy name"):
        imported("Text.", policy="index")


def test_import_file_takes_the_format_from_the_suffix(tmp_path: Path) -> None:
    page_path = tmp_path / "terms.htm"
    page_path.write_text("<main><h1>Terms</h1><p>Be kind.</p></main>", encoding="utf-8")
    assert front(import_file(page_path, company="acme", policy="terms"))["title"] == "Terms"
    other = tmp_path / "terms.docx"
    other.write_bytes(b"PK")
    with pytest.raises(PolicyError, match="cannot tell the format"):
        import_file(other, company="acme", policy="terms")
    named = tmp_path / "terms.page"
    named.write_text("<article><h1>Terms</h1><p>Be kind.</p></article>", encoding="utf-8")
    assert front(import_file(named, company="acme", policy="terms", fmt="html"))["title"] == "Terms"
    with pytest.raises(PolicyError, match="not a valid company name"):
        import_file(page_path, company="Acme Corp", policy="terms")


def test_report_lists_recognized_facts_then_guesses_with_lines() -> None:
    report = format_report(imported(ARCHIVE_HEADER + "\nData we keep\n\nNames.\n", fmt="txt"))
    recognized, guesses = report.split("Check these")
    assert recognized.startswith("Recognized:\n  title 'Privacy Policy'")
    assert (
        "web-archive capture of http://www.mono.net/privacy-policy, taken 2013-11-06" in recognized
    )
    assert "\n  line 3: title 'Privacy Policy | mono.net' shortened to 'Privacy Policy'" in guesses
    assert "\n  line 7: read the line 'Data we keep' as a heading" in guesses


# --- the seeds --------------------------------------------------------------------------


def seed(number: int) -> ImportResult:
    path = (SEEDS or [MISSING])[number] if number < len(SEEDS) else MISSING
    assert path.is_file(), f"seed {number} not found in {SHARED / 'seeds'}"
    return import_file(path, company="seed", policy="privacy")


def test_seed_mnx_change_log_moves_to_front_matter() -> None:
    result = seed(0)
    meta = front(result)
    assert meta["changes"] == [
        {
            "date": dt.date(2016, 9, 16),
            "summary": "Data retention changes, we no longer store backups of your servers "
            "by default.",
        },
        {"date": dt.date(2014, 5, 30), "summary": "Initial Privacy Policy released."},
    ]
    assert meta["effective"] == dt.date(2016, 9, 16) and result.numbering == "none"
    assert (3, "What kinds of emergency cases?") in headings(result)
    assert "legal_name: MNX Solutions, LLC" in result.company_markdown


def test_seed_kanexa_lists_return_to_their_sections() -> None:
    text = body(seed(1))
    assert "We may use your personal information to:\n\n- carry out our obligations" in text
    assert "rights and choices:\n\n- the right to be informed" in text


def test_seed_mindlink_numbers_and_cross_reference() -> None:
    result = seed(2)
    assert result.numbering == "decimal"
    assert [title for level, title in headings(result) if level == 2][:2] == [
        "Communications",
        "Collection and use of information",
    ]
    assert "### Sign up for our newsletters and blogs {.unnumbered}" in body(result)
    assert "See [Compliance with legal, regulatory and law enforcement requests][§ " in body(result)


def test_seed_cloudonex_capture_and_questions() -> None:
    result = seed(3)
    meta = front(result)
    assert meta["source"]["url"] == "http://cloudonex.com/privacy"
    assert meta["source"]["captured"] == dt.date(2018, 4, 17)
    assert (2, "Where is your data stored?") in headings(result)
    assert (3, "Personal Information") in headings(result)


def test_seed_mono_letter_numbering_and_facts() -> None:
    result = seed(4)
    assert result.numbering == "letter"
    assert (3, "Notice to visitors from outside of the European Union") in headings(result)
    assert any("'8.' becomes '7.'" in message for message in unsure(result))
    company = yaml.safe_load(result.company_markdown.split("---\n")[1])
    assert company["legal_name"] == "mono solutions ApS"
    assert company["website"] == "http://www.mono.net"
    assert company["address"] == ["Baggensensgade 4C", "2200 København N", "Denmark"]
    labels = [s.text for s in page(result, company="seed").xpath("//span[@class='secno']")]
    assert labels[:4] == ["1.", "2.", "2a.", "3."] and "7." in labels


# --- every real document: nothing lost, nothing doubled ---------------------------------

ENUMERATOR = re.compile(
    r"^(\s*(?:#+\s+|>\s*)?(?:\*\*|__)?\s*)"
    r"(?:\((?:\d{1,3}[a-z]?|[A-Za-z]|[ivxIVX]+)\)"
    r"|(?:\d{1,3}[a-z]?|[A-Za-z]|[IVXivx]+|\d+(?:\\?\.\d+)+|[A-Z]\d+(?:[-.]\d+)*)\\?[.)]"
    r"|\d+(?:\.\d+)+)(?=\s)"
)


def source_lines(path: Path) -> list[str]:
    """The source's lines without its own front matter."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    match = re.match(r"---[ \t]*\n.*?\n---[ \t]*\n", text, re.S)
    return text[match.end() if match else 0 :].split("\n")


def excluded(lines: list[str], meta: dict[str, Any]) -> Iterator[int]:
    """Lines the importer moved into front matter: title, archive header, change log."""
    title = words(meta["title"])
    first = [i for i, line in enumerate(lines) if line.strip()][:3]
    for index in first:
        line = lines[index]
        heading = line.lstrip().startswith(("#", "**"))
        if words(line) == title or (heading and " ".join(title) in " ".join(words(line))):
            yield index
        if "source" in meta and "web.archive.org/web/" in line:
            yield index
    for index, line in enumerate(lines):
        if re.match(r"^\s*(?:change ?log|revision history)\s*:?\s*$", line, re.I):
            yield index
        for change in meta.get("changes", []):
            if " ".join(words(change["summary"])) in " ".join(words(line)):
                yield index


def readable_text(lines: list[str]) -> str:
    """What a reader of the source sees: Markdown rendered, typed numbers left out."""
    text = "\n".join(ENUMERATOR.sub(r"\1", line) for line in lines)
    if re.search(r"\]\(|\*\*|^#{1,6} |^> ", text, re.M):
        rendered = markdown.markdown(text, extensions=["tables"])
        return str(html.fromstring(f"<div>{rendered}</div>").text_content())
    return text


def sentences(text: str) -> Iterator[str]:
    for part in re.split(r"(?<=[.!?;:])\s+|\n+", text):
        if words(part):
            yield " ".join(words(part))


def check_nothing_lost(path: Path, result: ImportResult, tree: html.HtmlElement) -> None:
    meta = front(result)
    lines = source_lines(path)
    moved = set(excluded(lines, meta))
    # What moved to front matter is there.
    for index in moved:
        line = " ".join(words(lines[index]))
        assert (
            " ".join(words(meta["title"])) in line
            or ("source" in meta and str(meta["source"]["captured"].year) in line)
            or any(" ".join(words(c["summary"])) in line for c in meta.get("changes", []))
            or re.match(r"^(?:change ?log|revision history)$", line)
        ), lines[index]
    for change in meta.get("changes", []):
        assert any(
            change["date"].year == int(y)
            for y in re.findall(r"(?:19|20)\d\d", " ".join(lines[i] for i in moved))
        )
    kept = [line for index, line in enumerate(lines) if index not in moved]
    source = readable_text(kept)
    rendered_words = words(tree.text_content())
    lost = Counter(words(source)) - Counter(rendered_words)
    assert not lost, f"words lost: {dict(lost)}"
    shown = " " + " ".join(rendered_words) + " "
    missing = [s for s in sentences(source) if f" {s} " not in shown]
    assert not missing, f"sentences lost: {missing[:3]}"
    assert not doubled_numbers(tree)


def slug_of(path: Path) -> tuple[str, str]:
    if "__" in path.stem:
        company, name = path.stem.split("__", 1)
        return company, "overview" if name == "index" else name  # index is the company page
    return "seed", "privacy"


@pytest.mark.parametrize("path", SEEDS or [MISSING], ids=lambda p: p.name)
def test_seed_imports_renders_and_loses_nothing(path: Path) -> None:
    assert path.is_file(), f"seeds not found in {SHARED / 'seeds'}"
    result = import_file(path, company="seed", policy="privacy")
    check_nothing_lost(path, result, page(result, company="seed"))


@pytest.mark.parametrize("path", CORPUS or [MISSING], ids=lambda p: p.name)
def test_corpus_document_imports_renders_and_loses_nothing(path: Path) -> None:
    assert path.is_file(), f"corpus not found in {SHARED / 'corpus'}"
    company, name = slug_of(path)
    result = import_file(path, company=company, policy=name)
    check_nothing_lost(path, result, page(result, company=company, policy=name))


def test_shared_inputs_are_all_there() -> None:
    assert len(SEEDS) == 5, SHARED / "seeds"
    assert len(CORPUS) == 82, SHARED / "corpus"


def test_whole_corpus_builds_as_one_strict_site(tmp_path: Path) -> None:
    assert CORPUS and SEEDS, f"inputs not found in {SHARED}"
    site = tmp_path / "site"
    site.mkdir()
    (site / "mkdocs.yml").write_text((FIXTURE_SITE / "mkdocs.yml").read_text(), encoding="utf-8")
    companies: dict[str, str] = {}
    for index, path in enumerate([*CORPUS, *SEEDS]):
        company, name = slug_of(path)
        company = company if path in CORPUS else f"seed{index - len(CORPUS)}"
        result = import_file(path, company=company, policy=name)
        folder = site / "policies" / company
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.md").write_text(result.policy_markdown, encoding="utf-8")
        companies.setdefault(company, result.company_markdown)
    for company, text in companies.items():
        (site / "policies" / company / "company.md").write_text(text, encoding="utf-8")
    built = mkdocs_build(site, tmp_path / "out")
    assert built.returncode == 0, error_lines(built.stderr) or built.stderr[-2000:]
    assert "WARNING" not in built.stderr, built.stderr
    pages = sorted((tmp_path / "out").glob("*/*/index.html"))
    assert len(pages) == len(CORPUS) + len(SEEDS)
    terms = html.parse(str(tmp_path / "out/github/github-terms-of-service/index.html"))
    assert terms.xpath("string(//article//h1)").strip() == "GitHub Terms of Service"
    assert not doubled_numbers(terms.getroot())
