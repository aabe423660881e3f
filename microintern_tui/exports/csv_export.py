"""CSV that opens cleanly in Excel and LibreOffice and cannot be turned against its reader.

UTF-8 (with an optional byte-order mark, which Excel needs to guess the encoding), CRLF line
endings, RFC 4180 quoting. Every text cell is made safe by :mod:`.cells` (formula
neutralised, control and bidi characters replaced visibly); numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..domain.dataset import Dataset
from ..domain.models import Cohort
from .cells import Cell, csv_text

UTF8_BOM = "\ufeff"

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


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, bom: bool = False) -> bytes:
    """A whole CSV file: ``header`` then ``rows``, text cells made safe, numbers as numbers."""
    return ((UTF8_BOM if bom else "") + csv_text(header, rows)).encode("utf-8")


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
