"""The PDF of every released version, published beside its dated page.

A version's PDF is its finished dated page as printed: the article the theme rendered,
with the page's own stylesheets (its print rules and the version's running header,
``<date>.print.css``, included), closed by a statement of the snapshot's SHA-256 and
permanent address, which its metadata carries too. It is printed from that page rather
than from a template of its own so that the PDF, the printed page and the page always
show the same text; but from the article alone, in a plain document, because WeasyPrint
cannot break the theme's flex layout across pages (whole sections went missing).

A PDF is made once: the cache (``<cache_dir>/pdf/``) keeps it under a hash of all its
bytes depend on (the print document, which holds the snapshot's text and hash and the
site's address; the stylesheets' bytes; the generator's code; the versions of
WeasyPrint, its Python libraries, Pango and HarfBuzz), so a warm build copies it without
rendering. The files of the site a PDF holds (an image kept beside the policies, a font
a stylesheet names) are listed with their hashes in the entry, which is used only while
they are unchanged. Only the fonts installed on the machine are not checked: a font
change needs the cache emptied (safe at any time).

WeasyPrint reads only files of the built site (:mod:`generator.publish.pdf_engine`);
this module decides what a PDF is of and keeps the cache, without importing WeasyPrint,
whose import alone costs a second that a warm build need not pay.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from generator.content.library import Library
from generator.errors import PolicyError
from generator.model import SourceLocation
from generator.publish.pdf_document import PrintDocument, print_document
from generator.publish.pdf_engine import PDF_CSS, PdfEngine, library_versions
from generator.site import urls
from generator.site.cache import Store, cache_key, write_atomically
from generator.site.compose import PolicyPages

PDF_FORMAT = "policy-site-pdf 2"
"""First words of every cached PDF; raised when the layout of entries changes."""

_LIBRARIES = (
    "weasyprint",
    "pydyf",
    "fonttools",
    "pillow",
    "tinycss2",
    "cssselect2",
    "tinyhtml5",
    "pyphen",
)
"""Python libraries whose code decides a PDF's bytes."""


@dataclass(frozen=True)
class PdfVersion:
    """A released version as its PDF describes it, in its metadata and on its last page."""

    key: str
    path: str
    """The PDF, below the site root (:func:`~generator.site.urls.version_pdf`)."""
    page: str
    """Source path of the dated page it is printed from."""
    company: str
    legal_name: str
    title: str
    effective: dt.date
    sha256: str
    """Hash of the archived text the page shows (``versions.json``'s ``sha256``)."""
    snapshot: str
    """That text's file, relative to the project (``policies/.../archive/...md``)."""
    snapshot_file: Path
    address: str
    """The dated page's permanent address: absolute with a site URL, else from the root."""
    versions_address: str
    history_address: str
    created: dt.date
    """The day the version's first text was released (its effective date if unknown)."""
    modified: dt.date
    """The day the text it shows was released: a correction's, or ``created``."""
    corrected: dt.date | None = None
    """The day of the correction it shows, when it shows one."""


def pdf_versions(
    library: Library, policies: Mapping[str, PolicyPages], site_url: str
) -> dict[str, PdfVersion]:
    """Every released version's PDF, by the source path of the dated page it is made from.
    Drafts have none: a PDF is a copy of published text."""
    found: dict[str, PdfVersion] = {}
    for key in sorted(policies):
        item = policies[key]
        company = library.companies[item.policy.company]
        for version in item.versions:
            snapshot, first = version.snapshot, version.texts[0]
            page = urls.version_page(key, version.effective)
            created = first.recorded or version.effective
            found[page] = PdfVersion(
                key=key,
                path=urls.version_pdf(key, version.effective),
                page=page,
                company=company.name,
                legal_name=company.legal_name,
                title=snapshot.title,
                effective=version.effective,
                sha256=snapshot.sha256,
                snapshot=snapshot.display_path,
                snapshot_file=snapshot.path,
                address=_address(site_url, urls.page_url(page)),
                versions_address=_address(site_url, urls.versions_json(key)),
                history_address=_address(site_url, urls.page_url(urls.history_page(key))),
                created=created,
                modified=snapshot.recorded or created,
                corrected=snapshot.recorded if version.revisions else None,
            )
    return found


def _address(site_url: str, path: str) -> str:
    return urls.absolute_url(site_url, path) or "/" + path


@dataclass(frozen=True)
class Refusal:
    """A file the PDF of a version left out: outside the built site, or not a local file."""

    url: str
    location: SourceLocation | None
    """Where its text names it, when the text does."""

    def message(self, version: PdfVersion) -> str:
        where = f"{self.location}: " if self.location else f"{version.path}: "
        named = "" if self.location else " (named by the page's theme or stylesheets)"
        return (
            f"{where}the PDF of {version.key} of {version.effective.isoformat()} leaves out "
            f"'{self.url}'{named}: a PDF includes only files of the built site; link a file "
            "kept beside the policies instead"
        )


@dataclass
class PdfStats:
    """What a build did for its PDFs, for the log and the tests."""

    rendered: int = 0
    from_cache: int = 0
    sizes: dict[str, int] = field(default_factory=dict)
    """Each PDF made so far, by path below the site root: its size in bytes."""


class PdfMaker:
    """The PDFs of one build: from the cache when it holds them, else rendered.

    ``site_dir`` is the built site (the stylesheets a page links are in it before its
    page is written); ``site_url`` the site's address, or "" (a PDF then names its page
    by its path and links no other page).
    """

    def __init__(self, site_dir: Path, site_url: str, cache_dir: Path | None) -> None:
        self.site_dir = site_dir
        self.site_url = site_url
        self.store = Store(cache_dir / "pdf" if cache_dir is not None else None)
        self.stats = PdfStats()
        self._digests: dict[str, str] = {}
        self._engine: PdfEngine | None = None

    def make(self, version: PdfVersion, page_output: str) -> tuple[Refusal, ...]:
        """Write ``version``'s PDF into the site, made from its finished dated page
        (``page_output``); the files it had to leave out, if any."""
        document = print_document(version, page_output, self.site_url)
        key = self._key(version, document)
        data = self._cached(key)
        refused: tuple[str, ...] = ()
        if data is None:
            if self._engine is None:
                self._engine = PdfEngine(self.site_dir.resolve(), document.root)
            try:
                rendered = self._engine.render(document, key)
            except PolicyError:
                raise
            except Exception as error:  # WeasyPrint's failures are of many kinds
                raise PolicyError(
                    SourceLocation(version.snapshot, 1),
                    f"WeasyPrint could not print the PDF of {version.key} of "
                    f"{version.effective.isoformat()}: {error}",
                    "build with 'pdf: false' to publish without PDFs, and report the text "
                    "that fails",
                ) from None
            data, refused = rendered.pdf, rendered.refused
            self.stats.rendered += 1
            # A PDF that left something out is not kept: the next build says so again.
            if not refused:
                self.store.write(key, _encode(data, rendered.files))
        else:
            self.stats.from_cache += 1
        target = self.site_dir / version.path
        if not write_atomically(target, data):
            raise PolicyError(
                None,
                f"could not write {target}",
                "check that the site folder can be written to (mkdocs' site_dir)",
            )
        self.stats.sizes[version.path] = len(data)
        return tuple(Refusal(url, _named_at(version, url)) for url in refused)

    def _key(self, version: PdfVersion, document: PrintDocument) -> str:
        sheets = [f"{path}\0{self._digest(path)}" for path in document.stylesheets]
        return cache_key(
            "pdf",
            PDF_FORMAT,
            version.sha256,
            document.root,
            document.html,
            *sheets,
            *_renderer_versions(),
        )

    def _cached(self, key: str) -> bytes | None:
        """The PDF kept under ``key``, if every file of the site it holds (an image kept
        beside the policies, a font) is still the one it was printed with: those files
        are not in the key, which is made before the PDF is printed."""
        entry = _decode(self.store.read(key, counted=False))
        if entry is None:
            return None
        data, manifest = entry
        site = self.site_dir.resolve()
        for relative, digest in manifest:
            try:
                content = (site / relative).read_bytes()
            except OSError:
                return None
            if hashlib.sha256(content).hexdigest() != digest:
                return None
        return data

    def _digest(self, path: str) -> str:
        """Hash of a stylesheet of the built site, read once a build."""
        if path not in self._digests:
            try:
                content = (self.site_dir / path).read_bytes()
            except OSError:
                content = b"missing"  # left out of the PDF, with a warning
            self._digests[path] = hashlib.sha256(content).hexdigest()
        return self._digests[path]


_PDF_CSS_DIGEST = hashlib.sha256(PDF_CSS.encode()).hexdigest()


@functools.cache
def _renderer_versions() -> tuple[str, ...]:
    """What renders a PDF besides the generator: its stylesheet and the versions of the
    libraries (asked once: a build makes thousands of keys)."""
    return (_PDF_CSS_DIGEST, *(_version(name) for name in _LIBRARIES), *library_versions())


def _version(name: str) -> str:
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name} absent"


def _encode(data: bytes, manifest: tuple[tuple[str, str], ...]) -> bytes:
    """A cache entry: a header with the hash of the rest, the site's files the PDF holds
    (path and SHA-256, one JSON line), the PDF."""
    body = json.dumps(manifest, separators=(",", ":")).encode() + b"\n" + data
    return f"{PDF_FORMAT} {hashlib.sha256(body).hexdigest()}\n".encode() + body


def _decode(raw: bytes | None) -> tuple[bytes, list[tuple[str, str]]] | None:
    """A cached PDF and its files, or None for anything but an intact entry of this format."""
    if raw is None:
        return None
    header, newline, body = raw.partition(b"\n")
    if not newline or header != f"{PDF_FORMAT} {hashlib.sha256(body).hexdigest()}".encode():
        return None
    listed, newline, data = body.partition(b"\n")
    try:
        manifest = [(str(path), str(digest)) for path, digest in json.loads(listed)]
    except (ValueError, TypeError):
        return None
    return data, manifest


def _named_at(version: PdfVersion, url: str) -> SourceLocation | None:
    """The first line of the version's archived text that names ``url`` (as written, or
    its path, or its file name), if one does."""
    try:
        lines = version.snapshot_file.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    path = url.split("://", 1)[-1].split("/", 1)[-1] if "://" in url else url
    candidates = [url, "/" + path, path, path.rsplit("/", 1)[-1]]
    for candidate in (c for c in candidates if c.strip("/")):
        for number, line in enumerate(lines, start=1):
            if candidate in line:
                return SourceLocation(version.snapshot, number)
    return None
