"""A separate process for the shared-drive tests (run as a script, not collected by pytest).

Modes:
    hold PATH USER    open a transaction on the data file (lock and owner record taken),
                      print "held", then wait for ever (the test kills it).
    edit-note PATH USER CHECKIN_ID TEXT   change a check-in's note (there is no CLI for it).
    delete-hours PATH USER ENTRY_ID       delete an hours entry.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
from pathlib import Path

from microintern_tui.store.store import Store

TODAY = dt.date(2024, 3, 18)


def main(argv: list[str]) -> int:
    mode, path, user = argv[0], Path(argv[1]), argv[2]
    store = Store(path, user, lock_timeout=30)
    if mode == "hold":
        with store.transaction():
            print("held", flush=True)
            threading.Event().wait()
    elif mode == "edit-note":
        store.update_checkin(argv[3], argv[4], None, TODAY)
    elif mode == "delete-hours":
        store.delete_hours(argv[3])
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
