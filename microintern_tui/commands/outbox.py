"""This machine's outbox: ``outbox`` lists the changes it keeps, ``outbox --flush`` re-applies.

Every change saved on this machine is also kept in a private outbox in the user's data
folder until a version of the file written by another machine holds it (see
:mod:`microintern_tui.store.outbox`). Every writing command re-applies what the file lacks;
``--flush`` is a writing command that does only that.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ..console import already_said, open_store, out, replay_lines, table
from ..domain.errors import EXIT_USAGE, ValidationError
from ..domain.text import printable
from .subparsers import Subparsers

if TYPE_CHECKING:
    from ..store.store import Store


def cmd_outbox(args: argparse.Namespace) -> int:
    store = open_store(args)
    if not store.exists():
        raise ValidationError("--db", str(args.db), "does not exist")
    if args.flush:
        return _flush(store)
    _list(store)
    return 0


def _list(store: Store) -> None:
    outbox = store.outbox
    assert outbox is not None  # open_store gives every store this machine's outbox
    data = store.records()
    reviewed = outbox.review(data)
    name = printable(store.path.name)
    already_said(store, "waiting")
    if not reviewed:
        out(f"your outbox on this machine holds no changes to {name}")
        return
    names = {str(d.get("id")): str(d.get("name", "?")) for d in data.get("interns", {}).values()}
    for entry, _held in reviewed:
        if entry.table == "interns":
            names.setdefault(entry.record_id, str(entry.doc.get("name", "?")))
    n = len(reviewed)
    out(
        f"your outbox: {n} change{'' if n == 1 else 's'} to {name}, each kept until another "
        "machine has it"
    )
    table(
        ("kept (UTC)", "change", "in the file"),
        [
            (entry.kept[:19].replace("T", " "), entry.describe(names), "yes" if held else "NO")
            for entry, held in reviewed
        ],
    )
    waiting = sum(1 for _entry, held in reviewed if not held)
    if waiting:
        them = "it" if waiting == 1 else "them"
        out(f"{waiting} not in the file yet: `microintern outbox --flush` re-applies {them} now")


def _flush(store: Store) -> int:
    with store.transaction():
        pass  # the transaction re-applies what the file lacks before any change
    report = store.last_replay
    already_said(store, "replay")
    name = store.path.name
    if report is None:
        out(f"nothing to re-apply: {printable(name)} has every change in your outbox")
        return 0
    for line in replay_lines(report, name):
        out(printable(line))
    return EXIT_USAGE if report.refused else 0


def register(sub: Subparsers[Any]) -> None:
    """Add ``outbox``."""
    outbox = sub.add_parser(
        "outbox",
        help="list this machine's changes not yet confirmed in the shared file, or re-apply them",
    )
    outbox.add_argument(
        "--flush",
        action="store_true",
        help="re-apply now the changes the file lacks (any writing command does it too)",
    )
    outbox.set_defaults(func=cmd_outbox)
