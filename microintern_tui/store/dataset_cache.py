"""The Dataset of the records in memory, kept without converting every record again.

Converting 200,000 stored records into domain objects costs more than parsing the file.
So converted records are kept between loads, with the stored record they came from:

* after a change the store made itself, only the records it touched are converted again
  (the transaction reports each one through :meth:`DatasetCache.touch`);
* after a change made elsewhere (the file re-read), each stored record is compared with
  the one it was converted from, a C-speed dict comparison, and converted again only if
  it differs. Hours are compared a whole intern at a time.

Hours are checked at once (a damaged file is refused at load) and each intern's total
is added up then, but an intern's HoursEntry objects are only built when first asked for
(:class:`~microintern_tui.domain.dataset.LazyGroups`): the home screen needs the totals
of 5,000 interns, not 200,000 objects for the garbage collector to walk.

The store never edits a stored record in place (its TinyDB storage copies a record before
an update), so a Dataset handed out earlier still converts what it was built from. After a
save the store calls :meth:`DatasetCache.advance` with the records the transaction touched;
anything else (a merge, a restore, a failed transaction) starts afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..domain.dataset import Dataset, LazyGroups, sort_hours
from ..domain.models import Checkin, Cohort, HoursEntry, Intern
from ..domain.programme import BUILTIN_COHORTS
from .errors import DataFileError
from .gc_pause import gc_paused
from .records import (
    checkin_from_doc,
    cohort_from_doc,
    hours_from_doc,
    hours_summary,
    intern_from_doc,
)
from .schema import CHECKINS, COHORTS, HOURS, INTERNS, Data
from .tinystore import Touched

Doc = dict[str, Any]
T = TypeVar("T")


class _Keyed:
    """One table's converted records by their TinyDB key, each with its stored record."""

    def __init__(self) -> None:
        self.by_key: dict[str, tuple[Doc, Any]] = {}

    def refresh(
        self, path: Path, table: dict[str, Doc], convert: Callable[[Path, Doc], T], stale: set[str]
    ) -> tuple[list[T], bool]:
        """The table's records converted (reused when unchanged); and whether any changed."""
        old = self.by_key
        new: dict[str, tuple[Doc, Any]] = {}
        out: list[T] = []
        changed = len(old) != len(table)
        for key, doc in table.items():
            prev = old.get(key)
            if prev is not None and key not in stale and (prev[0] is doc or prev[0] == doc):
                item = prev[1]
            else:
                item = convert(path, doc)
                changed = True
            new[key] = (doc, item)
            out.append(item)
        self.by_key = new
        return out, changed


class DatasetCache:
    """The Dataset of one data file's records, rebuilt from what changed.

    Args:
        path: the data file, named in conversion errors.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.forget()

    def forget(self) -> None:
        """Drop everything: the next :meth:`dataset` converts every record afresh."""
        self._data: Data | None = None
        self._dataset: Dataset | None = None
        self._interns = _Keyed()
        self._checkins = _Keyed()
        # Hours by intern id: the stored records (in file order), each intern's total
        # (interns with live hours only), and the entries converted so far.
        self._hours_raw: dict[str, list[Doc]] = {}
        self._totals: dict[str, float] = {}
        self._groups: LazyGroups | None = None
        # Records the store changed since the dataset was built: (table, key, the record
        # before the change or {} for a new one, the intern id it had then, or None).
        self._touched: list[tuple[str, str, Doc, object]] = []

    def advance(self, before: Data, after: Data | None, touched: list[Touched]) -> None:
        """The store saved ``after``, made from ``before`` by changing the records ``touched``.

        Only those records are converted again by the next :meth:`dataset` (``after``);
        anything else (another base, a rewrite of whole tables) starts afresh.
        """
        if after is None or self._data is not before or any(t[0] == "*" for t in touched):
            self.forget()
            return
        for table, key, old in touched:
            before_id = None if old is None else old.get("intern_id")
            self._touched.append((table, key, old if old is not None else {}, before_id))
        self._data = after

    def dataset(self, data: Data) -> Dataset:
        """The Dataset of ``data``, converting only records not converted before.

        Raises:
            DataFileError: naming the first record that cannot be converted.
        """
        if data is self._data and self._dataset is not None and not self._touched:
            return self._dataset
        try:
            if data is self._data and all(t[0] == HOURS for t in self._touched):
                return self._after_own_hours(data)
            with gc_paused():
                return self._rebuild(data)
        except BaseException:
            self.forget()
            raise

    def _after_own_hours(self, data: Data) -> Dataset:
        # Only hours changed, and only through the store: regroup just those interns.
        assert self._dataset is not None
        ds = self._dataset
        table = data.get(HOURS, {})
        first: dict[str, tuple[Doc, object]] = {}
        for _table, key, old, before in self._touched:
            first.setdefault(key, (old, before))  # the record as it was before this change
        dirty: set[str] = set()
        for key, (old, before) in first.items():
            doc = table.get(key)
            after = None if doc is None else doc.get("intern_id")
            if not isinstance(after, str) or (before is not None and not isinstance(before, str)):
                return self._rebuild(data)
            assert doc is not None
            if before is not None:
                group = list(self._hours_raw.get(before, ()))
                at = next((n for n, d in enumerate(group) if d is old), None)
                if at is not None and before == after:
                    group[at] = doc  # same place: the same order as a fresh read
                    self._hours_raw[before] = group
                    dirty.add(after)
                    continue
                if at is not None:
                    del group[at]
                self._hours_raw[before] = group
                dirty.add(before)
            self._hours_raw[after] = [*self._hours_raw.get(after, ()), doc]
            dirty.add(after)
        self._touched = []
        for intern_id in dirty:
            docs = self._hours_raw.get(intern_id, [])
            total = self._total(docs)
            entries = self._convert_group(docs) if total is not None else ()
            if total is None:
                self._totals.pop(intern_id, None)
            else:
                self._totals[intern_id] = total
            ds = ds.with_hours_of(intern_id, entries)
        if isinstance(ds.hours_by_intern, LazyGroups):
            self._groups = ds.hours_by_intern
        self._dataset = ds
        return ds

    def _convert_group(self, docs: object) -> tuple[HoursEntry, ...]:
        return sort_hours(hours_from_doc(self.path, d) for d in docs)  # type: ignore[attr-defined]

    def _total(self, docs: list[Doc]) -> float | None:
        """An intern's total_hours from the stored records (checking each); None: no live ones.

        Added in the order sort_hours gives, so the float sum is the very same.
        """
        live = []
        for doc in docs:
            date, created, hours, deleted = hours_summary(self.path, doc)
            if not deleted:
                live.append((date, created, hours))
        if not live:
            return None
        live.sort(key=lambda t: (t[0], t[1]))
        return round(sum(t[2] for t in live), 2)

    def _rebuild(self, data: Data) -> Dataset:
        # Records touched in place since the last build are converted again even though
        # the stored record compares equal to itself.
        stale: dict[str, set[str]] = {}
        stale_hours: set[object] = set()
        for table, key, doc, before in self._touched:
            stale.setdefault(table, set()).add(key)
            if table == HOURS:
                stale_hours.update((before, doc.get("intern_id")))
        if data is not self._data:
            stale_hours.clear()  # a fresh parse: every group is compared anyway
        self._touched = []
        old_dataset = self._dataset if data is self._data else None
        self._data = None
        self._dataset = None

        path = self.path
        stored = [cohort_from_doc(path, d) for d in data.get(COHORTS, {}).values()]
        cohorts: dict[str, Cohort] = {c.id: c for c in BUILTIN_COHORTS}
        cohorts.update((c.id, c) for c in stored)
        interns: list[Intern]
        interns, interns_changed = self._interns.refresh(
            path, data.get(INTERNS, {}), intern_from_doc, stale.get(INTERNS, set())
        )
        # Tables in the order dataset_from_data converts them, so the same error is named.
        hours_changed = self._refresh_hours(data.get(HOURS, {}), stale_hours)
        checkins: list[Checkin]
        checkins, checkins_changed = self._checkins.refresh(
            path, data.get(CHECKINS, {}), checkin_from_doc, stale.get(CHECKINS, set())
        )
        if (
            old_dataset is not None
            and not (interns_changed or checkins_changed or hours_changed)
            and not stale.get(COHORTS)
            and tuple(sorted(cohorts.values(), key=lambda c: (c.start, c.name)))
            == old_dataset.cohorts
        ):
            ds = old_dataset
        else:
            assert self._groups is not None
            ds = Dataset.from_parts(
                cohorts.values(), interns, self._groups, checkins, dict(self._totals)
            )
        self._data = data
        self._dataset = ds
        return ds

    def _refresh_hours(self, table: dict[str, Doc], stale: set[object]) -> bool:
        # Keyed by whatever the record holds: a bad intern id fails in conversion.
        groups: dict[Any, list[Doc]] = {}
        try:
            for doc in table.values():
                intern_id = doc.get("intern_id")
                docs = groups.get(intern_id)
                if docs is None:
                    groups[intern_id] = [doc]
                else:
                    docs.append(doc)
            old_raw, old_totals, old_groups = self._hours_raw, self._totals, self._groups
            sources: dict[str, list[Doc]] = {}
            totals: dict[str, float] = {}
            done: dict[str, tuple[HoursEntry, ...]] = {}
            changed = len(groups) != len(old_raw)
            for intern_id, docs in groups.items():
                prev = old_raw.get(intern_id)
                if prev is not None and intern_id not in stale and prev == docs:
                    total = old_totals.get(intern_id)
                    entries = old_groups.converted(intern_id) if old_groups else None
                else:
                    total = self._total(docs)
                    entries = None
                    changed = True
                if total is not None:
                    sources[intern_id] = docs
                    totals[intern_id] = total
                    if entries is not None:
                        done[intern_id] = entries
        except (DataFileError, TypeError):
            # A bad record (or an intern id that is not text, a list say): name the first
            # bad one in file order, as converting the table in order would.
            for doc in table.values():
                hours_from_doc(self.path, doc)
            raise
        self._hours_raw = groups
        self._totals = totals
        self._groups = LazyGroups(sources, self._convert_group, done)
        return changed


def dataset_from_data(path: Path, data: dict[str, dict[str, Doc]]) -> Dataset:
    """The Dataset of a whole data file, every record converted afresh.

    The plain way, for tests to compare with the store's cached one (:class:`DatasetCache`).
    """
    stored = [cohort_from_doc(path, d) for d in data.get(COHORTS, {}).values()]
    cohorts = {c.id: c for c in BUILTIN_COHORTS}
    cohorts.update((c.id, c) for c in stored)
    return Dataset.build(
        cohorts.values(),
        [intern_from_doc(path, d) for d in data.get(INTERNS, {}).values()],
        [hours_from_doc(path, d) for d in data.get(HOURS, {}).values()],
        [checkin_from_doc(path, d) for d in data.get(CHECKINS, {}).values()],
    )
