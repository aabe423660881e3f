"""Errors of the data file: each names the file, says what is wrong and what to do."""

from __future__ import annotations

from ..domain.errors import MicroInternError


class DataFileError(MicroInternError):
    """The data file cannot be used (not JSON, not a microintern file, newer schema, empty).

    Such a file is never written to: the message says what to do instead.
    """


class LockTimeoutError(MicroInternError):
    """Another process held the data file's lock for longer than the timeout."""


class SaveError(MicroInternError):
    """The new version of the file could not be put in place; the change was not applied."""
