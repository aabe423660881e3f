"""Student data is not world-readable (issue 10 §7), with the usual umask of 022.

Every file the store writes (the data file, backups, temp files, the copy a save keeps,
the lock and its owner record, merged copies) and every export has no permission bits for
"other"; owner and group bits are kept, so a team on one host can share through a group.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from team_files import COPY_NAMES, add_record, cli, hours_doc, intern_id, make_team, raw

from microintern_tui import fsio
from microintern_tui.store import lock
from microintern_tui.store.backups import BACKUP_DIR
from microintern_tui.store.conflicts import MERGED_DIR
from microintern_tui.store.schema import INTERNS
from microintern_tui.store.store import Store

WORKER = Path(__file__).with_name("store_worker.py")


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _everything_under(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): _mode(p) for p in folder.rglob("*")}


def test_nothing_the_commands_write_is_readable_by_others(tmp_path):
    db = tmp_path / "team.json"
    make_team(db)  # several saves: backups
    data = raw(db)
    copy = db.with_name(COPY_NAMES["Dropbox"])
    copy.write_text(
        json.dumps(add_record(data, "hours", hours_doc(intern_id(data, "bo@uni.example"))))
    )
    copy.chmod(0o644)  # as the sync client wrote it
    assert cli(db, "merge").returncode == 0
    for kind, *extra in (("hours",), ("completions", "--cohort", "Spring 2024"), ("milestones",)):
        exported = cli(db, "export", kind, *extra, "-o", str(tmp_path / f"out-{kind}"))
        assert exported.returncode == 0, exported.stderr

    modes = _everything_under(tmp_path)

    assert f"{MERGED_DIR}/{copy.name}" in modes and BACKUP_DIR in modes
    assert "team.json.lock" in modes and "out-hours" in modes
    loose = {name: f"{mode:04o}" for name, mode in modes.items() if mode & 0o007}
    assert loose == {}
    assert modes["team.json"] == 0o640  # 0o660 less the umask: the group keeps its bits


def test_temp_files_are_private_from_the_moment_they_exist(db_path, monkeypatch):
    store = Store(db_path, "sam")
    store.create()
    seen: list[int] = []
    real = os.replace

    def observe(src, dst, *args, **kwargs):
        seen.append(_mode(Path(src)))  # the temp file, written and synced, before it is in place
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(fsio.os, "replace", observe)
    store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    monkeypatch.undo()
    assert seen and all(mode & 0o007 == 0 for mode in seen), [f"{m:04o}" for m in seen]


def test_the_lock_owner_record_is_private_while_it_is_held(db_path):
    Store(db_path, "sam").create()
    holder = subprocess.Popen(
        [sys.executable, str(WORKER), "hold", str(db_path), "kim"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        preexec_fn=lambda: os.umask(0o022),
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        assert _mode(lock.owner_path(db_path)) & 0o007 == 0
        assert _mode(lock.lock_path(db_path)) & 0o007 == 0
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_the_copy_kept_when_the_file_was_swapped_is_private(db_path):
    sam = Store(db_path, "sam")
    ann = sam.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    theirs = db_path.with_name("theirs.json")
    data = raw(db_path)
    theirs.write_text(json.dumps(add_record(data, "hours", hours_doc(ann.id))))
    theirs.chmod(0o644)
    with sam.transaction() as tx:
        tx.update(INTERNS, ann.id, {"hear": True})
        os.replace(theirs, db_path)  # a sync client puts another version down
        os.utime(db_path, ns=(1, 1))
    assert sam.unmerged_copy is not None
    assert _mode(sam.unmerged_copy) == 0o640


@pytest.mark.parametrize(("before", "after"), [(0o644, 0o640), (0o664, 0o660), (0o666, 0o660)])
def test_a_file_readable_by_others_is_closed_at_the_first_save_with_one_notice(
    db_path, before, after
):
    store = Store(db_path, "sam")
    store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    store.add_intern("Bo Chen", "bo@uni.example", "Bow", "Spring 2024")  # a backup
    for path in [db_path, *db_path.with_name(BACKUP_DIR).iterdir()]:
        path.chmod(before)  # as an older microintern left them
    assert store.take_notices() == []

    ann = store.load().interns[0]
    store.set_training(ann.id, "pre", True)

    (notice,) = store.take_notices()
    assert f"(mode {before:04o})" in notice and f"saved as {after:04o}" in notice
    assert _mode(db_path) == after
    assert all(_mode(p) & 0o007 == 0 for p in db_path.with_name(BACKUP_DIR).iterdir())
    store.set_training(ann.id, "post", True)
    assert store.take_notices() == []  # said once
    assert _mode(db_path) == after


def test_a_private_file_stays_as_private_as_it_was(db_path):
    store = Store(db_path, "sam")
    store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    db_path.chmod(0o600)
    with contextlib.suppress(Exception):
        store.add_intern("Bo Chen", "bo@uni.example", "Bow", "Spring 2024")
    assert _mode(db_path) == 0o600
    assert all(_mode(p) & 0o077 == 0 for p in db_path.with_name(BACKUP_DIR).iterdir())
    assert store.take_notices() == []


def test_the_command_says_once_that_it_closed_a_file_readable_by_others(tmp_path):
    db = tmp_path / "team.json"
    make_team(db)
    db.chmod(0o644)

    first = cli(db, "training", "ann@uni.example", "--pre")
    second = cli(db, "training", "ann@uni.example", "--post")

    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    (note,) = first.stderr.splitlines()
    assert note.startswith("microintern: note: ") and "(mode 0644); saved as 0640" in note
    assert second.stderr == ""
    assert _mode(db) == 0o640
