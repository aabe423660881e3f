"""One change to the file's records, through TinyDB's tables, with who and when stamped.

The typed commands (:mod:`.interns`, :mod:`.hours`, ...) make their changes through a
:class:`Transaction`: new records get a uuid, created/updated stamps and their author;
changed records get a new updated stamp and author; nothing is ever removed (a delete is a
tombstone). Every call goes through TinyDB's Table API (``insert``, ``update``), found by
document id through the storage's id index.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from tinydb.table import Table

from ..domain.dataset import Dataset
from ..domain.errors import NotFoundError
from .tinystore import DataFileStorage, MicroTinyDB

Doc = dict[str, Any]

_NOUNS = {"interns": "intern", "hours": "hours entry", "checkins": "check-in", "cohorts": "cohort"}


@dataclass
class Transaction:
    """The records of the file during one change, with TinyDB tables to change them.

    Attributes:
        db: TinyDB over the records being changed.
        before: the Dataset of the records as the transaction found them (rules are
            checked against it; converted only when asked, and from cache).
        author: who is making the change (stamped on every record it changes).
        stamp_time: when (UTC ISO-8601), the same for every record of the change.
        on_saved: called after the file is saved, still under the lock.
        notes: things the change wants said to the user (e.g. "both texts kept").
    """

    db: MicroTinyDB
    storage: DataFileStorage
    author: str
    stamp_time: str
    #: The Dataset of the records as the transaction found them (before its own changes).
    before: Callable[[], Dataset]
    on_saved: list[Callable[[], None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def table(self, name: str) -> Table:
        """TinyDB's table ``name`` of the records being changed."""
        return self.db.table(name)

    def docs(self, name: str) -> list[Doc]:
        """Every stored record of ``name``, tombstones included (do not change them)."""
        return list(self.storage.read().get(name, {}).values())

    def get(self, name: str, record_id: str) -> Doc | None:
        """The stored record with this id (live or a tombstone), or None."""
        key = self.storage.key_of(name, record_id)
        return None if key is None else self.storage.read()[name][key]

    def find(self, name: str, record_id: str) -> Doc:
        """The live record with this id.

        Raises:
            NotFoundError: when there is none (or it was deleted).
        """
        doc = self.get(name, record_id)
        if doc is None or doc.get("deleted") is True:
            raise NotFoundError(f"no {_NOUNS.get(name, name)} with id {record_id!r}")
        return doc

    def insert(self, name: str, fields: Doc) -> Doc:
        """Add a record with a new uuid, created/updated stamps and the author."""
        doc = {
            "id": str(uuid.uuid4()),
            **fields,
            "deleted": False,
            "created": self.stamp_time,
            "updated": self.stamp_time,
            "author": self.author,
        }
        self.put(name, doc)
        return doc

    def put(self, name: str, doc: Doc) -> None:
        """Store ``doc`` as it is: in place of the record with its id, or as a new record.

        For records made elsewhere (a merge, an outbox replay): no stamp is changed.
        """
        key = self.storage.key_of(name, doc["id"])
        table = self.table(name)
        if key is None:
            doc_id = table.insert(doc)
            self.storage.indexed(name, doc["id"], str(doc_id))
        else:

            def replace(stored: MutableMapping[str, Any]) -> None:
                stored.clear()
                stored.update(doc)

            table.update(replace, doc_ids=[int(key)])

    def update(self, name: str, record_id: str, fields: Doc, *, drop: tuple[str, ...] = ()) -> Doc:
        """Change fields of a live record, stamping when and by whom; returns the record.

        Args:
            name: the table.
            record_id: the record's id.
            fields: the fields to set.
            drop: fields to remove from the record.

        Raises:
            NotFoundError: when there is no such live record.
        """
        self.find(name, record_id)
        key = self.storage.key_of(name, record_id)
        assert key is not None
        changes = {**fields, "updated": self.stamp_time, "author": self.author}

        def change(stored: MutableMapping[str, Any]) -> None:
            for field_name in drop:
                stored.pop(field_name, None)
            stored.update(changes)

        self.table(name).update(change if drop else changes, doc_ids=[int(key)])
        return dict(self.storage.read()[name][key])

    def upsert(self, name: str, record_id: str, fields: Doc) -> Doc:
        """Change a record if it exists, otherwise add it under ``record_id``."""
        existing = self.get(name, record_id)
        created = existing.get("created", self.stamp_time) if existing else self.stamp_time
        doc = {
            **fields,
            "id": record_id,
            "deleted": False,
            "created": created,
            "updated": self.stamp_time,
            "author": self.author,
        }
        self.put(name, doc)
        return doc
