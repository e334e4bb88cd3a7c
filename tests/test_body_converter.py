"""Converting version bodies section by section gives the HTML of converting them whole."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.library import load_library
from generator.site.build import build_versions
from generator.text.markdown import BodyConverter, markdown_to_html, split_at_headings
from tests.helpers import ROOT

SAFE = [
    "Intro paragraph.\n\n## One {#one}\n\nText *one*.\n\n## Two {#two}\n\nText two.\n",
    "## First { #first }\n\n- a\n- b\n\n### Nested { #nested }\n\n1. x\n2. y\n",
    "## Table {#t}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## Terms {#terms}\n\nTerm\n: Meaning\n",
    "## A {#a .secno data-toc-label='1. A'}\n\nSee [the list](other.md#x).\n\n## B {#b}\n",
    "Line one\n## Not cut: no blank line before {#h}\n\nText.\n\n## Cut {#c}\n\nEnd.",
    "## Emphasis {#e}\n\n**bold\n\ncontinues** in another paragraph.\n\n## Next {#n}\n",
]
"""Texts that are cut, and whose parts must convert to the HTML of the whole."""

UNSAFE = [
    "## A {#a}\n\nSee [x][ref].\n\n## B {#b}\n\n[ref]: https://example.com\n",
    "## A {#a}\n\nText[^1].\n\n## B {#b}\n\n[^1]: A note.\n",
    '<div markdown="1">\n\n## A {#a}\n\nText.\n\n</div>\n',
    "## Heading without an id\n\nText.\n",
    "[TOC]\n\n## A {#a}\n",
    "## A {#a}\n\n```\n## not a heading\n```\n",
    "## A {#a}\n\n*[HTML]: Hyper Text Markup Language\n",
]
"""Texts with parts that depend on each other: converted whole."""


@pytest.mark.parametrize("text", SAFE)
def test_cut_texts_convert_to_the_html_of_the_whole(text: str) -> None:
    assert split_at_headings(text) is not None
    assert BodyConverter().convert(text) == markdown_to_html(text)


@pytest.mark.parametrize("text", UNSAFE)
def test_texts_whose_parts_depend_on_each_other_are_not_cut(text: str) -> None:
    assert split_at_headings(text) is None
    assert BodyConverter().convert(text) == markdown_to_html(text)


def test_a_text_is_cut_before_each_heading_after_a_blank_line() -> None:
    parts = split_at_headings(SAFE[0])
    assert parts == [
        "Intro paragraph.\n\n",
        "## One {#one}\n\nText *one*.\n\n",
        "## Two {#two}\n\nText two.\n",
    ]


def test_every_released_body_of_the_sample_site_converts_alike() -> None:
    library = load_library(ROOT / "policies", ROOT)
    policies = build_versions(library, dt.date(2026, 11, 21), production=False)
    converter = BodyConverter()
    bodies = [body for pages in policies.values() for body in pages.bodies.values()]
    assert bodies
    for body in bodies:
        assert split_at_headings(body) is not None
        assert converter.convert(body) == markdown_to_html(body)


_WORDS = st.sampled_from(["privacy", "data", "*we*", "**you**", "`code`", "[link](a.md#x)", "&"])
_LINE = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)
_BLOCK = st.one_of(
    _LINE,
    st.lists(_LINE, min_size=1, max_size=3).map(lambda items: "\n".join(f"- {i}" for i in items)),
    st.lists(_LINE, min_size=1, max_size=3).map(
        lambda items: "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1))
    ),
    _LINE.map(lambda line: f"Term\n: {line}"),
    _LINE.map(lambda line: f"| a | b |\n|---|---|\n| {line} | x |"),
    _LINE.map(lambda line: f"> {line}"),
    _LINE.map(lambda line: f"    {line}"),
)


@st.composite
def _documents(draw: st.DrawFn) -> str:
    blocks = []
    for index in range(draw(st.integers(0, 6))):
        level = draw(st.integers(2, 4))
        blocks.append(f"{'#' * level} {draw(_LINE)} {{#s{index}}}")
        blocks.extend(draw(st.lists(_BLOCK, max_size=3)))
    separator = draw(st.sampled_from(["\n\n", "\n\n\n"]))
    return (
        draw(st.lists(_BLOCK, max_size=2).map(separator.join)) + separator + separator.join(blocks)
    )


@settings(max_examples=300, deadline=None)
@given(_documents())
def test_generated_documents_convert_alike(text: str) -> None:
    assert BodyConverter().convert(text) == markdown_to_html(text)
