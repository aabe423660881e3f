"""``serve`` (the app in a browser, behind a sign-in) and ``serve-user add|remove``.

The server and its dependencies (aiohttp, textual-serve) are imported only when ``serve``
really starts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..console import out
from ..domain.errors import EnvironmentFault
from .subparsers import Subparsers, group

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return port


def _public_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not the address browsers use, e.g. https://interns.example.ac.uk"
        )
    return text.rstrip("/")


def _warn(line: str) -> None:
    sys.stderr.write(f"microintern: warning: {line}\n")


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the app to signed-in supervisors until ctrl+c."""
    from ..serve import users as users_file
    from ..serve.server import ServeOptions, SignInServer, is_loopback
    from ..store.store import Store

    users = users_file.load(args.users)
    if not users.users:
        raise users_file.UsersFileRefused(
            f"{args.users} names no supervisor, so nobody could sign in; add one with "
            f"microintern serve-user add NAME --users {args.users}"
        )
    store = Store(args.db, args.user)
    if store.exists():
        store.load()  # a damaged or newer file is refused here, not in every tab
    if not is_loopback(args.host) and not (args.public_url or "").startswith("https:"):
        _warn(
            f"serving on {args.host}, which other machines can reach, without TLS: tokens, "
            "session cookies and student data cross the network readable by anyone on the "
            "way. Bind to 127.0.0.1 behind a TLS reverse proxy (see the README) and pass "
            "--public-url https://..."
        )
    elif not is_loopback(args.host):
        _warn(
            f"serving on {args.host}: machines that reach it directly, not through the "
            f"proxy at {args.public_url}, talk to it without TLS. Bind to 127.0.0.1 if the "
            "proxy runs on this host."
        )
    # --today is passed on only when it asks for another day: a server runs for days.
    today = args.today.isoformat() if args.today != dt.date.today() else None
    options = ServeOptions(
        host=args.host,
        port=args.port,
        users_file=args.users,
        db=args.db.resolve(),
        public_url=args.public_url,
        today=today,
    )
    server = SignInServer(options, users_file.UsersWatch(args.users))
    try:
        server.serve()
    except OSError as exc:
        why = "it is in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
        raise EnvironmentFault(
            f"cannot listen on {args.host} port {args.port}: {why}; choose another --port or --host"
        ) from None
    return 0


def cmd_serve_user_add(args: argparse.Namespace) -> int:
    """Add a supervisor to the users file (made if missing); print their new token once."""
    from ..serve import users as users_file

    current = users_file.load(args.users) if args.users.exists() else users_file.Users()
    updated, token = current.added(args.name)
    users_file.save(args.users, updated)
    sys.stderr.write(
        f"microintern: {users_file.check_name(args.name)} can now sign in with this token; "
        "it is not stored and is shown only this once\n"
    )
    out(token)
    return 0


def cmd_serve_user_remove(args: argparse.Namespace) -> int:
    """Remove a supervisor from the users file: their token no longer signs in."""
    from ..serve import users as users_file

    current = users_file.load(args.users)
    name = args.name.strip()
    users_file.save(args.users, current.removed(name))
    out(f"removed {name} from {args.users}; their open sessions end at their next request")
    return 0


def register(sub: Subparsers[Any]) -> None:
    """Add ``serve`` and the ``serve-user`` group."""
    serve = sub.add_parser(
        "serve", help="the app in a browser for signed-in supervisors (one host, one file)"
    )
    serve.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on ({DEFAULT_HOST})"
    )
    serve.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"port to listen on ({DEFAULT_PORT})"
    )
    serve.add_argument(
        "--users", type=Path, required=True, help="the users file (serve-user add makes it)"
    )
    serve.add_argument(
        "--public-url",
        type=_public_url,
        help="the https:// address of the TLS reverse proxy in front, if any",
    )
    serve.set_defaults(func=cmd_serve)

    users = group(sub, "serve-user", "who may sign in to serve: add or remove a supervisor")
    add = users.add_parser("add", help="add a supervisor and print their new token once")
    add.add_argument("name", metavar="NAME", help="the supervisor's name (their --user)")
    add.add_argument("--users", type=Path, required=True, help="the users file (made if missing)")
    add.set_defaults(func=cmd_serve_user_add)
    remove = users.add_parser("remove", help="remove a supervisor: their token stops working")
    remove.add_argument("name", metavar="NAME", help="the supervisor's name")
    remove.add_argument("--users", type=Path, required=True, help="the users file")
    remove.set_defaults(func=cmd_serve_user_remove)
