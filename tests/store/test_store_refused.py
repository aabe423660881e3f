"""A file that is not ours, not JSON, newer, or empty is never written: every operation refuses."""

import datetime as dt
import json

import pytest

from microintern_tui.domain.interns import check_details
from microintern_tui.domain.programme import new_cohort
from microintern_tui.store.errors import DataFileError
from microintern_tui.store.schema import SCHEMA_VERSION
from microintern_tui.store.store import Store

D = dt.date
TODAY = D(2024, 3, 18)
SOME_ID = "00000000-0000-4000-8000-000000000000"


def _newer_file() -> bytes:
    meta = {"app": "microintern", "schema": SCHEMA_VERSION + 1, "file_id": SOME_ID}
    return json.dumps({"meta": {"1": meta}, "interns": {}}).encode()


REFUSED = {
    # content, words the message must contain
    "not-json": (b'{"meta": {"1": {"app": "microintern", "sch', "not valid JSON"),
    "json-array": (b"[1, 2, 3]\n", "not a microintern data file"),
    "plain-tinydb": (b'{"_default": {"1": {"name": "x"}}}', "not a microintern data file"),
    "other-app-meta": (b'{"meta": {"1": {"app": "other", "schema": 1}}}', "not a microintern"),
    "newer-schema": (_newer_file(), "newer microintern"),
    "bad-schema": (b'{"meta": {"1": {"app": "microintern", "schema": "two"}}}', "schema"),
    "damaged-table": (
        b'{"meta": {"1": {"app": "microintern", "schema": 1}}, "hours": [1]}',
        "damaged",
    ),
    "zero-bytes": (b"", "empty"),
    "only-whitespace": (b"\n  \n", "empty"),
}

OPERATIONS = {
    "load": lambda s: s.load(),
    "file_id": lambda s: s.file_id(),
    "raw_meta": lambda s: s.raw_meta(),
    "create": lambda s: s.create(),
    "add_intern": lambda s: s.add_intern("Ann", "ann@uni.example", "Bow", "Spring 2024"),
    "import_interns": lambda s: s.import_interns(
        [check_details("Ann", "ann@uni.example", "Bow", "Spring 2024")]
    ),
    "set_training": lambda s: s.set_training(SOME_ID, "pre", True),
    "add_hours": lambda s: s.add_hours(SOME_ID, D(2024, 3, 12), 2, "", TODAY),
    "delete_hours": lambda s: s.delete_hours(SOME_ID),
    "add_checkin": lambda s: s.add_checkin(SOME_ID, D(2024, 3, 12), "note", TODAY),
    "update_checkin": lambda s: s.update_checkin(SOME_ID, "note", None, TODAY),
    "delete_checkin": lambda s: s.delete_checkin(SOME_ID),
    "save_cohort": lambda s: s.save_cohort(new_cohort("Spring 2027", D(2027, 3, 1))),
}


@pytest.mark.parametrize("kind", REFUSED)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_operation_refuses_and_leaves_the_file_byte_for_byte(
    kind, operation, db_path, file_hash
):
    content, words = REFUSED[kind]
    db_path.write_bytes(content)
    before = file_hash(db_path)
    with pytest.raises(DataFileError) as info:
        OPERATIONS[operation](Store(db_path, "tester", lock_timeout=5))
    message = str(info.value)
    assert words in message
    assert str(db_path) in message
    assert "not changed" in message
    assert file_hash(db_path) == before
    assert not [p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_refused_file_stays_refused_on_every_try(db_path, file_hash):
    db_path.write_bytes(b"")
    store = Store(db_path, "tester")
    for _ in range(3):
        with pytest.raises(DataFileError):
            store.add_intern("Ann", "ann@uni.example", "Bow", "Spring 2024")
    assert db_path.read_bytes() == b""


def test_a_file_that_becomes_damaged_after_a_read_is_refused_too(store, db_path, file_hash):
    store.add_intern("Ann", "ann@uni.example", "Bow", "Spring 2024")
    db_path.write_bytes(b"{ half a file")
    before = file_hash(db_path)
    with pytest.raises(DataFileError, match="not valid JSON"):
        store.add_intern("Bob", "bob@uni.example", "Bow", "Spring 2024")
    assert file_hash(db_path) == before


def test_a_damaged_record_is_named_by_table_id_and_field(store, db_path, file_hash):
    ann = store.add_intern("Ann", "ann@uni.example", "Bow", "Spring 2024")
    entry, _ = store.add_hours(ann.id, D(2024, 3, 12), 2, "", TODAY)
    data = json.loads(db_path.read_text())
    for doc in data["hours"].values():
        doc["hours"] = "two"
    db_path.write_text(json.dumps(data))
    before = file_hash(db_path)
    fresh = Store(db_path, "tester")
    with pytest.raises(DataFileError) as info:
        fresh.load()
    assert "hours record" in str(info.value)
    assert entry.id in str(info.value)
    assert "'hours'" in str(info.value)
    with pytest.raises(DataFileError):
        fresh.add_hours(ann.id, D(2024, 3, 13), 2, "", TODAY)
    assert file_hash(db_path) == before
