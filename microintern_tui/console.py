"""Output of the non-interactive commands: plain lines and aligned tables, made printable.

Every line a command prints goes through :func:`out`, so a standard output that is closed
or full (``> /dev/full``) becomes one :class:`OutputFault` line instead of a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import locations
from .domain.errors import EnvironmentFault
from .domain.text import printable
from .exports.text_table import aligned

if TYPE_CHECKING:
    from .store.copies import MergeReport
    from .store.outbox import OutboxReport
    from .store.store import Store


class OutputFault(EnvironmentFault):
    """Standard output is closed, full or failing: what a command printed did not arrive."""


#: The stores the running command opened: what they did is told once it ends (tell_notes).
_opened: list[Store] = []
#: What a command already printed itself, by store: not told again as a note.
_said: dict[int, set[str]] = {}


def open_store(args: argparse.Namespace) -> Store:
    """The store for the resolved global options (--db, --user), with this machine's outbox."""
    # Imported here: ``--help`` and a bad option never pay for the store's imports.
    from .store.outbox import Outbox, machine_id
    from .store.store import Store

    outbox = Outbox(
        locations.outbox_dir(args.user),
        machine_id(locations.data_dir()),
        args.db,
        user=args.user,
    )
    store = Store(args.db, args.user, outbox=outbox)
    _opened.append(store)
    return store


def already_said(store: Store, *what: str) -> None:
    """Note that the command printed ``what`` itself ("merge", "replay", "waiting")."""
    _said.setdefault(id(store), set()).update(what)


def note(line: str) -> None:
    """One ``microintern: note: ...`` line on stderr (the line is shown literally)."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):  # a closed stderr cannot be told anything
        sys.stderr.write(f"microintern: note: {printable(line)}\n")


def tell_notes(*, done: bool) -> None:
    """Tell, as note lines, what the stores the command opened did besides its own work.

    Copies merged and outbox changes re-applied (only when the command succeeded: a failed
    one saved nothing), what the store wants said once (a file's mode tightened, a damaged
    outbox kept aside), and changes of this machine the file still lacks.
    """
    opened = list(_opened)
    _opened.clear()
    for store in opened:
        said = _said.pop(id(store), set())
        for line in sync_notes(store, done=done, said=said):
            note(line)


def sync_notes(
    store: Store, *, done: bool, said: set[str] | frozenset[str] = frozenset()
) -> list[str]:
    """The note lines for one store after a command (see :func:`tell_notes`)."""
    from .domain.errors import MicroInternError

    lines: list[str] = []
    name = store.path.name
    merge, replay = store.last_merge, store.last_replay
    if done and merge is not None and "merge" not in said:
        lines += _merge_lines(merge, name)
    if done and replay is not None and "replay" not in said:
        lines += replay_lines(replay, name)
    lines += store.take_notices()
    refused = replay is not None and bool(replay.refused)
    # Only for a file the command read anyway: telling must not cost a read of its own.
    outbox, read = store.outbox, store.file.data is not None
    if done and outbox is not None and read and not refused and "waiting" not in said:
        with contextlib.suppress(MicroInternError, OSError):
            count = len(outbox.waiting(store.records()))
            if count:
                lines.append(waiting_line(count))
    return lines


def _merge_lines(report: MergeReport, name: str) -> list[str]:
    from .store.conflicts import MERGED_DIR

    lines = []
    copies = len(report.merged)
    if copies:
        changes = report.change_count
        what = f"{changes} change{_s(changes)}" if changes else "nothing new"
        lines.append(
            f"merged {what} from {copies} conflicted cop{'y' if copies == 1 else 'ies'} "
            f"beside {name} (moved into {MERGED_DIR}/)"
        )
    lines += [f"left alone: {s.problem}" for s in report.skipped]
    return lines


def replay_lines(report: OutboxReport, name: str) -> list[str]:
    """What re-applying the outbox did, in lines for a person."""
    lines = []
    if report.count:
        lines.append(
            f"re-applied {report.count} change{_s(report.count)} that {name} lacked, "
            "from your outbox on this machine"
        )
    lines += [f"kept in your outbox, not re-applied: {p}" for p in report.refused]
    return lines


def waiting_line(count: int) -> str:
    """The line saying that changes of this machine are not in the shared file yet."""
    them = "it" if count == 1 else "them"
    return (
        f"{count} change{_s(count)} not yet in the shared file; any writing command "
        f"re-applies {them} (`microintern outbox` lists {them})"
    )


def _s(count: int) -> str:
    return "" if count == 1 else "s"


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
