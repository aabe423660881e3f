"""Snapshots of the help screen (? or F1) at 80×24 with a fixed today."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.app.screens.help import HelpScreen
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.screens.milestones import CohortPanel, MilestonesScreen
from microintern_tui.store.demo import write_demo
from microintern_tui.store.store import Store

#: Saturday of week 4 of the demo cohort (Autumn 2026).
DEMO_TODAY = dt.date(2026, 11, 28)
USER = "ann"


async def wait_for(pilot: Pilot[int], condition: Callable[[], bool], deadline: float = 5.0) -> None:
    """Let the app run until ``condition`` holds, failing after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "condition not met before the deadline"
        await pilot.pause(0.01)


def demo_app(path: Path) -> MicroInternApp:
    store = Store(path, USER)
    write_demo(store, DEMO_TODAY)
    return make_app(Store(path, USER), today=DEMO_TODAY, user=USER)


async def home_loaded(pilot: Pilot[int]) -> MicroInternApp:
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    app.sub_title = "demo.json"  # not the temp folder's name
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    await pilot.pause()
    return app


def test_help_over_home(snap_compare: Any, tmp_path: Path) -> None:
    """The help opened with ? over the home screen.

    You should see: the home screen dimmed behind a centred box with a rounded border;
    its first line "Keys · Escape closes this help"; a table Key / Does / Where listing
    first the home screen's keys ("this screen": /, a Mine/All, the sort keys, esc
    Clear filter, ...), then the app's ("everywhere": ? and f1 Help, m Milestones,
    q Quit, ...), then the table's own cursor keys further down (scroll bar on the
    right of the table); at the bottom "Every action is also in the command palette
    (ctrl+p)." and, in the footer, "esc Close help".
    """

    async def run_before(pilot: Pilot[int]) -> None:
        app = await home_loaded(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()

    assert snap_compare(
        demo_app(tmp_path / "demo.json"), terminal_size=(80, 24), run_before=run_before
    )


def test_help_over_milestones(snap_compare: Any, tmp_path: Path) -> None:
    """The help opened with F1 over the milestones screen.

    You should see: the milestones screen dimmed behind the help box; its keys first:
    "esc Back" and "m Back" ("this screen"), then the app's keys ("everywhere") and the
    scroll keys of the milestones list (up, down, page up/down, home, end).
    No home-screen key (Mine/All, Filter) is listed: they do not work here.
    """

    async def run_before(pilot: Pilot[int]) -> None:
        app = await home_loaded(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MilestonesScreen))
        await wait_for(pilot, lambda: bool(app.screen.query(CohortPanel)))
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()

    assert snap_compare(
        demo_app(tmp_path / "demo.json"), terminal_size=(80, 24), run_before=run_before
    )
