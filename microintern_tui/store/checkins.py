"""Changes to check-ins: record one, edit its note (keeping both texts if two edit it), delete."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.hours import check_not_future
from ..domain.models import Checkin
from .core import StoreCore
from .errors import EditConflict
from .records import checkin_from_doc
from .schema import CHECKINS
from .transaction import Doc


@dataclass(frozen=True, slots=True)
class NoteSaved:
    """A check-in note saved, and what to tell the user about it.

    Attributes:
        checkin: the check-in as saved.
        both_kept: the note had changed since it was opened; the other text is kept as a
            revision, and this says whose (empty when nothing happened meanwhile).
    """

    checkin: Checkin
    both_kept: str = ""


class CheckinCommands(StoreCore):
    """The Store's changes to check-ins; each is one transaction."""

    def add_checkin(self, intern_id: str, date: dt.date, note: str, today: dt.date) -> Checkin:
        """Record a check-in note for an intern.

        Raises:
            ValidationError: for a date in the future.
            NotFoundError: for an unknown intern.
        """
        check_not_future(date, today)
        with self.transaction() as tx:
            intern = tx.before().intern(intern_id)
            doc = tx.insert(
                CHECKINS,
                {"intern_id": intern.id, "date": date.isoformat(), "note": note, "revisions": []},
            )
        return checkin_from_doc(self.path, doc)

    def update_checkin(
        self,
        checkin_id: str,
        note: str,
        date: dt.date | None,
        today: dt.date,
        *,
        base: Checkin | None = None,
    ) -> NoteSaved:
        """Change a check-in's note (and date).

        Args:
            checkin_id: the check-in.
            note: the new text.
            date: a new date, or None to keep it.
            today: the programme day (a date after it is refused).
            base: the check-in as the user opened it. When another supervisor changed the
                note since, both texts are kept: this one as the note, theirs as a
                revision (as a merge does), and the result says so.

        Raises:
            ValidationError: for a date in the future.
            NotFoundError: for an unknown or deleted check-in.
        """
        fields: Doc = {"note": note}
        # Which version this edit was made from: an outbox (or a reader) can then tell a
        # later edit made from its own version from a concurrent one made without it.
        if date is not None:
            check_not_future(date, today)
            fields["date"] = date.isoformat()
        both = ""
        with self.transaction() as tx:
            current = tx.find(CHECKINS, checkin_id)
            fields["edited_from"] = (
                base.stamp.updated if base is not None else str(current.get("updated", ""))
            )
            theirs = str(current.get("note", ""))
            moved = base is not None and current.get("updated") != base.stamp.updated
            if moved and base is not None and theirs not in (note, base.note):
                revision = {
                    "note": theirs,
                    "updated": str(current.get("updated", "")),
                    "author": str(current.get("author", "")),
                }
                revisions = [r for r in current.get("revisions", []) if r != revision]
                fields["revisions"] = [*revisions, revision]
                both = (
                    f"{revision['author'] or 'someone'} changed this note while you edited it; "
                    "both texts are kept: yours as the note, theirs as a revision"
                )
            doc = tx.update(CHECKINS, checkin_id, fields)
        return NoteSaved(checkin_from_doc(self.path, doc), both)

    def delete_checkin(self, checkin_id: str, *, base: str | None = None) -> None:
        """Delete a check-in (as a tombstone).

        Raises:
            EditConflict: the check-in changed since ``base`` (its ``updated`` as seen).
        """
        with self.transaction() as tx:
            doc = tx.find(CHECKINS, checkin_id)
            if base is not None and doc.get("updated") != base:
                raise EditConflict(
                    f"{doc.get('author') or 'someone'} changed this check-in since you opened "
                    "it; it was not deleted. Look at it again, then delete it if you still "
                    "want to.",
                    str(doc.get("updated", "")),
                )
            tx.update(CHECKINS, checkin_id, {"deleted": True})
