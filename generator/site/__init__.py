"""site: what the site shows, as pure data: pages as Markdown, without MkDocs.

``urls`` owns every address; ``build`` makes every policy's pages for a build
date (``targets`` decides where cross-links land, ``renderer`` renders released
versions through the on-disk ``cache``, ``compose`` decides each policy's pages,
``pages/`` builds each kind of page from ``templates/``); ``live`` renders the
live policies; ``diff``, ``html_sections`` and ``plaintext`` work on rendered
HTML. Imports ``releases``, ``text``, ``content``, ``model`` and ``errors``.
"""
