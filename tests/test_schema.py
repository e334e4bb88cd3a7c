"""The JSON Schemas of ``versions.json`` and of each version's document: shipped, published,
named by every document, and met by every JSON file a build publishes (checked with the
``jsonschema`` package, formats included)."""

from __future__ import annotations

import copy
import json
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from generator.publish.versions_json import (
    SCHEMAS,
    VERSION_TEXT_SCHEMA,
    VERSIONS_SCHEMA,
    schema_text,
    versions_files,
)
from generator.site import urls
from tests.sample_preview import build_sample_preview
from tests.sites import Built

SAMPLE_SITE_URL = "http://127.0.0.1:8000/"
"""The sample's ``site_url`` in the tests (mkdocs.yml's default when ``URL`` is not set)."""
NOT_CHECKED = {"search/search_index.json"}
"""JSON files of the site that are Material's, not the generator's."""


def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text(name))
    return schema


def closed(schema: Any) -> Any:
    """``schema`` with no property left undescribed: every object schema that lists its
    properties refuses others. The published schemas allow new fields (consumers are told
    to ignore them); this stricter copy checks that every field we write is described."""
    if isinstance(schema, dict):
        result = {key: closed(value) for key, value in schema.items()}
        if "properties" in schema:
            result["additionalProperties"] = False
        return result
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    return schema


def validators(name: str) -> tuple[Draft202012Validator, Draft202012Validator]:
    """The published schema and its :func:`closed` copy, both checking formats."""
    schema = load_schema(name)
    checker = Draft202012Validator.FORMAT_CHECKER
    return (
        Draft202012Validator(schema, format_checker=checker),
        Draft202012Validator(closed(schema), format_checker=checker),
    )


def schema_for(path: str) -> str:
    """The schema a published JSON file follows, by its name."""
    return VERSIONS_SCHEMA if posixpath.basename(path) == "versions.json" else VERSION_TEXT_SCHEMA


def published_json(site: Path) -> Iterator[tuple[str, Any]]:
    """Every JSON document a built site publishes, but the schemas and Material's files."""
    for file in sorted(site.rglob("*.json")):
        path = file.relative_to(site).as_posix()
        if path in NOT_CHECKED or path.startswith(urls.SCHEMAS_DIR):
            continue
        yield path, json.loads(file.read_text("utf-8"))


def assert_valid(path: str, document: Any) -> None:
    """``document`` meets its schema, and the schema describes every field it has."""
    schema, strict = validators(schema_for(path))
    errors = [
        f"{path}: {error.json_path}: {error.message}" for error in schema.iter_errors(document)
    ]
    errors += [f"{path} (closed): {error.message}" for error in strict.iter_errors(document)]
    assert errors == []


def test_the_schemas_are_valid_draft_2020_12_schemas() -> None:
    for name in SCHEMAS:
        schema = load_schema(name)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


def test_the_sample_publishes_the_shipped_schemas(sample_site: Path) -> None:
    for name in SCHEMAS:
        assert (sample_site / urls.schema(name)).read_bytes() == schema_text(name)


def test_every_json_file_of_the_sample_validates_and_names_its_schema(sample_site: Path) -> None:
    documents = dict(published_json(sample_site))
    assert "example/privacy/versions.json" in documents
    assert "example/privacy/2024-01-15.json" in documents
    for path, document in documents.items():
        assert_valid(path, document)
        schema = urls.schema(schema_for(path))
        assert document["$schema"] == SAMPLE_SITE_URL + schema
        assert (sample_site / schema).is_file()


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_preview(tmp_path_factory.mktemp("preview"))


def test_every_json_file_of_a_preview_with_a_correction_and_a_draft_validates(
    preview_site: Path,
) -> None:
    documents = dict(published_json(preview_site))
    for path, document in documents.items():
        assert_valid(path, document)
    privacy = documents["example/privacy/versions.json"]
    corrected = next(v for v in privacy["versions"] if v["effective"] == "2027-03-01")
    assert [text["revision"] for text in corrected["texts"]] == [1, 2]
    assert corrected["texts"][1]["changes_path"] == "example/privacy/2027-03-01/revision-2/changes/"
    assert documents["example/cookies/versions.json"]["draft"] is True


def test_versions_files_without_a_site_url_validate_and_name_their_schema_relatively(
    built: Built,
) -> None:
    """The fixture history (a correction, an upcoming version, two companies), published
    without a site URL: ``$schema`` is relative to the document and leads to the schema."""
    library, policies = built
    files = {file.path: file.content for file in versions_files(library, policies, "")}
    for name in SCHEMAS:
        assert files[urls.schema(name)] == schema_text(name)
    documents = {path: json.loads(content) for path, content in files.items()}
    checked = [path for path in documents if not path.startswith(urls.SCHEMAS_DIR)]
    assert len(checked) == 9
    for path in checked:
        assert_valid(path, documents[path])
        target = posixpath.normpath(
            posixpath.join(posixpath.dirname(path), documents[path]["$schema"])
        )
        assert target == urls.schema(schema_for(path))


def test_the_schemas_refuse_what_consumers_must_not_get(sample_site: Path) -> None:
    """Not vacuous: a document that breaks the layout fails its schema."""
    listing = json.loads((sample_site / "example/privacy/versions.json").read_text("utf-8"))
    document = json.loads((sample_site / "example/privacy/2024-01-15.json").read_text("utf-8"))
    broken: list[tuple[str, Any]] = []
    for field, value in [("sha256", "ABC"), ("effective", "2024-02-30"), ("state", "gone")]:
        changed = copy.deepcopy(listing)
        changed["versions"][0][field] = value
        broken.append(("example/privacy/versions.json", changed))
    missing = copy.deepcopy(listing)
    del missing["versions"][0]["texts"]
    broken.append(("example/privacy/versions.json", missing))
    for field, value in [("schema", 2), ("numbering", "roman"), ("url", "/relative/")]:
        changed = copy.deepcopy(document)
        changed[field] = value
        broken.append(("example/privacy/2024-01-15.json", changed))
    level = copy.deepcopy(document)
    level["sections"][0]["level"] = 1
    broken.append(("example/privacy/2024-01-15.json", level))
    for path, changed in broken:
        schema, _ = validators(schema_for(path))
        with pytest.raises(ValidationError):
            schema.validate(changed)


def test_a_new_field_is_allowed_by_the_published_schema_only(sample_site: Path) -> None:
    """Consumers' copies of the schema keep working when a field is added (layout 1);
    the tests' closed copy notices a field the schema does not describe."""
    document = json.loads((sample_site / "example/privacy/2024-01-15.json").read_text("utf-8"))
    document["language"] = "en"
    schema, strict = validators(VERSION_TEXT_SCHEMA)
    schema.validate(document)
    with pytest.raises(ValidationError):
        strict.validate(document)
