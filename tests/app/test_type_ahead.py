"""Keys typed before a dialog is on screen: into a form's fields, never into a question's answer.

The keys are sent in one burst (``burst``: all read before the app handles the first), as a
quick typist or a slow link delivers them; each test then reads the data file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pilot_data import (
    APP_TODAY,
    Team,
    burst,
    fresh,
    hours_of,
    log_rows,
    on_screen,
    open_intern,
    wait_for,
)
from textual import events
from textual.widgets import Input

from microintern_tui.app.app import MicroInternApp
from microintern_tui.app.screens.checkin_editor import CheckinEditor
from microintern_tui.app.screens.confirm import ConfirmScreen
from microintern_tui.app.screens.hours_form import HoursForm
from microintern_tui.app.screens.intern import InternScreen


async def test_hours_typed_with_the_key_that_opens_the_form_are_saved(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intern(pilot, team.able)
        burst(app, "a", "3", "enter")
        await wait_for(pilot, lambda: len(hours_of(team, team.able)) == 4)
        await wait_for(pilot, lambda: len(log_rows(screen)) == 4)
        assert app.screen is screen  # the form opened, took the 3 and Enter, and closed
    added = hours_of(team, team.able)[-1]
    assert (added.date, added.hours) == (APP_TODAY, 3.0)


async def test_type_ahead_is_replayed_in_order_with_its_corrections(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intern(pilot, team.able)
        burst(app, "a", "7", "backspace", "2", ".", "5")
        await wait_for(pilot, lambda: on_screen(app, HoursForm))
        # The form stays open with what was typed: nothing is saved before Enter.
        await wait_for(pilot, lambda: app.screen.query_one("#hours-hours", Input).value == "2.5")
        assert len(hours_of(team, team.able)) == 3
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(hours_of(team, team.able)) == 4)
    assert hours_of(team, team.able)[-1].hours == 2.5


async def test_a_note_typed_with_the_key_that_opens_the_editor_is_saved(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intern(pilot, team.able)
        burst(app, "k", *"Met at the food bank", "ctrl+s")
        await wait_for(pilot, lambda: bool(fresh(team).load().checkins_of(team.able)))
        assert isinstance(app.screen, InternScreen)
    (checkin,) = fresh(team).load().checkins_of(team.able)
    assert (checkin.date, checkin.note) == (APP_TODAY, "Met at the food bank")


async def test_type_ahead_never_answers_a_confirmation(
    app_for: Callable[..., MicroInternApp], team: Team, file_hash: Callable[[Path], str]
) -> None:
    before = file_hash(team.path)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intern(pilot, team.able)
        # "d" asks before deleting the highlighted entry; the "y" was typed before the
        # question was on screen, so nobody has read it: it must not answer.
        burst(app, "d", "y")
        await wait_for(pilot, lambda: on_screen(app, ConfirmScreen))
        await pilot.pause()
        assert on_screen(app, ConfirmScreen)
        assert file_hash(team.path) == before
        # Typed at the question, the same key does answer it.
        await pilot.press("y")
        await wait_for(pilot, lambda: len(hours_of(team, team.able)) == 2)
        assert app.screen is screen


async def test_type_ahead_never_answers_a_question_a_form_asks(
    app_for: Callable[..., MicroInternApp], team: Team, file_hash: Callable[[Path], str]
) -> None:
    before = file_hash(team.path)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intern(pilot, team.markup)  # 39 h so far: 3 more asks about going over 40
        await pilot.press("a")
        await wait_for(pilot, lambda: on_screen(app, HoursForm))
        # A "y" read from the terminal before the question exists, still on its way to the
        # app when the question is pushed (a slow link delivers it late): it must not answer.
        early = events.Key("y", "y")
        await pilot.press("3", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        app.post_message(early)
        await wait_for(pilot, lambda: on_screen(app, ConfirmScreen))
        await pilot.pause()
        assert on_screen(app, ConfirmScreen)
        assert file_hash(team.path) == before
        await pilot.press("n")
        await wait_for(pilot, lambda: on_screen(app, HoursForm))
    assert file_hash(team.path) == before


async def test_a_note_typed_ahead_keeps_its_line_breaks(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intern(pilot, team.able)
        burst(app, "c", *"First", "enter", *"Second")
        await wait_for(pilot, lambda: on_screen(app, CheckinEditor))
        editor = app.screen
        area = editor.query_one("#editor-note")
        await wait_for(pilot, lambda: getattr(area, "text", "") == "First\nSecond")
