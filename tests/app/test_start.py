"""Starting the app: the home screen paints in a loading state, then the file is read.

A data file the app cannot use at all (not JSON, not ours, a newer schema, empty) stops
it at start with status 2 and the store's message, and is never written.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest
from pilot_data import APP_TODAY, USER, Team, wait_for
from textual.widgets import Input, Static

from microintern_tui.app.app import make_app
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.widgets.intern_table import InternTable
from microintern_tui.domain.dataset import Dataset
from microintern_tui.store.errors import DataFileError
from microintern_tui.store.store import Store


class GatedStore(Store):
    """The real store, whose loads wait until the test opens the gate (a slow, big file)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, USER, lock_timeout=5.0)
        self.gate = threading.Event()
        self.asked = threading.Event()

    def load(self) -> Dataset:
        self.asked.set()
        assert self.gate.wait(timeout=10), "the test never opened the gate"
        return super().load()


async def test_home_shows_a_loading_state_until_the_file_is_read(team: Team) -> None:
    store = GatedStore(team.path)
    app = make_app(store, today=APP_TODAY, user=USER, poll_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        try:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
            # The load has started (after the first frame) and is not finished.
            await wait_for(pilot, store.asked.is_set)
            table = app.screen.query_one("#intern-table", InternTable)
            assert app.dataset is None
            assert table.loading
            assert table.row_count == 0
            assert app.screen.query_one("#home-filter", Input).placeholder.endswith("employer")
        finally:
            store.gate.set()
        await wait_for(pilot, lambda: app.dataset is not None and table.row_count == 3)
        assert not table.loading
        assert "3 interns" in str(app.screen.query_one("#home-summary", Static).visual)


DAMAGED = {
    "not-json": b'{"meta": {"1": {"app": "microint',
    "zero-bytes": b"",
    "not-ours": b'{"_default": {}}',
    "newer": b'{"meta": {"1": {"app": "microintern", "schema": 99}}}',
}


@pytest.mark.parametrize("kind", DAMAGED)
async def test_a_damaged_file_stops_the_app_with_status_2_and_is_not_written(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "team.json"
    path.write_bytes(DAMAGED[kind])
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    app = make_app(Store(path, USER, lock_timeout=5.0), today=APP_TODAY, user=USER)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 2
    assert isinstance(app.start_error, DataFileError)
    assert str(path) in str(app.start_error)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.json"]
