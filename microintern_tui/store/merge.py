"""Merging two versions of the data file record by record, so that nothing is lost.

Rules, per table, for records with the same ``id``:

- A tombstone (``"deleted": true``) beats a live version, however new: a delete is never
  undone by a merge (deletes are rare and deliberate; an edit made elsewhere meanwhile did
  not know of it).
- A record joined into another (a tombstone naming it in ``merged_into``, see
  :mod:`.join`) was not deleted by anyone: the join only follows from the records. It ranks
  as the version it was made from, so a newer version from elsewhere wins, and the join
  that follows every merge joins that one again. Otherwise which version a join happened
  to tombstone would depend on the order copies arrive.
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

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import orjson

from .schema import CHECKINS, COHORTS, HOURS, INTERNS, META, Data

Doc = dict[str, Any]


def canon(value: object) -> bytes:
    """A record's canonical JSON (sorted keys): breaks ties the same on every machine."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def joined(doc: Doc) -> bool:
    """Whether ``doc`` is a tombstone left by a join (it names the record it joined)."""
    target = doc.get("merged_into")
    return doc.get("deleted") is True and isinstance(target, str) and bool(target)


def _rank(doc: Doc) -> tuple[bool, str, str, bytes, bool, bytes]:
    body = {k: v for k, v in doc.items() if k != "revisions"}
    was_joined = joined(doc)
    content = body
    if was_joined:  # ranks as the live version it was made from; on a tie, the join wins
        content = {k: v for k, v in body.items() if k != "merged_into"}
        content["deleted"] = False
    return (
        doc.get("deleted") is True and not was_joined,
        str(doc.get("updated", "")),
        str(doc.get("author", "")),
        canon(content),
        was_joined,
        canon(body),
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
        kept.setdefault(canon(rev), rev)
    if lose.get("note") != win.get("note"):
        rev = _revision_of(lose)
        kept.setdefault(canon(rev), rev)
    note = win.get("note")
    revisions = sorted(
        (r for r in kept.values() if r.get("note") != note),
        key=lambda r: (str(r.get("updated", "")), str(r.get("author", "")), canon(r)),
    )
    return {**win, "revisions": revisions}


def _key_of(doc: Doc) -> str:
    rid = doc.get("id")
    # A record without an id cannot be matched; its whole content stands in for one.
    return rid if isinstance(rid, str) else "#" + canon(doc).decode()


def _by_id(table: str, docs: dict[str, Doc]) -> dict[str, tuple[str, Doc]]:
    """Records by id, with their document key; duplicates of one id are merged."""
    out: dict[str, tuple[str, Doc]] = {}
    for doc_key in sorted(docs, key=doc_key_order):
        doc = docs[doc_key]
        rid = _key_of(doc)
        if rid in out:
            first_key, first = out[rid]
            out[rid] = (first_key, merge_record(table, first, doc))
        else:
            out[rid] = (doc_key, doc)
    return out


def doc_key_order(key: str) -> tuple[int, str]:
    """TinyDB document keys in number order (anything else last)."""
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
            out[key] = max(a[key], b[key], key=canon)
    return out


class ChangeKind(StrEnum):
    """What a merge did to one record of the file merged into."""

    ADDED = "added"
    UPDATED = "updated"
    DELETED = "deleted"
    BOTH_NOTES = "both-notes"
    #: Two records of one real thing made one (see :mod:`.join`).
    JOINED = "joined"


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
        if self.kind is ChangeKind.JOINED:
            return f"joined {noun}: {self.label} {self.detail}"
        return f"{self.kind.value} {noun}: {self.label}"


def label(table: str, doc: Doc, names: dict[str, str]) -> str:
    """What a record is, in words, for a report (``2.5 h on 2024-03-05 for Ann Lee``)."""
    if table == INTERNS:
        return f"{doc.get('name', '?')} <{doc.get('email', '?')}>"
    if table == COHORTS:
        return str(doc.get("name", "?"))
    who = names.get(str(doc.get("intern_id", "")), "an unknown intern")
    if table == HOURS:
        hours = doc.get("hours")
        shown = f"{hours:g}" if isinstance(hours, int | float) else "?"
        return f"{shown} h on {doc.get('date', '?')} for {who}"
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
        RecordChange(t, rid, k, label(t, d, names), _detail(k, before, d))
        for t, rid, k, before, d in touched
    ]
    return merged, changes


def _detail(kind: ChangeKind, before: Doc, after: Doc) -> str:
    if kind is not ChangeKind.BOTH_NOTES:
        return ""
    old = {canon(r) for r in _revisions(before)}
    kept = [r for r in _revisions(after) if canon(r) not in old]
    whose = ", ".join(sorted({str(r.get("author", "")) or "someone" for r in kept}))
    return (
        f"the two copies differed; {after.get('author') or 'someone'}'s text is the note, "
        f"{whose}'s is kept as a revision"
    )


def _single(table: dict[str, Doc]) -> tuple[str, Doc] | None:
    for key in sorted(table, key=doc_key_order):
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
