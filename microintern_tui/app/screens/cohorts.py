"""The cohorts screen: every cohort (archived ones marked), its dates, add, edit and archive.

An archived cohort's interns leave the home screen (and the milestones screen) but the
cohort stays in reports and exports; archiving is undone with the same key.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from ...domain.dataset import Dataset
from ...domain.models import Cohort, MilestoneKind
from ...store.store import Store
from ..cohort_words import cohort_state, day_text
from ..context import Change
from ..literal import literal, literal_cell
from .base import DataScreen
from .cohort_form import CohortChange, CohortForm, apply_change


def milestone_lines(cohort: Cohort) -> Content:
    """The cohort's milestones, one a line, in date order."""
    lines = []
    for m in sorted(cohort.milestones, key=lambda m: (m.date, m.key)):
        week = "w/c " if m.kind is MilestoneKind.WEEK else "    "
        lines.append(Content.assemble(week, (day_text(m.date), "bold"), "  ", m.name))
    return Content("\n").join(lines)


def save_change(change: CohortChange) -> Change:
    """The store change that saves what the cohort form returned."""

    def save(store: Store) -> None:
        if change.before is None:
            store.save_cohort(change.after, new=True)
        else:
            # Only what the form changed, onto the cohort as it is on disk now.
            current = store.load().cohort(change.after.id)
            store.save_cohort(apply_change(change, current))

    return save


def archive_change(cohort_id: str, archived: bool) -> Change:
    """The store change that archives a cohort (or brings it back)."""

    def archive(store: Store) -> None:
        store.set_cohort_archived(cohort_id, archived)

    return archive


class CohortsScreen(DataScreen):
    """The cohorts, with the selected one's dates below; n adds, e edits, a archives."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="cohorts.back"),
        Binding("c", "close", "Back", show=False, id="cohorts.toggle"),
        Binding("n", "new_cohort", "New cohort", id="cohorts.new"),
        Binding("e", "edit_cohort", "Edit dates", id="cohorts.edit"),
        Binding("a", "toggle_archived", "Archive/unarchive", id="cohorts.archive"),
    ]

    LOADING = "#cohort-table"

    def __init__(self) -> None:
        super().__init__()
        self._dataset: Dataset | None = None
        self._ids: list[str] = []
        #: A cohort just added: the cursor goes to it once it is loaded.
        self._select: str | None = None

    @property
    def cohort_id(self) -> str | None:
        """The id of the cohort under the cursor (exports preselect it)."""
        table = self.query_one("#cohort-table", DataTable)
        if not self._ids or table.cursor_row < 0:
            return None
        return self._ids[min(table.cursor_row, len(self._ids) - 1)]

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static("Cohorts", id="cohorts-title")
        table: DataTable[Text] = DataTable(id="cohort-table", cursor_type="row")
        table.add_column("Cohort", width=18, key="name")
        table.add_column("Starts", width=11, key="start")
        table.add_column("Ends", width=11, key="end")
        table.add_column("Interns", width=7, key="interns")
        table.add_column("State", key="state")
        yield table
        yield Static(id="cohort-dates")
        yield Footer()

    def refresh_data(self, dataset: Dataset) -> None:
        """List the cohorts of ``dataset``, keeping the cursor on the same cohort."""
        table: DataTable[Text] = self.query_one("#cohort-table", DataTable)
        current = self._select or self.cohort_id
        self._dataset = dataset
        today = self.mi_app.today
        counts: dict[str, int] = {}
        for intern in dataset.interns:
            counts[intern.cohort_id] = counts.get(intern.cohort_id, 0) + 1
        table.clear()
        self._ids = [c.id for c in dataset.cohorts]
        for c in dataset.cohorts:
            dim = "dim" if c.archived else ""
            state = "archived" if c.archived else cohort_state(c, today)
            state += " · built in" if c.builtin else ""
            table.add_row(
                literal_cell(c.name, style=dim),
                Text(f"{c.start:%d %b %Y}", style=dim),
                Text(f"{c.end:%d %b %Y}", style=dim),
                Text(str(counts.get(c.id, 0)), style=dim, justify="right"),
                Text(state, style="italic" if c.archived else ""),
                key=c.id,
            )
        if current in self._ids:
            table.move_cursor(row=self._ids.index(current), animate=False)
            self._select = None
        self.query_one("#cohorts-title", Static).update(
            f"Cohorts · {len(self._ids)} · archived cohorts are hidden from the home screen"
        )
        self._show_dates()

    @on(DataTable.RowHighlighted, "#cohort-table")
    def _show_dates(self) -> None:
        box = self.query_one("#cohort-dates", Static)
        if self._dataset is None or self.cohort_id is None:
            box.update("No cohorts yet: press n to add one.")
            return
        cohort = self._dataset.cohort(self.cohort_id)
        box.update(
            Content.assemble(
                literal(cohort.name).stylize("bold"), " · milestones\n", milestone_lines(cohort)
            )
        )

    @on(DataTable.RowSelected, "#cohort-table")
    def _selected(self) -> None:
        self.action_edit_cohort()

    def _open_form(self, cohort: Cohort | None) -> None:
        if self._dataset is None:
            return

        def done(change: CohortChange | None) -> None:
            if change is None:
                return
            if change.before is None:
                self._select = change.after.id
                verb = f"Added cohort {change.after.name} starting {change.after.start}"
            else:
                verb = f"Saved the dates of {change.after.name}"
            self.mi_app.save(
                "add the cohort" if change.before is None else "save the cohort",
                save_change(change),
                done=verb,
            )

        self.app.push_screen(CohortForm(cohort, self._dataset.cohorts), done)

    def action_new_cohort(self) -> None:
        """Add a cohort from its start Monday (every date proposed, each editable)."""
        self._open_form(None)

    def action_edit_cohort(self) -> None:
        """Edit the name and any milestone date of the cohort under the cursor."""
        if self._dataset is not None and self.cohort_id is not None:
            self._open_form(self._dataset.cohort(self.cohort_id))

    def action_toggle_archived(self) -> None:
        """Archive the cohort under the cursor (hide its interns from home), or bring it back."""
        if self._dataset is None or self.cohort_id is None:
            return
        cohort = self._dataset.cohort(self.cohort_id)
        archive = not cohort.archived
        done = (
            f"Archived {cohort.name}: its interns are hidden from the home screen "
            "(still in reports); press a again to undo."
            if archive
            else f"{cohort.name} is no longer archived."
        )
        self.mi_app.save(
            "archive the cohort" if archive else "unarchive the cohort",
            archive_change(cohort.id, archive),
            done=done,
        )

    def action_close(self) -> None:
        """Go back to the screen underneath."""
        self.dismiss()
