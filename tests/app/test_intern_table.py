"""The interns table widget: cursor keys, scrolling, keeping the cursor on its row, selecting."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult

from microintern_tui.app.app import stylesheets
from microintern_tui.app.widgets.intern_table import InternTable, TableRow


def rows(n: int) -> list[TableRow]:
    return [TableRow(f"id-{i}", (Text(f"Intern {i:03}"), Text("[b]x[/b]"))) for i in range(n)]


class TableApp(App[None]):
    CSS_PATH = stylesheets()
    selected: ClassVar[list[str]] = []

    def compose(self) -> ComposeResult:
        yield InternTable(id="intern-table")

    def on_mount(self) -> None:
        table = self.query_one(InternTable)
        table.set_widths([12, 8])
        table.set_rows(rows(100))
        table.focus()

    def on_intern_table_selected(self, message: InternTable.Selected) -> None:
        self.selected.append(message.key)


def visible_text(table: InternTable) -> list[str]:
    return ["".join(s.text for s in table.render_line(y)) for y in range(table.size.height)]


async def test_cursor_keys_scroll_and_select() -> None:
    app = TableApp()
    TableApp.selected = []
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(InternTable)
        assert table.cursor_key == "id-0"
        assert visible_text(table)[0].startswith(" Intern 000")
        await pilot.press("end")
        assert table.cursor_key == "id-99"
        await pilot.pause()
        # The last row is on screen: only visible lines are drawn, from the scroll offset.
        assert any(line.startswith(" Intern 099") for line in visible_text(table))
        await pilot.press("pageup", "up")
        assert table.cursor_row == 99 - table.size.height - 1
        await pilot.press("home", "down", "enter")
        assert TableApp.selected == ["id-1"]
        # Cells are shown as given: "[b]x[/b]" is text, not markup.
        assert "[b]x[/b]" in visible_text(table)[0]


async def test_new_rows_keep_the_cursor_on_its_key() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(InternTable)
        await pilot.press("down", "down", "down")
        assert table.cursor_key == "id-3"
        # A filter drops the first rows: the cursor follows id-3 to its new place.
        table.set_rows(rows(100)[2:], cursor_key=table.cursor_key)
        assert (table.cursor_row, table.cursor_key) == (1, "id-3")
        # The row under the cursor goes: the cursor stays in range.
        table.set_rows(rows(100)[:1], cursor_key=table.cursor_key)
        assert (table.cursor_row, table.cursor_key) == (0, "id-0")
        table.set_rows([], cursor_key=table.cursor_key)
        assert table.cursor_key is None and table.row_count == 0
        await pilot.press("enter", "down", "end")  # nothing to select or move to
