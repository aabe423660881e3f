"""Fixtures of the report and export tests: the fixed data set and golden-file comparison.

Golden files live in tests/reports/golden/. After a deliberate change to an export, rewrite
them with ``MICROINTERN_UPDATE_GOLDEN=1 pytest tests/reports`` and review the diff.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from microintern_tui.domain.dataset import Dataset
from microintern_tui.store.store import Store

from . import hostile_data
from .fixture_data import USER, build

GOLDEN = Path(__file__).parent / "golden"
UPDATE_ENV = "MICROINTERN_UPDATE_GOLDEN"


@pytest.fixture(scope="session")
def reports_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixed data set, built once; tests only read it (copy it to change it)."""
    path = tmp_path_factory.mktemp("reports") / "team.json"
    build(path)
    return path


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile data set (hostile_data.py), built once; tests only read it."""
    path = tmp_path_factory.mktemp("hostile") / "team.json"
    hostile_data.build(path)
    return path


@pytest.fixture
def dataset(reports_db: Path) -> Dataset:
    """The fixed data set as the store loads it."""
    return Store(reports_db, USER).load()


def check_golden(name: str, payload: bytes) -> None:
    """Assert ``payload`` is byte-for-byte the golden file ``name`` (or rewrite it)."""
    path = GOLDEN / name
    if os.environ.get(UPDATE_ENV):
        path.write_bytes(payload)
    assert path.exists(), f"no golden file {path}; run with {UPDATE_ENV}=1 to create it"
    expected = path.read_bytes()
    if payload != expected:
        # Compare as text first for a readable diff, then insist on the bytes.
        assert payload.decode("utf-8", "replace") == expected.decode("utf-8", "replace")
        assert payload == expected


@pytest.fixture
def golden() -> Callable[[str, bytes], None]:
    """The golden-file check, as a fixture."""
    return check_golden
