"""Placeholders left in live files: found with their lines, refused before publishing.

``policy-site new`` writes ``[FILL IN] ...`` where it could not know a value (a
company's legal name, a policy's opening words). Every reading of the library that
can lead to a published page (``check``, ``status``, ``release``, builds) refuses
the first one left, at its line, so a scaffold is never published half filled.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.content.frontmatter import PLACEHOLDER, Document, Field, is_placeholder
from generator.errors import PolicyError
from generator.model import SourceLocation

_SHOWN = 60
"""Characters of a placeholder quoted in a message."""


@dataclass(frozen=True)
class Placeholder:
    """One placeholder: where it is, the front-matter field holding it (None in the text)."""

    location: SourceLocation
    field: str | None
    text: str

    @property
    def shown(self) -> str:
        """The placeholder as quoted in messages, shortened."""
        text = " ".join(self.text.split())
        return text if len(text) <= _SHOWN else text[: _SHOWN - 3].rstrip() + "..."


def find_placeholders(document: Document) -> list[Placeholder]:
    """Every placeholder of a document, front matter first, in file order."""
    found = [
        Placeholder(document.location(*path), _dotted(path), str(value).strip())
        for path, value in _values(document.metadata, ())
        if is_placeholder(value)
    ]
    for index, line in enumerate(document.body.split("\n")):
        if PLACEHOLDER in line:
            location = SourceLocation(document.display_path, document.body_line + index)
            found.append(Placeholder(location, None, line.strip()))
    return sorted(found, key=lambda placeholder: placeholder.location)


def check_no_placeholders(document: Document, fields: Sequence[Field] = ()) -> None:
    """A :class:`PolicyError` at the first placeholder of ``document``, if any.

    ``fields`` is the document's field table: an optional field's line may be deleted
    instead of filled, and the hint says so.
    """
    found = find_placeholders(document)
    if not found:
        return
    first = found[0]
    more = f" ({len(found) - 1} more in this file)" if len(found) > 1 else ""
    if first.field is None:
        raise PolicyError(
            first.location,
            f"placeholder left in the text ('{first.shown}')",
            f"write the text it stands for{more}",
        )
    optional = any(f.name == first.field and not f.required for f in fields)
    hint = "write the real value" + (", or delete the line" if optional else "")
    raise PolicyError(
        first.location,
        f"field '{first.field}' is still a placeholder ('{first.shown}')",
        hint + more,
    )


def _values(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every scalar of a front-matter value, with its key path."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _values(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _values(item, (*path, index))
    else:
        yield path, value


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
