"""Generated section numbers for each style."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.model import NumberingStyle
from generator.text.numbering import Heading, format_number, letters, number_headings, roman


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "a"), (2, "b"), (26, "z"), (27, "aa"), (28, "ab"), (702, "zz")]
)
def test_letters(count: int, expected: str) -> None:
    assert letters(count) == expected


@pytest.mark.parametrize(("count", "expected"), [(1, "i"), (4, "iv"), (9, "ix"), (14, "xiv")])
def test_roman(count: int, expected: str) -> None:
    assert roman(count) == expected


@pytest.mark.parametrize(
    ("style", "path", "expected"),
    [
        ("decimal", (4,), "4"),
        ("decimal", (1, 2, 3), "1.2.3"),
        ("letter", (2,), "2"),
        ("letter", (2, 1), "2a"),
        ("letter", (6, 2), "6b"),
        ("letter", (2, 1, 3), "2a.iii"),
        ("letter", (2, 1, 3, 4), "2a.iii.4"),
        ("none", (1, 2), ""),
    ],
)
def test_format_number(style: NumberingStyle, path: tuple[int, ...], expected: str) -> None:
    assert format_number(style, path) == expected


def numbers(levels: list[int | tuple[int, bool]], style: NumberingStyle) -> list[str]:
    headings = [
        Heading(item) if isinstance(item, int) else Heading(item[0], item[1]) for item in levels
    ]
    return [numbered.number for numbered in number_headings(headings, style)]


@pytest.mark.parametrize(
    ("levels", "style", "expected"),
    [
        pytest.param([2, 2, 2], "decimal", ["1", "2", "3"], id="flat"),
        pytest.param(
            [2, 3, 3, 4, 2, 3], "decimal", ["1", "1.1", "1.2", "1.2.1", "2", "2.1"], id="nested"
        ),
        pytest.param(
            [2, 3, 4, 5, 6], "decimal", ["1", "1.1", "1.1.1", "1.1.1.1", "1.1.1.1.1"], id="deep"
        ),
        pytest.param([2, 2, 3, 3, 2, 3], "letter", ["1", "2", "2a", "2b", "3", "3a"], id="letter"),
        pytest.param([2, 3, 4, 4], "letter", ["1", "1a", "1a.i", "1a.ii"], id="letter-deep"),
        pytest.param([2, 3, 2], "none", ["", "", ""], id="none"),
        pytest.param(
            [(2, False), 2, 3, 2], "decimal", ["", "1", "1.1", "2"], id="opt-out-introduction"
        ),
        pytest.param(
            [2, (2, False), 3, 2], "decimal", ["1", "", "", "2"], id="opt-out-covers-children"
        ),
        pytest.param([2, 4, 4, 3, 2], "decimal", ["1", "1.1", "1.2", "1.3", "2"], id="skip-level"),
        pytest.param([3, 3, 2, 3], "decimal", ["1", "2", "3", "3.1"], id="start-below-h2"),
    ],
)
def test_number_headings(
    levels: list[int | tuple[int, bool]], style: NumberingStyle, expected: list[str]
) -> None:
    assert numbers(levels, style) == expected


heading_sequences = st.lists(
    st.tuples(st.integers(min_value=2, max_value=6), st.booleans()), min_size=1, max_size=40
)


@given(heading_sequences, st.sampled_from(["decimal", "letter"]))
def test_any_heading_sequence_gets_unique_consecutive_numbers(
    sequence: list[tuple[int, bool]], style: NumberingStyle
) -> None:
    headings = [Heading(level, numbered) for level, numbered in sequence]
    result = number_headings(headings, style)
    given_numbers = [numbered.number for numbered in result if numbered.number]
    assert len(given_numbers) == len(set(given_numbers))
    # Consecutive: under each parent, children count 1, 2, 3, ... with no gap.
    decimal = number_headings(headings, "decimal")
    children: dict[tuple[int, ...], list[int]] = {}
    for numbered in decimal:
        if numbered.number:
            path = tuple(int(part) for part in numbered.number.split("."))
            children.setdefault(path[:-1], []).append(path[-1])
            assert len(path) == numbered.depth
    for counts in children.values():
        assert counts == list(range(1, len(counts) + 1))
    for parent in children:
        if parent:
            assert parent[-1] in children.get(parent[:-1], [])


@given(heading_sequences)
def test_unnumbered_headings_never_get_a_number(sequence: list[tuple[int, bool]]) -> None:
    result = number_headings([Heading(level, numbered) for level, numbered in sequence], "decimal")
    for (_, numbered), outcome in zip(sequence, result, strict=True):
        if not numbered:
            assert outcome.number == ""
