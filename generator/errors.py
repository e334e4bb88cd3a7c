"""Errors an editor can act on: one line, `path:line: what is wrong (how to fix it)`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from generator.model import SourceLocation


class PolicyError(Exception):
    """A mistake in the content, reported without a traceback.

    ``location`` is where the author has to edit; ``chain`` is the include
    chain that led there (outermost first, ``location`` last) when the mistake
    sits inside a shared clause.
    """

    def __init__(
        self,
        location: SourceLocation | None,
        message: str,
        hint: str = "",
        chain: Sequence[SourceLocation] = (),
    ) -> None:
        self.location = location
        self.message = message
        self.hint = hint
        self.chain = tuple(chain)
        super().__init__(self.format())

    def format(self) -> str:
        parts = []
        if self.location is not None:
            parts.append(f"{self.location}: ")
        parts.append(self.message)
        if len(self.chain) > 1:
            parts.append(" (include chain: " + " -> ".join(str(loc) for loc in self.chain) + ")")
        if self.hint:
            parts.append(f"; {self.hint}")
        return "".join(parts)


def did_you_mean(word: str, candidates: Iterable[str], count: int = 3) -> str:
    """A hint naming the closest candidates, or an empty string.

    A ``company/policy`` key among keys is matched part by part (:func:`nearest_keys`):
    the whole string's likeness would prefer ``example/privacy`` to ``acme-widgets/privacy``
    for ``acme/privacy``, because the policy names are alike and long.
    """
    known = sorted(set(candidates))
    if _is_key(word) and known and all(_is_key(candidate) for candidate in known):
        matches = nearest_keys(word, known, count)
    else:
        matches = difflib.get_close_matches(word, known, n=count, cutoff=0.5)
    if not matches:
        return ""
    return "did you mean " + " or ".join(f"'{match}'" for match in matches) + "?"


def unknown_key_hint(key: str, keys: Iterable[str]) -> str:
    """The hint for an unknown ``company/policy`` key: the nearest keys, else the policies
    of its company, else every policy."""
    known = sorted(set(keys))
    suggestion = did_you_mean(key, known)
    if suggestion:
        return suggestion
    company = key.split("/", 1)[0]
    own = [item for item in known if item.split("/", 1)[0] == company]
    if own:
        return f"policies of {company}: " + ", ".join(own)
    return "policies: " + ", ".join(known) if known else "there are no policies yet"


def nearest_keys(key: str, keys: Iterable[str], count: int = 3) -> list[str]:
    """The known ``company/policy`` keys nearest to ``key``, nearest first.

    The company decides first: the same one, then one the typed name is a prefix of (or
    that is a prefix of it: ``acme`` and ``acme-widgets``), then a similar one; among its
    policies, the same one, then similar ones. A bare name (``privacy``) is a policy of
    any company.
    """
    by_company: dict[str, list[str]] = {}
    for item in sorted(set(keys)):
        company, _, policy = item.partition("/")
        by_company.setdefault(company, []).append(policy)
    company, _, policy = key.partition("/") if "/" in key else ("", "", key)
    companies = nearest_names(company, list(by_company)) if company else list(by_company)
    found: list[str] = []
    for candidate in companies:
        policies = by_company[candidate]
        if policy in policies:
            found.append(f"{candidate}/{policy}")
        elif company and candidate == company:
            found.extend(
                f"{candidate}/{name}"
                for name in difflib.get_close_matches(policy, policies, n=count, cutoff=0.6)
            )
    return found[:count]


def nearest_names(name: str, names: Iterable[str]) -> list[str]:
    """Slugs like ``name``, nearest first: itself, those it is a prefix of or that are a
    prefix of it (``acme`` and ``acme-widgets``), then similar ones."""

    def likeness(candidate: str) -> tuple[int, float]:
        ratio = difflib.SequenceMatcher(None, name, candidate).ratio()
        if candidate == name:
            return (3, ratio)
        if candidate.startswith(name) or name.startswith(candidate):
            return (2, ratio)
        return (1, ratio) if ratio >= 0.6 else (0, ratio)

    ranked = sorted(sorted(set(names)), key=likeness, reverse=True)
    return [candidate for candidate in ranked if likeness(candidate)[0] > 0]


def _is_key(text: str) -> bool:
    """``company/policy``: two non-empty parts."""
    company, slash, policy = text.partition("/")
    return bool(slash and company and policy and "/" not in policy)
