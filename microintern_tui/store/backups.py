"""Rolling backups: every write keeps the version it replaces in ``.microintern-backups/``.

A backup is named ``<stem>.<number>.<UTC time>Z.<author><suffix>``, e.g.
``team.000042.20240305T104207.123456Z.ann.json``: a number one more than the highest kept,
the time the version was replaced and who replaced it. Backups are ordered by that number,
not by the time: a machine whose clock runs ahead or behind cannot make a new backup look
older than the others (and be pruned at once). The newest ``KEEP`` are kept, never counting
out the one just made. Names from before numbering (``team.<time>Z.<author>.json``) count
as number 0. Several data files may share a folder: each only sees and prunes its own
backups; a name that looks like one of ours but is not a backup is ignored (and listed, so
``restore --list`` can say so) rather than stopping a save.

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

from .. import fsio
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
        taken: when it was taken (UTC, by the clock of the machine that took it).
        author: who made the change that replaced it (made safe for a file name).
        number: its place in the order backups were taken (0 for a name from before).
    """

    path: Path
    taken: dt.datetime
    author: str
    number: int = 0

    def order(self) -> tuple[int, dt.datetime, str]:
        """Oldest first: by number, then (within a number) by time and name."""
        return (self.number, self.taken, self.path.name)

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
    # Six digits or more, with no upper bound: a backup numbered at the top of any bound
    # would give the next one a name this no longer matches, hidden from the list forever.
    return re.compile(
        rf"^{re.escape(stem)}\.(?:(?P<n>\d{{6,}})\.)?(?P<ts>\d{{8}}T\d{{6}}\.\d{{6}})Z\."
        rf"(?P<author>[A-Za-z0-9_-]+){re.escape(suffix)}$"
    )


def backup_name(data_path: Path, number: int, when: dt.datetime, author: str) -> str:
    """The file name of backup ``number`` of ``data_path``, taken at ``when`` by ``author``."""
    stamp = when.astimezone(dt.UTC).strftime(_STAMP)
    return f"{data_path.stem}.{number:06d}.{stamp}Z.{_safe_author(author)}{data_path.suffix}"


@dataclass(frozen=True, slots=True)
class Listing:
    """What the backups folder holds for one data file.

    Attributes:
        backups: its backups, newest first.
        strays: names in the folder that look like its backups but are not (ignored).
    """

    backups: list[Backup]
    strays: list[str]


def scan(data_path: Path) -> Listing:
    """The backups of ``data_path`` and the strays beside them (empty: no folder)."""
    pattern = _name_pattern(data_path)
    found: list[Backup] = []
    strays: list[str] = []
    try:
        entries = list(os.scandir(backup_dir(data_path)))
    except (FileNotFoundError, NotADirectoryError):
        return Listing([], [])
    ours = (f"{data_path.stem}.", data_path.suffix)
    for entry in entries:
        if entry.name.startswith("."):
            continue  # a temp file of a backup being copied
        match = pattern.match(entry.name)
        try:
            if match is None or not entry.is_file(follow_symlinks=False):
                raise ValueError
            taken = dt.datetime.strptime(match["ts"], _STAMP).replace(tzinfo=dt.UTC)
        except (ValueError, OSError):
            if entry.name.startswith(ours[0]) and entry.name.endswith(ours[1]):
                strays.append(entry.name)
            continue
        found.append(Backup(Path(entry.path), taken, match["author"], int(match["n"] or 0)))
    found.sort(key=Backup.order, reverse=True)
    return Listing(found, sorted(strays))


def list_backups(data_path: Path) -> list[Backup]:
    """The backups of ``data_path``, newest first (none when the folder does not exist)."""
    return scan(data_path).backups


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
    folder.mkdir(exist_ok=True, mode=0o770)
    when = now or dt.datetime.now(dt.UTC)
    number = max((b.number for b in list_backups(data_path)), default=0) + 1
    while True:
        target = folder / backup_name(data_path, number, when, author)
        # A name already taken: another machine's backup of the same number and time.
        if not target.exists():
            try:
                if payload is None:
                    payload = _link(data_path, target)
                if payload is not None:
                    _copy(payload, target, fsio.derived_mode(data_path))
                break
            except FileExistsError:  # another process took the name just now
                pass
            except FileNotFoundError:
                if data_path.exists():
                    raise
                return None
        number += 1
    kept = Backup(target, when.astimezone(dt.UTC), _safe_author(author), number)
    prune(data_path, keep, spare=kept.path)
    return kept


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
    # The linked inode is the version about to be replaced: an older microintern may have
    # left it readable by others.
    fsio.tighten(target)
    return None


def _copy(payload: bytes, target: Path, mode: int | None) -> None:
    try:
        fsio.atomic_write(target, payload, mode=mode)
    except fsio.NotDurable:
        pass  # in place: a backup like any other
    except fsio.WriteFault as exc:
        raise OSError(str(exc)) from None


def prune(data_path: Path, keep: int = KEEP, *, spare: Path | None = None) -> list[Backup]:
    """Remove all but the newest ``keep`` backups of ``data_path``; returns those removed.

    Args:
        data_path: the data file.
        keep: how many to keep.
        spare: a backup never removed, whatever its place (the one just made).
    """
    removed = []
    for old in list_backups(data_path)[keep:]:
        if old.path == spare:
            continue
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
