"""The app never dies of its own background work (issue 12): one line, the app goes on.

Each test gives the app the real store over the team file with one method made to raise
what a read racing a save can raise on a big file: ``RuntimeError: dictionary changed size
during iteration``, an error that is not one of the store's own. The user must see one
notification saying what could not be done and why, keep working, and find the data file
exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from pilot_data import APP_TODAY, USER, Team, notices, on_screen, open_intern, wait_for
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.app.failures import guarded
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.screens.hours_form import HoursForm
from microintern_tui.app.screens.intern import InternScreen
from microintern_tui.app.screens.milestones import MilestonesScreen
from microintern_tui.domain.dataset import Dataset
from microintern_tui.store.store import LastChange, Store

RACE = "dictionary changed size during iteration"
SAID = f"unexpected error: RuntimeError: {RACE}"


class RacingStore(Store):
    """The real store, except that the method named ``failing`` raises RuntimeError.

    Attributes:
        failures: how many times it has raised so far.
    """

    def __init__(self, path: Path, failing: str) -> None:
        super().__init__(path, USER, lock_timeout=5.0)
        self.failing = failing
        self.failures = 0

    def _race(self, method: str) -> None:
        if method == self.failing:
            self.failures += 1
            raise RuntimeError(RACE)

    def load(self) -> Dataset:
        self._race("load")
        return super().load()

    def add_hours(self, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        self._race("add_hours")
        return super().add_hours(*args, **kwargs)

    def poll_changed(self) -> bool:
        self._race("poll_changed")
        return super().poll_changed()

    def last_change(self) -> LastChange | None:
        self._race("last_change")
        return super().last_change()


def racing_app(team: Team, failing: str, **options: object) -> MicroInternApp:
    options.setdefault("poll_interval", None)
    return make_app(RacingStore(team.path, failing), today=APP_TODAY, user=USER, **options)


async def test_a_first_read_that_fails_is_reported_and_the_app_stays_up(
    team: Team, file_hash: Callable[[Path], str]
) -> None:
    before = file_hash(team.path)
    app = racing_app(team, "load")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_for(pilot, lambda: bool(notices(app, "Could not read the data file")))
        assert notices(app, "Could not read the data file") == [SAID]
        summary = app.screen.query_one("#home-summary", Static)
        assert str(summary.visual) == f"Could not read the data file: {SAID}"
        assert isinstance(app.screen, HomeScreen) and app.is_running
        await pilot.press("m")  # the keys still work
        await wait_for(pilot, lambda: isinstance(app.screen, MilestonesScreen))
    assert file_hash(team.path) == before


async def test_a_save_that_fails_writes_nothing_and_keeps_what_was_typed(
    team: Team, file_hash: Callable[[Path], str]
) -> None:
    before = file_hash(team.path)
    app = racing_app(team, "add_hours")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_intern(pilot, team.able)
        await pilot.press("a")
        await wait_for(pilot, lambda: on_screen(app, HoursForm))
        await pilot.press("2", "enter")
        await wait_for(pilot, lambda: bool(notices(app, "Could not add hours")))
        assert notices(app, "Could not add hours") == [SAID]
        # The form opens again with the hours typed, as after a refused save.
        await wait_for(pilot, lambda: on_screen(app, HoursForm))
        assert app.screen.query_one("#hours-hours", Input).value == "2"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.is_running
    assert file_hash(team.path) == before


async def test_a_poll_that_keeps_failing_is_reported_once(
    team: Team, file_hash: Callable[[Path], str]
) -> None:
    before = file_hash(team.path)
    app = racing_app(team, "poll_changed", poll_interval=0.05)
    store = app.store
    assert isinstance(store, RacingStore)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_for(pilot, lambda: store.failures >= 4)
        title = "Could not check the data file for changes"
        assert notices(app, title) == [SAID]
        await open_intern(pilot, team.able)  # the app goes on
        assert isinstance(app.screen, InternScreen)
    assert file_hash(team.path) == before


async def test_reading_the_last_change_for_the_header_fails_in_one_line(
    team: Team, file_hash: Callable[[Path], str]
) -> None:
    before = file_hash(team.path)
    clock = lambda: dt.datetime(2024, 3, 26, 10, 42, tzinfo=dt.UTC)  # noqa: E731
    app = racing_app(team, "last_change", clock=clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        title = "Could not check the data file for changes"
        await wait_for(pilot, lambda: bool(notices(app, title)))
        assert notices(app, title) == [SAID]
        await open_intern(pilot, team.able)
    assert file_hash(team.path) == before


class Faulty(App[None]):
    """A dialog's answer that fails, in an app of its own: the decorator, on its own."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "answer", "Answer")]

    def compose(self) -> ComposeResult:
        yield Static("still here", id="body")

    @guarded("use the answer")
    def action_answer(self) -> None:
        raise ValueError("[b]cohort[/b] \x1b]0;x\x07\nsecond line")


async def test_a_dialog_answer_that_fails_is_one_printable_line() -> None:
    app = Faulty()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("x")
        await wait_for(pilot, lambda: bool(notices(app, "Could not use the answer")))
        (said,) = notices(app, "Could not use the answer")
        # Markup shown as typed, controls as placeholders, and on one line.
        assert said == "unexpected error: ValueError: [b]cohort[/b] ␛]0;x␇ second line"
        assert app.is_running and app.query_one("#body", Static)
