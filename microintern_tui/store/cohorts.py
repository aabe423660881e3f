"""Changes to cohorts: add one, change its name or dates, archive it."""

from __future__ import annotations

from ..domain.identity import check_cohort_name_free
from ..domain.models import Cohort
from .core import StoreCore
from .errors import EditConflict
from .records import cohort_from_doc, cohort_to_fields
from .schema import COHORTS


def _changes(old: Cohort, new: Cohort) -> str:
    """What differs between two versions of a cohort, in words."""
    said = []
    if old.name != new.name:
        said.append(f"the name is now {new.name!r}")
    theirs = {m.key: m for m in new.milestones}
    for m in old.milestones:
        other = theirs.get(m.key)
        if other is not None and other.date != m.date:
            said.append(f"{m.name} is now {other.date.isoformat()}")
    if old.archived != new.archived:
        said.append("it is now archived" if new.archived else "it is no longer archived")
    return "; ".join(said) or "its record was saved again"


class CohortCommands(StoreCore):
    """The Store's changes to cohorts; each is one transaction."""

    def save_cohort(
        self, cohort: Cohort, *, new: bool = False, base: Cohort | None = None
    ) -> Cohort:
        """Add a cohort or change an existing one's name, dates or archived flag.

        Args:
            cohort: the cohort as it should be saved (matched to a stored one by id).
            new: refuse, rather than overwrite, a cohort whose id is already taken (a new
                cohort's id comes from its name, so this is a second cohort of that name).
            base: the cohort as the user opened it: when it changed since, nothing is saved
                and the user is told what changed (save again with the current one as base).

        Raises:
            ValidationError: when another cohort already has that name.
            EditConflict: the cohort changed since ``base``.
        """
        with self.transaction() as tx:
            ds = tx.before()
            check_cohort_name_free(ds, cohort, new=new)
            stored = tx.get(COHORTS, cohort.id)
            if (
                base is not None
                and stored is not None
                and stored.get("updated") != (base.stamp.updated or None)
            ):
                now = cohort_from_doc(self.path, stored)
                raise EditConflict(
                    f"{now.stamp.author or 'someone'} changed {now.name} since you opened it: "
                    f"{_changes(base, now)}. Nothing was saved; look at it again and save "
                    "if you still want your dates.",
                    now.stamp.updated,
                )
            doc = tx.upsert(COHORTS, cohort.id, cohort_to_fields(cohort))
        return cohort_from_doc(self.path, doc)

    def set_cohort_archived(self, cohort_id: str, archived: bool) -> Cohort:
        """Archive a cohort (hidden from the home screen, still in reports) or bring it back.

        Only the flag changes: dates another supervisor saved meanwhile are kept.

        Raises:
            NotFoundError: when there is no such cohort.
        """
        with self.transaction() as tx:
            fields = cohort_to_fields(tx.before().cohort(cohort_id))
            fields["archived"] = archived
            doc = tx.upsert(COHORTS, cohort_id, fields)
        return cohort_from_doc(self.path, doc)
