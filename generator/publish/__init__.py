"""publish: a whole build, and the files published beside the pages.

``build`` runs a build in one call (:func:`~generator.publish.build.build_site`);
``feeds`` writes the Atom feeds, ``versions_json`` the machine-readable versions,
``print_css`` each version's running header in print, ``finish`` what a finished
page's ``<head>`` gains and ``headers`` Netlify's ``_headers``. ``pdf`` makes the PDF
of every released version from its finished page (``pdf_document``) and keeps it in
the cache; ``pdf_engine`` is the only module that imports WeasyPrint, confined to the
built site. Imports ``site`` and everything below it, never MkDocs.
"""
