"""The literal-text helper: data shows as typed, never as markup, actions or terminal controls."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Static

from microintern_tui.app.literal import literal, literal_cell

MARKUP_NAME = "[b]Ann[/b] [@click=app.quit]x"
OSC_NOTE = "hi \x1b]0;PWNED\x07 there"


def test_markup_is_kept_as_characters() -> None:
    content = literal(MARKUP_NAME)
    assert content.plain == MARKUP_NAME
    assert content.spans == []


def test_osc_sequence_becomes_visible_placeholders() -> None:
    content = literal(OSC_NOTE)
    assert "\x1b" not in content.plain and "\x07" not in content.plain
    assert content.plain == "hi ␛]0;PWNED␇ there"


def test_newlines_only_kept_when_multiline() -> None:
    assert literal("a\nb").plain == "a␊b"
    assert literal("a\nb\x1b", multiline=True).plain == "a\nb␛"


def test_cell_is_plain_text_with_no_markup_spans() -> None:
    cell = literal_cell(MARKUP_NAME + OSC_NOTE, style="bold")
    assert isinstance(cell, Text)
    assert cell.plain == MARKUP_NAME + "hi ␛]0;PWNED␇ there"
    assert cell.spans == []


class _Shows(App[None]):
    """One Static and one DataTable showing the same untrusted strings."""

    def __init__(self, shown: Content) -> None:
        super().__init__()
        self.shown = shown

    def compose(self) -> ComposeResult:
        yield Static(self.shown, id="name")
        yield DataTable(id="table")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("name", "note")
        table.add_row(literal_cell(MARKUP_NAME), literal_cell(OSC_NOTE))


async def test_click_on_a_literal_name_does_nothing() -> None:
    app = _Shows(literal(MARKUP_NAME))
    async with app.run_test(size=(60, 10)) as pilot:
        # the "x" after the would-be click tag: where the link would be
        await pilot.click("#name", offset=(len(MARKUP_NAME) - 1, 0))
        await pilot.pause()
        assert app.is_running
        assert app.return_code is None
        assert app.query_one("#name", Static).visual.plain == MARKUP_NAME  # type: ignore[union-attr]


async def test_the_same_click_on_markup_would_quit() -> None:
    """The control case: proves the click above lands on a spot that markup makes live."""
    app = _Shows(Content.from_markup("[@click=app.quit]xxxxxxxxxxxxxxxxxxxxxxxxxxxxx[/]"))
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.click("#name", offset=(len(MARKUP_NAME) - 1, 0))
        await pilot.pause()
        assert app.return_code == 0


async def test_controls_never_reach_the_screen() -> None:
    app = _Shows(literal(OSC_NOTE))
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        svg = app.export_screenshot()
        assert "\x1b" not in svg and "\x07" not in svg
        assert "PWNED" in svg
        assert "␛" in svg
        table = app.query_one(DataTable)
        rendered = "".join(
            seg.text for y in range(table.size.height) for seg in table.render_line(y)
        )
        assert "\x1b" not in rendered and "␛]0;PWNED␇" in rendered
        static = app.query_one("#name", Static)
        line = "".join(seg.text for seg in static.render_line(0))
        assert line.startswith("hi ␛]0;PWNED␇ there")
