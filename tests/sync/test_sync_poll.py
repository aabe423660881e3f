"""What the app's polling worker relies on: poll_changed and last_change."""

from __future__ import annotations

import os

from microintern_tui.store.store import LastChange, Store


def test_a_change_by_another_process_is_noticed_until_the_file_is_read_again(db_path, run_cli):
    mine = Store(db_path, "sam")
    mine.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    mine.load()
    assert mine.poll_changed() is False
    added = run_cli(db_path, "kim", "hours", "add", "ann@uni.example", "--date", "2024-03-12",
                    "--hours", "2")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert mine.poll_changed() is True
    assert mine.poll_changed() is True  # polling does not read the file for you
    assert [h.hours for h in mine.load().hours] == [2.0]
    assert mine.poll_changed() is False


def test_the_same_bytes_written_again_are_not_a_change(db_path):
    mine = Store(db_path, "sam")
    mine.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    mine.load()
    same = db_path.read_bytes()
    tmp = db_path.with_name("synced.tmp")
    tmp.write_bytes(same)  # a sync client puts down the same bytes as a new file
    os.replace(tmp, db_path)
    os.utime(db_path, ns=(1, 1))
    assert mine.poll_changed() is False
    assert mine.changed_on_disk() is False  # and it remembers, so it does not hash again


def test_a_missing_file_is_not_a_change_and_a_new_store_sees_the_file(db_path):
    mine = Store(db_path, "sam")
    assert mine.poll_changed() is False  # nothing there yet
    mine.create()
    assert Store(db_path, "kim").poll_changed() is True  # never read
    mine.load()
    moved = db_path.with_name("aside.json")
    db_path.rename(moved)  # a sync client replacing the file, half-way
    assert mine.poll_changed() is False
    moved.rename(db_path)
    assert mine.poll_changed() is False


def test_last_change_names_who_changed_the_file_last(db_path):
    sam, kim = Store(db_path, "sam"), Store(db_path, "kim")
    sam.create()
    assert sam.last_change() is None
    ann = sam.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    first = sam.last_change()
    assert first is not None and first.author == "sam"
    kim.set_training(ann.id, "pre", True)
    author, updated = sam.last_change() or LastChange("", "")
    assert author == "kim"
    assert updated > first.updated
