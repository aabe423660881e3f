"""The Store's core: reading the file, one transaction per change, and sharing it with others.

Every change is one transaction (:meth:`StoreCore.transaction`):

1. take the lock beside the file (``lock.hold``; a timeout names the holder);
2. re-read the file if it changed on disk (its bytes decide, not only its stat);
3. merge the conflicted copies beside it and re-apply this machine's outbox changes the file
   lacks (:mod:`.merge`, :mod:`.outbox`), so sync clients' copies never pile up and a change
   a sync client dropped comes back;
4. apply the change through TinyDB (:mod:`.tinystore`);
5. check every record changed through the gate (:mod:`.records`, :mod:`.gate`);
6. write the new version atomically, keeping a backup (:mod:`.datafile`); release.

Reads need no lock: the file is only ever replaced whole, and the records in memory are
never changed in place (each transaction copies what it changes), so a reader in another
thread always sees one whole version.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..domain.dataset import Dataset
from ..domain.errors import MicroInternError
from . import conflicts, lock
from .codec import encode
from .copies import MergeReport, merge_copies
from .datafile import DataFile
from .dataset_cache import DatasetCache
from .gate import SourceRefused, new_problems, problems
from .outbox import Outbox, OutboxReport
from .records import CONVERTERS, RecordError
from .schema import APP_NAME, META, RECORD_TABLES, SCHEMA_VERSION, Data, meta_record
from .tinystore import DataFileStorage, MicroTinyDB, Touched
from .transaction import Transaction

#: The wall clock for stamps: an aware UTC datetime.
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The real wall clock, UTC."""
    return dt.datetime.now(dt.UTC)


def stamp(when: dt.datetime) -> str:
    """A time as stored: UTC, ISO-8601 with microseconds (sorts as text)."""
    return when.astimezone(dt.UTC).isoformat(timespec="microseconds")


class LastChange(NamedTuple):
    """The newest change recorded in the file: who made it and when (UTC ISO-8601)."""

    author: str
    updated: str


def new_file_data(created: str) -> Data:
    """The records of a brand-new data file: just its meta record."""
    return {
        META: {
            "1": {
                "app": APP_NAME,
                "schema": SCHEMA_VERSION,
                "file_id": str(uuid.uuid4()),
                "created": created,
            }
        },
        **{name: {} for name in RECORD_TABLES},
    }


@dataclass
class _CaughtUp:
    """The records a transaction starts from, after merging copies and replaying the outbox."""

    data: Data
    changed: bool = False
    after_save: list[Callable[[], None]] = field(default_factory=list)


class StoreCore:
    """The data file at ``path``, opened on behalf of ``user``.

    Args:
        path: the data file; it need not exist yet (the first change creates it). A
            symlink is followed: the file it points to is the one read and replaced.
        user: recorded as the author of every change.
        lock_timeout: seconds to wait for another writer before giving up.
        outbox: this machine's outbox for the file (None: changes are not kept there).
        clock: the wall clock for stamps (tests pass a clock far ahead or behind).
    """

    def __init__(
        self,
        path: Path,
        user: str,
        *,
        lock_timeout: float = lock.DEFAULT_TIMEOUT,
        outbox: Outbox | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.file = DataFile(Path(path))
        #: The data file as the user named it.
        self.path = self.file.named
        self.user = user
        self.lock_timeout = lock_timeout
        self.outbox = outbox
        self.clock = clock
        self._dataset: Dataset | None = None
        self._cache = DatasetCache(self.path)
        # The app calls the store from worker threads (saves, polling); one at a time.
        self._mutex = threading.RLock()
        self._storage = DataFileStorage(self._snapshot)
        #: TinyDB over the file's records (reads any time; writes in a transaction).
        self.db = MicroTinyDB(storage=lambda: self._storage)
        #: What the last transaction merged from conflicted copies (None: nothing).
        self.last_merge: MergeReport | None = None
        #: What the last transaction re-applied from the outbox (None: nothing).
        self.last_replay: OutboxReport | None = None

    # -- reading -----------------------------------------------------------------------

    @property
    def real_path(self) -> Path:
        """The file really read and replaced (the named path with its links followed)."""
        return self.file.path

    @property
    def backup_error(self) -> str | None:
        """Why the last save kept no backup (None when it did): the save itself went ahead."""
        return self.file.backup_error

    @property
    def unmerged_copy(self) -> Path | None:
        """The last version found changed under a save and kept as a conflicted copy."""
        return self.file.unmerged_copy

    def take_notices(self) -> list[str]:
        """Things worth telling the user once (a file's mode tightened...), then forgotten."""
        with self._mutex:
            notices, self.file.notices = self.file.notices, []
            if self.outbox is not None:
                notices += self.outbox.take_notices()
            return notices

    def _refresh(self, *, verify: bool = False) -> Data:
        if self.file.stale(verify=verify):
            self.file.read(new_file_data(stamp(self.clock())))
            self._dataset = None
            self._storage.moved()
            if self.outbox is not None and self.file.data is not None:
                self.outbox.confirm(self.file.data)
        assert self.file.data is not None
        return self.file.data

    def _snapshot(self) -> Data:
        with self._mutex:
            return self._refresh()

    def changed_on_disk(self) -> bool:
        """Whether the file on disk differs from the version last read."""
        with self._mutex:
            return self.file.stale()

    def poll_changed(self) -> bool:
        """Whether the file on disk now holds other bytes than the version last read.

        For the app's polling worker (every second or two; inotify misses remote writes).
        Nothing is re-read: call :meth:`load` when this returns True.
        """
        with self._mutex:
            return self.file.changed_bytes()

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

    def records(self) -> Data:
        """The file's stored records as read now: one whole version, never changed later."""
        return self._snapshot()

    def check(self) -> list[str]:
        """Everything wrong with the file's records, one line each; nothing is written.

        Raises:
            DataFileError: the file is not a microintern file at all (not JSON, newer...).
        """
        return problems(self.path, self._snapshot())

    def exists(self) -> bool:
        """Whether the data file exists on disk."""
        return self.file.path.exists()

    def raw_meta(self) -> dict[str, Any]:
        """The meta record of the file (schema version, file id)."""
        return dict(meta_record(self._snapshot()))

    def file_id(self) -> str:
        """The id that every copy of this team's file shares."""
        return str(self.raw_meta().get("file_id", ""))

    def last_change(self) -> LastChange | None:
        """Who changed the file last and when: the newest ``updated`` of any record."""
        data = self._snapshot()  # a whole version, never changed: no lock needed to walk it
        newest: LastChange | None = None
        for table in RECORD_TABLES:
            for doc in data.get(table, {}).values():
                change = LastChange(str(doc.get("author", "")), str(doc.get("updated", "")))
                if newest is None or change.updated > newest.updated:
                    newest = change
        return newest

    # -- writing -----------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One change to the file: lock, re-read if changed, catch up, apply, check, save.

        If the block raises, nothing is written and the records in memory are as before.
        """
        self.file.check_folder()
        with self._mutex, lock.hold(self.file.path, self.user, self.lock_timeout):
            try:
                current = self._refresh(verify=True)
                caught = self._catch_up(current)
                with self._storage.transaction(caught.data) as working:
                    base = caught.data
                    tx = Transaction(
                        self.db,
                        self._storage,
                        self.user,
                        stamp(self.clock()),
                        before=lambda: self._cache.dataset(base),
                    )
                    yield tx
                    self._check_changes(caught.data, working.data, working.touched)
                    if working.dirty or caught.changed or self.file.fingerprint is None:
                        self._save(working.data)
                        if self.outbox is not None and working.dirty:
                            self._keep_in_outbox(working.data, working.touched)
                    self._storage.committed(working)
                    if not caught.changed:
                        self._cache.advance(current, self.file.data, working.touched)
                self._dataset = None
                for action in [*caught.after_save, *tx.on_saved]:
                    action()
            except BaseException:
                self.file.forget()
                self._dataset = None
                self._cache.forget()
                self._storage.moved()
                raise

    def _keep_in_outbox(self, data: Data, touched: list[Touched]) -> None:
        # The change is saved already: an outbox that cannot be written must not turn
        # that into an error, only into a warning (the change is then only in the file).
        assert self.outbox is not None
        try:
            self.outbox.keep(data, touched)
        except (OSError, MicroInternError) as exc:
            self.file.notices.append(
                f"the change was saved, but could not be kept in your outbox "
                f"({self.outbox.folder}): {exc}; if a sync client drops it, it cannot be "
                "re-applied"
            )

    def _catch_up(self, current: Data) -> _CaughtUp:
        """Fold in what this version lacks: conflicted copies beside it, then the outbox."""
        self.last_merge = None
        self.last_replay = None
        caught = _CaughtUp(current)
        if conflicts.candidates(self.file.path):
            merged, report = merge_copies(self.file.path, current, dry_run=False)
            if report.merged or report.skipped:
                self.last_merge = report
            if report.change_count:
                caught.data, caught.changed = merged, True
            if report.merged:
                caught.after_save.append(report.move_copies)
        if self.outbox is not None:
            replayed, replay = self.outbox.replay(self.file.path, caught.data)
            if replay.count:
                caught.data, caught.changed = replayed, True
            if replay.count or replay.refused:
                self.last_replay = replay
        return caught

    def _check_changes(self, before: Data, after: Data, touched: list[Touched]) -> None:
        """Every record the change touched passes its schema; a raw rewrite, the whole gate.

        Raises:
            DataFileError: naming the record and field (nothing is written).
        """
        if any(t[0] == "*" for t in touched):
            found = new_problems(self.path, before, after)
            if found:
                raise SourceRefused("the change", found)
            return
        for table, key, _old in touched:
            doc = after.get(table, {}).get(key)
            convert = CONVERTERS.get(table)
            if doc is not None and convert is not None:
                try:
                    convert(self.path, doc)
                except RecordError as exc:
                    raise SourceRefused("the change", [exc.problem]) from None

    def _save(self, data: Data) -> None:
        meta_key = next(iter(data.get(META, {})), "1")
        meta = dict(meta_record(data))
        if self.outbox is not None:
            meta["saved_by"] = self.outbox.machine
        data[META] = {meta_key: meta}
        self.file.save(data, encode(data), self.user)

    def create(self) -> None:
        """Write the file if it does not exist yet (a new, empty data file)."""
        with self.transaction():
            pass
