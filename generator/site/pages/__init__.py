"""One small builder per kind of page, each returning a frozen :class:`SitePage`.

- :mod:`.policy`: a policy's current page and its dated version pages (same template);
- :mod:`.comparison`: what a version (or a preview's draft) changed;
- :mod:`.compare`: the page comparing any two versions in the browser, and its picker;
- :mod:`.history`: every version and change-log entry of a policy;
- :mod:`.hub`: the home page, company pages and the navigation;
- :mod:`.status` the status bar, :mod:`.not_found` the 404 page's help, :mod:`.pdf` the
  links to a version's PDF (and the size they say once it exists).

Builders take what they show, already decided; :mod:`generator.site.compose`
decides it for each policy.
"""
