"""Snapshots of the milestones screen at 80×24 with a fixed today."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.screens.milestones import CohortPanel, MilestonesScreen
from microintern_tui.store.demo import write_demo
from microintern_tui.store.store import Store

#: Saturday of week 4 of the demo cohort (Autumn 2026).
DEMO_TODAY = dt.date(2026, 11, 28)
#: Monday of week 3 of the published Spring 2024 cohort: the mid-way check-ins week.
SPRING_MIDWAY = dt.date(2024, 3, 18)
USER = "ann"


async def wait_for(pilot: Pilot[int], condition: Callable[[], bool], deadline: float = 5.0) -> None:
    """Let the app run until ``condition`` holds, failing after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "condition not met before the deadline"
        await pilot.pause(0.01)


def app_over(path: Path, today: dt.date, *, demo: bool) -> MicroInternApp:
    store = Store(path, USER)
    if demo:
        write_demo(store, today)
    else:
        store.create()
    return make_app(Store(path, USER), today=today, user=USER)


async def open_milestones(pilot: Pilot[int]) -> None:
    """Press m once the home screen has loaded, and wait for the cohorts to be drawn."""
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    app.sub_title = "team.json"  # not the temp folder's name
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    await pilot.press("m")
    await wait_for(pilot, lambda: isinstance(app.screen, MilestonesScreen))
    await wait_for(pilot, lambda: bool(app.screen.query(CohortPanel)))
    await pilot.pause()


def test_milestones_demo_week4(snap_compare: Any, tmp_path: Path) -> None:
    """The demo cohort in its fourth week, on Saturday 28 Nov 2026.

    You should see: "Milestones · today is Sat 28 Nov 2026"; the demo cohort first, its
    title saying "week 4 of 5 · the internship ends Sun 06 Dec 2026"; a big "2" in
    Digits beside "days to the week micro internships must end" and
    "Micro internships must end · w/c 30 Nov 2026 (in 2 days)"; a blank line, then the
    timeline: seven "✓ passed" rows (dimmed), "➜ next  w/c 30 Nov 2026  Micro internships
    must end  in 2 days" (bold, in the digits' blue), then "· later" rows with "in 11 days"
    and "in 15 days". The finished 2024 cohorts follow below (scroll bar on the right).
    The footer shows esc Back, q Quit and ? Help.
    """
    app = app_over(tmp_path / "team.json", DEMO_TODAY, demo=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_milestones)


def test_milestones_spring_2024_midway_week(snap_compare: Any, tmp_path: Path) -> None:
    """The published Spring 2024 calendar on Monday 18 Mar 2024 (week 3, mid-way check-ins).

    You should see: "Spring 2024 · week 3 of 5 · the internship ends Sun 07 Apr 2024";
    a big blue "14" beside "days to the week micro internships must end", the date line
    "Micro internships must end · w/c 01 Apr 2024 (in 14 days)" and, in the warning
    colour (orange), "This week: Mid-way check-ins". In the timeline, six "✓ passed" rows,
    "▶ this week  w/c 18 Mar 2024  Mid-way check-ins  this week" (orange, bold), then
    "➜ next  w/c 01 Apr 2024 ... in 14 days", and two "· later" rows (the workshop in
    23 days, the HEAR deadline in 146 days). Below it starts "Summer 2024 · starts
    Mon 01 Jul 2024 (in 105 days)".
    """
    app = app_over(tmp_path / "team.json", SPRING_MIDWAY, demo=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_milestones)


def test_milestones_scrolled_to_finished_cohorts(snap_compare: Any, tmp_path: Path) -> None:
    """The bottom of the demo's milestones: the finished 2024 cohorts, reached by keyboard.

    You should see, after pressing End: "Summer 2024 · finished · ended Sun 04 Aug 2024"
    and "Spring 2024 · finished · ended Sun 07 Apr 2024", each with no digits but the
    words "All milestones have passed." and "The last was on Sun 11 Aug 2024.", and a
    timeline whose rows all read "✓ passed". The scroll bar thumb is at the bottom.
    """

    async def run_before(pilot: Pilot[int]) -> None:
        await open_milestones(pilot)
        await pilot.press("end")
        await pilot.pause()

    app = app_over(tmp_path / "team.json", DEMO_TODAY, demo=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
