"""The ``microintern`` command: the parser and :func:`main`; the commands live in ``commands``.

Non-interactive commands never import Textual, so they start fast over SSH. Every error a
user can cause becomes one line on stderr and exit status 2, with the data file unchanged.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__, commands, locations
from .commands import app as app_commands
from .domain.errors import MicroInternError
from .domain.hours import parse_date
from .domain.text import printable


class UsageError(MicroInternError):
    """A mistake on the command line itself."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so every error takes the same path."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


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
    p.set_defaults(func=app_commands.cmd_app, default_db=locations.default_db)
    sub = p.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    for register in commands.REGISTRARS:
        register(sub)
    return p


def _resolve_globals(args: argparse.Namespace) -> None:
    env = os.environ
    if args.db is None:
        from_env = env.get(locations.DB_ENV)
        if from_env:
            args.db = Path(from_env)
        else:
            args.db = args.default_db()
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
        _resolve_globals(args)
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
