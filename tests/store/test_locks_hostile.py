"""Locks that cannot wedge a team (issue 10 §6): owner records from wrong clocks, hostile
owner files, and the copy a save leaves when its file was swapped under it.

The owner record comes through the sync client from any machine, so anything may be in it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from team_files import cli, one_line_error

from microintern_tui.store import lock
from microintern_tui.store.conflicts import MERGED_DIR
from microintern_tui.store.errors import LockTimeoutError
from microintern_tui.store.lock import HolderState, read_holder
from microintern_tui.store.schema import INTERNS
from microintern_tui.store.store import Store

A_YEAR = dt.timedelta(days=365)


def _owner(db: Path, *, since: dt.datetime, host: str = "kims-laptop", pid: object = 4242):
    record = {"user": "kim", "host": host, "pid": pid, "since": since.isoformat()}
    lock.owner_path(db).write_text(json.dumps(record), encoding="utf-8")


@pytest.fixture
def ann_db(db_path: Path) -> Path:
    Store(db_path, "sam").add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    return db_path


def _hours_added(db: Path) -> subprocess.CompletedProcess[str]:
    return cli(db, "hours", "add", "ann@uni.example", "--date", "2024-03-12", "--hours", "2")


def test_a_record_dated_a_year_ahead_is_named_as_such_and_may_be_broken(ann_db, file_hash):
    _owner(ann_db, since=dt.datetime.now(dt.UTC) + A_YEAR)
    holder = read_holder(ann_db)
    assert holder is not None
    assert holder.state(dt.datetime.now(dt.UTC)) is HolderState.REMOTE_OLD  # unknown age
    before = file_hash(ann_db)

    with pytest.raises(LockTimeoutError) as info:
        Store(ann_db, "sam", lock_timeout=0.3).set_training(
            Store(ann_db, "x").load().interns[0].id, "pre", True
        )

    message = str(info.value)
    assert "team.json is locked by kim@kims-laptop (pid 4242) since " in message
    assert "(in the future: that machine's clock is wrong)" in message
    assert "run `microintern unlock` to break the lock" in message
    assert file_hash(ann_db) == before

    broken = cli(ann_db, "unlock", "--yes")
    assert broken.returncode == 0, broken.stderr
    assert broken.stdout.startswith("removed the lock of kim@kims-laptop (pid 4242) since ")
    added = _hours_added(ann_db)
    assert added.returncode == 0, added.stderr


@pytest.mark.slow
def test_the_command_waits_for_a_record_dated_a_year_ahead_then_says_so(ann_db):
    """The real command: it waits out its lock timeout (10 s), then one line, exit 1."""
    _owner(ann_db, since=dt.datetime.now(dt.UTC) + A_YEAR)
    line = one_line_error(_hours_added(ann_db), 1)
    assert "locked by kim@kims-laptop" in line
    assert "(in the future: that machine's clock is wrong)" in line
    assert "microintern unlock" in line


def _nested_lists(path: Path, depth: int) -> None:
    path.write_text("[" * depth + "]" * depth, encoding="utf-8")


HOSTILE = {
    "100,000 nested lists": lambda p: _nested_lists(p, 100_000),
    "pid 10**30": lambda p: p.write_text(json.dumps(
        {"user": "kim", "host": "kims-laptop", "pid": 10**30, "since": "2024-03-18T10:00:00"})),
    "pid -1": lambda p: p.write_text(json.dumps(
        {"user": "kim", "host": "kims-laptop", "pid": -1, "since": "2024-03-18T10:00:00"})),
    "pid as text": lambda p: p.write_text(json.dumps(
        {"user": "kim", "host": "kims-laptop", "pid": "4242", "since": "2024-03-18"})),
    "since 10,000 digits": lambda p: p.write_text(json.dumps(
        {"user": "kim", "host": "kims-laptop", "pid": 4242, "since": "9" * 10_000})),
    "a host with escapes": lambda p: p.write_text(json.dumps(
        {"user": "kim", "host": "\x1b[2Jlaptop", "pid": 4242, "since": "2024-03-18"})),
    "not UTF-8": lambda p: p.write_bytes(b'{"user": "\xff\xfe"}'),
    "a 10 MB record": lambda p: p.write_text('{"user": "' + "k" * 10_000_000 + '"}'),
    "a list": lambda p: p.write_text("[1, 2, 3]"),
    "a folder": lambda p: p.mkdir(),
}  # fmt: skip


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_owner_file_neither_crashes_nor_wedges_a_save(ann_db, kind):
    owner = lock.owner_path(ann_db)
    HOSTILE[kind](owner)

    assert read_holder(ann_db) is None  # not a record: taken over as from a crashed writer
    added = _hours_added(ann_db)

    assert added.returncode == 0, added.stderr
    assert added.stderr == ""
    assert [h.hours for h in Store(ann_db, "x").load().hours] == [2.0]
    status = cli(ann_db, "unlock")
    assert status.returncode == 0 and "Traceback" not in status.stderr, status.stderr


#: What a sync client does: put another machine's version in place, whole, lock or no lock.
SYNC_CLIENT = (
    "import os, shutil, sys; "
    "shutil.copyfile(sys.argv[1], sys.argv[2] + '.part'); "
    "os.replace(sys.argv[2] + '.part', sys.argv[2])"
)


def test_the_copy_a_save_leaves_when_its_file_was_swapped_is_merged_by_the_next_command(ann_db):
    sam = Store(ann_db, "sam")
    ann = sam.load().interns[0]
    kims = ann_db.parent / "kims-laptop" / "team.json"
    kims.parent.mkdir()
    shutil.copyfile(ann_db, kims)
    assert cli(kims, "hours", "add", "ann@uni.example", "--date", "2024-03-12", "--hours", "3",
               user="kim").returncode == 0  # fmt: skip
    with sam.transaction() as tx:
        tx.update(INTERNS, ann.id, {"hear": True})
        subprocess.run([sys.executable, "-c", SYNC_CLIENT, str(kims), str(ann_db)], check=True)
    copy = sam.unmerged_copy
    assert copy is not None and copy.exists()

    added = cli(ann_db, "checkin", "add", "ann@uni.example", "--note", "fine")  # any change

    assert added.returncode == 0, added.stderr
    assert not copy.exists()
    assert (ann_db.parent / MERGED_DIR / copy.name).is_file()
    ds = Store(ann_db, "x").load()
    assert ds.interns[0].hear  # Sam's change
    assert [(h.hours, h.stamp.author) for h in ds.hours] == [(3.0, "kim")]  # Kim's, merged
    assert [c.note for c in ds.checkins] == ["fine"]
    assert os.listdir(ann_db.parent).count(copy.name) == 0
