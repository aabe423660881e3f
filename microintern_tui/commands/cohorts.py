"""Cohort commands beside ``cohort add`` (which lives in cli.py): ``cohort archive``."""

from __future__ import annotations

import argparse
from typing import Any

from ..console import open_store, out
from ..domain.text import printable


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


def register(cohort: argparse._SubParsersAction[Any]) -> None:
    """Add ``archive`` to the ``cohort`` command group (``cohort`` is made in cli.py)."""
    archive = cohort.add_parser(
        "archive", help="hide a cohort's interns from the home screen (still in reports)"
    )
    archive.add_argument("name", help='the cohort, e.g. "Spring 2024"')
    archive.add_argument("--undo", action="store_true", help="bring the cohort back")
    archive.set_defaults(func=cmd_cohort_archive)
