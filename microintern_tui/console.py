"""Output of the non-interactive commands: plain lines and aligned tables, made printable."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import locations
from .domain.text import printable
from .store.store import Store


def open_store(args: argparse.Namespace) -> Store:
    """The store for the resolved global options (--db, --user), with this machine's outbox."""
    from .store.outbox import Outbox, machine_id

    outbox = Outbox(locations.outbox_dir(args.user), machine_id(locations.data_dir()), args.db)
    return Store(args.db, args.user, outbox=outbox)


def out(line: str = "") -> None:
    """One line on stdout."""
    sys.stdout.write(line + "\n")


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """An aligned text table; every cell goes through ``printable``."""
    cells = [[printable(str(c)) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    out("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in cells:
        out("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def fmt_hours(value: float) -> str:
    """Hours without trailing zeros: 2.5, 40, 0.25."""
    return f"{value:g}"
