"""WeasyPrint, confined to the built site: the one module that imports it.

WeasyPrint loads what a document names (stylesheets, images, fonts, attachments) through
a URL fetcher. Author-written text is untrusted, and an ``<img src="/etc/passwd">`` or
``file:///...`` would otherwise be read from the build machine into a published PDF, so
:class:`SiteFetcher` reads only regular files inside the built site, named below the
site's address (symbolic links resolved first), and refuses every other URL; it never
opens a network connection. ``data:`` URLs are decoded in place: the theme's
stylesheets draw their icons with them, and authors cannot write them (the text checks
refuse ``data:`` links, see :mod:`generator.text.safety`).

Its import is deferred to the first PDF a build renders; whether its system libraries
load is asked of the dynamic linker (:func:`libraries_problem`), which costs nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import hashlib
import importlib.util
import mimetypes
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from generator.errors import PolicyError
from generator.publish.pdf_document import PrintDocument

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse  # type: ignore[import-untyped]

INSTALL_HINT = (
    "install them with 'make pdf-libraries' (or 'sudo apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core' on Debian or Ubuntu), or "
    "switch PDFs off with the plugin option 'pdf: false'"
)

PDF_CSS = resources.files("generator.site").joinpath("assets", "pdf.css").read_text("utf-8")
"""The PDF's own rules, after the page's stylesheets (``site/assets/pdf.css``, not published)."""

_SYSTEM_LIBRARIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("GObject", ("libgobject-2.0.so.0", "libgobject-2.0.0.dylib", "libgobject-2.0-0.dll")),
    ("Pango", ("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll")),
    ("PangoFT2", ("libpangoft2-1.0.so.0", "libpangoft2-1.0.dylib", "libpangoft2-1.0-0.dll")),
    ("HarfBuzz", ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll")),
    ("Fontconfig", ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll")),
)
"""The libraries WeasyPrint cannot start without (its ``text/ffi.py``), by the file names
it tries."""


def libraries_problem() -> str | None:
    """Why WeasyPrint could not run here, in one line with the fix; None when it can."""
    if importlib.util.find_spec("weasyprint") is None:
        return (
            "PDFs of released versions need the Python package WeasyPrint, which is not "
            "installed: install the project's lock ('make', or 'pip install --require-hashes "
            "-r requirements.lock'), or switch PDFs off with the plugin option 'pdf: false'"
        )
    missing = [name for name, files in _SYSTEM_LIBRARIES if _load(files) is None]
    if missing:
        return (
            f"PDFs of released versions need {', '.join(missing)}, which WeasyPrint draws "
            f"text with and could not be loaded on this machine: {INSTALL_HINT}"
        )
    return None


@functools.cache
def _load(files: tuple[str, ...]) -> ctypes.CDLL | None:
    for name in files:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    found = ctypes.util.find_library(Path(files[0]).name.split(".so")[0].removeprefix("lib"))
    if found:
        try:
            return ctypes.CDLL(found)
        except OSError:
            return None
    return None


def library_versions() -> tuple[str, ...]:
    """The versions of the system libraries whose output a PDF holds (text layout, font
    subsetting), for the cache key; asked of the libraries themselves."""
    found = []
    pango = _load(_SYSTEM_LIBRARIES[1][1])
    if pango is not None:
        pango.pango_version.restype = ctypes.c_int
        found.append(f"pango=={pango.pango_version()}")
    harfbuzz = _load(_SYSTEM_LIBRARIES[3][1])
    if harfbuzz is not None:
        harfbuzz.hb_version_string.restype = ctypes.c_char_p
        found.append(f"harfbuzz=={harfbuzz.hb_version_string().decode()}")
    return tuple(found)


@functools.cache
def _weasyprint() -> Any:
    """WeasyPrint, imported on first use; a failure is the one-line error of
    :func:`libraries_problem`."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (OSError, ImportError) as error:
        raise PolicyError(
            None,
            f"WeasyPrint could not start ({str(error).splitlines()[0]})",
            INSTALL_HINT,
        ) from None
    return weasyprint


class PdfEngine:
    """Renders the print documents of one build of a site in ``site_dir``, published at
    ``root``, each stylesheet parsed once: parsing the theme's stylesheets took most of a
    PDF's time. (One per build: a stylesheet may change between two builds of ``serve``.)
    """

    def __init__(self, site_dir: Path, root: str) -> None:
        weasyprint = _weasyprint()
        from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

        self.weasyprint = weasyprint
        self.fetcher = site_fetcher(site_dir, root)
        self.root = root
        self.fonts = FontConfiguration()
        self.own = weasyprint.CSS(string=PDF_CSS, font_config=self.fonts)
        self.sheets: dict[str, Any] = {}
        self.sheet_files: dict[str, str] = {}
        """The files read while the stylesheets were parsed (imports, fonts): the SHA-256
        of each, by its path below the site."""
        self.sheet_refused: list[str] = []

    def _stylesheet(self, path: str) -> Any:
        """The parsed stylesheet at ``path``, or None when it could not be read (the URL is
        then among the refused ones)."""
        if path not in self.sheets:
            self.fetcher.refused.clear()
            self.fetcher.fetched.clear()
            try:
                sheet = self.weasyprint.CSS(
                    url=self.root + path, url_fetcher=self.fetcher, font_config=self.fonts
                )
            except self.weasyprint.urls.URLFetchingError:
                sheet = None  # missing, or outside the site: refused by the fetcher
                self.fetcher.refused.append(self.root + path)
            self.sheets[path] = sheet
            self.sheet_files.update(self.fetcher.fetched)
            self.sheet_refused.extend(self.fetcher.refused)
        return self.sheets[path]

    def render(self, document: PrintDocument, identifier: str) -> Rendered:
        """The PDF of ``document``, the files it read and the URLs it had to leave out."""
        sheets = [self._stylesheet(path) for path in document.stylesheets]
        self.fetcher.refused.clear()
        self.fetcher.fetched.clear()
        pdf: bytes = self.weasyprint.HTML(
            string=document.html, base_url=document.base_url, url_fetcher=self.fetcher
        ).write_pdf(
            stylesheets=[*(sheet for sheet in sheets if sheet is not None), self.own],
            font_config=self.fonts,
            # <meta name="sha256"> and <meta name="url"> become entries of its metadata.
            custom_metadata=True,
            # Tagged, so screen readers read the PDF in order, headings as headings.
            pdf_tags=True,
            pdf_identifier=identifier[:32].encode(),
        )
        # What the stylesheets read or left out counts for every PDF printed with them.
        files = {**self.sheet_files, **self.fetcher.fetched}
        refused = [*self.sheet_refused, *self.fetcher.refused]
        return Rendered(pdf, tuple(sorted(files.items())), tuple(dict.fromkeys(refused)))


@dataclass(frozen=True)
class Rendered:
    """A PDF, the files of the site it holds (images, fonts, stylesheets), and the URLs it
    left out."""

    pdf: bytes
    files: tuple[tuple[str, str], ...]
    """Each file's path below the site and SHA-256, as read."""
    refused: tuple[str, ...]


def site_fetcher(site_dir: Path, root: str) -> Any:
    """A WeasyPrint URL fetcher that reads files of ``site_dir`` only, named below ``root``;
    it records each URL it refuses in its ``refused`` list, and the hash of each file it
    reads in ``fetched``."""
    base = _weasyprint().urls.URLFetcher
    site = site_dir.resolve()

    class SiteFetcher(base):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), fail_on_errors=False)
            self.refused: list[str] = []
            self.fetched: dict[str, str] = {}
            """The SHA-256 of each file served, by its path below the site."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = site_file(site_dir, root, url)
            if path is None:
                self.refused.append(url)
                raise ValueError(f"not a file of the built site: {url}")
            content = path.read_bytes()
            self.fetched[path.relative_to(site).as_posix()] = hashlib.sha256(content).hexdigest()
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            response = _weasyprint().urls.URLFetcherResponse
            return response(url, content, {"Content-Type": content_type})

    return SiteFetcher()


def site_file(site_dir: Path, root: str, url: str) -> Path | None:
    """The regular file of the built site ``url`` names, or None: an address outside
    ``root``, a folder, a missing file, or a link that leads out of the site."""
    if not url.startswith(root):
        return None
    relative = unquote(url[len(root) :].split("#", 1)[0].split("?", 1)[0])
    if not relative.strip("/") or "\0" in relative:
        return None
    site = site_dir.resolve()
    try:
        path = (site / relative).resolve()
    except (OSError, RuntimeError):
        return None
    if not path.is_relative_to(site) or not path.is_file():
        return None
    return path
