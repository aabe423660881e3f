"""Every save keeps the version it replaces; the last ten are kept; one can be put back."""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os

import orjson
import pytest

from microintern_tui.store import backups
from microintern_tui.store.backups import BACKUP_DIR, KEEP, backup_name, list_backups
from microintern_tui.store.errors import SaveError
from microintern_tui.store.store import Store

TODAY = dt.date(2024, 3, 18)


def _names(db_path):
    return [i.name for i in Store(db_path, "x").load().interns]


def test_each_save_keeps_the_version_it_replaced(db_path):
    store = Store(db_path, "sam")
    store.create()  # a new file: nothing to back up
    assert list_backups(db_path) == []
    first = db_path.read_bytes()
    store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    second = db_path.read_bytes()
    Store(db_path, "kim o'neil").add_intern("Bo Chen", "bo@uni.example", "Bow", "Spring 2024")
    newest, oldest = list_backups(db_path)
    assert (oldest.path.read_bytes(), oldest.author) == (first, "sam")
    assert (newest.path.read_bytes(), newest.author) == (second, "kim-o-neil")
    assert newest.taken >= oldest.taken
    assert newest.path.parent == db_path.with_name(BACKUP_DIR)


def test_only_the_newest_ten_are_kept(db_path):
    store = Store(db_path, "sam")
    ann = store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    versions = []
    for day in range(4, 19):
        versions.append(db_path.read_bytes())
        store.add_hours(ann.id, dt.date(2024, 3, day), 0.5, "", TODAY)
    kept = list_backups(db_path)
    assert len(kept) == KEEP
    assert [b.path.read_bytes() for b in kept] == versions[::-1][:KEEP]


def test_a_backup_is_a_link_to_the_replaced_version_and_keeps_its_bytes(db_path):
    store = Store(db_path, "sam")
    ann = store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    replaced = []
    for day in (4, 5, 6):
        replaced.append((db_path.read_bytes(), db_path.stat().st_ino))
        store.add_hours(ann.id, dt.date(2024, 3, day), 0.5, "", TODAY)
    kept = list_backups(db_path)[::-1]
    # Each backup is the very inode that was at the path, which no later save writes to.
    assert [(b.path.read_bytes(), b.path.stat().st_ino) for b in kept] == replaced
    assert db_path.stat().st_ino not in {ino for _, ino in replaced}
    assert store.unmerged_copy is None


def test_where_links_are_refused_the_backup_is_a_copy(db_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")  # FAT, exFAT, some SMB shares

    store = Store(db_path, "sam")
    ann = store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    monkeypatch.setattr(backups.os, "link", refuse)
    replaced = db_path.read_bytes()
    store.add_hours(ann.id, dt.date(2024, 3, 4), 0.5, "", TODAY)
    (backup,) = list_backups(db_path)
    assert backup.path.read_bytes() == replaced
    assert backup.path.stat().st_nlink == 1
    assert store.backup_error is None and store.unmerged_copy is None
    assert sorted(p.name for p in db_path.parent.iterdir() if p.is_file()) == [
        "team.json",
        "team.json.lock",
    ]


def test_a_version_written_in_place_during_a_save_is_kept_and_backed_up(db_path):
    store = Store(db_path, "sam")
    ann = store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    inode = db_path.stat().st_ino
    with store.transaction() as tx:
        tx.update("interns", ann.id, {"hear": True})
        # A tool that ignores the lock rewrites the file in place: same inode, same size.
        theirs = db_path.read_bytes().replace(b"Ann Lee", b"Ann Lea")
        with open(db_path, "r+b") as handle:
            handle.write(theirs)
        stat = db_path.stat()
        # mtime moved on, as any write moves it (set here: the clock may be coarse).
        os.utime(db_path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert (db_path.stat().st_ino, db_path.stat().st_size) == (inode, len(theirs))
    assert store.unmerged_copy is not None
    assert store.unmerged_copy.read_bytes() == theirs
    assert list_backups(db_path)[0].path.read_bytes() == theirs
    assert Store(db_path, "x").load().intern(ann.id).name == "Ann Lee"


def test_a_save_that_cannot_replace_the_file_keeps_no_backup(db_path, monkeypatch, file_hash):
    store = Store(db_path, "sam")
    ann = store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    store.add_hours(ann.id, dt.date(2024, 3, 4), 0.5, "", TODAY)
    before, kept = file_hash(db_path), list_backups(db_path)
    real_replace = os.replace

    def failing_replace(src, dst):
        if os.fspath(dst) == os.fspath(db_path):
            raise OSError(errno.EIO, "Input/output error")  # the share went away
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(SaveError):
        store.add_hours(ann.id, dt.date(2024, 3, 5), 0.5, "", TODAY)
    assert file_hash(db_path) == before
    assert list_backups(db_path) == kept
    assert db_path.stat().st_nlink == 1


def test_names_are_numbered_and_other_files_backups_are_left_alone(tmp_path, db_path):
    when = dt.datetime(2024, 3, 5, 10, 42, 7, 123456, tzinfo=dt.UTC)
    assert backup_name(db_path, 42, when, "ann") == "team.000042.20240305T104207.123456Z.ann.json"
    other = tmp_path / "other.json"
    folder = tmp_path / BACKUP_DIR
    folder.mkdir()
    (folder / backup_name(other, 1, when, "sam")).write_text("{}")
    Store(db_path, "sam").create()
    for n in range(KEEP + 3):
        backups.keep_backup(db_path, "sam", now=when + dt.timedelta(seconds=n))
    assert len(list_backups(db_path)) == KEEP
    assert [b.name for b in list_backups(other)] == [backup_name(other, 1, when, "sam")]


def test_a_backup_that_cannot_be_written_does_not_stop_the_save(db_path, caplog):
    store = Store(db_path, "sam")
    store.create()
    db_path.with_name(BACKUP_DIR).write_text("a file where the folder should be")
    with caplog.at_level(logging.WARNING):
        store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    assert _names(db_path) == ["Ann Lee"]
    assert store.backup_error is not None
    assert "could not keep a backup of team.json" in store.backup_error
    assert "the change was saved without one" in caplog.text
    db_path.with_name(BACKUP_DIR).unlink()
    store.add_intern("Bo Chen", "bo@uni.example", "Bow", "Spring 2024")
    assert store.backup_error is None
    assert len(list_backups(db_path)) == 1


def test_restore_lists_and_puts_back_a_backup_through_the_cli(db_path, run_cli, file_hash):
    store = Store(db_path, "sam")
    store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    only_ann = db_path.read_bytes()
    store.add_intern("Bo Chen", "bo@uni.example", "Bow", "Spring 2024")
    with_bo = file_hash(db_path)

    listed = run_cli(db_path, "kim", "restore", "--list")
    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    assert header.split() == ["#", "backup", "taken", "(UTC)", "replaced", "by"]
    # the first save created the file: only the second replaced a version
    assert len(rows) == 1 and rows[0].startswith("1  team.") and rows[0].endswith("sam")
    newest = rows[0].split()[1]

    restored = run_cli(db_path, "kim", "restore", "1")
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith(f"restored team.json from {newest}; the version it ")
    assert _names(db_path) == ["Ann Lee"]
    assert orjson.loads(db_path.read_bytes()) == orjson.loads(only_ann)
    # the version restore replaced is itself a backup, so the restore can be undone
    undo = list_backups(db_path)[0]
    assert undo.author == "kim"
    assert file_hash(undo.path) == with_bo
    assert run_cli(db_path, "kim", "restore", undo.name).returncode == 0
    assert _names(db_path) == ["Ann Lee", "Bo Chen"]


def test_restore_refuses_an_unknown_or_damaged_backup(db_path, run_cli, file_hash):
    store = Store(db_path, "sam")
    store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    store.add_intern("Bo Chen", "bo@uni.example", "Bow", "Spring 2024")
    before = file_hash(db_path)
    missing = run_cli(db_path, "kim", "restore", "7")
    assert missing.returncode == 2
    assert "no backup '7' of team.json" in missing.stderr
    (backup,) = list_backups(db_path)
    backup.path.write_bytes(b'{"meta": {"1": {"app": "micro')  # torn by a power cut
    torn = run_cli(db_path, "kim", "restore", backup.name)
    assert torn.returncode == 2
    assert "is not valid JSON" in torn.stderr
    assert file_hash(db_path) == before


def test_restore_with_no_backups_says_so(db_path, run_cli):
    Store(db_path, "sam").create()
    listed = run_cli(db_path, "kim", "restore", "--list")
    assert listed.returncode == 0
    assert listed.stdout.startswith("no backups of team.json in ")
    assert run_cli(db_path, "kim", "restore").returncode == 2  # --list or a backup


def test_restore_repairs_a_damaged_file_and_keeps_its_bytes(db_path, run_cli):
    store = Store(db_path, "sam")
    store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    store.add_intern("Bo Chen", "bo@uni.example", "Bow", "Spring 2024")
    damaged = db_path.read_bytes()[:40]  # cut short by a crash of the sync client
    db_path.write_bytes(damaged)
    refused = run_cli(db_path, "kim", "status")
    assert refused.returncode == 2 and "is not valid JSON" in refused.stderr

    restored = run_cli(db_path, "kim", "restore", "1")

    assert restored.returncode == 0, restored.stderr
    assert _names(db_path) == ["Ann Lee"]
    assert list_backups(db_path)[0].path.read_bytes() == damaged  # nothing is thrown away
    assert sorted(p.name for p in db_path.parent.iterdir() if p.is_file()) == [
        "team.json",
        "team.json.lock",
    ]  # and no "changed while saving" copy: the damaged file was never read
