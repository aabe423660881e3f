"""Live updates: a running app sees changes others make to the file, without a key press.

Every app here polls every 0.1 s (``make_app(poll_interval=...)``); each test waits on what a
user would see, with a deadline, never a fixed sleep.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from pilot_data import APP_TODAY, USER, Team, hours_of, notices, open_intern, toasts, wait_for
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, TextArea
from textual.widgets._header import HeaderTitle

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.app.screens.checkin_editor import CheckinEditor
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.screens.hours_form import HoursForm
from microintern_tui.app.widgets.intern_table import InternTable
from microintern_tui.domain.interns import check_details
from microintern_tui.domain.models import Checkin
from microintern_tui.store.store import Store

SIZE = (80, 24)
#: 10:42:07 on the app's today, in UTC: the injected wall clock of the indicator tests.
NOON_ISH = dt.datetime(2024, 3, 26, 10, 42, 7, tzinfo=dt.UTC)


def live_app(team: Team, *, user: str = USER, clock: object = None) -> MicroInternApp:
    """An app over the team file that polls every 0.1 s."""
    return make_app(
        Store(team.path, user, lock_timeout=5.0),
        today=APP_TODAY,
        user=user,
        clock=clock,  # type: ignore[arg-type]
        poll_interval=0.1,
    )


def other_supervisor(team: Team) -> Store:
    """The file as another supervisor's program writes it (its own Store, its own cache)."""
    return Store(team.path, "Bob Other", lock_timeout=5.0)


def home_table(app: MicroInternApp) -> InternTable:
    assert isinstance(app.screen, HomeScreen)
    return app.screen.query_one("#intern-table", InternTable)


def hours_shown(app: MicroInternApp, intern_id: str) -> str:
    """The hours cell of an intern's row on the home screen ("" when not shown)."""
    table = home_table(app)
    if intern_id not in table.keys:
        return ""
    cells = [str(c).strip() for c in table.row_cells(table.keys.index(intern_id))]
    return next(c for c in cells if c.endswith(" / 40"))


async def home_ready(pilot: Pilot[int]) -> MicroInternApp:
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    await pilot.pause()
    return app


async def test_two_apps_on_one_file_see_each_others_hours(team: Team) -> None:
    """One supervisor adds hours in the form; the other's home screen shows them, untouched."""
    writer, reader = live_app(team), live_app(team, user="Tom Okafor")
    async with writer.run_test(size=SIZE) as wp, reader.run_test(size=SIZE) as rp:
        await home_ready(rp)
        await rp.press("a")  # all interns, so Alice (not Tom's) is listed
        await wait_for(rp, lambda: hours_shown(reader, team.able).endswith("12 / 40"))

        await open_intern(wp, team.able)
        await wp.press("a")
        await wait_for(wp, lambda: isinstance(writer.screen, HoursForm))
        await wp.press(*"3.5", "enter")

        # No key is pressed in the reader from here on: its poller must notice.
        await wait_for(rp, lambda: hours_shown(reader, team.able).endswith("15.5 / 40"))
    assert sorted(h.hours for h in hours_of(team, team.able)) == [3.5, 4.0, 4.0, 4.0]


async def test_hours_added_by_the_cli_show_up_in_the_running_app(team: Team) -> None:
    app = live_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        assert hours_shown(app, team.able).endswith("12 / 40")
        env = {**os.environ, "MICROINTERN_TODAY": APP_TODAY.isoformat()}
        done = subprocess.run(
            [sys.executable, "-m", "microintern_tui.cli", "--db", str(team.path)]
            + ["--user", "Bob Other", "hours", "add", "alice@uni.example"]
            + ["--date", "2024-03-25", "--hours", "6", "--note", "from the CLI"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        await wait_for(pilot, lambda: hours_shown(app, team.able).endswith("18 / 40"))


async def test_home_keeps_filter_cursor_and_scroll_across_a_reload(team: Team) -> None:
    extra = [
        check_details(f"Extra Intern {n:02}", f"extra{n}@uni.example", "Acme", "Spring 2024", USER)
        for n in range(30)
    ]
    interns = Store(team.path, USER).import_interns(extra)
    app = live_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        await pilot.press("slash", *"extra", "enter", "end", "up")
        table = home_table(app)
        await wait_for(pilot, lambda: table.row_count == 30 and table.cursor_row == 28)
        assert table.scroll_y > 0
        picked, scroll = table.cursor_key, table.scroll_y
        assert picked == interns[28].id

        other_supervisor(team).add_hours(picked, dt.date(2024, 3, 25), 5.0, "", APP_TODAY)
        await wait_for(pilot, lambda: hours_shown(app, picked).endswith("5 / 40"))

        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert screen.filter_text == "extra" and table.row_count == 30
        assert table.cursor_key == picked and table.scroll_y == scroll
        assert app.focused is table


async def test_intern_screen_keeps_the_log_cursor_and_scroll_across_a_reload(team: Team) -> None:
    store = Store(team.path, USER)
    for day in range(1, 21):  # 20 more short entries: the log scrolls at 80×24
        store.add_hours(team.able, dt.date(2024, 2, day), 0.5, f"prep {day}", APP_TODAY)
    app = live_app(team)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_intern(pilot, team.able)
        log = screen.query_one("#hours-table", DataTable)
        await pilot.press(*["down"] * 18)
        await pilot.pause()
        chosen = log.coordinate_to_cell_key(log.cursor_coordinate).row_key.value
        scroll = log.scroll_y
        assert scroll > 0

        # A newer entry lands above: the cursor must stay on the same entry, not the same row.
        other_supervisor(team).add_hours(team.able, dt.date(2024, 3, 25), 2.0, "", APP_TODAY)
        await wait_for(pilot, lambda: log.row_count == 24)
        await pilot.pause()
        assert log.coordinate_to_cell_key(log.cursor_coordinate).row_key.value == chosen
        assert log.scroll_y >= scroll  # the entry is still in view, one row further down
        assert app.screen is screen and app.focused is log


async def test_an_open_hours_form_keeps_its_text_and_saves_into_the_fresh_file(
    team: Team,
) -> None:
    app = live_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await open_intern(pilot, team.brown)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, HoursForm))
        form = app.screen
        await pilot.press(*"2.5", "tab", *"typed before the reload")

        theirs, _ = other_supervisor(team).add_hours(
            team.brown, dt.date(2024, 3, 25), 3.0, "Bob's entry", APP_TODAY
        )
        assert app.dataset is not None
        await wait_for(
            pilot,
            lambda: (
                app.dataset is not None
                and any(h.id == theirs.id for h in app.dataset.hours_of(team.brown))
            ),
        )
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#hours-hours", Input).value == "2.5"
        assert form.query_one("#hours-note", Input).value == "typed before the reload"

        await pilot.press("enter")
        await wait_for(pilot, lambda: len(hours_of(team, team.brown)) == 8)
    notes = {h.note for h in hours_of(team, team.brown)}
    assert {"Bob's entry", "typed before the reload"} <= notes


async def test_the_header_says_when_the_file_was_read_and_who_changed_it(team: Team) -> None:
    now = [NOON_ISH]
    app = live_app(team, clock=lambda: now[0])
    async with app.run_test(size=(120, 24)) as pilot:
        await home_ready(pilot)
        app.sub_title = "team.json"
        header = app.screen.query_one(HeaderTitle)
        await wait_for(
            pilot, lambda: "read 10:42:07 · last change by Ann Supervisor" in str(header.visual)
        )
        assert str(header.visual).startswith("microintern — team.json · read 10:42:07")

        now[0] = NOON_ISH + dt.timedelta(minutes=1, seconds=3)
        other_supervisor(team).add_hours(team.able, dt.date(2024, 3, 25), 1.0, "", APP_TODAY)
        await wait_for(pilot, lambda: "last change by Bob Other" in str(header.visual))
        assert "read 10:43:10" in str(header.visual)


async def test_the_path_gives_way_to_the_indicator_in_a_narrow_terminal(team: Team) -> None:
    app = live_app(team, clock=lambda: NOON_ISH)
    async with app.run_test(size=(120, 24)) as pilot:
        await home_ready(pilot)
        app.sub_title = "/home/ann/OneDrive - University of Somewhere/Internships/team.json"
        header = app.screen.query_one(HeaderTitle)
        await wait_for(pilot, lambda: "read 10:42:07" in str(header.visual))
        # The folders go first; the file's name stays.
        assert str(header.visual).startswith("microintern — team.json · read 10:42:07 · ")

        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: not str(header.visual).startswith("microintern"))
        # At 80 columns the indicator is whole (the real stamps are not on the app's day, so
        # the last change shows its date too).
        text = str(header.visual)
        assert text.startswith("read 10:42:07 · last change by Ann Supervisor 20")
        assert len(text) <= 80 - 18


async def test_no_clock_no_indicator(team: Team) -> None:
    app = live_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await home_ready(pilot)
        app.sub_title = "team.json"
        await pilot.pause()
        assert str(app.screen.query_one(HeaderTitle).visual) == "microintern — team.json"


async def test_an_open_note_editor_keeps_its_text_across_a_reload(team: Team) -> None:
    app = live_app(team)
    async with app.run_test(size=SIZE) as pilot:
        await open_intern(pilot, team.able)
        await pilot.press("c")  # Alice has no check-in yet: a new note
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinEditor))
        editor = app.screen
        await pilot.press(*"Half-way: on track")

        theirs, _ = other_supervisor(team).add_hours(
            team.able, dt.date(2024, 3, 25), 3.0, "", APP_TODAY
        )
        await wait_for(
            pilot,
            lambda: (
                app.dataset is not None
                and any(h.id == theirs.id for h in app.dataset.hours_of(team.able))
            ),
        )
        await pilot.pause()
        assert app.screen is editor
        assert editor.query_one("#editor-note", TextArea).text == "Half-way: on track"

        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(fresh_checkins(team, team.able)) == 1)
    assert fresh_checkins(team, team.able)[0].note == "Half-way: on track"
    assert theirs.id in {h.id for h in hours_of(team, team.able)}


def fresh_checkins(team: Team, intern_id: str) -> list[Checkin]:
    return list(Store(team.path, "reader").load().checkins_of(intern_id))


async def test_a_file_gone_for_a_moment_leaves_the_screen_as_it_was(team: Team) -> None:
    """A sync client replacing the file (delete, then write) must not blank the app."""
    app = live_app(team)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await home_ready(pilot)
        shown = app.dataset
        aside = team.path.with_name("elsewhere.json")
        os.replace(team.path, aside)
        # Polls that find no file leave everything alone; a change after it comes back shows.
        await wait_for(pilot, lambda: not any(w.group == "poll" for w in app.workers))
        await wait_for(pilot, lambda: any(w.group == "poll" for w in app.workers))
        await wait_for(pilot, lambda: not any(w.group == "poll" for w in app.workers))
        assert app.dataset is shown and hours_shown(app, team.able).endswith("12 / 40")
        os.replace(aside, team.path)
        other_supervisor(team).add_hours(team.able, dt.date(2024, 3, 25), 1.0, "", APP_TODAY)
        await wait_for(pilot, lambda: hours_shown(app, team.able).endswith("13 / 40"))
        assert not toasts(app)  # nothing to report: no error, no "copy left alone"


async def test_a_damaged_file_is_reported_once_and_the_last_good_read_kept(team: Team) -> None:
    app = live_app(team)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await home_ready(pilot)
        good = team.path.read_bytes()
        team.path.write_text("{ cut short by a sync client")

        def problems() -> list[str]:
            return notices(app, "Could not check the data file for changes")

        await wait_for(pilot, lambda: bool(problems()))
        for _ in range(3):  # later polls meet the same problem
            await wait_for(pilot, lambda: any(w.group == "poll" for w in app.workers))
            await wait_for(pilot, lambda: not any(w.group == "poll" for w in app.workers))
        assert len(problems()) == 1 and "team.json" in problems()[0]
        assert hours_shown(app, team.able).endswith("12 / 40")

        team.path.write_bytes(good)
        other_supervisor(team).add_hours(team.able, dt.date(2024, 3, 25), 1.0, "", APP_TODAY)
        await wait_for(pilot, lambda: hours_shown(app, team.able).endswith("13 / 40"))
