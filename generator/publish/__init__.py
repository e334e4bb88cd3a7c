"""publish: a whole build, and the files published beside the pages.

``build`` runs a build in one call (:func:`~generator.publish.build.build_site`);
``feeds`` writes the Atom feeds, ``versions_json`` the machine-readable versions,
``head`` what a finished page's ``<head>`` gains and ``headers`` Netlify's
``_headers``. Imports ``site`` and everything below it, never MkDocs.
"""
