"""The lock names its holder; the atomic save leaves no temp file and retries a held file."""

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from microintern_tui import fsio as atomic
from microintern_tui.domain.programme import new_cohort
from microintern_tui.store.errors import LockTimeoutError, SaveError
from microintern_tui.store.store import Store

D = dt.date
TODAY = D(2024, 3, 18)
WORKER = Path(__file__).with_name("store_worker.py")


def _leftovers(folder: Path, data_name: str) -> list[str]:
    """Temp files of a save left beside the data file."""
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.name.startswith(f".{data_name}.") and p.name.endswith(".tmp")
    )


def test_a_busy_lock_names_the_holders_user_host_and_pid(db_path, file_hash):
    Store(db_path, "tester").create()
    before = file_hash(db_path)
    holder = subprocess.Popen(
        [sys.executable, str(WORKER), "hold", str(db_path), "ann"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline() == "held\n"
        waiting = Store(db_path, "bob", lock_timeout=0.3)
        with pytest.raises(LockTimeoutError) as info:
            waiting.add_intern("Cy Dee", "cy@uni.example", "Bow", "Spring 2024")
        message = str(info.value)
        assert f"ann@{socket.gethostname()} (pid {holder.pid})" in message
        assert "team.json" in message
        assert file_hash(db_path) == before
        holder.stdin.write("release\n")
        holder.stdin.flush()
        assert holder.wait(timeout=30) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    # once released, the same store writes at once
    waiting.add_intern("Cy Dee", "cy@uni.example", "Bow", "Spring 2024")
    assert [i.name for i in Store(db_path, "x").load().interns] == ["Cy Dee"]


def test_saving_leaves_no_temp_file_behind(store, db_path):
    ann = store.add_intern("Ann", "ann@uni.example", "Bow", "Spring 2024")
    for day in range(4, 16):
        store.add_hours(ann.id, D(2024, 3, day), 1, "", TODAY)
    store.set_training(ann.id, "pre", True)
    assert _leftovers(db_path.parent, db_path.name) == []


def test_a_new_file_is_not_readable_by_others(store, db_path):
    """Student data: a new file is 0o660 less the umask, never with bits for others."""
    store.create()
    umask = os.umask(0)
    os.umask(umask)
    assert db_path.stat().st_mode & 0o777 == 0o660 & ~umask


def test_the_saved_file_keeps_its_permissions(store, db_path):
    store.create()
    db_path.chmod(0o640)
    store.add_intern("Ann", "ann@uni.example", "Bow", "Spring 2024")
    assert db_path.stat().st_mode & 0o777 == 0o640


def test_a_missing_folder_is_refused(tmp_path):
    store = Store(tmp_path / "nowhere" / "team.json", "tester")
    from microintern_tui.store.errors import DataFileError

    with pytest.raises(DataFileError, match="does not exist"):
        store.create()
    assert not (tmp_path / "nowhere").exists()


class HeldFile:
    """os.replace as Windows behaves while a sync client or antivirus holds the data file."""

    def __init__(self, target: Path, failures: int) -> None:
        self.target = target
        self.failures = failures
        self.calls = 0
        self.real = os.replace

    def __call__(self, src, dst, *args, **kwargs):
        if Path(dst) == self.target:
            self.calls += 1
            if self.calls <= self.failures:
                raise PermissionError(13, "The process cannot access the file")
        return self.real(src, dst, *args, **kwargs)


@pytest.fixture
def no_pause(monkeypatch):
    # Only to keep the test quick: the retries themselves are unchanged.
    monkeypatch.setattr(atomic, "REPLACE_PAUSE", 0.001)


def test_a_briefly_held_file_is_replaced_after_retries(store, db_path, monkeypatch, no_pause):
    ann = store.add_intern("Ann", "ann@uni.example", "Bow", "Spring 2024")
    held = HeldFile(db_path, failures=3)
    monkeypatch.setattr("microintern_tui.fsio.os.replace", held)
    entry, _ = store.add_hours(ann.id, D(2024, 3, 12), 2, "", TODAY)
    monkeypatch.undo()
    assert held.calls == 4
    assert [h.id for h in Store(db_path, "x").load().hours] == [entry.id]
    assert _leftovers(db_path.parent, db_path.name) == []


def test_a_file_held_too_long_fails_clearly_and_nothing_changes(
    store, db_path, monkeypatch, no_pause, file_hash
):
    ann = store.add_intern("Ann", "ann@uni.example", "Bow", "Spring 2024")
    before = file_hash(db_path)
    held = HeldFile(db_path, failures=10_000)
    monkeypatch.setattr("microintern_tui.fsio.os.replace", held)
    with pytest.raises(SaveError) as info:
        store.add_hours(ann.id, D(2024, 3, 12), 2, "", TODAY)
    monkeypatch.undo()
    assert held.calls == atomic.REPLACE_ATTEMPTS
    assert "not applied" in str(info.value)
    assert str(db_path) in str(info.value)
    assert file_hash(db_path) == before
    assert _leftovers(db_path.parent, db_path.name) == []
    # the change is not half-remembered either: the store and a fresh one agree
    assert store.load().hours == ()
    assert Store(db_path, "x").load().hours == ()
    store.add_hours(ann.id, D(2024, 3, 13), 1, "", TODAY)
    assert [h.hours for h in Store(db_path, "x").load().hours] == [1.0]


def test_another_os_error_fails_at_once(store, db_path, monkeypatch, file_hash):
    store.create()
    before = file_hash(db_path)
    calls = []

    real = os.replace

    def full_disk(src, dst, *args, **kwargs):
        if Path(dst) != db_path:
            return real(src, dst, *args, **kwargs)
        calls.append(dst)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("microintern_tui.fsio.os.replace", full_disk)
    with pytest.raises(SaveError, match="the disk is full"):
        store.add_intern("Ann", "ann@uni.example", "Bow", "Spring 2024")
    monkeypatch.undo()
    assert len(calls) == 1
    assert file_hash(db_path) == before
    assert _leftovers(db_path.parent, db_path.name) == []


def test_a_save_sweeps_old_temp_files_left_by_crashed_writers_but_not_fresh_ones(tmp_path):
    path = tmp_path / "team.json"
    store = Store(path, "ann")
    store.create()
    old_tmp = tmp_path / ".team.json.4242.deadbeef.tmp"
    old_owner = tmp_path / ".team.json.lock.owner.4242"
    fresh_tmp = tmp_path / ".team.json.4343.cafebabe.tmp"
    other = tmp_path / ".other.json.4242.deadbeef.tmp"
    for leftover in (old_tmp, old_owner, fresh_tmp, other):
        leftover.write_bytes(b"{}")
    an_hour_ago = time.time() - 3600
    for leftover in (old_tmp, old_owner, other):
        os.utime(leftover, (an_hour_ago, an_hour_ago))

    store.save_cohort(new_cohort("Spring 2027", dt.date(2027, 3, 1)))

    assert not old_tmp.exists() and not old_owner.exists()
    assert fresh_tmp.exists(), "a teammate's save in progress is left alone"
    assert other.exists(), "another file's temp files are not ours"
