"""The data file: created on first write, stamped records, tombstones, re-reads, readable JSON."""

import datetime as dt
import json
import os
import shutil
import uuid

import pytest
from tinydb import TinyDB

from microintern_tui.domain.errors import NotFoundError, ValidationError
from microintern_tui.domain.programme import new_cohort
from microintern_tui.store.errors import DataFileError
from microintern_tui.store.schema import SCHEMA_VERSION
from microintern_tui.store.store import Store

D = dt.date
TODAY = D(2024, 3, 18)


def _raw(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _utc(text: str) -> dt.datetime:
    stamp = dt.datetime.fromisoformat(text)
    assert stamp.utcoffset() == dt.timedelta(0), text
    return stamp


def _add_ann(store: Store):
    return store.add_intern("Ann Lee", "ann@uni.example", "Bow Food Bank", "Spring 2024", "Sam")


def test_reading_a_missing_file_does_not_create_it(store, db_path):
    ds = store.load()
    assert [c.name for c in ds.cohorts] == ["Spring 2024", "Summer 2024"]
    assert ds.interns == ()
    assert not db_path.exists()


def test_the_first_change_creates_the_file_with_its_meta_record(store, db_path):
    _add_ann(store)
    data = _raw(db_path)
    assert set(data) >= {"meta", "interns", "hours", "checkins", "cohorts"}
    (meta,) = data["meta"].values()
    assert meta["app"] == "microintern"
    assert meta["schema"] == SCHEMA_VERSION
    assert uuid.UUID(meta["file_id"])
    assert store.file_id() == meta["file_id"]
    assert Store(db_path, "other").file_id() == meta["file_id"]


def test_create_writes_an_empty_file_once_and_keeps_its_id(store, db_path, file_hash):
    store.create()
    first = file_hash(db_path)
    file_id = store.file_id()
    store.create()
    Store(db_path, "other").create()
    assert file_hash(db_path) == first
    assert store.file_id() == file_id


def test_every_record_has_a_uuid_utc_stamps_and_an_author(store, db_path):
    ann = _add_ann(store)
    store.add_hours(ann.id, D(2024, 3, 12), 2.5, "survey", TODAY)
    store.add_checkin(ann.id, D(2024, 3, 18), "settling in", TODAY)
    store.save_cohort(new_cohort("Spring 2027", D(2027, 3, 1)))
    data = _raw(db_path)
    for table in ("interns", "hours", "checkins", "cohorts"):
        (doc,) = data[table].values()
        assert uuid.UUID(doc["id"]), table
        assert _utc(doc["created"]) == _utc(doc["updated"]), table
        assert doc["author"] == "tester", table
        assert doc["deleted"] is False, table
    intern = next(iter(data["interns"].values()))
    assert uuid.UUID(intern["id"]).version == 4


def test_an_update_restamps_updated_and_author_but_not_created(store, db_path):
    ann = _add_ann(store)
    before = next(iter(_raw(db_path)["interns"].values()))
    Store(db_path, "priya").set_training(ann.id, "pre", True)
    after = next(iter(_raw(db_path)["interns"].values()))
    assert after["pre_training"] is True
    assert after["created"] == before["created"]
    assert _utc(after["updated"]) > _utc(before["updated"])
    assert after["author"] == "priya"
    assert store.load().intern(ann.id).pre_training is True
    store.set_training(ann.id, "pre", False)
    assert store.load().intern(ann.id).pre_training is False


def test_a_delete_is_a_tombstone(store, db_path):
    ann = _add_ann(store)
    keep, _ = store.add_hours(ann.id, D(2024, 3, 12), 2, "", TODAY)
    gone, _ = store.add_hours(ann.id, D(2024, 3, 13), 3, "", TODAY)
    note = store.add_checkin(ann.id, D(2024, 3, 18), "fine", TODAY)
    store.delete_hours(gone.id)
    store.delete_checkin(note.id)
    data = _raw(db_path)
    stored = {d["id"]: d for d in data["hours"].values()}
    assert stored[gone.id]["deleted"] is True
    assert stored[keep.id]["deleted"] is False
    assert next(iter(data["checkins"].values()))["deleted"] is True
    ds = store.load()
    assert [h.id for h in ds.hours_of(ann.id)] == [keep.id]
    assert ds.checkins_of(ann.id) == ()
    assert ds.progress(ann, TODAY).hours == 2
    with pytest.raises(NotFoundError):
        store.delete_hours(gone.id)


def test_a_check_in_note_can_be_changed(store):
    ann = _add_ann(store)
    note = store.add_checkin(ann.id, D(2024, 3, 18), "fine", TODAY)
    changed = store.update_checkin(
        note.id, "fine; wants more client work", D(2024, 3, 17), TODAY
    ).checkin
    assert (changed.note, changed.date) == ("fine; wants more client work", D(2024, 3, 17))
    with pytest.raises(ValidationError):
        store.update_checkin(note.id, "later", D(2024, 3, 19), TODAY)
    with pytest.raises(ValidationError):
        store.add_checkin(ann.id, D(2024, 3, 19), "later", TODAY)


def test_a_change_made_by_another_store_is_seen_and_kept(db_path):
    mine, theirs = Store(db_path, "sam"), Store(db_path, "priya")
    ann = _add_ann(mine)
    assert [i.id for i in theirs.load().interns] == [ann.id]
    theirs.add_hours(ann.id, D(2024, 3, 12), 4, "", TODAY)
    mine.add_hours(ann.id, D(2024, 3, 13), 3, "", TODAY)  # must not write over priya's entry
    theirs.add_hours(ann.id, D(2024, 3, 14), 2, "", TODAY)
    for store in (mine, theirs, Store(db_path, "fresh")):
        assert store.load().progress(ann, TODAY).hours == 9
        assert not store.changed_on_disk()


def test_the_24_hour_day_counts_entries_recorded_by_others(db_path):
    mine, theirs = Store(db_path, "sam"), Store(db_path, "priya")
    ann = _add_ann(mine)
    bob = mine.add_intern("Bob Ray", "bob@uni.example", "Quire Books", "Spring 2024")
    mine.load()
    theirs.add_hours(ann.id, D(2024, 3, 12), 20, "", TODAY)
    with pytest.raises(ValidationError, match="more than 24"):
        mine.add_hours(ann.id, D(2024, 3, 12), 5, "", TODAY)
    _, warnings = mine.add_hours(bob.id, D(2024, 3, 12), 5, "", TODAY)  # another intern
    assert warnings == []


def test_a_change_that_stat_cannot_see_is_still_not_written_over(db_path):
    """Inode, size and mtime can all stay the same across a change.

    On a file system with coarse timestamps (1 s on ext3 and HFS+, 2 s on FAT) two saves in
    the same second land on the same inode (ext4 hands the freed one back), and a tool that
    writes in place and keeps the mtime (rsync --inplace -t) does the same. A change made
    under the lock must still start from what is on disk.
    """
    mine = Store(db_path, "sam")
    ann = _add_ann(mine)
    note = mine.add_checkin(ann.id, D(2024, 3, 18), "aaaa", TODAY)
    # edited once, so that kim's edit below changes nothing but the text and the stamp
    mine.update_checkin(note.id, "aaaa", None, TODAY)
    assert mine.load().checkins_of(ann.id)[0].note == "aaaa"
    seen = os.stat(db_path)
    # kim changes the note (same length, author of the same length: the same size) ...
    elsewhere = db_path.with_name("kims-copy.json")
    shutil.copyfile(db_path, elsewhere)
    Store(elsewhere, "kim").update_checkin(note.id, "bbbb", None, TODAY)
    changed = elsewhere.read_bytes()
    assert len(changed) == seen.st_size
    # ... and the change lands on the same inode, with the same mtime
    with open(db_path, "r+b") as handle:
        handle.write(changed)
        handle.truncate()
    os.utime(db_path, ns=(seen.st_atime_ns, seen.st_mtime_ns))
    now = os.stat(db_path)
    assert (now.st_ino, now.st_size, now.st_mtime_ns) == (
        seen.st_ino,
        seen.st_size,
        seen.st_mtime_ns,
    )
    mine.set_training(ann.id, "pre", True)
    after = Store(db_path, "fresh").load()
    assert after.checkins_of(ann.id)[0].note == "bbbb"
    assert after.intern(ann.id).pre_training is True


def test_the_file_is_indented_json_that_plain_tinydb_can_read(store, db_path, file_hash):
    ann = _add_ann(store)
    store.add_hours(ann.id, D(2024, 3, 12), 2.5, "Survey [b]x[/b]", TODAY)
    text = db_path.read_text(encoding="utf-8")
    assert text.startswith("{\n  ") and text.endswith("}\n")
    assert "\n    " in text  # nested records are indented too
    before = file_hash(db_path)
    db = TinyDB(db_path)
    try:
        assert set(db.tables()) >= {"meta", "interns", "hours"}
        (intern,) = db.table("interns").all()
        assert (intern["id"], intern["name"]) == (ann.id, "Ann Lee")
        (entry,) = db.table("hours").all()
        assert (entry["hours"], entry["note"]) == (2.5, "Survey [b]x[/b]")
        assert db.table("meta").all()[0]["schema"] == SCHEMA_VERSION
    finally:
        db.close()
    assert file_hash(db_path) == before


def test_intern_rules_are_checked_against_the_file(store):
    _add_ann(store)
    with pytest.raises(ValidationError) as info:
        store.add_intern("Ann Two", "ANN@uni.example", "X", "Spring 2024")
    assert (info.value.field, info.value.value) == ("email", "ANN@uni.example")
    with pytest.raises(NotFoundError, match="Autumn 2031"):
        store.add_intern("Cy", "cy@uni.example", "X", "Autumn 2031")
    assert len(store.load().interns) == 1


def test_a_file_that_disappears_after_being_read_is_not_started_afresh(tmp_path):
    """A sync client replacing the file leaves a gap: a save then must not fork the team's
    data into a new file with a new file id; it is refused and nothing is written."""
    path = tmp_path / "team.json"
    store = Store(path, "ann")
    store.add_intern("Ann Lee", "ann@example.org", "Bow Food Bank", "Spring 2024")
    path.rename(tmp_path / "elsewhere.json")

    with pytest.raises(DataFileError, match="disappeared"):
        store.add_intern("Bob Ray", "bob@example.org", "Bow Food Bank", "Spring 2024")
    with pytest.raises(DataFileError, match="disappeared"):
        store.load()
    assert not path.exists()

    (tmp_path / "elsewhere.json").rename(path)
    store.add_intern("Bob Ray", "bob@example.org", "Bow Food Bank", "Spring 2024")
    assert [i.name for i in Store(path, "bob").load().interns] == ["Ann Lee", "Bob Ray"]
