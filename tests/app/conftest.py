"""Fixtures for the Pilot tests: the team data file and an app over it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_data import APP_TODAY, USER, Team, build_team

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.store.store import Store


@pytest.fixture
def team(tmp_path: Path) -> Team:
    """A data file with four interns, three of them supervised by the app's user."""
    return build_team(tmp_path / "team.json")


@pytest.fixture
def app_for(team: Team) -> Callable[..., MicroInternApp]:
    """Make an app over the team file, as ``USER`` on ``APP_TODAY``."""

    def make(*, lock_timeout: float = 5.0) -> MicroInternApp:
        return make_app(
            Store(team.path, USER, lock_timeout=lock_timeout), today=APP_TODAY, user=USER
        )

    return make
