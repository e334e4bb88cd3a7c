"""The PDFs of released versions in MkDocs' build.

Each PDF is printed from its version's finished dated page, so it is made in
``on_post_page``, when that page's output exists; :class:`BuildPdfs` holds one build's
work. MkDocs lists every PDF from the start (:class:`WrittenLater`), so links to it are
checked and the page cache knows it exists, but copies nothing: the plugin writes it.

The pages that say a PDF's size must be written after it: each policy's current page
and history come after its dated pages in MkDocs' order (:func:`dated_pages_first`).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from generator.errors import PolicyError
from generator.publish.build import SiteBuild
from generator.publish.pdf import PdfMaker
from generator.site.pages.pdf import fill_sizes

log = get_plugin_logger(__name__)


class WrittenLater(File):
    """A file of the site that the plugin writes itself, after the page it comes from."""

    def copy_file(self, dirty: bool = False) -> None:
        """Nothing to copy: :class:`BuildPdfs` writes the file when its page is done."""


def pdf_files(config: MkDocsConfig, site: SiteBuild) -> list[File]:
    """A file for every PDF of the build, listed but not copied."""
    return [WrittenLater.generated(config, pdf.path, content=b"") for pdf in site.pdfs.values()]


def dated_pages_first(files: Files, site: SiteBuild) -> None:
    """Move each policy's current page after its dated pages (and its history), so that a
    PDF exists, and its size is known, when a page linking it is written.

    MkDocs writes pages in the order of its files: generated pages follow the files found
    on disk, among which are the current pages (``<company>/<policy>.md``).
    """
    for item in site.policies.values():
        current = files.get_file_from_path(item.pages[0].src_uri)
        if current is not None:
            files.remove(current)
            files.append(current)


class BuildPdfs:
    """The PDFs of one build: made as their dated pages are written, sizes filled into the
    pages that link them."""

    def __init__(self, site: SiteBuild, site_dir: Path, site_url: str, cache: Path | None):
        self.site = site
        self.maker = PdfMaker(site_dir, site_url, cache)

    def page(self, src_uri: str, output: str, status: str) -> tuple[str, str]:
        """A finished page's ``output`` and ``status`` bar with the sizes of the PDFs they
        link; first, the PDF printed from the page, if one is."""
        if src_uri in self.site.pdfs:
            self._make(src_uri, output)
        item = self.site.policy_pages.get(src_uri)
        # Only where the generator wrote slots: the status bar and a history's rows, never
        # a policy's text, whose author may write any HTML comment.
        if item is not None and item.kind == "history":
            output = fill_sizes(output, self.sizes)
        return output, fill_sizes(status, self.sizes)

    def _make(self, src_uri: str, output: str) -> None:
        version = self.site.pdfs[src_uri]
        rendered = self.maker.stats.rendered
        try:
            refusals = self.maker.make(version, output)
        except PolicyError as error:
            raise PluginError(str(error)) from None
        how = "rendered" if self.maker.stats.rendered > rendered else "from the cache"
        log.debug("%s: %s", version.path, how)
        for refusal in refusals:
            log.warning(refusal.message(version))

    def finish(self) -> None:
        """Say what the build did; a PDF whose page was not written is an error, since
        pages link it."""
        missing = [pdf.path for pdf in self.site.pdfs.values() if pdf.path not in self.sizes]
        if missing:
            raise PluginError(
                f"no PDF was made for {', '.join(missing[:3])}"
                f"{' and others' if len(missing) > 3 else ''}: their dated pages were not "
                "written; build the whole site (not 'mkdocs serve --dirty')"
            )
        stats = self.maker.stats
        log.info("%d PDFs from the cache, %d rendered", stats.from_cache, stats.rendered)

    @property
    def sizes(self) -> dict[str, int]:
        return self.maker.stats.sizes
