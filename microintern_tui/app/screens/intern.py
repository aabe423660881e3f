"""One intern: details, progress to 40 with the pace, hours log, weekly hours, check-ins, ticks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from ...domain.dataset import Dataset, InternProgress
from ...domain.errors import NotFoundError
from ...domain.hours import fmt_hours
from ...domain.models import PROGRAMME_WEEKS, Checkin, HoursEntry, Intern
from ...domain.progress import hours_per_week, needed_per_week, programme_week
from ...domain.ticks import TICKS, tick
from ...store.errors import LockTimeoutError
from ..failures import guarded
from ..literal import literal
from ..messages import DataLoaded
from ..widgets.hours_log import HoursLog
from ..widgets.pace_bar import PaceBar
from ..widgets.progress_cells import CHECKIN_STYLE, STATUS_STYLE, fmt_pace, hours_of_target
from ..widgets.week_chart import WeekChart
from .base import DataScreen
from .checkin_editor import CheckinEditor, CheckinInput
from .confirm import ConfirmScreen
from .hours_form import HoursForm, HoursInput

if TYPE_CHECKING:
    from ...store.store import Store

_Draft = TypeVar("_Draft")

#: The key that ticks each of the domain's ticks (pre-training, post-workshop, HEAR journal).
TICK_KEYS = {"pre": "p", "post": "w", "hear": "j"}


class InternScreen(DataScreen):
    """One intern's page; every change goes through the app's store workers.

    Args:
        intern_id: the intern shown.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="intern.back"),
        Binding("a", "add_hours", "Add hours", id="intern.add-hours"),
        Binding("c", "edit_checkin", "Check-in note", id="intern.checkin"),
        Binding("k", "new_checkin", "New check-in", id="intern.new-checkin"),
        Binding("d,delete", "delete_hours", "Delete entry", id="intern.delete-hours"),
        *(
            Binding(
                TICK_KEYS[t.key], f"tick('{t.key}')", f"Tick {t.label}", id=f"intern.tick-{t.key}"
            )
            for t in TICKS
        ),
    ]

    def __init__(self, intern_id: str) -> None:
        super().__init__()
        self.intern_id = intern_id
        self.progress: InternProgress | None = None
        self.entries: tuple[HoursEntry, ...] = ()
        self.checkins: tuple[Checkin, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="intern-details")
        yield Static(id="intern-numbers")
        yield PaceBar(id="intern-pace")
        yield Static(id="intern-ticks")
        with Horizontal(id="intern-body"):
            yield HoursLog(id="hours-pane")
            with Vertical(id="side-pane"):
                yield Static("Hours per week", classes="pane-title")
                yield WeekChart(id="week-chart")
                yield Static("Check-ins", classes="pane-title")
                with VerticalScroll(id="checkins"):
                    yield Static(id="checkin-notes")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#hours-table").focus()

    # -- data ---------------------------------------------------------------------------

    def refresh_data(self, dataset: Dataset) -> None:
        """Show the intern as ``dataset`` has them, keeping the hours-log cursor on its entry."""
        today = self.mi_app.today
        try:
            intern = dataset.intern(self.intern_id)
        except NotFoundError:
            self.query_one("#intern-details", Static).update(
                "This intern is no longer in the data file (deleted elsewhere). Press Escape."
            )
            return
        p = dataset.progress(intern, today)
        self.progress = p
        self.entries = tuple(
            sorted(
                dataset.hours_of(intern.id), key=lambda h: (h.date, h.stamp.created), reverse=True
            )
        )
        self.checkins = dataset.checkins_of(intern.id)
        self._show_details(p)
        self.query_one(HoursLog).show(self.entries)
        week = self.query_one("#week-chart", WeekChart)
        week.weeks = hours_per_week(self.entries, p.cohort)
        week.current = programme_week(p.cohort, today)
        self._show_checkins()

    def _show_details(self, p: InternProgress) -> None:
        i = p.intern
        self.query_one("#intern-details", Static).update(
            Content.assemble(
                literal(i.name).stylize("bold"),
                " <",
                literal(i.email),
                "> · ",
                literal(i.employer),
                "\n",
                literal(p.cohort.name),
                " · supervisor ",
                literal(i.supervisor) if i.supervisor else "(none)",
            )
        )
        needed = needed_per_week(p.hours, p.cohort, self.mi_app.today)
        week = programme_week(p.cohort, self.mi_app.today)
        self.query_one("#intern-numbers", Static).update(
            Content.assemble(
                (hours_of_target(p.hours), "bold"),
                " h · ",
                (str(p.status), STATUS_STYLE[p.status]),
                f" · pace {fmt_pace(p.expected)} h by today",
                f" · week {week} of {PROGRAMME_WEEKS}" if week else "",
                f" · needs {fmt_pace(needed)} h/week" if needed and p.remaining else "",
                " · check-in ",
                (str(p.checkin), CHECKIN_STYLE[p.checkin]),
            )
        )
        pace = self.query_one("#intern-pace", PaceBar)
        pace.hours = p.hours
        pace.expected = p.expected
        ticks: list[str | tuple[str, str]] = []
        for t in TICKS:
            done = t.done(i)
            ticks += [
                ("[x] " if done else "[ ] ", "bold" if done else ""),
                f"{t.label} ({TICK_KEYS[t.key]})   ",
            ]
        self.query_one("#intern-ticks", Static).update(Content.assemble(*ticks))

    def _show_checkins(self) -> None:
        if not self.checkins:
            text = Content("No check-in yet. Press c to write the mid-way check-in note.")
        else:
            blocks = []
            for c in reversed(self.checkins):
                head = Content.assemble(
                    (c.date.isoformat(), "bold"), " by ", literal(c.stamp.author)
                )
                blocks.append(Content.assemble(head, "\n", literal(c.note, multiline=True)))
            text = Content("\n\n").join(blocks)
        self.query_one("#checkin-notes", Static).update(text)

    # -- actions ------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to the interns."""
        self.dismiss()

    def action_add_hours(self, draft: HoursInput | None = None) -> None:
        """Open the add-hours form; what it returns is saved.

        Args:
            draft: what the user typed last time, when that save failed.
        """
        if self.progress is None:
            return
        intern = self.progress.intern
        # Pushed here, not from a worker: the keys typed after "a" belong to the form.
        self.app.push_screen(
            HoursForm(intern.name, self.entries, self.mi_app.today, draft=draft),
            partial(self._hours_entered, intern),
        )

    @guarded("add hours")
    def _hours_entered(self, intern: Intern, entry: HoursInput | None) -> None:
        if entry is None:
            return
        today = self.mi_app.today

        def change(store: Store) -> list[str]:
            # Over 40 only when the user said so; hours someone else just added count too.
            with self._reopen_on_failure(store, self.action_add_hours, entry):
                _, warnings = store.add_hours(
                    intern.id,
                    entry.date,
                    entry.hours,
                    entry.note,
                    today,
                    allow_over=entry.over_confirmed,
                )
            return warnings

        self.mi_app.save(
            "add hours",
            change,
            done=f"Recorded {fmt_hours(entry.hours)} h on {entry.date} for {intern.name}",
        )

    def action_edit_checkin(self) -> None:
        """Edit the latest check-in note, or write the first one."""
        self._edit_checkin(self.checkins[-1] if self.checkins else None)

    def action_new_checkin(self) -> None:
        """Write a new check-in note dated today."""
        self._edit_checkin(None)

    def _edit_checkin(self, checkin: Checkin | None, draft: CheckinInput | None = None) -> None:
        if self.progress is None:
            return
        intern = self.progress.intern
        today = self.mi_app.today
        self.app.push_screen(
            CheckinEditor(
                intern.name,
                checkin.date if checkin else today,
                checkin.note if checkin else "",
                today,
                new=checkin is None,
                draft=draft,
            ),
            partial(self._checkin_written, intern, checkin),
        )

    @guarded("save the check-in note")
    def _checkin_written(
        self, intern: Intern, checkin: Checkin | None, result: CheckinInput | None
    ) -> None:
        if result is None:
            return
        today = self.mi_app.today
        checkin_id = checkin.id if checkin is not None else None

        def change(store: Store) -> None:
            with self._reopen_on_failure(store, self._retry_checkin, (checkin, result)):
                if checkin_id is None:
                    store.add_checkin(intern.id, result.date, result.note, today)
                else:
                    store.update_checkin(checkin_id, result.note, result.date, today)

        self.mi_app.save(
            "save the check-in note", change, done=f"Check-in note saved for {intern.name}"
        )

    def _retry_checkin(self, previous: tuple[Checkin | None, CheckinInput]) -> None:
        checkin, draft = previous
        self._edit_checkin(checkin, draft)

    @contextmanager
    def _reopen_on_failure(
        self, store: Store, reopen: Callable[[_Draft], object], draft: _Draft
    ) -> Iterator[None]:
        """Run in the save worker: if the save fails, open the form again with the draft.

        The app reports the error; the user's text is not lost, and the form opens on
        the file as it is now (hours someone else just added count, so going over 40
        is asked about). A held lock is the exception: the app's lock dialog keeps the
        change and offers to retry it.
        """
        try:
            yield
        except LockTimeoutError:
            raise
        except Exception:
            # A refusal (MicroInternError) or anything unexpected: either way nothing was
            # saved, and the app reports it once the worker lets it out.
            try:
                fresh: Dataset | None = store.load()
            except Exception:
                fresh = None
            self.app.call_from_thread(self._after_refusal, fresh, partial(reopen, draft))
            raise

    @guarded("open the form again")
    def _after_refusal(self, fresh: Dataset | None, reopen: Callable[[], object]) -> None:
        if fresh is not None:
            self.refresh_data(fresh)
            self.app.post_message(DataLoaded(fresh))
        reopen()

    def action_delete_hours(self) -> None:
        """Delete the highlighted hours entry, after a confirmation (kept as a tombstone)."""
        entry = self.query_one(HoursLog).selected
        if entry is None or self.progress is None:
            self.notify("No hours entry is selected.", severity="warning")
            return
        question = Content.assemble(
            "Delete ",
            (f"{fmt_hours(entry.hours)} h on {entry.date}", "bold"),
            " (",
            literal(entry.note) if entry.note else "no note",
            ") for ",
            literal(self.progress.intern.name),
            "?",
        )
        self.app.push_screen(
            ConfirmScreen(question, yes="Delete", no="Keep", danger=True),
            partial(self._delete_answered, entry),
        )

    @guarded("delete the hours entry")
    def _delete_answered(self, entry: HoursEntry, delete: bool | None) -> None:
        if not delete:
            return
        entry_id = entry.id
        self.mi_app.save(
            "delete the hours entry",
            lambda store: store.delete_hours(entry_id),
            done=f"Deleted {fmt_hours(entry.hours)} h on {entry.date}",
        )

    def action_tick(self, which: str) -> None:
        """Tick or untick pre-training, the post-internship workshop or the HEAR journal."""
        if self.progress is None:
            return
        intern_id = self.intern_id
        ticked = tick(which)
        # The words follow what the user saw; the change itself reads the file afresh.
        done = "Unticked" if ticked.done(self.progress.intern) else "Ticked"

        def change(store: Store) -> None:
            # Read the tick fresh (the app runs one change at a time): two presses toggle twice.
            current = ticked.done(store.load().intern(intern_id))
            store.set_training(intern_id, ticked.key, not current)

        self.mi_app.save(f"change {ticked.label}", change, done=f"{done} {ticked.label}")
