"""The error family every layer raises and the CLI and app turn into one clear line."""

from __future__ import annotations


class MicroInternError(Exception):
    """Base of every error microintern reports to a user.

    The message is one sentence a supervisor can act on: what is wrong, where, and
    (when it helps) what to do next.
    """


class ValidationError(MicroInternError):
    """Input that breaks a programme rule; nothing was written.

    Attributes:
        field: the name of the field or option at fault (e.g. ``hours``).
        value: the value as the user gave it.
    """

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field} {value!r}: {reason}")


class NotFoundError(MicroInternError):
    """An intern, cohort or record named by the user does not exist."""
