"""The check-in note editor: a date and a multi-line note; unsaved text is never lost silently."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label, Static

from ...domain.errors import ValidationError
from ...domain.hours import check_not_future, parse_date
from ...domain.text import printable
from ..failures import guarded
from ..literal import literal
from ..type_ahead import FormScreen
from ..widgets.text_fields import OrderedInput, OrderedTextArea
from .confirm import ConfirmScreen


@dataclass(frozen=True, slots=True)
class CheckinInput:
    """A check-in note as the supervisor saved it."""

    date: dt.date
    note: str


class CheckinEditor(FormScreen[CheckinInput | None]):
    """Write or edit a check-in note.

    The note is shown with control characters replaced by visible placeholders (a note
    from the file must not drive the terminal), so saving an edited note also cleans it.

    Args:
        intern_name: shown in the title (rendered literally).
        date: the check-in's date (today for a new one).
        note: the note so far ("" for a new one).
        today: the latest date allowed.
        new: whether this adds a check-in rather than editing one (for the title).
        draft: text typed before, when a save failed and the editor opens again (it
            counts as unsaved until saved).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="editor.save"),
        Binding("escape", "cancel", "Cancel", id="editor.cancel"),
    ]

    def __init__(
        self,
        intern_name: str,
        date: dt.date,
        note: str,
        today: dt.date,
        *,
        new: bool,
        draft: CheckinInput | None = None,
    ) -> None:
        super().__init__()
        self.intern_name = intern_name
        self.initial_date = date.isoformat()
        self.initial_note = printable(note, keep_newlines=True)
        self.today = today
        self.new = new
        self.draft = draft

    def compose(self) -> ComposeResult:
        what = "New check-in with " if self.new else "Check-in with "
        with Vertical(id="editor-dialog", classes="dialog"):
            yield Static(
                Content.assemble((what, "bold"), literal(self.intern_name)),
                classes="dialog-title",
            )
            with Horizontal(classes="form-row"):
                yield Label("Date", classes="form-label")
                yield OrderedInput(
                    self.draft.date.isoformat() if self.draft else self.initial_date,
                    id="editor-date",
                    compact=True,
                )
            yield OrderedTextArea(
                self.draft.note if self.draft else self.initial_note,
                id="editor-note",
                soft_wrap=True,
            )
            yield Static(id="editor-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="editor-save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="editor-cancel", compact=True)

    def on_mount(self) -> None:
        area = self.query_one("#editor-note", OrderedTextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def changed(self) -> bool:
        """Whether the note or the date differ from what the editor opened with."""
        return (
            self.query_one("#editor-note", OrderedTextArea).text != self.initial_note
            or self.query_one("#editor-date", OrderedInput).value.strip() != self.initial_date
        )

    def action_save(self) -> None:
        """Check the date and note, then close with them (the caller saves through the store)."""
        error = self.query_one("#editor-error", Static)
        try:
            date = parse_date(self.query_one("#editor-date", OrderedInput).value)
            check_not_future(date, self.today)
        except ValidationError as exc:
            error.update(Content.assemble(("Not saved: ", "bold"), literal(str(exc))))
            self.query_one("#editor-date", OrderedInput).focus()
            return
        note = self.query_one("#editor-note", OrderedTextArea).text.strip()
        if not note:
            error.update(Content.assemble(("Not saved: ", "bold"), "the note is empty."))
            self.query_one("#editor-note", OrderedTextArea).focus()
            return
        self.dismiss(CheckinInput(date, note))

    def action_cancel(self) -> None:
        """Close; when something was typed, ask before throwing it away."""
        if self.changed:
            self._confirm_discard()
        else:
            self.dismiss(None)

    def _confirm_discard(self) -> None:
        question = Content("Discard the changes to this check-in note? They are not saved.")
        self.app.push_screen(
            ConfirmScreen(question, yes="Discard", no="Keep editing", danger=True),
            self._discard_answered,
        )

    @guarded("close the check-in note")
    def _discard_answered(self, discard: bool | None) -> None:
        if discard:
            self.dismiss(None)

    @on(Button.Pressed, "#editor-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#editor-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
