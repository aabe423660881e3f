"""The cohort report as plain text: every count with what it counts, every bar with its number."""

from __future__ import annotations

from ..domain.models import PROGRAMME_WEEKS
from ..domain.report import CohortReport, Count
from ..domain.text import printable
from .text_table import aligned

#: The widest a histogram bar gets; longer bars are scaled down (the count stays exact).
BAR_WIDTH = 30


def _n(count: int, one: str, many: str | None = None) -> str:
    """``count`` with its noun: "1 intern", "3 interns"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _bars(counts: tuple[Count, ...], noun: str = "intern") -> list[str]:
    most = max((c.count for c in counts), default=0)
    scale = min(1.0, BAR_WIDTH / most) if most else 1.0
    rows = [
        (c.label, _n(c.count, noun), "#" * (round(c.count * scale) or (1 if c.count else 0)))
        for c in counts
    ]
    return aligned(("", "", ""), rows, indent="  ")[1:]


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(printable(n) for n in names)


def report_text(r: CohortReport) -> str:
    """The whole report, ending with a newline."""
    c = r.cohort
    when = f"as of {r.today}"
    if r.week is not None:
        when += f", programme week {r.week} of {PROGRAMME_WEEKS}"
    elif r.today < c.start:
        when += ", before the start"
    else:
        when += ", after the end"
    lines = [
        f"Cohort report: {printable(c.name)} (starts {c.start}, ends {c.end})"
        + (" - archived" if c.archived else ""),
        when,
        f"{_n(r.interns, 'intern')}; {r.completed} completed "
        "(40 hours, both training sessions and a check-in)",
        "",
        "Status",
        *_bars(r.by_status),
        "",
        "Hours worked (each intern's total)",
        *_bars(r.hours),
        "",
        "Mid-way check-ins",
        *_bars(r.checkins),
    ]
    if r.overdue:
        lines.append(f"  overdue: {_names(r.overdue)}")
    lines += ["", "Training attendance"]
    for t in r.training:
        verb = "submitted" if t.label == "HEAR journal" else "attended"
        line = f"  {t.label}: {t.done} of {t.total} {verb}"
        if t.missing and len(t.missing) < t.total:
            line += f"; not yet: {_names(t.missing)}"
        lines.append(line)
    lines += ["", "Caseload by supervisor"]
    if r.caseloads:
        lines += aligned(
            ("supervisor", "interns", "behind", "check-ins overdue", "over 40"),
            [
                (k.supervisor, str(k.interns), str(k.behind), str(k.checkins_overdue), str(k.over))
                for k in r.caseloads
            ],
            indent="  ",
        )
    else:
        lines.append("  no interns in this cohort")
    lines += ["", f"At risk of not reaching 40 hours: {_n(len(r.at_risk), 'intern')}"]
    for a in r.at_risk:
        p = a.progress
        lines.append(f"  {printable(p.intern.name)}: {p.hours:g} h of 40, {a.phrase}")
    if r.over:
        lines += ["", f"Over 40 hours: {_n(len(r.over), 'intern')}"]
        for p in r.over:
            lines.append(f"  {printable(p.intern.name)}: {p.hours:g} h (over 40)")
    return "\n".join(lines) + "\n"
