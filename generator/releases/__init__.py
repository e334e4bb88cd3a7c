"""releases: the archive over time.

Releasing a policy, its status against its latest release and the archive's
integrity (``archive``); which version is in force on a day and the change-log
entries of each release (``timeline``). Imports ``text``, ``content``, ``model``
and ``errors``.
"""
