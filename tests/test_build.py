"""Real MkDocs + Material builds: the sample site, the fixture site, and bad inputs."""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import html

from generator.content.library import load_library
from generator.releases.timeline import in_force, timeline
from tests.helpers import ROOT, SAMPLE_DATE_EPOCH, error_lines, mkdocs_build, parse_page, write
from tests.sites import release_now, set_plugin_options

SAMPLE = load_library(ROOT / "policies", ROOT)
SAMPLE_DAY = dt.datetime.fromtimestamp(int(SAMPLE_DATE_EPOCH), dt.UTC).date()


def article(page: html.HtmlElement) -> html.HtmlElement:
    found = page.xpath("//article")
    assert found, "no <article> in page"
    return found[0]


def policy_pages(site: Path) -> dict[str, html.HtmlElement]:
    return {
        key: parse_page(site / policy.company / policy.slug / "index.html")
        for key, policy in SAMPLE.policies.items()
    }


def test_sample_has_the_five_seed_companies_and_the_demo_each_with_a_policy() -> None:
    assert set(SAMPLE.companies) == {"cloudonex", "kanexa", "mindlink", "mnx", "mono", "example"}
    assert {policy.company for policy in SAMPLE.policies.values()} == set(SAMPLE.companies)


def test_sample_shared_clauses_are_each_used_by_two_companies() -> None:
    from generator.site.live import render_library

    rendered = render_library(SAMPLE)
    users: dict[str, set[str]] = {name: set() for name in SAMPLE.clauses}
    for item in rendered.values():
        for name in item.clauses:
            users[name].add(item.policy.company)
    shared = [name for name, companies in users.items() if len(companies) >= 2]
    assert len(shared) >= 4, users
    assert any(clause.when for clause in SAMPLE.clauses.values())
    assert any(clause.parameters for clause in SAMPLE.clauses.values())


def test_home_lists_every_company_and_policy_with_effective_dates(sample_site: Path) -> None:
    home = article(parse_page(sample_site / "index.html"))
    links = {a.get("href") for a in home.xpath(".//a")}
    text = home.text_content()
    for slug, company in SAMPLE.companies.items():
        assert f"{slug}/" in links
        assert company.name in text
    shown = [
        (link.get("href"), link.getparent().xpath("string(.//time/@datetime)"))
        for link in home.xpath(".//li/a")
    ]
    for policy in SAMPLE.policies.values():
        versions = timeline(SAMPLE.snapshots[policy.key], SAMPLE_DAY)
        in_force_now = in_force(versions, SAMPLE_DAY)
        assert in_force_now is not None
        expected = (f"{policy.company}/{policy.slug}/", in_force_now.snapshot.effective.isoformat())
        assert expected in shown
    # The demo's upcoming version is not what the home page calls effective.
    assert ("example/privacy/", "2027-03-01") not in shown


def test_company_pages_show_facts_and_policies(sample_site: Path) -> None:
    for slug, company in SAMPLE.companies.items():
        page = article(parse_page(sample_site / slug / "index.html"))
        text = page.text_content()
        assert company.legal_name in text
        if company.email:
            assert f"mailto:{company.email}" in {a.get("href") for a in page.xpath(".//a")}
        for line in company.address:
            assert line in text
        hrefs = {a.get("href") for a in page.xpath(".//a")}
        for policy in SAMPLE.company_policies(slug):
            assert f"{policy.slug}/" in hrefs


def test_policy_pages_exist_with_title_toc_and_no_template_syntax(sample_site: Path) -> None:
    for key, page in policy_pages(sample_site).items():
        policy = SAMPLE.policies[key]
        body = article(page)
        # The heading says whose policy it is.
        company = SAMPLE.companies[policy.company].name
        assert body.xpath("string(.//h1)").strip() in (policy.title, f"{company} {policy.title}")
        assert company in body.xpath("string(.//h1)") or company in policy.title
        text = body.text_content()
        assert not re.search(r"\{\{|\{%|%\}|\}\}|\{#|\uE000|\uE001|\uE002|\uE003", text), key
        assert page.xpath("//nav[contains(@class, 'md-nav--secondary')]"), key
        assert page.xpath("//meta[@name='description']") or policy.description is None


def test_company_facts_appear_where_clauses_use_them(sample_site: Path) -> None:
    mindlink = article(policy_pages(sample_site)["mindlink/privacy"]).text_content()
    assert "please contact us at office@mindlinksoft.com." in mindlink
    mnx = article(policy_pages(sample_site)["mnx/privacy"]).text_content()
    assert "info@mnx.io" in mnx
    assert "MNX Solutions, LLC" in mnx


def numbered_headings(page: html.HtmlElement) -> list[tuple[str, str, str]]:
    """(tag, number, id) of every numbered heading of the article."""
    return [
        (heading.tag, heading.xpath("string(span[@class='secno'])"), heading.get("id"))
        for heading in article(page).xpath(".//h2|.//h3|.//h4|.//h5|.//h6")
        if heading.xpath("span[@class='secno']")
    ]


def test_heading_numbers_are_consecutive_and_anchors_unique(sample_site: Path) -> None:
    for key, page in policy_pages(sample_site).items():
        ids = [element.get("id") for element in page.xpath("//*[@id]")]
        duplicates = [item for item, count in Counter(ids).items() if count > 1]
        assert not duplicates, (key, duplicates)
        numbers = [number.rstrip(".") for _, number, _ in numbered_headings(page)]
        top = [n for n in numbers if re.fullmatch(r"\d+", n)]
        assert top == [str(i) for i in range(1, len(top) + 1)], (key, numbers)
        for number in numbers:
            assert number.count(".") == 0 or SAMPLE.policies[key].numbering == "decimal"


def test_mono_is_numbered_one_to_ten_with_letter_subsections_and_no_gap(
    sample_site: Path,
) -> None:
    numbers = [n for _, n, _ in numbered_headings(policy_pages(sample_site)["mono/privacy"])]
    top = [n for n in numbers if re.fullmatch(r"\d+\.", n)]
    assert top == [f"{i}." for i in range(1, 11)]
    assert {"2a.", "3a.", "3b.", "6b."} <= set(numbers)
    for sub in (n for n in numbers if re.fullmatch(r"\d+[a-z]\.", n)):
        assert f"{sub[:-2]}." in top


def test_toc_shows_numbers_and_permalinks_do_not_repeat_them(sample_site: Path) -> None:
    page = policy_pages(sample_site)["mindlink/privacy"]
    toc = [a.text_content().strip() for a in page.xpath("//ul[@data-md-component='toc']//a")]
    assert "4. Compliance with legal, regulatory and law enforcement requests" in toc
    assert "2.1. Sign up for our newsletters and blogs" in toc
    for link in article(page).xpath(".//a[@class='headerlink']"):
        assert link.text_content() == "¶"


def test_every_cross_link_points_at_an_anchor_whose_number_matches(sample_site: Path) -> None:
    checked = 0
    for key, page in policy_pages(sample_site).items():
        source = sample_site / SAMPLE.policies[key].company / SAMPLE.policies[key].slug
        for link in article(page).xpath(".//a[contains(@class, 'xref')]"):
            href = link.get("href")
            path, _, anchor = href.partition("#")
            target_file = (source / path / "index.html") if path else source / "index.html"
            target = parse_page(target_file.resolve())
            headings = target.xpath(f"//*[@id='{anchor}']")
            assert len(headings) == 1, (key, href)
            number = headings[0].xpath("string(span[@class='secno'])").rstrip(".")
            if number and link.text_content().startswith(("section", "Section")):
                assert f"section {number}," in link.text_content(), (key, href)
            checked += 1
    assert checked >= 1


def test_mindlink_cross_link_works(sample_site: Path) -> None:
    page = article(policy_pages(sample_site)["mindlink/privacy"])
    links = page.xpath(".//a[contains(@class, 'xref')]")
    assert [(a.get("href"), a.text_content()) for a in links] == [
        (
            "#compliance-with-legal-requests",
            "section 4, Compliance with legal, regulatory and law enforcement requests",
        )
    ]
    target = page.xpath(".//*[@id='compliance-with-legal-requests']")[0]
    assert target.xpath("string(span[@class='secno'])") == "4."


def test_fixture_site_builds_with_cross_company_links(site: Path, tmp_path: Path) -> None:
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = parse_page(tmp_path / "out/acme/privacy/index.html")
    links = {a.get("href"): a.text_content() for a in page.xpath("//a[contains(@class,'xref')]")}
    assert links == {
        "../cookies/#cookie-list": "Cookie Policy, section 2, Cookies we use",
        "../../globex/privacy/#data-retention": "Globex Privacy Policy, Data retention",
        "#data-retention": "section 2, Data retention",
    }
    globex = parse_page(tmp_path / "out/globex/privacy/index.html").text_content()
    assert "Write to" not in globex  # the contact clause is conditional on an email


BAD_INPUTS = [
    pytest.param(
        "policies/acme/privacy.md",
        "---\ntitle: Privacy\neffective: 2024-01-01\nnumbring: decimal\n---\nText.\n",
        "policies/acme/privacy.md:4: unknown field 'numbring' in policy front matter; "
        "did you mean 'numbering'?",
        id="front-matter",
    ),
    pytest.param(
        "policies/globex/terms.md",
        "---\ntitle: Terms\neffective: 2024-01-01\n---\n"
        "## Use\n\nSee [§ privacy#data-retension].\n",
        "policies/globex/terms.md:7: cross-link '[§ privacy#data-retension]': could not find "
        "section 'data-retension' in globex/privacy; closest ids: data-retention",
        id="unknown-section",
    ),
    pytest.param(
        "policies/globex/terms.md",
        "---\ntitle: Terms\neffective: 2024-01-01\n---\nSee [§ use].\n",
        "policies/globex/terms.md:5: cross-link '[§ use]': could not find section 'use'; "
        "globex/terms has no sections",
        id="no-sections",
    ),
    pytest.param(
        "policies/acme/privacy.md",
        '---\ntitle: Privacy\neffective: 2024-01-01\n---\n\n{% clause "contacts" %}\n',
        "policies/acme/privacy.md:6: clause 'contacts' not found; did you mean 'contact-us'?",
        id="missing-clause",
    ),
    pytest.param(
        "policies/clauses/retention.md",
        "---\ntitle: R\nparameters:\n  period: {}\n---\n## Data retention\n\n{{ perod }}\n",
        "policies/clauses/retention.md:8: undefined variable: 'perod' is undefined "
        "(include chain: policies/acme/privacy.md:22 -> policies/clauses/retention.md:8); "
        "define it in company.md ('facts:'), in the policy's 'variables:', or as a clause "
        "parameter",
        id="undefined-in-clause",
    ),
    pytest.param(
        "policies/acme/index.md",
        "---\ntitle: Index\neffective: 2024-01-01\n---\n",
        "policies/acme/index.md:1: 'index' cannot be a policy file name: the site uses it "
        "already; rename it, e.g. 'general-terms'",
        id="reserved-policy-name",
    ),
    pytest.param(
        "policies/initech/privacy.md",
        "---\ntitle: Privacy\neffective: 2024-01-01\n---\n",
        "policies/initech/company.md:1: company folder 'initech' has no company.md; add one with "
        "at least 'name' and 'legal_name' in its front matter",
        id="company-without-facts",
    ),
]


@pytest.mark.parametrize(("path", "content", "expected"), BAD_INPUTS)
def test_bad_input_fails_the_strict_build_with_one_line(
    site: Path, tmp_path: Path, path: str, content: str, expected: str
) -> None:
    write(site / path, content)
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0
    assert error_lines(result.stderr) == [expected]
    assert "Traceback" not in result.stderr


def test_editor_adds_a_company_without_touching_mkdocs_yml(site: Path, tmp_path: Path) -> None:
    config_before = (site / "mkdocs.yml").read_text()
    write(
        site / "policies/initech/company.md", "---\nname: Initech\nlegal_name: Initech LLC\n---\n"
    )
    write(
        site / "policies/initech/terms.md",
        "---\ntitle: Terms of Service\neffective: 2025-01-01\n---\n## Use\n\nBe nice.\n",
    )
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (site / "mkdocs.yml").read_text() == config_before
    page = parse_page(tmp_path / "out/initech/terms/index.html")
    assert page.xpath("string(//article//h2)").startswith("1. Use")
    nav = [a.text_content().strip() for a in page.xpath("//nav[@aria-label='Navigation']//a")]
    assert "Initech" in " ".join(nav)


def test_a_build_leaves_the_garbage_collector_as_it_found_it(
    site: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The plugin pauses cycle collection while it loads every version and freezes what it
    loaded while MkDocs renders; after a build, good or failed, neither lasts (a long
    ``mkdocs serve`` would otherwise never free an old build)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    build(load_config(str(site / "mkdocs.yml"), site_dir=str(tmp_path / "good")))
    assert gc.isenabled() and gc.get_freeze_count() == 0
    (site / "policies/acme/privacy.md").write_text("---\ntitle: [unclosed\n---\nText.\n")
    with pytest.raises(Abort):
        build(load_config(str(site / "mkdocs.yml"), site_dir=str(tmp_path / "bad")))
    assert "invalid YAML in front matter" in caplog.text
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_clean_build_logs_a_few_lines(tmp_path: Path) -> None:
    """Issue 13 item 8: every build listed each dated page as "not in the nav"."""
    result = mkdocs_build(ROOT, tmp_path / "out", {"SOURCE_DATE_EPOCH": SAMPLE_DATE_EPOCH})
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) <= 5, lines
    assert not any("not included in the" in line for line in lines), lines


def test_a_production_build_without_a_site_url_warns(site: Path, tmp_path: Path) -> None:
    """Issue 13 item 9: feeds, JSON and print lines would carry no address of their own."""
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("site_url: http://127.0.0.1:8000/\n", ""), "utf-8"
    )
    for key in ("acme/cookies", "acme/privacy", "globex/privacy"):
        release_now(site, key, "2024-05-01", "First release.")
    set_plugin_options(site, "      production: true\n")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 1
    assert "a production build without a site URL" in result.stderr
    set_plugin_options(site, "      production: false\n")
    assert mkdocs_build(site, tmp_path / "preview").returncode == 0


@pytest.mark.parametrize("address", ["http://127.0.0.1:8000/", "http://localhost:8000/"])
def test_a_production_build_for_this_machine_warns(
    site: Path, tmp_path: Path, address: str
) -> None:
    """Issue 13 item 9: the sample's default address (no URL variable set) in a production
    build would send feed readers and printed pages to the builder's own machine."""
    config = site / "mkdocs.yml"
    text = config.read_text("utf-8").replace("http://127.0.0.1:8000/", address)
    config.write_text(text, "utf-8")
    for key in ("acme/cookies", "acme/privacy", "globex/privacy"):
        release_now(site, key, "2024-05-01", "First release.")
    set_plugin_options(site, "      production: true\n")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 1
    assert f"a production build whose site URL is on this machine ({address})" in result.stderr
    config.write_text(text.replace(address, "https://policies.example.com/"), "utf-8")
    assert mkdocs_build(site, tmp_path / "published").returncode == 0


def test_a_folder_named_like_a_page_is_one_located_error(site: Path, tmp_path: Path) -> None:
    """A folder ``x.md`` among the clauses gave a build traceback (IsADirectoryError)."""
    (site / "policies/clauses/x.md").mkdir()
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert error_lines(result.stderr) == [
        "policies/clauses/x.md:1: cannot be read: it is a folder; every .md path under "
        "policies/ must be a Markdown file: rename or remove it"
    ]
