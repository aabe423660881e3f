"""The cohort report screen: the numbers of ``microintern report`` for one cohort at a time.

Built from :func:`microintern_tui.domain.report.cohort_report`, like the CLI's text report, so
the two agree. ``n``/``p`` step through the cohorts (archived ones too: they stay in reports).
The body scrolls, so every section is reachable at 80×24.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from ...domain.completion import OVER_FLAG
from ...domain.dataset import Dataset
from ...domain.hours import fmt_hours
from ...domain.models import TARGET_HOURS
from ...domain.report import CohortReport, Count, cohort_report
from ...domain.report import current_cohort as current_cohort  # export.py imports it here
from ...domain.text import printable
from ..cohort_words import day_text
from ..literal import literal
from .base import DataScreen

#: "40": the target in words, from the domain's number.
TARGET = fmt_hours(TARGET_HOURS)

#: The longest bar (the largest count); the others are in proportion, the count beside each.
BAR_WIDTH = 24
BAR = "█"


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _pad(text: Content, width: int) -> Content:
    return text + " " * max(0, width - cell_len(text.plain))


def bars(counts: Sequence[Count], noun: str = "intern") -> Content:
    """One line per count: its label, the count in words and a bar as long as the count."""
    most = max((c.count for c in counts), default=0)
    scale = BAR_WIDTH / most if most else 1.0
    label_w = max((len(c.label) for c in counts), default=0) + 2
    count_w = max((len(_n(c.count, noun)) for c in counts), default=0) + 2
    lines = []
    for c in counts:
        length = round(c.count * scale) or (1 if c.count else 0)
        lines.append(
            Content.assemble(
                c.label.ljust(label_w),
                (_n(c.count, noun).ljust(count_w), "bold" if c.count else "dim"),
                (BAR * length, "$accent"),
            )
        )
    return Content("\n").join(lines)


def names(values: Sequence[str]) -> Content:
    """Names from the data file, comma-separated, shown literally."""
    return Content(", ").join(literal(v) for v in values)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Content:
    """An aligned table of plain cells (data cells made printable, never markup)."""
    cells = [[printable(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, cell_len(c)) for w, c in zip(widths, row, strict=True)]
    lines = [
        Content.styled("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)), "bold")
    ]
    for row in cells:
        line = (
            Content("  ")
            .join(_pad(Content(c), w) for c, w in zip(row, widths, strict=True))
            .rstrip()
        )
        lines.append(line)
    return Content("\n").join(lines)


def report_sections(r: CohortReport) -> list[tuple[str, str, Content]]:
    """The report as (id, heading, body) sections, in reading order."""
    c = r.cohort
    summary = Content.assemble(
        literal(c.name).stylize("bold"),
        " · archived" if c.archived else "",
        f" · starts {day_text(c.start)}, ends {day_text(c.end)}\n",
        f"as of {day_text(r.today)} · {r.stage}\n",
        (_n(r.interns, "intern"), "bold"),
        " · ",
        (f"{r.completed} completed", "bold"),
        f" ({TARGET} hours, both training sessions and a check-in)",
    )
    checkins = bars(r.checkins)
    if r.overdue:
        checkins = Content.assemble(checkins, "\n", ("overdue: ", "bold"), names(r.overdue))
    training_lines = []
    for t in r.training:
        verb = "submitted" if t.label == "HEAR journal" else "attended"
        line = Content.assemble(f"{t.label}: ", (f"{t.done} of {t.total}", "bold"), f" {verb}")
        if t.missing and len(t.missing) < t.total:
            line = Content.assemble(line, "; not yet: ", names(t.missing))
        training_lines.append(line)
    if r.caseloads:
        caseload = table(
            ("supervisor", "interns", "behind", "check-ins overdue", OVER_FLAG),
            [
                (k.supervisor, str(k.interns), str(k.behind), str(k.checkins_overdue), str(k.over))
                for k in r.caseloads
            ],
        )
    else:
        caseload = Content("no interns in this cohort")
    at_risk = [
        Content.assemble(
            literal(a.progress.intern.name).stylize("bold"),
            f": {fmt_hours(a.progress.hours)} h of {TARGET}, {a.phrase}",
        )
        for a in r.at_risk
    ]
    over = [
        Content.assemble(
            literal(p.intern.name).stylize("bold"),
            f": {fmt_hours(p.hours)} h ",
            (f"({OVER_FLAG})", "bold $error"),
        )
        for p in r.over
    ]
    sections = [
        ("report-summary", "", summary),
        ("report-status", "Status", bars(r.by_status)),
        ("report-hours", "Hours worked (each intern's total)", bars(r.hours)),
        ("report-checkins", "Mid-way check-ins", checkins),
        ("report-training", "Training attendance", Content("\n").join(training_lines)),
        ("report-caseload", "Caseload by supervisor", caseload),
        (
            "report-at-risk",
            f"At risk of not reaching {TARGET} hours: {_n(len(r.at_risk), 'intern')}",
            Content("\n").join(at_risk) if at_risk else Content("nobody"),
        ),
        (
            "report-over",
            f"Over {TARGET} hours: {_n(len(r.over), 'intern')}",
            Content("\n").join(over) if over else Content("nobody"),
        ),
    ]
    return sections


class ReportScreen(DataScreen):
    """One cohort's report; n and p show the next or previous cohort.

    Attributes:
        cohort_id: the cohort shown (None until the data is loaded, or with no cohorts).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="report.back"),
        Binding("r", "close", "Back", show=False, id="report.toggle"),
        Binding("n", "step(1)", "Next cohort", id="report.next-cohort"),
        Binding("p", "step(-1)", "Prev cohort", id="report.prev-cohort"),
    ]

    LOADING = "#report-scroll"

    def __init__(self, cohort_id: str | None = None) -> None:
        super().__init__()
        self.cohort_id = cohort_id
        self._dataset: Dataset | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static("Cohort report", id="report-title")
        with VerticalScroll(id="report-scroll"):
            yield Static(id="report-summary", classes="report-body")
            for section in (
                "status",
                "hours",
                "checkins",
                "training",
                "caseload",
                "at-risk",
                "over",
            ):
                yield Static(id=f"report-{section}-heading", classes="report-heading")
                yield Static(id=f"report-{section}", classes="report-body")
        yield Footer()

    def refresh_data(self, dataset: Dataset) -> None:
        """Show the chosen cohort's report from ``dataset`` (keeps the cohort and the scroll)."""
        self._dataset = dataset
        ids = [c.id for c in dataset.cohorts]
        if self.cohort_id not in ids:
            chosen = current_cohort(dataset, self.mi_app.today)
            self.cohort_id = chosen.id if chosen else None
        self._show()

    def _show(self) -> None:
        dataset = self._dataset
        if dataset is None:
            return
        title = self.query_one("#report-title", Static)
        if self.cohort_id is None:
            title.update("Cohort report")
            self.query_one("#report-summary", Static).update(
                "No cohorts: add one on the cohorts screen (c)."
            )
            return
        cohort = dataset.cohort(self.cohort_id)
        ids = [c.id for c in dataset.cohorts]
        title.update(
            Content.assemble(
                ("Cohort report · ", "bold"),
                literal(cohort.name).stylize("bold"),
                f" ({ids.index(cohort.id) + 1} of {len(ids)}) · n/p another cohort",
            )
        )
        report = cohort_report(dataset, cohort, self.mi_app.today)
        for section_id, heading, body in report_sections(report):
            self.query_one(f"#{section_id}", Static).update(body)
            if heading:
                self.query_one(f"#{section_id}-heading", Static).update(heading)

    def action_step(self, by: int) -> None:
        """Show the next (1) or previous (-1) cohort's report, round the list."""
        if self._dataset is None or self.cohort_id is None:
            return
        ids = [c.id for c in self._dataset.cohorts]
        self.cohort_id = ids[(ids.index(self.cohort_id) + by) % len(ids)]
        self._show()
        self.query_one("#report-scroll", VerticalScroll).scroll_home(animate=False)

    def action_close(self) -> None:
        """Go back to the screen underneath."""
        self.dismiss()
