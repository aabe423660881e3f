"""The programme calendar: the milestones of a cohort, built in or proposed from a start Monday."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from .errors import ValidationError
from .models import Cohort, Milestone, MilestoneKind

DAY = MilestoneKind.DAY
WEEK = MilestoneKind.WEEK

# A fixed namespace so a built-in cohort has the same id in every data file.
_COHORT_NAMESPACE = uuid.UUID("0b7a4f0e-5c1d-4e53-9a57-6d6963726f69")


@dataclass(frozen=True, slots=True)
class MilestoneSpec:
    """How a milestone is placed relative to the start Monday of a cohort."""

    key: str
    name: str
    offset_days: int
    kind: MilestoneKind = DAY


#: The milestones in calendar order, with the offsets read off the 2024 calendars.
#: The application deadline was 36 days before the start in spring and 34 in summer;
#: a new cohort is proposed the spring offset (a Sunday). The HEAR journal deadline is
#: listed once for the year (2024-08-11, 41 days after the summer start); a new cohort is
#: proposed start + 41 days. Every proposed date stays editable.
MILESTONE_SPECS: tuple[MilestoneSpec, ...] = (
    MilestoneSpec("go_live", "Micro internships go live to students", -49),
    MilestoneSpec("applications_deadline", "Deadline for student applications", -36),
    MilestoneSpec("applications_sent", "All applications sent to host employers", -35),
    MilestoneSpec("training_invitations", "Pre-programme training invitations sent", -17),
    MilestoneSpec("pre_training", "Pre-internship training", -5),
    MilestoneSpec("start", "Micro internships must begin", 0, WEEK),
    MilestoneSpec("midway", "Mid-way check-ins", 14, WEEK),
    MilestoneSpec("end", "Micro internships must end", 28, WEEK),
    MilestoneSpec("post_workshop", "Post-internship workshop", 37),
    MilestoneSpec("hear_deadline", "HEAR journal submission deadline", 41),
)
MILESTONE_KEYS: tuple[str, ...] = tuple(spec.key for spec in MILESTONE_SPECS)


def cohort_id_for(name: str) -> str:
    """The stable id of a cohort, derived from its name (case and spacing ignored)."""
    return str(uuid.uuid5(_COHORT_NAMESPACE, " ".join(name.split()).casefold()))


#: The years a cohort may start in. The programme's calendar runs from weeks before the
#: start to weeks after it, so a start near year 1 or 9999 has no dates at all; nor is a
#: cohort of micro-internships outside this century anything but a typing slip.
FIRST_START_YEAR = 2000
LAST_START_YEAR = 2099


def check_start_monday(start: dt.date) -> None:
    """Refuse a cohort start that is not a Monday, or not in a year a cohort can start in.

    Raises:
        ValidationError: naming the weekday the date falls on, or the years allowed.
    """
    if not FIRST_START_YEAR <= start.year <= LAST_START_YEAR:
        raise ValidationError(
            "start",
            start.isoformat(),
            f"is outside the years a cohort can start in ({FIRST_START_YEAR} to {LAST_START_YEAR})",
        )
    if start.weekday() != 0:
        raise ValidationError(
            "start",
            start.isoformat(),
            f"is a {start:%A}; a cohort starts on a Monday (week commencing)",
        )


def propose_milestones(start: dt.date) -> tuple[Milestone, ...]:
    """Every milestone date proposed from the cohort's start Monday."""
    check_start_monday(start)
    return tuple(
        Milestone(s.key, s.name, start + dt.timedelta(days=s.offset_days), s.kind)
        for s in MILESTONE_SPECS
    )


def new_cohort(name: str, start: dt.date, overrides: dict[str, dt.date] | None = None) -> Cohort:
    """A cohort made from its start Monday, with any proposed date replaced by ``overrides``.

    Raises:
        ValidationError: for an empty name, a start that is not a Monday in a year from
            2000 to 2099, or an unknown milestone key in ``overrides``.
    """
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("name", name, "a cohort needs a name")
    milestones = list(propose_milestones(start))
    for key, date in (overrides or {}).items():
        if key not in MILESTONE_KEYS:
            raise ValidationError("milestone", key, f"is not one of {', '.join(MILESTONE_KEYS)}")
        if key == "start":
            raise ValidationError("milestone", key, "the start is the cohort's start date")
        index = MILESTONE_KEYS.index(key)
        old = milestones[index]
        milestones[index] = Milestone(old.key, old.name, date, old.kind)
    return Cohort(cohort_id_for(clean), clean, start, tuple(milestones))


def _published(name: str, start: dt.date, dates: dict[str, dt.date]) -> Cohort:
    proposed = new_cohort(name, start)
    milestones = tuple(Milestone(m.key, m.name, dates[m.key], m.kind) for m in proposed.milestones)
    return Cohort(proposed.id, proposed.name, start, milestones, builtin=True)


_D = dt.date
#: The two cohorts of 2024, with the dates exactly as the programme page publishes them.
BUILTIN_COHORTS: tuple[Cohort, ...] = (
    _published(
        "Spring 2024",
        _D(2024, 3, 4),
        {
            "go_live": _D(2024, 1, 15),
            "applications_deadline": _D(2024, 1, 28),
            "applications_sent": _D(2024, 1, 29),
            "training_invitations": _D(2024, 2, 16),
            "pre_training": _D(2024, 2, 28),
            "start": _D(2024, 3, 4),
            "midway": _D(2024, 3, 18),
            "end": _D(2024, 4, 1),
            "post_workshop": _D(2024, 4, 10),
            "hear_deadline": _D(2024, 8, 11),
        },
    ),
    _published(
        "Summer 2024",
        _D(2024, 7, 1),
        {
            "go_live": _D(2024, 5, 13),
            "applications_deadline": _D(2024, 5, 28),
            "applications_sent": _D(2024, 5, 29),
            "training_invitations": _D(2024, 6, 14),
            "pre_training": _D(2024, 6, 26),
            "start": _D(2024, 7, 1),
            "midway": _D(2024, 7, 15),
            "end": _D(2024, 7, 29),
            "post_workshop": _D(2024, 8, 7),
            "hear_deadline": _D(2024, 8, 11),
        },
    ),
)


def season_name(start: dt.date) -> str:
    """A conventional name for a cohort starting on ``start`` (e.g. ``Spring 2027``)."""
    if start.month <= 3:
        season = "Spring"
    elif start.month <= 8:
        season = "Summer"
    else:
        season = "Autumn"
    return f"{season} {start.year}"
