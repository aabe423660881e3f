"""The home screen: the supervisor's interns (or all), filtered, sorted, with a summary line."""

from __future__ import annotations

import time
from dataclasses import dataclass
from operator import attrgetter
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Resize
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Footer, Header, Static

from ...domain.dataset import Dataset, InternProgress, same_person
from ...domain.progress import CheckinState, Countdown, Status, next_milestone
from ..literal import literal, literal_cell
from ..widgets.intern_table import InternTable, TableRow, header_text
from ..widgets.progress_cells import checkin_cell, hours_cell, status_cell
from ..widgets.text_fields import OrderedInput
from .base import DataScreen

#: Seconds the filter waits for the next keystroke before re-filtering the table, when
#: filtering is slow (see FILTER_BUDGET).
FILTER_DELAY = 0.12

#: Filtering that took longer than this many seconds makes the next keystrokes wait for a
#: pause in typing (FILTER_DELAY). 5,000 interns filter in about 10 ms, so every keystroke
#: filters at once; the debounce is only a guard for a slow machine or a huge file.
FILTER_BUDGET = 0.04

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
    """One intern prepared for the table once per load, so filtering only picks rows.

    Attributes:
        progress: the intern's numbers.
        search: name, email and employer, casefolded, for the filter.
        mine: whether the app's user supervises this intern.
        line: the row as the table draws it (the cohort column only with several cohorts).
        cohort_id: the intern's cohort (the summary's next milestone).
        behind: the status is behind (the summary counts these).
        overdue: the check-in is overdue (the summary counts these).
    """

    progress: InternProgress
    search: str
    mine: bool
    line: TableRow
    cohort_id: str
    behind: bool
    overdue: bool


def _prepare(p: InternProgress, user: str, with_cohort: bool) -> _Row:
    cohort = (literal_cell(p.cohort.name),) if with_cohort else ()
    cells = (
        literal_cell(p.intern.name),
        literal_cell(p.intern.employer),
        *cohort,
        hours_cell(p.hours, p.status),
        status_cell(p.status),
        checkin_cell(p.checkin),
    )
    return _Row(
        progress=p,
        search=_search_key(p),
        mine=same_person(user, p.intern.supervisor),
        line=TableRow(p.intern.id, cells),
        cohort_id=p.cohort.id,
        behind=p.status is Status.BEHIND,
        overdue=p.checkin is CheckinState.OVERDUE,
    )


# Per-row fields read at C speed (map) in the passes over every row.
_LINE = attrgetter("line")
_BEHIND = attrgetter("behind")
_OVERDUE = attrgetter("overdue")
_COHORT_ID = attrgetter("cohort_id")


def _hours_key(r: _Row) -> tuple[float, str]:
    return (-r.progress.hours, r.search)


def _status_key(r: _Row) -> tuple[bool, int, float, str]:
    return (not r.overdue, STATUS_ORDER[r.progress.status], r.progress.hours, r.search)


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


class HomeScreen(DataScreen):
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
    LOADING = "#intern-table"

    # var, not reactive: a change redraws the widgets it changes, not the whole screen.
    mine: var[bool] = var(True)
    sort_by: var[str] = var("name")
    filter_text: var[str] = var("")

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[str, _Row] = {}
        # Every row in each sort order, sorted once per load on first use (not per keystroke).
        self._orders: dict[str, list[_Row]] = {}
        self._with_cohort = False
        self._shown: list[_Row] = []
        self._filter_timer: Timer | None = None
        self._summary_lines = 0
        # Seconds the last filtering took: keystrokes are debounced only while it is slow.
        self._filter_cost = 0.0
        self._layout: tuple[int, int, bool] | None = None
        self._dataset: Dataset | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="home-title")
        yield Static(id="home-summary")
        yield OrderedInput(
            placeholder="/ filter by name, email or employer",
            id="home-filter",
            compact=True,
        )
        yield Static(id="intern-table-header")
        yield InternTable(id="intern-table")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "load_error", self._show_load_error)

    def _show_load_error(self, error: str) -> None:
        if error:
            self.query_one("#intern-table", InternTable).loading = False
            self.query_one("#home-summary", Static).update(
                Content.assemble(("Could not read the data file: ", "bold"), error)
            )

    # -- data ---------------------------------------------------------------------------

    def refresh_data(self, dataset: Dataset) -> None:
        """Rebuild the prepared rows from a new dataset; keeps filter, sort and cursor."""
        table = self.query_one("#intern-table", InternTable)
        self._dataset = dataset
        today = self.mi_app.today
        user = self.mi_app.user
        # An archived cohort is done with: its interns stay in the reports only.
        progress = [p for p in dataset.progress_all(today) if not p.cohort.archived]
        self._with_cohort = len({p.cohort.id for p in progress}) > 1
        self._rows = {p.intern.id: _prepare(p, user, self._with_cohort) for p in progress}
        # By name: the dataset already lists interns by name. Other orders on first use.
        self._orders = {"name": list(self._rows.values())}
        self._shown = []  # the cells changed: refill the table even if the same rows match
        self._update_view()
        if table.size.width == 0:
            # The first load can land before layout: size the columns again once laid out.
            self.call_after_refresh(self._update_view)

    def _order(self) -> list[_Row]:
        """Every row in the current sort order (sorted once per load and order)."""
        order = self._orders.get(self.sort_by)
        if order is None:
            key = _hours_key if self.sort_by == "hours" else _status_key
            order = self._orders[self.sort_by] = sorted(self._orders["name"], key=key)
        return order

    def _visible(self) -> list[_Row]:
        words = self.filter_text.casefold().split()
        mine = self.mine
        # Picking from a sorted list keeps its order: a keystroke or a sort costs one pass.
        order = self._order()
        if not words:
            return [r for r in order if r.mine] if mine else list(order)
        return [r for r in order if (r.mine or not mine) and all(w in r.search for w in words)]

    def _update_view(self) -> None:
        if self._dataset is None:
            return
        rows = self._visible()
        relaid = self._lay_out_columns(self._with_cohort)
        # The same row objects (per load) in the same order compare by identity, at C speed.
        if relaid or rows != self._shown:
            self._fill_table(rows)
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

    def _fill_table(self, rows: list[_Row]) -> None:
        table = self.query_one("#intern-table", InternTable)
        table.set_rows(list(map(_LINE, rows)), cursor_key=table.cursor_key)
        self._shown = rows

    def _update_summary(self, rows: list[_Row]) -> None:
        app = self.mi_app
        who = "My interns" if self.mine else "All interns"
        title = Content.assemble(
            (who, "bold"),
            Content(" (") + literal(app.user) + Content(")") if self.mine else "",
            f" · sorted by {self.sort_by}",
            Content(" · filter: ") + literal(self.filter_text) if self.filter_text else "",
        )
        # One line high whatever it says: no layout pass needed (it would redraw everything).
        self.query_one("#home-title", Static).update(title, layout=False)
        behind = sum(map(_BEHIND, rows))
        overdue = sum(map(_OVERDUE, rows))
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
        summary = Content.assemble(*parts)
        box = self.query_one("#home-summary", Static)
        # One line or two (it wraps): a layout pass only when that changes.
        lines = 1 if summary.cell_length <= box.content_size.width else 2
        box.update(summary, layout=lines != self._summary_lines)
        self._summary_lines = lines

    def _next_milestone(self, rows: list[_Row]) -> tuple[str, Countdown] | None:
        today = self.mi_app.today
        dataset = self._dataset
        if dataset is None:
            return None
        cohorts = [dataset.cohort(cohort_id) for cohort_id in set(map(_COHORT_ID, rows))]
        upcoming = [
            (cd.milestone.date, c.name, cd)
            for c in cohorts
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

    @on(OrderedInput.Changed, "#home-filter")
    def _filter_changed(self, event: OrderedInput.Changed) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        value = event.value
        if self._filter_cost <= FILTER_BUDGET:
            self._set_filter(value)
        else:
            # Filtering was slow last time: a short pause between keystrokes filters once,
            # not once per letter, so typing never queues up behind the table.
            self._filter_timer = self.set_timer(FILTER_DELAY, lambda: self._set_filter(value))

    def _set_filter(self, value: str) -> None:
        started = time.perf_counter()
        self.filter_text = value.strip()  # the watcher filters the table now
        self._filter_cost = time.perf_counter() - started

    @on(OrderedInput.Submitted, "#home-filter")
    def _filter_submitted(self, event: OrderedInput.Submitted) -> None:
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
        self.set_focus(self.query_one("#home-filter", OrderedInput))

    def action_clear_filter(self) -> None:
        """Empty the filter box and go back to the table."""
        filter_box = self.query_one("#home-filter", OrderedInput)
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
        from .intern import InternScreen  # on first use: not needed for the first frame

        self.app.push_screen(InternScreen(event.key))
