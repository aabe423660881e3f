"""Run the real ``microintern`` entry point in a subprocess, away from the user's own files."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from microintern_tui.store.store import Store

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli_env(tmp_path: Path, db_path: Path) -> dict[str, str]:
    """An environment whose home and data folders are temp ones, with --db and --user set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROINTERN_")}
    home = tmp_path / "home"
    home.mkdir()
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
        XDG_STATE_HOME=str(tmp_path / "xdg-state"),  # crash reports
        MICROINTERN_DB=str(db_path),
        MICROINTERN_USER="sam",
        PYTHONIOENCODING="utf-8",
    )
    return env


@pytest.fixture
def cli(cli_env: dict[str, str], tmp_path: Path) -> Run:
    """``cli("status", "--json")`` runs ``microintern --today 2024-03-18 status --json``."""

    def run(
        *args: str, today: str | None = "2024-03-18", env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "microintern_tui.cli"]
        if today is not None:
            argv += ["--today", today]
        return subprocess.run(
            [*argv, *args],
            env=env if env is not None else cli_env,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )

    return run


@pytest.fixture
def ann_file(db_path: Path) -> Path:
    """A data file with one intern, Ann Lee (ann@uni.example), and 20 h on 2024-03-11."""
    store = Store(db_path, "sam")
    ann = store.add_intern("Ann Lee", "ann@uni.example", "Bow Food Bank", "Spring 2024")
    store.add_hours(ann.id, dt.date(2024, 3, 11), 20, "", dt.date(2024, 3, 18))
    return db_path
