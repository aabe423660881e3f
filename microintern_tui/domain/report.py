"""The cohort report: the numbers a supervisor hands on at the end (or checks half-way).

Counts by status, a histogram of hours totals, check-ins recorded and overdue, training
attendance, each supervisor's caseload and the interns at risk of not reaching 40 hours.
Built from a Dataset and an explicit ``today``; rendering is left to the caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from .completion import cohort_completions
from .dataset import Dataset, InternProgress
from .models import PROGRAMME_WEEKS, TARGET_HOURS, Cohort
from .progress import (
    CheckinState,
    Status,
    cohort_order,
    needed_per_week,
    programme_week,
    weeks_left,
)

#: Buckets of the hours histogram: a label and the totals that fall in it.
HOURS_BUCKETS: tuple[tuple[str, Callable[[float], bool]], ...] = (
    ("none yet", lambda t: t == 0),
    ("under 10 h", lambda t: 0 < t < 10),
    ("10 to under 20 h", lambda t: 10 <= t < 20),
    ("20 to under 30 h", lambda t: 20 <= t < 30),
    ("30 to under 40 h", lambda t: 30 <= t < TARGET_HOURS),
    ("40 h", lambda t: t == TARGET_HOURS),
    ("over 40 h", lambda t: t > TARGET_HOURS),
)

#: The order statuses are listed in: from finished to not begun.
STATUS_ORDER = (Status.OVER, Status.DONE, Status.ON_TRACK, Status.BEHIND, Status.NOT_STARTED)
CHECKIN_ORDER = (
    CheckinState.RECORDED,
    CheckinState.DUE,
    CheckinState.OVERDUE,
    CheckinState.NOT_DUE,
)


@dataclass(frozen=True, slots=True)
class Count:
    """A labelled count (one line of a table or one bar of the histogram)."""

    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Attendance:
    """How many interns attended a compulsory session (or submitted the HEAR journal)."""

    label: str
    done: int
    total: int
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Caseload:
    """One supervisor's interns in the cohort and how many need attention."""

    supervisor: str
    interns: int
    behind: int
    checkins_overdue: int
    over: int


def _one_decimal(value: float) -> str:
    """A number to one decimal, without a trailing ``.0``: 9.5, 2, 12.9."""
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True, slots=True)
class AtRisk:
    """An intern who may not reach 40 hours by the end of the programme.

    Attributes:
        progress: the intern's numbers today.
        needed: hours a week needed to reach 40 by the end (None when no week is left).
        weeks_left: programme weeks still to come, counting today.
    """

    progress: InternProgress
    needed: float | None
    weeks_left: float

    @property
    def phrase(self) -> str:
        """What it takes, in words: "needs 9.5 h/week for the remaining 2 weeks"."""
        if self.needed is None:
            return f"the internship has ended {self.progress.remaining:g} h short of 40"
        weeks = _one_decimal(self.weeks_left)
        unit = "week" if weeks == "1" else "weeks"
        return f"needs {_one_decimal(self.needed)} h/week for the remaining {weeks} {unit}"


def is_at_risk(p: InternProgress, today: dt.date) -> bool:
    """Whether an intern may not reach 40: behind pace, or the weeks are over short of 40.

    "Behind" is the same rule the status uses, so the report and the interns list agree;
    before the start nobody is at risk yet.
    """
    if p.hours >= TARGET_HOURS or today < p.cohort.start:
        return False
    return p.status is Status.BEHIND or weeks_left(p.cohort, today) <= 0


@dataclass(frozen=True, slots=True)
class CohortReport:
    """Everything the cohort report shows, computed for one cohort on ``today``."""

    cohort: Cohort
    today: dt.date
    week: int | None
    interns: int
    completed: int
    by_status: tuple[Count, ...]
    hours: tuple[Count, ...]
    checkins: tuple[Count, ...]
    overdue: tuple[str, ...]
    training: tuple[Attendance, ...]
    caseloads: tuple[Caseload, ...]
    at_risk: tuple[AtRisk, ...]
    over: tuple[InternProgress, ...]

    @property
    def stage(self) -> str:
        """Where the internship stands on ``today``, in words: "programme week 3 of 5",
        "before the start" or "after the end"."""
        if self.week is not None:
            return f"programme week {self.week} of {PROGRAMME_WEEKS}"
        return "before the start" if self.today < self.cohort.start else "after the end"


def _missing(
    rows: tuple[InternProgress, ...], done: Callable[[InternProgress], bool]
) -> tuple[str, ...]:
    return tuple(p.intern.name for p in rows if not done(p))


def current_cohort(ds: Dataset, today: dt.date) -> Cohort | None:
    """The cohort a supervisor most likely means now: the running one, else the next, else
    the newest (archived cohorts only when there is nothing else); None without cohorts."""
    live = cohort_order(ds.cohorts, today)
    if live:
        return live[0]
    return ds.cohorts[-1] if ds.cohorts else None


def cohort_report(ds: Dataset, cohort: Cohort, today: dt.date) -> CohortReport:
    """The report of ``cohort`` as it stands on ``today``."""
    rows = ds.progress_all(today, cohort_id=cohort.id)
    by_status = tuple(Count(s.value, sum(p.status is s for p in rows)) for s in STATUS_ORDER)
    hours = tuple(Count(label, sum(fits(p.hours) for p in rows)) for label, fits in HOURS_BUCKETS)
    checkins = tuple(Count(s.value, sum(p.checkin is s for p in rows)) for s in CHECKIN_ORDER)
    overdue = tuple(p.intern.name for p in rows if p.checkin is CheckinState.OVERDUE)
    training = tuple(
        Attendance(label, len(rows) - len(missing), len(rows), missing)
        for label, missing in (
            ("pre-internship training", _missing(rows, lambda p: p.intern.pre_training)),
            ("post-internship workshop", _missing(rows, lambda p: p.intern.post_training)),
            ("HEAR journal", _missing(rows, lambda p: p.intern.hear)),
        )
    )
    supervisors: dict[str, list[InternProgress]] = {}
    for p in rows:
        name = " ".join(p.intern.supervisor.split()) or "(no supervisor)"
        key = name.casefold()
        supervisors.setdefault(key, []).append(p)
    caseloads = tuple(
        Caseload(
            supervisor=" ".join(group[0].intern.supervisor.split()) or "(no supervisor)",
            interns=len(group),
            behind=sum(p.status is Status.BEHIND for p in group),
            checkins_overdue=sum(p.checkin is CheckinState.OVERDUE for p in group),
            over=sum(p.status is Status.OVER for p in group),
        )
        for _, group in sorted(supervisors.items())
    )
    left = weeks_left(cohort, today)
    at_risk = sorted(
        (
            AtRisk(p, needed_per_week(p.hours, cohort, today), left)
            for p in rows
            if is_at_risk(p, today)
        ),
        # Ended short of 40 first, then the steepest hours a week still needed.
        key=lambda a: (a.needed is not None, -(a.needed or 0.0), a.progress.intern.name),
    )
    return CohortReport(
        cohort=cohort,
        today=today,
        week=programme_week(cohort, today),
        interns=len(rows),
        completed=sum(c.completed for c in cohort_completions(ds, cohort)),
        by_status=by_status,
        hours=hours,
        checkins=checkins,
        overdue=overdue,
        training=training,
        caseloads=caseloads,
        at_risk=tuple(at_risk),
        over=tuple(p for p in rows if p.status is Status.OVER),
    )
