"""A cohort's milestones as a timeline: passed, this week, today, next, later.

Each row says its phase in words as well as colour (the colour comes from the
``timeline--<phase>`` component classes in ``styles/milestones.tcss``), so the timeline
reads the same with ``NO_COLOR`` or on a monochrome terminal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.content import Content
from textual.widget import Widget

from ...domain.models import Cohort, Milestone, MilestoneKind
from ...domain.progress import Countdown, Phase, timeline
from ..literal import literal

_MARKERS = {
    Phase.PASSED: "✓",
    Phase.NOW: "▶",
    Phase.TODAY: "▶",
    Phase.NEXT: "➜",
    Phase.LATER: "·",
}
_PHASE_WIDTH = max(len(p.value) for p in Phase) + 1
_DATE_WIDTH = 16
_WHEN_WIDTH = 11


def milestone_date(milestone: Milestone) -> str:
    """The milestone's date in a fixed width: ``Wed 10 Apr 2024`` or ``w/c 04 Mar 2024``."""
    prefix = "w/c" if milestone.kind is MilestoneKind.WEEK else f"{milestone.date:%a}"
    return f"{prefix} {milestone.date:%d %b %Y}"


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One milestone as the timeline shows it.

    Attributes:
        milestone: the milestone.
        phase: where it stands today (the first one still to come is always ``next``).
        countdown: its countdown from today.
    """

    milestone: Milestone
    phase: Phase
    countdown: Countdown


def timeline_rows(cohort: Cohort, today: dt.date) -> tuple[TimelineRow, ...]:
    """The cohort's milestones in date order, with the first one still to come marked next.

    ``domain.progress.timeline`` marks nothing ``next`` while a week-long milestone is
    running (the running week is the "next milestone not yet over"); a supervisor still
    wants to see which dated step comes after it, so the first later one becomes next.
    """
    rows = [TimelineRow(m, phase, c) for m, phase, c in timeline(cohort, today)]
    if not any(r.phase in (Phase.NEXT, Phase.TODAY) for r in rows):
        for n, row in enumerate(rows):
            if row.phase is Phase.LATER:
                rows[n] = TimelineRow(row.milestone, Phase.NEXT, row.countdown)
                break
    return tuple(rows)


def _fit(text: str, width: int) -> str:
    if len(text) <= width:
        return text.ljust(width)
    return text[: max(0, width - 1)] + "…"


class Timeline(Widget):
    """A cohort's milestones, one line each: marker, phase in words, date, name, countdown."""

    COMPONENT_CLASSES = {
        "timeline--passed",
        "timeline--now",
        "timeline--today",
        "timeline--next",
        "timeline--later",
    }

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.rows: tuple[TimelineRow, ...] = ()

    def show(self, cohort: Cohort, today: dt.date) -> None:
        """Show ``cohort``'s milestones as they stand on ``today``."""
        rows = timeline_rows(cohort, today)
        if rows != self.rows:
            self.rows = rows
            self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(1, len(self.rows))

    def _component(self, phase: Phase) -> str:
        return "timeline--" + phase.name.lower()

    def line(self, row: TimelineRow, width: int) -> Content:
        """One row as content ``width`` cells wide (the name is cut with … to fit)."""
        phase = row.phase
        when = "" if phase is Phase.PASSED else row.countdown.label
        name_width = max(8, width - 2 - _PHASE_WIDTH - _DATE_WIDTH - _WHEN_WIDTH)
        name = literal(_fit(row.milestone.name, name_width))
        style = self.get_visual_style(self._component(phase), partial=True)
        return Content.assemble(
            (f"{_MARKERS[phase]} {phase.value.ljust(_PHASE_WIDTH)}", style),
            milestone_date(row.milestone).ljust(_DATE_WIDTH),
            name,
            (when.rjust(_WHEN_WIDTH), style),
        )

    def render(self) -> Content:
        if not self.rows:
            return Content("no milestones")
        width = self.size.width
        return Content("\n").join(self.line(row, width) for row in self.rows)
