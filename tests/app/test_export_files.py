"""The app's ``x`` writes through the same writer as ``-o``, with the same guarantees.

Over a copy of the reports' fixed data set (or the hostile one), today 2024-07-17. The app
writes into ``exports/`` beside the data file; what it says is read from the toasts on the
screen, as the user reads it.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pilot_data import wait_for
from report_app import app_over
from reports import hostile_data
from reports.conftest import check_golden
from textual.pilot import Pilot
from textual.widgets import RadioButton, Select

from microintern_tui.app.app import MicroInternApp
from microintern_tui.app.screens.export import ExportScreen
from microintern_tui.app.screens.home import HomeScreen

HOURS_FILE = "hours-all-cohorts-2024-07-17.csv"


def toasts(app: MicroInternApp) -> list[str]:
    """The notifications on the screen, each as "title\\nmessage"."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def export_with(pilot: Pilot[int], *, completions_of: str | None = None) -> str:
    """Open the dialog with ``x``, choose, press ctrl+s; returns the toast that answers."""
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    app.screen.set_focus(None)
    await pilot.press("x")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
    dialog = app.screen
    await pilot.pause()
    if completions_of is not None:
        dialog.query_one("#export-completions", RadioButton).value = True
        await pilot.pause()
        cohort = app.dataset.find_cohort(completions_of)  # type: ignore[union-attr]
        dialog.query_one("#export-cohort", Select).value = cohort.id
        await pilot.pause()
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and bool(toasts(app)))
    (toast,) = toasts(app)
    return toast


async def test_a_link_to_the_data_file_in_the_exports_folder_is_refused(reports_db: Path) -> None:
    before = reports_db.read_bytes()
    planted = reports_db.parent / "exports" / HOURS_FILE
    planted.parent.mkdir()
    planted.symlink_to(reports_db)
    async with app_over(reports_db).run_test(size=(80, 24), notifications=True) as pilot:
        toast = await export_with(pilot)
    assert toast == f"Could not export\n{planted} is the data file; choose another file name"
    assert reports_db.read_bytes() == before
    assert planted.is_symlink()


async def test_a_link_in_the_exports_folder_keeps_the_link_and_writes_its_target(
    reports_db: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    link = reports_db.parent / "exports" / HOURS_FILE
    link.parent.mkdir()
    link.symlink_to(shared / "hours.csv")
    async with app_over(reports_db).run_test(size=(80, 24), notifications=True) as pilot:
        toast = await export_with(pilot)
    assert toast == f"Exported\nWrote the hours CSV (93 entries) to {link}"
    assert link.is_symlink()
    check_golden("hours_all.csv", (shared / "hours.csv").read_bytes())


async def test_the_export_takes_the_data_files_mode_without_others_bits(
    reports_db: Path,
) -> None:
    reports_db.chmod(0o664)
    async with app_over(reports_db).run_test(size=(80, 24), notifications=True) as pilot:
        toast = await export_with(pilot)
    written = reports_db.parent / "exports" / HOURS_FILE
    assert toast.startswith("Exported\n")
    assert stat.S_IMODE(written.stat().st_mode) == 0o660
    assert not written.parent.stat().st_mode & 0o007  # the folder made: nothing for others


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    """The hostile data set (tests/reports/hostile_data.py), in this test's own folder."""
    path = tmp_path / "hostile" / "team.json"
    path.parent.mkdir()
    hostile_data.build(path)
    return path


async def test_hostile_completions_from_the_app_are_the_golden_bytes(hostile_db: Path) -> None:
    async with app_over(hostile_db).run_test(size=(80, 24), notifications=True) as pilot:
        toast = await export_with(pilot, completions_of=hostile_data.COHORT)
    (written,) = (hostile_db.parent / "exports").iterdir()
    assert written.name == "completions-Hostile-2024-2024-07-17.csv"
    assert toast == f"Exported\nWrote the completions CSV (0 of 11 completed) to {written}"
    check_golden("hostile_completions.csv", written.read_bytes())
