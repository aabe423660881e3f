"""TinyDB is the database (issue 10, "The rebuilt store"): its file format, its Table API.

- A plain ``TinyDB(path)`` opens the file the store wrote and reads the same records.
- :class:`~microintern_tui.store.tinystore.MicroTable` overrides two internals of TinyDB's
  ``Table`` (``_update_table`` and ``_get_next_id``) and hands the updaters a mapping of its
  own. If TinyDB changes them (or how its updaters use the mapping), a test here fails.
- Random sequences of insert/update/remove/upsert through MicroTable on our storage give the
  same records, document ids and answers as stock TinyDB on its MemoryStorage.
"""

from __future__ import annotations

import copy
import hashlib
import inspect
import json
from collections.abc import Callable
from typing import Any

import pytest
import tinydb
from hypothesis import given, settings
from hypothesis import strategies as st
from team_files import COPY_NAMES, add_record, hours_doc, intern_id, make_team, raw, write_json
from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Document, Table

from microintern_tui.store.store import Store
from microintern_tui.store.tinystore import DataFileStorage, MicroTinyDB


def test_a_plain_tinydb_reads_the_records_the_store_wrote(db_path, file_hash):
    make_team(db_path)
    data = raw(db_path)
    write_json(
        db_path.with_name(COPY_NAMES["Dropbox"]),
        add_record(data, "hours", hours_doc(intern_id(data, "bo@uni.example"))),
    )
    store = Store(db_path, "sam")
    store.merge_conflicts()  # a merge writes the file too
    store.delete_hours(store.load().hours[0].id)
    written = raw(db_path)
    before = file_hash(db_path)

    db = TinyDB(db_path, access_mode="r")
    try:
        assert set(db.tables()) == set(written)
        for name, docs in written.items():
            read = {doc.doc_id: dict(doc) for doc in db.table(name).all()}
            assert read == {int(key): doc for key, doc in docs.items()}, name
        assert db.table("interns").search(Query().email == "bo@uni.example")[0]["name"] == (
            "Bo Chen"
        )
    finally:
        db.close()
    assert file_hash(db_path) == before


#: SHA-256 of the source of each part of TinyDB 4.9.0's Table that MicroTable relies on:
#: the methods it overrides, and the updaters it runs over its own mapping.
PINNED = {
    "_update_table": "38caea1438f9f4c8f75249576d872a2c0a5e2f4b8bd254623787c6b87daf48dc",
    "_get_next_id": "261a7b28dab880e0586cde57dabccfa2c23856edc674cfde3592ebde4c165a51",
    "insert": "8a466898b4012cfb05ef15c2d40b6d5d516eb32da4c49a2c10c429eda4a0342f",
    "insert_multiple": "49b1b081aa4f3bb9788419fe6ab283f3b1fa2f0fdf5f4878fffbb910d532b574",
    "update": "92c5a0b785cfbb169bd22b4a867f0f8f0ae8d1c46ea430ad00cf06461a5d3634",
    "update_multiple": "6fb45ec24aac41518f1c836c9dd35b09183b1426d486e7d7f14e34176842dccc",
    "upsert": "d4eb63442d80c18cd17445ec2ce79072d03d3bb4b0fb030ce400b04197fbb31e",
    "remove": "df838af387df6d0bd28e89058e7b138b9d5c1f8c27e02b7c2a2e5d100b4e07c4",
    "truncate": "ee138c96a00b682db3b60da1420446cd65de111b653800fc8c267d9a1621d478",
    "_read_table": "c2eb8da7a59e79f609a0d44ddd621d642435777e42874620bbdb522611de99a1",
}


def _digest(name: str) -> str:
    return hashlib.sha256(inspect.getsource(getattr(Table, name)).encode()).hexdigest()


@pytest.mark.parametrize("name", PINNED)
def test_the_tinydb_internals_micro_table_relies_on_are_unchanged(name):
    assert tinydb.__version__ == "4.9.0", "TinyDB moved: check MicroTable, then these digests"
    assert _digest(name) == PINNED[name], (
        f"TinyDB's Table.{name} changed: check that MicroTable (store/tinystore.py) still "
        "does what it does, then record the new digest here"
    )


def test_micro_table_overrides_what_stock_tinydb_calls():
    """Stock insert/update/remove/truncate change a table only through _update_table, and
    number new documents only through _get_next_id: the two methods MicroTable overrides."""
    calls: list[str] = []

    class Spy(Table):
        def _update_table(self, updater: Callable[..., None]) -> None:
            calls.append("_update_table")
            super()._update_table(updater)

        def _get_next_id(self) -> int:
            calls.append("_get_next_id")
            return int(super()._get_next_id())  # type: ignore[no-untyped-call]

    class SpyDB(TinyDB):
        table_class = Spy

    table = SpyDB(storage=MemoryStorage).table("t")
    table.insert({"v": 1})
    assert calls == ["_get_next_id", "_update_table"]
    for call in (
        lambda: table.insert_multiple([{"v": 2}]),
        lambda: table.update({"v": 3}, doc_ids=[1]),
        lambda: table.update_multiple([({"v": 4}, Query().v == 3)]),
        lambda: table.upsert({"v": 5}, Query().v == 4),
        lambda: table.remove(doc_ids=[1]),
        lambda: table.truncate(),
    ):
        calls.clear()
        call()
        assert "_update_table" in calls


# -- the same records as stock TinyDB --------------------------------------------------

values = st.integers(min_value=0, max_value=5)
docs = st.fixed_dictionaries({"v": values, "k": st.sampled_from(["a", "b"])})
ops = st.one_of(
    st.tuples(st.just("insert"), docs),
    st.tuples(st.just("insert_document"), docs, st.integers(min_value=1, max_value=30)),
    st.tuples(st.just("insert_multiple"), st.lists(docs, max_size=3)),
    st.tuples(st.just("update_query"), docs, values),
    st.tuples(st.just("update_ids"), docs, st.lists(st.integers(1, 12), max_size=3)),
    st.tuples(st.just("update_callable"), values),
    st.tuples(st.just("update_multiple"), docs, values),
    st.tuples(st.just("upsert"), docs, values),
    st.tuples(st.just("remove_query"), values),
    st.tuples(st.just("remove_ids"), st.lists(st.integers(1, 12), max_size=3)),
    st.tuples(st.just("truncate")),
)


def _bump(doc: dict[str, Any]) -> None:
    doc["v"] = doc["v"] + 10
    doc.pop("k", None)


def _apply(table: Table, op: tuple[Any, ...]) -> Any:
    kind, *args = op
    v = Query().v
    try:
        if kind == "insert":
            return table.insert(args[0])
        if kind == "insert_document":
            return table.insert(Document(args[0], doc_id=args[1]))
        if kind == "insert_multiple":
            return table.insert_multiple(args[0])
        if kind == "update_query":
            return table.update(args[0], v == args[1])
        if kind == "update_ids":
            return table.update(args[0], doc_ids=args[1])
        if kind == "update_callable":
            return table.update(_bump, v >= args[0])
        if kind == "update_multiple":
            return table.update_multiple([(args[0], v == args[1])])
        if kind == "upsert":
            return table.upsert(args[0], v == args[1])
        if kind == "remove_query":
            return table.remove(v == args[0])
        if kind == "remove_ids":
            return table.remove(doc_ids=args[0])
        table.truncate()
        return None
    except ValueError as exc:  # a Document id already taken: both refuse alike
        return ("refused", str(exc))
    except KeyError:  # an id removed twice in one call (the key's type may differ)
        return ("refused", "KeyError")


def _records(table: Table) -> dict[int, dict[str, Any]]:
    return {doc.doc_id: dict(doc) for doc in table.all()}


@settings(max_examples=300, deadline=None)
@given(start=st.lists(docs, max_size=6), steps=st.lists(ops, max_size=12))
def test_micro_table_gives_what_stock_tinydb_gives(start, steps):
    stock = TinyDB(storage=MemoryStorage).table("t")
    stock.insert_multiple(start)
    base = {"t": {str(k): v for k, v in _records(stock).items()}}
    stock = TinyDB(storage=MemoryStorage).table("t")  # a fresh table over the same records
    stock._storage.write(json.loads(json.dumps(base)))  # noqa: SLF001

    kept = copy.deepcopy(base)
    storage = DataFileStorage(lambda: base)
    micro = MicroTinyDB(storage=lambda: storage).table("t")
    with storage.transaction(base):
        for op in steps:
            answer = _apply(micro, op)
            assert answer == _apply(stock, op), op
            if isinstance(answer, tuple):  # refused: the store's transaction ends there
                break
            assert _records(micro) == _records(stock), op
    assert base == kept  # the records it started from are never changed in place
