"""Output of the non-interactive commands: plain lines and aligned tables, made printable.

Every line a command prints goes through :func:`out`, so a standard output that is closed
or full (``> /dev/full``) becomes one :class:`OutputFault` line instead of a traceback.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import locations
from .domain.errors import EnvironmentFault
from .exports.text_table import aligned

if TYPE_CHECKING:
    from .store.store import Store


class OutputFault(EnvironmentFault):
    """Standard output is closed, full or failing: what a command printed did not arrive."""


def open_store(args: argparse.Namespace) -> Store:
    """The store for the resolved global options (--db, --user), with this machine's outbox."""
    # Imported here: ``--help`` and a bad option never pay for the store's imports.
    from .store.outbox import Outbox, machine_id
    from .store.store import Store

    outbox = Outbox(locations.outbox_dir(args.user), machine_id(locations.data_dir()), args.db)
    return Store(args.db, args.user, outbox=outbox)


def out(line: str = "", *, end: str = "\n") -> None:
    """One line on stdout (``end=""``: a question the answer is typed after).

    Raises:
        OutputFault: stdout is closed or cannot be written (a full disk, a device error).
        BrokenPipeError: the reader went away (``| head``): the command ends quietly.
    """
    if sys.stdout is None:
        raise closed_output()
    try:
        sys.stdout.write(line + end)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise output_fault(exc) from None


def flush() -> None:
    """Push what was printed to stdout out now, so a failing output is noticed here.

    Raises:
        OutputFault: as for :func:`out`.
        BrokenPipeError: as for :func:`out`.
    """
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise output_fault(exc) from None


def discard_output() -> None:
    """Point stdout at the null device: what is still buffered for it is dropped.

    After stdout failed, the flush at interpreter exit would fail again and print a
    traceback-like "Exception ignored" message; this makes that flush harmless.
    """
    stdout = sys.stdout
    if stdout is None:
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        # Not a real file (a test's capture): nothing at exit will flush it to a device.
        return


def closed_output() -> OutputFault:
    """The error for a standard output that is not open at all."""
    return OutputFault(
        "standard output is closed, so nothing can be printed; nothing was done. "
        "Run the command with its output open (e.g. redirected to a file)."
    )


def output_fault(exc: OSError) -> OutputFault:
    """The error for a failed write to standard output, naming the cause and what to do."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        why = "the disk or device it goes to is full"
    elif exc.errno == errno.EBADF:
        return closed_output()
    else:
        why = exc.strerror or str(exc)
    return OutputFault(
        f"could not write to standard output: {why}; the output is incomplete. "
        "Send it somewhere that can take it (a file on a disk with space, or a pipe)."
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """An aligned text table; every cell goes through ``printable``."""
    for line in aligned(headers, rows):
        out(line)


def fmt_hours(value: float) -> str:
    """Hours without trailing zeros: 2.5, 40, 0.25."""
    return f"{value:g}"
