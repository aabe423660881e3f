"""The rules a whole data file keeps, across records: what ``microintern check`` enforces.

Each record's own shape is the store's schema; these are the rules between records, over
domain objects. Every way into the file (a command, an import, a merge, a restore, an
outbox replay) must leave none of these broken that was not broken before.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from .dataset import Dataset, norm
from .hours import MAX_HOURS_PER_DAY
from .models import Intern
from .text import printable


def file_problems(ds: Dataset) -> list[str]:
    """Every rule between records that ``ds`` breaks, one line each (text made printable).

    - every live intern belongs to a cohort in the file;
    - every live hours entry and check-in belongs to a live intern;
    - no two live interns share an email (case ignored): one person is one intern;
    - no two cohorts share a name (case and spacing ignored);
    - no intern has more than 24 hours on one day.
    """
    problems = []
    cohort_ids = {c.id for c in ds.cohorts}
    for i in ds.interns:
        if i.cohort_id not in cohort_ids:
            problems.append(f"intern {i.id} ({printable(i.name)}) has unknown cohort {i.cohort_id}")
    intern_ids = {i.id for i in ds.interns}
    for h in ds.hours:
        if h.intern_id not in intern_ids:
            problems.append(f"hours entry {h.id} belongs to no live intern ({h.intern_id})")
    for checkin in ds.checkins:
        if checkin.intern_id not in intern_ids:
            problems.append(
                f"check-in {checkin.id} belongs to no live intern ({checkin.intern_id})"
            )
    first: dict[str, Intern] = {}
    for i in ds.interns:
        other = first.setdefault(i.email.casefold(), i)
        if other is not i:
            problems.append(
                f"interns {other.id} and {i.id} have the same email {printable(i.email)} "
                "(run `microintern repair` to join them)"
            )
    names: dict[str, str] = {}
    for c in ds.cohorts:
        other_id = names.setdefault(norm(c.name), c.id)
        if other_id != c.id:
            problems.append(
                f"cohorts {other_id} and {c.id} have the same name {printable(c.name)} "
                "(run `microintern repair` to join them)"
            )
    per_day: dict[tuple[str, dt.date], float] = defaultdict(float)
    for h in ds.hours:
        per_day[(h.intern_id, h.date)] += h.hours
    for (intern_id, day), total in sorted(per_day.items()):
        if round(total, 2) > MAX_HOURS_PER_DAY:
            problems.append(f"intern {intern_id} has {total:g} h on {day}, more than 24 in one day")
    return problems
