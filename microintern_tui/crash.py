"""Crash reports: where an unexpected error happened, for the developers, without student data.

A bug must not print a traceback on a supervisor's terminal (it can quote names and notes
from the data file, and it means nothing to them), yet the developers need to know where it
happened. The report holds only what cannot carry data: the exception's type, and for each
frame of its traceback the file, line number and function, plus versions and the command's
name. Never the exception's message, local variables or the command's argument values.

It is written to the supervisor's own state folder (``$XDG_STATE_HOME/microintern/users/NAME``
on Linux: one per supervisor, as under ``serve`` they share one OS user), readable by the
owner alone.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import traceback
from importlib import metadata
from pathlib import Path

from . import __version__, fsio, locations

#: The libraries whose versions a report names (they shape what can go wrong).
LIBRARIES = ("textual", "tinydb", "orjson", "filelock", "platformdirs", "icalendar")
#: How many chained exceptions (``raise ... from``, or raised while handling) are followed.
MAX_CHAIN = 5
#: Only the owner may read a report (it names the machine's paths and versions).
REPORT_MODE = 0o600


def crash_dir(user: str) -> Path:
    """The folder ``user``'s crash reports go to: their own state folder."""
    return locations.user_state_dir(user)


def _where(filename: str) -> str:
    """A frame's file without the user's folders: from the package or site-packages on."""
    parts = Path(filename).parts
    for anchor in ("microintern_tui", "site-packages"):
        if anchor in parts:
            index = len(parts) - 1 - parts[::-1].index(anchor)
            start = index if anchor == "microintern_tui" else index + 1
            return "/".join(parts[start:])
    return "/".join(parts[-2:])


def _type_name(exc: BaseException) -> str:
    cls = type(exc)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from or while handling, outermost first."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < MAX_CHAIN:
        chain.append(current)
        if current.__cause__ is not None:
            current = current.__cause__
        elif current.__suppress_context__:
            current = None
        else:
            current = current.__context__
    return chain


def _versions() -> list[str]:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return found


def report_text(exc: BaseException, command: str, now: dt.datetime) -> str:
    """The report for ``exc``, raised while ``command`` ran (e.g. ``hours add``)."""
    lines = [
        "microintern crash report (no student data: no messages, values or arguments)",
        f"time: {now.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC",
        f"microintern: {__version__}",
        f"python: {platform.python_version()} ({platform.python_implementation()})",
        f"platform: {platform.system()} {platform.release()} {platform.machine()}",
        f"libraries: {', '.join(_versions())}",
        f"command: {command or '(none)'}",
    ]
    for n, link in enumerate(_chain(exc)):
        lines.append("")
        lines.append(
            f"{'exception' if n == 0 else 'raised from or while handling'}: {_type_name(link)}"
        )
        lines.append("traceback, most recent call last:")
        for frame in traceback.extract_tb(link.__traceback__):
            lines.append(f"  {_where(frame.filename)}:{frame.lineno} in {frame.name}")
    return "\n".join(lines) + "\n"


def write_report(
    exc: BaseException, command: str, user: str, now: dt.datetime | None = None
) -> Path:
    """Write the crash report for ``exc`` to ``user``'s :func:`crash_dir`; returns its path.

    Raises:
        OSError: the folder could not be made.
        fsio.WriteFault: the report could not be written.
    """
    now = now or dt.datetime.now(dt.UTC)
    folder = crash_dir(user)
    # The folder of every supervisor's folder is private too: their names are in it.
    folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"crash-{now:%Y%m%d-%H%M%S}-{os.getpid()}.txt"
    fsio.atomic_write(path, report_text(exc, command, now).encode("utf-8"), mode=REPORT_MODE)
    return path


def unexpected_error_line(exc: BaseException, command: str, user: str | None = None) -> str:
    """Write the report for ``exc`` and return the one line that says where it is.

    Args:
        exc: the unexpected error.
        command: the command's name (``hours add``), never its arguments.
        user: whose report it is; None before the command line named one (the login name).
    """
    kind = type(exc).__name__
    user = user or locations.default_user()
    try:
        path = write_report(exc, command, user)
    except (OSError, fsio.WriteFault) as fault:
        why = (fault.strerror or str(fault)) if isinstance(fault, OSError) else str(fault)
        return (
            f"unexpected error ({kind}): a bug in microintern; its crash report could not be "
            f"written to {crash_dir(user)} either ({why})."
        )
    return (
        f"unexpected error ({kind}): a bug in microintern. A crash report without student "
        f"data is in {path}; please send it to whoever looks after microintern."
    )
