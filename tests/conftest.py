"""Fixtures shared by every test layer: a fixed "today", a temp data file, and file hashing."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from microintern_tui.store.store import Store

# Tests assert no timings (benchmarks/ does): a busy machine must not fail a property test
# on hypothesis's per-example deadline.
settings.register_profile("microintern", deadline=None)
settings.load_profile("microintern")

#: The "today" of the acceptance test: Monday of week 3 (mid-way check-ins) of Spring 2024.
TODAY = dt.date(2024, 3, 18)


@pytest.fixture(autouse=True)
def private_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test (and every command it runs) has its own data, state and config folders.

    The outbox, the machine id and crash reports live there: a test must never read or
    write the real user's, nor another test's.
    """
    home = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))


@pytest.fixture
def today() -> dt.date:
    """A fixed today; no test reads the real clock for programme dates."""
    return TODAY


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's data file lives (not created yet)."""
    return tmp_path / "team.json"


@pytest.fixture
def store(db_path: Path) -> Store:
    """A Store over the test's data file, as user ``tester``."""
    return Store(db_path, "tester", lock_timeout=5.0)


@pytest.fixture
def file_hash() -> Callable[[Path], str]:
    """SHA-256 of a file's bytes, to prove a file was left byte-for-byte unchanged."""

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    return digest
