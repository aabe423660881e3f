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
  version newer than the kept record's, counts on the kept record too (an untick made on
  the kept record later is newer, and stays). The kept record lists such ticks in
  ``joined_ticks``, worked out afresh by every join from the records joined into it; its
  own tick fields are left as they were. (Setting them instead would be order-dependent:
  a record kept by one join and joined into another by the next would carry ticks into
  its tombstone that a join of all copies at once never gives it.) Its next edit makes
  them its own (:meth:`~.interns.InternCommands.set_training`).

Nothing here reads the clock or depends on the order copies arrive: the result is a
function of the set of records, so merging in any order gives the same records (only
TinyDB's document keys may differ). Stamps are left as they are. A joined record ranks in
a merge as the version it was made from (:func:`.merge.merge_record`), and names the
record finally kept, not one joined since. The one case where the order shows: a cohort
renamed on one machine while another joins it by its old name (the interns the join
moved stay moved); emails are never changed once an intern is added.
"""

from __future__ import annotations

from typing import Any

from .merge import ChangeKind, RecordChange, doc_key_order, joined, label, merge_record
from .records import TICKS
from .schema import CHECKINS, COHORTS, HOURS, INTERNS, Data

Doc = dict[str, Any]
#: The field of a kept intern that lists the ticks of the records joined into it.
JOINED_TICKS = "joined_ticks"


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
            own = {k: v for k, v in doc.items() if k != JOINED_TICKS}  # worked out afresh
            records[key] = {**own, "deleted": True, "merged_into": kept["id"]}
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


def _fold_ticks(interns: dict[str, Doc], moved: dict[str, str]) -> int:
    """List on each kept intern the ticks its joined records set in newer versions.

    Worked out from the records joined into it as they are now, replacing what an earlier
    join listed, so the result does not depend on the joins before it. Returns how many
    records changed.
    """
    found: dict[str, set[str]] = {}
    live = {str(d.get("id")): d for d in interns.values() if _live(d)}
    for doc in interns.values():
        if not joined(doc):
            continue
        kept = live.get(_final(moved, str(doc.get("id"))))
        if kept is None or str(doc.get("updated", "")) <= str(kept.get("updated", "")):
            continue
        newer = {t for t in TICKS if doc.get(t) is True and kept.get(t) is not True}
        found.setdefault(str(kept.get("id")), set()).update(newer)
    count = 0
    for key, doc in interns.items():
        ticks = sorted(found.get(str(doc.get("id")), ()))
        if _live(doc) and doc.get(JOINED_TICKS, []) != ticks:
            own = {k: v for k, v in doc.items() if k != JOINED_TICKS}
            interns[key] = {**own, JOINED_TICKS: ticks} if ticks else own
            count += 1
    return count


def _point_to_kept(records: dict[str, Doc], moved: dict[str, str]) -> int:
    """Make every joined record name the record finally kept (not one joined since).

    Whether a chain a -> b -> c or a -> c is left must not depend on the order copies
    arrived: a join of all of them at once makes a -> c. Returns how many changed.
    """
    count = 0
    for key, doc in records.items():
        if joined(doc):
            final = _final(moved, str(doc.get("id")))
            if final != doc.get("merged_into"):
                records[key] = {**doc, "merged_into": final}
                count += 1
    return count


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
    moved_count = _fold_ticks(interns, interns_moved) + _point_to_kept(interns, interns_moved)
    if COHORTS in out:
        moved_count += _point_to_kept(out[COHORTS], cohorts_moved)
    moved_count += _repoint(interns, "cohort_id", cohorts_moved)
    for table in (HOURS, CHECKINS):
        if table in out:
            moved_count += _repoint(out[table], "intern_id", interns_moved)
    if not changes and not moved_count:
        return data, []
    return out, changes
