"""The Pilot tests' data file (Spring/Summer 2024 interns) and waiting on a condition."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.keys import key_to_character
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from microintern_tui.app.app import MicroInternApp
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.screens.intern import InternScreen
from microintern_tui.app.type_ahead import GatedScreen
from microintern_tui.domain.models import HoursEntry
from microintern_tui.store.store import Store

#: Tuesday of week 4 of Spring 2024: the mid-way check-in week is over, so missing ones are
#: overdue, and the pace is 40 × 22/35 ≈ 25.1 hours.
APP_TODAY = dt.date(2024, 3, 26)
USER = "Ann Supervisor"
#: A name and a note that would be markup or terminal control if shown as anything but text.
MARKUP_NAME = "[b]Ann[/b] [@click=app.quit]x"
OSC_NOTE = "before \x1b]0;PWNED\x07 after"


@dataclass(frozen=True)
class Team:
    """The ids of the interns in the test data file (all Spring 2024 but Cara)."""

    path: Path
    able: str  # mine, 12 h, no check-in: behind and overdue
    brown: str  # mine, 24 h, check-in recorded: on track
    cole: str  # Tom's, Summer 2024: not started
    markup: str  # mine, the markup name, 39 h with the OSC note


def build_team(path: Path) -> Team:
    """Write the test data file through the store API, as another supervisor would."""
    store = Store(path, USER, lock_timeout=5.0)
    able = store.add_intern(
        "Alice Able", "alice@uni.example", "Bow Street Food Bank", "Spring 2024", USER
    )
    brown = store.add_intern(
        "Ben Brown", "ben@uni.example", "Lantern Analytics", "Spring 2024", USER.lower()
    )
    cole = store.add_intern(
        "Cara Cole", "cara@uni.example", "Quire Books", "Summer 2024", "Tom Okafor"
    )
    markup = store.add_intern(MARKUP_NAME, "mark@uni.example", "Docklands", "Spring 2024", USER)
    for day, hours in ((4, 4.0), (6, 4.0), (12, 4.0)):
        store.add_hours(able.id, dt.date(2024, 3, day), hours, "Research", APP_TODAY)
    for day in (4, 5, 11, 12, 18, 19):
        store.add_hours(brown.id, dt.date(2024, 3, day), 4.0, "Newsletter", APP_TODAY)
    store.add_checkin(brown.id, dt.date(2024, 3, 19), "Going well.", APP_TODAY)
    for day in range(4, 9):
        store.add_hours(markup.id, dt.date(2024, 3, day), 7.0, "", APP_TODAY)
    store.add_hours(markup.id, dt.date(2024, 3, 11), 4.0, OSC_NOTE, APP_TODAY)
    return Team(path, able.id, brown.id, cole.id, markup.id)


async def wait_for(pilot: Pilot[int], condition: Callable[[], bool], deadline: float = 5.0) -> None:
    """Let the app run until ``condition`` holds, failing after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "condition not met before the deadline"
        await pilot.pause(0.01)


def on_screen(app: App[int], dialog: type[GatedScreen[Any]]) -> bool:
    """Whether a ``dialog`` is on top and drawn, so a key pressed now is typed at it.

    (A question ignores keys read before it is drawn: see app/type_ahead.py.)
    """
    screen = app.screen
    return isinstance(screen, dialog) and screen.shown


#: Textual's names of the punctuation keys the tests type (letters and digits are their names).
KEY_NAMES = {"-": "minus", "/": "slash", ".": "full_stop", " ": "space", ",": "comma"}


def burst(app: App[int], *keys: str) -> None:
    """Send ``keys`` to the app at once, as a paste or a slow link delivers them.

    Unlike ``pilot.press``, which lets the app settle after each key, nothing runs between
    them: every key is read before the first is handled. A key is one character ("7", "-")
    or Textual's name of a key without one ("backspace", "enter", "ctrl+s").
    """
    for key in keys:
        if len(key) == 1:
            name, character = KEY_NAMES.get(key, key), key
        else:
            name, character = key, key_to_character(key)
        event = events.Key(name, character)
        event.set_sender(app)
        app.post_message(event)


def toasts(app: App[Any]) -> list[str]:
    """The text of every notification on screen, title and message, as the user reads it.

    ``run_test`` leaves notifications off unless asked: ``app.run_test(notifications=True)``.
    """
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def notices(app: App[Any], title: str) -> list[str]:
    """The messages of the notifications on screen whose title starts with ``title``."""
    found = []
    for text in toasts(app):
        heading, _, message = text.partition("\n")
        if heading.startswith(title):
            found.append(message)
    return found


def fresh(team: Team) -> Store:
    """The data file as another process would read it now."""
    return Store(team.path, "reader")


def hours_of(team: Team, intern_id: str) -> list[HoursEntry]:
    return list(fresh(team).load().hours_of(intern_id))


async def open_intern(pilot: Pilot[int], intern_id: str) -> InternScreen:
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    screen = InternScreen(intern_id)
    await app.push_screen(screen)
    await wait_for(pilot, lambda: screen.progress is not None)
    await pilot.pause()
    return screen


def log_rows(screen: InternScreen) -> list[list[str]]:
    table = screen.query_one("#hours-table", DataTable)
    return [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]


def text_of(screen: InternScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).visual)
