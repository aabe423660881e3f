"""A separate process for the store tests (run as a script, not collected by pytest).

Modes:
    hold PATH USER            take the data file's lock, print "held", keep it until stdin
                              gets a line.
    batch PATH INTERN COUNT   print "ready", wait for a line on stdin, then add COUNT hours
                              entries for INTERN, printing each entry's id once it is saved.
    loop PATH INTERN...       add hours entries round the interns for ever, printing each
                              entry's id once add_hours has returned (the change is saved).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from microintern_tui.store import lock
from microintern_tui.store.store import Store

#: Spring 2024 starts on this Monday; TODAY is after its end, so every day of it is past.
START = dt.date(2024, 3, 4)
TODAY = dt.date(2024, 4, 20)
#: Small entries, so thousands stay under 24 h a day and 40 h in total.
HOURS = 0.01


def main(argv: list[str]) -> int:
    mode, path = argv[0], Path(argv[1])
    if mode == "hold":
        with lock.hold(path, argv[2], timeout=10):
            print("held", flush=True)
            sys.stdin.readline()
        return 0
    if mode == "batch":
        intern_id, count = argv[2], int(argv[3])
        store = Store(path, f"batch-{count}", lock_timeout=60)
        print("ready", flush=True)
        sys.stdin.readline()
        for k in range(count):
            entry, _ = store.add_hours(intern_id, START, HOURS, f"batch {k}", TODAY)
            print(entry.id, flush=True)
        return 0
    if mode == "loop":
        interns = argv[2:]
        store = Store(path, "looper", lock_timeout=60)
        k = 0
        while True:
            day = START + dt.timedelta(days=(k // len(interns)) % 35)
            entry, _ = store.add_hours(interns[k % len(interns)], day, HOURS, f"loop {k}", TODAY)
            print(entry.id, flush=True)
            k += 1
    raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
