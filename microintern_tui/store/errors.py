"""Errors of the data file: each names the file, says what is wrong and what to do."""

from __future__ import annotations

from ..domain.errors import EnvironmentFault, MicroInternError
from ..fsio import WriteFault


class DataFileError(MicroInternError):
    """The data file cannot be used (not JSON, not a microintern file, newer schema, empty).

    Such a file is never written to: the message says what to do instead (exit status 2).
    """


class LockTimeoutError(EnvironmentFault):
    """Another process held the data file's lock for longer than the timeout."""


#: The new version of the file could not be put in place; the change was not applied.
#: (fsio's error: the store and the exports write files the same one way.)
SaveError = WriteFault


class EditConflict(EnvironmentFault):
    """A record changed since the user opened it, in a way a save must not paper over.

    Raised for cohort dates and deletes (a note keeps both texts instead, a tick is set):
    the message says who changed what; the app shows it and asks before saving again.

    Attributes:
        current: the record's ``updated`` stamp now (pass it as the base to save anyway).
    """

    def __init__(self, message: str, current: str) -> None:
        self.current = current
        super().__init__(message)
