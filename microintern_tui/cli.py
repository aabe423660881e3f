"""The ``microintern`` command: the parser and :func:`main`; the commands live in ``commands``.

Non-interactive commands never import Textual, so they start fast over SSH. Every error
becomes one line on stderr and the exit status of DESIGN.md's table, never a traceback:

- a :class:`~microintern_tui.domain.errors.MicroInternError` carries its own status (2 for
  bad input or a refused data file, 1 for a fault of the environment);
- an ``OSError`` that no layer turned into one (a folder that cannot be read, say) is a
  fault of the environment: the line names the path and what to do, status 1;
- anything else is a bug: status 70, and the line points to a crash report that holds no
  student data (:mod:`microintern_tui.crash`).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import io
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import __version__, commands, console, locations
from .commands import app as app_commands
from .domain.errors import EXIT_ENVIRONMENT, EXIT_UNEXPECTED, MicroInternError, ValidationError
from .domain.hours import parse_date
from .domain.text import printable
from .fsio import fault_message

#: The exit status of a command stopped by ctrl+c (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130


class UsageError(MicroInternError):
    """A mistake on the command line itself."""


def utf8_text(value: str, name: str = "") -> str:
    """``value`` if it is valid UTF-8 text; every text option passes through here.

    Python decodes argument bytes that are not UTF-8 into lone surrogates, which no file,
    terminal or JSON encoder accepts: refused here, naming the option, before anything runs.

    Raises:
        argparse.ArgumentTypeError: (argparse adds the option's name) for such a value.
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        try:
            shown = repr(value.encode("utf-8", "surrogateescape"))  # the bytes as given
        except UnicodeEncodeError:
            shown = ascii(value)
        raise argparse.ArgumentTypeError(
            f"{name}{' ' if name else ''}{shown} is not valid UTF-8 text; "
            "set the terminal or the script that runs microintern to UTF-8"
        ) from None
    return value


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, and refuses text that is not UTF-8."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The converter for every argument declared without a type (the text options);
        # paths keep type=Path, so a file whose name is not UTF-8 can still be named.
        self.register("type", None, utf8_text)

    def add_subparsers(self, **kwargs: Any) -> Any:
        subparsers = super().add_subparsers(**kwargs)
        # Not the text check here: the words after a command are checked by its own parser,
        # which names the option each belongs to.
        subparsers.type = str
        return subparsers

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


def _check_db(path: Path, source: str) -> None:
    """Refuse a data file path that can never be a file: a folder, or under a file.

    Raises:
        ValidationError: naming where the path came from (``--db`` or the variable).
    """
    for at in (path, *path.parents):
        try:
            mode = os.stat(at).st_mode
        except OSError:
            continue  # missing (the store says so), or unreadable (the store's fault line)
        if at == path and stat.S_ISDIR(mode):
            raise ValidationError(
                source, str(path), "is a folder; name the data file in it, e.g. team.json"
            )
        if at != path and not stat.S_ISDIR(mode):
            raise ValidationError(source, str(path), f"{at} is a file, not a folder")
        return


def _resolve_globals(args: argparse.Namespace) -> None:
    env = os.environ
    source = "--db"
    if args.db is None:
        from_env = env.get(locations.DB_ENV)
        if from_env:
            args.db, source = Path(from_env), locations.DB_ENV
        else:
            args.db = args.default_db()
            # Our own folder in the user's data dir is made on first use (a missing --db
            # folder is more likely a typo, and is refused by the store).
            with contextlib.suppress(OSError):
                args.db.parent.mkdir(parents=True, exist_ok=True)
    args.db = args.db.expanduser()
    _check_db(args.db, source)
    if args.user is None and env.get(locations.USER_ENV):
        try:
            args.user = utf8_text(env[locations.USER_ENV], locations.USER_ENV)
        except argparse.ArgumentTypeError as exc:
            raise UsageError(str(exc)) from None
    args.user = args.user or locations.default_user()
    today = args.today or env.get(locations.TODAY_ENV)
    args.today = parse_date(today, "--today") if today else dt.date.today()


def _command_name(func: Callable[..., int]) -> str:
    """The command a function runs, as typed (``cmd_hours_add``: ``hours add``)."""
    return func.__name__.removeprefix("cmd_").replace("_", " ")


def _readable_output() -> None:
    """Let stdout replace what its encoding cannot show (PYTHONIOENCODING=latin-1, say).

    A name in another script then prints with ``?`` in place of a letter instead of ending
    the command; JSON output is ASCII and exports go out as bytes, so neither loses data.
    """
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")


def _parse(argv: Sequence[str] | None) -> argparse.Namespace | int:
    """The parsed arguments, or the exit status once ``--help`` or ``--version`` printed."""
    try:
        return build_parser().parse_args(argv)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 0


def _os_error_line(exc: OSError) -> str:
    name = exc.filename
    if isinstance(name, str | bytes | os.PathLike):
        return fault_message(exc, Path(os.fsdecode(name)), "use")
    # No file named: most likely standard output or input, written through a path that
    # does not go through console (which names it); say so without claiming it.
    code = errno.errorcode.get(exc.errno or 0, "")
    return (
        f"{exc.strerror or type(exc).__name__}{f' ({code})' if code else ''}; the command "
        "stopped, and what it printed may be incomplete. Check the disk and where the "
        "output goes, then try again."
    )


def _fail(exc: BaseException, command: str, user: str | None) -> int:
    """Say what went wrong in one line on stderr; the exit status for it."""
    if isinstance(exc, BrokenPipeError):
        # The reader went away (`microintern status | head`): nothing more for stdout, not
        # even the flush at exit, and nothing to say.
        console.discard_output()
        return EXIT_ENVIRONMENT
    if isinstance(exc, MicroInternError):
        line, status = str(exc), exc.exit_code
    elif isinstance(exc, OSError):
        line, status = _os_error_line(exc), EXIT_ENVIRONMENT
    else:
        from .crash import unexpected_error_line

        line, status = unexpected_error_line(exc, command, user), EXIT_UNEXPECTED
    if sys.stderr is not None:
        # A stderr that cannot take the line leaves only the exit status to tell.
        with contextlib.suppress(OSError):
            sys.stderr.write(f"microintern: error: {printable(line)}\n")
    try:
        console.flush()  # what the command printed before the error still arrives
    except (OSError, MicroInternError):
        console.discard_output()
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``microintern`` and return its exit status (DESIGN.md's table)."""
    command = ""  # for a crash report: the command's name, never its arguments
    user: str | None = None  # whose crash report (each supervisor has their own folder)
    try:
        if sys.stdout is None:
            raise console.closed_output()
        _readable_output()
        args = _parse(argv)
        if isinstance(args, int):
            console.flush()
            return args
        func: Callable[[argparse.Namespace], int] = args.func
        command = _command_name(func)
        _resolve_globals(args)
        user = args.user
        status = func(args)
        console.tell_notes(done=True)  # copies merged, outbox changes re-applied, notices
        console.flush()  # so a reader that went away or a full output is noticed here
        return status
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:
        console.tell_notes(done=False)
        return _fail(exc, command, user)


if __name__ == "__main__":
    sys.exit(main())
