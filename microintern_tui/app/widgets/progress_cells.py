"""Text pieces for progress: the hours bar, hours as words, and the styles of each state.

Every state is written in words; the style only adds emphasis (NO_COLOR keeps the words).
"""

from __future__ import annotations

from rich.text import Text

from ...domain.hours import fmt_hours
from ...domain.models import TARGET_HOURS
from ...domain.progress import CheckinState, Status

_EIGHTHS = " ▏▎▍▌▋▊▉"

# Light tints: NO_COLOR turns colours into greys by brightness, and a dark red would
# become dark grey on a dark background. The words carry the meaning either way.
_RED = "#ff6b6b"
_GREEN = "#87d787"
_YELLOW = "#ffd75f"

#: Rich styles for a status; bold keeps "behind" visible without colour.
STATUS_STYLE: dict[Status, str] = {
    Status.NOT_STARTED: "dim",
    Status.ON_TRACK: _GREEN,
    Status.BEHIND: f"bold {_RED}",
    Status.DONE: f"bold {_GREEN}",
    Status.OVER: f"bold {_YELLOW}",
}

#: Rich styles for a check-in state; reverse makes "overdue" stand out in any palette.
CHECKIN_STYLE: dict[CheckinState, str] = {
    CheckinState.NOT_DUE: "dim",
    CheckinState.DUE: _YELLOW,
    CheckinState.OVERDUE: f"bold reverse {_RED}",
    CheckinState.RECORDED: _GREEN,
}


def fmt_pace(hours: float) -> str:
    """Expected hours to one decimal (the pace is an estimate): 29.7, 8."""
    return f"{hours:.1f}".rstrip("0").rstrip(".")


def hours_of_target(hours: float) -> str:
    """Hours toward the 40 in words and numbers: ``23.5 / 40``."""
    return f"{fmt_hours(hours)} / {fmt_hours(TARGET_HOURS)}"


def bar(hours: float, width: int) -> str:
    """A bar of ``width`` cells filled in eighths in proportion to ``hours`` of 40."""
    fraction = max(0.0, min(1.0, hours / TARGET_HOURS))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part and full < width else "")
    return text.ljust(width, "·")


def hours_cell(hours: float, status: Status, bar_width: int = 4) -> Text:
    """The hours column of the interns table: a small bar and ``23.5 / 40``."""
    text = Text(end="", no_wrap=True)
    text.append(bar(hours, bar_width), style=STATUS_STYLE[status])
    text.append(" ")
    text.append(hours_of_target(hours).rjust(10))
    return text


def status_cell(status: Status) -> Text:
    """A status in words, styled."""
    return Text(str(status), style=STATUS_STYLE[status], end="", no_wrap=True)


def checkin_cell(state: CheckinState) -> Text:
    """A check-in state in words, styled (``overdue`` stands out even without colour)."""
    label = "OVERDUE" if state is CheckinState.OVERDUE else str(state)
    return Text(label, style=CHECKIN_STYLE[state], end="", no_wrap=True)
