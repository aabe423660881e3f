"""A bar of hours toward 40 with a marker where an even pace would be today."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ...domain.models import TARGET_HOURS
from .progress_cells import fmt_pace


class PaceBar(Widget):
    """Two lines: the bar (filled to the hours, ``┃`` at the pace) and a label under the marker.

    The marker and the label are characters, so the pace reads without colour.
    """

    hours: reactive[float] = reactive(0.0)
    expected: reactive[float] = reactive(0.0)

    def render(self) -> Content:
        width = max(10, self.size.width)
        filled = round(min(1.0, self.hours / TARGET_HOURS) * width)
        marker = min(width - 1, round(min(1.0, self.expected / TARGET_HOURS) * (width - 1)))
        bar = Content.assemble(
            ("█" * filled, "$success" if self.hours >= self.expected else "$warning"),
            ("░" * (width - filled), "$foreground-darken-3"),
        )
        line = Content.assemble(bar[:marker], ("┃", "bold $text reverse"), bar[marker + 1 :])
        label = f"▲ pace {fmt_pace(self.expected)} h today"
        start = marker if marker + len(label) <= width else max(0, marker + 1 - len(label))
        if start != marker:
            label = f"pace {fmt_pace(self.expected)} h today ▲"
        under = " " * start + label
        return Content.assemble(line, "\n", under[:width])
