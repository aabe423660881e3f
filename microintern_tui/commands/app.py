"""Running the app: ``microintern`` with no command, and ``demo`` (a demo file, then the app).

Textual is imported only when the app really starts, so every other command starts fast.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from .. import locations
from ..console import open_store, out
from .subparsers import Subparsers

if TYPE_CHECKING:
    from ..store.store import Store


def cmd_app(args: argparse.Namespace) -> int:
    """Open the app on the data file (``microintern`` with no command)."""
    store = open_store(args)
    if not store.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
    # Not loaded here: the app paints its home screen first, then reads the file in a worker.
    return _run_app(args, store)


def cmd_demo(args: argparse.Namespace) -> int:
    from ..store.demo import write_demo

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


def _run_app(args: argparse.Namespace, store: Store) -> int:
    import gc

    from ..app.app import make_app
    from ..app.sync import local_now

    # Everything imported so far lives as long as the process: out of the collector's
    # sight, a full collection while the first frame is drawn takes ~1 ms, not 30-50 ms.
    gc.freeze()

    # The entry point reads the wall clock, for the header's file indicator; nothing deeper does.
    app = make_app(store, today=args.today, user=args.user, clock=local_now)
    app.run()
    if app.start_error is not None:
        raise app.start_error  # a damaged data file: one line on stderr, exit status 2
    return app.return_code or 0


def register(sub: Subparsers[Any]) -> None:
    """Add ``demo`` (the app itself is the top level's default, :func:`cmd_app`)."""
    demo = sub.add_parser("demo", help="write a demo data file (if absent) and open the app")
    demo.add_argument("--create-only", action="store_true", help="write it and print its path")
    # Without --db, the demo has a file of its own beside the real one.
    demo.set_defaults(func=cmd_demo, default_db=locations.demo_db)
