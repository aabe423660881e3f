"""Hours per programme week as five labelled bars (weeks 1-5)."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ...domain.hours import fmt_hours
from ...domain.models import PROGRAMME_WEEKS, TARGET_HOURS
from .progress_cells import bar

#: An even pace: the 40 hours spread over the five weeks.
WEEKLY_PACE = TARGET_HOURS / PROGRAMME_WEEKS


class WeekChart(Widget):
    """One line per programme week: ``wk 3 ██▌···   5.5``; the current week is marked ``◀``."""

    weeks: reactive[tuple[float, ...]] = reactive((0.0,) * PROGRAMME_WEEKS)
    current: reactive[int | None] = reactive(None)

    def render(self) -> Content:
        width = max(4, self.size.width - 14)
        # Scale so a normal week (8 h) fills about half the bar; a long week still fits.
        top = max(2 * WEEKLY_PACE, *self.weeks)
        lines = []
        for n, hours in enumerate(self.weeks, start=1):
            filled = bar(hours * TARGET_HOURS / top, width)
            lines.append(
                Content.assemble(
                    f"wk {n} ",
                    (filled, "$accent"),
                    f" {fmt_hours(hours):>5}",
                    (" ◀", "bold") if n == self.current else "",
                )
            )
        return Content("\n").join(lines)
