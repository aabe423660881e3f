"""Everything in one data file, indexed once, and the per-intern progress views built from it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain

from .errors import NotFoundError
from .models import Checkin, Cohort, HoursEntry, Intern
from .progress import (
    CheckinState,
    Status,
    checkin_state,
    expected_hours,
    remaining_hours,
    status,
    total_hours,
)


def norm(text: str) -> str:
    """``text`` as compared for identity: spacing folded, case ignored."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class InternProgress:
    """One intern with the numbers a supervisor looks at."""

    intern: Intern
    cohort: Cohort
    hours: float
    remaining: float
    expected: float
    status: Status
    checkin: CheckinState


def hours_order(entry: HoursEntry) -> tuple[dt.date, str]:
    """How hours entries are ordered for display: by date, then by when they were recorded."""
    return (entry.date, entry.stamp.created)


def sort_hours(entries: Iterable[HoursEntry]) -> tuple[HoursEntry, ...]:
    """The live entries of ``entries``, oldest first: one intern's hours as a Dataset holds them."""
    return tuple(sorted((h for h in entries if not h.deleted), key=hours_order))


class LazyGroups(Mapping[str, tuple[HoursEntry, ...]]):
    """Each intern's hours, converted from their source the first time they are asked for.

    A store holding 200,000 stored entries converts only the interns a screen opens; the
    home screen needs just the totals (:attr:`Dataset.hours_totals`). ``convert`` turns one
    intern's source into that intern's entries as :func:`sort_hours` orders them; sources
    must not change afterwards (the store replaces a changed record, never edits it).

    Args:
        sources: whatever ``convert`` takes, by intern id; an intern with no live hours
            has no source.
        convert: one intern's source to its entries.
    """

    def __init__(
        self,
        sources: Mapping[str, object],
        convert: Callable[[object], tuple[HoursEntry, ...]],
        done: Mapping[str, tuple[HoursEntry, ...]] | None = None,
    ) -> None:
        self._sources = sources
        self._convert = convert
        self._done: dict[str, tuple[HoursEntry, ...]] = dict(done or {})

    def __getitem__(self, intern_id: str) -> tuple[HoursEntry, ...]:
        entries = self._done.get(intern_id)
        if entries is None:
            entries = self._convert(self._sources[intern_id])
            self._done[intern_id] = entries  # two threads at once: converted twice, equal
        return entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def converted(self, intern_id: str) -> tuple[HoursEntry, ...] | None:
        """The intern's entries if already converted, without converting them."""
        return self._done.get(intern_id)

    def replaced(self, intern_id: str, entries: tuple[HoursEntry, ...]) -> LazyGroups:
        """A copy with one intern's entries given (none: the intern has no hours)."""
        sources = dict(self._sources)
        done = dict(self._done)
        if entries:
            sources[intern_id] = entries
            done[intern_id] = entries
        else:
            sources.pop(intern_id, None)
            done.pop(intern_id, None)
        return LazyGroups(sources, self._convert, done)


@dataclass(frozen=True, eq=False)
class Dataset:
    """A consistent view of a data file: live records only, indexed by intern.

    Deleted (tombstoned) records are dropped when the dataset is built; the store keeps
    them in the file so merges cannot resurrect them.

    Hours are held per intern (most screens want one intern's, or every intern's total);
    the flat :attr:`hours` tuple of every entry is only sorted when first asked for, so a
    file of 200,000 entries does not pay for a sort nobody reads.
    """

    cohorts: tuple[Cohort, ...]
    interns: tuple[Intern, ...]
    checkins: tuple[Checkin, ...]
    #: Each intern's live hours entries, in :func:`sort_hours` order.
    hours_by_intern: Mapping[str, tuple[HoursEntry, ...]] = field(repr=False)
    #: Each intern's :func:`total_hours`, when the store knows them without converting
    #: the entries (None: add the entries up when asked).
    hours_totals: Mapping[str, float] | None = field(default=None, repr=False)
    _checkins_by_intern: dict[str, list[Checkin]] = field(init=False, repr=False)
    _cohorts_by_id: dict[str, Cohort] = field(init=False, repr=False)
    _interns_by_id: dict[str, Intern] = field(init=False, repr=False)

    @classmethod
    def build(
        cls,
        cohorts: Iterable[Cohort],
        interns: Iterable[Intern],
        hours: Iterable[HoursEntry],
        checkins: Iterable[Checkin],
    ) -> Dataset:
        """A dataset of the live records, sorted for display (interns by name, hours by date)."""
        by_intern: dict[str, list[HoursEntry]] = defaultdict(list)
        for h in hours:
            by_intern[h.intern_id].append(h)
        groups = {k: sort_hours(v) for k, v in by_intern.items()}
        return cls.from_parts(cohorts, interns, {k: v for k, v in groups.items() if v}, checkins)

    @classmethod
    def from_parts(
        cls,
        cohorts: Iterable[Cohort],
        interns: Iterable[Intern],
        hours_by_intern: Mapping[str, tuple[HoursEntry, ...]],
        checkins: Iterable[Checkin],
        hours_totals: Mapping[str, float] | None = None,
    ) -> Dataset:
        """A dataset from hours already grouped by intern, each group made by :func:`sort_hours`.

        For a store that keeps converted groups between loads; the other records are
        filtered and sorted here as in :meth:`build`.
        """
        return cls(
            cohorts=tuple(
                sorted((c for c in cohorts if not c.deleted), key=lambda c: (c.start, c.name))
            ),
            interns=tuple(
                sorted((i for i in interns if not i.deleted), key=lambda i: (norm(i.name), i.id))
            ),
            checkins=tuple(
                sorted((c for c in checkins if not c.deleted), key=lambda c: (c.date, c.id))
            ),
            hours_by_intern=hours_by_intern,
            hours_totals=hours_totals,
        )

    def with_hours_of(self, intern_id: str, entries: tuple[HoursEntry, ...]) -> Dataset:
        """This dataset with one intern's hours replaced (``entries`` as :func:`sort_hours` gives).

        Costs a copy of the per-intern index, not a pass over every entry: the store uses
        it after saving hours.
        """
        groups: Mapping[str, tuple[HoursEntry, ...]]
        if isinstance(self.hours_by_intern, LazyGroups):
            groups = self.hours_by_intern.replaced(intern_id, entries)
        else:
            groups = {k: v for k, v in self.hours_by_intern.items() if k != intern_id}
            if entries:
                groups[intern_id] = entries
        totals = None
        if self.hours_totals is not None:
            totals = dict(self.hours_totals)
            totals[intern_id] = total_hours(entries)
        # The other indexes are the same: share them rather than rebuild them.
        changed = object.__new__(Dataset)
        changed.__dict__.update(self.__dict__)
        changed.__dict__.pop("hours", None)  # the flat tuple, if computed, is out of date
        object.__setattr__(changed, "hours_by_intern", groups)
        object.__setattr__(changed, "hours_totals", totals)
        return changed

    def __post_init__(self) -> None:
        notes: dict[str, list[Checkin]] = defaultdict(list)
        for c in self.checkins:
            notes[c.intern_id].append(c)
        object.__setattr__(self, "_checkins_by_intern", dict(notes))
        object.__setattr__(self, "_cohorts_by_id", {c.id: c for c in self.cohorts})
        object.__setattr__(self, "_interns_by_id", {i.id: i for i in self.interns})

    @cached_property
    def hours(self) -> tuple[HoursEntry, ...]:
        """Every live hours entry, by date (then by when it was recorded)."""
        return tuple(sorted(chain.from_iterable(self.hours_by_intern.values()), key=hours_order))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return (self.cohorts, self.interns, self.checkins) == (
            other.cohorts,
            other.interns,
            other.checkins,
        ) and {k: v for k, v in self.hours_by_intern.items() if v} == {
            k: v for k, v in other.hours_by_intern.items() if v
        }

    def __hash__(self) -> int:
        return hash((self.cohorts, self.interns, self.checkins, len(self.hours_by_intern)))

    def hours_of(self, intern_id: str) -> tuple[HoursEntry, ...]:
        """The intern's live hours entries, oldest first."""
        return self.hours_by_intern.get(intern_id, ())

    def checkins_of(self, intern_id: str) -> tuple[Checkin, ...]:
        """The intern's live check-ins, oldest first."""
        return tuple(self._checkins_by_intern.get(intern_id, ()))

    def intern(self, intern_id: str) -> Intern:
        """The live intern with this id.

        Raises:
            NotFoundError: when there is none.
        """
        try:
            return self._interns_by_id[intern_id]
        except KeyError:
            raise NotFoundError(f"no intern with id {intern_id!r}") from None

    def cohort(self, cohort_id: str) -> Cohort:
        """The cohort with this id.

        Raises:
            NotFoundError: when there is none.
        """
        try:
            return self._cohorts_by_id[cohort_id]
        except KeyError:
            raise NotFoundError(f"no cohort with id {cohort_id!r}") from None

    def find_cohort(self, name: str) -> Cohort:
        """The cohort with this name (case and spacing ignored) or id.

        Raises:
            NotFoundError: listing the cohorts there are.
        """
        wanted = norm(name)
        for c in self.cohorts:
            if norm(c.name) == wanted or c.id == name:
                return c
        known = ", ".join(repr(c.name) for c in self.cohorts)
        raise NotFoundError(f"cohort {name!r} not found; the cohorts are {known}")

    def find_intern(self, key: str) -> Intern:
        """The live intern with this email (case ignored), id, or unique id prefix (8+ chars).

        Raises:
            NotFoundError: when no intern, or more than one, matches.
        """
        wanted = key.strip().casefold()
        if wanted in self._interns_by_id:
            return self._interns_by_id[wanted]
        by_email = [i for i in self.interns if i.email.casefold() == wanted]
        if len(by_email) == 1:
            return by_email[0]
        if len(wanted) >= 8:
            by_prefix = [i for i in self.interns if i.id.startswith(wanted)]
            if len(by_prefix) == 1:
                return by_prefix[0]
        raise NotFoundError(f"intern {key!r} not found (give an email or an id)")

    def progress(self, intern: Intern, today: dt.date) -> InternProgress:
        """The numbers for one intern on ``today``."""
        cohort = self.cohort(intern.cohort_id)
        known = self.hours_totals.get(intern.id) if self.hours_totals is not None else None
        total = total_hours(self.hours_of(intern.id)) if known is None else known
        return InternProgress(
            intern=intern,
            cohort=cohort,
            hours=total,
            remaining=remaining_hours(total),
            expected=expected_hours(cohort, today),
            status=status(total, cohort, today),
            checkin=checkin_state(self.checkins_of(intern.id), cohort, today),
        )

    def progress_all(
        self,
        today: dt.date,
        *,
        supervisor: str | None = None,
        cohort_id: str | None = None,
    ) -> tuple[InternProgress, ...]:
        """Progress of every live intern, optionally only one supervisor's or one cohort's."""
        wanted = norm(supervisor) if supervisor is not None else None
        return tuple(
            self.progress(i, today)
            for i in self.interns
            if (wanted is None or norm(i.supervisor) == wanted)
            and (cohort_id is None or i.cohort_id == cohort_id)
        )


def same_person(a: str, b: str) -> bool:
    """Whether two supervisor names are the same (case and spacing ignored)."""
    return norm(a) == norm(b)
