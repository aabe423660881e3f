"""Every export as one typed request, and the one function that builds its bytes.

The CLI (``microintern export`` and ``report``) and the app's export dialog both fill in an
:class:`ExportRequest` and call :func:`build`, so the same request gives the same bytes and
the same words whichever asked. Writing them is :mod:`.writer`'s job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from ..domain.dataset import Dataset
from ..domain.errors import ValidationError


class ExportKind(StrEnum):
    """What is exported."""

    HOURS = "hours"
    COMPLETIONS = "completions"
    MILESTONES = "milestones"
    REPORT = "report"


class ExportFormat(StrEnum):
    """The form of the file; the value is its usual extension."""

    CSV = "csv"
    JSON = "json"
    TEXT = "txt"
    ICS = "ics"


#: The forms each kind comes in, the default first.
FORMATS: dict[ExportKind, tuple[ExportFormat, ...]] = {
    ExportKind.HOURS: (ExportFormat.CSV,),
    ExportKind.COMPLETIONS: (ExportFormat.TEXT, ExportFormat.CSV, ExportFormat.JSON),
    ExportKind.MILESTONES: (ExportFormat.ICS,),
    ExportKind.REPORT: (ExportFormat.TEXT,),
}
#: The kinds that are always of one cohort, and how to say so.
PER_COHORT = {
    ExportKind.COMPLETIONS: "completions are per cohort; choose one",
    ExportKind.REPORT: "a report is of one cohort; choose one",
}


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """One export to build.

    Attributes:
        kind: what to export.
        today: the day the export is made as of (the report's "today").
        cohort: a cohort's name (case and spacing ignored) or id; None for every cohort
            (hours and milestones only).
        form: the form of the file; None for the kind's default (the first of ``FORMATS``).
        bom: start a CSV with a UTF-8 byte-order mark (Excel needs it to read UTF-8).

    Raises:
        ValueError: when ``kind`` does not come in ``form`` (a caller's mistake, not a user's).
    """

    kind: ExportKind
    today: dt.date
    cohort: str | None = None
    form: ExportFormat | None = None
    bom: bool = False

    def __post_init__(self) -> None:
        if self.form is not None and self.form not in FORMATS[self.kind]:
            raise ValueError(f"{self.kind} exports are not made as {self.form}")

    @property
    def format(self) -> ExportFormat:
        """The form of the file, the kind's default when none was given."""
        return self.form or FORMATS[self.kind][0]


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def build(request: ExportRequest, ds: Dataset) -> tuple[bytes, str]:
    """The bytes of ``request``'s export of ``ds``, and what they are in words.

    The words finish "wrote ... to FILE": ``the hours CSV (93 entries)``.

    Raises:
        NotFoundError: when the cohort is not in the data file.
        ValidationError: for a completions export or a report without a cohort.
    """
    cohort = ds.find_cohort(request.cohort) if request.cohort is not None else None
    if cohort is None and request.kind in PER_COHORT:
        raise ValidationError("cohort", "all", PER_COHORT[request.kind])
    form = request.format
    if request.kind is ExportKind.HOURS:
        from .csv_export import HOURS_HEADER, csv_bytes, hours_rows

        rows = hours_rows(ds, cohort)
        what = f"the hours CSV ({_plural(len(rows), 'entry', 'entries')})"
        return csv_bytes(HOURS_HEADER, rows, bom=request.bom), what
    if request.kind is ExportKind.MILESTONES:
        # icalendar is imported only for a calendar: the other exports do not pay for it.
        from .ics_export import milestones_ics

        cohorts = [cohort] if cohort else list(ds.cohorts)
        events = sum(len(c.milestones) for c in cohorts)
        what = f"the milestone calendar ({_plural(events, 'event', 'events')})"
        return milestones_ics(cohorts), what
    assert cohort is not None  # PER_COHORT, checked above
    if request.kind is ExportKind.REPORT:
        from ..domain.report import cohort_report
        from .report_text import report_text

        return report_text(cohort_report(ds, cohort, request.today)).encode(), "the cohort report"
    from ..domain.completion import cohort_completions
    from . import completions as export

    results = cohort_completions(ds, cohort)
    done = f"{sum(c.completed for c in results)} of {len(results)} completed"
    if form is ExportFormat.CSV:
        return export.completions_csv(results, bom=request.bom), f"the completions CSV ({done})"
    if form is ExportFormat.JSON:
        return export.completions_json(cohort, results).encode(), f"the completions JSON ({done})"
    return export.completions_text(cohort, results).encode(), f"the completions text ({done})"
