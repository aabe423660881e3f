"""The Dataset a Store keeps between loads is always the one a fresh read of the file gives.

The store converts only the records that changed (after its own saves, and after changes
made elsewhere); these tests compare what it hands out with a reading of the file from
scratch, after every kind of change.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import TinyDB, where

from microintern_tui.domain.dataset import Dataset
from microintern_tui.fsio import atomic_write
from microintern_tui.store.codec import decode, encode
from microintern_tui.store.dataset_cache import dataset_from_data
from microintern_tui.store.errors import DataFileError
from microintern_tui.store.schema import HOURS, INTERNS
from microintern_tui.store.store import Store

TODAY = dt.date(2024, 3, 18)
DAYS = [dt.date(2024, 3, 4) + dt.timedelta(days=n) for n in range(14)]


def fresh(path: Path) -> Dataset:
    """The file's Dataset read from scratch, with no store's memory involved."""
    return dataset_from_data(path, decode(path.read_bytes(), path))


def _team(store: Store, count: int = 3) -> list[str]:
    ids = []
    for n in range(count):
        intern = store.add_intern(
            f"Intern {n}", f"i{n}@uni.example", "Bow Food Bank", "Spring 2024", "Sam"
        )
        ids.append(intern.id)
    return ids


def _edit_file(path: Path, change) -> None:
    """Change the records on disk as another program (or a person) would."""
    data = decode(path.read_bytes(), path)
    change(data)
    atomic_write(path, encode(data))


def test_after_its_own_save_the_dataset_is_the_files(store, db_path):
    ids = _team(store)
    store.load()
    entry, _ = store.add_hours(ids[0], DAYS[0], 2.5, "survey", TODAY)
    ds = store.load()
    assert ds == fresh(db_path)
    assert entry in ds.hours_of(ids[0])
    assert ds.hours == fresh(db_path).hours


def test_after_a_change_elsewhere_the_dataset_is_the_files(store, db_path):
    ids = _team(store)
    store.add_hours(ids[0], DAYS[0], 2, "", TODAY)
    store.load()
    other = Store(db_path, "other")
    theirs, _ = other.add_hours(ids[1], DAYS[1], 3, "theirs", TODAY)
    other.set_training(ids[0], "pre", True)
    ds = store.load()
    assert ds == fresh(db_path)
    assert ds.hours_of(ids[1]) == (theirs,)
    assert ds.intern(ids[0]).pre_training


def test_unchanged_records_are_not_converted_again(store, db_path):
    ids = _team(store)
    mine, _ = store.add_hours(ids[0], DAYS[0], 2, "", TODAY)
    before = store.load()
    Store(db_path, "other").add_hours(ids[1], DAYS[1], 3, "", TODAY)
    after = store.load()
    assert after is not before
    # The same objects, not equal copies: intern 0's hours were reused, not re-read.
    assert after.hours_of(ids[0])[0] is before.hours_of(ids[0])[0] is not None
    assert after.hours_of(ids[0]) == (mine,)


def test_a_record_edited_in_the_file_is_converted_again(store, db_path):
    ids = _team(store)
    entry, _ = store.add_hours(ids[0], DAYS[0], 2, "", TODAY)
    store.load()

    def halve(data):
        for doc in data[HOURS].values():
            if doc["id"] == entry.id:
                doc["hours"] = 1.0

    _edit_file(db_path, halve)
    ds = store.load()
    assert [h.hours for h in ds.hours_of(ids[0])] == [1.0]
    assert ds == fresh(db_path)


def test_deletes_and_ticks_of_its_own_show_at_once(store, db_path):
    ids = _team(store)
    keep, _ = store.add_hours(ids[0], DAYS[0], 2, "", TODAY)
    gone, _ = store.add_hours(ids[0], DAYS[1], 3, "", TODAY)
    store.load()
    store.delete_hours(gone.id)
    store.set_training(ids[2], "hear", True)
    checkin = store.add_checkin(ids[1], DAYS[3], "fine", TODAY)
    ds = store.load()
    assert ds.hours_of(ids[0]) == (keep,)
    assert ds.intern(ids[2]).hear
    assert ds.checkins_of(ids[1]) == (checkin,)
    assert ds == fresh(db_path)


def test_a_failed_change_leaves_the_file_and_the_dataset_as_they_were(store, db_path):
    ids = _team(store)
    store.add_hours(ids[0], DAYS[0], 2, "", TODAY)
    before = fresh(db_path)
    store.load()
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.update(HOURS, store.load().hours_of(ids[0])[0].id, {"hours": 9.0})
        tx.insert(HOURS, {"intern_id": ids[1], "date": "2024-03-05", "hours": 1.0, "note": ""})
        raise RuntimeError("the user cancelled")
    assert store.load() == before == fresh(db_path)


def test_a_change_through_tinydb_itself_is_seen(store, db_path):
    ids = _team(store)
    store.load()
    with store.transaction() as tx:
        tx.table(HOURS).insert(
            {
                "id": "via-tinydb",
                "intern_id": ids[0],
                "date": "2024-03-05",
                "hours": 1.5,
                "deleted": False,
            }
        )
        found = tx.table(HOURS).search(where("intern_id") == ids[0])
        assert [h["id"] for h in found] == ["via-tinydb"]
        entry = tx.insert(
            HOURS, {"intern_id": ids[0], "date": "2024-03-06", "hours": 1.0, "note": ""}
        )
    hours = store.load().hours_of(ids[0])
    assert [h.id for h in hours] == ["via-tinydb", entry["id"]]
    assert store.load() == fresh(db_path)


def test_new_records_take_the_next_tinydb_key_and_tinydb_reads_them(store, db_path):
    ids = _team(store)
    store.add_hours(ids[0], DAYS[0], 2, "", TODAY)
    store.add_hours(ids[1], DAYS[0], 2, "", TODAY)
    data = orjson.loads(db_path.read_bytes())
    assert sorted(data[INTERNS], key=int) == ["1", "2", "3"]
    assert sorted(data[HOURS], key=int) == ["1", "2"]
    db = TinyDB(db_path)
    try:
        assert len(db.table(HOURS)) == 2
        doc = {"id": "x", "intern_id": ids[2], "date": "2024-03-05", "hours": 1.0}
        assert db.table(HOURS).insert(doc) == 3  # TinyDB goes on counting
    finally:
        db.close()
    entry, _ = store.add_hours(ids[2], DAYS[0], 2, "", TODAY)
    data = orjson.loads(db_path.read_bytes())
    assert sorted(data[HOURS], key=int) == ["1", "2", "3", "4"]
    assert data[HOURS]["4"]["id"] == entry.id
    assert store.load() == fresh(db_path)


def test_a_bad_record_written_elsewhere_is_named_as_a_fresh_read_names_it(store, db_path):
    ids = _team(store)
    for day in DAYS[:3]:
        store.add_hours(ids[0], day, 1, "", TODAY)
        store.add_hours(ids[1], day, 1, "", TODAY)
    store.load()

    def damage(data):
        hours = list(data[HOURS].values())
        hours[1]["date"] = "someday"
        hours[4]["hours"] = "lots"

    _edit_file(db_path, damage)
    with pytest.raises(DataFileError) as from_scratch:
        fresh(db_path)
    with pytest.raises(DataFileError) as cached:
        store.load()
    assert str(cached.value) == str(from_scratch.value)


def test_the_flat_hours_are_sorted_by_date_like_each_interns(store, db_path):
    ids = _team(store)
    for n, day in enumerate(reversed(DAYS[:6])):
        store.add_hours(ids[n % 3], day, 1, "", TODAY)
    ds = store.load()
    assert [h.date for h in ds.hours] == sorted(DAYS[:6])
    assert ds.hours == fresh(db_path).hours


OPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "delete", "tick", "checkin", "edit", "fail"]),
        st.booleans(),  # which store does it
        st.integers(0, 2),  # which intern
        st.integers(0, len(DAYS) - 1),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_two_stores_always_agree_with_the_file(tmp_path_factory, ops):
    db_path = tmp_path_factory.mktemp("cache") / "team.json"
    mine, theirs = Store(db_path, "me"), Store(db_path, "them")
    ids = _team(mine)
    for op, by_me, who, day in ops:
        store = mine if by_me else theirs
        intern = ids[who]
        if op == "add":
            store.add_hours(intern, DAYS[day], 0.25, f"n{day}", TODAY, allow_over=True)
        elif op == "delete":
            entries = store.load().hours_of(intern)
            if entries:
                store.delete_hours(entries[day % len(entries)].id)
        elif op == "tick":
            store.set_training(intern, "pre", day % 2 == 0)
        elif op == "checkin":
            store.add_checkin(intern, DAYS[day], f"note {day}", TODAY)
        elif op == "edit":

            def change(data, intern=intern, day=day):
                for doc in data[HOURS].values():
                    if doc["intern_id"] == intern:
                        doc["note"] = f"edited {day}"
                        break

            _edit_file(db_path, change)
        else:
            with pytest.raises(RuntimeError), store.transaction() as tx:
                tx.insert(HOURS, {"intern_id": intern, "date": "2024-03-05", "hours": 1.0})
                raise RuntimeError("cancelled")
        expected = fresh(db_path)
        assert mine.load() == expected
        assert theirs.load() == expected
        assert mine.load().hours == expected.hours
        totals = [(p.intern.id, p.hours, p.status) for p in expected.progress_all(TODAY)]
        for store in (mine, theirs):
            # Totals the store added up from the stored records, before any conversion.
            assert [
                (p.intern.id, p.hours, p.status) for p in store.load().progress_all(TODAY)
            ] == totals


def test_flat_hours_read_before_a_save_are_not_kept_after_it(store, db_path):
    ids = _team(store)
    store.add_hours(ids[0], DAYS[0], 1, "", TODAY)
    assert len(store.load().hours) == 1  # computed (and cached) on the old Dataset
    entry, _ = store.add_hours(ids[1], DAYS[1], 1, "", TODAY)
    assert store.load().hours[-1] == entry
    assert store.load().hours == fresh(db_path).hours


def test_a_dataset_handed_out_earlier_keeps_showing_what_it_was_built_from(store, db_path):
    ids = _team(store)
    entry, _ = store.add_hours(ids[0], DAYS[0], 2, "", TODAY)
    Store(db_path, "other").add_hours(ids[1], DAYS[1], 3, "", TODAY)
    earlier = store.load()  # re-read: nobody has asked for anyone's entries yet
    store.delete_hours(entry.id)
    store.set_training(ids[0], "post", True)
    assert earlier.hours_of(ids[0]) == (entry,)
    assert earlier.progress(earlier.intern(ids[0]), TODAY).hours == 2
    assert not earlier.intern(ids[0]).post_training
    assert store.load().hours_of(ids[0]) == ()
    assert store.load().progress(store.load().intern(ids[0]), TODAY).hours == 0


def test_a_damaged_entry_is_refused_at_load_though_entries_are_converted_later(db_path):
    writer = Store(db_path, "me")
    ids = _team(writer)
    writer.add_hours(ids[0], DAYS[0], 2, "", TODAY)

    def damage(data):
        next(iter(data[HOURS].values()))["hours"] = "two"

    _edit_file(db_path, damage)
    with pytest.raises(DataFileError, match="hours"):
        Store(db_path, "fresh").load()
    with pytest.raises(DataFileError, match="hours"):
        writer.load()
