"""The data file on disk: which file it is, which version we hold, and putting a new one in place.

This module knows bytes and versions, not records:

- **Which file.** The path the user named, with every symlink followed (people link a
  synced folder into their home): the lock, the temp files and the backups live beside the
  target, and the link itself is never replaced.
- **Which version.** What identifies the version read (inode, size, mtime, and the SHA-256
  of its bytes), so a change made elsewhere is noticed (a ``stat`` per look, a hash only
  when the stat moved) and a sync client rewriting the same bytes is not taken for one
  (:mod:`.versions`).
- **A new version.** Encoded, written beside the file and put in place atomically
  (:func:`microintern_tui.fsio.atomic_write`), the replaced version kept as a backup; a
  version that appeared under the lock (a sync client, a machine the lock does not reach)
  is kept as a conflicted copy rather than replaced unseen.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path

from .. import fsio
from . import backups, conflicts
from .backups import Backup
from .codec import decode, read_limited
from .errors import DataFileError
from .schema import Data
from .versions import (
    BackgroundDigest,
    Fingerprint,
    digest,
    file_digest,
    fingerprint,
    open_fingerprint,
)

_log = logging.getLogger(__name__)


def _link_problem(named: Path, path: Path) -> str | None:
    """Why a link named as the data file cannot be followed, or None when it can.

    A link to nothing is most likely a synced folder not there (yet): starting a new file
    at its target would fork the team's data under a new file id.
    """
    if not os.path.islink(named) or os.path.lexists(path):
        return None
    where = "which does not exist" if path.parent.is_dir() else "in a folder that does not exist"
    return (
        f"{named} is a link to {path}, {where}; nothing was read or changed. Check the link "
        f"(is the synced folder there?), or give --db {path} to start a new file there."
    )


def _folder_problem(named: Path, path: Path) -> str | None:
    """Why the file's folder cannot hold it (missing, or a file), or None when it can."""
    folder = path.parent
    if folder.is_dir():
        return None
    link = f" ({named} is a link to {path})" if named != path else ""
    for parent in [folder, *folder.parents]:
        if parent.exists() and not parent.is_dir():
            return f"{named}{link} is under {parent}, which is a file, not a folder"
    return f"the folder of {named}{link} does not exist; create it or choose another --db"


class DataFile:
    """The file ``named``, and the version of it this process last read or wrote.

    Not thread-safe on its own: the Store calls it under its mutex.

    Args:
        named: the data file as the user named it (a symlink is followed).
    """

    def __init__(self, named: Path) -> None:
        self.named = Path(named)
        #: The file really read and replaced: ``named`` with its links followed.
        self.path = fsio.resolve(self.named)
        problem = _link_problem(self.named, self.path)
        if problem is not None:
            raise DataFileError(problem)
        self.data: Data | None = None
        self.fingerprint: Fingerprint | None = None
        # The hash of the bytes last read or written, so a rewrite of the same bytes (a
        # sync client touching the file) is not taken for a change.
        self.digest: bytes | None = None
        #: Whether this process has read or written the file (so its absence is not "new").
        self.seen_on_disk = False
        #: Why the last save kept no backup (None when it did): the save itself went ahead.
        self.backup_error: str | None = None
        #: The backup the last save kept (None when it kept none).
        self.last_backup: Backup | None = None
        #: The last version found changed under a save and kept as a conflicted copy.
        self.unmerged_copy: Path | None = None
        #: Things worth telling the user once (a mode tightened...), taken by the Store.
        self.notices: list[str] = []
        self._new_backup: Backup | None = None

    # -- reading -----------------------------------------------------------------------

    def check_folder(self) -> None:
        """Refuse a file whose folder is missing or is a file (exit status 2).

        Raises:
            DataFileError: saying which.
        """
        problem = _folder_problem(self.named, self.path)
        if problem is not None:
            raise DataFileError(problem)

    def read(self, fresh: Data) -> None:
        """Parse the file as it is now; a missing file reads as ``fresh`` (a new file).

        Raises:
            DataFileError: the file cannot be used, or disappeared after it was read.
            EnvironmentFault: it cannot be read (permission...).
        """
        before = fingerprint(self.path)
        self.digest = None
        raw: bytes | None = None
        if before is not None:
            try:
                raw = read_limited(self.path)
            except (FileNotFoundError, NotADirectoryError):
                raw = None
            except IsADirectoryError:
                raise DataFileError(f"{self.named} is a folder, not a data file") from None
            except OSError as exc:
                raise fsio.WriteFault(fsio.fault_message(exc, self.named, "read")) from None
        if raw is None:
            self.data, self.fingerprint = self._missing(fresh), None
            return
        self.data = decode(raw, self.named)
        self.digest = digest(raw)
        self.seen_on_disk = True
        # A version replaced while we read it is caught by the next fingerprint check.
        self.fingerprint = before

    def _missing(self, fresh: Data) -> Data:
        # A file this process has read or written, now gone, is a sync client replacing it
        # or a teammate moving it: starting a new file there would fork the team's data
        # under a new file id (which no merge would bring back together), so refuse.
        if self.seen_on_disk:
            raise DataFileError(
                f"{self.named} has disappeared since it was last read (a sync client may be "
                "replacing it, or it was moved); nothing was saved. Try again in a moment; "
                "if it was moved on purpose, open it where it is now."
            )
        return fresh

    def stale(self, *, verify: bool = False) -> bool:
        """Whether the file on disk may hold another version than the one held.

        Args:
            verify: compare the bytes when inode, size and mtime agree (before a change:
                all three can survive another writer's change: a coarse clock and a reused
                inode, a tool that writes in place and keeps the mtime).
        """
        if self.data is None or fingerprint(self.path) != self.fingerprint:
            return True
        if verify and self.fingerprint is not None:
            try:
                return file_digest(self.path) != self.digest
            except OSError:
                return True
        return False

    def changed_bytes(self) -> bool:
        """Whether the file now holds other bytes than the version held (for polling).

        One ``stat`` when nothing changed; a hash when the stat moved, so a sync client
        rewriting the same bytes is not a change. A missing file is not a change (a sync
        client may be replacing it).
        """
        now = fingerprint(self.path)
        if now is None:
            return False
        if self.data is None:
            return True
        if now == self.fingerprint:
            return False
        try:
            raw = read_limited(self.path)
        except (OSError, DataFileError):
            return True  # load() will say why
        if self.digest is not None and digest(raw) == self.digest:
            self.fingerprint = now  # same bytes: no need to hash them again
            return False
        return True

    def forget(self) -> None:
        """Drop the version held: the next read parses the file afresh."""
        self.data = None
        self.fingerprint = None
        self.digest = None

    # -- writing -----------------------------------------------------------------------

    def save(self, data: Data, payload: bytes, author: str) -> None:
        """Put ``payload`` (the encoding of ``data``) in place, keeping a backup.

        Raises:
            WriteFault: the file could not be replaced; it is unchanged.
        """
        existed = self.fingerprint is not None
        if existed:
            self._tighten_once()
        hashed = BackgroundDigest(payload)
        self._write(payload, author, backup=existed)
        self.data = data
        self.fingerprint = fingerprint(self.path)
        self.digest = hashed.result()
        self.seen_on_disk = True
        fsio.sweep_leftovers(self.path)

    def put_back(self, raw: bytes, author: str) -> None:
        """Put ``raw`` (a backup's bytes) in place as it is, keeping the current file first.

        The current file is not read, only kept: restoring is how a damaged file is
        repaired, and its bytes are kept.
        """
        self.forget()
        self._write(raw, author, backup=self.path.exists())

    def _tighten_once(self) -> None:
        """Say once that a file readable by others (an older version's 0644) is no longer."""
        try:
            mode = stat.S_IMODE(os.stat(self.path).st_mode)
        except OSError:
            return
        if mode & fsio.OTHER_BITS:
            self.notices.append(
                f"{self.named} was readable by every account on this machine (mode "
                f"{mode:04o}); saved as {fsio.private_mode(mode):04o}, as student data must be"
            )
            # Earlier backups and merged copies hold the same data: close them too.
            for folder in (
                backups.backup_dir(self.path),
                self.path.with_name(conflicts.MERGED_DIR),
            ):
                with contextlib.suppress(OSError):
                    for entry in os.scandir(folder):
                        with contextlib.suppress(OSError):
                            fsio.tighten(Path(entry.path))

    def _write(self, payload: bytes, author: str, *, backup: bool) -> None:
        self._new_backup = None
        self.last_backup = None
        try:
            fsio.atomic_write(
                self.path,
                payload,
                before_replace=(lambda: self._keep_backup(author)) if backup else None,
            )
        except fsio.NotDurable as exc:
            # The new version is in place: the change is saved (made again, it would be
            # made twice), so keep its backup and say what the disk said.
            self.notices.append(str(exc))
        except BaseException:
            # Nothing was replaced, so there is no replaced version to keep; and a backup
            # linked to the file still in place would change with it if it were written to.
            if self._new_backup is not None:
                with contextlib.suppress(OSError):
                    self._new_backup.path.unlink()
            raise
        self.last_backup = self._new_backup
        self._new_backup = None

    def _keep_backup(self, author: str) -> None:
        # Runs under the lock just before the new version replaces the file. The version
        # about to be replaced must be the one this change was made to (checked by its
        # bytes under the lock moments ago, or written by us): if a sync client or a
        # machine the lock does not reach put another one there since, that version is
        # kept as a conflicted copy (_keep_unmerged) rather than replaced unseen.
        #
        # The bytes are hashed again only when inode, size or mtime moved since that check.
        # A writer that slips past this has to ignore our lock AND write in place (a
        # replace gives a new inode) AND keep the size to the byte AND land within the
        # file system's mtime granule, all within the moments between the check and the
        # replace. The stat comes from an open file: on NFS, opening revalidates the
        # attributes that a bare stat may take from a cache.
        try:
            now = open_fingerprint(self.path)
        except FileNotFoundError:
            return
        except OSError:
            now = None  # keep_backup tries again and says why it cannot
        current: bytes | None = None
        if self.digest is not None and now != self.fingerprint:
            try:
                current = self.path.read_bytes()
            except FileNotFoundError:
                return
            except OSError:
                current = None
            if current is not None and digest(current) != self.digest:
                self._keep_unmerged(current)
        # A backup is a second copy, not the save: the atomic write keeps the file whole
        # without it, so a full or read-only backups folder must not stop anyone saving.
        try:
            kept = backups.keep_backup(self.path, author, payload=current)
            if kept is not None and current is None and self.digest is not None:
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
        if (st.st_ino, st.st_size, st.st_mtime_ns) == self.fingerprint:
            return
        raw = kept.path.read_bytes()
        if digest(raw) != self.digest:
            self._keep_unmerged(raw)

    def _keep_unmerged(self, current: bytes) -> None:
        # The file changed after this change read it, though the lock is held: a sync
        # client or a machine the lock does not reach wrote it. Saving would replace that
        # version unseen, so it is kept beside the file as a conflicted copy, which the
        # next merge (every writing command's, or the app's poll) folds back in.
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
                "as %s and is merged back in by the next change",
                self.path.name,
                kept.name,
            )
