"""The Store: the one way into the data file.

Every change is one transaction: take the lock beside the file, re-read the file if it
changed on disk since it was last read, apply the change through TinyDB to the records in
memory, write the whole file to a temp file in the same folder, fsync, ``os.replace``,
release the lock. Reads need no lock: the file is only ever replaced whole.

The parsed file is kept in memory between changes and only re-read when its size, mtime
or inode change, so queries never re-parse it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from ..domain.dataset import Dataset
from ..domain.errors import NotFoundError, ValidationError
from ..domain.hours import check_cap, check_new_hours, parse_hours
from ..domain.interns import InternDetails, check_details
from ..domain.models import Checkin, Cohort, HoursEntry, Intern
from ..fsio import atomic_write, sweep_leftovers
from . import backups, conflicts, lock
from .backups import Backup
from .codec import decode, encode
from .dataset_cache import DatasetCache, highest_key
from .errors import DataFileError
from .merge import MergeReport, merge_copies
from .records import (
    checkin_from_doc,
    cohort_to_fields,
    hours_from_doc,
    intern_from_doc,
)
from .schema import (
    APP_NAME,
    CHECKINS,
    COHORTS,
    HOURS,
    INTERNS,
    META,
    RECORD_TABLES,
    SCHEMA_VERSION,
    Data,
    meta_record,
)

Doc = dict[str, Any]
#: What identifies one version of the file on disk: inode, size, mtime.
Fingerprint = tuple[int, int, int]

TRAINING_FIELDS = {"pre": "pre_training", "post": "post_training", "hear": "hear"}


def now_utc() -> str:
    """The current time, UTC, ISO-8601 with microseconds (sorts as text)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def fingerprint(path: Path) -> Fingerprint | None:
    """What identifies the file's current version, or None when it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _open_fingerprint(path: Path) -> Fingerprint:
    """:func:`fingerprint` of the file, from an open handle (fresh attributes on NFS).

    Raises:
        FileNotFoundError: when there is no file.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
    finally:
        os.close(fd)
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _digest(raw: bytes) -> bytes:
    # SHA-256 rather than BLAKE2: OpenSSL's uses the CPU's SHA instructions, over twice as
    # fast here (an 80 MB file is hashed twice per save: read under the lock, and written).
    return hashlib.sha256(raw).digest()


#: How much of the file is read at a time to hash it.
_HASH_CHUNK = 1 << 20


def _file_digest(path: Path) -> bytes:
    """The digest of the file's bytes, as :func:`_digest` of them.

    Read and hashed a chunk at a time into one buffer: half the time of reading the whole
    file first (no 80 MB allocation to fault in). Not ``mmap``: a file truncated while
    mapped (a sync client writing in place) kills the process with SIGBUS.
    """
    hasher = hashlib.sha256()
    buffer = bytearray(_HASH_CHUNK)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as handle:
        while size := handle.readinto(buffer):
            hasher.update(view[:size])
    return hasher.digest()


class _BackgroundDigest:
    """:func:`_digest` of some bytes, worked out in a thread while the caller does I/O.

    hashlib releases the GIL on large inputs, and so do write and fsync: hashing a new
    version while it is written and fsynced hides the hash behind the disk.
    """

    def __init__(self, raw: bytes) -> None:
        self._raw: bytes | None = raw
        self._result: bytes | None = None
        self._thread = threading.Thread(target=self._run, name="microintern-digest")
        self._thread.start()

    def _run(self) -> None:
        assert self._raw is not None
        self._result = _digest(self._raw)
        self._raw = None

    def result(self) -> bytes:
        """The digest, once the thread has finished."""
        self._thread.join()
        assert self._result is not None
        return self._result


_log = logging.getLogger(__name__)


class LastChange(NamedTuple):
    """The newest change recorded in the file: who made it and when (UTC ISO-8601)."""

    author: str
    updated: str


class MemoryStorage(Storage):
    """A TinyDB storage over records already in memory; the Store does the file I/O.

    TinyDB reads the whole database, changes it and writes it back on every operation;
    here both are free, and the Store writes the file once per transaction.
    """

    def __init__(self, data: Data) -> None:
        self.data = data
        self.dirty = False
        # Set when records were changed other than by Transaction's own methods (a TinyDB
        # table call, a merge): the store then cannot tell which, and converts all again.
        self.rewritten = False

    def read(self) -> Data:
        return self.data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data
        self.dirty = True
        self.rewritten = True


@dataclass
class Transaction:
    """The records of the file during one change, with TinyDB tables to change them."""

    db: TinyDB
    storage: MemoryStorage
    author: str
    stamp_time: str
    #: Called after the file is saved, still under the lock (e.g. moving merged copies).
    on_saved: list[Callable[[], None]] = field(default_factory=list)
    #: Told of every record changed here, so the store converts only those again.
    cache: DatasetCache | None = None

    def table(self, name: str) -> Table:
        return self.db.table(name)

    def docs(self, name: str) -> list[Doc]:
        return list(self.storage.data.get(name, {}).values())

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
        self._add(name, doc)
        return doc

    # insert/update/upsert change the records directly, as TinyDB would (string keys
    # counting up from the highest; every record with the id updated): TinyDB copies the
    # whole table on each call, O(records) for a one-record change.

    def _add(self, name: str, doc: Doc) -> None:
        table = self.storage.data.setdefault(name, {})
        key = self.cache.next_key(self.storage.data, name) if self.cache else _next_key(table)
        while key in table:  # a TinyDB call in this transaction may have used it
            key = str(int(key) + 1)
        table[key] = doc
        self.storage.dirty = True
        if self.cache:
            self.cache.touch(name, key, doc, new=True)

    def _change(self, name: str, record_id: str, changes: Doc) -> list[tuple[Doc, Doc]]:
        # A changed record is replaced by a changed copy, never edited in place: a Dataset
        # handed out earlier may still convert the old one (see DatasetCache).
        table = self.storage.data.get(name, {})
        replaced = []
        for key in [k for k, d in table.items() if d.get("id") == record_id]:
            old = table[key]
            if self.cache:
                self.cache.touch(name, key, old, new=False)
            table[key] = {**old, **changes}
            replaced.append((old, table[key]))
        self.storage.dirty = self.storage.dirty or bool(replaced)
        return replaced

    def find(self, name: str, record_id: str) -> Doc:
        """The live record with this id.

        Raises:
            NotFoundError: when there is none (or it was deleted).
        """
        for doc in self.storage.data.get(name, {}).values():
            if doc.get("id") == record_id and not doc.get("deleted", False):
                return doc
        raise NotFoundError(f"no {name} record with id {record_id!r}")

    def update(self, name: str, record_id: str, fields: Doc) -> Doc:
        """Change fields of a live record, stamping when and by whom; returns the record."""
        doc = self.find(name, record_id)
        changes = {**fields, "updated": self.stamp_time, "author": self.author}
        return next(new for old, new in self._change(name, record_id, changes) if old is doc)

    def upsert(self, name: str, record_id: str, fields: Doc) -> None:
        """Change a record if it exists, otherwise add it under ``record_id``."""
        existing = [d for d in self.docs(name) if d.get("id") == record_id]
        created = existing[0].get("created", self.stamp_time) if existing else self.stamp_time
        doc = {
            **fields,
            "id": record_id,
            "deleted": False,
            "created": created,
            "updated": self.stamp_time,
            "author": self.author,
        }
        if not self._change(name, record_id, doc):
            self._add(name, doc)


def _next_key(table: dict[str, Doc]) -> str:
    """The key TinyDB gives the next record: one more than the highest."""
    return str(highest_key(table) + 1)


def new_file_data() -> Data:
    """The records of a brand-new data file: just its meta record."""
    return {
        META: {
            "1": {
                "app": APP_NAME,
                "schema": SCHEMA_VERSION,
                "file_id": str(uuid.uuid4()),
                "created": now_utc(),
            }
        },
        **{name: {} for name in RECORD_TABLES},
    }


class Store:
    """The data file at ``path``, opened on behalf of ``user``.

    Args:
        path: the data file; it need not exist yet (the first change creates it).
        user: recorded as the author of every change.
        lock_timeout: seconds to wait for another writer before giving up.
    """

    def __init__(self, path: Path, user: str, *, lock_timeout: float = lock.DEFAULT_TIMEOUT):
        self.path = Path(path)
        self.user = user
        self.lock_timeout = lock_timeout
        self._data: Data | None = None
        self._fingerprint: Fingerprint | None = None
        self._dataset: Dataset | None = None
        self._cache = DatasetCache(self.path)
        # The hash of the bytes last read or written, so a rewrite of the same bytes (a
        # sync client touching the file) is not taken for a change by poll_changed.
        self._digest: bytes | None = None
        #: Why the last save kept no backup (None when it did): the save itself went ahead.
        self.backup_error: str | None = None
        #: The last version found changed under a save and kept as a conflicted copy.
        self.unmerged_copy: Path | None = None
        # The app calls the store from worker threads (saves, polling); one at a time.
        self._mutex = threading.RLock()
        #: Whether this store has read or written the file (so its absence is not "new").
        self._seen_on_disk = False
        # The backup kept by the save in progress, removed if that save fails.
        self._new_backup: Backup | None = None

    # -- reading -----------------------------------------------------------------------

    def _read_file(self) -> tuple[Data, Fingerprint | None]:
        """Parse the file as it is now (a missing file reads as a fresh one)."""
        before = fingerprint(self.path)
        self._digest = None
        if before is None:
            return self._missing_file(), None
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return self._missing_file(), None
        except OSError as exc:
            raise DataFileError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        data = decode(raw, self.path)
        self._digest = _digest(raw)
        self._seen_on_disk = True
        # A version replaced while we read it is caught by the next fingerprint check.
        return data, before

    def _missing_file(self) -> Data:
        """Fresh records for a file that does not exist yet, unless it existed before.

        A file this store has read or written, now gone, is a sync client replacing it or a
        teammate moving it: starting a new file there would fork the team's data under a new
        file id (which no merge would bring back together), so refuse instead.
        """
        if self._seen_on_disk:
            raise DataFileError(
                f"{self.path} has disappeared since it was last read (a sync client may be "
                "replacing it, or it was moved); nothing was saved. Try again in a moment; "
                "if it was moved on purpose, open it where it is now."
            )
        return new_file_data()

    def _digest_on_disk(self) -> bytes | None:
        try:
            return _file_digest(self.path)
        except OSError:
            return None

    def _refresh(self, *, verify: bool = False) -> Data:
        # A missing file keeps the fresh records made for it (and so its new file id).
        stale = self._data is None or fingerprint(self.path) != self._fingerprint
        if verify and not stale and self._fingerprint is not None:
            # Before a change the bytes decide: inode, size and mtime can all survive another
            # writer's change (a coarse clock and a reused inode, a tool that writes in place
            # and keeps the mtime), and a stale copy would write over that change.
            stale = self._digest_on_disk() != self._digest
        if stale or self._data is None:
            self._data, self._fingerprint = self._read_file()
            self._dataset = None
        return self._data

    def changed_on_disk(self) -> bool:
        """Whether the file on disk differs from the version last read."""
        return self._data is None or fingerprint(self.path) != self._fingerprint

    def load(self) -> Dataset:
        """The file's records as a Dataset, re-read only if the file changed on disk.

        Raises:
            DataFileError: when the file cannot be used.
        """
        with self._mutex:
            data = self._refresh()
            if self._dataset is None:
                self._dataset = self._cache.dataset(data)
            return self._dataset

    def file_id(self) -> str:
        """The id that every copy of this team's file shares."""
        return str(self.raw_meta().get("file_id", ""))

    def exists(self) -> bool:
        """Whether the data file exists on disk."""
        return self.path.exists()

    # -- writing -----------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One change to the file: lock, re-read if changed, apply, atomic save, release.

        If the block raises, nothing is written and the in-memory copy is dropped.
        """
        if not self.path.parent.is_dir():
            raise DataFileError(
                f"the folder of {self.path} does not exist; create it or choose another --db"
            )
        with self._mutex, lock.hold(self.path, self.user, self.lock_timeout):
            try:
                data = self._refresh(verify=True)
                storage = MemoryStorage(data)
                db = TinyDB(storage=lambda: storage)
                tx = Transaction(db, storage, self.user, now_utc(), cache=self._cache)
                yield tx
                if storage.rewritten:
                    self._cache.forget()
                if storage.dirty or self._fingerprint is None:
                    existed = self._fingerprint is not None
                    payload = encode(storage.data)
                    digest = _BackgroundDigest(payload)
                    self._write(payload, backup=existed)
                    self._data = storage.data
                    self._fingerprint = fingerprint(self.path)
                    self._digest = digest.result()
                    self._dataset = None
                    self._seen_on_disk = True
                    sweep_leftovers(self.path)
                for saved in tx.on_saved:
                    saved()
            except BaseException:
                self._data = None
                self._fingerprint = None
                self._dataset = None
                self._cache.forget()
                raise

    def _dataset_of(self, tx: Transaction) -> Dataset:
        if tx.storage.rewritten:
            self._cache.forget()
        return self._cache.dataset(tx.storage.data)

    def create(self) -> None:
        """Write the file if it does not exist yet (a new, empty data file)."""
        with self.transaction():
            pass

    def _write(self, payload: bytes, *, backup: bool) -> None:
        """Put ``payload`` in place atomically, keeping a backup of the version it replaces."""
        self._new_backup = None
        try:
            atomic_write(self.path, payload, before_replace=self._keep_backup if backup else None)
        except BaseException:
            # Nothing was replaced, so there is no replaced version to keep; and a backup
            # linked to the file still in place would change with it if it were written to.
            if self._new_backup is not None:
                with contextlib.suppress(OSError):
                    self._new_backup.path.unlink()
            raise
        finally:
            self._new_backup = None

    def _keep_backup(self) -> None:
        # Runs under the lock just before the new version replaces the file. The version
        # about to be replaced must be the one this change was made to (checked by its
        # bytes under the lock moments ago, or written by us): if a sync client or a
        # machine the lock does not reach put another one there since, that version is
        # kept as a conflicted copy (_keep_unmerged) rather than replaced unseen.
        #
        # The bytes are hashed again only when inode, size or mtime moved since that check.
        # A writer that slips past this has to ignore our lock AND write in place (a
        # replace, as sync clients and microintern do, gives a new inode: the new file and
        # the old one exist at once, so they cannot share one) AND keep the size to the
        # byte AND land within the file system's mtime granule of the file's previous
        # change (a coarse clock: ns to ms on local disks, up to 2 s on FAT), all within
        # the moments between the check and the replace. Re-reading did not close that
        # window either: a change after the re-read and before the replace was missed
        # alike. The stat comes from an open file: on NFS, opening revalidates the
        # attributes that a bare stat may take from a cache.
        try:
            now = _open_fingerprint(self.path)
        except FileNotFoundError:
            return
        except OSError:
            now = None  # keep_backup tries again and says why it cannot
        current: bytes | None = None
        if self._digest is not None and now != self._fingerprint:
            try:
                current = self.path.read_bytes()
            except FileNotFoundError:
                return
            except OSError:
                current = None
            if current is not None and _digest(current) != self._digest:
                self._keep_unmerged(current)
        # A backup is a second copy, not the save: the atomic write keeps the file whole
        # without it, so a full or read-only backups folder must not stop anyone saving.
        try:
            kept = backups.keep_backup(self.path, self.user, payload=current)
            if kept is not None and current is None and self._digest is not None:
                self._check_backup(kept)
        except OSError as exc:
            self.backup_error = (
                f"could not keep a backup of {self.path.name} in "
                f"{backups.backup_dir(self.path)}: {exc.strerror or exc}; "
                "the change was saved without one"
            )
            _log.warning("microintern: warning: %s", self.backup_error)
        else:
            self._new_backup = kept
            self.backup_error = None

    def _check_backup(self, kept: Backup) -> None:
        """Make sure a backup taken from the file (link or copy) holds the version checked.

        A hard link to the checked inode does, by the reasoning in :meth:`_keep_backup`.
        Anything else (a copy where links are refused, or a file replaced between the stat
        and the link) is hashed, and kept as a conflicted copy if it is another version.
        """
        st = kept.path.stat()
        if (st.st_ino, st.st_size, st.st_mtime_ns) == self._fingerprint:
            return
        raw = kept.path.read_bytes()
        if _digest(raw) != self._digest:
            self._keep_unmerged(raw)

    def _keep_unmerged(self, current: bytes) -> None:
        # The file changed after this change read it, though the lock is held: a sync client
        # or a machine the lock does not reach wrote it. Saving would replace that version
        # unseen, so it is kept beside the file as a conflicted copy for the next merge.
        try:
            kept = conflicts.keep_unmerged(self.path, current)
        except OSError as exc:
            _log.warning(
                "microintern: warning: %s changed on disk while saving and that version could "
                "not be kept beside it (%s); it is in the backups folder",
                self.path.name,
                exc.strerror or exc,
            )
        else:
            self.unmerged_copy = kept
            _log.warning(
                "microintern: warning: %s changed on disk while saving; that version was kept "
                "as %s: run `microintern merge` to bring its changes in",
                self.path.name,
                kept.name,
            )

    # -- sharing: changes from elsewhere, conflicted copies, backups ---------------------

    def poll_changed(self) -> bool:
        """Whether the file on disk now holds other bytes than the version last read.

        For the app's polling worker (every second or two; inotify misses remote writes).
        One ``stat`` when nothing changed; when inode, size or mtime did, the bytes are
        hashed, so a sync client rewriting the same bytes is not a change. A missing file is
        not a change (a sync client may be replacing it). Nothing is re-read: call
        :meth:`load` when this returns True.
        """
        with self._mutex:
            now = fingerprint(self.path)
            if now is None:
                return False
            if self._data is None:
                return True
            if now == self._fingerprint:
                return False
            try:
                raw = self.path.read_bytes()
            except OSError:
                return False  # it will be there on the next poll, or load() will say why
            if self._digest is not None and _digest(raw) == self._digest:
                self._fingerprint = now  # same bytes: no need to hash them again
                return False
            return True

    def last_change(self) -> LastChange | None:
        """Who changed the file last and when: the newest ``updated`` of any record.

        None for a file with no records. Reads the file if it changed on disk.
        """
        with self._mutex:
            data = self._refresh()
        newest: LastChange | None = None
        for table in RECORD_TABLES:
            for doc in data.get(table, {}).values():
                change = LastChange(str(doc.get("author", "")), str(doc.get("updated", "")))
                if newest is None or change.updated > newest.updated:
                    newest = change
        return newest

    def find_conflicts(self) -> list[conflicts.ConflictCopy]:
        """Conflicted copies beside the file, each saying whether it can be merged."""
        with self._mutex:
            return conflicts.find_conflicts(self.path, self.file_id())

    def merge_conflicts(self, *, dry_run: bool = False) -> MergeReport:
        """Merge every conflicted copy of this team's file into it, record by record.

        In one locked transaction: the merged file is saved (with a backup), then each
        merged copy is moved into ``.microintern-merged/`` beside the file. Copies that are
        not this team's microintern file are left alone and listed in ``report.skipped``.

        Args:
            dry_run: work out and report the changes, write and move nothing.

        Raises:
            DataFileError: when the data file itself cannot be used.
            LockTimeoutError: when another writer holds the lock.
            SaveError: when the merged file could not be saved.
        """
        with self._mutex:
            if dry_run:
                return merge_copies(self.path, self._refresh(), dry_run=True)[1]
            # Checked first without the lock, so that an app polling for copies takes the
            # lock only when there is something to merge (copies are checked again under it).
            copies = conflicts.find_conflicts(self.path, self.file_id())
            if not any(c.mergeable for c in copies):
                return MergeReport(dry_run=False, skipped=tuple(copies))
            with self.transaction() as tx:
                merged, report = merge_copies(self.path, tx.storage.data, dry_run=False)
                if report.change_count:
                    tx.storage.write(merged)
                tx.on_saved.append(report.move_copies)
            return report

    def list_backups(self) -> list[Backup]:
        """The kept earlier versions of the file, newest first."""
        return backups.list_backups(self.path)

    def restore_backup(self, which: str) -> Backup:
        """Put a backup back as the data file, keeping the current version as a backup first.

        Args:
            which: the backup's file name, or its number in :meth:`list_backups` (1 = newest).

        The current file is not read, only copied: restoring is how a damaged file (not
        JSON, cut short by a crash, a newer schema) is repaired, and its bytes are kept.

        Raises:
            NotFoundError: when there is no such backup.
            DataFileError: when the backup is damaged (the data file is then unchanged).
        """
        chosen = backups.find_backup(self.path, which)
        try:
            raw = chosen.path.read_bytes()
        except OSError as exc:
            raise DataFileError(f"cannot read {chosen.path}: {exc.strerror or exc}") from None
        decode(raw, chosen.path)  # refuses a damaged backup before anything is touched
        with self._mutex, lock.hold(self.path, self.user, self.lock_timeout):
            self._data = None  # whatever happens, read the file afresh next time
            self._fingerprint = None
            self._digest = None  # nothing was read, so nothing can have changed under us
            self._dataset = None
            self._cache.forget()
            self._write(raw, backup=self.path.exists())
        return chosen

    # -- interns -----------------------------------------------------------------------

    def _intern_fields(self, ds: Dataset, details: InternDetails) -> Doc:
        cohort = ds.find_cohort(details.cohort)
        if any(i.email.casefold() == details.email.casefold() for i in ds.interns):
            raise ValidationError("email", details.email, "is already used by another intern")
        return {
            "name": details.name,
            "email": details.email,
            "employer": details.employer,
            "cohort_id": cohort.id,
            "supervisor": details.supervisor,
            "pre_training": False,
            "post_training": False,
            "hear": False,
        }

    def add_intern(
        self, name: str, email: str, employer: str, cohort: str, supervisor: str = ""
    ) -> Intern:
        """Add one intern to a cohort (by name).

        Raises:
            ValidationError: for a bad field or an email already in the file.
            NotFoundError: for an unknown cohort.
        """
        details = check_details(name, email, employer, cohort, supervisor)
        with self.transaction() as tx:
            fields = self._intern_fields(self._dataset_of(tx), details)
            doc = tx.insert(INTERNS, fields)
        return intern_from_doc(self.path, doc)

    def import_interns(self, rows: list[InternDetails]) -> list[Intern]:
        """Add many interns at once: all are checked first, and none is added if one is bad.

        Raises:
            ValidationError: for the first bad row (the caller numbers rows).
        """
        with self.transaction() as tx:
            ds = self._dataset_of(tx)
            seen: set[str] = set()
            fields = []
            for details in rows:
                key = details.email.casefold()
                if key in seen:
                    raise ValidationError("email", details.email, "appears twice in the roster")
                seen.add(key)
                fields.append(self._intern_fields(ds, details))
            docs = [tx.insert(INTERNS, f) for f in fields]
        return [intern_from_doc(self.path, d) for d in docs]

    def set_training(self, intern_id: str, which: str, done: bool) -> Intern:
        """Tick (or untick) pre-training, post-workshop or the HEAR journal."""
        field = TRAINING_FIELDS[which]
        with self.transaction() as tx:
            doc = tx.update(INTERNS, intern_id, {field: done})
        return intern_from_doc(self.path, doc)

    # -- hours -------------------------------------------------------------------------

    def add_hours(
        self,
        intern_id: str,
        date: dt.date,
        hours: float,
        note: str,
        today: dt.date,
        *,
        allow_over: bool = False,
    ) -> tuple[HoursEntry, list[str]]:
        """Record hours for an intern; returns the entry and any warnings.

        Hours that take the intern over the 40 agreed with the host employer are refused
        unless ``allow_over`` (the user confirmed); the check runs inside the transaction,
        so hours another supervisor has just recorded count too.

        Raises:
            OverCapError: when the total would go over 40 without ``allow_over``.
            ValidationError: when the hours break a rule (nothing is written).
            NotFoundError: for an unknown intern.
        """
        hours = parse_hours(hours)
        with self.transaction() as tx:
            ds = self._dataset_of(tx)
            intern = ds.intern(intern_id)
            warnings = check_new_hours(ds.hours_of(intern.id), date, hours, today)
            if not allow_over:
                check_cap(intern.name, ds.hours_of(intern.id), hours)
            doc = tx.insert(
                HOURS,
                {"intern_id": intern.id, "date": date.isoformat(), "hours": hours, "note": note},
            )
        return hours_from_doc(self.path, doc), warnings

    def delete_hours(self, entry_id: str) -> None:
        """Delete an hours entry (a tombstone stays in the file so a merge cannot revive it)."""
        with self.transaction() as tx:
            tx.update(HOURS, entry_id, {"deleted": True})

    # -- check-ins ---------------------------------------------------------------------

    def add_checkin(self, intern_id: str, date: dt.date, note: str, today: dt.date) -> Checkin:
        """Record a check-in note for an intern.

        Raises:
            ValidationError: for a date in the future.
        """
        if date > today:
            raise ValidationError(
                "date", date.isoformat(), f"is in the future (today is {today.isoformat()})"
            )
        with self.transaction() as tx:
            intern = self._dataset_of(tx).intern(intern_id)
            doc = tx.insert(
                CHECKINS,
                {"intern_id": intern.id, "date": date.isoformat(), "note": note, "revisions": []},
            )
        return checkin_from_doc(self.path, doc)

    def update_checkin(
        self, checkin_id: str, note: str, date: dt.date | None, today: dt.date
    ) -> Checkin:
        """Change a check-in's note (and date)."""
        fields: Doc = {"note": note}
        if date is not None:
            if date > today:
                raise ValidationError(
                    "date", date.isoformat(), f"is in the future (today is {today.isoformat()})"
                )
            fields["date"] = date.isoformat()
        with self.transaction() as tx:
            doc = tx.update(CHECKINS, checkin_id, fields)
        return checkin_from_doc(self.path, doc)

    def delete_checkin(self, checkin_id: str) -> None:
        """Delete a check-in (as a tombstone)."""
        with self.transaction() as tx:
            tx.update(CHECKINS, checkin_id, {"deleted": True})

    # -- cohorts -----------------------------------------------------------------------

    def save_cohort(self, cohort: Cohort, *, new: bool = False) -> Cohort:
        """Add a cohort or change an existing one's name, dates or archived flag.

        Args:
            cohort: the cohort as it should be saved (matched to a stored one by id).
            new: refuse, rather than overwrite, a cohort whose id is already taken (a new
                cohort's id comes from its name, so this is a second cohort of that name).

        Raises:
            ValidationError: when another cohort already has that name.
        """
        with self.transaction() as tx:
            ds = self._dataset_of(tx)
            for other in ds.cohorts:
                same_name = other.name.casefold() == cohort.name.casefold()
                if (other.id != cohort.id or new) and same_name:
                    raise ValidationError("cohort", cohort.name, "already exists")
                if new and other.id == cohort.id:
                    why = f"was the first name of the cohort now called {other.name!r}"
                    raise ValidationError("cohort", cohort.name, why)
            tx.upsert(COHORTS, cohort.id, cohort_to_fields(cohort))
            ds = self._dataset_of(tx)
        return ds.cohort(cohort.id)

    def set_cohort_archived(self, cohort_id: str, archived: bool) -> Cohort:
        """Archive a cohort (hidden from the home screen, still in reports) or bring it back.

        Only the flag changes: dates another supervisor saved meanwhile are kept.

        Raises:
            NotFoundError: when there is no such cohort.
        """
        with self.transaction() as tx:
            fields = cohort_to_fields(self._dataset_of(tx).cohort(cohort_id))
            fields["archived"] = archived
            tx.upsert(COHORTS, cohort_id, fields)
            ds = self._dataset_of(tx)
        return ds.cohort(cohort_id)

    def raw_meta(self) -> dict[str, Any]:
        """The meta record of the file (schema version, file id)."""
        with self._mutex:  # like every read: the app's workers share this store
            return dict(meta_record(self._refresh()))
