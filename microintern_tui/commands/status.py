"""Reading commands: ``status``, ``milestones`` and ``check``; none of them writes."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..console import fmt_hours, open_store, out, table
from ..domain.dataset import InternProgress
from ..domain.errors import EXIT_USAGE, ValidationError
from ..domain.models import TARGET_HOURS
from ..domain.progress import countdown, next_milestone
from ..domain.text import printable
from .subparsers import Subparsers


def progress_json(p: InternProgress) -> dict[str, Any]:
    """The JSON form of one intern's progress (the fields of ``status --json``)."""
    i = p.intern
    return {
        "id": i.id,
        "name": i.name,
        "email": i.email,
        "employer": i.employer,
        "cohort": p.cohort.name,
        "supervisor": i.supervisor,
        "hours": p.hours,
        "remaining": p.remaining,
        "expected": p.expected,
        "status": p.status.value,
        "checkin": p.checkin.value,
        "pre_training": i.pre_training,
        "post_training": i.post_training,
        "hear": i.hear,
    }


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def cmd_status(args: argparse.Namespace) -> int:
    ds = open_store(args).load()
    cohort_id = ds.find_cohort(args.cohort).id if args.cohort else None
    rows = ds.progress_all(args.today, supervisor=args.supervisor, cohort_id=cohort_id)
    if args.json:
        out(json.dumps([progress_json(p) for p in rows], indent=2))
        return 0
    if not rows:
        out("no interns match")
        return 0
    target = fmt_hours(TARGET_HOURS)
    table(
        ("name", "employer", "cohort", "hours", "expected", "status", "check-in", "pre", "post"),
        [
            (
                p.intern.name,
                p.intern.employer,
                p.cohort.name,
                f"{fmt_hours(p.hours)} / {target}",
                fmt_hours(p.expected),
                p.status.value,
                p.checkin.value,
                _yes_no(p.intern.pre_training),
                _yes_no(p.intern.post_training),
            )
            for p in rows
        ],
    )
    return 0


def cmd_milestones(args: argparse.Namespace) -> int:
    ds = open_store(args).load()
    cohorts = [ds.find_cohort(args.cohort)] if args.cohort else list(ds.cohorts)
    if args.json:
        rows = [
            {
                "cohort": c.name,
                "key": m.key,
                "name": m.name,
                "date": m.date.isoformat(),
                "week_commencing": m.kind.value == "week",
                "days": countdown(m, args.today).days,
                "when": countdown(m, args.today).label,
            }
            for c in cohorts
            for m in sorted(c.milestones, key=lambda m: m.date)
        ]
        out(json.dumps(rows, indent=2))
        return 0
    for n, c in enumerate(cohorts):
        if n:
            out()
        nxt = next_milestone(c, args.today)
        heading = f"{printable(c.name)} (starts {c.start})"
        if nxt:
            heading += f" - next: {nxt.milestone.name}, {nxt.label}"
        out(heading)
        table(
            ("date", "milestone", "days", "when"),
            [
                (
                    ("w/c " if m.kind.value == "week" else "") + m.date.isoformat(),
                    m.name,
                    str(countdown(m, args.today).days),
                    countdown(m, args.today).label,
                )
                for m in sorted(c.milestones, key=lambda m: m.date)
            ],
        )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    store = open_store(args)
    if not store.exists():
        raise ValidationError("--db", str(args.db), "does not exist")
    problems = store.check()
    if problems:
        for p in problems:
            sys.stderr.write(f"microintern: problem: {printable(p)}\n")
        return EXIT_USAGE
    ds = store.load()
    meta = store.raw_meta()
    out(
        f"{printable(str(args.db))}: ok (schema {meta.get('schema')}, {len(ds.interns)} "
        f"interns, {len(ds.hours)} hours entries, {len(ds.checkins)} check-ins, "
        f"{len(ds.cohorts)} cohorts)"
    )
    return 0


def register(sub: Subparsers[Any]) -> None:
    """Add ``status``, ``milestones`` and ``check``."""
    status = sub.add_parser("status", help="every intern's hours, pace and check-in")
    status.add_argument("--json", action="store_true")
    status.add_argument("--cohort")
    status.add_argument("--supervisor")
    status.set_defaults(func=cmd_status)

    miles = sub.add_parser("milestones", help="a cohort's milestones and countdown")
    miles.add_argument("--cohort")
    miles.add_argument("--json", action="store_true")
    miles.set_defaults(func=cmd_milestones)

    check = sub.add_parser("check", help="validate the data file without writing")
    check.set_defaults(func=cmd_check)
