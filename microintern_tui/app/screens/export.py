"""Exporting from the app: a dialog to choose what, for which cohort and where, then a worker.

The bytes come from the same ``exports`` functions as ``microintern export``, so a file made
here is byte-for-byte what the CLI writes for the same data. The file goes to an ``exports``
folder beside the data file by default (where the team finds it, and never mistaken for a
conflicted copy of the data file); the folder is shown and editable before anything is written.
Writing happens in a thread worker; the result (or why not) comes back as a notification.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Select, Static

from ...domain.completion import cohort_completions
from ...domain.dataset import Dataset
from ...domain.errors import MicroInternError, ValidationError
from ...domain.text import printable
from ...fsio import atomic_write
from ..literal import literal

if TYPE_CHECKING:
    from ..app import MicroInternApp


class ExportKind(StrEnum):
    """What a supervisor can export (the value starts the file name)."""

    HOURS = "hours"
    COMPLETIONS = "completions"
    MILESTONES = "milestones"


KIND_LABELS = {
    ExportKind.HOURS: "Hours worked, one row per entry (CSV)",
    ExportKind.COMPLETIONS: "Completions and the HEAR list (CSV)",
    ExportKind.MILESTONES: "Milestone calendar (iCalendar .ics)",
}
EXTENSIONS = {
    ExportKind.HOURS: "csv",
    ExportKind.COMPLETIONS: "csv",
    ExportKind.MILESTONES: "ics",
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
class ExportRequest:
    """One export to write.

    Attributes:
        kind: what to export.
        cohort_id: the cohort, or None for every cohort (hours and milestones only).
        folder: the folder to write into (made if missing).
        bom: start a CSV with a UTF-8 byte-order mark (Excel needs it to read UTF-8).
        today: the app's today, which dates the file name.
    """

    kind: ExportKind
    cohort_id: str | None
    folder: Path
    bom: bool
    today: dt.date

    def file_name(self, cohort_name: str | None) -> str:
        """``hours-Spring-2024-2024-07-17.csv``, ``milestones-all-cohorts-2024-07-17.ics``."""
        which = file_slug(cohort_name) if cohort_name else "all-cohorts"
        return f"{self.kind.value}-{which}-{self.today.isoformat()}.{EXTENSIONS[self.kind]}"


def export_payload(ds: Dataset, request: ExportRequest) -> tuple[bytes, str, str | None]:
    """The bytes of the export, what they are in words, and the cohort's name (None for all).

    Raises:
        NotFoundError: when the cohort is no longer in the data file.
        ValidationError: for completions without a cohort.
    """
    cohort = ds.cohort(request.cohort_id) if request.cohort_id else None
    name = cohort.name if cohort else None
    if request.kind is ExportKind.HOURS:
        from ...exports.csv_export import hours_csv, hours_rows

        entries = len(hours_rows(ds, cohort))
        return hours_csv(ds, cohort, bom=request.bom), f"the hours CSV ({entries} entries)", name
    if request.kind is ExportKind.COMPLETIONS:
        from ...exports.completions import completions_csv

        if cohort is None:
            raise ValidationError("cohort", "all", "completions are per cohort; choose one")
        rows = cohort_completions(ds, cohort)
        done = sum(c.completed for c in rows)
        what = f"the completions CSV ({done} of {len(rows)} completed)"
        return completions_csv(rows, bom=request.bom), what, name
    from ...exports.ics_export import milestones_ics

    cohorts = [cohort] if cohort else list(ds.cohorts)
    events = sum(len(c.milestones) for c in cohorts)
    return milestones_ics(cohorts), f"the milestone calendar ({events} events)", name


def write_export(ds: Dataset, request: ExportRequest, data_file: Path) -> tuple[Path, str]:
    """Write the export into its folder; returns the file written and what it holds.

    Raises:
        MicroInternError: as :func:`export_payload`, or when the name is the data file's.
        OSError: when the folder cannot be made or the file cannot be written; nothing
            is left behind (the file is written beside, then renamed into place).
    """
    payload, what, name = export_payload(ds, request)
    folder = request.folder.expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / request.file_name(name)
    if path.resolve() == data_file.resolve():
        raise ValidationError("file", str(path), "is the data file; choose another folder")
    atomic_write(path, payload)
    return path, what


def start_export(app: MicroInternApp, request: ExportRequest) -> None:
    """Write ``request`` in a thread worker, then say where (or why not) in a notification."""

    def work() -> None:
        try:
            path, what = write_export(app.store.load(), request, app.store.path)
        except MicroInternError as error:
            app.call_from_thread(_failed, app, printable(str(error)))
        except OSError as error:
            why = error.strerror or str(error)
            app.call_from_thread(
                _failed, app, f"{printable(str(request.folder))} cannot be written: {why}"
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


class ExportScreen(ModalScreen[ExportRequest | None]):
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

    def request(self) -> ExportRequest:
        """The export as chosen now."""
        pressed = self.query_one("#export-kind", RadioSet).pressed_button
        kind = (
            ExportKind(pressed.id.removeprefix("export-")) if pressed and pressed.id else self.kind
        )
        value = self.query_one("#export-cohort", Select).value
        cohort_id = value if isinstance(value, str) and value != ALL_COHORTS else None
        return ExportRequest(
            kind=kind,
            cohort_id=cohort_id,
            folder=Path(self.query_one("#export-folder", Input).value.strip() or "."),
            bom=self.query_one("#export-bom", Checkbox).value,
            today=self.today,
        )

    def _problem(self, request: ExportRequest) -> str:
        if request.kind is ExportKind.COMPLETIONS and request.cohort_id is None:
            return "Completions are per cohort: choose a cohort."
        return ""

    def _update(self) -> None:
        request = self.request()
        name = self.dataset.cohort(request.cohort_id).name if request.cohort_id else None
        self.query_one("#export-file", Static).update(literal(request.file_name(name)))
        self.query_one("#export-bom", Checkbox).disabled = request.kind is ExportKind.MILESTONES
        self.query_one("#export-error", Static).update(self._problem(request))

    @on(RadioSet.Changed)
    def _kind_changed(self) -> None:
        cohorts = self.query_one("#export-cohort", Select)
        if self.request().kind is ExportKind.COMPLETIONS and cohorts.value == ALL_COHORTS:
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
        request = self.request()
        problem = self._problem(request)
        if problem:
            self.query_one("#export-error", Static).update(problem)
            return
        self.dismiss(request)

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

    def export_chosen(request: ExportRequest | None) -> None:
        if request is not None:
            start_export(app, request)

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
