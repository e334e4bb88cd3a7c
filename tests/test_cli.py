"""The policy-site command line: one line per mistake, no traceback."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.library import load_library
from generator.releases.integrity import check_integrity
from tests.helpers import FIXTURE_SITE, ROOT, error_lines, mkdocs_build, parse_page, write
from tests.sites import set_plugin_options


def test_check_reports_counts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURE_SITE)
    assert main(["check"]) == 0
    assert capsys.readouterr().out.strip() == (
        "unreleased: acme/cookies: never released\n"
        "unreleased: acme/privacy: never released\n"
        "unreleased: globex/privacy: never released\n"
        "ok: 2 companies, 3 policies, 0 archived versions, 2 clauses, 3 with unreleased changes"
    )


def test_render_prints_html(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURE_SITE)
    assert main(["render", "acme/cookies", "--html"]) == 0
    assert '<h2 id="cookie-list"><span class="secno">2.</span> Cookies we use' in (
        capsys.readouterr().out
    )


def test_error_is_one_line_with_path_and_line(site: Path) -> None:
    write(site / "policies/globex/privacy.md", "---\ntitle: P\neffective: 2024-02-30\n---\n")
    result = subprocess.run(
        [str(Path(shutil.which("policy-site") or ROOT / ".venv/bin/policy-site")), "check"],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: policies/globex/privacy.md:3: field 'effective': expected an ISO date "
        "(YYYY-MM-DD), got '2024-02-30'"
    ]


def test_unknown_policy(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURE_SITE)
    assert main(["render", "acme/terms"]) == 1
    assert "unknown policy 'acme/terms'" in capsys.readouterr().err


# --- import ---------------------------------------------------------------------------

POLICY_TEXT = """Privacy Policy

This policy explains what Newco Ltd does with your data. It was last updated on 4 March 2024.

Data we keep

We keep your name and your email address.

Contact

Write to privacy@newco.example.
"""


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, list[str]]:
    """Run the command; its exit status, standard output and error lines."""
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err.splitlines()


def import_args(source: str, company: str = "newco", *more: str) -> list[str]:
    return ["import", source, "--company", company, "--policy", "privacy", *more]


@pytest.fixture
def in_site(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture site copy as the working folder, with a text to import next to it."""
    monkeypatch.chdir(site)
    write(site / "privacy.txt", POLICY_TEXT)
    return site


def test_import_writes_a_new_company_and_renders(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(import_args("privacy.txt"), capsys)
    assert (status, err) == (0, [])
    assert out.startswith("Recognized:\n  title 'Privacy Policy'; 2 sections")
    assert "  line 5: read the line 'Data we keep' as a heading\n" in out
    assert "wrote policies/newco/privacy.md\n" in out
    assert "wrote policies/newco/company.md: facts proposed from the text, check them\n" in out
    assert out.endswith(
        "ok: newco/privacy renders; check the guesses above, then publish it with "
        "'policy-site release newco/privacy --effective 2024-03-04 --summary \"...\"'\n"
    )
    policy = (in_site / "policies/newco/privacy.md").read_text()
    assert policy.startswith("---\ntitle: Privacy Policy\neffective: 2024-03-04\n")
    assert "\n## Data we keep\n\nWe keep your name and your email address.\n" in policy
    company = (in_site / "policies/newco/company.md").read_text()
    assert "legal_name: Newco Ltd\n" in company and "email: privacy@newco.example\n" in company
    assert main(["render", "newco/privacy"]) == 0


def test_import_never_overwrites_a_policy_without_force(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (in_site / "policies/acme/privacy.md").read_text()
    status, out, err = run(import_args("privacy.txt", "acme"), capsys)
    assert (status, out) == (1, "")
    assert err == [
        "error: policies/acme/privacy.md exists already; add --force to replace its text "
        "(released versions and their change log stay)"
    ]
    assert (in_site / "policies/acme/privacy.md").read_text() == before


def test_import_force_replaces_a_policy_but_never_company_md(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    company = (in_site / "policies/acme/company.md").read_text()
    args = ["import", "privacy.txt", "--company", "acme", "--policy", "terms"]
    status, out, _ = run(args, capsys)
    assert status == 0 and "wrote policies/acme/terms.md\n" in out and "company.md" not in out
    assert run(args, capsys)[0] == 1
    write(in_site / "privacy.txt", POLICY_TEXT.replace("your name", "your full name"))
    status, out, err = run([*args, "--force"], capsys)
    assert (status, err) == (0, [])
    assert "wrote policies/acme/terms.md\n" in out and "company.md" not in out
    assert "your full name" in (in_site / "policies/acme/terms.md").read_text()
    assert (in_site / "policies/acme/company.md").read_text() == company


def test_import_force_keeps_the_change_log_of_released_versions(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["import", "privacy.txt", "--company", "acme", "--policy", "terms"]
    assert main(args) == 0
    assert main(["release", "acme/terms", "--effective", "2024-03-04", "--summary", "First."]) == 0
    capsys.readouterr()
    write(in_site / "privacy.txt", POLICY_TEXT.replace("your name", "your full name"))
    status, out, _ = run([*args, "--force"], capsys)
    assert status == 0
    assert "kept the change log of the released versions (the text's own is not used)" in out
    assert out.rstrip().endswith('--effective YYYY-MM-DD --summary "..."\'')
    assert main(["check"]) == 0
    assert "unreleased: acme/terms: its own file changed" in capsys.readouterr().out


def test_import_reads_standard_input_with_format(
    in_site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(POLICY_TEXT.encode("utf-8")))
    monkeypatch.setattr(sys, "stdin", stdin)
    status, _, err = run(import_args("-", "newco", "--format", "txt", "--title", "Privacy"), capsys)
    assert (status, err) == (0, [])
    assert "title: Privacy\n" in (in_site / "policies/newco/privacy.md").read_text()
    assert (
        "# Proposed by the importer from stdin"
        in (in_site / "policies/newco/company.md").read_text()
    )


def test_import_from_standard_input_needs_a_format(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(import_args("-"), capsys)
    assert status == 1
    assert err == [
        "error: reading the policy from standard input needs --format; add --format txt, md or html"
    ]
    assert not (in_site / "policies/newco").exists()


def test_import_refuses_an_impossible_effective_date(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_status:
        main(import_args("privacy.txt", "newco", "--effective", "2024-02-30"))
    assert exit_status.value.code == 2
    assert "argument --effective: '2024-02-30' is not an ISO date (YYYY-MM-DD)" in (
        capsys.readouterr().err
    )
    assert not (in_site / "policies/newco").exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        pytest.param("binary.txt", b"\x7fELF\x02\x01\x00\x00", "binary.txt:1: this is a binary "
                     "file, not text (it contains NUL bytes); import a .txt, .md or .html file",
                     id="binary"),
        pytest.param("latin1.txt", "Privacy\n\nCaf\u00e9 data.\n".encode("latin-1"),
                     "latin1.txt:3: the file is not valid UTF-8 (byte 0xe9 at column 4)",
                     id="not-utf8"),
        pytest.param("empty.md", b"", "empty.md:1: the file is empty", id="empty"),
        pytest.param("terms.docx", b"PK\x03\x04", "terms.docx: cannot tell the format",
                     id="unknown-suffix"),
    ],
)  # fmt: skip
def test_import_refuses_a_broken_source_in_one_line(
    in_site: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, message: str
) -> None:
    (in_site / name).write_bytes(data)
    status, out, err = run(import_args(name), capsys)
    assert (status, out, len(err)) == (1, "", 1)
    assert err[0].startswith(f"error: {message}")
    assert not (in_site / "policies/newco").exists()


def test_import_reports_a_library_that_no_longer_renders_in_one_line(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_site / "policies/globex/broken.md", "---\ntitle: B\neffective: 2024-01-01\n---\n"
          "See [§ nowhere].\n")  # fmt: skip
    status, out, err = run(import_args("privacy.txt"), capsys)
    assert status == 1
    assert "wrote policies/newco/privacy.md\n" in out
    assert len(err) == 1 and err[0].startswith("error: policies/globex/broken.md:5: ")


# --- import-history ---------------------------------------------------------------------

FIRST_COPY = (
    "# Privacy Policy\n\n## Data we keep\n\nWe keep your name.\n\n## Contact\n\nWrite to us.\n"
)
SAME_AS_FIRST = (
    "<html><head><title>Privacy Policy | Newco</title></head><body><nav>Home</nav><main>"
    "<h1>Privacy Policy</h1><h2>Data we keep</h2><p>We keep your name.</p>"
    "<h2>Contact</h2><p>Write to us.</p></main></body></html>"
)
LAST_COPY = (
    "Privacy Policy\n\nData we keep\n\nWe keep your name and your email address.\n\n"
    "Contact\n\nWrite to us.\n"
)


def copies_folder(root: Path) -> Path:
    folder = root / "copies"
    write(folder / "2021-03-01.md", FIRST_COPY)
    write(folder / "2022-01-15.html", SAME_AS_FIRST)
    write(folder / "2023-06-01.txt", LAST_COPY)
    return folder


def test_import_history_releases_each_distinct_copy_at_its_date(
    in_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copies_folder(tmp_path)
    status, out, err = run(
        ["import-history", str(folder), "--company", "newco", "--policy", "privacy"], capsys
    )
    assert (status, err) == (0, [])
    assert "== 2022-01-15.html\nskipped: same text as the copy of 2021-03-01\n" in out
    assert "released newco/privacy effective 2023-06-01: " in out
    assert out.endswith(
        "ok: newco/privacy: 2 released versions (2021-03-01, 2023-06-01); "
        "the live policy is the latest\n"
    )
    library = load_library(in_site / "policies", in_site)
    check_integrity(library)
    policy = library.policies["newco/privacy"]
    assert [(c.date.isoformat(), c.summary, bool(c.sha256)) for c in policy.changes] == [
        ("2023-06-01", "Imported copy of 2023-06-01", True),
        ("2021-03-01", "Imported copy of 2021-03-01", True),
    ]
    assert [s.effective.isoformat() for s in library.snapshots["newco/privacy"]] == [
        "2021-03-01",
        "2023-06-01",
    ]
    assert main(["status"]) == 0
    assert "newco/privacy  (latest release: 2023-06-01)  released\n" in capsys.readouterr().out

    set_plugin_options(in_site, "      production: false\n")
    built = mkdocs_build(in_site, tmp_path / "out")
    assert built.returncode == 0, error_lines(built.stderr) or built.stderr[-2000:]
    assert "WARNING" not in built.stderr, built.stderr
    first = parse_page(tmp_path / "out/newco/privacy/2021-03-01/index.html")
    last = parse_page(tmp_path / "out/newco/privacy/2023-06-01/index.html")
    assert "We keep your name." in first.text_content()
    assert "email address" not in first.text_content()
    assert "We keep your name and your email address." in last.text_content()


NAMING = "name each copy YYYY-MM-DD.md, .html, .htm or .txt and keep nothing else in the folder"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param("notes.txt", f"notes.txt: not a dated copy; {NAMING}", id="stray-file"),
        pytest.param("2022-01-15.md", "2022-01-15.md: a second copy of 2022-01-15 (also "
                     "2022-01-15.html); keep one copy per date", id="duplicate-date"),
        pytest.param("2022-02-30.md", f"2022-02-30.md: '2022-02-30' is not a date; {NAMING}",
                     id="bad-date"),
    ],
)  # fmt: skip
def test_import_history_refuses_a_folder_with_anything_else(
    in_site: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: str,
    message: str,
) -> None:
    folder = copies_folder(tmp_path)
    write(folder / extra, FIRST_COPY)
    status, out, err = run(
        ["import-history", str(folder), "--company", "newco", "--policy", "privacy"], capsys
    )
    assert (status, out) == (1, "")
    assert err == [f"error: {folder / message}"]
    assert not (in_site / "policies/newco").exists()


def test_import_history_replaces_a_policy_only_with_force_and_never_its_releases(
    in_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "privacy.txt", "--company", "acme", "--policy", "terms"]) == 0
    folder = copies_folder(tmp_path)
    args = ["import-history", str(folder), "--company", "acme", "--policy", "terms"]
    capsys.readouterr()
    status, _, err = run(args, capsys)
    assert status == 1 and err[0].startswith("error: policies/acme/terms.md exists already")
    assert run([*args, "--force"], capsys)[0] == 0
    status, _, err = run([*args, "--force"], capsys)
    assert status == 1
    assert err == [
        "error: acme/terms has released versions already; import-history starts a new "
        "history; import into a new policy name, or import the newer copy with 'import --force' "
        "and release it"
    ]


def test_import_history_stops_before_archiving_a_copy_that_breaks_the_site(
    in_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copies_folder(tmp_path)
    args = ["import-history", str(folder), "--company", "acme", "--policy", "privacy", "--force"]
    status, _, err = run(args, capsys)
    assert status == 1
    assert err == [
        "error: policies/acme/cookies.md:16: cross-link '[the privacy policy][§ privacy#intro]': "
        f"could not find section 'intro' in acme/privacy (with the copy {folder}/2021-03-01.md "
        "imported); ids in acme/privacy: data-we-keep, contact"
    ]
    assert not (in_site / "policies/acme/archive").exists()
