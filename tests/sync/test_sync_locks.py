"""Stale locks: a killed writer's lock is recovered; another machine's lock is named, and only
broken by a user who confirms."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import filelock
import pexpect
import pytest

from microintern_tui.store import lock
from microintern_tui.store.errors import LockTimeoutError
from microintern_tui.store.lock import HolderState, UnlockRefused, break_lock, read_holder
from microintern_tui.store.store import Store

WORKER = Path(__file__).with_name("sync_worker.py")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and ptys are POSIX")


def _write_owner(db_path: Path, *, host: str, pid: int = 4242, age: dt.timedelta) -> None:
    since = (dt.datetime.now(dt.UTC) - age).isoformat(timespec="seconds")
    record = {"user": "ann", "host": host, "pid": pid, "since": since}
    lock.owner_path(db_path).write_text(json.dumps(record), encoding="utf-8")


def _wait_for(condition: Callable[[], bool], what: str, deadline_s: float = 30) -> None:
    deadline = time.monotonic() + deadline_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.02)


def _os_lock_is_busy(db_path: Path) -> bool:
    probe = filelock.FileLock(str(lock.lock_path(db_path)), timeout=0)
    try:
        probe.acquire()
    except filelock.Timeout:
        return True
    probe.release()
    return False


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_sigkilled_writers_lock_is_recovered(db_path, run_cli, file_hash):
    """The OS lock dies with its process; the owner record it leaves is taken over."""
    Store(db_path, "sam").add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    writer = subprocess.Popen(
        [sys.executable, str(WORKER), "hold", str(db_path), "kim"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "held\n"
        holder = read_holder(db_path)
        assert holder is not None and (holder.user, holder.pid) == ("kim", writer.pid)
        before = file_hash(db_path)
        with pytest.raises(LockTimeoutError, match=rf"locked by kim@.* \(pid {writer.pid}\)"):
            Store(db_path, "sam", lock_timeout=0.2).create()
        assert file_hash(db_path) == before
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    # The kernel dropped the OS lock; the owner record of the dead writer is still there.
    left = read_holder(db_path)
    assert left is not None and left.pid == writer.pid
    assert left.state(dt.datetime.now(dt.UTC)) is HolderState.LOCAL_DEAD
    added = run_cli(db_path, "sam", "hours", "add", "ann@uni.example", "--date", "2024-03-12",
                    "--hours", "2.5")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "recorded 2.5 h" in added.stdout
    assert read_holder(db_path) is None  # taken over, then released
    assert Store(db_path, "x").load().hours[0].hours == 2.5


def test_another_hosts_recent_lock_makes_a_writer_wait_then_names_it(db_path, file_hash):
    store = Store(db_path, "sam", lock_timeout=0.3)
    store.create()
    before = file_hash(db_path)
    _write_owner(db_path, host="ann-laptop", age=dt.timedelta(seconds=30))
    with pytest.raises(LockTimeoutError) as info:
        store.add_intern("Bo Chen", "bo@uni.example", "Bow", "Spring 2024")
    message = str(info.value)
    assert "team.json is locked by ann@ann-laptop (pid 4242) since " in message
    assert "Try again when they have finished" in message
    assert "unlock" not in message  # too recent to be judged abandoned
    assert file_hash(db_path) == before
    assert read_holder(db_path) is not None  # theirs: never removed by a waiting writer


def test_another_hosts_old_lock_is_named_with_the_way_to_break_it(db_path):
    store = Store(db_path, "sam", lock_timeout=0.2)
    store.create()
    _write_owner(db_path, host="ann-laptop", age=lock.BREAK_AFTER + dt.timedelta(minutes=1))
    with pytest.raises(LockTimeoutError, match=r"run `microintern unlock` to break the lock"):
        store.create()


def test_a_writer_waiting_on_another_hosts_lock_goes_ahead_once_it_is_released(db_path, run_cli):
    Store(db_path, "sam").add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    _write_owner(db_path, host="ann-laptop", age=dt.timedelta(seconds=5))
    writer = subprocess.Popen(
        [sys.executable, "-m", "microintern_tui.cli", "--db", str(db_path), "--user", "sam",
         "--today", "2024-03-18", "hours", "add", "ann@uni.example", "--date", "2024-03-12",
         "--hours", "3"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        # it holds the OS lock while it waits for ann-laptop's record to go
        _wait_for(lambda: _os_lock_is_busy(db_path), "the writer holds the OS lock")
        assert writer.poll() is None
        lock.owner_path(db_path).unlink()  # ann-laptop's release arrives through the sync
        out, err = writer.communicate(timeout=60)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == 0, err
    assert "recorded 3 h" in out


def test_a_record_left_by_a_dead_process_on_this_host_is_taken_over(db_path):
    store = Store(db_path, "sam", lock_timeout=0.3)
    store.create()
    _write_owner(db_path, host=socket.gethostname(), pid=_dead_pid(), age=dt.timedelta(0))
    store.add_intern("Bo Chen", "bo@uni.example", "Bow", "Spring 2024")
    assert read_holder(db_path) is None
    assert [i.name for i in Store(db_path, "x").load().interns] == ["Bo Chen"]


def test_break_lock_refuses_a_recent_record_of_another_host(db_path):
    Store(db_path, "sam").create()
    _write_owner(db_path, host="ann-laptop", age=dt.timedelta(minutes=1))
    with pytest.raises(UnlockRefused, match=r"may still be in use. Ask ann, or try again in"):
        break_lock(db_path)
    assert read_holder(db_path) is not None


def test_break_lock_refuses_while_a_process_here_holds_the_lock(db_path):
    Store(db_path, "sam").create()
    writer = subprocess.Popen(
        [sys.executable, str(WORKER), "hold", str(db_path), "kim"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "held\n"
        with pytest.raises(UnlockRefused, match=r"being written by kim@.*; it is not stale"):
            break_lock(db_path, timeout=0.2)
        assert read_holder(db_path) is not None
    finally:
        writer.kill()
        writer.wait(timeout=30)


OLD = lock.BREAK_AFTER + dt.timedelta(minutes=3)


def test_unlock_without_a_terminal_needs_yes(db_path, run_cli):
    Store(db_path, "sam").create()
    _write_owner(db_path, host="ann-laptop", age=OLD)
    refused = run_cli(db_path, "sam", "unlock")
    assert refused.returncode == 2
    assert "not breaking it without confirmation" in refused.stderr
    assert "microintern unlock --yes" in refused.stderr
    assert read_holder(db_path) is not None
    done = run_cli(db_path, "sam", "unlock", "--yes")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("removed the lock of ann@ann-laptop (pid 4242) since ")
    assert read_holder(db_path) is None
    again = run_cli(db_path, "sam", "unlock")
    assert (again.returncode, again.stdout) == (0, "team.json is not locked\n")


def test_unlock_refuses_a_recent_lock_even_with_yes(db_path, run_cli):
    Store(db_path, "sam").create()
    _write_owner(db_path, host="ann-laptop", age=dt.timedelta(minutes=1))
    refused = run_cli(db_path, "sam", "unlock", "--yes")
    assert refused.returncode == 2
    assert "it may still be in use" in refused.stderr
    assert read_holder(db_path) is not None


def test_unlock_removes_a_dead_local_writers_record_without_asking(db_path, run_cli):
    Store(db_path, "sam").create()
    _write_owner(db_path, host=socket.gethostname(), pid=_dead_pid(), age=OLD)
    done = run_cli(db_path, "sam", "unlock")
    assert done.returncode == 0, done.stderr
    assert read_holder(db_path) is None


@pytest.mark.parametrize(("answer", "broken"), [("y", True), ("n", False), ("", False)])
def test_unlock_on_a_terminal_asks_first(db_path, answer, broken):
    Store(db_path, "sam").create()
    _write_owner(db_path, host="ann-laptop", age=OLD)
    env = {**os.environ, "TZ": "UTC"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "microintern_tui.cli", "--db", str(db_path), "--user", "sam", "unlock"],
        env=env,
        encoding="utf-8",
        timeout=60,
    )
    try:
        child.expect(r"\[y/N\] ")
        asked = " ".join(child.before.split())
        assert "team.json is locked by ann@ann-laptop (pid 4242) since " in asked
        assert "Break the lock? Only if ann is not using microintern on ann-laptop." in asked
        child.sendline(answer)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert (read_holder(db_path) is None) == broken
    assert child.exitstatus == (0 if broken else 1)


def test_a_save_leaves_no_owner_record_and_backs_up_only_the_data_file(db_path):
    store = Store(db_path, "sam")
    store.create()
    store.add_intern("Bo Chen", "bo@uni.example", "Bow", "Spring 2024")
    names = sorted(p.name for p in db_path.parent.iterdir())
    # no owner record is left behind, and only the data file is backed up
    assert names == [".microintern-backups", "team.json", "team.json.lock"]
    (backup,) = (db_path.parent / ".microintern-backups").iterdir()
    assert backup.name.startswith("team.") and backup.name.endswith(".sam.json")
