"""Report and export commands: ``export hours|completions|milestones`` and ``report``.

Each command fills in an :class:`~microintern_tui.exports.ExportRequest`; ``exports.build``
makes the bytes and ``exports.write`` writes them to ``-o FILE`` (the app's export dialog
uses the same two), or they go to stdout. Exports are imported when a command runs, so other
commands do not pay for them.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from ..console import open_store, out
from ..domain.text import printable

if TYPE_CHECKING:
    from ..exports import ExportRequest


def emit(args: argparse.Namespace, request: ExportRequest) -> int:
    """Build ``request`` from the data file and write it to ``args.output`` or stdout.

    To a file, it says what was written where. On a terminal, stdout shows the text through
    ``printable`` (a note holding escape codes must not drive the terminal); piped or
    redirected, the bytes go out unchanged (made safe for their readers by the exports).

    Raises:
        MicroInternError: from :func:`~microintern_tui.exports.build` (an unknown cohort)
            or :func:`~microintern_tui.exports.write` (a name refused, a write that failed);
            nothing was written then.
    """
    from .. import exports

    store = open_store(args)
    payload, what = exports.build(request, store.load())
    output: str | None = args.output
    if output is not None:
        exports.write(output, payload, data_file=store.path)
        out(f"wrote {what} to {printable(os.path.expanduser(output))}")
        return 0
    if sys.stdout.isatty():
        text = payload.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
        sys.stdout.write(printable(text, keep_newlines=True))
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    return 0


def cmd_export_hours(args: argparse.Namespace) -> int:
    from ..exports import ExportKind, ExportRequest

    request = ExportRequest(ExportKind.HOURS, args.today, cohort=args.cohort, bom=args.bom)
    return emit(args, request)


def cmd_export_completions(args: argparse.Namespace) -> int:
    from ..exports import ExportFormat, ExportKind, ExportRequest

    form = ExportFormat.CSV if args.csv else ExportFormat.JSON if args.json else None
    request = ExportRequest(
        ExportKind.COMPLETIONS, args.today, cohort=args.cohort, form=form, bom=args.bom
    )
    return emit(args, request)


def cmd_export_milestones(args: argparse.Namespace) -> int:
    from ..exports import ExportKind, ExportRequest

    return emit(args, ExportRequest(ExportKind.MILESTONES, args.today, cohort=args.cohort))


def cmd_report(args: argparse.Namespace) -> int:
    from ..exports import ExportKind, ExportRequest

    return emit(args, ExportRequest(ExportKind.REPORT, args.today, cohort=args.cohort))


def _output_option(parser: argparse.ArgumentParser) -> None:
    # A string, not a Path: Path("") is ".", and an empty name must be refused as empty.
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")


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
