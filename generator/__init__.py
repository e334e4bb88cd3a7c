"""Policy-site generator: legal policies as a static site.

The core (front matter, clauses, numbering, cross-links) is plain Python that
works without MkDocs; :mod:`generator.mkdocs_plugin.plugin` adapts it to MkDocs.
"""

from __future__ import annotations

__version__ = "0.1.0"
