"""Section-aware comparison of two versions of a policy.

Sections are aligned by id, not by position, so a renumbered or moved
section is recognised as the same section. Inside a changed section the
words are compared with :mod:`lxml.html.diff`'s tokens (words, with the markup
around them) and :mod:`difflib`, word by word, and marked with ``<del>`` and
``<ins>``, in reading order: what went, then what came.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from lxml import etree  # type: ignore[import-untyped]
from lxml import html as lxml_html
from lxml.html import diff as lxml_diff  # type: ignore[import-untyped]

from generator.site.html_sections import HtmlSection

ChangeKind = Literal["added", "removed", "changed", "unchanged"]


@dataclass(frozen=True)
class SectionChange:
    """What happened to one section between two versions."""

    kind: ChangeKind
    old: HtmlSection | None
    new: HtmlSection | None
    moved: bool = False

    @property
    def section(self) -> HtmlSection:
        section = self.new or self.old
        assert section is not None
        return section

    @property
    def renumbered(self) -> bool:
        return bool(self.old and self.new and self.old.number != self.new.number)


_Key = tuple[bool, str]


def _key(section: HtmlSection) -> _Key:
    """What aligns a section with itself: its id, and whether it is the opening text,
    which is aligned with the opening text only."""
    return (section.opening, section.id)


def compare(old: Sequence[HtmlSection], new: Sequence[HtmlSection]) -> list[SectionChange]:
    """Align two versions' sections by id, in reading order of the new version.

    A removed section is listed after the section that preceded it in the old
    version (or first).
    """
    old_by_key = {_key(section): section for section in old}
    new_keys = {_key(section) for section in new}
    common_old = [_key(section) for section in old if _key(section) in new_keys]
    common_new = [_key(section) for section in new if _key(section) in old_by_key]
    matcher = difflib.SequenceMatcher(a=common_old, b=common_new, autojunk=False)
    in_place = {
        common_new[block.b + offset]
        for block in matcher.get_matching_blocks()
        for offset in range(block.size)
    }
    changes: list[SectionChange] = []
    for section in new:
        before = old_by_key.get(_key(section))
        if before is None:
            changes.append(SectionChange("added", None, section))
        else:
            # Equal HTML is equal words; only differing HTML needs its words compared.
            same = before.content == section.content and before.title == section.title
            kind: ChangeKind = "unchanged" if same or before.text == section.text else "changed"
            moved = _key(section) not in in_place
            changes.append(SectionChange(kind, before, section, moved=moved))
    for index, section in enumerate(old):
        if _key(section) in new_keys:
            continue
        previous = next(
            (_key(old[i]) for i in range(index - 1, -1, -1) if _key(old[i]) in new_keys), None
        )
        position = 0
        if previous is not None:
            position = next(i for i, c in enumerate(changes) if _key(c.section) == previous) + 1
        while position < len(changes) and changes[position].kind == "removed":
            position += 1
        changes.insert(position, SectionChange("removed", section, None))
    return changes


def _heading(change: SectionChange, tag: str) -> str:
    section = change.section
    number = f'<span class="secno">{html.escape(section.number)}</span> ' if section.number else ""
    labels: list[str] = [change.kind]
    if change.renumbered and change.old and change.old.number:
        labels.append(f"renumbered, was {change.old.number}")
    if change.moved:
        labels.append("moved")
    badges = "".join(f' <span class="diff-label">{html.escape(label)}</span>' for label in labels)
    return f"<{tag}>{number}{html.escape(section.title)}{badges}</{tag}>"


def render_comparison(changes: Sequence[SectionChange]) -> str:
    """The comparison as HTML: changed sections open, unchanged ones collapsed."""
    counts = {
        kind: sum(1 for c in changes if c.kind == kind) for kind in ("changed", "added", "removed")
    }
    renumbered = sum(1 for c in changes if c.renumbered)
    summary = ", ".join(f"{count} {kind}" for kind, count in counts.items()) + (
        f", {renumbered} renumbered" if renumbered else ""
    )
    blocks = [f'<p class="diff-summary">Sections: {summary}.</p>']
    for change in changes:
        section = change.section
        anchor = html.escape(section.id)
        classes = f"diff-section diff-{change.kind}"
        if change.kind == "unchanged":
            blocks.append(
                f'<details class="{classes}" id="{anchor}"><summary>'
                f"{_heading(change, 'span')}</summary>{section.content}</details>"
            )
            continue
        tag = f"h{min(max(section.level, 2), 6)}"
        if change.kind == "changed":
            assert change.old is not None and change.new is not None
            body = word_diff(change.old.content or "<p></p>", change.new.content or "<p></p>")
        elif change.kind == "added":
            body = f"<ins>{section.content}</ins>"
        else:
            body = f"<del>{section.content}</del>"
        blocks.append(
            f'<section class="{classes}" id="{anchor}">{_heading(change, tag)}'
            f'<div class="diff-body">{body}</div></section>'
        )
    return "\n".join(blocks)


def word_diff(old_html: str, new_html: str) -> str:
    """``new_html`` with the words that changed since ``old_html`` marked.

    :func:`lxml.html.diff.htmldiff` does this with a matcher that ignores small equal
    runs amid changes, so one changed word marks a whole phrase, and it writes each
    insertion before the deletion it replaces ("12 24 months"). The same steps here
    keep every equal word and put what went before what came.
    """
    old_tokens = lxml_diff.tokenize(old_html)
    new_tokens = lxml_diff.tokenize(new_html)
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    chunks: list[str] = []
    for command, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if command == "equal":
            chunks.extend(lxml_diff.expand_tokens(new_tokens[new_start:new_end], equal=True))
            continue
        # lxml's merge steps need insertions first; the order is put right below.
        if command in ("insert", "replace"):
            lxml_diff.merge_insert(lxml_diff.expand_tokens(new_tokens[new_start:new_end]), chunks)
        if command in ("delete", "replace"):
            lxml_diff.merge_delete(lxml_diff.expand_tokens(old_tokens[old_start:old_end]), chunks)
    lxml_diff.cleanup_delete(chunks)
    marked: str = lxml_diff.fixup_ins_del_tags("".join(chunks).strip())
    return _deletions_first(marked)


def _deletions_first(marked: str) -> str:
    """Every ``<ins>`` directly followed by the ``<del>`` it replaces, swapped."""
    root = lxml_html.fragment_fromstring(marked or "<p></p>", create_parent="div")
    for inserted in list(root.iter("ins")):
        deleted = inserted.getnext()
        if deleted is None or deleted.tag != "del" or (inserted.tail or "").strip():
            continue
        between, after = inserted.tail, deleted.tail
        inserted.addprevious(deleted)
        deleted.tail, inserted.tail = between, after
    return (root.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in root
    )
