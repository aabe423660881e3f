"""Snapshots of an intern's screen and the add-hours form at 80×24 (today 2026-11-28)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from snapshot_data import demo_app, home_loaded, stop_blinking, wait_for
from textual.pilot import Pilot

from microintern_tui.app.screens.hours_form import HoursForm
from microintern_tui.app.screens.intern import InternScreen


async def open_ben(pilot: Pilot[int]) -> None:
    """Open Ben Hughes (behind, check-in overdue) from the home screen."""
    await home_loaded(pilot)
    await pilot.press("slash", *"ben", "enter", "enter")
    await wait_for(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, InternScreen) and pilot.app.screen.progress is not None
        ),
    )
    await pilot.pause()


def test_intern_screen(snap_compare: Any, tmp_path: Path) -> None:
    """Ben Hughes, who is behind, in week 4 of 5.

    You should see: his name, email and employer; "Autumn 2026 · supervisor ann";
    the hours in words ("… / 40 h · behind · pace 29.7 h by today · week 4 of 5 ·
    needs … h/week · check-in overdue"); a bar filled to his hours with the pace
    marker ┃ further right and "▲ pace 29.7 h today" under it; the three ticks as
    [x]/[ ] with their keys; the hours log newest first (date, hours, note, by ann)
    with the highlighted entry's whole note under it ("2026-11-12 · 5 h · Survey
    analysis · recorded by ann"); hours per week 1–5 as bars with week 4 marked ◀;
    "No check-in yet…".
    """
    assert snap_compare(
        demo_app(tmp_path / "demo.json"), terminal_size=(80, 24), run_before=open_ben
    )


def test_hours_form_with_an_error(snap_compare: Any, tmp_path: Path) -> None:
    """The add-hours form after saving "abc" hours.

    You should see: a dialog "Add hours for Ben Hughes" over his screen, "… of 40 h
    recorded so far", Date 2026-11-28 (today), Hours "abc" highlighted, an empty note,
    and the inline error "Not saved: hours 'abc' is not a number of hours."; the Save
    and Cancel buttons with their keys.
    """

    async def run_before(pilot: Pilot[int]) -> None:
        await open_ben(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HoursForm))
        await pilot.press(*"abc", "enter")
        stop_blinking(pilot.app)  # type: ignore[arg-type]
        await pilot.pause()

    assert snap_compare(
        demo_app(tmp_path / "demo.json"), terminal_size=(80, 24), run_before=run_before
    )
