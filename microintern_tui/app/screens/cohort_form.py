"""The cohort form: a new cohort from its start Monday, or an existing cohort's dates.

For a new cohort, every milestone date is proposed from the start Monday
(:func:`~microintern_tui.domain.programme.propose_milestones`) and shown, each in its own
box, before anything is saved; a start that is not a Monday (or not a date) is explained
under the box and the dates stay hidden. Nothing is saved until every date passes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, Static

from ...domain.errors import ValidationError
from ...domain.hours import parse_date
from ...domain.models import Cohort, Milestone, MilestoneKind
from ...domain.programme import (
    MILESTONE_SPECS,
    check_start_monday,
    cohort_id_for,
    new_cohort,
    propose_milestones,
    season_name,
)
from ..literal import literal
from ..type_ahead import FormScreen
from ..widgets.text_fields import OrderedInput

#: The start milestone is the cohort's start: edited in the Start box, not in the list.
START_KEY = "start"


@dataclass(frozen=True, slots=True)
class CohortChange:
    """What the form saves: the cohort as edited, and as it was when the form opened.

    Attributes:
        before: the cohort when the form opened (None for a new cohort).
        after: the cohort as the supervisor left it.
    """

    before: Cohort | None
    after: Cohort


def apply_change(change: CohortChange, current: Cohort) -> Cohort:
    """``current`` (the cohort as it is on disk now) with only what the form changed.

    Someone else may have saved another date of the same cohort while the form was open;
    their change is kept unless this form changed the same date.
    """
    before, after = change.before, change.after
    if before is None:
        return after
    dates = {m.key: m.date for m in current.milestones}
    for old, new in zip(before.milestones, after.milestones, strict=True):
        if old.date != new.date:
            dates[new.key] = new.date
    return replace(
        current,
        name=after.name if after.name != before.name else current.name,
        start=after.start if after.start != before.start else current.start,
        milestones=tuple(replace(m, date=dates[m.key]) for m in current.milestones),
    )


def _weekday(date: dt.date, kind: MilestoneKind) -> str:
    return f"w/c {date:%a}" if kind is MilestoneKind.WEEK else f"{date:%a}"


def _problem_text(error: ValidationError) -> Content:
    # The value is what the user typed: shown literally.
    return Content.assemble(
        ("Not saved: ", "bold"),
        f"{error.field} ",
        literal(repr(str(error.value))),
        f" {error.reason}.",
    )


class CohortForm(FormScreen[CohortChange | None]):
    """Add a cohort from its start Monday, or edit a cohort's name and dates.

    Args:
        cohort: the cohort to edit, or None to add one.
        cohorts: every cohort in the file (a new name must not be taken).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cohort-form.cancel"),
        Binding("ctrl+s", "save", "Save", id="cohort-form.save"),
    ]

    def __init__(self, cohort: Cohort | None, cohorts: tuple[Cohort, ...]) -> None:
        super().__init__()
        self.cohort = cohort
        self.cohorts = cohorts
        self._proposed_name = ""

    def compose(self) -> ComposeResult:
        cohort = self.cohort
        if cohort is None:
            title = Content.styled("New cohort", "bold")
        else:
            title = Content.assemble(
                ("Edit ", "bold"),
                literal(cohort.name).stylize("bold"),
                " (built in)" if cohort.builtin else "",
                " (archived)" if cohort.archived else "",
            )
        with Vertical(id="cohort-dialog"):
            yield Static(title, id="cohort-form-title")
            with Horizontal(classes="cohort-row"):
                yield Label("Name", classes="cohort-label")
                yield OrderedInput(
                    cohort.name if cohort else "",
                    placeholder="e.g. Spring 2027",
                    id="cohort-name",
                    compact=True,
                )
            with Horizontal(classes="cohort-row"):
                yield Label("Start", classes="cohort-label")
                yield OrderedInput(
                    cohort.start.isoformat() if cohort else "",
                    placeholder="YYYY-MM-DD",
                    id="cohort-start",
                    compact=True,
                )
                yield Static(id="cohort-start-day", classes="cohort-day")
            yield Static(id="cohort-start-help")
            milestones = VerticalScroll(id="cohort-milestones")
            # Tab goes from box to box (each scrolls into view), not onto the list itself.
            milestones.can_focus = False
            with milestones:
                for spec in MILESTONE_SPECS:
                    with Horizontal(classes="cohort-row milestone-row", id=f"row-{spec.key}"):
                        yield Label(spec.name, classes="milestone-label")
                        if spec.key == START_KEY:
                            yield Static(id="ms-start", classes="milestone-fixed")
                        else:
                            yield OrderedInput(
                                id=f"ms-{spec.key}", classes="milestone-date", compact=True
                            )
                        yield Static(id=f"day-{spec.key}", classes="cohort-day")
            yield Static(id="cohort-error")
            with Horizontal(id="cohort-buttons"):
                yield Button("Save (ctrl+s)", id="cohort-save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cohort-cancel", compact=True)

    def on_mount(self) -> None:
        if self.cohort is not None:
            for m in self.cohort.milestones:
                if m.key != START_KEY:
                    self.query_one(f"#ms-{m.key}", OrderedInput).value = m.date.isoformat()
        self.query_one("#cohort-error", Static).display = False
        self._start_changed()
        self.query_one(
            "#cohort-name" if self.cohort is None else "#ms-go_live", OrderedInput
        ).focus()

    # -- reading the boxes ------------------------------------------------------------------

    def _start(self) -> dt.date:
        start = parse_date(self.query_one("#cohort-start", OrderedInput).value, "start")
        check_start_monday(start)
        return start

    def _milestone_date(self, key: str, name: str, kind: MilestoneKind) -> dt.date:
        date = parse_date(self.query_one(f"#ms-{key}", OrderedInput).value, name)
        if kind is MilestoneKind.WEEK and date.weekday() != 0:
            raise ValidationError(
                name, date.isoformat(), f"is a {date:%A}; a week-commencing date is a Monday"
            )
        return date

    def edited(self) -> Cohort:
        """The cohort as the boxes say.

        Raises:
            ValidationError: for the first box that breaks a rule (checked top to bottom).
        """
        name = " ".join(self.query_one("#cohort-name", OrderedInput).value.split())
        if not name:
            raise ValidationError("name", "", "is empty; a cohort needs a name")
        start = self._start()
        dates = {START_KEY: start}
        for spec in MILESTONE_SPECS:
            if spec.key != START_KEY:
                dates[spec.key] = self._milestone_date(spec.key, spec.name, spec.kind)
        others = (c for c in self.cohorts if self.cohort is None or c.id != self.cohort.id)
        for other in others:
            taken = other.name.casefold() == name.casefold()
            if taken or (self.cohort is None and other.id == cohort_id_for(name)):
                raise ValidationError("name", name, "is taken by another cohort")
        if self.cohort is None:
            overrides = {k: d for k, d in dates.items() if k != START_KEY}
            return new_cohort(name, start, overrides)
        milestones = tuple(
            Milestone(m.key, m.name, dates[m.key], m.kind) for m in self.cohort.milestones
        )
        return replace(self.cohort, name=name, start=start, milestones=milestones)

    # -- reacting to typing -----------------------------------------------------------------

    @on(OrderedInput.Changed, "#cohort-start")
    def _start_changed(self) -> None:
        help_box = self.query_one("#cohort-start-help", Static)
        milestones = self.query_one("#cohort-milestones")
        try:
            start = self._start()
        except ValidationError as error:
            typed = self.query_one("#cohort-start", OrderedInput).value.strip()
            self.query_one("#cohort-start-day", Static).update("")
            if not typed:
                help_box.update("Type the start Monday: every milestone date is proposed from it.")
            else:
                help_box.update(
                    Content.assemble(literal(typed), f" {error.reason}.").stylize("$text-error")
                )
            # Dates proposed from a start that is not a Monday would be wrong: none shown.
            milestones.display = self.cohort is not None
            return
        self.query_one("#cohort-start-day", Static).update(f"{start:%A}")
        milestones.display = True
        self.query_one("#ms-start", Static).update(start.isoformat())
        if self.cohort is None:
            name_box = self.query_one("#cohort-name", OrderedInput)
            if not name_box.value.strip() or name_box.value == self._proposed_name:
                # A conventional name until the supervisor types their own.
                self._proposed_name = name_box.value = season_name(start)
            for m in propose_milestones(start):
                if m.key != START_KEY:
                    self.query_one(f"#ms-{m.key}", OrderedInput).value = m.date.isoformat()
            help_box.update("Proposed from the start Monday; edit any date before saving.")
        else:
            help_box.update("Edit any date; the start moves the must-begin week with it.")
        self._show_days()

    @on(OrderedInput.Changed, ".milestone-date")
    def _show_days(self) -> None:
        for spec in MILESTONE_SPECS:
            box = self.query_one(f"#day-{spec.key}", Static)
            try:
                if spec.key == START_KEY:
                    date = self._start()
                else:
                    date = parse_date(self.query_one(f"#ms-{spec.key}", OrderedInput).value)
            except ValidationError:
                box.update(Content.styled("not a date", "$text-error"))
                continue
            label = _weekday(date, spec.kind)
            if spec.kind is MilestoneKind.WEEK and date.weekday() != 0:
                box.update(Content.styled(f"{label}: not a Monday", "$text-error"))
            else:
                box.update(label)

    # -- saving ---------------------------------------------------------------------------

    def _show_error(self, error: ValidationError | None) -> None:
        box = self.query_one("#cohort-error", Static)
        for field in self.query(".-invalid-field"):
            field.remove_class("-invalid-field")
        box.display = error is not None
        if error is None:
            box.update("")
            return
        box.update(_problem_text(error))
        field_ids = {"name": "#cohort-name", "start": "#cohort-start"}
        field_ids |= {s.name: f"#ms-{s.key}" for s in MILESTONE_SPECS if s.key != START_KEY}
        selector = field_ids.get(error.field)
        if selector is not None:
            widget = self.query_one(selector, OrderedInput)
            widget.add_class("-invalid-field")
            widget.focus()

    @on(OrderedInput.Submitted, "#cohort-name, #cohort-start")
    def _next_box(self) -> None:
        # Enter after the name or the start moves on: the proposed dates are there to be
        # read (and perhaps edited) before anything is saved.
        self.focus_next()

    @on(OrderedInput.Submitted, ".milestone-date")
    @on(Button.Pressed, "#cohort-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cohort-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        """Close with the cohort as edited, or explain the first problem and save nothing."""
        try:
            after = self.edited()
        except ValidationError as error:
            self._show_error(error)
            return
        self._show_error(None)
        self.dismiss(CohortChange(self.cohort, after))

    def action_cancel(self) -> None:
        """Close the form without saving."""
        self.dismiss(None)
