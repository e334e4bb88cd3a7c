"""The archive's promise (issue 12): published text never changes, released entries are
part of the record, forgeries show, releases are all or nothing, and dates before a
release build. Each test names the case of the reliability report it reproduces."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.library import load_library
from generator.errors import PolicyError
from generator.releases.integrity import check_integrity
from tests.helpers import (
    SAMPLE_DATE_EPOCH,
    error_lines,
    mkdocs_build,
    parse_page,
    status_bar,
)
from tests.sample_preview import copy_sample
from tests.sites import edit, release_history, release_now

ENV = {"SOURCE_DATE_EPOCH": SAMPLE_DATE_EPOCH}


def archive_hashes(site: Path) -> dict[str, str]:
    """Every file under an ``archive/`` folder of ``site`` with its SHA-256."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((site / "policies").glob("*/archive/**/*"))
        if path.is_file()
    }


def run(site: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``policy-site ARGS`` run in ``site``: exit status, standard output and error."""
    cwd = Path.cwd()
    os.chdir(site)
    try:
        status = main(list(args))
    finally:
        os.chdir(cwd)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def check_error(site: Path) -> str:
    """The one-line error ``policy-site check`` gives for ``site``."""
    with pytest.raises(PolicyError) as raised:
        check_integrity(load_library(site / "policies", site))
    return str(raised.value)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Releases record the day they were made: the sample's day, here."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SAMPLE_DATE_EPOCH)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the repository's sample site."""
    return copy_sample(tmp_path / "sample")


# --- 1. a correction never replaces the text it corrects -------------------------------


def correct_upcoming(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(
        sample / "policies/example/privacy.md",
        "  account_retention: 12 months after the account is closed",
        "  account_retention: twelve months after the account is closed",
    )
    status, out, err = run(
        sample,
        "release", "example/privacy", "--effective", "2027-03-01", "--editorial",
        "--summary", "Spell out the retention period.",
        capsys=capsys,
    )  # fmt: skip
    assert status == 0, err
    assert "correction 2 of 2027-03-01" in out


def test_a_correction_is_archived_beside_the_text_it_corrects(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Report 1 (issue item 1): --editorial replaced the snapshot of its date and hash."""
    before = archive_hashes(sample)
    correct_upcoming(sample, capsys)
    after = archive_hashes(sample)
    assert {path: after[path] for path in before} == before, "a published file changed"
    added = sorted(set(after) - set(before))
    assert added == ["policies/example/archive/privacy/2027-03-01.revision-2.md"]
    first = before["policies/example/archive/privacy/2027-03-01.md"]
    corrected = after[added[0]]
    result = mkdocs_build(sample, tmp_path / "out", ENV)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out/example/privacy"
    dated = parse_page(out / "2027-03-01/index.html")
    note = dated.xpath("string(//div[contains(@class, 'policy-note--corrected')])")
    assert "This text was corrected on 21 November 2026" in note
    links = dated.xpath("//div[contains(@class, 'policy-note--corrected')]//a/@href")
    assert links == ["revision-2/changes/", "revision-1/"]
    assert "twelve months" in dated.text_content()
    first_page = parse_page(out / "2027-03-01/revision-1/index.html")
    assert "12 months after the account is closed" in first_page.text_content()
    assert "corrected on 21 November 2026" in first_page.xpath(
        "string(//div[contains(@class, 'policy-note--revision')])"
    )
    comparison = parse_page(out / "2027-03-01/revision-2/changes/index.html")
    assert comparison.xpath("//del[contains(., '12')]") and comparison.xpath(
        "//ins[contains(., 'twelve')]"
    )
    versions = json.loads((out / "versions.json").read_text("utf-8"))
    upcoming = next(v for v in versions["versions"] if v["effective"] == "2027-03-01")
    assert upcoming["sha256"] == corrected
    assert [(t["revision"], t["sha256"]) for t in upcoming["texts"]] == [
        (1, first),
        (2, corrected),
    ]
    assert upcoming["texts"][1]["changes_path"] == (
        "example/privacy/2027-03-01/revision-2/changes/"
    )
    history = parse_page(out / "history/index.html")
    hashes = history.xpath("//article//table//code[@class='policy-hash']/text()")
    assert first in hashes and corrected in hashes
    links = history.xpath("//article//table//a/@href")
    assert "../2027-03-01/revision-1/" in links and "../2027-03-01/revision-2/" in links
    feed = (out / "feed.xml").read_text("utf-8")
    assert "Correction of the version of 1 March 2027: Spell out the retention period." in feed
    assert "2027-03-01/revision-2/" in feed


# --- 2. released change-log entries are part of the record ------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ('summary: "First version."', 'summary: "The first version."', 20),
        ("  - date: 2024-01-15", "  - date: 2024-01-16", 19),
        ("    sections: [data-retention]", "    sections: [data-we-collect]", 11),
        ("sha256: 14c903bb193fe0e0", "sha256: 04c903bb193fe0e0", 21),
    ],
    ids=["summary", "date", "sections", "hash"],
)
def test_editing_a_released_entry_is_a_located_error(
    sample: Path, tmp_path: Path, old: str, new: str, line: int
) -> None:
    """Report WEAK 71 and issue item 2: check said ok; a changed hash blamed the snapshot."""
    edit(sample / "policies/example/privacy.md", old, new)
    error = check_error(sample)
    assert error.startswith(f"policies/example/privacy.md:{line}: "), error
    result = mkdocs_build(sample, tmp_path / "out", ENV)
    assert result.returncode == 1
    assert error_lines(result.stderr)[0].startswith(f"policies/example/privacy.md:{line}: ")


def test_a_wrong_summary_is_fixed_on_the_record(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = archive_hashes(sample)
    status, _, err = run(
        sample,
        "amend", "example/privacy", "--effective", "2024-01-15",
        "--summary", "First version of the policy.",
        capsys=capsys,
    )  # fmt: skip
    assert status == 0, err
    after = archive_hashes(sample)
    assert {path: after[path] for path in before} == before
    assert sorted(set(after) - set(before)) == [
        "policies/example/archive/privacy/2024-01-15.amendment-1.md"
    ]
    check_integrity(load_library(sample / "policies", sample))
    text = (sample / "policies/example/privacy.md").read_text("utf-8")
    assert 'summary: "First version of the policy."' in text
    assert "amended: 2026-11-21" in text
    # The amendment is on the record: editing the entry back by hand is an error too.
    edit(sample / "policies/example/privacy.md", "First version of the policy.", "First version.")
    assert "was changed after" in check_error(sample)


# --- 3. a forged back-dated snapshot shows --------------------------------------------


def forge(sample: Path, previous: str | None) -> None:
    """Report WEAK 70: a back-dated snapshot with a matching change-log entry."""
    folder = sample / "policies/example/archive/privacy"
    text = (folder / "2024-01-15.md").read_text("utf-8")
    text = text.replace("effective: 2024-01-15", "effective: 2024-06-01").replace(
        "We collect", "We sell"
    )
    if previous is not None:
        text = text.replace("---\n", f"---\nprevious: {previous}\n", 1)
    (folder / "2024-06-01.md").write_text(text, "utf-8")
    digest = hashlib.sha256((folder / "2024-06-01.md").read_bytes()).hexdigest()
    edit(
        sample / "policies/example/privacy.md",
        "  - date: 2024-01-15\n",
        f'  - date: 2024-06-01\n    summary: "Forged."\n    sha256: {digest}\n'
        "  - date: 2024-01-15\n",
    )


def test_a_forged_back_dated_snapshot_is_detected(sample: Path) -> None:
    forge(sample, None)
    error = check_error(sample)
    assert error.startswith("policies/example/archive/privacy/2024-06-01.md:1: "), error
    assert "not recorded" in error


def test_a_forged_snapshot_that_names_a_record_is_detected(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A forger who chains the fake text to a real record: two records follow it."""
    release_now_sample(sample, capsys)
    seal = sample / "policies/example/archive/privacy/seal.md"
    forge(sample, hashlib.sha256(seal.read_bytes()).hexdigest())
    assert "two archived records follow the same one" in check_error(sample)


def test_a_forged_snapshot_after_the_newest_record_is_back_dated(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    release_now_sample(sample, capsys)
    head = sample / "policies/example/archive/privacy/2027-06-01.md"
    forge(sample, hashlib.sha256(head.read_bytes()).hexdigest())
    assert "a release is never back-dated" in check_error(sample)


def release_now_sample(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(sample / "policies/example/privacy.md", "We collect the data", "We gather the data")
    status, _, err = run(
        sample,
        "release", "example/privacy", "--effective", "2027-06-01", "--summary", "Wording.",
        capsys=capsys,
    )  # fmt: skip
    assert status == 0, err


def test_a_changed_archived_text_is_blamed_on_the_file(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    release_now_sample(sample, capsys)
    edit(sample / "policies/example/archive/privacy/2027-06-01.md", "We gather", "We sell")
    error = check_error(sample)
    assert error.startswith("policies/example/archive/privacy/2027-06-01.md:"), error


# --- 4. bulk releases are all or nothing --------------------------------------------


def test_all_changed_writes_nothing_when_one_policy_is_refused(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Report: a clause change released example/cookies, then failed on example/privacy
    (upcoming release of 2027-03-01), leaving the repository half released."""
    edit(
        sample / "policies/clauses/links-to-other-websites.md",
        "Our website links to",
        "Our website may link to",
    )
    before = {p: p.read_bytes() for p in (sample / "policies").rglob("*") if p.is_file()}
    lock = sample / "policies/.policy-site.lock"
    status, out, err = run(
        sample,
        "release", "--all-changed", "--effective", "2026-12-01", "--summary", "Links.",
        capsys=capsys,
    )  # fmt: skip
    assert status == 1 and out == ""
    assert err.startswith("error: nothing was released: 1 of 2 policies cannot be released")
    assert "example/privacy: example/privacy has a release of 2027-03-01" in err
    assert "--effective 2027-03-02 or later" in err and "--editorial" in err
    after = {p: p.read_bytes() for p in (sample / "policies").rglob("*") if p.is_file()}
    assert {p: data for p, data in after.items() if p != lock} == before


def test_all_changed_dry_run_and_one_summary_per_policy(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        sample / "policies/clauses/links-to-other-websites.md",
        "Our website links to",
        "Our website may link to",
    )
    args = (
        "release", "--all-changed", "--effective", "2027-04-01", "--summary", "Links.",
        "--summary-for", "example/cookies", "Links, for cookies.",
    )  # fmt: skip
    before = archive_hashes(sample)
    status, out, err = run(sample, *args, "--dry-run", capsys=capsys)
    assert status == 0, err
    assert "would release example/cookies" in out and "Links, for cookies." in out
    assert "would release example/privacy" in out
    assert archive_hashes(sample) == before
    status, out, err = run(sample, *args, capsys=capsys)
    assert status == 0, err
    cookies = (sample / "policies/example/cookies.md").read_text("utf-8")
    assert 'summary: "Links, for cookies."' in cookies
    assert 'summary: "Links."' in (sample / "policies/example/privacy.md").read_text("utf-8")


# --- 6, 7. dates before a release; one truth about dates ------------------------------------


@pytest.mark.parametrize("day", ["2010-01-01", "2024-01-14", "2024-03-01", "2026-01-01"])
def test_the_sample_builds_on_a_day_before_some_releases(
    sample: Path, tmp_path: Path, day: str
) -> None:
    """Report 7 (case 75): SOURCE_DATE_EPOCH of 2024-03-01 failed with "has no sections"."""
    epoch = str(int(dt.datetime.fromisoformat(day + "T00:00:00+00:00").timestamp()))
    result = mkdocs_build(sample, tmp_path / "out", {"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, result.stderr


def test_a_policy_whose_only_release_is_upcoming_builds(site: Path, tmp_path: Path) -> None:
    """Report 7 (case 76): cross-links in an upcoming first release did not resolve."""
    release_history(site)
    (site / "policies/globex/terms.md").write_text(
        "---\ntitle: Terms\neffective: 2030-01-01\n---\nSee [§ second].\n\n"
        "## First {#first}\n\nOne.\n\n## Second {#second}\n\nTwo, see [§ first].\n",
        "utf-8",
    )
    release_now(site, "globex/terms", "2030-01-01", "First version.")
    result = mkdocs_build(site, tmp_path / "out", ENV)
    assert result.returncode == 0, result.stderr
    current = parse_page(tmp_path / "out/globex/terms/index.html")
    assert current.xpath("//a[@href='#second']")
    assert "takes effect on 1 January 2030" in current.text_content()


def test_the_current_version_ends_the_day_before_the_upcoming_one(
    sample: Path, tmp_path: Path
) -> None:
    """Issue item 7: versions.json said null while the history said "to 28 February 2027"."""
    result = mkdocs_build(sample, tmp_path / "out", ENV)
    assert result.returncode == 0, result.stderr
    versions = json.loads((tmp_path / "out/example/privacy/versions.json").read_text())
    current = next(v for v in versions["versions"] if v["state"] == "current")
    assert current["in_force_to"] == "2027-02-28"
    history = parse_page(tmp_path / "out/example/privacy/history/index.html").text_content()
    assert "to 28 February 2027" in history
    assert (
        versions["record_head"]
        == hashlib.sha256(
            (sample / "policies/example/archive/privacy/seal.md").read_bytes()
        ).hexdigest()
    )


# --- every command keeps every published file -----------------------------------------


def test_every_command_leaves_the_published_texts_byte_identical(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = archive_hashes(sample)
    copies = tmp_path / "copies"
    copies.mkdir()
    (copies / "2021-01-01.txt").write_text("Terms\n\n1. Use\n\nBe nice.\n", "utf-8")
    (copies / "2022-01-01.txt").write_text("Terms\n\n1. Use\n\nBe kind.\n", "utf-8")
    commands = [
        ("check",),
        ("status",),
        ("render", "example/privacy"),
        ("render", "example/privacy", "--html"),
        ("seal", "--all"),
        ("amend", "mnx/privacy", "--effective", "2016-09-16", "--summary", "Updated text."),
        ("release", "--finish"),
        (
            "release",
            "example/privacy",
            "--effective",
            "2027-03-01",
            "--editorial",
            "--summary",
            "x",
        ),
        ("release", "--all-changed", "--effective", "2028-01-01", "--summary", "y"),
        ("import", str(copies / "2021-01-01.txt"), "--company", "example", "--policy", "terms"),
        ("import-history", str(copies), "--company", "newco", "--policy", "terms"),
    ]
    for command in commands:
        run(sample, *command, capsys=capsys)
        after = archive_hashes(sample)
        assert {path: after.get(path) for path in before} == before, command


def test_an_archived_link_into_a_renamed_unreleased_section_is_blamed_on_the_live_text(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Report WEAK 74: check passed, then the build failed at a frozen snapshot."""
    (site / "policies/acme/terms.md").write_text(
        "---\ntitle: Terms\neffective: 2024-05-01\n---\nTerms.\n\n"
        "## First {#first}\n\nOne.\n\n## Second {#second}\n\nTwo.\n",
        "utf-8",
    )
    (site / "policies/acme/rules.md").write_text(
        "---\ntitle: Rules\neffective: 2024-05-01\n---\nSee [§ terms#second].\n\n"
        "## Rule {#rule}\n\nA rule.\n",
        "utf-8",
    )
    release_now(site, "acme/rules", "2024-05-01", "First rules.")
    edit(site / "policies/acme/terms.md", "{#second}", "{#deux}")
    edit(site / "policies/acme/rules.md", "[§ terms#second]", "[§ terms#deux]")
    release_now(site, "acme/rules", "2024-06-01", "Second rules.")
    status, _, err = run(site, "check", capsys=capsys)
    assert status == 1
    expected = (
        "error: policies/acme/terms.md:1: has no section 'second' any more, but the archived "
        "version of acme/rules of 2024-05-01 links to it (policies/acme/archive/rules/2024-05-01.md"
    )
    assert err.startswith(expected), err
    result = mkdocs_build(site, tmp_path / "out", ENV)
    assert result.returncode == 1
    assert error_lines(result.stderr)[0].startswith(expected.removeprefix("error: "))
    # Giving the heading its old id back is the repair.
    edit(site / "policies/acme/terms.md", "{#deux}", "{#deux}\n\n## Second {#second}")
    assert run(site, "check", capsys=capsys)[0] == 0


def test_a_preview_says_which_version_is_in_force_and_dates_the_draft(
    sample: Path, tmp_path: Path
) -> None:
    """Issue 12 item 7: the preview shows the draft as a draft with its own date, and which
    version is in force on the build date."""
    edit(sample / "policies/example/privacy.md", "We collect the data", "We gather the data")
    edit(sample / "policies/example/privacy.md", "effective: 2027-03-01", "effective: 2027-06-01")
    result = mkdocs_build(sample, tmp_path / "out", ENV)
    assert result.returncode == 0, result.stderr
    current = parse_page(tmp_path / "out/example/privacy/index.html")
    assert status_bar(current) == (
        "draft",
        "Unreleased draft, dated 1 June 2027: this text is not in force. The version in force "
        "today is the one of 1 September 2024 (read it). The latest release takes effect on "
        "1 March 2027 (read it). See what this draft changes against the latest release.",
        ["2024-09-01/", "2027-03-01/", "changes/"],
    )


# --- 12. no tracebacks: the build date ---------------------------------------------------


@pytest.mark.parametrize("epoch", ["abc", "1e9", "-99999999999", "99999999999999"])
def test_a_bad_source_date_epoch_is_one_error(
    sample: Path,
    tmp_path: Path,
    epoch: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Report 14 (78): ValueError tracebacks."""
    result = mkdocs_build(sample, tmp_path / "out", {"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert error_lines(result.stderr) == [
        f"SOURCE_DATE_EPOCH='{epoch}' is not a time stamp; set it to whole seconds since "
        "1970-01-01 (e.g. $(git log -1 --format=%ct)) or unset it"
    ]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    status, _, err = run(
        sample, "amend", "mnx/privacy", "--effective", "2016-09-16", "--summary", "x", capsys=capsys
    )
    assert status == 1 and err.startswith(f"error: SOURCE_DATE_EPOCH='{epoch}' is not a time stamp")


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("2025-06-01", None),
        ('"2025-06-01"', None),
        ('"2024-13-01"', "'2024-13-01' is not a date: write it as YYYY-MM-DD"),
        ("soon", "'soon' is not a date: write it as YYYY-MM-DD"),
    ],
    ids=["yaml-date", "quoted", "impossible", "word"],
)
def test_the_option_today_takes_a_date_written_either_way(
    sample: Path, tmp_path: Path, value: str, error: str | None
) -> None:
    """Report 14 (79) and WEAK 81: the README's own unquoted example failed."""
    config = sample / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "cache_dir: .cache/policies", f"cache_dir: .cache/policies\n      today: {value}"
        ),
        "utf-8",
    )
    result = mkdocs_build(sample, tmp_path / "out", {})
    assert "Traceback" not in result.stderr
    if error is None:
        assert result.returncode == 0, result.stderr
        page = parse_page(tmp_path / "out/example/privacy/index.html")
        assert "takes effect on 1 March 2027" in page.text_content()
    else:
        assert result.returncode == 1
        assert f"option 'today': {error}" in result.stderr


# --- report 12 (58, 61): typed heading numbers --------------------------------------------


@pytest.mark.parametrize(
    ("heading", "number"),
    [
        ("## 1. What cookies are", "1."),
        ("## 3. A. Definitions", "3."),
        ("### 2a) Details", "2a)"),
        ("## 4. 3) Your choices", "4."),
        ("## iv. Rights", "iv."),
        ("## A. Scope {#scope}", "A."),
    ],
)
def test_a_typed_heading_number_is_a_located_error(
    site: Path, tmp_path: Path, heading: str, number: str
) -> None:
    """Hand-typed numbers were doubled ("1. 1. What cookies are"), anchors got numbers."""
    policy = site / "policies/acme/cookies.md"
    policy.write_text(policy.read_text("utf-8") + f"\n{heading}\n\nText.\n", "utf-8")
    line = policy.read_text("utf-8").splitlines().index(heading) + 1
    title = heading.lstrip("# ").split(" {")[0]
    expected = (
        f"policies/acme/cookies.md:{line}: heading '{title}' starts with a typed number "
        f"('{number}'); numbers are generated; remove it; if the number is part of the title, "
        "add {.number-in-title}"
    )
    with pytest.raises(PolicyError) as raised:
        from generator.site.live import render_library

        render_library(load_library(site / "policies", site))
    assert str(raised.value) == expected
    result = mkdocs_build(site, tmp_path / "out", ENV)
    assert error_lines(result.stderr) == [expected]


def test_a_number_that_is_part_of_the_title_is_kept_when_marked(site: Path, tmp_path: Path) -> None:
    policy = site / "policies/acme/cookies.md"
    policy.write_text(
        policy.read_text("utf-8")
        + "\n## 1984. The year we began {.number-in-title}\n\nText.\n\n## 2024 changes\n\nMore.\n",
        "utf-8",
    )
    result = mkdocs_build(site, tmp_path / "out", ENV)
    assert result.returncode == 0, result.stderr
    page = parse_page(tmp_path / "out/acme/cookies/index.html")
    heading = page.xpath("//h2[@id='section-1984-the-year-we-began']")[0]
    assert "number-in-title" not in (heading.get("class") or "")
    assert " ".join(heading.text_content().split()).endswith("1984. The year we began¶")
    assert page.xpath("//h2[@id='section-2024-changes']")
