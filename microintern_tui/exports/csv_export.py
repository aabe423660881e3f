"""CSV that opens cleanly in Excel and LibreOffice, safe against formula injection.

UTF-8 (with an optional byte-order mark, which Excel needs to guess the encoding), CRLF line
endings, the csv module's quoting. Following the OWASP CSV injection guidance, a text cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading single
quote so a spreadsheet shows it as text instead of running it as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from ..domain.dataset import Dataset
from ..domain.models import Cohort

#: The characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"

Cell = str | float | int
HOURS_HEADER = (
    "intern name",
    "email",
    "employer",
    "cohort",
    "date",
    "hours",
    "note",
    "recorded by",
    "recorded at",
)


def neutralise(cell: str) -> str:
    """``cell`` made inert in a spreadsheet: a leading ``'`` if it could start a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _number(value: float | int) -> str:
    # Numbers go out as numbers (2.5, 40), never through neutralise: they are ours, not
    # typed by a user, and a negative number of hours cannot be recorded.
    return f"{value:g}"


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, bom: bool = False) -> bytes:
    """A whole CSV file: ``header`` then ``rows``, text cells neutralised, numbers as numbers."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow(_number(c) if isinstance(c, int | float) else neutralise(c) for c in row)
    return ((UTF8_BOM if bom else "") + buffer.getvalue()).encode("utf-8")


def hours_rows(ds: Dataset, cohort: Cohort | None = None) -> list[tuple[Cell, ...]]:
    """One row per live hours entry of a live intern: by intern name, then date."""
    rows: list[tuple[Cell, ...]] = []
    for intern in ds.interns:
        if cohort is not None and intern.cohort_id != cohort.id:
            continue
        cohort_name = ds.cohort(intern.cohort_id).name
        for entry in ds.hours_of(intern.id):
            rows.append(
                (
                    intern.name,
                    intern.email,
                    intern.employer,
                    cohort_name,
                    entry.date.isoformat(),
                    entry.hours,
                    entry.note,
                    entry.stamp.author,
                    entry.stamp.created,
                )
            )
    return rows


def hours_csv(ds: Dataset, cohort: Cohort | None = None, *, bom: bool = False) -> bytes:
    """The hours CSV of every intern, or of one cohort's interns."""
    return csv_bytes(HOURS_HEADER, hours_rows(ds, cohort), bom=bom)
