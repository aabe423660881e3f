"""The intern screen: add hours (valid, invalid, over 40), ticks, delete, literal data, errors."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from pilot_data import (
    APP_TODAY,
    MARKUP_NAME,
    OSC_NOTE,
    USER,
    Team,
    fresh,
    hours_of,
    log_rows,
    notices,
    on_screen,
    open_intern,
    text_of,
    wait_for,
)
from textual.widgets import DataTable, Input, Static

from microintern_tui.app.app import MicroInternApp
from microintern_tui.app.screens.confirm import ConfirmScreen
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.screens.hours_form import HoursForm
from microintern_tui.app.screens.intern import InternScreen
from microintern_tui.app.screens.lock_dialog import LockDialog
from microintern_tui.app.widgets.intern_table import InternTable
from microintern_tui.store.store import Store


async def test_intern_screen_shows_progress_log_weeks_and_checkins(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intern(pilot, team.brown)
        assert "Ben Brown" in text_of(screen, "#intern-details")
        numbers = text_of(screen, "#intern-numbers")
        assert "24 / 40 h" in numbers and "on track" in numbers and "week 4 of 5" in numbers
        # Newest first, with who recorded it.
        rows = log_rows(screen)
        assert [r[0] for r in rows] == sorted((r[0] for r in rows), reverse=True)
        assert rows[0] == ["2024-03-19", "4", "Newsletter", USER]
        assert screen.query_one("#week-chart").weeks == (8.0, 8.0, 8.0, 0.0, 0.0)  # type: ignore[attr-defined]
        assert "Going well." in text_of(screen, "#checkin-notes")


async def test_add_hours_saves_and_refreshes(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intern(pilot, team.able)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, HoursForm))
        # The date defaults to today.
        assert app.screen.query_one("#hours-date", Input).value == "2024-03-26"
        await pilot.press("2", ".", "5", "tab", *"Poster draft", "enter")
        await wait_for(pilot, lambda: len(log_rows(screen)) == 4)
        assert log_rows(screen)[0] == ["2024-03-26", "2.5", "Poster draft", USER]
        assert "14.5 / 40 h" in text_of(screen, "#intern-numbers")
        entries = hours_of(team, team.able)
        assert [(e.date, e.hours, e.note) for e in entries][-1] == (
            APP_TODAY,
            2.5,
            "Poster draft",
        )
        # And home shows the new total when we go back.
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        table = app.screen.query_one("#intern-table", InternTable)
        assert "14.5 / 40" in str(table.row_cells(1)[3])


async def test_invalid_hours_are_explained_and_nothing_is_saved(
    app_for: Callable[..., MicroInternApp], team: Team, file_hash: Callable[[Path], str]
) -> None:
    before = file_hash(team.path)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intern(pilot, team.able)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, HoursForm))
        form = app.screen
        error = form.query_one("#hours-error", Static)
        for date, hours, expected in (
            ("2024-03-26", "abc", "is not a number of hours"),
            ("2024-03-26", "0", "must be more than 0"),
            ("2024-03-26", "25", "more than 24 hours"),
            ("2024-03-27", "2", "is in the future"),
            ("2024-02-30", "2", "is not a real date"),
        ):
            form.query_one("#hours-date", Input).value = date
            form.query_one("#hours-hours", Input).value = hours
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda e=expected: e in str(error.visual))  # type: ignore[misc]
            assert app.screen is form
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, InternScreen))
    assert file_hash(team.path) == before


async def test_over_forty_asks_before_recording(
    app_for: Callable[..., MicroInternApp], team: Team, file_hash: Callable[[Path], str]
) -> None:
    before = file_hash(team.path)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intern(pilot, team.markup)  # 39 h so far
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, HoursForm))
        await pilot.press("3")
        # The warning shows while typing.
        warnings = app.screen.query_one("#hours-warnings", Static)
        await wait_for(pilot, lambda: "over the 40 hours" in str(warnings.visual))
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, ConfirmScreen))
        assert "42 h in total" in str(app.screen.query_one("#confirm-question", Static).visual)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, HoursForm))
        assert file_hash(team.path) == before
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: "42 / 40 h" in text_of(screen, "#intern-numbers"))
        assert "over 40" in text_of(screen, "#intern-numbers")
    assert sum(e.hours for e in hours_of(team, team.markup)) == 42


async def test_ticks_toggle_in_the_file(app_for: Callable[..., MicroInternApp], team: Team) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intern(pilot, team.able)
        assert "[ ] pre-training" in text_of(screen, "#intern-ticks")
        await pilot.press("p", "j")
        await wait_for(
            pilot,
            lambda: (
                "[x] pre-training" in text_of(screen, "#intern-ticks")
                and "[x] HEAR journal" in text_of(screen, "#intern-ticks")
            ),
        )
        intern = fresh(team).load().intern(team.able)
        assert (intern.pre_training, intern.post_training, intern.hear) == (True, False, True)
        await pilot.press("p")
        await wait_for(pilot, lambda: "[ ] pre-training" in text_of(screen, "#intern-ticks"))
        assert fresh(team).load().intern(team.able).pre_training is False


async def test_delete_hours_asks_then_leaves_a_tombstone(
    app_for: Callable[..., MicroInternApp], team: Team, file_hash: Callable[[Path], str]
) -> None:
    before = file_hash(team.path)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intern(pilot, team.able)
        newest = hours_of(team, team.able)[-1]
        await pilot.press("d")
        await wait_for(pilot, lambda: on_screen(app, ConfirmScreen))
        assert "4 h on 2024-03-12" in str(app.screen.query_one("#confirm-question", Static).visual)
        await pilot.press("escape")  # backs out
        await wait_for(pilot, lambda: app.screen is screen)
        assert file_hash(team.path) == before
        await pilot.press("delete")
        await wait_for(pilot, lambda: on_screen(app, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: len(log_rows(screen)) == 2)
        assert "8 / 40 h" in text_of(screen, "#intern-numbers")
    assert newest.id not in {e.id for e in hours_of(team, team.able)}
    raw = json.loads(team.path.read_text())
    tomb = [d for d in raw["hours"].values() if d["id"] == newest.id]
    assert tomb and tomb[0]["deleted"] is True


async def test_markup_and_escape_show_literally_on_the_intern_screen(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    app = app_for()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_intern(pilot, team.markup)
        assert text_of(screen, "#intern-details").startswith(MARKUP_NAME)
        note_row = next(r for r in log_rows(screen) if r[2].startswith("before"))
        assert note_row[2] == "before ␛]0;PWNED␇ after"
        assert "\x1b" not in note_row[2] and "\x07" not in note_row[2]
        # The highlighted entry's whole note, under the log, literally too.
        # Newest first: the 11 March entry with the escape is highlighted.
        line = text_of(screen, "#hours-entry-note")
        assert line == "2024-03-11 · 4 h · before ␛]0;PWNED␇ after · recorded by Ann Supervisor"
        # Nothing rendered on screen carries the escape, the bell or an action.
        for widget in (screen.query_one("#intern-details"), screen.query_one("#hours-table")):
            for y in range(widget.size.height):
                for seg in widget.render_line(y):
                    assert "\x1b" not in seg.text and "\x07" not in seg.text
                    assert not (seg.style and seg.style.meta.get("@click"))
        assert OSC_NOTE not in str(app.screen.query_one("#hours-table", DataTable).get_row_at(0))


HOLD_LOCK = """
import sys
import datetime as dt
from pathlib import Path
from microintern_tui.store import lock
with lock.hold(Path(sys.argv[1]), "bob", 5):
    print("held", flush=True)
    sys.stdin.read()
"""


async def test_a_held_lock_is_reported_and_the_app_keeps_running(
    app_for: Callable[..., MicroInternApp], team: Team, file_hash: Callable[[Path], str]
) -> None:
    before = file_hash(team.path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(team.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        app = app_for(lock_timeout=0.3)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_intern(pilot, team.able)
            await pilot.press("p")
            # The lock dialog (app/screens/lock_dialog.py) names the holder; Escape gives up.
            await wait_for(pilot, lambda: on_screen(app, LockDialog))
            assert "bob@" in str(app.screen.query_one("#lock-holder", Static).visual)
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is screen)
            assert app.is_running
            assert "[ ] pre-training" in text_of(screen, "#intern-ticks")
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)
    assert file_hash(team.path) == before


async def test_a_refused_save_reopens_the_form_with_what_was_typed(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_intern(pilot, team.able)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, HoursForm))
        await pilot.press("2", ".", "5", "tab", *"Poster")
        # Meanwhile the file is damaged (a sync client, another tool): the save is refused.
        team.path.write_text("{ not json")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: bool(notices(app, "Could not add hours")) and isinstance(app.screen, HoursForm),
        )
        form = app.screen
        assert form.query_one("#hours-hours", Input).value == "2.5"
        assert form.query_one("#hours-note", Input).value == "Poster"
        assert form.query_one("#hours-date", Input).value == "2024-03-26"
    assert team.path.read_text() == "{ not json"  # a damaged file is never overwritten


async def test_hours_someone_added_meanwhile_make_the_form_ask_about_40(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intern(pilot, team.able)  # 12 h
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, HoursForm))
        # While the form is open, another supervisor takes Alice to 39 h.
        other = Store(team.path, "Tom Okafor")
        for day in (13, 14, 15, 18, 19, 20):
            other.add_hours(team.able, dt.date(2024, 3, day), 4.5, "", APP_TODAY)
        await pilot.press("2", "enter")  # the form still thinks 14 h: no question asked
        # The store refuses (41 h); the form opens again on the fresh file, still "2".
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, HoursForm)
                and app.screen.query_one("#hours-hours", Input).value == "2"
                and "39 of 40" in str(app.screen.query_one("#hours-so-far", Static).visual)
            ),
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: on_screen(app, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: "41 / 40 h" in text_of(screen, "#intern-numbers"))
    assert sum(e.hours for e in hours_of(team, team.able)) == 41
