"""The interns table: one line per intern, drawn only for the rows on screen.

``DataTable`` measures every cell of every row it is given (30,000 cells for 5,000
interns) and adds rows one by one, which took seconds per filter keystroke. This widget
takes a list of pre-built rows and draws only the visible lines (Textual's line API), so
filtering, sorting and switching mine/all cost a list assignment, whatever the size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

#: Cells of padding on each side of every column.
PADDING = 1


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row: a key (the intern id) and its cells, already built as plain Rich text."""

    key: str
    cells: tuple[Text, ...]


def header_text(labels: Sequence[str], widths: Sequence[int]) -> Text:
    """The column labels laid out with the same widths and padding as the rows."""
    text = Text(no_wrap=True, end="")
    for label, width in zip(labels, widths, strict=True):
        text.append(" " * PADDING + label[:width].ljust(width) + " " * PADDING)
    return text


class InternTable(ScrollView, can_focus=True):
    """A scrolling list of rows with a cursor; Enter (or a click on the cursor row) selects.

    Only rows on screen are rendered; rendered lines are cached until the rows, the
    widths or the cursor change.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False, id="intern-table.up"),
        Binding("down", "cursor(1)", "Down", show=False, id="intern-table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="intern-table.page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="intern-table.page-down"),
        Binding("home", "jump(0)", "First", show=False, id="intern-table.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="intern-table.last"),
        Binding("enter", "select", "Open", id="intern-table.open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"intern-table--cursor", "intern-table--even"}

    cursor_row: reactive[int] = reactive(0, init=False)

    class Selected(Message):
        """The user chose a row (Enter, or a click on the cursor row)."""

        def __init__(self, table: InternTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> InternTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self._rows: list[TableRow] = []
        self._widths: tuple[int, ...] = ()
        self._lines: dict[tuple[int, bool], Strip] = {}

    # -- data -----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows the table holds (not only those on screen)."""
        return len(self._rows)

    @property
    def keys(self) -> list[str]:
        """The rows' keys in display order."""
        return [row.key for row in self._rows]

    def row_cells(self, index: int) -> tuple[Text, ...]:
        """The cells of the row at ``index``."""
        return self._rows[index].cells

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor, or None when the table is empty."""
        if 0 <= self.cursor_row < len(self._rows):
            return self._rows[self.cursor_row].key
        return None

    def set_widths(self, widths: Sequence[int]) -> None:
        """Set the width of each column (cells, padding excluded)."""
        self._widths = tuple(widths)
        self._changed()

    def set_rows(self, rows: Sequence[TableRow], *, cursor_key: str | None = None) -> None:
        """Show ``rows``; the cursor goes to ``cursor_key`` if present, else stays in range."""
        self._rows = list(rows)
        index = self.cursor_row
        if cursor_key is not None:
            index = next((n for n, r in enumerate(self._rows) if r.key == cursor_key), index)
        self._changed()
        self._move_to(index)

    def _changed(self) -> None:
        self._lines.clear()
        width = sum(w + 2 * PADDING for w in self._widths)
        self.virtual_size = Size(width, len(self._rows))
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    # -- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.scrollable_content_region.width
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        return self._line(index).crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def _line(self, index: int) -> Strip:
        on_cursor = index == self.cursor_row and self.has_focus
        key = (index, on_cursor)
        line = self._lines.get(key)
        if line is None:
            line = self._draw(index, on_cursor)
            self._lines[key] = line
        return line

    def _draw(self, index: int, on_cursor: bool) -> Strip:
        base: Style = self.rich_style
        if on_cursor:
            base += self.get_component_rich_style("intern-table--cursor")
        elif index % 2:
            base += self.get_component_rich_style("intern-table--even")
        console = self.app.console
        pad = Segment(" " * PADDING, base)
        segments: list[Segment] = []
        for cell, width in zip(self._rows[index].cells, self._widths, strict=False):
            text = cell.copy()
            text.truncate(width, overflow="ellipsis", pad=True)
            segments.append(pad)
            # Text.render leaves the text's own (whole-cell) style to the caller.
            style = base + console.get_style(text.style) if text.style else base
            segments.extend(Segment.apply_style(text.render(console), style))
            segments.append(pad)
        total = sum(w + 2 * PADDING for w in self._widths)
        return Strip(segments).adjust_cell_length(total, base)

    # -- the cursor -----------------------------------------------------------------------

    def _move_to(self, index: int) -> None:
        index = max(0, min(index, len(self._rows) - 1))
        if index != self.cursor_row:
            self.cursor_row = index
        else:
            self._scroll_to_cursor()

    def watch_cursor_row(self) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif height and self.cursor_row >= top + height:
            self.scroll_to(y=self.cursor_row - height + 1, animate=False, immediate=True)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_cursor(self, step: int) -> None:
        """Move the cursor by ``step`` rows."""
        self._move_to(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        """Move the cursor by a screenful."""
        self._move_to(self.cursor_row + direction * max(1, self.scrollable_content_region.height))

    def action_jump(self, index: int) -> None:
        """Move the cursor to the first (0) or last (-1) row."""
        self._move_to(index if index >= 0 else len(self._rows) - 1)

    def action_select(self) -> None:
        """Choose the row under the cursor."""
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    def on_click(self, event: events.Click) -> None:
        index = event.y + round(self.scroll_y)
        if 0 <= index < len(self._rows):
            if index == self.cursor_row:
                self.action_select()
            else:
                self._move_to(index)
