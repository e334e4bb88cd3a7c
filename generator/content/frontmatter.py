"""The one place that reads and validates front matter.

Every violation is a :class:`PolicyError` at the line of the offending key,
naming the field, what was expected and, for unknown keys, the closest known
key. Unlike MkDocs' own reader, a YAML error is never swallowed.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from generator.content.layout import RecordName
from generator.errors import PolicyError, did_you_mean
from generator.model import (
    NUMBERING_STYLES,
    Amendment,
    Chain,
    Change,
    Clause,
    Company,
    Parameter,
    Policy,
    Seal,
    Snapshot,
    SourceInfo,
    SourceLocation,
)

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
IDENTIFIER_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL_PATTERN = re.compile(r"""^https?://[^\s"<>\\]+$""")
"""An http(s) address without whitespace, quotes, angle brackets or backslashes: nothing that
could end the HTML attribute or the Markdown link it is written into."""


def is_web_url(text: str) -> bool:
    """``text`` is an http(s) address with a host that :data:`URL_PATTERN` accepts and
    that has no control character (a source URL or a company's website)."""
    if not URL_PATTERN.match(text) or any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        return False
    try:
        parts = urllib.parse.urlsplit(text)
        hostname, _ = parts.hostname, parts.port  # a port that is no number raises
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(hostname)


PLACEHOLDER = "[FILL IN]"
"""Marks what ``policy-site new`` could not know. The library refuses a placeholder left in a
live file, at its line (:mod:`generator.content.placeholders`), so it is never published."""


def is_placeholder(value: Any) -> bool:
    """``value`` is a text holding the :data:`PLACEHOLDER` mark."""
    return isinstance(value, str) and PLACEHOLDER in value


_HANDLER = YAMLHandler()


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it: front matter of every archived version
is read on every build, and the pure-Python parser is several times slower."""


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that keeps an impossible date (2024-13-01) as text for the validator."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


@dataclass(frozen=True)
class Document:
    """A front-matter Markdown file split into its parts, with line numbers kept."""

    path: Path
    display_path: str
    metadata: Mapping[str, Any]
    key_lines: Mapping[tuple[str | int, ...], int]
    """File line of every key and list item in the front matter, by its path."""
    body: str
    body_line: int
    """File line on which ``body`` starts."""

    def location(self, *key: str | int) -> SourceLocation:
        """Where a front-matter key (or the nearest enclosing one) is written."""
        while key and key not in self.key_lines:
            key = key[:-1]
        return SourceLocation(self.display_path, self.key_lines.get(key, 1))

    def padded_body(self) -> str:
        """The body preceded by blank lines, so line numbers in it are the file's."""
        return "\n" * (self.body_line - 1) + self.body


def read_document(path: Path, display_path: str) -> Document:
    """Read a Markdown file with optional YAML front matter."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise PolicyError(
            SourceLocation(display_path, line),
            "file is not valid UTF-8",
            "save it with UTF-8 encoding",
        ) from None
    except OSError as exc:
        # A folder named like a page, a file without read permission: one located line.
        reason = "it is a folder" if path.is_dir() else (exc.strerror or str(exc)).lower()
        raise PolicyError(
            SourceLocation(display_path, 1),
            f"cannot be read: {reason}",
            "every .md path under policies/ must be a Markdown file: rename or remove it",
        ) from None
    return parse_document(text, path, display_path)


def parse_document(text: str, path: Path, display_path: str) -> Document:
    """Split ``text`` into front matter and body and parse the YAML."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    boundaries = list(_HANDLER.FM_BOUNDARY.finditer(text)) if _HANDLER.detect(text) else []
    if len(boundaries) < 2:
        if text.startswith("---"):
            raise PolicyError(
                SourceLocation(display_path, 1),
                "front matter is not closed",
                "end it with a line of three dashes '---'",
            )
        return Document(path, display_path, {}, {}, text, 1)
    opening, closing = boundaries[0], boundaries[1]
    yaml_text = text[opening.end() : closing.start()]
    yaml_first_line = text.count("\n", 0, opening.end()) + 1
    body_start = closing.end() + (text[closing.end() : closing.end() + 1] == "\n")
    body_line = text.count("\n", 0, body_start) + 1
    metadata, key_lines = _load_yaml(yaml_text, yaml_first_line, display_path)
    return Document(path, display_path, metadata, key_lines, text[body_start:], body_line)


def _load_yaml(
    yaml_text: str, first_line: int, display_path: str
) -> tuple[dict[str, Any], dict[tuple[str | int, ...], int]]:
    # One parse gives both the node tree (for line numbers) and the data built from it.
    loader: _Loader | None = None
    try:
        loader = _Loader(yaml_text)  # the pure-Python reader checks characters here
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, yaml_text, first_line, display_path) from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise PolicyError(
            SourceLocation(display_path, first_line + 1),
            "front matter must be a mapping of 'key: value' lines",
        )
    key_lines: dict[tuple[str | int, ...], int] = {}
    _collect_lines(node, (), first_line, display_path, key_lines)
    return data, key_lines


def _yaml_error(
    exc: yaml.YAMLError, yaml_text: str, first_line: int, display_path: str
) -> PolicyError:
    """A YAML error as one line at the file line where the author has to look."""
    if isinstance(exc, yaml.reader.ReaderError):
        return _character_error(exc, yaml_text, first_line, display_path)
    if not isinstance(exc, yaml.MarkedYAMLError):
        return PolicyError(
            SourceLocation(display_path, first_line), f"invalid YAML in front matter: {exc}"
        )
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "cannot be parsed"
    hint = "check the indentation and quote values that contain ':' or '#'"
    if exc.context == "while scanning a quoted scalar" and "end of stream" in problem:
        # libyaml gave up at the end of the text; the quote was opened on the context line.
        mark = exc.context_mark
        problem = f"a quoted value is not closed ({problem})"
        hint = "end it with the same quote mark"
    return PolicyError(
        SourceLocation(display_path, first_line + (mark.line if mark else 0)),
        f"invalid YAML in front matter: {problem}",
        hint,
    )


def _character_error(
    exc: yaml.reader.ReaderError, yaml_text: str, first_line: int, display_path: str
) -> PolicyError:
    """A refused character (a control character), which YAML reports without a line."""
    # Its position counts characters (PyYAML's reader) or UTF-8 bytes (libyaml's); the
    # first occurrence of the refused character in the text is the one refused.
    character = chr(exc.character) if isinstance(exc.character, int) else None
    index = yaml_text.find(character) if character is not None else -1
    if index < 0:
        index = len(yaml_text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
    what = f"the control character U+{ord(character):04X}" if character else "a character"
    return PolicyError(
        SourceLocation(display_path, first_line + yaml_text.count("\n", 0, index)),
        f"front matter contains {what}, which YAML does not allow",
        "delete it (most editors do not show it: retype the line if you cannot see it)",
    )


def _collect_lines(
    node: yaml.Node,
    path: tuple[str | int, ...],
    first_line: int,
    display_path: str,
    key_lines: dict[tuple[str | int, ...], int],
) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = (*path, str(key_node.value))
            line = first_line + key_node.start_mark.line
            if key_path in key_lines:
                raise PolicyError(
                    SourceLocation(display_path, line),
                    f"field '{_dotted(key_path)}' is given twice "
                    f"(first on line {key_lines[key_path]})",
                    "keep one of them",
                )
            key_lines[key_path] = line
            _collect_lines(value_node, key_path, first_line, display_path, key_lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            item_path = (*path, index)
            key_lines[item_path] = first_line + item.start_mark.line
            _collect_lines(item, item_path, first_line, display_path, key_lines)


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


# --- field validation --------------------------------------------------------

Validator = Callable[["_Reader", tuple[str | int, ...], Any], Any]
"""Checks the value at a key path and returns it converted; a table never passes it None."""


@dataclass(frozen=True)
class Field:
    """One front-matter key of a record: whether it must be given and how it is checked."""

    name: str
    convert: Validator
    required: bool = False
    default: Any = None
    """The value when the key is absent or null; a required key is never absent."""
    default_factory: Callable[[], Any] | None = None
    """Builds the value instead of ``default`` when it is mutable (a fresh dict per record)."""

    def absent(self) -> Any:
        """The value of the field when the key is not given."""
        return self.default_factory() if self.default_factory is not None else self.default


class _Reader:
    """Validates one document's metadata against field tables, failing at the first error."""

    def __init__(self, document: Document) -> None:
        self.document = document

    def fail(self, key: tuple[str | int, ...], message: str, hint: str = "") -> PolicyError:
        return PolicyError(self.document.location(*key), message, hint)

    def read_fields(
        self,
        mapping: Mapping[Any, Any],
        path: tuple[str | int, ...],
        fields: Sequence[Field],
        what: str,
    ) -> dict[str, Any]:
        """Every field of ``fields`` by name, checked and converted in table order.

        A null value counts as absent, so no validator has to handle None.
        """
        self.check_keys(mapping, path, fields, what)
        values: dict[str, Any] = {}
        for field in fields:
            value = mapping.get(field.name)
            if value is None:
                values[field.name] = field.absent()
            elif is_placeholder(value) and field.convert in _KEPT_AS_PLACEHOLDER:
                # A draft read on purpose (load_library(placeholders=True)): the mark is
                # kept, not judged as an address; every other reading refuses it first.
                values[field.name] = value.strip()
            else:
                values[field.name] = field.convert(self, (*path, field.name), value)
        return values

    def check_keys(
        self,
        mapping: Mapping[Any, Any],
        path: tuple[str | int, ...],
        fields: Sequence[Field],
        what: str,
    ) -> None:
        """Reject unknown keys (with the closest known one) and missing required ones."""
        known = [field.name for field in fields]
        for key in mapping:
            if str(key) not in known:
                hint = did_you_mean(str(key), known) or (
                    "known fields: " + ", ".join(sorted(known))
                )
                raise self.fail(
                    (*path, str(key)),
                    f"unknown field '{_dotted((*path, str(key)))}' in {what}",
                    hint,
                )
        for field in fields:
            if field.required and mapping.get(field.name) in (None, ""):
                raise self.fail(
                    path,
                    f"missing required field '{_dotted((*path, field.name))}' in {what}",
                    f"add '{field.name}: ...' to the front matter",
                )

    def expected(self, key: tuple[str | int, ...], expectation: str, value: Any) -> PolicyError:
        shown = value.isoformat() if isinstance(value, dt.date) else repr(value)
        return self.fail(key, f"field '{_dotted(key)}': expected {expectation}, got {shown}")

    def text(self, key: tuple[str | int, ...], value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float) or value == "":
            raise self.expected(key, "a non-empty text", value)
        return str(value).strip()

    def date(self, key: tuple[str | int, ...], value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.expected(key, "an ISO date (YYYY-MM-DD)", value)

    def email(self, key: tuple[str | int, ...], value: Any) -> str:
        if not isinstance(value, str) or not EMAIL_PATTERN.match(value.strip()):
            raise self.expected(key, "an email address such as privacy@example.com", value)
        return value.strip()

    def url(self, key: tuple[str | int, ...], value: Any) -> str:
        if not isinstance(value, str) or not is_web_url(value.strip()):
            raise self.expected(
                key,
                "a URL starting with https:// or http://, with a host and no spaces, "
                "quotes, angle brackets or backslashes",
                value,
            )
        return value.strip()

    def lines(self, key: tuple[str | int, ...], value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            return tuple(line.strip() for line in value.splitlines() if line.strip())
        if isinstance(value, list):
            return tuple(self.text((*key, index), item) for index, item in enumerate(value))
        raise self.expected(key, "a list of lines", value)

    def mapping(self, key: tuple[str | int, ...], value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.expected(key, "a mapping of 'name: value' lines", value)
        for name in value:
            if not isinstance(name, str) or not IDENTIFIER_PATTERN.match(name):
                raise self.fail(
                    (*key, str(name)),
                    f"field '{_dotted((*key, str(name)))}': '{name}' is not a valid name",
                    "use letters, digits and underscores, starting with a letter",
                )
        return dict(value)

    def choice(self, key: tuple[str | int, ...], value: Any, choices: tuple[str, ...]) -> str:
        if value not in choices:
            hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
            raise self.fail(
                key,
                f"field '{_dotted(key)}': expected one of {', '.join(choices)}, got {value!r}",
                hint,
            )
        return str(value)

    def boolean(self, key: tuple[str | int, ...], value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.expected(key, "true or false", value)
        return value


_KEPT_AS_PLACEHOLDER = (_Reader.text, _Reader.email, _Reader.url)
"""The fields ``policy-site new`` may leave as placeholders."""


# --- validators that are not plain values -----------------------------------

SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")
INPUT_NAME_PATTERN = re.compile(r"^(?:policy|company|clauses/.+)$")
"""The inputs 'policy-site release' records: see ``generator.releases.candidates``."""


def _one_of(choices: tuple[str, ...]) -> Validator:
    def choice(reader: _Reader, key: tuple[str | int, ...], value: Any) -> str:
        return reader.choice(key, value, choices)

    return choice


def _any_value(reader: _Reader, key: tuple[str | int, ...], value: Any) -> Any:
    # A clause parameter's default stands in for an argument, which is any template
    # expression, just as a policy variable may be any YAML value.
    return value


def _sha256(reader: _Reader, key: tuple[str | int, ...], value: Any) -> str:
    if not isinstance(value, str) or not SHA256_PATTERN.match(value):
        raise reader.expected(
            key, "a SHA-256 hash (64 hex digits) written by 'policy-site release'", value
        )
    return value


def _section_ids(reader: _Reader, key: tuple[str | int, ...], value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise reader.expected(key, "a list of section ids", value)
    return tuple(reader.text((*key, index), item) for index, item in enumerate(value))


def _changes(reader: _Reader, key: tuple[str | int, ...], value: Any) -> tuple[Change, ...]:
    if not isinstance(value, list):
        raise reader.expected(key, "a list of entries with 'date' and 'summary'", value)
    changes = []
    for index, entry in enumerate(value):
        entry_key = (*key, index)
        if not isinstance(entry, dict):
            raise reader.expected(entry_key, "an entry with 'date' and 'summary'", entry)
        values = reader.read_fields(entry, entry_key, CHANGE_FIELDS, "change-log entry")
        changes.append(Change(**values))
    _check_change_log(reader, key, changes)
    return tuple(changes)


def _check_change_log(
    reader: _Reader, key: tuple[str | int, ...], changes: Sequence[Change]
) -> None:
    # Rules across entries, so they run once every entry on its own is valid.
    for index in range(1, len(changes)):
        if changes[index].date > changes[index - 1].date:
            raise reader.fail(
                (*key, index, "date"),
                "change-log entries must be listed newest first",
                f"move the entry of {changes[index].date.isoformat()} above the one of "
                f"{changes[index - 1].date.isoformat()}",
            )


def _source(reader: _Reader, key: tuple[str | int, ...], value: Any) -> SourceInfo:
    if not isinstance(value, dict):
        raise reader.expected(key, "a mapping with 'url', 'captured' and/or 'note'", value)
    return SourceInfo(**reader.read_fields(value, key, SOURCE_FIELDS, "source info"))


def _parameters(reader: _Reader, key: tuple[str | int, ...], value: Any) -> dict[str, Parameter]:
    parameters: dict[str, Parameter] = {}
    for name, spec in reader.mapping(key, value).items():
        spec_key = (*key, name)
        spec = {} if spec is None else spec
        if not isinstance(spec, dict):
            raise reader.expected(spec_key, "a mapping with 'description' and/or 'default'", spec)
        values = reader.read_fields(spec, spec_key, PARAMETER_FIELDS, f"parameter '{name}'")
        # Only a missing key makes a parameter required: 'default: null' is a default.
        parameters[name] = Parameter(name=name, required="default" not in spec, **values)
    return parameters


def _inputs(reader: _Reader, key: tuple[str | int, ...], value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise reader.expected(key, "a mapping of input names to hashes", value)
    for name, digest in value.items():
        if not isinstance(name, str) or not INPUT_NAME_PATTERN.match(name):
            raise reader.expected(
                (*key, str(name)), "an input name 'policy', 'company' or 'clauses/<name>'", name
            )
        _sha256(reader, (*key, name), digest)
    return dict(value)


def _revision(reader: _Reader, key: tuple[str | int, ...], value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise reader.expected(key, "a revision number (1, 2, ...)", value)
    return value


def _sealed_files(reader: _Reader, key: tuple[str | int, ...], value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise reader.expected(key, "a mapping of snapshot file names to their hashes", value)
    for name, digest in value.items():
        if not isinstance(name, str) or not name.endswith(".md") or "/" in name:
            raise reader.expected((*key, str(name)), "a snapshot file name", name)
        _sha256(reader, (*key, name), digest)
    return dict(value)


# --- field tables ------------------------------------------------------------
# Each record's fields, each listed once. A table's order is the order in which its
# fields are checked, so also the order in which two mistakes in one record are found.

COMPANY_FIELDS: tuple[Field, ...] = (
    Field("name", _Reader.text, required=True),
    Field("legal_name", _Reader.text, required=True),
    Field("website", _Reader.url),
    Field("email", _Reader.email),
    Field("phone", _Reader.text),
    Field("address", _Reader.lines, default=()),
    Field("jurisdiction", _Reader.text),
    Field("description", _Reader.text),
    Field("facts", _Reader.mapping, default_factory=dict),
)
POLICY_FIELDS: tuple[Field, ...] = (
    Field("title", _Reader.text, required=True),
    Field("effective", _Reader.date, required=True),
    Field("numbering", _one_of(NUMBERING_STYLES)),
    Field("description", _Reader.text),
    Field("changes", _changes, default=()),
    Field("source", _source),
    Field("variables", _Reader.mapping, default_factory=dict),
)
CHANGE_FIELDS: tuple[Field, ...] = (
    Field("date", _Reader.date, required=True),
    Field("summary", _Reader.text, required=True),
    Field("sections", _section_ids, default=()),
    Field("editorial", _Reader.boolean, default=False),
    Field("sha256", _sha256),
    Field("amended", _Reader.date),
)
SNAPSHOT_FIELDS: tuple[Field, ...] = (
    Field("title", _Reader.text, required=True),
    Field("effective", _Reader.date, required=True),
    Field("numbering", _one_of(NUMBERING_STYLES), required=True),
    Field("summary", _Reader.text, default=""),
    Field("description", _Reader.text),
    Field("source", _source),
    Field("inputs", _inputs, default_factory=dict),
    Field("revision", _revision, default=1),
    Field("corrects", _sha256),
    Field("sections", _section_ids),
    Field("editorial", _Reader.boolean),
    Field("recorded", _Reader.date),
    Field("history", _changes, default=()),
    Field("previous", _sha256),
)
AMENDMENT_FIELDS: tuple[Field, ...] = (
    Field("effective", _Reader.date, required=True),
    Field("amends", _sha256, required=True),
    Field("summary", _Reader.text, required=True),
    Field("sections", _section_ids),
    Field("recorded", _Reader.date, required=True),
    Field("previous", _sha256),
)
SEAL_FIELDS: tuple[Field, ...] = (
    Field("recorded", _Reader.date, required=True),
    Field("files", _sealed_files, default_factory=dict),
    Field("entries", _changes, default=()),
    Field("previous", _sha256),
)
SOURCE_FIELDS: tuple[Field, ...] = (
    Field("url", _Reader.url),
    Field("captured", _Reader.date),
    Field("note", _Reader.text),
)
CLAUSE_FIELDS: tuple[Field, ...] = (
    Field("title", _Reader.text, required=True),
    Field("description", _Reader.text),
    Field("parameters", _parameters, default_factory=dict),
    Field("when", _Reader.text),
)
PARAMETER_FIELDS: tuple[Field, ...] = (
    Field("description", _Reader.text, default=""),
    Field("default", _any_value),
)


RESERVED_SLUGS = {
    "company folder": frozenset({"assets", "search", "clauses", "schemas", "pagefind"}),
    "policy file": frozenset({"index", "archive", "company"}),
}
"""Names the site already uses: the theme's folders, the site search's page and index, the
published JSON Schemas, generated company pages, the archive,
and the company's own facts file (``company.md``, which a policy named so would replace)."""


def check_slug(location: SourceLocation, slug: str, what: str) -> None:
    """Company and policy slugs become URLs: lowercase letters, digits, hyphens."""
    if slug in RESERVED_SLUGS.get(what, ()):
        raise PolicyError(
            location,
            f"'{slug}' cannot be a {what} name: the site uses it already",
            "rename it, e.g. 'general-terms'",
        )
    if not SLUG_PATTERN.match(slug):
        raise PolicyError(
            location,
            f"'{slug}' is not a valid {what} name",
            "use lowercase letters, digits and hyphens (e.g. 'acme-corp')",
        )


def load_company(document: Document, slug: str) -> Company:
    """Validate ``company.md`` and build the :class:`Company`."""
    reader = _Reader(document)
    values = reader.read_fields(document.metadata, (), COMPANY_FIELDS, "company.md")
    # Templates see facts beside the company fields, so a fact must not hide one.
    taken = {field.name for field in COMPANY_FIELDS} | {"slug"}
    for name in values["facts"]:
        if name in taken:
            raise reader.fail(
                ("facts", name),
                f"fact '{name}' is a company field",
                f"write it as '{name}:' at the top level of the front matter",
            )
    return Company(
        slug=slug,
        path=document.path,
        display_path=document.display_path,
        body=document.body.strip(),
        **values,
    )


def load_policy(document: Document, company: str, slug: str) -> Policy:
    """Validate a policy's front matter and build the :class:`Policy`."""
    reader = _Reader(document)
    values = reader.read_fields(document.metadata, (), POLICY_FIELDS, "policy front matter")
    return Policy(
        company=company,
        slug=slug,
        path=document.path,
        display_path=document.display_path,
        body_line=document.body_line,
        lines=document.key_lines,
        **values,
    )


def load_clause(document: Document, name: str) -> Clause:
    """Validate a shared clause's front matter and build the :class:`Clause`."""
    reader = _Reader(document)
    values = reader.read_fields(document.metadata, (), CLAUSE_FIELDS, "clause front matter")
    return Clause(
        name=name,
        path=document.path,
        display_path=document.display_path,
        body_line=document.body_line,
        when_line=document.location("when").line,
        **values,
    )


def _chain(reader: _Reader, values: Mapping[str, Any]) -> Chain | None:
    """A record's link to the one before it: ``previous:`` is there (null for the first)."""
    if "previous" not in reader.document.metadata:
        return None
    return Chain(values["previous"])


def _check_name(reader: _Reader, name: RecordName, effective: dt.date, number: int) -> None:
    if name.effective != effective or name.number != number:
        raise reader.fail(
            ("effective",),
            f"the archived record of {effective.isoformat()} (number {number}) does not match "
            "its file name",
            "archived records are written by 'policy-site release'; restore it from git",
        )


def load_snapshot(
    document: Document, company: str, policy: str, sha256: str, name: RecordName
) -> Snapshot:
    """Validate an archived snapshot's front matter and build the :class:`Snapshot`."""
    reader = _Reader(document)
    values = reader.read_fields(document.metadata, (), SNAPSHOT_FIELDS, "archived snapshot")
    _check_name(reader, name, values["effective"], values["revision"])
    if (values["revision"] > 1) != (values["corrects"] is not None):
        raise reader.fail(
            ("corrects",) if values["corrects"] else ("revision",),
            "a correction (revision 2 and up) names the revision it corrects, and only it",
            "archived records are written by 'policy-site release'; restore it from git",
        )
    chain = _chain(reader, values)
    del values["previous"]
    return Snapshot(
        company=company,
        policy=policy,
        path=document.path,
        display_path=document.display_path,
        body=document.body,
        body_line=document.body_line,
        sha256=sha256,
        chain=chain,
        **values,
    )


def load_amendment(
    document: Document, company: str, policy: str, sha256: str, name: RecordName
) -> Amendment:
    """Validate an amendment record (a fixed change-log summary)."""
    reader = _Reader(document)
    values = reader.read_fields(document.metadata, (), AMENDMENT_FIELDS, "archived amendment")
    _check_name(reader, name, values["effective"], name.number)
    chain = _chain(reader, values)
    if chain is None:
        raise reader.fail((), "an amendment names the record before it ('previous')")
    del values["previous"]
    return Amendment(
        company=company,
        policy=policy,
        number=name.number,
        chain=chain,
        path=document.path,
        display_path=document.display_path,
        sha256=sha256,
        **values,
    )


def load_seal(document: Document, company: str, policy: str, sha256: str) -> Seal:
    """Validate a policy's seal, the start of its record."""
    reader = _Reader(document)
    values = reader.read_fields(document.metadata, (), SEAL_FIELDS, "archive seal")
    if values["previous"] is not None:
        raise reader.fail(("previous",), "a seal starts the record: it has no previous record")
    del values["previous"]
    return Seal(
        company=company,
        policy=policy,
        path=document.path,
        display_path=document.display_path,
        sha256=sha256,
        **values,
    )
