"""An intern's check-ins and ticks: ``checkin add`` and ``training``."""

from __future__ import annotations

import argparse
from typing import Any

from ..console import open_store, out
from ..domain.hours import parse_date
from ..domain.text import printable
from .subparsers import Subparsers, group

#: What each tick is called in the command's answer.
TICK_LABELS = {"pre": "pre-training", "post": "post-workshop", "hear": "HEAR journal"}


def cmd_checkin_add(args: argparse.Namespace) -> int:
    store = open_store(args)
    intern = store.load().find_intern(args.intern)
    date = parse_date(args.date, "--date") if args.date else args.today
    store.add_checkin(intern.id, date, args.note, args.today)
    out(f"recorded check-in on {date} for {printable(intern.name)}")
    return 0


def cmd_training(args: argparse.Namespace) -> int:
    store = open_store(args)
    intern = store.load().find_intern(args.intern)
    store.set_training(intern.id, args.which, not args.undo)
    state = "not done" if args.undo else "done"
    out(f"{TICK_LABELS[args.which]} {state} for {printable(intern.name)}")
    return 0


def register(sub: Subparsers[Any]) -> None:
    """Add ``checkin add`` and ``training``."""
    add = group(sub, "checkin", "record check-ins").add_parser("add", help="record a check-in note")
    add.add_argument("intern", help="email or id")
    add.add_argument("--note", required=True)
    add.add_argument("--date", help="YYYY-MM-DD (default today)")
    add.set_defaults(func=cmd_checkin_add)

    training = sub.add_parser("training", help="tick pre-training, post-workshop or HEAR")
    training.add_argument("intern", help="email or id")
    which = training.add_mutually_exclusive_group(required=True)
    for key in TICK_LABELS:
        which.add_argument(f"--{key}", dest="which", action="store_const", const=key)
    training.add_argument("--undo", action="store_true", help="untick instead")
    training.set_defaults(func=cmd_training)
