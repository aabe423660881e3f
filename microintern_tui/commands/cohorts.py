"""Cohort commands: ``cohort add`` (from its start Monday) and ``cohort archive``."""

from __future__ import annotations

import argparse
from typing import Any

from ..console import open_store, out
from ..domain.hours import parse_date
from ..domain.programme import new_cohort
from ..domain.text import printable
from .subparsers import Subparsers, group


def cmd_cohort_add(args: argparse.Namespace) -> int:
    start = parse_date(args.start, "--start")
    # new=True: refused inside the transaction if the name is taken, never re-dating one.
    cohort = open_store(args).save_cohort(new_cohort(args.name, start), new=True)
    out(f"added cohort {printable(cohort.name)} starting {cohort.start}")
    for m in cohort.milestones:
        out(f"  {m.date}  {m.name}")
    return 0


def cmd_cohort_archive(args: argparse.Namespace) -> int:
    store = open_store(args)
    cohort = store.load().find_cohort(args.name)
    cohort = store.set_cohort_archived(cohort.id, not args.undo)
    if cohort.archived:
        name = printable(cohort.name)
        out(f"archived cohort {name}: hidden from the home screen, still in reports")
    else:
        out(f"cohort {printable(cohort.name)} is no longer archived")
    return 0


def register(sub: Subparsers[Any]) -> None:
    """Add the ``cohort`` group: ``cohort add`` and ``cohort archive``."""
    cohort = group(sub, "cohort", "manage cohorts")
    add = cohort.add_parser("add", help="add a cohort from its start Monday")
    add.add_argument("name")
    add.add_argument("--start", required=True, help="the start Monday, YYYY-MM-DD")
    add.set_defaults(func=cmd_cohort_add)

    archive = cohort.add_parser(
        "archive", help="hide a cohort's interns from the home screen (still in reports)"
    )
    archive.add_argument("name", help='the cohort, e.g. "Spring 2024"')
    archive.add_argument("--undo", action="store_true", help="bring the cohort back")
    archive.set_defaults(func=cmd_cohort_archive)
