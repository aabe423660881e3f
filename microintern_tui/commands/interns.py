"""Adding interns: ``intern add`` (one) and ``import`` (a roster CSV)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..console import open_store, out
from ..domain.errors import ValidationError
from ..domain.interns import (
    ROSTER_HEADER,
    InternDetails,
    RosterRow,
    check_roster_against,
    parse_roster,
)
from ..domain.text import printable
from .subparsers import Subparsers, group


def cmd_intern_add(args: argparse.Namespace) -> int:
    intern = open_store(args).add_intern(
        args.name, args.email, args.employer, args.cohort, args.supervisor or args.user
    )
    out(f"added {printable(intern.name)} <{printable(intern.email)}> ({intern.id})")
    return 0


def read_roster(path: Path) -> list[RosterRow]:
    """Every row of a roster CSV with its line number, checked; a bad row raises naming its line.

    Raises:
        ValidationError: the file is missing, a folder, not UTF-8, or holds a bad row.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValidationError("roster", str(path), "does not exist") from None
    except IsADirectoryError:
        raise ValidationError(
            "roster", str(path), "is a folder; give the roster's CSV file inside it"
        ) from None
    except UnicodeDecodeError:
        raise ValidationError("roster", str(path), "is not UTF-8 text") from None
    return parse_roster(text, str(path))


def cmd_import(args: argparse.Namespace) -> int:
    path: Path = args.roster
    lines = [
        (n, r if r.supervisor else InternDetails(r.name, r.email, r.employer, r.cohort, args.user))
        for n, r in read_roster(path)
    ]
    rows = [r for _, r in lines]
    store = open_store(args)
    check_roster_against(store.load(), lines, str(path))
    try:
        added = store.import_interns(rows)
    except ValidationError as exc:
        line = next(
            (n for n, r in lines if r.email.casefold() == str(exc.value).casefold()),
            None,
        )
        where = f" ({path}:{line})" if line else ""
        raise ValidationError(exc.field, exc.value, exc.reason + where) from None
    out(f"imported {len(added)} interns from {printable(str(path))}")
    return 0


def register(sub: Subparsers[Any]) -> None:
    """Add ``intern add`` and ``import``."""
    add = group(sub, "intern", "manage interns").add_parser("add", help="add one intern")
    add.add_argument("--name", required=True)
    add.add_argument("--email", required=True)
    add.add_argument("--employer", required=True)
    add.add_argument("--cohort", required=True, help='e.g. "Spring 2024"')
    add.add_argument("--supervisor", help="default: you (--user)")
    add.set_defaults(func=cmd_intern_add)

    imp = sub.add_parser("import", help=f"import a roster CSV ({','.join(ROSTER_HEADER)})")
    imp.add_argument("roster", type=Path)
    imp.set_defaults(func=cmd_import)
