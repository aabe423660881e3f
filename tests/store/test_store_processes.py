"""Real processes against one data file: concurrent writers lose nothing; SIGKILL tears nothing."""

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from microintern_tui.store import lock
from microintern_tui.store.codec import decode
from microintern_tui.store.dataset_cache import dataset_from_data
from microintern_tui.store.store import Store

WORKER = Path(__file__).with_name("store_worker.py")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]


def _worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _interns(db_path: Path, count: int) -> list[str]:
    store = Store(db_path, "setup")
    return [
        store.add_intern(f"Intern {n}", f"i{n}@uni.example", "Bow", "Spring 2024").id
        for n in range(count)
    ]


def test_four_processes_adding_50_entries_each_at_once_lose_nothing(db_path):
    (intern,) = _interns(db_path, 1)
    writers = [_worker("batch", str(db_path), intern, "50") for _ in range(4)]
    try:
        for w in writers:  # every process has imported everything and opened the store
            assert w.stdout is not None
            assert w.stdout.readline() == "ready\n", w.stderr.read() if w.stderr else ""
        for w in writers:  # then all start at once
            assert w.stdin is not None
            w.stdin.write("go\n")
            w.stdin.flush()
        results = [w.communicate(timeout=120) for w in writers]
    finally:
        for w in writers:
            if w.poll() is None:
                w.kill()
                w.wait()
    assert [w.returncode for w in writers] == [0, 0, 0, 0], [err for _, err in results]
    reported = [line for out, _ in results for line in out.splitlines()]
    assert len(reported) == 200
    assert len(set(reported)) == 200
    ds = Store(db_path, "check").load()
    assert len(ds.hours) == 200
    assert {h.id for h in ds.hours} == set(reported)
    assert ds.progress(ds.intern(intern), ds.hours[0].date).hours == 2.0  # 200 x 0.01 h


def test_a_writer_killed_at_random_moments_never_tears_the_file_or_loses_a_saved_change(
    db_path,
):
    interns = _interns(db_path, 4)
    rng = random.Random(20240318)
    saved: set[str] = set()
    kills = 20
    for killed in range(1, kills + 1):
        writer = _worker("loop", str(db_path), *interns)
        assert writer.stdout is not None
        first = writer.stdout.readline()  # it is writing now
        assert first.endswith("\n"), writer.stderr.read() if writer.stderr else ""
        time.sleep(rng.uniform(0.0, 0.25))  # the random moment of the kill
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        rest = writer.stdout.read()
        writer.stdout.close()
        if writer.stderr is not None:
            writer.stderr.close()
        # a line cut short by the kill was not reported whole: only whole lines count
        lines = (first + rest).split("\n")[:-1]
        saved.update(lines)

        raw = db_path.read_bytes()
        data = decode(raw, db_path)  # parses and passes validation
        ds = dataset_from_data(db_path, data)
        on_disk = {h.id for h in ds.hours}
        assert saved <= on_disk, f"lost {len(saved - on_disk)} saved entries"
        # at most one entry per kill was saved but not yet reported
        assert len(on_disk - saved) <= killed

        # the kernel released the dead writer's lock: a new writer takes it at once
        with lock.hold(db_path, "next", timeout=2.0):
            pass
    assert len(saved) >= kills
    final = Store(db_path, "check", lock_timeout=2.0)
    entry, _ = final.add_hours(interns[0], dt.date(2024, 3, 4), 0.01, "after", dt.date(2024, 4, 20))
    assert entry.id in {h.id for h in Store(db_path, "x").load().hours}
