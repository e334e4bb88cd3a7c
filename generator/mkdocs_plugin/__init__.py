"""mkdocs_plugin: the adapter to MkDocs, the only package that imports it.

``plugin`` holds the hooks, each a few lines over
:func:`~generator.publish.build.build_site`; ``config`` the typed options and
what a build derives from them; ``pagecache`` keeps finished pages between
builds (it relies on MkDocs 1.6 internals and says so); ``pdfs`` makes each
version's PDF as its page is written; ``navigation`` bounds a hub's sidebar.
Imports ``publish``, ``site`` and below.
"""
