"""The large countdown to a cohort's next milestone: "12 days to the post-internship workshop"."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Digits, Static

from ...domain.models import Cohort, Milestone
from ...domain.progress import Phase
from ..literal import literal
from .timeline import TimelineRow, milestone_date, timeline_rows

#: How each built-in milestone reads after "12 days": the programme page's names are
#: headings ("Micro internships must begin"), not phrases that follow "days to".
_PHRASES = {
    "go_live": "until micro internships go live to students",
    "applications_deadline": "to the deadline for student applications",
    "applications_sent": "until all applications are sent to host employers",
    "training_invitations": "until pre-programme training invitations are sent",
    "pre_training": "to the pre-internship training",
    "start": "until micro internships must begin (week commencing)",
    "midway": "to the week of the mid-way check-ins",
    "end": "to the week micro internships must end",
    "post_workshop": "to the post-internship workshop",
    "hear_deadline": "to the HEAR journal submission deadline",
}


def days_phrase(milestone: Milestone, days: int) -> Content:
    """What follows the number: "days to the post-internship workshop" ("day" for 1)."""
    unit = "day" if days == 1 else "days"
    phrase = _PHRASES.get(milestone.key)
    if phrase is not None:
        return Content(f"{unit} {phrase}")
    return Content.assemble(f"{unit} to: ", literal(milestone.name))


def countdown_sentence(milestone: Milestone, days: int) -> Content:
    """The countdown as one line: "12 days to the post-internship workshop", or "today: …"."""
    if days == 0:
        return Content.assemble("today: ", literal(milestone.name))
    return Content.assemble(f"{days} ", days_phrase(milestone, days))


def countdown_target(rows: tuple[TimelineRow, ...]) -> TimelineRow | None:
    """The milestone to count down to: the one marked today, else the next one."""
    return next((r for r in rows if r.phase in (Phase.TODAY, Phase.NEXT)), None)


class CohortCountdown(Horizontal):
    """Big digits for the days left, and beside them what they count down to, in words."""

    def compose(self) -> ComposeResult:
        yield Digits("", classes="countdown-digits")
        with Vertical(classes="countdown-words"):
            yield Static("", classes="countdown-what")
            yield Static("", classes="countdown-when")
            yield Static("", classes="countdown-now")

    def show(self, cohort: Cohort, today: dt.date) -> None:
        """Count down to ``cohort``'s next milestone as seen on ``today``."""
        rows = timeline_rows(cohort, today)
        target = countdown_target(rows)
        running = [r for r in rows if r.phase is Phase.NOW]
        digits = self.query_one(".countdown-digits", Digits)
        what = self.query_one(".countdown-what", Static)
        when = self.query_one(".countdown-when", Static)
        now = self.query_one(".countdown-now", Static)
        if target is None:
            digits.display = False
            what.update("All milestones have passed.")
            when.update(f"The last was on {milestone_date(rows[-1].milestone)}." if rows else "")
        else:
            days = max(0, target.countdown.days)
            digits.display = True
            digits.update(str(days))
            if days == 0:
                what.update(Content.assemble("Today: ", literal(target.milestone.name)))
            else:
                what.update(days_phrase(target.milestone, days))
            when.update(Content.assemble(literal(target.milestone.name), " · ", _date(target)))
        # Shown only while a week-long milestone runs, so a quiet week takes no line.
        now.display = bool(running)
        now.update(
            Content.assemble(
                "This week: ",
                Content("; ").join(literal(r.milestone.name) for r in running),
            )
        )


def _date(row: TimelineRow) -> str:
    label = row.countdown.label
    date = milestone_date(row.milestone)
    return date if label in ("today", "this week") else f"{date} ({label})"
