"""The help screen lists the keys that really work on the screen underneath."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.app.screens.help import HelpScreen, keys_of
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.screens.milestones import MilestonesScreen
from microintern_tui.store.store import Store


async def wait_for(pilot: Pilot[int], condition: Callable[[], bool], deadline: float = 5.0) -> None:
    """Let the app run until ``condition`` holds, failing after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "condition not met before the deadline"
        await pilot.pause(0.01)


def help_rows(app: MicroInternApp) -> set[tuple[str, str, str]]:
    table = app.screen.query_one("#help-table", DataTable)
    return {
        tuple(cell.plain for cell in table.get_row_at(n))  # type: ignore[misc]
        for n in range(table.row_count)
    }


async def started(pilot: Pilot[int]) -> MicroInternApp:
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    return app


async def test_question_mark_lists_home_and_app_keys_and_escape_closes(
    store: Store, today: dt.date
) -> None:
    store.create()
    app = make_app(store, today=today, user="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = help_rows(app)
        assert ("m", "Milestones", "everywhere") in rows
        assert ("q", "Quit", "everywhere") in rows
        assert ("?", "Help", "everywhere") in rows
        assert ("f1", "Help", "everywhere") in rows
        assert ("a", "Mine/All", "this screen") in rows
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_f1_on_milestones_lists_its_own_keys(store: Store, today: dt.date) -> None:
    store.create()
    app = make_app(store, today=today, user="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MilestonesScreen))
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = help_rows(app)
        assert ("esc", "Back", "this screen") in rows
        # the home screen's keys do not work here, so they are not listed
        assert not any(does == "Mine/All" for _, does, _ in rows)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MilestonesScreen))


class _ProbeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+k", "app.bell", "Hidden ring", show=False, id="probe.hidden")
    ]


class _Probe(App[None]):
    """A bare app with a key of its own and a screen with a key hidden from the footer."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("z", "bell", "Ring", id="probe.ring")]

    def on_mount(self) -> None:
        self.push_screen(_ProbeScreen())


async def test_keys_come_from_the_live_bindings_not_a_list() -> None:
    app = _Probe()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = {(k.key, k.does, k.where) for k in keys_of(app.screen)}
        assert ("z", "Ring", "everywhere") in keys
        assert ("^k", "Hidden ring", "this screen") in keys  # not in the footer, still listed
