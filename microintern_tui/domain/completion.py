"""Completion rules: who has finished the programme (and so goes on the HEAR), and why not.

An intern completes the micro-internship with 40 hours worked, the pre-internship training
and the post-internship workshop attended, and a check-in recorded. The rules need no
"today": completion is a fact about the records, not about the calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .dataset import Dataset
from .models import TARGET_HOURS, Checkin, Cohort, Intern
from .progress import total_hours

#: The activity as the HEAR registry lists it.
HEAR_ACTIVITY = "Micro-internship"
#: The flag shown beside an intern who worked more than the 40 hours agreed.
OVER_FLAG = "over 40"

PRE_MISSING = "pre-training missing"
POST_MISSING = "post-workshop missing"
CHECKIN_MISSING = "check-in missing"


def hours_short(total: float) -> float:
    """Hours still missing toward 40, rounded to a hundredth (0 when reached)."""
    return round(max(0.0, TARGET_HOURS - total), 2)


def reasons_not_complete(intern: Intern, total: float, checkins: Iterable[Checkin]) -> list[str]:
    """Why an intern has not completed, in the order a supervisor would chase them.

    Args:
        intern: the intern, with the training ticks.
        total: hours worked in total (live entries).
        checkins: the intern's check-ins (deleted ones do not count).

    Returns:
        An empty list when the intern has completed, otherwise one phrase per missing
        requirement: "hours short by N", "pre-training missing", "post-workshop missing",
        "check-in missing".
    """
    reasons = []
    short = hours_short(total)
    if short > 0:
        reasons.append(f"hours short by {short:g}")
    if not intern.pre_training:
        reasons.append(PRE_MISSING)
    if not intern.post_training:
        reasons.append(POST_MISSING)
    if not any(not c.deleted for c in checkins):
        reasons.append(CHECKIN_MISSING)
    return reasons


@dataclass(frozen=True, slots=True)
class Completion:
    """Whether one intern has completed, and why not.

    Attributes:
        intern: the intern.
        cohort: the intern's cohort.
        hours: hours worked in total.
        reasons: what is missing; empty when the intern has completed.
    """

    intern: Intern
    cohort: Cohort
    hours: float
    reasons: tuple[str, ...]

    @property
    def completed(self) -> bool:
        """Whether every requirement is met."""
        return not self.reasons

    @property
    def over(self) -> bool:
        """Whether the intern worked more than the 40 hours agreed with the host employer."""
        return self.hours > TARGET_HOURS

    @property
    def flags(self) -> tuple[str, ...]:
        """Flags in words (``over 40``) to show beside the intern."""
        return (OVER_FLAG,) if self.over else ()


def completion(ds: Dataset, intern: Intern) -> Completion:
    """The completion of one intern of ``ds``."""
    total = total_hours(ds.hours_of(intern.id))
    reasons = reasons_not_complete(intern, total, ds.checkins_of(intern.id))
    return Completion(intern, ds.cohort(intern.cohort_id), total, tuple(reasons))


def cohort_completions(ds: Dataset, cohort: Cohort) -> tuple[Completion, ...]:
    """The completion of every live intern of ``cohort``, in name order."""
    return tuple(completion(ds, i) for i in ds.interns if i.cohort_id == cohort.id)


@dataclass(frozen=True, slots=True)
class HearEntry:
    """One line of the list a staff verifier sends to the HEAR registry."""

    name: str
    email: str
    activity: str
    cohort: str
    hours: float


def hear_list(completions: Iterable[Completion]) -> tuple[HearEntry, ...]:
    """The HEAR-ready list: the interns who completed, with the registry's fields."""
    return tuple(
        HearEntry(c.intern.name, c.intern.email, HEAR_ACTIVITY, c.cohort.name, c.hours)
        for c in completions
        if c.completed
    )
