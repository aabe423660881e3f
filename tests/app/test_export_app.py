"""Exporting from the app: the same bytes as ``microintern export``, written in a worker.

The data is the reports' fixed data set (tests/reports/fixture_data.py), today 2024-07-17.
Each file the app writes is compared byte for byte with the CLI's export of the same file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from report_app import app_over
from reports.fixture_data import TODAY, USER
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, RadioButton, Select, Static

from microintern_tui.app.app import MicroInternApp
from microintern_tui.app.screens.export import ExportScreen, file_slug
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.screens.report import ReportScreen


@pytest.fixture
def db(reports_db: Path) -> Path:
    """A copy of the fixed data set that this test may change (see conftest.py)."""
    return reports_db


def cli_export(db: Path, out: Path, *args: str) -> bytes:
    """What ``microintern export ARGS -o OUT`` writes for the same data file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROINTERN_")}
    result = subprocess.run(
        [sys.executable, "-m", "microintern_tui.cli", "--db", str(db), "--user", USER]
        + ["--today", TODAY.isoformat(), "export", *args, "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


async def wait_for(pilot: Pilot[int], condition: Callable[[], bool], deadline: float = 5.0) -> None:
    """Let the app run until ``condition`` holds, failing after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "condition not met before the deadline"
        await pilot.pause(0.01)


async def loaded(pilot: Pilot[int]) -> MicroInternApp:
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    app.screen.set_focus(None)  # keys to the screen, not the home screen's filter box
    return app


async def open_export(pilot: Pilot[int]) -> ExportScreen:
    await pilot.press("x")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ExportScreen))
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportScreen)
    await pilot.pause()
    return dialog


def notes(app: MicroInternApp) -> list[tuple[str, str, str]]:
    return [(n.title, n.message, n.severity) for n in app._notifications]


async def test_x_writes_the_hours_csv_of_every_cohort_beside_the_data_file(db: Path) -> None:
    app = app_over(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        dialog = await open_export(pilot)
        assert dialog.query_one("#export-hours", RadioButton).value
        assert dialog.query_one("#export-folder", Input).value == str(db.parent / "exports")
        assert str(dialog.query_one("#export-file", Static).visual) == (
            "hours-all-cohorts-2024-07-17.csv"
        )
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportScreen))
        await app.workers.wait_for_complete()
        written = db.parent / "exports" / "hours-all-cohorts-2024-07-17.csv"
        await wait_for(pilot, lambda: any(t == "Exported" for t, _, _ in notes(app)))
        assert (
            "Exported",
            f"Wrote the hours CSV (93 entries) to {written}",
            "information",
        ) in notes(app)
    assert written.read_bytes() == cli_export(db, db.parent / "cli.csv", "hours", "--csv")


async def test_completions_csv_from_the_report_is_for_the_cohort_on_screen(db: Path) -> None:
    app = app_over(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        report = app.screen
        assert isinstance(report, ReportScreen)
        await wait_for(pilot, lambda: report.cohort_id is not None)
        await pilot.press("p")  # from Summer 2024 to Spring 2024
        dialog = await open_export(pilot)
        spring = app.dataset.find_cohort("Spring 2024")  # type: ignore[union-attr]
        assert dialog.query_one("#export-cohort", Select).value == spring.id
        dialog.query_one("#export-completions", RadioButton).value = True
        dialog.query_one("#export-bom", Checkbox).value = True
        await pilot.pause()
        name = "completions-Spring-2024-2024-07-17.csv"
        assert str(dialog.query_one("#export-file", Static).visual) == name
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        await app.workers.wait_for_complete()
        await wait_for(pilot, lambda: any(t == "Exported" for t, _, _ in notes(app)))
        assert any("(2 of 7 completed)" in m for _, m, _ in notes(app))
    written = db.parent / "exports" / name
    expected = cli_export(
        db, db.parent / "cli.csv", "completions", "--cohort", "Spring 2024", "--csv", "--bom"
    )
    assert written.read_bytes() == expected
    assert expected.startswith("\ufeff".encode())


async def test_the_palette_exports_the_milestone_calendar(db: Path) -> None:
    app = app_over(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"milestone calendar")

        def first_hit() -> str:
            hits = app.screen.query_one(CommandList)
            return str(hits.get_option_at_index(0).prompt) if hits.option_count else ""

        await wait_for(pilot, lambda: "Export milestone calendar" in first_hit())
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        await pilot.pause()
        assert dialog.query_one("#export-milestones", RadioButton).value
        # The running cohort is proposed for a calendar.
        summer = app.dataset.find_cohort("Summer 2024")  # type: ignore[union-attr]
        assert dialog.query_one("#export-cohort", Select).value == summer.id
        assert dialog.query_one("#export-bom", Checkbox).disabled
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportScreen))
        await app.workers.wait_for_complete()
        await wait_for(pilot, lambda: any(t == "Exported" for t, _, _ in notes(app)))
    written = db.parent / "exports" / "milestones-Summer-2024-2024-07-17.ics"
    expected = cli_export(
        db, db.parent / "cli.ics", "milestones", "--ics", "--cohort", "Summer 2024"
    )
    assert written.read_bytes() == expected


async def test_completions_need_a_cohort_and_say_so_in_the_dialog(db: Path) -> None:
    app = app_over(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        dialog = await open_export(pilot)
        dialog.query_one("#export-completions", RadioButton).value = True
        await pilot.pause()
        # Choosing completions proposes the running cohort instead of all of them...
        summer = app.dataset.find_cohort("Summer 2024")  # type: ignore[union-attr]
        assert dialog.query_one("#export-cohort", Select).value == summer.id
        # ...and all of them is refused, in words.
        dialog.query_one("#export-cohort", Select).value = "*"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert str(dialog.query_one("#export-error", Static).visual) == (
            "Completions are per cohort: choose a cohort."
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    assert not (db.parent / "exports").exists()


async def test_an_unwritable_folder_is_a_notification_and_the_app_goes_on(db: Path) -> None:
    blocker = db.parent / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    app = app_over(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        dialog = await open_export(pilot)
        dialog.query_one("#export-folder", Input).value = str(blocker / "exports")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await app.workers.wait_for_complete()
        await wait_for(pilot, lambda: any(t == "Could not export" for t, _, _ in notes(app)))
        ((title, message, severity),) = notes(app)
        assert severity == "error"
        assert message == (
            f"cannot write {blocker / 'exports' / 'hours-all-cohorts-2024-07-17.csv'}: "
            f"a part of {blocker / 'exports'} is a file, not a folder"
        )
        # The app is still there and still answers keys.
        app.screen.set_focus(None)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
    assert blocker.read_text() == "a file where the folder should be"


def test_file_names_keep_only_safe_characters() -> None:
    assert file_slug("Spring 2024") == "Spring-2024"
    assert file_slug("../[b]Ævil/..\\x ") == "b-vil-x"
    assert file_slug("///") == "cohort"


async def test_keys_pressed_on_a_dialogs_button_do_not_open_screens_over_it(db: Path) -> None:
    app = app_over(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        dialog = await open_export(pilot)
        dialog.query_one("#export-cancel").focus()
        depth = len(app.screen_stack)
        await pilot.press("r", "c", "x")
        assert app.screen is dialog
        assert len(app.screen_stack) == depth
