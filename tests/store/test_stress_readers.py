"""Saves and reads in parallel (issue 12 §2, the store's side): no exception, whole versions.

The app saves in one worker thread while others poll the file and read the header's "last
change". Here one thread saves over and over on a 2.5 MB file while other threads call
``load()``, ``last_change()``, ``records()`` and ``poll_changed()`` on the same Store, and
one more reads through a Store of its own (as another window would), for thousands of
rounds. Each reader must see whole versions: the entries the writer added so far, all of
them and nothing else, never fewer than it saw before.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from microintern_tui.store.store import Store

GENERATE = Path(__file__).parents[2] / "benchmarks" / "generate.py"
TODAY = dt.date(2026, 9, 1)  # the generator's "today": every cohort has ended
SAVES = 100
#: Reads each reader makes per save, while that save runs.
BURST = 25
PREFIX = "stress "

pytestmark = pytest.mark.slow


def _prefix_length(notes: list[str]) -> int:
    """How many writer entries a version holds, checking they are entries 0..n-1 exactly."""
    seen = sorted(int(note.removeprefix(PREFIX)) for note in notes if note.startswith(PREFIX))
    assert seen == list(range(len(seen))), f"not a whole version: {seen[-5:]}"
    return len(seen)


class Pace:
    """How many saves the writer has finished, for readers to keep in step with.

    A reader that called the store in a tight loop would hog its mutex (a thread that
    releases a lock takes it back before a waiter wakes) and starve the writer; the app
    polls every second or two. So each reader reads a burst at a time, then waits (on a
    condition, with a deadline) for the next save, while that save runs under its reads.
    """

    def __init__(self) -> None:
        self.saves = 0
        self.done = False
        self.cond = threading.Condition()

    def saved(self, *, last: bool = False) -> None:
        with self.cond:
            self.saves += 1
            self.done = last
            self.cond.notify_all()

    def wait_past(self, seen: int) -> int:
        with self.cond:
            assert self.cond.wait_for(lambda: self.saves > seen or self.done, timeout=60)
            return self.saves


class Reader(threading.Thread):
    """Calls ``read`` in bursts until the writer is done; answers must not go backwards."""

    def __init__(self, name: str, read: Callable[[], object], pace: Pace) -> None:
        super().__init__(name=name, daemon=True)
        self.read = read
        self.pace = pace
        self.rounds = 0
        self.error: BaseException | None = None
        self.last: object = None

    def run(self) -> None:
        try:
            seen = 0
            while not self.pace.done:
                for _ in range(BURST):
                    now = self.read()
                    if now is not None and self.last is not None:
                        assert now >= self.last, (self.name, self.last, now)  # type: ignore[operator]
                    self.last = now if now is not None else self.last
                    self.rounds += 1
                seen = self.pace.wait_past(seen)
        except BaseException as exc:  # reported by the test
            self.error = exc


def test_saves_and_reads_in_parallel_raise_nothing_and_see_whole_versions(tmp_path):
    db = tmp_path / "big.json"
    subprocess.run(
        [sys.executable, str(GENERATE), "--interns", "150", "--hours-per-intern", "40",
         "--out", str(db)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert db.stat().st_size > 2_000_000
    store = Store(db, "writer", lock_timeout=60)
    other = Store(db, "other-window", lock_timeout=60)
    intern = store.load().interns[0]
    day = store.load().cohort(intern.cohort_id).start
    pace = Pace()

    def loaded() -> int:
        return _prefix_length([h.note for h in store.load().hours])

    def raw_records() -> int:
        return _prefix_length([str(d.get("note")) for d in store.records()["hours"].values()])

    def changed() -> str | None:
        last = store.last_change()
        assert last is not None
        return last.updated

    def polled() -> None:
        store.poll_changed()
        store.changed_on_disk()

    def other_loaded() -> int:
        return _prefix_length([h.note for h in other.load().hours])

    readers = [
        Reader("load", loaded, pace),
        Reader("records", raw_records, pace),
        Reader("last_change", changed, pace),
        Reader("poll", polled, pace),
        Reader("other store", other_loaded, pace),
    ]
    for reader in readers:
        reader.start()
    try:
        for k in range(SAVES):
            store.add_hours(intern.id, day, 0.01, f"{PREFIX}{k}", TODAY, allow_over=True)
            pace.saved(last=k == SAVES - 1)
    finally:
        pace.saved(last=True)
        for reader in readers:
            reader.join(timeout=60)

    for reader in readers:
        assert reader.error is None, f"{reader.name}: {reader.error!r}"
    assert sum(r.rounds for r in readers) > 3000, [(r.name, r.rounds) for r in readers]
    assert all(r.rounds > 10 for r in readers), [(r.name, r.rounds) for r in readers]
    assert loaded() == SAVES and other_loaded() == SAVES
    assert Store(db, "x").check() == []
