"""The cohorts screen and the cohort form: add from a start Monday, edit dates, archive.

The data is the reports' fixed data set (tests/reports/fixture_data.py), today 2024-07-17.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from report_app import app_over
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from microintern_tui.app.app import MicroInternApp
from microintern_tui.app.screens.cohort_form import CohortChange, CohortForm, apply_change
from microintern_tui.app.screens.cohorts import CohortsScreen
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.screens.report import ReportScreen
from microintern_tui.app.widgets.intern_table import InternTable
from microintern_tui.domain.programme import BUILTIN_COHORTS, propose_milestones
from microintern_tui.store.store import Store

SPRING_2024 = BUILTIN_COHORTS[0]
D = dt.date


@pytest.fixture
def db(reports_db: Path) -> Path:
    """A copy of the fixed data set that this test may change (see conftest.py)."""
    return reports_db


def on_disk(db: Path) -> Store:
    """The data file as another process would read it now."""
    return Store(db, "reader")


async def wait_for(pilot: Pilot[int], condition: Callable[[], bool], deadline: float = 5.0) -> None:
    """Let the app run until ``condition`` holds, failing after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "condition not met before the deadline"
        await pilot.pause(0.01)


async def open_cohorts(pilot: Pilot[int]) -> CohortsScreen:
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    app.screen.set_focus(None)  # keys to the screen, not the home screen's filter box
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(app.screen, CohortsScreen))
    screen = app.screen
    assert isinstance(screen, CohortsScreen)
    await wait_for(pilot, lambda: screen.cohort_id is not None)
    return screen


async def open_form(pilot: Pilot[int], key: str) -> CohortForm:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CohortForm))
    form = pilot.app.screen
    assert isinstance(form, CohortForm)
    await pilot.pause()
    return form


async def type_into(
    pilot: Pilot[int], form: CohortForm, selector: str, value: str, *, keys: bool = False
) -> None:
    """Put ``value`` in a box: key by key, or at once (one change, as a paste would)."""
    box = form.query_one(selector, Input)
    box.focus()
    box.value = ""
    if keys:
        await pilot.press(*value)
    else:
        box.value = value
    await pilot.pause()


def shown(form: CohortForm, selector: str) -> str:
    return str(form.query_one(selector, Static).visual)


async def test_a_new_cohort_shows_every_proposed_date_and_saves_an_edited_one(db: Path) -> None:
    app = app_over(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_cohorts(pilot)
        form = await open_form(pilot, "n")
        assert not form.query_one("#cohort-milestones").display
        await type_into(pilot, form, "#cohort-start", "2027-09-27", keys=True)
        # Enter moves on to the first proposed date; it does not save yet.
        await pilot.press("enter")
        assert form.query_one("#ms-go_live", Input).has_focus
        assert app.screen is form
        # Every date is shown, proposed from the start Monday, before anything is saved.
        assert form.query_one("#cohort-milestones").display
        for m in propose_milestones(D(2027, 9, 27)):
            if m.key == "start":
                assert shown(form, "#ms-start") == "2027-09-27"
            else:
                assert form.query_one(f"#ms-{m.key}", Input).value == m.date.isoformat()
        assert shown(form, "#day-midway") == "w/c Mon"
        assert form.query_one("#cohort-name", Input).value == "Autumn 2027"
        assert "Autumn 2027" not in [c.name for c in on_disk(db).load().cohorts]

        await type_into(pilot, form, "#ms-post_workshop", "2027-11-04")
        assert shown(form, "#day-post_workshop") == "Thu"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Autumn 2027" in [c.name for c in on_disk(db).load().cohorts])
        saved = on_disk(db).load().find_cohort("Autumn 2027")
        expected = {m.key: m.date for m in propose_milestones(D(2027, 9, 27))}
        expected["post_workshop"] = D(2027, 11, 4)
        assert {m.key: m.date for m in saved.milestones} == expected
        assert saved.start == D(2027, 9, 27)
        screen = app.screen
        assert isinstance(screen, CohortsScreen)
        await wait_for(pilot, lambda: screen.cohort_id == saved.id)


async def test_a_tuesday_start_is_explained_and_nothing_is_saved(
    db: Path, file_hash: Callable[[Path], str]
) -> None:
    before = file_hash(db)
    app = app_over(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_cohorts(pilot)
        form = await open_form(pilot, "n")
        await type_into(pilot, form, "#cohort-name", "Autumn 2027")
        await type_into(pilot, form, "#cohort-start", "2027-09-28")
        help_text = shown(form, "#cohort-start-help")
        assert help_text == (
            "2027-09-28 is a Tuesday; a cohort starts on a Monday (week commencing)."
        )
        # No dates proposed from a day that is not a Monday.
        assert not form.query_one("#cohort-milestones").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Not saved: start '2027-09-28' is a Tuesday" in shown(form, "#cohort-error")
        assert form.query_one("#cohort-start", Input).has_class("-invalid-field")
        await type_into(pilot, form, "#cohort-start", "2027-02-30")
        assert "is not a real date written YYYY-MM-DD" in shown(form, "#cohort-start-help")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CohortsScreen))
        await app.workers.wait_for_complete()
    assert file_hash(db) == before


async def test_a_name_already_taken_is_refused_in_the_form(
    db: Path, file_hash: Callable[[Path], str]
) -> None:
    before = file_hash(db)
    app = app_over(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_cohorts(pilot)
        form = await open_form(pilot, "n")
        await type_into(pilot, form, "#cohort-start", "2027-09-27")
        await type_into(pilot, form, "#cohort-name", "spring 2024")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "is taken by another cohort" in shown(form, "#cohort-error")
    assert file_hash(db) == before


async def test_editing_one_date_of_a_builtin_cohort_keeps_the_others(db: Path) -> None:
    app = app_over(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_cohorts(pilot)
        assert screen.cohort_id == SPRING_2024.id  # the first row
        form = await open_form(pilot, "e")
        assert "Edit Spring 2024 (built in)" in shown(form, "#cohort-form-title")
        assert form.query_one("#ms-hear_deadline", Input).value == "2024-08-11"
        # A week-commencing date must be a Monday: explained, not saved.
        await type_into(pilot, form, "#ms-midway", "2024-03-19")
        assert shown(form, "#day-midway") == "w/c Tue: not a Monday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Mid-way check-ins '2024-03-19' is a Tuesday" in shown(form, "#cohort-error")
        await type_into(pilot, form, "#ms-midway", "2024-03-18")
        await type_into(pilot, form, "#ms-hear_deadline", "2024-08-12")
        await pilot.press("ctrl+s")

        def hear_date() -> dt.date | None:
            m = on_disk(db).load().find_cohort("Spring 2024").milestone("hear_deadline")
            return m.date if m else None

        await wait_for(pilot, lambda: hear_date() == D(2024, 8, 12))
        saved = on_disk(db).load().find_cohort("Spring 2024")
        assert {m.key: m.date for m in saved.milestones} == {
            m.key: (D(2024, 8, 12) if m.key == "hear_deadline" else m.date)
            for m in SPRING_2024.milestones
        }


def test_an_edit_keeps_a_date_someone_else_changed_meanwhile() -> None:
    before = SPRING_2024
    mine = dataclasses.replace(
        before,
        milestones=tuple(
            dataclasses.replace(m, date=D(2024, 8, 12)) if m.key == "hear_deadline" else m
            for m in before.milestones
        ),
    )
    theirs = dataclasses.replace(
        before,
        name="Spring 2024 (main)",
        milestones=tuple(
            dataclasses.replace(m, date=D(2024, 4, 11)) if m.key == "post_workshop" else m
            for m in before.milestones
        ),
    )
    merged = apply_change(CohortChange(before, mine), theirs)
    dates = {m.key: m.date for m in merged.milestones}
    assert dates["hear_deadline"] == D(2024, 8, 12)  # mine
    assert dates["post_workshop"] == D(2024, 4, 11)  # theirs, kept
    assert merged.name == "Spring 2024 (main)"  # I did not rename it


async def test_archiving_hides_its_interns_from_home_but_not_from_reports(db: Path) -> None:
    app = app_over(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_cohorts(pilot)
        table = screen.query_one("#cohort-table", DataTable)
        summer = on_disk(db).load().find_cohort("Summer 2024")
        table.move_cursor(row=[c.id for c in app.dataset.cohorts].index(summer.id))  # type: ignore[union-attr]
        await pilot.press("a")
        await wait_for(pilot, lambda: on_disk(db).load().cohort(summer.id).archived)
        await wait_for(pilot, lambda: "archived" in str(table.get_row(summer.id)[4]))
        await pilot.press("escape")
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.mine = False
        await pilot.pause()
        interns = home.query_one("#intern-table", InternTable)
        names = {str(interns.row_cells(r)[0]) for r in range(interns.row_count)}
        assert "Hana Sato" not in names and "Kai Moana" not in names
        assert {"Ann Lee", "Zoë Ångström"} <= names
        # Still in reports: the report steps onto it.
        home.set_focus(None)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        report = app.screen
        assert isinstance(report, ReportScreen)
        await wait_for(pilot, lambda: report.cohort_id is not None)
        report.cohort_id = summer.id
        report.action_step(0)
        summary = str(report.query_one("#report-summary", Static).visual)
        assert summary.startswith("Summer 2024 · archived")
        assert "6 interns" in summary
        # And back: a again on the cohorts screen unarchives it.
        await pilot.press("escape", "c")
        await wait_for(pilot, lambda: isinstance(app.screen, CohortsScreen))
        cohorts = app.screen
        assert isinstance(cohorts, CohortsScreen)
        await wait_for(pilot, lambda: cohorts.cohort_id is not None)
        cohorts.query_one("#cohort-table", DataTable).move_cursor(row=1)
        await pilot.press("a")
        await wait_for(pilot, lambda: not on_disk(db).load().cohort(summer.id).archived)
