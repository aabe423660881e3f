"""Frozen dataclasses for everything in a data file.

The store converts stored records into these; screens and commands only ever see
these objects, never raw dicts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

#: Hours every intern works in total: both the target and the employer's ceiling.
TARGET_HOURS = 40.0
#: The internship runs over five programme weeks.
PROGRAMME_WEEKS = 5


@dataclass(frozen=True, slots=True)
class Stamp:
    """Who made a record and when (UTC ISO-8601 strings, as stored)."""

    created: str = ""
    updated: str = ""
    author: str = ""


class MilestoneKind(StrEnum):
    """A milestone is either one day or a whole week commencing on a Monday."""

    DAY = "day"
    WEEK = "week"


@dataclass(frozen=True, slots=True)
class Milestone:
    """One dated step of a cohort's calendar.

    Attributes:
        key: stable identifier (``pre_training``, ``midway``, ...).
        name: the wording of the programme page.
        date: the day, or the Monday of the week for week-commencing milestones.
        kind: whether the milestone lasts a day or a week.
    """

    key: str
    name: str
    date: dt.date
    kind: MilestoneKind = MilestoneKind.DAY

    @property
    def last_day(self) -> dt.date:
        """The final day the milestone covers (the Sunday for a week)."""
        if self.kind is MilestoneKind.WEEK:
            return self.date + dt.timedelta(days=6)
        return self.date


@dataclass(frozen=True, slots=True)
class Cohort:
    """A cohort of interns who start together, with its calendar of milestones."""

    id: str
    name: str
    start: dt.date
    milestones: tuple[Milestone, ...]
    archived: bool = False
    builtin: bool = False
    stamp: Stamp = field(default_factory=Stamp)
    #: A tombstone: another cohort of the same name took its place in a merge.
    deleted: bool = False

    @property
    def end(self) -> dt.date:
        """The last day of the fifth programme week (a Sunday)."""
        return self.start + dt.timedelta(weeks=PROGRAMME_WEEKS, days=-1)

    def milestone(self, key: str) -> Milestone | None:
        """The milestone with this key, if the cohort has one."""
        return next((m for m in self.milestones if m.key == key), None)


@dataclass(frozen=True, slots=True)
class Intern:
    """An intern followed by a university supervisor."""

    id: str
    name: str
    email: str
    employer: str
    cohort_id: str
    supervisor: str = ""
    pre_training: bool = False
    post_training: bool = False
    hear: bool = False
    deleted: bool = False
    stamp: Stamp = field(default_factory=Stamp)
    #: For a tombstone left by a merge of two records of one person: the one kept.
    merged_into: str = ""
    #: The intern left the programme early: out of pace, at-risk and attention counts.
    withdrawn: bool = False
    #: Why they left, in the supervisor's words (empty unless withdrawn).
    withdrawn_reason: str = ""


@dataclass(frozen=True, slots=True)
class HoursEntry:
    """Hours an intern worked on one day, as recorded by a supervisor."""

    id: str
    intern_id: str
    date: dt.date
    hours: float
    note: str = ""
    deleted: bool = False
    stamp: Stamp = field(default_factory=Stamp)


@dataclass(frozen=True, slots=True)
class NoteRevision:
    """An earlier or concurrent text of a check-in note, kept so no text is lost."""

    note: str
    updated: str
    author: str


@dataclass(frozen=True, slots=True)
class Checkin:
    """A check-in with an intern (the mid-way check-in falls in week 3)."""

    id: str
    intern_id: str
    date: dt.date
    note: str
    revisions: tuple[NoteRevision, ...] = ()
    deleted: bool = False
    stamp: Stamp = field(default_factory=Stamp)
