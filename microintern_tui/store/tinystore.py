"""TinyDB is the database: its Table API over a Storage of ours that is the data file.

TinyDB's documented extension points are used, and nothing it does is written again:

- :class:`DataFileStorage` is a TinyDB ``Storage``. ``read()`` gives the file's records
  (re-read when the file changed on disk); ``write()`` is only allowed inside
  :meth:`DataFileStorage.transaction`, which holds the lock, re-reads a file changed on
  disk, lets TinyDB change the records, checks every record changed through the gate, and
  puts the new version in place atomically with a backup (:mod:`.datafile`).
- :class:`MicroTable` is TinyDB's ``Table`` (set through ``TinyDB.table_class``) with one
  override: stock TinyDB 4.9 re-keys a whole table in ``Table._update_table`` on every
  insert or update (a copy of 200,000 hours entries, ~180 ms, per change). Here the
  table's updaters work on the stored table in place, through :class:`RecordsView` (the
  integer document ids TinyDB's updaters expect, over the string keys of the file).
  TinyDB is pinned to 4.9.0 and ``tests/store/test_tinydb_contract.py`` fails if the
  internals this relies on change.

Records are never changed in place once read: a record an updater touches is copied first
(copy on write, table by table), so a Dataset or a reader in another thread that holds the
previous version of the records keeps seeing exactly that version.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from .schema import Data

Doc = dict[str, Any]
#: One record changed by a transaction: (table, key, the record before, or None if new).
Touched = tuple[str, str, Doc | None]


class RecordsView(MutableMapping[int, Doc]):
    """One table's records as TinyDB's updaters see them: int ids over the file's str keys.

    A record read through the view is copied into the table first (copy on write) and
    reported to ``touched`` with its previous version, once per transaction.
    """

    def __init__(self, table: dict[str, Doc], touched: Callable[[str, Doc | None], None]):
        self._table = table
        self._touched = touched
        self._copied: set[str] = set()

    def _own(self, key: str) -> None:
        if key not in self._copied:
            self._copied.add(key)
            self._touched(key, self._table.get(key))

    def __getitem__(self, doc_id: int) -> Doc:
        key = str(doc_id)
        doc = self._table[key]
        if key not in self._copied:
            self._own(key)
            doc = self._table[key] = dict(doc)
        return doc

    def __setitem__(self, doc_id: int, doc: Doc) -> None:
        key = str(doc_id)
        self._own(key)
        self._table[key] = doc

    def __delitem__(self, doc_id: int) -> None:
        key = str(doc_id)
        self._own(key)
        del self._table[key]

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self._table

    def __iter__(self) -> Iterator[int]:
        return (int(k) for k in list(self._table))

    def __len__(self) -> int:
        return len(self._table)


@dataclass
class _Working:
    """The records being changed by one transaction (tables copied as they are changed)."""

    data: Data
    views: dict[str, RecordsView] = field(default_factory=dict)
    touched: list[Touched] = field(default_factory=list)
    indexes: dict[str, dict[str, str]] = field(default_factory=dict)
    dirty: bool = False


class DataFileStorage(Storage):
    """A TinyDB storage over records held in memory, changed only inside a transaction.

    Args:
        snapshot: gives the records as they are now (the Store re-reads a changed file).
    """

    def __init__(self, snapshot: Callable[[], Data]) -> None:
        self._snapshot = snapshot
        self._working: _Working | None = None
        #: Counts the versions of the records seen: TinyDB's query caches are dropped when
        #: it moves (another writer's change read from disk).
        self.generation = 0
        #: Counts the transactions opened: TinyDB's next document id is counted afresh in each.
        self.transactions = 0
        self._indexes: dict[str, tuple[dict[str, Doc], dict[str, str]]] = {}

    # -- TinyDB's Storage interface ----------------------------------------------------

    def read(self) -> Data:
        if self._working is not None:
            return self._working.data
        return self._snapshot()

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        working = self._working
        if working is None:
            raise RuntimeError("the data file is only written inside Store.transaction()")
        if data is not working.data:
            # Stock TinyDB code (not MicroTable) hands back whole new tables.
            working.data = data
            working.touched.append(("*", "", None))
        working.dirty = True

    def close(self) -> None:
        pass

    # -- transactions ------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, current: Data) -> Iterator[_Working]:
        """Change ``current`` (the records as just re-read under the lock) through TinyDB.

        The records are not copied: each table is copied when first changed. The caller
        saves ``working.data`` when the block ends without an error, then calls
        :meth:`committed`; on an error nothing of the transaction remains.
        """
        if self._working is not None:
            raise RuntimeError("a transaction is already open on this store")
        self.transactions += 1
        self._working = _Working(dict(current))
        try:
            yield self._working
        finally:
            self._working = None

    def committed(self, working: _Working) -> None:
        """Keep the id indexes of a transaction that was saved, with the records it added."""
        for name in working.views:
            kept = self._indexes.get(name)
            index = working.indexes.get(name) or (kept[1] if kept else None)
            if index is None:
                continue
            table = working.data[name]
            for touched_name, key, _old in working.touched:
                doc = table.get(key) if touched_name == name else None
                if doc is not None:
                    index.setdefault(doc.get("id"), key)  # type: ignore[arg-type]
            self._indexes[name] = (table, index)

    def moved(self) -> None:
        """The records were replaced from outside (a re-read): drop TinyDB's caches."""
        self.generation += 1
        self._indexes.clear()

    def records_view(self, name: str) -> RecordsView:
        """The table ``name`` of the open transaction, copied on first change."""
        working = self._working
        if working is None:
            raise RuntimeError("the data file is only written inside Store.transaction()")
        view = working.views.get(name)
        if view is None:
            table = dict(working.data.get(name, {}))
            working.data[name] = table

            def touched(key: str, old: Doc | None) -> None:
                working.touched.append((name, key, old))

            view = working.views[name] = RecordsView(table, touched)
        return view

    def key_of(self, name: str, record_id: str) -> str | None:
        """The document key of the first record with ``id`` == ``record_id`` in ``name``.

        An index per table, built once per version of the records (TinyDB's own
        ``Table.get(where("id") == ...)`` would test every record on every lookup).
        """
        working = self._working
        data = working.data if working is not None else self._snapshot()
        table = data.get(name, {})
        index = working.indexes.get(name) if working is not None else None
        if index is None:
            kept = self._indexes.get(name)
            if kept is not None and (kept[0] is table or working is not None):
                # Within a transaction the table may be a copy of the one indexed; an
                # entry that no longer holds is caught below.
                index = kept[1]
            else:
                index = {}
                for doc_key, doc in table.items():
                    index.setdefault(doc.get("id"), doc_key)  # type: ignore[arg-type]
                self._indexes[name] = (table, index)
            if working is not None:
                working.indexes[name] = index
        found = index.get(record_id)
        if found is None or table.get(found, {}).get("id") != record_id:
            # Added, removed or moved by a TinyDB call: look the slow way, and remember.
            found = next((k for k, d in table.items() if d.get("id") == record_id), None)
            if found is not None:
                index[record_id] = found
        return found

    def indexed(self, name: str, record_id: str, key: str) -> None:
        """Note a record added under ``key`` (so :meth:`key_of` finds it at once)."""
        working = self._working
        index = working.indexes.get(name) if working is not None else None
        if index is not None:
            index.setdefault(record_id, key)


class MicroTable(Table):
    """TinyDB's Table, changing the stored table in place instead of re-keying all of it."""

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        storage = self._storage
        if not isinstance(storage, DataFileStorage):
            super()._update_table(updater)
            return
        view = storage.records_view(self.name)
        updater(view)  # type: ignore[arg-type]  # a MutableMapping, as the updaters need
        storage.write(storage.read())
        self.clear_cache()

    #: The transaction TinyDB's count of document ids (``_next_id``) was made in.
    _counted_in = -1

    def _get_next_id(self) -> int:
        storage = self._storage
        if isinstance(storage, DataFileStorage) and self._counted_in != storage.transactions:
            # TinyDB counts on from the highest id it last saw; the file may have changed
            # since (another writer, a merge): count afresh in each transaction.
            self._next_id = None
            self._counted_in = storage.transactions
        return int(super()._get_next_id())  # type: ignore[no-untyped-call]

    def search(self, cond: Any) -> Any:
        self._drop_stale_cache()
        return super().search(cond)

    def _drop_stale_cache(self) -> None:
        storage = self._storage
        if isinstance(storage, DataFileStorage):
            seen = getattr(self, "_generation", None)
            if seen != storage.generation:
                self.clear_cache()
                self._generation = storage.generation


class MicroTinyDB(TinyDB):
    """TinyDB with :class:`MicroTable` tables."""

    table_class = MicroTable
