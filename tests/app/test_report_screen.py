"""The cohort report screen: the numbers of ``microintern report``, a cohort at a time.

The data is the reports' fixed data set (tests/reports/fixture_data.py): on 2024-07-17
Summer 2024 is in week 3 and Spring 2024 is over.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from report_app import app_over
from reports.fixture_data import TODAY, USER
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from microintern_tui.app.app import MicroInternApp
from microintern_tui.app.screens.cohorts import CohortsScreen
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.screens.report import ReportScreen
from microintern_tui.domain.report import cohort_report
from microintern_tui.store.store import Store

#: A name that would be markup and an action if shown as anything but text.
MARKUP_NAME = "[b]Bad[/b] [@click=app.quit]x"


@pytest.fixture
def db(reports_db: Path) -> Path:
    """A copy of the fixed data set that this test may change (see conftest.py)."""
    return reports_db


async def wait_for(pilot: Pilot[int], condition: Callable[[], bool], deadline: float = 5.0) -> None:
    """Let the app run until ``condition`` holds, failing after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "condition not met before the deadline"
        await pilot.pause(0.01)


async def open_report(pilot: Pilot[int]) -> ReportScreen:
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    # Keys go to the screen, not to the home screen's filter box.
    app.screen.set_focus(None)
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
    screen = app.screen
    assert isinstance(screen, ReportScreen)
    await wait_for(pilot, lambda: screen.cohort_id is not None)
    await pilot.pause()
    return screen


def text(screen: ReportScreen, section: str) -> str:
    return str(screen.query_one(f"#report-{section}", Static).visual)


async def test_r_shows_the_running_cohorts_report_with_its_numbers(db: Path) -> None:
    app = app_over(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_report(pilot)
        assert "Summer 2024 (2 of 3)" in str(screen.query_one("#report-title", Static).visual)
        summary = text(screen, "summary")
        assert "programme week 3 of 5" in summary
        assert "6 interns · 0 completed" in summary
        # Every count of the domain report is on screen, label and number.
        assert app.dataset is not None
        report = cohort_report(app.dataset, app.dataset.find_cohort("Summer 2024"), TODAY)
        status = text(screen, "status").splitlines()
        for count, line in zip(report.by_status, status, strict=True):
            assert line.startswith(count.label)
            assert f"{count.count} intern" in line
        hours = text(screen, "hours").splitlines()
        assert [line.split("  ")[0] for line in hours] == [c.label for c in report.hours]
        assert "over 40 h         1 intern   ████████████████████████" in hours
        assert "due       4 interns" in text(screen, "checkins")
        training = text(screen, "training")
        assert "pre-internship training: 5 of 6 attended; not yet: Jo March" in training
        assert "post-internship workshop: 0 of 6 attended" in training
        caseload = text(screen, "caseload").splitlines()
        assert caseload[0] == "supervisor      interns  behind  check-ins overdue  over 40"
        assert caseload[1].split() == ["Priya", "Shah", "2", "1", "0", "1"]
        at_risk = text(screen, "at-risk")
        assert "Jo March: 0 h of 40, needs 14.7 h/week for the remaining 2.7 weeks" in at_risk
        assert "Ivo Petrov: 5 h of 40, needs 12.9 h/week" in at_risk
        # The 40-hour cap: whoever went over is flagged in words.
        assert text(screen, "over") == "Kai Moana: 41 h (over 40)"


async def test_n_and_p_step_through_the_cohorts_archived_ones_included(db: Path) -> None:
    store = Store(db, USER)
    store.set_cohort_archived(store.load().find_cohort("Spring 2024").id, True)
    app = app_over(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_report(pilot)
        await pilot.press("n")
        assert "Spring 2027 (3 of 3)" in str(screen.query_one("#report-title", Static).visual)
        assert "0 interns · 0 completed" in text(screen, "summary")
        assert text(screen, "at-risk") == "nobody"
        await pilot.press("n")
        summary = text(screen, "summary")
        assert summary.startswith("Spring 2024 · archived")
        assert "after the end" in summary
        assert "7 interns · 2 completed" in summary
        assert text(screen, "over") == "Finn Walsh: 41.5 h (over 40)"
        await pilot.press("p", "p")
        assert "Summer 2024 (2 of 3)" in str(screen.query_one("#report-title", Static).visual)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_names_show_literally_and_the_report_follows_a_save(db: Path) -> None:
    store = Store(db, USER)
    odd = store.add_intern(MARKUP_NAME, "odd@uni.example", "Bow", "Summer 2024", USER)
    app = app_over(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_report(pilot)
        at_risk = text(screen, "at-risk")
        assert "[b]Bad[/b] [@click=app.quit]x: 0 h of 40" in at_risk
        assert "7 interns" in text(screen, "summary")

        def add_hours(s: Store) -> None:
            s.add_hours(odd.id, dt.date(2024, 7, 16), 8.0, "", TODAY)

        app.save("add hours", add_hours)
        await wait_for(pilot, lambda: "8 h of 40" in text(screen, "at-risk"))
        # The screen kept its cohort through the refresh.
        assert "Summer 2024 (2 of 3)" in str(screen.query_one("#report-title", Static).visual)


@pytest.mark.parametrize(
    ("typed", "title"), [("cohort report", "Cohort report"), ("cohorts", "Cohorts")]
)
async def test_the_palette_opens_the_report_and_the_cohorts(
    db: Path, typed: str, title: str
) -> None:
    app = app_over(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(
            pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen)
        )
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*typed)

        def first_hit() -> str:
            hits = app.screen.query_one(CommandList)
            return str(hits.get_option_at_index(0).prompt) if hits.option_count else ""

        await wait_for(pilot, lambda: first_hit().startswith(title))
        await pilot.press("enter")
        expected = ReportScreen if title == "Cohort report" else CohortsScreen
        await wait_for(pilot, lambda: isinstance(app.screen, expected))
