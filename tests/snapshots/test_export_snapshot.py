"""A snapshot of the export dialog at 80×24 on the reports' fixed data set (today 2024-07-17).

Regenerate with ``pytest tests/snapshots --snapshot-update`` and look at the SVG.
"""

from __future__ import annotations

from pathlib import Path

from reports.fixture_data import TODAY, USER, build
from snapshot_data import stop_blinking, wait_for
from textual.pilot import Pilot
from textual.widgets import Input

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.app.screens.export import ExportScreen
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.store.store import Store

#: Stands in for the temp folder the data file is in, which changes each run.
FOLDER = "~/shared/internships/exports"


def test_export_dialog_over_home(snap_compare, tmp_path: Path) -> None:
    """The export dialog opened with ``x`` from the home screen, over the dimmed interns
    table, inside a thick border: the bold title "Export"; "What" with three radio buttons,
    "Hours worked, one row per entry (CSV)" chosen (a green dot) and focused (its label bold
    on a highlight), then "Completions and the HEAR list (CSV)" and "Milestone calendar
    (iCalendar .ics)" with dark, barely visible dots; "Cohort" with "All cohorts" and a ▼ in a
    compact select; "Folder" ~/shared/internships/exports; "File"
    hours-all-cohorts-2024-07-17.csv; the unticked checkbox (a dark X) "Start the CSV with a
    UTF-8 byte-order mark (for Excel)"; an empty error line; the buttons "Export (ctrl+s)"
    (bold) and "Cancel (esc)" at the bottom right; the home screen's footer below (the interns table
    focused: Enter opens). Chosen and
    unchosen options differ only by colour (every dot is a ●, every box an X): making them
    readable under NO_COLOR is a later issue's."""
    db = tmp_path / "team.json"
    build(db)
    app = make_app(Store(db, USER, lock_timeout=5.0), today=TODAY, user=USER, poll_interval=None)

    async def run_before(pilot: Pilot[int]) -> None:
        assert isinstance(pilot.app, MicroInternApp)
        pilot.app.sub_title = "team.json"  # the header shows the data file's temp path
        # The table takes the focus once the rows are in: wait for it, or the footer below
        # the dialog shows the table's keys in some runs and the screen's in others.
        await wait_for(
            pilot,
            lambda: (
                pilot.app.dataset is not None
                and isinstance(pilot.app.screen, HomeScreen)
                and pilot.app.screen.focused is not None
                and pilot.app.screen.focused.id == "intern-table"
            ),
        )
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ExportScreen))
        await pilot.pause()
        pilot.app.screen.query_one("#export-folder", Input).value = FOLDER
        stop_blinking(pilot.app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
