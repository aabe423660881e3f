"""The file indicator in the header: when the app last read the file, and who changed it last.

``microintern — team.json · read 10:42:07 · last change by ann 10:41``

It lives in the header line that every screen already has (``MicroInternApp.format_title``
appends it), so no screen needs a widget of its own and no line of an 80×24 screen is spent
on it. Everything here is pure: it formats what the app's workers found, with the time of
day from the app's injected clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath

from textual.content import Content

from ...store.store import LastChange
from ..literal import literal


@dataclass(frozen=True, slots=True)
class FileStatus:
    """What the indicator shows.

    Attributes:
        read_at: when the app last read the file (aware, in the user's zone).
        last_change: the newest change in the file (None for a file with no records).
    """

    read_at: dt.datetime
    last_change: LastChange | None = None


def _when(updated: str, now: dt.datetime) -> str:
    try:
        when = dt.datetime.fromisoformat(updated)
    except ValueError:
        return literal(updated).plain  # an odd stamp from the file: shown as it is
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)  # the store writes UTC
    local = when.astimezone(now.tzinfo)
    return (
        local.strftime("%H:%M") if local.date() == now.date() else local.strftime("%Y-%m-%d %H:%M")
    )


def status_content(status: FileStatus) -> Content:
    """``read 10:42:07 · last change by ann 10:41`` (the author shown literally)."""
    read = Content.assemble("read ", (status.read_at.strftime("%H:%M:%S"), "bold"))
    last = status.last_change
    if last is None:
        return read + Content(" · no changes yet")
    return Content.assemble(
        read,
        " · last change by ",
        literal(last.author or "someone"),
        " ",
        _when(last.updated, status.read_at),
    )


#: Cells of the header that the title cannot use: Textual's icon (8) and clock space (10).
HEADER_SIDES = 18


def header_title(title: str, sub_title: str, status: Content | None, width: int) -> Content:
    """The header line: ``title — sub_title · status``, fitted to a terminal ``width`` wide.

    What gives way first, so the indicator stays whole at 80 columns: a path's folders (its
    file name stays), then the app's name, then the file name. Both strings may come from the
    file system, so they are shown literally.
    """
    if status is None:
        return _title(title, sub_title)
    room = width - HEADER_SIDES
    name = PurePath(sub_title).name if sub_title else ""
    dot = Content(" · ").stylize("dim")
    tries = [_title(title, sub_title) + dot + status, _title(title, name) + dot + status]
    if name:
        tries.append(literal(name).stylize("dim") + dot + status)
    return next((line for line in tries if line.cell_length <= room), status)


def _title(title: str, sub_title: str) -> Content:
    if not sub_title:
        return literal(title)
    return Content.assemble(literal(title), (" — ", "dim"), literal(sub_title).stylize("dim"))
