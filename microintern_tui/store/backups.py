"""Rolling backups: every write keeps the version it replaces in ``.microintern-backups/``.

A backup is named ``<stem>.<UTC time>Z.<author><suffix>``, e.g.
``team.20240305T104207.123456Z.ann.json``: the time the version was replaced and who replaced
it. Names of one data file sort by time, so the newest ``KEEP`` are kept and older ones
removed. Several data files may share a folder: each only sees and prunes its own backups.

A backup is a hard link to the version about to be replaced, where the file system has
them: the data file is only ever replaced whole (``os.replace`` puts a new inode at its
path), so the linked inode goes on holding exactly the replaced version, and keeping it
costs one system call instead of a copy of the whole file. Where links are refused (FAT,
exFAT, some SMB shares and sandboxes), the bytes are copied.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import NotFoundError

BACKUP_DIR = ".microintern-backups"
#: How many backups of one data file are kept.
KEEP = 10
_STAMP = "%Y%m%dT%H%M%S.%f"


@dataclass(frozen=True, slots=True)
class Backup:
    """One kept version of the data file.

    Attributes:
        path: the backup file.
        taken: when it was taken (UTC): the moment this version was replaced.
        author: who made the change that replaced it (made safe for a file name).
    """

    path: Path
    taken: dt.datetime
    author: str

    @property
    def name(self) -> str:
        """The backup's file name, as ``restore`` accepts it."""
        return self.path.name


def backup_dir(data_path: Path) -> Path:
    """The folder of backups beside the data file."""
    return data_path.with_name(BACKUP_DIR)


def _safe_author(author: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", author).strip("-")[:40]
    return safe or "unknown"


def _name_pattern(data_path: Path) -> re.Pattern[str]:
    stem, suffix = data_path.stem, data_path.suffix
    return re.compile(
        rf"^{re.escape(stem)}\.(?P<ts>\d{{8}}T\d{{6}}\.\d{{6}})Z\."
        rf"(?P<author>[A-Za-z0-9_-]+){re.escape(suffix)}$"
    )


def backup_name(data_path: Path, when: dt.datetime, author: str) -> str:
    """The file name of a backup of ``data_path`` taken at ``when`` (aware) by ``author``."""
    stamp = when.astimezone(dt.UTC).strftime(_STAMP)
    return f"{data_path.stem}.{stamp}Z.{_safe_author(author)}{data_path.suffix}"


def list_backups(data_path: Path) -> list[Backup]:
    """The backups of ``data_path``, newest first (none when the folder does not exist)."""
    pattern = _name_pattern(data_path)
    found = []
    try:
        entries = list(os.scandir(backup_dir(data_path)))
    except (FileNotFoundError, NotADirectoryError):
        return []
    for entry in entries:
        match = pattern.match(entry.name)
        if match is None or not entry.is_file():
            continue
        taken = dt.datetime.strptime(match["ts"], _STAMP).replace(tzinfo=dt.UTC)
        found.append(Backup(Path(entry.path), taken, match["author"]))
    found.sort(key=lambda b: b.name, reverse=True)
    return found


def keep_backup(
    data_path: Path,
    author: str,
    *,
    payload: bytes | None = None,
    now: dt.datetime | None = None,
    keep: int = KEEP,
) -> Backup | None:
    """Keep the file as it is now in the backups folder, then prune to the newest ``keep``.

    Call it just before the file is replaced: without ``payload`` the backup is a hard link
    to the file (see the module's docstring), which holds the replaced version only once
    the file has been replaced whole.

    Args:
        data_path: the data file.
        author: who is replacing this version.
        payload: the bytes to keep, when the caller has just read them (written as a copy).
        now: the time of the backup (default: the clock).
        keep: how many backups of the file to keep.

    Returns:
        The new backup, or None when there is no file to back up.

    Raises:
        OSError: when the backup could not be written (the caller decides what that means).
    """
    folder = backup_dir(data_path)
    folder.mkdir(exist_ok=True)
    when = now or dt.datetime.now(dt.UTC)
    while True:
        target = folder / backup_name(data_path, when, author)
        # A name already taken: two saves within a microsecond, or a clock that went back.
        if not target.exists():
            try:
                if payload is None:
                    payload = _link(data_path, target)
                if payload is not None:
                    _copy(payload, target)
                break
            except FileExistsError:  # another process took the name just now
                pass
            except FileNotFoundError:
                if data_path.exists():
                    raise
                return None
        when += dt.timedelta(microseconds=1)
    prune(data_path, keep)
    return Backup(target, when.astimezone(dt.UTC), _safe_author(author))


def _link(data_path: Path, target: Path) -> bytes | None:
    """Hard-link ``target`` to the file; None, or the file's bytes where links are refused.

    Raises:
        FileNotFoundError: when there is no file.
        FileExistsError: when ``target`` exists.
    """
    try:
        os.link(data_path, target)
    except (FileNotFoundError, FileExistsError):
        raise
    except OSError:
        # EPERM, EXDEV, ENOTSUP, EMLINK...: no links here. If the folder itself cannot be
        # written, the copy fails too and says so.
        return data_path.read_bytes()
    return None


def _copy(payload: bytes, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        # No fsync: the data file's own write is fsynced; a backup torn by a power cut is
        # refused by ``restore`` like any damaged file, and the next save makes a new one.
        tmp.write_bytes(payload)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def prune(data_path: Path, keep: int = KEEP) -> list[Backup]:
    """Remove all but the newest ``keep`` backups of ``data_path``; returns those removed."""
    removed = []
    for old in list_backups(data_path)[keep:]:
        with contextlib.suppress(FileNotFoundError):  # another machine pruned it first
            old.path.unlink()
        removed.append(old)
    return removed


def find_backup(data_path: Path, which: str) -> Backup:
    """The backup named ``which``: its file name, or its number in ``restore --list`` (1 = newest).

    Raises:
        NotFoundError: when there is no such backup.
    """
    backups = list_backups(data_path)
    if which.isdigit() and 1 <= int(which) <= len(backups):
        return backups[int(which) - 1]
    name = Path(which).name
    for backup in backups:
        if backup.name == name:
            return backup
    raise NotFoundError(
        f"no backup {which!r} of {data_path.name} in {backup_dir(data_path)}; "
        "`microintern restore --list` shows them"
    )
