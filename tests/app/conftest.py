"""Fixtures for the Pilot tests: the team data file and an app over it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_data import APP_TODAY, USER, Team, build_team
from reports.fixture_data import build as build_reports_data

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


@pytest.fixture(scope="session")
def reports_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reports' fixed data set, built once for the session (never changed)."""
    path = tmp_path_factory.mktemp("reports-data") / "team.json"
    build_reports_data(path)
    return path


@pytest.fixture
def reports_db(reports_file: Path, tmp_path: Path) -> Path:
    """A copy of the reports' fixed data set, in its own folder, that a test may change."""
    path = tmp_path / "team.json"
    shutil.copyfile(reports_file, path)
    return path
