"""The milestones screen: each cohort's calendar as a timeline, with a big countdown.

Cohorts still under way come first (the one whose next milestone is soonest at the top),
finished ones last; archived cohorts are left out. The screen scrolls, so it works at 80×24.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from ...domain.dataset import Dataset
from ...domain.models import Cohort
from ...domain.progress import cohort_order
from ..cohort_words import cohort_state, day_text
from ..literal import literal
from ..widgets.countdown import CohortCountdown
from ..widgets.timeline import Timeline
from .base import DataScreen


class CohortPanel(Vertical):
    """One cohort: its name and state, the countdown, and the timeline."""

    def __init__(self, cohort_id: str) -> None:
        super().__init__(classes="cohort-panel")
        self.cohort_id = cohort_id

    def compose(self) -> ComposeResult:
        yield Static(classes="cohort-title")
        yield CohortCountdown(classes="cohort-countdown")
        yield Timeline(classes="cohort-timeline")

    def show(self, cohort: Cohort, today: dt.date) -> None:
        """Show ``cohort`` as it stands on ``today``."""
        title = Content.assemble(
            literal(cohort.name).stylize("bold"), " · ", cohort_state(cohort, today, dates=True)
        )
        self.query_one(".cohort-title", Static).update(title)
        self.query_one(CohortCountdown).show(cohort, today)
        self.query_one(Timeline).show(cohort, today)


class MilestonesScreen(DataScreen):
    """Every live cohort's milestones, the countdown to the next one, and the programme week."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="milestones.back"),
        Binding("m", "close", "Back", show=False, id="milestones.toggle"),
    ]

    # The keys scroll it (it takes the focus once loaded: a loading widget cannot have it).
    LOADING = "#milestones-scroll"

    def __init__(self) -> None:
        super().__init__()
        self._shown_ids: list[str] | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static("Milestones", id="milestones-title")
        yield VerticalScroll(id="milestones-scroll")
        yield Footer()

    def refresh_data(self, dataset: Dataset) -> None:
        """Show the cohorts of ``dataset``; keeps the scroll position when the cohorts stay."""
        # Mounting panels is awaited: after this message, in the order the datasets came.
        self.call_next(self._show_cohorts, dataset)

    async def _show_cohorts(self, dataset: Dataset) -> None:
        scroll = self.query_one("#milestones-scroll", VerticalScroll)
        today = self.mi_app.today
        self.query_one("#milestones-title", Static).update(
            f"Milestones · today is {day_text(today)}"
        )
        cohorts = cohort_order(dataset.cohorts, today)
        panels = list(scroll.query_children(CohortPanel))
        ids = [c.id for c in cohorts]
        if ids != self._shown_ids:
            self._shown_ids = ids
            await scroll.remove_children()
            panels = [CohortPanel(c.id) for c in cohorts]
            if panels:
                await scroll.mount_all(panels)
            else:
                await scroll.mount(
                    Static(
                        Content("No cohorts: add one with `microintern cohort add NAME --start`."),
                        classes="milestones-empty",
                    )
                )
        for panel, cohort in zip(panels, cohorts, strict=True):
            panel.show(cohort, today)

    def action_close(self) -> None:
        """Go back to the screen underneath."""
        self.dismiss()
