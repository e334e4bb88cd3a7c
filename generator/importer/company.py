"""Company facts the text shows, proposed for ``company.md``: legal name, email, address.

Every fact is a guess for the editor to check, and the report says so: the
legal name is the most frequent "X Ltd" / "X, LLC" / "X GmbH" of the text, the
email the most frequent address (a privacy or legal one preferred), the postal
address the first block of short lines holding a street and a postcode.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from generator.content.frontmatter import EMAIL_PATTERN, URL_PATTERN
from generator.importer.model import ImportNote, Line, fact, guess
from generator.importer.output import front_matter_file
from generator.importer.syntax import fenced

_LEGAL_FORM = re.compile(
    r"(?<![\w/])(?P<form>L\.L\.C\.|LLC|LLP|Inc\.|Inc\b|Incorporated|Corporation|Corp\.|"
    r"Ltd\.|Ltd\b|Limited|PLC|plc|GmbH|AG|ApS|A/S|B\.V\.|BV|N\.V\.|S\.A\.S\.|S\.A\.|SAS|"
    r"SARL|S\.à r\.l\.|S\.r\.l\.|S\.p\.A\.|Pty\.? Ltd\.?|Oy)(?![\w/])"
)
_NAME_STOP = frozenset({
    "a", "an", "the", "of", "by", "to", "from", "and", "or", "how", "we", "our", "us", "you",
    "your", "is", "are", "was", "be", "as", "at", "in", "on", "for", "with", "that", "this",
    "these", "those", "between", "named", "called", "means", "refer", "refers", "including",
    "under", "its", "their", "such", "any", "all", "each", "other", "which", "who", "whom",
    "when", "where", "provided", "operated", "owned", "controlled", "d/b/a", "dba", "c/o",
    "collectively", "see", "also", "not", "no", "about", "contact", "contacting",
})  # fmt: skip
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_OBFUSCATED_EMAIL = re.compile(
    r"\b(?P<user>[\w.+-]+)\s*[\[(]\s*at\s*[\])]\s*(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
)
_PLACEHOLDER_EMAIL = re.compile(r"\[email(?:\s|&#160;|&nbsp;)protected\]")
_POSTCODE = re.compile(
    r"\b(?:\d{4,5}(?:-\d{4})?\s+\w|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|[A-Z]{2}\s+\d{5}\b)"
)
_STREET = re.compile(r"\b\d+[A-Za-z]?\b.*[^\W\d_]{3,}|[^\W\d_]{3,}.*\b\d+[A-Za-z]?\b")


@dataclass(frozen=True)
class Facts:
    """What the text tells about the company, and the notes on how sure that is."""

    name: str
    legal_name: str
    website: str | None
    email: str | None
    address: tuple[str, ...]
    notes: tuple[ImportNote, ...]


def _legal_names(text: str) -> Iterator[str]:
    """Every "Name + legal form" in the text ("MNX Solutions, LLC"), as written."""
    for match in _LEGAL_FORM.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[max(line_start, match.start() - 100) : match.start()]
        if not before.endswith((" ", ", ")):
            continue
        comma = before.rstrip().endswith(",")
        words: list[str] = []
        for word in reversed(before.rstrip().rstrip(",").split()):
            clean = word.strip("“”\"'‘’()[]*_")
            if (
                (clean != word.strip("*_") and words)
                or not re.search(r"\w", clean)
                or clean.lower() in _NAME_STOP
                or clean.endswith((".", ":", ";", ","))
            ):
                break
            words.insert(0, clean)
            if clean != word.strip("*_") or len(words) == 4:
                break
        # "we mean MNX Solutions, LLC": a capitalized name does not start with lowercase words.
        if any(word[:1].isupper() for word in words):
            while words and not words[0][:1].isupper() and not words[0][:1].isdigit():
                words.pop(0)
        if words:
            yield " ".join(words) + ("," if comma else "") + " " + match["form"]


def _address(lines: Sequence[Line], skip: set[str]) -> tuple[tuple[str, ...], int | None]:
    """The first block of short lines holding a street line and a postcode line."""
    run: list[Line] = []
    for line in [*lines, Line("", 0)]:
        text = re.sub(r"(?:\s*<br\s*/?>|\\)$", "", line.text.strip()).strip(" *_")
        if text and len(text) <= 60 and not text.endswith((":", ".", ";")):
            run.append(Line(text, line.number))
            continue
        candidates = [entry for entry in run if entry.text.casefold() not in skip]
        candidates = [
            e for e in candidates if not re.match(r"^(?:re|attn|attention)\b", e.text, re.I)
        ]
        postcode = next((i for i, e in enumerate(candidates) if _POSTCODE.search(e.text)), None)
        if postcode is not None and len(candidates) >= 2:
            street = next(
                (i for i in range(postcode + 1) if _STREET.search(candidates[i].text)), None
            )
            if (street is not None and street < postcode) or (street == postcode and postcode > 0):
                start = street if street is not None else postcode
                found = candidates[start : postcode + 3]
                return tuple(entry.text for entry in found), found[0].number
        run = []
    return (), None


def _prose_lines(lines: Sequence[Line]) -> list[Line]:
    """The lines outside fenced code: examples in code are not the company's facts."""
    in_code = fenced([line.text for line in lines])
    return [line for line, code in zip(lines, in_code, strict=True) if not code]


def company_facts(lines: Sequence[Line], company: str, capture_url: str | None) -> Facts:
    """The facts the source's lines show; the slug stands in for a name not found."""
    notes: list[ImportNote] = []
    lines = _prose_lines(lines)
    text = "\n".join(line.text for line in lines)
    names = Counter(_legal_names(text))
    fallback = " ".join(part.capitalize() for part in company.split("-"))
    if names:
        ranked = sorted(names, key=lambda name: (-names[name], text.find(name.split()[0])))
        legal_name = ranked[0]
        line = next((e.number for e in lines if legal_name.split(",")[0] in e.text), None)
        others = f" (also seen: {', '.join(ranked[1:4])})" if len(ranked) > 1 else ""
        notes.append(guess(line, f"legal name guessed as '{legal_name}'{others}"))
        name = _LEGAL_FORM.sub("", legal_name).strip(" ,")
    else:
        legal_name = name = fallback
        notes.append(
            guess(
                None,
                f"no legal name (such as 'X Ltd' or 'X, LLC') in the text: company.md uses "
                f"'{fallback}'; write the registered name",
            )
        )
    emails = Counter(
        email.rstrip(".") for email in _EMAIL.findall(text) if EMAIL_PATTERN.match(email)
    )
    email = None
    if emails:
        preferred = ("privacy", "legal", "dpo", "dataprotection", "info", "contact", "support")
        email = sorted(
            emails,
            key=lambda e: (-emails[e], not e.split("@")[0].lower().startswith(preferred)),
        )[0]
        more = [e for e in emails if e != email]
        shown = f" (also seen: {', '.join(more[:4])})" if more else ""
        notes.append(fact(None, f"contact email {email}{shown}"))
    else:
        obfuscated = _OBFUSCATED_EMAIL.search(text)
        if obfuscated:
            email = f"{obfuscated['user']}@{obfuscated['domain']}".lower()
            notes.append(guess(None, f"email written as '{obfuscated.group(0)}' read as {email}"))
    for placeholder in [e for e in lines if _PLACEHOLDER_EMAIL.search(e.text)][:3]:
        notes.append(
            guess(
                placeholder.number,
                "'[email protected]' is a placeholder left by the page's email protection: the "
                "address is lost; write it in company.md and use {{ company.email }}",
            )
        )
    skip = {legal_name.casefold(), name.casefold(), fallback.casefold()}
    address, address_line = _address(lines, skip)
    if address:
        notes.append(guess(address_line, f"postal address: {'; '.join(address)}"))
    website = None
    if capture_url:
        match = re.match(r"^(https?://[^/]+)", capture_url)
        website = match.group(1) if match and URL_PATTERN.match(match.group(1)) else None
    return Facts(name, legal_name, website, email, address, tuple(notes))


def company_markdown(facts: Facts, source_name: str) -> str:
    """The proposed ``company.md``: front matter only, headed by a comment to check it."""
    data: dict[str, Any] = {"name": facts.name, "legal_name": facts.legal_name}
    if facts.website:
        data["website"] = facts.website
    if facts.email:
        data["email"] = facts.email
    if facts.address:
        data["address"] = list(facts.address)
    comment = f"# Proposed by the importer from {' '.join(source_name.split())}: check every fact."
    return front_matter_file(data, "", comment)
