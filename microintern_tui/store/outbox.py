"""This machine's outbox: every change it saved, kept until another machine has it too.

A sync client may drop a save: two machines save within its delay and it keeps one version
(or, with conflicted copies switched off or past its cap, no copy at all). So a change is
not safe the moment it is in the local file, which is exactly the version a sync client may
overwrite. Each change is also kept here, outside the synced folder, private (0600):

- **Kept**: every record a transaction changed, in the version it saved (one entry per
  record: a later change of the same record replaces the entry).
- **Confirmed** when the file, in a version written by *another* machine (the file's meta
  record says which machine saved it), holds the record in the same or a newer version, or
  as a tombstone. A check-in note counts only if its text is there (as the note or a
  revision): a newer version may have been written without it. Confirmed entries go.
- **Re-applied** by every writing command and the app's poll when the file lacks them, by
  the same record-by-record rules as a merge (:func:`.merge.merge_record`), through the
  gate. It is idempotent: records have ids, and a newer version or a tombstone wins.
- **Expired** after :data:`MAX_AGE` if no other machine has saved the file since the entry
  was kept (a single-machine user's outbox stays bounded).

The outbox file is ``<folder>/<file id>-<place>.json``: one per team file *and* place on
disk, so changes made in a copy of the team file (a scratch copy, a test) are never
re-applied to the real one. The caller chooses the folder (the user's data folder; under
``serve``, one per signed-in supervisor).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .. import fsio
from .gate import new_problems
from .join import join_data
from .merge import merge_record
from .records import CONVERTERS, RecordError
from .schema import CHECKINS, Data, meta_record
from .tinystore import Touched

Doc = dict[str, Any]
FORMAT = "microintern-outbox"
#: How long an entry is kept when no other machine saves the file meanwhile.
MAX_AGE = dt.timedelta(days=30)
MACHINE_FILE = "machine-id"


def machine_id(folder: Path) -> str:
    """This machine's id, made once and kept in ``folder`` (the user's data folder)."""
    path = folder / MACHINE_FILE
    try:
        text = path.read_text(encoding="ascii").strip()
        if 8 <= len(text) <= 64 and text.replace("-", "").isalnum():
            return text
    except (OSError, UnicodeDecodeError):
        pass
    made = str(uuid.uuid4())
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fsio.atomic_write(path, (made + "\n").encode("ascii"), mode=0o600)
    return made


@dataclass(frozen=True, slots=True)
class Entry:
    """One change kept in the outbox.

    Attributes:
        table: the record's table.
        doc: the record as this machine saved it.
        kept: when it was kept (UTC ISO-8601).
    """

    table: str
    doc: Doc
    kept: str

    @property
    def record_id(self) -> str:
        """The record's id."""
        return str(self.doc.get("id", ""))


@dataclass
class OutboxReport:
    """What a replay did: entries re-applied, and entries refused (kept, with why)."""

    count: int = 0
    refused: list[str] = field(default_factory=list)


def _notes_of(doc: Doc) -> set[str]:
    notes = {str(doc.get("note", ""))}
    revisions = doc.get("revisions")
    if isinstance(revisions, list):
        notes.update(str(r.get("note", "")) for r in revisions if isinstance(r, dict))
    return notes


def holds(table: str, entry: Doc, stored: Doc | None) -> bool:
    """Whether a stored record holds the change ``entry`` (same or newer, or a tombstone)."""
    if stored is None:
        return False
    if stored.get("deleted") is True or stored == entry:
        return True
    if str(stored.get("updated", "")) < str(entry.get("updated", "")):
        return False
    if table == CHECKINS and entry.get("deleted") is not True:
        # A newer note made from this version (or a later one) replaced it on purpose; one
        # made from an earlier version did not know it, unless its text was kept.
        made_from = str(stored.get("edited_from", ""))
        return made_from >= str(entry.get("updated", "")) or (
            str(entry.get("note", "")) in _notes_of(stored)
        )
    return True


def _by_id(data: Data, table: str) -> dict[str, Doc]:
    return {str(d.get("id")): d for d in data.get(table, {}).values()}


class Outbox:
    """The outbox of one machine (and user) for any team file.

    Args:
        folder: where outbox files are kept (made private on first use).
        machine: this machine's id (:func:`machine_id`).
        data_file: the data file whose changes it keeps (its place on this machine).
        now: the wall clock (UTC), for keeping and expiring entries.
    """

    def __init__(self, folder: Path, machine: str, data_file: Path, now: Any = None) -> None:
        self.folder = Path(folder)
        self.machine = machine
        self._place = hashlib.sha256(os.fsencode(fsio.resolve(data_file))).hexdigest()[:16]
        self._now = now or (lambda: dt.datetime.now(dt.UTC))

    def path_for(self, file_id: str) -> Path:
        """The outbox file of the team file ``file_id`` at this outbox's data file."""
        safe = "".join(c for c in file_id if c.isalnum() or c == "-")[:64] or "unknown"
        return self.folder / f"{safe}-{self._place}.json"

    # -- the outbox file -----------------------------------------------------------------

    def _read(self, file_id: str) -> dict[str, Any]:
        try:
            raw = self.path_for(file_id).read_bytes()
            state: dict[str, Any] = orjson.loads(raw)
            if isinstance(state, dict) and state.get("format") == FORMAT:
                entries = state.get("entries")
                if isinstance(entries, dict):
                    return state
        except (OSError, orjson.JSONDecodeError):
            pass
        return {"format": FORMAT, "file_id": file_id, "entries": {}, "foreign_seen": ""}

    def _write(self, file_id: str, state: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fsio.atomic_write(self.path_for(file_id), orjson.dumps(state), mode=0o600)

    def entries(self, data: Data) -> list[Entry]:
        """Every change kept for the team file ``data`` belongs to, oldest first."""
        file_id = str(meta_record(data).get("file_id", ""))
        state = self._read(file_id)
        out = [
            Entry(str(e.get("table")), dict(e["doc"]), str(e.get("kept", "")))
            for e in state["entries"].values()
            if isinstance(e, dict) and isinstance(e.get("doc"), dict)
        ]
        return sorted(out, key=lambda e: (e.kept, e.table, e.record_id))

    def waiting(self, data: Data) -> list[Entry]:
        """The kept changes that ``data`` lacks: what a writing command would re-apply."""
        out = []
        for entry in self.entries(data):
            stored = _by_id(data, entry.table).get(entry.record_id)
            if not holds(entry.table, entry.doc, stored):
                out.append(entry)
        return out

    # -- keeping, confirming, replaying -----------------------------------------------------

    def keep(self, data: Data, touched: list[Touched]) -> None:
        """Keep the records a saved transaction changed (their versions in ``data``)."""
        file_id = str(meta_record(data).get("file_id", ""))
        state = self._read(file_id)
        kept = self._now().isoformat(timespec="microseconds")
        for table, key, _old in touched:
            doc = data.get(table, {}).get(key)
            if table in CONVERTERS and doc is not None:
                state["entries"][f"{table}/{doc.get('id')}"] = {
                    "table": table,
                    "doc": doc,
                    "kept": kept,
                }
        self._write(file_id, state)

    def confirm(self, data: Data) -> None:
        """Drop what a version written by another machine holds; expire old entries."""
        meta = meta_record(data)
        file_id = str(meta.get("file_id", ""))
        if not self.path_for(file_id).exists():
            return
        state = self._read(file_id)
        now = self._now()
        foreign = str(meta.get("saved_by", "")) not in ("", self.machine)
        if foreign:
            state["foreign_seen"] = now.isoformat(timespec="microseconds")
        entries: dict[str, Any] = state["entries"]
        cutoff = (now - MAX_AGE).isoformat(timespec="microseconds")
        keep: dict[str, Any] = {}
        for name, entry in entries.items():
            if not isinstance(entry, dict) or not isinstance(entry.get("doc"), dict):
                continue
            table, doc = str(entry.get("table")), entry["doc"]
            if foreign and holds(table, doc, _by_id(data, table).get(str(doc.get("id")))):
                continue
            old = str(entry.get("kept", "")) < cutoff
            if old and str(state.get("foreign_seen", "")) < str(entry.get("kept", "")):
                continue
            keep[name] = entry
        if keep != entries or foreign:
            state["entries"] = keep
            with contextlib.suppress(OSError, fsio.WriteFault):
                self._write(file_id, state)

    def replay(self, path: Path, data: Data) -> tuple[Data, OutboxReport]:
        """``data`` with every kept change it lacks re-applied (through the gate).

        An entry whose record breaks its schema, or that would break a rule of the file,
        is refused (and stays in the outbox); the others are applied.
        """
        report = OutboxReport()
        waiting = self.waiting(data)
        if not waiting:
            return data, report
        usable = []
        for entry in waiting:
            convert = CONVERTERS.get(entry.table)
            try:
                if convert is None:
                    raise RecordError(path, entry.table, entry.record_id, "table", "is unknown")
                convert(path, entry.doc)
            except RecordError as exc:
                report.refused.append(exc.problem)
                continue
            usable.append(entry)
        result = _apply(data, usable)
        if new_problems(path, data, result):
            # Find the entries at fault one by one; apply the rest.
            result, accepted = data, []
            for entry in usable:
                attempt = _apply(result, [entry])
                found = new_problems(path, result, attempt)
                if found:
                    report.refused.append(found[0])
                else:
                    result = attempt
                    accepted.append(entry)
            usable = accepted
        report.count = len(usable)
        return result, report


def _apply(data: Data, entries: list[Entry]) -> Data:
    out: Data = dict(data)
    for entry in entries:
        table = dict(out.get(entry.table, {}))
        key = next((k for k, d in table.items() if d.get("id") == entry.record_id), None)
        if key is None:
            key = str(max(map(int, table), default=0) + 1)
            table[key] = entry.doc
        else:
            table[key] = merge_record(entry.table, table[key], entry.doc)
        out[entry.table] = table
    return join_data(out)[0]


def remove_outboxes(folder: Path) -> None:
    """Remove every outbox file in ``folder`` (used by tests and by ``forget``)."""
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(folder):
            if entry.name.endswith(".json"):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
