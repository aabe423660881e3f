"""The check-in note editor: write and edit notes, and never lose typed text silently."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pilot_data import OSC_NOTE, Team, fresh, notices, on_screen, open_intern, text_of, wait_for
from textual.widgets import Input, Static, TextArea

from microintern_tui.app.app import MicroInternApp
from microintern_tui.app.screens.checkin_editor import CheckinEditor
from microintern_tui.app.screens.confirm import ConfirmScreen
from microintern_tui.app.screens.intern import InternScreen
from microintern_tui.store.store import Store


async def test_write_a_first_checkin_note(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intern(pilot, team.able)
        assert "check-in overdue" in text_of(screen, "#intern-numbers")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinEditor))
        assert app.screen.query_one("#editor-date", Input).value == "2024-03-26"
        await pilot.press(*"Behind on hours", "enter", *"[b]exams[/b]", "ctrl+s")
        await wait_for(pilot, lambda: "check-in recorded" in text_of(screen, "#intern-numbers"))
        assert "Behind on hours\n[b]exams[/b]" in text_of(screen, "#checkin-notes")
    (checkin,) = fresh(team).load().checkins_of(team.able)
    assert (checkin.date, checkin.note) == (dt.date(2024, 3, 26), "Behind on hours\n[b]exams[/b]")


async def test_edit_the_latest_note(app_for: Callable[..., MicroInternApp], team: Team) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intern(pilot, team.brown)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinEditor))
        area = app.screen.query_one("#editor-note", TextArea)
        assert area.text == "Going well."
        await pilot.press(*" Wants client work.", "ctrl+s")
        await wait_for(pilot, lambda: "Wants client work." in text_of(screen, "#checkin-notes"))
    (checkin,) = fresh(team).load().checkins_of(team.brown)
    assert checkin.note == "Going well. Wants client work."
    assert checkin.date == dt.date(2024, 3, 19)


async def test_cancel_with_unsaved_text_asks_first(
    app_for: Callable[..., MicroInternApp], team: Team, file_hash: Callable[[Path], str]
) -> None:
    before = file_hash(team.path)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intern(pilot, team.able)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinEditor))
        editor = app.screen
        await pilot.press(*"Half a thought")
        await pilot.press("escape")
        await wait_for(pilot, lambda: on_screen(app, ConfirmScreen))
        # "No" (and Enter, the default) keeps the text in the editor.
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is editor)
        assert editor.query_one("#editor-note", TextArea).text == "Half a thought"
        await pilot.press("escape")
        await wait_for(pilot, lambda: on_screen(app, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is screen)
        # Nothing typed: Escape closes at once.
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinEditor))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, InternScreen))
    assert file_hash(team.path) == before


async def test_a_future_date_or_empty_note_is_refused(
    app_for: Callable[..., MicroInternApp], team: Team, file_hash: Callable[[Path], str]
) -> None:
    before = file_hash(team.path)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intern(pilot, team.able)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinEditor))
        editor = app.screen
        error = editor.query_one("#editor-error", Static)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "the note is empty" in str(error.visual))
        await pilot.press(*"Fine")
        editor.query_one("#editor-date", Input).value = "2024-04-02"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "is in the future" in str(error.visual))
        assert app.screen is editor
    assert file_hash(team.path) == before


async def test_a_note_with_an_escape_sequence_opens_with_placeholders(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    Store(team.path, "tom").add_checkin(
        team.able, dt.date(2024, 3, 20), OSC_NOTE, dt.date(2024, 3, 26)
    )
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intern(pilot, team.able)
        assert "before ␛]0;PWNED␇ after" in text_of(screen, "#checkin-notes")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinEditor))
        assert app.screen.query_one("#editor-note", TextArea).text == "before ␛]0;PWNED␇ after"


async def test_quitting_over_an_unsaved_note_asks_first(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intern(pilot, team.able)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinEditor))
        editor = app.screen
        await pilot.press(*"Not saved yet", "ctrl+q")
        await wait_for(pilot, lambda: on_screen(app, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is editor)
        assert app.is_running
        assert editor.query_one("#editor-note", TextArea).text == "Not saved yet"
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: on_screen(app, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: not app.is_running)


async def test_a_refused_save_reopens_the_note_editor_with_the_text(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_intern(pilot, team.able)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinEditor))
        await pilot.press(*"Long talk about exams")
        team.path.write_text("{ not json")
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: (
                bool(notices(app, "Could not save the check-in note"))
                and isinstance(app.screen, CheckinEditor)
            ),
        )
        editor = app.screen
        assert editor.query_one("#editor-note", TextArea).text == "Long talk about exams"
        # Still unsaved: Escape asks before dropping it.
        await pilot.press("escape")
        await wait_for(pilot, lambda: on_screen(app, ConfirmScreen))
