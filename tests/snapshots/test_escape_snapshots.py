"""Snapshot of the home screen when names and employers hold markup and terminal controls."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.domain.programme import BUILTIN_COHORTS
from microintern_tui.store.schema import INTERNS
from microintern_tui.store.store import Store

#: Monday of week 3 of Spring 2024.
TODAY = dt.date(2024, 3, 18)
USER = "ann"
HOSTILE = (
    # name, employer
    ("[b]Ann[/b] [@click=app.quit]x", "[red]Red[/red] Ltd"),
    ("Osc \x1b]0;PWNED\x07 Bo", "Clear \x1b[2J\x1b[H Co"),
    ("Tab\there\x7fdel\u202eRTL", "Bell \x07 and CR \r done"),
)


def hostile_app(path: Path) -> MicroInternApp:
    """Three interns whose names and employers would be markup or control sequences.

    The app's own forms refuse control characters, but a data file can be edited by
    other tools or merged from a sync conflict, so the records are written directly.
    """
    store = Store(path, USER)
    spring = BUILTIN_COHORTS[0].id
    with store.transaction() as tx:
        for n, (name, employer) in enumerate(HOSTILE):
            tx.insert(
                INTERNS,
                {
                    "name": name,
                    "email": f"i{n}@odd.example",
                    "employer": employer,
                    "cohort_id": spring,
                    "supervisor": USER,
                },
            )
    return make_app(Store(path, USER), today=TODAY, user=USER)


async def wait_for(pilot: Pilot[int], condition: Callable[[], bool], deadline: float = 5.0) -> None:
    """Let the app run until ``condition`` holds, failing after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "condition not met before the deadline"
        await pilot.pause(0.01)


async def home_loaded(pilot: Pilot[int]) -> None:
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    app.sub_title = "odd.json"  # not the temp folder's name
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    await pilot.pause()


def test_home_shows_markup_and_controls_literally(snap_compare: Any, tmp_path: Path) -> None:
    """Names and employers from the file shown character for character.

    You should see three rows, all plain (not bold, not red, no link underline):
    "[b]Ann[/b] [@click=app.quit]x" with employer "[red]Red[/red] Ltd";
    "Osc ␛]0;PWNED␇ Bo" with employer "Clear ␛[2J␛[H Co" (the escape and bell shown as
    the symbols ␛ and ␇, the screen not cleared, the title not changed); and
    "Tab    here␡del<U+202E>RTL" with employer "Bell ␇ and CR ␍ done" (a tab as spaces,
    DEL as ␡, the right-to-left override as <U+202E> so the text is not reversed).
    Names may be cut by the column width; what is shown is exactly those characters.
    """
    assert snap_compare(
        hostile_app(tmp_path / "odd.json"), terminal_size=(80, 24), run_before=home_loaded
    )
