"""The home screen: my interns or all, the filter, sorting, the summary, opening an intern."""

from __future__ import annotations

from collections.abc import Callable

from pilot_data import APP_TODAY, MARKUP_NAME, Team, wait_for
from textual.widgets import Input, Static

from microintern_tui.app.app import MicroInternApp
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.screens.intern import InternScreen
from microintern_tui.app.widgets.intern_table import InternTable
from microintern_tui.store.store import Store


def names(app: MicroInternApp) -> list[str]:
    table = app.screen.query_one("#intern-table", InternTable)
    return [str(table.row_cells(r)[0]) for r in range(table.row_count)]


def summary(app: MicroInternApp) -> str:
    return str(app.screen.query_one("#home-summary", Static).visual)


async def loaded(pilot, app: MicroInternApp) -> None:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and bool(names(app)))


async def test_home_lists_my_interns_then_all(app_for: Callable[..., MicroInternApp]) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        # Mine: the user's name matches "ann supervisor" too (case and spacing ignored).
        # By name: "[" sorts before letters.
        assert names(app) == [MARKUP_NAME, "Alice Able", "Ben Brown"]
        assert "3 interns" in summary(app)
        await pilot.press("a")
        await wait_for(pilot, lambda: len(names(app)) == 4)
        assert "Cara Cole" in names(app)
        assert "All interns" in str(app.screen.query_one("#home-title", Static).visual)
        await pilot.press("a")
        await wait_for(pilot, lambda: len(names(app)) == 3)


async def test_summary_counts_behind_overdue_and_next_milestone(
    app_for: Callable[..., MicroInternApp],
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        text = summary(app)
        # Alice (12 h by week 4) is behind; Alice and the markup intern have no check-in.
        assert "1 behind" in text
        assert "2 check-ins overdue" in text
        # The internships must end in the week commencing 2024-04-01, six days away.
        assert "Micro internships must end in 6 days (Spring 2024)" in text
        table = app.screen.query_one("#intern-table", InternTable)
        row = [str(c) for c in table.row_cells(1)]
        assert row[0] == "Alice Able"
        # Two cohorts in the file: the cohort column is shown.
        assert row[2] == "Spring 2024"
        assert "12 / 40" in row[3]
        assert row[4:] == ["behind", "OVERDUE"]


async def test_filter_by_name_email_or_employer(app_for: Callable[..., MicroInternApp]) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"lantern")
        await wait_for(pilot, lambda: names(app) == ["Ben Brown"])
        # By email, across mine/all.
        app.screen.query_one("#home-filter", Input).value = ""
        await pilot.press(*"cara@")
        await wait_for(pilot, lambda: names(app) == [])
        assert "press a to see all" not in summary(app)
        assert "No intern matches the filter" in summary(app)
        await pilot.press("enter")  # back to the table, filter kept
        await pilot.press("a")
        await wait_for(pilot, lambda: names(app) == ["Cara Cole"])
        await pilot.press("escape")
        await wait_for(pilot, lambda: len(names(app)) == 4)
        assert app.screen.query_one("#home-filter", Input).value == ""


async def test_sort_by_hours_and_status(app_for: Callable[..., MicroInternApp]) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        by_hours = [MARKUP_NAME, "Ben Brown", "Alice Able"]
        # Overdue check-ins first, and behind before on track.
        by_status = ["Alice Able", MARKUP_NAME, "Ben Brown"]
        by_name = [MARKUP_NAME, "Alice Able", "Ben Brown"]
        await pilot.press("h")
        await wait_for(pilot, lambda: names(app) == by_hours)
        await pilot.press("t")
        await wait_for(pilot, lambda: names(app) == by_status)
        await pilot.press("n")
        await wait_for(pilot, lambda: names(app) == by_name)
        # s cycles name → hours → status → name.
        for expected in (by_hours, by_status, by_name):
            await pilot.press("s")
            await wait_for(pilot, lambda e=expected: names(app) == e)  # type: ignore[misc]


async def test_enter_opens_the_highlighted_intern(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, InternScreen))
        assert isinstance(app.screen, InternScreen)
        assert app.screen.intern_id == team.able
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        # The cursor is still on Alice.
        assert app.screen.query_one("#intern-table", InternTable).cursor_row == 1


async def test_markup_name_shows_literally_on_home(
    app_for: Callable[..., MicroInternApp],
) -> None:
    app = app_for()
    async with app.run_test(size=(120, 24)) as pilot:
        await loaded(pilot, app)
        table = app.screen.query_one("#intern-table", InternTable)
        cell = table.row_cells(0)[0]
        assert str(cell) == MARKUP_NAME
        assert not cell.spans and not cell.style  # plain text, no [b] turned into bold
        # What the terminal gets: the brackets, and no link or action behind the name.
        lines = [
            "".join(seg.text for seg in table.render_line(y)) for y in range(table.size.height)
        ]
        assert any(MARKUP_NAME[:24] in line for line in lines)
        for y in range(table.size.height):
            for seg in table.render_line(y):
                assert not (seg.style and seg.style.meta.get("@click"))
        await pilot.click(table, offset=(3, 1))
        assert app.is_running


async def test_a_reload_keeps_filter_and_cursor_and_shows_new_hours(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("a", "slash", "b", "enter")
        matching = [MARKUP_NAME, "Alice Able", "Ben Brown", "Cara Cole"]
        await wait_for(pilot, lambda: names(app) == matching)
        await pilot.press("down", "down")
        table = app.screen.query_one("#intern-table", InternTable)
        assert table.cursor_key == team.brown
        # Another supervisor records hours for Ben in their own process's store.
        Store(team.path, "Tom Okafor").add_hours(team.brown, APP_TODAY, 3.0, "From Tom", APP_TODAY)
        app.reload()
        await wait_for(pilot, lambda: "27 / 40" in str(table.row_cells(2)[3]))
        assert names(app) == matching
        assert table.cursor_key == team.brown
        assert app.screen.query_one("#home-filter", Input).value == "b"
