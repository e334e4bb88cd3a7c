"""Atom validity: whether a document is a valid Atom feed (RFC 4287).

Validity is checked two ways: a RELAX NG schema that is a subset of RFC 4287
Appendix B (transcribed to XML syntax, keeping only the elements the
generator may write, so whatever it accepts Appendix B accepts too), and a
hand-written check of the rules the RFC states in prose or Schematron that a
grammar cannot (feed author, alternate link or content, absolute ids, a self
link).
"""

from __future__ import annotations

import re

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
NS = {"a": "http://www.w3.org/2005/Atom"}


def text(element: etree._Element, path: str) -> str:
    """The text of the Atom element at ``path`` below ``element``, which must be there."""
    found = element.findtext(path, namespaces=NS)
    assert found is not None, f"no {path} in {element.tag}"
    return found


# A subset of RFC 4287 Appendix B: no extension elements, contributors, sources,
# icons, logos, rights or out-of-line content, which the generator never writes.
ATOM_SUBSET_RNG = r"""
<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="http://www.w3.org/2005/Atom"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start>
    <element name="feed">
      <interleave>
        <zeroOrMore><ref name="author"/></zeroOrMore>
        <zeroOrMore><ref name="category"/></zeroOrMore>
        <optional><element name="generator">
          <optional><attribute name="uri"><data type="anyURI"/></attribute></optional>
          <optional><attribute name="version"/></optional>
          <text/>
        </element></optional>
        <ref name="id"/>
        <zeroOrMore><ref name="link"/></zeroOrMore>
        <optional><element name="subtitle"><ref name="textConstruct"/></element></optional>
        <element name="title"><ref name="textConstruct"/></element>
        <element name="updated"><ref name="date"/></element>
      </interleave>
      <zeroOrMore><ref name="entry"/></zeroOrMore>
    </element>
  </start>
  <define name="entry">
    <element name="entry">
      <interleave>
        <zeroOrMore><ref name="author"/></zeroOrMore>
        <zeroOrMore><ref name="category"/></zeroOrMore>
        <optional><element name="content">
          <optional><attribute name="type"><choice>
            <value>text</value><value>html</value>
          </choice></attribute></optional>
          <text/>
        </element></optional>
        <ref name="id"/>
        <zeroOrMore><ref name="link"/></zeroOrMore>
        <optional><element name="published"><ref name="date"/></element></optional>
        <optional><element name="summary"><ref name="textConstruct"/></element></optional>
        <element name="title"><ref name="textConstruct"/></element>
        <element name="updated"><ref name="date"/></element>
      </interleave>
    </element>
  </define>
  <define name="author">
    <element name="author">
      <interleave>
        <element name="name"><text/></element>
        <optional><element name="uri"><data type="anyURI"/></element></optional>
        <optional><element name="email"><text/></element></optional>
      </interleave>
    </element>
  </define>
  <define name="category">
    <element name="category">
      <attribute name="term"/>
      <optional><attribute name="scheme"><data type="anyURI"/></attribute></optional>
      <optional><attribute name="label"/></optional>
      <empty/>
    </element>
  </define>
  <define name="id">
    <element name="id"><data type="anyURI"/></element>
  </define>
  <define name="link">
    <element name="link">
      <attribute name="href"><data type="anyURI"/></attribute>
      <optional><attribute name="rel"/></optional>
      <optional><attribute name="type">
        <data type="string"><param name="pattern">.+/.+</param></data>
      </attribute></optional>
      <optional><attribute name="hreflang"/></optional>
      <optional><attribute name="title"/></optional>
      <optional><attribute name="length"/></optional>
      <empty/>
    </element>
  </define>
  <define name="textConstruct">
    <optional><attribute name="type"><choice>
      <value>text</value><value>html</value>
    </choice></attribute></optional>
    <text/>
  </define>
  <define name="date">
    <data type="dateTime">
      <param name="pattern">\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+\-]\d{2}:\d{2})</param>
    </data>
  </define>
</grammar>
"""
ATOM_SCHEMA = etree.RelaxNG(etree.fromstring(ATOM_SUBSET_RNG))
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")


def atom_problems(document: bytes) -> list[str]:
    """What makes a document invalid Atom: the schema's errors and RFC 4287's prose rules."""
    root = etree.fromstring(document)
    if not ATOM_SCHEMA.validate(root):
        return [str(error) for error in ATOM_SCHEMA.error_log]
    problems: list[str] = []
    all_entries = root.findall("a:entry", NS)
    # 4.1.1: a feed has an author unless every entry has one.
    if root.find("a:author", NS) is None and any(
        e.find("a:author", NS) is None for e in all_entries
    ):
        problems.append("feed without author has an entry without author")
    ids = [text(root, "a:id"), *(text(e, "a:id") for e in all_entries)]
    # 4.2.6: ids are absolute IRIs, and an entry id is unique within the feed.
    problems += [
        f"id {value!r} is not an absolute IRI" for value in ids if not ABSOLUTE_IRI.match(value)
    ]
    if len(set(ids)) != len(ids):
        problems.append("duplicate ids")
    # 4.1.1: a feed SHOULD have a rel="self" link; our brief makes it a MUST.
    if len(root.findall("a:link[@rel='self']", NS)) != 1:
        problems.append("feed needs exactly one rel=self link")
    for element in [root, *all_entries]:
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in element.findall("a:link", NS)
            if link.get("rel", "alternate") == "alternate"
        ]
        # 4.1.1 and 4.1.2: at most one alternate link per type and hreflang.
        if len(set(alternates)) != len(alternates):
            problems.append(f"{element.tag}: two alternate links with the same type")
    for entry in all_entries:
        # 4.1.2: an entry without content has an alternate link.
        has_alternate = any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall("a:link", NS)
        )
        if entry.find("a:content", NS) is None and not has_alternate:
            problems.append(f"entry {text(entry, 'a:id')} has neither content nor alternate link")
    return problems
