"""Fixtures for the shared-drive tests: run the real ``microintern`` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

TODAY = "2024-03-18"

#: Runs ``microintern --db PATH --user USER --today TODAY ARGS...``; returns the process.
RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli() -> RunCli:
    """The real entry point in a separate process, with a fixed today and no terminal."""

    def run(db: Path, user: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "TZ": "UTC"}
        env.pop("MICROINTERN_DB", None)
        return subprocess.run(
            [sys.executable, "-m", "microintern_tui.cli", "--db", str(db), "--user", user]
            + ["--today", TODAY, *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    return run
