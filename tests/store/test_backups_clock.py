"""Backups that never lie (issue 10 §5): a wrong clock, a stray name, and restore's answer.

The clocks are real: the command runs under libfaketime (``faketime '+400 days' ...``),
as on a machine whose clock is a year out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import pytest
from faults.programs import faketime
from team_files import cli

from microintern_tui.store.backups import BACKUP_DIR, KEEP, list_backups
from microintern_tui.store.store import Store

DAYS = [dt.date(2024, 3, 4) + dt.timedelta(days=n) for n in range(30)]


def _ok(result):
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr, result.stderr  # notes (the outbox's) may follow
    return result.stdout


def _hours(db: Path, day: dt.date, prefix: list[str] | tuple[str, ...] = ()) -> str:
    return _ok(cli(db, "hours", "add", "ann@uni.example", "--date", day.isoformat(),
                   "--hours", "0.5", prefix=prefix))  # fmt: skip


def _listed(db: Path) -> list[list[str]]:
    """``restore --list`` as rows of cells, without the header."""
    return [line.split() for line in _ok(cli(db, "restore", "--list")).splitlines()[1:]]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def ann_db(db_path: Path) -> Path:
    Store(db_path, "sam").add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    return db_path


@pytest.mark.parametrize("offset", ["+400 days", "-400 days"])
def test_a_backup_made_with_the_right_clock_after_a_wrong_one_is_kept_and_newest(ann_db, offset):
    wrong = faketime(offset)
    for day in DAYS[: KEEP + 2]:  # more than are kept, all stamped a year out
        _hours(ann_db, day, prefix=wrong)
    replaced = _sha(ann_db)

    _hours(ann_db, DAYS[KEEP + 2])  # the clock put right

    listed = _listed(ann_db)
    assert len(listed) == KEEP
    newest = ann_db.with_name(BACKUP_DIR) / listed[0][1]
    assert _sha(newest) == replaced  # number 1 is the version just replaced
    assert listed[0][2] == dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    # and it is what `restore 1` puts back
    _ok(cli(ann_db, "restore", "1"))
    assert _sha(ann_db) == replaced


@pytest.mark.parametrize("earlier_clock", ["right", "+400 days"])
def test_restore_names_the_backup_that_now_holds_the_version_it_replaced(ann_db, earlier_clock):
    prefix = [] if earlier_clock == "right" else faketime(earlier_clock)
    for day in DAYS[: KEEP + 3]:
        _hours(ann_db, day, prefix=prefix)
    before = _sha(ann_db)
    third = _listed(ann_db)[2][1]

    said = _ok(cli(ann_db, "restore", "3"))

    assert said.startswith(f"restored team.json from {third}; the version it replaced is kept as ")
    kept = said.strip().rsplit(" ", 1)[1]
    assert _sha(ann_db.with_name(BACKUP_DIR) / kept) == before
    listed = _listed(ann_db)
    assert listed[0][1] == kept and len(listed) == KEEP
    _ok(cli(ann_db, "restore", kept))  # and putting it back gives the file as it was
    assert _sha(ann_db) == before


def _strays(folder: Path) -> list[str]:
    (folder / "team.20241399T000000.000000Z.x.json").write_text("{}")  # month 13
    (folder / "team.000001.20240101T250000.000000Z.sam.json").write_text("{}")  # 25 o'clock
    (folder / "team.000099.20240101T000000.000000Z.sam.json").mkdir()  # a folder
    (folder / "team.000098.20240101T000000.000000Z.sam.json").symlink_to("/etc/hostname")
    (folder / "notes.txt").write_text("not ours")
    (folder / "team.json").write_text("a copy someone put here")
    (folder / ".team.000097.20240101T000000.000000Z.sam.json").write_text("hidden")
    return sorted(os.listdir(folder))


def test_stray_names_in_the_backups_folder_stop_neither_saves_nor_the_list(ann_db):
    for day in DAYS[:3]:
        _hours(ann_db, day)
    folder = ann_db.with_name(BACKUP_DIR)
    strays = set(_strays(folder)) - {b.name for b in list_backups(ann_db)}

    for day in DAYS[3 : KEEP + 5]:
        _hours(ann_db, day)

    listed = _listed(ann_db)
    assert len(listed) == KEEP
    assert [row[0] for row in listed] == [str(n) for n in range(1, KEEP + 1)]
    assert strays <= set(os.listdir(folder))  # never removed: not ours
    _ok(cli(ann_db, "restore", "2"))
    _ok(cli(ann_db, "check"))


def test_a_backup_numbered_at_the_top_of_the_range_does_not_hide_the_next_ones(ann_db):
    _hours(ann_db, DAYS[0])
    (first,) = list_backups(ann_db)
    parts = first.name.split(".")
    parts[1] = "9" * 12  # the highest number a backup name may carry
    top = first.path.with_name(".".join(parts))
    first.path.rename(top)

    for day in DAYS[1:4]:
        _hours(ann_db, day)

    listed = _listed(ann_db)
    assert len(listed) == 4, listed
    assert listed[-1][1] == top.name
    replaced = _sha(ann_db)
    _hours(ann_db, DAYS[5])
    assert _sha(ann_db.with_name(BACKUP_DIR) / _listed(ann_db)[0][1]) == replaced
