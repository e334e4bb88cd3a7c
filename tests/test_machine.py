"""Machine-readable versions: versions.json per policy and a JSON document per version."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from generator.model import Section, SourceLocation
from generator.publish.versions_json import PublishedFile, versions_files
from generator.site.html_sections import split_sections
from generator.site.plaintext import html_to_text, version_text
from generator.site.urls import SCHEMAS_DIR, page_url
from tests.sites import (
    SITE_URL,
    TODAY,
    Built,
    release_editorial_only,
    release_history,
    release_now,
    versions_of,
)


def files_of(built: Built, site_url: str = SITE_URL) -> dict[str, PublishedFile]:
    """The JSON documents of a built site (without the schemas published with them)."""
    library, policies = built
    return {
        file.path: file
        for file in versions_files(library, policies, site_url)
        if not file.path.startswith(SCHEMAS_DIR)
    }


def load(files: dict[str, PublishedFile], path: str) -> Any:
    return json.loads(files[path].content)


def test_the_schemas_of_both_layouts_are_published_with_the_documents(built: Built) -> None:
    library, policies = built
    paths = [file.path for file in versions_files(library, policies, SITE_URL)]
    assert [path for path in paths if path.startswith(SCHEMAS_DIR)] == [
        "schemas/versions.schema.json",
        "schemas/version-text.schema.json",
    ]


@pytest.mark.parametrize(
    ("site_url", "listing", "document"),
    [
        pytest.param(
            SITE_URL,
            SITE_URL + "schemas/versions.schema.json",
            SITE_URL + "schemas/version-text.schema.json",
            id="absolute",
        ),
        pytest.param(
            "",
            "../../schemas/versions.schema.json",
            "../../schemas/version-text.schema.json",
            id="relative",
        ),
    ],
)
def test_each_document_names_its_schema(
    built: Built, site_url: str, listing: str, document: str
) -> None:
    files = files_of(built, site_url)
    assert load(files, "acme/privacy/versions.json")["$schema"] == listing
    assert load(files, "acme/privacy/2024-04-01.json")["$schema"] == document


def test_a_versions_list_per_policy_and_a_document_per_release(built: Built) -> None:
    assert sorted(files_of(built)) == [
        "acme/cookies/2024-04-01.json",
        "acme/cookies/versions.json",
        "acme/privacy/2024-04-01.json",
        "acme/privacy/2025-01-01.json",
        "acme/privacy/2026-01-01.json",
        "acme/privacy/versions.json",
        "globex/privacy/2024-04-01.json",
        "globex/privacy/2025-01-01.json",
        "globex/privacy/versions.json",
    ]


VERSION_FIELDS = ("effective", "state", "in_force_from", "in_force_to", "summary", "editorial")


@pytest.mark.parametrize(
    ("today", "current", "expected"),
    [
        pytest.param(
            TODAY,
            "2025-01-01",
            [
                ("2026-01-01", "upcoming", "2026-01-01", None),
                # The current version's scheduled end, as the history page says it.
                ("2025-01-01", "current", "2025-01-01", "2025-12-31"),
                ("2024-04-01", "archived", "2024-04-01", "2024-12-31"),
            ],
            id="with-upcoming",
        ),
        pytest.param(
            dt.date(2026, 6, 1),
            "2026-01-01",
            [
                ("2026-01-01", "current", "2026-01-01", None),
                ("2025-01-01", "archived", "2025-01-01", "2025-12-31"),
                ("2024-04-01", "archived", "2024-04-01", "2024-12-31"),
            ],
            id="all-in-force",
        ),
    ],
)
def test_versions_json_lists_releases_newest_first_with_dates_in_force(
    history_site: Path,
    today: dt.date,
    current: str,
    expected: list[tuple[str, str, str, str | None]],
) -> None:
    document = load(files_of(versions_of(history_site, today)), "acme/privacy/versions.json")
    assert {name: document[name] for name in ("schema", "key", "policy", "title", "current")} == {
        "schema": 1,
        "key": "acme/privacy",
        "policy": "privacy",
        "title": "Privacy Policy",
        "current": current,
    }
    assert document["company"] == {"slug": "acme", "name": "Acme", "legal_name": "Acme Widgets Ltd"}
    assert document["draft"] is False
    states = [
        (v["effective"], v["state"], v["in_force_from"], v["in_force_to"])
        for v in document["versions"]
    ]
    assert states == expected


def test_versions_json_carries_each_change_log_entry(built: Built) -> None:
    versions = load(files_of(built), "acme/privacy/versions.json")["versions"]
    assert [(v["summary"], v["editorial"], v["sections_changed"]) for v in versions] == [
        ("Données des enfants : new section.", False, ["children"]),
        # Corrected on its day, the version is still the material change it released.
        ("Wording of the retention clause.", False, ["data-retention"]),
        ("Shorter retention period.", False, ["data-retention"]),
    ]
    assert versions[1]["change_log"] == [
        {
            "summary": "Wording of the retention clause.",
            "editorial": False,
            "sections_changed": ["data-retention"],
        },
        {"summary": "Clearer opening sentence.", "editorial": True, "sections_changed": []},
    ]
    assert [len(v["change_log"]) for v in versions] == [1, 2, 1]
    assert [v["changes_path"] for v in versions] == [
        "acme/privacy/2026-01-01/changes/",
        "acme/privacy/2025-01-01/changes/",
        None,
    ]
    assert [v["path"] for v in versions] == [
        "acme/privacy/2026-01-01/",
        "acme/privacy/2025-01-01/",
        "acme/privacy/2024-04-01/",
    ]
    assert [v["document_path"] for v in versions] == [
        "acme/privacy/2026-01-01.json",
        "acme/privacy/2025-01-01.json",
        "acme/privacy/2024-04-01.json",
    ]


def test_a_version_with_only_editorial_changes_is_flagged_editorial(site: Path) -> None:
    release_editorial_only(site)
    versions = load(files_of(versions_of(site, production=False)), "acme/cookies/versions.json")
    assert [(v["effective"], v["summary"], v["editorial"]) for v in versions["versions"]] == [
        ("2024-05-01", "Spelling.", True),
        ("2024-04-01", "First release.", False),
    ]


def test_sha256_is_the_hash_of_the_archived_snapshot_and_its_change_log_entry(
    history_site: Path, built: Built
) -> None:
    library, _ = built
    files = files_of(built)
    changes = library.policies["acme/privacy"].changes
    recorded = {c.sha256 for c in changes if c.sha256}
    # The correction of 2025-01-01 is archived beside the text it corrects: both entries
    # keep their hash, and the version's hash is the corrected text's.
    assert [c.date.isoformat() for c in changes if c.sha256].count("2025-01-01") == 2
    folder = history_site / "policies/acme/archive/privacy"
    for version in load(files, "acme/privacy/versions.json")["versions"]:
        texts = version["texts"]
        for text in texts:
            suffix = f".revision-{text['revision']}" if text["revision"] > 1 else ""
            archived = folder / f"{version['effective']}{suffix}.md"
            assert text["sha256"] == hashlib.sha256(archived.read_bytes()).hexdigest()
            assert text["sha256"] in recorded
        assert version["sha256"] == texts[-1]["sha256"]
        assert load(files, version["document_path"])["sha256"] == version["sha256"]
    corrected = next(
        v
        for v in load(files, "acme/privacy/versions.json")["versions"]
        if v["effective"] == "2025-01-01"
    )
    assert [t["revision"] for t in corrected["texts"]] == [1, 2]


@pytest.mark.parametrize("site_url", [SITE_URL, "https://example.org/policies"])
def test_urls_are_absolute_when_the_site_url_is_known(built: Built, site_url: str) -> None:
    base = site_url.rstrip("/") + "/"
    files = files_of(built, site_url)
    document = load(files, "acme/privacy/versions.json")
    assert document["url"] == base + "acme/privacy/"
    for version in document["versions"]:
        assert version["url"] == base + version["path"]
        assert version["document_url"] == base + version["document_path"]
        expected = base + version["changes_path"] if version["changes_path"] else None
        assert version["changes_url"] == expected
    assert load(files, "acme/cookies/2024-04-01.json")["url"] == base + "acme/cookies/2024-04-01/"


def test_without_a_site_url_urls_are_null_and_paths_unchanged(built: Built) -> None:
    relative = files_of(built, "")
    absolute = files_of(built)
    for path in relative:
        without, with_url = load(relative, path), load(absolute, path)
        assert without["url"] is None
        for name in ("path", "document_path", "changes_path"):
            assert [v.get(name) for v in without.get("versions", [])] == [
                v.get(name) for v in with_url.get("versions", [])
            ]
        for version in without.get("versions", []):
            assert version["url"] is version["document_url"] is version["changes_url"] is None


def test_every_path_listed_is_published(built: Built) -> None:
    _, policies = built
    files = files_of(built)
    pages = {page_url(page.src_uri) for item in policies.values() for page in item.pages}
    for path in [p for p in files if p.endswith("versions.json")]:
        document = load(files, path)
        assert document["path"] in pages
        for version in document["versions"]:
            assert version["path"] in pages
            assert version["changes_path"] is None or version["changes_path"] in pages
            assert version["document_path"] in files


def sections(document: dict[str, Any]) -> list[tuple[str, str, str, int]]:
    return [(s["id"], s["number"], s["title"], s["level"]) for s in document["sections"]]


def test_a_version_document_has_the_sections_of_its_page_letter_numbered(built: Built) -> None:
    document = load(files_of(built), "acme/cookies/2024-04-01.json")
    assert {
        name: document[name] for name in ("schema", "key", "title", "effective", "numbering")
    } == {
        "schema": 1,
        "key": "acme/cookies",
        "title": "Cookie Policy",
        "effective": "2024-04-01",
        "numbering": "letter",
    }
    assert document["company"]["legal_name"] == "Acme Widgets Ltd"
    assert sections(document) == [
        ("what-cookies-are", "1", "What cookies are", 2),
        ("cookie-list", "2", "Cookies we use", 2),
        ("strictly-necessary", "2a", "Strictly necessary", 3),
        ("analytics", "2b", "Analytics", 3),
    ]
    assert [s["text"] for s in document["sections"]] == [
        "Small files.",
        "",
        "",
        "Back to the privacy policy.",
    ]
    assert document["preamble"] == ""


def test_each_version_document_holds_that_versions_text(built: Built) -> None:
    files = files_of(built)
    first = load(files, "acme/privacy/2024-04-01.json")
    corrected = load(files, "acme/privacy/2025-01-01.json")
    upcoming = load(files, "acme/privacy/2026-01-01.json")
    assert first["preamble"] == "This policy explains how Acme handles personal data."
    assert corrected["preamble"] == "This policy sets out how Acme handles personal data."

    def text_of(document: dict[str, Any], section_id: str) -> str:
        return next(s["text"] for s in document["sections"] if s["id"] == section_id)

    assert text_of(first, "data-retention") == "We keep personal data for two years."
    assert text_of(corrected, "data-retention") == "We retain personal data for two years."
    assert sections(first) == sections(corrected) == sections(upcoming)[:-1]
    assert sections(upcoming)[-1] == ("children", "5", "Children", 2)
    assert sections(first)[:2] == [
        ("intro", "1", "Introduction", 2),
        ("who-we-are", "1.1", "Who we are", 3),
    ]
    assert text_of(upcoming, "children") == (
        "We do not knowingly collect data from children under 13."
    )


def test_cross_links_read_as_on_the_page(built: Built) -> None:
    files = files_of(built)
    document = load(files, "acme/privacy/2024-04-01.json")
    texts = {s["id"]: s["text"] for s in document["sections"]}
    assert texts["cookies"] == (
        "See Cookie Policy, section 2, Cookies we use and Globex Privacy Policy, Data retention."
    )
    assert texts["contact-us"] == (
        "Write to Acme Widgets Ltd at privacy@acme.test. "
        "How long we keep data: section 2, Data retention."
    )
    assert not any("[§" in path.decode() for path in (f.content for f in files.values()))


def test_a_version_document_does_not_change_when_a_later_version_takes_effect(
    history_site: Path,
) -> None:
    before = files_of(versions_of(history_site, TODAY))
    after = files_of(versions_of(history_site, dt.date(2026, 6, 1)))
    documents = [path for path in before if not path.endswith("versions.json")]
    assert all(before[path].content == after[path].content for path in documents)
    assert (
        before["acme/privacy/versions.json"].content != after["acme/privacy/versions.json"].content
    )


def test_output_is_deterministic_utf8_json_with_a_final_newline(history_site: Path) -> None:
    first = files_of(versions_of(history_site))
    second = files_of(versions_of(history_site))
    assert [(f.path, f.content) for f in first.values()] == [
        (f.path, f.content) for f in second.values()
    ]
    for file in first.values():
        assert file.content.endswith(b"}\n") and not file.content.endswith(b"\n\n")
        assert json.loads(file.content)["schema"] == 1
    listing = first["acme/privacy/versions.json"].content
    assert "Données des enfants".encode() in listing  # ensure_ascii=False
    assert list(json.loads(listing)) == [
        "$schema",
        "schema",
        "key",
        "company",
        "policy",
        "title",
        "path",
        "url",
        "draft",
        "current",
        "versions",
        "record_head",
    ]


def test_a_never_released_policy_lists_no_versions(site: Path) -> None:
    release_history(site, until=2)  # globex/privacy stays an unreleased draft
    files = files_of(versions_of(site, production=False))
    document = load(files, "globex/privacy/versions.json")
    assert (document["draft"], document["current"], document["versions"]) == (True, None, [])
    assert not [
        path
        for path in files
        if path.startswith("globex/") and path != "globex/privacy/versions.json"
    ]


def test_opening_text_a_section_named_preamble_and_raw_headings_keep_their_words(
    site: Path,
) -> None:
    (site / "policies/acme/terms.md").write_text(
        "---\ntitle: Terms\neffective: 2024-01-01\nnumbering: decimal\n---\n"
        "Opening words.\n\n## Preamble\n\nWhereas.\n\n## Use\n\nBe nice.\n\n"
        '<h3 id="raw">Raw heading</h3>\n\n<p>Raw words.</p>\n',
        encoding="utf-8",
    )
    release_history(site, until=3)
    release_now(site, "acme/terms", TODAY, "New.")
    document = load(files_of(versions_of(site)), f"acme/terms/{TODAY.isoformat()}.json")
    assert document["preamble"] == "Opening words."
    assert [(s["id"], s["number"], s["text"]) for s in document["sections"]] == [
        ("preamble", "1", "Whereas."),
        ("use", "2", "Be nice.\nRaw heading\nRaw words."),
    ]


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        pytest.param("", "", id="empty"),
        pytest.param("<p>One\n  two.</p>\n<p>Three.</p>", "One two.\nThree.", id="paragraphs"),
        pytest.param("<ul><li>a</li><li><p>b</p></li></ul>", "- a\n- b", id="bullets-loose"),
        pytest.param('<ol start="3"><li>x</li><li>y</li></ol>', "3. x\n4. y", id="ordered"),
        pytest.param(
            "<ul><li>outer<ul><li>inner</li></ul></li></ul>", "- outer\n- inner", id="nested"
        ),
        pytest.param(
            "<table><tr><th>Cookie</th><th>Use</th></tr><tr><td>sid</td><td>login</td></tr>"
            "</table>",
            "Cookie | Use\nsid | login",
            id="table",
        ),
        pytest.param("<p>1 Road<br>Town</p>", "1 Road\nTown", id="line-break"),
        pytest.param(
            '<p>See <a href="#x">section <em>2</em></a> &amp; more.</p>',
            "See section 2 & more.",
            id="inline",
        ),
        pytest.param(
            "<dl><dt>Term</dt><dd>Meaning</dd></dl>", "Term\nMeaning", id="definition-list"
        ),
    ],
)
def test_html_to_text(fragment: str, expected: str) -> None:
    assert html_to_text(fragment) == expected


def test_a_first_section_with_the_id_preamble_is_a_section_not_opening_text() -> None:
    cuts = split_sections('<h2 id="preamble">Preamble</h2>\n<p>Whereas.</p>')
    section = Section("preamble", "Preamble", 2, 1, "", SourceLocation("x.md", 1))
    text = version_text(cuts, [section])
    assert text.preamble == ""
    assert [(s.id, s.text) for s in text.sections] == [("preamble", "Whereas.")]
