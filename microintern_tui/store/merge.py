"""Merging two versions of the data file record by record, so that nothing is lost.

Rules, per table, for records with the same ``id``:

- A tombstone (``"deleted": true``) beats a live version, however new: a delete is never
  undone by a merge (deletes are rare and deliberate; an edit made elsewhere meanwhile did
  not know of it).
- Otherwise the newer ``updated`` wins; a tie is broken by ``author``, then by the record's
  canonical JSON, so the winner does not depend on which side is which.
- Check-in notes: when the two versions' notes differ, the losing text is kept in the
  winner's ``revisions`` as ``{note, updated, author}`` (revisions of both sides are kept
  too), and the report says so. The text may be an older one rather than a concurrent edit:
  without a common ancestor the two cannot be told apart, and keeping it loses nothing.
- A record on one side only is kept. Hours entries, like every record, are matched by id,
  so each entry survives exactly once.

``merge_data(a, b)`` and ``merge_data(b, a)`` hold the same records (:func:`records_of`; only
TinyDB's internal document keys may differ), and merging a result again with either side
changes nothing. The meta record keeps the file id, the larger schema and the earlier
creation time.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson

from .conflicts import ConflictCopy, candidates, merged_path, read_copy
from .errors import DataFileError, SaveError
from .schema import CHECKINS, COHORTS, HOURS, INTERNS, META, Data, meta_record

Doc = dict[str, Any]


def _canon(value: object) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _rank(doc: Doc) -> tuple[bool, str, str, bytes]:
    body = {k: v for k, v in doc.items() if k != "revisions"}
    return (
        doc.get("deleted") is True,
        str(doc.get("updated", "")),
        str(doc.get("author", "")),
        _canon(body),
    )


def _revision_of(doc: Doc) -> Doc:
    return {
        "note": str(doc.get("note", "")),
        "updated": str(doc.get("updated", "")),
        "author": str(doc.get("author", "")),
    }


def _revisions(doc: Doc) -> list[Doc]:
    revs = doc.get("revisions")
    return [r for r in revs if isinstance(r, dict)] if isinstance(revs, list) else []


def merge_record(table: str, a: Doc, b: Doc) -> Doc:
    """The merge of two versions of one record (see the module doc for the rules)."""
    if a == b:
        return a
    win, lose = (a, b) if _rank(a) >= _rank(b) else (b, a)
    if table != CHECKINS:
        return win
    kept: dict[bytes, Doc] = {}
    for rev in [*_revisions(win), *_revisions(lose)]:
        kept.setdefault(_canon(rev), rev)
    if lose.get("note") != win.get("note"):
        rev = _revision_of(lose)
        kept.setdefault(_canon(rev), rev)
    note = win.get("note")
    revisions = sorted(
        (r for r in kept.values() if r.get("note") != note),
        key=lambda r: (str(r.get("updated", "")), str(r.get("author", "")), _canon(r)),
    )
    return {**win, "revisions": revisions}


def _key_of(doc: Doc) -> str:
    rid = doc.get("id")
    # A record without an id cannot be matched; its whole content stands in for one.
    return rid if isinstance(rid, str) else "#" + _canon(doc).decode()


def _by_id(table: str, docs: dict[str, Doc]) -> dict[str, tuple[str, Doc]]:
    """Records by id, with their document key; duplicates of one id are merged."""
    out: dict[str, tuple[str, Doc]] = {}
    for doc_key in sorted(docs, key=_doc_key_order):
        doc = docs[doc_key]
        rid = _key_of(doc)
        if rid in out:
            first_key, first = out[rid]
            out[rid] = (first_key, merge_record(table, first, doc))
        else:
            out[rid] = (doc_key, doc)
    return out


def _doc_key_order(key: str) -> tuple[int, str]:
    return (int(key), key) if key.isdigit() else (1 << 62, key)


def merge_meta(a: Doc, b: Doc) -> Doc:
    """The meta record of a merge: same file id, larger schema, earlier creation."""
    out: Doc = {}
    for key in sorted(set(a) | set(b)):
        if key not in a or key not in b:
            out[key] = a[key] if key in a else b[key]
        elif a[key] == b[key]:
            out[key] = a[key]
        elif key == "schema" and isinstance(a[key], int) and isinstance(b[key], int):
            out[key] = max(a[key], b[key])
        elif key == "created":
            out[key] = min(str(a[key]), str(b[key]))
        else:
            out[key] = max(a[key], b[key], key=_canon)
    return out


class ChangeKind(StrEnum):
    """What a merge did to one record of the file merged into."""

    ADDED = "added"
    UPDATED = "updated"
    DELETED = "deleted"
    BOTH_NOTES = "both-notes"


@dataclass(frozen=True, slots=True)
class RecordChange:
    """One record the merge changed in the file merged into.

    Attributes:
        table: the record's table.
        record_id: its id.
        kind: added, updated, deleted, or a check-in whose two texts were both kept.
        label: what the record is, in words (e.g. ``2.5 h on 2024-03-05 for Ann Lee``).
        detail: for a check-in with both texts kept, whose text is the note and whose
            the revision.
    """

    table: str
    record_id: str
    kind: ChangeKind
    label: str
    detail: str = ""

    def describe(self) -> str:
        """One line for a person, e.g. ``added hours: 2.5 h on 2024-03-05 for Ann Lee``."""
        noun = {INTERNS: "intern", HOURS: "hours", CHECKINS: "check-in", COHORTS: "cohort"}.get(
            self.table, self.table
        )
        if self.kind is ChangeKind.BOTH_NOTES:
            return f"kept both texts of the {noun} note {self.label}: {self.detail}"
        return f"{self.kind.value} {noun}: {self.label}"


def _label(table: str, doc: Doc, names: dict[str, str]) -> str:
    if table == INTERNS:
        return f"{doc.get('name', '?')} <{doc.get('email', '?')}>"
    if table == COHORTS:
        return str(doc.get("name", "?"))
    who = names.get(str(doc.get("intern_id", "")), "an unknown intern")
    if table == HOURS:
        return f"{doc.get('hours', '?'):g} h on {doc.get('date', '?')} for {who}"
    if table == CHECKINS:
        return f"for {who} on {doc.get('date', '?')}"
    return str(doc.get("id", "?"))


def merge_data(base: Data, other: Data) -> tuple[Data, list[RecordChange]]:
    """Merge ``other`` into ``base``; returns the merged records and what changed in ``base``.

    Neither argument is modified. Records of ``base`` keep their document keys; records new
    from ``other`` get the next free keys, in id order.
    """
    merged: Data = {}
    touched: list[tuple[str, str, ChangeKind, Doc, Doc]] = []
    for table in sorted(set(base) | set(other)):
        if table == META:
            continue
        ours = _by_id(table, base.get(table, {}))
        theirs = _by_id(table, other.get(table, {}))
        out: dict[str, Doc] = {}
        next_key = 1 + max((int(k) for k, _ in ours.values() if k.isdigit()), default=0)
        for rid in sorted(set(ours) | set(theirs)):
            if rid in ours:
                doc_key, mine = ours[rid]
                doc = merge_record(table, mine, theirs[rid][1]) if rid in theirs else mine
            else:
                doc_key, mine = str(next_key), {}
                next_key += 1
                doc = theirs[rid][1]
            out[doc_key] = doc
            kind = _change_kind(table, mine, doc)
            if kind is not None:
                touched.append((table, rid, kind, mine, doc))
        merged[table] = out
    base_meta = _single(base.get(META, {})) or ("1", {})
    other_meta = _single(other.get(META, {})) or ("1", {})
    merged[META] = {base_meta[0]: merge_meta(base_meta[1], other_meta[1])}
    names = {str(d.get("id")): str(d.get("name", "?")) for d in merged.get(INTERNS, {}).values()}
    changes = [
        RecordChange(t, rid, k, _label(t, d, names), _detail(k, before, d))
        for t, rid, k, before, d in touched
    ]
    return merged, changes


def _detail(kind: ChangeKind, before: Doc, after: Doc) -> str:
    if kind is not ChangeKind.BOTH_NOTES:
        return ""
    old = {_canon(r) for r in _revisions(before)}
    kept = [r for r in _revisions(after) if _canon(r) not in old]
    whose = ", ".join(sorted({str(r.get("author", "")) or "someone" for r in kept}))
    return (
        f"the two copies differed; {after.get('author') or 'someone'}'s text is the note, "
        f"{whose}'s is kept as a revision"
    )


def _single(table: dict[str, Doc]) -> tuple[str, Doc] | None:
    for key in sorted(table, key=_doc_key_order):
        if isinstance(table[key], dict):
            return key, table[key]
    return None


def _change_kind(table: str, before: Doc, after: Doc) -> ChangeKind | None:
    if before == after:
        return None
    if not before:
        return ChangeKind.ADDED
    if after.get("deleted") is True and before.get("deleted") is not True:
        return ChangeKind.DELETED
    if table == CHECKINS and len(_revisions(after)) > len(_revisions(before)):
        return ChangeKind.BOTH_NOTES
    return ChangeKind.UPDATED


def records_of(data: Data) -> dict[str, dict[str, Doc]]:
    """The records of a file by table and id, without TinyDB's document keys (for comparing)."""
    out = {
        table: {_key_of(doc): doc for doc in docs.values()}
        for table, docs in data.items()
        if table != META
    }
    meta = _single(data.get(META, {}))
    out[META] = {"meta": meta[1]} if meta else {}
    return out


@dataclass(frozen=True, slots=True)
class CopyMerge:
    """What merging one conflicted copy did (or would do).

    Attributes:
        source: the conflicted copy.
        client: the sync client that made it.
        changes: the records it changed in the data file.
        moved_to: where the copy was moved (None on a dry run).
    """

    source: Path
    client: str
    changes: tuple[RecordChange, ...]
    moved_to: Path | None = None

    def summary(self, *, dry_run: bool = False) -> str:
        """E.g. ``merged 3 changes from team (Ann's conflicted copy 2024-03-05).json``."""
        n = len(self.changes)
        verb = "would merge" if dry_run else "merged"
        return f"{verb} {n} change{'' if n == 1 else 's'} from {self.source.name}"

    @property
    def both_notes(self) -> tuple[RecordChange, ...]:
        """The check-ins whose two differing texts were both kept."""
        return tuple(c for c in self.changes if c.kind is ChangeKind.BOTH_NOTES)


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What ``Store.merge_conflicts`` did (or, on a dry run, would do).

    Attributes:
        dry_run: whether nothing was written or moved.
        merged: one entry per copy merged (or that would be), in name order.
        skipped: copies named like conflicted copies that were left alone, with the reason.
    """

    dry_run: bool
    merged: tuple[CopyMerge, ...] = ()
    skipped: tuple[ConflictCopy, ...] = ()

    @property
    def change_count(self) -> int:
        """How many records changed in the data file, over all copies."""
        return sum(len(m.changes) for m in self.merged)

    def lines(self) -> list[str]:
        """The report for a person: a summary per copy, its changes indented, then skips.

        The text holds names from the data file: show it through the literal-text helper.
        """
        out = []
        for m in self.merged:
            line = m.summary(dry_run=self.dry_run)
            if m.moved_to is not None:
                line += f" (moved to {m.moved_to.parent.name}/{m.moved_to.name})"
            out.append(line)
            out.extend(f"  {c.describe()}" for c in m.changes)
        out.extend(f"left alone: {s.problem}" for s in self.skipped)
        return out

    def move_copies(self) -> None:
        """Move each merged copy into the merged folder (after the merged file is saved).

        Raises:
            SaveError: when a copy could not be moved; its changes are in the file already,
                so merging it again changes nothing and moves it.
        """
        for m in self.merged:
            if m.moved_to is None:
                continue
            try:
                m.moved_to.parent.mkdir(exist_ok=True)
                os.replace(m.source, m.moved_to)
            except OSError as exc:
                raise SaveError(
                    f"merged {m.source.name} but could not move it into "
                    f"{m.moved_to.parent}: {exc.strerror or exc}. Its changes are saved; "
                    "merging again changes nothing and moves it."
                ) from None


def merge_copies(data_path: Path, base: Data, *, dry_run: bool) -> tuple[Data, MergeReport]:
    """Merge every conflicted copy beside ``data_path`` into ``base``, in name order.

    Reads the copies and nothing else: the caller saves the result and, unless ``dry_run``,
    calls ``report.move_copies()`` once it is saved.
    """
    file_id = str(meta_record(base).get("file_id", ""))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    merged = base
    done: list[CopyMerge] = []
    skipped: list[ConflictCopy] = []
    for path, client in candidates(data_path):
        try:
            other = read_copy(path, file_id)
        except DataFileError as exc:
            skipped.append(ConflictCopy(path, client, str(exc)))
            continue
        merged, changes = merge_data(merged, other)
        target = None if dry_run else merged_path(data_path, path, stamp)
        done.append(CopyMerge(path, client, tuple(changes), target))
    return merged, MergeReport(dry_run, tuple(done), tuple(skipped))
