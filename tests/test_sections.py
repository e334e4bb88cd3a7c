"""Stable anchors: ids from titles or given, never from numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.library import load_library
from generator.site.live import render_library
from generator.text.inline import plain_text
from generator.text.sections import derive_id
from tests.helpers import make_library, render, render_error


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Data retention", "data-retention"),
        ("Compliance with legal, regulatory and law enforcement requests",
         "compliance-with-legal-regulatory-and-law-enforcement-requests"),
        ("What’s a “cookie”?", "what-s-a-cookie"),
        ("  Spaces   and\ttabs ", "spaces-and-tabs"),
        ("Données personnelles", "données-personnelles"),
        ("ÉTAPE Ⅱ", "étape-ii"),
        ("个人信息", "个人信息"),
        ("حقوقك", "حقوقك"),
        ("**Bold** and *em* and `code`", "bold-and-em-and-code"),
        ("[Linked](https://example.com) title", "linked-title"),
        ("3rd parties", "section-3rd-parties"),
        ("!!!", "section"),
        ("A_B", "a-b"),
    ],
)  # fmt: skip
def test_derive_id(title: str, expected: str) -> None:
    assert derive_id(title) == expected


def test_plain_text_strips_inline_markup() -> None:
    assert plain_text("*Our* [rights](x.md) &amp; <b>yours</b>") == "Our rights & yours"


def test_numbers_are_markup_of_their_own_and_not_in_anchors(tmp_path: Path) -> None:
    rendered = render(tmp_path, "## First\n\n### Inner {#inner}\n\n## Second\n")
    assert [(s.id, s.number) for s in rendered.sections] == [
        ("first", "1"),
        ("inner", "1.1"),
        ("second", "2"),
    ]
    assert '## <span class="secno">1.</span> First { #first data-toc-label="1. First" }' in (
        rendered.body
    )


def test_inserting_a_section_changes_numbers_but_no_anchor(tmp_path: Path) -> None:
    body = "## Data we collect\n\n## Data retention {#data-retention}\n\n## Your rights\n"
    before = {s.id: s.number for s in render(tmp_path / "a", body).sections}
    after = {s.id: s.number for s in render(tmp_path / "b", "## New first\n\n" + body).sections}
    assert set(before) <= set(after)
    assert before == {"data-we-collect": "1", "data-retention": "2", "your-rights": "3"}
    assert {key: after[key] for key in before} == {
        "data-we-collect": "2",
        "data-retention": "3",
        "your-rights": "4",
    }


@pytest.mark.parametrize(
    ("body", "start", "fragments"),
    [
        pytest.param(
            "## Cookies\n\ntext\n\n## Cookies\n",
            "policies/acme/privacy.md:9: ",
            ["duplicate section id 'cookies'", "policies/acme/privacy.md:5", "{#cookies-2}"],
            id="derived-collision",
        ),
        pytest.param(
            "## One {#x}\n\n## Two {#x}\n",
            "policies/acme/privacy.md:7: ",
            ["duplicate section id 'x'", "heading at policies/acme/privacy.md:5"],
            id="explicit-collision",
        ),
        pytest.param(
            "## One {#bad id!}\n",
            "policies/acme/privacy.md:5: ",
            ["heading attribute 'id!' is not understood"],
            id="bad-id",
        ),
        pytest.param(
            "## One {#change-log}\n",
            "policies/acme/privacy.md:5: ",
            ["'change-log' is reserved"],
            id="reserved",
        ),
        pytest.param(
            "Intro.\n\n# Title\n",
            "policies/acme/privacy.md:7: ",
            ["level-1 '#' heading", "front matter 'title'"],
            id="h1",
        ),
        pytest.param(
            "Intro.\n\nData we collect\n---------------\n",
            "policies/acme/privacy.md:8: ",
            ["underlined (setext) heading", "## Data we collect"],
            id="setext",
        ),
    ],
)
def test_heading_errors(tmp_path: Path, body: str, start: str, fragments: list[str]) -> None:
    message = render_error(tmp_path, body)
    assert message.startswith(start), message
    for fragment in fragments:
        assert fragment in message


def test_headings_inside_fenced_code_are_not_sections(tmp_path: Path) -> None:
    rendered = render(tmp_path, "## Real\n\n```\n## Not a heading\n```\n")
    assert [s.id for s in rendered.sections] == ["real"]


def test_duplicate_between_clause_and_policy_names_both_places(tmp_path: Path) -> None:
    clause = "---\ntitle: R\n---\n## Data retention\n"
    message = render_error(tmp_path, '## Data retention\n\n{% clause "r" %}\n', {"r": clause})
    assert message.startswith("policies/clauses/r.md:4: duplicate section id 'data-retention'")
    assert "policies/acme/privacy.md:5" in message


def test_policy_numbering_falls_back_to_the_site_default(tmp_path: Path) -> None:
    policies = make_library(tmp_path, "## A\n\n### B\n", {})
    library = load_library(policies, tmp_path)
    assert [s.number for s in render_library(library, "letter")["acme/privacy"].sections] == [
        "1",
        "1a",
    ]
    decimal = render_library(load_library(policies, tmp_path), "decimal")["acme/privacy"]
    assert [s.number for s in decimal.sections] == ["1", "1.1"]
