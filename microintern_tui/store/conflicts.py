"""Finding the copies that sync clients leave beside the data file when two machines edit it.

For a data file ``team.json`` the clients write, in the same folder:

==========================  ====================================================
client                      copy
==========================  ====================================================
Dropbox                     ``team (Ann's conflicted copy 2024-03-05).json``,
                            ``… 2024-03-05) (1).json``, ``team (Case Conflict).json``,
                            ``team (Case Conflict 1).json``,
                            ``team (Selective Sync Conflict).json``
OneDrive / SharePoint       ``team-LAPTOP-42.json`` (the machine's name, as Windows
                            spells it: capitals, digits and hyphens)
Google Drive / OneDrive     ``team (1).json``
Syncthing                   ``team.sync-conflict-20240305-101500-ABCDEF1.json``
Nextcloud / ownCloud        ``team (conflicted copy 2024-03-05 101500).json``,
                            ``team (conflicted copy ann 2024-03-05 101500).json``,
                            ``team_conflict-20240305-101500.json``
iCloud Drive                ``team 2.json``
microintern itself          ``team (changed while saving 20240305T104207123456Z).json``
                            (see :func:`keep_unmerged`)
==========================  ====================================================

A name is only a hint: a copy is merged only when it parses as a microintern data file
with the same file id in ``meta`` (see :func:`read_copy`); anything else is reported and left
alone. Folders (the backups and merged folders among them) are never candidates.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .. import fsio
from .codec import decode, read_limited
from .errors import DataFileError
from .schema import Data, meta_record

#: Where merged copies are moved, beside the data file.
MERGED_DIR = ".microintern-merged"

_DATE = r"\d{4}-\d{2}-\d{2}"


def _patterns(stem: str, suffix: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    s, e = re.escape(stem), re.escape(suffix)
    # Order matters only for the client named: Nextcloud's "(conflicted copy DATE TIME)"
    # is tried before Dropbox's "(NAME's conflicted copy DATE)".
    return (
        (
            "Nextcloud/ownCloud",
            re.compile(rf"^{s} \(conflicted copy (?:.+ )?{_DATE} \d{{6}}\){e}$"),
        ),
        ("ownCloud", re.compile(rf"^{s}_conflict-\d{{8}}-\d{{6}}{e}$")),
        (
            "Dropbox",
            re.compile(
                rf"^{s} \((?:.+['\u2019]s )?conflicted copy(?: {_DATE})?(?: \(\d+\))?\)"
                rf"(?: \(\d+\))?{e}$"
            ),
        ),
        ("Dropbox", re.compile(rf"^{s} \((?:Case|Selective Sync) Conflict(?: \d+)?\){e}$")),
        ("Syncthing", re.compile(rf"^{s}\.sync-conflict-\d{{8}}-\d{{6}}-[A-Z0-9]{{7}}{e}$")),
        ("microintern", re.compile(rf"^{s} \(changed while saving \d{{8}}T\d{{12}}Z\){e}$")),
        ("Google Drive/OneDrive", re.compile(rf"^{s} \(\d{{1,3}}\){e}$")),
        ("iCloud Drive", re.compile(rf"^{s} (?:[2-9]|[1-9]\d){e}$")),
        # Windows computer names: at most 15 capitals, digits and hyphens (with a letter).
        # Lower case is left out so that e.g. team-notes.json is not taken for a copy.
        ("OneDrive", re.compile(rf"^{s}-(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{{0,14}}{e}$")),
    )


def client_of(data_path: Path, name: str) -> str | None:
    """The sync client whose conflicted-copy name for ``data_path`` is ``name``, if any."""
    if name == data_path.name:
        return None
    for client, pattern in _patterns(data_path.stem, data_path.suffix):
        if pattern.match(name):
            return client
    return None


@dataclass(frozen=True, slots=True)
class ConflictCopy:
    """A file beside the data file named like a sync client's conflicted copy.

    Attributes:
        path: the copy.
        client: the sync client its name comes from (e.g. ``Dropbox``).
        problem: why it will not be merged (not a microintern file, another team's file, a
            newer schema...), or None when it can be merged.
    """

    path: Path
    client: str
    problem: str | None = None

    @property
    def mergeable(self) -> bool:
        """Whether the copy is this team's data file and can be merged."""
        return self.problem is None


def candidates(data_path: Path) -> list[tuple[Path, str]]:
    """Files beside ``data_path`` whose names are conflicted copies of it, with their client."""
    try:
        entries = list(os.scandir(data_path.parent))
    except FileNotFoundError:
        return []
    found = []
    for entry in entries:
        client = client_of(data_path, entry.name)
        if client is not None and entry.is_file():
            found.append((Path(entry.path), client))
    found.sort(key=lambda pc: pc[0].name)
    return found


def read_copy(path: Path, file_id: str) -> Data:
    """The records of a conflicted copy, checked to be this team's data file.

    Raises:
        DataFileError: saying, in a few words naming the copy, why it cannot be merged.
    """
    try:
        raw = read_limited(path)
        data = decode(raw, Path(path.name))
    except OSError as exc:
        raise DataFileError(f"{path.name} cannot be read: {exc.strerror or exc}") from None
    except DataFileError as exc:
        # decode's advice is about the data file itself; a copy only needs the reason.
        raise DataFileError(str(exc).split(";", 1)[0]) from None
    other = meta_record(data).get("file_id")
    if other != file_id:
        raise DataFileError(
            f"{path.name} is another team's microintern file (file id {other!r}, not {file_id!r})"
        )
    return data


def find_conflicts(data_path: Path, file_id: str) -> list[ConflictCopy]:
    """Every conflicted copy beside ``data_path``, each checked by content."""
    copies = []
    for path, client in candidates(data_path):
        problem = None
        try:
            read_copy(path, file_id)
        except DataFileError as exc:
            problem = str(exc)
        copies.append(ConflictCopy(path, client, problem))
    return copies


def keep_unmerged(data_path: Path, payload: bytes, *, now: dt.datetime | None = None) -> Path:
    """Keep a version of the file that a save would replace unseen, as a conflicted copy.

    A save re-reads the file under the lock, so the file should not change before it is
    replaced; when it does (a sync client, or a machine that ignores the lock, wrote it),
    that version is written beside the file under a conflicted-copy name, and the next
    merge folds it back in.

    Returns:
        The copy written.
    """
    when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    while True:
        stamp = when.strftime("%Y%m%dT%H%M%S%f")
        target = data_path.with_name(
            f"{data_path.stem} (changed while saving {stamp}Z){data_path.suffix}"
        )
        if not target.exists():
            break
        when += dt.timedelta(microseconds=1)
    try:
        # Derived from the data file: its mode, never readable by others.
        fsio.atomic_write(target, payload, mode=fsio.derived_mode(data_path))
    except fsio.NotDurable:
        pass  # in place: the next merge finds it
    except fsio.WriteFault as exc:
        raise OSError(str(exc)) from None
    return target


def merged_path(data_path: Path, copy: Path, stamp: str) -> Path:
    """Where a merged copy goes: the merged folder, under its own name if that is free.

    Args:
        data_path: the data file.
        copy: the conflicted copy.
        stamp: a UTC time stamp made safe for a file name, added when the name is taken.
    """
    folder = data_path.with_name(MERGED_DIR)
    target = folder / copy.name
    if not target.exists():
        return target
    n = 0
    while True:
        extra = f".{stamp}" + (f"-{n}" if n else "")
        target = folder / f"{copy.stem}{extra}{copy.suffix}"
        if not target.exists():
            return target
        n += 1
