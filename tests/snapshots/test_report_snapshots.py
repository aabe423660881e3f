"""Snapshots of the cohort report screen at 80×24 on the fixed data set (today 2024-07-17).

Regenerate with ``pytest tests/snapshots --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from reports.fixture_data import TODAY, USER, build
from textual.pilot import Pilot

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.screens.report import ReportScreen
from microintern_tui.store.store import Store


def report_app(tmp_path: Path) -> MicroInternApp:
    db = tmp_path / "team.json"
    build(db)
    return make_app(Store(db, USER, lock_timeout=5.0), today=TODAY, user=USER)


async def wait_for(pilot: Pilot[int], condition: Callable[[], bool], deadline: float = 5.0) -> None:
    """Let the app run until ``condition`` holds, failing after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "condition not met before the deadline"
        await pilot.pause(0.01)


async def show_report(pilot: Pilot[int], *, to_end: bool = False) -> None:
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    # The header shows the data file's path: a temp folder that changes each run.
    app.sub_title = "team.json"
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    app.screen.set_focus(None)
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
    await wait_for(pilot, lambda: getattr(app.screen, "cohort_id", None) is not None)
    await pilot.pause()
    if to_end:
        # Not the End key: its scroll is animated, and a snapshot must not catch it half-way.
        app.screen.query_one("#report-scroll").scroll_end(animate=False, immediate=True)
        await pilot.pause()


def test_report_of_the_running_cohort(snap_compare, tmp_path: Path) -> None:
    """Summer 2024 in week 3 (2 of 3): the title line, the summary (6 interns, 0 completed),
    then Status and Hours worked as labelled bars with a count in words beside each
    (over 40 / done / on track / behind ...), the longest bar 24 cells; Mid-way check-ins
    starts at the bottom. The footer shows esc Back, n Next cohort, p Prev cohort."""

    async def run_before(pilot: Pilot[int]) -> None:
        await show_report(pilot)

    assert snap_compare(report_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_report_scrolled_to_caseload_and_risks(snap_compare, tmp_path: Path) -> None:
    """The same report scrolled to its end: training attendance (5 of 6 attended the
    pre-internship training, not yet: Jo March), the caseload table with a column per count
    (supervisor, interns, behind, check-ins overdue, over 40), the two interns at risk with
    "needs N h/week for the remaining 2.7 weeks", and Kai Moana flagged "(over 40)"."""

    async def run_before(pilot: Pilot[int]) -> None:
        await show_report(pilot, to_end=True)

    assert snap_compare(report_app(tmp_path), terminal_size=(80, 24), run_before=run_before)
