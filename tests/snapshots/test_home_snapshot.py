"""Snapshots of the home screen at 80×24 on the demo data (today 2026-11-28)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from snapshot_data import demo_app, home_loaded, wait_for
from textual.pilot import Pilot

from microintern_tui.app.widgets.intern_table import InternTable


def test_home_my_interns(snap_compare: Any, tmp_path: Path) -> None:
    """The interns ann supervises, by name.

    You should see: a title "My interns (ann) · sorted by name"; a summary with
    15 interns, how many are behind, how many check-ins are overdue and the next
    milestone ("Micro internships must end in 2 days (Autumn 2026)"); the filter box;
    the table with Name, Employer, Hours (a small bar and "31 / 40"), Status in words
    and Check-in (OVERDUE in bold reverse). The first row is the name
    "[b]Ann[/b] [@click=app.quit]x" shown with its brackets, not bold. The footer
    starts "a Mine/All / Filter s Sort q Quit m Milestones".
    """
    assert snap_compare(
        demo_app(tmp_path / "demo.json"), terminal_size=(80, 24), run_before=home_loaded
    )


def test_home_all_sorted_by_status_filtered(snap_compare: Any, tmp_path: Path) -> None:
    """All interns, filtered by "street", sorted by status.

    You should see: the title "All interns · sorted by status · filter: street", the
    filter box holding "street", and only interns whose name, email or employer
    contains "street" (the Bow Street Food Bank intern), with the summary counting them.
    """

    async def run_before(pilot: Pilot[int]) -> None:
        await home_loaded(pilot)
        await pilot.press("a", "s", "slash", *"street", "enter")
        table = pilot.app.screen.query_one("#intern-table", InternTable)
        await wait_for(pilot, lambda: table.row_count == 1)

    assert snap_compare(
        demo_app(tmp_path / "demo.json"), terminal_size=(80, 24), run_before=run_before
    )
