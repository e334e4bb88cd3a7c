"""text: one policy's text, from its source to Markdown with numbers and links.

Clause includes (``clauses``), numbering (``numbering``), headings and ids
(``sections``), cross-links (``xrefs``), the steps chained (``pipeline``), inline
Markdown to words (``inline``), Markdown to HTML (``markdown``) with aligned table cells
that the CSP keeps (``table_cells``), the refusal of
author-written scripts and dangerous markup (``safety``) and the clause library as
editors read it (``catalogue``). Imports ``content``,
``model`` and ``errors``; what a cross-link points to is decided by its caller,
never here.
"""
