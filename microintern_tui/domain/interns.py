"""Rules for an intern's details: what a roster row or a form must hold."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ValidationError

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
