"""The PDF of every released version (issue 15, item 6): real WeasyPrint output read back
with pypdf; what its metadata and last page prove, the links to it, the cache, hostile
input and the files it may read."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.publish import pdf_engine
from generator.publish.pdf_engine import libraries_problem, site_file
from generator.site import urls
from generator.site.pages.pdf import fill_sizes, format_size
from tests.builders import build_command
from tests.helpers import SAMPLE_DATE_EPOCH, mkdocs_build, parse_page, write
from tests.sites import edit, release_history, release_now, set_plugin_options

ENV = {"SOURCE_DATE_EPOCH": SAMPLE_DATE_EPOCH}
_COUNTS = re.compile(r"(\d+) PDFs from the cache, (\d+) rendered")


def released_versions(site_dir: Path) -> list[tuple[str, dict[str, object]]]:
    """Every released version a built site lists in its versions.json files."""
    found = []
    for listing in sorted(site_dir.glob("*/*/versions.json")):
        document = json.loads(listing.read_text("utf-8"))
        found.extend((str(document["key"]), version) for version in document["versions"])
    return found


def read_pdf(path: Path) -> PdfReader:
    return PdfReader(io.BytesIO(path.read_bytes()))


def flat(text: str) -> str:
    """Extracted text without its line breaks and spaces (a long address wraps)."""
    return re.sub(r"\s+", "", text)


def pdf_counts(stderr: str) -> tuple[int, int]:
    found = _COUNTS.search(stderr)
    assert found, stderr
    return int(found.group(1)), int(found.group(2))


# --- the sample site ------------------------------------------------------------------


def test_every_released_version_of_the_sample_has_a_pdf_that_names_its_hash_and_address(
    sample_site: Path,
) -> None:
    versions = released_versions(sample_site)
    assert len(versions) >= 10
    for key, version in versions:
        path = sample_site / str(version["pdf_path"])
        assert path == sample_site / urls.version_pdf(key, _date(version["effective"]))
        reader = read_pdf(path)
        meta = reader.metadata
        assert meta is not None, path
        assert meta["/sha256"] == version["sha256"], path
        assert meta["/url"] == version["url"], path
        assert meta["/effective"] == version["effective"], path
        assert str(version["title"]) in str(meta.title) and "version of" in str(meta.title)
        # Dates come from the version, never from the build's clock.
        assert str(meta["/CreationDate"]) <= "D:" + str(version["effective"]).replace("-", "")
        last = flat(reader.pages[-1].extract_text())
        assert flat(str(version["url"])) in last and str(version["sha256"]) in last, path
        assert "sha256sum" in last
        first = reader.pages[0].extract_text()
        assert str(version["title"]) in first.replace("\n", " "), path


def test_the_pdf_shows_the_page_s_text_and_its_running_header(sample_site: Path) -> None:
    reader = read_pdf(sample_site / "mono/privacy/2013-11-06.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    page = parse_page(sample_site / "mono/privacy/2013-11-06/index.html")
    headings = [" ".join(h.text_content().split()) for h in page.iter("h2")]
    assert len(headings) > 10
    for heading in headings:  # every section, none lost at a page break
        assert heading.rstrip("¶") in " ".join(text.split()), heading
    assert len(reader.pages) > 3
    for number, pdf_page in enumerate(reader.pages, start=1):
        words = pdf_page.extract_text()
        assert f"Page {number} of {len(reader.pages)}" in words
        assert "mono.net · Privacy Policy · version of 6 November 2013" in words


def test_pages_link_each_pdf_with_its_size_and_the_links_resolve(sample_site: Path) -> None:
    for key, version in released_versions(sample_site):
        pdf = sample_site / str(version["pdf_path"])
        size = f"({format_size(pdf.stat().st_size)})"
        pages = {
            "version page": urls.version_page(key, _date(version["effective"])),
            "history": urls.history_page(key),
        }
        if version["state"] == "current":
            pages["current page"] = urls.policy_page(key)
        for what, src_uri in pages.items():
            page_url = urls.page_url(src_uri)
            page = parse_page(sample_site / page_url / "index.html")
            links = [
                link
                for link in page.iter("a")
                if link.get("type") == "application/pdf"
                and urls.resolve(page_url, link.get("href")) == version["pdf_path"]
            ]
            assert len(links) == 1, (what, key, version["effective"])
            words = " ".join(links[0].text_content().split())
            assert words.startswith("PDF") and words.endswith(size), (what, words)
            if what != "history":
                assert words == f"PDF of this version {size}"
                assert links[0].getparent().get("class") == "policy-status__pdf"


def test_versions_json_names_each_pdf(sample_site: Path) -> None:
    for key, version in released_versions(sample_site):
        assert version["pdf_path"] == urls.version_pdf(key, _date(version["effective"]))
        assert version["pdf_url"] == urls.absolute_url(
            "http://127.0.0.1:8000/", str(version["pdf_path"])
        )
        document = json.loads((sample_site / str(version["document_path"])).read_text("utf-8"))
        assert document["pdf_path"] == version["pdf_path"]


def _date(value: object) -> dt.date:
    return dt.date.fromisoformat(str(value))


# --- the fixture site: drafts, the cache, the option, hostile input -------------------


@pytest.fixture
def released(site: Path) -> Path:
    """The fixture site with its shared history released and the plugin's cache on."""
    release_history(site)
    set_plugin_options(site, "      today: '2025-06-01'\n      cache_dir: cache\n")
    return site


def test_a_draft_has_no_pdf_and_its_page_links_none(released: Path, tmp_path: Path) -> None:
    edit(released / "policies/acme/cookies.md", "Small files.", "Small text files.")
    set_plugin_options(released, "      today: '2025-06-01'\n      production: false\n")
    result = mkdocs_build(released, tmp_path / "out", ENV)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert "acme/cookies.md: showing unreleased changes as a draft" in result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf")) == [
        "acme/cookies/2024-04-01.pdf",
        "acme/privacy/2024-04-01.pdf",
        "acme/privacy/2025-01-01.pdf",
        "acme/privacy/2026-01-01.pdf",
        "globex/privacy/2024-04-01.pdf",
        "globex/privacy/2025-01-01.pdf",
    ]
    draft = (out / "acme/cookies/index.html").read_text("utf-8")
    assert "Unreleased draft" in draft and "application/pdf" not in draft


def test_a_warm_build_renders_no_pdf_and_writes_the_same_bytes(
    released: Path, tmp_path: Path
) -> None:
    cold = mkdocs_build(released, tmp_path / "cold", ENV)
    assert cold.returncode == 0, cold.stderr
    assert pdf_counts(cold.stderr) == (0, 6)
    warm = mkdocs_build(released, tmp_path / "warm", {**ENV, "PYTHONWARNINGS": "ignore"})
    assert warm.returncode == 0, warm.stderr
    assert pdf_counts(warm.stderr) == (6, 0)
    made = sorted(p.relative_to(tmp_path / "cold") for p in (tmp_path / "cold").rglob("*.pdf"))
    assert len(made) == 6
    for relative in made:
        assert (tmp_path / "warm" / relative).read_bytes() == (
            tmp_path / "cold" / relative
        ).read_bytes()
    # A damaged entry is not used: that PDF is rendered again, to the same bytes.
    entries = sorted(p for p in (released / "cache/pdf").rglob("*") if p.is_file())
    assert len(entries) == 6
    entries[0].write_bytes(entries[0].read_bytes()[:-10])
    again = mkdocs_build(released, tmp_path / "again", ENV)
    assert pdf_counts(again.stderr) == (5, 1)
    for relative in made:
        assert (tmp_path / "again" / relative).read_bytes() == (
            tmp_path / "cold" / relative
        ).read_bytes()


def test_a_new_release_renders_only_the_pdfs_whose_text_or_page_changed(
    released: Path, tmp_path: Path
) -> None:
    assert mkdocs_build(released, tmp_path / "first", ENV).returncode == 0
    edit(released / "policies/globex/privacy.md", "Names.", "Names and addresses.")
    release_now(released, "globex/privacy", "2025-03-01", "Addresses.")
    result = mkdocs_build(released, tmp_path / "second", ENV)
    assert result.returncode == 0, result.stderr
    # The new version's PDF, and that of acme/privacy's upcoming version, whose cross-link
    # now lands on it; the texts of the others did not change.
    assert pdf_counts(result.stderr) == (5, 2)


def test_pdf_false_publishes_no_pdf_and_links_none(released: Path, tmp_path: Path) -> None:
    set_plugin_options(released, "      today: '2025-06-01'\n      pdf: false\n")
    result = mkdocs_build(released, tmp_path / "out", ENV)
    assert result.returncode == 0, result.stderr
    assert "PDFs from the cache" not in result.stderr
    out = tmp_path / "out"
    assert not list(out.rglob("*.pdf"))
    for page in out.rglob("*.html"):
        assert "application/pdf" not in page.read_text("utf-8"), page
    versions = json.loads((out / "acme/privacy/versions.json").read_text("utf-8"))
    assert {v["pdf_path"] for v in versions["versions"]} == {None}


def test_hostile_titles_are_text_in_the_pdf_and_its_metadata(site: Path, tmp_path: Path) -> None:
    title = "<script>alert(\"x\")</script> & 'Quotes' (a) \\ Policy"
    edit(site / "policies/acme/privacy.md", "title: Privacy Policy", f"title: {json.dumps(title)}")
    edit(site / "policies/acme/company.md", "name: Acme", 'name: "Acme <b>&amp;</b> \\"Co\\""')
    # An author's comment shaped like a size slot stays a comment: only the generator's
    # own slots (status bars, history rows) are filled.
    slot = "<!--policy-pdf-size:acme/privacy/2024-04-01.pdf-->"
    edit(
        site / "policies/acme/privacy.md",
        "This policy explains how",
        f"{slot}\n\nThis policy explains how",
    )
    release_history(site, until=3)
    result = mkdocs_build(site, tmp_path / "out", ENV)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    reader = read_pdf(tmp_path / "out/acme/privacy/2024-04-01.pdf")
    meta = reader.metadata
    assert meta is not None
    assert meta.title == f'Acme <b>&amp;</b> "Co" — {title} — version of 1 April 2024'
    assert title in " ".join(reader.pages[0].extract_text().split())
    page = (tmp_path / "out/acme/privacy/2024-04-01/index.html").read_text("utf-8")
    assert slot in page and "PDF of this version (" in page


def test_the_pdf_leaves_out_files_outside_the_site_and_says_where(
    site: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", "utf-8")
    edit(
        site / "policies/acme/privacy.md",
        "This policy explains how",
        f'![logo](/etc/passwd)\n\n<img alt="x" src="file://{secret}">\n\nThis policy explains how',
    )
    release_history(site, until=3)
    result = mkdocs_build(site, tmp_path / "out", ENV)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    snapshot = "policies/acme/archive/privacy/2024-04-01.md"
    text = (site / snapshot).read_text("utf-8").splitlines()
    lines = [n for n, line in enumerate(text, 1) if "/etc/passwd" in line or "secret" in line]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    for line, url in zip(lines, ("/etc/passwd", f"file://{secret}"), strict=True):
        assert any(
            f"{snapshot}:{line}: the PDF of acme/privacy of 2024-04-01 leaves out" in w and url in w
            for w in warnings
        ), (url, warnings)
    # Without --strict the site is built, and the PDF holds nothing of those files.
    relaxed = site / "mkdocs.yml"
    relaxed.write_text(relaxed.read_text("utf-8") + "strict: false\n", "utf-8")
    result = subprocess.run(
        build_command("-d", str(tmp_path / "relaxed")),
        cwd=site,
        env={**os.environ, **ENV, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = (tmp_path / "relaxed/acme/privacy/2024-04-01.pdf").read_bytes()
    assert b"TOP SECRET" not in data and b"root:x:0" not in data


def test_the_fetcher_reads_regular_files_of_the_site_only(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site / "assets/a b.css", "p {}")
    write(site / "page/index.html", "<p>")
    write(tmp_path / "outside.css", "p {}")
    (site / "link.css").symlink_to(tmp_path / "outside.css")
    (site / "inner.css").symlink_to(site / "assets/a b.css")
    root = "https://policies.example/"
    assert site_file(site, root, root + "assets/a%20b.css?v=1#x") == (site / "assets/a b.css")
    assert site_file(site, root, root + "inner.css") == (site / "assets/a b.css").resolve()
    for refused in (
        root + "link.css",  # a link that leads out of the site
        root + "../outside.css",
        root + "assets/%2e%2e/%2e%2e/outside.css",
        root + "page/",  # a folder
        root + "missing.css",
        root,
        "https://elsewhere.example/assets/a%20b.css",
        f"file://{site}/assets/a%20b.css",
        "file:///etc/passwd",
    ):
        assert site_file(site, root, refused) is None, refused


def test_missing_system_libraries_are_one_line_with_the_fix(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        pdf_engine, "_SYSTEM_LIBRARIES", (("Pango", ("libpango-missing-1.0.so.0",)),)
    )
    problem = libraries_problem()
    assert problem is not None and "Pango" in problem and "make pdf-libraries" in problem
    assert "apt-get install libpango-1.0-0" in problem and "pdf: false" in problem
    # The same in a real build: one error line, no traceback, nothing built.
    script = (
        "import sys; import generator.publish.pdf_engine as e; "
        "e._SYSTEM_LIBRARIES = (('Pango', ('libpango-missing-1.0.so.0',)),); "
        "from mkdocs.__main__ import cli; sys.argv = ['mkdocs', 'build', '--strict', '-d', "
        f"{str(tmp_path / 'out')!r}]; cli()"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=site,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "Pango" in line]
    assert len(errors) == 1 and "make pdf-libraries" in errors[0], result.stderr
    assert not (tmp_path / "out/acme").exists()
    # With PDFs off, the same machine builds the site.
    set_plugin_options(site, "      pdf: false\n")
    shutil.rmtree(tmp_path / "out", ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=site,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_size_slots_are_filled_with_known_sizes_only() -> None:
    html = (
        '<a href="a.pdf">PDF<!--policy-pdf-size:x/a.pdf--></a>'
        '<a href="b.pdf">PDF<!--policy-pdf-size:x/b.pdf--></a>'
    )
    assert fill_sizes(html, {"x/a.pdf": 19_500}) == (
        '<a href="a.pdf">PDF (19 KB)</a><a href="b.pdf">PDF</a>'
    )
    assert format_size(100) == "1 KB" and format_size(3_500_000) == "3.3 MB"


def test_without_a_site_url_a_pdf_names_its_path_and_links_no_page(
    site: Path, tmp_path: Path
) -> None:
    config = site / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("site_url: http://127.0.0.1:8000/\n", ""))
    release_history(site, until=3)
    result = mkdocs_build(site, tmp_path / "out", ENV)
    assert result.returncode == 0, result.stderr
    reader = read_pdf(tmp_path / "out/acme/privacy/2024-04-01.pdf")
    assert reader.metadata is not None
    assert reader.metadata["/url"] == "/acme/privacy/2024-04-01/"
    assert "/acme/privacy/2024-04-01/" in flat(reader.pages[-1].extract_text())
    targets = [
        str(annotation.get_object()["/A"].get("/URI", ""))
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    # No link into the site (it has no address); links elsewhere stay.
    assert not [t for t in targets if "site.invalid" in t or t.startswith("file:")], targets


# --- review of 2026-11-30: cache, author styles, stylesheets, file modes ---------------


def _image(path: Path, colour: str) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), colour).save(path)


def test_a_changed_image_is_printed_again_not_taken_from_the_cache(
    site: Path, tmp_path: Path
) -> None:
    """An image kept beside the policies is not in the cache key (made before the PDF is
    printed): a warm build served the PDF with the old image."""
    _image(site / "policies/acme/logo.png", "red")
    edit(
        site / "policies/acme/cookies.md",
        "Small files.",
        "Small files.\n\n![Our logo](/acme/logo.png)",
    )
    release_history(site, until=3)
    set_plugin_options(site, "      today: '2025-06-01'\n      cache_dir: cache\n")
    first = mkdocs_build(site, tmp_path / "first", ENV)
    assert first.returncode == 0, first.stderr
    pdf = "acme/cookies/2024-04-01.pdf"
    assert b"/Subtype /Image" in (tmp_path / "first" / pdf).read_bytes()
    warm = mkdocs_build(site, tmp_path / "warm", ENV)
    assert pdf_counts(warm.stderr)[1] == 0
    _image(site / "policies/acme/logo.png", "blue")
    changed = mkdocs_build(site, tmp_path / "changed", ENV)
    assert changed.returncode == 0, changed.stderr
    assert pdf_counts(changed.stderr)[1] == 1
    assert (tmp_path / "changed" / pdf).read_bytes() != (tmp_path / "first" / pdf).read_bytes()


def test_an_author_s_inline_style_cannot_hide_text_in_the_pdf(site: Path, tmp_path: Path) -> None:
    """Browsers ignore inline styles under the site's CSP; WeasyPrint has none, so a style
    could hide (or cover) in the PDF what the page shows."""
    edit(
        site / "policies/acme/cookies.md",
        "Small files.",
        'Small files.\n\nWe never sell your data.\n{: style="display:none" }\n\n'
        '<p style="position:absolute;top:0;left:0;background:white;width:100%;height:100%">'
        "Cover.</p>",
    )
    release_history(site, until=3)
    result = mkdocs_build(site, tmp_path / "out", ENV)
    assert result.returncode == 0, result.stderr
    text = " ".join(
        page.extract_text() for page in read_pdf(tmp_path / "out/acme/cookies/2024-04-01.pdf").pages
    )
    assert "We never sell your data." in " ".join(text.split())
    # The page itself keeps what the author wrote (inert there).
    page = (tmp_path / "out/acme/cookies/2024-04-01/index.html").read_text("utf-8")
    assert 'style="display:none"' in page


def test_a_stylesheet_missing_from_the_site_is_one_warning_not_a_traceback(
    site: Path, tmp_path: Path
) -> None:
    release_history(site, until=3)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "extra_css:\n  - css/missing.css\n", "utf-8")
    result = mkdocs_build(site, tmp_path / "out", ENV)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings and all("css/missing.css" in line for line in warnings), result.stderr
    assert "leaves out" in warnings[0]


def test_published_pdfs_are_readable_by_the_web_server(sample_site: Path) -> None:
    """Written through a private temporary file (0600): a web server running as another
    user answered 403 for the PDFs only."""
    pdfs = list(sample_site.rglob("*.pdf"))
    assert pdfs
    assert all(path.stat().st_mode & 0o044 == 0o044 for path in pdfs)
