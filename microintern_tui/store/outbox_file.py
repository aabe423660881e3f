"""The outbox files on disk: each read whole, changed under a lock beside it, kept aside if damaged.

The app and a command on one machine may change the same outbox file at once (the app's
poll confirms entries while ``microintern hours add`` keeps one). Every change is therefore
read-modify-write under a lock file beside it (``<name>.lock``, :mod:`filelock`), and written
atomically (:func:`..fsio.atomic_write`, 0600), so a reader without the lock always sees one
whole version.

A file that is not an outbox any more (not JSON, another format, entries that are not
entries) is never silently dropped: under the lock, the damaged file is kept aside as
``<name>.damaged-<UTC time>`` (0600) and a notice says where; what could be read of it goes
on. A reader without the lock only skips what it cannot read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from .. import fsio

FORMAT = "microintern-outbox"
#: Selects outbox entries by (table, record): see :func:`scrub_folder`.
Match = Callable[[str, dict[str, Any]], bool]
#: How long a change waits for another process of this machine holding the outbox.
LOCK_TIMEOUT = 10.0
State = dict[str, Any]


class Damage(Exception):
    """The outbox file is not an outbox (or holds entries that are not entries)."""


def empty_state(file_id: str) -> State:
    """The state of an outbox with no entries."""
    return {"format": FORMAT, "file_id": file_id, "entries": {}, "foreign_seen": ""}


def _is_entry(entry: object) -> bool:
    if not isinstance(entry, dict):
        return False
    doc = entry.get("doc")
    return (
        isinstance(entry.get("table"), str)
        and isinstance(entry.get("kept"), str)
        and isinstance(doc, dict)
        and isinstance(doc.get("id"), str)
    )


def parse(raw: bytes, file_id: str) -> tuple[State, bool]:
    """The state in ``raw``, and whether any of it had to be left out as damaged.

    Raises:
        Damage: nothing of it is an outbox of ``file_id``.
    """
    try:
        state = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise Damage(f"it is not valid JSON ({exc})") from None
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise Damage("it is not a microintern outbox")
    if state.get("file_id") != file_id:
        raise Damage("it is the outbox of another data file")
    entries = state.get("entries")
    if not isinstance(entries, dict):
        raise Damage("its entries are not a list of changes")
    good = {name: e for name, e in entries.items() if _is_entry(e)}
    seen = state.get("foreign_seen")
    out = {
        "format": FORMAT,
        "file_id": file_id,
        "entries": good,
        "foreign_seen": seen if isinstance(seen, str) else "",
    }
    return out, len(good) != len(entries) or not isinstance(seen, str)


class OutboxFile:
    """The outbox file ``path`` of the team file ``file_id``.

    Args:
        path: the file.
        file_id: the id of the team file its changes belong to.
        notify: called with a line for the user (a damaged file kept aside).
        now: the wall clock (UTC), for naming a damaged file kept aside.
    """

    def __init__(
        self,
        path: Path,
        file_id: str,
        notify: Callable[[str], None],
        now: Callable[[], dt.datetime],
    ) -> None:
        self.path = path
        self.file_id = file_id
        self._notify = notify
        self._now = now

    @property
    def lock_path(self) -> Path:
        """The lock file beside it."""
        return self.path.with_name(self.path.name + ".lock")

    def exists(self) -> bool:
        """Whether there is an outbox file at all."""
        return self.path.exists()

    def read(self) -> State:
        """Its state as it is now, without the lock; what cannot be read is left out.

        A file that cannot be read at all (permissions) reads as empty here: nothing is
        written from this read, so nothing in it is lost.
        """
        try:
            raw = self.path.read_bytes()
        except OSError:
            return empty_state(self.file_id)
        try:
            return parse(raw, self.file_id)[0]
        except Damage:
            return empty_state(self.file_id)

    @contextlib.contextmanager
    def change(self) -> Iterator[State]:
        """Read the state under the lock, let the block change it, write it back.

        The state is written only if the block changed it (or a damaged part was kept aside).

        Raises:
            OSError: the lock cannot be had in :data:`LOCK_TIMEOUT` (``filelock.Timeout``),
                or the file exists but cannot be read: nothing is written over it.
            fsio.WriteFault: the new state could not be written (the old one stays).
        """
        import filelock  # at first use, as the store's own lock does (start-up time)

        # The user's folder and the folder of every user's folder (their names are people's
        # names): private when made here.
        self.path.parent.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path.parent.mkdir(exist_ok=True, mode=0o700)
        lock = filelock.FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT, mode=0o600)
        with lock:
            state, dirty = self._read_locked()
            before = orjson.dumps(state)
            yield state
            if dirty or orjson.dumps(state) != before:
                fsio.atomic_write(self.path, orjson.dumps(state), mode=0o600)

    def _read_locked(self) -> tuple[State, bool]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return empty_state(self.file_id), False
        try:
            state, partly = parse(raw, self.file_id)
        except Damage as exc:
            self._keep_aside(raw, str(exc), moved=True)
            return empty_state(self.file_id), False
        if partly:
            self._keep_aside(raw, "some of its entries are not changes", moved=False)
        return state, partly

    def _keep_aside(self, raw: bytes, why: str, *, moved: bool) -> None:
        stamp = self._now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        if moved:
            os.replace(self.path, aside)
        else:
            fsio.atomic_write(aside, raw, mode=0o600)
        lost = (
            "the changes in it are not re-applied" if moved else "the other changes in it are kept"
        )
        self._notify(
            f"your outbox file {self.path} was damaged ({why}); it was kept as {aside.name} "
            f"and {lost}. Check that the data file has your recent changes."
        )


def _outbox_files(folder: Path) -> list[Path]:
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    return [folder / n for n in sorted(names) if n.endswith(".json")]


def _file_id_of(path: Path) -> str:
    """The team file id an outbox file is for (from its name when it cannot be read)."""
    with contextlib.suppress(OSError, orjson.JSONDecodeError):
        state = orjson.loads(path.read_bytes())
        file_id = state.get("file_id") if isinstance(state, dict) else None
        if isinstance(file_id, str):
            return file_id
    return path.stem.rsplit("-", 1)[0]


def scrub_folder(
    folder: Path,
    match: Match,
    notify: Callable[[str], None] | None = None,
    now: Callable[[], dt.datetime] | None = None,
) -> int:
    """Remove the entries ``match`` selects from every outbox file in ``folder``.

    Each file is changed under its lock. A damaged file is kept aside as usual and
    ``notify`` is told where: the person's data may be in it (see :func:`kept_aside`).

    Returns:
        How many entries were removed.

    Raises:
        OSError: an outbox file is busy or cannot be read (the others are scrubbed first).
        fsio.WriteFault: one could not be written.
    """
    removed, failed = 0, None
    for path in _outbox_files(folder):
        outbox = OutboxFile(
            path,
            _file_id_of(path),
            notify or (lambda _line: None),
            now or (lambda: dt.datetime.now(dt.UTC)),
        )
        try:
            with outbox.change() as state:
                entries = state["entries"]
                state["entries"] = {
                    k: e for k, e in entries.items() if not match(e["table"], e["doc"])
                }
                removed += len(entries) - len(state["entries"])
        except (OSError, fsio.WriteFault) as exc:
            failed = failed or exc
    if failed is not None:
        raise failed
    return removed


def kept_aside(folder: Path) -> list[Path]:
    """The damaged outbox files kept aside in ``folder`` (not read again by microintern)."""
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    return [folder / n for n in sorted(names) if ".json.damaged-" in n]


def remove_outboxes(folder: Path) -> None:
    """Remove every outbox file in ``folder`` (used by tests)."""
    for path in _outbox_files(folder):
        with contextlib.suppress(OSError):
            path.unlink()
