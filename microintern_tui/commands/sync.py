"""Commands for a data file shared by a team: ``merge``, ``repair``, ``unlock`` and ``restore``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from ..console import already_said, flush, open_store, out, table
from ..domain.errors import MicroInternError, ValidationError
from ..domain.text import printable
from .subparsers import Subparsers


class ConfirmationNeeded(MicroInternError):
    """A command that asks before acting was run without a terminal and without ``--yes``."""


def cmd_merge(args: argparse.Namespace) -> int:
    store = open_store(args)
    if not store.exists():
        raise ValidationError("--db", str(args.db), "does not exist")
    report = store.merge_conflicts(dry_run=args.dry_run)
    already_said(store, "merge")
    if not report.merged and not report.skipped:
        out(f"no conflicted copies beside {printable(args.db.name)}")
    for line in report.lines():
        out(printable(line))
    return 0


def cmd_repair(args: argparse.Namespace) -> int:
    store = open_store(args)
    if not store.exists():
        raise ValidationError("--db", str(args.db), "does not exist")
    report = store.repair(dry_run=args.dry_run)
    name = printable(args.db.name)
    if not report.change_count:
        out(f"nothing to repair in {name}: no two records are one real thing")
        return 0
    n = report.change_count
    verb = "would join" if args.dry_run else "joined"
    out(f"{verb} {n} record{'' if n == 1 else 's'} of {name} into the record of one real thing")
    for merged in report.merged:
        for change in merged.changes:
            out(f"  {printable(change.describe())}")
    return 0


def _confirm(question: str) -> bool:
    out(question, end="")  # the answer is typed on the question's line
    flush()
    try:
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        answer = ""
    return answer.strip().lower() in ("y", "yes")


def cmd_unlock(args: argparse.Namespace) -> int:
    from ..store import lock

    holder = lock.read_holder(args.db)
    name = printable(args.db.name)
    if holder is None:
        out(f"{name} is not locked")
        return 0
    who = printable(holder.describe())
    # Another host's old record is the one case where breaking it could cut a live writer
    # short (if that machine is only slow to sync): ask. The other cases are decided by
    # break_lock itself, which refuses live holders and recent records.
    if holder.state(dt.datetime.now(dt.UTC)) is lock.HolderState.REMOTE_OLD and not args.yes:
        if not sys.stdin.isatty():
            raise ConfirmationNeeded(
                f"{name} is locked by {who}; not breaking it without confirmation. Make sure "
                f"{printable(holder.user)} is not using microintern on "
                f"{printable(holder.host)}, then run `microintern unlock --yes`."
            )
        question = (
            f"{name} is locked by {who}.\nBreak the lock? Only if "
            f"{printable(holder.user)} is not using microintern on {printable(holder.host)}. "
            "[y/N] "
        )
        if not _confirm(question):
            out("the lock was left in place")
            return 1
    removed = lock.break_lock(args.db)
    if removed is None:
        out(f"{name} is not locked")
    else:
        out(f"removed the lock of {printable(removed.describe())} on {name}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ..store.backups import backup_dir

    store = open_store(args)
    if args.list:
        found = store.list_backups()
        if not found:
            out(f"no backups of {printable(args.db.name)} in {printable(str(backup_dir(args.db)))}")
            return 0
        table(
            ("#", "backup", "taken (UTC)", "replaced by"),
            [
                (str(n), b.name, b.taken.strftime("%Y-%m-%d %H:%M:%S"), b.author)
                for n, b in enumerate(found, start=1)
            ],
        )
        return 0
    existed = store.exists()
    chosen, kept = store.restore_backup(args.backup)
    # Read back, so that the note after the command says how many of this machine's changes
    # the version restored lacks: the next writing command re-applies them from the outbox.
    store.records()
    line = f"restored {printable(args.db.name)} from {printable(chosen.name)}"
    if existed and kept is not None:
        line += f"; the version it replaced is kept as {printable(kept.name)}"
    elif existed:
        line += f"; the version it replaced could not be kept ({store.backup_error})"
    out(line)
    return 0


def register(sub: Subparsers[Any]) -> None:
    """Add ``merge``, ``repair``, ``unlock`` and ``restore``."""
    merge = sub.add_parser(
        "merge", help="merge sync clients' conflicted copies of the data file into it"
    )
    merge.add_argument(
        "--dry-run", action="store_true", help="print what would be merged; change nothing"
    )
    merge.set_defaults(func=cmd_merge)

    repair = sub.add_parser(
        "repair", help="join records that are one real thing (one email, one cohort name, one id)"
    )
    repair.add_argument(
        "--dry-run", action="store_true", help="print what would be joined; change nothing"
    )
    repair.set_defaults(func=cmd_repair)

    unlock = sub.add_parser("unlock", help="break a lock left by a crashed writer")
    unlock.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    unlock.set_defaults(func=cmd_unlock)

    restore = sub.add_parser("restore", help="list the kept backups, or put one back")
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("--list", action="store_true", help="list the backups, newest first")
    which.add_argument("backup", nargs="?", help="a backup's name or its number in --list")
    restore.set_defaults(func=cmd_restore)
