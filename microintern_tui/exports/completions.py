"""The completions export: per intern completed or not and why not, and the HEAR-ready list.

Three forms of the same facts: a text table to read, JSON for scripts, and CSV for the staff
verifier (HEAR columns first, so filtering ``completed`` = ``yes`` gives the registry list).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..domain.completion import HEAR_ACTIVITY, Completion, HearEntry, hear_list
from ..domain.models import Cohort
from ..domain.text import printable
from .cells import Cell, json_text
from .csv_export import csv_bytes
from .text_table import aligned

CSV_HEADER = (
    "name",
    "email",
    "activity",
    "cohort",
    "hours",
    "completed",
    "why not",
    "flags",
    "employer",
    "supervisor",
)
HEAR_HEADER = ("name", "email", "activity", "cohort", "hours")


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _hear_json(h: HearEntry) -> dict[str, Any]:
    return {
        "name": h.name,
        "email": h.email,
        "activity": h.activity,
        "cohort": h.cohort,
        "hours": h.hours,
    }


def completions_json(cohort: Cohort, completions: Sequence[Completion]) -> str:
    """JSON: the cohort, every intern with ``completed`` and ``why_not``, and ``hear``.

    Control and bidi characters in names and notes are written as ``\\uXXXX`` escapes
    (:func:`.cells.json_text`).
    """
    doc = {
        "cohort": cohort.name,
        "interns": [
            {
                "name": c.intern.name,
                "email": c.intern.email,
                "employer": c.intern.employer,
                "supervisor": c.intern.supervisor,
                "hours": c.hours,
                "completed": c.completed,
                "why_not": list(c.reasons),
                "flags": list(c.flags),
            }
            for c in completions
        ],
        "hear": [_hear_json(h) for h in hear_list(completions)],
    }
    return json_text(doc)


def completions_csv(completions: Sequence[Completion], *, bom: bool = False) -> bytes:
    """CSV, one row per intern: the HEAR fields, then completed, why not and flags."""
    rows: list[tuple[Cell, ...]] = [
        (
            c.intern.name,
            c.intern.email,
            HEAR_ACTIVITY,
            c.cohort.name,
            c.hours,
            _yes(c.completed),
            "; ".join(c.reasons),
            "; ".join(c.flags),
            c.intern.employer,
            c.intern.supervisor,
        )
        for c in completions
    ]
    return csv_bytes(CSV_HEADER, rows, bom=bom)


def completions_text(cohort: Cohort, completions: Sequence[Completion]) -> str:
    """A readable table of every intern, then the HEAR-ready list."""
    done = hear_list(completions)
    lines = [
        f"Completions for {printable(cohort.name)}: {len(done)} of {len(completions)} "
        "interns completed",
        "",
    ]
    if completions:
        lines += aligned(
            ("name", "email", "hours", "completed", "why not / flags"),
            [
                (
                    c.intern.name,
                    c.intern.email,
                    f"{c.hours:g}",
                    _yes(c.completed),
                    "; ".join(c.reasons + c.flags),
                )
                for c in completions
            ],
        )
    else:
        lines.append("no interns in this cohort")
    lines += ["", f"HEAR-ready list ({len(done)}):"]
    if done:
        lines += aligned(
            HEAR_HEADER,
            [(h.name, h.email, h.activity, h.cohort, f"{h.hours:g}") for h in done],
            indent="  ",
        )
    else:
        lines.append("  nobody has completed yet")
    return "\n".join(lines) + "\n"
