"""Comparing any two versions (issue 15, item 5): the page the build writes for it, the
picker on the history page, the status bar's link, and the vendored jsdiff.

The comparison itself is made in the browser: tests/test_browser_compare.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from lxml import html

from generator.site import urls
from tests.helpers import ROOT, parse_page, version_choices
from tests.sites import Built, versions_of

ASSETS = ROOT / "generator/site/assets"
MAKEFILE = ROOT / "Makefile"

SAMPLE_CHOICES = [
    ("2027-03-01", "1 March 2027 – … (upcoming)"),
    ("2024-09-01", "1 September 2024 – 28 February 2027 (in force)"),
    ("2024-01-15", "15 January 2024 – 31 August 2024"),
]
"""example/privacy's versions as the pickers list them: newest first, in force from-to."""


def _picker(page: html.HtmlElement) -> html.HtmlElement:
    [form] = page.xpath("//form[contains(@class, 'policy-compare-picker')]")
    return form


def _options(form: html.HtmlElement, name: str) -> list[tuple[str, str, bool]]:
    [select] = form.xpath(f".//select[@name='{name}']")
    return [
        (option.get("value"), " ".join(option.text_content().split()), "selected" in option.attrib)
        for option in select.iter("option")
    ]


def _labels(form: html.HtmlElement) -> dict[str, str]:
    """Each field's label, by the name of the field it labels."""
    return {
        form.xpath(f".//*[@id='{label.get('for')}']")[0].get("name"): label.text_content()
        for label in form.iter("label")
    }


def test_the_compare_page_asks_for_two_versions_with_a_get_form(sample_site: Path) -> None:
    page = parse_page(sample_site / "example/privacy/compare/index.html")
    assert page.xpath("string(//article//h1)") == "Example Co. Privacy Policy: compare two versions"
    form = _picker(page)
    # The page reads its own address: the form asks for it, with from and to.
    assert (form.get("method"), form.get("action")) == ("get", "./")
    assert form.get("data-versions") == "../versions.json"
    assert form.xpath("string(.//legend)") == "Compare two versions"
    assert _labels(form) == {"from": "From the version of", "to": "to the version of"}
    # Every released version, with its dates in force, as in the status bar's selector;
    # at first, the version in force and the one before it.
    for name, chosen in (("from", "2024-01-15"), ("to", "2024-09-01")):
        options = _options(form, name)
        assert [(value, text) for value, text, _ in options] == SAMPLE_CHOICES
        assert [value for value, _, selected in options if selected] == [chosen]
    assert [label for label, _, _ in version_choices(page)] == [t for _, t in SAMPLE_CHOICES]
    # What its script needs: where each version's page and text are, its date in words.
    [option] = form.xpath(".//select[@name='from']/option[@value='2024-01-15']")
    assert (option.get("data-href"), option.get("data-document"), option.get("data-text")) == (
        "../2024-01-15/",
        "../2024-01-15.json",
        "15 January 2024",
    )
    for value, _ in SAMPLE_CHOICES:
        assert (sample_site / f"example/privacy/{value}.json").is_file()
    [button] = form.xpath(".//button")
    assert (button.get("type"), button.text_content()) == ("submit", "Compare")
    assert form.get("hidden") is not None, "shown by its script only: without it, it does nothing"


def test_the_compare_page_loads_jsdiff_then_its_script_and_has_a_live_region(
    sample_site: Path,
) -> None:
    page = parse_page(sample_site / "example/privacy/compare/index.html")
    own = [
        re.sub(r"\.[0-9a-f]{8}\.", ".", src)
        for src in page.xpath("//script/@src")
        if "assets/policies/" in src
    ]
    assert own == [
        "../../../assets/policies/jsdiff.js",
        "../../../assets/policies/compare.js",
        "../../../assets/policies/policies.js",
    ]
    assert len(page.xpath("//head/script[@defer][contains(@src, 'assets/policies/')]")) == 2
    assert page.xpath("//*[@class='policy-compare-status']/@role") == ["status"]
    assert page.xpath("//*[@class='policy-compare-output']")
    # A comparison page: out of search engines and the site search, like the pre-built ones.
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    index = (sample_site / "search/search_index.json").read_text("utf-8")
    assert "example/privacy/compare/" not in index


def test_without_script_the_compare_page_says_so_and_links_each_prebuilt_comparison(
    sample_site: Path,
) -> None:
    page = parse_page(sample_site / "example/privacy/compare/index.html")
    [note] = page.xpath("//div[@class='policy-compare-nojs']")
    words = " ".join(note.text_content().split())
    assert words.startswith("Comparing any two versions needs JavaScript")
    assert [(a.get("href"), a.text_content()) for a in note.iter("a")] == [
        ("../2027-03-01/changes/", "changes of 1 March 2027"),
        ("../2024-09-01/changes/", "changes of 1 September 2024"),
    ]
    assert "against the version of 1 September 2024" in words
    for link in note.iter("a"):
        target = sample_site / "example/privacy/compare" / link.get("href") / "index.html"
        assert target.resolve().is_file()


def test_the_history_page_has_the_same_picker_opening_the_compare_page(sample_site: Path) -> None:
    history = _picker(parse_page(sample_site / "example/privacy/history/index.html"))
    compare = _picker(parse_page(sample_site / "example/privacy/compare/index.html"))
    assert (history.get("method"), history.get("action")) == ("get", "../compare/")
    # Without script it opens the compare page, which says what it needs: never hidden.
    assert history.get("hidden") is None and history.get("data-versions") is None
    assert _labels(history) == _labels(compare)
    for name in ("from", "to"):
        assert _options(history, name) == _options(compare, name)


def test_a_policy_with_one_version_has_nothing_to_compare(sample_site: Path) -> None:
    assert not (sample_site / "mnx/privacy/compare").exists()
    history = parse_page(sample_site / "mnx/privacy/history/index.html")
    assert not history.xpath("//form[contains(@class, 'policy-compare-picker')]")


def _status_of(built: Built, key: str, page: str) -> str:
    _, policies = built
    [item] = [p for p in policies[key].pages if p.src_uri == page]
    return item.status


def test_a_superseded_version_links_its_comparison_with_the_version_in_force(
    history_site: Path,
) -> None:
    """Further back than the version before the one in force, "what changed next" is not
    all that changed since: the status bar links the compare page, filled in."""
    built = versions_of(history_site, dt.date(2026, 6, 1))
    old = html.fragment_fromstring(
        _status_of(built, "acme/privacy", urls.version_page("acme/privacy", dt.date(2024, 4, 1)))
    )
    text = " ".join(old.xpath("string(.//div[@class='policy-status__text'])").split())
    assert text == (
        "Superseded: in force from 1 April 2024 to 31 December 2024. Read the version in force "
        "now, see what changed next or compare this version with it."
    )
    assert old.xpath(".//div[@class='policy-status__text']//a/@href") == [
        "../",
        "../2025-01-01/changes/",
        "../compare/?from=2024-04-01&to=2026-01-01",
    ]
    # The version right before the one in force: what changed next is all of it.
    before = _status_of(
        built, "acme/privacy", urls.version_page("acme/privacy", dt.date(2025, 1, 1))
    )
    assert "compare/" not in before and "see what changed next" in before


def test_the_vendored_jsdiff_is_the_npm_file_with_its_license() -> None:
    """jsdiff.js is the npm tarball's dist/diff.min.js (sha256 recorded in the Makefile,
    checked against the registry by 'make vendor-check') after a comment with its license."""
    values = dict(re.findall(r"^(JSDIFF\w*) := (.+)$", MAKEFILE.read_text("utf-8"), re.M))
    vendored = (ASSETS / "jsdiff.js").read_bytes()
    banner, end, original = vendored.partition(b"\n*/\n")
    assert end, "the license comment ends with a line '*/'"
    assert hashlib.sha256(original).hexdigest() == values["JSDIFF_SHA256"]
    assert banner.startswith(f"/*! jsdiff {values['JSDIFF_VERSION']} ".encode())
    license_text = (ASSETS / "jsdiff.LICENSE").read_text("utf-8")
    assert license_text.startswith("BSD 3-Clause License")
    shown = "\n".join(line.removeprefix("    ") for line in banner.decode().splitlines())
    assert license_text.strip() in shown
    assert values["JSDIFF"] == "generator/site/assets/jsdiff.js"
