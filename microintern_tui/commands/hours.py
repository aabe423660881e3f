"""Recording hours: ``hours add``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..console import fmt_hours, open_store, out
from ..domain.errors import ValidationError
from ..domain.hours import OverCapError, parse_date, parse_hours
from ..domain.models import TARGET_HOURS
from ..domain.text import printable
from .subparsers import Subparsers, group


def cmd_hours_add(args: argparse.Namespace) -> int:
    store = open_store(args)
    intern = store.load().find_intern(args.intern)
    date = parse_date(args.date, "--date")
    hours = parse_hours(args.hours)
    try:
        entry, warnings = store.add_hours(
            intern.id, date, hours, args.note or "", args.today, allow_over=args.allow_over
        )
    except OverCapError as exc:
        raise ValidationError(
            exc.field, exc.value, f"{exc.reason}; add --allow-over to record it anyway"
        ) from None
    for warning in warnings:
        sys.stderr.write(f"microintern: warning: {printable(warning)}\n")
    total = sum(h.hours for h in store.load().hours_of(intern.id))
    out(
        f"recorded {fmt_hours(entry.hours)} h on {entry.date} for {printable(intern.name)} "
        f"(total {fmt_hours(total)} / {fmt_hours(TARGET_HOURS)})"
    )
    return 0


def register(sub: Subparsers[Any]) -> None:
    """Add ``hours add``."""
    add = group(sub, "hours", "record hours").add_parser(
        "add", help="record hours worked on one day"
    )
    add.add_argument("intern", help="email or id")
    add.add_argument("--date", required=True, help="YYYY-MM-DD")
    add.add_argument("--hours", required=True, help="e.g. 2.5")
    add.add_argument("--note", default="")
    add.add_argument(
        "--allow-over",
        action="store_true",
        help="record hours that take the total over the 40 agreed with the host employer",
    )
    add.set_defaults(func=cmd_hours_add)
