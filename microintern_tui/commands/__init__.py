"""The CLI's commands, one module per group; each module's ``register`` adds its subparsers.

A registrar takes the ``add_subparsers`` object of the top-level parser and adds its
commands, each with ``set_defaults(func=...)``. A group of subcommands (``intern add``,
``cohort archive``) is made with :func:`~.subparsers.group`, so every level raises its
usage errors the same way.

Command functions take the parsed arguments (with --db, --user and --today resolved:
``args.db`` is a Path, ``args.today`` a date) and return an exit status; errors are raised
as MicroInternError subclasses, and cli.main turns each into one line and the exit status
it carries.

Modules import what is heavy (the store, the exports, Textual) inside the command that
needs it, so ``--help`` and a mistyped option stay fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import app, checkins, cohorts, hours, interns, outbox, reports, serve, status, sync
from .subparsers import Subparsers

Registrar = Callable[["Subparsers[Any]"], None]

#: In the order ``microintern --help`` lists them.
REGISTRARS: tuple[Registrar, ...] = (
    app.register,
    interns.register,
    hours.register,
    checkins.register,
    status.register,
    cohorts.register,
    reports.register,
    sync.register,
    outbox.register,
    serve.register,
)
