"""Exporting from the app: a dialog to choose what, for which cohort and where, then a worker.

The bytes come from ``exports.build`` and are written by ``exports.write``, the two functions
``microintern export`` uses, so a file made here is byte-for-byte what the CLI writes for the
same data, with the same guarantees (never the data file, never over a link or a device, never
world-readable). The file goes to an ``exports`` folder beside the data file by default (where
the team finds it, and never mistaken for a conflicted copy of the data file); the folder is
shown and editable before anything is written. Writing happens in a thread worker; the result
(or why not) comes back as a notification.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Select, Static

from ... import exports
from ...domain.dataset import Dataset
from ...domain.errors import MicroInternError
from ...domain.text import printable
from ...exports import ExportFormat, ExportKind, ExportRequest
from ...exports.request import PER_COHORT
from ..literal import literal

if TYPE_CHECKING:
    from ..app import MicroInternApp

# ExportKind is named here too: the app opens the dialog with a kind.
__all__ = ["ExportChoice", "ExportKind", "ExportScreen", "open_export", "write_export"]

KIND_LABELS = {
    ExportKind.HOURS: "Hours worked, one row per entry (CSV)",
    ExportKind.COMPLETIONS: "Completions and the HEAR list (CSV)",
    ExportKind.MILESTONES: "Milestone calendar (iCalendar .ics)",
}
#: The form each kind is written in from the app.
FORMS = {
    ExportKind.HOURS: ExportFormat.CSV,
    ExportKind.COMPLETIONS: ExportFormat.CSV,
    ExportKind.MILESTONES: ExportFormat.ICS,
}
#: The Select value for "every cohort" (hours and milestones only).
ALL_COHORTS = "*"


def default_export_folder(data_file: Path) -> Path:
    """Where exports go unless the supervisor types another folder: ``exports/`` beside the file."""
    return data_file.parent / "exports"


def file_slug(name: str) -> str:
    """A cohort name as a safe piece of a file name: "Spring 2024" → "Spring-2024"."""
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-") or "cohort"


@dataclass(frozen=True, slots=True)
class ExportChoice:
    """What the dialog chose: one export, and the folder to write it into.

    Attributes:
        request: the export (its cohort is a cohort id; its today dates the file name).
        folder: the folder to write into (made if missing).
    """

    request: ExportRequest
    folder: Path

    def file_name(self, cohort_name: str | None) -> str:
        """``hours-Spring-2024-2024-07-17.csv``, ``milestones-all-cohorts-2024-07-17.ics``."""
        which = file_slug(cohort_name) if cohort_name else "all-cohorts"
        r = self.request
        return f"{r.kind.value}-{which}-{r.today.isoformat()}.{r.format.value}"


def write_export(ds: Dataset, choice: ExportChoice, data_file: Path) -> tuple[Path, str]:
    """Build and write the export into its folder; returns the file named and what it holds.

    Raises:
        MicroInternError: from ``exports.build`` (the cohort is gone) or ``exports.write``
            (the data file, a folder refused, a write that failed); nothing was written.
    """
    payload, what = exports.build(choice.request, ds)
    cohort = choice.request.cohort
    path = choice.folder.expanduser() / choice.file_name(
        ds.find_cohort(cohort).name if cohort else None
    )
    exports.write(path, payload, data_file=data_file, make_folder=True)
    return path, what


def start_export(app: MicroInternApp, choice: ExportChoice) -> None:
    """Write ``choice`` in a thread worker, then say where (or why not) in a notification."""

    def work() -> None:
        try:
            path, what = write_export(app.store.load(), choice, app.store.path)
        except MicroInternError as error:
            app.call_from_thread(_failed, app, printable(str(error)))
        except OSError as error:  # exports.write says every fault it knows in its own words
            why = error.strerror or str(error)
            app.call_from_thread(
                _failed, app, f"{printable(str(choice.folder))} cannot be written: {why}"
            )
        else:
            app.call_from_thread(
                app.notify,
                f"Wrote {what} to {printable(str(path))}",
                title="Exported",
                timeout=10,
                markup=False,
            )

    app.run_worker(work, thread=True, name="export", group="export", exclusive=False)


def _failed(app: MicroInternApp, message: str) -> None:
    app.notify(message, title="Could not export", severity="error", timeout=10, markup=False)


class ExportScreen(ModalScreen[ExportChoice | None]):
    """Choose what to export, for which cohort and into which folder; Export writes it.

    Args:
        dataset: the cohorts to choose from.
        kind: what is chosen when the dialog opens.
        cohort_id: the cohort chosen when it opens (the one on screen), or None.
        folder: the folder proposed.
        today: the app's today (dates the file name).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "export", "Export", id="export.export"),
    ]

    def __init__(
        self,
        dataset: Dataset,
        *,
        kind: ExportKind,
        cohort_id: str | None,
        folder: Path,
        today: dt.date,
    ) -> None:
        super().__init__()
        self.dataset = dataset
        self.kind = kind
        self.cohort_id = cohort_id
        self.folder = folder
        self.today = today

    def compose(self) -> ComposeResult:
        options: list[tuple[Content | str, str]] = [("All cohorts", ALL_COHORTS)]
        options += [
            (literal(c.name) + (" (archived)" if c.archived else ""), c.id)
            for c in self.dataset.cohorts
        ]
        with Vertical(id="export-dialog"):
            yield Static(Content.styled("Export", "bold"), id="export-title")
            with Horizontal(classes="export-row"):
                yield Label("What", classes="export-label")
                with RadioSet(id="export-kind"):
                    for kind, label in KIND_LABELS.items():
                        yield RadioButton(label, value=kind is self.kind, id=f"export-{kind.value}")
            with Horizontal(classes="export-row"):
                yield Label("Cohort", classes="export-label")
                yield Select(
                    options,
                    value=self.cohort_id or ALL_COHORTS,
                    allow_blank=False,
                    id="export-cohort",
                    compact=True,
                )
            with Horizontal(classes="export-row"):
                yield Label("Folder", classes="export-label")
                yield Input(str(self.folder), id="export-folder", compact=True)
            with Horizontal(classes="export-row"):
                yield Label("File", classes="export-label")
                yield Static(id="export-file")
            yield Checkbox(
                "Start the CSV with a UTF-8 byte-order mark (for Excel)",
                id="export-bom",
                compact=True,
            )
            yield Static(id="export-error")
            with Horizontal(id="export-buttons"):
                yield Button("Export (ctrl+s)", id="export-go", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="export-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#export-kind", RadioSet).focus()
        self._update()

    def choice(self) -> ExportChoice:
        """The export as chosen now."""
        pressed = self.query_one("#export-kind", RadioSet).pressed_button
        kind = (
            ExportKind(pressed.id.removeprefix("export-")) if pressed and pressed.id else self.kind
        )
        value = self.query_one("#export-cohort", Select).value
        cohort_id = value if isinstance(value, str) and value != ALL_COHORTS else None
        return ExportChoice(
            ExportRequest(
                kind,
                self.today,
                cohort=cohort_id,
                form=FORMS[kind],
                bom=self.query_one("#export-bom", Checkbox).value,
            ),
            folder=Path(self.query_one("#export-folder", Input).value.strip() or "."),
        )

    def _problem(self, choice: ExportChoice) -> str:
        if choice.request.kind in PER_COHORT and choice.request.cohort is None:
            return "Completions are per cohort: choose a cohort."
        return ""

    def _update(self) -> None:
        choice = self.choice()
        cohort_id = choice.request.cohort
        name = self.dataset.cohort(cohort_id).name if cohort_id else None
        self.query_one("#export-file", Static).update(literal(choice.file_name(name)))
        kind = choice.request.kind
        self.query_one("#export-bom", Checkbox).disabled = kind is ExportKind.MILESTONES
        self.query_one("#export-error", Static).update(self._problem(choice))

    @on(RadioSet.Changed)
    def _kind_changed(self) -> None:
        cohorts = self.query_one("#export-cohort", Select)
        if self.choice().request.kind is ExportKind.COMPLETIONS and cohorts.value == ALL_COHORTS:
            # Completions are per cohort: propose the one a supervisor most likely means.
            from .report import current_cohort

            chosen = current_cohort(self.dataset, self.today)
            if chosen is not None:
                cohorts.value = chosen.id
        self._update()

    @on(Select.Changed)
    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self._update()

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-go")
    def _go(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    def action_export(self) -> None:
        """Close the dialog with the export chosen (the app writes it), unless it cannot be."""
        choice = self.choice()
        problem = self._problem(choice)
        if problem:
            self.query_one("#export-error", Static).update(problem)
            return
        self.dismiss(choice)

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)


def open_export(app: MicroInternApp, kind: ExportKind = ExportKind.HOURS) -> None:
    """Open the export dialog over the current screen; the cohort on screen is preselected."""
    if isinstance(app.screen, ModalScreen):
        return  # not over another dialog (a key pressed on one of its buttons)
    dataset = app.dataset
    if dataset is None:
        app.notify("The data file is still loading.", severity="warning")
        return
    from .report import current_cohort

    cohort_id = getattr(app.screen, "cohort_id", None)
    if cohort_id is None and kind is not ExportKind.HOURS:
        chosen = current_cohort(dataset, app.today)
        cohort_id = chosen.id if chosen else None
    if cohort_id is not None and cohort_id not in {c.id for c in dataset.cohorts}:
        cohort_id = None

    def export_chosen(choice: ExportChoice | None) -> None:
        if choice is not None:
            start_export(app, choice)

    app.push_screen(
        ExportScreen(
            dataset,
            kind=kind,
            cohort_id=cohort_id,
            folder=default_export_folder(app.store.path),
            today=app.today,
        ),
        export_chosen,
    )
