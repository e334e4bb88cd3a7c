"""Section-aware comparison: alignment by id, labels, word marks."""

from __future__ import annotations

import pytest
from lxml import html

from generator.site.diff import compare, render_comparison
from generator.site.html_sections import split_sections


def body(*sections: tuple[str, str, str]) -> str:
    """HTML as policies render: ``(id, number, text)`` per section."""
    return "".join(
        f'<h2 id="{sid}"><span class="secno">{num}</span> {sid.title()}'
        f'<a class="headerlink" href="#{sid}">¶</a></h2><p>{text}</p>'
        for sid, num, text in sections
    )


def test_split_sections_keeps_opening_text_and_strips_permalinks() -> None:
    sections = split_sections("<p>Hello.</p>" + body(("rights", "1.", "You may ask.")))
    assert [(s.id, s.number, s.title) for s in sections] == [
        ("_opening-text", "", "Opening text"),
        ("rights", "1.", "Rights"),
    ]
    assert sections[1].content == "<p>You may ask.</p>"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            [("a", "1.", "x"), ("b", "2.", "y")],
            [("a", "1.", "x"), ("b", "2.", "y")],
            [("a", "unchanged", False, False), ("b", "unchanged", False, False)],
            id="same",
        ),
        pytest.param(
            [("a", "1.", "x")],
            [("new", "1.", "n"), ("a", "2.", "x")],
            [("new", "added", False, False), ("a", "unchanged", True, False)],
            id="added-renumbers",
        ),
        pytest.param(
            [("a", "1.", "x"), ("gone", "2.", "g"), ("b", "3.", "y")],
            [("a", "1.", "x"), ("b", "2.", "y")],
            [("a", "unchanged", False, False), ("gone", "removed", False, False),
             ("b", "unchanged", True, False)],
            id="removed-in-place",
        ),
        pytest.param(
            [("a", "1.", "x"), ("b", "2.", "y"), ("c", "3.", "z")],
            [("c", "1.", "z"), ("a", "2.", "x"), ("b", "3.", "y")],
            [("c", "unchanged", True, True), ("a", "unchanged", True, False),
             ("b", "unchanged", True, False)],
            id="moved",
        ),
        pytest.param(
            [("a", "1.", "We keep data.")],
            [("a", "1.", "We retain data.")],
            [("a", "changed", False, False)],
            id="changed",
        ),
    ],
)  # fmt: skip
def test_compare_aligns_by_id(
    old: list[tuple[str, str, str]],
    new: list[tuple[str, str, str]],
    expected: list[tuple[str, str, bool, bool]],
) -> None:
    changes = compare(split_sections(body(*old)), split_sections(body(*new)))
    assert [(c.section.id, c.kind, c.renumbered, c.moved) for c in changes] == expected


def test_changed_section_marks_inserted_and_deleted_words() -> None:
    changes = compare(
        split_sections(body(("a", "1.", "We keep data for two years."))),
        split_sections(body(("a", "1.", "We keep data for one year."))),
    )
    page = html.fragment_fromstring(render_comparison(changes), create_parent="div")
    section = page.xpath("//section[@id='a']")[0]
    assert "changed" in section.xpath("string(.//span[@class='diff-label'])")
    assert " ".join(section.xpath(".//ins//text()")).split() == ["one", "year."]
    assert " ".join(section.xpath(".//del//text()")).split() == ["two", "years."]


def test_unchanged_sections_are_collapsed_but_reachable() -> None:
    changes = compare(
        split_sections(body(("a", "1.", "x"))), split_sections(body(("a", "1.", "x")))
    )
    page = html.fragment_fromstring(render_comparison(changes), create_parent="div")
    details = page.xpath("//details[@id='a']")
    assert details and details[0].get("open") is None
    assert details[0].xpath("string(.//p)") == "x"
    assert page.xpath("string(//p[@class='diff-summary'])") == (
        "Sections: 0 changed, 0 added, 0 removed."
    )


def test_removed_and_added_sections_are_wrapped_whole() -> None:
    changes = compare(
        split_sections(body(("old", "1.", "o"))), split_sections(body(("new", "1.", "n")))
    )
    page = html.fragment_fromstring(render_comparison(changes), create_parent="div")
    assert page.xpath("string(//section[@id='new']//ins)") == "n"
    assert page.xpath("string(//section[@id='old']//del)") == "o"
