"""releases: the archive over time.

What a release would archive (``candidates``) and whether a policy differs from
its latest release (``status``); releasing and correcting (``release``), amending a
summary (``amend``) and sealing an older archive (``seal``), each planned first and
written through a journal (``journal``) into the live policy (``changelog``); the
chain of records (``ledger``) and every build's check of it (``integrity``); which
version is in force on a day (``timeline``); the day itself (``clock``). Imports
``text``, ``content``, ``model`` and ``errors``.
"""
