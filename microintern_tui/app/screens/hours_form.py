"""The add-hours form: date (today by default), hours and a note, checked before saving."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label, Static

from ...domain.errors import ValidationError
from ...domain.hours import check_new_hours, fmt_hours, parse_date, parse_hours
from ...domain.models import TARGET_HOURS, HoursEntry
from ...domain.progress import total_hours
from ..failures import guarded
from ..literal import literal
from ..type_ahead import FormScreen
from ..widgets.text_fields import OrderedInput
from .confirm import ConfirmScreen


@dataclass(frozen=True, slots=True)
class HoursInput:
    """Hours the supervisor entered and the form checked.

    Attributes:
        over_confirmed: the supervisor agreed to going over 40 hours in total.
    """

    date: dt.date
    hours: float
    note: str
    over_confirmed: bool = False


FIELD_INPUTS = {"date": "#hours-date", "hours": "#hours-hours", "note": "#hours-note"}


class HoursForm(FormScreen[HoursInput | None]):
    """Add hours for one intern; nothing is saved until the input passes every rule.

    Keys typed before the form is on screen go into its hours field (see ``type_ahead``).

    Args:
        intern_name: shown in the title (data: rendered literally).
        existing: the intern's live entries, to check the day and the 40-hour total.
        today: the app's today: the default date and the latest allowed.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="hours-form.cancel"),
        Binding("ctrl+s", "save", "Save", id="hours-form.save"),
    ]

    def __init__(
        self,
        intern_name: str,
        existing: tuple[HoursEntry, ...],
        today: dt.date,
        *,
        draft: HoursInput | None = None,
    ) -> None:
        super().__init__()
        self.intern_name = intern_name
        self.existing = existing
        self.today = today
        #: What the user typed before, when a save failed and the form opens again.
        self.draft = draft

    def compose(self) -> ComposeResult:
        total = total_hours(self.existing)
        with Vertical(id="hours-dialog", classes="dialog"):
            yield Static(
                Content.assemble(("Add hours for ", "bold"), literal(self.intern_name)),
                classes="dialog-title",
            )
            yield Static(
                f"{fmt_hours(total)} of {fmt_hours(TARGET_HOURS)} h recorded so far",
                id="hours-so-far",
            )
            with Horizontal(classes="form-row"):
                yield Label("Date", classes="form-label")
                yield OrderedInput(
                    (self.draft.date if self.draft else self.today).isoformat(),
                    id="hours-date",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Hours", classes="form-label")
                yield OrderedInput(
                    fmt_hours(self.draft.hours) if self.draft else "",
                    placeholder="e.g. 2.5",
                    id="hours-hours",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Note", classes="form-label")
                yield OrderedInput(
                    self.draft.note if self.draft else "",
                    placeholder="what they worked on (optional)",
                    id="hours-note",
                    compact=True,
                )
            yield Static(id="hours-error", classes="form-error")
            yield Static(id="hours-warnings", classes="form-warnings")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="hours-save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="hours-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#hours-hours", OrderedInput).focus()

    def check(self) -> tuple[HoursInput, list[str]]:
        """The entry as typed, with its warnings.

        Raises:
            ValidationError: for the first rule the input breaks.
        """
        date = parse_date(self.query_one("#hours-date", OrderedInput).value)
        hours = parse_hours(self.query_one("#hours-hours", OrderedInput).value)
        note = self.query_one("#hours-note", OrderedInput).value.strip()
        warnings = check_new_hours(self.existing, date, hours, self.today)
        return HoursInput(date, hours, note), warnings

    def _show_error(self, error: ValidationError | None) -> None:
        box = self.query_one("#hours-error", Static)
        for selector in FIELD_INPUTS.values():
            self.query_one(selector, OrderedInput).remove_class("-invalid-field")
        if error is None:
            box.update("")
            return
        # The value is what the user typed: shown literally.
        box.update(
            Content.assemble(
                ("Not saved: ", "bold"),
                f"{error.field} ",
                literal(repr(str(error.value))),
                f" {error.reason}.",
            )
        )
        field = FIELD_INPUTS.get(error.field)
        if field is not None:
            self.query_one(field, OrderedInput).add_class("-invalid-field")
            self.query_one(field, OrderedInput).focus()

    @on(OrderedInput.Changed)
    def _changed(self) -> None:
        # Warnings follow the typing; errors wait for Save so half-typed input is not scolded.
        try:
            _, warnings = self.check()
        except ValidationError:
            warnings = []
        self.query_one("#hours-warnings", Static).update(
            Content("\n").join(Content(f"Note: {w}") for w in warnings)
        )

    @on(OrderedInput.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#hours-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#hours-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        """Check the input; save it, ask first when it takes the total over 40, or explain."""
        try:
            entry, _warnings = self.check()
        except ValidationError as error:
            self._show_error(error)
            return
        self._show_error(None)
        new_total = total_hours(self.existing) + entry.hours
        if new_total > TARGET_HOURS:
            self._confirm_over_target(entry, new_total)
        else:
            self.dismiss(entry)

    def _confirm_over_target(self, entry: HoursInput, new_total: float) -> None:
        question = Content(
            f"This makes {fmt_hours(new_total)} h in total, over the {fmt_hours(TARGET_HOURS)}"
            " hours the host employer agreed to. Record it anyway?"
        )
        self.app.push_screen(
            ConfirmScreen(question, yes="Record"), partial(self._over_target_answered, entry)
        )

    @guarded("record the hours")
    def _over_target_answered(self, entry: HoursInput, record: bool | None) -> None:
        if record:
            self.dismiss(replace(entry, over_confirmed=True))

    def action_cancel(self) -> None:
        """Close the form without saving."""
        self.dismiss(None)
