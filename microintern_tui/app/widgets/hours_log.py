"""An intern's hours log: one row per entry, newest first, and the highlighted entry in full."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from ...domain.hours import fmt_hours
from ...domain.models import HoursEntry
from ..literal import literal, literal_cell

#: Cells taken by the date, hours and author columns and the padding of all four.
_FIXED_WIDTH = (10 + 5 + 8) + 2 * 4 + 2


class HoursLog(Vertical):
    """The hours log of the intern screen; the cursor stays on its entry across reloads.

    Attributes:
        entries: the entries shown, newest first.
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self.entries: tuple[HoursEntry, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("Hours log (newest first)", classes="pane-title")
        table: DataTable[Text] = DataTable(id="hours-table", cursor_type="row", zebra_stripes=True)
        yield table
        # The highlighted entry's whole note: the column is narrow at 80 columns.
        yield Static(id="hours-entry-note")

    def on_mount(self) -> None:
        table = self.query_one("#hours-table", DataTable)
        table.add_column("Date", width=10, key="date")
        table.add_column("Hours", width=5, key="hours")
        table.add_column("Note", width=20, key="note")
        table.add_column("By", width=8, key="by")

    def on_resize(self) -> None:
        # Refill after layout, when the note column can take the new width.
        self.call_after_refresh(self._fill)

    @property
    def selected(self) -> HoursEntry | None:
        """The entry under the cursor (None when the log is empty)."""
        table = self.query_one("#hours-table", DataTable)
        row = table.cursor_row
        if self.entries and 0 <= row < len(self.entries) == table.row_count:
            return self.entries[row]
        return None

    def show(self, entries: tuple[HoursEntry, ...]) -> None:
        """Show ``entries`` (newest first), keeping the cursor on the entry it was on."""
        keep = self.selected
        self.entries = entries
        self._fill(keep)

    def _fill(self, keep: HoursEntry | None = None) -> None:
        table: DataTable[Text] = self.query_one("#hours-table", DataTable)
        selected = keep or self.selected
        # The note column takes what the other columns leave (set before the rows go in,
        # so the table measures itself once).
        width = self.size.width or self.screen.size.width - 33
        note = table.columns.get(ColumnKey("note"))
        if note is not None:
            note.width = max(10, width - _FIXED_WIDTH)
        table.clear()
        for e in self.entries:
            table.add_row(
                Text(e.date.isoformat()),
                Text(fmt_hours(e.hours), justify="right"),
                literal_cell(e.note),
                literal_cell(e.stamp.author),
                key=e.id,
            )
        ids = [e.id for e in self.entries]
        if selected is not None and selected.id in ids:
            table.move_cursor(row=ids.index(selected.id), animate=False)
        title = "Hours log (newest first)" if self.entries else "Hours log: nothing yet (press a)"
        self.query_one(".pane-title", Static).update(title)
        self._show_entry_note()

    @on(DataTable.RowHighlighted, "#hours-table")
    def _show_entry_note(self) -> None:
        entry = self.selected
        line = self.query_one("#hours-entry-note", Static)
        if entry is None:
            line.update("")
            return
        line.update(
            Content.assemble(
                (f"{entry.date} · {fmt_hours(entry.hours)} h", "bold"),
                " · ",
                literal(entry.note) if entry.note else Content("no note"),
                " · recorded by ",
                literal(entry.stamp.author),
            )
        )
