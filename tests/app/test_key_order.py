"""Keys are applied in the order typed, also when they come in a burst (Textual issue #6605).

Textual's Input and TextArea insert a letter at once but run a bound key (backspace, the
arrows) only after it has bubbled up to the app, so in a burst ``7``, backspace, ``2`` saved
7 hours. Each test sends its keys two ways: ``pilot.press`` with all keys in one call, and
``burst``, which posts them all before the app handles the first (a paste, a slow link).
Each then reads the data file, as another program would.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import pytest
from pilot_data import APP_TODAY, MARKUP_NAME, Team, burst, fresh, hours_of, open_intern, wait_for
from report_app import app_over
from textual.pilot import Pilot
from textual.widgets import Input, Static

from microintern_tui.app.app import MicroInternApp
from microintern_tui.app.screens.checkin_editor import CheckinEditor
from microintern_tui.app.screens.cohort_form import CohortForm
from microintern_tui.app.screens.cohorts import CohortsScreen
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.screens.hours_form import HoursForm
from microintern_tui.app.widgets.intern_table import InternTable
from microintern_tui.store.store import Store


async def press_together(pilot: Pilot[int], keys: Sequence[str]) -> None:
    await pilot.press(*keys)


async def post_together(pilot: Pilot[int], keys: Sequence[str]) -> None:
    burst(pilot.app, *keys)


Send = Callable[[Pilot[int], Sequence[str]], Awaitable[None]]
SENDS = pytest.mark.parametrize("send", [press_together, post_together], ids=["press", "burst"])


@SENDS
async def test_backspace_in_the_hours_field_deletes_what_was_typed_before_it(
    app_for: Callable[..., MicroInternApp], team: Team, send: Send
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intern(pilot, team.able)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, HoursForm))
        await send(pilot, ["7", "backspace", "2", "enter"])
        await wait_for(pilot, lambda: len(hours_of(team, team.able)) == 4)
    added = hours_of(team, team.able)[-1]
    assert (added.date, added.hours) == (APP_TODAY, 2.0)


@SENDS
async def test_editing_keys_in_the_note_editor_apply_where_they_were_typed(
    app_for: Callable[..., MicroInternApp], team: Team, send: Send
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intern(pilot, team.able)
        await pilot.press("k")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinEditor))
        # "ab", rub out the b, "c", step back over it, "x": the note reads "axc".
        keys = ["a", "b", "backspace", "c", "left", "x", "ctrl+s"]
        await send(pilot, keys)
        await wait_for(pilot, lambda: bool(fresh(team).load().checkins_of(team.able)))
    (checkin,) = fresh(team).load().checkins_of(team.able)
    assert checkin.note == "axc"


@SENDS
async def test_the_home_filter_keeps_the_order_of_letters_and_backspaces(
    app_for: Callable[..., MicroInternApp], team: Team, send: Send
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(
            pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen)
        )
        home = app.screen
        # "/" puts the cursor in the filter; "x" is a slip, rubbed out before "ben".
        await send(pilot, ["/", "x", "backspace", "b", "e", "n"])
        table = home.query_one("#intern-table", InternTable)
        await wait_for(pilot, lambda: home.query_one("#home-filter", Input).value == "ben")
        await wait_for(
            pilot, lambda: "filter: ben" in str(home.query_one("#home-title", Static).visual)
        )
        assert [str(table.row_cells(n)[0]) for n in range(table.row_count)] == ["Ben Brown"]
        assert MARKUP_NAME not in str(home.query_one("#home-summary", Static).visual)


@SENDS
async def test_a_corrected_start_date_in_the_cohort_form_is_the_one_saved(
    reports_db: Path, send: Send
) -> None:
    app = app_over(reports_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(
            pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen)
        )
        app.screen.set_focus(None)  # keys to the screen, not the home screen's filter box
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CohortsScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, CohortForm))
        form = app.screen
        form.query_one("#cohort-start", Input).focus()
        # 2027-09-28 is a Tuesday: the 8 is rubbed out and a 7 typed, for Monday the 27th.
        await send(pilot, [*"2027-09-28", "backspace", "7"])
        await wait_for(
            pilot, lambda: str(form.query_one("#cohort-start-day", Static).visual) == "Monday"
        )
        assert form.query_one("#cohort-start", Input).value == "2027-09-27"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, CohortsScreen))
    saved = Store(reports_db, "reader").load().find_cohort("Autumn 2027")
    assert saved.start.isoformat() == "2027-09-27"
