"""Output of the non-interactive commands: plain lines and aligned tables, made printable."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import locations
from .exports.text_table import aligned

if TYPE_CHECKING:
    from .store.store import Store


def open_store(args: argparse.Namespace) -> Store:
    """The store for the resolved global options (--db, --user), with this machine's outbox."""
    # Imported here: ``--help`` and a bad option never pay for the store's imports.
    from .store.outbox import Outbox, machine_id
    from .store.store import Store

    outbox = Outbox(locations.outbox_dir(args.user), machine_id(locations.data_dir()), args.db)
    return Store(args.db, args.user, outbox=outbox)


def out(line: str = "", *, end: str = "\n") -> None:
    """One line on stdout (``end=""``: a question the answer is typed after)."""
    sys.stdout.write(line + end)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """An aligned text table; every cell goes through ``printable``."""
    for line in aligned(headers, rows):
        out(line)


def fmt_hours(value: float) -> str:
    """Hours without trailing zeros: 2.5, 40, 0.25."""
    return f"{value:g}"
