"""Golden-output test support: build a small fixture site and compare chosen outputs.

The fixture site ``tests/fixtures/golden-site`` is built with the real
``mkdocs build --strict``; a chosen set of its output files is reduced to a
normalised text that keeps what the generator controls and drops what only the
theme or MkDocs decides, and compared with the stored copies in ``tests/golden``
(one file per output, named after its path). After an intended change,
regenerate the stored copies and review their diff::

    .venv/bin/python -m tests.golden --update      # or: make golden

Without ``--update`` the command compares and prints a unified diff per difference.
"""

from __future__ import annotations

import argparse
import base64
import difflib
import hashlib
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from lxml import etree, html

from tests.helpers import ROOT, mkdocs_build, parse_page

GOLDEN_SITE = ROOT / "tests" / "fixtures" / "golden-site"
"""The fixture site: two companies, three policies, a released history."""

GOLDEN_DIR = ROOT / "tests" / "golden"
"""The stored, expected outputs."""

SOURCE_DATE_EPOCH = "1748736000"
"""2025-06-01 00:00 UTC, the fixture's ``today``: the same build date either way."""

UPDATE_COMMAND = ".venv/bin/python -m tests.golden --update  (or: make golden)"

OUTPUTS: tuple[str, ...] = (
    "index.html",
    "northwind/index.html",
    "northwind/privacy/index.html",
    "northwind/privacy/2024-01-15/index.html",
    "northwind/privacy/2025-09-01/index.html",
    "northwind/privacy/2025-03-01/changes/index.html",
    "northwind/privacy/history/index.html",
    "northwind/privacy/compare/index.html",
    "northwind/cookies/index.html",
    "fabrikam/terms/history/index.html",
    "feed.xml",
    "northwind/privacy/versions.json",
    "northwind/privacy/2025-03-01.json",
    "_headers",
)
"""Built files under test, relative to the site folder: the home page, a company page,
a current policy (decimal numbering, cross-links, an upcoming version), an archived and
an upcoming dated version, a comparison with every kind of change, two history pages
(one with a source note), the page comparing any two versions, a letter-numbered policy, a
feed, the machine-readable versions and the HTTP headers."""

FINGERPRINT = re.compile(r"\.[0-9a-f]{8,}((?:\.min)?\.(?:js|css))\b")
"""Material's asset names and the plugin's carry a content hash (``bundle.a5f9d56c.min.js``,
``policies.3ba9f924.css``): an edit of a stylesheet changes no stored output."""

PDF_SIZE = re.compile(r"PDF(?P<words>(?:<[^>]*>|[^<(])*?) \((?:\d+ KB|\d+\.\d MB)\)")
"""The size a link to a version's PDF says ("PDF of this version (24 KB)"): the PDF embeds
the machine's fonts, so its size is WeasyPrint's and the system's, not the generator's."""

CSP_HASH = re.compile(r"'sha256-[A-Za-z0-9+/]+=*'")
THEME_SCRIPT_HASH = "'sha256-(hash of a Material inline script)'"

THEME_ARTICLE_PARTS = ("md-content__button", "md-source-file", "md-feedback", "md-tags")
"""Classes of what Material itself adds inside the article (edit and view buttons,
revision dates, feedback, tags): theme output, not the generator's."""

BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
"""Elements that start a line of their own in the pretty-printed article."""

INDENT = "  "


class GoldenBuildError(RuntimeError):
    """The fixture site did not build cleanly."""


# --- building ------------------------------------------------------------------------------


def build_site(workdir: Path) -> Path:
    """Build a copy of the fixture site in ``workdir``; return the built site's folder.

    The copy keeps the repository's fixture untouched whatever the build writes.
    """
    source = Path(shutil.copytree(GOLDEN_SITE, workdir / "golden-site"))
    output = workdir / "site"
    result = mkdocs_build(source, output, {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    if result.returncode != 0 or "WARNING" in result.stderr:
        raise GoldenBuildError(
            f"mkdocs build --strict of {GOLDEN_SITE} failed:\n{result.stdout}{result.stderr}"
        )
    return output


# --- file names ----------------------------------------------------------------------------


def stored_name(output: str) -> str:
    """The stored file of an output: normalised HTML and ``_headers`` get ``.txt`` added."""
    return output + ".txt" if _normalised(output) else output


def _normalised(output: str) -> bool:
    """Whether an output is stored as a normalised text rather than verbatim."""
    return output.endswith(".html") or output == "_headers"


def expected_names() -> set[str]:
    """The stored file names that :data:`OUTPUTS` calls for."""
    return {stored_name(output) for output in OUTPUTS}


def stored_files() -> dict[str, Path]:
    """The files under ``tests/golden``, by their path relative to it (posix)."""
    if not GOLDEN_DIR.is_dir():
        return {}
    return {
        path.relative_to(GOLDEN_DIR).as_posix(): path
        for path in sorted(GOLDEN_DIR.rglob("*"))
        if path.is_file()
    }


# --- normalising HTML pages ----------------------------------------------------------------


def normalise_page(path: Path) -> str:
    """A built page reduced to what the generator controls, as stable text.

    Kept: the ``<title>``; the ``<head>`` elements the plugin adds or affects (robots,
    canonical and alternate links, the scripts of its own one page loads); the version
    status bar; the entries of the primary
    navigation and of the table of contents (titles and hrefs); the inner HTML of the
    article, pretty-printed.
    """
    root = parse_page(path)
    parts = [
        "title: " + _squash(root.findtext(".//head/title") or "").strip() + "\n",
        "head:\n" + "".join(f"{INDENT}{line}\n" for line in _head_lines(root)),
        "status bar:\n" + "".join(f"{INDENT}{line}\n" for line in _status_lines(root)),
        "navigation:\n" + _nav_text(root, "md-nav--primary"),
        "table of contents:\n" + _nav_text(root, "md-nav--secondary"),
        "article:\n" + "".join(line + "\n" for line in _article_lines(root)),
    ]
    text = FINGERPRINT.sub(r".HASH\1", "\n".join(parts))
    return PDF_SIZE.sub(r"PDF\g<words> (SIZE)", text)


def _status_lines(root: html.HtmlElement) -> list[str]:
    """The status bar above the header: its class, its words and links, its selector."""
    bars = root.xpath(f"//div[{_has_class('policy-status')}]")
    if not bars:
        return ["(none)"]
    bar = bars[0]
    lines = [f"class: {bar.get('class')}"]
    for paragraph in bar.xpath(".//p"):
        lines.append("says: " + _squash(paragraph.text_content()).strip())
        lines += [f"{INDENT}link: {href}" for href in paragraph.xpath(".//a/@href")]
    for option in bar.xpath(".//option"):
        chosen = " (selected)" if option.get("selected") is not None else ""
        lines.append(
            f"choice: {_squash(option.text_content()).strip()} -> {option.get('data-href')}{chosen}"
        )
    return lines


def _has_class(name: str) -> str:
    """An XPath test: the element's ``class`` attribute lists ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


HTML_SPACE = re.compile(r"[ \t\n\f\r]+")
"""HTML's whitespace; a no-break space is content, not layout, and is kept."""


def _squash(text: str | None) -> str:
    """Collapse every run of HTML whitespace to one space."""
    return HTML_SPACE.sub(" ", text or "")


def _head_lines(root: html.HtmlElement) -> list[str]:
    """The robots meta tag, canonical link, alternate (feed) links and the plugin's scripts
    that one page loads, in document order.

    Their attributes are sorted, so a template that orders them otherwise changes nothing.
    """
    selected = root.xpath(
        "/html/head/*[(self::meta and @name='robots')"
        " or (self::link and (@rel='canonical'"
        " or contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')))"
        " or (self::script and contains(@src, 'assets/policies/'))]"
    )
    return [_start_tag(element, sort=True) for element in selected]


def _start_tag(element: html.HtmlElement, sort: bool = False) -> str:
    """The element's start tag as lxml writes it, attributes in source or sorted order."""
    attributes = sorted(element.attrib.items()) if sort else list(element.attrib.items())
    shell = html.Element(element.tag)
    for name, value in attributes:
        shell.set(name, value)
    text: str = etree.tostring(shell, method="html", encoding="unicode")
    return text.removesuffix(f"</{element.tag}>")


def _nav_text(root: html.HtmlElement, kind: str) -> str:
    """The entries of a Material navigation (``md-nav--primary`` or ``--secondary``)."""
    navs = root.xpath(f"//nav[{_has_class(kind)}]")
    if not navs:
        return ""
    lists = navs[0].xpath(f"ul[{_has_class('md-nav__list')}]")
    return "".join(f"{line}\n" for line in _nav_entries(lists[0], 1)) if lists else ""


def _nav_entries(items: html.HtmlElement, depth: int) -> list[str]:
    """One ``- title -> href`` line per item of a navigation list, nested items indented.

    A page's own table of contents, which Material repeats inside the primary
    navigation, is left out (it is listed on its own).
    """
    lines: list[str] = []
    for item in items.xpath(f"li[{_has_class('md-nav__item')}]"):
        # The page's own entry is a link after a label (that opens its table of contents).
        links = item.xpath(f"a[{_has_class('md-nav__link')}]") or item.xpath(
            f"*[{_has_class('md-nav__link')}]"
        )
        if not links:
            continue
        entry = links[0]
        anchors = [entry] if entry.tag == "a" else entry.xpath(".//a[@href]")
        label = entry.xpath(f".//*[{_has_class('md-ellipsis')}]")
        title = _squash((label[0] if label else entry).text_content()).strip()
        href = f" -> {anchors[0].get('href')}" if anchors else ""
        lines.append(f"{INDENT * depth}- {title}{href}")
        nested = item.xpath(
            f"nav[{_has_class('md-nav')} and not({_has_class('md-nav--secondary')})]"
            f"/ul[{_has_class('md-nav__list')}]"
        )
        for sublist in nested:
            lines += _nav_entries(sublist, depth + 1)
    return lines


def _article_lines(root: html.HtmlElement) -> list[str]:
    """The inner HTML of ``article.md-content__inner``, one block element per line."""
    articles = root.xpath(f"//article[{_has_class('md-content__inner')}]")
    if not articles:
        return ["(no article)"]
    article = articles[0]
    _drop_theme_parts(article)
    _squash_whitespace(article)
    lines = _text_line(article.text, 0)
    for child in article:
        lines += _block_lines(child, 0)
        lines += _text_line(child.tail, 0)
    return lines


def _drop_theme_parts(article: html.HtmlElement) -> None:
    """Remove comments and what Material adds to every article (see THEME_ARTICLE_PARTS)."""
    for comment in article.xpath(".//comment() | .//processing-instruction()"):
        comment.drop_tree()
    for name in THEME_ARTICLE_PARTS:
        for element in article.xpath(f".//*[{_has_class(name)}]"):
            element.drop_tree()


def _squash_whitespace(article: html.HtmlElement) -> None:
    """Collapse whitespace in every text and tail: the pretty-printer sets the layout."""
    for element in article.iter():
        element.text = _squash(element.text) or None
        element.tail = _squash(element.tail) or None


def _is_container(element: html.HtmlElement) -> bool:
    """An element printed over several lines: it has block-level children."""
    return any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in element)


def _block_lines(element: html.HtmlElement, depth: int) -> list[str]:
    """Pretty-print an element: containers over several indented lines, others on one."""
    pad = INDENT * depth
    if not _is_container(element):
        return [pad + _inline_html(element)]
    lines = [pad + _start_tag(element)]
    lines += _text_line(element.text, depth + 1)
    for child in element:
        lines += _block_lines(child, depth + 1)
        lines += _text_line(child.tail, depth + 1)
    lines.append(f"{pad}</{element.tag}>")
    return lines


def _text_line(text: str | None, depth: int) -> list[str]:
    """Loose text between block elements, on a line of its own (none if only whitespace)."""
    stripped = (text or "").strip()
    return [INDENT * depth + _escape_text(stripped)] if stripped else []


def _escape_text(text: str) -> str:
    """Escape text for HTML the way lxml serialises text nodes."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _inline_html(element: html.HtmlElement) -> str:
    """One element and its content as a single line of HTML, outer whitespace trimmed."""
    text: str = etree.tostring(element, method="html", encoding="unicode", with_tail=False)
    start = _start_tag(element)
    if text.startswith(start):
        # Whitespace just inside the element's tags is layout, not content.
        end = f"</{element.tag}>"
        inner = text[len(start) :].removesuffix(end)
        return start + inner.strip() + (end if text.endswith(end) else "")
    return text.strip()


# --- normalising _headers --------------------------------------------------------------------


def normalise_headers(text: str, own_hashes: Iterable[str]) -> str:
    """``_headers`` with Material's inline-script hashes and asset fingerprints replaced.

    The hashes of inline scripts the generator writes (inside the article) stay as they
    are; each of Material's is replaced by one placeholder, so their count still shows.
    """
    own = set(own_hashes)

    def replace(match: re.Match[str]) -> str:
        return match.group(0) if match.group(0) in own else THEME_SCRIPT_HASH

    return FINGERPRINT.sub(r".HASH\1", CSP_HASH.sub(replace, text))


def article_script_hashes(site_dir: Path) -> set[str]:
    """CSP hashes of the inline scripts inside the articles of every built page."""
    hashes: set[str] = set()
    for page in sorted(site_dir.rglob("*.html")):
        root = parse_page(page)
        for script in root.xpath(f"//article[{_has_class('md-content__inner')}]//script"):
            if script.get("src") is None:
                digest = hashlib.sha256((script.text or "").encode("utf-8")).digest()
                hashes.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return hashes


# --- the outputs -----------------------------------------------------------------------------


def normalised_outputs(site_dir: Path) -> dict[str, str]:
    """The built outputs of :data:`OUTPUTS` that exist, by stored name, normalised."""
    outputs: dict[str, str] = {}
    for output in OUTPUTS:
        path = site_dir / output
        if not path.is_file():
            continue
        if output == "_headers":
            text = normalise_headers(path.read_text("utf-8"), article_script_hashes(site_dir))
        elif output.endswith(".html"):
            text = normalise_page(path)
        else:
            text = path.read_text("utf-8")
        outputs[stored_name(output)] = text
    return outputs


def build_outputs() -> dict[str, str]:
    """Build the fixture site in a temporary folder and return its normalised outputs."""
    with tempfile.TemporaryDirectory(prefix="golden-") as workdir:
        return normalised_outputs(build_site(Path(workdir)))


def unified_diff(name: str, expected: str, actual: str) -> str:
    """A unified diff from the stored file to the built output."""
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        fromfile=f"tests/golden/{name} (stored)",
        tofile=f"{name} (built)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def differences(actual: dict[str, str]) -> list[str]:
    """One message per stored file that is missing, stale or differs from the build."""
    stored = stored_files()
    messages: list[str] = []
    for output in OUTPUTS:
        name = stored_name(output)
        if name not in actual:
            messages.append(f"{output}: not built")
        elif name not in stored:
            messages.append(f"tests/golden/{name}: no stored copy")
        else:
            expected = stored[name].read_text("utf-8")
            if expected != actual[name]:
                messages.append(unified_diff(name, expected, actual[name]))
    messages += [
        f"tests/golden/{name}: stored, but no output of that name is under test"
        for name in sorted(set(stored) - expected_names())
    ]
    return messages


def update(actual: dict[str, str]) -> list[str]:
    """Write the built outputs as the stored copies and delete stale ones; what changed."""
    changed: list[str] = []
    for name, text in actual.items():
        path = GOLDEN_DIR / name
        if not path.is_file() or path.read_text("utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(f"wrote tests/golden/{name}")
    for name, path in stored_files().items():
        if name not in actual:
            path.unlink()
            changed.append(f"deleted tests/golden/{name}")
    _remove_empty_folders(GOLDEN_DIR)
    return changed


def _remove_empty_folders(folder: Path) -> None:
    """Delete the empty sub-folders left behind by deleted stored files."""
    for path in sorted(folder.rglob("*"), key=lambda item: len(item.parts), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tests.golden [--update]``: compare with, or rewrite, the stored outputs."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.golden",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--update", action="store_true", help="rewrite tests/golden from a fresh build"
    )
    args = parser.parse_args(argv)
    try:
        actual = build_outputs()
    except GoldenBuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.update:
        missing = [output for output in OUTPUTS if stored_name(output) not in actual]
        for output in missing:
            print(
                f"error: the build wrote no {output}; tests/golden left as it is", file=sys.stderr
            )
        if missing:
            return 1
        for line in update(actual):
            print(line)
        print(f"ok: {len(actual)} stored outputs in tests/golden are up to date")
        return 0
    problems = differences(actual)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} differences; after an intended change run: {UPDATE_COMMAND}")
        return 1
    print(f"ok: {len(actual)} outputs match tests/golden")
    return 0


if __name__ == "__main__":
    sys.exit(main())
