"""The Dataset of the records in memory, kept without converting every record again.

Converting 200,000 stored records into domain objects costs more than parsing the file.
So converted records are kept between loads, with the stored record they came from:

* after a change the store made itself, only the records it touched are converted again
  (the transaction reports each one through :meth:`DatasetCache.touch`);
* after a change made elsewhere (the file re-read), each stored record is compared with
  the one it was converted from, a C-speed dict comparison, and converted again only if
  it differs. Hours are compared a whole intern at a time.

Anything that changes records another way (a merge, a restore, a TinyDB table call) must
call :meth:`DatasetCache.forget`, and so must a failed transaction: records may then have
changed in place without notice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..domain.dataset import Dataset, sort_hours
from ..domain.models import Checkin, Cohort, HoursEntry, Intern
from ..domain.programme import BUILTIN_COHORTS
from .errors import DataFileError
from .gc_pause import gc_paused
from .records import checkin_from_doc, cohort_from_doc, hours_from_doc, intern_from_doc
from .schema import CHECKINS, COHORTS, HOURS, INTERNS, Data

Doc = dict[str, Any]
T = TypeVar("T")


def highest_key(table: dict[str, Doc]) -> int:
    """The highest TinyDB key (a counting number) in ``table``; 0 for none."""
    try:
        return max(map(int, table), default=0)  # all digits, as TinyDB writes them: fast
    except ValueError:
        return max((int(k) for k in table if k.isascii() and k.isdigit()), default=0)


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
        self._next_keys: dict[str, int] = {}
        self._keys_of: Data | None = None
        self._data: Data | None = None
        self._dataset: Dataset | None = None
        self._interns = _Keyed()
        self._checkins = _Keyed()
        # Hours by intern id: the stored records (in file order) and the converted ones.
        self._hours_raw: dict[str, list[Doc]] = {}
        self._hours: dict[str, tuple[HoursEntry, ...]] = {}
        # Records the store changed since the dataset was built: (table, key, doc,
        # the intern id the doc had before, or None for a new record).
        self._touched: list[tuple[str, str, Doc, object]] = []

    def next_key(self, data: Data, table: str) -> str:
        """The key for a new record in ``table`` of ``data``: one more than the highest.

        Found once per version of the records (a pass over the keys), then counted up.
        """
        if data is not self._keys_of:
            self._next_keys = {}
            self._keys_of = data
        number = self._next_keys.get(table)
        if number is None:
            number = highest_key(data.get(table, {})) + 1
        self._next_keys[table] = number + 1
        return str(number)

    def touch(self, table: str, key: str, doc: Doc, *, new: bool) -> None:
        """Note that the store is about to change ``doc`` in place, or has just added it.

        Call it before an in-place change, so the intern the record belonged to is known.
        """
        self._touched.append((table, key, doc, None if new else doc.get("intern_id")))

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
        dirty: set[str] = set()
        for _table, _key, doc, before in self._touched:
            after = doc.get("intern_id")
            if not isinstance(after, str) or (before is not None and not isinstance(before, str)):
                return self._rebuild(data)
            if before is None:
                self._hours_raw[after] = [*self._hours_raw.get(after, ()), doc]
            elif before != after:
                self._hours_raw[before] = [
                    d for d in self._hours_raw.get(before, ()) if d is not doc
                ]
                self._hours_raw[after] = [*self._hours_raw.get(after, ()), doc]
                dirty.add(before)
            dirty.add(after)
        self._touched = []
        for intern_id in dirty:
            group = sort_hours(hours_from_doc(self.path, d) for d in self._hours_raw[intern_id])
            self._hours[intern_id] = group
            ds = ds.with_hours_of(intern_id, group)
        self._dataset = ds
        return ds

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
            ds = Dataset.from_parts(cohorts.values(), interns, dict(self._hours), checkins)
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
            old_raw, old_hours = self._hours_raw, self._hours
            converted: dict[str, tuple[HoursEntry, ...]] = {}
            changed = len(groups) != len(old_raw)
            for intern_id, docs in groups.items():
                prev = old_raw.get(intern_id)
                if prev is not None and intern_id not in stale and prev == docs:
                    group = old_hours.get(intern_id, ())
                else:
                    group = sort_hours(hours_from_doc(self.path, d) for d in docs)
                    changed = True
                if group:
                    converted[intern_id] = group
        except (DataFileError, TypeError):
            # A bad record (or an intern id that is not text, a list say): name the first
            # bad one in file order, as converting the table in order would.
            for doc in table.values():
                hours_from_doc(self.path, doc)
            raise
        self._hours_raw = groups
        self._hours = converted
        return changed
