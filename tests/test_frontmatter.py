"""Front matter validation: every violation names file, line, field and a fix."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from generator.content.frontmatter import (
    AMENDMENT_FIELDS,
    CHANGE_FIELDS,
    CLAUSE_FIELDS,
    COMPANY_FIELDS,
    PARAMETER_FIELDS,
    POLICY_FIELDS,
    SEAL_FIELDS,
    SNAPSHOT_FIELDS,
    SOURCE_FIELDS,
    Field,
    load_clause,
    load_company,
    load_policy,
    load_snapshot,
    parse_document,
)
from generator.content.layout import record_name
from generator.errors import PolicyError
from generator.model import (
    Amendment,
    Change,
    Clause,
    Company,
    Parameter,
    Policy,
    Seal,
    Snapshot,
    SourceInfo,
)

PATH = "policies/acme/privacy.md"

VALID_POLICY = """\
---
title: Privacy Policy
effective: 2024-03-01
numbering: letter
changes:
  - date: 2024-03-01
    summary: Second.
    sections: [cookies]
  - date: 2023-01-01
    summary: First.
    editorial: true
source:
  url: https://example.com/privacy
  captured: 2023-11-06
  note: From an archive.
variables:
  retention: 30 days
---
Body line.
"""


def policy(text: str) -> object:
    return load_policy(parse_document(text, Path(PATH), PATH), "acme", "privacy")


def test_valid_policy_is_loaded_with_dates_and_body_line() -> None:
    loaded = load_policy(parse_document(VALID_POLICY, Path(PATH), PATH), "acme", "privacy")
    assert loaded.title == "Privacy Policy"
    assert loaded.effective == dt.date(2024, 3, 1)
    assert loaded.numbering == "letter"
    assert [c.date for c in loaded.changes] == [dt.date(2024, 3, 1), dt.date(2023, 1, 1)]
    assert loaded.changes[0].sections == ("cookies",)
    assert loaded.changes[1].editorial is True
    assert loaded.source is not None and loaded.source.captured == dt.date(2023, 11, 6)
    assert loaded.variables == {"retention": "30 days"}
    assert loaded.body_line == 19
    assert loaded.key == "acme/privacy"


@pytest.mark.parametrize(
    ("text", "line", "fragments"),
    [
        pytest.param(
            "---\ntitle: P\nefective: 2024-01-01\n---\n",
            3,
            ["unknown field 'efective'", "did you mean 'effective'?"],
            id="unknown-key-suggests",
        ),
        pytest.param(
            "---\ntitle: P\n---\n", 1, ["missing required field 'effective'"], id="missing-field"
        ),
        pytest.param(
            "---\ntitle: P\neffective: 2024-13-01\n---\n",
            3,
            ["field 'effective'", "expected an ISO date (YYYY-MM-DD)", "'2024-13-01'"],
            id="impossible-date",
        ),
        pytest.param(
            "---\ntitle: P\neffective: 1 March 2024\n---\n",
            3,
            ["expected an ISO date"],
            id="prose-date",
        ),
        pytest.param(
            "---\ntitle: P\neffective: 2024-01-01\nnumbering: roman\n---\n",
            4,
            ["field 'numbering': expected one of none, decimal, letter", "'roman'"],
            id="bad-choice",
        ),
        pytest.param(
            "---\ntitle: P\neffective: 2024-01-01\nchanges:\n  - date: 2024-01-01\n"
            "    sumary: x\n---\n",
            6,
            ["unknown field 'changes[0].sumary'", "did you mean 'summary'?"],
            id="unknown-nested-key",
        ),
        pytest.param(
            "---\ntitle: P\neffective: 2024-01-01\nchanges:\n  - date: 2023-01-01\n"
            "    summary: old\n  - date: 2024-01-01\n    summary: new\n---\n",
            7,
            ["newest first"],
            id="change-log-order",
        ),
        pytest.param(
            "---\ntitle: P\neffective: 2024-01-01\nchanges: yes\n---\n",
            4,
            ["field 'changes': expected a list"],
            id="changes-not-a-list",
        ),
        pytest.param(
            "---\ntitle: P\neffective: 2024-01-01\nsource:\n  url: example.com\n---\n",
            5,
            ["field 'source.url': expected a URL"],
            id="bad-url",
        ),
        pytest.param(
            "---\ntitle: P\neffective: 2024-01-01\nvariables:\n  bad-name: 1\n---\n",
            5,
            ["'bad-name' is not a valid name"],
            id="bad-variable-name",
        ),
        pytest.param(
            "---\ntitle: P\ntitle: Q\neffective: 2024-01-01\n---\n",
            3,
            ["field 'title' is given twice (first on line 2)"],
            id="duplicate-key",
        ),
        pytest.param(
            "---\ntitle: [unclosed\neffective: 2024-01-01\n---\n",
            3,
            ["invalid YAML in front matter"],
            id="yaml-syntax",
        ),
        pytest.param("---\ntitle: P\n", 1, ["front matter is not closed"], id="unclosed"),
        pytest.param("---\n- a\n- b\n---\n", 2, ["must be a mapping"], id="not-a-mapping"),
    ],
)
def test_policy_front_matter_errors(text: str, line: int, fragments: list[str]) -> None:
    with pytest.raises(PolicyError) as caught:
        policy(text)
    message = str(caught.value)
    assert message.startswith(f"{PATH}:{line}: "), message
    for fragment in fragments:
        assert fragment in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("---\nname: A\n---\n", 1, "missing required field 'legal_name'"),
        ("---\nname: A\nlegal_name: A Ltd\nemail: nobody\n---\n", 4, "expected an email address"),
        ("---\nname: A\nlegal_name: A Ltd\nadress: [x]\n---\n", 4, "did you mean 'address'?"),
        ("---\nname: A\nlegal_name: A Ltd\nfacts:\n  email: a@b.c\n---\n", 5, "is a company field"),
        ("---\nname: A\nlegal_name: A Ltd\naddress: 5\n---\n", 4, "expected a list of lines"),
    ],
)
def test_company_front_matter_errors(text: str, line: int, fragment: str) -> None:
    path = "policies/acme/company.md"
    with pytest.raises(PolicyError) as caught:
        load_company(parse_document(text, Path(path), path), "acme")
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert fragment in str(caught.value)


def test_company_facts_are_exposed_by_name() -> None:
    path = "policies/acme/company.md"
    text = "---\nname: A\nlegal_name: A Ltd\naddress: [1 Road, Town]\nfacts:\n  dpo: D\n---\nHi\n"
    company = load_company(parse_document(text, Path(path), path), "acme")
    facts = company.template_facts()
    assert facts["address"] == ["1 Road", "Town"]
    assert facts["dpo"] == "D"
    assert facts["email"] is None
    assert company.body == "Hi"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("---\ndescription: x\n---\n", 1, "missing required field 'title'"),
        ("---\ntitle: T\nparams: {}\n---\n", 3, "did you mean 'parameters'?"),
        ("---\ntitle: T\nparameters:\n  p:\n    defualt: 1\n---\n", 5, "did you mean 'default'?"),
    ],
)
def test_clause_front_matter_errors(text: str, line: int, fragment: str) -> None:
    path = "policies/clauses/x.md"
    with pytest.raises(PolicyError) as caught:
        load_clause(parse_document(text, Path(path), path), "x")
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert fragment in str(caught.value)


def test_clause_parameters_without_default_are_required() -> None:
    path = "policies/clauses/x.md"
    text = "---\ntitle: T\nparameters:\n  a:\n    default: 1\n  b:\n    description: B\n---\n"
    clause = load_clause(parse_document(text, Path(path), path), "x")
    assert clause.parameters["a"].required is False
    assert clause.parameters["a"].default == 1
    assert clause.parameters["b"].required is True


def test_crlf_and_byte_order_mark_keep_line_numbers(tmp_path: Path) -> None:
    from generator.content.frontmatter import read_document

    path = tmp_path / "p.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: P\r\neffective: x\r\n---\r\nBody\r\n")
    document = read_document(path, "p.md")
    assert document.body_line == 5
    with pytest.raises(PolicyError, match=r"^p\.md:3: field 'effective'"):
        load_policy(document, "a", "p")


def test_non_utf8_file_is_refused_with_its_line(tmp_path: Path) -> None:
    from generator.content.frontmatter import read_document

    path = tmp_path / "p.md"
    path.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    with pytest.raises(PolicyError, match=r"^p\.md:2: file is not valid UTF-8"):
        read_document(path, "p.md")


SNAPSHOT_PATH = "policies/acme/archive/privacy/2024-01-15.md"
HASH = "0123456789abcdef" * 4


def snapshot(front: str) -> Snapshot:
    """A snapshot whose required fields are lines 2-4; ``front`` starts on line 5."""
    text = f"---\ntitle: Privacy\neffective: 2024-01-15\nnumbering: decimal\n{front}---\nBody.\n"
    document = parse_document(text, Path(SNAPSHOT_PATH), SNAPSHOT_PATH)
    name = record_name("2024-01-15.md")
    assert name is not None
    return load_snapshot(document, "acme", "privacy", HASH, name)


def test_snapshot_summary_and_inputs_are_loaded() -> None:
    loaded = snapshot(f"summary: ' Shorter retention. '\ninputs:\n  policy: {HASH}\n")
    assert loaded.summary == "Shorter retention."
    assert loaded.inputs == {"policy": HASH}
    bare = snapshot("")
    assert (bare.summary, bare.description, bare.source, bare.inputs) == ("", None, None, {})


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        pytest.param(
            "summary: [a, b]\n",
            5,
            "field 'summary': expected a non-empty text, got ['a', 'b']",
            id="summary-list",
        ),
        pytest.param(
            "summary:\n  what: changed\n",
            5,
            "field 'summary': expected a non-empty text, got {'what': 'changed'}",
            id="summary-mapping",
        ),
        pytest.param(
            "summary: true\n",
            5,
            "field 'summary': expected a non-empty text, got True",
            id="summary-boolean",
        ),
        pytest.param(
            "inputs: [policy]\n",
            5,
            "field 'inputs': expected a mapping of input names to hashes, got ['policy']",
            id="inputs-not-a-mapping",
        ),
        pytest.param(
            f"inputs:\n  policy: {HASH}\n  company: 5\n",
            7,
            "field 'inputs.company': expected a SHA-256 hash (64 hex digits) "
            "written by 'policy-site release', got 5",
            id="input-number",
        ),
        pytest.param(
            "inputs:\n  clauses/contact-us: [abc]\n",
            6,
            "field 'inputs.clauses/contact-us': expected a SHA-256 hash (64 hex digits) "
            "written by 'policy-site release', got ['abc']",
            id="input-list",
        ),
        pytest.param(
            "inputs:\n  policy:\n",
            6,
            "field 'inputs.policy': expected a SHA-256 hash (64 hex digits) "
            "written by 'policy-site release', got None",
            id="input-null",
        ),
        pytest.param(
            f"inputs:\n  polcy: {HASH}\n",
            6,
            "field 'inputs.polcy': expected an input name 'policy', 'company' or "
            "'clauses/<name>', got 'polcy'",
            id="input-name",
        ),
    ],
)
def test_snapshot_fields_are_validated(front: str, line: int, message: str) -> None:
    with pytest.raises(PolicyError) as caught:
        snapshot(front)
    assert str(caught.value) == f"{SNAPSHOT_PATH}:{line}: {message}"


@pytest.mark.parametrize(
    ("spec", "got"),
    [
        pytest.param("description: [a, b]", "['a', 'b']", id="list"),
        pytest.param("description:\n      text: x", "{'text': 'x'}", id="mapping"),
        pytest.param("description: false", "False", id="boolean"),
        pytest.param("description: 2024-01-01", "2024-01-01", id="date"),
    ],
)
def test_clause_parameter_description_is_validated(spec: str, got: str) -> None:
    path = "policies/clauses/x.md"
    text = f"---\ntitle: T\nparameters:\n  period:\n    {spec}\n---\n"
    with pytest.raises(PolicyError) as caught:
        load_clause(parse_document(text, Path(path), path), "x")
    assert str(caught.value) == (
        f"{path}:5: field 'parameters.period.description': expected a non-empty text, got {got}"
    )


def test_clause_parameter_default_may_be_any_value() -> None:
    # A default stands in for a template argument, which may be any expression.
    path = "policies/clauses/x.md"
    text = "---\ntitle: T\nparameters:\n  items:\n    default: [a, b]\n    description: ' I '\n"
    clause = load_clause(parse_document(text + "---\n", Path(path), path), "x")
    items = clause.parameters["items"]
    assert (items.default, items.description, items.required) == (["a", "b"], "I", False)


RECORD = {"company", "policy", "path", "display_path", "sha256"}
"""What the loader gives every archived record: where it is and its hash. Its ``previous``
field becomes its ``chain`` (a record without the key is from before chaining)."""


@pytest.mark.parametrize(
    ("table", "model", "supplied"),
    [
        pytest.param(
            COMPANY_FIELDS, Company, {"slug", "path", "display_path", "body"}, id="company"
        ),
        pytest.param(
            POLICY_FIELDS,
            Policy,
            {"company", "slug", "path", "display_path", "body_line", "lines"},
            id="policy",
        ),
        pytest.param(CHANGE_FIELDS, Change, set(), id="change"),
        pytest.param(
            SNAPSHOT_FIELDS,
            Snapshot,
            RECORD | {"body", "body_line", "chain"},
            id="snapshot",
        ),
        pytest.param(AMENDMENT_FIELDS, Amendment, RECORD | {"number", "chain"}, id="amendment"),
        pytest.param(SEAL_FIELDS, Seal, RECORD, id="seal"),
        pytest.param(SOURCE_FIELDS, SourceInfo, set(), id="source"),
        pytest.param(
            CLAUSE_FIELDS,
            Clause,
            {"name", "path", "display_path", "body_line", "when_line"},
            id="clause",
        ),
        pytest.param(PARAMETER_FIELDS, Parameter, {"name", "required"}, id="parameter"),
    ],
)
def test_each_table_lists_every_front_matter_field_of_its_record_once(
    table: tuple[Field, ...], model: type, supplied: set[str]
) -> None:
    # `supplied` is what the loader passes itself (file, names, line numbers); the table
    # gives the rest, so together they are exactly the model's constructor keywords.
    names = [field.name for field in table]
    assert len(names) == len(set(names))
    assert not set(names) & supplied
    model_fields = {field.name: field for field in dataclasses.fields(model)}
    assert (set(names) - {"previous"}) | supplied == set(model_fields)
    for field in table:
        if field.name == "previous":
            continue
        model_field = model_fields[field.name]
        if field.required:
            assert field.default is None and field.default_factory is None, field.name
        elif model_field.default is not dataclasses.MISSING:
            assert field.absent() == model_field.default, field.name
        elif model_field.default_factory is not dataclasses.MISSING:
            assert field.absent() == model_field.default_factory(), field.name
