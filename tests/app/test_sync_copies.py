"""Conflicted copies dropped beside the file while the app runs: merged, and the user told."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from pilot_data import APP_TODAY, USER, Team, hours_of, notices, wait_for
from textual.pilot import Pilot

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.store.store import Store

SIZE = (80, 24)
COPY_NAME = "team (Bob's conflicted copy 2024-03-26).json"


def live_app(team: Team) -> MicroInternApp:
    """An app over the team file that polls every 0.1 s."""
    return make_app(
        Store(team.path, USER, lock_timeout=5.0), today=APP_TODAY, user=USER, poll_interval=0.1
    )


def laptop_copy(team: Team, tmp_path: Path) -> Store:
    """The team file as it was synced to Bob's laptop (a copy in a folder of its own)."""
    laptop = tmp_path / "laptop"
    laptop.mkdir()
    shutil.copy(team.path, laptop / "team.json")
    return Store(laptop / "team.json", "Bob Other", lock_timeout=5.0)


def notes(app: MicroInternApp, title: str) -> list[str]:
    """The messages of the notifications on screen with ``title``."""
    return notices(app, title)


async def started(pilot: Pilot[int]) -> MicroInternApp:
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    return app


async def test_a_copy_dropped_while_the_app_runs_is_merged_and_announced(
    team: Team, tmp_path: Path
) -> None:
    bob = laptop_copy(team, tmp_path)
    entry, _ = bob.add_hours(team.able, dt.date(2024, 3, 25), 2.0, "on the laptop", APP_TODAY)
    app = live_app(team)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await started(pilot)
        # The sync client writes Bob's version beside the file, as Dropbox does.
        os.replace(bob.path, tmp_path / COPY_NAME)
        await wait_for(pilot, lambda: bool(notes(app, "Conflicted copy merged")))
        assert notes(app, "Conflicted copy merged") == [f"merged 1 change from {COPY_NAME}"]
        await wait_for(
            pilot,
            lambda: (
                app.dataset is not None
                and any(h.id == entry.id for h in app.dataset.hours_of(team.able))
            ),
        )
    assert not (tmp_path / COPY_NAME).exists()
    assert [p.name for p in (tmp_path / ".microintern-merged").iterdir()][0].startswith("team (")
    assert entry.id in {h.id for h in hours_of(team, team.able)}


async def test_a_copy_found_at_start_is_merged(team: Team, tmp_path: Path) -> None:
    bob = laptop_copy(team, tmp_path)
    bob.add_hours(team.brown, dt.date(2024, 3, 25), 1.5, "", APP_TODAY)
    bob.add_hours(team.brown, dt.date(2024, 3, 26), 1.5, "", APP_TODAY)
    os.replace(bob.path, tmp_path / COPY_NAME)
    app = live_app(team)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await started(pilot)
        await wait_for(pilot, lambda: bool(notes(app, "Conflicted copy merged")))
        assert notes(app, "Conflicted copy merged") == [f"merged 2 changes from {COPY_NAME}"]
    assert len(hours_of(team, team.brown)) == 8


async def test_a_note_edited_on_both_sides_keeps_both_texts_and_says_so(
    team: Team, tmp_path: Path
) -> None:
    bob = laptop_copy(team, tmp_path)
    (checkin,) = Store(team.path, USER).load().checkins_of(team.brown)
    bob.update_checkin(checkin.id, "Bob: going well, wants more data work.", None, APP_TODAY)
    app = live_app(team)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await started(pilot)
        Store(team.path, USER).update_checkin(
            checkin.id, "Ann: going well; asked about hours.", None, APP_TODAY
        )
        os.replace(bob.path, tmp_path / COPY_NAME)
        await wait_for(pilot, lambda: bool(notes(app, "Conflicted copy merged")))
        (message,) = notes(app, "Conflicted copy merged (a note was edited on both sides")
        assert message.startswith(f"merged 1 change from {COPY_NAME}\n")
        assert "kept both texts of the check-in note for Ben Brown" in message
    (merged,) = Store(team.path, "reader").load().checkins_of(team.brown)
    texts = {merged.note} | {r.note for r in merged.revisions}
    assert {"Bob: going well, wants more data work.", "Ann: going well; asked about hours."} <= (
        texts
    )


async def test_a_copy_that_cannot_be_merged_is_reported_once_and_left_alone(
    team: Team, tmp_path: Path
) -> None:
    broken = tmp_path / "team (1).json"
    broken.write_text("{ half a file")
    app = live_app(team)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await started(pilot)
        await wait_for(pilot, lambda: bool(notes(app, "Conflicted copy left alone")))
        # Later polls see it again; a mergeable copy arriving proves they ran.
        bob = laptop_copy(team, tmp_path)
        bob.add_hours(team.able, dt.date(2024, 3, 25), 1.0, "", APP_TODAY)
        os.replace(bob.path, tmp_path / COPY_NAME)
        await wait_for(pilot, lambda: bool(notes(app, "Conflicted copy merged")))
        (problem,) = notes(app, "Conflicted copy left alone")
        assert "team (1).json" in problem
    assert broken.read_text() == "{ half a file"
