"""Cross-links by section id: same policy, other policy, other company, inside clauses."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.library import load_library
from generator.errors import PolicyError
from generator.site.live import RenderedPolicy, render_library
from tests.helpers import write


def build(root: Path, privacy: str, clauses: dict[str, str] | None = None) -> dict[str, str]:
    write(root / "policies/acme/company.md", "---\nname: Acme\nlegal_name: Acme Ltd\n---\n")
    write(
        root / "policies/acme/privacy.md",
        "---\ntitle: Privacy Policy\neffective: 2024-01-01\n---\n" + privacy,
    )
    write(
        root / "policies/acme/cookies.md",
        "---\ntitle: Cookie Policy\neffective: 2024-01-01\nnumbering: letter\n---\n"
        "## About\n\n## Cookies we use {#cookie-list}\n\n### Analytics\n",
    )
    write(root / "policies/globex/company.md", "---\nname: Globex\nlegal_name: Globex Inc\n---\n")
    write(
        root / "policies/globex/privacy.md",
        "---\ntitle: Privacy Policy\neffective: 2024-01-01\nnumbering: none\n---\n"
        "## Your rights {#rights}\n",
    )
    for name, text in (clauses or {}).items():
        write(root / f"policies/clauses/{name}.md", text)
    rendered: dict[str, RenderedPolicy] = render_library(load_library(root / "policies", root))
    return {key: item.body for key, item in rendered.items()}


SECTIONS = "## Data we collect\n\n## Data retention {#data-retention}\n\n### Backups\n\n"


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        pytest.param(
            "[§ data-retention]",
            "[section 2, Data retention](#data-retention){ .xref }",
            id="same-policy",
        ),
        pytest.param("[§ backups]", "[section 2.1, Backups](#backups){ .xref }", id="sub-section"),
        pytest.param(
            "[§ cookies#cookie-list]",
            "[Cookie Policy, section 2, Cookies we use](cookies.md#cookie-list){ .xref }",
            id="other-policy",
        ),
        pytest.param(
            "[§ cookies#analytics]",
            "[Cookie Policy, section 2a, Analytics](cookies.md#analytics){ .xref }",
            id="other-policy-letter",
        ),
        pytest.param(
            "[§ globex/privacy#rights]",
            "[Globex Privacy Policy, Your rights](../globex/privacy.md#rights){ .xref }",
            id="other-company-unnumbered",
        ),
        pytest.param(
            "[how long we keep data][§ data-retention]",
            "[how long we keep data](#data-retention){ .xref }",
            id="custom-text",
        ),
        pytest.param("`[§ data-retention]`", "`[§ data-retention]`", id="code-span-untouched"),
    ],
)
def test_cross_link_renders_number_and_title(tmp_path: Path, link: str, expected: str) -> None:
    body = build(tmp_path, SECTIONS + f"See {link}.\n")["acme/privacy"]
    assert f"See {expected}." in body


def test_cross_link_inside_a_clause_resolves_in_the_including_policy(tmp_path: Path) -> None:
    clause = "---\ntitle: Pointer\n---\nRead [§ data-retention].\n"
    bodies = build(tmp_path, SECTIONS + '{% clause "pointer" %}\n', {"pointer": clause})
    assert "Read [section 2, Data retention](#data-retention){ .xref }." in bodies["acme/privacy"]


def test_cross_links_follow_renumbering(tmp_path: Path) -> None:
    body = build(tmp_path, "## Added first\n\n" + SECTIONS + "See [§ data-retention].\n")
    assert "[section 3, Data retention](#data-retention)" in body["acme/privacy"]


@pytest.mark.parametrize(
    ("link", "fragments"),
    [
        pytest.param(
            "[§ data-retension]",
            ["could not find section 'data-retension'", "closest ids: data-retention"],
            id="unknown-id-suggests",
        ),
        pytest.param(
            "[§ cookies#cookie-lists]",
            ["could not find section 'cookie-lists' in acme/cookies", "closest ids: cookie-list"],
            id="unknown-id-other-policy",
        ),
        pytest.param(
            "[§ cookie#cookie-list]",
            ["unknown policy 'acme/cookie'", "did you mean 'acme/cookies'"],
            id="unknown-policy",
        ),
        pytest.param(
            "[§ globex/privacy#zzz]",
            ["could not find section 'zzz' in globex/privacy"],
            id="unknown-id-other-company",
        ),
        pytest.param("[§ ]", ["names no section"], id="empty"),
    ],
)
def test_unknown_target_is_an_error_with_line_and_closest_ids(
    tmp_path: Path, link: str, fragments: list[str]
) -> None:
    with pytest.raises(PolicyError) as caught:
        build(tmp_path, SECTIONS + f"Text.\n\nSee {link}.\n")
    message = str(caught.value)
    assert message.startswith("policies/acme/privacy.md:13: cross-link"), message
    for fragment in fragments:
        assert fragment in message


def test_unknown_target_inside_a_clause_points_into_the_clause(tmp_path: Path) -> None:
    clause = "---\ntitle: Pointer\n---\nIntro.\n\nRead [§ nowhere].\n"
    with pytest.raises(PolicyError) as caught:
        build(tmp_path, SECTIONS + '{% clause "pointer" %}\n', {"pointer": clause})
    message = str(caught.value)
    assert message.startswith("policies/clauses/pointer.md:6: cross-link '[§ nowhere]'")
    assert "include chain: policies/acme/privacy.md:11 -> policies/clauses/pointer.md:6" in message


def test_backslash_keeps_a_literal_section_sign_citation(tmp_path: Path) -> None:
    body = build(tmp_path, SECTIONS + "Under \\[§ 5] of the act, see [§ data-retention].\n")
    assert (
        "Under \\[§ 5] of the act, see [section 2, Data retention](#data-retention){ .xref }."
        in body["acme/privacy"]
    )
