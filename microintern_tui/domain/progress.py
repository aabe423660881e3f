"""Progress rules: hours toward 40, pace, status, the mid-way check-in and countdowns.

Every function takes ``today`` as an argument; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .models import (
    PROGRAMME_WEEKS,
    TARGET_HOURS,
    Checkin,
    Cohort,
    HoursEntry,
    Milestone,
    MilestoneKind,
)

PROGRAMME_DAYS = PROGRAMME_WEEKS * 7
#: An intern is ``behind`` when more than half a week's pace (8 h a week) under expected.
BEHIND_MARGIN = TARGET_HOURS / PROGRAMME_WEEKS / 2


class Status(StrEnum):
    """An intern's progress in words."""

    NOT_STARTED = "not started"
    ON_TRACK = "on track"
    BEHIND = "behind"
    DONE = "done"
    OVER = "over 40"


class CheckinState(StrEnum):
    """The state of the mid-way check-in (due in programme week 3)."""

    NOT_DUE = "not due"
    DUE = "due"
    OVERDUE = "overdue"
    RECORDED = "recorded"


def total_hours(entries: Iterable[HoursEntry]) -> float:
    """Hours of the live (not deleted) entries, rounded to a hundredth."""
    return round(sum(e.hours for e in entries if not e.deleted), 2)


def remaining_hours(total: float) -> float:
    """Hours still to work toward 40 (never negative)."""
    return round(max(0.0, TARGET_HOURS - total), 2)


def elapsed_fraction(cohort: Cohort, today: dt.date) -> float:
    """The fraction of the five weeks gone by before ``today``: 0 on the start Monday, 1 after."""
    days = (today - cohort.start).days
    return min(1.0, max(0.0, days / PROGRAMME_DAYS))


def expected_hours(cohort: Cohort, today: dt.date) -> float:
    """Hours an intern on an even pace would have worked by ``today``."""
    return round(TARGET_HOURS * elapsed_fraction(cohort, today), 2)


def programme_week(cohort: Cohort, day: dt.date) -> int | None:
    """The programme week (1-5) ``day`` falls in, or None outside the five weeks."""
    days = (day - cohort.start).days
    if 0 <= days < PROGRAMME_DAYS:
        return days // 7 + 1
    return None


def status(total: float, cohort: Cohort, today: dt.date) -> Status:
    """The status in words: over 40, done, not started, behind or on track."""
    if total > TARGET_HOURS:
        return Status.OVER
    if total >= TARGET_HOURS:
        return Status.DONE
    if today < cohort.start:
        return Status.NOT_STARTED
    if total < expected_hours(cohort, today) - BEHIND_MARGIN:
        return Status.BEHIND
    if total == 0:
        return Status.NOT_STARTED
    return Status.ON_TRACK


def checkin_state(checkins: Iterable[Checkin], cohort: Cohort, today: dt.date) -> CheckinState:
    """Whether the mid-way check-in is not yet due, due this week, overdue or recorded."""
    if any(not c.deleted for c in checkins):
        return CheckinState.RECORDED
    week3 = cohort.start + dt.timedelta(weeks=2)
    if today < week3:
        return CheckinState.NOT_DUE
    if today <= week3 + dt.timedelta(days=6):
        return CheckinState.DUE
    return CheckinState.OVERDUE


def hours_per_week(entries: Iterable[HoursEntry], cohort: Cohort) -> tuple[float, ...]:
    """Hours worked in each of the five programme weeks (entries outside them are left out)."""
    weeks = [0.0] * PROGRAMME_WEEKS
    for e in entries:
        week = None if e.deleted else programme_week(cohort, e.date)
        if week is not None:
            weeks[week - 1] += e.hours
    return tuple(round(w, 2) for w in weeks)


def weeks_left(cohort: Cohort, today: dt.date) -> float:
    """Programme weeks still to come, counting today (0 after the end)."""
    days = (cohort.end - today).days + 1
    return max(0.0, min(float(PROGRAMME_WEEKS), days / 7))


def needed_per_week(total: float, cohort: Cohort, today: dt.date) -> float | None:
    """Hours a week needed to reach 40 by the end, or None when no week is left."""
    left = weeks_left(cohort, today)
    if left <= 0:
        return None
    return round(remaining_hours(total) / left, 2)


@dataclass(frozen=True, slots=True)
class Countdown:
    """How far away a milestone is, in days and in words."""

    milestone: Milestone
    days: int
    label: str


def countdown(milestone: Milestone, today: dt.date) -> Countdown:
    """Days until ``milestone`` and its words: "in 12 days", "today", "this week", "passed"."""
    days = (milestone.date - today).days
    if days > 1:
        label = f"in {days} days"
    elif days == 1:
        label = "tomorrow"
    elif days == 0:
        label = "this week" if milestone.kind is MilestoneKind.WEEK else "today"
    elif milestone.kind is MilestoneKind.WEEK and today <= milestone.last_day:
        label = "this week"
    else:
        label = "passed"
    return Countdown(milestone, days, label)


def next_milestone(cohort: Cohort, today: dt.date) -> Countdown | None:
    """The first milestone not yet over (a running week counts), or None when all have passed."""
    upcoming = sorted(
        (m for m in cohort.milestones if m.last_day >= today), key=lambda m: (m.date, m.key)
    )
    return countdown(upcoming[0], today) if upcoming else None


def cohort_order(cohorts: Iterable[Cohort], today: dt.date) -> list[Cohort]:
    """Live cohorts: running first, then by next milestone; finished last, newest first.

    Archived cohorts are left out.
    """

    def key(c: Cohort) -> tuple[int, int, str]:
        upcoming = next_milestone(c, today)
        if upcoming is None:
            return (2, -c.start.toordinal(), c.name)
        running = programme_week(c, today) is not None
        return (0 if running else 1, upcoming.milestone.date.toordinal(), c.name)

    return sorted((c for c in cohorts if not c.archived), key=key)


class Phase(StrEnum):
    """Where a milestone stands relative to today, for a timeline."""

    PASSED = "passed"
    NOW = "this week"
    TODAY = "today"
    NEXT = "next"
    LATER = "later"


def timeline(cohort: Cohort, today: dt.date) -> tuple[tuple[Milestone, Phase, Countdown], ...]:
    """Every milestone of the cohort in date order with its phase and countdown."""
    upcoming = next_milestone(cohort, today)
    rows = []
    for m in sorted(cohort.milestones, key=lambda m: (m.date, m.key)):
        c = countdown(m, today)
        if c.label == "passed":
            phase = Phase.PASSED
        elif c.label == "this week":
            phase = Phase.NOW
        elif c.label == "today":
            phase = Phase.TODAY
        elif upcoming is not None and upcoming.milestone == m:
            phase = Phase.NEXT
        else:
            phase = Phase.LATER
        rows.append((m, phase, c))
    return tuple(rows)
