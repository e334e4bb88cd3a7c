"""The policy-site command line: one line per mistake, no traceback."""

from __future__ import annotations

import io
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.files import locked
from generator.content.library import load_library
from generator.errors import did_you_mean, unknown_key_hint
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


# --- new ----------------------------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (the lock file aside), to compare before and after."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != ".policy-site.lock"
    }


def test_new_writes_a_company_and_a_policy_skeleton_with_placeholders(
    in_site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")  # 2025-06-01
    status, out, err = run(["new", "initech/privacy"], capsys)
    assert (status, err) == (0, [])
    assert out == (
        "wrote policies/initech/company.md\n"
        "wrote policies/initech/privacy.md\n"
        "fill in 8 placeholders (check, release and builds refuse them until then):\n"
        "  policies/initech/company.md:2: [FILL IN] display name, e.g. Acme\n"
        "  policies/initech/company.md:3: [FILL IN] registered name, e.g. Acme Ltd\n"
        "  policies/initech/company.md:4: [FILL IN] privacy contact, e.g. "
        "privacy@initech.example\n"
        "  policies/initech/company.md:5: [FILL IN] e.g. https://initech.example\n"
        "  policies/initech/privacy.md:2: [FILL IN] title, e.g. Privacy Policy\n"
        "  policies/initech/privacy.md:10: [FILL IN] The opening paragraph: whom this policy "
        "is for and what it covers.\n"
        "  policies/initech/privacy.md:12: ## [FILL IN] Title of the first section\n"
        "  policies/initech/privacy.md:14: [FILL IN] The text of the first section.\n"
        "shared clauses: 'policy-site clauses' lists them, 'policy-site clauses NAME' prints "
        "the line to paste\n"
        "then release it: policy-site release initech/privacy --effective 2025-06-01\n"
    )
    policy = (in_site / "policies/initech/privacy.md").read_text()
    assert "\neffective: 2025-06-01\nnumbering: decimal  " in policy
    assert "\n  - date: 2025-06-01\n    summary: First version.\n---\n" in policy
    status, _, err = run(["check"], capsys)
    assert (status, err) == (1, [
        "error: policies/initech/company.md:2: field 'name' is still a placeholder ('[FILL IN] "
        "display name, e.g. Acme'); write the real value (3 more in this file)"
    ])  # fmt: skip


def fill(path: Path, values: list[str]) -> None:
    """Write ``values`` over the placeholders of ``path``, in order: a quoted front-matter
    value, or the rest of a line of text."""
    text = path.read_text()
    for value in values:
        quoted = '"[FILL IN]' in text.split("\n---\n", 1)[0]
        pattern = r'"\[FILL IN\][^"]*"' if quoted else r"\[FILL IN\][^\n]*"
        text = replace_first(pattern, json.dumps(value) if quoted else value, text)
    path.write_text(text)


def replace_first(pattern: str, value: str, text: str) -> str:
    """``text`` with the first match of ``pattern`` replaced by ``value``, as it is."""
    return re.sub(pattern, lambda _: value, text, count=1)


def test_new_with_every_fact_writes_no_placeholder_and_its_policy_releases_as_it_says(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = ["--name", "Initech", "--legal-name", "Initech LLC: software #1"]
    facts += ["--email", "privacy@initech.example", "--website", "https://initech.example"]
    status, out, _ = run(["new", "initech", *facts], capsys)
    assert (status, out) == (
        0,
        "wrote policies/initech/company.md\nthen add a policy: policy-site new initech/POLICY\n",
    )
    company = (in_site / "policies/initech/company.md").read_text()
    assert 'legal_name: "Initech LLC: software #1"  ' in company
    assert "\nname: Initech  " in company and "\nemail: privacy@initech.example  " in company
    args = ["new", "initech/privacy", "--title", "Privacy", "--effective", "2025-01-01"]
    status, out, _ = run([*args, "--numbering", "letter"], capsys)
    assert status == 0 and out.count("  policies/initech/privacy.md:") == 3
    assert out.endswith(
        "then release it: policy-site release initech/privacy --effective 2025-01-01\n"
    )
    path = in_site / "policies/initech/privacy.md"
    fill(path, ["Initech's privacy policy.", "## What we keep", "Your name."])
    assert "numbering: letter" in path.read_text()
    status, out, err = run(["release", "initech/privacy", "--effective", "2025-01-01"], capsys)
    assert (status, err) == (0, [])
    assert out.startswith("released initech/privacy, version 2025-01-01: ")
    assert out.endswith("): First version.\n")
    assert load_library(in_site / "policies").policies["initech/privacy"].changes[0].sha256


NEW_REFUSALS = [
    (["acme"], "policies/acme/company.md exists already; 'new' never replaces a file: edit "
     "it, or add a policy with 'policy-site new acme/POLICY'"),
    (["acme/privacy"], "policies/acme/privacy.md exists already; 'new' never replaces a file: "
     "edit it, or choose another policy name"),
    (["acme/terms", "--email", "x@acme.test"], "--email: company 'acme' exists already; "
     "edit its facts in policies/acme/company.md"),
    (["Acme"], "'Acme' is not a valid company name; use lowercase letters, digits and hyphens "
     "(e.g. 'acme-widgets')"),
    (["clauses"], "'clauses' cannot be a company name: the site uses it already; choose "
     "another, e.g. 'general-terms'"),
    (["acme/company"], "'company' cannot be a policy name: the site uses it already; choose "
     "another, e.g. 'general-terms'"),
    (["acme/"], "'acme/' is not COMPANY or COMPANY/POLICY; e.g. 'policy-site new acme' or "
     "'policy-site new acme/privacy'"),
    (["a/b/c"], "'a/b/c' is not COMPANY or COMPANY/POLICY; e.g. 'policy-site new acme' or "
     "'policy-site new acme/privacy'"),
    (["initech", "--email", "privacy"], "--email 'privacy' is not an email address; e.g. "
     "--email privacy@acme.example"),
    (["initech", "--website", "ftp://initech.example"], "--website 'ftp://initech.example' "
     "is not a web address; e.g. --website https://acme.example"),
    (["initech", "--name", " "], '--name needs one line of text; --name "..."'),
    (["initech", "--legal-name", "A\nB"], '--legal-name needs one line of text; '
     '--legal-name "..."'),
    (["initech", "--title", "Terms"], "--title is an option of a policy; name one: "
     "initech/POLICY"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), NEW_REFUSALS, ids=lambda v: str(v)[:30])
def test_new_refuses_in_one_line_and_writes_nothing(
    in_site: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = tree(in_site / "policies")
    status, out, err = run(["new", *args], capsys)
    assert (status, out, err) == (1, "", [f"error: {message}"])
    assert tree(in_site / "policies") == before


def test_new_takes_the_lock_of_the_policies_folder(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with locked(in_site / "policies", "policies"):
        status, _, err = run(["new", "initech/privacy"], capsys)
    assert (status, err) == (1, [
        "error: another policy-site command is changing policies right now; wait for it to "
        "finish, then run this one again"
    ])  # fmt: skip
    assert not (in_site / "policies/initech").exists()


def test_new_needs_the_policies_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = run(["new", "acme"], capsys)
    assert (status, err) == (1, [
        "error: policies: policies folder not found; run the command in the site's folder, "
        "or name the folder with --policies"
    ])  # fmt: skip


def test_new_notes_a_company_named_like_an_existing_one(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["new", "acm/privacy", "--title", "Privacy"], capsys)
    assert status == 0 and "note: 'acm' is a new company; existing: acme\n" in out


def test_a_placeholder_left_in_fails_the_build_at_its_line(
    in_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "acme/terms", "--title", "Terms"]) == 0
    fill(in_site / "policies/acme/terms.md", ["Our terms.", "## Use"])
    built = mkdocs_build(in_site, tmp_path / "out")
    assert built.returncode == 1
    assert error_lines(built.stderr) == [
        "policies/acme/terms.md:14: placeholder left in the text ('[FILL IN] The text of "
        "the first section.'); write the text it stands for"
    ]


# --- clauses --------------------------------------------------------------------------------


def test_clauses_lists_each_clause_with_its_parameters_condition_and_users(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["clauses"], capsys)
    assert (status, err) == (0, [])
    assert out == (
        "contact-us: Contact us\n"
        "  How to reach the company, built from its facts.\n"
        '  parameters: heading (default: "Contact us")\n'
        "  when: company.email\n"
        "  used by: acme/privacy, globex/privacy\n"
        "  links to: [§ data-retention]\n"
        "retention: Data retention\n"
        "  parameters: period (required)\n"
        "  used by: acme/privacy, globex/privacy\n"
        "\n"
        "the documentation of one, and the line to paste: policy-site clauses NAME\n"
    )


def test_clauses_name_prints_its_documentation_and_the_line_to_paste(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["clauses", "retention"], capsys)
    assert (status, out) == (0, (
        "retention: Data retention\n"
        "file: policies/clauses/retention.md\n"
        "\n"
        "parameters:\n"
        "  period (required)\n"
        "      How long data is kept.\n"
        "used by: acme/privacy, globex/privacy\n"
        "\n"
        "Paste this line, on a line of its own, into a policy, then replace the example "
        "values with your own words:\n"
        "\n"
        '{% clause "retention" period="How long data is kept." %}\n'
    ))  # fmt: skip


def test_clauses_reads_a_library_with_placeholders_and_notes_a_policy_it_cannot_expand(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "initech/privacy"]) == 0
    write(in_site / "policies/globex/terms.md", "---\ntitle: T\neffective: 2024-01-01\n---\n"
          '{% clause "retention" %}\n')  # fmt: skip
    capsys.readouterr()
    status, out, err = run(["clauses", "retention"], capsys)
    assert (status, err) == (0, [])
    assert (
        "note: not counted in 'used by' (run 'policy-site check'): policies/globex/terms.md:5: "
        "clause 'retention' needs parameter 'period'"
    ) in out


def test_clauses_refuses_an_unknown_name_with_the_nearest(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(["clauses", "contact"], capsys)
    assert (status, err) == (1, ["error: clause 'contact' not found; did you mean 'contact-us'?"])


def test_every_shipped_clauses_include_lines_build_when_pasted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each line ``clauses NAME`` prints, pasted as it is into a policy, builds (the short
    line in one policy, the line with every parameter in another: both use the same ids)."""
    site = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, site)
    shutil.rmtree(site / "policies/clauses")
    shutil.copytree(ROOT / "policies/clauses", site / "policies/clauses")
    write(site / "policies/acme/privacy.md", "---\ntitle: Privacy\neffective: 2024-01-01\n---\n")
    write(site / "policies/acme/cookies.md", "---\ntitle: Cookies\neffective: 2024-01-01\n---\n")
    write(site / "policies/acme/company.md", (FIXTURE_SITE / "policies/acme/company.md")
          .read_text().replace("email: privacy@acme.test\n", "email: privacy@acme.test\n"
                               "facts:\n  dpo_email: dpo@acme.test\n"))  # fmt: skip
    shutil.rmtree(site / "policies/globex")
    monkeypatch.chdir(site)
    assert main(["clauses"]) == 0
    names = re.findall(r"^([a-z-]+): ", capsys.readouterr().out, re.M)
    assert len(names) == len(list((ROOT / "policies/clauses").glob("*.md")))
    for name in names:
        assert main(["clauses", name]) == 0
        lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("{%")]
        for path, line in zip(("privacy", "cookies"), [*lines, lines[0]], strict=False):
            with (site / f"policies/acme/{path}.md").open("a") as policy:
                policy.write(f"\n{line}\n")
    built = mkdocs_build(site, tmp_path / "out")
    assert built.returncode == 0, error_lines(built.stderr) or built.stderr[-2000:]
    page = parse_page(tmp_path / "out/acme/privacy/index.html").text_content()
    for words in ("Data protection officer", "dpo@acme.test", "Who we are",
                  "We keep account data for 24 months after the account is closed",
                  "please contact us at privacy@acme.test."):  # fmt: skip
        assert words in page


# --- status ---------------------------------------------------------------------------------


def status_of(key: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The lines ``status`` prints about ``key``."""
    assert main(["status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}  "))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("  ")), None)
    return lines[start:end]


def test_status_lists_the_changed_sections_and_the_command_that_releases_them(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert status_of("acme/privacy", capsys) == [
        "acme/privacy  (latest release: never)  changed: never released",
        "  release it: policy-site release acme/privacy --effective 2024-03-01",
    ]
    assert main(["release", "acme/privacy", "--effective", "2024-03-01"]) == 0
    path = in_site / "policies/acme/privacy.md"
    text = path.read_text().replace("two years", "three years")
    text = text.replace('### Who we are\n\nWe are at {{ company.address | join(", ") }}.\n', "")
    text = text.replace("## Cookies\n", "## Children {#children}\n\nNone.\n\n## Cookies\n")
    path.write_text(text)
    capsys.readouterr()
    lines = status_of("acme/privacy", capsys)
    assert lines == [
        "acme/privacy  (latest release: 2024-03-01)  changed: its own file changed",
        "  sections: changed data-retention; added children; removed who-we-are",
        "  release it: policy-site release acme/privacy --effective YYYY-MM-DD "
        '--summary "..." --sections data-retention,children',
    ]
    command = shlex.split(lines[-1].split(": ", 1)[1].replace("YYYY-MM-DD", "2025-01-01"))
    assert main([*command[1:-4], "--summary", "Longer retention.", *command[-2:]]) == 0
    changes = load_library(in_site / "policies").policies["acme/privacy"].changes
    assert changes[0].sections == ("data-retention", "children")


def test_status_names_the_opening_text_and_the_front_matter_and_adopts_a_written_entry(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["release", "acme/privacy", "--effective", "2024-03-01"]) == 0
    path = in_site / "policies/acme/privacy.md"
    text = path.read_text().replace("title: Privacy Policy", "title: Privacy Notice")
    text = text.replace("This policy explains", "This notice explains")
    path.write_text(text.replace("changes:\n", "changes:\n  - date: 2025-02-01\n"
                                 "    summary: Renamed.\n", 1))  # fmt: skip
    capsys.readouterr()
    assert status_of("acme/privacy", capsys)[1:] == [
        "  sections: opening text changed; title changed",
        "  release it: policy-site release acme/privacy --effective 2025-02-01",
    ]


# --- unknown policies -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "render acme/privacy",
        "release acme/privacy --effective 2025-01-01 --summary S.",
        "amend acme/privacy --effective 2024-03-01 --summary S.",
        "seal acme/privacy",
        "release --all-changed --effective 2025-01-01 --summary S. --summary-for acme/privacy S.",
    ],
)
def test_an_unknown_policy_suggests_the_nearest_company_then_policy(
    in_site: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """``acme/privacy`` is nearest ``acme-widgets/privacy`` (the company named first), not
    ``example/privacy``, whose whole name looks more like it."""
    policies = in_site / "policies"
    (policies / "acme").rename(policies / "acme-widgets")
    shutil.copytree(policies / "globex", policies / "example")
    status, _, err = run(command.split(), capsys)
    assert (status, err) == (
        1, ["error: unknown policy 'acme/privacy'; did you mean 'acme-widgets/privacy'?"]
    )  # fmt: skip


def test_an_unknown_policy_of_a_known_company_lists_its_policies(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(["render", "acme/terms"], capsys)
    assert (status, err) == (
        1, ["error: unknown policy 'acme/terms'; policies of acme: acme/cookies, acme/privacy"]
    )  # fmt: skip


# --- release reports a moved effective date ----------------------------------------------------


def test_release_says_when_it_changes_the_policys_effective_field(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["release", "acme/privacy", "--effective", "2024-03-01"], capsys)
    assert status == 0 and "effective:" not in out
    path = in_site / "policies/acme/privacy.md"
    path.write_text(path.read_text().replace("two years", "three years"))
    args = ["release", "acme/privacy", "--effective", "2025-01-01", "--summary", "Longer."]
    status, out, _ = run([*args, "--dry-run"], capsys)
    assert out.splitlines()[1:] == [
        "  policies/acme/privacy.md: effective: is 2024-03-01, would be 2025-01-01"
    ]
    status, out, _ = run(args, capsys)
    assert out.splitlines()[1:] == [
        "  policies/acme/privacy.md: effective: was 2024-03-01, now 2025-01-01"
    ]
    assert "\neffective: 2025-01-01\n" in path.read_text()


# --- closed pipes and operating-system errors --------------------------------------------------


def policy_site_command() -> str:
    return str(Path(shutil.which("policy-site") or ROOT / ".venv/bin/policy-site"))


def read_one_line_then_close(site: Path, *args: str) -> tuple[bytes, int, bytes]:
    """What ``policy-site ARGS | head -1`` does: one line read, then the pipe closed."""
    process = subprocess.Popen(
        [policy_site_command(), *args],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    errors = process.stderr.read()
    process.stderr.close()
    return first, process.wait(), errors


def test_a_command_whose_reader_goes_away_ends_quietly(site: Path) -> None:
    # The race of a small output (the reader may close before or after the last write):
    # repeated, as 'status | head -1' gave a traceback in about 3 of 10 runs.
    for _ in range(10):
        first, status, errors = read_one_line_then_close(site, "status")
        assert first.startswith(b"acme/cookies  (latest release: never)")
        assert (status, errors) in ((0, b""), (141, b""))


def test_a_command_cut_off_mid_output_exits_141_without_a_traceback(site: Path) -> None:
    # Far more lines than a pipe holds: the command is still printing when the reader leaves.
    for number in range(2000):
        clause = f"---\ntitle: Clause {number}\ndescription: Says {number}.\n---\nText.\n"
        write(site / f"policies/clauses/c{number:04d}.md", clause)
    for _ in range(3):
        first, status, errors = read_one_line_then_close(site, "clauses")
        assert (first, status, errors) == (b"c0000: Clause 0\n", 141, b"")


def test_an_operating_system_error_is_one_line(site: Path) -> None:
    (site / "policies/clauses/broken.md").mkdir()  # a folder where a clause file should be
    result = subprocess.run(
        [policy_site_command(), "check"], cwd=site, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "error: policies/clauses/broken.md:1: cannot be read: it is a folder;"
        " every .md path under policies/ must be a Markdown file: rename or remove it"
    ]


@pytest.mark.parametrize("command", ["check", "status", "clauses", "new"])
def test_an_unexpected_os_error_in_any_command_is_one_line(
    in_site: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(in_site / "policies/acme/x.md"))

    monkeypatch.setattr("generator.cli.load_library", refuse)
    monkeypatch.setattr("generator.cli.apply", refuse)
    status, out, err = run([command, *(["initech"] if command == "new" else [])], capsys)
    assert (status, out) == (1, "")
    assert err == [
        "error: policies/acme/x.md: permission denied; check that you may read and write it"
    ]


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("acme/privacy", "did you mean 'acme-widgets/privacy'?"),
        ("acme-widget/privacy", "did you mean 'acme-widgets/privacy'?"),
        ("exmple/privacy", "did you mean 'example/privacy'?"),
        ("example/privcy", "did you mean 'example/privacy'?"),
        ("example/terms", "policies of example: example/cookies, example/privacy"),
        ("zzz/yyy", "policies: acme-widgets/privacy, example/cookies, example/privacy"),
    ],
)
def test_key_suggestions_take_the_company_first(key: str, hint: str) -> None:
    keys = ["acme-widgets/privacy", "example/cookies", "example/privacy"]
    assert unknown_key_hint(key, keys) == hint


def test_a_cross_link_to_an_unknown_policy_suggests_by_company_too(tmp_path: Path) -> None:
    assert did_you_mean("acme/privacy", ["example/privacy", "acme-widgets/privacy"]) == (
        "did you mean 'acme-widgets/privacy'?"
    )
    # Words that are not keys keep the plain likeness.
    assert did_you_mean("contact", ["contact-us", "security"]) == "did you mean 'contact-us'?"


def test_a_placeholder_in_a_clause_or_a_policy_variable_is_refused_at_its_line(
    in_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clause = in_site / "policies/clauses/retention.md"
    clause.write_text(clause.read_text().replace("How long data is kept.", '"[FILL IN] period"'))
    status, _, err = run(["status"], capsys)
    assert (status, err) == (1, [
        "error: policies/clauses/retention.md:5: field 'parameters.period.description' is "
        "still a placeholder ('[FILL IN] period'); write the real value"
    ])  # fmt: skip
    assert run(["clauses"], capsys)[0] == 0  # the catalogue reads drafts
    clause.write_text(clause.read_text().replace('"[FILL IN] period"', "How long."))
    policy = in_site / "policies/globex/privacy.md"
    policy.write_text(policy.read_text().replace(
        "numbering: none\n", "numbering: none\nvariables:\n  period: '[FILL IN] how long'\n"
    ))  # fmt: skip
    status, _, err = run(["render", "globex/privacy"], capsys)
    assert (status, err) == (1, [
        "error: policies/globex/privacy.md:6: field 'variables.period' is still a placeholder "
        "('[FILL IN] how long'); write the real value"
    ])  # fmt: skip
