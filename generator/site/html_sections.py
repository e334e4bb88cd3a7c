"""Rendered policy HTML cut into its sections, for comparisons and plain-text copies."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree  # type: ignore[import-untyped]
from lxml import html as lxml_html

_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
PREAMBLE_ID = "_opening-text"
"""The id of the text before the first heading: one no section can have (section ids
start with a letter, :mod:`generator.text.sections`), so a section called ``preamble``
is not mistaken for it, on the page or in a comparison."""
PREAMBLE_TITLE = "Opening text"


@dataclass(frozen=True)
class HtmlSection:
    """A heading and the content up to the next heading, from rendered HTML."""

    id: str
    number: str
    title: str
    level: int
    content: str
    """Serialized HTML of the content (the heading itself excluded)."""
    opening: bool = False
    """The text before the first heading (id :data:`PREAMBLE_ID`), not a section."""

    @property
    def text(self) -> str:
        """The words of the section, for deciding whether it changed."""
        fragment = lxml_html.fragment_fromstring(self.content or "<div></div>", create_parent="div")
        return " ".join(fragment.text_content().split()) + "|" + self.title


def split_sections(body_html: str) -> list[HtmlSection]:
    """Cut rendered policy HTML into sections at every heading that has an id."""
    root = lxml_html.fragment_fromstring(body_html or "<p></p>", create_parent="div")
    sections: list[HtmlSection] = []
    current = HtmlSection(PREAMBLE_ID, "", PREAMBLE_TITLE, 2, "", opening=True)
    parts: list[str] = []

    def close() -> None:
        content = "".join(parts).strip()
        if not current.opening or content:
            sections.append(dataclasses.replace(current, content=content))

    for element in root:
        if isinstance(element.tag, str) and element.tag in _HEADINGS and element.get("id"):
            close()
            parts = []
            for link in element.xpath(".//a[contains(@class, 'headerlink')]"):
                link.drop_tree()
            number = "".join(element.xpath("string(.//span[@class='secno'])").split())
            title = " ".join(element.text_content().split())
            title = title.removeprefix(number).strip()
            current = HtmlSection(element.get("id"), number, title, int(element.tag[1]), "")
        else:
            parts.append(etree.tostring(element, encoding="unicode", method="html"))
    close()
    return sections


def rewrite_links(body_html: str, rewrite: Callable[[str], str]) -> str:
    """Apply ``rewrite`` to every link target of an HTML fragment."""
    root = lxml_html.fragment_fromstring(body_html or "<p></p>", create_parent="div")
    for link in root.iter("a"):
        href = link.get("href")
        if href:
            link.set("href", rewrite(href))
    return (root.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in root
    )
