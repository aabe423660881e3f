"""The app over a copy of the reports' fixed data set (tests/reports/fixture_data.py).

Shared by the report, export and cohorts Pilot tests; the ``reports_db`` fixture in
conftest.py gives each test its own copy of the file, built once per session.
"""

from __future__ import annotations

from pathlib import Path

from reports.fixture_data import TODAY, USER

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.store.store import Store


def app_over(db: Path) -> MicroInternApp:
    """An app over ``db`` as the fixture's user on its fixed today."""
    return make_app(Store(db, USER, lock_timeout=5.0), today=TODAY, user=USER)
