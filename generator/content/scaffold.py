"""The files ``policy-site new`` writes: a company's ``company.md`` and a policy skeleton.

What the command is not told is written as a :data:`~generator.content.frontmatter.PLACEHOLDER`
the library refuses until it is filled, never guessed: a company's name or a policy's
words cannot be published by accident. The policy skeleton carries its first change-log
entry, dated as its ``effective:``, so that ``policy-site release KEY --effective DATE``
archives it with no summary to type (a release adopts the unarchived entry of its date).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.content import layout
from generator.content.frontmatter import (
    EMAIL_PATTERN,
    PLACEHOLDER,
    RESERVED_SLUGS,
    SLUG_PATTERN,
    is_web_url,
)
from generator.errors import PolicyError
from generator.model import NumberingStyle

FIRST_SUMMARY = "First version."
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Key:
    """What ``policy-site new`` was asked for: a company, and maybe one of its policies."""

    company: str
    policy: str | None

    def __str__(self) -> str:
        return f"{self.company}/{self.policy}" if self.policy else self.company


@dataclass(frozen=True)
class CompanyFacts:
    """The facts given on the command line; None is written as a placeholder."""

    name: str | None = None
    legal_name: str | None = None
    email: str | None = None
    website: str | None = None

    def given(self) -> list[str]:
        """The options that were given, as typed on the command line."""
        options = {"--name": self.name, "--legal-name": self.legal_name}
        options |= {"--email": self.email, "--website": self.website}
        return [option for option, value in options.items() if value is not None]


@dataclass(frozen=True)
class PolicyStart:
    """The front matter a new policy starts with."""

    title: str | None
    effective: dt.date
    numbering: NumberingStyle


def parse_key(text: str) -> Key:
    """``COMPANY`` or ``COMPANY/POLICY``, each a valid, free-to-use name."""
    company, slash, policy = text.strip().partition("/")
    if slash and (not policy or "/" in policy):
        raise PolicyError(
            None,
            f"'{text}' is not COMPANY or COMPANY/POLICY",
            "e.g. 'policy-site new acme' or 'policy-site new acme/privacy'",
        )
    _check_name(company, "company folder", "company")
    if slash:
        _check_name(policy, "policy file", "policy")
    return Key(company, policy if slash else None)


def _check_name(name: str, table: str, what: str) -> None:
    if name in RESERVED_SLUGS[table]:
        raise PolicyError(
            None,
            f"'{name}' cannot be a {what} name: the site uses it already",
            "choose another, e.g. 'general-terms'",
        )
    if not SLUG_PATTERN.match(name):
        raise PolicyError(
            None,
            f"'{name}' is not a valid {what} name",
            "use lowercase letters, digits and hyphens (e.g. 'acme-widgets')",
        )


def check_facts(facts: CompanyFacts) -> None:
    """Refuse an option's value the company file would refuse later, naming the option."""
    for option, value in (
        ("--name", facts.name),
        ("--legal-name", facts.legal_name),
        ("--email", facts.email),
        ("--website", facts.website),
    ):
        if value is None:
            continue
        if not value.strip() or _CONTROL.search(value):
            raise PolicyError(None, f"{option} needs one line of text", f'{option} "..."')
    if facts.email is not None and not EMAIL_PATTERN.match(facts.email.strip()):
        raise PolicyError(
            None,
            f"--email '{facts.email}' is not an email address",
            "e.g. --email privacy@acme.example",
        )
    if facts.website is not None and not is_web_url(facts.website.strip()):
        raise PolicyError(
            None,
            f"--website '{facts.website}' is not a web address",
            "e.g. --website https://acme.example",
        )


def _yaml_text(value: str) -> str:
    """A text as a YAML value on one line: as typed when YAML reads it back so (with a
    comment after it), else double-quoted (JSON's quoted strings are YAML's)."""
    text = value.strip()
    try:
        plain = yaml.safe_load(f"key: {text}  # comment")
    except yaml.YAMLError:
        plain = None
    if plain == {"key": text}:
        return text
    return json.dumps(text, ensure_ascii=False)


def _line(key: str, value: str, comment: str) -> str:
    """``key: value`` and a comment, aligned while the values are short."""
    return f"{f'{key}: {value}':<44}  # {comment}"


def company_text(company: str, facts: CompanyFacts) -> str:
    """``company.md``: the given facts, placeholders for the others, optional facts commented."""
    example = f"{company}.example"
    fields = (
        ("name", facts.name, "display name, e.g. Acme", "shown on every page (required)"),
        ("legal_name", facts.legal_name, "registered name, e.g. Acme Ltd", "required"),
        (
            "email",
            facts.email,
            f"privacy contact, e.g. privacy@{example}",
            "the contact-us clause needs it; delete the line if there is none",
        ),
        ("website", facts.website, f"e.g. https://{example}", "optional: delete if none"),
    )
    lines = ["---"]
    for key, value, placeholder, comment in fields:
        text = value if value is not None else f"{PLACEHOLDER} {placeholder}"
        lines.append(_line(key, _yaml_text(text), comment))
    lines += [
        "# phone: +44 20 7946 0000",
        "# address:                                    # postal address, one line per item",
        "#   - 1 Example Street",
        "# jurisdiction: England and Wales",
        "# facts:                                      # further facts, used as company.<name>",
        f"#   dpo_email: dpo@{example}",
        "---",
        "",
    ]
    return "\n".join(lines)


def policy_text(start: PolicyStart) -> str:
    """A policy skeleton: front matter with its first change-log entry, and a body whose
    words are placeholders."""
    title = start.title if start.title is not None else f"{PLACEHOLDER} title, e.g. Privacy Policy"
    effective = start.effective.isoformat()
    return "\n".join(
        [
            "---",
            _line("title", _yaml_text(title), "shown as the page title (required)"),
            f"effective: {effective}",
            _line("numbering", start.numbering, "none | decimal (1., 1.1.) | letter (2., 2a.)"),
            "# description: One sentence on what this policy covers.",
            f"{'changes:':<44}  # the change log, newest first",
            f"  - date: {effective}",
            f"    summary: {FIRST_SUMMARY}",
            "---",
            f"{PLACEHOLDER} The opening paragraph: whom this policy is for and what it covers.",
            "",
            f"## {PLACEHOLDER} Title of the first section",
            "",
            f"{PLACEHOLDER} The text of the first section.",
            "",
            "{## Sections are '##' headings, sub-sections '###'; never type their numbers.",
            "    Shared clauses: 'policy-site clauses' lists them, 'policy-site clauses NAME'",
            "    prints the line to paste. A link to a section is written [§ its-id]. ##}",
            "",
        ]
    )


def company_path(policies_dir: Path, key: Key) -> Path:
    return layout.company_file(policies_dir, key.company)


def policy_path(policies_dir: Path, key: Key) -> Path:
    assert key.policy is not None
    return layout.policy_file(policies_dir, key.company, key.policy)
