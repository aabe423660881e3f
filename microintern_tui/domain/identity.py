"""One real thing is one record: an intern is an email, a cohort is a name.

The rules every command checks before it adds or renames one (a merge joins what two
machines added at once: see the store's join).
"""

from __future__ import annotations

from .dataset import Dataset, norm
from .errors import ValidationError
from .models import Cohort


def check_email_free(ds: Dataset, email: str, *, intern_id: str | None = None) -> None:
    """Refuse an email another live intern has (case ignored).

    Args:
        ds: the file's records.
        email: the email to give an intern.
        intern_id: the intern being changed (its own email is not "another intern's").

    Raises:
        ValidationError: naming the email.
    """
    wanted = email.casefold()
    for other in ds.interns:
        if other.email.casefold() == wanted and other.id != intern_id:
            raise ValidationError("email", email, "is already used by another intern")


def check_cohort_name_free(ds: Dataset, cohort: Cohort, *, new: bool) -> None:
    """Refuse a cohort name another cohort has (case and spacing ignored).

    Args:
        ds: the file's records.
        cohort: the cohort as it would be saved (matched to a stored one by id).
        new: it is a new cohort: a cohort with its id (its first name) is another one.

    Raises:
        ValidationError: naming the cohort.
    """
    for other in ds.cohorts:
        same_name = norm(other.name) == norm(cohort.name)
        if (other.id != cohort.id or new) and same_name:
            raise ValidationError("cohort", cohort.name, "already exists")
        if new and other.id == cohort.id:
            why = f"was the first name of the cohort now called {other.name!r}"
            raise ValidationError("cohort", cohort.name, why)
