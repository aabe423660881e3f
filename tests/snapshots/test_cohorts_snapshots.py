"""Snapshots of the cohorts list and the cohort form at 80×24 on the fixed data set (today
2024-07-17).

Regenerate with ``pytest tests/snapshots --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from reports.fixture_data import TODAY, USER, build
from textual.pilot import Pilot
from textual.widgets import Input, Static

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.app.screens.cohort_form import CohortForm
from microintern_tui.app.screens.cohorts import CohortsScreen
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.store.store import Store


def cohorts_app(tmp_path: Path) -> MicroInternApp:
    db = tmp_path / "team.json"
    build(db)
    return make_app(Store(db, USER, lock_timeout=5.0), today=TODAY, user=USER)


async def wait_for(pilot: Pilot[int], condition: Callable[[], bool], deadline: float = 5.0) -> None:
    """Let the app run until ``condition`` holds, failing after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "condition not met before the deadline"
        await pilot.pause(0.01)


async def cohorts_list(pilot: Pilot[int]) -> CohortsScreen:
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    app.sub_title = "team.json"  # not the temp folder, which changes each run
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    app.screen.set_focus(None)
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(app.screen, CohortsScreen))
    screen = app.screen
    assert isinstance(screen, CohortsScreen)
    await wait_for(pilot, lambda: screen.cohort_id is not None)
    return screen


def test_cohorts_list_with_the_running_cohort_highlighted(snap_compare, tmp_path: Path) -> None:
    """The cohorts screen: the title "Cohorts · 3 · archived cohorts are hidden from the home
    screen", then a table (Cohort, Starts, Ends, Interns, State): Spring 2024 (7 interns,
    "ended · built in"), Summer 2024 (6, "week 3 of 5 · built in") and Spring 2027 (0,
    "starts in 957 days"), the cursor on Summer 2024; under it "Summer 2024 · milestones"
    and its ten dates in order, from "Mon 13 May 2024  Micro internships go live to
    students" to the HEAR journal on Sun 11 Aug 2024 ("w/c" before the three week-long
    ones). The footer shows esc Back, n New cohort, e Edit dates, a Archive/unarchive,
    ? Help."""

    async def run_before(pilot: Pilot[int]) -> None:
        screen = await cohorts_list(pilot)
        await pilot.press("down")
        dates = screen.query_one("#cohort-dates", Static)
        await wait_for(pilot, lambda: str(dates.visual).startswith("Summer 2024 · milestones"))
        await pilot.pause()

    assert snap_compare(cohorts_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


async def new_cohort_form(pilot: Pilot[int], start: str) -> None:
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    app.sub_title = "team.json"  # not the temp folder, which changes each run
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    app.screen.set_focus(None)
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(app.screen, CohortsScreen))
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, CohortForm))
    form = app.screen
    for box in form.query(Input):
        box.cursor_blink = False  # a blinking cursor would make the snapshot flaky
    form.query_one("#cohort-start", Input).value = start
    form.query_one("#cohort-start", Input).focus()
    await pilot.pause()


def test_new_cohort_form_with_the_proposed_dates(snap_compare, tmp_path: Path) -> None:
    """The "New cohort" dialog over the cohorts screen: Name filled in as "Autumn 2027",
    Start 2027-09-27 "Monday", the line "Proposed from the start Monday; edit any date
    before saving.", then ten milestones, each with its date in a box and its weekday
    (go live 2027-08-09 Mon ... must begin 2027-09-27 w/c Mon, not in a box ... HEAR
    journal 2027-11-07 Sun), and the Save (ctrl+s) / Cancel (esc) buttons, all inside 24 rows."""

    async def run_before(pilot: Pilot[int]) -> None:
        await new_cohort_form(pilot, "2027-09-27")

    assert snap_compare(cohorts_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_new_cohort_form_refuses_a_tuesday(snap_compare, tmp_path: Path) -> None:
    """The "New cohort" dialog with Start 2027-09-28: under it, in the error colour,
    "2027-09-28 is a Tuesday; a cohort starts on a Monday (week commencing)." and no
    milestone dates at all (none are proposed from a day that is not a Monday)."""

    async def run_before(pilot: Pilot[int]) -> None:
        await new_cohort_form(pilot, "2027-09-28")

    assert snap_compare(cohorts_app(tmp_path), terminal_size=(80, 24), run_before=run_before)
