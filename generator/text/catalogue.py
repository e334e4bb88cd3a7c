"""The clause library as an editor reads it: ``policy-site clauses``.

Which policies use each clause is what their expansion includes (directly or
through another clause, whatever its ``when``), the same set a release records
as the policy's inputs, so ``clauses`` and ``status`` agree on it. The line to
paste is built from the clause's own parameters, so it includes the clause as
it is now.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.content.library import Library
from generator.errors import PolicyError
from generator.model import Clause, Parameter
from generator.text.clauses import Expander
from generator.text.pipeline import template_variables
from generator.text.xrefs import XREF

_EXAMPLE = re.compile(r"""\be\.g\.,?\s*["“](?P<example>[^"”\n]+)["”]""")
"""An example value quoted in a parameter's description: ``e.g. "account data"``."""


@dataclass(frozen=True)
class Catalogue:
    """Every clause, and the policies that use each."""

    clauses: Mapping[str, Clause]
    users: Mapping[str, tuple[str, ...]]
    """Keys of the policies that include each clause, by clause name."""
    unexpanded: tuple[PolicyError, ...]
    """Why a policy could not be expanded (its clauses are not counted)."""
    links: Mapping[str, tuple[str, ...]]
    """The cross-link targets written in each clause (``data-retention``,
    ``privacy#contact-us``): a policy that includes it must have those sections."""


def catalogue(library: Library) -> Catalogue:
    """The clauses of ``library`` and who uses them.

    A policy that does not expand (a mistake an editor is fixing, say) is reported,
    not fatal: the catalogue is what they read to fix it.
    """
    expander = Expander(library.policies_dir, library.clauses, library.sources)
    users: dict[str, list[str]] = {name: [] for name in library.clauses}
    problems: list[PolicyError] = []
    for key, policy in library.policies.items():
        variables = template_variables(policy, library.companies[policy.company])
        try:
            expansion = expander.expand(policy.display_path, variables)
        except PolicyError as error:
            problems.append(error)
            continue
        for name in expansion.clauses:
            users[name].append(key)
    links = {
        name: tuple(
            dict.fromkeys(
                match["target"] for match in XREF.finditer(library.sources[clause.display_path])
            )
        )
        for name, clause in library.clauses.items()
    }
    return Catalogue(
        library.clauses,
        {name: tuple(sorted(keys)) for name, keys in users.items()},
        tuple(problems),
        links,
    )


def example_value(parameter: Parameter) -> str:
    """A value that reads as what the parameter wants: the example its description quotes,
    else the description itself, else its name."""
    match = _EXAMPLE.search(parameter.description)
    if match:
        return match["example"].strip()
    return " ".join(parameter.description.split()) or parameter.name


def jinja_literal(value: Any) -> str:
    """``value`` written as a Jinja expression (JSON's literals are Jinja's too)."""
    if value is None:
        return "none"
    return json.dumps(value, ensure_ascii=False)


def include_line(clause: Clause, *, every_parameter: bool = False) -> str:
    """``{% clause "name" param="..." %}`` with an example for every required parameter
    (and, with ``every_parameter``, the default of every other)."""
    arguments = [
        f"{parameter.name}={jinja_literal(example_value(parameter))}"
        if parameter.required
        else f"{parameter.name}={jinja_literal(parameter.default)}"
        for parameter in clause.parameters.values()
        if parameter.required or every_parameter
    ]
    return " ".join(["{%", "clause", json.dumps(clause.name), *arguments, "%}"])
