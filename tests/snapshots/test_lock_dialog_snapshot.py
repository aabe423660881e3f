"""Snapshot of the lock dialog at 80×24, with the header's file indicator (clock injected)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from snapshot_data import SNAP_TODAY, SNAP_USER, home_loaded, wait_for
from textual.pilot import Pilot

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.app.screens.intern import InternScreen
from microintern_tui.app.screens.lock_dialog import LockDialog
from microintern_tui.store import lock
from microintern_tui.store.demo import write_demo
from microintern_tui.store.schema import RECORD_TABLES
from microintern_tui.store.store import Store

#: The app's wall clock: 10:42:07 UTC on the snapshot's today.
CLOCK = dt.datetime(2026, 11, 28, 10, 42, 7, tzinfo=dt.UTC)


def locked_demo_app(path: Path) -> MicroInternApp:
    """The demo file, last changed by ann at 10:41, locked by carol's laptop since 10:30."""
    write_demo(Store(path, SNAP_USER), SNAP_TODAY)
    # The store stamps records with the real time: pin them so the indicator is stable.
    data = json.loads(path.read_text())
    for table in RECORD_TABLES:
        for doc in data.get(table, {}).values():
            doc["updated"] = "2026-11-28T10:41:00+00:00"
            doc["author"] = SNAP_USER
    path.write_text(json.dumps(data))
    record = {"user": "carol", "host": "carols-laptop", "pid": 4242}
    record["since"] = "2026-11-28T10:30:00+00:00"
    lock.owner_path(path).write_text(json.dumps(record))
    return make_app(
        Store(path, SNAP_USER, lock_timeout=0.2),
        today=SNAP_TODAY,
        user=SNAP_USER,
        clock=lambda: CLOCK,
        poll_interval=None,
    )


async def tick_ben(pilot: Pilot[int]) -> None:
    """Open Ben Hughes and tick his pre-internship training: the save meets the lock."""
    await home_loaded(pilot)
    await pilot.press("slash", *"ben", "enter", "enter")
    await wait_for(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, InternScreen) and pilot.app.screen.progress is not None
        ),
    )
    await pilot.press("p")
    await wait_for(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, LockDialog)
            and bool(pilot.app.screen.query("#lock-cancel"))
        ),
    )
    await pilot.pause()


def test_lock_dialog_over_the_intern_screen(snap_compare: Any, tmp_path: Path) -> None:
    """A tick saved while another machine's old lock record is in the way.

    You should see: the header "demo.json · read 10:42:07 · last change by ann 10:41" (at
    80 columns the app's name gives way to the indicator); over Ben Hughes's screen, a
    dialog with a red border titled "Could not change pre-training", "demo.json is locked
    by carol@carols-laptop (pid 4242) since 10:30.", then that it was taken on another
    machine a while ago and may be broken if nobody uses microintern there, and that the
    change is kept until you choose (r saves it, Escape gives it up); the buttons
    "Retry (r)" (focused), "Break the lock (u)" in red and "Cancel (esc)".
    """
    assert snap_compare(
        locked_demo_app(tmp_path / "demo.json"), terminal_size=(80, 24), run_before=tick_ben
    )
