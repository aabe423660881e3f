"""Snapshots of the check-in note editor at 80×24 (today 2026-11-28)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from snapshot_data import demo_app, home_loaded, stop_blinking, wait_for
from textual.pilot import Pilot

from microintern_tui.app.screens.checkin_editor import CheckinEditor
from microintern_tui.app.screens.confirm import ConfirmScreen
from microintern_tui.app.screens.intern import InternScreen


async def edit_amara(pilot: Pilot[int]) -> None:
    """Open Amara Okonkwo's check-in note in the editor."""
    await home_loaded(pilot)
    await pilot.press("slash", *"amara", "enter", "enter")
    await wait_for(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, InternScreen) and pilot.app.screen.progress is not None
        ),
    )
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CheckinEditor))
    stop_blinking(pilot.app)  # type: ignore[arg-type]
    await pilot.pause()


def test_editor_open_on_a_note(snap_compare: Any, tmp_path: Path) -> None:
    """The editor on Amara's existing note.

    You should see: a dialog "Check-in with Amara Okonkwo", Date 2026-11-17, a text
    area holding "Settling in well; line manager happy. Agreed a plan for the last two
    weeks." wrapped, the cursor at its end, and Save (ctrl+s) / Cancel (esc).
    """
    assert snap_compare(
        demo_app(tmp_path / "demo.json"), terminal_size=(80, 24), run_before=edit_amara
    )


def test_editor_asks_before_discarding(snap_compare: Any, tmp_path: Path) -> None:
    """Escape after typing: the editor asks before throwing the text away.

    You should see: a smaller dialog over the editor, "Discard the changes to this
    check-in note? They are not saved.", with "Discard (y)" (red) and "Keep editing
    (n)" (focused, the default).
    """

    async def run_before(pilot: Pilot[int]) -> None:
        await edit_amara(pilot)
        await pilot.press(*" More.", "escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        await pilot.pause()

    assert snap_compare(
        demo_app(tmp_path / "demo.json"), terminal_size=(80, 24), run_before=run_before
    )
