"""The lock dialog: a save that waited too long for the lock names the holder and keeps the change.

The holder is a real process (a subprocess holding the lock), or a record left by another
machine, as a sync client would carry it over.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_data import (
    APP_TODAY,
    USER,
    Team,
    hours_of,
    notices,
    on_screen,
    open_intern,
    toasts,
    wait_for,
)
from textual import events
from textual.pilot import Pilot
from textual.widgets import Button, Static

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.app.screens.confirm import ConfirmScreen
from microintern_tui.app.screens.hours_form import HoursForm
from microintern_tui.app.screens.lock_dialog import LockDialog
from microintern_tui.store import lock
from microintern_tui.store.store import Store

SIZE = (80, 24)
#: The app's wall clock: 10:42 on its today, UTC.
NOW = dt.datetime(2024, 3, 26, 10, 42, tzinfo=dt.UTC)

HOLD_LOCK = """
import sys
from pathlib import Path
from microintern_tui.store import lock
with lock.hold(Path(sys.argv[1]), "bob", 5):
    print("held", flush=True)
    sys.stdin.read()
"""


def app_with_clock(team: Team) -> MicroInternApp:
    return make_app(
        Store(team.path, USER, lock_timeout=0.3),
        today=APP_TODAY,
        user=USER,
        clock=lambda: NOW,
        poll_interval=None,
    )


def another_machines_lock(team: Team, since: str) -> None:
    """The owner record a writer on another machine left, synced over beside the file."""
    record = {"user": "carol", "host": "carols-laptop", "pid": 4242, "since": since}
    lock.owner_path(team.path).write_text(json.dumps(record))


async def add_hours(pilot: Pilot[int], team: Team, hours: str) -> None:
    await open_intern(pilot, team.able)
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HoursForm))
    await pilot.press(*hours, "enter")


def dialog_ready(app: MicroInternApp) -> bool:
    """The lock dialog is up with all its buttons (so a missing one is really missing)."""
    return on_screen(app, LockDialog) and bool(app.screen.query("#lock-cancel"))


def dialog_text(app: MicroInternApp) -> str:
    return str(app.screen.query_one("#lock-holder", Static).visual)


async def test_a_lock_held_by_a_running_process_is_named_and_the_change_retried(
    team: Team,
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(team.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        app = app_with_clock(team)
        async with app.run_test(size=SIZE) as pilot:
            await add_hours(pilot, team, "2.5")
            await wait_for(pilot, lambda: dialog_ready(app))
            text = dialog_text(app)
            assert text.startswith(f"team.json is locked by bob@{socket.gethostname()} (pid ")
            assert f"(pid {holder.pid}) since" in text
            # A live process on this machine: no breaking it, only retrying.
            assert not app.screen.query("#lock-unlock")
            first = app.screen

            await pilot.press("r")  # still held: asked again
            await wait_for(pilot, lambda: dialog_ready(app) and app.screen is not first)
            assert len(hours_of(team, team.able)) == 3

            assert holder.stdin is not None
            holder.stdin.close()
            holder.wait(timeout=10)
            await pilot.press("r")
            await wait_for(pilot, lambda: len(hours_of(team, team.able)) == 4)
            await wait_for(pilot, lambda: not isinstance(app.screen, LockDialog))
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(timeout=10)
    assert 2.5 in [h.hours for h in hours_of(team, team.able)]


async def test_another_machines_old_lock_can_be_broken_after_a_confirmation(team: Team) -> None:
    another_machines_lock(team, "2024-03-26T09:00:00+00:00")
    app = app_with_clock(team)
    async with app.run_test(size=SIZE) as pilot:
        await add_hours(pilot, team, "1.5")
        await wait_for(pilot, lambda: dialog_ready(app))
        assert dialog_text(app) == (
            "team.json is locked by carol@carols-laptop (pid 4242) since 09:00."
        )
        assert app.screen.query_one("#lock-unlock", Button)

        await pilot.press("u")
        await wait_for(pilot, lambda: on_screen(app, ConfirmScreen))
        await pilot.press("n")  # thought better of it: back to the dialog, lock untouched
        await wait_for(pilot, lambda: dialog_ready(app))
        assert lock.read_holder(team.path) is not None

        await pilot.press("u")
        await wait_for(pilot, lambda: on_screen(app, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: len(hours_of(team, team.able)) == 4)
    assert lock.read_holder(team.path) is None


async def test_a_recent_lock_from_another_machine_cannot_be_broken_from_the_dialog(
    team: Team,
) -> None:
    # Taken a minute before the app's clock, and in the future of the real clock: too recent.
    another_machines_lock(team, "2099-01-01T00:00:00+00:00")
    app = make_app(
        Store(team.path, USER, lock_timeout=0.3),
        today=APP_TODAY,
        user=USER,
        clock=lambda: dt.datetime(2099, 1, 1, 0, 1, tzinfo=dt.UTC),
        poll_interval=None,
    )
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await add_hours(pilot, team, "1")
        await wait_for(pilot, lambda: dialog_ready(app))
        assert not app.screen.query("#lock-unlock")
        await pilot.press("u")  # not offered, so the key does nothing
        await pilot.pause()
        assert isinstance(app.screen, LockDialog)
        await pilot.press("escape")
        await wait_for(pilot, lambda: any("Not saved" in toast for toast in toasts(app)))
    assert len(hours_of(team, team.able)) == 3
    assert lock.read_holder(team.path) is not None


async def test_a_key_read_before_the_dialog_was_drawn_does_not_choose(team: Team) -> None:
    """The dialog pops up while the user may be typing: only keys pressed at it choose."""
    another_machines_lock(team, "2024-03-26T09:00:00+00:00")
    app = app_with_clock(team)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # Read from the terminal before the dialog exists, delivered once it is pushed.
        early = events.Key("escape", None)
        await add_hours(pilot, team, "1")
        await wait_for(pilot, lambda: isinstance(app.screen, LockDialog))
        app.post_message(early)
        await wait_for(pilot, lambda: dialog_ready(app))
        await pilot.pause()
        assert isinstance(app.screen, LockDialog)
        assert not any("Not saved" in toast for toast in toasts(app))
        await pilot.press("escape")
        await wait_for(
            pilot, lambda: any("Not saved: add hours was cancelled." in t for t in toasts(app))
        )
    assert len(hours_of(team, team.able)) == 3


async def test_breaking_the_lock_failing_unexpectedly_is_one_line_and_writes_nothing(
    team: Team, file_hash: Callable[[Path], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    another_machines_lock(team, "2024-03-26T09:00:00+00:00")
    before = file_hash(team.path)

    def racing(data_path: Path, *, timeout: float = 1.0) -> None:
        raise RuntimeError("dictionary changed size during iteration")

    # A fault in the store layer the app is given, not in the app's handling under test.
    monkeypatch.setattr(lock, "break_lock", racing)
    app = app_with_clock(team)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await add_hours(pilot, team, "1.5")
        await wait_for(pilot, lambda: dialog_ready(app))
        await pilot.press("u")
        await wait_for(pilot, lambda: on_screen(app, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: bool(notices(app, "Could not break the lock")))
        assert notices(app, "Could not break the lock") == [
            "unexpected error: RuntimeError: dictionary changed size during iteration"
        ]
        await pilot.press("a")  # the app goes on: the intern screen takes keys
        await wait_for(pilot, lambda: on_screen(app, HoursForm))
    assert file_hash(team.path) == before
    assert lock.read_holder(team.path) is not None


def test_the_record_left_by_the_dialog_tests_is_the_lock_modules_format(tmp_path: Path) -> None:
    """The fake record above is what lock.read_holder reads (or those tests prove nothing)."""
    team = Team(tmp_path / "team.json", "", "", "", "")
    another_machines_lock(team, "2024-03-26T09:00:00+00:00")
    assert lock.read_holder(team.path) == lock.Holder(
        "carol", "carols-laptop", 4242, "2024-03-26T09:00:00+00:00"
    )
