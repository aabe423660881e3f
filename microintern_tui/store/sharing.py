"""Sharing the file: conflicted copies, repair, the outbox, the lock, backups and restore.

The part of the Store a team on a shared drive leans on, kept apart from the core (reading,
one transaction per change: :mod:`.core`) so that each stays one job. The app and the CLI
use only these methods, never the lock or the copies' modules themselves.
"""

from __future__ import annotations

import os
from typing import Any

from . import backups, conflicts, lock
from .backups import Backup
from .codec import decode, read_limited
from .copies import MergeReport, join_duplicates, merge_copies
from .core import StoreCore
from .errors import DataFileError
from .gate import check_source
from .lock import Holder
from .outbox import Entry

#: What identifies a copy already refused: its size and mtime (refused again only if moved).
_Seen = tuple[int, int]


class SharingCommands(StoreCore):
    """Conflicted copies, repair, outbox, lock and backups (see the module doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Copies the gate refused, by path: not parsed again on every poll until they change.
        self._refused: dict[str, tuple[_Seen, conflicts.ConflictCopy]] = {}

    def _refused_seen(self) -> dict[str, tuple[_Seen, conflicts.ConflictCopy]]:
        return self._refused

    @staticmethod
    def _stat(path: os.PathLike[str]) -> _Seen | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns)

    def _copies_to_try(self) -> bool:
        """Whether a copy beside the file is new, or changed since it was refused."""
        refused = self._refused_seen()
        for path, _client in conflicts.candidates(self.file.path):
            known = refused.get(str(path))
            if known is None or known[0] != self._stat(path):
                return True
        return False

    def _refused_copies(self) -> tuple[conflicts.ConflictCopy, ...]:
        refused = self._refused_seen()
        present = {str(p) for p, _c in conflicts.candidates(self.file.path)}
        for name in list(refused):
            if name not in present:
                del refused[name]
        return tuple(copy for _seen, copy in refused.values())

    def _remember_refused(self, report: MergeReport) -> None:
        refused = self._refused_seen()
        for copy in report.skipped:
            seen = self._stat(copy.path)
            if seen is not None:
                refused[str(copy.path)] = (seen, copy)

    def find_conflicts(self) -> list[conflicts.ConflictCopy]:
        """Conflicted copies beside the file, each saying whether it can be merged."""
        with self._mutex:
            return conflicts.find_conflicts(self.file.path, self.file_id())

    def merge_conflicts(self, *, dry_run: bool = False) -> MergeReport:
        """Merge every conflicted copy of this team's file into it, record by record.

        Each copy is checked whole through the gate first: a copy with a bad record (or one
        that would break a rule of the file) is left where it is and listed in
        ``report.skipped`` with the record and field; the other copies still merge. Merged
        copies are moved into ``.microintern-merged/`` once the merged file is saved.

        Args:
            dry_run: work out and report the changes, write and move nothing.

        Raises:
            DataFileError: when the data file itself cannot be used.
            LockTimeoutError: when another writer holds the lock.
            SaveError: when the merged file could not be saved.
        """
        with self._mutex:
            if dry_run:
                return merge_copies(self.file.path, self._refresh(), dry_run=True)[1]
            # Checked first without the lock, so that an app polling for copies takes the
            # lock (and parses copies) only when there is something new to merge.
            if not self._copies_to_try():
                return MergeReport(dry_run=False, skipped=self._refused_copies())
            with self.transaction():
                pass
            report = self.last_merge or MergeReport(dry_run=False)
            self._remember_refused(report)
            return report

    def repair(self, *, dry_run: bool = False) -> MergeReport:
        """Join records that are one real thing (one email, one cohort name, one id).

        Returns:
            The changes, as a merge report with one entry for the file itself.
        """
        with self._mutex:
            if dry_run:
                return join_duplicates(self.path, self._refresh(), dry_run=True)[1]
            with self.transaction() as tx:
                joined, report = join_duplicates(self.path, tx.storage.read(), dry_run=False)
                if report.change_count:
                    tx.storage.write(joined)
            return report

    def list_backups(self) -> list[Backup]:
        """The kept earlier versions of the file, newest first."""
        return backups.list_backups(self.file.path)

    def restore_backup(self, which: str) -> tuple[Backup, Backup | None]:
        """Put a backup back as the data file, keeping the current version as a backup first.

        Args:
            which: the backup's file name, or its number in :meth:`list_backups` (1 = newest).

        The backup passes the gate whole (schema and rules) before anything is touched. The
        current file is not read, only kept: restoring is how a damaged file is repaired.

        Returns:
            The backup restored, and the backup now holding the version it replaced (None
            when there was no file, or its backup could not be kept).

        Raises:
            NotFoundError: when there is no such backup.
            DataFileError: when the backup is damaged or breaks a rule (nothing changes).
        """
        chosen = backups.find_backup(self.file.path, which)
        try:
            raw = read_limited(chosen.path)
        except OSError as exc:
            raise DataFileError(f"cannot read {chosen.path}: {exc.strerror or exc}") from None
        check_source(f"backup {chosen.name}", chosen.path, decode(raw, chosen.path))
        with self._mutex, lock.hold(self.file.path, self.user, self.lock_timeout):
            self._dataset = None
            self._cache.forget()
            self._storage.moved()
            self.file.put_back(raw, self.user)
        return chosen, self.file.last_backup

    # -- the outbox --------------------------------------------------------------------

    def waiting(self) -> list[Entry]:
        """This machine's kept changes that the file lacks (re-applied by the next change)."""
        if self.outbox is None:
            return []
        return self.outbox.waiting(self._snapshot())

    def catch_up(self) -> MergeReport:
        """Merge new conflicted copies and re-apply waiting outbox changes, if there are any.

        For the app's poll: takes the lock only when there is something to do.

        Returns:
            What was merged and what was left alone (``last_replay`` says what was
            re-applied from the outbox).
        """
        with self._mutex:
            if not self._copies_to_try() and not self.waiting():
                self.last_replay = None
                return MergeReport(dry_run=False, skipped=self._refused_copies())
            with self.transaction():
                pass
            report = self.last_merge or MergeReport(dry_run=False)
            self._remember_refused(report)
            return report

    # -- the lock ----------------------------------------------------------------------

    def lock_holder(self) -> Holder | None:
        """Who holds (or last held) the file's lock, from the record beside the real file."""
        return lock.read_holder(self.file.path)

    def break_lock(self) -> Holder | None:
        """Break a stale lock (``lock.break_lock``); returns whose record was removed.

        Raises:
            UnlockRefused: when the lock is live or too recent to be judged abandoned.
        """
        return lock.break_lock(self.file.path)

    def backup_strays(self) -> list[str]:
        """Names in the backups folder that look like this file's backups but are not."""
        return backups.scan(self.file.path).strays
