"""The ``microintern`` command: parse arguments, open the store, run a command or the app.

Non-interactive commands never import Textual, so they start fast over SSH. Every error a
user can cause becomes one line on stderr and exit status 2, with the data file unchanged.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__, commands, locations
from .commands import cohorts as cohort_commands
from .console import fmt_hours, open_store, out, table
from .domain.dataset import Dataset, InternProgress
from .domain.errors import MicroInternError, NotFoundError, ValidationError
from .domain.hours import OverCapError, parse_date, parse_hours
from .domain.interns import InternDetails, check_details
from .domain.progress import next_milestone
from .domain.text import printable
from .store.store import Store

EXIT_USAGE = 2


class UsageError(MicroInternError):
    """A mistake on the command line itself."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so every error takes the same path."""

    def error(self, message: str) -> Any:
        raise UsageError(message)


# -- commands --------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from .store.demo import write_demo

    store = open_store(args)
    if not store.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        write_demo(store, args.today)
    elif args.create_only:
        store.load()  # refuses a damaged file (the app refuses it too, once open)
    if args.create_only:
        out(str(args.db))
        return 0
    return _run_app(args, store)


def cmd_app(args: argparse.Namespace) -> int:
    store = open_store(args)
    if not store.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
    # Not loaded here: the app paints its home screen first, then reads the file in a worker.
    return _run_app(args, store)


def _run_app(args: argparse.Namespace, store: Store) -> int:
    import gc

    from .app.app import make_app
    from .app.sync import local_now

    # Everything imported so far lives as long as the process: out of the collector's
    # sight, a full collection while the first frame is drawn takes ~1 ms, not 30-50 ms.
    gc.freeze()

    # The entry point reads the wall clock, for the header's file indicator; nothing deeper does.
    app = make_app(store, today=args.today, user=args.user, clock=local_now)
    app.run()
    if app.start_error is not None:
        raise app.start_error  # a damaged data file: one line on stderr, exit status 2
    return app.return_code or 0


def cmd_intern_add(args: argparse.Namespace) -> int:
    intern = open_store(args).add_intern(
        args.name, args.email, args.employer, args.cohort, args.supervisor or args.user
    )
    out(f"added {printable(intern.name)} <{printable(intern.email)}> ({intern.id})")
    return 0


ROSTER_HEADER = ("name", "email", "employer", "cohort", "supervisor")


def read_roster(path: Path) -> list[tuple[int, InternDetails]]:
    """Every row of a roster CSV with its line number, checked; a bad row raises naming its line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValidationError("roster", str(path), "does not exist") from None
    except UnicodeDecodeError:
        raise ValidationError("roster", str(path), "is not UTF-8 text") from None
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None or tuple(h.strip().lower() for h in header) != ROSTER_HEADER:
        raise ValidationError(
            "roster", f"{path}:1", f"the header must be {','.join(ROSTER_HEADER)}"
        )
    rows = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(ROSTER_HEADER):
            raise ValidationError("roster", f"{path}:{line}", f"has {len(row)} fields, expected 5")
        try:
            rows.append((line, check_details(*row)))
        except ValidationError as exc:
            raise ValidationError(exc.field, exc.value, f"{exc.reason} ({path}:{line})") from None
    if not rows:
        raise ValidationError("roster", str(path), "has no interns in it")
    return rows


def _check_roster_against(ds: Dataset, path: Path, lines: list[tuple[int, InternDetails]]) -> None:
    """Refuse, naming its line, the first row the data file would refuse.

    ``import_interns`` checks the same again inside its transaction, but cannot say which
    line of the roster a row came from.
    """
    emails = {i.email.casefold() for i in ds.interns}
    first: dict[str, int] = {}
    for line, r in lines:
        where = f"({path}:{line})"
        try:
            ds.find_cohort(r.cohort)
        except NotFoundError as exc:
            raise ValidationError("cohort", r.cohort, f"{exc} {where}") from None
        key = r.email.casefold()
        if key in emails:
            raise ValidationError("email", r.email, f"is already used by another intern {where}")
        if key in first:
            raise ValidationError(
                "email", r.email, f"appears twice in the roster, also on line {first[key]} {where}"
            )
        first[key] = line


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.roster)
    lines = [
        (n, r if r.supervisor else InternDetails(r.name, r.email, r.employer, r.cohort, args.user))
        for n, r in read_roster(path)
    ]
    rows = [r for _, r in lines]
    store = open_store(args)
    _check_roster_against(store.load(), path, lines)
    try:
        added = store.import_interns(rows)
    except ValidationError as exc:
        line = next(
            (n for n, r in lines if r.email.casefold() == str(exc.value).casefold()),
            None,
        )
        where = f" ({path}:{line})" if line else ""
        raise ValidationError(exc.field, exc.value, exc.reason + where) from None
    out(f"imported {len(added)} interns from {path}")
    return 0


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
        sys.stderr.write(f"microintern: warning: {warning}\n")
    total = sum(h.hours for h in store.load().hours_of(intern.id))
    out(
        f"recorded {fmt_hours(entry.hours)} h on {entry.date} for {printable(intern.name)} "
        f"(total {fmt_hours(total)} / 40)"
    )
    return 0


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
    label = {"pre": "pre-training", "post": "post-workshop", "hear": "HEAR journal"}[args.which]
    state = "not done" if args.undo else "done"
    out(f"{label} {state} for {printable(intern.name)}")
    return 0


def _progress_rows(args: argparse.Namespace, ds: Dataset) -> tuple[InternProgress, ...]:
    cohort_id = ds.find_cohort(args.cohort).id if args.cohort else None
    return ds.progress_all(args.today, supervisor=args.supervisor, cohort_id=cohort_id)


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


def _tick(value: bool) -> str:
    return "yes" if value else "no"


def cmd_status(args: argparse.Namespace) -> int:
    rows = _progress_rows(args, open_store(args).load())
    if args.json:
        out(json.dumps([progress_json(p) for p in rows], indent=2))
        return 0
    if not rows:
        out("no interns match")
        return 0
    table(
        ("name", "employer", "cohort", "hours", "expected", "status", "check-in", "pre", "post"),
        [
            (
                p.intern.name,
                p.intern.employer,
                p.cohort.name,
                f"{fmt_hours(p.hours)} / 40",
                fmt_hours(p.expected),
                p.status.value,
                p.checkin.value,
                _tick(p.intern.pre_training),
                _tick(p.intern.post_training),
            )
            for p in rows
        ],
    )
    return 0


def cmd_milestones(args: argparse.Namespace) -> int:
    ds = open_store(args).load()
    cohorts = [ds.find_cohort(args.cohort)] if args.cohort else list(ds.cohorts)
    from .domain.progress import countdown

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


def cmd_cohort_add(args: argparse.Namespace) -> int:
    from .domain.programme import new_cohort

    start = parse_date(args.start, "--start")
    # new=True: refused inside the transaction if the name is taken, never re-dating one.
    cohort = open_store(args).save_cohort(new_cohort(args.name, start), new=True)
    out(f"added cohort {printable(cohort.name)} starting {cohort.start}")
    for m in cohort.milestones:
        out(f"  {m.date}  {m.name}")
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
        f"{args.db}: ok (schema {meta.get('schema')}, {len(ds.interns)} interns, "
        f"{len(ds.hours)} hours entries, {len(ds.checkins)} check-ins, {len(ds.cohorts)} cohorts)"
    )
    return 0


# -- parser ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    p = _Parser(
        prog="microintern",
        description="Follow micro-interns: hours toward 40, check-ins, training and milestones.",
    )
    p.add_argument("--version", action="version", version=f"microintern {__version__}")
    p.add_argument(
        "--db",
        type=Path,
        help=f"data file (env {locations.DB_ENV}; default {locations.default_db()})",
    )
    p.add_argument("--user", help=f"your name as supervisor and author (env {locations.USER_ENV})")
    p.add_argument("--today", help=f"pretend today is YYYY-MM-DD (env {locations.TODAY_ENV})")
    p.set_defaults(func=cmd_app)
    sub = p.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    for register in commands.REGISTRARS:
        register(sub)

    demo = sub.add_parser("demo", help="write a demo data file (if absent) and open the app")
    demo.add_argument("--create-only", action="store_true", help="write it and print its path")
    demo.set_defaults(func=cmd_demo)

    intern = sub.add_parser("intern", help="manage interns").add_subparsers(
        title="intern commands", metavar="COMMAND", parser_class=_Parser, required=True
    )
    add = intern.add_parser("add", help="add one intern")
    add.add_argument("--name", required=True)
    add.add_argument("--email", required=True)
    add.add_argument("--employer", required=True)
    add.add_argument("--cohort", required=True, help='e.g. "Spring 2024"')
    add.add_argument("--supervisor", help="default: you (--user)")
    add.set_defaults(func=cmd_intern_add)

    imp = sub.add_parser(
        "import", help="import a roster CSV (name,email,employer,cohort,supervisor)"
    )
    imp.add_argument("roster")
    imp.set_defaults(func=cmd_import)

    hours = sub.add_parser("hours", help="record hours").add_subparsers(
        title="hours commands", metavar="COMMAND", parser_class=_Parser, required=True
    )
    hadd = hours.add_parser("add", help="record hours worked on one day")
    hadd.add_argument("intern", help="email or id")
    hadd.add_argument("--date", required=True, help="YYYY-MM-DD")
    hadd.add_argument("--hours", required=True, help="e.g. 2.5")
    hadd.add_argument("--note", default="")
    hadd.add_argument(
        "--allow-over",
        action="store_true",
        help="record hours that take the total over the 40 agreed with the host employer",
    )
    hadd.set_defaults(func=cmd_hours_add)

    checkin = sub.add_parser("checkin", help="record check-ins").add_subparsers(
        title="checkin commands", metavar="COMMAND", parser_class=_Parser, required=True
    )
    cadd = checkin.add_parser("add", help="record a check-in note")
    cadd.add_argument("intern", help="email or id")
    cadd.add_argument("--note", required=True)
    cadd.add_argument("--date", help="YYYY-MM-DD (default today)")
    cadd.set_defaults(func=cmd_checkin_add)

    training = sub.add_parser("training", help="tick pre-training, post-workshop or HEAR")
    training.add_argument("intern", help="email or id")
    which = training.add_mutually_exclusive_group(required=True)
    which.add_argument("--pre", dest="which", action="store_const", const="pre")
    which.add_argument("--post", dest="which", action="store_const", const="post")
    which.add_argument("--hear", dest="which", action="store_const", const="hear")
    training.add_argument("--undo", action="store_true", help="untick instead")
    training.set_defaults(func=cmd_training)

    status = sub.add_parser("status", help="every intern's hours, pace and check-in")
    status.add_argument("--json", action="store_true")
    status.add_argument("--cohort")
    status.add_argument("--supervisor")
    status.set_defaults(func=cmd_status)

    miles = sub.add_parser("milestones", help="a cohort's milestones and countdown")
    miles.add_argument("--cohort")
    miles.add_argument("--json", action="store_true")
    miles.set_defaults(func=cmd_milestones)

    cohort = sub.add_parser("cohort", help="manage cohorts").add_subparsers(
        title="cohort commands", metavar="COMMAND", parser_class=_Parser, required=True
    )
    coadd = cohort.add_parser("add", help="add a cohort from its start Monday")
    coadd.add_argument("name")
    coadd.add_argument("--start", required=True, help="the start Monday, YYYY-MM-DD")
    coadd.set_defaults(func=cmd_cohort_add)
    cohort_commands.register(cohort)

    check = sub.add_parser("check", help="validate the data file without writing")
    check.set_defaults(func=cmd_check)
    return p


def _resolve_globals(args: argparse.Namespace, *, demo: bool) -> None:
    env = os.environ
    if args.db is None:
        from_env = env.get(locations.DB_ENV)
        if from_env:
            args.db = Path(from_env)
        else:
            args.db = locations.demo_db() if demo else locations.default_db()
            # Our own folder in the user's data dir is made on first use (a missing --db
            # folder is more likely a typo, and is refused by the store).
            with contextlib.suppress(OSError):
                args.db.parent.mkdir(parents=True, exist_ok=True)
    args.db = args.db.expanduser()
    args.user = args.user or env.get(locations.USER_ENV) or locations.default_user()
    today = args.today or env.get(locations.TODAY_ENV)
    args.today = parse_date(today, "--today") if today else dt.date.today()


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``microintern`` and return its exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        func: Callable[[argparse.Namespace], int] = args.func
        _resolve_globals(args, demo=func is cmd_demo)
        status = func(args)
        sys.stdout.flush()  # so a reader that went away is noticed here, not at exit
        return status
    except MicroInternError as exc:
        sys.stderr.write(f"microintern: error: {printable(str(exc))}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`microintern status | head`): no traceback, and nothing
        # more for stdout, even the flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
