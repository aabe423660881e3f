"""Changes to hours entries: record hours, delete an entry."""

from __future__ import annotations

import datetime as dt

from ..domain.hours import check_cap, check_new_hours, parse_hours
from ..domain.models import HoursEntry
from .core import StoreCore
from .errors import EditConflict
from .records import hours_from_doc
from .schema import HOURS


class HoursCommands(StoreCore):
    """The Store's changes to hours entries; each is one transaction."""

    def add_hours(
        self,
        intern_id: str,
        date: dt.date,
        hours: float,
        note: str,
        today: dt.date,
        *,
        allow_over: bool = False,
    ) -> tuple[HoursEntry, list[str]]:
        """Record hours for an intern; returns the entry and any warnings.

        Hours that take the intern over the 40 agreed with the host employer are refused
        unless ``allow_over`` (the user confirmed); the check runs inside the transaction,
        so hours another supervisor has just recorded count too.

        Raises:
            OverCapError: when the total would go over 40 without ``allow_over``.
            ValidationError: when the hours break a rule (nothing is written).
            NotFoundError: for an unknown intern.
        """
        hours = parse_hours(hours)
        with self.transaction() as tx:
            ds = tx.before()
            intern = ds.intern(intern_id)
            warnings = check_new_hours(ds.hours_of(intern.id), date, hours, today)
            if not allow_over:
                check_cap(intern.name, ds.hours_of(intern.id), hours)
            doc = tx.insert(
                HOURS,
                {"intern_id": intern.id, "date": date.isoformat(), "hours": hours, "note": note},
            )
        return hours_from_doc(self.path, doc), warnings

    def delete_hours(self, entry_id: str, *, base: str | None = None) -> None:
        """Delete an hours entry (a tombstone stays in the file so a merge cannot revive it).

        Args:
            entry_id: the entry.
            base: the entry's ``updated`` stamp as the user saw it; when the entry has
                changed since, nothing is deleted and the user is told what changed.

        Raises:
            EditConflict: the entry changed since ``base``.
            NotFoundError: there is no such entry (or it was deleted already).
        """
        with self.transaction() as tx:
            doc = tx.find(HOURS, entry_id)
            if base is not None and doc.get("updated") != base:
                now = hours_from_doc(self.path, doc)
                raise EditConflict(
                    f"{now.stamp.author or 'someone'} changed this entry since you opened it "
                    f"(it is now {now.hours:g} h on {now.date.isoformat()}); it was not "
                    "deleted. Look at it again, then delete it if you still want to.",
                    now.stamp.updated,
                )
            tx.update(HOURS, entry_id, {"deleted": True})
