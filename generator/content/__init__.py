"""content: ``policies/`` on disk -> the validated content model.

Owns the folder layout (``layout``), front matter and its field tables
(``frontmatter``) and loading the whole library (``library``). Imports only
``generator.model`` and ``generator.errors``.
"""
