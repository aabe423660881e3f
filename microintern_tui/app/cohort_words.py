"""How the screens word a cohort's dates and where it stands: one phrasing for every screen.

``Mon 04 Mar 2024`` for a day; "week 3 of 5", "starts in 12 days", "ended" for the state,
with the dates spelled out where there is room (the milestones screen's panel titles).
"""

from __future__ import annotations

import datetime as dt

from ..domain.models import PROGRAMME_WEEKS, Cohort
from ..domain.progress import next_milestone, programme_week


def day_text(date: dt.date) -> str:
    """A date as the screens show it: ``Mon 04 Mar 2024``."""
    return f"{date:%a %d %b %Y}"


def cohort_state(cohort: Cohort, today: dt.date, *, dates: bool = False) -> str:
    """Where the cohort's internship stands on ``today``, in words.

    Args:
        cohort: the cohort (archived or not: that is for the caller to say).
        today: the app's today.
        dates: spell out the dates: "week 3 of 5 · the internship ends Sun 07 Apr 2024",
            "starts Mon 01 Jul 2024 (in 105 days)", "finished · ended ..." once every
            milestone has passed, else "internship over · ended ...". Without: "week 3 of
            5", "starts in 105 days", "ended".
    """
    week = programme_week(cohort, today)
    if week is not None:
        state = f"week {week} of {PROGRAMME_WEEKS}"
        return f"{state} · the internship ends {day_text(cohort.end)}" if dates else state
    if today < cohort.start:
        days = (cohort.start - today).days
        in_days = f"in {days} day{'s' if days != 1 else ''}"
        return f"starts {day_text(cohort.start)} ({in_days})" if dates else f"starts {in_days}"
    if not dates:
        return "ended"
    over = "finished" if next_milestone(cohort, today) is None else "internship over"
    return f"{over} · ended {day_text(cohort.end)}"
