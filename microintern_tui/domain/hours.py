"""Rules for recording hours: what is refused and what is only worth a warning."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable

from .errors import ValidationError
from .models import TARGET_HOURS, HoursEntry

#: One intern cannot work more than a whole day on one date.
MAX_HOURS_PER_DAY = 24.0
#: A day longer than this is accepted with a warning.
LONG_DAY_HOURS = 8.0

_YYYY_MM_DD = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: str, field: str = "date") -> dt.date:
    """A real calendar date written YYYY-MM-DD.

    Raises:
        ValidationError: naming the field and the value as given.
    """
    text = value.strip()
    try:
        # fromisoformat alone also takes other ISO forms, such as the week date 2024-W12-1.
        if not _YYYY_MM_DD.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(field, value, "is not a real date written YYYY-MM-DD") from None


def parse_hours(value: str | float) -> float:
    """Hours as a positive number of at most 24 with at most two decimals.

    Raises:
        ValidationError: for text that is not a number, or a number out of range.
    """
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if text.endswith("h"):
            text = text[:-1].strip()
        if not text:
            raise ValidationError("hours", value, "is empty: give the hours worked, e.g. 2.5")
        try:
            number = float(text)
        except ValueError:
            raise ValidationError("hours", value, "is not a number of hours") from None
    else:
        number = float(value)
    if not math.isfinite(number):
        raise ValidationError("hours", value, "is not a number of hours")
    if number <= 0:
        raise ValidationError("hours", value, "must be more than 0")
    if number > MAX_HOURS_PER_DAY:
        raise ValidationError("hours", value, "is more than 24 hours in one day")
    if round(number, 2) != number:
        raise ValidationError("hours", value, "has more than two decimals")
    return number


def check_not_future(date: dt.date, today: dt.date, field: str = "date") -> None:
    """Refuse a date after ``today``: hours and check-ins record what has happened.

    Raises:
        ValidationError: naming the field and date.
    """
    if date > today:
        raise ValidationError(
            field, date.isoformat(), f"is in the future (today is {today.isoformat()})"
        )


def fmt_hours(hours: float) -> str:
    """Hours as people write them: no trailing zeros, at most two decimals (23.5, 40, 2.25).

    Two decimals, not ``:g``: a total of entries such as 0.1 + 0.2 shows as 0.3.
    """
    return f"{hours:.2f}".rstrip("0").rstrip(".")


def check_new_hours(
    existing: Iterable[HoursEntry],
    date: dt.date,
    hours: float,
    today: dt.date,
) -> list[str]:
    """Check a new entry against an intern's existing entries.

    Args:
        existing: the intern's entries so far (deleted ones are ignored).
        date: the day worked.
        hours: hours worked that day, already parsed.
        today: the date the supervisor is working on.

    Returns:
        Warnings for unusual but allowed values (a long day, more than 40 in total).

    Raises:
        ValidationError: for a date after today, or a day over 24 hours in total.
    """
    hours = parse_hours(hours)
    check_not_future(date, today)
    live = [e for e in existing if not e.deleted]
    same_day = sum(e.hours for e in live if e.date == date)
    if same_day + hours > MAX_HOURS_PER_DAY:
        raise ValidationError(
            "hours",
            f"{hours:g}",
            f"would make {same_day + hours:g} h on {date.isoformat()}, "
            f"more than 24 in one day ({same_day:g} h already recorded)",
        )
    warnings = []
    if same_day + hours > LONG_DAY_HOURS:
        warnings.append(f"{same_day + hours:g} h on {date.isoformat()} is a long day (over 8 h)")
    total = sum(e.hours for e in live) + hours
    if total > TARGET_HOURS:
        warnings.append(f"total {total:g} h is over the 40 hours the host employer agreed to")
    return warnings


class OverCapError(ValidationError):
    """Hours that would take an intern over the 40 agreed with the host employer.

    A ValidationError (nothing is written), distinct so the app can ask for confirmation
    and the CLI can point at ``--allow-over``.

    Attributes:
        name: the intern's name.
        total: the total the new hours would make.
    """

    def __init__(self, name: str, hours: float, total: float) -> None:
        self.name = name
        self.total = total
        super().__init__(
            "hours",
            f"{hours:g}",
            f"would take {name} to {total:g} h, over the 40 agreed with the host employer",
        )


def check_cap(name: str, existing: Iterable[HoursEntry], hours: float) -> None:
    """Refuse hours that take an intern's total over 40 (the caller may allow it).

    Args:
        name: the intern's name, for the message.
        existing: the intern's entries so far (deleted ones are ignored).
        hours: the new hours.

    Raises:
        OverCapError: when the total with the new hours is over 40.
    """
    total = round(sum(e.hours for e in existing if not e.deleted) + hours, 2)
    if total > TARGET_HOURS:
        raise OverCapError(name, hours, total)
