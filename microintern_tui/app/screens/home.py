"""The home screen: the supervisor's interns (or all), filtered, sorted, with a summary line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static

from ...domain.dataset import Dataset, InternProgress, same_person
from ...domain.progress import CheckinState, Countdown, Status, next_milestone
from ..literal import literal, literal_cell
from ..widgets.intern_table import InternTable, TableRow, header_text
from ..widgets.progress_cells import checkin_cell, hours_cell, status_cell
from .intern import InternScreen

if TYPE_CHECKING:
    from ..app import MicroInternApp

#: Seconds the filter waits for the next keystroke before re-filtering the table.
FILTER_DELAY = 0.12

#: Most worrying first, when sorting by status.
STATUS_ORDER = {
    Status.BEHIND: 0,
    Status.NOT_STARTED: 1,
    Status.ON_TRACK: 2,
    Status.OVER: 3,
    Status.DONE: 4,
}
SORTS = ("name", "hours", "status")

# Fixed widths (cells) of the columns that hold words of known length.
COHORT_WIDTH = 11
HOURS_WIDTH = 15
STATUS_WIDTH = 11
CHECKIN_WIDTH = 8


@dataclass(frozen=True, slots=True)
class _Row:
    """One intern prepared for the table once per load, so filtering only picks rows."""

    progress: InternProgress
    search: str
    mine: bool
    cells: tuple[Text, ...]


def _search_key(p: InternProgress) -> str:
    i = p.intern
    return f"{i.name}\n{i.email}\n{i.employer}".casefold()


def column_widths(total: int, with_cohort: bool) -> tuple[int, int]:
    """Widths of the name and employer columns for a table ``total`` cells wide."""
    # Each column has one cell of padding on each side; the scrollbar takes one.
    fixed = HOURS_WIDTH + STATUS_WIDTH + CHECKIN_WIDTH + 5 * 2 + 1
    if with_cohort:
        fixed += COHORT_WIDTH + 2
    free = max(20, total - fixed)
    name = max(10, min(28, free * 55 // 100))
    return name, max(10, min(30, free - name))


class HomeScreen(Screen[None]):
    """The interns: mine or all, a filter box, one row per intern, and a summary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "toggle_mine", "Mine/All", id="home.toggle-mine"),
        # A priority binding runs when the key arrives, before the next keys are routed, so
        # "/ben" typed in one go lands in the filter (so "/" cannot be typed into it).
        Binding("slash", "focus_filter", "Filter", priority=True, id="home.filter"),
        Binding("s", "next_sort", "Sort", id="home.sort"),
        # Direct sorts: in the help screen and the palette, not the crowded 80-column footer.
        Binding("n", "sort('name')", "Sort by name", show=False, id="home.sort-name"),
        Binding("h", "sort('hours')", "Sort by hours", show=False, id="home.sort-hours"),
        Binding("t", "sort('status')", "Sort by status", show=False, id="home.sort-status"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="home.clear-filter"),
    ]

    # The table cannot take focus while it shows the loading state; it gets it on first load,
    # so keys pressed meanwhile do not land in the filter box by accident.
    AUTO_FOCUS = ""

    mine: reactive[bool] = reactive(True)
    sort_by: reactive[str] = reactive("name")
    filter_text: reactive[str] = reactive("")

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[str, _Row] = {}
        self._shown: list[str] = []
        self._filter_timer: Timer | None = None
        self._layout: tuple[int, int, bool] | None = None
        self._dataset: Dataset | None = None

    @property
    def mi_app(self) -> MicroInternApp:
        return cast("MicroInternApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="home-title")
        yield Static(id="home-summary")
        yield Input(
            placeholder="/ filter by name, email or employer",
            id="home-filter",
            compact=True,
        )
        yield Static(id="intern-table-header")
        table = InternTable(id="intern-table")
        table.loading = True
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "dataset", self.refresh_data)
        self.watch(self.app, "load_error", self._show_load_error)

    def _show_load_error(self, error: str) -> None:
        if error:
            self.query_one("#intern-table", InternTable).loading = False
            self.query_one("#home-summary", Static).update(
                Content.assemble(("Could not read the data file: ", "bold"), error)
            )

    # -- data ---------------------------------------------------------------------------

    def refresh_data(self, dataset: Dataset | None) -> None:
        """Rebuild the prepared rows from a new dataset; keeps filter, sort and cursor."""
        table = self.query_one("#intern-table", InternTable)
        if dataset is None:
            table.loading = True
            return
        table.loading = False
        if self.focused is None:
            table.focus()
        self._dataset = dataset
        today = self.mi_app.today
        user = self.mi_app.user
        self._rows = {
            p.intern.id: _Row(
                progress=p,
                search=_search_key(p),
                mine=same_person(user, p.intern.supervisor),
                cells=(
                    literal_cell(p.intern.name),
                    literal_cell(p.intern.employer),
                    literal_cell(p.cohort.name),
                    hours_cell(p.hours, p.status),
                    status_cell(p.status),
                    checkin_cell(p.checkin),
                ),
            )
            for p in dataset.progress_all(today)
            # An archived cohort is done with: its interns stay in the reports only.
            if not p.cohort.archived
        }
        self._shown = []  # the cells changed: refill the table even if the same rows match
        self._update_view()
        if table.size.width == 0:
            # The first load can land before layout: size the columns again once laid out.
            self.call_after_refresh(self._update_view)

    def _visible(self) -> list[_Row]:
        words = self.filter_text.casefold().split()
        rows = [
            r
            for r in self._rows.values()
            if (r.mine or not self.mine) and all(w in r.search for w in words)
        ]
        if self.sort_by == "hours":
            rows.sort(key=lambda r: (-r.progress.hours, r.search))
        elif self.sort_by == "status":
            rows.sort(
                key=lambda r: (
                    r.progress.checkin is not CheckinState.OVERDUE,
                    STATUS_ORDER[r.progress.status],
                    r.progress.hours,
                    r.search,
                )
            )
        # by name: the dataset already lists interns by name
        return rows

    def _update_view(self) -> None:
        if self._dataset is None:
            return
        rows = self._visible()
        with_cohort = len({r.progress.cohort.id for r in self._rows.values()}) > 1
        relaid = self._lay_out_columns(with_cohort)
        ids = [r.progress.intern.id for r in rows]
        if relaid or ids != self._shown:
            self._fill_table(rows, ids, with_cohort)
        self._update_summary(rows)

    def _lay_out_columns(self, with_cohort: bool) -> bool:
        """Set the columns for the current width; widths change only on resize, not per key."""
        table = self.query_one("#intern-table", InternTable)
        width = table.size.width or self.size.width - 2
        name_w, employer_w = column_widths(width, with_cohort)
        layout = (name_w, employer_w, with_cohort)
        if layout == self._layout:
            return False
        self._layout = layout
        columns = [("Name", name_w), ("Employer", employer_w)]
        if with_cohort:
            columns.append(("Cohort", COHORT_WIDTH))
        columns += [("Hours", HOURS_WIDTH), ("Status", STATUS_WIDTH), ("Check-in", CHECKIN_WIDTH)]
        labels = [label for label, _ in columns]
        widths = [w for _, w in columns]
        table.set_widths(widths)
        self.query_one("#intern-table-header", Static).update(header_text(labels, widths))
        return True

    def _fill_table(self, rows: list[_Row], ids: list[str], with_cohort: bool) -> None:
        table = self.query_one("#intern-table", InternTable)
        table.set_rows(
            [
                TableRow(
                    r.progress.intern.id,
                    r.cells if with_cohort else r.cells[:2] + r.cells[3:],
                )
                for r in rows
            ],
            cursor_key=table.cursor_key,
        )
        self._shown = ids

    def _update_summary(self, rows: list[_Row]) -> None:
        app = self.mi_app
        who = "My interns" if self.mine else "All interns"
        title = Content.assemble(
            (who, "bold"),
            Content(" (") + literal(app.user) + Content(")") if self.mine else "",
            f" · sorted by {self.sort_by}",
            Content(" · filter: ") + literal(self.filter_text) if self.filter_text else "",
        )
        self.query_one("#home-title", Static).update(title)
        behind = sum(r.progress.status is Status.BEHIND for r in rows)
        overdue = sum(r.progress.checkin is CheckinState.OVERDUE for r in rows)
        parts: list[str | Content | tuple[str, str]] = [
            f"{len(rows)} intern{'s' if len(rows) != 1 else ''}",
            " · ",
            (f"{behind} behind", "bold" if behind else ""),
            " · ",
            (f"{overdue} check-in{'s' if overdue != 1 else ''} overdue", "bold" if overdue else ""),
        ]
        soonest = self._next_milestone(rows)
        if soonest is not None:
            cohort_name, cd = soonest
            parts += [
                " · next: ",
                literal(cd.milestone.name),
                f" {cd.label}",
                Content(" (") + literal(cohort_name) + Content(")"),
            ]
        if not rows:
            parts = [self._empty_reason()]
        self.query_one("#home-summary", Static).update(Content.assemble(*parts))

    def _next_milestone(self, rows: list[_Row]) -> tuple[str, Countdown] | None:
        today = self.mi_app.today
        cohorts = {r.progress.cohort.id: r.progress.cohort for r in rows}
        upcoming = [
            (cd.milestone.date, c.name, cd)
            for c in cohorts.values()
            if (cd := next_milestone(c, today)) is not None
        ]
        if not upcoming:
            return None
        _, name, cd = min(upcoming, key=lambda t: (t[0], t[1]))
        return name, cd

    def _empty_reason(self) -> Content:
        if not self._rows:
            return Content("No interns in this data file yet (add them with `microintern import`).")
        if self.filter_text:
            return Content("No intern matches the filter; press Escape to clear it.")
        return Content.assemble(
            "No interns are supervised by ",
            literal(self.mi_app.user),
            "; press a to see all interns.",
        )

    # -- reactive state -----------------------------------------------------------------

    def watch_mine(self) -> None:
        self._update_view()

    def watch_sort_by(self) -> None:
        self._update_view()

    def watch_filter_text(self) -> None:
        self._update_view()

    def on_resize(self, event: Resize) -> None:
        # After layout, when the table has its new width.
        self.call_after_refresh(self._update_view)

    # -- the filter box -------------------------------------------------------------------

    @on(Input.Changed, "#home-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        # A short pause between keystrokes filters once, not once per letter.
        if self._filter_timer is not None:
            self._filter_timer.stop()
        value = event.value
        self._filter_timer = self.set_timer(FILTER_DELAY, lambda: self._set_filter(value))

    def _set_filter(self, value: str) -> None:
        self.filter_text = value.strip()

    @on(Input.Submitted, "#home-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._set_filter(event.value)
        self.set_focus(self.query_one("#intern-table", InternTable))

    # -- actions ------------------------------------------------------------------------

    def action_toggle_mine(self) -> None:
        """Switch between my interns and all interns."""
        self.mine = not self.mine

    def action_focus_filter(self) -> None:
        """Put the cursor in the filter box."""
        # At once, not after a refresh: the keys typed right after "/" belong to the filter.
        self.set_focus(self.query_one("#home-filter", Input))

    def action_clear_filter(self) -> None:
        """Empty the filter box and go back to the table."""
        filter_box = self.query_one("#home-filter", Input)
        filter_box.value = ""
        self._set_filter("")
        self.set_focus(self.query_one("#intern-table", InternTable))

    def action_next_sort(self) -> None:
        """Sort by the next of name, hours and status."""
        self.sort_by = SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)]

    def action_sort(self, by: str) -> None:
        """Sort the table by name, hours (most first) or status (most worrying first)."""
        if by in SORTS:
            self.sort_by = by

    @on(InternTable.Selected, "#intern-table")
    def _open_intern(self, event: InternTable.Selected) -> None:
        self.app.push_screen(InternScreen(event.key))
