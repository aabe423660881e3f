"""Rules for an intern's details: what a roster row or a form must hold."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .dataset import Dataset
from .errors import NotFoundError, ValidationError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class InternDetails:
    """Checked and tidied details of a new intern (cohort still by name)."""

    name: str
    email: str
    employer: str
    cohort: str
    supervisor: str


def _clean(field: str, value: str, *, required: bool) -> str:
    text = " ".join(value.split())
    if required and not text:
        raise ValidationError(field, value, "is empty")
    if _CONTROL.search(value.replace("\t", " ")):
        raise ValidationError(field, value, "contains control characters")
    return text


def check_details(
    name: str, email: str, employer: str, cohort: str, supervisor: str = ""
) -> InternDetails:
    """Tidy the spacing of each field and check the email looks like one.

    Raises:
        ValidationError: naming the first field that is wrong.
    """
    clean_email = _clean("email", email, required=True)
    if not _EMAIL.match(clean_email):
        raise ValidationError("email", email, "is not an email address")
    return InternDetails(
        name=_clean("name", name, required=True),
        email=clean_email,
        employer=_clean("employer", employer, required=True),
        cohort=_clean("cohort", cohort, required=True),
        supervisor=_clean("supervisor", supervisor, required=False),
    )


#: The header a roster CSV must start with, in this order (case and spacing ignored).
ROSTER_HEADER = ("name", "email", "employer", "cohort", "supervisor")

#: A roster line numbered as a text editor shows it, with the details it holds.
RosterRow = tuple[int, InternDetails]


def parse_roster(text: str, source: str) -> list[RosterRow]:
    """Every intern of a roster CSV's text, with its line number, each row checked.

    Args:
        text: the roster's text (decoded, without a BOM).
        source: where the text came from (the file name), for the messages.

    Raises:
        ValidationError: for the first thing wrong, naming ``source:LINE``.
    """
    reader = csv.reader(text.splitlines())
    try:
        header = next(reader, None)
        if header is None or tuple(h.strip().lower() for h in header) != ROSTER_HEADER:
            raise ValidationError(
                "roster", f"{source}:1", f"the header must be {','.join(ROSTER_HEADER)}"
            )
        rows = []
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(ROSTER_HEADER):
                raise ValidationError(
                    "roster", f"{source}:{line}", f"has {len(row)} fields, expected 5"
                )
            try:
                rows.append((line, check_details(*row)))
            except ValidationError as exc:
                raise ValidationError(
                    exc.field, exc.value, f"{exc.reason} ({source}:{line})"
                ) from None
    except csv.Error as exc:
        # The csv module refuses a field over its size limit (128 KiB), which no real
        # name or employer reaches: the row is damaged, not the reader's limit too low.
        raise ValidationError(
            "roster", f"{source}:{max(reader.line_num, 1)}", f"is not a readable CSV row ({exc})"
        ) from None
    if not rows:
        raise ValidationError("roster", source, "has no interns in it")
    return rows


def check_roster_against(ds: Dataset, rows: Sequence[RosterRow], source: str) -> None:
    """Refuse, naming its line, the first roster row the data file would refuse.

    The store checks the same again inside its transaction, but cannot say which line of
    the roster a row came from.

    Raises:
        ValidationError: an unknown cohort, or an email already in the file or twice in
            the roster, naming ``source:LINE``.
    """
    emails = {i.email.casefold() for i in ds.interns}
    first: dict[str, int] = {}
    for line, r in rows:
        where = f"({source}:{line})"
        try:
            ds.find_cohort(r.cohort)
        except NotFoundError as exc:
            raise ValidationError("cohort", r.cohort, f"{exc} {where}") from None
        key = r.email.casefold()
        if key in emails:
            raise ValidationError("email", r.email, f"is already used by another intern {where}")
        if key in first:
            raise ValidationError(
                "email", r.email, f"appears twice in the roster, also on line {first[key]} {where}"
            )
        first[key] = line
