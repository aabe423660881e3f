"""The command palette offers the current screen's keys as commands."""

from __future__ import annotations

from collections.abc import Callable

from pilot_data import Team, hours_of, open_intern, text_of, wait_for
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from microintern_tui.app.app import MicroInternApp
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.screens.hours_form import HoursForm


async def choose(pilot: Pilot[int], query: str, command: str) -> None:
    """Open the palette, type ``query``, and run the first hit once it is ``command``."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*query)
    hits = app.screen.query_one(CommandList)

    def first_hit() -> str:
        return str(hits.get_option_at_index(0).prompt) if hits.option_count else ""

    await wait_for(pilot, lambda: first_hit().startswith(command))
    await pilot.press("enter")


async def test_palette_runs_a_screen_key(
    app_for: Callable[..., MicroInternApp], team: Team
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intern(pilot, team.able)
        await choose(pilot, "pre-train", "Tick pre-training")
        await wait_for(pilot, lambda: "[x] pre-training" in text_of(screen, "#intern-ticks"))
        await choose(pilot, "add hours", "Add hours")
        await wait_for(pilot, lambda: isinstance(app.screen, HoursForm))
        await pilot.press("escape")
    assert len(hours_of(team, team.able)) == 3


async def test_palette_offers_keys_hidden_from_the_footer(
    app_for: Callable[..., MicroInternApp],
) -> None:
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, HomeScreen) and app.dataset is not None
        )
        home = app.screen
        assert isinstance(home, HomeScreen)
        # "h" is not in the 80-column footer, but the palette has it.
        await choose(pilot, "sort by hours", "Sort by hours")
        await wait_for(pilot, lambda: home.sort_by == "hours")
