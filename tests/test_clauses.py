"""Clause library: parameters, conditions, and one test per error kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import render, render_error

GREETING = "---\ntitle: Greeting\nparameters:\n  who:\n    default: reader\n---\nHello {{ who }}.\n"


def test_company_facts_and_policy_variables_are_available_by_name(tmp_path: Path) -> None:
    body = "{{ company.legal_name }} / {{ company.dpo_email }} / {{ policy.title }}\n"
    assert "Acme Widgets Ltd / dpo@acme.test / Privacy Policy" in render(tmp_path, body).body


def test_parameterized_clause_uses_default_and_given_value(tmp_path: Path) -> None:
    body = '{% clause "greeting" %}\n\n{% clause "greeting" who="editor" %}\n'
    rendered = render(tmp_path, body, {"greeting": GREETING})
    assert "Hello reader." in rendered.body
    assert "Hello editor." in rendered.body
    assert rendered.clauses == {"greeting"}


def test_parameter_value_can_be_an_expression(tmp_path: Path) -> None:
    body = '{% clause "greeting" who=company.name ~ " customers" %}\n'
    assert "Hello Acme customers." in render(tmp_path, body, {"greeting": GREETING}).body


@pytest.mark.parametrize(
    ("when", "included"),
    [("company.email", True), ("company.phone", False), ("company.no_such_fact", False)],
)
def test_conditional_clause_follows_the_company_fact(
    tmp_path: Path, when: str, included: bool
) -> None:
    clause = f"---\ntitle: Optional\nwhen: {when}\n---\nOptional text.\n"
    body = 'Before.\n{% clause "optional" %}\nAfter.\n'
    rendered = render(tmp_path, body, {"optional": clause})
    assert ("Optional text." in rendered.body) is included
    assert "Before.\nOptional text.\nAfter." in rendered.body if included else True


def test_nested_clauses_render(tmp_path: Path) -> None:
    clauses = {
        "outer": '---\ntitle: Outer\n---\nOuter start.\n{% clause "greeting" who="inner" %}\n',
        "greeting": GREETING,
    }
    rendered = render(tmp_path, '{% clause "outer" %}\n', clauses)
    assert "Outer start.\nHello inner." in rendered.body
    assert rendered.clauses == {"outer", "greeting"}


def test_markdown_anchor_braces_are_not_jinja_comments(tmp_path: Path) -> None:
    rendered = render(tmp_path, "## Data retention {#data-retention}\n\nText.\n")
    assert [section.id for section in rendered.sections] == ["data-retention"]


@pytest.mark.parametrize(
    ("body", "clauses", "start", "fragments"),
    [
        pytest.param(
            'Intro.\n{% clause "contact" %}\n',
            {"contact-us": "---\ntitle: C\n---\nHi\n"},
            "policies/acme/privacy.md:6: ",
            ["clause 'contact' not found", "did you mean 'contact-us'?"],
            id="missing-clause",
        ),
        pytest.param(
            '{% clause "a" %}\n',
            {
                "a": '---\ntitle: A\n---\nA text.\n\n{% clause "b" %}\n',
                "b": '---\ntitle: B\n---\n{% clause "a" %}\n',
            },
            "policies/clauses/b.md:4: ",
            [
                "include cycle: policies/acme/privacy.md:5 -> policies/clauses/a.md:6 -> "
                "policies/clauses/b.md:4 -> policies/clauses/a.md"
            ],
            id="include-cycle",
        ),
        pytest.param(
            '{% clause "../../secrets" %}\n',
            {},
            "policies/acme/privacy.md:5: ",
            ["include path '../../secrets' leaves the policies folder"],
            id="path-leaves-policies",
        ),
        pytest.param(
            "Line one.\n\nWe keep data for {{ retention_period }}.\n",
            {},
            "policies/acme/privacy.md:7: ",
            ["undefined variable", "'retention_period' is undefined", "variables:"],
            id="undefined-variable",
        ),
        pytest.param(
            '{% clause "greeting" %}\n',
            {"greeting": "---\ntitle: G\n---\n\nHello {{ company.fax }}.\n"},
            "policies/clauses/greeting.md:5: ",
            [
                "undefined variable",
                "fax",
                "include chain: policies/acme/privacy.md:5 -> policies/clauses/greeting.md:5",
            ],
            id="undefined-variable-in-clause",
        ),
        pytest.param(
            "Fine.\n{{ ''.__class__ }}\n",
            {},
            "policies/acme/privacy.md:6: ",
            ["not allowed in a policy template", "__class__", "unsafe"],
            id="sandbox-violation",
        ),
        pytest.param(
            '{% clause "greeting" %}\n',
            {"greeting": "---\ntitle: G\n---\nHello.\n{{ who }.\n"},
            "policies/clauses/greeting.md:5: ",
            ["template syntax error", "include chain: policies/acme/privacy.md:5"],
            id="syntax-error-in-clause",
        ),
        pytest.param(
            "Text.\n\nMore {{ company.name \n",
            {},
            "policies/acme/privacy.md:7: ",
            ["template syntax error"],
            id="syntax-error-in-policy",
        ),
        pytest.param(
            '{% clause "greeting" whom="x" %}\n',
            {"greeting": GREETING},
            "policies/acme/privacy.md:5: ",
            ["clause 'greeting' has no parameter 'whom'", "did you mean 'who'?"],
            id="unknown-parameter",
        ),
        pytest.param(
            '{% clause "retention" %}\n',
            {
                "retention": "---\ntitle: R\nparameters:\n  period:\n    description: How long"
                "\n---\n{{ period }}\n"
            },
            "policies/acme/privacy.md:5: ",
            ["clause 'retention' needs parameter 'period' (How long)"],
            id="missing-parameter",
        ),
        pytest.param(
            '{% include "policies/clauses/greeting.md" %}\n',
            {"greeting": GREETING},
            "policies/acme/privacy.md:5: ",
            ["'include' is not available in policies", "{% clause"],
            id="jinja-include-refused",
        ),
        pytest.param(
            "{{ 1 / 0 }}\n",
            {},
            "policies/acme/privacy.md:5: ",
            ["ZeroDivisionError"],
            id="runtime-error",
        ),
    ],
)
def test_clause_errors_name_file_line_and_chain(
    tmp_path: Path, body: str, clauses: dict[str, str], start: str, fragments: list[str]
) -> None:
    message = render_error(tmp_path, body, clauses)
    assert message.startswith(start), message
    for fragment in fragments:
        assert fragment in message, message


def test_bad_when_expression_points_at_the_when_line(tmp_path: Path) -> None:
    clause = "---\ntitle: Optional\nwhen: company.email ==\n---\nText.\n"
    message = render_error(tmp_path, '{% clause "optional" %}\n', {"optional": clause})
    assert message.startswith("policies/clauses/optional.md:3: invalid 'when' expression")


def test_errors_after_a_clause_still_point_into_the_policy(tmp_path: Path) -> None:
    body = 'One.\n\n{% clause "greeting" %}\n\nAfter {{ missing }}.\n'
    message = render_error(tmp_path, body, {"greeting": GREETING})
    assert message.startswith("policies/acme/privacy.md:9: undefined variable")
