"""Groups of CLI commands kept out of cli.py; each module's ``register`` adds its subparsers.

A registrar takes the ``add_subparsers`` object of the top-level parser. Command functions
take the parsed arguments (with --db, --user and --today resolved: ``args.db`` is a Path,
``args.today`` a date) and return an exit status; errors are raised as MicroInternError
subclasses and cli.main turns them into one line and exit status 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from . import reports, sync

Registrar = Callable[["argparse._SubParsersAction[Any]"], None]

REGISTRARS: list[Registrar] = []
REGISTRARS.append(reports.register)
REGISTRARS.append(sync.register)
