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
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import fsio
from .gate import new_problems
from .join import join_data
from .merge import label, merge_record
from .outbox_file import Match, OutboxFile, State, scrub_folder
from .records import CONVERTERS, RecordError
from .schema import CHECKINS, COHORTS, HOURS, INTERNS, Data, meta_record
from .tinystore import Touched

Doc = dict[str, Any]
#: How long an entry is kept when no other machine saves the file meanwhile.
MAX_AGE = dt.timedelta(days=30)
MACHINE_FILE = "machine-id"
_NOUNS = {INTERNS: "intern", HOURS: "hours", CHECKINS: "check-in", COHORTS: "cohort"}


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

    def describe(self, names: Mapping[str, str]) -> str:
        """The change in words, e.g. ``added hours: 2 h on 2024-03-12 for Ann Lee``.

        Args:
            names: intern names by id (for hours and check-ins).

        The text holds names from the data file: show it through the literal-text helper.
        """
        if self.doc.get("deleted") is True:
            verb = "deleted"
        elif self.doc.get("created") == self.doc.get("updated"):
            verb = "added"
        else:
            verb = "changed"
        noun = _NOUNS.get(self.table, self.table)
        return f"{verb} {noun}: {label(self.table, self.doc, dict(names))}"


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


def _finder(data: Data) -> Callable[[str, str], Doc | None]:
    """Find a stored record by table and id; each table is indexed once, when first asked."""
    indexes: dict[str, dict[str, Doc]] = {}

    def find(table: str, record_id: str) -> Doc | None:
        index = indexes.get(table)
        if index is None:
            index = indexes[table] = {str(d.get("id")): d for d in data.get(table, {}).values()}
        return index.get(record_id)

    return find


def _entries(state: State) -> list[Entry]:
    out = [Entry(e["table"], dict(e["doc"]), e["kept"]) for e in state["entries"].values()]
    return sorted(out, key=lambda e: (e.kept, e.table, e.record_id))


class Outbox:
    """The outbox of one machine and user, for any team file.

    Args:
        folder: where outbox files are kept (made private on first use): one per user.
        machine: this machine's id (:func:`machine_id`).
        data_file: the data file whose changes it keeps (its place on this machine).
        now: the wall clock (UTC), for keeping and expiring entries.
        user: whose outbox it is: only records this user changed are kept (None: any).
    """

    def __init__(
        self,
        folder: Path,
        machine: str,
        data_file: Path,
        now: Callable[[], dt.datetime] | None = None,
        *,
        user: str | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.machine = machine
        self.user = user
        self._place = hashlib.sha256(os.fsencode(fsio.resolve(data_file))).hexdigest()[:16]
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self._notices: list[str] = []

    def path_for(self, file_id: str) -> Path:
        """The outbox file of the team file ``file_id`` at this outbox's data file."""
        safe = "".join(c for c in file_id if c.isalnum() or c == "-")[:64] or "unknown"
        return self.folder / f"{safe}-{self._place}.json"

    def take_notices(self) -> list[str]:
        """Things worth telling the user once (a damaged outbox kept aside), then forgotten."""
        notices, self._notices = self._notices, []
        return notices

    def _file(self, data: Data) -> OutboxFile:
        file_id = str(meta_record(data).get("file_id", ""))
        return OutboxFile(self.path_for(file_id), file_id, self._notices.append, self._now)

    def _stamp(self, when: dt.datetime) -> str:
        return when.astimezone(dt.UTC).isoformat(timespec="microseconds")

    # -- reading -------------------------------------------------------------------------

    def entries(self, data: Data) -> list[Entry]:
        """Every change kept for the team file ``data`` belongs to, oldest first."""
        return _entries(self._file(data).read())

    def review(self, data: Data) -> list[tuple[Entry, bool]]:
        """Every change kept, oldest first, each with whether ``data`` holds it."""
        find = _finder(data)
        return [
            (entry, holds(entry.table, entry.doc, find(entry.table, entry.record_id)))
            for entry in self.entries(data)
        ]

    def waiting(self, data: Data) -> list[Entry]:
        """The kept changes that ``data`` lacks: what a writing command would re-apply."""
        return [entry for entry, held in self.review(data) if not held]

    # -- keeping, confirming, expiring ---------------------------------------------------

    def keep(self, data: Data, touched: list[Touched]) -> None:
        """Keep the records a saved transaction changed (their versions in ``data``).

        Only records the transaction really changed, and (when the outbox has a user) whose
        change this user made: the outbox never holds another person's changes.

        Raises:
            OSError: the outbox is busy or cannot be read (nothing is written over it).
            fsio.WriteFault: it could not be written.
        """
        kept = self._stamp(self._now())
        with self._file(data).change() as state:
            for table, key, old in touched:
                doc = data.get(table, {}).get(key)
                if table not in CONVERTERS or doc is None or doc == old:
                    continue
                if self.user is not None and doc.get("author") != self.user:
                    continue
                state["entries"][f"{table}/{doc.get('id')}"] = {
                    "table": table,
                    "doc": doc,
                    "kept": kept,
                }
            self._expire(state)

    def confirm(self, data: Data) -> None:
        """Drop what a version written by another machine holds; expire old entries.

        Never raises: an outbox that cannot be changed now keeps its entries, and the next
        read tries again.
        """
        meta = meta_record(data)
        outbox = self._file(data)
        if not outbox.exists():
            return
        foreign = str(meta.get("saved_by", "")) not in ("", self.machine)
        with contextlib.suppress(OSError, fsio.WriteFault), outbox.change() as state:
            if foreign:
                state["foreign_seen"] = self._stamp(self._now())
                find = _finder(data)
                state["entries"] = {
                    name: entry
                    for name, entry in state["entries"].items()
                    if not holds(
                        entry["table"], entry["doc"], find(entry["table"], entry["doc"]["id"])
                    )
                }
            self._expire(state)

    def _expire(self, state: dict[str, Any]) -> None:
        """Drop entries older than :data:`MAX_AGE` kept since another machine last saved.

        An entry kept before another machine's version was seen stays until a version
        holds it: it may well be a change that version dropped.
        """
        cutoff = self._stamp(self._now() - MAX_AGE)
        seen = str(state.get("foreign_seen", ""))
        state["entries"] = {
            name: entry
            for name, entry in state["entries"].items()
            if not (entry["kept"] < cutoff and seen < entry["kept"])
        }

    # -- forgetting ----------------------------------------------------------------------

    def scrub(self, match: Match) -> int:
        """Remove every entry ``match`` selects from every outbox file of this folder.

        For erasing a person or purging a cohort (``forget``, ``purge``): their changes must
        not come back from an outbox. Returns how many entries were removed.
        """
        return scrub_folder(self.folder, match, self._notices.append, self._now)

    # -- re-applying ---------------------------------------------------------------------

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


def about_interns(intern_ids: Collection[str]) -> Match:
    """A :data:`Match` for everything about these interns: their records, hours, check-ins."""
    ids = set(intern_ids)

    def match(table: str, doc: Doc) -> bool:
        if table == INTERNS:
            return doc.get("id") in ids or doc.get("merged_into") in ids
        return table in (HOURS, CHECKINS) and doc.get("intern_id") in ids

    return match
