"""content: ``policies/`` on disk -> the validated content model.

Owns the folder layout (``layout``), front matter and its field tables
(``frontmatter``), loading the whole library (``library``), the refusal of
symbolic links (``safety``) and of placeholders left in live files
(``placeholders``), the files ``policy-site new`` starts from (``scaffold``) and
writing files whole under the folder's lock (``files``). Imports only
``generator.model`` and ``generator.errors``.
"""
