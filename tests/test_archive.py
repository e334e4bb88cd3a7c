"""Releases, status and the append-only archive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.content.library import Library, load_library
from generator.errors import PolicyError
from generator.releases.integrity import check_integrity
from generator.releases.status import status
from tests.helpers import write
from tests.sites import release_now

D1 = dt.date(2024, 4, 15)
D2 = dt.date(2024, 9, 1)


def library(site: Path) -> Library:
    return load_library(site / "policies", site)


def test_release_freezes_resolved_source_and_records_hash(site: Path) -> None:
    result = release_now(site, "acme/privacy", D1, "First release.", sections=("data-retention",))
    snapshot_file = site / "policies/acme/archive/privacy/2024-04-15.md"
    assert result.path == snapshot_file
    text = snapshot_file.read_text()
    assert "{% clause" not in text and "{{" not in text
    assert "We keep personal data for two years." in text
    assert "Write to Acme Widgets Ltd at <privacy@acme.test>." in text
    assert "[§ data-retention]" in text  # cross-links stay symbolic in the archive
    lib = library(site)
    policy = lib.policies["acme/privacy"]
    assert policy.effective == D1
    assert policy.changes[0].date == D1
    assert policy.changes[0].summary == "First release."
    assert policy.changes[0].sections == ("data-retention",)
    assert policy.changes[0].sha256 == result.sha256
    assert [s.effective for s in lib.snapshots["acme/privacy"]] == [D1]
    check_integrity(lib)
    assert [s.key for s in status(lib) if s.changed] == ["acme/cookies", "globex/privacy"]


@pytest.mark.parametrize(
    ("setup", "key", "effective", "kwargs", "message"),
    [
        pytest.param(False, "acme/privcy", D2, {}, "unknown policy 'acme/privcy'; did you mean "
                     "'acme/privacy'", id="unknown-policy"),
        pytest.param(True, "acme/privacy", D1, {}, "acme/privacy has a release of 2024-04-15 "
                     "already; choose a later date, or --editorial", id="same-date"),
        pytest.param(True, "acme/privacy", dt.date(2023, 1, 1), {}, "acme/privacy has a release "
                     "of 2024-04-15, later than 2023-01-01", id="earlier-date"),
        pytest.param(True, "acme/privacy", D2, {}, "acme/privacy has no change since its release "
                     "of 2024-04-15", id="no-change"),
        pytest.param(True, "acme/privacy", D2, {"editorial": True}, "--editorial corrects the "
                     "latest release, of 2024-04-15, not 2024-09-01", id="editorial-other-date"),
        pytest.param(False, "acme/privacy", D1, {"editorial": True}, "has no release to correct",
                     id="editorial-without-release"),
        pytest.param(False, "acme/privacy", D1, {"sections": ("data-retension",)},
                     "has no section 'data-retension'; did you mean 'data-retention'",
                     id="bad-section"),
        pytest.param(False, "acme/privacy", D1, {"summary": None}, "needs --summary",
                     id="no-summary"),
        pytest.param(False, "acme/privacy", dt.date(2024, 2, 1), {}, "is before the newest "
                     "change-log entry of acme/privacy (2024-03-01)", id="before-change-log"),
    ],
)  # fmt: skip
def test_release_refusals(
    site: Path, setup: bool, key: str, effective: dt.date, kwargs: dict[str, object], message: str
) -> None:
    if setup:
        release_now(site, "acme/privacy", D1)
    before = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    contents = {p: (site / p).read_bytes() for p in before}
    with pytest.raises(PolicyError) as caught:
        release_now(site, key, effective, **({"summary": "x"} | kwargs))  # type: ignore[arg-type]
    assert message in str(caught.value)
    after = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert after == before and all((site / p).read_bytes() == contents[p] for p in before)


def test_an_editorial_correction_is_archived_beside_the_text_it_corrects(site: Path) -> None:
    first = release_now(site, "acme/privacy", D1, "First.")
    frozen = first.path.read_bytes()
    page = site / "policies/acme/privacy.md"
    page.write_text(page.read_text().replace("handles personal data", "handles personal data."))
    second = release_now(site, "acme/privacy", D1, "Fix a typo.", editorial=True)
    assert first.path.read_bytes() == frozen
    assert second.revision == 2 and second.path.name == "2024-04-15.revision-2.md"
    assert second.sha256 != first.sha256
    lib = library(site)
    changes = lib.policies["acme/privacy"].changes
    assert [(c.date, c.summary, c.editorial, c.sha256) for c in changes[:2]] == [
        (D1, "Fix a typo.", True, second.sha256),
        (D1, "First.", False, first.sha256),
    ]
    texts = lib.snapshots["acme/privacy"]
    assert [(s.revision, s.corrects) for s in texts] == [(1, None), (2, first.sha256)]
    check_integrity(lib)


def test_status_names_the_shared_clause_for_every_policy_using_it(site: Path) -> None:
    for key in ("acme/privacy", "acme/cookies", "globex/privacy"):
        release_now(site, key, D1)
    assert not [s for s in status(library(site)) if s.changed]
    clause = site / "policies/clauses/retention.md"
    clause.write_text(clause.read_text().replace("We keep", "We retain"))
    changed = {s.key: s.reasons for s in status(library(site)) if s.changed}
    assert changed == {
        "acme/privacy": ("clause 'retention' changed",),
        "globex/privacy": ("clause 'retention' changed",),
    }


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (("acme/company.md", "Acme Widgets Ltd", "Acme Gadgets Ltd"), "company facts changed"),
        (("acme/privacy.md", "handles personal", "processes personal"), "its own file changed"),
    ],
)
def test_status_says_why(site: Path, edit: tuple[str, str, str], reason: str) -> None:
    release_now(site, "acme/privacy", D1)
    path = site / "policies" / edit[0]
    path.write_text(path.read_text().replace(edit[1], edit[2]))
    changed = {s.key: s.reasons for s in status(library(site)) if s.changed}
    assert changed["acme/privacy"] == (reason,)


def test_later_edits_never_change_a_released_snapshot(site: Path) -> None:
    result = release_now(site, "acme/privacy", D1)
    frozen = result.path.read_bytes()
    clause = site / "policies/clauses/contact-us.md"
    clause.write_text(clause.read_text().replace("Write to", "Please write to"))
    company = site / "policies/acme/company.md"
    company.write_text(company.read_text().replace("Acme Widgets Ltd", "Acme Holdings plc"))
    release_now(site, "acme/privacy", D2)
    assert result.path.read_bytes() == frozen
    lib = library(site)
    check_integrity(lib)
    old, new = lib.snapshots["acme/privacy"]
    assert "Write to Acme Widgets Ltd" in old.body
    assert "Please write to Acme Holdings plc" in new.body


def test_tampered_snapshot_fails_the_integrity_check(site: Path) -> None:
    result = release_now(site, "acme/privacy", D1)
    result.path.write_text(result.path.read_text().replace("two years", "ten years"))
    with pytest.raises(PolicyError) as caught:
        check_integrity(library(site))
    message = str(caught.value)
    assert message.startswith("policies/acme/archive/privacy/2024-04-15.md:1: the change-log ")
    assert f"records sha256 {result.sha256}, but its archived text has " in message
    assert "git checkout -- policies/acme/archive/privacy/2024-04-15.md" in message


def test_deleted_snapshot_fails_the_integrity_check(site: Path) -> None:
    release_now(site, "acme/privacy", D1).path.unlink()
    with pytest.raises(PolicyError, match="the release of 2024-04-15 has no archived text"):
        check_integrity(library(site))


def test_snapshot_of_a_deleted_policy_is_an_error(site: Path) -> None:
    release_now(site, "acme/cookies", D1)
    (site / "policies/acme/cookies.md").unlink()
    with pytest.raises(PolicyError, match="live policy file is missing"):
        library(site)


def test_release_adopts_an_existing_unarchived_entry_of_that_date(site: Path) -> None:
    write(
        site / "policies/globex/privacy.md",
        "---\ntitle: P\neffective: 2022-06-30\nchanges:\n  - date: 2022-06-30\n"
        "    summary: Imported.\n---\nText.\n",
    )
    result = release_now(site, "globex/privacy", dt.date(2022, 6, 30), summary=None)
    changes = library(site).policies["globex/privacy"].changes
    assert [(c.summary, c.sha256) for c in changes] == [("Imported.", result.sha256)]
