"""The costly work on released versions, each piece kept in the cache by its inputs.

A version's body with its cross-links resolved, its plain-text copy and its
comparisons never change once its inputs are fixed, so each is named in the
:class:`~generator.site.cache.RenderCache` by everything it depends on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from generator.content.library import Library
from generator.errors import PolicyError
from generator.model import Policy, Snapshot, SourceLocation
from generator.site import urls
from generator.site.cache import RenderCache, cache_key
from generator.site.diff import compare, render_comparison
from generator.site.html_sections import HtmlSection, rewrite_links, split_sections
from generator.site.live import section_index
from generator.site.plaintext import VersionText, version_text
from generator.site.targets import LinkTargets
from generator.text.markdown import BodyConverter
from generator.text.pipeline import resolve_text
from generator.text.xrefs import LinkTarget, MissingSection


class VersionRenderer:
    """Bodies, plain texts and comparisons of released versions, through the cache."""

    def __init__(self, library: Library, targets: LinkTargets, cache: RenderCache) -> None:
        self._library = library
        self._targets = targets
        self.cache = cache
        self._converter = BodyConverter()
        self._recent_sections: dict[str, list[HtmlSection]] = {}

    def body(self, policy: Policy, page_uri: str, snapshot: Snapshot, on: dt.date | None) -> str:
        """A released text's final Markdown on ``page_uri``: numbered, cross-links resolved.

        On a dated page (``on`` its date) links go to the dated page of the target's version
        of that day; on the current page (``on`` None) to the target's current page. The
        entry's name covers the snapshot; the targets its links resolved to are recorded in
        it and must be unchanged for it to be used.
        """
        via_dated_page = on is not None
        key = cache_key(
            "body", policy.key, page_uri, snapshot.sha256, on.isoformat() if on else "current"
        )
        entry = self.cache.get(key)
        if entry is not None:
            links = entry.get("links") if isinstance(entry, dict) else None
            text = entry.get("body") if isinstance(entry, dict) else None
            if (
                isinstance(links, dict)
                and isinstance(text, str)
                and all(
                    self._targets.fingerprint(target, on, via_dated_page) == recorded
                    for target, recorded in links.items()
                )
            ):
                return text
            self.cache.reject()
        used: dict[str, str] = {}

        def lookup(target: str) -> LinkTarget | None:
            used[target] = self._targets.fingerprint(target, on, via_dated_page)
            return self._targets.link_target(target, on, via_dated_page)

        index = section_index(self._library, lookup)
        try:
            text = resolve_text(policy, page_uri, self._targets.numbered(snapshot), index)
        except MissingSection as error:
            if on is None or not self._targets.is_draft(error.policy_key, on):
                raise
            raise self._gone_from_draft(error, snapshot) from None
        self.cache.put(key, {"links": used, "body": text})
        return text

    def _gone_from_draft(self, error: MissingSection, snapshot: Snapshot) -> PolicyError:
        """An archived text links to a section of a policy that was never released, whose
        live text no longer has it: the archive cannot change, the live text can."""
        target = self._library.policies[error.policy_key]
        return PolicyError(
            SourceLocation(target.display_path, 1),
            f"has no section '{error.section_id}' any more, but the archived version of "
            f"{snapshot.key} of {snapshot.effective.isoformat()} links to it ({error.location}); "
            f"{error.policy_key} was never released, so archived links land on its live text",
            f"give a heading of {target.display_path} the id '{error.section_id}' again "
            f"({{#{error.section_id}}}), or release {error.policy_key} before renaming sections",
        )

    def section_labels(self, snapshot: Snapshot) -> dict[str, str]:
        """A released text's section labels ("2. Data we collect"), by id."""
        key = cache_key("sections", snapshot.sha256)
        entry = self.cache.get(key)
        if isinstance(entry, dict) and all(isinstance(v, str) for v in entry.values()):
            return entry
        if entry is not None:
            self.cache.reject()
        labels = {
            s.id: f"{s.label} {s.title}".strip() for s in self._targets.numbered(snapshot).sections
        }
        self.cache.put(key, labels)
        return labels

    def body_sections(self, body: str) -> list[HtmlSection]:
        """A version's body as HTML cut at its headings (:func:`split_sections`)."""
        if body not in self._recent_sections:
            # A version is compared twice, with the one before and the one after it, one
            # right after the other: converting it once is enough, cache or not.
            if len(self._recent_sections) >= 4:
                del self._recent_sections[next(iter(self._recent_sections))]
            # Not kept in the cache: what is made of it (comparisons, texts) is.
            self._recent_sections[body] = split_sections(self._converter.convert(body))
        return self._recent_sections[body]

    def text(self, snapshot: Snapshot, body: str) -> VersionText:
        """A released text's body (as on its dated page) as plain text, section by section."""
        # The body names the text and its resolved links; the snapshot names its sections.
        key = cache_key("text", snapshot.sha256, body)
        entry = self.cache.get(key)
        if entry is not None:
            text = VersionText.from_json(entry)
            if text is not None:
                return text
            self.cache.reject()
        sections = self._targets.numbered(snapshot).sections
        text = version_text(self.body_sections(body), sections)
        self.cache.put(key, text.to_json())
        return text

    def comparison(self, page_uri: str, old: tuple[str, str], new: tuple[str, str]) -> str:
        """The comparison HTML of two bodies (each with the source path it was resolved on)."""
        (old_uri, old_body), (new_uri, new_body) = old, new
        key = cache_key("comparison", page_uri, old_uri, old_body, new_uri, new_body)
        return self.cache.fetch(
            key,
            lambda: render_comparison(
                compare(
                    _page_sections(self.body_sections(old_body), old_uri, page_uri),
                    _page_sections(self.body_sections(new_body), new_uri, page_uri),
                )
            ),
        )


def _page_sections(sections: list[HtmlSection], body_uri: str, page_uri: str) -> list[HtmlSection]:
    """A version's sections made ready for a comparison page (:func:`_page_html`)."""
    return [
        dataclasses.replace(section, content=_page_html(section.content, body_uri, page_uri))
        if "<a" in section.content
        else section
        for section in sections
    ]


def _page_html(body_html: str, body_uri: str, page_uri: str) -> str:
    """A version's body, as HTML, made ready for a comparison page.

    Its ``.md`` links become relative URLs; links to dated versions of other
    policies point at their current page, so that two versions linking to the
    same section compare equal even when the target was re-released.
    """

    def rewrite(href: str) -> str:
        path, hash_mark, fragment = href.partition("#")
        if not path.endswith(".md") or "://" in path:
            return href
        target = urls.undated(urls.link_target(body_uri, path))
        return urls.page_href(page_uri, target) + hash_mark + fragment

    return rewrite_links(body_html, rewrite)
