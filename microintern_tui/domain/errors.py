"""The error family every layer raises and the CLI and app turn into one clear line.

Each error carries the exit status of DESIGN.md's table, so the CLI never decides it by
guessing from the message:

====  ==================================================================================
code  when
====  ==================================================================================
0     done
1     a fault of the environment, or try again later (:class:`EnvironmentFault`)
2     bad input, or a data file refused as it is (every other :class:`MicroInternError`)
70    an unexpected error (not a MicroInternError at all: a bug)
====  ==================================================================================
"""

from __future__ import annotations

from typing import ClassVar

#: Exit statuses of the ``microintern`` command (DESIGN.md, "Exit codes").
EXIT_OK = 0
EXIT_ENVIRONMENT = 1
EXIT_USAGE = 2
EXIT_UNEXPECTED = 70


class MicroInternError(Exception):
    """Base of every error microintern reports to a user.

    The message is one sentence a supervisor can act on: what is wrong, where, and
    (when it helps) what to do next.

    Attributes:
        exit_code: the CLI's exit status for this error (2: bad input or a refused file).
    """

    exit_code: ClassVar[int] = EXIT_USAGE


class EnvironmentFault(MicroInternError):
    """The machine, not the input, is at fault: a full disk, a read-only folder, no
    permission, a path that is a folder, a lock held by someone else. Nothing was written;
    trying again later (or after the fix the message names) can succeed.
    """

    exit_code: ClassVar[int] = EXIT_ENVIRONMENT


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
