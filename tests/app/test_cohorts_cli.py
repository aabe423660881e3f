"""Archiving a cohort and adding one without overwriting: the store calls and ``cohort archive``.

(Beside the cohort screen's tests because the screen is what uses them most.)
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from microintern_tui.domain.errors import NotFoundError, ValidationError
from microintern_tui.domain.programme import new_cohort
from microintern_tui.store.store import Store


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROINTERN_")}
    return subprocess.run(
        [sys.executable, "-m", "microintern_tui.cli", "--db", str(db), "--user", "sam", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_archive_keeps_dates_someone_else_saved(store: Store) -> None:
    spring = store.load().find_cohort("Spring 2024")
    # Another supervisor moves a date after this one read the cohort...
    other = Store(store.path, "kim")
    moved = tuple(
        m if m.key != "hear_deadline" else type(m)(m.key, m.name, dt.date(2024, 8, 12), m.kind)
        for m in spring.milestones
    )
    other.save_cohort(type(spring)(spring.id, spring.name, spring.start, moved))
    # ...and archiving changes the flag only.
    archived = store.set_cohort_archived(spring.id, True)
    assert archived.archived
    hear = archived.milestone("hear_deadline")
    assert hear is not None and hear.date == dt.date(2024, 8, 12)
    assert not store.set_cohort_archived(spring.id, False).archived
    with pytest.raises(NotFoundError):
        store.set_cohort_archived("no-such-id", True)


def test_a_new_cohort_never_overwrites_one_of_the_same_name(
    store: Store, db_path: Path, file_hash: Callable[[Path], str]
) -> None:
    store.save_cohort(new_cohort("Spring 2027", dt.date(2027, 3, 1)), new=True)
    before = file_hash(db_path)
    for name, start in [
        ("spring  2027", dt.date(2027, 3, 8)),
        ("Spring 2024", dt.date(2027, 3, 1)),
    ]:
        with pytest.raises(ValidationError, match="already exists"):
            store.save_cohort(new_cohort(name, start), new=True)
    assert file_hash(db_path) == before
    # Renamed, the first cohort keeps its id: that id cannot be taken by a new cohort either.
    first = store.load().find_cohort("Spring 2027")
    store.save_cohort(type(first)(first.id, "Spring 2027 A", first.start, first.milestones))
    with pytest.raises(ValidationError, match="first name of the cohort now called"):
        store.save_cohort(new_cohort("Spring 2027", dt.date(2027, 3, 8)), new=True)


def test_cohort_archive_and_undo_from_the_command_line(db_path: Path) -> None:
    result = run(db_path, "cohort", "archive", "summer 2024")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "archived cohort Summer 2024: hidden from the home screen, still in reports\n"
    )
    assert Store(db_path, "reader").load().find_cohort("Summer 2024").archived
    result = run(db_path, "cohort", "archive", "Summer 2024", "--undo")
    assert result.stdout == "cohort Summer 2024 is no longer archived\n"
    assert not Store(db_path, "reader").load().find_cohort("Summer 2024").archived


def test_cohort_archive_of_an_unknown_cohort_is_one_line_and_status_2(
    db_path: Path, file_hash: Callable[[Path], str]
) -> None:
    Store(db_path, "sam").create()
    before = file_hash(db_path)
    result = run(db_path, "cohort", "archive", "Winter 1999")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "cohort 'Winter 1999' not found" in result.stderr
    assert file_hash(db_path) == before
