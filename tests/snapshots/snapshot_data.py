"""The data behind the snapshots: the demo file on a fixed day, plus one hostile name."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.store.demo import write_demo
from microintern_tui.store.store import Store

#: Saturday of week 4 of the demo cohort (Autumn 2026).
SNAP_TODAY = dt.date(2026, 11, 28)
SNAP_USER = "ann"
MARKUP_NAME = "[b]Ann[/b] [@click=app.quit]x"
OSC_NOTE = "before \x1b]0;PWNED\x07 after"


def demo_app(path: Path) -> MicroInternApp:
    """The demo data file with an intern whose name is markup and whose note has an OSC."""
    store = Store(path, SNAP_USER)
    write_demo(store, SNAP_TODAY)
    hostile = store.add_intern(MARKUP_NAME, "x@uni.example", "Docklands", "Autumn 2026", "ann")
    store.add_hours(hostile.id, dt.date(2026, 11, 25), 3.0, OSC_NOTE, SNAP_TODAY)
    return make_app(Store(path, SNAP_USER), today=SNAP_TODAY, user=SNAP_USER)


async def wait_for(pilot: Pilot[int], condition: Callable[[], bool], deadline: float = 5.0) -> None:
    """Let the app run until ``condition`` holds, failing after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "condition not met before the deadline"
        await pilot.pause(0.01)


async def home_loaded(pilot: Pilot[int]) -> None:
    """Wait for the home screen's first load; name the file without its temp folder."""
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    app.sub_title = "demo.json"
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    await pilot.pause()


def stop_blinking(app: MicroInternApp) -> None:
    """A blinking cursor would make the screenshot depend on timing."""
    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False
