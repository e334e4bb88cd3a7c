"""What releasing each live policy would archive now, and the inputs it was made from."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from generator.content.library import Library
from generator.model import NumberingStyle, Policy, Snapshot, SourceInfo
from generator.text.pipeline import NumberedText, number_live


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Candidate:
    """What a release of the live source would freeze now."""

    policy: Policy
    title: str
    numbering: NumberingStyle
    description: str | None
    source: SourceInfo | None
    body: str
    inputs: Mapping[str, str]
    section_ids: tuple[str, ...]

    def same_text_as(self, snapshot: Snapshot) -> bool:
        """True when releasing would archive the same text as ``snapshot``."""
        return (
            self.title == snapshot.title
            and self.numbering == snapshot.numbering
            and self.description == snapshot.description
            and self.source == snapshot.source
            and self.body == snapshot.body
        )


def _input_hashes(library: Library, policy: Policy, clauses: frozenset[str]) -> dict[str, str]:
    def file_hash(display_path: str) -> str:
        return sha256_of(library.sources[display_path].encode("utf-8"))

    meta = {
        "title": policy.title,
        "numbering": policy.numbering,
        "description": policy.description,
        "variables": dict(policy.variables),
    }
    # The policy's own input is its body and the front matter that shapes the
    # text, not `effective` and `changes`, which the release itself writes.
    body = library.sources[policy.display_path].lstrip("\n")
    own = sha256_of(body.encode("utf-8")) + json.dumps(meta, sort_keys=True, default=str)
    inputs = {
        "policy": sha256_of(own.encode("utf-8")),
        "company": sha256_of(
            json.dumps(library.companies[policy.company].template_facts(), sort_keys=True).encode()
        ),
    }
    for name in sorted(clauses):
        inputs[f"clauses/{name}"] = file_hash(library.clauses[name].display_path)
    return inputs


def candidates(
    library: Library,
    default_numbering: NumberingStyle = "decimal",
    numbered: Mapping[str, NumberedText] | None = None,
) -> dict[str, Candidate]:
    """The would-be snapshot of every live policy."""
    if numbered is None:
        numbered = number_live(library, default_numbering)
    result: dict[str, Candidate] = {}
    for key, policy in library.policies.items():
        text = numbered[key]
        result[key] = Candidate(
            policy=policy,
            title=policy.title,
            numbering=text.numbering,
            description=policy.description,
            source=policy.source,
            body=text.expansion.text.strip() + "\n",
            inputs=_input_hashes(library, policy, text.expansion.clauses),
            section_ids=tuple(section.id for section in text.sections),
        )
    return result
