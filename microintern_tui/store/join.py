"""One real thing is one record: joining records that two machines made for the same thing.

Two machines that import the same roster, or add the same intern, between syncs make two
interns with one email; two renames can give two cohorts one name; a hand edit or an old
tool can leave two records with one id. A merge (and ``microintern repair``) joins them:

- **One id, two records** in a table: merged into one by the merge rules
  (:func:`.merge.merge_record`), under the lower document key.
- **Interns by email** (case ignored) and **cohorts by name** (case and spacing ignored):
  the record made first (``created``, then id) is kept; each other becomes a tombstone that
  names it (``"merged_into"``). Hours and check-ins of a joined intern, and interns of a
  joined cohort, move to the record kept.
- **Ticks are set, never lost**: a training or HEAR tick set on a joined intern, in a
  version newer than the kept record's, is set on the kept record too (an untick made on
  the kept record later is newer, and stays).

Nothing here reads the clock or depends on the order copies arrive: the result is a
function of the set of records, so merging in any order gives the same records (only
TinyDB's document keys may differ). Stamps are left as they are.
"""

from __future__ import annotations

from typing import Any

from .merge import ChangeKind, RecordChange, doc_key_order, label, merge_record
from .schema import CHECKINS, COHORTS, HOURS, INTERNS, Data

Doc = dict[str, Any]
TICKS = ("pre_training", "post_training", "hear")


def _norm(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def _live(doc: Doc) -> bool:
    return doc.get("deleted") is not True


def _first_made(docs: list[tuple[str, Doc]]) -> tuple[str, Doc]:
    return min(docs, key=lambda kd: (str(kd[1].get("created", "")), str(kd[1].get("id", ""))))


def _one_per_id(table: str, records: dict[str, Doc], changes: list[RecordChange]) -> None:
    """Merge records that share an id, in place, under the lowest document key."""
    first: dict[object, str] = {}
    for key in sorted(records, key=doc_key_order):
        rid = records[key].get("id")
        if not isinstance(rid, str):
            continue
        if rid not in first:
            first[rid] = key
            continue
        keep = first[rid]
        records[keep] = merge_record(table, records[keep], records.pop(key))
        changes.append(
            RecordChange(
                table,
                rid,
                ChangeKind.JOINED,
                label(table, records[keep], {}),
                "(two records had this id)",
            )
        )


def _join_group(
    table: str, records: dict[str, Doc], key_of: Any, changes: list[RecordChange]
) -> dict[str, str]:
    """Tombstone all but the first-made live record of each group; returns id -> kept id."""
    groups: dict[str, list[tuple[str, Doc]]] = {}
    for key, doc in records.items():
        if _live(doc):
            groups.setdefault(key_of(doc), []).append((key, doc))
    moved: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        _keep_key, kept = _first_made(members)
        for key, doc in members:
            if doc is kept:
                continue
            records[key] = {**doc, "deleted": True, "merged_into": kept["id"]}
            moved[str(doc["id"])] = str(kept["id"])
            changes.append(
                RecordChange(
                    table,
                    str(doc["id"]),
                    ChangeKind.JOINED,
                    label(table, doc, {}),
                    f"into the record {kept['id']} (the same "
                    f"{'email' if table == INTERNS else 'name'})",
                )
            )
    # Tombstones joined earlier point the same way (follow chains to a live record).
    for doc in records.values():
        target = doc.get("merged_into")
        if not _live(doc) and isinstance(target, str) and target:
            moved.setdefault(str(doc.get("id")), target)
    return moved


def _final(moved: dict[str, str], rid: str) -> str:
    seen = set()
    while rid in moved and rid not in seen:
        seen.add(rid)
        rid = moved[rid]
    return rid


def _fold_ticks(interns: dict[str, Doc], moved: dict[str, str]) -> None:
    """Set on each kept intern the ticks its joined records set in newer versions."""
    by_id = {str(d.get("id")): k for k, d in interns.items() if _live(d)}
    for doc in list(interns.values()):
        if _live(doc) or not doc.get("merged_into"):
            continue
        key = by_id.get(_final(moved, str(doc.get("id"))))
        if key is None:
            continue
        kept = interns[key]
        if str(doc.get("updated", "")) <= str(kept.get("updated", "")):
            continue
        ticks = {t: True for t in TICKS if doc.get(t) is True and kept.get(t) is not True}
        if ticks:
            interns[key] = {**kept, **ticks}


def _repoint(records: dict[str, Doc], field: str, moved: dict[str, str]) -> int:
    count = 0
    for key, doc in records.items():
        old = doc.get(field)
        if isinstance(old, str) and old in moved:
            new = _final(moved, old)
            if new != old:
                records[key] = {**doc, field: new}
                count += 1
    return count


def join_data(data: Data) -> tuple[Data, list[RecordChange]]:
    """``data`` with every duplicate joined (see the module doc); and what changed.

    ``data`` is not modified.
    """
    out: Data = dict(data)
    changes: list[RecordChange] = []
    for table in (COHORTS, INTERNS, HOURS, CHECKINS):
        if table in out:
            out[table] = dict(out[table])
            _one_per_id(table, out[table], changes)
    cohorts_moved = (
        _join_group(COHORTS, out.get(COHORTS, {}), lambda d: _norm(d.get("name")), changes)
        if COHORTS in out
        else {}
    )
    interns = out.get(INTERNS, {})
    interns_moved = _join_group(INTERNS, interns, lambda d: _norm(d.get("email")), changes)
    _fold_ticks(interns, interns_moved)
    moved_count = _repoint(interns, "cohort_id", cohorts_moved)
    for table in (HOURS, CHECKINS):
        if table in out:
            moved_count += _repoint(out[table], "intern_id", interns_moved)
    if not changes and not moved_count:
        return data, []
    return out, changes
