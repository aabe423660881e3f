"""The milestones screen: cohorts as timelines, the big countdown, and the programme week."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Digits, Static

from microintern_tui.app.app import MicroInternApp, make_app
from microintern_tui.app.cohort_words import cohort_state
from microintern_tui.app.screens.home import HomeScreen
from microintern_tui.app.screens.milestones import (
    CohortPanel,
    MilestonesScreen,
)
from microintern_tui.app.widgets.countdown import countdown_sentence, countdown_target
from microintern_tui.app.widgets.timeline import Timeline, timeline_rows
from microintern_tui.domain.programme import BUILTIN_COHORTS, new_cohort
from microintern_tui.domain.progress import Phase, cohort_order
from microintern_tui.store.store import Store

SPRING, SUMMER = BUILTIN_COHORTS
#: Monday of week 3 of Spring 2024: the mid-way check-ins week is running.
WEEK3 = dt.date(2024, 3, 18)


async def wait_for(pilot: Pilot[int], condition: Callable[[], bool], deadline: float = 5.0) -> None:
    """Let the app run until ``condition`` holds, failing after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "condition not met before the deadline"
        await pilot.pause(0.01)


async def open_milestones(pilot: Pilot[int]) -> MilestonesScreen:
    app = pilot.app
    assert isinstance(app, MicroInternApp)
    await wait_for(pilot, lambda: app.dataset is not None and isinstance(app.screen, HomeScreen))
    await pilot.press("m")
    await wait_for(pilot, lambda: isinstance(app.screen, MilestonesScreen))
    screen = app.screen
    await wait_for(pilot, lambda: bool(screen.query(CohortPanel)))
    await pilot.pause()
    assert isinstance(screen, MilestonesScreen)
    return screen


def panel_texts(panel: CohortPanel) -> dict[str, str]:
    return {
        "title": panel.query_one(".cohort-title", Static).visual.plain,  # type: ignore[union-attr]
        "digits": panel.query_one(Digits).value,
        "what": panel.query_one(".countdown-what", Static).visual.plain,  # type: ignore[union-attr]
        "when": panel.query_one(".countdown-when", Static).visual.plain,  # type: ignore[union-attr]
        "now": panel.query_one(".countdown-now", Static).visual.plain,  # type: ignore[union-attr]
    }


# -- the rules the screen shows (no app) ----------------------------------------------------


def test_week3_timeline_has_every_phase_in_date_order() -> None:
    rows = timeline_rows(SPRING, WEEK3)
    phases = {r.milestone.key: r.phase for r in rows}
    assert phases["pre_training"] is Phase.PASSED
    assert phases["midway"] is Phase.NOW
    # the running week is not "next": the first dated step after it is
    assert phases["end"] is Phase.NEXT
    assert phases["post_workshop"] is Phase.LATER
    assert [r.milestone.date for r in rows] == sorted(r.milestone.date for r in rows)


def test_countdown_counts_to_the_next_step_not_the_running_week() -> None:
    target = countdown_target(timeline_rows(SPRING, WEEK3))
    assert target is not None and target.milestone.key == "end"
    assert target.countdown.days == 14


def test_countdown_sentence_reads_as_words() -> None:
    workshop = SPRING.milestone("post_workshop")
    assert workshop is not None
    assert countdown_sentence(workshop, 12).plain == "12 days to the post-internship workshop"
    assert countdown_sentence(workshop, 1).plain == "1 day to the post-internship workshop"
    assert countdown_sentence(workshop, 0).plain == "today: Post-internship workshop"


def test_state_says_the_programme_week_only_while_it_runs() -> None:
    assert cohort_state(SPRING, WEEK3, dates=True).startswith("week 3 of 5")
    assert cohort_state(SPRING, dt.date(2024, 3, 4), dates=True).startswith("week 1 of 5")
    assert cohort_state(SPRING, dt.date(2024, 4, 7), dates=True).startswith("week 5 of 5")
    assert cohort_state(SPRING, dt.date(2024, 4, 8), dates=True).startswith("internship over")
    assert cohort_state(SUMMER, WEEK3, dates=True) == "starts Mon 01 Jul 2024 (in 105 days)"
    assert cohort_state(SPRING, dt.date(2024, 9, 1), dates=True).startswith("finished")
    # Without the dates, as the cohorts list says it in its State column.
    assert cohort_state(SPRING, WEEK3) == "week 3 of 5"
    assert cohort_state(SUMMER, WEEK3) == "starts in 105 days"
    assert cohort_state(SPRING, dt.date(2024, 4, 8)) == "ended"


def test_running_cohort_first_finished_last_archived_left_out() -> None:
    autumn = new_cohort("Autumn 2024", dt.date(2024, 10, 7))
    archived = dataclasses.replace(new_cohort("Old", dt.date(2024, 4, 1)), archived=True)
    cohorts = (SPRING, SUMMER, autumn, archived)
    # Summer runs; Spring still has its HEAR deadline (11 Aug) before Autumn goes live (19 Aug)
    order = cohort_order(cohorts, dt.date(2024, 7, 8))
    assert [c.name for c in order] == ["Summer 2024", "Spring 2024", "Autumn 2024"]
    # after 11 Aug both 2024 cohorts are finished: they go last, the newest first
    order = cohort_order(cohorts, dt.date(2024, 8, 12))
    assert [c.name for c in order] == ["Autumn 2024", "Summer 2024", "Spring 2024"]


# -- the screen ------------------------------------------------------------------------------


async def test_m_opens_the_countdown_and_week_of_the_running_cohort(store: Store) -> None:
    store.create()
    app = make_app(store, today=WEEK3, user="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_milestones(pilot)
        panels = list(screen.query(CohortPanel))
        assert [p.cohort_id for p in panels] == [SPRING.id, SUMMER.id]
        spring = panel_texts(panels[0])
        assert spring["title"].startswith("Spring 2024 · week 3 of 5")
        assert spring["digits"] == "14"
        assert spring["what"] == "days to the week micro internships must end"
        assert "w/c 01 Apr 2024 (in 14 days)" in spring["when"]
        assert spring["now"] == "This week: Mid-way check-ins"
        timeline = panels[0].query_one(Timeline)
        lines = [timeline.line(r, 78).plain for r in timeline.rows]
        assert lines[6].startswith("▶ this week w/c 18 Mar 2024 Mid-way check-ins")
        assert lines[7].startswith("➜ next") and lines[7].endswith("in 14 days")
        assert all(line.startswith("✓ passed") for line in lines[:6])
        # Escape goes back to where the user was
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_screen_follows_a_change_to_the_data(store: Store) -> None:
    store.create()
    app = make_app(store, today=WEEK3, user="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_milestones(pilot)
        assert len(screen.query(CohortPanel)) == 2
        odd = "[b]Autumn[/b] [@click=app.quit]x \x1b]0;PWNED\x07"

        def add_cohort(s: Store) -> None:
            s.save_cohort(new_cohort(odd, dt.date(2024, 4, 22)))

        app.save("add a cohort", add_cohort)
        await wait_for(pilot, lambda: len(screen.query(CohortPanel)) == 3)
        await pilot.pause()
        titles = [panel_texts(p)["title"] for p in screen.query(CohortPanel)]
        # running Spring first, then the one whose next step (go live, 4 Mar) comes soonest
        assert titles[0].startswith("Spring 2024")
        assert titles[1].startswith("[b]Autumn[/b] [@click=app.quit]x ␛]0;PWNED␇ · starts")
        assert app.is_running


async def test_a_cohort_with_nothing_left_says_so(store: Store) -> None:
    store.create()
    app = make_app(store, today=dt.date(2025, 1, 6), user="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_milestones(pilot)
        spring = panel_texts(list(screen.query(CohortPanel))[-1])
        assert spring["what"] == "All milestones have passed."
        assert not list(screen.query(CohortPanel))[-1].query_one(Digits).display
