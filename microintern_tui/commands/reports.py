"""Report and export commands: ``export hours|completions|milestones`` and ``report``.

The exports package makes the bytes; this module picks the cohort, writes them to ``-o FILE``
(temp file then rename, so a reader never sees half a file) or to stdout, and says where.
Exports are imported when a command runs, so other commands do not pay for icalendar.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from ..console import open_store, out
from ..domain.errors import ValidationError
from ..domain.text import printable


def emit(args: argparse.Namespace, payload: bytes, what: str) -> None:
    """Write ``payload`` to ``args.output`` and say where, or to stdout.

    On a terminal, stdout shows the text through ``printable`` (a note holding escape
    codes must not drive the terminal); piped or redirected, the bytes go out unchanged.

    Raises:
        ValidationError: when the file cannot be written (nothing is left behind), or
            is the data file itself.
    """
    output: Path | None = args.output
    if output is None:
        if sys.stdout.isatty():
            text = payload.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
            sys.stdout.write(printable(text, keep_newlines=True))
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(payload)
            sys.stdout.buffer.flush()
        return
    path = output.expanduser()
    if path.resolve() == Path(args.db).resolve():
        raise ValidationError("-o", str(output), "is the data file; choose another file name")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(payload)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ValidationError(
            "-o", str(output), f"cannot be written: {exc.strerror or exc}"
        ) from None
    out(f"wrote {what} to {printable(str(path))}")


def cmd_export_hours(args: argparse.Namespace) -> int:
    from ..exports.csv_export import HOURS_HEADER, csv_bytes, hours_rows

    ds = open_store(args).load()
    cohort = ds.find_cohort(args.cohort) if args.cohort else None
    rows = hours_rows(ds, cohort)
    payload = csv_bytes(HOURS_HEADER, rows, bom=args.bom)
    emit(args, payload, f"the hours CSV ({len(rows)} entries)")
    return 0


def cmd_export_completions(args: argparse.Namespace) -> int:
    from ..domain.completion import cohort_completions
    from ..exports import completions as export

    ds = open_store(args).load()
    cohort = ds.find_cohort(args.cohort)
    rows = cohort_completions(ds, cohort)
    if args.csv:
        payload, kind = export.completions_csv(rows, bom=args.bom), "CSV"
    elif args.json:
        payload, kind = export.completions_json(cohort, rows).encode("utf-8"), "JSON"
    else:
        payload, kind = export.completions_text(cohort, rows).encode("utf-8"), "text"
    done = sum(c.completed for c in rows)
    emit(args, payload, f"the completions {kind} ({done} of {len(rows)} completed)")
    return 0


def cmd_export_milestones(args: argparse.Namespace) -> int:
    from ..exports.ics_export import milestones_ics

    ds = open_store(args).load()
    cohorts = [ds.find_cohort(args.cohort)] if args.cohort else list(ds.cohorts)
    events = sum(len(c.milestones) for c in cohorts)
    emit(args, milestones_ics(cohorts), f"the milestone calendar ({events} events)")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from ..domain.report import cohort_report
    from ..exports.report_text import report_text

    ds = open_store(args).load()
    report = cohort_report(ds, ds.find_cohort(args.cohort), args.today)
    emit(args, report_text(report).encode("utf-8"), "the cohort report")
    return 0


def _output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: stdout)"
    )


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``export`` (hours, completions, milestones) and ``report`` to the CLI."""
    export = sub.add_parser("export", help="write the hours CSV, completions or milestone calendar")
    # The same parser class as the top level, so errors take cli.main's one-line path.
    kinds = export.add_subparsers(
        title="export commands", metavar="COMMAND", parser_class=type(export), required=True
    )

    hours = kinds.add_parser("hours", help="one CSV row per hours entry")
    hours.add_argument("--csv", action="store_true", help="CSV (the only format, the default)")
    hours.add_argument("--cohort", help="only this cohort's interns")
    hours.add_argument("--bom", action="store_true", help="start with a UTF-8 BOM (for Excel)")
    _output_option(hours)
    hours.set_defaults(func=cmd_export_hours)

    comp = kinds.add_parser("completions", help="who completed, why not, and the HEAR list")
    comp.add_argument("--cohort", required=True)
    fmt = comp.add_mutually_exclusive_group()
    fmt.add_argument("--csv", action="store_true", help="CSV, one row per intern")
    fmt.add_argument("--json", action="store_true", help="JSON with the HEAR list")
    comp.add_argument("--bom", action="store_true", help="with --csv: start with a UTF-8 BOM")
    _output_option(comp)
    comp.set_defaults(func=cmd_export_completions)

    miles = kinds.add_parser("milestones", help="an iCalendar file of the milestones")
    miles.add_argument("--ics", action="store_true", help="iCalendar (the only format)")
    miles.add_argument("--cohort", help="only this cohort (default: every cohort)")
    _output_option(miles)
    miles.set_defaults(func=cmd_export_milestones)

    report = sub.add_parser("report", help="a cohort's status, hours, check-ins and risks")
    report.add_argument("--cohort", required=True)
    _output_option(report)
    report.set_defaults(func=cmd_report)
