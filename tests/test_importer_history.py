"""import-history below the command line: dated copies, and the change log they build."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.layout import JOURNAL_FILE, LOCK_FILE
from generator.content.library import load_library
from generator.errors import PolicyError
from generator.importer import history
from generator.importer.history import DatedCopy, dated_copies, import_history
from generator.importer.write import ImportTarget
from generator.releases import journal
from generator.releases.integrity import check_integrity
from generator.releases.status import status
from generator.site.live import render_library
from tests.helpers import write


def test_dated_copies_come_oldest_first_whatever_their_format(tmp_path: Path) -> None:
    for name in ("2023-01-02.htm", "2021-12-31.txt", "2022-06-01.html", "2022-01-01.md"):
        write(tmp_path / name, "Text.")
    assert dated_copies(tmp_path) == [
        DatedCopy(dt.date(2021, 12, 31), tmp_path / "2021-12-31.txt"),
        DatedCopy(dt.date(2022, 1, 1), tmp_path / "2022-01-01.md"),
        DatedCopy(dt.date(2022, 6, 1), tmp_path / "2022-06-01.html"),
        DatedCopy(dt.date(2023, 1, 2), tmp_path / "2023-01-02.htm"),
    ]


@pytest.mark.parametrize(
    ("names", "message"),
    [
        pytest.param([], "no dated copies", id="empty"),
        pytest.param(
            ["2022-01-01.md", "2022-01-01.txt"], "a second copy of 2022-01-01", id="twice"
        ),
        pytest.param(["2022-01-01.md", "2022-01-01.md.bak"], "not a dated copy", id="backup"),
        pytest.param(["2022-01-01.md", ".DS_Store"], "not a dated copy", id="hidden-file"),
        pytest.param(["22-01-01.md"], "not a dated copy", id="short-year"),
        pytest.param(["2022-13-01.md"], "'2022-13-01' is not a date", id="no-such-month"),
    ],
)
def test_dated_copies_refuses_anything_else(tmp_path: Path, names: list[str], message: str) -> None:
    for name in names:
        write(tmp_path / name, "Text.")
    with pytest.raises(PolicyError, match=message) as error:
        dated_copies(tmp_path)
    assert "\n" not in str(error.value)


def test_dated_copies_needs_a_folder(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="not a folder"):
        dated_copies(tmp_path / "missing")


def test_change_logs_in_the_copies_fill_the_gaps_between_releases(
    site: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "copies"
    write(
        folder / "2021-03-01.md",
        """
        # Privacy Policy

        We keep data for a year.

        ## Change log

        - 2021-03-01: Shorter retention.
        - 2020-01-10: First version.
        """,
    )
    write(
        folder / "2022-06-01.md",
        """
        # Privacy Policy

        We keep data for a year. Write to us.

        ## Change log

        - 2022-05-15: Contact added.
        - 2021-03-01: Shorter retention.
        - 2020-01-10: First version.
        """,
    )
    said: list[str] = []
    target = ImportTarget(site / "policies", "newco", "privacy", site)
    assert import_history(folder, target, say=said.append) == [
        dt.date(2021, 3, 1),
        dt.date(2022, 6, 1),
    ]
    library = load_library(site / "policies", site)
    check_integrity(library)
    render_library(library)
    changes = library.policies["newco/privacy"].changes
    assert [(c.date.isoformat(), c.summary, c.sha256 is not None) for c in changes] == [
        ("2022-06-01", "Imported copy of 2022-06-01", True),
        ("2022-05-15", "Contact added.", False),
        ("2021-03-01", "Imported copy of 2021-03-01: Shorter retention.", True),
        ("2020-01-10", "First version.", False),
    ]
    assert [item.changed for item in status(library) if item.key == "newco/privacy"] == [False]
    assert said[0] == "== 2021-03-01.md" and said[-1].startswith(
        "released newco/privacy effective 2022-06-01: policies/newco/archive/privacy/2022-06-01.md"
    )


def test_a_copy_that_cannot_be_imported_stops_everything_before_anything_is_written(
    site: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "copies"
    write(folder / "2021-03-01.md", "# Privacy Policy\n\nText.\n")
    (folder / "2022-03-01.txt").write_bytes(b"\x00\x01binary")
    target = ImportTarget(site / "policies", "newco", "privacy", site)
    with pytest.raises(PolicyError, match=r"2022-03-01\.txt:1: this is a binary file"):
        import_history(folder, target, say=lambda line: None)
    assert not (site / "policies/newco").exists()


def _three_copies(folder: Path) -> None:
    for day, words in (("2021-03-01", "a year"), ("2022-06-01", "two years"), ("2023-01-01", "")):
        write(folder / f"{day}.md", f"# Privacy Policy\n\nWe keep data for {words or 'a month'}.\n")


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` but the commands' lock."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != LOCK_FILE
    }


def test_an_import_stopped_midway_writes_nothing(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Standards: bulk operations are all or nothing. The releases of an import used to be
    written one by one, so an import interrupted (Ctrl-C, a full disk) after its first
    release left a half-imported history that a second run refused to continue."""
    folder = tmp_path / "copies"
    _three_copies(folder)
    before = _tree(site / "policies")
    real_release = history.release
    calls: list[str] = []

    def interrupted(*args: object, **kwargs: object) -> object:
        calls.append("release")
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_release(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(history, "release", interrupted)
    target = ImportTarget(site / "policies", "newco", "privacy", site)
    with pytest.raises(KeyboardInterrupt):
        import_history(folder, target, say=lambda line: None)
    assert calls == ["release", "release"]
    assert _tree(site / "policies") == before


def test_an_import_interrupted_while_writing_is_finished_by_release_finish(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole import is one journaled plan: interrupted while its files are written,
    ``release --finish`` writes the rest, and the result is the uninterrupted import's."""
    folder = tmp_path / "copies"
    _three_copies(folder)
    clean = tmp_path / "clean"
    shutil.copytree(site, clean)
    target = ImportTarget(clean / "policies", "newco", "privacy", clean)
    import_history(folder, target, say=lambda line: None)
    expected = _tree(clean / "policies")

    written: list[str] = []
    real_write = journal.write_file

    def full_disk(path: Path, content: bytes, *, shown: str, new: bool = False) -> None:
        """The disk of the real policies folder fills after the journal and one file."""
        if path.is_relative_to(site / "policies") and path.name != JOURNAL_FILE:
            if len(written) == 1:
                raise PolicyError(None, f"{shown}: no space left on device")
            written.append(path.name)
        real_write(path, content, shown=shown, new=new)

    monkeypatch.setattr(journal, "write_file", full_disk)
    target = ImportTarget(site / "policies", "newco", "privacy", site)
    with pytest.raises(PolicyError, match=r"interrupted.*release --finish"):
        import_history(folder, target, say=lambda line: None)
    assert (site / "policies" / JOURNAL_FILE).exists()
    assert len(written) == 1 and _tree(site / "policies") != expected
    monkeypatch.undo()
    monkeypatch.chdir(site)
    assert main(["release", "--finish"]) == 0
    assert _tree(site / "policies") == expected


def test_an_import_into_a_policies_folder_that_is_the_project_root(
    site: Path, tmp_path: Path
) -> None:
    """``cd policies && policy-site --policies . import-history ...``: the scratch copy of
    the folder was the scratch folder itself, which exists, and every such import failed."""
    folder = tmp_path / "copies"
    _three_copies(folder)
    policies = site / "policies"
    target = ImportTarget(policies, "newco", "privacy", policies)
    said: list[str] = []
    assert len(import_history(folder, target, say=said.append)) == 3
    assert any(
        line.startswith("released newco/privacy effective 2021-03-01: newco/") for line in said
    )
    library = load_library(policies, site)
    check_integrity(library)
    assert len(library.snapshots["newco/privacy"]) == 3
